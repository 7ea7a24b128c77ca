#!/usr/bin/env bash
# Starts the demo console under Xvfb and writes screenshots of its main states to docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)" --target alc-screenshots
export ALLOWLIST_DATA_DIR="$(mktemp -d)"
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1440x900x24" ./build/default/tests/screenshots/alc-screenshots docs/screenshots
echo "screenshots written to docs/screenshots/"
