//! `check`, sans IO: what each probe saw (`Observations`) turned into findings, each with its
//! evidence, or `null` with the reason it could not be established. Nothing here sends or
//! prints; the driver (`mod.rs`) fills the observations, this module judges them.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use crate::bencode::{self, Value};
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
    /// A UDP answer: the counts by position, paired with the hash asked there.
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

/// The `--json` entry of one tracker (docs/json.md, "check").
#[derive(Debug, Serialize)]
pub struct TrackerCheck {
    pub url: String,
    pub transport: Transport,
    pub info_hash: String,
    /// "random" (a throw-away hash) or "torrent" (the TORRENT's own).
    pub hash_source: &'static str,
    /// "all", or "plain" (started, scrape, stopped: a private torrent without --all-probes).
    pub probes: &'static str,
    pub requests_planned: usize,
    pub requests_sent: usize,
    pub interrupted: bool,
    pub accepts_unknown_hash: Option<bool>,
    /// The tracker's words when it refused the hash.
    pub refusal: Option<String>,
    pub peer_identity: &'static str,
    pub stopped_with_other_peer_id_removes: Option<bool>,
    pub ghost_peer_risk: Option<String>,
    pub counts_include_self: Option<bool>,
    pub peer_list_includes_self: Option<bool>,
    pub numwant_honoured: Option<bool>,
    pub compact: Option<bool>,
    pub dict_peers: Option<bool>,
    pub peers6: Option<bool>,
    pub no_peer_id: Option<bool>,
    pub interval: Option<i64>,
    pub min_interval: Option<i64>,
    pub tracker_id: Option<String>,
    pub warning_message: Option<String>,
    pub external_ip: Option<String>,
    pub scrape: ScrapeFindings,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpFindings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub udp: Option<UdpFindings>,
    pub cleanup: Cleanup,
    /// Why each `null` (or `"unknown"`) finding is not established, by its key path.
    pub reasons: BTreeMap<String, String>,
    /// The table: finding, result, evidence.
    pub findings: Vec<Row>,
}

#[derive(Debug, Default, Serialize)]
pub struct ScrapeFindings {
    pub supported: Option<bool>,
    pub url: Option<String>,
    pub multi_hash: Option<bool>,
    pub unknown_hashes: Option<&'static str>,
    pub key_encoding: Option<&'static str>,
    pub full_scrape: Option<bool>,
    pub min_request_interval: Option<i64>,
}

#[derive(Debug, Default, Serialize)]
pub struct HttpFindings {
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub keep_alive: Option<bool>,
    pub gzip: Option<bool>,
}

#[derive(Debug, Default, Serialize)]
pub struct UdpFindings {
    pub connection_id: Option<&'static str>,
    pub scrape_in_request_order: Option<bool>,
    pub url_data_accepted: Option<bool>,
    /// What a request with a connection id the tracker never gave gets: "error", "ignored"
    /// (no answer) or "answered".
    pub wrong_connection_id: Option<&'static str>,
}

#[derive(Debug, Default, Serialize)]
pub struct Cleanup {
    pub identities_registered: usize,
    pub identities_stopped: usize,
    /// Seeders + leechers of the hash before the first announce and after the last stopped.
    pub count_before: Option<i64>,
    pub count_after: Option<i64>,
    pub back_where_they_were: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub finding: String,
    pub result: String,
    pub evidence: String,
}

/// Collects findings, their rows and the reasons for what stays unknown.
struct Judge {
    rows: Vec<Row>,
    reasons: BTreeMap<String, String>,
}

impl Judge {
    fn row(&mut self, finding: &str, result: impl Into<String>, evidence: impl Into<String>) {
        self.rows.push(Row {
            finding: finding.to_string(),
            result: result.into(),
            evidence: evidence.into(),
        });
    }
    /// A finding: a value with its evidence, or null with a reason (shown as "unknown").
    fn judge<T>(
        &mut self,
        key: &str,
        finding: &str,
        verdict: Result<(T, String), String>,
        shown: impl Fn(&T) -> String,
    ) -> Option<T> {
        match verdict {
            Ok((value, evidence)) => {
                self.row(finding, shown(&value), evidence);
                Some(value)
            }
            Err(reason) => {
                // Unknown, unless the reason is that the answer lacks the key or the protocol
                // has no such thing.
                let shown = if reason.starts_with("BEP 15") {
                    "n/a (UDP)"
                } else if reason.starts_with("no ") && reason.contains(" in the ") {
                    "absent"
                } else {
                    "unknown"
                };
                self.row(finding, shown, reason.clone());
                self.reasons.insert(key.to_string(), reason);
                None
            }
        }
    }
}

fn yes_no(b: &bool) -> String {
    if *b { "yes" } else { "no" }.to_string()
}

const PLAIN: &str =
    "not probed: private torrent (only started, scrape, stopped; --all-probes runs the rest)";

/// The announcing peer in a peer list: listed on its own port (the address may be rewritten,
/// e.g. to the tracker's external ip).
fn lists_port(r: &AnnounceResponse, port: u16) -> bool {
    r.peers.iter().chain(&r.peers6).any(|p| p.port == port)
}

fn announce_total(r: &AnnounceResponse) -> Option<i64> {
    Some(r.complete? + r.incomplete?)
}

/// What `peers` is in a raw HTTP announce body: Some(true) a list (dictionary model),
/// Some(false) a string (compact), None absent or unreadable.
fn peers_is_list(body: &[u8]) -> Option<bool> {
    let (Value::Dict(d), _) = bencode::decode_prefix(body).ok()? else {
        return None;
    };
    match d.get(b"peers")? {
        Value::List(_) => Some(true),
        Value::Bytes(_) => Some(false),
        _ => None,
    }
}

