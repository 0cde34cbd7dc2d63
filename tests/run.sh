#!/usr/bin/env bash
# Every test, from a bare clone: installs what the tests run against (the four real trackers,
# qbittorrent-nox and a few system tools, see tests/harness/install.sh; already-installed ones
# are left alone), then runs `cargo test --locked`. Extra arguments go to cargo test.
# The first run builds aquatic_udp and torrust-tracker from crates.io (about 8 min on 2 cores);
# they are kept in .trackers/, so later runs go straight to the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/harness/install.sh
exec cargo test --locked "$@"
