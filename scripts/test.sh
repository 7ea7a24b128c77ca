#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs every test:
#   1. the whole ctest suite under AddressSanitizer + UndefinedBehaviorSanitizer (asan preset),
#   2. every libFuzzer target for a bounded time (scripts/fuzz.sh, clang),
#   3. the whole ctest suite on the normal build (default preset) — its summary ends the output.
# `scripts/test.sh --quick` runs step 3 only, for a fast local loop.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
jobs="$(nproc)"

if [ "${1:-}" != "--quick" ]; then
    echo "== sanitizers: build and run the suite under ASan + UBSan"
    cmake --preset asan >/dev/null
    cmake --build --preset asan -j "$jobs"
    ctest --preset asan -j "$jobs"
    echo "== fuzzing: ${ALC_FUZZ_SECONDS:-20}s per target"
    ./scripts/fuzz.sh "${ALC_FUZZ_SECONDS:-20}"
fi

echo "== the suite on the normal build"
cmake --preset default >/dev/null
cmake --build --preset default -j "$jobs"
ctest --preset default -j "$jobs"
