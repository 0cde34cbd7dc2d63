//! What a run shares between subcommands: options, the verbose log, tracker lists, identities
//! and the one exchange with an HTTP tracker.

pub mod schedule;
pub mod tiers;

use std::io::Write;
use std::time::Duration;

use crate::cli::{GlobalArgs, HashChoice, TargetArgs};
use crate::error::Error;
use crate::input::Target;
use crate::input::infohash::V1;
use crate::tracker::http::{self, HttpAnswer, HttpOptions};
use crate::tracker::messages::AnnounceRequest;
use crate::tracker::url::{TrackerUrl, Transport};

/// The verbose log on stderr: each block is written whole, so parallel workers don't interleave.
pub struct Log {
    pub level: u8,
}

impl Log {
    pub fn block(&self, level: u8, lines: &[String]) {
        if self.level < level || lines.is_empty() {
            return;
        }
        let mut err = std::io::stderr().lock();
        for line in lines {
            // Tracker and torrent text is in these lines: no escape or bidi control gets through.
            let _ = writeln!(err, "{}", crate::render::text::sanitize(line));
        }
    }
}

/// Trackers of one target, by tier, parsed and deduplicated (first occurrence wins, as
/// libtorrent keeps one entry per URL). URLs that are not trackers are dropped with a notice.
pub fn tracker_tiers(
    target: &Target,
    args: &TargetArgs,
    show_secrets: bool,
    notices: &mut Vec<String>,
) -> Result<Vec<Vec<TrackerUrl>>, Error> {
    let mut tiers: Vec<Vec<TrackerUrl>> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for tier in &target.tiers {
        let mut kept = Vec::new();
        for raw in tier {
            match TrackerUrl::parse(raw) {
                Ok(url) => {
                    if !seen.iter().any(|s| s == url.reveal()) {
                        seen.push(url.reveal().to_string());
                        kept.push(url.showing_secrets(show_secrets));
                    }
                }
                Err(e) => notices.push(format!(
                    "{}: tracker skipped: {}",
                    target.describe(),
                    e.message
                )),
            }
        }
        if !kept.is_empty() {
            tiers.push(kept);
        }
    }
    if !args.only_trackers.is_empty() {
        // Exactly these trackers: those the torrent lists keep their tier, the others are
        // added after them, one tier each (so a torrent can be sent to one chosen tracker).
        let wanted: Vec<TrackerUrl> = args
            .only_trackers
            .iter()
            .map(|u| TrackerUrl::parse(u))
            .collect::<Result<_, _>>()?;
        for tier in &mut tiers {
            tier.retain(|t| wanted.iter().any(|w| w.reveal() == t.reveal()));
        }
        tiers.retain(|t| !t.is_empty());
        for url in wanted {
            if !tiers.iter().flatten().any(|t| t.reveal() == url.reveal()) {
                tiers.push(vec![url.showing_secrets(show_secrets)]);
            }
        }
        seen = tiers
            .iter()
            .flatten()
            .map(|t| t.reveal().to_string())
            .collect();
    }
    for raw in &args.trackers {
        let url = TrackerUrl::parse(raw)?;
        if !seen.iter().any(|s| s == url.reveal()) {
            seen.push(url.reveal().to_string());
            tiers.push(vec![url.showing_secrets(show_secrets)]);
        }
    }
    Ok(tiers)
}

/// For commands that must contact someone: no tracker at all is a usage error.
pub fn require_trackers(target: &Target, tiers: &[Vec<TrackerUrl>]) -> Result<(), Error> {
    if tiers.is_empty() {
        return Err(
            Error::input(format!("{}: no tracker to ask", target.describe()))
                .with_hint("give one with --tracker URL"),
        );
    }
    Ok(())
}

