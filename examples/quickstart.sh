#!/usr/bin/env bash
# Quick start: builds trackerctl, starts a real opentracker on 127.0.0.1, and walks the bundled
# example torrent through tiers → announce → scrape → stop → scrape. Contacts only loopback.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
shared=$(cd "$repo/../shared" && pwd)
torrent=$here/example.torrent
hash=7b93f06fe2c8157e3163485c5bcbd4f9efdae7d5   # info-hash of example.torrent

command -v opentracker >/dev/null || bash "$shared/trackers/install.sh" opentracker
cargo build --quiet --release --manifest-path "$repo/Cargo.toml"
tc=$repo/target/release/trackerctl

run=$(mktemp -d)
trap 'bash "$shared/trackers/stop.sh" "$run" opentracker >/dev/null 2>&1; rm -rf "$run"' EXIT
eval "$(bash "$shared/trackers/start.sh" opentracker "$run" "$hash")"
export TRACKERCTL_STATE=$run/state.json

step() { printf '\n$ trackerctl %s\n' "$*"; "$tc" "$@"; }
step tiers "$torrent" --tracker "$HTTP_URL"
step announce "$torrent" --only-tracker "$HTTP_URL"
step scrape "$torrent" --only-tracker "$HTTP_URL"
step stop "$torrent" --only-tracker "$HTTP_URL"
step scrape "$torrent" --only-tracker "$HTTP_URL"
