//! Everything asking one tracker of a scrape needs, shared by the pool and the transports.

use std::sync::atomic::{AtomicU64, Ordering};

use super::{Job, ScrapeOptions, Want};
use crate::commands::Run;
use crate::commands::pacer::Pacer;
use crate::input::infohash::V1;
use crate::plan::schedule::Limits;
use crate::tracker::http::HttpOptions;
use crate::tracker::udp::UdpOptions;

/// Everything asking one tracker needs.
pub(super) struct Ask<'a> {
    pub(super) run: &'a Run,
    pub(super) opts: &'a ScrapeOptions<'a>,
    pub(super) job: &'a Job,
    /// The hash of every row.
    pub(super) hashes: &'a [V1],
    pub(super) limits: &'a Limits,
    pub(super) http: &'a HttpOptions,
    pub(super) udp: &'a UdpOptions,
    /// `--max-rate` across every request of the run.
    pub(super) pacer: &'a Pacer,
    /// Requests sent so far (the progress bar's requests/s).
    pub(super) requests: &'a AtomicU64,
}

impl Ask<'_> {
    /// Waits for this request's turn under `--max-rate`, and counts it.
    pub(super) fn pace(&self) {
        self.pacer.wait();
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn hashes_of(&self, wants: &[Want]) -> Vec<V1> {
        wants.iter().map(|w| self.hashes[w.row as usize]).collect()
    }
}
