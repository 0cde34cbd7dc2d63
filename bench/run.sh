#!/usr/bin/env bash
# trackerctl benchmarks, side by side with curl, transmission-show, libtorrent and sha1sum.
# Run by hand (as root: it apt-installs what is missing), not by CI. Contacts only 127.0.0.1.
#   bash bench/run.sh
# Knobs (environment): RUNS (30) WARMUP (3) for the single-request rows; BATCH_RUNS (10);
# PER_CALL_N (300) calls timed for the one-process-per-torrent rows; N_HASHES (10000);
# DEAD_RUNS (3); TIMEOUT (5); FIXTURES (tests/fixtures of this repository).
# Output: the markdown table on stdout and in bench/results/table.md, hyperfine JSON and the raw
# figures beside it in bench/results/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
RUNS=${RUNS:-30} WARMUP=${WARMUP:-3} BATCH_RUNS=${BATCH_RUNS:-10} PER_CALL_N=${PER_CALL_N:-300}
N_HASHES=${N_HASHES:-10000} DEAD_RUNS=${DEAD_RUNS:-3} TIMEOUT=${TIMEOUT:-5}
FIXTURES=${FIXTURES:-$repo/tests/fixtures}
# shellcheck source=../tests/harness/opentracker.sh
. "$repo/tests/harness/opentracker.sh"
LARGE=$FIXTURES/torrents/large_info_200k_pieces.torrent
PY=/usr/bin/python3          # Debian's python: python3-libtorrent is installed for it only
out=$here/results
work=$(mktemp -d -t trackerctl-bench.XXXXXX)
# opentracker re-reads its whitelist as user nobody (SIGHUP): the folders above its list must be
# open to others, and mktemp makes this one private.
chmod 755 "$work"
bg_pids=()

cleanup() {
  for d in "$work"/ot*; do [ -d "$d" ] && ot_stop "$d"; done
  for p in ${bg_pids[@]+"${bg_pids[@]}"}; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "== $*" >&2; }
fact() { echo "$1 $2" >>"$out/facts.txt"; }

# ---------------------------------------------------------------- install
log "installing what is missing"
need=()
for p in hyperfine transmission-cli python3-libtorrent curl time; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q -o DPkg::Lock::Timeout=120 "${need[@]}" >/dev/null ||
    { apt-get update -q >/dev/null && apt-get install -y -q -o DPkg::Lock::Timeout=120 "${need[@]}" >/dev/null; }
fi
command -v opentracker >/dev/null || bash "$repo/tests/harness/install.sh" opentracker >&2

log "cargo build --release"
(cd "$repo" && cargo build --release --quiet)
T=$repo/target/release/trackerctl
TRACKERCTL=$T   # the readiness probe of tests/harness/opentracker.sh

rm -rf "$out"; mkdir -p "$out"
fact date "$(date '+%Y-%m-%d %H:%M %Z')"
fact nproc "$(nproc)"
fact cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
fact mem "$(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
fact kernel "$(uname -r)"
fact build "$("$T" --version)$(cd "$repo" && git diff-index --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ', with uncommitted changes in src/')"
fact versions "$(hyperfine --version), curl $(curl --version | awk 'NR==1{print $2}'), transmission-show $(dpkg-query -W -f='${Version}' transmission-cli), libtorrent $($PY -c 'import libtorrent; print(libtorrent.__version__)'), opentracker $(dpkg-query -W -f='${Version}' opentracker)"
HF=(hyperfine -N --style basic)   # -N: no intermediate shell, so a few-ms command is timed alone

# ---------------------------------------------------------------- trackers
log "starting opentracker (and a second one for the four-tracker test)"
# started with no hashes: the torrents must list the trackers' URLs, so their hashes are known
# only afterwards and are whitelisted with allow.sh.
ot_start "$work/ot1"
H1=$OT_URL U1=$OT_UDP S1=$OT_SCRAPE
ot_start "$work/ot2"
H2=$OT_URL
cd "$work"
mk() { "$PY" "$here/lib/mktorrent.py" "$@"; }
ih_http=$(mk t_http.torrent bench-http.bin "$H1")
ih_udp=$(mk t_udp.torrent bench-udp.bin "$U1")
blackhole() { # blackhole tcp|udp -> its port; the listener runs until cleanup
  python3 "$here/lib/blackhole.py" "$1" >"blackhole_$1.port" &
  bg_pids+=($!)
  for _ in $(seq 50); do [ -s "blackhole_$1.port" ] && break; sleep 0.1; done
}
blackhole tcp; blackhole udp
dead_tcp=$(cat blackhole_tcp.port) dead_udp=$(cat blackhole_udp.port)
DH=http://127.0.0.1:$dead_tcp/announce DU=udp://127.0.0.1:$dead_udp/announce
ih_d1=$(mk t_dead_http.torrent dead-http.bin "$H1,$DH" "$U1,$H2")
ih_d2=$(mk t_dead_udp.torrent dead-udp.bin "$H1,$DU" "$U1,$H2")
ih_d3=$(mk t_dead_two.torrent dead-two.bin "$H1,$DH" "$U1,$DU")
ih_ok=$(mk t_live.torrent live.bin "$H1" "$U1,$H2")
ot_allow "$work/ot1" "$ih_http" "$ih_udp" "$ih_d1" "$ih_d2" "$ih_d3" "$ih_ok"
ot_allow "$work/ot2" "$ih_d1" "$ih_d2" "$ih_ok"

