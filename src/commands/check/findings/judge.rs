//! The judging shared by every area: `Judge` collects each finding's row (finding | result |
//! evidence) and the reason for each one left unknown; `Ctx` is what every area judges from.

use std::collections::BTreeMap;

use serde::Serialize;

use super::observations::{AnnounceObs, Observations};
use crate::input::infohash::V1;
use crate::tracker::messages::AnnounceResponse;

#[derive(Debug, Serialize)]
pub struct Row {
    pub finding: String,
    pub result: String,
    pub evidence: String,
}

/// Collects findings, their rows and the reasons for what stays unknown.
pub(super) struct Judge {
    pub(super) rows: Vec<Row>,
    pub(super) reasons: BTreeMap<String, String>,
}

impl Judge {
    pub(super) fn row(
        &mut self,
        finding: &str,
        result: impl Into<String>,
        evidence: impl Into<String>,
    ) {
        self.rows.push(Row {
            finding: finding.to_string(),
            result: result.into(),
            evidence: evidence.into(),
        });
    }
    /// A finding: a value with its evidence, or null with a reason (shown as "unknown").
    pub(super) fn judge<T>(
        &mut self,
        key: &str,
        finding: &str,
        verdict: Result<(T, String), String>,
        shown: impl Fn(&T) -> String,
    ) -> Option<T> {
        match verdict {
            Ok((value, evidence)) => {
                self.row(finding, shown(&value), evidence);
                Some(value)
            }
            Err(reason) => {
                // Unknown, unless the reason is that the answer lacks the key or the protocol
                // has no such thing.
                let shown = if reason.starts_with("BEP 15") {
                    "n/a (UDP)"
                } else if reason.starts_with("no ") && reason.contains(" in the ") {
                    "absent"
                } else {
                    "unknown"
                };
                self.row(finding, shown, reason.clone());
                self.reasons.insert(key.to_string(), reason);
                None
            }
        }
    }
}

pub(super) fn yes_no(b: &bool) -> String {
    if *b { "yes" } else { "no" }.to_string()
}

const PLAIN: &str =
    "not probed: private torrent (only started, scrape, stopped; --all-probes runs the rest)";

/// What every area judges from: the observations, and the started's answer.
#[derive(Clone, Copy)]
pub(super) struct Ctx<'o> {
    pub(super) obs: &'o Observations,
    pub(super) udp: bool,
    pub(super) hash: V1,
    pub(super) started: Option<&'o AnnounceObs>,
    /// The started's answer (UDP: or the one without URL data), unless refused.
    pub(super) started_ok: Option<&'o AnnounceResponse>,
}

impl Ctx<'_> {
    /// Why a probe that did not run established nothing.
    pub(super) fn not_probed(&self, what: &str) -> String {
        if self.obs.plain {
            PLAIN.to_string()
        } else if self.obs.interrupted {
            format!("not probed: interrupted before {what}")
        } else {
            format!("not probed: {what} did not run")
        }
    }
}

/// Why a finding that needs the started's answer is unknown.
pub(super) fn reason_no_answer(started: Option<&AnnounceObs>, otherwise: &str) -> String {
    match started {
        Some(a) if a.answer().is_none() => match &a.outcome {
            Ok(_) => "the started was refused (see refusal)".to_string(),
            Err(e) => format!("the started got no usable answer: {e}"),
        },
        _ => otherwise.to_string(),
    }
}