fn has_key(body: &[u8], key: &[u8]) -> Option<bool> {
    let (Value::Dict(d), _) = bencode::decode_prefix(body).ok()? else {
        return None;
    };
    Some(d.get(key).is_some())
}

/// In a dictionary-model list: (entries, entries with a "peer id").
fn dict_peer_ids(body: &[u8]) -> Option<(usize, usize)> {
    let (Value::Dict(d), _) = bencode::decode_prefix(body).ok()? else {
        return None;
    };
    let Value::List(list) = d.get(b"peers")? else {
        return None;
    };
    let with = list
        .items
        .iter()
        .filter(|p| p.as_dict().is_some_and(|p| p.get(b"peer id").is_some()))
        .count();
    Some((list.items.len(), with))
}

/// How the `files` keys of a raw scrape body are written: "raw" (20 bytes), "utf8" (each byte
/// as one char U+0000–U+00FF, bittorrent-tracker), or None (no key tells: none, or all ASCII).
pub fn key_encoding(body: &[u8]) -> Option<&'static str> {
    let (Value::Dict(d), _) = bencode::decode_prefix(body).ok()? else {
        return None;
    };
    let Value::Dict(files) = d.get(b"files")? else {
        return None;
    };
    let mut verdict = None;
    for (key, _) in &files.entries {
        if key.is_ascii() {
            continue; // both readings are the same bytes
        }
        if key.len() == 20 {
            verdict = Some("raw");
        } else if let Ok(text) = std::str::from_utf8(key)
            && text.chars().count() == 20
            && text.chars().all(|c| (c as u32) <= 0xff)
        {
            verdict = Some("utf8");
        }
    }
    verdict
}

