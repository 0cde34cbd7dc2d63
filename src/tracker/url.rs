//! Tracker URLs: parsing, the BEP 48 scrape URL, libtorrent's escaping, and redaction.
//!
//! A `TrackerUrl` never prints its secrets: `Display` redacts, and only `reveal()` gives the URL
//! as it goes on the wire. Every text that may echo the URL (a tracker's failure reason, an
//! error from the HTTP stack) goes through `scrub()` before it reaches any output.

use std::fmt;

use crate::error::Error;

pub const REDACTED: &str = "REDACTED";

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Http,
    Udp,
}

impl Transport {
    pub fn name(self) -> &'static str {
        match self {
            Transport::Http => "http",
            Transport::Udp => "udp",
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct TrackerUrl {
    /// The URL as used on the wire: as given, less any fragment and surrounding whitespace.
    raw: String,
    transport: Transport,
    secrets: Vec<String>,
    show_secrets: bool,
}

/// Query keys whose values are credentials on private trackers.
pub const SECRET_KEYS: &[&str] = &[
    "passkey",
    "pk",
    "key",
    "authkey",
    "auth",
    "token",
    "secret",
    "password",
    "pass",
    "torrent_pass",
    "apikey",
    "api_key",
    "access_token",
    "rsskey",
    "hash",
];

/// A path segment or query value this long made only of letters and digits is taken to be a
/// passkey (`/KEY/announce`, `/announce/KEY`, `?x=KEY`): trackers use 16–40 character keys.
pub const TOKEN_MIN_LEN: usize = 16;

fn looks_like_token(s: &str) -> bool {
    s.len() >= TOKEN_MIN_LEN && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl TrackerUrl {
    pub fn parse(input: &str) -> Result<TrackerUrl, Error> {
        let trimmed = input.trim();
        let raw = match trimmed.find('#') {
            Some(at) => &trimmed[..at],
            None => trimmed,
        };
        let (scheme, rest) = raw.split_once("://").ok_or_else(|| {
            Error::input(format!("tracker URL '{}' has no scheme", redact_plain(raw)))
                .with_hint("tracker URLs start with http://, https:// or udp://")
        })?;
        let transport = match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => Transport::Http,
            "udp" => Transport::Udp,
            other => {
                return Err(Error::input(format!(
                    "tracker URL '{}' has the unsupported scheme '{other}'",
                    redact_plain(raw)
                ))
                .with_hint("trackers speak http://, https:// or udp://"));
            }
        };
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if authority.is_empty() || authority.rsplit('@').next().is_some_and(str::is_empty) {
            return Err(Error::input(format!(
                "tracker URL '{}' has no host",
                redact_plain(raw)
            )));
        }
        if raw.bytes().any(|b| b.is_ascii_control() || b == b' ') {
            return Err(Error::input(format!(
                "tracker URL '{}' contains spaces or control characters",
                redact_plain(raw)
            ))
            .with_hint("percent-encode them (%20)"));
        }
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if let Err(problem) = check_host_port(host_port, transport) {
            return Err(Error::input(format!(
                "tracker URL '{}' {problem}",
                redact_plain(raw)
            ))
            .with_hint(match transport {
                Transport::Udp => "a UDP tracker URL is udp://HOST:PORT[/PATH], PORT from 1 to 65535",
                Transport::Http => {
                    "an HTTP tracker URL is http(s)://HOST[:PORT]/PATH, PORT from 1 to 65535, an IPv6 HOST in brackets"
                }
            }));
        }
        let secrets = find_secrets(raw);
        Ok(TrackerUrl {
            raw: raw.to_string(),
            transport,
            secrets,
            show_secrets: false,
        })
    }

    /// Shows secrets in `Display` and `scrub` from now on (`--show-secrets`).
    pub fn showing_secrets(mut self, show: bool) -> Self {
        self.show_secrets = show;
        self
    }

    /// Whether the URL carries a passkey or other credential (what redaction hides).
    pub fn has_secrets(&self) -> bool {
        !self.secrets.is_empty()
    }

    pub fn transport(&self) -> Transport {
        self.transport
    }

    /// The URL as it goes on the wire, secrets included. Never print this.
    pub fn reveal(&self) -> &str {
        &self.raw
    }

    /// `host:port` (or `[v6]:port`), with any user info removed.
    pub fn authority(&self) -> &str {
        let rest = self.raw.split_once("://").map_or("", |(_, r)| r);
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..end];
        authority
            .rsplit_once('@')
            .map_or(authority, |(_, host)| host)
    }

    /// The host, lower-case, without the port (`[v6]` keeps its brackets).
    pub fn host(&self) -> String {
        let authority = self.authority();
        let host = match authority.rfind(':') {
            Some(at) if !authority.ends_with(']') => &authority[..at],
            _ => authority,
        };
        host.to_ascii_lowercase()
    }

    /// Path and query (BEP 41 URL data for UDP), `/` when there is none: qBittorrent 4.5.2
    /// (libtorrent 2.0.8) sends the one-byte URL data `/` to `udp://host:port` (observed,
    /// tests/it/qbittorrent.rs).
    pub fn path_and_query(&self) -> &str {
        let rest = self.raw.split_once("://").map_or("", |(_, r)| r);
        match rest.find(['/', '?']) {
            Some(at) => &rest[at..],
            None => "/",
        }
    }

    /// Replaces every secret of this URL in `text` (raw or percent-encoded) by `REDACTED`.
    pub fn scrub(&self, text: &str) -> String {
        if self.show_secrets {
            return text.to_string();
        }
        if self.secrets.len() > MAX_SECRETS {
            return REDACTED.to_string();
        }
        scrub_with(text, &self.secrets)
    }

    /// `scrub` for raw bytes (a binary body shown in `-vv`): every secret form is replaced.
    pub fn scrub_bytes(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        if self.show_secrets {
            return out;
        }
        if self.secrets.len() > MAX_SECRETS {
            return REDACTED.as_bytes().to_vec();
        }
        for secret in &self.secrets {
            for form in secret_forms(secret).into_iter().filter(|f| !f.is_empty()) {
                let form = form.as_bytes();
                let mut i = 0;
                while i + form.len() <= out.len() {
                    if &out[i..i + form.len()] == form {
                        out.splice(i..i + form.len(), REDACTED.bytes());
                        i += REDACTED.len();
                    } else {
                        i += 1;
                    }
                }
            }
        }
        out
    }

    /// The URL with `?` or `&` and the given parameters appended (libtorrent,
    /// `http_tracker_connection.cpp:105-121`: an existing query is kept byte for byte).
    pub fn with_query(base: &str, params: &str) -> String {
        let sep = if base.contains('?') { '&' } else { '?' };
        format!("{base}{sep}{params}")
    }

    /// The scrape URL of an HTTP tracker, or `None` when the rule finds no `announce` to replace.
    pub fn scrape_url(&self, rule: ScrapeRule) -> Option<String> {
        if self.transport != Transport::Http {
            return None;
        }
        let raw = &self.raw;
        let at = match rule {
            ScrapeRule::LastSegment => {
                let after_scheme = raw.find("://")? + 3;
                let path_start = after_scheme + raw[after_scheme..].find('/')?;
                let path_end = raw[path_start..]
                    .find('?')
                    .map_or(raw.len(), |q| path_start + q);
                let segment_start = path_start + raw[path_start..path_end].rfind('/')? + 1;
                raw[segment_start..path_end]
                    .starts_with("announce")
                    .then_some(segment_start)?
            }
            ScrapeRule::Anywhere => raw.find("announce")?,
        };
        Some(format!(
            "{}scrape{}",
            &raw[..at],
            &raw[at + "announce".len()..]
        ))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScrapeRule {
    /// The last path segment starts with `announce` (BEP 48 convention; trackerctl's default).
    LastSegment,
    /// The first `announce` anywhere in the URL (libtorrent 2.0.8).
    Anywhere,
}

impl fmt::Display for TrackerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.scrub(&self.raw))
    }
}

