//! The outcome of a run, per torrent and per tracker: what the renderers print. Its serde
//! shape is the `--json` contract of `cli.md` (snake_case, absent values omitted).

use serde::Serialize;

use crate::input::infohash::V1;
use crate::tracker::messages::{AnnounceResponse, Event, Peer, RetryIn, ScrapeCounts};
use crate::tracker::url::Transport;

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub command: &'static str,
    /// `--dry-run`: nothing was sent; `planned` entries say what would be.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
    pub torrents: Vec<TorrentReport>,
    /// `scrape`: totals of the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    /// Local notices (a state file set aside, nothing to stop); shown on stderr in text mode.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    /// The rows were written as they came (`--format tsv|ndjson`); `torrents` holds none.
    #[serde(skip)]
    pub streamed: bool,
}

impl Report {
    pub fn new(command: &'static str) -> Report {
        Report {
            command,
            dry_run: false,
            torrents: Vec::new(),
            summary: None,
            notices: Vec::new(),
            streamed: false,
        }
    }
}

/// Totals of a scrape run.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub torrents: usize,
    pub trackers: usize,
    /// (torrent, tracker) pairs answered with counts.
    pub answered: usize,
    /// (torrent, tracker) pairs the tracker answered without the torrent (exit code 0).
    pub not_listed: usize,
    /// (torrent, tracker) pairs without an answer: failed or held back.
    pub failed: usize,
    pub wall_ms: u64,
    /// Of `failed`: the trackers that failed (exit 1) and the requests held back (exit 3).
    #[serde(skip)]
    pub tracker_failures: usize,
    #[serde(skip)]
    pub held_back: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct TorrentReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub info_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub info_hash_v2: Option<String>,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_length: Option<u64>,
    pub trackers: Vec<TrackerReport>,
    /// `tiers` only: the tiers with each tracker's transport and whether an announce selects it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<Vec<TierEntry>>>,
    /// `tiers` only: why the order differs from the file's (shuffle, prefer-udp swap, a
    /// failing tracker moved to the end of its tier).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order_notes: Vec<String>,
}

