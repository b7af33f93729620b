#!/usr/bin/env bash
# Checks `fazhi annotate` copies the way a clerk's office software reads them, in LibreOffice:
#   - every .docx in fixtures/docx is annotated (comments only) and annotated with --fix
#     (comments and tracked fixes); LibreOffice opens every copy, including fields.docx, whose
#     original it refuses (a comment mark without a comment);
#   - converted to ODT, the text between each office:annotation and its office:annotation-end
#     is the text fazhi says it anchored the comment on, and a person's earlier comments are
#     all still there;
#   - in the fixed copies, rejecting every change gives the original text and accepting every
#     change gives exactly fazhi's revisions (scripts/check_annotate.py);
#   - a few copies are exported to PDF with comments (ExportNotes) and rendered to PNG pages
#     for review.
# Installs libreoffice-writer and poppler-utils (apt) when missing.
# Usage: scripts/check-annotate.sh [OUT_DIR] [--screenshot]
#   OUT_DIR keeps the copies, ODT, PDF and PNG pages (default: a temporary folder, removed
#   afterwards). --screenshot also starts LibreOffice Writer under Xvfb (installs xvfb,
#   x11-apps and netpbm) and saves a picture of an annotated page with its margin comments
#   (docs/annotate-libreoffice.png in the README comes from this). FAZHI=path/to/fazhi skips
#   the build.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

out=""
screenshot=false
for arg in "$@"; do
  case "$arg" in
    --screenshot) screenshot=true ;;
    *) out=$arg ;;
  esac
done

missing=()
command -v soffice > /dev/null || missing+=(libreoffice-writer)
command -v pdftoppm > /dev/null || missing+=(poppler-utils)
if $screenshot; then
  command -v Xvfb > /dev/null || missing+=(xvfb)
  command -v xwd > /dev/null || missing+=(x11-apps)
  command -v xwdtopnm > /dev/null || missing+=(netpbm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
installed=$(date +%s)

if [ -z "${FAZHI:-}" ]; then
  cargo build --quiet
  FAZHI=target/debug/fazhi
fi
FAZHI=$(cd "$(dirname "$FAZHI")" && pwd)/$(basename "$FAZHI")

if [ -n "$out" ]; then
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
out=$(cd "$out" && pwd)
rm -rf "$out/in" "$out/annotated" "$out/fixed" "$out/odt" "$out/pdf" "$out/profile"
mkdir -p "$out/in" "$out/odt"
cp fixtures/docx/*.docx "$out/in/"
profile="-env:UserInstallation=file://$out/profile"

echo "== fazhi annotate fixtures/docx (comments; comments and --fix)"
"$FAZHI" annotate --date 2024-03-01T10:00:00Z --format json -o "$out/annotated" "$out/in" > "$out/annotated.json"
"$FAZHI" annotate --fix --date 2024-03-01T10:00:00Z --format json -o "$out/fixed" "$out/in" > "$out/fixed.json"

echo "== LibreOffice: originals and copies to ODT"
for set in in annotated fixed; do
  timeout 600 soffice "$profile" --headless --convert-to odt --outdir "$out/odt/$set" "$out/$set"/*.docx > /dev/null 2>&1 || true
done

echo "== comment ranges, earlier comments, accept and reject (scripts/check_annotate.py)"
python3 scripts/check_annotate.py "$out"

echo "== LibreOffice: PDF with comments (ExportNotes), pages to PNG"
mkdir -p "$out/pdf"
filter='pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
for name in hubin-2023-styled annotate-cases; do
  timeout 300 soffice "$profile" --headless --convert-to "$filter" --outdir "$out/pdf" \
    "$out/annotated/$name.fazhi.docx" > /dev/null 2>&1
  pdf="$out/pdf/$name.fazhi.pdf"
  test -s "$pdf" || { echo "no PDF for $name" >&2; exit 1; }
  pdftoppm -r 60 -png "$pdf" "$out/pdf/$name" 2> /dev/null
  notes=$(python3 -c "import sys,re; print(len(re.findall(rb'/Subtype\s*/Text', open(sys.argv[1],'rb').read())))" "$pdf")
  written=$(python3 -c "import json,sys; f=[f for f in json.load(open(sys.argv[1]))['files'] if f['output'].endswith(sys.argv[2])][0]; print(len(f['comments']) + f['placeholders'])" "$out/annotated.json" "$name.fazhi.docx")
  # Each comment is a Text annotation; LibreOffice adds the reviewer's own ones too.
  if [ "$notes" -lt "$written" ]; then
    echo "$name: $notes comments in the PDF, $written written" >&2
    exit 1
  fi
  echo "   $name: $(ls "$out/pdf/$name"-*.png | wc -l) pages, $notes comments as PDF annotations"
done

if $screenshot; then
  echo "== LibreOffice Writer under Xvfb: a page with its margin comments"
  gui="$out/gui"
  rm -rf "$gui"
  mkdir -p "$gui/profile/user"
  cat > "$gui/profile/user/registrymodifications.xcu" << 'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>7.4</value></prop></item>
</oor:items>
EOF
  cp "$out/annotated/hubin-2023-styled.fazhi.docx" "$gui/报告.fazhi.docx"
  display=:$((50 + RANDOM % 200))
  Xvfb "$display" -screen 0 1500x1100x24 > /dev/null 2>&1 &
  xvfb=$!
  sleep 2
  DISPLAY=$display SAL_USE_VCLPLUGIN=gen soffice "-env:UserInstallation=file://$gui/profile" --norestore --nologo \
    "$gui/报告.fazhi.docx" > /dev/null 2>&1 &
  writer=$!
  sleep 25
  DISPLAY=$display xwd -root -silent > "$gui/screen.xwd"
  kill "$writer" 2> /dev/null || true
  sleep 2
  kill "$xvfb" 2> /dev/null || true
  # The page and the comment margin, without the menus and rulers.
  xwdtopnm "$gui/screen.xwd" 2> /dev/null | pamcut -left 200 -top 112 -width 1030 -height 960 \
    | pnmquant 64 2> /dev/null | pnmtopng -compression 9 > "$out/annotate-libreoffice.png"
  echo "   $out/annotate-libreoffice.png"
fi

finished=$(date +%s)
echo "== check-annotate: $((finished - started)) s in all, of which installing $((installed - started)) s"
