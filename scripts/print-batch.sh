#!/usr/bin/env bash
# Prints a batch of N copies of the five seed reports (default 300: 60 of each) to one native
# PDF with `fazhi report --format pdf`, and prints the wall time, the peak memory
# (/usr/bin/time -v) and the PDF's size and page count. A benchmark, not a test: the figures
# go into README.md. Needs a CJK font (fonts-noto-cjk) and GNU time; pdfinfo is optional.
# Usage: scripts/print-batch.sh [N]   FAZHI=path/to/fazhi skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
if [ -z "${FAZHI:-}" ]; then
  cargo build --release --quiet
  FAZHI=target/release/fazhi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/batch"
seeds=(fixtures/seeds/*.txt)
for i in $(seq 1 "$n"); do
  seed=${seeds[$(((i - 1) % ${#seeds[@]}))]}
  cp "$seed" "$work/batch/$(printf '%03d' "$i")-$(basename "$seed")"
done
status=0
/usr/bin/time -v "$FAZHI" report "$work/batch" --format pdf -o "$work/审核.pdf" 2> "$work/time.txt" || status=$?
if [ "$status" -gt 1 ]; then
  cat "$work/time.txt"
  exit "$status"
fi
wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}')
peak=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
size=$(stat -c %s "$work/审核.pdf")
pages=$(pdfinfo "$work/审核.pdf" 2> /dev/null | awk '/^Pages:/ {print $2}' || true)
echo "$n reports -> one PDF: wall $wall, peak RSS $((peak / 1024)) MB, $((size / 1024)) KB, ${pages:-?} pages"
