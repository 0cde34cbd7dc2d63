//! The prober's HTTP requests: announces and scrapes through `tracker::exchange::http_exchange` (the same
//! path, `-v` trace and redaction as `announce` and `scrape`), and the keep-alive/gzip probe.

use crate::commands::Run;
use crate::commands::check::findings::{AnnounceObs, ScrapeObs, ScrapeResult};
use crate::commands::check::jobs::Job;
use crate::input::infohash::V1;
use crate::tracker::exchange::{announce_fields, http_exchange};
use crate::tracker::http::{self, ConnectionProbe, HttpOptions};
use crate::tracker::messages::AnnounceRequest;
use crate::tracker::response;
use crate::tracker::url::TrackerUrl;

fn options(run: &Run) -> HttpOptions {
    HttpOptions {
        timeout: run.global.timeout,
        user_agent: concat!("trackerctl/", env!("CARGO_PKG_VERSION")).to_string(),
        insecure: run.global.insecure,
        keep_alive: None,
    }
}

pub(super) fn announce(run: &Run, job: &Job, req: &AnnounceRequest) -> AnnounceObs {
    let url = &job.url;
    let full = TrackerUrl::with_query(url.reveal(), &http::announce_query(req));
    let exchange = http_exchange(
        &|level, lines| run.log.block(level, lines),
        url,
        &full,
        &announce_fields(req),
        &options(run),
    );
    match exchange.answer {
        Err(e) => AnnounceObs {
            status: None,
            content_type: None,
            body: None,
            outcome: Err(e.to_string()),
        },
        Ok(a) => {
            let outcome = match response::decode_announce(&a.body) {
                Err(e) if a.status != 200 => Err(format!("HTTP {}: {e}", a.status)),
                Err(e) => Err(e.to_string()),
                Ok(r) if r.failure_reason.is_none() && a.status != 200 => {
                    Err(format!("HTTP status {}", a.status))
                }
                Ok(r) => Ok(r),
            };
            AnnounceObs {
                status: Some(a.status),
                content_type: a.content_type.clone(),
                body: Some(a.body),
                outcome: outcome.map_err(|e| url.scrub(&e)),
            }
        }
    }
}

/// An HTTP scrape of `hashes` (empty: a full scrape).
pub(super) fn scrape(run: &Run, job: &Job, hashes: &[V1]) -> ScrapeObs {
    let url = &job.url;
    let Some(base) = &job.scrape_url else {
        return ScrapeObs {
            hashes: hashes.to_vec(),
            status: None,
            content_type: None,
            body: None,
            outcome: Err("no BEP 48 scrape URL".into()),
        };
    };
    let full = if hashes.is_empty() {
        base.clone()
    } else {
        TrackerUrl::with_query(base, &http::scrape_query(hashes))
    };
    let fields: Vec<(String, String)> = hashes
        .iter()
        .map(|h| ("info_hash".to_string(), h.to_string()))
        .collect();
    let exchange = http_exchange(
        &|level, lines| run.log.block(level, lines),
        url,
        &full,
        &fields,
        &options(run),
    );
    let answer = match exchange.answer {
        Ok(a) => a,
        Err(e) => {
            return ScrapeObs {
                hashes: hashes.to_vec(),
                status: None,
                content_type: None,
                body: None,
                outcome: Err(e.to_string()),
            };
        }
    };
    let outcome = match response::decode_scrape(&answer.body, hashes) {
        Err(e) if answer.status != 200 => Err(format!("HTTP {}: {e}", answer.status)),
        Err(e) => Err(e.to_string()),
        Ok(r) if r.failure_reason.is_none() && answer.status != 200 => {
            Err(format!("HTTP status {}", answer.status))
        }
        Ok(r) => Ok(ScrapeResult {
            failure: r.failure_reason,
            files: r.files,
            min_request_interval: r.min_request_interval,
        }),
    };
    ScrapeObs {
        hashes: hashes.to_vec(),
        status: Some(answer.status),
        content_type: answer.content_type,
        body: Some(answer.body),
        outcome: outcome.map_err(|e| url.scrub(&e)),
    }
}

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
    let got = http::probe_connection(&full, &options(run)).map_err(|e| job.url.scrub(&e));
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
