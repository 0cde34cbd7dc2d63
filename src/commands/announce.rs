//! `announce` and `stop`: one announce per selected tracker, identity kept in state.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::cli::{
    AnnounceArgs, DEFAULT_PORT, EventArg, GlobalArgs, PeerArgs, StopArgs, TargetArgs,
};
use crate::commands::Run;
use crate::error::Error;
use crate::input::Target;
use crate::input::infohash::V1;
use crate::report::{self, Report, Status, TorrentReport, TrackerReport};
use crate::state::{self, StateFile, TorrentState, TrackerState};
use crate::swarm::tiers::{self, TierOptions};
use crate::swarm::{self, Log};
use crate::tracker::http::{self, HttpOptions};
use crate::tracker::messages::{AnnounceRequest, AnnounceResponse, Event};
use crate::tracker::response;
use crate::tracker::udp::{self, ConnectionCache, UdpOptions};
use crate::tracker::url::TrackerUrl;

/// What one tracker's announce produced: the report line, and the state change it implies.
struct Outcome {
    report: TrackerReport,
    saved: Option<TrackerState>,
    /// A `stopped` that the tracker accepted: the entry is removed.
    forget: bool,
}

/// What a run changes in the state file for one tracker of one torrent.
struct Change {
    hash: V1,
    name: Option<String>,
    identity: Identity,
    key: String,
    saved: Option<TrackerState>,
    forget: bool,
}

/// Identity of one torrent for this run: from flags, else from state, else new.
#[derive(Clone)]
struct Identity {
    peer_id: [u8; 20],
    key: u32,
}