impl fmt::Debug for TrackerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TrackerUrl({self})")
    }
}

/// What is wrong with `host[:port]` (or `[v6][:port]`), checked before anything is sent: a bad
/// port or host is the user's to fix (exit 2), not a network failure to back off from.
fn check_host_port(host_port: &str, transport: Transport) -> Result<(), String> {
    let (host, port) = if let Some(v6) = host_port.strip_prefix('[') {
        let Some((addr, after)) = v6.split_once(']') else {
            return Err("has an IPv6 address without its closing ']'".into());
        };
        if addr
            .split('%')
            .next()
            .unwrap_or("")
            .parse::<std::net::Ipv6Addr>()
            .is_err()
        {
            return Err(format!("has '[{addr}]', which is not an IPv6 address"));
        }
        match after {
            "" => (addr, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (addr, Some(port)),
                None => return Err(format!("has '{after}' after its IPv6 address, not ':PORT'")),
            },
        }
    } else if host_port.matches(':').count() > 1 {
        return Err("has an IPv6 address without brackets: write it as [ADDRESS]:PORT".into());
    } else {
        match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    if host.is_empty() {
        return Err("has no host".into());
    }
    if host.contains(['[', ']']) {
        return Err(format!("has the host '{host}' with a stray bracket"));
    }
    match port {
        Some(port) if !port.is_empty() => match port.parse::<u32>() {
            Ok(1..=65535) => Ok(()),
            Ok(n) => Err(format!("has the port {n}, outside 1 to 65535")),
            Err(_) => Err(format!("has the port '{port}', which is not a number")),
        },
        _ if transport == Transport::Udp => {
            Err("has no port (UDP trackers have no default port)".into())
        }
        _ => Ok(()),
    }
}

/// The secret parts of a URL: user info, values of credential keys, token-like path segments
/// and query values.
fn find_secrets(raw: &str) -> Vec<String> {
    let mut secrets = Vec::new();
    let rest = raw.split_once("://").map_or(raw, |(_, r)| r);
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    if let Some((userinfo, _)) = rest[..authority_end].rsplit_once('@') {
        secrets.push(userinfo.to_string());
    }
    let path_and_query = &rest[authority_end..];
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    for segment in path.split('/') {
        if looks_like_token(segment) {
            secrets.push(segment.to_string());
        }
    }
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if value.is_empty() {
            continue;
        }
        let key = key.to_ascii_lowercase();
        if SECRET_KEYS.contains(&key.as_str()) || looks_like_token(value) {
            secrets.push(value.to_string());
        }
    }
    // Longest first, so a secret that contains another is replaced whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    secrets
}