pub fn judge(obs: &Observations, url: String, hash_source: &'static str) -> TrackerCheck {
    let transport = obs.transport.unwrap_or(Transport::Http);
    let udp = transport == Transport::Udp;
    let hash = obs.hash.unwrap_or(V1([0; 20]));
    let [p1, p2, _p3, p4] = obs.ports;
    let mut j = Judge {
        rows: Vec::new(),
        reasons: BTreeMap::new(),
    };
    let not_probed = |what: &str| -> String {
        if obs.plain {
            PLAIN.to_string()
        } else if obs.interrupted {
            format!("not probed: interrupted before {what}")
        } else {
            format!("not probed: {what} did not run")
        }
    };
    let started = obs.started.as_ref();
    let started_ok = started.and_then(AnnounceObs::answer).or_else(|| {
        obs.started_without_url_data
            .as_ref()
            .and_then(AnnounceObs::answer)
    });

    // ---- acceptance --------------------------------------------------------------------
    let mut refusal = None;
    let accepts = match (started, obs.random_hash) {
        (None, _) => Err(not_probed("the first announce")),
        (Some(_), false) => Err(
            "the TORRENT's own info-hash was used: it is not an unknown hash to this tracker"
                .to_string(),
        ),
        (Some(a), true) => match (&a.outcome, started_ok) {
            (_, Some(_)) => Ok((
                true,
                format!("started with random hash {hash}: {}", a.summary()),
            )),
            (Ok(r), None) => {
                refusal = r.failure_reason.clone();
                Ok((
                    false,
                    format!("started with random hash {hash}: {}", a.summary()),
                ))
            }
            (Err(e), None) if udp && e.contains("too short") => {
                refusal = Some(e.clone());
                Ok((
                    false,
                    format!("started with random hash {hash}: {e} (opentracker refuses so)"),
                ))
            }
            (Err(e), None) => Err(format!("the started got no usable answer: {e}")),
        },
    };
    let accepts_unknown_hash = j.judge(
        "accepts_unknown_hash",
        "accepts an unknown info-hash",
        accepts,
        yes_no,
    );
    if let Some(words) = &refusal {
        j.row(
            "refusal",
            "refused",
            format!("the tracker's words: {words:?}"),
        );
    } else if let Some(a) = started
        && started_ok.is_none()
        && let Ok(r) = &a.outcome
        && let Some(reason) = &r.failure_reason
    {
        refusal = Some(reason.clone());
        j.row(
            "refusal",
            "refused",
            format!("the tracker's words: {reason:?}"),
        );
    }

    // ---- baseline and counts -------------------------------------------------------------
    let before = obs.scrape_before.as_ref().and_then(|s| s.total(hash));
    let baseline: Option<i64> = match before {
        Some(Some(n)) => Some(n),
        Some(None) => Some(0),
        None if obs.random_hash => Some(0),
        None => None,
    };
    let counts_include_self = j.judge(
        "counts_include_self",
        "counts include the announcing peer",
        match (started_ok, baseline) {
            (None, _) => Err(reason_no_answer(started, &not_probed("the first announce"))),
            (Some(_), None) => Err("no count before the announce (no scrape answer)".into()),
            (Some(r), Some(base)) => match announce_total(r) {
                None => Err("the answer has no complete/incomplete counts".into()),
                Some(t) if t == base + 1 => Ok((
                    true,
                    format!("{base} peers before; the started's answer counts {t}"),
                )),
                Some(t) if t == base => Ok((
                    false,
                    format!("{base} peers before; the started's answer still counts {t}: itself left out"),
                )),
                Some(t) => Err(format!(
                    "{base} peers before, {t} in the started's answer: the swarm moved meanwhile"
                )),
            },
        },
        yes_no,
    );
    // The list: F's answer has at least D and E besides F; else A's.
    let list_verdict = if let Some(f) = obs.register_f.as_ref().and_then(AnnounceObs::answer) {
        if lists_port(f, p4) {
            Ok((
                true,
                format!(
                    "F's started (port {p4}) lists port {p4} among {} peers",
                    f.peers.len() + f.peers6.len()
                ),
            ))
        } else if !f.peers.is_empty() || !f.peers6.is_empty() {
            Ok((
                false,
                format!(
                    "F's started (port {p4}) lists {} other peers, not itself",
                    f.peers.len() + f.peers6.len()
                ),
            ))
        } else {
            Err("F's started listed no peers at all".to_string())
        }
    } else if let Some(a) = started_ok {
        if lists_port(a, p1) {
            Ok((true, format!("the started (port {p1}) lists port {p1}")))
        } else if baseline == Some(0) && a.peers.is_empty() && a.peers6.is_empty() {
            Ok((
                false,
                "alone in the swarm, the started's answer lists no peer".to_string(),
            ))
        } else {
            Ok((
                false,
                format!(
                    "the started (port {p1}) lists {} peers, not itself",
                    a.peers.len() + a.peers6.len()
                ),
            ))
        }
    } else {
        Err(reason_no_answer(started, &not_probed("the first announce")))
    };
    let peer_list_includes_self = j.judge(
        "peer_list_includes_self",
        "peer list includes the announcing peer",
        list_verdict,
        yes_no,
    );

    // ---- answer keys ---------------------------------------------------------------------
    let key_reason = |what: &str| match started_ok {
        Some(_) => format!("no {what} in the started's answer"),
        None => reason_no_answer(started, &not_probed("the first announce")),
    };
    let interval = j.judge(
        "interval",
        "interval",
        started_ok
            .and_then(|r| r.interval)
            .map(|i| (i, "the started's answer".to_string()))
            .ok_or_else(|| key_reason("interval")),
        |i| format!("{i} s"),
    );
    let min_interval = j.judge(
        "min_interval",
        "min interval",
        if udp {
            Err("BEP 15 answers have no min interval".to_string())
        } else {
            started_ok
                .and_then(|r| r.min_interval)
                .map(|i| (i, "the started's answer".to_string()))
                .ok_or_else(|| key_reason("min interval"))
        },
        |i| format!("{i} s"),
    );
    let text_key = |value: Option<String>, what: &str| {
        if udp {
            Err(format!("BEP 15 answers have no {what}"))
        } else {
            value
                .map(|v| (v, "the started's answer".to_string()))
                .ok_or_else(|| key_reason(what))
        }
    };
    let tracker_id = j.judge(
        "tracker_id",
        "tracker id",
        text_key(
            started_ok
                .and_then(|r| r.tracker_id.as_ref())
                .map(|t| String::from_utf8_lossy(t).into_owned()),
            "tracker id",
        ),
        |t| format!("{t:?}"),
    );
    let warning_message = j.judge(
        "warning_message",
        "warning message",
        text_key(
            started_ok.and_then(|r| r.warning_message.clone()),
            "warning message",
        ),
        |t| format!("{t:?}"),
    );
    let external_ip = j.judge(
        "external_ip",
        "external ip",
        text_key(
            started_ok.and_then(|r| r.external_ip.map(|ip| ip.to_string())),
            "external ip",
        ),
        String::clone,
    );

    // ---- peer models ---------------------------------------------------------------------
    let body_of = |a: Option<&AnnounceObs>| a.and_then(|a| a.body.clone());
    let compact = j.judge(
        "compact",
        "compact peers (compact=1)",
        if udp {
            Ok((true, "BEP 15 peers are always compact".to_string()))
        } else {
            match (
                started_ok,
                body_of(started).as_deref().and_then(peers_is_list),
            ) {
                (None, _) => Err(reason_no_answer(started, &not_probed("the first announce"))),
                (Some(_), Some(list)) => Ok((
                    !list,
                    format!(
                        "the started asked compact=1; peers came as {}",
                        if list {
                            "a list of dictionaries"
                        } else {
                            "a string"
                        }
                    ),
                )),
                (Some(_), None) => Err("the started's answer has no peers key".to_string()),
            }
        },
        yes_no,
    );
    let dict = obs.dict.as_ref();
    let dict_peers = j.judge(
        "dict_peers",
        "dictionary peers (compact=0)",
        if udp {
            Err("BEP 15 has no dictionary model".to_string())
        } else {
            match dict {
                None => Err(not_probed("the compact=0 announce")),
                Some(d) => match (&d.outcome, d.body.as_deref().and_then(peers_is_list)) {
                    (Ok(r), Some(list)) if r.failure_reason.is_none() => Ok((
                        list,
                        format!(
                            "compact=0: peers came as {} ({})",
                            if list {
                                "a list of dictionaries"
                            } else {
                                "a string"
                            },
                            d.summary()
                        ),
                    )),
                    (Ok(r), None) if r.failure_reason.is_none() => Err(format!(
                        "compact=0: the answer has no peers key ({})",
                        d.summary()
                    )),
                    _ => Ok((false, format!("compact=0 refused: {}", d.summary()))),
                },
            }
        },
        yes_no,
    );
    let peers6 = j.judge(
        "peers6",
        "peers6 key (BEP 7)",
        if udp {
            Err("BEP 15 over IPv4 carries no peers6".to_string())
        } else {
            match (
                started_ok,
                body_of(started)
                    .as_deref()
                    .and_then(|b| has_key(b, b"peers6")),
            ) {
                (Some(r), Some(present)) => Ok((
                    present,
                    if present {
                        format!(
                            "present in the started's answer ({} IPv6 peers)",
                            r.peers6.len()
                        )
                    } else {
                        "absent from the started's answer".to_string()
                    },
                )),
                _ => Err(reason_no_answer(started, &not_probed("the first announce"))),
            }
        },
        yes_no,
    );
    let no_peer_id = j.judge(
        "no_peer_id",
        "no_peer_id=1 honoured",
        if udp {
            Err("BEP 15 peers carry no peer id".to_string())
        } else {
            let with = dict.and_then(|d| d.body.as_deref().and_then(dict_peer_ids));
            let without = obs
                .dict_no_peer_id
                .as_ref()
                .and_then(|d| d.body.as_deref().and_then(dict_peer_ids));
            match (dict_peers, with, without) {
                (None, ..) | (Some(false), ..) => {
                    Err("no dictionary peers to tell (compact=0 not served)".to_string())
                }
                (_, _, Some((0, _))) => Err("compact=0&no_peer_id=1 listed no peers".to_string()),
                (_, Some((n, w)), Some((m, 0))) => Ok((
                    true,
                    format!(
                        "compact=0: {w} of {n} peers with a peer id; with no_peer_id=1: none of {m}"
                    ),
                )),
                (_, _, Some((m, w))) => Ok((
                    false,
                    format!("compact=0&no_peer_id=1: {w} of {m} peers still carry a peer id"),
                )),
                _ => Err(not_probed("the no_peer_id announce")),
            }
        },
        yes_no,
    );

    // ---- identity ------------------------------------------------------------------------
    // Peers counted: by scrape when it answers, else by the announce answers themselves.
    let scraped = |s: &Option<ScrapeObs>| {
        s.as_ref()
            .and_then(|s| s.total(hash))
            .map(|t| t.unwrap_or(0))
    };
    let after_b = scraped(&obs.scrape_identity);
    let after_c = scraped(&obs.scrape_after_stop);
    let identity_verdict: Result<(&'static str, String), String> = match (
        obs.second.as_ref(),
        started_ok,
    ) {
        (None, _) => Err(not_probed(
            "the second announce (same port, another peer_id)",
        )),
        (_, None) => Err(reason_no_answer(
            started,
            "the first announce was not accepted",
        )),
        (Some(b), Some(a)) => {
            let base = baseline;
            match (after_b, base) {
                (Some(n), Some(base)) if n == base + 1 => Ok((
                    "ip_port",
                    format!(
                        "A then B started from port {p1} with different peer_ids: the scrape counts {n} (was {base}): one peer"
                    ),
                )),
                (Some(n), Some(base)) if n == base + 2 => Ok((
                    "peer_id",
                    format!(
                        "A then B started from port {p1} with different peer_ids: the scrape counts {n} (was {base}): two peers"
                    ),
                )),
                (Some(n), Some(base)) => Err(format!(
                    "after A and B the scrape counts {n} (was {base}): neither one nor two more"
                )),
                _ => match (b.answer().and_then(announce_total), announce_total(a)) {
                    (Some(tb), Some(ta)) if tb == ta => Ok((
                        "ip_port",
                        format!(
                            "A's answer counts {ta}, B's (same port {p1}, another peer_id) still {tb}: one peer"
                        ),
                    )),
                    (Some(tb), Some(ta)) if tb == ta + 1 => Ok((
                        "peer_id",
                        format!(
                            "A's answer counts {ta}, B's (same port {p1}, another peer_id) {tb}: two peers"
                        ),
                    )),
                    _ => Err(format!("no scrape and no usable counts: B {}", b.summary())),
                },
            }
        }
    };
    let peer_identity = j
        .judge(
            "peer_identity",
            "peer identity",
            identity_verdict,
            |k| match *k {
                "ip_port" => "ip:port".to_string(),
                _ => "peer_id".to_string(),
            },
        )
        .unwrap_or("unknown");
    let stop_other_verdict = match (obs.stop_other.as_ref(), after_b, after_c) {
        (None, ..) => Err(not_probed("the stopped with another peer_id")),
        (Some(_), Some(b), Some(c)) if c < b => Ok((
            true,
            format!(
                "stopped from port {p1} with peer_id C (never announced): the scrape went from {b} to {c}"
            ),
        )),
        (Some(_), Some(b), Some(c)) if c == b => Ok((
            false,
            format!(
                "stopped from port {p1} with peer_id C (never announced): the scrape stays at {c}"
            ),
        )),
        (Some(s), ..) => Err(format!("no scrape counts around it ({})", s.summary())),
    };
    let stopped_with_other_peer_id_removes = j.judge(
        "stopped_with_other_peer_id_removes",
        "stopped with another peer_id removes the peer",
        stop_other_verdict,
        yes_no,
    );
    let ghost = match (peer_identity, stopped_with_other_peer_id_removes) {
        ("peer_id", _) | (_, Some(false)) => Some(
            "high: a client restarted with a new peer_id is listed twice, and its stopped (with \
             the new peer_id) leaves the old entry as a ghost until the tracker times it out; keep \
             the peer_id between announce and stop"
                .to_string(),
        ),
        ("ip_port", _) => Some(
            "low for a restart on the same port (the new peer_id replaces the old entry); a \
             client that changes port leaves its old ip:port as a ghost until it times out"
                .to_string(),
        ),
        _ => None,
    };
    match &ghost {
        Some(g) => j.row(
            "ghost-peer risk",
            if g.starts_with("high") { "high" } else { "low" },
            g.clone(),
        ),
        None => {
            j.reasons.insert(
                "ghost_peer_risk".into(),
                "peer identity not established".into(),
            );
            j.row(
                "ghost-peer risk",
                "unknown",
                "peer identity not established",
            );
        }
    }

    // ---- numwant -------------------------------------------------------------------------
    let numwant_verdict = match (
        obs.register_f.as_ref().and_then(AnnounceObs::answer),
        obs.numwant.as_ref(),
    ) {
        (_, None) => Err(not_probed("the numwant=1 announce")),
        (None, Some(_)) => Err("F's numwant=50 announce got no answer to compare".to_string()),
        (Some(f), Some(n)) => {
            let many = f.peers.len() + f.peers6.len();
            match n.answer() {
                None => Err(format!("the numwant=1 announce failed: {}", n.summary())),
                Some(_) if many < 2 => Err(format!(
                    "even numwant=50 listed only {many} peers: too few to tell"
                )),
                Some(r) => {
                    let got = r.peers.len() + r.peers6.len();
                    Ok((
                        got <= 1,
                        format!(
                            "numwant=50 listed {many} peers (port {p4}); numwant=1 listed {got} (port {p2})"
                        ),
                    ))
                }
            }
        }
    };
    let numwant_honoured = j.judge(
        "numwant_honoured",
        "numwant honoured",
        numwant_verdict,
        yes_no,
    );

    // ---- scrape --------------------------------------------------------------------------
    let mut scrape = ScrapeFindings::default();
    let first_scrape = obs.scrape_before.as_ref();
    scrape.url = obs.scrape_url.clone();
    scrape.supported = j.judge(
        "scrape.supported",
        if udp { "scrape (BEP 15)" } else { "scrape (BEP 48 URL)" },
        match (first_scrape, &obs.scrape_url) {
            (_, None) if !udp => Ok((
                false,
                "the announce URL's last path segment does not start with \"announce\": no BEP 48 scrape URL"
                    .to_string(),
            )),
            (None, _) => Err(not_probed("the first scrape")),
            (Some(s), _) => match &s.outcome {
                Ok(r) if r.failure.is_none() => Ok((true, s.summary(hash))),
                Ok(_) => Ok((false, s.summary(hash))),
                Err(e) if e.contains("404") || e.contains("HTML") => Ok((false, s.summary(hash))),
                Err(e) => Err(format!("no usable answer: {e}")),
            },
        },
        yes_no,
    );
    scrape.min_request_interval = j.judge(
        "scrape.min_request_interval",
        "scrape flags.min_request_interval",
        if udp {
            Err("BEP 15 scrapes carry no flags".to_string())
        } else {
            first_scrape
                .and_then(ScrapeObs::ok)
                .and_then(|r| r.min_request_interval)
                .map(|m| (m, "the first scrape's flags".to_string()))
                .ok_or_else(|| {
                    if first_scrape.and_then(ScrapeObs::ok).is_some() {
                        "no flags.min_request_interval in the scrape answer".to_string()
                    } else {
                        "no scrape answer".to_string()
                    }
                })
        },
        |m| format!("{m} s"),
    );
    // Several hashes: HTTP [u, hash, u]; UDP the marker scrapes.
    let multi = if udp {
        obs.order.first()
    } else {
        obs.scrape_multi.as_ref()
    };
    let hash_known = |s: &ScrapeObs| {
        s.ok()
            .and_then(|r| r.files.iter().find(|(h, _)| *h == hash))
            .is_some_and(|(_, c)| c.complete.unwrap_or(0) + c.incomplete.unwrap_or(0) > 0)
    };
    scrape.multi_hash = j.judge(
        "scrape.multi_hash",
        "scrape of several hashes",
        match multi {
            None => Err(not_probed("the multi-hash scrape")),
            Some(s) => match s.ok() {
                None => Ok((false, format!("{} hashes: {}", s.hashes.len(), s.summary(hash)))),
                Some(r) if udp && r.files.len() >= s.hashes.len() => Ok((
                    true,
                    format!("{} hashes asked, {} answers", s.hashes.len(), r.files.len()),
                )),
                Some(r) if hash_known(s) => Ok((
                    true,
                    format!(
                        "asked [unknown, {hash}, unknown]: the middle one answered with its peers ({} entries)",
                        r.files.len()
                    ),
                )),
                Some(r) if r.files.len() > 1 => Ok((
                    true,
                    format!("asked 3 hashes, {} entries came back", r.files.len()),
                )),
                Some(r) if started_ok.is_none() => Err(format!(
                    "no hash with peers to recognise ({} entries came back)",
                    r.files.len()
                )),
                Some(r) => Ok((
                    false,
                    format!(
                        "asked [unknown, {hash}, unknown] while {hash} has peers: {} entries, not the middle one",
                        r.files.len()
                    ),
                )),
            },
        },
        yes_no,
    );
    scrape.unknown_hashes = j.judge(
        "scrape.unknown_hashes",
        "unknown hashes in a scrape",
        match multi {
            None => Err(not_probed("the multi-hash scrape")),
            Some(s) => match s.ok() {
                None => Err(format!("no scrape answer: {}", s.summary(hash))),
                // UDP answers are positional (and may come reordered): one per hash asked, all
                // zeros but the one hash with peers.
                Some(r) if udp => {
                    let live = r
                        .files
                        .iter()
                        .filter(|(_, c)| {
                            c.complete.unwrap_or(0) + c.incomplete.unwrap_or(0) > 0
                        })
                        .count();
                    if r.files.len() == s.hashes.len() && live <= 1 {
                        Ok((
                            "zeroed",
                            format!(
                                "{} hashes asked, {} answers; all zeros but {live} (the hash with peers)",
                                s.hashes.len(),
                                r.files.len()
                            ),
                        ))
                    } else {
                        Err(format!(
                            "{} answers to {} hashes, {live} with peers",
                            r.files.len(),
                            s.hashes.len()
                        ))
                    }
                }
                Some(r) => {
                    let unknown: Vec<&V1> = s.hashes.iter().filter(|h| **h != hash).collect();
                    let present: Vec<&ScrapeCounts> = unknown
                        .iter()
                        .filter_map(|u| r.files.iter().find(|(h, _)| h == *u).map(|(_, c)| c))
                        .collect();
                    let zero = |c: &&ScrapeCounts| {
                        c.complete.unwrap_or(0) == 0 && c.incomplete.unwrap_or(0) == 0
                    };
                    if present.is_empty() {
                        Ok(("omitted", format!("{} random hashes asked, none in files", unknown.len())))
                    } else if present.len() == unknown.len() && present.iter().all(zero) {
                        Ok(("zeroed", format!("{} random hashes asked, each answered with zeros", unknown.len())))
                    } else {
                        Err(format!(
                            "{} of {} random hashes answered, not all with zeros",
                            present.len(),
                            unknown.len()
                        ))
                    }
                }
            },
        },
        |v| v.to_string(),
    );
    scrape.key_encoding = j.judge(
        "scrape.key_encoding",
        "scrape files keys",
        if udp {
            Err("BEP 15 scrape answers are positional: no keys".to_string())
        } else {
            let bodies = [obs.scrape_multi.as_ref(), first_scrape, obs.scrape_final.as_ref()];
            bodies
                .iter()
                .flatten()
                .find_map(|s| s.body.as_deref().and_then(key_encoding))
                .map(|k| {
                    (
                        k,
                        if k == "raw" {
                            "keys are the 20 raw bytes of each hash".to_string()
                        } else {
                            "keys are each hash UTF-8-encoded (each byte as one char U+0000–U+00FF, 26–40 bytes)".to_string()
                        },
                    )
                })
                .ok_or_else(|| "no non-ASCII key in any scrape answer to tell".to_string())
        },
        |k| k.to_string(),
    );
    scrape.full_scrape = j.judge(
        "scrape.full_scrape",
        "full scrape (no info_hash)",
        if udp {
            Err("BEP 15 has no full scrape".to_string())
        } else {
            match &obs.full_scrape {
                None => Err(not_probed("the full scrape")),
                Some(s) => match &s.outcome {
                    Ok(r) if r.failure.is_none() => {
                        Ok((true, format!("answered with {} torrents", r.files.len())))
                    }
                    Ok(r) => Ok((
                        false,
                        format!("failure reason {:?}", r.failure.as_deref().unwrap_or("")),
                    )),
                    Err(e) if e.contains("larger than") => Ok((true, format!("answered, but {e}"))),
                    Err(e) => Ok((
                        false,
                        s.status.map_or(e.clone(), |st| format!("HTTP {st}: {e}")),
                    )),
                },
            }
        },
        yes_no,
    );

    // ---- transport -----------------------------------------------------------------------
    let http = (!udp).then(|| {
        let mut h = HttpFindings {
            status: started.and_then(|a| a.status),
            content_type: started.and_then(|a| a.content_type.clone()),
            ..Default::default()
        };
        let mut statuses: Vec<String> = Vec::new();
        for (label, a) in [
            ("started", started),
            ("compact=0", obs.dict.as_ref()),
            ("stopped", obs.stops.first().map(|(_, a)| a)),
        ] {
            if let Some(a) = a
                && let Some(st) = a.status
            {
                statuses.push(format!(
                    "{label} {st} {}",
                    a.content_type.as_deref().unwrap_or("(no content type)")
                ));
            }
        }
        if let Some(s) = first_scrape
            && let Some(st) = s.status
        {
            statuses.push(format!(
                "scrape {st} {}",
                s.content_type.as_deref().unwrap_or("(no content type)")
            ));
        }
        if statuses.is_empty() {
            j.reasons
                .insert("http.status".into(), "no HTTP answer".into());
            j.row("HTTP status, content type", "unknown", "no HTTP answer");
        } else {
            j.row(
                "HTTP status, content type",
                h.status.map_or("?".to_string(), |s| s.to_string()),
                statuses.join("; "),
            );
        }
        let conn = match &obs.connection {
            None => Err(not_probed("the connection probe")),
            Some(Err(e)) => Err(format!("the connection probe failed: {e}")),
            Some(Ok(c)) => Ok(c),
        };
        h.keep_alive = j.judge(
            "http.keep_alive",
            "HTTP keep-alive",
            conn.clone().map(|c| {
                let head = format!(
                    "{} {}, Connection: {}",
                    c.version,
                    c.status,
                    c.connection.as_deref().unwrap_or("(none)")
                );
                match c.second_answered {
                    Some(true) => (
                        true,
                        format!("{head}; a second request on the connection was answered"),
                    ),
                    Some(false) => (
                        false,
                        format!("{head}; a second request on the connection got no answer"),
                    ),
                    None => (false, format!("{head}: the server ends the connection")),
                }
            }),
            yes_no,
        );
        h.gzip = j.judge(
            "http.gzip",
            "gzip (Accept-Encoding: gzip)",
            conn.map(|c| {
                let gz = c
                    .content_encoding
                    .as_deref()
                    .is_some_and(|e| e.to_ascii_lowercase().contains("gzip"));
                (
                    gz,
                    format!(
                        "scrape answer Content-Encoding: {}",
                        c.content_encoding.as_deref().unwrap_or("(none)")
                    ),
                )
            }),
            yes_no,
        );
        if h.status.is_none() {
            j.reasons
                .entry("http.status".into())
                .or_insert_with(|| "no HTTP answer to the started".into());
        }
        if h.content_type.is_none() {
            j.reasons.insert(
                "http.content_type".into(),
                "no Content-Type on the started's answer".into(),
            );
        }
        h
    });
    let udp_findings = udp.then(|| {
        let connection_id = j.judge(
            "udp.connection_id",
            "UDP connection id",
            match obs.connects.as_slice() {
                [Ok(a), Ok(b)] if a == b && *a == crate::tracker::udp::PROTOCOL_ID => Ok((
                    "constant",
                    format!("two connects gave {a:#018x} both times: the protocol magic"),
                )),
                // The same id twice from one address: a fixed id, or one the tracker derives
                // from the address and a key it rotates (opentracker, aquatic_udp). A tracker
                // that refuses an id it never gave issues its own.
                [Ok(a), Ok(b)] if a == b => match wrong_id_refused(obs) {
                    Some(true) => Ok((
                        "random",
                        format!(
                            "two connects from two sockets gave {a:#018x} both times (derived from the IP address and a key of the tracker's), and an id it never gave is refused"
                        ),
                    )),
                    _ => Ok((
                        "constant",
                        format!("two connects from two sockets gave {a:#018x} both times, and an id it never gave is not refused"),
                    )),
                },
                [Ok(a), Ok(b)] => Ok((
                    "random",
                    format!("two connects from two sockets gave {a:#018x} and {b:#018x}"),
                )),
                [] | [_] => Err(not_probed("the two connects")),
                other => Err(format!(
                    "a connect failed: {}",
                    other
                        .iter()
                        .filter_map(|r| r.as_ref().err())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("; ")
                )),
            },
            |v| v.to_string(),
        );
        let url_data_accepted = j.judge(
            "udp.url_data_accepted",
            "BEP 41 URL data accepted",
            match (started, &obs.started_without_url_data) {
                (None, _) => Err(not_probed("the first announce")),
                (Some(a), _) if a.answer().is_some() => Ok((
                    true,
                    "the started carried the URL's path as BEP 41 URL data and was answered".to_string(),
                )),
                (Some(a), Some(b)) if b.answer().is_some() => Ok((
                    false,
                    format!("with URL data: {}; without: answered", a.summary()),
                )),
                (Some(a), _) => Err(format!(
                    "the started failed with and without URL data: {}",
                    a.summary()
                )),
            },
            yes_no,
        );
        let rest: Vec<V1> = obs
            .order
            .first()
            .map(|s| s.hashes.iter().filter(|h| **h != hash).copied().collect())
            .unwrap_or_default();
        let scrape_in_request_order = j.judge(
            "udp.scrape_in_request_order",
            "UDP scrape answers in request order",
            scrape_order(&obs.order, hash, rest.len()),
            yes_no,
        );
        let wrong_connection_id = j.judge(
            "udp.wrong_connection_id",
            "UDP error action (wrong connection id)",
            match &obs.wrong_connection_id {
                None => Err(not_probed("the wrong-connection-id scrape")),
                Some(Err(e)) if e.contains("no answer") => Ok((
                    "ignored",
                    format!("a scrape with a connection id never given: {e}"),
                )),
                Some(Err(e)) => Err(e.clone()),
                Some(Ok(s)) => match &s.outcome {
                    Ok(r) => match &r.failure {
                        Some(f) => Ok(("error", format!("error action 3: {f:?}"))),
                        None => Ok((
                            "answered",
                            "a scrape with a connection id never given was answered anyway".to_string(),
                        )),
                    },
                    Err(e) => Err(e.clone()),
                },
            },
            |v| v.to_string(),
        );
        UdpFindings {
            connection_id,
            scrape_in_request_order,
            url_data_accepted,
            wrong_connection_id,
        }
    });

    // ---- cleanup -------------------------------------------------------------------------
    let after = obs.scrape_final.as_ref().and_then(|s| s.total(hash));
    let count_before = baseline;
    let count_after = after.map(|t| t.unwrap_or(0));
    let stopped = obs.stops.iter().filter(|(_, a)| a.outcome.is_ok()).count();
    let back = match (count_before, count_after) {
        (Some(b), Some(a)) => Some(a == b),
        _ => None,
    };
    let cleanup_evidence = format!(
        "{} identities registered, {} stopped{}",
        obs.identities_registered,
        stopped,
        match (count_before, count_after) {
            (Some(b), Some(a)) => format!("; peers before {b}, after {a}"),
            _ => String::new(),
        }
    );
    match back {
        Some(true) => j.row("left nothing behind", "yes", cleanup_evidence),
        Some(false) => j.row(
            "left nothing behind",
            "NO: counts differ",
            format!("{cleanup_evidence}; the tracker may drop the rest when they time out"),
        ),
        None => {
            let why = if obs.scrape_final.is_none() {
                "no final scrape".to_string()
            } else {
                "no scrape counts before and after to compare".to_string()
            };
            j.reasons
                .insert("cleanup.back_where_they_were".into(), why.clone());
            j.row(
                "left nothing behind",
                "unknown",
                format!("{cleanup_evidence}; {why}"),
            );
        }
    }

    let probes = if obs.plain { "plain" } else { "all" };
    TrackerCheck {
        url,
        transport,
        info_hash: hash.to_string(),
        hash_source,
        probes,
        requests_planned: obs.requests_planned,
        requests_sent: obs.requests_sent,
        interrupted: obs.interrupted,
        accepts_unknown_hash,
        refusal,
        peer_identity,
        stopped_with_other_peer_id_removes,
        ghost_peer_risk: ghost,
        counts_include_self,
        peer_list_includes_self,
        numwant_honoured,
        compact,
        dict_peers,
        peers6,
        no_peer_id,
        interval,
        min_interval,
        tracker_id,
        warning_message,
        external_ip,
        scrape,
        http,
        udp: udp_findings,
        cleanup: Cleanup {
            identities_registered: obs.identities_registered,
            identities_stopped: stopped,
            count_before,
            count_after,
            back_where_they_were: back,
        },
        reasons: j.reasons,
        findings: j.rows,
    }
}

