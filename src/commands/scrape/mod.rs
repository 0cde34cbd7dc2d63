//! `scrape`: torrents grouped per tracker, as few requests as possible, trackers in parallel
//! (a bounded pool), never an announce. With `--format tsv|ndjson` each answer is written as it
//! arrives and forgotten, and a torrent costs what grouping needs: its hash (20 bytes) and, for a
//! .torrent or magnet, its name and source.

mod answer;
mod ask;
mod pool;
mod request;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use answer::{Answer, entry};

use crate::cli::{ScrapeArgs, ScrapeUrlRule};
use crate::commands::{RowSink, Run, Tally};
use crate::error::Error;
use crate::input::infohash::{HashChoice, V1};
use crate::input::{self, Target};
use crate::plan::trackers::{self, Chosen};
use crate::report::{Report, TorrentReport, TrackerReport};
use crate::state::StateFile;
use crate::tracker::url::{ScrapeRule, TrackerUrl};

/// One torrent row at one tracker: the row, and the tracker's tier for that torrent.
#[derive(Clone, Copy, Debug)]
struct Want {
    row: u32,
    tier: u16,
}

/// One tracker and the torrents to ask it about.
struct Job {
    url: TrackerUrl,
    wanted: Vec<Want>,
}

/// Where a tracker's answers go, a chunk at a time: the torrents asked about, the answer for
/// each, and the scrape URL used (redacted).
type Emit<'a> = dyn FnMut(&[Want], &[Answer], Option<&str>) + 'a;

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
    /// Requests in flight per tracker (UDP packets, HTTP requests).
    pub window: usize,
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
            window: usize::from(args.window),
            stream: None,
        }
    }
}

/// The torrents of a scrape, as few bytes each as grouping and output need.
#[derive(Default)]
struct Rows {
    hashes: Vec<V1>,
    /// What a .torrent or magnet row shows besides its hash (raw hashes have none).
    shown: HashMap<u32, TorrentReport>,
}

impl Rows {
    fn push(&mut self, hash: V1, target: &Target) -> u32 {
        let row = self.hashes.len() as u32;
        self.hashes.push(hash);
        if target.source != input::Source::Hash || target.hashes.v2.is_some() {
            self.shown
                .insert(row, TorrentReport::new(target, Some(hash), Vec::new()));
        }
        row
    }

    /// The torrent part of a row's report.
    fn report(&self, row: u32) -> TorrentReport {
        match self.shown.get(&row) {
            Some(shown) => TorrentReport {
                trackers: Vec::new(),
                tiers: None,
                order_notes: Vec::new(),
                ..shown.clone()
            },
            None => TorrentReport::new(
                &Target::raw(input::infohash::InfoHashes {
                    v1: Some(self.hashes[row as usize]),
                    v2: None,
                }),
                Some(self.hashes[row as usize]),
                Vec::new(),
            ),
        }
    }
}

/// Torrents grouped per tracker, as the arguments come in.
struct Grouping<'a> {
    run: &'a Run,
    opts: &'a ScrapeOptions<'a>,
    state: StateFile,
    rows: Rows,
    jobs: Vec<Job>,
    job_of: HashMap<String, usize>,
    /// The trackers of a raw hash (only --tracker/--only-tracker): the same for all of them.
    raw_tiers: Option<Arc<Vec<Vec<TrackerUrl>>>>,
    notices: Vec<String>,
}

impl Grouping<'_> {
    fn add(&mut self, target: &Target) -> Result<(), Error> {
        let raw = target.source == input::Source::Hash;
        let tiers = match (&self.raw_tiers, raw) {
            // Shared, not copied: a million raw hashes would otherwise copy the URLs a million
            // times.
            (Some(tiers), true) => Arc::clone(tiers),
            _ => {
                let listed = trackers::tracker_tiers(
                    target,
                    self.opts.chosen,
                    self.run.global.show_secrets,
                    &mut self.notices,
                )?;
                trackers::require_trackers(target, &listed)?;
                // Tier numbers as an announce sees them (a saved order, the prefer-udp swap),
                // so scrape, `tiers` and `announce` number every tracker alike.
                let saved = trackers::wire_hashes(target, self.opts.hash)
                    .first()
                    .and_then(|h| self.state.torrents.get(&h.to_string()));
                let order = self.run.global.order;
                let tiers = Arc::new(trackers::ordered_tiers(
                    &listed,
                    if raw { None } else { saved },
                    order,
                    self.run.env.random.u64(),
                ));
                if raw {
                    self.raw_tiers = Some(Arc::clone(&tiers));
                }
                tiers
            }
        };
        for hash in trackers::wire_hashes(target, self.opts.hash) {
            let row = self.rows.push(hash, target);
            for (tier, urls) in tiers.iter().enumerate() {
                for url in urls {
                    let n = match self.job_of.get(url.reveal()) {
                        Some(n) => *n,
                        None => {
                            self.jobs.push(Job {
                                url: url.clone(),
                                wanted: Vec::new(),
                            });
                            self.job_of
                                .insert(url.reveal().to_string(), self.jobs.len() - 1);
                            self.jobs.len() - 1
                        }
                    };
                    self.jobs[n].wanted.push(Want {
                        row,
                        tier: tier.min(u16::MAX as usize) as u16,
                    });
                }
            }
        }
        Ok(())
    }
}