/// Each secret costs a pass over every text it is scrubbed from: a URL with more
/// credential-like values than this (fuzzing found 16 000 `key=` taking 1.4 s to print) is
/// hidden whole, and so is any text that may echo it. Real tracker URLs carry one or two.
const MAX_SECRETS: usize = 32;

fn scrub_with(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for secret in secrets {
        for form in secret_forms(secret) {
            if !form.is_empty() && out.contains(&form) {
                out = out.replace(&form, REDACTED);
            }
        }
    }
    out
}

/// A secret as it may appear in text: as written, percent-decoded, and escaped by libtorrent's
/// rules (a tracker that echoes the query may send back any of them).
fn secret_forms(secret: &str) -> Vec<String> {
    let decoded = percent_decode(secret);
    let decoded_text = String::from_utf8_lossy(&decoded).into_owned();
    let escaped = escape(&decoded);
    let mut forms = vec![secret.to_string(), decoded_text, escaped];
    forms.dedup();
    forms
}

/// Redacts a string that did not parse as a tracker URL (for error messages).
pub fn redact_plain(text: &str) -> String {
    scrub_with(text, &find_secrets(text))
}

/// Redacts every URL inside free text (`scheme://…` up to white space or a quote): the echo of
/// an argument the user put in the wrong place, a line of `--from-file`, an error message.
/// Text without `://` comes back unchanged, so ordinary paths are never touched.
pub fn redact_urls_in(text: &str) -> String {
    if !text.contains("://") {
        return text.to_string();
    }
    let is_end = |c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '`' | '<' | '>');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let start = rest[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |i| i + 1);
        let end = rest[at..].find(is_end).map_or(rest.len(), |i| at + i);
        out.push_str(&rest[..start]);
        out.push_str(&redact_plain(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// libtorrent's `escape_string()` (`src/escape_string.cpp:123-169`): keeps
/// `A-Z a-z 0-9 - _ ! . ~ * ( )` and writes every other byte as lower-case `%xx`.
pub fn escape(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-_!.~*()".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// Percent-decoding; a `%` not followed by two hex digits stays as it is.
pub fn percent_decode(text: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> TrackerUrl {
        TrackerUrl::parse(s).unwrap()
    }

    #[test]
    fn escape_keeps_libtorrents_set_and_lowercases_hex() {
        let hash = hex::decode("857084dcdbfdd3ea867d9f8fb73429139c4783e0").unwrap();
        assert_eq!(
            escape(&hash),
            "%85p%84%dc%db%fd%d3%ea%86%7d%9f%8f%b74)%13%9cG%83%e0"
        );
        assert_eq!(escape(b"-LT2080-!yGQXk.pmx~s"), "-LT2080-!yGQXk.pmx~s");
        assert_eq!(escape(b"a b+c/'"), "a%20b%2bc%2f%27");
    }

    #[test]
    fn existing_query_is_kept_and_extended_with_ampersand() {
        assert_eq!(
            TrackerUrl::with_query("http://h/announce?passkey=ab%20c&x=1", "info_hash=1"),
            "http://h/announce?passkey=ab%20c&x=1&info_hash=1"
        );
        assert_eq!(
            TrackerUrl::with_query("http://h/announce", "a=1"),
            "http://h/announce?a=1"
        );
    }

    #[test]
    fn scrape_url_only_replaces_announce_in_last_segment() {
        let rule = ScrapeRule::LastSegment;
        let scrape = |s: &str| url(s).scrape_url(rule);
        assert_eq!(
            scrape("http://h:1/announce").as_deref(),
            Some("http://h:1/scrape")
        );
        assert_eq!(
            scrape("https://t.example/x/announce.php?passkey=K").as_deref(),
            Some("https://t.example/x/scrape.php?passkey=K")
        );
        assert_eq!(scrape("http://h/announce/x"), None);
        assert_eq!(scrape("http://h/a"), None);
        assert_eq!(scrape("http://h"), None);
        assert_eq!(scrape("http://announce.example/ann?x=announce"), None);
        assert_eq!(
            scrape("http://announce.example/announce").as_deref(),
            Some("http://announce.example/scrape")
        );
    }

    #[test]
    fn libtorrent_rule_replaces_the_first_announce_anywhere() {
        assert_eq!(
            url("http://announce.example/announce")
                .scrape_url(ScrapeRule::Anywhere)
                .as_deref(),
            Some("http://scrape.example/announce")
        );
    }

    #[test]
    fn passkeys_are_redacted_everywhere() {
        let u = url("https://private.example.net/announce?passkey=abcdef0123456789");
        assert_eq!(
            u.to_string(),
            "https://private.example.net/announce?passkey=REDACTED"
        );
        assert_eq!(
            u.scrub("echo: passkey=abcdef0123456789"),
            "echo: passkey=REDACTED"
        );
        let u = url("http://t.example/a/announce.php?uid=42&passkey=abcdef0123456789");
        assert_eq!(
            u.to_string(),
            "http://t.example/a/announce.php?uid=42&passkey=REDACTED"
        );
        let u = url("http://t.example/0123456789abcdef0123456789abcdef/announce");
        assert_eq!(u.to_string(), "http://t.example/REDACTED/announce");
        let u = url("http://user:pw@t.example/announce?pk=a%20b");
        assert_eq!(
            u.to_string(),
            "http://REDACTED@t.example/announce?pk=REDACTED"
        );
        assert_eq!(u.scrub("pk=a b"), "pk=REDACTED");
        let binary = u.scrub_bytes(b"\x00\xffpk=a b\x01");
        assert_eq!(binary, b"\x00\xffpk=REDACTED\x01");
        let shown = url("http://t/announce?passkey=abc").showing_secrets(true);
        assert_eq!(shown.to_string(), "http://t/announce?passkey=abc");
    }

    #[test]
    fn a_url_full_of_secrets_is_hidden_whole() {
        let query: Vec<String> = (0..16_000).map(|i| format!("key={i}")).collect();
        let u = url(&format!("http://h/announce?{}", query.join("&")));
        assert_eq!(u.to_string(), "REDACTED");
        assert_eq!(u.scrub("tracker says: key=7 unknown"), "REDACTED");
        let few = url("http://h/announce?key=1&key=2");
        assert_eq!(
            few.to_string(),
            "http://h/announce?key=REDACTED&key=REDACTED"
        );
    }

    #[test]
    fn parse_rejects_what_cannot_be_a_tracker() {
        assert!(TrackerUrl::parse("tracker.publicbt.com:80/announce").is_err());
        assert!(TrackerUrl::parse("ftp://h/announce").is_err());
        assert!(TrackerUrl::parse("http:///announce").is_err());
        assert!(TrackerUrl::parse("http://h/a b").is_err());
        assert_eq!(
            url(" udp://h:1/announce#frag ").reveal(),
            "udp://h:1/announce"
        );
        assert_eq!(url("udp://[::1]:6969/announce").authority(), "[::1]:6969");
        assert_eq!(
            url("udp://h:1/announce?passkey=x").path_and_query(),
            "/announce?passkey=x"
        );
        assert_eq!(url("udp://h:1").path_and_query(), "/");
    }

    #[test]
    fn percent_decode_leaves_broken_escapes() {
        assert_eq!(percent_decode("a%20b%zz%4"), b"a b%zz%4");
        assert_eq!(percent_decode("%"), b"%");
        assert_eq!(percent_decode("é%41"), "éA".as_bytes());
    }
}
