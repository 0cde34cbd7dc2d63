//! `stop`: `event=stopped` with the identity the last announce used, to the trackers that
//! accepted a `started` (or all of them with `--force`), or every recorded torrent (`--all`).

use std::time::Duration;

use crate::cli::StopArgs;
use crate::commands::executor::{Batch, Selection, execute};
use crate::commands::limits::{Policy, policy};
use crate::commands::{RowSink, Run};
use crate::error::Error;
use crate::input::{Source, Target};
use crate::report::Report;
use crate::tracker::messages::Event;

pub fn stop(run: &mut Run, args: &StopArgs, stream: Option<&RowSink>) -> Result<Report, Error> {
    if args.stop_timeout <= 0.0 {
        let mut report = Report::new("stop");
        report.notices.push(
            "--stop-timeout is 0: no stopped announce sent (as libtorrent with stop_tracker_timeout <= 0)".into(),
        );
        return Ok(report);
    }
    let targets = if args.all {
        let targets = recorded_targets(run)?;
        if targets.is_empty() {
            let mut report = Report::new("stop");
            report.notices.push(match run.store.path() {
                Some(path) => format!(
                    "nothing recorded to stop: {} holds no tracker that accepted a started",
                    path.display()
                ),
                None => "nothing recorded to stop: --no-state keeps no record".into(),
            });
            return Ok(report);
        }
        targets
    } else {
        run.batch_targets(&args.target, &args.batch)?
    };
    let selection = if run.store.path().is_none() || args.force {
        Selection::All
    } else {
        Selection::Announced
    };
    let timeout = Duration::from_secs_f64(args.stop_timeout);
    // A stop is an event: no interval applies, and a tracker in back-off still gets it.
    let policy = Policy {
        force: true,
        ..policy(run, false, false, false)
    };
    execute(
        run,
        Batch {
            targets: &targets,
            target_args: &args.target,
            peer: &args.peer,
            event: Some(Event::Stopped),
            timeout,
            selection,
            policy: &policy,
            command: "stop",
            jobs: args.batch.jobs,
            stream,
        },
    )
}

/// `stop --all`: every torrent with a tracker that accepted a `started` (qBittorrent's exit).
fn recorded_targets(run: &Run) -> Result<Vec<Target>, Error> {
    let state = run.store.load()?;
    let mut targets = Vec::new();
    for (hash, torrent) in &state.torrents {
        let urls: Vec<Vec<String>> = torrent
            .trackers
            .values()
            .filter(|t| t.start_sent && !t.wire_url.is_empty())
            .map(|t| vec![t.wire_url.clone()])
            .collect();
        let Some(hashes) = crate::input::infohash::parse_raw(hash) else {
            continue;
        };
        if urls.is_empty() {
            continue;
        }
        targets.push(Target {
            source: Source::Hash,
            name: torrent.name.clone(),
            hashes,
            tiers: urls,
            total_length: None,
            private: false,
            warnings: Vec::new(),
        });
    }
    Ok(targets)
}
