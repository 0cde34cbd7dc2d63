//! Runs announces (or stops) for many torrents: the tier walk per torrent, trackers asked in
//! parallel within their deadline, the report collected, and the state changes merged at the end.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::cli::{PeerArgs, TargetArgs};
use crate::commands::ask::{Identity, Plan, Update, identity};
use crate::commands::limits::{Policy, SlotBook};
use crate::commands::{RowSink, Run, Tally, parallel};
use crate::error::Error;
use crate::input::Target;
use crate::input::infohash::V1;
use crate::plan::schedule::{self};
use crate::plan::tiers::{self, TierOptions};
use crate::plan::trackers;
use crate::render::progress::Progress;
use crate::report::{Report, Status, TorrentReport, TrackerReport};
use crate::state::{self, StateFile, TorrentState};
use crate::tracker::http::HttpOptions;
use crate::tracker::messages::Event;
use crate::tracker::udp::UdpOptions;
use crate::tracker::url::TrackerUrl;

pub(super) enum Selection {
    /// The tier engine decides.
    Tiers(TierOptions),
    /// Every tracker, in parallel (`stop --force`, or no state to go by).
    All,
    /// Trackers that accepted a `started`, in parallel (qBittorrent: only those).
    Announced,
}

/// One announce or stop run over many torrents.
pub(super) struct Batch<'a> {
    pub targets: &'a [Target],
    pub target_args: &'a TargetArgs,
    pub peer: &'a PeerArgs,
    pub event: Option<Event>,
    pub timeout: Duration,
    pub selection: Selection,
    pub policy: &'a Policy,
    pub command: &'static str,
    /// Torrents handled at the same time.
    pub jobs: usize,
    /// Write each torrent's rows as soon as its trackers answered, instead of keeping them.
    pub stream: Option<&'a RowSink<'a>>,
}

pub(super) fn execute(run: &mut Run, batch: Batch) -> Result<Report, Error> {
    let started = Instant::now();
    let state: StateFile = run.store.load()?;
    // A batch keeps its rate-limit slots in memory, from the state just loaded, and writes them
    // with its changes (not one locked rewrite of the state file per request).
    let with_book;
    let batch = if batch.targets.len() > 1 && !run.global.dry_run {
        with_book = Policy {
            book: Some(SlotBook::from_state(&state)),
            ..batch.policy.clone()
        };
        Batch {
            policy: &with_book,
            ..batch
        }
    } else {
        batch
    };
    let mut report = Report::new(batch.command);
    report.notices = run.store.take_notices();
    // Every input and flag is checked before anything is sent.
    identity(batch.peer, None, &*run.env.random)?;
    let mut work = Vec::new();
    let mut sizeless = Vec::new();
    for target in batch.targets {
        let listed = trackers::tracker_tiers(
            target,
            super::chosen(batch.target_args),
            run.global.show_secrets,
            &mut report.notices,
        )?;
        trackers::require_trackers(target, &listed)?;
        if batch.command == "announce"
            && batch.event != Some(Event::Stopped)
            && batch.peer.left.is_none()
            && target.total_length.is_none()
        {
            sizeless.push(target.describe());
        }
        for hash in trackers::wire_hashes(target, batch.target_args.hash.into()) {
            work.push((target, listed.clone(), hash));
        }
    }
    // One word for all torrents of a batch, not one per torrent.
    let seeder = "left=0 sent, as the size is unknown: trackers count this peer as a seeder \
                  (give --left BYTES to announce as a leecher)";
    match sizeless.as_slice() {
        [] => {}
        [one] => report.notices.push(format!("{one}: {seeder}")),
        many => report.notices.push(format!(
            "{} torrents (magnet links or info-hashes): {seeder}",
            many.len()
        )),
    }
    let run: &Run = run;
    let done: Mutex<Vec<Option<TorrentReport>>> =
        Mutex::new((0..work.len()).map(|_| None).collect());
    let changes: Mutex<Vec<Change>> = Mutex::new(Vec::new());
    let tally = Mutex::new(Tally::default());
    let progress = Progress::new(
        &run.env,
        &run.global,
        work.len() as u64,
        batch.command,
        "torrents",
    );
    // One writer thread merges the changes into the state file as they come due: the state is
    // parsed and rewritten on one thread, so its allocations stay in one malloc arena (flushes
    // from every worker left a freed copy of the state in each one's arena: a batch of 10 000
    // torrents peaked at 400 MiB, now 40 MiB), and no worker waits for the disk.
    let (to_writer, due_changes) = std::sync::mpsc::sync_channel::<Vec<Change>>(2);
    let batch = &batch;
    let flushed = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            due_changes
                .into_iter()
                .map(|due| flush(run, batch, due))
                .collect::<Vec<Result<(), Error>>>()
        });
        let sender = &to_writer;
        parallel::each(&work, batch.jobs, &|n, (target, listed, hash)| {
            let saved = state.torrents.get(&hash.to_string());
            let (torrent, mut made) = one_torrent(run, batch, target, listed, *hash, saved);
            let due = {
                let mut pending = changes.lock().expect("changes lock");
                pending.append(&mut made);
                if pending.len() >= FLUSH_EVERY {
                    std::mem::take(&mut *pending)
                } else {
                    Vec::new()
                }
            };
            if !due.is_empty() && !run.global.dry_run {
                // A batch that is killed keeps what it recorded up to here.
                let _ = sender.send(due);
            }
            match batch.stream {
                Some(write) => {
                    let mut tally = tally.lock().expect("tally lock");
                    for tracker in &torrent.trackers {
                        tally.count(tracker);
                        write(&torrent, tracker);
                    }
                }
                None => done.lock().expect("reports lock")[n] = Some(torrent),
            }
            progress.advance(1, None);
        });
        drop(to_writer);
        writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    progress.finish();
    if batch.stream.is_some() {
        let distinct: std::collections::HashSet<&str> = work
            .iter()
            .flat_map(|(_, listed, _)| listed.iter().flatten().map(|u| u.reveal()))
            .collect();
        let tally = tally.into_inner().expect("tally lock");
        report.summary = Some(tally.summary(work.len(), distinct.len(), started));
        report.streamed = true;
    } else {
        report.torrents = done
            .into_inner()
            .expect("reports lock")
            .into_iter()
            .map(|t| t.expect("every torrent ran"))
            .collect();
    }
    if !run.global.dry_run {
        for result in flushed {
            result?;
        }
        flush(run, batch, changes.into_inner().expect("changes lock"))?;
        report.notices.append(&mut run.store.take_notices());
    }
    Ok(report)
}

