#!/bin/sh
# Time and peak memory of a release build of fazhi on each hostile PDF of
# tests/it/pdf_hostile.rs (written to a temporary folder), one process per file.
# Usage: scripts/measure-hostile-pdf.sh [DIR]
set -eu
cd "$(dirname "$0")/.."
dir=${1:-$(mktemp -d)}
FAZHI_HOSTILE_PDF_DIR="$dir" cargo test --quiet --test it pdf_hostile::write_hostile_pdfs -- --ignored >/dev/null
cargo build --quiet --release
printf '%-22s %10s %8s %12s  %s\n' file bytes seconds 'peak MB' outcome
for f in "$dir"/*.pdf; do
    /usr/bin/time -v -o "$dir/time.txt" target/release/fazhi check --color never "$f" >"$dir/out.txt" 2>&1 || true
    secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time.txt")
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
    outcome=$(grep -o '拒绝读取.*\|无法解析.*\|得分：[0-9.]*' "$dir/out.txt" | head -1 | cut -c1-60)
    printf '%-22s %10s %8s %12s  %s\n' "$(basename "$f")" "$(wc -c <"$f")" "$secs" "$((kb / 1024))" "$outcome"
done
