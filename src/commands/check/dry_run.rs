//! `check --dry-run`: the series each tracker would get, numbered, and nothing sent.

use std::io::Write;

use super::jobs::Job;
use super::plan::Step;

/// Lists every tracker's planned steps on stdout, then the total (`udp_note`: the connects a
/// UDP tracker may add).
pub(super) fn list(
    jobs: &[Job],
    plans: &[Vec<Step>],
    ports: [u16; 4],
    total: usize,
    udp_note: &str,
) {
    for (job, steps) in jobs.iter().zip(plans) {
        say(&format!(
            "{}: at most {} requests, {} info-hash {}",
            job.url,
            steps.iter().map(|s| s.requests()).sum::<usize>(),
            if job.random {
                "random"
            } else {
                "the torrent's"
            },
            job.hash
        ));
        for (n, step) in steps.iter().enumerate() {
            say(&format!("  {:>2}. {}", n + 1, step.describe(job, ports)));
        }
    }
    say(&format!(
        "dry run: nothing sent ({total} requests to {} tracker{}{udp_note})",
        jobs.len(),
        if jobs.len() == 1 { "" } else { "s" }
    ));
}

/// A line on stdout that never panics on a closed pipe (`check --dry-run | head -1`).
fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}
