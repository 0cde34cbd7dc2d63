//! The pool that asks every tracker of a scrape, at most `--jobs` at a time, with a progress
//! bar on a terminal and the rate limit per tracker.

use std::sync::atomic::{AtomicU64, Ordering};

use super::answer::Answer;
use super::ask::Ask;
use super::{Emit, Job, ScrapeOptions, Want};
use crate::commands::Run;
use crate::commands::pacer::Pacer;
use crate::commands::parallel;
use crate::input::infohash::V1;
use crate::plan::schedule::RateKind;
use crate::render::progress::Progress;
use crate::state;

/// What the pool hands on: a tracker's job, then a chunk of its torrents and their answers.
pub(super) type Done<'a> = dyn Fn(&Job, &[Want], &[Answer], Option<&str>) + Sync + 'a;

/// Asks every tracker with at most `--jobs` at a time; each chunk of answers goes to `done` as
/// soon as it is in. A progress bar on a terminal.
pub(super) fn run_jobs(run: &Run, opts: &ScrapeOptions, jobs: &[Job], hashes: &[V1], done: &Done) {
    let (http_opts, udp_opts) = (run.http_options(), run.udp_options());
    let limits = crate::commands::limits::policy(run, false, opts.wait, false).limits;
    let total: u64 = jobs.iter().map(|j| j.wanted.len() as u64).sum();
    let progress = Progress::new(&run.env, &run.global, total, "scraping", "torrent×tracker");
    let pacer = Pacer::new(run.global.max_rate);
    let requests = AtomicU64::new(0);
    parallel::each(jobs, opts.jobs, &|_, job| {
        let mut emit = |wants: &[Want], answers: &[Answer], url: Option<&str>| {
            progress.advance(wants.len() as u64, Some(requests.load(Ordering::Relaxed)));
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
    progress.finish();
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
