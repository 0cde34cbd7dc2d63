#!/usr/bin/env bash
# Quick start: builds trackerctl, installs opentracker (Debian) if it is missing, starts it on a
# free port of 127.0.0.1 with the bundled example torrent on its whitelist, and walks that
# torrent through tiers → announce → scrape → stop → scrape. Contacts only 127.0.0.1 (and apt,
# when opentracker has to be installed). Stops the tracker it started, by its pid, on exit.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
torrent=examples/example.torrent
hash=7b93f06fe2c8157e3163485c5bcbd4f9efdae7d5   # info-hash of example.torrent
cd "$repo"
# shellcheck source=../tests/harness/opentracker.sh
. tests/harness/opentracker.sh

if ! command -v opentracker >/dev/null; then
  echo "quickstart: opentracker is missing; installing it from Debian (apt-get install opentracker)"
  bash tests/harness/install.sh opentracker
fi
echo "quickstart: building trackerctl (cargo build --release)"
cargo build --quiet --release --locked
TRACKERCTL=$repo/target/release/trackerctl

run=$(mktemp -d)
trap 'ot_stop "$run"; rm -rf "$run"' EXIT
ot_start "$run" "$hash"
echo "quickstart: opentracker (pid $OT_PID) serves $OT_URL"
export TRACKERCTL_STATE=$run/state.json

step() { printf '\n$ trackerctl %s\n' "$*"; "$TRACKERCTL" "$@"; }
step tiers "$torrent" --tracker "$OT_URL"
step announce "$torrent" --only-tracker "$OT_URL"
step scrape "$torrent" --only-tracker "$OT_URL"
step stop "$torrent" --only-tracker "$OT_URL"
step scrape "$torrent" --only-tracker "$OT_URL"
