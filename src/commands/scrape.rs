//! `scrape`: torrents grouped per tracker, many hashes per request, never an announce.

use std::time::Duration;

use crate::cli::{ScrapeArgs, ScrapeUrlRule};
use crate::commands::{Run, announce};
use crate::state;
use crate::swarm::schedule::RateKind;
use crate::error::Error;
use crate::input::infohash::V1;
use crate::report::{self, Report, Status, TorrentReport, TrackerReport};
use crate::swarm;
use crate::tracker::http::{self, HttpOptions};
use crate::tracker::messages::ScrapeCounts;
use crate::tracker::response;
use crate::tracker::udp::{self, ConnectionCache, UdpOptions};
use crate::tracker::url::{ScrapeRule, TrackerUrl};

/// Longest scrape URL sent: many servers and proxies refuse request lines past 2–8 KB; at
/// ~70 bytes per escaped `info_hash=` this is about 28 hashes per request.
pub const MAX_SCRAPE_URL: usize = 2000;

/// One tracker and the hashes to ask it about (with the tier it had in each torrent).
struct Job {
    url: TrackerUrl,
    wanted: Vec<(usize, usize, V1)>, // (torrent row, tier, hash)
}

/// One hash's answer from one tracker: (torrent row, hash, scrape URL shown, answer).
type Answered = (usize, V1, Option<String>, Answer);

/// The answer of one tracker for one hash.
#[derive(Clone)]
enum Answer {
    /// Held back by the local rate limit.
    Refused {
        error: String,
    },
    Counts {
        counts: ScrapeCounts,
        min_request_interval: Option<i64>,
        elapsed_ms: u64,
    },
    Failed {
        error: String,
        hint: Option<String>,
        elapsed_ms: Option<u64>,
    },
}

