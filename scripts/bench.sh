#!/usr/bin/env bash
# The benchmark of issue #14: every database-bound hot route under load, side by side with
# GET /health/live (the HTTP ceiling) measured in the same run, on SQLite and PostgreSQL.
#
# usage: scripts/bench.sh [sqlite|postgres|both]            (default: both)
# environment:
#   BENCH_DURATION     wrk's duration per route (default 5s)
#   BENCH_CONNECTIONS  open connections (default 64)
#   BENCH_THREADS      wrk threads (default 2)
#   BENCH_LEARNERS     learners that sign in and send the authenticated requests (default 64)
#   BENCH_NO_BUILD     set: use target/release/practicum as it is
#   BENCH_BIN          another binary to measure (implies BENCH_NO_BUILD), e.g. a copy of
#                      the release binary before a change, for an A/B comparison
#   BENCH_ONLY         an extended regular expression: only the routes whose row label
#                      matches it are loaded (GET /health/live always is, for the shares),
#                      e.g. BENCH_ONLY='enroll|complete' for the writes
#   BENCH_PORT         the server's loopback port (default 18199)
#   PRACTICUM_TEST_POSTGRES_URL  an admin URL of the PostgreSQL server (a database is
#                      created and dropped); default postgres://postgres@127.0.0.1:5432/postgres
#
# For each database: a fresh database, `practicum seed-load` (10,000 published courses of
# 3 modules × 3 lessons, 2,000 learners × 10 enrollments with some lessons done), a
# release server on loopback with the rate limits and the access log off, the catalog cache off
# (CACHE_ENABLED=false: every catalog request queries the database), then wrk against each
# route; last, a server with the cache on for the warm catalog row. Authenticated requests
# spread over BENCH_LEARNERS learners. The writes never repeat themselves: every
# enrollment is a new (learner, course) pair, every completion a lesson not done yet (of
# the courses just enrolled in), as long as the pairs last.
#
# The level exam start has three rows: at BENCH_CONNECTIONS (throughput: its latency there
# is mostly the queue of writers), and at 1 and 4 connections (1 wrk thread), where the
# latency is that of one start (its share of /health/live then means little). Each of the
# three rows starts with BENCH_LEARNERS learners of its own who have sat no exam yet.
#
# Output: one Markdown table per database (req/s, p50, p99, errors = non-2xx responses +
# socket errors, share = req/s ÷ /health/live's req/s in the same run). wrk runs on the
# same machine as the server and shares its cores: compare shares, not absolute figures,
# across machines.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-both}"
duration="${BENCH_DURATION:-5s}"; conns="${BENCH_CONNECTIONS:-64}"; threads="${BENCH_THREADS:-2}"
learners="${BENCH_LEARNERS:-64}"
port="${BENCH_PORT:-18199}"; base="http://127.0.0.1:$port"
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench.sh needs $tool" >&2; exit 2; }
done
BIN="${BENCH_BIN:-${CARGO_TARGET_DIR:-target}/release/practicum}"
[ -n "${BENCH_NO_BUILD:-}${BENCH_BIN:-}" ] || cargo build --release -q -p practicum-server --bin practicum --locked
admin="${PRACTICUM_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
work=$(mktemp -d); pid=""; pgdb=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
cleanup() {
  stop
  [ -z "$pgdb" ] || psql "$admin" -q -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

export BIND_ADDR="127.0.0.1:$port" LOG_LEVEL=warn ACCESS_LOG_LEVEL=off PGOPTIONS="-c client_min_messages=warning"
export JWT_SECRET="bench-secret-0123456789abcdef0123456789"
# Nothing here measures logins: a cheap password hash makes signing in the learners quick.
export PASSWORD_HASH_MEMORY_KIB=8192 PASSWORD_HASH_ITERATIONS=1
export AUTH_RATE_LIMIT_PER_MINUTE=0 AUTH_ACCOUNT_RATE_LIMIT_PER_MINUTE=0
export AUTH_ADDRESS_RATE_LIMIT_PER_MINUTE=0 WRITE_RATE_LIMIT_PER_MINUTE=0
unset REDIS_URL DATABASE_READ_URL
# The allocator settings of the service's environment, as the container image sets them
# (Dockerfile; ADR 0046, ADR 0068).
export MALLOC_MMAP_THRESHOLD_=131072 MIMALLOC_PURGE_DELAY=0 MIMALLOC_ARENA_EAGER_COMMIT=0

# sql <query>: rows as "a b" lines, from the database under test.
sql() {
  case "$backend" in
    # A busy timeout: the server writes (and checkpoints) while the script reads.
    sqlite) sqlite3 -cmd ".timeout 5000" -separator ' ' "$work/bench.db" "$1" ;;
    postgres) psql "$DATABASE_URL" -qAt -F ' ' -c "$1" ;;
  esac
}

serve() { # CACHE_ENABLED value
  CACHE_ENABLED="$1" "$BIN" serve >"$work/server.log" 2>&1 & pid=$!
  for _ in $(seq 1 150); do curl -fs "$base/health/live" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1
}

