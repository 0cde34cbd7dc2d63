#!/usr/bin/env bash
# CI-sized fuzzing: builds the fuzz targets, then runs each for N seconds (default 30) from the
# seed corpus plus fuzz/regressions/<target>/. Exits non-zero if any target finds a crash, a
# timeout (> 10 s on one input) or an OOM (> 2048 MB), or if the build fails.
#
# Usage: fuzz/smoke.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (`cargo install cargo-fuzz`; set INSTALL=1 to have this script do it).
# Works on a stable toolchain through RUSTC_BOOTSTRAP=1 (cargo-fuzz passes nightly-only flags).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
seconds="${1:-30}"
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(bencode metainfo magnet http_response udp_packet tracker_url)
fi
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    if [[ "${INSTALL:-0}" == 1 ]]; then
        cargo install cargo-fuzz --locked || exit 2
    else
        echo "smoke.sh: cargo-fuzz is not installed (cargo install cargo-fuzz, or INSTALL=1)" >&2
        exit 2
    fi
fi

# Same build options as the recorded runs (docs/fuzzing.md): optimised, debug assertions and
# overflow checks on, no sanitizer (the crate has no unsafe code).
build_start=$(date +%s)
if ! cargo fuzz build -s none; then
    echo "smoke.sh: building the fuzz targets failed" >&2
    exit 2
fi
echo "smoke.sh: build took $(( $(date +%s) - build_start )) s"

fixtures="${FIXTURES:-$here/../tests/fixtures}"
if [[ -d "$fixtures" ]]; then
    "$here/seed.sh" "$fixtures" >/dev/null || echo "smoke.sh: seeding failed, going on" >&2
fi

failed=()
for t in "${targets[@]}"; do
    case "$t" in
        bencode | metainfo) max_len=65536 ;;
        *) max_len=4096 ;;
    esac
    mkdir -p "corpus/$t" "artifacts/$t"
    dirs=("corpus/$t")
    [[ -d "regressions/$t" ]] && dirs+=("regressions/$t")
    echo "smoke.sh: $t for ${seconds}s"
    log="artifacts/$t/smoke.log"
    cargo fuzz run -s none "$t" "${dirs[@]}" -- \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"$log" 2>&1
    rc=$?
    grep -E '^#[0-9]+[[:space:]]+DONE|^stat::number_of_executed_units' "$log" | tail -2
    if [[ $rc -ne 0 ]]; then
        echo "smoke.sh: $t FAILED (exit $rc); log: fuzz/$log" >&2
        grep -E -A 30 'panicked|ERROR: libFuzzer|SUMMARY' "$log" | head -60 >&2
        failed+=("$t")
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "smoke.sh: failing targets: ${failed[*]}" >&2
    exit 1
fi
echo "smoke.sh: all ${#targets[@]} targets ran ${seconds}s each without a crash"
