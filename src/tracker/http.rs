//! HTTP(S) trackers: the query string as libtorrent builds it, and a small blocking transport.

use crate::tracker::failure::{FailureKind, TrackerError};
use std::time::{Duration, Instant};

use crate::input::infohash::V1;
use crate::tracker::messages::AnnounceRequest;
use crate::tracker::url::escape;

/// libtorrent's `max_http_recv_buffer_size` default (4·1024·204 bytes): a bigger body is an error.
pub const MAX_BODY: u64 = 835_584;
/// libtorrent follows at most 5 redirects (`http_tracker_connection.cpp:259`).
pub const MAX_REDIRECTS: u32 = 5;

/// The announce parameters in libtorrent's wire order (`http_tracker_connection.cpp:105-215`).
pub fn announce_query(req: &AnnounceRequest) -> String {
    let mut q = format!(
        "info_hash={}&peer_id={}&port={}&uploaded={}&downloaded={}&left={}&corrupt={}&key={:08X}",
        escape(&req.info_hash.0),
        escape(&req.peer_id),
        req.port,
        req.uploaded,
        req.downloaded,
        req.left,
        req.corrupt,
        req.key
    );
    if let Some(event) = req.event.http_name() {
        q.push_str("&event=");
        q.push_str(event);
    }
    q.push_str(&format!("&numwant={}", req.numwant));
    q.push_str(if req.compact {
        "&compact=1"
    } else {
        "&compact=0"
    });
    if req.no_peer_id {
        q.push_str("&no_peer_id=1");
    }
    if req.supportcrypto {
        q.push_str("&supportcrypto=1");
    }
    q.push_str(&format!("&redundant={}", req.redundant));
    if let Some(id) = &req.trackerid {
        q.push_str("&trackerid=");
        q.push_str(&escape(id));
    }
    if let Some(ip) = &req.ip {
        q.push_str("&ip=");
        q.push_str(&escape(ip.as_bytes()));
    }
    q
}

/// `info_hash=…` repeated once per hash (BEP 48 multi-hash scrape).
pub fn scrape_query(hashes: &[V1]) -> String {
    hashes
        .iter()
        .map(|h| format!("info_hash={}", escape(&h.0)))
        .collect::<Vec<_>>()
        .join("&")
}

#[derive(Clone, Debug)]
pub struct HttpOptions {
    pub timeout: Duration,
    pub user_agent: String,
    pub insecure: bool,
    /// Connections kept open and shared by the requests that use these options (a batch
    /// scrape's window); `None`: one connection per request with `Connection: close`, as
    /// libtorrent sends its announces.
    pub keep_alive: Option<ureq::Agent>,
}

impl HttpOptions {
    /// These options with connections kept open and reused between their requests.
    pub fn keeping_connections(mut self) -> HttpOptions {
        self.keep_alive = Some(agent(&self, true));
        self
    }
}

/// An agent with trackerctl's settings: no redirects followed by ureq (they are checked here),
/// HTTP error statuses as answers, certificates checked unless `--insecure`.
fn agent(opts: &HttpOptions, keep_alive: bool) -> ureq::Agent {
    let tls = ureq::tls::TlsConfig::builder()
        .disable_verification(opts.insecure)
        .build();
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(opts.user_agent.as_str())
        .tls_config(tls);
    let config = if keep_alive {
        config
    } else {
        config.max_idle_connections(0)
    };
    config.build().into()
}

/// What came back, before any bencode is looked at.
#[derive(Clone, Debug)]
pub struct HttpAnswer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    pub elapsed: Duration,
    /// Each URL a redirect led to, in order.
    pub redirects: Vec<String>,
}

/// One GET with libtorrent's headers (`Accept-Encoding: gzip`, `Connection: close`), at most
/// five redirects, a body cap and one deadline for the whole exchange, redirects and a slow
/// body included. Redirects are followed here, not by ureq, so each hop is checked: only
/// http(s), never from https down to http. The error text may contain URLs: callers scrub it.
pub fn get(url: &str, opts: &HttpOptions) -> Result<HttpAnswer, TrackerError> {
    let started = Instant::now();
    let mut current = url.to_string();
    let mut redirects = Vec::new();
    for _ in 0..=MAX_REDIRECTS {
        let remaining = opts
            .timeout
            .checked_sub(started.elapsed())
            .filter(|d| !d.is_zero());
        let remaining = remaining.ok_or_else(|| timed_out(opts.timeout))?;
        let agent = match &opts.keep_alive {
            Some(shared) => shared.clone(),
            None => agent(opts, false),
        };
        let mut request = agent.get(&current);
        if opts.keep_alive.is_none() {
            request = request.header("Connection", "close");
        }
        let mut response = request
            .config()
            .timeout_global(Some(remaining))
            .build()
            .call()
            .map_err(|e| describe(&e, opts.timeout))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            let location = header("location").ok_or_else(|| {
                TrackerError::new(
                    FailureKind::Redirect,
                    format!("HTTP {status} redirect without a Location"),
                )
            })?;
            let next = resolve_location(&current, &location)
                .map_err(|e| TrackerError::new(FailureKind::Redirect, e))?;
            redirects.push(next.clone());
            current = next;
            continue;
        }
        let content_type = header("content-type");
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| describe(&e, opts.timeout))?;
        return Ok(HttpAnswer {
            status,
            content_type,
            body,
            elapsed: started.elapsed(),
            redirects,
        });
    }
    Err(TrackerError::new(
        FailureKind::Redirect,
        format!("more than {MAX_REDIRECTS} redirects"),
    ))
}

