"""The cluster smoke test: everything through the nginx proxy of scripts/cluster.sh.

  1. logins (three demo accounts);
  2. a write on one process is read back from another (a profile change: the database;
     a course published: the catalog cache shared through Redis);
  3. a live notification caused on one process reaches a WebSocket held by another,
     both through the proxy;
  4. Prometheus reports every process's target up (and the alert rules loaded when
     deploy/prometheus/alerts.yml exists);
  5. every process's /metrics agrees on the gauges read from the shared database.

Python 3 standard library only (the WebSocket client is the few lines RFC 6455 needs).
usage: python3 scripts/cluster/smoke.py PROXY_URL PROMETHEUS_URL PROCESS_URL...
"""

import base64
import hashlib
import json
import os
import socket
import struct
import sys
import time
import urllib.error
import urllib.request

PROXY, PROMETHEUS, PROCESSES = sys.argv[1], sys.argv[2], sys.argv[3:]
DEMO_PASSWORD = "practicum-demo-1"
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


def call(method, url, token=None, body=None):
    """(status, headers, parsed JSON or text) of one request."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, headers, raw = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, headers, raw = e.code, e.headers, e.read()
    text = raw.decode(errors="replace")
    try:
        return status, headers, json.loads(text)
    except ValueError:
        return status, headers, text


def login(email):
    status, headers, body = call(
        "POST", f"{PROXY}/api/v1/auth/login", body={"email": email, "password": DEMO_PASSWORD}
    )
    check(status == 200, f"login {email} through the proxy (served by {headers.get('x-upstream')})")
    return body.get("access_token") if isinstance(body, dict) else None


def until_other_upstream(not_this, method, path, token=None, body=None, tries=12):
    """Repeats a request through the proxy until a process other than `not_this` answers."""
    for _ in range(tries):
        status, headers, answer = call(method, f"{PROXY}{path}", token, body)
        if headers.get("x-upstream") != not_this:
            return status, headers, answer
    raise SystemExit(f"the proxy never sent {path} to a process other than {not_this}")


# --- WebSocket (RFC 6455), client side ---------------------------------------------

def ws_connect(base, path, token):
    host, port = base.split("//", 1)[1].split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Sec-WebSocket-Protocol: bearer, {token}\r\n\r\n"
        ).encode()
    )
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(4096)
        if not chunk:
            raise SystemExit("the proxy closed the WebSocket handshake")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
    accept = base64.b64encode(
        hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()
    ).decode()
    upgraded = lines[0].split(" ")[1] == "101" and headers.get("sec-websocket-accept") == accept
    return sock, headers, rest, upgraded


class Frames:
    def __init__(self, sock, rest):
        self.sock, self.buf = sock, rest

    def _take(self, n, deadline):
        while len(self.buf) < n:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    def next_text(self, seconds):
        """The next text frame's JSON, answering pings; None when none comes in time."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                b0, b1 = self._take(2, deadline)
                n = b1 & 0x7F
                if n == 126:
                    n = struct.unpack(">H", self._take(2, deadline))[0]
                elif n == 127:
                    n = struct.unpack(">Q", self._take(8, deadline))[0]
                payload = self._take(n, deadline)
                opcode = b0 & 0x0F
                if opcode == 0x9:
                    self._send(0xA, payload)
                elif opcode == 0x1:
                    return json.loads(payload)
                elif opcode == 0x8:
                    return None
        except (socket.timeout, TimeoutError, EOFError):
            return None


# --- 1. logins ----------------------------------------------------------------------
teacher = login("teacher@practicum.example")
producer = login("producer@practicum.example")
student = login("student@practicum.example")
if not (teacher and producer and student):
    raise SystemExit("logins failed; nothing else can be checked")

# --- 2. a write on one process, read on another ---------------------------------------
name = f"Sam Smoke {os.getpid()}"
status, headers, _ = call("PATCH", f"{PROXY}/api/v1/auth/me", student, {"full_name": name})
wrote_on = headers.get("x-upstream")
check(status == 200, f"profile written on {wrote_on}")
status, headers, me = until_other_upstream(wrote_on, "GET", "/api/v1/auth/me", student)
check(
    status == 200 and me.get("full_name") == name,
    f"profile read back on {headers.get('x-upstream')}: {me.get('full_name')!r}",
)

status, _, course = call(
    "POST", f"{PROXY}/api/v1/courses", teacher,
    {"title": f"Cluster smoke {os.getpid()}", "description": "Made by the smoke test", "price": 0},
)
check(status == 201, "a draft course created")
slug = course["slug"]
# Cached as "not found" for the public on some process first, so the publish must
# invalidate the shared cache for the later read to see it.
for _ in PROCESSES:
    call("GET", f"{PROXY}/api/v1/courses/{slug}")