pub fn scrape(run: &mut Run, args: &ScrapeArgs) -> Result<Report, Error> {
    let targets = run.targets(&args.target)?;
    let mut report = Report {
        command: "scrape",
        torrents: Vec::new(),
        notices: Vec::new(),
    };
    let mut jobs: Vec<Job> = Vec::new();
    let mut rows: Vec<(usize, Vec<(usize, TrackerUrl)>)> = Vec::new(); // per row: trackers
    for target in &targets {
        let tiers = swarm::tracker_tiers(
            target,
            &args.target,
            run.global.show_secrets,
            &mut report.notices,
        )?;
        swarm::require_trackers(target, &tiers)?;
        for hash in swarm::wire_hashes(target, args.target.hash) {
            let row = report.torrents.len();
            report.torrents.push(TorrentReport {
                name: target.name.clone(),
                info_hash: Some(hash.to_string()),
                info_hash_v2: target.hashes.v2.map(|h| h.to_string()),
                source: target.describe(),
                private: Some(target.private),
                total_length: target.total_length,
                trackers: Vec::new(),
                tiers: None,
            });
            let mut trackers = Vec::new();
            for (tier, urls) in tiers.iter().enumerate() {
                for url in urls {
                    match jobs.iter_mut().find(|j| j.url.reveal() == url.reveal()) {
                        Some(job) => job.wanted.push((row, tier, hash)),
                        None => jobs.push(Job {
                            url: url.clone(),
                            wanted: vec![(row, tier, hash)],
                        }),
                    }
                    trackers.push((tier, url.clone()));
                }
            }
            rows.push((row, trackers));
        }
    }
    let rule = match args.scrape_url_rule {
        ScrapeUrlRule::Bep48 => ScrapeRule::LastSegment,
        ScrapeUrlRule::Libtorrent => ScrapeRule::Anywhere,
    };
    let http_opts = HttpOptions {
        timeout: Duration::from_secs_f64(run.global.timeout),
        user_agent: concat!("trackerctl/", env!("CARGO_PKG_VERSION")).to_string(),
        insecure: run.global.insecure,
    };
    let udp_opts = UdpOptions {
        timeout: http_opts.timeout,
        retransmit: run.global.udp_retransmit.into(),
    };
    let global = run.global.clone();
    let log = &run.log;
    let cache = &run.udp_cache;
    let limits = announce::policy(run, false, args.wait, false).limits;
    let shared: &Run = run;
    let answers: Vec<Vec<Answered>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| {
                let (global, http_opts, udp_opts, limits) = (&global, &http_opts, &udp_opts, &limits);
                scope.spawn(move || {
                    // One slot per tracker and run: the requests of one batch are one scrape.
                    if !global.dry_run {
                        let key = state::tracker_key(job.url.reveal());
                        if let Err(left) = announce::reserve(shared, "", &key, RateKind::Scrape, limits, args.wait) {
                            return refuse_all(job, left);
                        }
                    }
                    if swarm::is_udp(&job.url) {
                        scrape_udp(global, log, job, udp_opts, cache)
                    } else {
                        scrape_tracker(global, log, job, args, rule, http_opts)
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a scrape worker panicked"))
            .collect()
    });
    for (job, answers) in jobs.iter().zip(answers) {
        for (row, hash, scrape_url, answer) in answers {
            let tier = job
                .wanted
                .iter()
                .find(|(r, _, h)| *r == row && *h == hash)
                .map_or(0, |w| w.1);
            let mut entry = TrackerReport::new(
                job.url.to_string(),
                tier,
                job.url.transport(),
                Status::Failed,
            );
            entry.scrape_url = scrape_url;
            match answer {
                Answer::Counts {
                    counts,
                    min_request_interval,
                    elapsed_ms,
                } => {
                    entry.status = Status::Ok;
                    entry.elapsed_ms = Some(elapsed_ms);
                    entry.response = Some(report::scrape_response(&counts, min_request_interval));
                }
                Answer::Refused { error } => {
                    entry.status = Status::Skipped;
                    entry.refused = true;
                    entry.error = Some(error);
                    entry.hint = Some("--wait waits for it".into());
                }
                Answer::Failed {
                    error,
                    hint,
                    elapsed_ms,
                } => {
                    entry.error = Some(error);
                    entry.hint = hint;
                    entry.elapsed_ms = elapsed_ms;
                }
            }
            report.torrents[row].trackers.push(entry);
        }
    }
    // Keep each torrent's trackers in tier order, as listed.
    for (row, trackers) in rows {
        let order = |url: &str| {
            trackers
                .iter()
                .position(|(_, u)| u.to_string() == url)
                .unwrap_or(usize::MAX)
        };
        report.torrents[row].trackers.sort_by_key(|t| order(&t.url));
    }
    Ok(report)
}

fn scrape_tracker(
    global: &crate::cli::GlobalArgs,
    log: &swarm::Log,
    job: &Job,
    args: &ScrapeArgs,
    rule: ScrapeRule,
    opts: &HttpOptions,
) -> Vec<Answered> {
    let fail_all = |error: String,
                    hint: Option<String>,
                    elapsed_ms: Option<u64>,
                    scrape_url: Option<String>| {
        job.wanted
            .iter()
            .map(|(row, _, hash)| {
                let answer = Answer::Failed {
                    error: error.clone(),
                    hint: hint.clone(),
                    elapsed_ms,
                };
                (*row, *hash, scrape_url.clone(), answer)
            })
            .collect::<Vec<_>>()
    };
    let base = match &args.scrape_url {
        Some(given) => match TrackerUrl::parse(given) {
            Ok(u) => u.showing_secrets(global.show_secrets),
            Err(e) => return fail_all(e.message, None, None, None),
        },
        None => match job.url.scrape_url(rule).map(|u| TrackerUrl::parse(&u)) {
            Some(Ok(u)) => u.showing_secrets(global.show_secrets),
            _ => {
                return fail_all(
                    "this tracker has no scrape URL (the last segment of its path does not start with 'announce')"
                        .into(),
                    Some("give one with --scrape-url, or try --scrape-url-rule libtorrent".into()),
                    None,
                    None,
                );
            }
        },
    };
    let shown_url = base.to_string();
    let hashes = unique_hashes(job);
    let mut results = Vec::new();
    for chunk in chunks(base.reveal(), &hashes, args.one_hash_per_request) {
        let full = TrackerUrl::with_query(base.reveal(), &http::scrape_query(chunk));
        let fields: Vec<(String, String)> = chunk
            .iter()
            .map(|h| ("info_hash".to_string(), h.to_string()))
            .collect();
        let Some(exchange) = swarm::http_exchange(global, log, &base, &full, &fields, opts) else {
            continue;
        };
        let elapsed_ms = exchange.elapsed.as_millis() as u64;
        let outcome = exchange.answer.and_then(|answer| {
            let decoded = response::decode_scrape(&answer.body, chunk).map_err(|e| {
                let text = if answer.status == 200 {
                    e.to_string()
                } else {
                    format!("HTTP status {}: {e}", answer.status)
                };
                (text, e.hint().map(str::to_string))
            });
            match decoded {
                Ok(d) => Ok((answer.status, d)),
                Err((text, hint)) => Err(format!(
                    "{text}{}",
                    hint.map(|h| format!(" (hint: {h})")).unwrap_or_default()
                )),
            }
        });
        match outcome {
            Err(error) => {
                for (row, _, hash) in job.wanted.iter().filter(|w| chunk.contains(&w.2)) {
                    let answer = Answer::Failed {
                        error: base.scrub(&error),
                        hint: None,
                        elapsed_ms: Some(elapsed_ms),
                    };
                    results.push((*row, *hash, Some(shown_url.clone()), answer));
                }
            }
            Ok((status, decoded)) => {
                log.block(
                    1,
                    &decoded
                        .notes
                        .iter()
                        .map(|n| format!("< note: {n}"))
                        .collect::<Vec<_>>(),
                );
                for (row, _, hash) in job.wanted.iter().filter(|w| chunk.contains(&w.2)) {
                    let found = decoded.files.iter().find(|(h, _)| h == hash);
                    let answer = match (&decoded.failure_reason, found) {
                        (Some(reason), _) => Answer::Failed {
                            error: format!("tracker says: {}", base.scrub(reason)),
                            hint: None,
                            elapsed_ms: Some(elapsed_ms),
                        },
                        (None, Some((_, counts))) if status == 200 => Answer::Counts {
                            counts: counts.clone(),
                            min_request_interval: decoded.min_request_interval,
                            elapsed_ms,
                        },
                        (None, Some(_)) => Answer::Failed {
                            error: format!("HTTP status {status}"),
                            hint: None,
                            elapsed_ms: Some(elapsed_ms),
                        },
                        (None, None) => Answer::Failed {
                            error: "the tracker's answer does not list this torrent (unknown to it: opentracker omits torrents it has no peers for)".into(),
                            hint: None,
                            elapsed_ms: Some(elapsed_ms),
                        },
                    };
                    results.push((*row, *hash, Some(shown_url.clone()), answer));
                }
            }
        }
    }
    results
}

fn unique_hashes(job: &Job) -> Vec<V1> {
    let mut hashes: Vec<V1> = Vec::new();
    for (_, _, h) in &job.wanted {
        if !hashes.contains(h) {
            hashes.push(*h);
        }
    }
    hashes
}

/// BEP 15 scrape: at most 74 hashes per packet, answers in request order, one connection id
/// for all the packets of the run.
fn scrape_udp(
    global: &crate::cli::GlobalArgs,
    log: &swarm::Log,
    job: &Job,
    opts: &UdpOptions,
    cache: &ConnectionCache,
) -> Vec<Answered> {
    let url = &job.url;
    let hashes = unique_hashes(job);
    let mut answers: Vec<(V1, Answer)> = Vec::new();
    if global.dry_run {
        for chunk in hashes.chunks(udp::MAX_SCRAPE_HASHES) {
            println!("> UDP scrape to {url}: {} info_hashes", chunk.len());
        }
        return Vec::new();
    }
    let trace = |line: String| log.block(1, &[url.scrub(&line)]);
    let started = std::time::Instant::now();
    let session = cache.resolve(url.authority())
        .and_then(|addr| udp::Session::open(addr, opts, cache, &trace));
    match session {
        Err(e) => {
            for h in &hashes {
                answers.push((
                    *h,
                    Answer::Failed {
                        error: url.scrub(&e),
                        hint: None,
                        elapsed_ms: None,
                    },
                ));
            }
        }
        Ok(mut session) => {
            for chunk in hashes.chunks(udp::MAX_SCRAPE_HASHES) {
                let result = session.scrape(chunk);
                let elapsed_ms = started.elapsed().as_millis() as u64;
                for (i, h) in chunk.iter().enumerate() {
                    let answer = match &result {
                        Ok(Ok(counts)) => Answer::Counts {
                            counts: counts[i].clone(),
                            min_request_interval: None,
                            elapsed_ms,
                        },
                        Ok(Err(message)) => Answer::Failed {
                            error: format!("tracker says: {}", url.scrub(message)),
                            hint: None,
                            elapsed_ms: Some(elapsed_ms),
                        },
                        Err(e) => Answer::Failed {
                            error: url.scrub(e),
                            hint: None,
                            elapsed_ms: Some(elapsed_ms),
                        },
                    };
                    answers.push((*h, answer));
                }
            }
        }
    }
    let mut results = Vec::new();
    for (row, _, hash) in &job.wanted {
        if let Some(pos) = answers.iter().position(|(h, _)| h == hash) {
            let answer = answers[pos].1.clone();
            results.push((*row, *hash, None, answer));
        }
    }
    results
}

fn refuse_all(job: &Job, left_ms: u64) -> Vec<Answered> {
    let error = format!(
        "local rate limit: next scrape of this tracker allowed in {:.1} s",
        left_ms as f64 / 1000.0
    );
    job.wanted.iter().map(|(row, _, hash)| (*row, *hash, None, Answer::Refused { error: error.clone() })).collect()
}

/// Splits the hashes so that each scrape URL stays under `MAX_SCRAPE_URL` bytes.
fn chunks<'a>(base: &str, hashes: &'a [V1], one_per_request: bool) -> Vec<&'a [V1]> {
    if one_per_request {
        return hashes.chunks(1).collect();
    }
    let per_hash = "&info_hash=".len() + 60; // at most 3 bytes per escaped hash byte
    let room = MAX_SCRAPE_URL.saturating_sub(base.len() + 1);
    let per_request = (room / per_hash).max(1);
    hashes.chunks(per_request).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrape_urls_stay_under_the_limit() {
        let hashes: Vec<V1> = (0..100u8)
            .map(|i| V1([i.wrapping_mul(37) | 0x80; 20]))
            .collect();
        let base = "http://127.0.0.1:6969/scrape?passkey=0123456789abcdef";
        let parts = chunks(base, &hashes, false);
        assert!(parts.len() > 1);
        assert_eq!(parts.iter().map(|c| c.len()).sum::<usize>(), 100);
        for part in parts {
            let url = TrackerUrl::with_query(base, &http::scrape_query(part));
            assert!(url.len() <= MAX_SCRAPE_URL, "{} bytes", url.len());
        }
        assert_eq!(chunks(base, &hashes, true).len(), 100);
    }
}
