//! `check --dry-run`: the series each tracker would get, and nothing sent. As text, the steps
//! numbered; with `--json`, one document with each step's requests as `announce --dry-run`
//! shows its own (method, URL, fields; secrets redacted).

use serde::Serialize;

use super::jobs::{Job, random_hash};
use super::plan::{Identities, ORDER_UNKNOWN, Step};
use super::report;
use crate::commands::Run;
use crate::input::infohash::V1;
use crate::report::PlannedRequest;
use crate::tracker::transport::Wire;
use crate::tracker::url::{TrackerUrl, Transport};

/// Lists every tracker's planned steps on stdout, then the total (`udp_note`: the connects a
/// UDP tracker may add).
pub(super) fn list(
    run: &Run,
    jobs: &[Job],
    plans: &[Vec<Step>],
    ports: [u16; 4],
    total: usize,
    udp_note: &str,
) {
    for (job, steps) in jobs.iter().zip(plans) {
        say(
            run,
            &format!(
                "{}: at most {} requests, {} info-hash {}",
                job.url,
                steps.iter().map(|s| s.requests()).sum::<usize>(),
                if job.random {
                    "random"
                } else {
                    "the torrent's"
                },
                job.hash
            ),
        );
        for (n, step) in steps.iter().enumerate() {
            say(
                run,
                &format!("  {:>2}. {}", n + 1, step.describe(job, ports)),
            );
        }
    }
    say(
        run,
        &format!(
            "dry run: nothing sent ({total} requests to {} tracker{}{udp_note})",
            jobs.len(),
            if jobs.len() == 1 { "" } else { "s" }
        ),
    );
}

/// The `--json` document of a dry run (docs/json.md, "check").
#[derive(Serialize)]
struct DryRunReport {
    command: &'static str,
    dry_run: bool,
    trackers: Vec<serde_json::Value>,
    requests_sent: usize,
    interrupted: bool,
}

/// One tracker's series as a real run would send it now.
#[derive(Serialize)]
struct PlannedTracker {
    url: String,
    transport: Transport,
    info_hash: String,
    hash_source: &'static str,
    probes: &'static str,
    requests_planned: usize,
    steps: Vec<PlannedStep>,
}

#[derive(Serialize)]
struct PlannedStep {
    /// As the text dry run lists it.
    what: String,
    /// At most this many requests (two for the keep-alive probe).
    requests: Vec<PlannedRequest>,
}

/// Prints the dry run as one JSON document.
pub(super) fn json(run: &Run, jobs: &[Job], plans: &[Vec<Step>], ports: [u16; 4]) {
    let random = &*run.env.random;
    let ids = Identities::new(ports, random);
    let trackers = jobs
        .iter()
        .zip(plans)
        .map(|(job, steps)| {
            let unknown: Vec<V1> = (0..ORDER_UNKNOWN).map(|_| random_hash(random)).collect();
            let planned = PlannedTracker {
                url: job.url.to_string(),
                transport: job.url.transport(),
                info_hash: job.hash.to_string(),
                hash_source: if job.random { "random" } else { "torrent" },
                probes: if job.plain { "plain" } else { "all" },
                requests_planned: steps.iter().map(|s| s.requests()).sum(),
                steps: steps
                    .iter()
                    .map(|step| PlannedStep {
                        what: step.describe(job, ports),
                        requests: requests(job, *step, &ids, &unknown),
                    })
                    .collect(),
            };
            let mut value = serde_json::to_value(&planned).expect("a plan always serialises");
            report::scrub(&mut value, &|t| job.url.scrub(t));
            value
        })
        .collect();
    let doc = DryRunReport {
        command: "check",
        dry_run: true,
        trackers,
        requests_sent: 0,
        interrupted: false,
    };
    let text = serde_json::to_string_pretty(&doc).expect("a report always serialises") + "\n";
    run.env.stdout.write(&text);
}

/// The requests `step` sends to `job`'s tracker (what the transport would put on the wire),
/// secrets redacted.
fn requests(job: &Job, step: Step, ids: &Identities, unknown: &[V1]) -> Vec<PlannedRequest> {
    let url = &job.url;
    let planned = |wire: Wire| PlannedRequest::from_wire(url, &wire);
    if let Step::Connect(_) = step {
        return vec![PlannedRequest::new("connect", url, url.reveal(), &[])];
    }
    if let Some((_, req)) = step.announce(job, ids) {
        return vec![planned(Wire::announce(url, &req))];
    }
    let Some(hashes) = step.scrape(job, unknown) else {
        return Vec::new();
    };
    let target = match url.transport() {
        Transport::Udp => Some(url.clone()),
        Transport::Http => job
            .scrape_url
            .as_deref()
            .and_then(|base| TrackerUrl::parse(base).ok()),
    };
    // The keep-alive probe sends its scrape twice on one connection.
    let times = match url.transport() {
        Transport::Udp => 1,
        Transport::Http => step.requests(),
    };
    match target {
        Some(target) => vec![planned(Wire::scrape(&target, &hashes)); times],
        None => Vec::new(),
    }
}

/// A line on stdout that never panics on a closed pipe (`check --dry-run | head -1`).
fn say(run: &Run, line: &str) {
    run.env.stdout.line(line);
}
