//! `announce` and `stop`: one announce per selected tracker, identity and schedule kept in state.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::cli::{AnnounceArgs, DEFAULT_PORT, EventArg, PeerArgs, StopArgs, TargetArgs};
use crate::commands::Run;
use crate::error::Error;
use crate::input::infohash::V1;
use crate::input::{Source, Target};
use crate::plan::schedule::{self, Hold, Limits, RateKind};
use crate::plan::tiers::{self, TierOptions};
use crate::plan::trackers;
use crate::report::{self, Report, Status, TorrentReport, TrackerReport};
use crate::state::{self, StateFile, TorrentState, TrackerState};
use crate::tracker::exchange::{announce_fields, http_exchange};
use crate::tracker::http::{self, HttpOptions};
use crate::tracker::messages::{AnnounceRequest, AnnounceResponse, Event, RetryIn};
use crate::tracker::response;
use crate::tracker::udp::{self, ConnectionCache, UdpOptions};
use crate::tracker::url::{TrackerUrl, Transport};

/// What one tracker's announce produced: the report line, and the state change it implies.
struct Outcome {
    report: TrackerReport,
    update: Update,
}

enum Update {
    /// Nothing to record (not sent).
    Nothing,
    /// The tracker answered without failure.
    Answered(Box<TrackerState>),
    /// The request failed: back off `retry` seconds at least (`never`: BEP 31 "never").
    Failed {
        retry: u64,
        never: bool,
        error: String,
    },
}

/// Identity of one torrent for this run: from flags, else from state, else new.
#[derive(Clone)]
struct Identity {
    peer_id: [u8; 20],
    key: u32,
}

fn identity(peer: &PeerArgs, saved: Option<&TorrentState>) -> Result<Identity, Error> {
    let peer_id = match (&peer.peer_id, saved) {
        (Some(given), _) => crate::identity::parse_peer_id(given)?,
        (None, Some(s)) => hex::decode(&s.peer_id_hex)
            .ok()
            .and_then(|b| b.try_into().ok())
            .unwrap_or_else(crate::identity::new_peer_id),
        (None, None) => crate::identity::new_peer_id(),
    };
    let key = match (&peer.key, saved) {
        (Some(given), _) => crate::identity::parse_key(given)?,
        (None, Some(s)) => s.key,
        (None, None) => crate::identity::random_u64() as u32,
    };
    Ok(Identity { peer_id, key })
}

fn event_of(arg: EventArg) -> Event {
    match arg {
        EventArg::Started => Event::Started,
        EventArg::Completed => Event::Completed,
        EventArg::Stopped => Event::Stopped,
        EventArg::None => Event::None,
        EventArg::Paused => Event::Paused,
    }
}

/// What decides whether a request may go out now.
#[derive(Clone)]
pub struct Policy {
    /// Send regular announces inside the min interval, and to trackers in back-off.
    pub force: bool,
    /// Sleep until allowed instead of refusing (exit 3).
    pub wait: bool,
    pub limits: Limits,
    pub ignore_retry_in: bool,
}

/// Everything needed to build and send the request for one tracker.
struct Plan<'a> {
    run: &'a Run,
    peer: &'a PeerArgs,
    target: &'a Target,
    hash: V1,
    identity: Identity,
    /// `None`: started when this tracker has not accepted one, else a regular announce.
    event: Option<Event>,
    saved: &'a BTreeMap<String, TrackerState>,
    policy: &'a Policy,
    http: HttpOptions,
    udp: UdpOptions,
    udp_cache: &'a ConnectionCache,
}

