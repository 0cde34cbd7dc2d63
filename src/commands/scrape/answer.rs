//! What a tracker said about one torrent of a scrape, and how it becomes a report entry.

use crate::report::{self, Status, TrackerReport};
use crate::tracker::failure::{FailureKind, TrackerError};
use crate::tracker::messages::ScrapeCounts;
use crate::tracker::url::TrackerUrl;

/// Why a `not_listed` entry has no counts.
pub(super) const NOT_LISTED: &str = "the tracker answered without this torrent: it has no record of it (opentracker keeps none for a torrent nobody announced lately)";

/// A tracker's answer for one hash.
#[derive(Clone)]
pub(super) enum Answer {
    Counts {
        counts: ScrapeCounts,
        min_request_interval: Option<i64>,
        elapsed_ms: u64,
    },
    Failed {
        error: String,
        /// `None`: not the tracker's doing (no scrape URL, not asked).
        kind: Option<FailureKind>,
        hint: Option<String>,
        elapsed_ms: Option<u64>,
    },
    /// The tracker answered the request and left this torrent out (opentracker does for a
    /// torrent it has no record of; BEP 48 trackers may for one they do not know).
    NotListed { elapsed_ms: u64 },
    /// Held back by the local rate limit.
    Refused { error: String },
    /// `--dry-run`: the request that would ask for it.
    Planned(Box<report::PlannedRequest>),
}

/// A failure's words and, when a tracker was asked, its kind.
pub(super) struct Why {
    text: String,
    kind: Option<FailureKind>,
}

impl From<TrackerError> for Why {
    fn from(e: TrackerError) -> Why {
        Why {
            text: e.to_string(),
            kind: Some(e.kind),
        }
    }
}

impl From<&str> for Why {
    fn from(text: &str) -> Why {
        Why {
            text: text.to_string(),
            kind: None,
        }
    }
}

pub(super) fn failure(why: impl Into<Why>, hint: Option<&str>, elapsed_ms: Option<u64>) -> Answer {
    let why = why.into();
    Answer::Failed {
        error: why.text,
        kind: why.kind,
        hint: hint.map(str::to_string),
        elapsed_ms,
    }
}

/// The report entry of one torrent at one tracker.
pub(super) fn entry(
    url: &TrackerUrl,
    tier: usize,
    scrape_url: Option<&str>,
    answer: &Answer,
) -> TrackerReport {
    let mut entry = TrackerReport::new(url.to_string(), tier, url.transport(), Status::Failed);
    entry.scrape_url = scrape_url.map(str::to_string);
    match answer.clone() {
        Answer::Counts {
            counts,
            min_request_interval,
            elapsed_ms,
        } => {
            entry.status = Status::Ok;
            entry.elapsed_ms = Some(elapsed_ms);
            entry.response = Some(report::scrape_response(&counts, min_request_interval));
        }
        Answer::Failed {
            error,
            kind,
            hint,
            elapsed_ms,
        } => {
            entry.error = Some(error);
            entry.error_kind = kind;
            entry.hint = hint;
            entry.elapsed_ms = elapsed_ms;
        }
        Answer::NotListed { elapsed_ms } => {
            entry.status = Status::NotListed;
            entry.elapsed_ms = Some(elapsed_ms);
            entry.error = Some(NOT_LISTED.to_string());
        }
        Answer::Planned(request) => {
            entry.status = Status::Planned;
            entry.request = Some(*request);
        }
        Answer::Refused { error } => {
            entry.status = Status::Skipped;
            entry.refused = true;
            entry.error = Some(error);
            entry.hint = Some("--wait waits for it".into());
        }
    }
    entry
}
