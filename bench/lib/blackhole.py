#!/usr/bin/env python3
"""A dead tracker on 127.0.0.1 that never answers. Prints its port, then serves until killed.

    blackhole.py tcp   accepts every connection, reads, and never sends a byte
    blackhole.py udp   a bound UDP socket that reads every datagram and never answers
"""
import socket, sys, threading, time

kind = sys.argv[1]
if kind == "tcp":
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(128)
else:
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind(("127.0.0.1", 0))
print(srv.getsockname()[1], flush=True)
held = []


def drain(c):
    try:
        while c.recv(65536):
            pass
    except OSError:
        pass


while True:
    if kind == "tcp":
        c, _ = srv.accept()
        held.append(c)  # keep it open: the client must time out by itself
        threading.Thread(target=drain, args=(c,), daemon=True).start()
    else:
        srv.recv(65536)