/// Changes are written in batches of this many while a batch runs, and the rest at its end.
const FLUSH_EVERY: usize = 256;

/// Merges `changes` (and the batch's rate-limit slots) into the state file, under its lock.
fn flush(run: &Run, batch: &Batch, changes: Vec<Change>) -> Result<(), Error> {
    let book = batch.policy.book.clone();
    run.store.update(|file| {
        apply(file, changes, run.env.clock.now_unix());
        if let Some(book) = &book {
            book.write_into(file);
        }
    })
}

/// One torrent (one of its hashes): the tier walk over its trackers, in libtorrent's order, and
/// what it changes in the state file.
fn one_torrent(
    run: &Run,
    batch: &Batch,
    target: &Target,
    listed: &[Vec<TrackerUrl>],
    hash: V1,
    saved_torrent: Option<&TorrentState>,
) -> (TorrentReport, Vec<Change>) {
    let tiers = trackers::ordered_tiers(
        listed,
        saved_torrent,
        run.global.order,
        run.env.random.u64(),
    );
    let notes = trackers::order_notes(listed, &tiers, saved_torrent);
    run.log.block(
        1,
        &notes
            .iter()
            .map(|n| format!("order: {n}"))
            .collect::<Vec<_>>(),
    );
    let empty = BTreeMap::new();
    let plan = Plan {
        run,
        peer: batch.peer,
        target,
        hash,
        identity: identity(batch.peer, saved_torrent, &*run.env.random)
            .expect("the flags were checked"),
        event: batch.event,
        saved: saved_torrent.map_or(&empty, |t| &t.trackers),
        policy: batch.policy,
        http: HttpOptions {
            timeout: batch.timeout,
            user_agent: batch.peer.user_agent.clone(),
            ..run.http_options()
        },
        udp: UdpOptions {
            timeout: batch.timeout,
            ..run.udp_options()
        },
    };
    let sizes: Vec<usize> = tiers.iter().map(Vec::len).collect();
    let selection = &batch.selection;
    let wanted = |t: usize, i: usize| match selection {
        Selection::Announced => plan
            .saved
            .get(&state::tracker_key(tiers[t][i].reveal()))
            .is_some_and(|s| s.start_sent),
        _ => true,
    };
    let ask = |(t, i): tiers::Pos| {
        if !wanted(t, i) {
            return (None, true);
        }
        match plan.ask(&tiers[t][i], t) {
            Some((outcome, worked)) => (Some(outcome), worked),
            None => (None, true),
        }
    };
    let results = match selection {
        Selection::Tiers(opts) => drive(&sizes, *opts, &ask),
        Selection::All | Selection::Announced => drive(
            &sizes,
            TierOptions {
                all_trackers_in_tier: true,
                all_tiers: true,
            },
            &ask,
        ),
    };
    let order: Vec<Vec<String>> = tiers
        .iter()
        .map(|tier| {
            tier.iter()
                .map(|u| state::tracker_key(u.reveal()))
                .collect()
        })
        .collect();
    let mut trackers = Vec::new();
    let mut changes = Vec::new();
    for ((t, i), outcome) in results {
        let url = &tiers[t][i];
        let key = state::tracker_key(url.reveal());
        let (entry, update) = match outcome.flatten() {
            Some(outcome) => (outcome.report, outcome.update),
            None => {
                let mut r =
                    TrackerReport::new(url.to_string(), t, url.transport(), Status::NotContacted);
                r.info_hash = Some(hash.to_string());
                if matches!(selection, Selection::Announced) {
                    r.error = Some(
                        "no started announce to this tracker is recorded: nothing to stop".into(),
                    );
                    r.hint = Some(
                        "--force sends stopped anyway, with --peer-id/--key/--port as given".into(),
                    );
                }
                (r, Update::Nothing)
            }
        };
        changes.push(Change {
            hash,
            name: target.name.clone(),
            identity: plan.identity.clone(),
            order: order.clone(),
            key,
            url: url.clone(),
            update,
        });
        trackers.push(entry);
    }
    (TorrentReport::new(target, Some(hash), trackers), changes)
}