/// The URL a `Location` header points to, checked: http(s) only, and no https → http downgrade
/// (the passkey would then travel in clear).
/// RFC 3986 section 5.2.2 for a reference without scheme or authority, against `base` (the URL
/// after `scheme://`). Written here rather than taken from the `url` crate: that one parses by
/// WHATWG rules and re-encodes, and a tracker's query (escaped info_hash bytes, a passkey) must go
/// on the wire byte for byte as the tracker wrote it.
fn resolve_relative(base: &str, reference: &str) -> String {
    let base = base.split('#').next().unwrap_or(base);
    let authority_end = base.find(['/', '?']).unwrap_or(base.len());
    let (authority, path_and_query) = base.split_at(authority_end);
    let (base_path, base_query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };
    let reference = reference.split('#').next().unwrap_or(reference);
    let (ref_path, ref_query) = match reference.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (reference, None),
    };
    let (path, query) = if ref_path.is_empty() {
        (base_path.to_string(), ref_query.or(base_query))
    } else if ref_path.starts_with('/') {
        (remove_dot_segments(ref_path), ref_query)
    } else {
        // Merge (5.2.3): the base path up to its last '/', or '/' when the base has none.
        let dir = match base_path.rfind('/') {
            Some(at) => &base_path[..=at],
            None => "/",
        };
        (remove_dot_segments(&format!("{dir}{ref_path}")), ref_query)
    };
    match query {
        Some(query) => format!("{authority}{path}?{query}"),
        None => format!("{authority}{path}"),
    }
}

/// RFC 3986 section 5.2.4: `.` and `..` segments removed from an absolute path.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            other => out.push(other),
        }
    }
    format!("/{}", out.join("/"))
}

pub fn resolve_location(from: &str, location: &str) -> Result<String, String> {
    let location = location.trim();
    let (scheme, rest) = from
        .split_once("://")
        .ok_or_else(|| "bad URL".to_string())?;
    let next = if location.contains("://") {
        location.to_string()
    } else if let Some(net) = location.strip_prefix("//") {
        format!("{scheme}://{net}")
    } else {
        format!("{scheme}://{}", resolve_relative(rest, location))
    };
    let next_scheme = next
        .split_once("://")
        .map(|(s, _)| s.to_ascii_lowercase())
        .unwrap_or_default();
    match (scheme.to_ascii_lowercase().as_str(), next_scheme.as_str()) {
        (_, "https") | ("http", "http") => Ok(next),
        ("https", "http") => {
            Err("redirect from https to http refused (it would send the passkey in clear)".into())
        }
        (_, other) => Err(format!(
            "redirect to a '{other}' URL refused: trackers speak http and https"
        )),
    }
}

fn timed_out(timeout: Duration) -> TrackerError {
    TrackerError::new(
        FailureKind::Timeout,
        format!(
            "no complete answer within {}s (timeout)",
            timeout.as_secs_f64()
        ),
    )
}

fn describe(error: &ureq::Error, timeout: Duration) -> TrackerError {
    use FailureKind::*;
    let (kind, text) = match error {
        ureq::Error::Tls(why) => (
            Tls,
            format!("TLS: the tracker's certificate is not valid ({why}); --insecure accepts it"),
        ),
        ureq::Error::Rustls(why) => (
            Tls,
            format!("TLS: the tracker's certificate is not valid ({why}); --insecure accepts it"),
        ),
        ureq::Error::Timeout(_) => return timed_out(timeout),
        ureq::Error::BodyExceedsLimit(limit) => (
            TooLarge,
            format!("the answer is larger than {limit} bytes (libtorrent's limit)"),
        ),
        ureq::Error::TooManyRedirects => (Redirect, format!("more than {MAX_REDIRECTS} redirects")),
        ureq::Error::Io(io) if io.get_ref().is_some_and(|e| e.is::<rustls::Error>()) => (
            Tls,
            format!("TLS: the tracker's certificate is not valid ({io}); --insecure accepts it"),
        ),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => (Refused, "connection refused".to_string()),
            std::io::ErrorKind::TimedOut => (
                Timeout,
                format!("no answer within {}s (timeout)", timeout.as_secs_f64()),
            ),
            _ => (Network, format!("network error: {io}")),
        },
        ureq::Error::HostNotFound => (Dns, "host not found".to_string()),
        other => (Network, other.to_string()),
    };
    TrackerError::new(kind, text)
}

