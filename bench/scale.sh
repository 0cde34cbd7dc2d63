#!/usr/bin/env bash
# Scale bench (many torrents in one call), side by side in one run: trackerctl against the
# scrapers people use today — bittorrent-tracker's own client (`Client.scrape`, npm) and
# scrapeer (PyPI) — and batch announce/stop against one process per torrent. Wall time and peak
# RSS of whole processes (GNU time), on 127.0.0.1 only. Run by hand, not by CI.
#   bash bench/scale.sh
# Knobs (environment): SIZES ("10000 100000 1000000" UDP scrape sizes), HTTP_N (100000),
# PEER_SIZES ("10000 100000": the sizes the peer scrapers are given), BATCH_N (10000),
# PER_PROCESS_N (500: announces timed one process each). Output: a markdown table on stdout and
# in bench/results/scale.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
SIZES=${SIZES:-"10000 100000 1000000"} HTTP_N=${HTTP_N:-100000} PEER_SIZES=${PEER_SIZES:-"10000 100000"}
BATCH_N=${BATCH_N:-10000} PER_PROCESS_N=${PER_PROCESS_N:-500}
out=$here/results
work=$(mktemp -d -t trackerctl-scale.XXXXXX)
chmod 755 "$work"
bg_pids=()
# shellcheck source=../tests/harness/opentracker.sh
. "$repo/tests/harness/opentracker.sh"
cleanup() {
  [ -d "$work/ot" ] && ot_stop "$work/ot"
  for p in ${bg_pids[@]+"${bg_pids[@]}"}; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "== $*" >&2; }

log "installing what is missing (opentracker, bittorrent-tracker, GNU time, scrapeer)"
bash "$repo/tests/harness/install.sh" tools opentracker bittorrent-tracker >&2
command -v /usr/bin/time >/dev/null || { apt-get install -y -q time >/dev/null; }
if [ ! -d "$repo/.trackers/py/scrapeer" ]; then
  python3 -m pip install -q --target "$repo/.trackers/py" scrapeer==1.0.11 >&2
fi
log "cargo build --release"
(cd "$repo" && cargo build --release --locked -q)
T=$repo/target/release/trackerctl
export TRACKERCTL=$T

log "starting opentracker and bittorrent-tracker on 127.0.0.1"
ot_start "$work/ot"
OT_UDP_URL=$OT_UDP OT_HTTP_URL=$OT_URL
node "$repo/tests/harness/bt-tracker.mjs" >"$work/bt.ports" 2>/dev/null &
bg_pids+=($!)
for _ in $(seq 50); do [ -s "$work/bt.ports" ] && break; sleep 0.1; done
BT_HTTP=http://127.0.0.1:$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' "$work/bt.ports")/announce

python3 - "$work" $SIZES "$HTTP_N" $PEER_SIZES "$BATCH_N" <<'PY'
import random, sys
work = sys.argv[1]
random.seed(12)
for n in sorted(set(int(a) for a in sys.argv[2:])):
    with open(f"{work}/h{n}.txt", "w") as f:
        for _ in range(n):
            f.write("%040x\n" % random.getrandbits(160))
PY

# measure NAME CMD...: runs CMD once, records wall seconds and peak RSS (KiB) under NAME.
declare -A WALL RSS
measure() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || {
    echo "bench: $name failed:" >&2; tail -5 "$work/stderr" >&2; return 1; }
  read -r WALL[$name] RSS[$name] <"$work/time"
  log "$name: ${WALL[$name]} s, $(( ${RSS[$name]} / 1024 )) MiB"
}
# every row's count of answered hashes, checked after each peer run
answered() { tail -1 "$work/stdout"; }

log "scrape over UDP (opentracker)"
for n in $SIZES; do
  measure "udp_tsv_$n" "$T" scrape --no-state --from-file "$work/h$n.txt" --tracker "$OT_UDP_URL" --format tsv
  [ "$(($(wc -l <"$work/stdout") - 1))" = "$n" ] || { echo "bench: udp $n: rows missing" >&2; exit 1; }
done
big=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
measure "udp_ndjson_$big" "$T" scrape --no-state --from-file "$work/h$big.txt" --tracker "$OT_UDP_URL" --format ndjson
measure "udp_w1_$big" "$T" scrape --no-state --from-file "$work/h$big.txt" --tracker "$OT_UDP_URL" --format tsv --window 1
for n in $PEER_SIZES; do
  measure "udp_bt_$n" node --import "$here/lib/no-webrtc.mjs" "$here/lib/bt_scrape.mjs" "${OT_UDP_URL%/announce}" "$work/h$n.txt"
  [ "$(answered)" = "$n" ] || echo "bench: bittorrent-tracker client answered $(answered) of $n" >&2
  measure "udp_scrapeer_$n" env PYTHONPATH="$repo/.trackers/py" python3 "$here/lib/scrapeer_batch.py" "$OT_UDP_URL" "$work/h$n.txt"
  [ "$(answered)" = "$n" ] || echo "bench: scrapeer answered $(answered) of $n" >&2
  measure "udp_tsv_peer_$n" "$T" scrape --no-state --from-file "$work/h$n.txt" --tracker "$OT_UDP_URL" --format tsv