/// What a run changes in the state file for one tracker of one torrent.
struct Change {
    hash: V1,
    name: Option<String>,
    identity: Identity,
    /// The tracker order used this run (keys by tier).
    order: Vec<Vec<String>>,
    key: String,
    url: TrackerUrl,
    update: Update,
}

/// Merges a run's changes into the state on disk (which other runs may have changed since).
fn apply(file: &mut StateFile, changes: Vec<Change>, now: u64) {
    for Change {
        hash,
        name,
        identity,
        order,
        key,
        url,
        update,
    } in changes
    {
        let torrent = file
            .torrents
            .entry(hash.to_string())
            .or_insert_with(|| TorrentState {
                name: name.clone(),
                peer_id_hex: hex::encode(identity.peer_id),
                key: identity.key,
                ..Default::default()
            });
        if torrent.order.is_none() {
            torrent.order = Some(order);
        }
        let entry = torrent.trackers.entry(key.clone()).or_default();
        match update {
            Update::Nothing => {
                if entry.url.is_empty() {
                    torrent.trackers.remove(&key);
                }
            }
            Update::Answered(answered) => {
                let previous_id = entry.tracker_id_hex.take();
                *entry = *answered;
                entry.tracker_id_hex = entry.tracker_id_hex.take().or(previous_id);
            }
            Update::Failed {
                retry,
                never,
                error,
            } => {
                entry.url = url.to_string();
                entry.wire_url = url.reveal().to_string();
                entry.fails = (entry.fails + 1).min(127);
                entry.retry_at = Some(now + schedule::backoff_delay(entry.fails, retry));
                entry.never = never;
                entry.last_error = Some(error);
                if let Some(order) = torrent.order.as_mut() {
                    schedule::move_to_end_of_tier(order, &key);
                }
            }
        }
    }
}

/// Drives the tier walk with one thread per request: whoever the walk names is asked at once,
/// and each answer may name the next (a failed tracker's successor in its tier), so no tier
/// waits for another.
fn drive<T: Send>(
    sizes: &[usize],
    opts: TierOptions,
    ask: &(dyn Fn(tiers::Pos) -> (T, bool) + Sync),
) -> Vec<(tiers::Pos, Option<T>)> {
    let mut results = tiers::positions(sizes);
    let mut walk = tiers::TierWalk::new(sizes, opts);
    let record = |results: &mut Vec<(tiers::Pos, Option<T>)>, pos, value| {
        if let Some(slot) = results.iter_mut().find(|(p, _)| *p == pos) {
            slot.1 = Some(value);
        }
    };
    // One request at a time (one tracker, or a tier walked tracker by tracker) is asked on this
    // thread: a thread per request made glibc spread a batch's allocations over many arenas,
    // and a batch of 10 000 torrents peaked at 400 MiB instead of 30 MiB.
    let mut next = walk.start();
    while let [pos] = next.as_slice() {
        let pos = *pos;
        let (value, worked) = ask(pos);
        record(&mut results, pos, value);
        next = walk.record(pos, worked);
    }
    if next.is_empty() {
        return results;
    }
    std::thread::scope(|scope| {
        let (done, answers) = std::sync::mpsc::channel();
        let launch = |pos: tiers::Pos| {
            let done = done.clone();
            scope.spawn(move || {
                let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ask(pos)));
                let _ = done.send((pos, answer));
            });
        };
        let mut in_flight = 0;
        for pos in next {
            launch(pos);
            in_flight += 1;
        }
        while in_flight > 0 {
            let (pos, answer) = answers.recv().expect("a worker always sends");
            in_flight -= 1;
            let (value, worked) = answer.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            record(&mut results, pos, value);
            for next in walk.record(pos, worked) {
                launch(next);
                in_flight += 1;
            }
        }
    });
    results
}
