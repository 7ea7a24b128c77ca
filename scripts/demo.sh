#!/usr/bin/env bash
# Installs what is missing, builds the app, and starts it on the built-in demo.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)" --target allowlist-console
exec ./build/default/app/allowlist-console --demo "$@"