/// `scrape`: the torrents of the arguments, `--dir` and `--from-file` (read a line at a time);
/// each row goes to `stream` as it arrives when one is given.
pub fn scrape(run: &mut Run, args: &ScrapeArgs, stream: Option<&RowSink>) -> Result<Report, Error> {
    let started = Instant::now();
    let opts = ScrapeOptions {
        stream,
        ..ScrapeOptions::from_args(args)
    };
    let batch = &args.batch;
    let stdin_lists = batch
        .from_file
        .as_ref()
        .is_some_and(|f| f.as_os_str() == "-");
    let stdin_args = args.target.torrents.iter().filter(|t| *t == "-").count();
    if stdin_args + usize::from(stdin_lists) > 1 {
        return Err(Error::input("'-' (stdin) can be given only once"));
    }
    let mut grouping = grouping(run, &opts)?;
    let env = run.env.clone();
    let mut stdin = env.stdin.lock().unwrap_or_else(|e| e.into_inner());
    let mut given = 0usize;
    for arg in &args.target.torrents {
        grouping.add(&input::resolve(arg, &mut **stdin)?)?;
        given += 1;
    }
    if let Some(dir) = &batch.dir {
        let mut stdin = std::io::empty();
        for file in input::list::torrent_files(dir, batch.recursive)? {
            grouping.add(&input::resolve(&file, &mut stdin)?)?;
            given += 1;
        }
    }
    if let Some(list) = &batch.from_file {
        input::list::each_line(list, &mut **stdin, &mut |line| {
            // A line that is an info-hash is one (no look for a file of that name): a list of
            // a million hashes costs no million file-system lookups.
            let target = match input::infohash::parse_raw(line) {
                Some(hashes) => Target::raw(hashes),
                None => input::resolve(line, &mut std::io::empty())?,
            };
            given += 1;
            grouping.add(&target)
        })?;
    }
    if given == 0 {
        return Err(Error::input("no TORRENT given")
            .with_hint("give a .torrent file, '-', a magnet link or an info-hash"));
    }
    finish(grouping, started)
}

/// Scrapes these torrents (`tiers --probe`): grouped per tracker, trackers in parallel.
pub fn scrape_targets(
    run: &Run,
    targets: &[Target],
    opts: &ScrapeOptions,
    started: Instant,
) -> Result<Report, Error> {
    let mut grouping = grouping(run, opts)?;
    for target in targets {
        grouping.add(target)?;
    }
    finish(grouping, started)
}

fn grouping<'a>(run: &'a Run, opts: &'a ScrapeOptions<'a>) -> Result<Grouping<'a>, Error> {
    let state = run.store.load()?;
    Ok(Grouping {
        run,
        opts,
        state,
        rows: Rows::default(),
        jobs: Vec::new(),
        job_of: HashMap::new(),
        raw_tiers: None,
        notices: run.store.take_notices(),
    })
}

/// Asks every tracker; the rows go to the stream as they come, or into one report.
fn finish(grouping: Grouping, started: Instant) -> Result<Report, Error> {
    let Grouping {
        run,
        opts,
        rows,
        jobs,
        notices,
        ..
    } = grouping;
    let mut report = Report::new("scrape");
    report.notices = notices;
    let torrents = rows.hashes.len();
    let tally = Mutex::new(Tally::default());
    let kept: Mutex<Vec<Vec<TrackerReport>>> = Mutex::new(match opts.stream {
        Some(_) => Vec::new(),
        None => (0..torrents).map(|_| Vec::new()).collect(),
    });
    pool::run_jobs(
        run,
        opts,
        &jobs,
        &rows.hashes,
        &|job, wants, answers, scrape_url| {
            let entries: Vec<(u32, TrackerReport)> = wants
                .iter()
                .zip(answers)
                .map(|(want, answer)| {
                    let entry = entry(&job.url, usize::from(want.tier), scrape_url, answer);
                    (want.row, entry)
                })
                .collect();
            match opts.stream {
                Some(write) => {
                    let mut tally = tally.lock().expect("tally lock");
                    for (row, entry) in &entries {
                        tally.count(entry);
                        write(&rows.report(*row), entry);
                    }
                }
                None => {
                    let mut kept = kept.lock().expect("rows lock");
                    for (row, entry) in entries {
                        kept[row as usize].push(entry);
                    }
                }
            }
        },
    );
    let tally = match opts.stream {
        Some(_) => {
            report.streamed = true;
            tally.into_inner().expect("tally lock")
        }
        None => {
            let mut tally = Tally::default();
            for (row, mut trackers) in kept
                .into_inner()
                .expect("rows lock")
                .into_iter()
                .enumerate()
            {
                // Each torrent's trackers by tier, as listed.
                trackers.sort_by_key(|t| t.tier);
                trackers.iter().for_each(|t| tally.count(t));
                let mut torrent = rows.report(row as u32);
                torrent.trackers = trackers;
                report.torrents.push(torrent);
            }
            tally
        }
    };
    report.summary = Some(tally.summary(torrents, jobs.len(), started));
    Ok(report)
}