/// Whether a UDP request with a connection id the tracker never gave was refused (an error, or
/// no answer); None when not probed.
fn wrong_id_refused(obs: &Observations) -> Option<bool> {
    match obs.wrong_connection_id.as_ref()? {
        Err(e) => e.contains("no answer").then_some(true),
        Ok(s) => match &s.outcome {
            Ok(r) => Some(r.failure.is_some()),
            Err(_) => None,
        },
    }
}

/// Why a finding that needs the started's answer is unknown.
fn reason_no_answer(started: Option<&AnnounceObs>, otherwise: &str) -> String {
    match started {
        Some(a) if a.answer().is_none() => match &a.outcome {
            Ok(_) => "the started was refused (see refusal)".to_string(),
            Err(e) => format!("the started got no usable answer: {e}"),
        },
        _ => otherwise.to_string(),
    }
}

/// The marker scrapes: the registered hash (it has peers) asked first, then last, among the same
/// unknown hashes (no peers). In request order only when both answers have the marker exactly
/// where it was asked and zeros elsewhere: any fixed reordering (sorting, a hash map) moves it
/// in at least one of the two, a random one keeps it in place in both with chance 1/n².
pub fn scrape_order(
    order: &[ScrapeObs],
    hash: V1,
    unknown: usize,
) -> Result<(bool, String), String> {
    if order.len() < 2 {
        return Err("not probed: the two marker scrapes did not run".into());
    }
    let mut places = Vec::new();
    for s in order {
        let r = s
            .ok()
            .ok_or_else(|| format!("a marker scrape failed: {}", s.summary(hash)))?;
        let asked = s
            .hashes
            .iter()
            .position(|h| *h == hash)
            .ok_or("the marker hash was not asked")?;
        let live: Vec<usize> = r
            .files
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| c.complete.unwrap_or(0) + c.incomplete.unwrap_or(0) > 0)
            .map(|(i, _)| i)
            .collect();
        if live.len() != 1 {
            return Err(format!(
                "{} answers with peers among {} (expected exactly the marker's): cannot tell",
                live.len(),
                r.files.len()
            ));
        }
        places.push((asked, live[0]));
    }
    let n = unknown + 1;
    let shown: Vec<String> = places
        .iter()
        .map(|(asked, got)| format!("asked at position {}, answered at {}", asked + 1, got + 1))
        .collect();
    let in_order = places.iter().all(|(a, g)| a == g);
    Ok((
        in_order,
        format!(
            "the hash with peers among {} without, twice: {}",
            n - 1,
            shown.join("; ")
        ),
    ))
}

