#!/usr/bin/env bash
# Writes the JSON output of `fazhi check` over every fixture into a directory, one file per
# run, so that a change meant to keep behaviour can be checked with `cmp`/`diff -r`:
#
#   scripts/json-snapshot.sh /tmp/before          # on the old code
#   scripts/json-snapshot.sh /tmp/after           # on the new code
#   diff -r /tmp/before /tmp/after && echo identical
#
# FAZHI names the binary (default target/release/fazhi). Exit codes are recorded beside the
# output, standard error too (it holds the notices of unused suppressions and read errors).
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/json-snapshot.sh OUT_DIR}
fazhi=$(realpath "${FAZHI:-target/release/fazhi}")
mkdir -p "$out"
out=$(realpath "$out")

run() {
  local name=$1
  shift
  "$@" >"$out/$name.json" 2>"$out/$name.stderr"
  echo "$?" >"$out/$name.code"
}

for dir in seeds variants variants-gbk clean docx html pdf; do
  run "$dir" "$fazhi" check --format json "fixtures/$dir"
  for file in fixtures/$dir/*; do
    case $file in *.txt | *.md | *.docx | *.html | *.pdf) ;; *) continue ;; esac
    run "$dir--$(basename "$file")" "$fazhi" check --format json "$file"
  done
done
run seeds-statistics "$fazhi" check --format json --statistics fixtures/seeds
run seeds-custom-rules "$fazhi" check --format json --rules fixtures/custom-rules fixtures/seeds
run seeds-select "$fazhi" check --format json --select structure,meta --ignore meta/recipient fixtures/seeds
run seeds-no-config "$fazhi" check --format json --no-config fixtures/seeds
run gbk-forced "$fazhi" check --format json --encoding gbk fixtures/variants-gbk
run json-lines "$fazhi" check --format json-lines fixtures/seeds fixtures/docx fixtures/html fixtures/pdf
# The gate repository: configuration discovered from the working directory, with a baseline.
(cd fixtures/gate-repo && run gate-repo "$fazhi" check --format json .)
(cd fixtures/gate-repo && run gate-repo-baseline "$fazhi" check --format json --baseline fazhi-baseline.json .)
(cd fixtures/gate-repo && run gate-repo-statistics "$fazhi" check --format json --statistics --config fazhi.toml .)
# The other formats over the seeds and the Word files, for changes that must not touch them.
for format in human sarif junit github checkstyle; do
  run "format-$format" "$fazhi" check --format "$format" fixtures/seeds fixtures/docx
done
run audit-md "$fazhi" report --format md fixtures/seeds
# The audit shows when it was made; that is the one thing allowed to differ.
sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}（北京时间）/TIME/' "$out/audit-md.json"
run rules-list "$fazhi" rules --format json
run rules-list-custom "$fazhi" rules --format json --rules fixtures/custom-rules
ls "$out" | wc -l | xargs echo "runs written to $out:"