impl Plan<'_> {
    fn event_for(&self, saved: Option<&TrackerState>) -> Event {
        let started = saved.is_some_and(|s| s.start_sent);
        self.event
            .unwrap_or(if started { Event::None } else { Event::Started })
    }

    /// The request for a tracker whose saved entry is `saved`, sending `event`.
    fn request(&self, saved: Option<&TrackerState>, event: Event) -> AnnounceRequest {
        let trackerid = match (
            &self.peer.trackerid,
            saved.and_then(|s| s.tracker_id_hex.as_ref()),
        ) {
            (Some(given), _) => Some(given.as_bytes().to_vec()),
            (None, Some(hex_id)) => hex::decode(hex_id).ok(),
            (None, None) => None,
        };
        // The identity this tracker saw last (trackers key peers by ip:port, torrust by
        // peer_id), unless flags say otherwise: so `stop` removes that very peer.
        let announced = saved.filter(|s| !s.peer_id_hex.is_empty());
        let port = self
            .peer
            .port
            .or(announced.map(|s| s.port))
            .unwrap_or(DEFAULT_PORT);
        let saved_peer_id = announced
            .and_then(|s| hex::decode(&s.peer_id_hex).ok())
            .and_then(|b| b.try_into().ok());
        let peer_id = match (&self.peer.peer_id, saved_peer_id) {
            (None, Some(id)) => id,
            _ => self.identity.peer_id,
        };
        let key = match (&self.peer.key, announced) {
            (None, Some(s)) => s.key,
            _ => self.identity.key,
        };
        AnnounceRequest {
            info_hash: self.hash,
            peer_id,
            port,
            uploaded: self.peer.uploaded,
            downloaded: self.peer.downloaded,
            left: self.peer.left.or(self.target.total_length).unwrap_or(0),
            corrupt: 0,
            redundant: 0,
            key,
            event,
            numwant: self
                .peer
                .numwant
                .unwrap_or(if event == Event::Stopped { 0 } else { 200 }),
            compact: !self.peer.no_compact,
            no_peer_id: !self.peer.no_peer_id,
            supportcrypto: true,
            ip: self.peer.ip.clone(),
            trackerid,
        }
    }

    /// Asks one tracker, or says why not; `None` under `--dry-run`. The bool of the tier
    /// engine ("worked") is true for an answer, and for a tracker that is merely not due.
    fn ask(&self, url: &TrackerUrl, tier: usize) -> Option<(Outcome, bool)> {
        let global = &self.run.global;
        let mut report = TrackerReport::new(url.to_string(), tier, url.transport(), Status::Failed);
        report.info_hash = Some(self.hash.to_string());
        let key = state::tracker_key(url.reveal());
        let saved = self.saved.get(&key);
        let event = self.event_for(saved);
        report.event = Some(event);
        // A dry run meets the same holds as the real one, and says so.
        if !self.policy.force {
            match self.wait_until_allowed(saved, event) {
                Ok(()) => {}
                Err(Hold::Backoff(left)) => {
                    let error = match left {
                        Some(s) => {
                            format!("failing tracker in back-off: next try allowed in {s} s")
                        }
                        None => "the tracker said 'retry in: never' (BEP 31)".to_string(),
                    };
                    return Some((held(report, error, "--force asks it anyway"), false));
                }
                Err(Hold::Interval(left)) => {
                    let error =
                        format!("min interval not elapsed: next regular announce in {left} s");
                    return Some((
                        held(report, error, "--force sends it anyway, --wait waits"),
                        true,
                    ));
                }
            }
        }
        if let Err(left_ms) = self.reserve(&key, RateKind::Announce) {
            let error = format!(
                "local rate limit: next request allowed in {:.1} s",
                left_ms as f64 / 1000.0
            );
            let hint = "--wait waits for it; --max-rate sets the global limit";
            return Some((held(report, error, hint), true));
        }
        let req = self.request(saved, event);
        if global.dry_run {
            let (method, wire) = match url.transport() {
                Transport::Http => (
                    "GET",
                    TrackerUrl::with_query(url.reveal(), &http::announce_query(&req)),
                ),
                Transport::Udp => ("announce", url.reveal().to_string()),
            };
            report.status = Status::Planned;
            report.request = Some(crate::report::PlannedRequest::new(
                method,
                url,
                &wire,
                &crate::tracker::exchange::announce_fields(&req),
            ));
            let update = Update::Nothing;
            return Some((Outcome { report, update }, true));
        }
        let outcome = match url.transport() {
            Transport::Udp => self.ask_udp(url, &req, report)?,
            Transport::Http => self.ask_http(url, &req, report)?,
        };
        let worked = outcome.report.status == Status::Ok;
        Some((outcome, worked))
    }

    /// Sleeps through a hold when `--wait` is given (with a countdown on a terminal).
    fn wait_until_allowed(&self, saved: Option<&TrackerState>, event: Event) -> Result<(), Hold> {
        match schedule::hold(saved, state::now_unix(), event == Event::None) {
            None => Ok(()),
            // A dry run does not wait: the real run would, then send.
            Some(Hold::Interval(_)) | Some(Hold::Backoff(Some(_)))
                if self.policy.wait && self.run.global.dry_run =>
            {
                Ok(())
            }
            Some(Hold::Interval(left)) | Some(Hold::Backoff(Some(left))) if self.policy.wait => {
                crate::render::log::countdown(
                    Duration::from_secs(left),
                    "waiting for the tracker's interval",
                );
                Ok(())
            }
            Some(hold) => Err(hold),
        }
    }

    /// Takes a request slot from the local rate limits (under the state lock).
    fn reserve(&self, key: &str, kind: RateKind) -> Result<(), u64> {
        reserve(
            self.run,
            &self.hash.to_string(),
            key,
            kind,
            &self.policy.limits,
            self.policy.wait,
        )
    }

    fn ask_http(
        &self,
        url: &TrackerUrl,
        req: &AnnounceRequest,
        mut report: TrackerReport,
    ) -> Option<Outcome> {
        let full = TrackerUrl::with_query(url.reveal(), &http::announce_query(req));
        let exchange = http_exchange(
            &|level, lines| self.run.log.block(level, lines),
            url,
            &full,
            &announce_fields(req),
            &self.http,
        );
        report.elapsed_ms = Some(exchange.elapsed.as_millis() as u64);
        let answer = match exchange.answer {
            Ok(answer) => answer,
            Err(e) => return Some(failed(report, e, 0, false)),
        };
        match response::decode_announce(&answer.body) {
            Err(e) => {
                report.hint = e.hint().map(str::to_string);
                let error = url.scrub(&http_error(answer.status, &e.to_string()));
                Some(failed(report, error, 0, false))
            }
            Ok(_) if answer.status == 410 => {
                Some(failed(report, "HTTP status 410 Gone".into(), 0, true))
            }
            Ok(decoded) if decoded.failure_reason.is_none() && answer.status != 200 => Some(
                failed(report, format!("HTTP status {}", answer.status), 0, false),
            ),
            Ok(decoded) => Some(self.answered(url, req, report, decoded, schedule::FAILURE_RETRY)),
        }
    }

    fn ask_udp(
        &self,
        url: &TrackerUrl,
        req: &AnnounceRequest,
        mut report: TrackerReport,
    ) -> Option<Outcome> {
        let log = &self.run.log;
        let trace = |line: String| log.block(1, &[url.scrub(&line)]);
        let started = std::time::Instant::now();
        let result = self.udp_cache.resolve(url.authority()).and_then(|addr| {
            let mut session = udp::Session::open(addr, &self.udp, self.udp_cache, &trace)?;
            session.announce(req, url.path_and_query())
        });
        report.elapsed_ms = Some(started.elapsed().as_millis() as u64);
        match result {
            Ok(decoded) => {
                Some(self.answered(url, req, report, decoded, schedule::UDP_FAILURE_RETRY))
            }
            Err(e) => Some(failed(
                report,
                url.scrub(&e),
                schedule::UDP_FAILURE_RETRY,
                false,
            )),
        }
    }

    /// A decoded answer: a failure reason (back off `interval`, else `failure_retry`, or BEP 31
    /// `retry in`) or a success to record.
    fn answered(
        &self,
        url: &TrackerUrl,
        req: &AnnounceRequest,
        mut report: TrackerReport,
        decoded: AnnounceResponse,
        failure_retry: u64,
    ) -> Outcome {
        self.run.log.block(
            1,
            &decoded
                .notes
                .iter()
                .map(|n| format!("< note: {n}"))
                .collect::<Vec<_>>(),
        );
        report.response = Some(report::announce_response(&decoded, &|t| url.scrub(t)));
        if let Some(reason) = &decoded.failure_reason {
            let interval_retry = decoded.interval.map_or(failure_retry, |i| i.max(0) as u64);
            let (retry, never) = match (decoded.retry_in, self.policy.ignore_retry_in) {
                (Some(RetryIn::Minutes(m)), false) => (m.saturating_mul(60), false),
                (Some(RetryIn::Never), false) => (interval_retry, true),
                _ => (interval_retry, false),
            };
            return failed(
                report,
                format!("tracker says: {}", url.scrub(reason)),
                retry,
                never,
            );
        }
        report.status = Status::Ok;
        let entry = TrackerState {
            url: url.to_string(),
            wire_url: url.reveal().to_string(),
            peer_id_hex: hex::encode(req.peer_id),
            key: req.key,
            port: req.port,
            tracker_id_hex: decoded.tracker_id.as_ref().map(hex::encode),
            start_sent: req.event != Event::Stopped,
            last_announce: Some(state::now_unix()),
            last_event: req.event.name().to_string(),
            interval: decoded.interval,
            // libtorrent: 30 s when an HTTP tracker sends none, a fixed 60 s for UDP.
            min_interval: decoded
                .min_interval
                .or(Some(if url.transport() == Transport::Udp {
                    60
                } else {
                    30
                })),
            ..Default::default()
        };
        Outcome {
            report,
            update: Update::Answered(Box::new(entry)),
        }
    }
}

