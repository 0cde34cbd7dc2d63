//! The prober's one HTTP request outside the transport: the keep-alive/gzip probe (two GETs on
//! one connection).

use crate::commands::Run;
use crate::commands::check::jobs::Job;
use crate::tracker::http::{self, ConnectionProbe};
use crate::tracker::url::TrackerUrl;

/// Two GETs of the scrape URL on one connection (keep-alive, gzip): the probe (None without a
/// scrape URL), and how many requests went out.
pub(super) fn connection(run: &Run, job: &Job) -> (Option<Result<ConnectionProbe, String>>, usize) {
    let Some(base) = &job.scrape_url else {
        return (None, 2);
    };
    let full = TrackerUrl::with_query(base, &http::scrape_query(&[job.hash]));
    run.log.block(
        1,
        &[format!(
            "> GET {} twice on one connection (Connection: keep-alive, Accept-Encoding: gzip)",
            job.url.scrub(&full)
        )],
    );
    let got = http::probe_connection(&full, &run.http_options()).map_err(|e| job.url.scrub(&e));
    let mut sent = 2;
    if let Ok(p) = &got {
        if p.requests < 2 {
            sent = 1;
        }
        run.log.block(
            1,
            &[format!(
                "< {} {} Connection: {} Content-Encoding: {}; second request answered: {:?}",
                p.version,
                p.status,
                p.connection.as_deref().unwrap_or("-"),
                p.content_encoding.as_deref().unwrap_or("-"),
                p.second_answered
            )],
        );
    } else {
        sent = 1;
    }
    (Some(got), sent)
}
