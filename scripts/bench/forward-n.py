#!/usr/bin/env python3
"""Sends exactly COUNT classifications to POST URL at CONCURRENCY connections, then exits.

The same request as forward.lua (IMAGE as multipart, Bearer TOKEN), for a fixed count
rather than a duration. wrk cannot do this: `wrk.thread:stop()` stops the thread's event
loop, but wrk's main thread still sleeps for the whole `-d` before it joins the threads
and prints anything, so a count with `-d600s` looked like a run hanging for ten minutes
with no output (scripts/bench-ml.sh before 2026-12-05).

usage: COUNT=1000 CONCURRENCY=8 IMAGE=dog.jpg TOKEN=... forward-n.py URL
Prints "responses N (200: n, ...) in S s"; exits 1 if any response was not 200.
"""
import http.client
import os
import sys
import threading
import time
import urllib.parse
from collections import Counter

url = urllib.parse.urlsplit(sys.argv[1])
count = int(os.environ.get("COUNT", "1000"))
concurrency = int(os.environ.get("CONCURRENCY", "8"))
timeout = float(os.environ.get("TIMEOUT_S", "120"))
with open(os.environ["IMAGE"], "rb") as f:
    image = f.read()
boundary = "practicum-bench-boundary"
body = (
    f"--{boundary}\r\n"
    'Content-Disposition: form-data; name="image"; filename="image.jpg"\r\n'
    "Content-Type: image/jpeg\r\n\r\n"
).encode() + image + f"\r\n--{boundary}--\r\n".encode()
headers = {
    "Authorization": "Bearer " + os.environ["TOKEN"],
    "Content-Type": "multipart/form-data; boundary=" + boundary,
}

lock = threading.Lock()
left = count
statuses = Counter()


def take() -> bool:
    global left
    with lock:
        if left == 0:
            return False
        left -= 1
        return True


def worker() -> None:
    conn = None
    while take():
        status = "error"
        try:
            if conn is None:
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
            conn.request("POST", url.path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as e:
            status = type(e).__name__
            if conn is not None:
                conn.close()
            conn = None
        with lock:
            statuses[status] += 1
    if conn is not None:
        conn.close()


started = time.monotonic()
threads = [threading.Thread(target=worker) for _ in range(concurrency)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - started
detail = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str))
print(f"responses {sum(statuses.values())} ({detail}) in {elapsed:.1f} s")
sys.exit(0 if statuses.get(200, 0) == count else 1)
