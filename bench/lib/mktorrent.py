#!/usr/bin/env python3
"""Write a small single-file v1 .torrent whose trackers are the given URLs, print its info-hash.

    mktorrent.py OUT.torrent NAME TIER1_URLS [TIER2_URLS ...]

Each TIER argument is a comma-separated list of tracker URLs (one BEP 12 tier). The payload is
not real (random piece hash): trackers never see it; only the info-hash matters.
"""
import hashlib, os, sys


def benc(v):
    if isinstance(v, int):
        return b"i%de" % v
    if isinstance(v, str):
        v = v.encode()
    if isinstance(v, bytes):
        return b"%d:%s" % (len(v), v)
    if isinstance(v, list):
        return b"l" + b"".join(benc(x) for x in v) + b"e"
    if isinstance(v, dict):
        items = sorted((k.encode() if isinstance(k, str) else k, x) for k, x in v.items())
        return b"d" + b"".join(benc(k) + benc(x) for k, x in items) + b"e"
    raise TypeError(type(v))


out, name, tiers = sys.argv[1], sys.argv[2], [t.split(",") for t in sys.argv[3:]]
info = {"name": name, "length": 16384, "piece length": 16384, "pieces": os.urandom(20)}
meta = {"announce": tiers[0][0], "info": info, "created by": "trackerctl bench"}
if len(tiers) > 1 or len(tiers[0]) > 1:
    meta["announce-list"] = tiers
with open(out, "wb") as f:
    f.write(benc(meta))
print(hashlib.sha1(benc(info)).hexdigest())
