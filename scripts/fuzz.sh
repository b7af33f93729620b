#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 300 s each) and reports executions and
# crashes per target. Maintainers run it; CI replays the corpora with `cargo test` instead
# (tests/it/fuzz_corpus.rs).
#
#   scripts/fuzz.sh                 # every target, 300 s each
#   SECONDS_PER_TARGET=60 scripts/fuzz.sh docx html
#
# Needs `cargo install cargo-fuzz`. Builds without a sanitizer (`-s none`): Rust code is memory
# safe, and an AddressSanitizer build takes close to an hour on a small machine; set
# SANITIZER=address to use one. RUSTC_BOOTSTRAP lets the stable toolchain take the flags
# cargo-fuzz passes. Each live corpus (fuzz/corpus/<target>, not committed) starts from the
# fixtures of the target's format; a crash is left in fuzz/artifacts/<target>/ — copy it to
# fixtures/hostile/fuzz/<target>/, fix the reader, and `cargo test` keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SECONDS_PER_TARGET:-300}
sanitizer=${SANITIZER:-none}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(txt docx html pdf rule)
export RUSTC_BOOTSTRAP=1

seed() {
  local target=$1 dir=fuzz/corpus/$1
  mkdir -p "$dir"
  case $target in
    txt) find fixtures/seeds fixtures/variants fixtures/variants-gbk fixtures/clean fixtures/hostile \
      -name '*.txt' -o -name '*.md' ;;
    docx) find fixtures/docx fixtures/hostile -name '*.docx' ;;
    html) find fixtures/html fixtures/hostile -name '*.html' ;;
    pdf) find fixtures/pdf fixtures/hostile -name '*.pdf' ;;
    rule) find rules fixtures/custom-rules -name '*.toml' ;;
  esac | while read -r file; do cp -n "$file" "$dir/" 2>/dev/null || true; done
  [ -d "fixtures/hostile/fuzz/$target" ] && cp -n fixtures/hostile/fuzz/"$target"/* "$dir/" 2>/dev/null || true
}

(cd fuzz && cargo fuzz build -s "$sanitizer")
printf '%-6s %12s %8s %8s\n' target executions seconds crashes
for target in "${targets[@]}"; do
  seed "$target"
  mkdir -p "fuzz/artifacts/$target"
  log=fuzz/artifacts/$target.log
  before=$(find "fuzz/artifacts/$target" -type f | wc -l)
  start=$(date +%s)
  # -rss_limit_mb: a reader that needs more than the 300 MB promise is a finding too.
  (cd fuzz && cargo fuzz run -s "$sanitizer" "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=300 -timeout=10 -max_len=262144 \
    -artifact_prefix="artifacts/$target/" -print_final_stats=1) >"$log" 2>&1 || true
  elapsed=$(($(date +%s) - start))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  after=$(find "fuzz/artifacts/$target" -type f | wc -l)
  printf '%-6s %12s %8s %8s\n' "$target" "${runs:-?}" "$elapsed" "$((after - before))"
done
