#!/usr/bin/env bash
# Measures the batch comparison (compare/similar) of `fazhi check DIR` on synthetic batches.
#
#   scripts/bench-batch.sh [SIZES…]        default: 100 1000 10000
#
# For each size, scripts/make-batch.py writes that many reports (sentences of the seeds in each
# report's own order, a third of each report's characters replaced by its own, the opening and
# 特此报告 shared by all) with a planted copy after every tenth report (another issuer, re-dated,
# renumbered, items swapped, re-punctuated, three words changed). Then, with
# /usr/bin/time -v, it runs target/release/fazhi (FAZHI=… to choose another binary)
#   with:    check DIR --format json --select compare/similar   (read, parse, compare)
#   without: the same with --ignore compare/similar              (read and parse only)
# and prints wall time and peak memory of both, and the recall and extra pairs of the planted
# set from the JSON `comparisons`. The batches are kept in $BENCH_DIR (default /tmp/fazhi-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
fazhi=${FAZHI:-target/release/fazhi}
dir=${BENCH_DIR:-/tmp/fazhi-bench}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100 1000 10000)
mkdir -p "$dir"

measure() { # out-json time-file args…
  local json=$1 timing=$2
  shift 2
  /usr/bin/time -v "$fazhi" "$@" >"$json" 2>"$timing" || true
  local wall mem
  wall=$(grep 'Elapsed (wall clock)' "$timing" | awk '{print $NF}')
  mem=$(grep 'Maximum resident set size' "$timing" | awk '{print $NF}')
  echo "$wall $((mem / 1024))"
}

printf '%-8s %-22s %-22s %-10s %s\n' reports "with (wall, peak MB)" "without (wall, peak MB)" recall "extra pairs"
for n in "${sizes[@]}"; do
  batch="$dir/$n"
  if [ ! -d "$batch" ]; then
    python3 scripts/make-batch.py bench "$n" "$batch"
  fi
  read -r wall_with mem_with < <(measure "$dir/with-$n.json" "$dir/time-with-$n.txt" \
    check "$batch" --format json --select compare/similar)
  read -r wall_without mem_without < <(measure "$dir/without-$n.json" "$dir/time-without-$n.txt" \
    check "$batch" --format json --select compare/similar --ignore compare/similar)
  scores=$(python3 - "$dir/with-$n.json" "$dir/planted-$n.txt" <<'EOF'
import json, os, sys
found = {tuple(sorted(os.path.basename(f) for f in c["files"])) for c in json.load(open(sys.argv[1]))["comparisons"]}
planted = {tuple(sorted(l.split())) for l in open(sys.argv[2]) if l.strip()}
hits = len(found & planted)
print(f"{hits}/{len(planted)} {len(found - planted)}")
EOF
)
  printf '%-8s %-22s %-22s %-10s %s\n' "$n" "$wall_with s, $mem_with MB" "$wall_without s, $mem_without MB" \
    "${scores% *}" "${scores#* }"
done