done

log "scrape over HTTP (bittorrent-tracker, which answers unknown hashes with zeros)"
measure "http_tsv_$HTTP_N" "$T" scrape --no-state --from-file "$work/h$HTTP_N.txt" --tracker "$BT_HTTP" --format tsv
for n in $PEER_SIZES; do
  measure "http_tsv_peer_$n" "$T" scrape --no-state --from-file "$work/h$n.txt" --tracker "$BT_HTTP" --format tsv
  measure "http_bt_$n" node --import "$here/lib/no-webrtc.mjs" "$here/lib/bt_scrape.mjs" "$BT_HTTP" "$work/h$n.txt" 40
  measure "http_scrapeer_$n" env PYTHONPATH="$repo/.trackers/py" python3 "$here/lib/scrapeer_batch.py" "$BT_HTTP" "$work/h$n.txt"
done

log "announce and stop of $BATCH_N torrents (bittorrent-tracker over HTTP)"
export TRACKERCTL_STATE=$work/state.json
measure "announce_batch_$BATCH_N" "$T" announce --from-file "$work/h$BATCH_N.txt" --tracker "$BT_HTTP" --left 0 --format tsv
measure "stop_batch_$BATCH_N" "$T" stop --from-file "$work/h$BATCH_N.txt" --tracker "$BT_HTTP" --format tsv
head -"$PER_PROCESS_N" "$work/h$BATCH_N.txt" >"$work/per.txt"
# A state file of its own, empty at first, as the batch's was.
export TRACKERCTL_STATE=$work/per-process-state.json
measure "announce_per_process_$PER_PROCESS_N" bash -c '
  while read -r h; do "$0" announce "$h" --tracker "$1" --left 0 -q || exit 1; done <"$2"' \
  "$T" "$BT_HTTP" "$work/per.txt"
unset TRACKERCTL_STATE

mkdir -p "$out"
{
  echo "| run | wall | peak RSS | per hash | vs trackerctl |"
  echo "|---|---|---|---|---|"
  row() { # NAME LABEL N [REFERENCE]
    local w=${WALL[$1]} r=${RSS[$1]} n=$3 ref=${4:-}
    local per ratio=""
    per=$(python3 -c "print(f'{$w / $n * 1e6:.2f} µs')")
    [ -n "$ref" ] && ratio=$(python3 -c "print(f'{$w / ${WALL[$ref]}:.1f}× the time, {$r / ${RSS[$ref]}:.1f}× the memory')")
    echo "| $2 | $w s | $((r / 1024)) MiB | $per | $ratio |"
  }
  for n in $SIZES; do row "udp_tsv_$n" "trackerctl scrape, UDP, $n hashes, TSV" "$n"; done
  row "udp_ndjson_$big" "trackerctl scrape, UDP, $big hashes, NDJSON" "$big"
  row "udp_w1_$big" "trackerctl scrape, UDP, $big hashes, --window 1" "$big" "udp_tsv_$big"
  for n in $PEER_SIZES; do
    row "udp_bt_$n" "bittorrent-tracker Client.scrape, UDP, $n hashes (74 a call)" "$n" "udp_tsv_peer_$n"
    row "udp_scrapeer_$n" "scrapeer, UDP, $n hashes (64 a call)" "$n" "udp_tsv_peer_$n"
  done
  row "http_tsv_$HTTP_N" "trackerctl scrape, HTTP, $HTTP_N hashes" "$HTTP_N"
  for n in $PEER_SIZES; do
    row "http_tsv_peer_$n" "trackerctl scrape, HTTP, $n hashes" "$n"
    row "http_bt_$n" "bittorrent-tracker Client.scrape, HTTP, $n hashes (40 a call)" "$n" "http_tsv_peer_$n"
    row "http_scrapeer_$n" "scrapeer, HTTP, $n hashes (64 a call)" "$n" "http_tsv_peer_$n"
  done
  row "announce_batch_$BATCH_N" "trackerctl announce, $BATCH_N torrents, one call" "$BATCH_N"
  row "stop_batch_$BATCH_N" "trackerctl stop, $BATCH_N torrents, one call" "$BATCH_N"
  row "announce_per_process_$PER_PROCESS_N" "trackerctl announce, one process per torrent ($PER_PROCESS_N)" "$PER_PROCESS_N"
  echo
  echo "Per-torrent cost, one process each vs one call: $(python3 -c "print(f'{(${WALL[announce_per_process_$PER_PROCESS_N]} / $PER_PROCESS_N) / (${WALL[announce_batch_$BATCH_N]} / $BATCH_N):.0f}×')")"
} | tee "$out/scale.md"
