#!/usr/bin/env bash
# How fazhi's cost grows with a report's size and with its format, in instructions counted
# with callgrind (repeatable on a shared machine, unlike wall time). Prints:
#   - per byte, one report made of two seeds (hubin-2023 + huiji-2022, 16.8 KB) concatenated
#     1, 10, 100 and 1,000 times (16.8 MB), each run less a run over a one-line report, so
#     start-up cancels out; and the marginal cost per byte from 10 to 100 copies against
#     1 to 10 copies (first use of each pattern and lazy-DFA warm-up fall in the first copy);
#   - a PDF against the same report as text (fixtures/pdf/hubin-2023.pdf and
#     fixtures/seeds/hubin-2023.txt: the same pages), each less the one-line run.
#
# Usage: scripts/instructions-size.sh   (FAZHI names another binary; default: build release)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${FAZHI:-}" ]; then
  cargo build --release --quiet
  FAZHI=target/release/fazhi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cp "$FAZHI" "$work/fazhi"
cat fixtures/seeds/hubin-2023.txt fixtures/seeds/huiji-2022.txt > "$work/x1.txt"
head -n 1 fixtures/seeds/hubin-2023.txt > "$work/x0.txt"
for n in 10 100 1000; do
  for ((i = 0; i < n; i++)); do cat "$work/x1.txt"; done > "$work/x$n.txt"
done
count() {
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$work/fazhi" check --quiet --jobs 1 \
    --fail-on none "$1" > /dev/null 2> "$work/cg.err"
  awk '/^summary:/ { print $2 }' "$work/cg.out"
}
args=()
for n in 0 1 10 100 1000; do args+=("$(stat -c %s "$work/x$n.txt")" "$(count "$work/x$n.txt")"); done
args+=("$(count fixtures/pdf/hubin-2023.pdf)" "$(count fixtures/seeds/hubin-2023.txt)")
python3 - "${args[@]}" <<'PY'
import sys
v = list(map(int, sys.argv[1:]))
sizes = dict(zip([0, 1, 10, 100, 1000], v[0:10:2]))
counts = dict(zip([0, 1, 10, 100, 1000], v[1:10:2]))
pdf, txt = v[10], v[11]
base = counts[0]
print("per byte, start-up taken off (one-line report: %.1fM instructions)" % (base / 1e6))
for n in (1, 10, 100, 1000):
    print(f"  {n:>5} copies {sizes[n] / 1e6:7.2f} MB  {(counts[n] - base) / sizes[n]:7.1f} instructions/byte")
small = (counts[10] - counts[1]) / (sizes[10] - sizes[1])
large = (counts[1000] - counts[100]) / (sizes[1000] - sizes[100])
print(f"  marginal 1->10 copies {small:.1f}/byte, 100->1000 copies {large:.1f}/byte: ratio {large / small:.2f}")
print("PDF against text, the same report (hubin-2023), start-up taken off")
print(f"  pdf {(pdf - base) / 1e6:.1f}M  txt {(txt - base) / 1e6:.1f}M  ratio {(pdf - base) / (txt - base):.2f}")
PY
