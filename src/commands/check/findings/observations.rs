//! What each probe of `check` saw at one tracker, as the prober fills it in: every announce
//! and scrape as sent and what came back (raw HTTP bodies kept, for the findings that need the
//! bencode as written). Plain data: the findings modules read it, nothing here judges.

use std::fmt::Write;

use crate::input::infohash::V1;
use crate::tracker::http::ConnectionProbe;
use crate::tracker::messages::{AnnounceResponse, ScrapeCounts};
use crate::tracker::url::Transport;

/// One announce as sent and what came back.
#[derive(Clone, Debug)]
pub struct AnnounceObs {
    /// HTTP only: status, content type and the raw body (the decoded answer hides whether
    /// `peers` was a string or a list, and which keys each peer had).
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub body: Option<Vec<u8>>,
    /// `Err`: no usable answer (network, timeout, not bencode, a truncated UDP answer). A
    /// tracker's refusal is `Ok` with `failure_reason`.
    pub outcome: Result<AnnounceResponse, String>,
}

impl AnnounceObs {
    pub fn answer(&self) -> Option<&AnnounceResponse> {
        self.outcome
            .as_ref()
            .ok()
            .filter(|r| r.failure_reason.is_none())
    }
    /// A short account for evidence: "200 text/plain: 1 seeder, 0 leechers, 1 peer".
    pub fn summary(&self) -> String {
        let mut s = String::new();
        if let Some(status) = self.status {
            let _ = write!(s, "HTTP {status}");
            if let Some(ct) = &self.content_type {
                let _ = write!(s, " {ct}");
            }
            s.push_str(": ");
        }
        match &self.outcome {
            Err(e) => s.push_str(e),
            Ok(r) => match &r.failure_reason {
                Some(reason) => {
                    let _ = write!(s, "failure reason {reason:?}");
                }
                None => {
                    let _ = write!(
                        s,
                        "{} seeders, {} leechers, {} peers",
                        show(r.complete),
                        show(r.incomplete),
                        r.peers.len() + r.peers6.len()
                    );
                }
            },
        }
        s
    }
}

fn show(n: Option<i64>) -> String {
    n.map_or("?".to_string(), |n| n.to_string())
}

/// One scrape as sent and what came back.
#[derive(Clone, Debug)]
pub struct ScrapeObs {
    pub hashes: Vec<V1>,
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub body: Option<Vec<u8>>,
    /// HTTP: `files` as the tracker keyed them; UDP: the answers by position, paired with the
    /// hash asked at that position.
    pub outcome: Result<ScrapeResult, String>,
}

#[derive(Clone, Debug, Default)]
pub struct ScrapeResult {
    pub failure: Option<String>,
    pub files: Vec<(V1, ScrapeCounts)>,
    pub min_request_interval: Option<i64>,
}

impl ScrapeObs {
    /// A UDP answer: the counts by position, paired with the hash asked there (the findings'
    /// tests build observations with it; a real probe's come from the transport's reply).
    #[cfg(test)]
    pub fn udp(hashes: Vec<V1>, answers: Vec<ScrapeCounts>) -> ScrapeObs {
        ScrapeObs {
            outcome: Ok(ScrapeResult {
                files: hashes.iter().copied().zip(answers).collect(),
                ..Default::default()
            }),
            hashes,
            status: None,
            content_type: None,
            body: None,
        }
    }
    pub fn ok(&self) -> Option<&ScrapeResult> {
        self.outcome.as_ref().ok().filter(|r| r.failure.is_none())
    }
    /// Seeders + leechers of `hash`; `Some(None)` when the answer leaves it out.
    pub fn total(&self, hash: V1) -> Option<Option<i64>> {
        let r = self.ok()?;
        Some(
            r.files
                .iter()
                .find(|(h, _)| *h == hash)
                .map(|(_, c)| c.complete.unwrap_or(0) + c.incomplete.unwrap_or(0)),
        )
    }
    pub fn summary(&self, hash: V1) -> String {
        let mut s = String::new();
        if let Some(status) = self.status {
            let _ = write!(s, "HTTP {status}: ");
        }
        match &self.outcome {
            Err(e) => s.push_str(e),
            Ok(r) => match &r.failure {
                Some(f) => {
                    let _ = write!(s, "failure reason {f:?}");
                }
                None => match r.files.iter().find(|(h, _)| *h == hash) {
                    Some((_, c)) => {
                        let _ = write!(
                            s,
                            "{} seeders, {} leechers",
                            show(c.complete),
                            show(c.incomplete)
                        );
                    }
                    None => {
                        let _ = write!(s, "no entry for the hash ({} entries)", r.files.len());
                    }
                },
            },
        }
        s
    }
}

/// Everything the probes saw at one tracker. `None`: that probe was not run.
#[derive(Debug, Default)]
pub struct Observations {
    pub transport: Option<Transport>,
    /// The info-hash is a random throw-away one (a TRACKER_URL was given).
    pub random_hash: bool,
    /// Only the plain sequence ran (private torrent without `--all-probes`).
    pub plain: bool,
    pub hash: Option<V1>,
    /// Ports of identities A/B/C, D, E, F.
    pub ports: [u16; 4],
    pub scrape_url: Option<String>,
    pub scrape_before: Option<ScrapeObs>,
    pub started: Option<AnnounceObs>,
    /// UDP: the same started without BEP 41 URL data, when the one with it failed.
    pub started_without_url_data: Option<AnnounceObs>,
    pub second: Option<AnnounceObs>,
    pub scrape_identity: Option<ScrapeObs>,
    pub stop_other: Option<AnnounceObs>,
    pub scrape_after_stop: Option<ScrapeObs>,
    pub register_d: Option<AnnounceObs>,
    pub register_e: Option<AnnounceObs>,
    /// F's started, numwant 50: the peer list with at least two others in the swarm.
    pub register_f: Option<AnnounceObs>,
    /// D again, numwant 1.
    pub numwant: Option<AnnounceObs>,
    /// HTTP: E with compact=0 (no_peer_id not sent), then compact=0&no_peer_id=1.
    pub dict: Option<AnnounceObs>,
    pub dict_no_peer_id: Option<AnnounceObs>,
    /// HTTP: [unknown, hash, unknown].
    pub scrape_multi: Option<ScrapeObs>,
    pub full_scrape: Option<ScrapeObs>,
    pub connection: Option<Result<ConnectionProbe, String>>,
    /// UDP: two connects with an empty cache.
    pub connects: Vec<Result<u64, String>>,
    /// UDP: the marker scrapes, the hash first then last among the same unknown hashes.
    pub order: Vec<ScrapeObs>,
    /// UDP: a scrape with a connection id the tracker never gave.
    pub wrong_connection_id: Option<Result<ScrapeObs, String>>,
    /// Identity letter and its stopped.
    pub stops: Vec<(char, AnnounceObs)>,
    pub scrape_final: Option<ScrapeObs>,
    pub identities_registered: usize,
    pub interrupted: bool,
    pub requests_planned: usize,
    pub requests_sent: usize,
}