impl TorrentReport {
    /// The entry of one torrent, asked about with `hash` (v1, or a v2 truncated to 20 bytes).
    pub fn new(
        target: &crate::input::Target,
        hash: Option<V1>,
        trackers: Vec<TrackerReport>,
    ) -> TorrentReport {
        TorrentReport {
            name: target.name.clone(),
            info_hash: hash.map(|h| h.to_string()),
            info_hash_v2: target.hashes.v2.map(|h| h.to_string()),
            source: target.describe(),
            private: Some(target.private),
            total_length: target.total_length,
            trackers,
            tiers: None,
            order_notes: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct TierEntry {
    pub url: String,
    pub transport: Transport,
    /// An announce with the given options would contact this tracker now.
    pub selected: bool,
    /// Unix time of the last answer without failure (from state).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_announce: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_event: Option<String>,
    /// Consecutive failures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fails: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Seconds of back-off left, or "never" (BEP 31).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backoff_left: Option<serde_json::Value>,
    /// Seconds until a regular announce is allowed (min interval).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_announce_in: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Failed,
    Skipped,
    NotContacted,
    /// `scrape`: the tracker answered and left this torrent out.
    NotListed,
    /// `--dry-run`: this request would be sent now (`request` says what).
    Planned,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
            Status::NotContacted => "not_contacted",
            Status::NotListed => "not_listed",
            Status::Planned => "planned",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct TrackerReport {
    pub url: String,
    pub tier: usize,
    pub transport: Transport,
    pub status: Status,
    /// The hash this request was about (hybrid torrents can be asked about either).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub info_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<Event>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elapsed_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `failed` entries: what kind of failure, for scripts to branch on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<crate::tracker::failure::FailureKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scrape_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<ResponseReport>,
    /// `--dry-run`: the request that would be sent, secrets redacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<PlannedRequest>,
    /// Held back by a local rule (interval, back-off, rate limit): exit code 3.
    #[serde(skip)]
    pub refused: bool,
}

impl TrackerReport {
    pub fn new(url: String, tier: usize, transport: Transport, status: Status) -> TrackerReport {
        TrackerReport {
            url,
            tier,
            transport,
            status,
            info_hash: None,
            event: None,
            elapsed_ms: None,
            error: None,
            error_kind: None,
            hint: None,
            scrape_url: None,
            response: None,
            request: None,
            refused: false,
        }
    }
}

/// A request `--dry-run` would send: the HTTP URL, or the UDP tracker and packet kind, and the
/// fields as `-v` shows them.
#[derive(Clone, Debug, Serialize)]
pub struct PlannedRequest {
    /// `GET` (HTTP), `announce` or `scrape` (UDP, BEP 15).
    pub method: String,
    pub url: String,
    pub fields: Vec<(String, String)>,
}

impl PlannedRequest {
    /// What `--dry-run` reports for a request it does not send, secrets redacted.
    /// What `--dry-run` reports for `wire`, the request the transport would send to `tracker`.
    pub fn from_wire(
        tracker: &crate::tracker::url::TrackerUrl,
        wire: &crate::tracker::transport::Wire,
    ) -> PlannedRequest {
        PlannedRequest::new(wire.method, tracker, &wire.url, &wire.fields)
    }

    pub fn new(
        method: &str,
        tracker: &crate::tracker::url::TrackerUrl,
        url: &str,
        fields: &[(String, String)],
    ) -> PlannedRequest {
        PlannedRequest {
            method: method.to_string(),
            url: tracker.scrub(url),
            fields: fields
                .iter()
                .map(|(name, value)| (name.clone(), tracker.scrub(value)))
                .collect(),
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ResponseReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_interval: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracker_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downloaded: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downloaders: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_request_interval: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_in: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peers: Option<Vec<PeerReport>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PeerReport {
    pub ip: String,
    pub port: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer_id: Option<String>,
}

impl From<&Peer> for PeerReport {
    fn from(p: &Peer) -> Self {
        PeerReport {
            ip: p.ip.clone(),
            port: p.port,
            peer_id: p.peer_id.as_ref().map(hex::encode),
        }
    }
}

/// `scrub` removes the tracker's secrets from text it sent back (some trackers echo the query).
pub fn announce_response(r: &AnnounceResponse, scrub: &dyn Fn(&str) -> String) -> ResponseReport {
    let peers: Vec<PeerReport> = r
        .peers
        .iter()
        .chain(&r.peers6)
        .map(PeerReport::from)
        .collect();
    ResponseReport {
        interval: r.interval,
        min_interval: r.min_interval,
        tracker_id: r
            .tracker_id
            .as_ref()
            .map(|t| String::from_utf8_lossy(t).into_owned()),
        complete: r.complete,
        incomplete: r.incomplete,
        downloaded: r.downloaded,
        warning_message: r.warning_message.as_deref().map(scrub),
        failure_reason: r.failure_reason.as_deref().map(scrub),
        external_ip: r.external_ip.map(|ip| ip.to_string()),
        retry_in: r.retry_in.map(|retry| match retry {
            RetryIn::Minutes(m) => serde_json::Value::from(m),
            RetryIn::Never => serde_json::Value::from("never"),
        }),
        peers: if r.failure_reason.is_some() && peers.is_empty() {
            None
        } else {
            Some(peers)
        },
        ..Default::default()
    }
}

pub fn scrape_response(c: &ScrapeCounts, min_request_interval: Option<i64>) -> ResponseReport {
    ResponseReport {
        complete: c.complete,
        incomplete: c.incomplete,
        downloaded: c.downloaded,
        downloaders: c.downloaders,
        name: c.name.clone(),
        min_request_interval,
        ..Default::default()
    }
}

/// `check`'s document: a tracker's findings each (`commands::check::findings`, as JSON values
/// with the tracker's secrets redacted), the requests sent, and whether Ctrl-C cut it short.
#[derive(serde::Serialize)]
pub struct CheckReport {
    pub command: &'static str,
    pub trackers: Vec<serde_json::Value>,
    pub requests_sent: usize,
    pub interrupted: bool,
}
