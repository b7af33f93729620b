#!/usr/bin/env bash
# Peak memory (maximum resident set size, /usr/bin/time -v) of `fazhi check` over N reports
# made from the seed reports (default 10,000), for `--quiet`, `--format json` and
# `--format sarif` written to a file, and the json and sarif peaks against `--quiet`.
# FAZHI names the binary (default target/release/fazhi, built first).
# Usage: scripts/peak-memory.sh [N ...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${FAZHI:-}" ]; then
  cargo build --release --quiet
  FAZHI=target/release/fazhi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
seeds=(fixtures/seeds/*.txt)
[ $# -eq 0 ] && set -- 10000
for n in "$@"; do
  dir=$work/r$n
  for ((i = 0; i < n; i++)); do
    sub=$dir/$((i / 500))
    mkdir -p "$sub"
    cp "${seeds[$((i % ${#seeds[@]}))]}" "$sub/r$i.txt"
  done
  declare -A peak=()
  for format in quiet json sarif; do
    if [ "$format" = quiet ]; then args=(--quiet); else args=(--format "$format" --output "$work/out.$format"); fi
    /usr/bin/time -v "$FAZHI" check --fail-on none "${args[@]}" "$dir" > /dev/null 2> "$work/time"
    peak[$format]=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
  done
  python3 -c "
q, j, s = ${peak[quiet]}, ${peak[json]}, ${peak[sarif]}
print(f'$n reports: quiet {q/1024:.0f} MiB, json {j/1024:.0f} MiB ({j/q:.1f}x), sarif {s/1024:.0f} MiB ({s/q:.1f}x)')"
  rm -rf "$dir" "$work"/out.*
done
