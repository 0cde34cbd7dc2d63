//! BEP 15 packets, sans-IO: requests built as bytes (with BEP 41 URL data), answers decoded and
//! checked against the transaction id and action they answer.

use crate::input::infohash::V1;
use crate::tracker::messages::{AnnounceRequest, AnnounceResponse, Event, ScrapeCounts};
use crate::tracker::peers;

pub const PROTOCOL_ID: u64 = 0x0417_2710_1980;
pub const ACTION_CONNECT: u32 = 0;
pub const ACTION_ANNOUNCE: u32 = 1;
pub const ACTION_SCRAPE: u32 = 2;
pub const ACTION_ERROR: u32 = 3;
/// BEP 15: "up to about 74 torrents can be scraped at once" (a 1500-byte MTU).
pub const MAX_SCRAPE_HASHES: usize = 74;
/// libtorrent cuts the BEP 41 URL data to one option of at most 255 bytes.
pub const MAX_URL_DATA: usize = 255;

pub fn connect_request(transaction_id: u32) -> Vec<u8> {
    let mut p = Vec::with_capacity(16);
    p.extend_from_slice(&PROTOCOL_ID.to_be_bytes());
    p.extend_from_slice(&ACTION_CONNECT.to_be_bytes());
    p.extend_from_slice(&transaction_id.to_be_bytes());
    p
}

/// UDP event numbers (BEP 15); `paused` is libtorrent's extension 4.
pub fn event_number(event: Event) -> u32 {
    match event {
        Event::None => 0,
        Event::Completed => 1,
        Event::Started => 2,
        Event::Stopped => 3,
        Event::Paused => 4,
    }
}

/// The 98-byte announce and, when the URL has a path or query, one BEP 41 URLData option
/// (type 2, one length byte, at most 255 bytes, no EndOfOptions), exactly as libtorrent.
pub fn announce_request(
    connection_id: u64,
    transaction_id: u32,
    req: &AnnounceRequest,
    url_data: &[u8],
) -> Vec<u8> {
    let ip: u32 = req
        .ip
        .as_deref()
        .and_then(|ip| ip.parse::<std::net::Ipv4Addr>().ok())
        .map_or(0, u32::from);
    let mut p = Vec::with_capacity(98 + 2 + url_data.len().min(MAX_URL_DATA));
    p.extend_from_slice(&connection_id.to_be_bytes());
    p.extend_from_slice(&ACTION_ANNOUNCE.to_be_bytes());
    p.extend_from_slice(&transaction_id.to_be_bytes());
    p.extend_from_slice(&req.info_hash.0);
    p.extend_from_slice(&req.peer_id);
    p.extend_from_slice(&req.downloaded.to_be_bytes());
    p.extend_from_slice(&req.left.to_be_bytes());
    p.extend_from_slice(&req.uploaded.to_be_bytes());
    p.extend_from_slice(&event_number(req.event).to_be_bytes());
    p.extend_from_slice(&ip.to_be_bytes());
    p.extend_from_slice(&req.key.to_be_bytes());
    p.extend_from_slice(&req.numwant.to_be_bytes());
    p.extend_from_slice(&req.port.to_be_bytes());
    if !url_data.is_empty() {
        let data = &url_data[..url_data.len().min(MAX_URL_DATA)];
        p.push(2);
        p.push(data.len() as u8);
        p.extend_from_slice(data);
    }
    p
}

pub fn scrape_request(connection_id: u64, transaction_id: u32, hashes: &[V1]) -> Vec<u8> {
    let mut p = Vec::with_capacity(16 + 20 * hashes.len());
    p.extend_from_slice(&connection_id.to_be_bytes());
    p.extend_from_slice(&ACTION_SCRAPE.to_be_bytes());
    p.extend_from_slice(&transaction_id.to_be_bytes());
    for h in hashes {
        p.extend_from_slice(&h.0);
    }
    p
}

/// A decoded answer from a tracker.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    Connect {
        connection_id: u64,
    },
    Announce(Box<AnnounceResponse>),
    /// (seeders, completed, leechers) per hash, in request order.
    Scrape(Vec<ScrapeCounts>),
    Error(String),
}

