//! BEP 15 scrape of one UDP tracker: at most 74 hashes a packet (one with
//! `--one-hash-per-request`), `--window` packets in flight, answers in request order per packet.

use std::time::Instant;

use super::answer::{Answer, failure};
use super::ask::Ask;
use super::{Emit, Want};
use crate::commands::parallel::in_window;
use crate::report::PlannedRequest;
use crate::tracker::udp;

pub(super) fn scrape_udp(ctx: &Ask, per_packet: usize, emit: &mut Emit) {
    let Ask { run, job, .. } = *ctx;
    let url = &job.url;
    let chunks: Vec<&[Want]> = job.wanted.chunks(per_packet.max(1)).collect();
    if run.global.dry_run {
        for chunk in chunks {
            let fields: Vec<(String, String)> = ctx
                .hashes_of(chunk)
                .iter()
                .map(|h| ("info_hash".to_string(), h.to_string()))
                .collect();
            let request = PlannedRequest::new("scrape", url, url.reveal(), &fields);
            emit(
                chunk,
                &vec![Answer::Planned(Box::new(request)); chunk.len()],
                None,
            );
        }
        return;
    }
    let addr = match run.udp_cache.resolve(url.authority()) {
        Ok(addr) => addr,
        Err(e) => {
            let answers = vec![failure(e.scrubbed(url), None, None); job.wanted.len()];
            emit(&job.wanted, &answers, None);
            return;
        }
    };
    let trace = |line: String| run.log.block(1, &[url.scrub(&line)]);
    let ask = |chunk: &&[Want]| -> Vec<Answer> {
        ctx.pace();
        let started = Instant::now();
        let hashes = ctx.hashes_of(chunk);
        // Each packet is a request of its own: a socket from the pool (with the connection id
        // issued to it) or a new one, its own retransmits and deadline.
        let result = udp::Session::open(addr, ctx.udp, &run.udp_cache, &trace)
            .and_then(|mut session| session.scrape(&hashes));
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match result {
            Ok(counts) => counts
                .into_iter()
                .take(chunk.len())
                .map(|counts| Answer::Counts {
                    counts,
                    min_request_interval: None,
                    elapsed_ms,
                })
                .collect(),
            Err(e) => vec![failure(e.scrubbed(url), None, Some(elapsed_ms)); chunk.len()],
        }
    };
    in_window(ctx.opts.window, &chunks, &ask, &mut |chunk, answers| {
        emit(chunk, &answers, None)
    });
}
