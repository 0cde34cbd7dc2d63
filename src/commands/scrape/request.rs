//! One tracker's part of a scrape: where it goes (BEP 48's scrape URL over HTTP, the tracker
//! itself over UDP), the torrents split into requests (a URL short enough over HTTP, at most 74
//! hashes a packet over UDP, one with `--one-hash-per-request`), `--window` requests in flight
//! through the one transport, and each torrent's answer: counts, not listed, or failure.

use std::collections::HashMap;

use super::answer::{Answer, failure};
use super::ask::Ask;
use super::{Emit, Want};
use crate::commands::parallel::in_window;
use crate::input::infohash::V1;
use crate::report::PlannedRequest;
use crate::tracker::failure::TrackerError;
use crate::tracker::messages::ScrapeResponse;
use crate::tracker::transport::{Reply, Wire};
use crate::tracker::url::TrackerUrl;

/// Longest scrape URL sent: many servers and proxies refuse request lines past 2–8 KB; at
/// ~70 bytes per escaped `info_hash=` this is about 28 hashes per request.
pub const MAX_SCRAPE_URL: usize = 2000;

/// Asks one tracker for every torrent of its job; answers go to `emit` as they arrive.
pub(super) fn scrape_tracker(ctx: &Ask, emit: &mut Emit) {
    let Ask { run, opts, job, .. } = *ctx;
    let udp = crate::plan::trackers::is_udp(&job.url);
    let (target, chunks) = if udp {
        // One hash per packet is how libtorrent scrapes, and the only way to read a tracker
        // that answers a multi-hash scrape out of order (torrust-tracker 3.0.0) correctly.
        let per_packet = if opts.one_per_request {
            1
        } else {
            crate::tracker::udp_packet::MAX_SCRAPE_HASHES
        };
        (job.url.clone(), job.wanted.chunks(per_packet).collect())
    } else {
        let Some(base) = scrape_url(ctx, emit) else {
            return;
        };
        let chunks = http_chunks(base.reveal(), &job.wanted, opts.one_per_request);
        (base, chunks)
    };
    // A UDP tracker's name is resolved once (the run's cache keeps it for every packet); one
    // that does not resolve fails all its torrents at once, with nothing sent.
    if udp
        && !run.global.dry_run
        && let Err(e) = run.udp_cache.resolve(job.url.authority())
    {
        let answers = vec![failure(e.scrubbed(&job.url), None, None); job.wanted.len()];
        emit(&job.wanted, &answers, None);
        return;
    }
    // The scrape URL is shown when it is not the tracker's own.
    let shown = (!udp).then(|| target.to_string());
    let shown = shown.as_deref();
    if run.global.dry_run {
        for chunk in chunks {
            let wire = Wire::scrape(&target, &ctx.hashes_of(chunk));
            let planned = PlannedRequest::from_wire(&target, &wire);
            emit(
                chunk,
                &vec![Answer::Planned(Box::new(planned)); chunk.len()],
                shown,
            );
        }
        return;
    }
    // A batch keeps its HTTP connections open and shares them among the window's requests; a
    // single request closes its own, as libtorrent does.
    let http = match chunks.len() {
        0 | 1 => ctx.http.clone(),
        _ => ctx.http.clone().keeping_connections(),
    };
    let transport = run.transport(&http, ctx.udp);
    let ask = |chunk: &&[Want]| {
        ctx.pace();
        let hashes = ctx.hashes_of(chunk);
        answers(&target, &hashes, transport.scrape(&target, &hashes))
    };
    in_window(opts.window, &chunks, &ask, &mut |chunk, answers| {
        emit(chunk, &answers, shown)
    });
}

/// The HTTP tracker's scrape URL: `--scrape-url`, else derived by the rule; `None` (each
/// torrent told why) when there is none.
fn scrape_url(ctx: &Ask, emit: &mut Emit) -> Option<TrackerUrl> {
    let Ask { run, opts, job, .. } = *ctx;
    let derived = match opts.scrape_url {
        Some(given) => Some(given.to_string()),
        None => job.url.scrape_url(opts.rule),
    };
    match derived.map(|u| TrackerUrl::parse(&u)) {
        Some(Ok(u)) => Some(u.showing_secrets(run.global.show_secrets)),
        Some(Err(e)) => {
            let answers = vec![failure(e.message.as_str(), None, None); job.wanted.len()];
            emit(&job.wanted, &answers, None);
            None
        }
        None => {
            let no_url = failure(
                "this tracker has no scrape URL (the last segment of its path does not start with 'announce')",
                Some("give one with --scrape-url, or try --scrape-url-rule libtorrent"),
                None,
            );
            emit(&job.wanted, &vec![no_url; job.wanted.len()], None);
            None
        }
    }
}

/// One request's reply as an answer for each of its torrents, in their order.
fn answers(target: &TrackerUrl, hashes: &[V1], reply: Reply<ScrapeResponse>) -> Vec<Answer> {
    let elapsed_ms = reply.elapsed.as_millis() as u64;
    let all = |answer: Answer| vec![answer; hashes.len()];
    let scraped = match reply.answer {
        Ok(scraped) => scraped,
        Err(e) => {
            let hint = e.hint.clone();
            return all(failure(e, hint.as_deref(), Some(elapsed_ms)));
        }
    };
    if let Some(reason) = &scraped.failure_reason {
        let said = TrackerError::tracker_said(reason).scrubbed(target);
        return all(failure(said, None, Some(elapsed_ms)));
    }
    let min_request_interval = scraped.min_request_interval;
    let files: HashMap<_, _> = scraped.files.into_iter().collect();
    hashes
        .iter()
        .map(|hash| match files.get(hash) {
            Some(counts) => Answer::Counts {
                counts: counts.clone(),
                min_request_interval,
                elapsed_ms,
            },
            None => Answer::NotListed { elapsed_ms },
        })
        .collect()
}

/// Splits the torrents so that each scrape URL stays under `MAX_SCRAPE_URL` bytes.
fn http_chunks<'a>(base: &str, wanted: &'a [Want], one_per_request: bool) -> Vec<&'a [Want]> {
    if one_per_request {
        return wanted.chunks(1).collect();
    }
    let per_hash = "&info_hash=".len() + 60; // at most 3 bytes per escaped hash byte
    let room = MAX_SCRAPE_URL.saturating_sub(base.len() + 1);
    let per_request = (room / per_hash).max(1);
    wanted.chunks(per_request).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracker::http;

    #[test]
    fn scrape_urls_stay_under_the_limit() {
        let hashes: Vec<V1> = (0..100u8)
            .map(|i| V1([i.wrapping_mul(37) | 0x80; 20]))
            .collect();
        let wanted: Vec<Want> = (0..100).map(|row| Want { row, tier: 0 }).collect();
        let base = "http://127.0.0.1:6969/scrape?passkey=0123456789abcdef";
        let parts = http_chunks(base, &wanted, false);
        assert!(parts.len() > 1);
        assert_eq!(parts.iter().map(|c| c.len()).sum::<usize>(), 100);
        for part in parts {
            let part: Vec<V1> = part.iter().map(|w| hashes[w.row as usize]).collect();
            let url = TrackerUrl::with_query(base, &http::scrape_query(&part));
            assert!(url.len() <= MAX_SCRAPE_URL, "{} bytes", url.len());
        }
        assert_eq!(http_chunks(base, &wanted, true).len(), 100);
    }
}
