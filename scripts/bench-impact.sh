#!/usr/bin/env bash
# Measures the impact path against grepcidr on the same generated files, in one run, and prints a
# Markdown table. Usage: scripts/bench-impact.sh [ROWS] [SEED]   (defaults: 10000000 rows, seed 1)
# Builds the benchmark programs in build/bench (Release); generated files go to $ALC_BENCH_DIR
# (default /tmp/alc-bench) and are reused when they already exist for the same rows and seed.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-10000000}
seed=${2:-1}
work=${ALC_BENCH_DIR:-/tmp/alc-bench}
jobs=${ALC_BENCH_JOBS:-2}
mkdir -p "$work"

command -v grepcidr >/dev/null || { echo "grepcidr is not installed (Debian package grepcidr)" >&2; exit 2; }

cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/bench -j "$jobs" --target alc-genhistory alc-bench-impact alc-bench-floor allowlist-console >/dev/null
bin=build/bench/tests/bench

history="$work/history-$rows-$seed.csv"
list="$work/list-$seed.txt"
if [ ! -s "$history" ] || [ ! -s "$list" ]; then
  echo "generating $rows rows (seed $seed) into $history" >&2
  "$bin/alc-genhistory" --rows "$rows" --seed "$seed" --out "$history" --list "$list"
fi
bytes=$(stat -c %s "$history")

# Warm the page cache so neither side pays for the disk.
cat "$history" >/dev/null

now() { date +%s.%N; }

t0=$(now)
grep_count=$(grepcidr -v -c -f "$list" "$history" || true)
t1=$(now)
grep_seconds=$(echo "$t1 - $t0" | bc -l)

bench_out=$("$bin/alc-bench-impact" --list "$list" --history "$history")
get() { echo "$bench_out" | sed -n "s/^$1=//p"; }
app_seconds=$(get totalSeconds)
import_seconds=$(get importSeconds)
rss=$(get peakRssMb)
blocked=$(get blocked)

# The real command line, end to end (process start, import, impact, suggestions, JSON).
t0=$(now)
/usr/bin/time -f "%M" -o "$work/cli-rss.txt" build/bench/app/allowlist-console impact --list "$list" \
  --history "$history" --json >"$work/impact.json"
t1=$(now)
cli_seconds=$(echo "$t1 - $t0" | bc -l)
cli_rss=$(( $(cat "$work/cli-rss.txt") / 1024 ))

reeval_out=$("$bin/alc-bench-impact" --reeval --ips 1000000 --changes 200)
rget() { echo "$reeval_out" | sed -n "s/^$1=//p"; }

# A lower bound on the same file: the SHA-256 every imported file keeps, and that hash running
# beside a parse that does nothing but read the IP column into tables of addresses on both cores.
floor_out=$("$bin/alc-bench-floor" --history "$history")
fget() { echo "$floor_out" | sed -n "s/^$1=//p"; }

ratio=$(echo "$grep_seconds / $app_seconds" | bc -l)
cli_ratio=$(echo "$grep_seconds / $cli_seconds" | bc -l)

printf '\nhistory: %s rows, %s MB, seed %s, %s cores; load average before: %s\n\n' \
  "$rows" "$(( bytes / 1000000 ))" "$seed" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '| measurement | value |\n|---|---|\n'
printf '| grepcidr -v -c -f LIST HISTORY | %.2f s (count %s) |\n' "$grep_seconds" "$grep_count"
printf '| alc-bench-impact: import + impact + suggestions | %.2f s (import %.2f s), peak RSS %.0f MB, blocked %s |\n' \
  "$app_seconds" "$import_seconds" "$rss" "$blocked"
printf '| speed-up vs grepcidr (in-process) | %.2fx |\n' "$ratio"
printf '| allowlist-console impact --json (whole process) | %.2f s, peak RSS %s MB |\n' "$cli_seconds" "$cli_rss"
printf '| speed-up vs grepcidr (whole process) | %.2fx |\n' "$cli_ratio"
printf '| lower bound (alc-bench-floor): SHA-256 of the file alone, one thread | %.2f s -> at most %.2fx |\n' \
  "$(fget sha256Seconds)" "$(echo "$grep_seconds / $(fget sha256Seconds)" | bc -l)"
printf '| lower bound (alc-bench-floor): that hash beside both cores reading only the IP column | %.2f s -> at most %.2fx |\n' \
  "$(fget floorSeconds)" "$(echo "$grep_seconds / $(fget floorSeconds)" | bc -l)"
printf '| lower bound (alc-bench-floor): the same with the file mapped (no page-cache copies) | %.2f s -> at most %.2fx |\n' \
  "$(fget mappedFloorSeconds)" "$(echo "$grep_seconds / $(fget mappedFloorSeconds)" | bc -l)"
printf '| re-evaluation after one entry changes, 1M distinct IPs | median %.3f ms, max %.3f ms, a /8 swapped in %.3f ms |\n' \
  "$(rget medianChangeMs)" "$(rget maxChangeMs)" "$(rget slash8ChangeMs)"
printf '| full evaluation, 1M distinct IPs, 150 entries | %.1f ms |\n' "$(rget fullEvaluationMs)"
printf '| compare three scenarios, 1M distinct IPs (figures + networks that differ) | %.1f ms; differences holding every address: %.1f ms more |\n' \
  "$(rget compareMs)" "$(rget compareAllIpsMs)"