# ---------------------------------------------------------------- 1. single request
log "1. single announce / scrape"
# the exact URL trackerctl sends (--show-secrets: nothing redacted), for curl
ann_url=$("$T" announce t_http.torrent --no-state --dry-run --show-secrets | sed -n 's/^ *> GET //p')
pct=$(python3 -c 'import sys; print("".join("%%%02X" % b for b in bytes.fromhex(sys.argv[1])))' "$ih_http")
scr_url="$S1?info_hash=$pct"
echo "$ann_url" >"$out/announce_url.txt"
# one peer in each swarm, so every scrape answer carries counts; and a sanity check of each tool
"$T" announce t_http.torrent --no-state >/dev/null
"$T" announce t_udp.torrent --no-state >/dev/null
curl -sf "$ann_url" | grep -q 8:interval || { echo "curl announce: no interval" >&2; exit 1; }
curl -sf "$scr_url" | grep -q 8:complete || { echo "curl scrape: no counts" >&2; exit 1; }
transmission-show --scrape t_http.torrent | grep -q seeders || { echo "transmission-show --scrape: no counts" >&2; exit 1; }
"$PY" "$here/lib/lt_client.py" announce t_http.torrent >&2
"$PY" "$here/lib/lt_client.py" scrape t_http.torrent >&2
"$PY" "$here/lib/lt_client.py" scrape t_udp.torrent >&2

"${HF[@]}" --warmup "$WARMUP" --runs "$RUNS" --export-json "$out/s1_announce_http.json" \
  -n curl "curl -s '$ann_url'" \
  -n trackerctl "$T announce t_http.torrent --no-state" \
  -n libtorrent "$PY $here/lib/lt_client.py announce t_http.torrent $out/lt_announce_http.txt" \
  -n libtorrent-auto "$PY $here/lib/lt_client.py announce-auto t_http.torrent $out/lt_announce_auto.txt" >&2
"${HF[@]}" --warmup "$WARMUP" --runs "$RUNS" --export-json "$out/s1_scrape_http.json" \
  -n curl "curl -s '$scr_url'" \
  -n trackerctl "$T scrape t_http.torrent --no-state" \
  -n transmission-show "transmission-show --scrape t_http.torrent" \
  -n libtorrent "$PY $here/lib/lt_client.py scrape t_http.torrent $out/lt_scrape_http.txt" >&2
"${HF[@]}" --warmup "$WARMUP" --runs "$RUNS" --export-json "$out/s1_udp.json" \
  -n trackerctl-announce "$T announce t_udp.torrent --no-state" \
  -n libtorrent-announce "$PY $here/lib/lt_client.py announce t_udp.torrent $out/lt_announce_udp.txt" \
  -n trackerctl-scrape "$T scrape t_udp.torrent --no-state" \
  -n libtorrent-scrape "$PY $here/lib/lt_client.py scrape t_udp.torrent $out/lt_scrape_udp.txt" >&2
"${HF[@]}" --warmup "$WARMUP" --runs "$RUNS" --export-json "$out/s1_startup.json" \
  -n curl "curl --version" -n trackerctl "$T --version" \
  -n transmission-show "transmission-show --version" \
  -n libtorrent "$PY -c 'import libtorrent, os; os._exit(0)'" >&2

# ---------------------------------------------------------------- 2. 10 000 hashes
log "2. $N_HASHES hashes"
python3 - "$N_HASHES" <<'PY'
import os, sys
with open("hashes.txt", "w") as f, open("hashes.txt.pct", "w") as g:
    for _ in range(int(sys.argv[1])):
        h = os.urandom(20)
        f.write(h.hex() + "\n"); g.write("".join("%%%02X" % b for b in h) + "\n")
PY
# whitelist: append to the file ot_start wrote, reload (SIGHUP), wait for the first and last
# (ot_allow would probe all 10 000 one by one)
cat hashes.txt >>"$work/ot1/whitelist"
kill -HUP "$(cat "$work/ot1/pid")"
_ot_wait_accepted "$H1" "$(cat "$work/ot1/pid")" "$(head -1 hashes.txt)" "$(tail -1 hashes.txt)"
python3 "$here/lib/udp_seed.py" "$U1" hashes.txt >&2   # one seeder per hash: counts in every answer
for tr in "$H1" "$U1"; do   # sanity: every hash answered, exit 0
  "$T" scrape --from-file hashes.txt --tracker "$tr" --no-state --json >batch.json
  n=$(python3 -c 'import json,sys; d=json.load(open("batch.json")); print(sum(1 for t in d["torrents"] for r in t["trackers"] if r["status"] == "ok" and r.get("response", {}).get("complete") == 1))')
  [ "$n" = "$N_HASHES" ] || { echo "batch scrape via $tr: $n of $N_HASHES answered with counts" >&2; exit 1; }
