#!/usr/bin/env bash
# Measures one `fazhi check` per file of the live fuzz corpora (fuzz/corpus/<target>, left by
# scripts/fuzz.sh) and prints, per reader, how many files were checked, read or refused, and the
# worst CPU time and peak memory: every file must stay within 1 s and 300 MB or be refused
# with a reason. Corpus files have no extension; each is copied with its target's.
#
#   cargo build --release && scripts/fuzz.sh && scripts/measure-corpus.sh [txt docx html pdf]
set -euo pipefail
cd "$(dirname "$0")/.."
fazhi=$(realpath "${FAZHI:-target/release/fazhi}")
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(txt docx html pdf)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-6s %7s %6s %8s %10s %10s  %s\n' target files read refused worst_cpu_s worst_MB worst_file
for target in "${targets[@]}"; do
  [ -d "fuzz/corpus/$target" ] || continue
  mkdir -p "$work/$target"
  for file in fuzz/corpus/"$target"/*; do
    cp "$file" "$work/$target/$(basename "$file").$target"
  done
  find "$work/$target" -name "*.$target" -print0 \
    | xargs -0 -n 1 -P "${JOBS:-2}" bash -c '
        log=$(mktemp)
        /usr/bin/time -f "%U %S %M" -o "$log" "$0" check --quiet "$1" > /dev/null 2>&1
        code=$?
        read -r user sys rss < <(tail -n 1 "$log")
        rm -f "$log"
        echo "$code $(echo "$user + $sys" | bc) $rss $1"' "$fazhi" > "$work/$target.tsv" || true
  awk -v t="$target" '
    { n++; if ($1 == 2) refused++; else read++;
      if ($2 > cpu) { cpu = $2; cpu_file = $4 } if ($3 > rss) { rss = $3; rss_file = $4 } }
    END { printf "%-6s %7d %6d %8d %10.2f %10.0f  %s / %s\n", t, n, read, refused, cpu, rss / 1024, cpu_file, rss_file }' \
    "$work/$target.tsv" | sed "s|$work/$target/||g"
done
