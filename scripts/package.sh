#!/usr/bin/env bash
# Builds the release and the Debian package, installs it, and checks that the installed binary runs.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
command -v dpkg-shlibdeps >/dev/null || apt-get install -y -qq dpkg-dev >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
(cd build/release && cpack -G DEB >/dev/null)
deb=$(ls build/release/allowlist-console_*.deb | head -1)
echo "package: $deb"
dpkg -i "$deb" >/dev/null
/usr/bin/allowlist-console --version
printf '81.2.69.0/24\n' | /usr/bin/allowlist-console check - >/dev/null && echo "installed binary runs"
