#!/usr/bin/env bash
# Checks the page of `fazhi serve` in a real browser (Debian's Chromium driven by Playwright):
#   - a seed .docx: the score, grade and verdict `fazhi check` gives; the element checklist;
#     one highlight per finding with a span, on that finding's text; clicking a finding scrolls
#     the text to its highlight, clicking a highlight scrolls the list to its finding;
#   - the XSS report: its <script>, onerror and javascript: links show as text and none runs;
#   - the five seed reports at once: the ranked summary, the audit HTML, XLSX and JSON downloads;
#   - the annotated .docx download when this build has it (else the button says it is missing);
#   - pasted text is checked like the file; printed, the page keeps the report and its findings;
#   - a report opened with the server (a file dropped onto the program) shows without a click;
#   - no console error (a CSP violation would be one), and Ctrl-C stops the server cleanly with
#     no report text in its output;
#   - with --host 0.0.0.0 --token: the warning, and 401 without the token, 200 with it;
#   - a client that never finishes its request head is dropped after --timeout.
# Screenshots (1366×768, the office screen the page is made for) are kept in OUT_DIR.
# Installs chromium, fonts-noto-cjk, poppler-utils, curl (apt) and playwright (pip) when missing; Playwright's own
# browser download does not work here, so it drives /usr/bin/chromium through executable_path.
# Usage: scripts/check-serve.sh [OUT_DIR]   (default: a temporary folder, removed afterwards).
# FAZHI=path/to/fazhi skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext > /dev/null || missing+=(poppler-utils)
command -v curl > /dev/null || missing+=(curl)
# Not `fc-list | grep -q`: grep stops early, fc-list dies of SIGPIPE and pipefail says "missing".
fonts=$(fc-list 2> /dev/null || true)
grep -qi 'Noto Sans CJK' <<< "$fonts" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
if ! python3 -c 'import playwright' 2> /dev/null; then
  echo "== pip install playwright"
  python3 -m pip install --quiet playwright 2> /dev/null \
    || python3 -m pip install --quiet --break-system-packages playwright
fi

if [ -z "${FAZHI:-}" ]; then
  cargo build --quiet
  FAZHI=target/debug/fazhi
fi
FAZHI=$(cd "$(dirname "$FAZHI")" && pwd)/$(basename "$FAZHI")

if [ -n "${1:-}" ]; then
  out=$1
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
out=$(cd "$out" && pwd)

# Starts `fazhi serve` with extra arguments; sets $url and $server_pid.
start_server() {
  local log=$1
  shift
  : > "$log"
  "$FAZHI" serve --no-open --port 0 "$@" 2> "$log" &
  server_pid=$!
  for _ in $(seq 100); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" || true)
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "fazhi serve did not start:" >&2
  cat "$log" >&2
  exit 1
}

stop_server() {
  kill -INT "$server_pid"
  for _ in $(seq 100); do
    kill -0 "$server_pid" 2> /dev/null || break
    sleep 0.1
  done
  if kill -0 "$server_pid" 2> /dev/null; then
    echo "FAIL fazhi serve did not stop on Ctrl-C" >&2
    kill "$server_pid"
    exit 1
  fi
  grep -q '已停止' "$1" || { echo "FAIL no shutdown line in $1" >&2; exit 1; }
  echo "ok   Ctrl-C stops the server ($1)"
  if grep -q -e '行政行政' -e '湖滨区' -e '__xss' "$1"; then
    echo "FAIL report text in the server's output $1" >&2
    exit 1
  fi
  echo "ok   no report text in the server's output"
}

start_server "$out/serve.log"
main_url=$url
main_pid=$server_pid
start_server "$out/serve-open.log" --open-file fixtures/docx/hubin-2023-styled.docx
open_url=$url
open_pid=$server_pid

echo "== browser checks against $main_url"
status=0
FAZHI="$FAZHI" python3 - "$out" "$main_url" "$open_url" << 'EOF' || status=$?
import json, os, subprocess, sys
from playwright.sync_api import sync_playwright

