#!/usr/bin/env bash
# Whole-process throughput of `fazhi check` over a directory of N reports (default 5,000) made
# from the seed reports, single thread and all cores. Prints reports/second and MB/s.
# Usage: scripts/bench.sh [N] [--format json|human]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
format=${2:-json}
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
seeds=(fixtures/seeds/*.txt)
for ((i = 0; i < n; i++)); do
  src=${seeds[$((i % ${#seeds[@]}))]}
  sub=$dir/$((i / 500))
  mkdir -p "$sub"
  # A different number in each copy keeps the files distinct.
  sed "1s/\$/（第$i份）/" "$src" > "$sub/r$i.txt"
done
bytes=$(cat "$dir"/*/*.txt | wc -c)
mb=$(python3 -c "print(f'{$bytes/1e6:.1f}')")
echo "corpus: $n reports, $mb MB, $(nproc) cores"
for jobs in 1 "$(nproc)"; do
  start=$(date +%s.%N)
  ./target/release/fazhi check --format "$format" --jobs "$jobs" --fail-on none "$dir" > /dev/null
  end=$(date +%s.%N)
  python3 -c "
t = $end - $start
print(f'jobs={$jobs}: {t:.2f} s, {$n/t:.0f} reports/s, {$bytes/1e6/t:.1f} MB/s')"
done
