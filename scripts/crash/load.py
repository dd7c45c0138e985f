#!/usr/bin/env python3
"""Crash-test client: many learners write (register, enroll, complete lessons, review,
and walk the adaptive path: the diagnostic, content assignment, mini-tests, level exams
and rank finals, with an admin approving rank transitions) through the HTTP API while the
server is killed and restarted. Every write answered 2xx is appended to the ledger
*after* the answer arrived; a write that got no answer (connection reset by the kill) is
retried later or left out.

A learner answers exam questions from the answer key (read from the database before the
load: question_options.is_correct), right with probability 0.8, so some exams pass and
some fail. An exam started before a kill whose answer was lost stays open (409
attempt_in_progress / diagnostic_already_started); the learner then reads that attempt's
questions from the database and submits it, so a crash never strands a learner.

usage: load.py write BASE LEDGER USERS SECONDS   (one writing phase, stops by itself)
       load.py verify BASE LEDGER                (every acknowledged write is present)
The database is named by CRASH_SQLITE (a file) or CRASH_DB_URL (PostgreSQL, via psql).
Standard library only.
"""
import http.client, json, os, random, sqlite3, subprocess, sys, threading, time, urllib.parse

PASSWORD = "crash-test-passw0rd"
ADMIN_EMAIL = os.environ.get("ADMIN_EMAIL", "")
ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "")
P_RIGHT = 0.8


