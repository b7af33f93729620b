#!/usr/bin/env bash
# Instructions per report of `fazhi check` (JSON output, one thread), full default pack against
# the core pack, counted with callgrind: stable to a few parts per million where wall time on a
# shared machine varies by ±30%. Each figure is (run over N copies − run over 1 copy) / (N − 1)
# / reports per copy, so start-up (loading and compiling the rules, DFA warm-up) cancels out.
#
# Usage: scripts/instructions-core.sh [N] [seed ...]
#   N     copies of each seed set (default 1000; 200 is enough while iterating)
#   seed  seed names under fixtures/seeds without .txt (default: all five together, then each)
# Prints one line per seed set: full, core, full/core.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
shift || true
cargo build --release --quiet
core=structure,meta,format,content/template-placeholder,content/contains-request,content/web-artifact
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
# A copy of the binary: a rebuild while this runs must not change what is measured.
bin=$work/fazhi
cp ./target/release/fazhi "$bin"

if [ $# -eq 0 ]; then
  sets=(all)
  for f in fixtures/seeds/*.txt; do sets+=("$(basename "$f" .txt)"); done
else
  sets=("$@")
fi

# Makes $work/<set>-<copies>/ holding <copies> copies of the set's seeds.
make_dir() {
  local set=$1 copies=$2 dir=$work/$1-$2
  local files=()
  if [ "$set" = all ]; then files=(fixtures/seeds/*.txt); else files=("fixtures/seeds/$set.txt"); fi
  mkdir -p "$dir"
  for ((i = 0; i < copies; i++)); do
    for f in "${files[@]}"; do cp "$f" "$dir/$i-$(basename "$f")"; done
  done
  echo "${#files[@]}"
}

# Total instructions of one run (callgrind's summary line).
count() {
  local out=$work/cg.out
  valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" check --format json --jobs 1 \
    --fail-on none "$@" > /dev/null 2> "$work/cg.err"
  awk '/^summary:/ { print $2 }' "$out"
}

printf '%-18s %12s %12s %7s\n' "seeds" "full" "core" "ratio"
for set in "${sets[@]}"; do
  per_copy=$(make_dir "$set" 1)
  make_dir "$set" "$n" > /dev/null
  declare -A per=()
  for pack in full core; do
    select=()
    [ "$pack" = core ] && select=(--select "$core")
    small=$(count "${select[@]}" "$work/$set-1")
    big=$(count "${select[@]}" "$work/$set-$n")
    per[$pack]=$(( (big - small) / (n - 1) / per_copy ))
  done
  python3 -c "
full, core = ${per[full]}, ${per[core]}
print(f'{\"$set\":18} {full/1e6:11.3f}M {core/1e6:11.3f}M {full/core:6.2f}x')"
  rm -rf "$work/$set-1" "$work/$set-$n"
done
