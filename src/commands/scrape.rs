//! `scrape`: torrents grouped per tracker, as few requests as possible, trackers in parallel
//! (a bounded pool), never an announce.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::cli::{ScrapeArgs, ScrapeUrlRule};
use crate::commands::Run;
use crate::error::Error;
use crate::input::infohash::V1;
use crate::input::{self, Target};
use crate::plan::schedule::{Limits, RateKind};
use crate::plan::trackers;
use crate::report::{self, Report, Status, Summary, TorrentReport, TrackerReport};
use crate::state;
use crate::tracker::exchange::http_exchange;
use crate::tracker::http::{self, HttpOptions};
use crate::tracker::messages::ScrapeCounts;
use crate::tracker::response;
use crate::tracker::udp::{self, UdpOptions};
use crate::tracker::url::{ScrapeRule, TrackerUrl};

/// Why a `not_listed` entry has no counts.
const NOT_LISTED: &str = "the tracker answered without this torrent: it has no record of it (opentracker keeps none for a torrent nobody announced lately)";

/// Longest scrape URL sent: many servers and proxies refuse request lines past 2–8 KB; at
/// ~70 bytes per escaped `info_hash=` this is about 28 hashes per request.
pub const MAX_SCRAPE_URL: usize = 2000;

/// One tracker and the torrents to ask it about.
struct Job {
    url: TrackerUrl,
    /// (torrent row, tier, hash), in the order the torrents were given.
    wanted: Vec<(usize, usize, V1)>,
}

impl Job {
    fn unique_hashes(&self) -> Vec<V1> {
        let mut seen = std::collections::HashSet::new();
        self.wanted
            .iter()
            .map(|w| w.2)
            .filter(|h| seen.insert(*h))
            .collect()
    }
}

/// A tracker's answer for one hash.
#[derive(Clone)]
enum Answer {
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
    /// The tracker answered the request and left this torrent out (opentracker does for a
    /// torrent without peers; BEP 48 trackers may for one they do not know).
    NotListed { elapsed_ms: u64 },
    /// Held back by the local rate limit.
    Refused { error: String },
    /// `--dry-run`: the request that would ask for it.
    Planned(Box<report::PlannedRequest>),
}

/// Everything one tracker said: per hash, and the scrape URL used (redacted).
struct TrackerAnswers {
    scrape_url: Option<String>,
    by_hash: HashMap<V1, Answer>,
    /// For hashes not in `by_hash` (a failure of the whole tracker, or not listed).
    otherwise: Answer,
}

/// Torrents from the arguments, `--dir` and `--from-file`.
fn collect_targets(run: &Run, args: &ScrapeArgs) -> Result<Vec<Target>, Error> {
    let mut names: Vec<String> = args.target.torrents.clone();
    if let Some(dir) = &args.dir {
        names.extend(input::list::torrent_files(dir, args.recursive)?);
    }
    if let Some(list) = &args.from_file {
        names.extend(input::list::from_file(list)?);
    }
    let mut target_args = args.target.clone();
    target_args.torrents = names;
    run.targets(&target_args)
}