/// The hashes to announce or scrape with: v1, or for v2-only torrents the truncated SHA-256
/// (BEP 52); hybrids follow `--hash`.
pub fn wire_hashes(target: &Target, choice: HashChoice) -> Vec<V1> {
    let v1 = target.hashes.v1;
    let v2 = target.hashes.v2.map(|h| h.truncated());
    match (v1, v2, choice) {
        (Some(a), Some(b), HashChoice::Both) => vec![a, b],
        (Some(_), Some(b), HashChoice::V2) => vec![b],
        (Some(a), _, _) => vec![a],
        (None, Some(b), _) => vec![b],
        (None, None, _) => Vec::new(),
    }
}

/// Random bits from the OS generator: peer_ids, keys and UDP transaction ids must be ones nobody
/// can predict (BEP 15's defence against spoofed answers rests on the transaction id).
pub fn random_u64() -> u64 {
    getrandom::u64().expect("the OS random generator is available")
}

/// libtorrent's peer-id alphabet (`src/string_util.cpp:115-125`): never needs escaping.
const PEER_ID_CHARS: &[u8] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_.!~*()";

/// `-TC0100-` (trackerctl 0.1.0, Azureus style) and 12 random characters.
pub fn new_peer_id() -> [u8; 20] {
    let mut id = [0u8; 20];
    let version: String = env!("CARGO_PKG_VERSION").split('.').take(3).collect();
    let prefix = format!("-TC{:0<4}-", &version[..version.len().min(4)]);
    id[..8].copy_from_slice(&prefix.as_bytes()[..8]);
    let mut bits = random_u64();
    for (i, slot) in id[8..].iter_mut().enumerate() {
        if i == 6 {
            bits = random_u64();
        }
        *slot = PEER_ID_CHARS[(bits % PEER_ID_CHARS.len() as u64) as usize];
        bits /= PEER_ID_CHARS.len() as u64;
    }
    id
}

/// `--peer-id`: 20 bytes as text, or 40 hex digits.
pub fn parse_peer_id(s: &str) -> Result<[u8; 20], Error> {
    if s.len() == 40
        && let Ok(bytes) = hex::decode(s)
    {
        return Ok(bytes.try_into().expect("40 hex digits are 20 bytes"));
    }
    s.as_bytes().try_into().map_err(|_| {
        Error::input(format!(
            "--peer-id must be 20 bytes (or 40 hex digits), not {} bytes",
            s.len()
        ))
    })
}

/// `--key`: up to 8 hex digits.
pub fn parse_key(s: &str) -> Result<u32, Error> {
    if s.is_empty() || s.len() > 8 {
        return Err(Error::input(format!(
            "--key must be 1 to 8 hex digits, not '{s}'"
        )));
    }
    u32::from_str_radix(s, 16)
        .map_err(|_| Error::input(format!("--key must be hex digits, not '{s}'")))
}

/// The result of asking one HTTP tracker: an answer to decode, or why there is none.
pub struct Exchange {
    pub answer: Result<HttpAnswer, String>,
    pub elapsed: Duration,
}

