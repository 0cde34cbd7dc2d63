//! Transport-neutral tracker requests and answers: what HTTP and UDP both carry.

use std::net::IpAddr;

use crate::input::infohash::V1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    None,
    Started,
    Completed,
    Stopped,
    Paused,
}

impl Event {
    /// The value of the HTTP `event=` parameter; `None` sends no parameter at all.
    pub fn http_name(self) -> Option<&'static str> {
        match self {
            Event::None => None,
            Event::Started => Some("started"),
            Event::Completed => Some("completed"),
            Event::Stopped => Some("stopped"),
            Event::Paused => Some("paused"),
        }
    }
    pub fn name(self) -> &'static str {
        self.http_name().unwrap_or("none")
    }
}

/// One announce as it goes out, for one info-hash to one tracker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnounceRequest {
    pub info_hash: V1,
    pub peer_id: [u8; 20],
    pub port: u16,
    pub uploaded: u64,
    pub downloaded: u64,
    pub left: u64,
    pub corrupt: u64,
    pub redundant: u64,
    pub key: u32,
    pub event: Event,
    pub numwant: i32,
    pub compact: bool,
    pub no_peer_id: bool,
    pub supportcrypto: bool,
    pub ip: Option<String>,
    pub trackerid: Option<Vec<u8>>,
}

impl AnnounceRequest {
    /// An announce with libtorrent's defaults (port 6881, zero counters, key 0, no event,
    /// numwant 200, compact, no_peer_id, supportcrypto), to adjust field by field.
    pub fn new(info_hash: V1, peer_id: [u8; 20]) -> AnnounceRequest {
        AnnounceRequest {
            info_hash,
            peer_id,
            port: 6881,
            uploaded: 0,
            downloaded: 0,
            left: 0,
            corrupt: 0,
            redundant: 0,
            key: 0,
            event: Event::None,
            numwant: 200,
            compact: true,
            no_peer_id: true,
            supportcrypto: true,
            ip: None,
            trackerid: None,
        }
    }
}

/// A peer as a tracker lists it. `ip` is textual: the dictionary model allows host names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peer {
    pub ip: String,
    pub port: u16,
    /// Only from the dictionary model, and only when it is exactly 20 bytes (as libtorrent).
    pub peer_id: Option<Vec<u8>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryIn {
    Minutes(u64),
    Never,
}

/// Every key of an announce answer trackerctl understands. Absent keys stay `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnnounceResponse {
    pub failure_reason: Option<String>,
    pub warning_message: Option<String>,
    pub interval: Option<i64>,
    pub min_interval: Option<i64>,
    pub tracker_id: Option<Vec<u8>>,
    pub complete: Option<i64>,
    pub incomplete: Option<i64>,
    pub downloaded: Option<i64>,
    pub external_ip: Option<IpAddr>,
    pub retry_in: Option<RetryIn>,
    /// IPv4 peers (compact `peers`, or dictionary entries).
    pub peers: Vec<Peer>,
    /// IPv6 peers from compact `peers6` (BEP 7).
    pub peers6: Vec<Peer>,
    /// Things a lenient decoder recovered from (trailing bytes, wrong types): shown in `-v`.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScrapeCounts {
    pub complete: Option<i64>,
    pub incomplete: Option<i64>,
    pub downloaded: Option<i64>,
    pub downloaders: Option<i64>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScrapeResponse {
    pub failure_reason: Option<String>,
    /// Answers keyed by the raw 20-byte hash, in the order the tracker sent them.
    pub files: Vec<(V1, ScrapeCounts)>,
    /// `flags.min_request_interval` (pre-BEP convention, not in BEP 48).
    pub min_request_interval: Option<i64>,
    pub notes: Vec<String>,
}
