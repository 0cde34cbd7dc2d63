//! Why talking to a tracker failed, by kind: the report carries the kind (`error_kind` in JSON)
//! so a script can tell a dead tracker from a refusing one without reading the text.

use std::fmt;

use crate::tracker::url::TrackerUrl;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// No (complete) answer inside the deadline.
    Timeout,
    /// Nothing listens there: the connection was refused.
    Refused,
    /// The host name does not resolve.
    Dns,
    /// The TLS handshake failed (most often the certificate).
    Tls,
    /// Another network error: send, receive, reset.
    Network,
    /// The answer is larger than the cap.
    TooLarge,
    /// A redirect not followed: a loop, a downgrade to http, a bad `Location`.
    Redirect,
    /// An HTTP error status without a tracker answer in the body.
    HttpStatus,
    /// The answer is not a tracker answer: not bencode, cut short, a malformed packet.
    Decode,
    /// The tracker refused: a `failure reason`, or a UDP error packet.
    TrackerSaid,
}

/// A failure and its words (for `TrackerSaid`, the tracker's own words; shown as "tracker says:
/// …"). The words may quote the URL: `scrubbed` redacts them once, where the failure meets its
/// tracker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackerError {
    pub kind: FailureKind,
    pub message: String,
    /// What the user might do about it ("is the URL right?").
    pub hint: Option<String>,
    /// The HTTP status of an `HttpStatus` failure (410: the tracker is gone for good).
    pub http_status: Option<u16>,
}

impl TrackerError {
    pub fn new(kind: FailureKind, message: impl Into<String>) -> TrackerError {
        TrackerError {
            kind,
            message: message.into(),
            hint: None,
            http_status: None,
        }
    }

    pub fn with_hint(mut self, hint: Option<&str>) -> TrackerError {
        self.hint = hint.map(str::to_string);
        self
    }

    pub fn with_http_status(mut self, status: u16) -> TrackerError {
        self.http_status = Some(status);
        self
    }

    /// The tracker's own refusal.
    pub fn tracker_said(reason: &str) -> TrackerError {
        TrackerError::new(FailureKind::TrackerSaid, reason)
    }

    pub fn scrubbed(self, url: &TrackerUrl) -> TrackerError {
        TrackerError {
            message: url.scrub(&self.message),
            ..self
        }
    }
}

impl fmt::Display for TrackerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            FailureKind::TrackerSaid => write!(f, "tracker says: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for TrackerError {}