/// Sends one GET (or only shows it under `--dry-run`), logging it under `-v` with the query
/// decoded per field and secrets redacted.
pub fn http_exchange(
    global: &GlobalArgs,
    log: &Log,
    tracker: &TrackerUrl,
    full_url: &str,
    fields: &[(String, String)],
    opts: &HttpOptions,
) -> Option<Exchange> {
    let mut lines = vec![format!("> GET {}", tracker.scrub(full_url))];
    for (name, value) in fields {
        lines.push(format!(">   {name:<11} {}", tracker.scrub(value)));
    }
    lines.push(format!("> User-Agent: {}", opts.user_agent));
    lines.push("> Accept-Encoding: gzip".to_string());
    lines.push("> Connection: close".to_string());
    if global.dry_run {
        return None;
    }
    log.block(1, &lines);
    let started = std::time::Instant::now();
    let answer = http::get(full_url, opts).map_err(|e| tracker.scrub(&e));
    let elapsed = started.elapsed();
    match &answer {
        Ok(a) => {
            let mut lines: Vec<String> = a
                .redirects
                .iter()
                .map(|to| format!("< redirected to {}", tracker.scrub(to)))
                .collect();
            lines.push(format!(
                "< {} {} bytes{} in {} ms from {}",
                a.status,
                a.body.len(),
                a.content_type
                    .as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default(),
                elapsed.as_millis(),
                tracker
            ));
            if log.level >= 2 {
                // Text bodies as text (scrubbed: a tracker may echo the passkey), binary ones as
                // a hex dump.
                let printable = a
                    .body
                    .iter()
                    .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace());
                if printable {
                    lines.push(format!(
                        "< {}",
                        tracker.scrub(&String::from_utf8_lossy(&a.body))
                    ));
                } else {
                    let body = tracker.scrub_bytes(&a.body);
                    lines.extend(
                        crate::render::text::hexdump(&body)
                            .into_iter()
                            .map(|l| format!("< {l}")),
                    );
                }
            }
            log.block(1, &lines);
        }
        Err(e) => log.block(
            1,
            &[format!("< failed after {} ms: {e}", elapsed.as_millis())],
        ),
    }
    Some(Exchange { answer, elapsed })
}

/// What `--dry-run` reports for a request it does not send, secrets redacted.
pub fn planned(
    method: &str,
    tracker: &TrackerUrl,
    url: &str,
    fields: &[(String, String)],
) -> crate::report::PlannedRequest {
    crate::report::PlannedRequest {
        method: method.to_string(),
        url: tracker.scrub(url),
        fields: fields
            .iter()
            .map(|(name, value)| (name.clone(), tracker.scrub(value)))
            .collect(),
    }
}

/// The announce fields as `-v` shows them, one per line.
pub fn announce_fields(req: &AnnounceRequest) -> Vec<(String, String)> {
    let mut f = vec![
        ("info_hash".to_string(), req.info_hash.to_string()),
        (
            "peer_id".to_string(),
            crate::render::text::escape_bytes(&req.peer_id),
        ),
        ("port".to_string(), req.port.to_string()),
        ("uploaded".to_string(), req.uploaded.to_string()),
        ("downloaded".to_string(), req.downloaded.to_string()),
        ("left".to_string(), req.left.to_string()),
        ("key".to_string(), format!("{:08X}", req.key)),
        ("event".to_string(), req.event.name().to_string()),
        ("numwant".to_string(), req.numwant.to_string()),
        ("compact".to_string(), u8::from(req.compact).to_string()),
    ];
    if let Some(ip) = &req.ip {
        f.push(("ip".to_string(), ip.clone()));
    }
    if let Some(id) = &req.trackerid {
        f.push((
            "trackerid".to_string(),
            crate::render::text::escape_bytes(id),
        ));
    }
    f
}

/// The torrent's trackers in libtorrent's order: saved from an earlier run, else shuffled
/// within each tier (`--no-shuffle` keeps the listed order) with `udp://` ahead of same-host
/// HTTP (`--no-prefer-udp` keeps them as listed).
pub fn ordered_tiers(
    listed: &[Vec<TrackerUrl>],
    saved: Option<&crate::state::TorrentState>,
    global: &GlobalArgs,
) -> Vec<Vec<TrackerUrl>> {
    let key = |u: &TrackerUrl| crate::state::tracker_key(u.reveal());
    let host = |u: &TrackerUrl| {
        let authority = u.authority();
        let host = match authority.rfind(':') {
            Some(at) if !authority.ends_with(']') => &authority[..at],
            _ => authority,
        };
        (host.to_ascii_lowercase(), u.transport() == Transport::Udp)
    };
    let saved_order = saved.and_then(|t| t.order.as_ref());
    schedule::order(
        listed,
        &key,
        &host,
        saved_order,
        !global.no_shuffle,
        !global.no_prefer_udp,
        random_u64(),
    )
}

