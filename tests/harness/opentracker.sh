# Shell functions that run opentracker on 127.0.0.1 for the quick start and the benchmarks
# (the Rust tests start trackers from tests/it/support/trackers.rs). Source this file; set
# TRACKERCTL to a built trackerctl first: it is the readiness probe, so nothing else is needed.
#   ot_start RUNDIR [HASH...]   start on a free port with HASHes whitelisted; sets OT_PID,
#                               OT_URL (http announce), OT_UDP (udp announce), OT_SCRAPE
#   ot_allow RUNDIR HASH...     add hashes to its whitelist, reload (SIGHUP), wait until accepted
#   ot_stop RUNDIR              stop the one started in RUNDIR, by its pid (TERM, then KILL)
# Every wait is bounded (10 s).

_ot_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# opentracker loads its whitelist in the background: a hash is accepted when a started
# announce for it succeeds (a stopped one proves nothing: opentracker answers it for any hash).
# The probe peer (port 1) is stopped again at once, so the swarm is left as it was.
_ot_wait_accepted() { # URL PID HASH...
  local url=$1 pid=$2 hash; shift 2
  for hash in "$@"; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || return 1
      if "$TRACKERCTL" announce "$hash" --only-tracker "$url" --event started --port 1 \
        --no-state -q 2>/dev/null; then
        "$TRACKERCTL" announce "$hash" --only-tracker "$url" --event stopped --port 1 \
          --no-state -q >/dev/null 2>&1
        continue 2
      fi
      sleep 0.2
    done
    return 1
  done
}

ot_start() {
  local run=$1 try port; shift
  mkdir -p "$run"
  printf '%s\n' "$@" >"$run/whitelist"
  echo "access.whitelist $run/whitelist" >"$run/opentracker.conf"
  # It drops to user nobody and chroots to the folder it starts in before reading its list, and
  # re-reads it as nobody on SIGHUP: RUNDIR and the folders above it must be open to others.
  chmod 755 "$run"; chmod 644 "$run/whitelist" "$run/opentracker.conf"
  for try in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    _ot_port_free "$port" || continue
    (cd "$run" && exec opentracker -i 127.0.0.1 -p "$port" -P "$port" -f "$run/opentracker.conf" \
       >"$run/opentracker.log" 2>&1) &
    OT_PID=$!
    echo "$OT_PID" >"$run/pid"
    OT_URL=http://127.0.0.1:$port/announce OT_UDP=udp://127.0.0.1:$port/announce
    OT_SCRAPE=http://127.0.0.1:$port/scrape
    echo "$OT_URL" >"$run/url"
    # With no hash to probe, wait until it answers at all (a refusal is an answer).
    if [ $# -eq 0 ]; then
      for _ in $(seq 50); do
        _ot_port_free "$port" || return 0
        sleep 0.2
      done
    elif _ot_wait_accepted "$OT_URL" "$OT_PID" "$@"; then
      return 0
    fi
    ot_stop "$run"
  done
  echo "opentracker did not start; its log:" >&2
  cat "$run/opentracker.log" >&2
  return 1
}

ot_allow() {
  local run=$1 pid; shift
  pid=$(cat "$run/pid")
  printf '%s\n' "$@" >>"$run/whitelist"
  kill -HUP "$pid"
  _ot_wait_accepted "$(cat "$run/url")" "$pid" "$@"
}

ot_stop() {
  local run=$1 pid
  [ -f "$run/pid" ] || return 0
  pid=$(cat "$run/pid")
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  rm -f "$run/pid"
}