out, url, open_url = sys.argv[1], sys.argv[2], sys.argv[3]
fazhi = os.environ["FAZHI"]
failures = []

def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

def cli(*paths):
    run = subprocess.run([fazhi, "check", "--format", "json", "--no-config", *paths], capture_output=True, text=True)
    return json.loads(run.stdout)

def done(page, n):
    # A selector, not wait_for_function: the page's CSP forbids the eval that one needs.
    page.wait_for_selector(f"body[data-done='{n}']", state="attached", timeout=30000)

def visible_in(page, node, pane):
    return page.evaluate("""([n, p]) => { const a = document.querySelector(n).getBoundingClientRect();
        const b = document.querySelector(p).getBoundingClientRect();
        return a.top >= b.top - 1 && a.bottom <= b.bottom + 1; }""", [node, pane])

docx = "fixtures/docx/hubin-2023-styled.docx"
expected = cli(docx)["reports"][0]
marks = {"heading": "✓", "present": "✓", "embedded": "△", "weak": "△", "absent": "✗"}

def mark_of(key, element):
    # 其他需要报告的情况 may be left out: not written shows ○, not ✗.
    return "○" if key == "other_matters" and element["status"] == "absent" else marks.get(element["status"])

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    console, dialogs = [], []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    check(page.title() == "法治政府建设年度报告检查", "the page opens with its Chinese title")
    page.screenshot(path=os.path.join(out, "start.png"))

    # One seed .docx.
    page.set_input_files("#file", docx)
    done(page, 1)
    check(page.text_content("#score") == f"{expected['score']:.1f}", f"score {page.text_content('#score')} = fazhi check {expected['score']}")
    check(page.text_content("#grade") == expected["grade"], f"grade {expected['grade']}")
    verdict = page.text_content("#verdict")
    check(verdict == "可以报送" if expected["passed"] else verdict.startswith("需修改（有"), f"verdict {verdict} says why")
    rows = page.query_selector_all("#checklist tbody tr")
    check(len(rows) == len(expected["elements"]), f"checklist has {len(rows)} rows for {len(expected['elements'])} elements")
    for row, (key, element) in zip(rows, expected["elements"].items()):
        cells = row.query_selector_all("td")
        mark = cells[0].text_content()
        check(element["label"] in cells[1].text_content() and mark == (mark_of(key, element) or mark),
              f"checklist: {element['label']} {mark} ({element['status']})")
    kept = [f for f in expected["findings"] if "suppressed" not in f]
    cards = page.query_selector_all("#findings .card")
    check(len(cards) == len(kept), f"{len(cards)} finding cards for {len(kept)} findings")
    with_span = [f for f in kept if f["length"] > 0]
    firsts = page.query_selector_all("#text mark[id^='h-']")
    check(len(firsts) == len(with_span), f"one highlight per finding with a span ({len(firsts)} for {len(with_span)})")
    wrong = []
    for card in cards:
        fid = card.get_attribute("data-f")
        rule, message = card.query_selector(".rule").text_content(), card.query_selector(".msg").text_content()
        match = [f for f in kept if f["rule"] == rule and f["message"] == message]
        mark = page.query_selector(f"#h-{fid}")
        if not match:
            wrong.append(f"no finding {rule} {message}")
        elif any(f["length"] > 0 for f in match):
            shown = mark.text_content() if mark else ""
            if not mark or not any(f["text"].startswith(shown) and shown for f in match):
                wrong.append(f"{rule}: highlight {shown!r}")
    check(not wrong, f"each highlight sits on its finding's text {wrong[:3]}")
    places = [c.query_selector(".loc").text_content() for c in cards]
    check(any("段" in pl for pl in places), f"locations are given as the clerk knows them ({places[:3]})")

    # Finding → highlight and highlight → finding.
    last = max((c for c in cards if page.query_selector(f"#h-{c.get_attribute('data-f')}")),
               key=lambda c: int(c.get_attribute("data-f")))
    fid = last.get_attribute("data-f")
    page.evaluate("document.getElementById('text').scrollTop = 0")
    last.click()
    page.wait_for_timeout(300)
    check("active" in page.get_attribute(f"#h-{fid}", "class"), f"clicking finding {fid} marks its highlight")
    check(visible_in(page, f"#h-{fid}", "#text"), f"clicking finding {fid} scrolls the text to its highlight")
    page.screenshot(path=os.path.join(out, "result.png"))
    page.set_viewport_size({"width": 1366, "height": 1500})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=os.path.join(out, "overview.png"))
    page.set_viewport_size({"width": 1366, "height": 768})
    first = page.query_selector_all("#text mark[id^='h-']")[0].get_attribute("data-f")
    page.evaluate("document.getElementById('findings').scrollTop = document.getElementById('findings').scrollHeight")
    page.click(f"#h-{first}")
    page.wait_for_timeout(300)
    check("active" in page.get_attribute(f"#c-{first}", "class"), f"clicking highlight {first} marks its finding")
    check(visible_in(page, f"#c-{first}", "#findings"), f"clicking highlight {first} scrolls the list to its finding")
    page.uncheck(".filters input[data-severity='info']")
    infos = sum(1 for f in kept if f["severity"] == "info")
    hidden = page.eval_on_selector_all("#findings .card", "cs => cs.filter(c => c.hidden).length")
    check(hidden == infos, f"the 提示 filter hides {hidden} of {infos} infos")
    page.check(".filters input[data-severity='info']")
    button = page.query_selector("#download-docx")
    if button.is_enabled():
        with page.expect_download() as info:
            button.click()
        path = os.path.join(out, "annotated.docx")
        info.value.save_as(path)
        again = cli(path)["reports"][0]
        check(again["score"] == expected["score"], "the annotated .docx reads back with the same score")
    else:
        check("尚不支持" in (button.get_attribute("title") or ""), "the annotated .docx button says this build has none")

    # The XSS report.
    page.set_input_files("#file", "fixtures/serve/xss.txt")
    done(page, 2)
    xss = page.evaluate("window.__xss")
    check(xss is None, f"no script from the report ran (window.__xss = {xss})")
    check(page.title() == "法治政府建设年度报告检查", "the report did not change the page title")
    text = page.text_content("#text")
    check("<script>" in text and "onerror=" in text and "javascript:" in text, "the markup shows as text")
    check("[U+202E]" in text, "the right-to-left override shows as its code")
    check(page.eval_on_selector_all("#text script, #text img, #text a", "n => n.length") == 0, "no element made from report text")
    page.click("#text mark")
    page.wait_for_timeout(200)
    check(page.evaluate("window.__xss") is None and not dialogs, "clicking in the report runs nothing")
    page.screenshot(path=os.path.join(out, "xss.png"))

    # Five reports at once.
    seeds = sorted(os.path.join("fixtures/seeds", n) for n in os.listdir("fixtures/seeds") if n.endswith(".txt"))
    page.set_input_files("#file", seeds)
    done(page, 3)
    rows = page.query_selector_all("#summary-table tbody tr")
    check(len(rows) == 5, f"the summary lists 5 reports ({len(rows)})")
    scores = [float(r.query_selector_all("td")[4].text_content()) for r in rows]
    wanted = sorted((r["score"] for r in cli(*seeds)["reports"]), reverse=True)
    check(scores == wanted, f"ranked by score as fazhi check scores them {scores}")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=os.path.join(out, "summary.png"))
    rows[2].click()
    page.wait_for_timeout(200)
    check(page.text_content("#score") == f"{scores[2]:.1f}", "a summary row opens its report")
    for kind, name in [("report-html", "audit.html"), ("report-xlsx", "audit.xlsx"), ("json", "fazhi.json")]:
        with page.expect_download() as info:
            page.click(f"#summary [data-download='{kind}']")
        path = os.path.join(out, name)
        info.value.save_as(path)
        data = open(path, "rb").read()
        if kind == "report-html":
            ok = data.startswith(b"<!DOCTYPE html>") and data.decode().count("法治政府建设年度报告审核单") == 5
        elif kind == "report-xlsx":
            ok = data.startswith(b"PK\x03\x04")
        else:
            ok = len(json.loads(data)["reports"]) == 5
        check(ok, f"download {kind}: {info.value.suggested_filename} ({len(data)} bytes)")
    check(not console, f"no console errors {console[:3]}")

    # Pasted text, then the page as printed.
    page.click("#paste-box summary")
    page.fill("#paste", open("fixtures/seeds/hubin-2023.txt", encoding="utf-8").read())
    page.click("#paste-check")
    done(page, 4)
    pasted = cli("fixtures/seeds/hubin-2023.txt")["reports"][0]
    check(page.text_content("#score") == f"{pasted['score']:.1f}", "pasted text is checked like the file")
    page.emulate_media(media="print")
    hidden = page.evaluate("['#input', '.filters', '.downloads'].every(s => getComputedStyle(document.querySelector(s)).display === 'none')")
    check(hidden, "printing leaves out the upload box, filters and buttons")
    page.pdf(path=os.path.join(out, "printed.pdf"), format="A4")
    printed = subprocess.run(["pdftotext", os.path.join(out, "printed.pdf"), "-"], capture_output=True, text=True).stdout
    check("行政行政" in printed and "湖滨区" in printed and "把报告拖到这里" not in printed,
          "the printed page has the whole report text and its findings")
    page.emulate_media(media="screen")

    # A report opened with the server.
    opened = context.new_page()
    opened.goto(open_url)
    done(opened, 1)
    check(opened.text_content("#score") == f"{expected['score']:.1f}", "a dropped report shows its result without a click")
    browser.close()