/// What one plain-HTTP connection shows of the server's transport (`check`): the first
/// answer's status line and headers, and whether a second request on the same connection is
/// answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionProbe {
    /// `HTTP/1.1`, `HTTP/1.0`.
    pub version: String,
    pub status: u16,
    pub connection: Option<String>,
    pub content_type: Option<String>,
    pub content_encoding: Option<String>,
    /// `None`: no second request was sent (the server said `Connection: close`, or the body
    /// had no length, so the connection had to end with it).
    pub second_answered: Option<bool>,
    /// How many requests went out on the connection (1 or 2).
    pub requests: usize,
}

/// Two GETs of `url` on one TCP connection, each with `Connection: keep-alive` and
/// `Accept-Encoding: gzip`: the only way to learn keep-alive and gzip, which `get` (one
/// request, `Connection: close`, gzip decoded by the HTTP stack) hides. Plain `http://` only;
/// every read is bounded by the deadline and by `MAX_BODY`.
pub fn probe_connection(url: &str, opts: &HttpOptions) -> Result<ConnectionProbe, String> {
    use std::io::{Read, Write};
    use std::net::{TcpStream, ToSocketAddrs};
    let deadline = Instant::now() + opts.timeout;
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| "only plain http:// connections are probed".to_string())?;
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = rest[..authority_end]
        .rsplit_once('@')
        .map_or(&rest[..authority_end], |(_, h)| h);
    let target = match &rest[authority_end..] {
        "" => "/".to_string(),
        t if t.starts_with('?') => format!("/{t}"),
        t => t.to_string(),
    };
    let has_port = authority
        .rsplit_once(':')
        .is_some_and(|(_, port)| !port.contains(']'));
    let with_port = if has_port {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let addr = with_port
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {authority}: {e}"))?
        .next()
        .ok_or_else(|| format!("{authority} has no address"))?;
    let left = || {
        deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| timed_out(opts.timeout).message)
    };
    let mut stream = TcpStream::connect_timeout(&addr, left()?).map_err(|e| match e.kind() {
        std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
        _ => format!("network error: {e}"),
    })?;
    let request = format!(
        "GET {target} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: {}\r\nAccept-Encoding: gzip\r\nConnection: keep-alive\r\n\r\n",
        opts.user_agent
    );
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
            timed_out(opts.timeout).message
        }
        _ => format!("network error: {e}"),
    };
    stream.set_write_timeout(Some(left()?)).map_err(io)?;
    stream.write_all(request.as_bytes()).map_err(io)?;
    // The head, byte by byte up to the blank line (16 KiB at most), then the body by its
    // framing: Content-Length, or chunked.
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if buf.len() > 16 * 1024 {
            return Err("the answer's header is larger than 16 KiB".into());
        }
        stream.set_read_timeout(Some(left()?)).map_err(io)?;
        let n = stream.read(&mut chunk).map_err(io)?;
        if n == 0 {
            return Err("the connection closed before a complete header".into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.split(' ');
    let version = parts.next().unwrap_or_default().to_string();
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|_| version.starts_with("HTTP/"))
        .ok_or_else(|| "not an HTTP answer".to_string())?;
    let header = |name: &str| {
        head.split("\r\n").skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    let mut probe = ConnectionProbe {
        version,
        status,
        connection: header("connection"),
        content_type: header("content-type"),
        content_encoding: header("content-encoding"),
        second_answered: None,
        requests: 1,
    };
    let length = header("content-length").and_then(|l| l.parse::<u64>().ok());
    let chunked =
        header("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    let closes = probe
        .connection
        .as_deref()
        .is_some_and(|c| c.to_ascii_lowercase().contains("close"))
        || (probe.version == "HTTP/1.0"
            && !probe
                .connection
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case("keep-alive")));
    if closes || (length.is_none() && !chunked) {
        return Ok(probe);
    }
    let mut body = buf.split_off(head_end);
    loop {
        let complete = match length {
            Some(n) => body.len() as u64 >= n,
            None => body.windows(5).any(|w| w == b"0\r\n\r\n"),
        };
        if complete {
            break;
        }
        if body.len() as u64 > MAX_BODY {
            return Err(format!(
                "the answer is larger than {MAX_BODY} bytes (libtorrent's limit)"
            ));
        }
        stream.set_read_timeout(Some(left()?)).map_err(io)?;
        let n = stream.read(&mut chunk).map_err(io)?;
        if n == 0 {
            return Err("the connection closed inside the body".into());
        }
        body.extend_from_slice(&chunk[..n]);
    }
    probe.requests = 2;
    if stream.write_all(request.as_bytes()).is_err() {
        probe.second_answered = Some(false);
        return Ok(probe);
    }
    let mut first = [0u8; 5];
    let mut got = 0;
    probe.second_answered = Some(loop {
        let Ok(wait) = left() else { break false };
        if stream.set_read_timeout(Some(wait)).is_err() {
            break false;
        }
        match stream.read(&mut first[got..]) {
            Ok(0) | Err(_) => break false,
            Ok(n) => {
                got += n;
                if got == first.len() {
                    break &first == b"HTTP/";
                }
            }
        }
    });
    Ok(probe)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracker::messages::Event;

    #[test]
    fn announce_query_matches_libtorrents_captured_line() {
        // http-announce.md §6: libtorrent 2.0.8's own request, parameter for parameter.
        let hash = hex::decode("857084dcdbfdd3ea867d9f8fb73429139c4783e0").unwrap();
        let req = AnnounceRequest {
            key: 0xDDC6BBF2,
            event: Event::Started,
            ..AnnounceRequest::new(V1(hash.try_into().unwrap()), *b"-LT2080-!yGQXk.pmx~s")
        };
        assert_eq!(
            announce_query(&req),
            "info_hash=%85p%84%dc%db%fd%d3%ea%86%7d%9f%8f%b74)%13%9cG%83%e0&peer_id=-LT2080-!yGQXk.pmx~s\
             &port=6881&uploaded=0&downloaded=0&left=0&corrupt=0&key=DDC6BBF2&event=started\
             &numwant=200&compact=1&no_peer_id=1&supportcrypto=1&redundant=0"
        );
        let regular = AnnounceRequest {
            event: Event::None,
            trackerid: Some(b"TID-1".to_vec()),
            ..req
        };
        let q = announce_query(&regular);
        assert!(!q.contains("event="));
        assert!(q.ends_with("&redundant=0&trackerid=TID-1"));
    }

    #[test]
    fn redirects_are_resolved_and_checked() {
        let from = "https://t.example:8443/a/announce?passkey=k";
        assert_eq!(
            resolve_location(from, "/b/announce?x").unwrap(),
            "https://t.example:8443/b/announce?x"
        );
        assert_eq!(
            resolve_location(from, "other?x").unwrap(),
            "https://t.example:8443/a/other?x"
        );
        assert_eq!(
            resolve_location(from, "//u.example/a").unwrap(),
            "https://u.example/a"
        );
        assert!(
            resolve_location(from, "http://t.example/announce")
                .unwrap_err()
                .contains("https to http")
        );
        assert!(
            resolve_location("http://h/a", "ftp://h/a")
                .unwrap_err()
                .contains("'ftp'")
        );
        assert_eq!(
            resolve_location("http://h/a", "https://h/a").unwrap(),
            "https://h/a"
        );
        assert_eq!(resolve_location("http://h:1", "x").unwrap(), "http://h:1/x");
    }

    /// RFC 3986 section 5.4's examples that a tracker redirect can meet.
    #[test]
    fn relative_redirects_resolve_as_rfc_3986_says() {
        let from = "http://a/b/c/d;p?q";
        for (location, expected) in [
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("../g", "http://a/b/g"),
            ("../../g", "http://a/g"),
            ("./g", "http://a/b/c/g"),
            ("/./g", "http://a/g"),
            ("g/../h", "http://a/b/c/h"),
        ] {
            assert_eq!(
                resolve_location(from, location).unwrap(),
                expected,
                "{location}"
            );
        }
        assert_eq!(
            resolve_location("http://h/a/b?p=1", "?x=2").unwrap(),
            "http://h/a/b?x=2"
        );
    }

    #[test]
    fn scrape_query_repeats_info_hash() {
        let a = V1([0u8; 20]);
        let b = V1([0xffu8; 20]);
        let q = scrape_query(&[a, b]);
        assert_eq!(q.matches("info_hash=").count(), 2);
        assert!(q.starts_with("info_hash=%00%00"));
    }
}