pub fn scrape(run: &mut Run, args: &ScrapeArgs) -> Result<Report, Error> {
    let started = Instant::now();
    let targets = collect_targets(run, args)?;
    let mut report = Report::new("scrape");
    // Tier numbers as an announce sees them (a saved order, the prefer-udp swap), so scrape,
    // `tiers` and `announce` number every tracker alike. A scrape saves nothing.
    let state = run.store.load()?;
    report.notices.extend(run.store.take_notices());
    let mut jobs: Vec<Job> = Vec::new();
    let mut job_of: HashMap<String, usize> = HashMap::new();
    for target in &targets {
        let listed = trackers::tracker_tiers(
            target,
            super::chosen(&args.target),
            run.global.show_secrets,
            &mut report.notices,
        )?;
        trackers::require_trackers(target, &listed)?;
        let saved = trackers::wire_hashes(target, args.target.hash.into())
            .first()
            .and_then(|h| state.torrents.get(&h.to_string()));
        let tiers = trackers::ordered_tiers(&listed, saved, super::order_options(&run.global));
        for hash in trackers::wire_hashes(target, args.target.hash.into()) {
            let row = report.torrents.len();
            report
                .torrents
                .push(TorrentReport::new(target, Some(hash), Vec::new()));
            for (tier, urls) in tiers.iter().enumerate() {
                for url in urls {
                    let n = *job_of.entry(url.reveal().to_string()).or_insert_with(|| {
                        jobs.push(Job {
                            url: url.clone(),
                            wanted: Vec::new(),
                        });
                        jobs.len() - 1
                    });
                    jobs[n].wanted.push((row, tier, hash));
                }
            }
        }
    }
    let answers = run_jobs(run, args, &jobs);
    for (job, answers) in jobs.iter().zip(answers) {
        for &(row, tier, hash) in &job.wanted {
            let mut entry = TrackerReport::new(
                job.url.to_string(),
                tier,
                job.url.transport(),
                Status::Failed,
            );
            entry.scrape_url = answers.scrape_url.clone();
            match answers
                .by_hash
                .get(&hash)
                .unwrap_or(&answers.otherwise)
                .clone()
            {
                Answer::Counts {
                    counts,
                    min_request_interval,
                    elapsed_ms,
                } => {
                    entry.status = Status::Ok;
                    entry.elapsed_ms = Some(elapsed_ms);
                    entry.response = Some(report::scrape_response(&counts, min_request_interval));
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
                Answer::NotListed { elapsed_ms } => {
                    entry.status = Status::NotListed;
                    entry.elapsed_ms = Some(elapsed_ms);
                    entry.error = Some(NOT_LISTED.to_string());
                }
                Answer::Planned(request) => {
                    entry.status = Status::Planned;
                    entry.request = Some(*request);
                }
                Answer::Refused { error } => {
                    entry.status = Status::Skipped;
                    entry.refused = true;
                    entry.error = Some(error);
                    entry.hint = Some("--wait waits for it".into());
                }
            }
            report.torrents[row].trackers.push(entry);
        }
    }
    // Each torrent's trackers by tier, as listed (jobs were made in that order per torrent).
    for torrent in &mut report.torrents {
        torrent.trackers.sort_by_key(|t| t.tier);
    }
    report.summary = Some(summarise(&report, jobs.len(), started.elapsed()));
    Ok(report)
}

fn summarise(report: &Report, trackers: usize, wall: Duration) -> Summary {
    let entries = || report.torrents.iter().flat_map(|t| &t.trackers);
    Summary {
        torrents: report.torrents.len(),
        trackers,
        answered: entries().filter(|t| t.status == Status::Ok).count(),
        not_listed: entries().filter(|t| t.status == Status::NotListed).count(),
        failed: entries()
            .filter(|t| !matches!(t.status, Status::Ok | Status::NotListed))
            .count(),
        wall_ms: wall.as_millis() as u64,
    }
}

/// Asks every tracker with at most `--jobs` at a time; a progress bar on a terminal.
fn run_jobs(run: &Run, args: &ScrapeArgs, jobs: &[Job]) -> Vec<TrackerAnswers> {
    let timeout = Duration::from_secs_f64(run.global.timeout);
    let http_opts = HttpOptions {
        timeout,
        user_agent: concat!("trackerctl/", env!("CARGO_PKG_VERSION")).to_string(),
        insecure: run.global.insecure,
    };
    let udp_opts = UdpOptions {
        timeout,
        retransmit: run.global.udp_retransmit.into(),
    };
    let limits = crate::commands::limits::policy(run, false, args.wait, false).limits;
    let total: u64 = jobs.iter().map(|j| j.wanted.len() as u64).sum();
    let progress = progress_bar(run, total);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<TrackerAnswers>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    let workers = args.jobs.max(1).min(jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(n) else { break };
                    let answers = ask_tracker(run, args, job, &limits, &http_opts, &udp_opts);
                    if let Some(bar) = &progress {
                        bar.inc(job.wanted.len() as u64);
                    }
                    results.lock().expect("results lock")[n] = Some(answers);
                }
            });
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    results
        .into_inner()
        .expect("results lock")
        .into_iter()
        .map(|a| a.expect("every job ran"))
        .collect()
}