print(f"{len(failures)} failed" if failures else "all page checks passed")
sys.exit(1 if failures else 0)
EOF
server_pid=$main_pid
stop_server "$out/serve.log"
server_pid=$open_pid
stop_server "$out/serve-open.log"

echo "== --host 0.0.0.0 --token: a warning, and the token in every request"
token=check-serve-token
start_server "$out/serve-lan.log" --host 0.0.0.0 --token "$token"
grep -q '警告：正在监听 0.0.0.0' "$out/serve-lan.log" || { echo "FAIL no warning for 0.0.0.0" >&2; status=1; }
grep -q "?token=$token" "$out/serve-lan.log" || { echo "FAIL the address does not carry the token" >&2; status=1; }
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code "${url}api/rules")" = 401 ] || { echo "FAIL no token, not 401" >&2; status=1; }
[ "$(code "${url}?token=$token")" = 200 ] || { echo "FAIL the page with its token" >&2; status=1; }
[ "$(code -H "Authorization: Bearer $token" -F file=@fixtures/seeds/hubin-2023.txt "${url}api/check")" = 200 ] \
  || { echo "FAIL an upload with the token" >&2; status=1; }
python3 - "${url}?token=$token" << 'PY' || status=1
import sys
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(sys.argv[1])
    page.set_input_files("#file", "fixtures/docx/hubin-2023-styled.docx")
    page.wait_for_selector("body[data-done='1']", state="attached", timeout=30000)
    ok = page.text_content("#score") != "" and not errors
    print(("ok   " if ok else "FAIL ") + f"with --token the page loads its script and checks an upload {errors[:2]}")
    browser.close()
sys.exit(0 if ok else 1)
PY
stop_server "$out/serve-lan.log"

echo "== a client that never finishes its request head is dropped after --timeout"
start_server "$out/serve-slow.log" --timeout 2
python3 - "$url" << 'PY' || status=1
import socket, sys, time
host, port = sys.argv[1].split("//")[1].strip("/").split(":")
s = socket.create_connection((host, int(port)))
s.sendall(b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
start = time.time()
s.settimeout(20)
try:
    while s.recv(4096):
        pass
except ConnectionResetError:
    pass
took = time.time() - start
print(("ok   " if took < 10 else "FAIL ") + f"the unfinished request head was dropped after {took:.1f} s")
sys.exit(0 if took < 10 else 1)
PY
stop_server "$out/serve-slow.log"
echo "screenshots in $out"
exit $status