done
fact batch_requests_http "$("$T" scrape --from-file hashes.txt --tracker "$H1" --no-state --dry-run | sed -n 's/^ *> GET //p' | sort -u | wc -l)"
"${HF[@]}" --warmup 1 --runs "$BATCH_RUNS" --export-json "$out/s2_batch.json" \
  -n batch-http "$T scrape --from-file hashes.txt --tracker $H1 --no-state --json" \
  -n batch-udp "$T scrape --from-file hashes.txt --tracker $U1 --no-state --json" >&2
"${HF[@]}" --warmup 0 --runs 3 --export-json "$out/s2_percall.json" \
  -n trackerctl-http "bash $here/lib/per_torrent.sh trackerctl $T $H1 hashes.txt $PER_CALL_N" \
  -n trackerctl-udp "bash $here/lib/per_torrent.sh trackerctl $T $U1 hashes.txt $PER_CALL_N" \
  -n curl-http "bash $here/lib/per_torrent.sh curl - $S1 hashes.txt $PER_CALL_N" >&2
fact per_call_n "$PER_CALL_N"
fact n_hashes "$N_HASHES"

# ---------------------------------------------------------------- 3. a dead tracker
log "3. four trackers, dead ones among them (--timeout $TIMEOUT)"
A=(announce --all-tiers --all-trackers-in-tier --timeout "$TIMEOUT" --no-state)
for t in dead_http dead_udp dead_two live; do   # one run each kept for the per-tracker figures
  "$T" "${A[@]}" "t_$t.torrent" --json >"$out/s3_$t.json" || true
done
"${HF[@]}" --warmup 0 --runs "$DEAD_RUNS" -i --export-json "$out/s3_hf_dead.json" \
  -n dead-http "$T ${A[*]} t_dead_http.torrent" \
  -n dead-udp "$T ${A[*]} t_dead_udp.torrent" \
  -n dead-two "$T ${A[*]} t_dead_two.torrent" >&2
"${HF[@]}" --warmup 1 --runs 10 --export-json "$out/s3_hf_live.json" \
  -n live "$T ${A[*]} t_live.torrent" >&2
fact timeout "$TIMEOUT"

# ---------------------------------------------------------------- 4. hashing the large info dict
log "4. hashing $(basename "$LARGE")"
python3 - "$FIXTURES/torrents/manifest.json" "$LARGE" info.bin <<'PY'
import json, os, sys
m = json.load(open(sys.argv[1]))
t = next(t for t in m["torrents"] if os.path.basename(t["file"]) == os.path.basename(sys.argv[2]))
a, b = t["info_span"]
open(sys.argv[3], "wb").write(open(sys.argv[2], "rb").read()[a:b])
print(t["info_hash_v1"], file=open("expected.txt", "w"))
PY
want=$(cat expected.txt)
got_sha=$(sha1sum info.bin | cut -d' ' -f1)
got_tc=$("$T" tiers "$LARGE" --json --no-state | python3 -c 'import json,sys; print(json.load(sys.stdin)["torrents"][0]["info_hash"])')
[ "$got_sha" = "$want" ] && [ "$got_tc" = "$want" ] || { echo "hash mismatch: sha1sum $got_sha trackerctl $got_tc want $want" >&2; exit 1; }
fact file_size "$(stat -c %s "$LARGE")"
fact info_size "$(stat -c %s info.bin)"
"${HF[@]}" --warmup "$WARMUP" --runs "$RUNS" --export-json "$out/s4_hash.json" \
  -n trackerctl-tiers "$T tiers $LARGE --json --no-state" \
  -n sha1sum "sha1sum info.bin" \
  -n transmission-show "transmission-show $LARGE" >&2
rss() { # peak RSS in KiB (/usr/bin/time -v: Maximum resident set size), the largest of 5 runs

  local m=0 v
  for _ in 1 2 3 4 5; do
    /usr/bin/time -v -o rss.txt "$@" >/dev/null 2>&1
    v=$(sed -n 's/.*Maximum resident set size (kbytes): //p' rss.txt)
    [ "$v" -gt "$m" ] && m=$v
  done
  echo "$m"
}
fact rss_tiers_large "$(rss "$T" tiers "$LARGE" --json --no-state)"
fact rss_version "$(rss "$T" --version)"
fact rss_tiers_small "$(rss "$T" tiers t_http.torrent --json --no-state)"
fact rss_sha1sum "$(rss sha1sum info.bin)"
fact rss_transmission_show "$(rss transmission-show "$LARGE")"

# ---------------------------------------------------------------- report
python3 "$here/lib/report.py" "$out" | tee "$out/table.md"
