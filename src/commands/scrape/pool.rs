//! The pool that asks every tracker of a scrape, at most `--jobs` at a time, with a progress
//! bar on a terminal and the rate limit per tracker.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::answer::Answer;
use super::ask::Ask;
use super::{Emit, Job, ScrapeOptions, Want};
use crate::commands::Run;
use crate::commands::pacer::Pacer;
use crate::commands::parallel;
use crate::input::infohash::V1;
use crate::plan::schedule::RateKind;
use crate::state;
use crate::tracker::http::HttpOptions;
use crate::tracker::udp::UdpOptions;

/// Asks every tracker with at most `--jobs` at a time; a progress bar on a terminal.
/// What the pool hands on: a tracker's job, then a chunk of its torrents and their answers.
pub(super) type Done<'a> = dyn Fn(&Job, &[Want], &[Answer], Option<&str>) + Sync + 'a;

/// Asks every tracker with at most `--jobs` at a time; each chunk of answers goes to `done` as
/// soon as it is in. A progress bar on a terminal.
pub(super) fn run_jobs(run: &Run, opts: &ScrapeOptions, jobs: &[Job], hashes: &[V1], done: &Done) {
    let timeout = run.global.timeout;
    let http_opts = HttpOptions {
        timeout,
        user_agent: concat!("trackerctl/", env!("CARGO_PKG_VERSION")).to_string(),
        insecure: run.global.insecure,
        keep_alive: None,
    };
    let udp_opts = UdpOptions {
        timeout,
        retransmit: run.global.retransmit,
        random: run.env.random.clone(),
    };
    let limits = crate::commands::limits::policy(run, false, opts.wait, false).limits;
    let total: u64 = jobs.iter().map(|j| j.wanted.len() as u64).sum();
    let progress = progress_bar(run, total);
    let pacer = Pacer::new(run.global.max_rate);
    let requests = AtomicU64::new(0);
    let started = std::time::Instant::now();
    parallel::each(jobs, opts.jobs, &|_, job| {
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
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
}

fn progress_bar(run: &Run, total: u64) -> Option<indicatif::ProgressBar> {
    let g = &run.global;
    if g.quiet || g.json || g.dry_run || g.verbose > 0 || !run.env.stderr.terminal {
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
    super::request::scrape_tracker(ctx, emit);
}
