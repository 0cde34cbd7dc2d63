#!/usr/bin/env bash
# One process per torrent: scrape the first N hashes of LIST one at a time.
#   per_torrent.sh trackerctl TRACKERCTL_BIN ANNOUNCE_URL LIST N   (trackerctl scrape HASH --tracker URL --no-state --json)
#   per_torrent.sh curl       -              SCRAPE_URL   LIST N   (curl -s SCRAPE_URL?info_hash=%XX...)
# Fails (exit 1) on the first call that fails, so a broken run cannot pass as a fast one.
set -euo pipefail
tool=$1 bin=$2 url=$3 list=$4 n=$5
case $tool in
  trackerctl)
    head -n "$n" "$list" | while read -r h; do
      "$bin" scrape "$h" --tracker "$url" --no-state --json >/dev/null
    done ;;
  curl)
    # the percent-encoded hashes are prepared once (LIST.pct), as a script would keep them
    head -n "$n" "$list.pct" | while read -r q; do
      curl -sf "$url?info_hash=$q" >/dev/null
    done ;;
esac
