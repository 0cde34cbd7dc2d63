//! BEP 48 scrape of one HTTP tracker: the scrape URL derived, hashes split so each URL stays
//! short, and each hash's answer (counts, not listed, failure).

use std::collections::HashMap;

use super::{Answer, Job, ScrapeOptions, TrackerAnswers, failure, whole};
use crate::commands::Run;
use crate::input::infohash::V1;
use crate::tracker::exchange::http_exchange;
use crate::tracker::failure::{FailureKind, TrackerError};
use crate::tracker::http::{self, HttpOptions};
use crate::tracker::response;
use crate::tracker::url::TrackerUrl;

/// Longest scrape URL sent: many servers and proxies refuse request lines past 2–8 KB; at
/// ~70 bytes per escaped `info_hash=` this is about 28 hashes per request.
pub const MAX_SCRAPE_URL: usize = 2000;

pub(super) fn scrape_http(
    run: &Run,
    scrape: &ScrapeOptions,
    job: &Job,
    opts: &HttpOptions,
) -> TrackerAnswers {
    let global = &run.global;
    let derived = match scrape.scrape_url {
        Some(given) => Some(given.to_string()),
        None => job.url.scrape_url(scrape.rule),
    };
    let base = match derived.map(|u| TrackerUrl::parse(&u)) {
        Some(Ok(u)) => u.showing_secrets(global.show_secrets),
        Some(Err(e)) => return whole(None, failure(e.message.as_str(), None, None)),
        None => {
            return whole(
                None,
                failure(
                    "this tracker has no scrape URL (the last segment of its path does not start with 'announce')",
                    Some("give one with --scrape-url, or try --scrape-url-rule libtorrent"),
                    None,
                ),
            );
        }
    };
    let mut answers = TrackerAnswers {
        scrape_url: Some(base.to_string()),
        by_hash: HashMap::new(),
        otherwise: failure("not asked", None, None),
    };
    let hashes = job.unique_hashes();
    for chunk in chunks(base.reveal(), &hashes, scrape.one_per_request) {
        let full = TrackerUrl::with_query(base.reveal(), &http::scrape_query(chunk));
        let fields: Vec<(String, String)> = chunk
            .iter()
            .map(|h| ("info_hash".to_string(), h.to_string()))
            .collect();
        if global.dry_run {
            let request = crate::report::PlannedRequest::new("GET", &base, &full, &fields);
            for h in chunk {
                answers
                    .by_hash
                    .insert(*h, Answer::Planned(Box::new(request.clone())));
            }
            continue;
        }
        let exchange = http_exchange(
            &|level, lines| run.log.block(level, lines),
            &base,
            &full,
            &fields,
            opts,
        );
        let elapsed = exchange.elapsed.as_millis() as u64;
        let elapsed_ms = Some(elapsed);
        let all = |answer: Answer, answers: &mut TrackerAnswers| {
            for h in chunk {
                answers.by_hash.insert(*h, answer.clone());
            }
        };
        let answer = match exchange.answer {
            Ok(answer) => answer,
            Err(e) => {
                all(failure(e, None, elapsed_ms), &mut answers);
                continue;
            }
        };
        let decoded = match response::decode_scrape(&answer.body, chunk) {
            Ok(decoded) => decoded,
            Err(e) => {
                let error = match answer.status {
                    200 => TrackerError::new(FailureKind::Decode, e.to_string()),
                    other => TrackerError::new(
                        FailureKind::HttpStatus,
                        format!("HTTP status {other}: {e}"),
                    ),
                };
                all(
                    failure(error.scrubbed(&base), e.hint(), elapsed_ms),
                    &mut answers,
                );
                continue;
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
            all(
                failure(
                    TrackerError::tracker_said(reason).scrubbed(&base),
                    None,
                    elapsed_ms,
                ),
                &mut answers,
            );
            continue;
        }
        if answer.status != 200 {
            all(
                failure(
                    TrackerError::new(
                        FailureKind::HttpStatus,
                        format!("HTTP status {}", answer.status),
                    ),
                    None,
                    elapsed_ms,
                ),
                &mut answers,
            );
            continue;
        }
        for hash in chunk {
            answers.by_hash.insert(
                *hash,
                Answer::NotListed {
                    elapsed_ms: elapsed,
                },
            );
        }
        for (hash, counts) in decoded.files {
            let min_request_interval = decoded.min_request_interval;
            answers.by_hash.insert(
                hash,
                Answer::Counts {
                    counts,
                    min_request_interval,
                    elapsed_ms: elapsed,
                },
            );
        }
    }
    answers
}

/// Splits the hashes so that each scrape URL stays under `MAX_SCRAPE_URL` bytes.
fn chunks<'a>(base: &str, hashes: &'a [V1], one_per_request: bool) -> Vec<&'a [V1]> {
    if one_per_request {
        return hashes.chunks(1).collect();
    }
    let per_hash = "&info_hash=".len() + 60; // at most 3 bytes per escaped hash byte
    let room = MAX_SCRAPE_URL.saturating_sub(base.len() + 1);
    let per_request = (room / per_hash).max(1);
    hashes.chunks(per_request).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrape_urls_stay_under_the_limit() {
        let hashes: Vec<V1> = (0..100u8)
            .map(|i| V1([i.wrapping_mul(37) | 0x80; 20]))
            .collect();
        let base = "http://127.0.0.1:6969/scrape?passkey=0123456789abcdef";
        let parts = chunks(base, &hashes, false);
        assert!(parts.len() > 1);
        assert_eq!(parts.iter().map(|c| c.len()).sum::<usize>(), 100);
        for part in parts {
            let url = TrackerUrl::with_query(base, &http::scrape_query(part));
            assert!(url.len() <= MAX_SCRAPE_URL, "{} bytes", url.len());
        }
        assert_eq!(chunks(base, &hashes, true).len(), 100);
    }
}
