#!/usr/bin/env bash
# Benchmark: `shopscore score` on 1,000,000 visits x 12 questions (~135 MB) against the
# time the csv crate alone needs to read the same file, plus peak memory.
# Run from the repository root:  bash benches/run.sh [VISITS]
# Targets (issue #2): score time <= 2x the csv baseline; peak memory < 200 MB.
set -euo pipefail

visits=${1:-1000000}
dir=target/bench
mkdir -p "$dir"
cargo build --quiet --release --bin shopscore --example gen_samples --example csv_baseline
data="$dir/visits-$visits.csv"
if [ ! -f "$data" ]; then
  target/release/examples/gen_samples --rubric benches/bench-rubric.yaml --out "$data" \
    --period 2026-08 --visits "$visits" --seed 42 --locations 200 --regions 7
fi
echo "data: $data ($(du -m "$data" | cut -f1) MB, $visits visits)"

# best of 3 wall-clock seconds and the peak RSS of the last run, via GNU time
measure() {
  local best="" rss=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" >/dev/null 2>"$dir/stderr.txt" || { cat "$dir/stderr.txt"; exit 1; }
    read -r secs kb < "$dir/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    rss=$kb
  done
  echo "$best $rss"
}

read -r base base_kb < <(measure target/release/examples/csv_baseline "$data")
read -r score score_kb < <(measure target/release/shopscore score --quiet --rubric benches/bench-rubric.yaml --out "$dir/out" "$data")
ratio=$(awk "BEGIN{printf \"%.2f\", $score / $base}")
echo "csv crate read:   ${base} s, peak ${base_kb} KB"
echo "shopscore score:  ${score} s, peak $((score_kb / 1024)) MB"
echo "ratio: ${ratio}x (target <= 2x); peak memory target < 200 MB"
awk "BEGIN{exit !($ratio <= 2.0)}" || { echo "FAIL: slower than 2x the csv baseline"; exit 1; }
[ "$score_kb" -lt $((200 * 1024)) ] || { echo "FAIL: peak memory over 200 MB"; exit 1; }
echo "ok"
