//! Asking one tracker for one torrent: the request built from flags and saved state, the local
//! holds checked, the HTTP or UDP exchange, and the outcome with the state change it implies.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::cli::{DEFAULT_PORT, PeerArgs};
use crate::commands::Run;
use crate::commands::limits::{Policy, reserve};
use crate::env::Random;
use crate::error::Error;
use crate::input::Target;
use crate::input::infohash::V1;
use crate::plan::schedule::{self, Hold, RateKind};
use crate::report::PlannedRequest;
use crate::report::{self, Status, TrackerReport};
use crate::state::{self, TorrentState, TrackerState};
use crate::tracker::failure::TrackerError;
use crate::tracker::http::HttpOptions;
use crate::tracker::messages::{AnnounceRequest, AnnounceResponse, Event, RetryIn};
use crate::tracker::transport::Wire;
use crate::tracker::udp::UdpOptions;
use crate::tracker::url::{self, TrackerUrl};

/// What one tracker's announce produced: the report line, and the state change it implies.
pub(super) struct Outcome {
    pub(super) report: TrackerReport,
    pub(super) update: Update,
}

pub(super) enum Update {
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
pub(super) struct Identity {
    pub(super) peer_id: [u8; 20],
    pub(super) key: u32,
}

pub(super) fn identity(
    peer: &PeerArgs,
    saved: Option<&TorrentState>,
    random: &dyn Random,
) -> Result<Identity, Error> {
    let peer_id = match (&peer.peer_id, saved) {
        (Some(given), _) => crate::identity::parse_peer_id(given)?,
        (None, Some(s)) => hex::decode(&s.peer_id_hex)
            .ok()
            .and_then(|b| b.try_into().ok())
            .unwrap_or_else(|| crate::identity::new_peer_id(random)),
        (None, None) => crate::identity::new_peer_id(random),
    };
    let key = match (&peer.key, saved) {
        (Some(given), _) => crate::identity::parse_key(given)?,
        (None, Some(s)) => s.key,
        (None, None) => random.u64() as u32,
    };
    Ok(Identity { peer_id, key })
}

/// Everything needed to build and send the request for one tracker.
pub(super) struct Plan<'a> {
    pub(super) run: &'a Run,
    pub(super) peer: &'a PeerArgs,
    pub(super) target: &'a Target,
    pub(super) hash: V1,
    pub(super) identity: Identity,
    /// `None`: started when this tracker has not accepted one, else a regular announce.
    pub(super) event: Option<Event>,
    pub(super) saved: &'a BTreeMap<String, TrackerState>,
    pub(super) policy: &'a Policy,
    pub(super) http: HttpOptions,
    pub(super) udp: UdpOptions,
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
    pub(super) fn ask(&self, url: &TrackerUrl, tier: usize) -> Option<(Outcome, bool)> {
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
                        // BEP 31's "retry in: never", or HTTP 410 Gone: its last answer says which.
                        None => match saved.and_then(|s| s.last_error.as_deref()) {
                            Some(last) => {
                                format!(
                                    "the tracker said never to ask again (its last answer: {last})"
                                )
                            }
                            None => "the tracker said never to ask again".to_string(),
                        },
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
            let wire = Wire::announce(url, &req);
            report.status = Status::Planned;
            report.request = Some(PlannedRequest::from_wire(url, &wire));
            let update = Update::Nothing;
            return Some((Outcome { report, update }, true));
        }
        let outcome = self.send(url, &req, report);
        let worked = outcome.report.status == Status::Ok;
        Some((outcome, worked))
    }

    /// Sends the announce and reads what came back.
    fn send(&self, url: &TrackerUrl, req: &AnnounceRequest, mut report: TrackerReport) -> Outcome {
        let reply = self
            .run
            .transport(&self.http, &self.udp)
            .announce(url, req, true);
        report.elapsed_ms = Some(reply.elapsed.as_millis() as u64);
        // libtorrent: a UDP tracker that fails is retried after 30 s at least; HTTP by the
        // back-off alone, or by the interval a refusal carries (else 1800 s).
        let (failure_retry, refusal_retry) = match url.transport() {
            url::Transport::Udp => (schedule::UDP_FAILURE_RETRY, schedule::UDP_FAILURE_RETRY),
            url::Transport::Http => (0, schedule::FAILURE_RETRY),
        };
        match reply.answer {
            Ok(decoded) => self.answered(url, req, report, decoded, refusal_retry),
            Err(e) => {
                report.hint = e.hint.clone();
                // HTTP 410 Gone: never again, as BEP 31's "retry in: never".
                let never = e.http_status == Some(410);
                failed(report, e, failure_retry, never)
            }
        }
    }

    /// Sleeps through a hold when `--wait` is given (with a countdown on a terminal).
    fn wait_until_allowed(&self, saved: Option<&TrackerState>, event: Event) -> Result<(), Hold> {
        let now = self.run.env.clock.now_unix();
        match schedule::hold(saved, now, event == Event::None) {
            None => Ok(()),
            // A dry run does not wait: the real run would, then send.
            Some(Hold::Interval(_)) | Some(Hold::Backoff(Some(_)))
                if self.policy.wait && self.run.global.dry_run =>
            {
                Ok(())
            }
            Some(Hold::Interval(left)) | Some(Hold::Backoff(Some(left))) if self.policy.wait => {
                self.run.log.countdown(
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
            self.policy.book.as_deref(),
        )
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
                TrackerError::tracker_said(reason).scrubbed(url),
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
            last_announce: Some(self.run.env.clock.now_unix()),
            last_event: req.event.name().to_string(),
            interval: decoded.interval,
            // libtorrent: 30 s when an HTTP tracker sends none, a fixed 60 s for UDP.
            min_interval: decoded.min_interval.or(Some(
                if url.transport() == url::Transport::Udp {
                    60
                } else {
                    30
                },
            )),
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

fn failed(mut report: TrackerReport, failure: TrackerError, retry: u64, never: bool) -> Outcome {
    let error = failure.to_string();
    report.status = Status::Failed;
    report.error = Some(error.clone());
    report.error_kind = Some(failure.kind);
    Outcome {
        report,
        update: Update::Failed {
            retry,
            never,
            error,
        },
    }
}