/// Held back by a local rule (back-off, interval, rate limit): skipped, exit code 3.
fn held(mut report: TrackerReport, error: String, hint: &str) -> Outcome {
    report.status = Status::Skipped;
    report.refused = true;
    report.error = Some(error);
    report.hint = Some(hint.to_string());
    Outcome {
        report,
        update: Update::Nothing,
    }
}

fn failed(mut report: TrackerReport, error: String, retry: u64, never: bool) -> Outcome {
    report.status = Status::Failed;
    report.error = Some(error.clone());
    Outcome {
        report,
        update: Update::Failed {
            retry,
            never,
            error,
        },
    }
}

/// A non-bencode answer often comes with a telling status (opentracker: 400 with HTML).
fn http_error(status: u16, decode_error: &str) -> String {
    if status == 200 {
        decode_error.to_string()
    } else {
        format!("HTTP status {status}: {decode_error}")
    }
}

/// Takes a slot from the per-tracker and global rate limits, recording it in the state file
/// under its lock. A wait of a second or less is slept through; a longer one is refused
/// (`Err(ms left)`) unless `wait`.
pub fn reserve(
    run: &Run,
    hash: &str,
    key: &str,
    kind: RateKind,
    limits: &Limits,
    wait: bool,
) -> Result<(), u64> {
    if run.global.dry_run {
        // The same verdict as the real run, on a copy: a dry run takes no slot.
        let Ok(mut file) = run.store.load() else {
            return Ok(());
        };
        return match schedule::take_slot(&mut file, hash, key, kind, limits, state::now_ms()) {
            Err(left) if left > 1000 && !wait => Err(left),
            _ => Ok(()),
        };
    }
    loop {
        let now = state::now_ms();
        let verdict = run
            .store
            .update(|file| schedule::take_slot(file, hash, key, kind, limits, now));
        let left = match verdict {
            Ok(Ok(())) => return Ok(()),
            Ok(Err(left)) => left,
            // No usable state file: the limits cannot be kept, the request goes out.
            Err(e) => {
                run.log.block(
                    1,
                    &[format!("note: rate limits not applied: {}", e.message)],
                );
                return Ok(());
            }
        };
        if left > 1000 && !wait {
            return Err(left);
        }
        if left > 1000 {
            crate::render::log::countdown(Duration::from_millis(left), "local rate limit");
        } else {
            std::thread::sleep(Duration::from_millis(left));
        }
    }
}

