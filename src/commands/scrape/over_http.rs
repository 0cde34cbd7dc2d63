//! BEP 48 scrape of one HTTP tracker: the scrape URL derived, torrents split so each URL stays
//! short, `--window` requests in flight, and each torrent's answer (counts, not listed, failure).

use std::collections::HashMap;

use super::answer::{Answer, failure};
use super::ask::Ask;
use super::{Emit, Want};
use crate::commands::parallel::in_window;
use crate::report::PlannedRequest;
use crate::tracker::exchange::http_exchange;
use crate::tracker::failure::{FailureKind, TrackerError};
use crate::tracker::http::{self, HttpOptions};
use crate::tracker::response;
use crate::tracker::url::TrackerUrl;

/// Longest scrape URL sent: many servers and proxies refuse request lines past 2–8 KB; at
/// ~70 bytes per escaped `info_hash=` this is about 28 hashes per request.
pub const MAX_SCRAPE_URL: usize = 2000;

pub(super) fn scrape_http(ctx: &Ask, emit: &mut Emit) {
    let Ask { run, opts, job, .. } = *ctx;
    let derived = match opts.scrape_url {
        Some(given) => Some(given.to_string()),
        None => job.url.scrape_url(opts.rule),
    };
    let base = match derived.map(|u| TrackerUrl::parse(&u)) {
        Some(Ok(u)) => u.showing_secrets(run.global.show_secrets),
        Some(Err(e)) => {
            let answers = vec![failure(e.message.as_str(), None, None); job.wanted.len()];
            emit(&job.wanted, &answers, None);
            return;
        }
        None => {
            let no_url = failure(
                "this tracker has no scrape URL (the last segment of its path does not start with 'announce')",
                Some("give one with --scrape-url, or try --scrape-url-rule libtorrent"),
                None,
            );
            emit(&job.wanted, &vec![no_url; job.wanted.len()], None);
            return;
        }
    };
    let scrape_url = base.to_string();
    let chunks = chunks(base.reveal(), &job.wanted, opts.one_per_request);
    if run.global.dry_run {
        for chunk in chunks {
            let (full, fields) = request(ctx, &base, chunk);
            let planned = PlannedRequest::new("GET", &base, &full, &fields);
            let answers = vec![Answer::Planned(Box::new(planned)); chunk.len()];
            emit(chunk, &answers, Some(&scrape_url));
        }
        return;
    }
    // A batch keeps its connections open and shares them among the window's requests; a single
    // request closes its own, as libtorrent does.
    let http = match chunks.len() {
        0 | 1 => ctx.http.clone(),
        _ => ctx.http.clone().keeping_connections(),
    };
    let ask = |chunk: &&[Want]| ask_chunk(ctx, &http, &base, chunk);
    in_window(opts.window, &chunks, &ask, &mut |chunk, answers| {
        emit(chunk, &answers, Some(&scrape_url))
    });
}

/// The scrape URL with these torrents' hashes, and its fields as `-v` shows them.
fn request(ctx: &Ask, base: &TrackerUrl, chunk: &[Want]) -> (String, Vec<(String, String)>) {
    let hashes = ctx.hashes_of(chunk);
    let full = TrackerUrl::with_query(base.reveal(), &http::scrape_query(&hashes));
    let fields = hashes
        .iter()
        .map(|h| ("info_hash".to_string(), h.to_string()))
        .collect();
    (full, fields)
}

/// One scrape request: an answer for each torrent of the chunk, in its order.
fn ask_chunk(ctx: &Ask, http: &HttpOptions, base: &TrackerUrl, chunk: &[Want]) -> Vec<Answer> {
    let run = ctx.run;
    ctx.pace();
    let (full, fields) = request(ctx, base, chunk);
    let exchange = http_exchange(
        &|level, lines| run.log.block(level, lines),
        base,
        &full,
        &fields,
        http,
    );
    let elapsed = exchange.elapsed.as_millis() as u64;
    let all = |answer: Answer| vec![answer; chunk.len()];
    let answer = match exchange.answer {
        Ok(answer) => answer,
        Err(e) => return all(failure(e, None, Some(elapsed))),
    };
    let hashes = ctx.hashes_of(chunk);
    let decoded = match response::decode_scrape(&answer.body, &hashes) {
        Ok(decoded) => decoded,
        Err(e) => {
            let error = match answer.status {
                200 => TrackerError::new(FailureKind::Decode, e.to_string()),
                other => {
                    TrackerError::new(FailureKind::HttpStatus, format!("HTTP status {other}: {e}"))
                }
            };
            return all(failure(error.scrubbed(base), e.hint(), Some(elapsed)));
        }
    };
    run.log.block(
        1,
        &decoded
            .notes
            .iter()
            .map(|n| format!("< note: {n}"))
            .collect::<Vec<_>>(),
    );
    if let Some(reason) = &decoded.failure_reason {
        return all(failure(
            TrackerError::tracker_said(reason).scrubbed(base),
            None,
            Some(elapsed),
        ));
    }
    if answer.status != 200 {
        let status = TrackerError::new(
            FailureKind::HttpStatus,
            format!("HTTP status {}", answer.status),
        );
        return all(failure(status, None, Some(elapsed)));
    }
    let min_request_interval = decoded.min_request_interval;
    let files: HashMap<_, _> = decoded.files.into_iter().collect();
    hashes
        .iter()
        .map(|hash| match files.get(hash) {
            Some(counts) => Answer::Counts {
                counts: counts.clone(),
                min_request_interval,
                elapsed_ms: elapsed,
            },
            None => Answer::NotListed {
                elapsed_ms: elapsed,
            },
        })
        .collect()
}

/// Splits the torrents so that each scrape URL stays under `MAX_SCRAPE_URL` bytes.
fn chunks<'a>(base: &str, wanted: &'a [Want], one_per_request: bool) -> Vec<&'a [Want]> {
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
    use crate::input::infohash::V1;

    #[test]
    fn scrape_urls_stay_under_the_limit() {
        let hashes: Vec<V1> = (0..100u8)
            .map(|i| V1([i.wrapping_mul(37) | 0x80; 20]))
            .collect();
        let wanted: Vec<Want> = (0..100).map(|row| Want { row, tier: 0 }).collect();
        let base = "http://127.0.0.1:6969/scrape?passkey=0123456789abcdef";
        let parts = chunks(base, &wanted, false);
        assert!(parts.len() > 1);
        assert_eq!(parts.iter().map(|c| c.len()).sum::<usize>(), 100);
        for part in parts {
            let part: Vec<V1> = part.iter().map(|w| hashes[w.row as usize]).collect();
            let url = TrackerUrl::with_query(base, &http::scrape_query(&part));
            assert!(url.len() <= MAX_SCRAPE_URL, "{} bytes", url.len());
        }
        assert_eq!(chunks(base, &wanted, true).len(), 100);
    }
}
