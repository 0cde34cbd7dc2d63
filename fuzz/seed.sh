#!/usr/bin/env bash
# Rebuilds the seed corpora fuzz/corpus/<target>/ from the test fixtures (read only).
# Usage: fuzz/seed.sh [FIXTURES_DIR]   (default: tests/fixtures of this repository)
# Existing corpus files are kept (libFuzzer adds to these folders while it runs); pass
# CLEAN=1 to start from the seeds alone.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fixtures="${1:-$here/../tests/fixtures}"
fixtures="$(cd "$fixtures" && pwd)"
corpus="$here/corpus"

targets=(bencode metainfo magnet http_response udp_packet tracker_url)
for t in "${targets[@]}"; do
    [[ "${CLEAN:-0}" == 1 ]] && rm -rf "${corpus:?}/$t"
    mkdir -p "$corpus/$t"
done

# bencode and metainfo: every .torrent (real, malformed, libtorrent's test corpus).
for dir in torrents malformed libtorrent-test-torrents; do
    for f in "$fixtures/$dir"/*.torrent; do
        for t in bencode metainfo; do
            cp "$f" "$corpus/$t/$dir-$(basename "$f")"
        done
    done
done
# The HTTP bodies are bencode too.
for f in "$fixtures"/responses/http/*; do
    cp "$f" "$corpus/bencode/http-$(basename "$f")"
done

# http_response: every HTTP body fixture.
for f in "$fixtures"/responses/http/*; do
    cp "$f" "$corpus/http_response/$(basename "$f")"
done

# udp_packet: every BEP 15 datagram.
for f in "$fixtures"/responses/udp/*.bin; do
    cp "$f" "$corpus/udp_packet/$(basename "$f")"
done

# magnet (each uri) and tracker_url (announce / announce-list of the torrents manifest, plus
# the tr= of the magnets), one file each, no trailing newline.
python3 - "$fixtures" "$corpus" <<'PY'
import json, sys, os
fixtures, corpus = sys.argv[1], sys.argv[2]

def write(target, name, text):
    with open(os.path.join(corpus, target, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)

magnets = json.load(open(os.path.join(fixtures, "magnets.json"), encoding="utf-8"))["magnets"]
urls = []
for i, m in enumerate(magnets):
    write("magnet", f"magnet-{i:02}", m["uri"])
    urls += (m.get("expected") or {}).get("tr") or []

torrents = json.load(open(os.path.join(fixtures, "torrents", "manifest.json"), encoding="utf-8"))["torrents"]
for t in torrents:
    if t.get("announce"):
        urls.append(t["announce"])
    for tier in t.get("announce_list") or []:
        urls += tier

seen = set()
for url in urls:
    if url in seen:
        continue
    seen.add(url)
    n = len(seen) - 1
    write("tracker_url", f"url-{n:02}", url)
    # The same URL followed by an echo of it, as a tracker's failure reason might carry.
    write("tracker_url", f"url-{n:02}-echo", f"{url}\nfailure reason: bad request {url}")
PY

for t in "${targets[@]}"; do
    printf '%-14s %4d seeds\n' "$t" "$(find "$corpus/$t" -type f | wc -l)"
done