health_rps=""
# load <label> <url> [wrk args…]: one table row.
load() {
  local label="$1" target="$2"; shift 2
  if [ -n "${BENCH_ONLY:-}" ] && [ "$label" != "GET /health/live" ] \
     && ! grep -qE -- "$BENCH_ONLY" <<<"$label"; then return 0; fi
  local out
  out=$(WRK_THREADS="$threads" wrk -t"$threads" -c"$conns" -d"$duration" --latency "$@" "$target" 2>&1) || true
  WRK_OUT="$out" LABEL="$label" HEALTH="$health_rps" python3 - <<'EOF'
import os, re
out, label, health = os.environ["WRK_OUT"], os.environ["LABEL"], os.environ["HEALTH"]
sockets = out
# A script that sends other requests besides the measured ones (exam-start.lua: each start
# is followed by its submit) prints its own section in wrk's format: the row is read there.
if "\nExam starts\n" in out: out = out.split("\nExam starts\n", 1)[1]
def ms(p):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, out, re.M)
    if not m: return "n/a"
    v = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    return f"{v:.2f} ms"
m = re.search(r"Requests/sec:\s+([\d.]+)", out)
rps = float(m.group(1)) if m else 0.0
errors = sum(int(x) for x in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", out))
s = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", sockets)
if s: errors += sum(int(x) for x in s.groups())
share = f"{100 * rps / float(health):.1f} %" if health else "100 %"
print(f"| {label} | {rps:,.0f} | {ms(50)} | {ms(99)} | {errors} | {share} |")
if not m: print("wrk said: " + out.replace("\n", " / ")[:300])
EOF
}

# sign_in <first> <count> <file>: the access tokens of learner<first>… (one a line).
sign_in() {
  : >"$3"
  local n
  for n in $(seq "$1" $(($1 + $2 - 1))); do
    curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
      -d "{\"username\":\"learner$n@load.example.org\",\"password\":\"load-test-password\"}" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])' >>"$3"
  done
}

rps_of() { sed -n 's/^| [^|]* | \([0-9,]*\) |.*/\1/p' <<<"$1" | tr -d ,; }

bench() {
  backend="$1"; health_rps=""
  case "$backend" in
    sqlite) rm -f "$work"/bench.db*; export DATABASE_URL="sqlite:$work/bench.db?mode=rwc" ;;
    postgres)
      pgdb="practicum_bench_$$"
      psql "$admin" -q -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" -c "CREATE DATABASE $pgdb" >/dev/null
      export DATABASE_URL="${admin%/*}/$pgdb" ;;
    *) echo "the database must be sqlite, postgres or both" >&2; exit 2 ;;
  esac
  local seed_args=(--courses 10000 --learners 2000 --enrollments 20000)
  # The level exam's question bank, when seed-load can generate one (`--questions`).
  local exam=""
  if "$BIN" seed-load --help | grep -q -- '--questions'; then
    seed_args+=(--questions 100000); exam=1
  fi
  "$BIN" seed-load "${seed_args[@]}" >"$work/seed.log"
  serve false

  # Sign the learners in; the dashboard rows and the writes use their tokens.
  sign_in 1 "$learners" "$work/tokens"
  local emails=""
  for n in $(seq 1 "$learners"); do emails+="${emails:+,}'learner$n@load.example.org'"; done
  # "<token number> <path>" lines: token n belongs to learner n.
  local who="CAST(SUBSTR(u.email, 8, STRPOS(u.email, '@') - 8) AS INTEGER)"
  [ "$backend" = sqlite ] && who="CAST(SUBSTR(u.email, 8, INSTR(u.email, '@') - 8) AS INTEGER)"
  sql "SELECT $who, '/api/v1/dashboard/courses/' || c.slug FROM enrollments e \
       JOIN users u ON u.id = e.user_id JOIN courses c ON c.id = e.course_id \
       WHERE u.email IN ($emails) ORDER BY e.id" >"$work/progress-pairs"
  # Courses none of these learners is enrolled in, each to be enrolled in by all of them;
