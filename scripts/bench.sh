#!/usr/bin/env bash
# Whole-process throughput of `fazhi check` over a directory of N reports (default 5,000) made
# from the seed reports, single thread and all cores, for the full default pack and for the core
# pack (structure, meta, format and the first three content rules). Prints reports/second and
# MB/s. Usage: scripts/bench.sh [N] [json|human]
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
core=structure,meta,format,content/template-placeholder,content/contains-request,content/web-artifact
for pack in full core; do
  select=()
  [ "$pack" = core ] && select=(--select "$core")
  for jobs in 1 "$(nproc)"; do
    best=
    for _ in 1 2 3; do
      start=$(date +%s.%N)
      ./target/release/fazhi check --format "$format" --jobs "$jobs" --fail-on none "${select[@]}" "$dir" > /dev/null
      end=$(date +%s.%N)
      best=$(python3 -c "print(min(float('${best:-1e9}'), $end - $start))")
    done
    python3 -c "
t = $best
print(f'{\"$pack\":4} pack, jobs={$jobs}: {t:.2f} s, {$n/t:.0f} reports/s, {$bytes/1e6/t:.1f} MB/s (best of 3)')"
  done
done
