//! UDP trackers (BEP 15, BEP 41 URL data): a pure codec over bytes, and a small blocking
//! transport with libtorrent's connection-id cache and trackerctl's retransmission.
//!
//! Packets from the wrong address, with a wrong transaction id, an unexpected action or too
//! short to carry both are ignored and counted (libtorrent `udp_tracker_connection.cpp:325-411`);
//! the request keeps waiting inside its deadline. A right-looking answer whose body is cut short
//! is an error: waiting longer would not mend it.

use std::collections::HashMap;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
/// libtorrent caches a connection id for 60 s (`udp_tracker_token_expiry`).
pub const CONNECTION_ID_LIFETIME: Duration = Duration::from_secs(60);
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

/// How lost datagrams are resent within one request's deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retransmit {
    /// After 1 s, 2 s, 4 s …: a one-shot CLI cannot wait libtorrent's 30 s for a second try.
    Fast,
    /// Never, as libtorrent 2.0.8.
    None,
    /// BEP 15's 15·2ⁿ s.
    Bep15,
}

impl Retransmit {
    fn first_wait(self) -> Option<Duration> {
        match self {
            Retransmit::Fast => Some(Duration::from_secs(1)),
            Retransmit::None => None,
            Retransmit::Bep15 => Some(Duration::from_secs(15)),
        }
    }
}

/// One line per packet for `-v`, fields named; the caller scrubs secrets.
pub type Trace<'a> = &'a (dyn Fn(String) + Sync);

/// Connection ids by tracker address, shared by every request of the run (libtorrent keys its
/// cache by tracker IP; trackerctl by IP and port, which differs only for two trackers on one
/// host, as in tests).
#[derive(Default)]
pub struct ConnectionCache {
    ids: Mutex<HashMap<SocketAddr, (u64, Instant)>>,
    /// Host names are resolved once per run.
    addrs: Mutex<HashMap<String, SocketAddr>>,
}

impl ConnectionCache {
    /// `host:port` to an address, resolved once per run (IPv4 first, as libtorrent tries the
    /// addresses in order).
    pub fn resolve(&self, authority: &str) -> Result<SocketAddr, String> {
        if let Some(addr) = self.addrs.lock().expect("cache lock").get(authority) {
            return Ok(*addr);
        }
        let addr = resolve(authority)?;
        self.addrs
            .lock()
            .expect("cache lock")
            .insert(authority.to_string(), addr);
        Ok(addr)
    }

    fn get(&self, addr: SocketAddr) -> Option<u64> {
        let ids = self.ids.lock().expect("cache lock");
        ids.get(&addr)
            .filter(|(_, at)| at.elapsed() < CONNECTION_ID_LIFETIME)
            .map(|(id, _)| *id)
    }
    /// Records `id` as the connection id of `addr` (`check` seeds a deliberately wrong one).
    pub fn put(&self, addr: SocketAddr, id: u64) {
        self.ids
            .lock()
            .expect("cache lock")
            .insert(addr, (id, Instant::now()));
    }
}

pub struct UdpOptions {
    pub timeout: Duration,
    pub retransmit: Retransmit,
}

fn resolve(authority: &str) -> Result<SocketAddr, String> {
    let addrs: Vec<SocketAddr> = authority
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {authority}: {e}"))?
        .collect();
    addrs
        .first()
        .copied()
        .ok_or_else(|| format!("{authority} has no address"))
}

fn random_tid() -> u32 {
    loop {
        let tid = crate::identity::random_u64() as u32;
        if tid != 0 {
            return tid;
        }
    }
}

/// One request to one tracker: connect (unless cached), then the request built by `build`.
pub struct Session<'a> {
    pub addr: SocketAddr,
    socket: UdpSocket,
    deadline: Instant,
    opts: &'a UdpOptions,
    cache: &'a ConnectionCache,
    trace: Trace<'a>,
    /// Packets ignored as not being the answer (wrong id, source, action).
    pub ignored: usize,
}