fn identity(peer: &PeerArgs, saved: Option<&TorrentState>) -> Result<Identity, Error> {
    let peer_id = match (&peer.peer_id, saved) {
        (Some(given), _) => swarm::parse_peer_id(given)?,
        (None, Some(s)) => hex::decode(&s.peer_id_hex)
            .ok()
            .and_then(|b| b.try_into().ok())
            .unwrap_or_else(swarm::new_peer_id),
        (None, None) => swarm::new_peer_id(),
    };
    let key = match (&peer.key, saved) {
        (Some(given), _) => swarm::parse_key(given)?,
        (None, Some(s)) => s.key,
        (None, None) => swarm::random_u64() as u32,
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

/// Everything needed to build the request for one tracker.
struct Plan<'a> {
    peer: &'a PeerArgs,
    target: &'a Target,
    hash: V1,
    identity: Identity,
    /// `None`: started when this tracker has no entry, else a regular announce.
    event: Option<Event>,
    saved: &'a BTreeMap<String, TrackerState>,
    http: HttpOptions,
    udp: UdpOptions,
    udp_cache: &'a ConnectionCache,
}

impl Plan<'_> {
    fn request(&self, url: &TrackerUrl) -> Result<AnnounceRequest, Error> {
        let saved = self.saved.get(&state::tracker_key(url.reveal()));
        let event = self.event.unwrap_or(if saved.is_some() {
            Event::None
        } else {
            Event::Started
        });
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
        let port = self
            .peer
            .port
            .or(saved.map(|s| s.port))
            .unwrap_or(DEFAULT_PORT);
        let saved_peer_id = saved
            .and_then(|s| hex::decode(&s.peer_id_hex).ok())
            .and_then(|b| b.try_into().ok());
        let peer_id = match (&self.peer.peer_id, saved_peer_id) {
            (None, Some(id)) => id,
            _ => self.identity.peer_id,
        };
        let key = match (&self.peer.key, saved) {
            (None, Some(s)) => s.key,
            _ => self.identity.key,
        };
        Ok(AnnounceRequest {
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
        })
    }

    /// Asks one tracker; `None` under `--dry-run`.
    fn ask(
        &self,
        global: &GlobalArgs,
        log: &Log,
        url: &TrackerUrl,
        tier: usize,
    ) -> Option<Outcome> {
        let mut report = TrackerReport::new(url.to_string(), tier, url.transport(), Status::Failed);
        report.info_hash = Some(self.hash.to_string());
        let req = match self.request(url) {
            Ok(req) => req,
            Err(e) => {
                report.error = Some(e.message);
                return Some(Outcome {
                    report,
                    saved: None,
                    forget: false,
                });
            }
        };
        report.event = Some(req.event);
        if swarm::is_udp(url) {
            return self.ask_udp(global, log, url, req, report);
        }
        let full = TrackerUrl::with_query(url.reveal(), &http::announce_query(&req));
        let exchange = swarm::http_exchange(
            global,
            log,
            url,
            &full,
            &swarm::announce_fields(&req),
            &self.http,
        )?;
        report.elapsed_ms = Some(exchange.elapsed.as_millis() as u64);
        let answer = match exchange.answer {
            Ok(answer) => answer,
            Err(e) => {
                report.error = Some(e);
                return Some(Outcome {
                    report,
                    saved: None,
                    forget: false,
                });
            }
        };
        let decoded = match response::decode_announce(&answer.body) {
            Ok(decoded) => decoded,
            Err(e) => {
                report.error = Some(url.scrub(&http_error(answer.status, &e.to_string())));
                report.hint = e.hint().map(str::to_string);
                return Some(Outcome {
                    report,
                    saved: None,
                    forget: false,
                });
            }
        };
        log.block(
            1,
            &decoded
                .notes
                .iter()
                .map(|n| format!("< note: {n}"))
                .collect::<Vec<_>>(),
        );
        report.response = Some(report::announce_response(&decoded, &|t| url.scrub(t)));
        if let Some(reason) = &decoded.failure_reason {
            report.error = Some(format!("tracker says: {}", url.scrub(reason)));
            return Some(Outcome {
                report,
                saved: None,
                forget: false,
            });
        }
        if answer.status != 200 {
            report.error = Some(format!("HTTP status {}", answer.status));
            return Some(Outcome {
                report,
                saved: None,
                forget: false,
            });
        }
        report.status = Status::Ok;
        let saved = self.saved_entry(url, &req, &decoded);
        Some(Outcome {
            report,
            saved: Some(saved),
            forget: req.event == Event::Stopped,
        })
    }

    fn ask_udp(
        &self,
        global: &GlobalArgs,
        log: &Log,
        url: &TrackerUrl,
        req: AnnounceRequest,
        mut report: TrackerReport,
    ) -> Option<Outcome> {
        let trace = |line: String| log.block(1, &[url.scrub(&line)]);
        if global.dry_run {
            println!(
                "> UDP announce to {} {}",
                url,
                url.scrub(&format!("{:?}", swarm::announce_fields(&req)))
            );
            return None;
        }
        let started = std::time::Instant::now();
        let result = self.udp_cache.resolve(url.authority()).and_then(|addr| {
            let mut session = udp::Session::open(addr, &self.udp, self.udp_cache, &trace)?;
            session.announce(&req, url.path_and_query())
        });
        report.elapsed_ms = Some(started.elapsed().as_millis() as u64);
        let decoded = match result {
            Ok(decoded) => decoded,
            Err(e) => {
                report.error = Some(url.scrub(&e));
                return Some(Outcome {
                    report,
                    saved: None,
                    forget: false,
                });
            }
        };
        log.block(
            1,
            &decoded
                .notes
                .iter()
                .map(|n| format!("< note: {n}"))
                .collect::<Vec<_>>(),
        );
        report.response = Some(report::announce_response(&decoded, &|t| url.scrub(t)));
        if let Some(reason) = &decoded.failure_reason {
            report.error = Some(format!("tracker says: {}", url.scrub(reason)));
            return Some(Outcome {
                report,
                saved: None,
                forget: false,
            });
        }
        report.status = Status::Ok;
        let saved = self.saved_entry(url, &req, &decoded);
        Some(Outcome {
            report,
            saved: Some(saved),
            forget: req.event == Event::Stopped,
        })
    }

    fn saved_entry(
        &self,
        url: &TrackerUrl,
        req: &AnnounceRequest,
        r: &AnnounceResponse,
    ) -> TrackerState {
        let previous = self.saved.get(&state::tracker_key(url.reveal()));
        TrackerState {
            url: url.to_string(),
            peer_id_hex: hex::encode(req.peer_id),
            key: req.key,
            port: req.port,
            tracker_id_hex: r
                .tracker_id
                .as_ref()
                .map(hex::encode)
                .or_else(|| previous.and_then(|p| p.tracker_id_hex.clone())),
            last_announce: state::now_unix(),
            last_event: req.event.name().to_string(),
            interval: r.interval,
            min_interval: r.min_interval,
        }
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

pub fn announce(run: &mut Run, args: &AnnounceArgs) -> Result<Report, Error> {
    let opts = TierOptions {
        all_trackers_in_tier: args.tiers.all_trackers_in_tier,
        all_tiers: args.tiers.all_tiers,
    };
    let event = args.event.map(event_of);
    let timeout = Duration::from_secs_f64(run.global.timeout);
    execute(
        run,
        &args.target,
        &args.peer,
        event,
        timeout,
        Selection::Tiers(opts),
        "announce",
    )
}

pub fn stop(run: &mut Run, args: &StopArgs) -> Result<Report, Error> {
    if args.stop_timeout <= 0.0 {
        let mut report = Report {
            command: "stop",
            torrents: Vec::new(),
            notices: Vec::new(),
        };
        report.notices.push(
            "--stop-timeout is 0: no stopped announce sent (as libtorrent with stop_tracker_timeout <= 0)".into(),
        );
        return Ok(report);
    }
    let selection = if run.store.path().is_none() || args.force {
        Selection::All
    } else {
        Selection::Announced
    };
    let timeout = Duration::from_secs_f64(args.stop_timeout);
    execute(
        run,
        &args.target,
        &args.peer,
        Some(Event::Stopped),
        timeout,
        selection,
        "stop",
    )
}

enum Selection {
    /// The tier engine decides.
    Tiers(TierOptions),
    /// Every tracker, in parallel (`stop --force`, or no state to go by).
    All,
    /// Trackers with a recorded announce, in parallel (qBittorrent: only those that got one).
    Announced,
}

fn execute(
    run: &mut Run,
    target_args: &TargetArgs,
    peer: &PeerArgs,
    event: Option<Event>,
    timeout: Duration,
    selection: Selection,
    command: &'static str,
) -> Result<Report, Error> {
    let state: StateFile = run.store.load()?;
    let mut report = Report {
        command,
        torrents: Vec::new(),
        notices: std::mem::take(&mut run.store.notices),
    };
    let mut changes: Vec<Change> = Vec::new();
    let targets = run.targets(target_args)?;
    for target in &targets {
        let tiers = swarm::tracker_tiers(
            target,
            target_args,
            run.global.show_secrets,
            &mut report.notices,
        )?;
        swarm::require_trackers(target, &tiers)?;
        for hash in swarm::wire_hashes(target, target_args.hash) {
            let saved_torrent = state.torrents.get(&hash.to_string());
            let empty = BTreeMap::new();
            let plan = Plan {
                peer,
                target,
                hash,
                identity: identity(peer, saved_torrent)?,
                event,
                saved: saved_torrent.map_or(&empty, |t| &t.trackers),
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
            let global = run.global.clone();
            let log = &run.log;
            let ask = |(t, i): tiers::Pos| match plan.ask(&global, log, &tiers[t][i], t) {
                Some(outcome) => {
                    let ok = outcome.report.status == Status::Ok;
                    (Some(outcome), ok)
                }
                None => (None, true),
            };
            let results = match &selection {
                Selection::Tiers(opts) => tiers::run(&sizes, *opts, &ask),
                Selection::All | Selection::Announced => {
                    let wanted = |t: usize, i: usize| match selection {
                        Selection::Announced => plan
                            .saved
                            .contains_key(&state::tracker_key(tiers[t][i].reveal())),
                        _ => true,
                    };
                    let everyone = TierOptions {
                        all_trackers_in_tier: true,
                        all_tiers: true,
                    };
                    tiers::run(&sizes, everyone, &|(t, i)| {
                        if wanted(t, i) {
                            ask((t, i))
                        } else {
                            (None, true)
                        }
                    })
                }
            };
            let mut trackers = Vec::new();
            for ((t, i), outcome) in results {
                let url = &tiers[t][i];
                match outcome.flatten() {
                    Some(outcome) => {
                        changes.push(Change {
                            hash,
                            name: target.name.clone(),
                            identity: plan.identity.clone(),
                            key: state::tracker_key(url.reveal()),
                            saved: outcome.saved,
                            forget: outcome.forget,
                        });
                        trackers.push(outcome.report);
                    }
                    None if run.global.dry_run => {}
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
                                "no announce to this tracker is recorded: nothing to stop".into(),
                            );
                            r.hint = Some("--force sends stopped anyway, with --peer-id/--key/--port as given".into());
                        }
                        trackers.push(r);
                    }
                }
            }
            report.torrents.push(TorrentReport {
                name: target.name.clone(),
                info_hash: Some(hash.to_string()),
                info_hash_v2: target.hashes.v2.map(|h| h.to_string()),
                source: target.describe(),
                private: Some(target.private),
                total_length: target.total_length,
                trackers,
                tiers: None,
            });
        }
    }
    if !run.global.dry_run {
        run.store.update(|file| {
            for Change {
                hash,
                name,
                identity,
                key,
                saved,
                forget,
            } in changes
            {
                let entry = file
                    .torrents
                    .entry(hash.to_string())
                    .or_insert_with(|| TorrentState {
                        name: name.clone(),
                        peer_id_hex: hex::encode(identity.peer_id),
                        key: identity.key,
                        trackers: BTreeMap::new(),
                    });
                if forget {
                    entry.trackers.remove(&key);
                } else if let Some(saved) = saved {
                    entry.trackers.insert(key, saved);
                }
            }
        })?;
        report.notices.append(&mut run.store.notices);
    }
    Ok(report)
}