pub fn policy(run: &Run, force: bool, wait: bool, ignore_retry_in: bool) -> Policy {
    Policy {
        force,
        wait,
        ignore_retry_in,
        limits: Limits {
            per_tracker_ms: schedule::PER_TRACKER_SPACING_MS,
            global_interval_ms: run.global.max_rate.map(|r| (1000.0 / r).ceil() as u64),
        },
    }
}

pub fn announce(run: &mut Run, args: &AnnounceArgs) -> Result<Report, Error> {
    let opts = TierOptions {
        all_trackers_in_tier: args.tiers.all_trackers_in_tier,
        all_tiers: args.tiers.all_tiers,
    };
    let event = args.event.map(event_of);
    let timeout = Duration::from_secs_f64(run.global.timeout);
    let policy = policy(run, args.force, args.wait, args.ignore_retry_in);
    let targets = run.targets(&args.target)?;
    execute(
        run,
        &targets,
        &args.target,
        &args.peer,
        event,
        timeout,
        Selection::Tiers(opts),
        &policy,
        "announce",
    )
}

pub fn stop(run: &mut Run, args: &StopArgs) -> Result<Report, Error> {
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
        run.targets(&args.target)?
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
        &targets,
        &args.target,
        &args.peer,
        Some(Event::Stopped),
        timeout,
        selection,
        &policy,
        "stop",
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

enum Selection {
    /// The tier engine decides.
    Tiers(TierOptions),
    /// Every tracker, in parallel (`stop --force`, or no state to go by).
    All,
    /// Trackers that accepted a `started`, in parallel (qBittorrent: only those).
    Announced,
}

#[allow(clippy::too_many_arguments)]
fn execute(
    run: &mut Run,
    targets: &[Target],
    target_args: &TargetArgs,
    peer: &PeerArgs,
    event: Option<Event>,
    timeout: Duration,
    selection: Selection,
    policy: &Policy,
    command: &'static str,
) -> Result<Report, Error> {
    let state: StateFile = run.store.load()?;
    let mut report = Report::new(command);
    report.notices = run.store.take_notices();
    let mut changes: Vec<Change> = Vec::new();
    for target in targets {
        let listed = trackers::tracker_tiers(
            target,
            super::chosen(target_args),
            run.global.show_secrets,
            &mut report.notices,
        )?;
        trackers::require_trackers(target, &listed)?;
        if command == "announce"
            && event != Some(Event::Stopped)
            && peer.left.is_none()
            && target.total_length.is_none()
        {
            report.notices.push(format!(
                "{}: left=0 sent, as the size is unknown: trackers count this peer as a seeder \
                 (give --left BYTES to announce as a leecher)",
                target.describe()
            ));
        }
        for hash in trackers::wire_hashes(target, target_args.hash.into()) {
            let saved_torrent = state.torrents.get(&hash.to_string());
            let tiers =
                trackers::ordered_tiers(&listed, saved_torrent, super::order_options(&run.global));
            let notes = trackers::order_notes(&listed, &tiers, saved_torrent);
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
                peer,
                target,
                hash,
                identity: identity(peer, saved_torrent)?,
                event,
                saved: saved_torrent.map_or(&empty, |t| &t.trackers),
                policy,
                http: HttpOptions {
                    timeout,
                    user_agent: peer.user_agent.clone(),
                    insecure: run.global.insecure,
                },
                udp: UdpOptions {
                    timeout,
                    retransmit: run.global.udp_retransmit.into(),
                },
                udp_cache: &run.udp_cache,
            };
            let sizes: Vec<usize> = tiers.iter().map(Vec::len).collect();
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
            let results = match &selection {
                Selection::Tiers(opts) => tiers::run(&sizes, *opts, &ask),
                Selection::All | Selection::Announced => tiers::run(
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
            for ((t, i), outcome) in results {
                let url = &tiers[t][i];
                let key = state::tracker_key(url.reveal());
                let (entry, update) = match outcome.flatten() {
                    Some(outcome) => (outcome.report, outcome.update),
                    None => {
                        let mut r = TrackerReport::new(
                            url.to_string(),
                            t,
                            url.transport(),
                            Status::NotContacted,
                        );
                        r.info_hash = Some(hash.to_string());
                        if matches!(selection, Selection::Announced) {
                            r.error = Some(
                                "no started announce to this tracker is recorded: nothing to stop"
                                    .into(),
                            );
                            r.hint = Some("--force sends stopped anyway, with --peer-id/--key/--port as given".into());
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
            report
                .torrents
                .push(TorrentReport::new(target, Some(hash), trackers));
        }
    }
    if !run.global.dry_run {
        run.store.update(|file| apply(file, changes))?;
        report.notices.append(&mut run.store.take_notices());
    }
    Ok(report)
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
fn apply(file: &mut StateFile, changes: Vec<Change>) {
    let now = state::now_unix();
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