status, _, _ = call("POST", f"{PROXY}/api/v1/courses/{slug}/status", teacher, {"status": "review"})
check(status == 200, "course submitted for review")
status, headers, _ = call("POST", f"{PROXY}/api/v1/courses/{slug}/status", producer, {"status": "published"})
published_on = headers.get("x-upstream")
check(status == 200, f"course published on {published_on}")
status, headers, public = until_other_upstream(published_on, "GET", f"/api/v1/courses/{slug}")
check(
    status == 200 and public.get("status") == "published",
    f"the published course is public on {headers.get('x-upstream')} (status {status})",
)

# --- 3. a live notification across processes, through the proxy ----------------------
sock, ws_headers, rest, upgraded = ws_connect(PROXY, "/api/v1/ws", teacher)
socket_on = ws_headers.get("x-upstream")
check(upgraded, f"WebSocket upgraded through the proxy (held by {socket_on})")
frames = Frames(sock, rest)
status, _, draft = call(
    "POST", f"{PROXY}/api/v1/courses", teacher,
    {"title": f"Cluster smoke live {os.getpid()}", "description": "Sent back and forth", "price": 0},
)
check(status == 201, "a second draft course created")
live_slug = draft["slug"]
crossed = False
# The teacher submits, the producer sends it back (a course_sent_back notification to
# the teacher), until the send-back lands on another process than the socket.
for attempt in range(10):
    call("POST", f"{PROXY}/api/v1/courses/{live_slug}/status", teacher, {"status": "review"})
    comment = f"smoke {attempt}"
    started = time.monotonic()
    status, headers, _ = call(
        "POST", f"{PROXY}/api/v1/courses/{live_slug}/status", producer,
        {"status": "draft", "comment": comment},
    )
    if not check(status == 200, f"course sent back (attempt {attempt}, answered {status})"):
        break
    caused_on = headers.get("x-upstream")
    while True:
        frame = frames.next_text(3)
        if frame is None or frame.get("notification", {}).get("payload", {}).get("comment") == comment:
            break
    took = time.monotonic() - started
    if caused_on != socket_on:
        crossed = check(
            frame is not None and frame["notification"]["kind"] == "course_sent_back",
            f"notification caused on {caused_on} reached the socket held by {socket_on} "
            f"through the proxy {took * 1000:.0f} ms after the request was sent",
        )
        break
    check(frame is not None, f"notification caused on the socket's own process {caused_on} arrived")
if len(PROCESSES) > 1:
    check(crossed, "a notification crossed processes")
sock.close()

status, _, _ = call("GET", f"{PROXY}/metrics")
check(status == 404, f"/metrics is not served through the proxy ({status})")

# --- 4. Prometheus: every target up --------------------------------------------------
expected = {p.split("//", 1)[1] for p in PROCESSES}
up = set()
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    _, _, targets = call("GET", f"{PROMETHEUS}/api/v1/targets")
    active = targets["data"]["activeTargets"]
    up = {t["labels"]["instance"] for t in active if t["health"] == "up"}
    if up >= expected:
        break
    time.sleep(1)
check(up >= expected, f"Prometheus: {len(up & expected)} of {len(expected)} targets up")
_, _, query = call("GET", f"{PROMETHEUS}/api/v1/query?query=up%7Bjob%3D%22practicum%22%7D")
values = {r["metric"]["instance"]: r["value"][1] for r in query["data"]["result"]}
check(all(values.get(t) == "1" for t in expected), f"up{{job=\"practicum\"}} = {values}")
if os.path.exists(os.path.join(os.path.dirname(__file__), "..", "..", "deploy", "prometheus", "alerts.yml")):
    _, _, rules = call("GET", f"{PROMETHEUS}/api/v1/rules")
    groups = rules["data"]["groups"]
    count = sum(len(g["rules"]) for g in groups)
    check(count > 0, f"Prometheus loaded {count} alert rules from deploy/prometheus/alerts.yml")


# --- 5. the shared gauges agree --------------------------------------------------------
def shared_gauges(url):
    _, _, text = call("GET", f"{url}/metrics")
    return {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("jobs{")
    }


agree = False
for _ in range(10):
    seen = [shared_gauges(p) for p in PROCESSES]
    if seen[0] and all(s == seen[0] for s in seen):
        agree = True
        break
    time.sleep(0.5)
check(agree, f"every process reports the same jobs gauges: {seen[0] if seen else {}}")

if failures:
    print(f"cluster smoke: {len(failures)} check(s) failed", flush=True)
    sys.exit(1)
print("cluster smoke: all checks passed", flush=True)
