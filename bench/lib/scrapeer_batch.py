"""Scrapes every info-hash of FILE at URL with scrapeer (PyPI), 64 hashes a call (its limit),
one call after another; prints how many hashes got counts.
    python3 bench/lib/scrapeer_batch.py URL FILE"""
import logging
import sys

from scrapeer import Scraper

logging.disable(logging.CRITICAL)
url, path = sys.argv[1], sys.argv[2]
with open(path, encoding="ascii") as f:
    hashes = [line.strip() for line in f if line.strip()]
answered = 0
for i in range(0, len(hashes), 64):
    part = hashes[i:i + 64]
    result = Scraper().scrape(part, [url], timeout=5)
    answered += sum(1 for h in part if h in result)
print(answered)
