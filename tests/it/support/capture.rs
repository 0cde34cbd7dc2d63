//! Capture trackers on 127.0.0.1 for comparing clients: they answer every request validly and
//! record it, so a test can see exactly what a client (qBittorrent, trackerctl) sent.
//!
//! - [`HttpCapture`]: records each request's target (path and query) and headers; answers a
//!   valid bencoded announce (interval 1800, one leecher, empty compact `peers`), or a scrape.
//! - [`UdpCapture`]: BEP 15 connect / announce / scrape answers; records every datagram, so the
//!   announce packets with their BEP 41 URL data can be compared byte for byte.
//! - [`dead_http`]: a port where nothing listens (connection refused at once).
//!
//! Both stop when dropped (their threads poll a stop flag every 100 ms).

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// One HTTP request as received.
#[derive(Clone, Debug)]
pub struct HttpHit {
    pub at: Instant,
    /// Path and query exactly as on the request line.
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl HttpHit {
    /// The query's `name=value` pairs in order, values still percent-encoded.
    pub fn params(&self) -> Vec<(String, String)> {
        let query = self.target.split_once('?').map_or("", |(_, q)| q);
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (p.to_string(), String::new()),
            })
            .collect()
    }

    /// The (encoded) value of the first parameter called `name`.
    pub fn param(&self, name: &str) -> Option<String> {
        self.params()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }

    /// The info-hash sent, decoded, as 40 hex digits ("" when absent).
    pub fn info_hash_hex(&self) -> String {
        hex::encode(percent_decode(&self.param("info_hash").unwrap_or_default()))
    }

    /// `event` value ("" for a regular announce).
    pub fn event(&self) -> String {
        self.param("event").unwrap_or_default()
    }
}

pub struct HttpCapture {
    pub port: u16,
    hits: Arc<Mutex<Vec<HttpHit>>>,
    stop: Arc<AtomicBool>,
}

/// The announce answer: interval 1800 s, one leecher, no peers (compact).
pub const ANNOUNCE_ANSWER: &[u8] = b"d8:completei0e10:incompletei1e8:intervali1800e5:peers0:e";

impl HttpCapture {
    pub fn start() -> HttpCapture {
        HttpCapture::answering(ANNOUNCE_ANSWER.to_vec())
    }

    /// A tracker that refuses every announce with this `failure reason`.
    pub fn failing(reason: &str) -> HttpCapture {
        HttpCapture::answering(format!("d14:failure reason{}:{reason}e", reason.len()).into_bytes())
    }

    fn answering(announce_answer: Vec<u8>) -> HttpCapture {
        let answer = Arc::new(announce_answer);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, flag) = (hits.clone(), stop.clone());
        thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (log, answer) = (log.clone(), answer.clone());
                        thread::spawn(move || serve(stream, &log, &answer));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        HttpCapture { port, hits, stop }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn hits(&self) -> Vec<HttpHit> {
        self.hits.lock().unwrap().clone()
    }

    /// Announce requests only (not scrapes).
    pub fn announces(&self) -> Vec<HttpHit> {
        self.hits()
            .into_iter()
            .filter(|h| h.target.contains("info_hash=") && !h.target.starts_with("/scrape"))
            .collect()
    }

    /// Announces for this info-hash (40 hex digits).
    pub fn announces_for(&self, hash_hex: &str) -> Vec<HttpHit> {
        self.announces()
            .into_iter()
            .filter(|h| h.info_hash_hex().eq_ignore_ascii_case(hash_hex))
            .collect()
    }

    pub fn clear(&self) {
        self.hits.lock().unwrap().clear();
    }
}

impl Drop for HttpCapture {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(stream: std::net::TcpStream, log: &Mutex<Vec<HttpHit>>, announce_answer: &[u8]) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let at = Instant::now();
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let target = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.trim_end().split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let body: &[u8] = if target.starts_with("/scrape") {
        b"d5:filesdee"
    } else {
        announce_answer
    };
    log.lock().unwrap().push(HttpHit {
        at,
        target,
        headers,
    });
    let mut stream = stream;
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}

/// One datagram as received.
#[derive(Clone, Debug)]
pub struct UdpHit {
    pub at: Instant,
    pub from: SocketAddr,
    pub bytes: Vec<u8>,
}

impl UdpHit {
    fn be32(&self, at: usize) -> u32 {
        u32::from_be_bytes(self.bytes[at..at + 4].try_into().unwrap())
    }

    pub fn is_connect(&self) -> bool {
        self.bytes.len() >= 16 && self.bytes[..8] == PROTOCOL_ID.to_be_bytes()
    }

    pub fn is_announce(&self) -> bool {
        !self.is_connect() && self.bytes.len() >= 98 && self.be32(8) == 1
    }

