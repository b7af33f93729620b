#!/usr/bin/env bash
# Load on `fazhi serve` over loopback (not a timed test; figures for README): 200 uploads of the
# five seed reports as Word files from 16 concurrent clients, with 20 hostile uploads mixed in
# (a zip bomb, billion laughs, an old .doc, a truncated .docx, a 25 MB file, a scanned and a
# truncated PDF, binary bytes, 5,000 nested <div>s, 51 files in one request). Every seed upload
# must succeed with the score `fazhi check` gives; every hostile one must be refused (a read
# error in the JSON, or 413) without a 5xx or a time-out. Prints p50/p99 latency of the seed
# uploads and the server's resident memory (sampled every 0.1 s, and its peak from VmHWM).
# Bounded: 220 requests, each with a 60 s time-out, the whole run at most 300 s.
# Usage: scripts/load-serve.sh   (FAZHI=path/to/fazhi; default target/release/fazhi, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."

FAZHI=${FAZHI:-target/release/fazhi}
[ -x "$FAZHI" ] || cargo build --release --quiet
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$FAZHI" serve --no-open --port 0 2> "$log" &
pid=$!
url=
for _ in $(seq 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$log" >&2; kill "$pid"; exit 1; }

status=0
timeout 300 python3 - "$url" "$pid" "$FAZHI" << 'EOF' || status=$?
import io, json, os, random, socket, subprocess, sys, time, urllib.request, zipfile
from concurrent.futures import ThreadPoolExecutor

url, pid, fazhi = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seeds = sorted(f"fixtures/docx/{n}" for n in os.listdir("fixtures/docx") if n.endswith("-styled.docx"))
expected = {}
for path in seeds:
    run = subprocess.run([fazhi, "check", "--format", "json", "--no-config", path], capture_output=True, text=True)
    expected[os.path.basename(path)] = json.loads(run.stdout)["reports"][0]["score"]

def docx(document):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", document)
    return buf.getvalue()

good = open(seeds[0], "rb").read()
laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
          + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
hostile = [
    ("bomb.docx", [docx(b"\0" * (100 * 1024 * 1024))], "read"),
    ("laughs.docx", [docx(laughs)], "read"),
    ("old.doc", [b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 4088], "read"),
    ("truncated.docx", [good[: len(good) // 2]], "read"),
    ("huge.txt", [b"a" * (25 * 1024 * 1024)], 413),
    ("scanned.pdf", [open("fixtures/pdf/scanned.pdf", "rb").read()], "read"),
    ("truncated.pdf", [open("fixtures/pdf/truncated.pdf", "rb").read()], "read"),
    ("binary.txt", [bytes(range(256)) * 64], "read"),
    ("deep.html", [b"<div>" * 5000], "read"),
    ("many.txt", [b"x"] * 51, 413),
]

def multipart(name, payloads):
    boundary = "fazhiloadboundary"
    body = io.BytesIO()
    for data in payloads:
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                   "Content-Type: application/octet-stream\r\n\r\n".encode())
        body.write(data)
        body.write(b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"

jobs = [("seed", os.path.basename(seeds[i % len(seeds)]), [open(seeds[i % len(seeds)], "rb").read()], None) for i in range(200)]
jobs += [("hostile",) + hostile[i % len(hostile)] for i in range(20)]
random.Random(14).shuffle(jobs)
bodies = [multipart(j[1], j[2]) for j in jobs]

def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

def expect_continue(path, body, content_type):
    """Sends the headers only and reads the answer, as a client honouring 100-continue does."""
    host, port = url.split("//")[1].strip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=60) as s:
        s.sendall((f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: {content_type}\r\n"
                   f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < length(data):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    return int(head.split()[1]), body

def length(data):
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    return next((int(l.split(":")[1]) for l in head.split("\r\n") if l.startswith("content-length:")), 0)

def send(i):
    body, content_type = bodies[i]
    start = time.perf_counter()
    if jobs[i][0] == "hostile" and len(body) > 20 * 1024 * 1024:
        status, data = expect_continue("/api/check?name=huge.txt", jobs[i][2][0], "text/plain")
        return jobs[i], status, data, (time.perf_counter() - start) * 1000
    request = urllib.request.Request(url + "api/check", data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, data = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, data = e.code, e.read()
    except Exception as e:
        status, data = str(e), b""
    return jobs[i], status, data, (time.perf_counter() - start) * 1000

base = rss()
rounds, results, walls = [], [], []
for _ in range(3):
    began = time.perf_counter()
    with ThreadPoolExecutor(16) as pool:
        results += list(pool.map(send, range(len(jobs))))
    walls.append(time.perf_counter() - began)
    rounds.append(rss())
peak = next(int(l.split()[1]) / 1024 for l in open(f"/proc/{pid}/status") if l.startswith("VmHWM:"))

failures = []
latencies = []
for job, status, data, ms in results:
    kind, name = job[0], job[1]
    if kind == "seed":
        ok = status == 200 and json.loads(data)["reports"][0]["score"] == expected[name]
        latencies.append(ms)
    elif job[3] == 413:
        ok = status == 413 and "error" in json.loads(data)
    else:
        ok = status == 200 and json.loads(data)["errors"] and not json.loads(data)["reports"]
    if not ok:
        failures.append(f"{kind} {name}: {status} {data[:200]!r}")
latencies.sort()
pct = lambda p: latencies[min(len(latencies) - 1, int(len(latencies) * p))]
print(f"seed uploads: {len(latencies)} of 600 ok; p50 {pct(0.5):.0f} ms, p99 {pct(0.99):.0f} ms, max {latencies[-1]:.0f} ms")
n_hostile = sum(1 for r in results if r[0][0] == "hostile")
print(f"hostile uploads: {n_hostile - sum(1 for f in failures if f.startswith('hostile'))} of {n_hostile} refused as expected")
print("wall per round of 220 requests from 16 clients: " + ", ".join(f"{w:.2f} s" for w in walls))
print(f"resident memory: {base:.0f} MB idle; after each round " + ", ".join(f"{r:.0f} MB" for r in rounds)
      + f"; peak {peak:.0f} MB (VmHWM)")
for f in failures:
    print("FAIL " + f)
sys.exit(1 if failures else 0)
EOF
kill -INT "$pid"
wait "$pid" || true
exit $status
