#!/usr/bin/env python3
"""Crash-test client: many learners write (register, enroll, complete lessons, review,
submit the diagnostic) through the HTTP API while the server is killed and restarted.
Every write answered 2xx is appended to the ledger *after* the answer arrived; a write
that got no answer (connection reset by the kill) is retried later or left out.

usage: load.py write BASE LEDGER USERS SECONDS   (one writing phase, stops by itself)
       load.py verify BASE LEDGER                (every acknowledged write is present)
Standard library only.
"""
import http.client, json, random, sys, threading, time, urllib.parse

PASSWORD = "crash-test-passw0rd"


def call(base, method, path, token=None, body=None, timeout=10):
    u = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    try:
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        r = conn.getresponse()
        data = r.read()
        try:
            return r.status, json.loads(data) if data else None
        except ValueError:
            return r.status, None
    finally:
        conn.close()


class Ledger:
    def __init__(self, path):
        self.lock = threading.Lock()
        self.f = open(path, "a", buffering=1)

    def ack(self, **entry):
        with self.lock:
            self.f.write(json.dumps(entry) + "\n")


def learner(base, ledger, n, deadline, courses, stats):
    email = f"crash{n}@example.org"
    token = None
    rng = random.Random(n)
    while time.time() < deadline:
        try:
            if token is None:
                s, b = call(base, "POST", "/api/v1/auth/login", body={"username": email, "password": PASSWORD})
                if s != 200:
                    s, b = call(base, "POST", "/api/v1/auth/register",
                                body={"email": email, "password": PASSWORD, "full_name": f"Crash {n}"})
                    if s == 201:
                        ledger.ack(kind="user", email=email)
                    elif s not in (409,):
                        stats["other"] += 1
                        time.sleep(0.2)
                        continue
                    else:
                        continue
                token = b["access_token"]
            slug, lessons = rng.choice(courses)
            s, _ = call(base, "POST", f"/api/v1/courses/{slug}/enroll", token)
            if s == 201:
                ledger.ack(kind="enrollment", email=email, course=slug)
            elif s >= 500:
                stats["5xx"] += 1
            if lessons:
                lesson = rng.choice(lessons)
                s, _ = call(base, "POST", f"/api/v1/lessons/{lesson}/complete", token)
                if 200 <= s < 300:
                    ledger.ack(kind="completion", email=email, course=slug, lesson=lesson)
                elif s >= 500:
                    stats["5xx"] += 1
            s, _ = call(base, "POST", f"/api/v1/courses/{slug}/reviews", token,
                        {"rating": rng.randint(1, 5), "text": "crash test"})
            if s == 201:
                ledger.ack(kind="review", email=email, course=slug)
            elif s >= 500:
                stats["5xx"] += 1
            if rng.random() < 0.2:
                s, b = call(base, "POST", "/api/v1/diagnostika/start", token)
                if s == 201:
                    answers = [{"question_id": q["question_id"], "option_id": rng.choice(q["options"])["option_id"]}
                               for q in b["questions"]]
                    s, _ = call(base, "POST", "/api/v1/diagnostika/submit", token, {"answers": answers})
                    if s == 200:
                        ledger.ack(kind="diagnostic", email=email)
                    elif s >= 500:
                        stats["5xx"] += 1
            stats["ok"] += 1
        except (OSError, http.client.HTTPException):
            stats["errors"] += 1  # the server is down: try again shortly
            time.sleep(0.1)


def catalog(base):
    s, b = call(base, "GET", "/api/v1/courses?page_size=50")
    out = []
    for item in b["items"]:
        s, c = call(base, "GET", f"/api/v1/courses/{item['slug']}")
        lessons = [l["lesson_id"] for m in c.get("modules", []) for l in m.get("lessons", [])]
        out.append((item["slug"], lessons))
    return out


def write(base, ledger_path, users, seconds):
    deadline = time.time() + float(seconds)
    courses = None
    while courses is None and time.time() < deadline:
        try:
            courses = catalog(base)
        except (OSError, http.client.HTTPException, KeyError, TypeError):
            time.sleep(0.2)
    ledger = Ledger(ledger_path)
    stats = {"ok": 0, "errors": 0, "5xx": 0, "other": 0}
    threads = [threading.Thread(target=learner, args=(base, ledger, n, deadline, courses, stats))
               for n in range(int(users))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(stats))
    return 1 if stats["5xx"] else 0


def verify(base, ledger_path):
    entries = [json.loads(l) for l in open(ledger_path) if l.strip()]
    by_user = {}
    for e in entries:
        by_user.setdefault(e["email"], []).append(e)
    missing = []
    for email, es in by_user.items():
        s, b = call(base, "POST", "/api/v1/auth/login", body={"username": email, "password": PASSWORD})
        if s != 200:
            missing.append((email, "account"))
            continue
        token = b["access_token"]
        s, dash = call(base, "GET", "/api/v1/dashboard/my-courses?page_size=100", token)
        items = dash["items"] if isinstance(dash, dict) and "items" in dash else dash
        enrolled = {c["slug"] for c in items}
        for e in es:
            if e["kind"] == "enrollment" and e["course"] not in enrolled:
                missing.append((email, e))
            elif e["kind"] == "completion":
                s, lesson = call(base, "GET", f"/api/v1/lessons/{e['lesson']}", token)
                if s != 200 or not lesson.get("completed"):
                    missing.append((email, e))
            elif e["kind"] == "review":
                s, r = call(base, "GET", f"/api/v1/reviews?course={e['course']}&user_id={b['user']['user_id']}", token)
                if s != 200 or r["total"] != 1:
                    missing.append((email, e))
            elif e["kind"] == "diagnostic":
                s, r = call(base, "GET", "/api/v1/diagnostika/result", token)
                if s != 200 or not r.get("submitted"):
                    missing.append((email, e, r))
    kinds = {}
    for e in entries:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    print(json.dumps({"acknowledged": len(entries), "by_kind": kinds, "missing": len(missing)}))
    for m in missing[:20]:
        print("MISSING", m)
    return 1 if missing else 0


if __name__ == "__main__":
    if sys.argv[1] == "write":
        sys.exit(write(*sys.argv[2:6]))
    sys.exit(verify(*sys.argv[2:4]))
