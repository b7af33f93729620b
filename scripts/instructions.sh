#!/usr/bin/env bash
# fazhi against the bare regex scan `limit` (examples/limit.rs), in instructions counted with
# callgrind: stable to a few parts per million on a shared machine where wall time varies by
# ±30%. Prints:
#   - per report in a batch: fazhi (`check --quiet --jobs 1`, full default pack) and limit, and
#     their ratio. Per report = (run over N copies − run over 1 copy) / (N − 1) / reports per
#     copy, so start-up (loading and compiling rules, DFA warm-up) cancels out;
#   - one report as a whole process (hubin-2023), fazhi and limit, and their ratio;
#   - the default human output against `--quiet`, per report in the same batch.
# The full pack against the core pack: scripts/instructions-core.sh.
#
# Usage: scripts/instructions.sh [N]   (N copies of the seeds in fixtures/seeds, default 100)
# FAZHI names another fazhi binary to measure (default target/release/fazhi, built first).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
if [ -z "${FAZHI:-}" ]; then
  cargo build --release --quiet
  FAZHI=target/release/fazhi
fi
cargo build --release --quiet --example limit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
# Copies of the binaries: a rebuild while this runs must not change what is measured.
cp "$FAZHI" "$work/fazhi"
cp target/release/examples/limit "$work/limit"
seeds=(fixtures/seeds/*.txt)
one_report=fixtures/seeds/hubin-2023.txt
for copies in 1 "$n"; do
  mkdir -p "$work/c$copies"
  for ((i = 0; i < copies; i++)); do
    for f in "${seeds[@]}"; do cp "$f" "$work/c$copies/$i-$(basename "$f")"; done
  done
done

# Total instructions of one run (callgrind's summary line), all threads.
count() {
  local out=$work/cg.out
  valgrind --tool=callgrind --callgrind-out-file="$out" "$@" > /dev/null 2> "$work/cg.err"
  awk '/^summary:/ { print $2 }' "$out"
}
fazhi_check() { count "$work/fazhi" check --jobs 1 --fail-on none "$@"; }
per_report() { echo $(( ($2 - $1) / (n - 1) / ${#seeds[@]} )); }

quiet=$(per_report "$(fazhi_check --quiet "$work/c1")" "$(fazhi_check --quiet "$work/c$n")")
limit=$(per_report "$(count "$work/limit" "$work/c1")" "$(count "$work/limit" "$work/c$n")")
human=$(per_report "$(fazhi_check "$work/c1")" "$(fazhi_check "$work/c$n")")
fazhi_one=$(fazhi_check --quiet "$one_report")
limit_one=$(count "$work/limit" "$one_report")

python3 - "$n" "${#seeds[@]}" "$quiet" "$limit" "$human" "$fazhi_one" "$limit_one" <<'PY'
import sys
n, per_copy, quiet, limit, human, fazhi_one, limit_one = map(int, sys.argv[1:])
print(f"batch: {n} copies of {per_copy} seeds, instructions per report")
print(f"  fazhi --quiet      {quiet/1e6:8.3f}M")
print(f"  limit              {limit/1e6:8.3f}M")
print(f"  fazhi / limit      {quiet/limit:8.2f}x   (throughput {limit/quiet:.2f} of limit)")
print(f"one report (hubin-2023), whole process")
print(f"  fazhi --quiet      {fazhi_one/1e6:8.1f}M")
print(f"  limit              {limit_one/1e6:8.1f}M")
print(f"  fazhi / limit      {fazhi_one/limit_one:8.2f}x")
print(f"human output, instructions per report")
print(f"  fazhi (human)      {human/1e6:8.3f}M")
print(f"  human / quiet      {human/quiet:8.2f}x")
PY
