//! What `check` probes: one job per tracker, from TRACKER_URLs (a random throw-away hash) or
//! TORRENTs (its own hash, `left` = its size, the plain sequence for a private one).

use crate::cli::CheckArgs;
use crate::commands::Run;
use crate::error::Error;
use crate::input::infohash::HashChoice;
use crate::input::infohash::V1;
use crate::input::{self, Target};
use crate::plan::trackers;
use crate::tracker::url::{ScrapeRule, TrackerUrl};

/// One tracker to probe and with what.
pub(super) struct Job {
    pub(super) url: TrackerUrl,
    pub(super) hash: V1,
    pub(super) random: bool,
    pub(super) plain: bool,
    pub(super) left: u64,
    pub(super) scrape_url: Option<String>,
}

/// A random info-hash with its first byte ≥ 0x80: never pure ASCII, so the encoding of scrape
/// keys always shows.
pub(super) fn random_hash(random: &dyn crate::env::Random) -> V1 {
    let mut h = [0u8; 20];
    for chunk in h.chunks_mut(8) {
        let bits = random.u64().to_be_bytes();
        chunk.copy_from_slice(&bits[..chunk.len()]);
    }
    h[0] |= 0x80;
    V1(h)
}

fn looks_like_url(arg: &str) -> bool {
    let lower = arg.trim().to_ascii_lowercase();
    ["http://", "https://", "udp://"]
        .iter()
        .any(|s| lower.starts_with(s))
}

pub(super) fn jobs(run: &Run, args: &CheckArgs) -> Result<Vec<Job>, Error> {
    let show = run.global.show_secrets;
    let scrape_url = |url: &TrackerUrl| url.scrape_url(ScrapeRule::LastSegment);
    let url_job = |url: TrackerUrl, left: u64| Job {
        scrape_url: scrape_url(&url),
        url,
        hash: random_hash(&*run.env.random),
        random: true,
        plain: false,
        left,
    };
    let mut jobs = Vec::new();
    let mut torrents: Vec<Target> = Vec::new();
    if args.targets.iter().filter(|t| *t == "-").count() > 1 {
        return Err(Error::input("'-' (stdin) can be given only once"));
    }
    let mut stdin = run.env.stdin.lock().unwrap_or_else(|e| e.into_inner());
    for arg in &args.targets {
        if looks_like_url(arg) {
            let url = TrackerUrl::parse(arg)?.showing_secrets(show);
            jobs.push(url_job(url, args.left.unwrap_or(1)));
        } else {
            torrents.push(input::resolve(arg, &mut **stdin)?);
        }
    }
    let extra: Vec<TrackerUrl> = args
        .trackers
        .iter()
        .map(|u| TrackerUrl::parse(u).map(|u| u.showing_secrets(show)))
        .collect::<Result<_, _>>()?;
    if torrents.is_empty() {
        for url in extra.iter().cloned() {
            jobs.push(url_job(url, args.left.unwrap_or(1)));
        }
    }
    for target in &torrents {
        let Some(hash) = trackers::wire_hashes(target, HashChoice::V1)
            .first()
            .copied()
        else {
            continue;
        };
        let urls: Vec<TrackerUrl> = if extra.is_empty() {
            let mut notices = Vec::new();
            let none = trackers::Chosen {
                added: &[],
                only: &[],
            };
            let tiers = trackers::tracker_tiers(target, none, show, &mut notices)?;
            for n in notices {
                run.env
                    .stderr
                    .line(&format!("note: {}", crate::printable::sanitize(&n)));
            }
            tiers.into_iter().flatten().collect()
        } else {
            extra.clone()
        };
        if urls.is_empty() {
            return Err(
                Error::input(format!("{}: no tracker to check", target.describe()))
                    .with_hint("give one with --tracker URL"),
            );
        }
        for url in urls {
            jobs.push(Job {
                scrape_url: scrape_url(&url),
                url,
                hash,
                random: false,
                plain: target.private && !args.all_probes,
                left: args.left.or(target.total_length).unwrap_or(1),
            });
        }
    }
    Ok(jobs)
}