# shuffled (deterministically) so that concurrent requests hit different courses and
# learners, not 64 learners one course (its row lock would be all that is measured).
  sql "SELECT $who, '/api/v1/courses/' || c.slug || '/enroll' FROM courses c CROSS JOIN users u \
       WHERE u.email IN ($emails) AND c.status = 'published' AND NOT EXISTS (SELECT 1 FROM \
         enrollments e JOIN users v ON v.id = e.user_id WHERE e.course_id = c.id AND v.email IN ($emails)) \
       ORDER BY MOD(c.id * 31 + u.id * 17, 9973), c.id, u.id LIMIT 400000" >"$work/enroll-pairs"

  local date; date=$(date -u +%Y-%m-%d)
  echo
  local build="release build"; [ -z "${BENCH_BIN:-}" ] || build="binary $BENCH_BIN"
  echo "### $backend — $date, $build, $conns connections, $threads wrk threads, $duration per route, $(nproc) cores shared by server and wrk"
  echo
  echo "$(grep -o 'seed-load.*' "$work/seed.log" | head -1)"
  echo
  echo "| route | req/s | p50 | p99 | errors | share of /health/live |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  local row
  row=$(load "GET /health/live" "$base/health/live"); echo "$row"
  health_rps=$(rps_of "$row")
  TOKENS_FILE="$work/tokens" load "GET /auth/me" "$base/api/v1/auth/me" -s scripts/bench/tokens.lua
  TOKENS_FILE="$work/tokens" load "GET /dashboard/my-courses" "$base/api/v1/dashboard/my-courses" -s scripts/bench/tokens.lua
  TOKENS_FILE="$work/tokens" PAIRS_FILE="$work/progress-pairs" \
    load "GET /dashboard/courses/{slug}" "$base" -s scripts/bench/pairs.lua
  local v
  for v in "page=1&page_size=20" "category=computer-vision&sort=popularity" "tag=pytorch&price_max=50" \
           "page=20&page_size=50&sort=rating" "search=neural%20networks"; do
    load "GET /courses?$v (uncached)" "$base/api/v1/courses?$v"
  done
  # The rows above send one URL from every connection: concurrent identical requests share
  # one computation (ADR 0066). Here no two requests in flight ask for the same page.
  PAGES_PATH="/api/v1/courses?page_size=20" \
    load "GET /courses?page=1…100&page_size=20 (uncached, no two alike at once)" "$base" -s scripts/bench/pages.lua
  if [ -n "$exam" ] && [ -f scripts/bench/exam-start.lua ]; then
    # At 64 connections the starts queue on the one writer (SQLite) or the commits
    # (PostgreSQL) behind each other and behind the submits: that row is the route's
    # throughput, its latency is queueing. The cost of one start is read where it does not
    # queue: 1 connection (each start, then its submit, one at a time) and 4. Those run
    # first. Each row has learners of its own, none of whom has sat an exam when the row
    # starts (the diagnostic graded, the content assigned, as seed-load leaves them: their
    # seen questions are the diagnostic's): learner<L+1>…<2L> for 1 connection, then the
    # next L for 4, the next L for BENCH_CONNECTIONS (L = BENCH_LEARNERS). Within a row a
    # learner sits one failed exam after another (each start, then its submit), so its
    # seen set grows by one exam per cycle; the start's cost does not depend on it (ADR
    # 0053). A run that stops leaves up to one open attempt per connection; with learners
    # of their own, no later row sees it.
    # seed-load makes 2,000 learners: BENCH_LEARNERS up to 500.
    local c at=$((learners + 1))
    for c in 1 4 all; do
      sign_in "$at" "$learners" "$work/exam-tokens"; at=$((at + learners))
      if [ "$c" = all ]; then
        TOKENS_FILE="$work/exam-tokens" load "POST /exams/level/start (100k questions)" "$base" -s scripts/bench/exam-start.lua
      else
        (conns=$c threads=1
         TOKENS_FILE="$work/exam-tokens" load "POST /exams/level/start (100k questions, $c connection$([ "$c" = 1 ] || echo s))" \
           "$base" -s scripts/bench/exam-start.lua)
      fi
    done
  fi
  TOKENS_FILE="$work/tokens" PAIRS_FILE="$work/enroll-pairs" METHOD=POST \
    load "POST /courses/{slug}/enroll" "$base" -s scripts/bench/pairs.lua
  # Lessons not done yet in the courses these learners are enrolled in (mostly those
  # just enrolled in), lesson by lesson across learners.
  sql "SELECT $who, '/api/v1/lessons/' || l.id || '/complete' FROM enrollments e \
       JOIN users u ON u.id = e.user_id JOIN modules m ON m.course_id = e.course_id \
       JOIN lessons l ON l.module_id = m.id WHERE u.email IN ($emails) AND NOT EXISTS \
         (SELECT 1 FROM lesson_completions k WHERE k.user_id = u.id AND k.lesson_id = l.id) \
       ORDER BY MOD(l.id * 31 + u.id * 17, 9973), l.id, u.id LIMIT 400000" >"$work/complete-pairs"
  # Without the enrollment row before it (BENCH_ONLY='complete'), the learners' seeded
  # courses leave a few thousand lessons not done: the row then goes round them and
  # measures mostly idempotent repeats, which write nothing. Say so.
  if [ "$(wc -l <"$work/complete-pairs")" -lt 50000 ]; then
    echo "(note: only $(wc -l <"$work/complete-pairs") lessons not done yet: the completion row below is mostly repeats; run it with the enrollment row)" >&2
  fi
  TOKENS_FILE="$work/tokens" PAIRS_FILE="$work/complete-pairs" METHOD=POST \
    load "POST /lessons/{id}/complete" "$base" -s scripts/bench/pairs.lua
  stop
  serve true
  curl -fs "$base/api/v1/courses?page=1&page_size=20" >/dev/null
  load "GET /courses?page=1&page_size=20 (cache warm)" "$base/api/v1/courses?page=1&page_size=20"
  stop
  if [ "$backend" = postgres ]; then
    psql "$admin" -q -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null; pgdb=""
  fi
}

case "$which" in
  both) bench sqlite; bench postgres ;;
  *) bench "$which" ;;
esac