fn progress_bar(run: &Run, total: u64) -> Option<indicatif::ProgressBar> {
    let g = &run.global;
    if g.quiet || g.json || g.dry_run || g.verbose > 0 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} scraping {bar:30} {pos}/{len} torrent×tracker {elapsed}",
    )
    .expect("a valid template");
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}

fn ask_tracker(
    run: &Run,
    args: &ScrapeArgs,
    job: &Job,
    limits: &Limits,
    http_opts: &HttpOptions,
    udp_opts: &UdpOptions,
) -> TrackerAnswers {
    // One slot per tracker and run: the requests of one batch are one scrape.
    let key = state::tracker_key(job.url.reveal());
    if let Err(left) =
        crate::commands::limits::reserve(run, "", &key, RateKind::Scrape, limits, args.wait)
    {
        let error = format!(
            "local rate limit: next scrape of this tracker allowed in {:.1} s",
            left as f64 / 1000.0
        );
        return whole(None, Answer::Refused { error });
    }
    if crate::plan::trackers::is_udp(&job.url) {
        // One hash per packet is how libtorrent scrapes, and the only way to read a tracker
        // that answers a multi-hash scrape out of order (torrust-tracker 3.0.0) correctly.
        let per_packet = if args.one_hash_per_request {
            1
        } else {
            udp::MAX_SCRAPE_HASHES
        };
        scrape_udp(run, job, udp_opts, per_packet)
    } else {
        scrape_http(run, args, job, http_opts)
    }
}

/// The same answer for every hash.
fn whole(scrape_url: Option<String>, answer: Answer) -> TrackerAnswers {
    TrackerAnswers {
        scrape_url,
        by_hash: HashMap::new(),
        otherwise: answer,
    }
}

fn failure(error: impl Into<String>, hint: Option<&str>, elapsed_ms: Option<u64>) -> Answer {
    Answer::Failed {
        error: error.into(),
        hint: hint.map(str::to_string),
        elapsed_ms,
    }
}

