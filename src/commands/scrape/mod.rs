//! `scrape`: torrents grouped per tracker, as few requests as possible, trackers in parallel
//! (a bounded pool), never an announce.

mod over_http;
mod over_udp;
mod pool;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use crate::cli::{ScrapeArgs, ScrapeUrlRule};
use crate::commands::{RowSink, Run, Tally};
use crate::error::Error;
use crate::input::Target;
use crate::input::infohash::{HashChoice, V1};
use crate::plan::trackers::{self, Chosen};
use crate::report::{self, Report, Status, TorrentReport, TrackerReport};
use crate::tracker::failure::{FailureKind, TrackerError};
use crate::tracker::messages::ScrapeCounts;
use crate::tracker::url::{ScrapeRule, TrackerUrl};

/// Why a `not_listed` entry has no counts.
const NOT_LISTED: &str = "the tracker answered without this torrent: it has no record of it (opentracker keeps none for a torrent nobody announced lately)";

/// One tracker and the torrents to ask it about.
pub(super) struct Job {
    pub(super) url: TrackerUrl,
    /// (torrent row, tier, hash), in the order the torrents were given.
    pub(super) wanted: Vec<(usize, usize, V1)>,
}

impl Job {
    pub(super) fn unique_hashes(&self) -> Vec<V1> {
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
pub(super) enum Answer {
    Counts {
        counts: ScrapeCounts,
        min_request_interval: Option<i64>,
        elapsed_ms: u64,
    },
    Failed {
        error: String,
        /// `None`: not the tracker's doing (no scrape URL, not asked).
        kind: Option<FailureKind>,
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
pub(super) struct TrackerAnswers {
    pub(super) scrape_url: Option<String>,
    pub(super) by_hash: HashMap<V1, Answer>,
    /// For hashes not in `by_hash` (a failure of the whole tracker, or not listed).
    pub(super) otherwise: Answer,
}

/// The same answer for every hash.
pub(super) fn whole(scrape_url: Option<String>, answer: Answer) -> TrackerAnswers {
    TrackerAnswers {
        scrape_url,
        by_hash: HashMap::new(),
        otherwise: answer,
    }
}

/// A failure's words and, when a tracker was asked, its kind.
pub(super) struct Why {
    text: String,
    kind: Option<FailureKind>,
}

impl From<TrackerError> for Why {
    fn from(e: TrackerError) -> Why {
        Why {
            text: e.to_string(),
            kind: Some(e.kind),
        }
    }
}

impl From<&str> for Why {
    fn from(text: &str) -> Why {
        Why {
            text: text.to_string(),
            kind: None,
        }
    }
}

pub(super) fn failure(why: impl Into<Why>, hint: Option<&str>, elapsed_ms: Option<u64>) -> Answer {
    let why = why.into();
    Answer::Failed {
        error: why.text,
        kind: why.kind,
        hint: hint.map(str::to_string),
        elapsed_ms,
    }
}

/// How a scrape asks, as plain values: `scrape`'s flags, or `tiers --probe`'s defaults.
pub struct ScrapeOptions<'a> {
    pub chosen: Chosen<'a>,
    pub hash: HashChoice,
    pub rule: ScrapeRule,
    /// Scrape this URL instead of deriving one (every HTTP tracker asked).
    pub scrape_url: Option<&'a str>,
    /// One hash per HTTP request or UDP packet.
    pub one_per_request: bool,
    /// Wait for the rate limit instead of refusing.
    pub wait: bool,
    /// Trackers asked at the same time.
    pub jobs: usize,
    /// Write each row as its tracker's answers arrive (TSV, NDJSON) instead of keeping them.
    pub stream: Option<&'a RowSink<'a>>,
}

impl<'a> ScrapeOptions<'a> {
    pub fn from_args(args: &'a ScrapeArgs) -> ScrapeOptions<'a> {
        ScrapeOptions {
            chosen: super::chosen(&args.target),
            hash: args.target.hash.into(),
            rule: match args.scrape_url_rule {
                ScrapeUrlRule::Bep48 => ScrapeRule::LastSegment,
                ScrapeUrlRule::Libtorrent => ScrapeRule::Anywhere,
            },
            scrape_url: args.scrape_url.as_deref(),
            one_per_request: args.one_hash_per_request,
            wait: args.wait,
            jobs: args.batch.jobs,
            stream: None,
        }
    }
}

/// `scrape`: the torrents of the arguments, `--dir` and `--from-file`; each row goes to `stream`
/// as it arrives when one is given.
pub fn scrape(
    run: &mut Run,
    args: &ScrapeArgs,
    stream: Option<&RowSink<'_>>,
) -> Result<Report, Error> {
    let started = Instant::now();
    let targets = run.batch_targets(&args.target, &args.batch)?;
    let opts = ScrapeOptions {
        stream,
        ..ScrapeOptions::from_args(args)
    };
    scrape_targets(run, &targets, &opts, started)
}

/// Scrapes these torrents: grouped per tracker, trackers in parallel.
pub fn scrape_targets(
    run: &Run,
    targets: &[Target],
    opts: &ScrapeOptions,
    started: Instant,
) -> Result<Report, Error> {
    let mut report = Report::new("scrape");
    // Tier numbers as an announce sees them (a saved order, the prefer-udp swap), so scrape,
    // `tiers` and `announce` number every tracker alike. A scrape saves nothing.
    let state = run.store.load()?;
    report.notices.extend(run.store.take_notices());
    let mut jobs: Vec<Job> = Vec::new();
    let mut job_of: HashMap<String, usize> = HashMap::new();
    for target in targets {
        let listed = trackers::tracker_tiers(
            target,
            opts.chosen,
            run.global.show_secrets,
            &mut report.notices,
        )?;
        trackers::require_trackers(target, &listed)?;
        let saved = trackers::wire_hashes(target, opts.hash)
            .first()
            .and_then(|h| state.torrents.get(&h.to_string()));
        let tiers = trackers::ordered_tiers(&listed, saved, super::order_options(&run.global));
        for hash in trackers::wire_hashes(target, opts.hash) {
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
    match opts.stream {
        None => {
            let done: Mutex<Vec<Option<TrackerAnswers>>> =
                Mutex::new((0..jobs.len()).map(|_| None).collect());
            pool::run_jobs(run, opts, &jobs, &|n, answers| {
                done.lock().expect("answers lock")[n] = Some(answers);
            });
            let done = done.into_inner().expect("answers lock");
            for (job, answers) in jobs.iter().zip(done) {
                let answers = answers.expect("every job ran");
                for (row, entry) in entries(job, &answers) {
                    report.torrents[row].trackers.push(entry);
                }
            }
            // Each torrent's trackers by tier, as listed.
            for torrent in &mut report.torrents {
                torrent.trackers.sort_by_key(|t| t.tier);
            }
            let mut tally = Tally::default();
            for t in report.torrents.iter().flat_map(|t| &t.trackers) {
                tally.count(t);
            }
            report.summary = Some(tally.summary(report.torrents.len(), jobs.len(), started));
        }
        Some(write) => {
            // Each tracker's rows are written as soon as its answers are in, then dropped.
            let tally = Mutex::new(Tally::default());
            pool::run_jobs(run, opts, &jobs, &|n, answers| {
                let mut tally = tally.lock().expect("tally lock");
                for (row, entry) in entries(&jobs[n], &answers) {
                    tally.count(&entry);
                    write(&report.torrents[row], &entry);
                }
            });
            let tally = tally.into_inner().expect("tally lock");
            report.summary = Some(tally.summary(report.torrents.len(), jobs.len(), started));
            report.streamed = true;
        }
    }
    Ok(report)
}

/// The entries of one tracker's answers: one per (torrent row, tier, hash) it was asked about.
fn entries(job: &Job, answers: &TrackerAnswers) -> Vec<(usize, TrackerReport)> {
    let mut out = Vec::with_capacity(job.wanted.len());
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
                kind,
                hint,
                elapsed_ms,
            } => {
                entry.error = Some(error);
                entry.error_kind = kind;
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
        out.push((row, entry));
    }
    out
}
