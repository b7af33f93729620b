#!/usr/bin/env bash
# Checks `fazhi report` output the way an inspection office uses it: the five seed reports as a
# batch are rendered to HTML and printed to PDF with headless Chromium, screenshotted and turned
# into PNG pages, and the XLSX and CSV are opened with standard readers. Checks:
#   - the PDF is A4 portrait, has more than one page, and every audit sheet starts a new page;
#   - Chinese text is set in an embedded CJK font;
#   - nothing is cut at the edges (a strip inside each page edge stays blank);
#   - highlighted problem text is visible on the sheet pages (the <mark> colour is there);
#   - the XLSX opens with openpyxl: sheets 报告 and 问题, frozen header, filters, rows, widths;
#   - the CSVs start with a BOM and parse with Python's csv module, Chinese intact.
# Installs chromium, fonts-noto-cjk, poppler-utils (apt) and openpyxl (pip) when missing.
# Usage: scripts/check-audit.sh [OUT_DIR]   (OUT_DIR keeps the PDF, PNG pages and screenshots;
# default: a temporary folder, removed afterwards). FAZHI=path/to/fazhi skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium > /dev/null || missing+=(chromium)
command -v pdftoppm > /dev/null && command -v pdfinfo > /dev/null && command -v pdffonts > /dev/null \
  || missing+=(poppler-utils)
if ! fc-list 2> /dev/null | grep -qi 'Noto Serif CJK'; then missing+=(fonts-noto-cjk); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
if ! python3 -c 'import openpyxl' 2> /dev/null; then
  echo "== pip install openpyxl"
  python3 -m pip install --quiet openpyxl
fi

if [ -z "${FAZHI:-}" ]; then
  cargo build --quiet
  FAZHI=target/debug/fazhi
fi

if [ -n "${1:-}" ]; then
  out=$1
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
out=$(cd "$out" && pwd)

echo "== fazhi report fixtures/seeds (html --pdf, xlsx, csv, md)"
"$FAZHI" report fixtures/seeds -o "$out/audit.html" --pdf
"$FAZHI" report fixtures/seeds --format xlsx -o "$out/audit.xlsx"
"$FAZHI" report fixtures/seeds --format csv -o "$out/audit.csv"
"$FAZHI" report fixtures/seeds --format md -o "$out/audit.md"
test -s "$out/audit.pdf" || { echo "no PDF written" >&2; exit 1; }

echo "== screenshots (the batch summary; one report's summary and sheet in a tall window)"
"$FAZHI" report fixtures/seeds/hubin-2023.txt -o "$out/hubin.html"
shot() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$out/profile" --hide-scrollbars --window-size="$3" \
    --screenshot="$2" "file://$out/$1" > /dev/null 2>&1
  test -s "$2" || { echo "no screenshot $2" >&2; exit 1; }
}
shot audit.html "$out/summary.png" 1000,1400
shot hubin.html "$out/sheet.png" 1000,4200
rm -rf "$out/profile"
fc-match "Noto Serif CJK SC" > "$out/fc-match.txt"

echo "== PDF pages to PNG (pdftoppm)"
pdftoppm -r 60 -png "$out/audit.pdf" "$out/page"
pdftoppm -r 40 "$out/audit.pdf" "$out/raw"
pdfinfo "$out/audit.pdf" > "$out/pdfinfo.txt"
pdffonts "$out/audit.pdf" > "$out/pdffonts.txt"
n_pages=$(awk '/^Pages:/ {print $2}' "$out/pdfinfo.txt")
for ((i = 1; i <= n_pages; i++)); do
  pdftotext -f "$i" -l "$i" -layout "$out/audit.pdf" "$out/text-$i.txt"
done

echo "== checks"
python3 - "$out" "$n_pages" << 'EOF'
import csv, glob, io, os, re, sys
import openpyxl

out, n_pages = sys.argv[1], int(sys.argv[2])
failures = []

def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

info = open(os.path.join(out, "pdfinfo.txt")).read()
size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
w, h = float(size.group(1)), float(size.group(2))
check(abs(w - 595.3) < 2 and abs(h - 841.9) < 2, f"PDF pages are A4 portrait ({w:.1f} x {h:.1f} pt)")
check(n_pages > 1, f"PDF has more than one page ({n_pages})")

def first_line(i):
    text = open(os.path.join(out, f"text-{i}.txt"), encoding="utf-8").read()
    return next((l.strip() for l in text.splitlines() if l.strip()), "")