def db(sql):
    """Rows of `sql` on the server's database (read-only use), as lists of strings."""
    path = os.environ.get("CRASH_SQLITE")
    if path:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            return [[str(v) for v in row] for row in conn.execute(sql).fetchall()]
        finally:
            conn.close()
    out = subprocess.run(["psql", os.environ["CRASH_DB_URL"], "-tAq", "-F", "|", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("|") for line in out.splitlines() if line]


def answer_key():
    """question id -> (correct option id, the other option ids)."""
    key = {}
    for q, o, right in db("SELECT question_id, id, CASE WHEN is_correct THEN 1 ELSE 0 END FROM question_options"):
        k = key.setdefault(int(q), [None, []])
        if right == "1":
            k[0] = int(o)
        else:
            k[1].append(int(o))
    return key


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


def answers_for(questions, key, rng, p_right=P_RIGHT):
    out = []
    for q in questions:
        right, wrong = key[q]
        option = right if (rng.random() < p_right or not wrong) else rng.choice(wrong)
        out.append({"question_id": q, "option_id": option})
    return out


def open_attempt_questions(attempt_id):
    return [int(r[0]) for r in db(f"SELECT question_id FROM attempt_questions WHERE attempt_id = {int(attempt_id)} ORDER BY position")]


def count_5xx(stats, status):
    if status >= 500:
        stats["5xx"] += 1


def adaptive_step(base, ledger, email, token, rng, key, stats):
    """One step along the learner's adaptive path, resumable after any crash."""
    s, st = call(base, "GET", "/api/v1/progress/current-stage", token)
    count_5xx(stats, s)
    if s != 200 or st.get("graduated") or st.get("status") != "active":
        return
    if st["stage"] == "trainee_0" and not st["diagnostic_done"]:
        s, b = call(base, "POST", "/api/v1/diagnostika/start", token)
        count_5xx(stats, s)
        if s == 201:
            questions = [q["question_id"] for q in b["questions"]]
        elif s == 409:
            rows = db("SELECT a.id FROM attempts a JOIN users u ON u.id = a.user_id "
                      f"WHERE u.email = '{email}' AND a.kind = 'diagnostic' AND a.status = 'started'")
            if not rows:
                return
            questions = open_attempt_questions(rows[0][0])
        else:
            return
        s, r = call(base, "POST", "/api/v1/diagnostika/submit", token, {"answers": answers_for(questions, key, rng, 0.5)})
        count_5xx(stats, s)
        if s == 200:
            ledger.ack(kind="diagnostic", email=email)
        return
    if not st["content_assigned"]:
        s, _ = call(base, "POST", "/api/v1/content/assign", token)
        count_5xx(stats, s)
        if s == 201:
            ledger.ack(kind="assignment", email=email, stage=st["stage"])
        return
    s, my = call(base, "GET", "/api/v1/content/my", token)
    count_5xx(stats, s)
    if s != 200:
        return
    for item in my["items"]:
        if item["closed"]:
            continue
        if item["kind"] == "optional":
            s, _ = call(base, "POST", f"/api/v1/content/{item['id']}/read", token)
            count_5xx(stats, s)
        else:
            s, m = call(base, "GET", f"/api/v1/content/{item['id']}/minitest", token)
            count_5xx(stats, s)
            if s != 200:
                continue
            body = {"answers": answers_for([q["question_id"] for q in m["questions"]], key, rng, 1.0)}
            s, r = call(base, "POST", f"/api/v1/content/{item['id']}/minitest/submit", token, body)
            count_5xx(stats, s)
            if s == 200 and r.get("passed"):
                ledger.ack(kind="minitest", email=email, article=item["id"])
        return  # one article per step: the kills land between them too
    if not my["eligibility"]["eligible"]:
        return
    exam = "rank-final" if st["rank_final_open"] else "level"
    s, b = call(base, "POST", f"/api/v1/exams/{exam}/start", token)
    count_5xx(stats, s)
    if s == 201:
        attempt, questions = b["attempt_id"], [q["question_id"] for q in b["questions"]]
    elif s == 409 and isinstance(b, dict) and (b.get("error", {}).get("details") or {}).get("attempt_id"):
        attempt = b["error"]["details"]["attempt_id"]
        questions = open_attempt_questions(attempt)
    else:
        return
    s, r = call(base, "POST", f"/api/v1/exams/{exam}/{attempt}/submit", token, {"answers": answers_for(questions, key, rng)})
    count_5xx(stats, s)
    if s == 200:
        ledger.ack(kind="exam", email=email, exam=exam, stage=st["stage"], attempt=attempt,
                   score=r["score_total"], total=r["total_q"], passed=r["passed"])


def admin(base, ledger, deadline, stats):
    """Approves every pending rank transition, as an admin would."""
    token = None
    while time.time() < deadline:
        try:
            if token is None:
                s, b = call(base, "POST", "/api/v1/admin/login", body={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
                count_5xx(stats, s)
                if s != 200:
                    time.sleep(0.2)
                    continue
                token = b["access_token"]
            s, page = call(base, "GET", "/api/v1/admin/approvals/pending?page_size=100", token)
            count_5xx(stats, s)
            if s == 401:
                token = None
                continue
            for a in (page or {}).get("items", []) if s == 200 else []:
                s, _ = call(base, "POST", f"/api/v1/admin/approvals/{a['id']}/approve", token, {})
                count_5xx(stats, s)
                if s == 200:
                    ledger.ack(kind="approval", email=a["user_email"], approval=a["id"])
            time.sleep(0.3)
        except (OSError, http.client.HTTPException):
            stats["errors"] += 1
            time.sleep(0.1)


def learner(base, ledger, n, deadline, courses, stats, key):
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
            if rng.random() < 0.6:
                adaptive_step(base, ledger, email, token, rng, key, stats)
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
    key = answer_key()
    ledger = Ledger(ledger_path)
    stats = {"ok": 0, "errors": 0, "5xx": 0, "other": 0}
    threads = [threading.Thread(target=learner, args=(base, ledger, n, deadline, courses, stats, key))
               for n in range(int(users))]
    threads.append(threading.Thread(target=admin, args=(base, ledger, deadline, stats)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(stats))
    return 1 if stats["5xx"] else 0


def verify_in_db(e):
    """Whether an acknowledged adaptive write is in the database, as acknowledged."""
    email = e["email"].replace("'", "''")
    user = f"(SELECT id FROM users WHERE email = '{email}')"
    if e["kind"] == "exam":
        kind = "rank_final" if e["exam"] == "rank-final" else "level"
        rows = db("SELECT status, correct, questions_total, CASE WHEN passed THEN 1 ELSE 0 END FROM attempts "
                  f"WHERE id = {int(e['attempt'])} AND user_id = {user} AND kind = '{kind}'")
        return rows == [["submitted", str(e["score"]), str(e["total"]), "1" if e["passed"] else "0"]]
    if e["kind"] == "diagnostic":
        # In the database: a learner who has since graduated gets 412 on the result route.
        return db("SELECT status FROM attempts "
                  f"WHERE user_id = {user} AND kind = 'diagnostic'") == [["submitted"]]
    if e["kind"] == "approval":
        return db(f"SELECT status FROM approval_requests WHERE id = {int(e['approval'])}") == [["approved"]]
    if e["kind"] == "minitest":
        return db("SELECT COUNT(*) FROM content_assignments WHERE minitest_passed_at IS NOT NULL "
                  f"AND user_id = {user} AND article_id = {int(e['article'])}") == [["1"]]
    if e["kind"] == "assignment":
        return db("SELECT COUNT(*) FROM content_assignments c JOIN stages s ON s.id = c.stage_id "
                  f"WHERE c.user_id = {user} AND s.rank || '_' || s.level = '{e['stage']}'") != [["0"]]
    raise ValueError(e["kind"])


IN_DB = {"exam", "approval", "minitest", "assignment", "diagnostic"}


def verify(base, ledger_path):
    entries = [json.loads(l) for l in open(ledger_path) if l.strip()]
    by_user = {}
    missing = []
    for e in entries:
        if e["kind"] in IN_DB:
            if not verify_in_db(e):
                missing.append((e["email"], e))
        else:
            by_user.setdefault(e["email"], []).append(e)
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
    kinds = {}
    for e in entries:
        k = e["kind"] if e["kind"] != "exam" else f"{e['exam']} exam ({'passed' if e['passed'] else 'failed'})"
        kinds[k] = kinds.get(k, 0) + 1
    print(json.dumps({"acknowledged": len(entries), "by_kind": kinds, "missing": len(missing)}))
    for m in missing[:20]:
        print("MISSING", m)
    return 1 if missing else 0


if __name__ == "__main__":
    if sys.argv[1] == "write":
        sys.exit(write(*sys.argv[2:6]))
    sys.exit(verify(*sys.argv[2:4]))
