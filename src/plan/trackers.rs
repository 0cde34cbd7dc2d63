//! Which trackers a torrent is sent to, in which tiers and order: the torrent's list and the
//! user's, deduplicated, in libtorrent's order (a saved order, the shuffle, the prefer-udp swap),
//! and why that order differs from the file's.

use crate::error::Error;
use crate::input::Target;
use crate::input::infohash::{HashChoice, V1};
use crate::plan::schedule;
use crate::tracker::url::{TrackerUrl, Transport};

/// The trackers the user named: `--tracker` (added, a tier each) and `--only-tracker` (only these).
#[derive(Clone, Copy, Debug)]
pub struct Chosen<'a> {
    pub added: &'a [String],
    pub only: &'a [String],
}

/// How the order is made: libtorrent shuffles each tier once and swaps UDP ahead of HTTP.
#[derive(Clone, Copy, Debug)]
pub struct OrderOptions {
    pub shuffle: bool,
    pub prefer_udp: bool,
}

/// Trackers of one target, by tier, parsed and deduplicated (first occurrence wins, as
/// libtorrent keeps one entry per URL). URLs that are not trackers are dropped with a notice.
pub fn tracker_tiers(
    target: &Target,
    chosen: Chosen,
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
    if !chosen.only.is_empty() {
        // Exactly these trackers: those the torrent lists keep their tier, the others are
        // added after them, one tier each (so a torrent can be sent to one chosen tracker).
        let wanted: Vec<TrackerUrl> = chosen
            .only
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
    for raw in chosen.added {
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

/// The torrent's trackers in libtorrent's order: saved from an earlier run, else shuffled
/// within each tier (`--no-shuffle` keeps the listed order) with `udp://` ahead of same-host
/// HTTP (`--no-prefer-udp` keeps them as listed).
pub fn ordered_tiers(
    listed: &[Vec<TrackerUrl>],
    saved: Option<&crate::state::TorrentState>,
    opts: OrderOptions,
    shuffle_seed: u64,
) -> Vec<Vec<TrackerUrl>> {
    let key = |u: &TrackerUrl| crate::state::tracker_key(u.reveal());
    let host = |u: &TrackerUrl| (u.host(), u.transport() == Transport::Udp);
    let saved_order = saved.and_then(|t| t.order.as_ref());
    schedule::order(
        listed,
        &key,
        &host,
        saved_order,
        opts.shuffle,
        opts.prefer_udp,
        shuffle_seed,
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

pub fn is_udp(url: &TrackerUrl) -> bool {
    url.transport() == Transport::Udp
}
