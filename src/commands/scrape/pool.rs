//! The pool that asks every tracker of a scrape, at most `--jobs` at a time, with a progress
//! bar on a terminal and the rate limit per tracker.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use super::answer::Answer;
use super::{Emit, Job, ScrapeOptions, Want};
use crate::commands::Run;
use crate::commands::pacer::Pacer;
use crate::input::infohash::V1;
use crate::plan::schedule::{Limits, RateKind};
use crate::state;
use crate::tracker::http::HttpOptions;
use crate::tracker::udp::UdpOptions;

/// Asks every tracker with at most `--jobs` at a time; a progress bar on a terminal.
/// What the pool hands on: a tracker's job, then a chunk of its torrents and their answers.
pub(super) type Done<'a> = dyn Fn(&Job, &[Want], &[Answer], Option<&str>) + Sync + 'a;

/// Asks every tracker with at most `--jobs` at a time; each chunk of answers goes to `done` as
/// soon as it is in. A progress bar on a terminal.
pub(super) fn run_jobs(run: &Run, opts: &ScrapeOptions, jobs: &[Job], hashes: &[V1], done: &Done) {
    let timeout = Duration::from_secs_f64(run.global.timeout);
    let http_opts = HttpOptions {
        timeout,
        user_agent: concat!("trackerctl/", env!("CARGO_PKG_VERSION")).to_string(),
        insecure: run.global.insecure,
        keep_alive: None,
    };
    let udp_opts = UdpOptions {
        timeout,
        retransmit: run.global.udp_retransmit.into(),
    };
    let limits = crate::commands::limits::policy(run, false, opts.wait, false, false).limits;
    let total: u64 = jobs.iter().map(|j| j.wanted.len() as u64).sum();
    let progress = progress_bar(run, total);
    let pacer = Pacer::new(run.global.max_rate);
    let requests = AtomicU64::new(0);
    let started = std::time::Instant::now();
    let next = AtomicUsize::new(0);
    let workers = opts.jobs.max(1).min(jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(n) else { break };
                    let mut emit = |wants: &[Want], answers: &[Answer], url: Option<&str>| {
                        if let Some(bar) = &progress {
                            bar.inc(wants.len() as u64);
                            let secs = started.elapsed().as_secs_f64().max(0.001);
                            let sent = requests.load(Ordering::Relaxed);
                            bar.set_message(format!("{:.0} requests/s", sent as f64 / secs));
                        }
                        done(job, wants, answers, url);
                    };
                    let ctx = Ask {
                        run,
                        opts,
                        job,
                        hashes,
                        limits: &limits,
                        http: &http_opts,
                        udp: &udp_opts,
                        pacer: &pacer,
                        requests: &requests,
                    };
                    ask_tracker(&ctx, &mut emit);
                }
            });
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
}

/// Everything asking one tracker needs.
pub(super) struct Ask<'a> {
    pub(super) run: &'a Run,
    pub(super) opts: &'a ScrapeOptions<'a>,
    pub(super) job: &'a Job,
    /// The hash of every row.
    pub(super) hashes: &'a [V1],
    pub(super) limits: &'a Limits,
    pub(super) http: &'a HttpOptions,
    pub(super) udp: &'a UdpOptions,
    /// `--max-rate` across every request of the run.
    pub(super) pacer: &'a Pacer,
    /// Requests sent so far (the progress bar's requests/s).
    pub(super) requests: &'a AtomicU64,
}

impl Ask<'_> {
    /// Waits for this request's turn under `--max-rate`, and counts it.
    pub(super) fn pace(&self) {
        self.pacer.wait();
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn hashes_of(&self, wants: &[Want]) -> Vec<V1> {
        wants.iter().map(|w| self.hashes[w.row as usize]).collect()
    }
}

fn progress_bar(run: &Run, total: u64) -> Option<indicatif::ProgressBar> {
    let g = &run.global;
    if g.quiet || g.json || g.dry_run || g.verbose > 0 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} scraping {bar:30} {pos}/{len} torrent×tracker {elapsed} {msg}",
    )
    .expect("a valid template");
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}

fn ask_tracker(ctx: &Ask, emit: &mut Emit) {
    let Ask { run, opts, job, .. } = *ctx;
    // One slot per tracker and run: the requests of one batch are one scrape.
    let key = state::tracker_key(job.url.reveal());
    if let Err(left) = crate::commands::limits::reserve(
        run,
        "",
        &key,
        RateKind::Scrape,
        ctx.limits,
        opts.wait,
        None,
    ) {
        let error = format!(
            "local rate limit: next scrape of this tracker allowed in {:.1} s",
            left as f64 / 1000.0
        );
        let refused = vec![Answer::Refused { error }; job.wanted.len()];
        emit(&job.wanted, &refused, None);
        return;
    }
    if crate::plan::trackers::is_udp(&job.url) {
        // One hash per packet is how libtorrent scrapes, and the only way to read a tracker
        // that answers a multi-hash scrape out of order (torrust-tracker 3.0.0) correctly.
        let per_packet = if opts.one_per_request {
            1
        } else {
            crate::tracker::udp_packet::MAX_SCRAPE_HASHES
        };
        super::over_udp::scrape_udp(ctx, per_packet, emit);
    } else {
        super::over_http::scrape_http(ctx, emit);
    }
}

/// Asks for `items` with at most `window` requests in flight (each on its own connection or
/// socket, with its own retransmits and deadline); `done` gets each answer as it comes, on the
/// calling thread.
pub(super) fn in_window<T: Sync, R: Send>(
    window: usize,
    items: &[T],
    ask: &(dyn Fn(&T) -> R + Sync),
    done: &mut dyn FnMut(&T, R),
) {
    if window <= 1 || items.len() <= 1 {
        for item in items {
            let answer = ask(item);
            done(item, answer);
        }
        return;
    }
    let next = AtomicUsize::new(0);
    // Bounded: a writer slower than the tracker holds the askers back instead of letting the
    // answers pile up in memory.
    let (sender, answers) = std::sync::mpsc::sync_channel(window);
    std::thread::scope(|scope| {
        for _ in 0..window.min(items.len()) {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(n) else { break };
                    if sender.send((n, ask(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for (n, answer) in answers {
            done(&items[n], answer);
        }
    });
}