impl<'a> Session<'a> {
    pub fn open(
        addr: SocketAddr,
        opts: &'a UdpOptions,
        cache: &'a ConnectionCache,
        trace: Trace<'a>,
    ) -> Result<Session<'a>, String> {
        let bind: SocketAddr = if addr.is_ipv6() {
            "[::]:0".parse().unwrap()
        } else {
            "0.0.0.0:0".parse().unwrap()
        };
        let socket = UdpSocket::bind(bind).map_err(|e| format!("cannot open a UDP socket: {e}"))?;
        Ok(Session::on_socket(addr, socket, opts, cache, trace))
    }

    /// A request sent from `socket`, so that several requests share one source address, as
    /// libtorrent's one UDP socket does (torrust-tracker ties a connection id to it).
    pub fn on_socket(
        addr: SocketAddr,
        socket: UdpSocket,
        opts: &'a UdpOptions,
        cache: &'a ConnectionCache,
        trace: Trace<'a>,
    ) -> Session<'a> {
        Session {
            addr,
            socket,
            deadline: Instant::now() + opts.timeout,
            opts,
            cache,
            trace,
            ignored: 0,
        }
    }

    /// The connection id: from the cache when younger than 60 s, else from a connect.
    pub fn connection_id(&mut self) -> Result<u64, String> {
        if let Some(id) = self.cache.get(self.addr) {
            (self.trace)(format!(
                "> (connection id {id:016x} reused, younger than 60 s)"
            ));
            return Ok(id);
        }
        let tid = random_tid();
        let packet = connect_request(tid);
        (self.trace)(format!(
            "> connect  protocol_id={PROTOCOL_ID:#x} action=0 transaction_id={tid:08x}  [{}]",
            hex::encode(&packet)
        ));
        match self.exchange(&packet, tid, ACTION_CONNECT)? {
            Reply::Connect { connection_id } => {
                self.cache.put(self.addr, connection_id);
                Ok(connection_id)
            }
            Reply::Error(message) => Err(format!("tracker error: {message}")),
            other => Err(format!("unexpected answer to connect: {other:?}")),
        }
    }

    /// Sends `packet` and waits for its answer, resending per the retransmit policy, until the
    /// deadline of the whole request.
    fn exchange(&mut self, packet: &[u8], tid: u32, action: u32) -> Result<Reply, String> {
        let mut wait = self.opts.retransmit.first_wait();
        let mut buf = vec![0u8; 65_536];
        loop {
            self.socket
                .send_to(packet, self.addr)
                .map_err(|e| format!("cannot send to {}: {e}", self.addr))?;
            let resend_at = wait.map(|w| Instant::now() + w);
            loop {
                let now = Instant::now();
                if now >= self.deadline {
                    return Err(format!(
                        "no answer within {}s (timeout){}",
                        self.opts.timeout.as_secs_f64(),
                        if self.ignored > 0 {
                            format!("; {} stray packets ignored", self.ignored)
                        } else {
                            String::new()
                        }
                    ));
                }
                let until = resend_at.map_or(self.deadline, |r| r.min(self.deadline));
                if now >= until {
                    break;
                }
                self.socket
                    .set_read_timeout(Some(until - now))
                    .map_err(|e| e.to_string())?;
                let (n, from) = match self.socket.recv_from(&mut buf) {
                    Ok(got) => got,
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) =>
                    {
                        continue;
                    }
                    // ICMP port unreachable shows up as ConnectionRefused on some systems: the
                    // tracker may come up, or a resend may get through; keep the deadline.
                    Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => continue,
                    Err(e) => return Err(format!("receive failed: {e}")),
                };
                let answer = &buf[..n];
                if from != self.addr {
                    self.ignored += 1;
                    (self.trace)(format!(
                        "< ignored {n} bytes from {from}: not the tracker's address"
                    ));
                    continue;
                }
                match decode(answer, tid, action, self.addr.is_ipv6()) {
                    Ok(reply) => {
                        (self.trace)(format!("< {}  [{}]", describe(&reply), hex::encode(answer)));
                        return Ok(reply);
                    }
                    Err(Rejected::Ignored(why)) => {
                        self.ignored += 1;
                        (self.trace)(format!(
                            "< ignored {n} bytes: {why}  [{}]",
                            hex::encode(answer)
                        ));
                    }
                    Err(Rejected::Broken(why)) => return Err(why),
                }
            }
            (self.trace)(format!("> resend ({} bytes), no answer yet", packet.len()));
            wait = match self.opts.retransmit {
                Retransmit::Bep15 | Retransmit::Fast => wait.map(|w| w * 2),
                Retransmit::None => None,
            };
        }
    }

    pub fn announce(
        &mut self,
        req: &AnnounceRequest,
        url_data: &str,
    ) -> Result<AnnounceResponse, String> {
        let connection_id = self.connection_id()?;
        let tid = random_tid();
        let packet = announce_request(connection_id, tid, req, url_data.as_bytes());
        let shown_url_data = if url_data.is_empty() {
            String::new()
        } else {
            // The URL data (which may hold a passkey) is shown as text, so the caller's
            // redaction reaches it; the hex below covers the fixed 98 bytes only.
            format!(
                " url_data={url_data:?} ({} bytes sent)",
                url_data.len().min(MAX_URL_DATA)
            )
        };
        (self.trace)(format!(
            "> announce connection_id={connection_id:016x} transaction_id={tid:08x} info_hash={} peer_id={} downloaded={} left={} uploaded={} event={} ip={} key={:08X} num_want={} port={}{shown_url_data}",
            req.info_hash,
            crate::printable::escape_bytes(&req.peer_id),
            req.downloaded,
            req.left,
            req.uploaded,
            event_number(req.event),
            req.ip.as_deref().unwrap_or("0"),
            req.key,
            req.numwant,
            req.port
        ));
        (self.trace)(format!(">   [{}]", hex::encode(&packet[..98])));
        match self.exchange(&packet, tid, ACTION_ANNOUNCE)? {
            Reply::Announce(r) => Ok(*r),
            Reply::Error(message) => Ok(AnnounceResponse {
                failure_reason: Some(message),
                ..Default::default()
            }),
            other => Err(format!("unexpected answer to announce: {other:?}")),
        }
    }

    /// At most `MAX_SCRAPE_HASHES` per call; answers in request order.
    pub fn scrape(&mut self, hashes: &[V1]) -> Result<Result<Vec<ScrapeCounts>, String>, String> {
        let connection_id = self.connection_id()?;
        let tid = random_tid();
        let packet = scrape_request(connection_id, tid, hashes);
        (self.trace)(format!(
            "> scrape   connection_id={connection_id:016x} transaction_id={tid:08x} info_hashes={}",
            hashes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        ));
        (self.trace)(format!(">   [{}]", hex::encode(&packet)));
        match self.exchange(&packet, tid, ACTION_SCRAPE)? {
            Reply::Scrape(counts) if counts.len() >= hashes.len() => Ok(Ok(counts)),
            Reply::Scrape(counts) => Err(format!(
                "scrape answer covers {} of {} hashes",
                counts.len(),
                hashes.len()
            )),
            Reply::Error(message) => Ok(Err(message)),
            other => Err(format!("unexpected answer to scrape: {other:?}")),
        }
    }
}

fn describe(reply: &Reply) -> String {
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
