//! `announce --follow`: stay in the swarm like a running client until Ctrl-C or SIGTERM.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::cli::{AnnounceArgs, PeersShown, StopArgs};
use crate::commands::{Run, announce};
use crate::error::{Error, ExitCode};
use crate::report::{Report, Status};

/// Announces (`started` unless told otherwise), then a regular announce whenever the earliest
/// contacted tracker is due — `max(interval, --min-announce-interval)` after its last answer,
/// as libtorrent schedules — printing each answer. On Ctrl-C or SIGTERM: `stopped` to the
/// trackers that accepted `started`, within `--stop-timeout`, then exit 0.
pub fn follow(
    run: &mut Run,
    args: &AnnounceArgs,
    print: &dyn Fn(&Run, &Report, PeersShown),
) -> Result<ExitCode, Error> {
    let stop_now = Arc::new(AtomicBool::new(false));
    let flag = stop_now.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| Error::failed(format!("cannot catch Ctrl-C/SIGTERM: {e}")))?;
    let mut report = announce::announce(run, args, None)?;
    print(run, &report, args.peers);
    let mut regular = args.clone();
    regular.event = None;
    // Trackers whose min interval has not passed yet are held back (and shown as skipped).
    regular.force = false;
    regular.wait = false;
    while !stop_now.load(Ordering::SeqCst) {
        let wait = next_due(&report, run, args.min_announce_interval);
        let clock = &run.env.clock;
        let until = clock.now_ms() + wait.as_millis() as u64;
        while !stop_now.load(Ordering::SeqCst) {
            let left = until.saturating_sub(clock.now_ms());
            if left == 0 {
                break;
            }
            // Short naps, so Ctrl-C is felt at once.
            clock.sleep(Duration::from_millis(left.min(100)));
        }
        if stop_now.load(Ordering::SeqCst) {
            break;
        }
        report = announce::announce(run, &regular, None)?;
        print(run, &report, args.peers);
    }
    let stop_args = StopArgs {
        target: args.target.clone(),
        peer: args.peer.clone(),
        stop_timeout: args.stop_timeout,
        force: false,
        all: false,
        batch: args.batch.clone(),
    };
    let stopped = crate::commands::stop::stop(run, &stop_args, None)?;
    print(run, &stopped, PeersShown::None);
    Ok(ExitCode::Ok)
}

/// Time until the first tracker that answered is due again; a minute when none answered
/// (libtorrent re-evaluates in 60 s when nothing is eligible).
fn next_due(report: &Report, run: &Run, floor: u64) -> Duration {
    let saved = run.store.load().unwrap_or_default();
    let now = run.env.clock.now_unix();
    let mut due: Option<u64> = None;
    for torrent in &report.torrents {
        let Some(hash) = &torrent.info_hash else {
            continue;
        };
        for tracker in torrent.trackers.iter().filter(|t| t.status == Status::Ok) {
            let interval = tracker
                .response
                .as_ref()
                .and_then(|r| r.interval)
                .map_or(crate::plan::schedule::FAILURE_RETRY, |i| i.max(0) as u64)
                .max(floor);
            let last = saved
                .torrents
                .get(hash)
                .into_iter()
                .flat_map(|t| t.trackers.values())
                .find(|s| s.url == tracker.url)
                .and_then(|s| s.last_announce)
                .unwrap_or(now);
            let at = last + interval;
            due = Some(due.map_or(at, |d| d.min(at)));
        }
    }
    Duration::from_secs(due.map_or(60, |at| at.saturating_sub(now)).max(1))
}
