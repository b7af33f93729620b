#!/usr/bin/env bash
# Writes the hostile-input set (the generated reproducers of tests/it/hostile.rs and
# tests/it/docx_hostile.rs, rebuilt here, plus every file of fixtures/hostile/) into a folder
# and measures one `fazhi check` per file with /usr/bin/time -v: wall time, peak memory, exit
# code and the first line of the message. Every file must take < 1 s and < 300 MB in a release
# build, or be refused with a reason.
#
#   cargo build --release && scripts/hostile-measure.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
fazhi=$(realpath "${FAZHI:-target/release/fazhi}")
out=${1:-$(mktemp -d)}
mkdir -p "$out"
python3 - "$out" <<'PY'
import os, sys, zipfile
out = sys.argv[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>')
def docx(name, body, numbering=None):
    doc = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("word/document.xml", doc)
        if numbering:
            z.writestr("word/_rels/document.xml.rels", RELS)
            z.writestr("word/numbering.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">{numbering}</w:numbering>')
def numbered(levels, override=None):
    xml = ""
    for i, (fmt, start, text) in enumerate(levels):
        xml += f'<w:abstractNum w:abstractNumId="{i}"><w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
    for i in range(len(levels)):
        over = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{override}"/></w:lvlOverride>' if override else ""
        xml += f'<w:num w:numId="{i + 1}"><w:abstractNumId w:val="{i}"/>{over}</w:num>'
    return xml
para = lambda num: f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>段落。</w:t></w:r></w:p>'
docx("docx-long-level-text.docx", para(1) * 200, numbered([("decimal", "1", "%1" + "长" * 800_000)]))
huge = [("upperRoman", "4000000000", "%1."), ("lowerLetter", "4000000000", "%1."), ("decimal", "4294967295", "%1.")]
docx("docx-huge-start.docx", "".join(para(i % 3 + 1) for i in range(200)), numbered(huge))
small = [("upperRoman", "1", "%1."), ("lowerLetter", "1", "%1."), ("decimal", "1", "%1.")]
docx("docx-huge-override.docx", "".join(para(i % 3 + 1) for i in range(200)), numbered(small, "4294967295"))
text = "<w:r><w:t>深层嵌套的文字。</w:t></w:r>"
docx("docx-nested-sdt.docx", "<w:sdt><w:sdtContent>" * 20000 + f"<w:p>{text}</w:p>" + "</w:sdtContent></w:sdt>" * 20000)
docx("docx-nested-table.docx", "<w:tbl><w:tr><w:tc>" * 20000 + f"<w:p>{text}</w:p>" + "</w:tc></w:tr></w:tbl>" * 20000)
field = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>字</w:t></w:r>'
docx("docx-unbalanced-fields.docx", "<w:p>" + field * 100_000 + "</w:p>")
with open(os.path.join(out, "html-stray-end-tags.html"), "w") as f:
    f.write("<!DOCTYPE html><html><body>" + "<div></x>" * 20000 + "<p>关于2023年法治政府建设情况的报告</p></body></html>")
with open(os.path.join(out, "html-stray-end-tags-100k.html"), "w") as f:
    f.write("<!DOCTYPE html><html><body>" + "<div></x>" * 100000 + "<p>关于2023年法治政府建设情况的报告</p></body></html>")
with open(os.path.join(out, "txt-many-headings.txt"), "w") as f:
    f.write("某市2023年法治政府建设情况报告\n\n" + "".join("一、总体情况\n" if i % 2 == 0 else "（一）主要举措\n" for i in range(25000)))
with open(os.path.join(out, "txt-200k-headings.txt"), "w") as f:
    f.write("某市2023年法治政府建设情况报告\n\n" + "".join("一、总体情况\n" if i % 2 == 0 else "（一）主要举措\n" for i in range(200000)))
PY
mkfifo "$out/special-fifo.txt" 2>/dev/null || true
ln -sf /dev/zero "$out/special-zero-link.txt"
find fixtures/hostile -type f ! -name README.md -exec cp {} "$out/" \;
printf '%-32s %8s %8s %8s %4s  %s\n' file wall cpu_s peak_MB exit message
for file in "$out"/*; do
  name=$(basename "$file")
  log=$(mktemp)
  set +e
  timeout 60 /usr/bin/time -v "$fazhi" check --format json "$file" >/dev/null 2>"$log"
  code=$?
  set -e
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' || true)
  cpu=$(grep -E 'User time|System time' "$log" | awk '{s += $NF} END {print s}' || true)
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}' || true)
  message=$( (grep -v '^\s' "$log" | grep -v 'Command exited' || true) | head -1 | cut -c1-90)
  printf '%-32s %8s %8s %8s %4s  %s\n' "$name" "$wall" "$cpu" "$((${rss:-0} / 1024))" "$code" "$message"
  rm -f "$log"
done