/// The text table: finding | result | evidence (already sanitised), columns aligned.
pub fn table_rows(rows: &[(String, String, String)]) -> String {
    let width = |pick: fn(&(String, String, String)) -> &String, min: usize, max: usize| {
        rows.iter()
            .map(|r| pick(r).chars().count())
            .max()
            .unwrap_or(min)
            .clamp(min, max)
    };
    let w1 = width(|r| &r.0, 7, 48);
    let w2 = width(|r| &r.1, 6, 24);
    let mut out = String::new();
    let _ = writeln!(out, "{:<w1$}  {:<w2$}  evidence", "finding", "result");
    for (finding, result, evidence) in rows {
        let _ = writeln!(out, "{finding:<w1$}  {result:<w2$}  {evidence}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(c: i64, i: i64) -> ScrapeCounts {
        ScrapeCounts {
            complete: Some(c),
            incomplete: Some(i),
            ..Default::default()
        }
    }

    #[test]
    fn utf8_and_raw_keys_are_told_apart() {
        let mut raw = b"d5:filesd20:".to_vec();
        raw.extend([0x80u8; 20]);
        raw.extend(b"de");
        raw.extend(b"ee");
        assert_eq!(key_encoding(&raw), Some("raw"));
        let key: String = [0x80u8; 20].iter().map(|b| *b as char).collect();
        let mut utf8 = format!("d5:filesd{}:", key.len()).into_bytes();
        utf8.extend(key.as_bytes());
        utf8.extend(b"deee");
        assert_eq!(key_encoding(&utf8), Some("utf8"));
        assert_eq!(key_encoding(b"d5:filesdee"), None);
        assert_eq!(key_encoding(b"garbage"), None);
    }

    #[test]
    fn scrape_order_needs_the_marker_in_place_twice() {
        let h = V1([0x81; 20]);
        let u: Vec<V1> = (0..4u8).map(|i| V1([0x90 + i; 20])).collect();
        let zeros = || counts(0, 0);
        let first: Vec<V1> = std::iter::once(h).chain(u.clone()).collect();
        let last: Vec<V1> = u.iter().copied().chain(std::iter::once(h)).collect();
        let in_order = [
            ScrapeObs::udp(
                first.clone(),
                vec![counts(0, 1), zeros(), zeros(), zeros(), zeros()],
            ),
            ScrapeObs::udp(
                last.clone(),
                vec![zeros(), zeros(), zeros(), zeros(), counts(0, 1)],
            ),
        ];
        assert!(scrape_order(&in_order, h, 4).unwrap().0);
        // Sorted answers put the marker first both times.
        let sorted = [
            ScrapeObs::udp(
                first,
                vec![counts(0, 1), zeros(), zeros(), zeros(), zeros()],
            ),
            ScrapeObs::udp(last, vec![counts(0, 1), zeros(), zeros(), zeros(), zeros()]),
        ];
        assert!(!scrape_order(&sorted, h, 4).unwrap().0);
        assert!(scrape_order(&sorted[..1], h, 4).is_err());
    }
}