starts = [i for i in range(1, n_pages + 1) if "审核单" in first_line(i)]
check(first_line(1).startswith("法治政府建设年度报告审核汇总"), "page 1 starts with the summary")
check(len(starts) == 5, f"each of the 5 sheets starts a new page (pages {starts})")
all_text = "".join(open(f, encoding="utf-8").read() for f in glob.glob(os.path.join(out, "text-*.txt")))
sheet_titles = all_text.count("法治政府建设年度报告审核单")
check(sheet_titles == 5, f"5 sheet titles in the PDF text ({sheet_titles})")
check("郑州市惠济区人民政府" in all_text and "存在的不足" in all_text, "Chinese text is extractable from the PDF")

# Chromium embeds CJK glyphs as unnamed Type 3 fonts, so the font is checked where it is chosen:
# the first family of the style sheet resolves to an installed CJK font.
match = open(os.path.join(out, "fc-match.txt")).read()
check("CJK" in match, f"the sheet's font stack resolves to a CJK font ({match.strip()})")
fonts = open(os.path.join(out, "pdffonts.txt")).read()
check(fonts.count(" yes ") > 0, "the PDF's fonts are embedded")

def read_ppm(path):
    data = open(path, "rb").read()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6", path
    width, height = int(parts[1]), int(parts[2])
    return width, height, parts[4]

def near(px, colour, tol=40):
    return all(abs(a - b) <= tol for a, b in zip(px, colour))

cut = []
highlighted_pages = 0
for path in sorted(glob.glob(os.path.join(out, "raw-*.ppm"))):
    width, height, pixels = read_ppm(path)
    strip = max(2, round(width * 5 / 210))  # 5 mm at the page's scale
    def px(x, y):
        o = (y * width + x) * 3
        return pixels[o], pixels[o + 1], pixels[o + 2]
    edge = [(x, y) for y in range(height) for x in list(range(strip)) + list(range(width - strip, width))]
    edge += [(x, y) for x in range(width) for y in list(range(strip)) + list(range(height - strip, height))]
    if any(min(px(x, y)) < 200 for x, y in edge):
        cut.append(os.path.basename(path))
    marks = sum(1 for i in range(0, len(pixels) - 2, 3) if near(pixels[i:i + 3], (255, 227, 77)))
    if marks > 20:
        highlighted_pages += 1
check(not cut, f"nothing printed within 5 mm of a page edge {cut}")
check(highlighted_pages >= 5, f"highlighted problem text visible on {highlighted_pages} pages")

for name in ["summary.png", "sheet.png"]:
    check(os.path.getsize(os.path.join(out, name)) > 50000, f"screenshot {name} has content")

wb = openpyxl.load_workbook(os.path.join(out, "audit.xlsx"))
check(wb.sheetnames == ["报告", "问题"], f"XLSX sheets {wb.sheetnames}")
reports, findings = wb["报告"], wb["问题"]
check(reports.max_row == 6, f"报告 has a header and 5 rows ({reports.max_row})")
check(reports.freeze_panes == "A2" and findings.freeze_panes == "A2", "header rows are frozen")
check(bool(reports.auto_filter.ref) and bool(findings.auto_filter.ref), "both sheets have filters")
header = [c.value for c in reports[1]]
issuers = [r[header.index("发文机关")] for r in reports.iter_rows(min_row=2, values_only=True)]
check("黄水镇人民政府" in issuers, f"issuers read back: {issuers}")
scores = [r[header.index("得分")] for r in reports.iter_rows(min_row=2, values_only=True)]
check(scores == sorted(scores, reverse=True), f"reports ranked by score {scores}")
width = reports.column_dimensions["D"].width
check(width and width >= 2 * len("郑州市惠济区人民政府"), f"发文机关 column fits Chinese ({width})")
check(findings.max_row > 20, f"问题 has the findings ({findings.max_row - 1})")

raw = open(os.path.join(out, "audit.csv"), "rb").read()
check(raw.startswith(b"\xef\xbb\xbf"), "reports CSV starts with a UTF-8 BOM")
rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
check(rows[0][:5] == ["排名", "序号", "文件", "标题", "发文机关"] and len(rows) == 6, "reports CSV header and rows")
check(any(r[rows[0].index("发文机关")] == "佳木斯市前进区人民政府" for r in rows[1:]), "Chinese intact in the reports CSV")
raw = open(os.path.join(out, "audit.findings.csv"), "rb").read()
check(raw.startswith(b"\xef\xbb\xbf"), "findings CSV starts with a UTF-8 BOM")
rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
check(len(rows) == findings.max_row and all(len(r) == len(rows[0]) for r in rows), "findings CSV matches the XLSX")
check(any("【行政行政】" in r[rows[0].index("原文")] for r in rows), "problem text marked in the CSV")

md = open(os.path.join(out, "audit.md"), encoding="utf-8").read()
check(md.count("## 审核单") == 5, "Markdown has 5 sheets")

print(f"{len(failures)} failed" if failures else "all audit checks passed")
sys.exit(1 if failures else 0)
EOF
echo "output in $out"
