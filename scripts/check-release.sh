#!/usr/bin/env bash
# Checks the release plan without building it (the archives are built on a tag by
# .github/workflows/release.yml on GitHub's Windows, macOS and Linux runners, which this machine
# cannot stand in for): `dist plan` reads dist-workspace.toml and Cargo.toml, fails when the
# workflow is not what `dist generate` would write, and lists the archives; this script then
# checks that a tag gives a zip for Windows x86_64, tar.gz for macOS arm64/x86_64 and static musl
# Linux x86_64/aarch64, each with the binary and a sha256 checksum, plus sha256.sum.
# Installs dist from its PyPI wheel (a prebuilt binary, seconds) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^cargo-dist-version = "\(.*\)"/\1/p' dist-workspace.toml)
scripts=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
dist=
for candidate in "$(command -v dist || true)" "$scripts/dist"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" --version 2> /dev/null | grep -qx "cargo-dist $version"; then
    dist=$candidate
    break
  fi
done
if [ -z "$dist" ]; then
  echo "== pip install dist $version"
  python3 -m pip install --quiet "astral-dev-toolchain-cargo-dist==$version" 2> /dev/null \
    || python3 -m pip install --quiet --break-system-packages "astral-dev-toolchain-cargo-dist==$version"
  dist=$scripts/dist
fi

"$dist" plan --output-format=json > "${TMPDIR:-/tmp}/fazhi-dist-plan.json"
python3 - "${TMPDIR:-/tmp}/fazhi-dist-plan.json" << 'EOF'
import json, sys

plan = json.load(open(sys.argv[1]))
artifacts = plan["artifacts"]
want = {
    "fazhi-x86_64-pc-windows-msvc.zip": "fazhi.exe",
    "fazhi-aarch64-apple-darwin.tar.gz": "fazhi",
    "fazhi-x86_64-apple-darwin.tar.gz": "fazhi",
    "fazhi-x86_64-unknown-linux-musl.tar.gz": "fazhi",
    "fazhi-aarch64-unknown-linux-musl.tar.gz": "fazhi",
}
failures = []
for name, binary in want.items():
    art = artifacts.get(name)
    ok = (art is not None and art.get("kind") == "executable-zip"
          and any(a.get("path") == binary for a in art.get("assets", []))
          and art.get("checksum") in artifacts)
    print(("ok   " if ok else "FAIL ") + f"{name} holds {binary} and has a checksum")
    if not ok:
        failures.append(name)
ok = "sha256.sum" in artifacts
print(("ok   " if ok else "FAIL ") + "sha256.sum lists every archive")
if not ok:
    failures.append("sha256.sum")
extra = sorted(n for n, a in artifacts.items() if a.get("kind") == "executable-zip" and n not in want)
print(("ok   " if not extra else "FAIL ") + f"no other archive {extra}")
sys.exit(1 if failures or extra else 0)
EOF
echo "release plan checked with $("$dist" --version)"
