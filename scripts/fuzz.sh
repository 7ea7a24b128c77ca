#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time.
# Usage: scripts/fuzz.sh [SECONDS per target, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
./scripts/install-deps.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
status=0
for target in build/fuzz/tests/fuzz/fuzz_*; do
    [ -f "$target" ] && [ -x "$target" ] || continue
    name=$(basename "$target")
    corpus="tests/fuzz/corpus/${name#fuzz_}"
    work="build/fuzz/corpus/${name#fuzz_}"
    mkdir -p "$work" build/fuzz/crashes
    echo "== $name for ${seconds}s"
    if ! "$target" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
            -artifact_prefix=build/fuzz/crashes/"$name"- "$work" "$corpus" 2>build/fuzz/"$name".log; then
        echo "$name FAILED: see build/fuzz/$name.log and build/fuzz/crashes/"
        tail -40 build/fuzz/"$name".log
        status=1
    else
        grep -E "^Done|#[0-9]+.*DONE" build/fuzz/"$name".log | tail -1 || true
    fi
done
exit $status
