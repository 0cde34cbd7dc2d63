//! `check`: a short, fixed series of real requests that shows what a tracker does. This module
//! ties the steps together: the jobs (`jobs`), their series (`plan`), `--dry-run`
//! (`dry_run`), the probes, paced and cleaned up after (`probe`, `pacer`, `cleanup`), the
//! judging of what they saw (`findings`, sans IO) and the output (`report`).

mod cleanup;
mod dry_run;
pub mod findings;
mod jobs;
mod plan;
mod probe;
mod report;

use crate::cli::CheckArgs;
use crate::commands::Run;
use crate::commands::pacer::Pacer;
use crate::error::{Error, ExitCode};
use crate::report::CheckReport;
use plan::Step;

pub fn check(run: &mut Run, args: &CheckArgs) -> Result<ExitCode, Error> {
    let jobs = jobs::jobs(run, args)?;
    let base_port = 20_000 + (run.env.random.u64() % 40_000) as u16;
    let ports = [base_port, base_port + 1, base_port + 2, base_port + 3];
    let plans: Vec<Vec<Step>> = jobs.iter().map(plan::plan).collect();
    let total: usize = plans.iter().flatten().map(|s| s.requests()).sum();
    let udp_note = if jobs.iter().any(|j| crate::plan::trackers::is_udp(&j.url)) {
        ", plus a UDP connect whenever a connection id is older than 60 s"
    } else {
        ""
    };
    if run.global.dry_run && run.global.json {
        dry_run::json(run, &jobs, &plans, ports);
        return Ok(ExitCode::Ok);
    }
    if run.global.dry_run {
        dry_run::list(run, &jobs, &plans, ports, total, udp_note);
        return Ok(ExitCode::Ok);
    }
    if !run.global.quiet {
        run.env.stderr.line(&format!(
            "check: sending at most {total} requests to {} tracker{}{udp_note}; every identity registered is stopped at the end (--dry-run lists them)",
            jobs.len(),
            if jobs.len() == 1 { "" } else { "s" }
        ));
    }
    let stop_now = cleanup::interrupt_flag(run);
    let pacer = Pacer::new(run.global.max_rate);
    let mut report = CheckReport {
        command: "check",
        trackers: Vec::new(),
        requests_sent: 0,
        interrupted: false,
    };
    // Hosts are probed side by side on the worker pool every subcommand uses. The trackers of
    // one host go one after the other: its HTTP and UDP trackers may share their swarms, and
    // one probe's peers would skew the other's counts. Each series runs in order, and the
    // report keeps the order the trackers were given in.
    let work: Vec<(&jobs::Job, &Vec<Step>)> = jobs.iter().zip(&plans).collect();
    let seen: Vec<std::sync::Mutex<Option<findings::Observations>>> =
        work.iter().map(|_| Default::default()).collect();
    let mut hosts: Vec<(String, Vec<usize>)> = Vec::new();
    for (n, (job, _)) in work.iter().enumerate() {
        let host = job.url.host();
        match hosts.iter_mut().find(|(h, _)| *h == host) {
            Some((_, trackers)) => trackers.push(n),
            None => hosts.push((host, vec![n])),
        }
    }
    crate::commands::parallel::each(&hosts, args.jobs, &|_, (_, trackers)| {
        for &n in trackers {
            let (job, steps) = work[n];
            let obs = probe::probe(run, job, steps, ports, &pacer, &stop_now);
            *seen[n].lock().expect("one worker per tracker") = Some(obs);
        }
    });
    let mut failed = false;
    for ((job, _), obs) in work.iter().zip(seen) {
        let obs = obs
            .into_inner()
            .expect("one worker per tracker")
            .expect("every tracker probed");
        let answered = obs.requests_sent > 0
            && (obs.started.as_ref().is_some_and(|a| a.outcome.is_ok())
                || obs
                    .scrape_before
                    .as_ref()
                    .is_some_and(|s| s.outcome.is_ok()));
        let checked = findings::judge(
            &obs,
            job.url.to_string(),
            if job.random { "random" } else { "torrent" },
        );
        if !answered || checked.cleanup.back_where_they_were == Some(false) {
            failed = true;
        }
        report.requests_sent += obs.requests_sent;
        report.interrupted |= obs.interrupted;
        let mut value = serde_json::to_value(&checked).expect("a check always serialises");
        report::scrub(&mut value, &|t| job.url.scrub(t));
        report.trackers.push(value);
    }
    report::print(run, &report);
    Ok(if failed || report.interrupted {
        ExitCode::TrackerFailed
    } else {
        ExitCode::Ok
    })
}
