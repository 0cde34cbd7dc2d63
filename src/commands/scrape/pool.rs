//! The pool that asks every tracker of a scrape, at most `--jobs` at a time, with a progress
//! bar on a terminal and the rate limit per tracker.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::{Answer, Job, ScrapeOptions, TrackerAnswers, whole};
use crate::commands::Run;
use crate::plan::schedule::{Limits, RateKind};
use crate::state;
use crate::tracker::http::HttpOptions;
use crate::tracker::udp::UdpOptions;

/// Asks every tracker with at most `--jobs` at a time; a progress bar on a terminal.
/// Each tracker's answers go to `done(job index, answers)` as soon as they are in.
pub(super) fn run_jobs(
    run: &Run,
    opts: &ScrapeOptions,
    jobs: &[Job],
    done: &(dyn Fn(usize, TrackerAnswers) + Sync),
) {
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
    let limits = crate::commands::limits::policy(run, false, opts.wait, false, false).limits;
    let total: u64 = jobs.iter().map(|j| j.wanted.len() as u64).sum();
    let progress = progress_bar(run, total);
    let next = AtomicUsize::new(0);
    let workers = opts.jobs.max(1).min(jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(n) else { break };
                    let answers = ask_tracker(run, opts, job, &limits, &http_opts, &udp_opts);
                    if let Some(bar) = &progress {
                        bar.inc(job.wanted.len() as u64);
                    }
                    done(n, answers);
                }
            });
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
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
    opts: &ScrapeOptions,
    job: &Job,
    limits: &Limits,
    http_opts: &HttpOptions,
    udp_opts: &UdpOptions,
) -> TrackerAnswers {
    // One slot per tracker and run: the requests of one batch are one scrape.
    let key = state::tracker_key(job.url.reveal());
    if let Err(left) =
        crate::commands::limits::reserve(run, "", &key, RateKind::Scrape, limits, opts.wait, None)
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
        let per_packet = if opts.one_per_request {
            1
        } else {
            crate::tracker::udp_packet::MAX_SCRAPE_HASHES
        };
        super::over_udp::scrape_udp(run, job, udp_opts, per_packet)
    } else {
        super::over_http::scrape_http(run, opts, job, http_opts)
    }
}