fn scrape_http(run: &Run, args: &ScrapeArgs, job: &Job, opts: &HttpOptions) -> TrackerAnswers {
    let global = &run.global;
    let rule = match args.scrape_url_rule {
        ScrapeUrlRule::Bep48 => ScrapeRule::LastSegment,
        ScrapeUrlRule::Libtorrent => ScrapeRule::Anywhere,
    };
    let derived = match &args.scrape_url {
        Some(given) => Some(given.clone()),
        None => job.url.scrape_url(rule),
    };
    let base = match derived.map(|u| TrackerUrl::parse(&u)) {
        Some(Ok(u)) => u.showing_secrets(global.show_secrets),
        Some(Err(e)) => return whole(None, failure(e.message, None, None)),
        None => {
            return whole(
                None,
                failure(
                    "this tracker has no scrape URL (the last segment of its path does not start with 'announce')",
                    Some("give one with --scrape-url, or try --scrape-url-rule libtorrent"),
                    None,
                ),
            );
        }
    };
    let mut answers = TrackerAnswers {
        scrape_url: Some(base.to_string()),
        by_hash: HashMap::new(),
        otherwise: failure("not asked", None, None),
    };
    let hashes = job.unique_hashes();
    for chunk in chunks(base.reveal(), &hashes, args.one_hash_per_request) {
        let full = TrackerUrl::with_query(base.reveal(), &http::scrape_query(chunk));
        let fields: Vec<(String, String)> = chunk
            .iter()
            .map(|h| ("info_hash".to_string(), h.to_string()))
            .collect();
        if global.dry_run {
            let request = crate::report::PlannedRequest::new("GET", &base, &full, &fields);
            for h in chunk {
                answers
                    .by_hash
                    .insert(*h, Answer::Planned(Box::new(request.clone())));
            }
            continue;
        }
        let exchange = http_exchange(
            &|level, lines| run.log.block(level, lines),
            &base,
            &full,
            &fields,
            opts,
        );
        let elapsed = exchange.elapsed.as_millis() as u64;
        let elapsed_ms = Some(elapsed);
        let all = |answer: Answer, answers: &mut TrackerAnswers| {
            for h in chunk {
                answers.by_hash.insert(*h, answer.clone());
            }
        };
        let answer = match exchange.answer {
            Ok(answer) => answer,
            Err(e) => {
                all(failure(e, None, elapsed_ms), &mut answers);
                continue;
            }
        };
        let decoded = match response::decode_scrape(&answer.body, chunk) {
            Ok(decoded) => decoded,
            Err(e) => {
                let text = if answer.status == 200 {
                    e.to_string()
                } else {
                    format!("HTTP status {}: {e}", answer.status)
                };
                all(
                    failure(base.scrub(&text), e.hint(), elapsed_ms),
                    &mut answers,
                );
                continue;
            }
        };
        run.log.block(
            1,
            &decoded
                .notes
                .iter()
                .map(|n| format!("< note: {n}"))
                .collect::<Vec<_>>(),
        );
        if let Some(reason) = &decoded.failure_reason {
            all(
                failure(
                    format!("tracker says: {}", base.scrub(reason)),
                    None,
                    elapsed_ms,
                ),
                &mut answers,
            );
            continue;
        }
        if answer.status != 200 {
            all(
                failure(format!("HTTP status {}", answer.status), None, elapsed_ms),
                &mut answers,
            );
            continue;
        }
        for hash in chunk {
            answers.by_hash.insert(
                *hash,
                Answer::NotListed {
                    elapsed_ms: elapsed,
                },
            );
        }
        for (hash, counts) in decoded.files {
            let min_request_interval = decoded.min_request_interval;
            answers.by_hash.insert(
                hash,
                Answer::Counts {
                    counts,
                    min_request_interval,
                    elapsed_ms: elapsed,
                },
            );
        }
    }
    answers
}

/// BEP 15 scrape: at most 74 hashes per packet, answers in request order, one connection id
/// for all the packets of the run.
fn scrape_udp(run: &Run, job: &Job, opts: &UdpOptions, per_packet: usize) -> TrackerAnswers {
    let url = &job.url;
    let hashes = job.unique_hashes();
    if run.global.dry_run {
        let mut answers = whole(None, failure("not asked", None, None));
        for chunk in hashes.chunks(per_packet) {
            let fields: Vec<(String, String)> = chunk
                .iter()
                .map(|h| ("info_hash".to_string(), h.to_string()))
                .collect();
            let request = crate::report::PlannedRequest::new("scrape", url, url.reveal(), &fields);
            for h in chunk {
                answers
                    .by_hash
                    .insert(*h, Answer::Planned(Box::new(request.clone())));
            }
        }
        return answers;
    }
    let trace = |line: String| run.log.block(1, &[url.scrub(&line)]);
    let started = Instant::now();
    let session = run
        .udp_cache
        .resolve(url.authority())
        .and_then(|addr| udp::Session::open(addr, opts, &run.udp_cache, &trace));
    let mut session = match session {
        Ok(session) => session,
        Err(e) => return whole(None, failure(url.scrub(&e), None, None)),
    };
    let mut answers = whole(None, failure("no answer", None, None));
    for chunk in hashes.chunks(per_packet) {
        let result = session.scrape(chunk);
        let elapsed_ms = started.elapsed().as_millis() as u64;
        for (i, h) in chunk.iter().enumerate() {
            let answer = match &result {
                Ok(Ok(counts)) => Answer::Counts {
                    counts: counts[i].clone(),
                    min_request_interval: None,
                    elapsed_ms,
                },
                Ok(Err(message)) => failure(
                    format!("tracker says: {}", url.scrub(message)),
                    None,
                    Some(elapsed_ms),
                ),
                Err(e) => failure(url.scrub(e), None, Some(elapsed_ms)),
            };
            answers.by_hash.insert(*h, answer);
        }
    }
    answers
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
