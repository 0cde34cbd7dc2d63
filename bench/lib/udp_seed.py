#!/usr/bin/env python3
"""Registers one seeder (127.0.0.1:PORT, event=started, left=0) for every info-hash of LIST at a
BEP 15 UDP tracker, so that its scrape answers carry counts for all of them (opentracker leaves
hashes without peers out of an HTTP scrape). Pipelined: a window of announces in flight, lost
ones re-sent. Exits non-zero if some hash was never acknowledged.

    udp_seed.py udp://127.0.0.1:P/announce LIST [PORT]
"""
import os, socket, struct, sys, time
from urllib.parse import urlparse

u = urlparse(sys.argv[1])
hashes = [bytes.fromhex(l.strip()) for l in open(sys.argv[2]) if l.strip()]
port = int(sys.argv[3]) if len(sys.argv) > 3 else 6881
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
s.connect((u.hostname, u.port))
s.settimeout(0.5)


def connect():
    for _ in range(10):
        tid = os.urandom(4)
        s.send(struct.pack(">QI", 0x41727101980, 0) + tid)
        try:
            r = s.recv(64)
        except socket.timeout:
            continue
        if len(r) >= 16 and r[:4] == b"\0\0\0\0" and r[4:8] == tid:
            return r[8:16]
    sys.exit("udp_seed: no connect answer")


pending = dict(enumerate(hashes))
peer_id = b"-BENCH0-" + os.urandom(6).hex()[:12].encode()
for attempt in range(20):
    if not pending:
        break
    cid = connect()
    todo = list(pending)
    for start in range(0, len(todo), 256):
        window = todo[start:start + 256]
        for i in window:
            s.send(cid + struct.pack(">II", 1, i) + pending[i] + peer_id +
                   struct.pack(">QQQIIIiH", 0, 0, 0, 2, 0, 0, 0, port))
        deadline = time.time() + 1
        while time.time() < deadline and any(i in pending for i in window):
            try:
                r = s.recv(2048)
            except socket.timeout:
                break
            if len(r) >= 20 and struct.unpack(">I", r[:4])[0] == 1:
                pending.pop(struct.unpack(">I", r[4:8])[0], None)
if pending:
    sys.exit(f"udp_seed: {len(pending)} of {len(hashes)} hashes never acknowledged")
print(f"udp_seed: {len(hashes)} hashes announced")
