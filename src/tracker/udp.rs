//! UDP trackers (BEP 15, BEP 41 URL data): a small blocking transport with libtorrent's
//! connection-id cache and trackerctl's retransmission, over the sans-IO codec in
//! `udp_packet.rs`.
//!
//! Packets from the wrong address, with a wrong transaction id, an unexpected action or too
//! short to carry both are ignored and counted (libtorrent `udp_tracker_connection.cpp:325-411`);
//! the request keeps waiting inside its deadline. A right-looking answer whose body is cut short
//! is an error: waiting longer would not mend it.

use std::collections::HashMap;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::env::Random;
use crate::input::infohash::V1;
use crate::tracker::failure::{FailureKind, TrackerError};
use crate::tracker::messages::{AnnounceRequest, AnnounceResponse, ScrapeCounts};
use crate::tracker::udp_packet::{
    ACTION_ANNOUNCE, ACTION_CONNECT, ACTION_SCRAPE, MAX_URL_DATA, PROTOCOL_ID, Rejected, Reply,
    announce_request, connect_request, decode, describe, event_number, scrape_request,
};

/// libtorrent caches a connection id for 60 s (`udp_tracker_token_expiry`).
pub const CONNECTION_ID_LIFETIME: Duration = Duration::from_secs(60);

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

/// A socket, the connection id its tracker issued to it, and when.
type IdleSocket = (UdpSocket, u64, Instant);

/// Connection ids shared by every request of the run. A tracker may tie an id to the client's
/// address and port (torrust-tracker 3.0.0 refuses it from any other port), so an id is kept
/// with the socket it was issued to: requests take an idle socket and its id from the pool and
/// give them back, as libtorrent's one UDP socket keeps its ids. Requests at the same moment use
/// sockets of their own. Keyed by tracker IP and port (libtorrent: IP; they differ only for two
/// trackers on one host, as in tests).
#[derive(Default)]
pub struct ConnectionCache {
    /// Ids for sessions on a socket of the caller's (`check`).
    ids: Mutex<HashMap<SocketAddr, (u64, Instant)>>,
    /// Idle sockets, each with the id its tracker issued to it.
    idle: Mutex<HashMap<SocketAddr, Vec<IdleSocket>>>,
    /// Host names are resolved once per run.
    addrs: Mutex<HashMap<String, SocketAddr>>,
}