/// Why a packet was not taken as the answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Rejected {
    /// Not for this request (wrong transaction id or action, under 8 bytes): keep waiting.
    Ignored(String),
    /// For this request but unusable: the request fails with this.
    Broken(String),
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Decodes `packet` as the answer to a request with `transaction_id` and `expected` action.
/// `ipv6` says whether the tracker was reached over IPv6 (18-byte peers, BEP 15).
pub fn decode(
    packet: &[u8],
    transaction_id: u32,
    expected: u32,
    ipv6: bool,
) -> Result<Reply, Rejected> {
    if packet.len() < 8 {
        return Err(Rejected::Ignored(format!(
            "{} bytes, too short for a header",
            packet.len()
        )));
    }
    let action = be32(packet, 0);
    let tid = be32(packet, 4);
    if tid != transaction_id {
        return Err(Rejected::Ignored(format!(
            "transaction id {tid:08x}, expected {transaction_id:08x}"
        )));
    }
    if action == ACTION_ERROR {
        return Ok(Reply::Error(
            String::from_utf8_lossy(&packet[8..])
                .trim_end_matches('\0')
                .to_string(),
        ));
    }
    if action != expected {
        return Err(Rejected::Ignored(format!(
            "action {action}, expected {expected}"
        )));
    }
    let body = &packet[8..];
    match action {
        ACTION_CONNECT => {
            if body.len() < 8 {
                return Err(Rejected::Broken(format!(
                    "connect answer too short ({} bytes)",
                    packet.len()
                )));
            }
            let connection_id = u64::from_be_bytes(body[..8].try_into().expect("8 bytes"));
            Ok(Reply::Connect { connection_id })
        }
        ACTION_ANNOUNCE => {
            if body.len() < 12 {
                return Err(Rejected::Broken(format!(
                    "announce answer too short ({} bytes, at least 20 expected): the tracker may not know this torrent",
                    packet.len()
                )));
            }
            let (list, trailing) = if ipv6 {
                peers::compact_v6(&body[12..])
            } else {
                peers::compact_v4(&body[12..])
            };
            let mut r = AnnounceResponse {
                interval: Some(i64::from(be32(body, 0))),
                incomplete: Some(i64::from(be32(body, 4))),
                complete: Some(i64::from(be32(body, 8))),
                ..Default::default()
            };
            if trailing > 0 {
                r.notes.push(format!(
                    "{trailing} trailing bytes after the last whole peer ignored"
                ));
            }
            if ipv6 {
                r.peers6 = list
            } else {
                r.peers = list
            }
            Ok(Reply::Announce(Box::new(r)))
        }
        ACTION_SCRAPE => {
            let counts = body
                .chunks_exact(12)
                .map(|c| ScrapeCounts {
                    complete: Some(i64::from(be32(c, 0))),
                    downloaded: Some(i64::from(be32(c, 4))),
                    incomplete: Some(i64::from(be32(c, 8))),
                    ..Default::default()
                })
                .collect();
            Ok(Reply::Scrape(counts))
        }
        other => Err(Rejected::Ignored(format!("unknown action {other}"))),
    }
}

/// One line for `-v`: the answer's kind and fields.
pub fn describe(reply: &Reply) -> String {
    match reply {
        Reply::Connect { connection_id } => format!("connect  connection_id={connection_id:016x}"),
        Reply::Announce(r) => format!(
            "announce interval={} leechers={} seeders={} peers={}",
            r.interval.unwrap_or(0),
            r.incomplete.unwrap_or(0),
            r.complete.unwrap_or(0),
            r.peers.len() + r.peers6.len()
        ),
        Reply::Scrape(c) => format!("scrape   {} entries", c.len()),
        Reply::Error(m) => format!("error    message={m:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_request_has_the_magic() {
        let p = connect_request(0x12345678);
        assert_eq!(hex::encode(p), "00000417271019800000000012345678");
    }

    #[test]
    fn announce_request_matches_libtorrents_observed_packet() {
        // udp.md §1: libtorrent 2.0.8, udp://127.0.0.1:7101/announce?foo=bar, event started.
        let hash = hex::decode("857084dcdbfdd3ea867d9f8fb73429139c4783e0").unwrap();
        let req = AnnounceRequest {
            port: 0x1ae1,
            key: 0x1a125520,
            event: Event::Started,
            ..AnnounceRequest::new(V1(hash.try_into().unwrap()), *b"-LT2080-L73ZaOC*gXG9")
        };
        let p = announce_request(0x1122334455667788, 0xe26139f6, &req, b"/announce?foo=bar");
        assert_eq!(p.len(), 117);
        assert_eq!(
            hex::encode(p),
            "112233445566778800000001e26139f6857084dcdbfdd3ea867d9f8fb73429139c4783e0\
             2d4c54323038302d4c37335a614f432a67584739000000000000000000000000000000000000000000000000\
             00000002000000001a125520000000c81ae102112f616e6e6f756e63653f666f6f3d626172"
        );
    }

    #[test]
    fn url_data_is_cut_to_255_bytes_without_end_of_options() {
        let req = AnnounceRequest {
            port: 1,
            ..AnnounceRequest::new(V1([1; 20]), [2; 20])
        };
        let long = vec![b'a'; 300];
        let p = announce_request(1, 1, &req, &long);
        assert_eq!(p.len(), 98 + 2 + 255);
        assert_eq!(p[98], 2);
        assert_eq!(p[99], 255);
        assert_eq!(announce_request(1, 1, &req, b"").len(), 98);
    }

    #[test]
    fn stray_packets_are_ignored_and_short_answers_are_errors() {
        let mut p = vec![0, 0, 0, 1, 0x12, 0x34, 0x56, 0x79];
        p.extend_from_slice(&[0; 12]);
        assert!(matches!(
            decode(&p, 0x12345678, ACTION_ANNOUNCE, false),
            Err(Rejected::Ignored(_))
        ));
        assert!(matches!(
            decode(&p[..7], 0x12345679, ACTION_ANNOUNCE, false),
            Err(Rejected::Ignored(_))
        ));
        assert!(matches!(
            decode(&p[..8], 0x12345679, ACTION_ANNOUNCE, false),
            Err(Rejected::Broken(_))
        ));
        assert!(matches!(
            decode(&p, 0x12345679, ACTION_SCRAPE, false),
            Err(Rejected::Ignored(_))
        ));
    }
}
