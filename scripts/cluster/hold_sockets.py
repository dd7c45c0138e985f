"""Opens COUNT idle WebSocket connections to one process (the token from argv), keeps
them open for SECONDS, and prints how many were upgraded. Used by
scripts/cluster-measure.sh to measure memory per connection.
usage: python3 scripts/cluster/hold_sockets.py HOST PORT TOKEN COUNT SECONDS"""

import base64
import os
import socket
import sys
import time

host, port, token, count, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
held = []
for _ in range(count):
    s = socket.create_connection((host, port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(
        (
            f"GET /ws HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Sec-WebSocket-Protocol: bearer, {token}\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            break
        head += chunk
    if head.startswith(b"HTTP/1.1 101"):
        held.append(s)
    else:
        s.close()
print(len(held), flush=True)
time.sleep(seconds)
