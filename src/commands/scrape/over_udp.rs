//! BEP 15 scrape of one UDP tracker.

use std::time::Instant;

use super::{Answer, Job, TrackerAnswers, failure, whole};
use crate::commands::Run;
use crate::tracker::udp::{self, UdpOptions};

/// BEP 15 scrape: at most 74 hashes per packet, answers in request order, one connection id
/// for all the packets of the run.
pub(super) fn scrape_udp(
    run: &Run,
    job: &Job,
    opts: &UdpOptions,
    per_packet: usize,
) -> TrackerAnswers {
    let url = &job.url;
    let hashes = job.unique_hashes();
    if run.global.dry_run {
        let mut answers = whole(None, failure("not asked", None, None));
        for chunk in hashes.chunks(per_packet) {
            let fields: Vec<(String, String)> = chunk
                .iter()
                .map(|h| ("info_hash".to_string(), h.to_string()))
                .collect();
            let request = crate::report::PlannedRequest::new("scrape", url, url.reveal(), &fields);
            for h in chunk {
                answers
                    .by_hash
                    .insert(*h, Answer::Planned(Box::new(request.clone())));
            }
        }
        return answers;
    }
    let trace = |line: String| run.log.block(1, &[url.scrub(&line)]);
    let started = Instant::now();
    let session = run
        .udp_cache
        .resolve(url.authority())
        .and_then(|addr| udp::Session::open(addr, opts, &run.udp_cache, &trace));
    let mut session = match session {
        Ok(session) => session,
        Err(e) => return whole(None, failure(e.scrubbed(url), None, None)),
    };
    let mut answers = whole(None, failure("no answer", None, None));
    for chunk in hashes.chunks(per_packet) {
        let result = session.scrape(chunk);
        let elapsed_ms = started.elapsed().as_millis() as u64;
        for (i, h) in chunk.iter().enumerate() {
            let answer = match &result {
                Ok(counts) => Answer::Counts {
                    counts: counts[i].clone(),
                    min_request_interval: None,
                    elapsed_ms,
                },
                Err(e) => failure(e.clone().scrubbed(url), None, Some(elapsed_ms)),
            };
            answers.by_hash.insert(*h, answer);
        }
    }
    answers
}
