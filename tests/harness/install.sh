#!/usr/bin/env bash
# Installs what the integration tests and the quick start run against, idempotently:
#   tests/harness/install.sh [NAME...]
# NAME: opentracker | bittorrent-tracker | aquatic_udp | torrust-tracker | qbittorrent | tools
# Without NAMEs: all of them. Everything built or fetched goes into .trackers/ at the top of the
# repository (git ignores it), so a second run finds it there and installs nothing:
#   opentracker         Debian package (apt, needs root)
#   bittorrent-tracker  npm, pinned, into .trackers/node/
#   aquatic_udp         crates.io, pinned, built into .trackers/cargo/   (~1.5 min on 2 cores)
#   torrust-tracker     crates.io, pinned, --locked, into .trackers/cargo/ (~6 min on 2 cores)
#   qbittorrent         Debian's qbittorrent-nox (the real client the qBittorrent tests drive)
#   tools               groff, openssl, gzip, script, curl, python3: system tools the tests call
# Contacts only the package registries (apt, npm, crates.io).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dest=$repo/.trackers
BT_VERSION=11.2.3
AQUATIC_VERSION=0.9.0
TORRUST_VERSION=3.0.0
export DEBIAN_FRONTEND=noninteractive

if [ $# -gt 0 ]; then names=("$@"); else
  names=(tools opentracker bittorrent-tracker aquatic_udp torrust-tracker qbittorrent); fi

say() { printf 'install: %s\n' "$*" >&2; }

apt_ready=0
apt_get() { # apt_get PACKAGE...: install Debian packages, with a clear word when we cannot
  if [ "$(id -u)" != 0 ]; then
    say "need Debian packages: $*"
    say "run as root, or install them first: sudo apt-get install $*"
    exit 1
  fi
  command -v apt-get >/dev/null || { say "no apt-get here: install $* with your package manager"; exit 1; }
  if [ "$apt_ready" = 0 ]; then
    apt-get update -q -o DPkg::Lock::Timeout=120 >/dev/null || say "apt-get update failed; trying the cached lists"
    apt_ready=1
  fi
  say "apt-get install $*"
  apt-get install -y -q -o DPkg::Lock::Timeout=120 -o Dpkg::Use-Pty=0 \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" >/dev/null
}

need() { # need COMMAND PACKAGE: the Debian package that brings COMMAND when it is missing
  command -v "$1" >/dev/null || apt_get "$2"
}

need_cargo() {
  command -v cargo >/dev/null || { say "$1 is built from crates.io and needs cargo: install Rust from https://rustup.rs"; exit 1; }
  need cc build-essential
}

for name in "${names[@]}"; do
  case $name in
    tools)
      for pair in python3:python3 curl:curl groff:groff-base openssl:openssl gzip:gzip script:util-linux; do
        need "${pair%%:*}" "${pair#*:}"
      done
      ;;
    opentracker)
      need opentracker opentracker
      say "opentracker $(dpkg-query -W -f='${Version}' opentracker 2>/dev/null || echo present)"
      ;;
    bittorrent-tracker)
      if ! command -v npm >/dev/null; then
        need node nodejs
        need npm npm
      fi
      pkg=$dest/node/node_modules/bittorrent-tracker/package.json
      if ! grep -q "\"version\": \"$BT_VERSION\"" "$pkg" 2>/dev/null; then
        say "npm install bittorrent-tracker@$BT_VERSION into .trackers/node"
        mkdir -p "$dest/node"
        # No install scripts, no optional packages: they build the WebRTC client, and the tests
        # use only the HTTP and UDP server.
        npm install --prefix "$dest/node" --save-exact --no-audit --no-fund --no-update-notifier \
          --loglevel=error --ignore-scripts --omit=optional "bittorrent-tracker@$BT_VERSION" >/dev/null
      fi
      say "bittorrent-tracker $BT_VERSION (node $(node --version))"
      ;;
    aquatic_udp)
      bin=$dest/cargo/bin/aquatic_udp
      if ! [ "$(cat "$dest/cargo/aquatic_udp.version" 2>/dev/null)" = "$AQUATIC_VERSION" ] || ! [ -x "$bin" ]; then
        need_cargo aquatic_udp
        say "cargo install aquatic_udp $AQUATIC_VERSION into .trackers/cargo (about 1.5 min on 2 cores)"
        # Not --locked: the crate's published Cargo.lock pins metrics 0.22.3, which today's rustc
        # refuses (E0521); the newest semver-compatible dependencies build.
        cargo install --quiet --root "$dest/cargo" --version "$AQUATIC_VERSION" aquatic_udp
        echo "$AQUATIC_VERSION" >"$dest/cargo/aquatic_udp.version"
      fi
      say "aquatic_udp $AQUATIC_VERSION"
      ;;
    torrust-tracker)
      bin=$dest/cargo/bin/torrust-tracker
      if ! [ "$(cat "$dest/cargo/torrust-tracker.version" 2>/dev/null)" = "$TORRUST_VERSION" ] || ! [ -x "$bin" ]; then
        need_cargo torrust-tracker
        say "cargo install --locked torrust-tracker $TORRUST_VERSION into .trackers/cargo (about 6 min on 2 cores)"
        cargo install --quiet --locked --root "$dest/cargo" --version "$TORRUST_VERSION" \
          --bin torrust-tracker torrust-tracker
        echo "$TORRUST_VERSION" >"$dest/cargo/torrust-tracker.version"
      fi
      say "torrust-tracker $TORRUST_VERSION"
      ;;
    qbittorrent)
      need qbittorrent-nox qbittorrent-nox
      say "qbittorrent-nox $(dpkg-query -W -f='${Version}' qbittorrent-nox 2>/dev/null || echo present)"
      ;;
    *) say "unknown name '$name' (opentracker, bittorrent-tracker, aquatic_udp, torrust-tracker, qbittorrent, tools)"; exit 2 ;;
  esac
done