/// Why the order an announce uses differs from the file's: the prefer-udp swap (and what it
/// means for a passkey), the one-time shuffle, a failing tracker moved to the end of its tier.
pub fn order_notes(
    listed: &[Vec<TrackerUrl>],
    ordered: &[Vec<TrackerUrl>],
    saved: Option<&crate::state::TorrentState>,
) -> Vec<String> {
    let tier_in = |tiers: &[Vec<TrackerUrl>], url: &TrackerUrl| {
        tiers
            .iter()
            .position(|t| t.iter().any(|u| u.reveal() == url.reveal()))
    };
    let host = |u: &TrackerUrl| {
        let authority = u.authority();
        match authority.rfind(':') {
            Some(at) if !authority.ends_with(']') => authority[..at].to_ascii_lowercase(),
            _ => authority.to_ascii_lowercase(),
        }
    };
    let mut notes = Vec::new();
    for (now, tier) in ordered.iter().enumerate() {
        for url in tier.iter().filter(|u| is_udp(u)) {
            let Some(was) = tier_in(listed, url).filter(|&was| was != now) else {
                continue;
            };
            let partner = ordered[was]
                .iter()
                .find(|u| !is_udp(u) && host(u) == host(url) && tier_in(listed, u) == Some(now));
            let Some(http) = partner else { continue };
            notes.push(format!(
                "{url} is in tier {now} and {http} in tier {was}, the file's other way round:                  prefer-udp swaps a UDP tracker ahead of an HTTP one on the same host, as                  libtorrent does (--no-prefer-udp keeps the file's order)"
            ));
            if http.has_secrets() && !url.has_secrets() {
                notes.push(format!(
                    "the HTTP URL carries a passkey and the UDP one does not: an announce goes to                      {url} without it, as libtorrent's would (--no-prefer-udp sends it to the                      HTTP URL first)"
                ));
            }
        }
    }
    let failing = |url: &TrackerUrl| {
        saved
            .and_then(|t| t.trackers.get(&crate::state::tracker_key(url.reveal())))
            .is_some_and(|s| s.fails > 0)
    };
    for (t, tier) in ordered.iter().enumerate() {
        let in_file: Vec<&str> = listed
            .get(t)
            .map(|l| l.iter().map(TrackerUrl::reveal).collect())
            .unwrap_or_default();
        let kept: Vec<&str> = tier
            .iter()
            .map(TrackerUrl::reveal)
            .filter(|u| in_file.contains(u))
            .collect();
        let file_order: Vec<&str> = in_file
            .iter()
            .copied()
            .filter(|u| kept.contains(u))
            .collect();
        if kept.len() < 2 || kept == file_order {
            continue;
        }
        if saved.and_then(|s| s.order.as_ref()).is_some() {
            notes.push(format!(
                "tier {t} is in the order saved when the torrent was first seen: shuffled once                  (BEP 12, as libtorrent does; --no-shuffle on that first run keeps the file's order)"
            ));
            for url in tier.iter().skip(1).filter(|u| failing(u)) {
                notes.push(format!(
                    "{url} moved to the end of tier {t} after failing, as libtorrent does"
                ));
            }
        } else {
            notes.push(format!(
                "tier {t} is shuffled (BEP 12, as libtorrent does; --no-shuffle keeps the file's order)"
            ));
        }
    }
    notes
}

/// Sleeps for `total`, showing a countdown on stderr when it is a terminal.
pub fn countdown(total: Duration, what: &str) {
    use std::io::IsTerminal;
    let end = std::time::Instant::now() + total;
    let tty = std::io::stderr().is_terminal();
    while let Some(left) = end.checked_duration_since(std::time::Instant::now()) {
        if left.is_zero() {
            break;
        }
        if tty {
            eprint!("\r{what}: {} s left   ", left.as_secs() + 1);
        }
        std::thread::sleep(left.min(Duration::from_secs(1)));
    }
    if tty {
        eprint!("\r\x1b[K");
    }
}

pub fn is_udp(url: &TrackerUrl) -> bool {
    url.transport() == Transport::Udp
}