impl ConnectionCache {
    /// `host:port` to an address, resolved once per run (IPv4 first, as libtorrent tries the
    /// addresses in order).
    pub fn resolve(&self, authority: &str) -> Result<SocketAddr, TrackerError> {
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

    /// Takes `authority` to be `addr` (as another cache resolved it), so that every request of
    /// a tracker goes to the one address even when its name has several.
    pub fn remember(&self, authority: &str, addr: SocketAddr) {
        self.addrs
            .lock()
            .expect("cache lock")
            .insert(authority.to_string(), addr);
    }

    /// Records `id` as the connection id of `addr` (`check` seeds a deliberately wrong one).
    pub fn put(&self, addr: SocketAddr, id: u64) {
        self.ids
            .lock()
            .expect("cache lock")
            .insert(addr, (id, Instant::now()));
    }

    /// An idle socket to `addr` whose id is still young.
    fn take_idle(&self, addr: SocketAddr) -> Option<IdleSocket> {
        let mut idle = self.idle.lock().expect("cache lock");
        let pool = idle.get_mut(&addr)?;
        pool.retain(|(_, _, at)| at.elapsed() < CONNECTION_ID_LIFETIME);
        pool.pop()
    }

    fn give_back(&self, addr: SocketAddr, socket: UdpSocket, id: u64, at: Instant) {
        self.idle
            .lock()
            .expect("cache lock")
            .entry(addr)
            .or_default()
            .push((socket, id, at));
    }
}

pub struct UdpOptions {
    pub timeout: Duration,
    pub retransmit: Retransmit,
    /// Where transaction ids come from (the OS generator in a real run).
    pub random: Arc<dyn Random>,
}

fn resolve(authority: &str) -> Result<SocketAddr, TrackerError> {
    let dns = |text: String| TrackerError::new(FailureKind::Dns, text);
    let addrs: Vec<SocketAddr> = authority
        .to_socket_addrs()
        .map_err(|e| dns(format!("cannot resolve {authority}: {e}")))?
        .collect();
    addrs
        .first()
        .copied()
        .ok_or_else(|| dns(format!("{authority} has no address")))
}

/// A new socket of the address family of `addr`, on a port the system picks.
pub fn open_socket(addr: SocketAddr) -> Result<UdpSocket, TrackerError> {
    let any: SocketAddr = if addr.is_ipv6() {
        (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
    } else {
        (std::net::Ipv4Addr::UNSPECIFIED, 0).into()
    };
    UdpSocket::bind(any).map_err(|e| {
        TrackerError::new(
            FailureKind::Network,
            format!("cannot open a UDP socket: {e}"),
        )
    })
}

fn random_tid(random: &dyn Random) -> u32 {
    loop {
        let tid = random.u64() as u32;
        if tid != 0 {
            return tid;
        }
    }
}

/// One request to one tracker: connect (unless cached), then the request built by `build`.
pub struct Session<'a> {
    pub addr: SocketAddr,
    socket: UdpSocket,
    /// The id issued to this socket, and when; `pooled`: the socket goes back to the pool.
    issued: Option<(u64, Instant)>,
    pooled: bool,
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
    ) -> Result<Session<'a>, TrackerError> {
        let (socket, issued) = match cache.take_idle(addr) {
            Some((socket, id, at)) => (socket, Some((id, at))),
            None => (open_socket(addr)?, None),
        };
        let mut session = Session::on_socket(addr, socket, opts, cache, trace);
        session.issued = issued;
        session.pooled = true;
        Ok(session)
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
        let issued = cache.ids.lock().expect("cache lock").get(&addr).copied();
        Session {
            addr,
            socket,
            issued,
            pooled: false,
            deadline: Instant::now() + opts.timeout,
            opts,
            cache,
            trace,
            ignored: 0,
        }
    }

    /// The connection id: from the cache when younger than 60 s, else from a connect.
    pub fn connection_id(&mut self) -> Result<u64, TrackerError> {
        if let Some((id, _)) = self
            .issued
            .filter(|(_, at)| at.elapsed() < CONNECTION_ID_LIFETIME)
        {
            (self.trace)(format!(
                "> (connection id {id:016x} reused, younger than 60 s)"
            ));
            return Ok(id);
        }
        let tid = random_tid(&*self.opts.random);
        let packet = connect_request(tid);
        (self.trace)(format!(
            "> connect  protocol_id={PROTOCOL_ID:#x} action=0 transaction_id={tid:08x}  [{}]",
            hex::encode(&packet)
        ));
        match self.exchange(&packet, tid, ACTION_CONNECT)? {
            Reply::Connect { connection_id } => {
                self.issued = Some((connection_id, Instant::now()));
                if !self.pooled {
                    self.cache.put(self.addr, connection_id);
                }
                Ok(connection_id)
            }
            Reply::Error(message) => Err(TrackerError::tracker_said(&message)),
            other => Err(decode_error(format!(
                "unexpected answer to connect: {other:?}"
            ))),
        }
    }

    /// Sends `packet` and waits for its answer, resending per the retransmit policy, until the
    /// deadline of the whole request.
    fn exchange(&mut self, packet: &[u8], tid: u32, action: u32) -> Result<Reply, TrackerError> {
        let network = |text: String| TrackerError::new(FailureKind::Network, text);
        let mut wait = self.opts.retransmit.first_wait();
        let mut buf = vec![0u8; 65_536];
        loop {
            self.socket
                .send_to(packet, self.addr)
                .map_err(|e| network(format!("cannot send to {}: {e}", self.addr)))?;
            let resend_at = wait.map(|w| Instant::now() + w);
            loop {
                let now = Instant::now();
                if now >= self.deadline {
                    return Err(TrackerError::new(
                        FailureKind::Timeout,
                        format!(
                            "no answer within {}s (timeout){}",
                            self.opts.timeout.as_secs_f64(),
                            if self.ignored > 0 {
                                format!("; {} stray packets ignored", self.ignored)
                            } else {
                                String::new()
                            }
                        ),
                    ));
                }
                let until = resend_at.map_or(self.deadline, |r| r.min(self.deadline));
                if now >= until {
                    break;
                }
                self.socket
                    .set_read_timeout(Some(until - now))
                    .map_err(|e| network(e.to_string()))?;
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
                    Err(e) => return Err(network(format!("receive failed: {e}"))),
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
                    Err(Rejected::Broken(why)) => return Err(decode_error(why)),
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
    ) -> Result<AnnounceResponse, TrackerError> {
        let connection_id = self.connection_id()?;
        let tid = random_tid(&*self.opts.random);
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
            other => Err(decode_error(format!(
                "unexpected answer to announce: {other:?}"
            ))),
        }
    }

    /// At most `MAX_SCRAPE_HASHES` per call; answers in request order.
    pub fn scrape(&mut self, hashes: &[V1]) -> Result<Vec<ScrapeCounts>, TrackerError> {
        let connection_id = self.connection_id()?;
        let tid = random_tid(&*self.opts.random);
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
            Reply::Scrape(counts) if counts.len() >= hashes.len() => Ok(counts),
            Reply::Scrape(counts) => Err(decode_error(format!(
                "scrape answer covers {} of {} hashes",
                counts.len(),
                hashes.len()
            ))),
            Reply::Error(message) => Err(TrackerError::tracker_said(&message)),
            other => Err(decode_error(format!(
                "unexpected answer to scrape: {other:?}"
            ))),
        }
    }
}

/// A pooled socket goes back with its id for the next request to the same tracker.
impl Drop for Session<'_> {
    fn drop(&mut self) {
        if let (true, Some((id, at))) = (self.pooled, self.issued)
            && let Ok(socket) = self.socket.try_clone()
        {
            self.cache.give_back(self.addr, socket, id, at);
        }
    }
}

fn decode_error(text: String) -> TrackerError {
    TrackerError::new(FailureKind::Decode, text)
}