    pub fn info_hash(&self) -> [u8; 20] {
        self.bytes[16..36].try_into().unwrap()
    }

    pub fn peer_id(&self) -> [u8; 20] {
        self.bytes[36..56].try_into().unwrap()
    }

    pub fn left(&self) -> u64 {
        u64::from_be_bytes(self.bytes[64..72].try_into().unwrap())
    }

    pub fn event(&self) -> u32 {
        self.be32(80)
    }

    pub fn key(&self) -> u32 {
        self.be32(88)
    }

    pub fn num_want(&self) -> i32 {
        self.be32(92) as i32
    }

    pub fn port(&self) -> u16 {
        u16::from_be_bytes([self.bytes[96], self.bytes[97]])
    }

    /// Everything after the 98 bytes of BEP 15 (the BEP 41 options).
    pub fn options(&self) -> &[u8] {
        &self.bytes[98..]
    }

    /// The BEP 41 URLData carried (type 2 options, concatenated).
    pub fn url_data(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut o = self.options();
        while let Some((&kind, rest)) = o.split_first() {
            match kind {
                0 => break,
                1 => o = rest,
                _ => {
                    let Some((&len, rest)) = rest.split_first() else {
                        break;
                    };
                    let len = (len as usize).min(rest.len());
                    if kind == 2 {
                        out.extend_from_slice(&rest[..len]);
                    }
                    o = &rest[len..];
                }
            }
        }
        out
    }

    /// The announce with the values that are identity or chance by design zeroed: connection
    /// id, transaction id, peer id, key. What is left must match between two clients.
    pub fn masked(&self) -> Vec<u8> {
        let mut b = self.bytes.clone();
        b[0..8].fill(0);
        b[12..16].fill(0);
        b[36..56].fill(0);
        b[88..92].fill(0);
        b
    }
}

const PROTOCOL_ID: u64 = 0x0417_2710_1980;

pub struct UdpCapture {
    pub addr: SocketAddr,
    hits: Arc<Mutex<Vec<UdpHit>>>,
    stop: Arc<AtomicBool>,
}

impl UdpCapture {
    pub fn start() -> UdpCapture {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let addr = socket.local_addr().unwrap();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, flag) = (hits.clone(), stop.clone());
        thread::spawn(move || {
            let mut buf = [0u8; 2048];
            while !flag.load(Ordering::Relaxed) {
                let Ok((len, from)) = socket.recv_from(&mut buf) else {
                    continue;
                };
                let hit = UdpHit {
                    at: Instant::now(),
                    from,
                    bytes: buf[..len].to_vec(),
                };
                if let Some(answer) = answer(&hit) {
                    let _ = socket.send_to(&answer, from);
                }
                log.lock().unwrap().push(hit);
            }
        });
        UdpCapture { addr, hits, stop }
    }

    pub fn url(&self, path: &str) -> String {
        format!("udp://{}{path}", self.addr)
    }

    pub fn hits(&self) -> Vec<UdpHit> {
        self.hits.lock().unwrap().clone()
    }

    pub fn announces(&self) -> Vec<UdpHit> {
        self.hits()
            .into_iter()
            .filter(UdpHit::is_announce)
            .collect()
    }

    pub fn clear(&self) {
        self.hits.lock().unwrap().clear();
    }
}

impl Drop for UdpCapture {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// connect → a fixed connection id; announce → interval 1800, 1 leecher, 0 seeders, no peers;
/// scrape → zeros per hash. Anything else is not answered.
fn answer(hit: &UdpHit) -> Option<Vec<u8>> {
    let b = &hit.bytes;
    if b.len() < 16 {
        return None;
    }
    let tid = &b[12..16];
    if hit.is_connect() {
        let mut a = 0u32.to_be_bytes().to_vec();
        a.extend_from_slice(tid);
        a.extend_from_slice(&0x1122_3344_5566_7788u64.to_be_bytes());
        return Some(a);
    }
    let action = u32::from_be_bytes(b[8..12].try_into().unwrap());
    let mut a = action.to_be_bytes().to_vec();
    a.extend_from_slice(tid);
    match action {
        1 if b.len() >= 98 => {
            for v in [1800u32, 1, 0] {
                a.extend_from_slice(&v.to_be_bytes());
            }
        }
        2 => a.resize(8 + 12 * ((b.len() - 16) / 20), 0),
        _ => return None,
    }
    Some(a)
}

/// `%xx` decoded (anything else kept as is).
pub fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// An HTTP tracker URL on loopback where nothing listens.
pub fn dead_http(path: &str) -> String {
    super::dead_url(path)
}

/// Waits until `done` holds, polling every 50 ms, at most `within`; true when it held.
pub fn wait_for(within: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(50));
    }
}
