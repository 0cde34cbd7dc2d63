//! The one interface the subcommands talk to trackers through: one request in (an announce, or a
//! scrape of some hashes), one reply out — the decoded answer or a typed error, the time it
//! took, and for HTTP the answer as it came — over HTTP(S) or UDP, whichever the URL says. The
//! verbose record of every exchange goes to the caller's `trace`, secrets redacted.
//!
//! What a request puts on the wire is a value too (`Wire`), so `--dry-run` shows exactly what
//! a real run sends.

use std::net::UdpSocket;
use std::time::{Duration, Instant};

use crate::input::infohash::V1;
pub use crate::tracker::exchange::Trace;
use crate::tracker::exchange::{announce_fields, http_exchange};
use crate::tracker::failure::{FailureKind, TrackerError};
use crate::tracker::http::{self, HttpAnswer, HttpOptions};
use crate::tracker::messages::{AnnounceRequest, AnnounceResponse, ScrapeResponse};
use crate::tracker::response::{self, DecodeError};
use crate::tracker::udp::{self, ConnectionCache, UdpOptions};
use crate::tracker::url::{self, TrackerUrl};

/// How requests reach trackers.
pub struct Transport<'a> {
    pub http: &'a HttpOptions,
    pub udp: &'a UdpOptions,
    /// UDP connection ids and idle sockets, shared by every request of the run (BEP 15).
    pub pool: &'a ConnectionCache,
    /// Every UDP request from this one socket rather than the pool's (`check` keeps one socket
    /// per tracker, as a client does).
    pub socket: Option<&'a UdpSocket>,
    pub trace: &'a dyn Trace,
}

/// What came back for one request.
pub struct Reply<T> {
    /// The decoded answer (a tracker's `failure reason` is an answer: the caller decides what
    /// it means for the schedule), or why there is none.
    pub answer: Result<T, TrackerError>,
    pub elapsed: Duration,
    /// The HTTP answer as it came: status, content type, body.
    pub http: Option<HttpAnswer>,
}

/// What a request puts on the wire: `GET` and the full URL (HTTP), or the BEP 15 action and
/// the tracker URL (UDP); its fields as `-v` and `--dry-run` show them. Secrets not redacted.
pub struct Wire {
    pub method: &'static str,
    pub url: String,
    pub fields: Vec<(String, String)>,
}

impl Wire {
    pub fn announce(tracker: &TrackerUrl, req: &AnnounceRequest) -> Wire {
        let (method, url) = match tracker.transport() {
            url::Transport::Http => (
                "GET",
                TrackerUrl::with_query(tracker.reveal(), &http::announce_query(req)),
            ),
            url::Transport::Udp => ("announce", tracker.reveal().to_string()),
        };
        Wire {
            method,
            url,
            fields: announce_fields(req),
        }
    }

    /// A scrape of `hashes` at `tracker` (for HTTP, the scrape URL); none: a full scrape.
    pub fn scrape(tracker: &TrackerUrl, hashes: &[V1]) -> Wire {
        let (method, url) = match tracker.transport() {
            url::Transport::Http if hashes.is_empty() => ("GET", tracker.reveal().to_string()),
            url::Transport::Http => (
                "GET",
                TrackerUrl::with_query(tracker.reveal(), &http::scrape_query(hashes)),
            ),
            url::Transport::Udp => ("scrape", tracker.reveal().to_string()),
        };
        Wire {
            method,
            url,
            fields: hashes
                .iter()
                .map(|h| ("info_hash".to_string(), h.to_string()))
                .collect(),
        }
    }
}

impl Transport<'_> {
    /// Announces `req` to `tracker`; for UDP with the URL's path and query as BEP 41 URL data
    /// unless `url_data` is false.
    pub fn announce(
        &self,
        tracker: &TrackerUrl,
        req: &AnnounceRequest,
        url_data: bool,
    ) -> Reply<AnnounceResponse> {
        let reply = match tracker.transport() {
            url::Transport::Http => self.over_http(
                tracker,
                &Wire::announce(tracker, req),
                response::decode_announce,
                |a| a.failure_reason.is_some(),
            ),
            url::Transport::Udp => {
                let data = if url_data {
                    tracker.path_and_query()
                } else {
                    ""
                };
                self.over_udp(tracker, |session| session.announce(req, data))
            }
        };
        if let Ok(answer) = &reply.answer {
            self.notes(&answer.notes);
        }
        reply
    }

    /// Scrapes `hashes` at `tracker` (for HTTP, its scrape URL; no hashes: a full scrape). The
    /// answer's files are the tracker's, in its order; a UDP answer is matched to the hashes
    /// in request order, as BEP 15 has it.
    pub fn scrape(&self, tracker: &TrackerUrl, hashes: &[V1]) -> Reply<ScrapeResponse> {
        let reply = match tracker.transport() {
            url::Transport::Http => self.over_http(
                tracker,
                &Wire::scrape(tracker, hashes),
                |body| response::decode_scrape(body, hashes),
                |s| s.failure_reason.is_some(),
            ),
            url::Transport::Udp => self.over_udp(tracker, |session| {
                let counts = session.scrape(hashes)?;
                Ok(ScrapeResponse {
                    files: hashes.iter().copied().zip(counts).collect(),
                    ..Default::default()
                })
            }),
        };
        if let Ok(answer) = &reply.answer {
            self.notes(&answer.notes);
        }
        reply
    }

    /// One GET and its answer decoded. An HTTP error status is an error unless the body is a
    /// tracker's refusal (`refused`); 410 Gone always is (the tracker says: never again).
    fn over_http<T>(
        &self,
        tracker: &TrackerUrl,
        wire: &Wire,
        decode: impl Fn(&[u8]) -> Result<T, DecodeError>,
        refused: impl Fn(&T) -> bool,
    ) -> Reply<T> {
        let exchange = http_exchange(self.trace, tracker, &wire.url, &wire.fields, self.http);
        let answer = match exchange.answer {
            Ok(answer) => answer,
            Err(e) => {
                return Reply {
                    answer: Err(e),
                    elapsed: exchange.elapsed,
                    http: None,
                };
            }
        };
        let status = answer.status;
        let status_error = |text: String| {
            TrackerError::new(FailureKind::HttpStatus, text).with_http_status(status)
        };
        let decoded = match decode(&answer.body) {
            Err(e) => {
                let error = match status {
                    200 => TrackerError::new(FailureKind::Decode, e.to_string()),
                    other => status_error(format!("HTTP status {other}: {e}")),
                };
                Err(error.with_hint(e.hint()).scrubbed(tracker))
            }
            Ok(_) if status == 410 => Err(status_error("HTTP status 410 Gone".into())),
            Ok(decoded) if status != 200 && !refused(&decoded) => {
                Err(status_error(format!("HTTP status {status}")))
            }
            Ok(decoded) => Ok(decoded),
        };
        Reply {
            answer: decoded,
            elapsed: exchange.elapsed,
            http: Some(answer),
        }
    }

    /// One BEP 15 request on a socket from the pool (with the connection id issued to it), or
    /// on the caller's socket.
    fn over_udp<T>(
        &self,
        tracker: &TrackerUrl,
        ask: impl FnOnce(&mut udp::Session) -> Result<T, TrackerError>,
    ) -> Reply<T> {
        let trace = |line: String| self.trace.record(1, &[tracker.scrub(&line)]);
        let started = Instant::now();
        let answer = self
            .pool
            .resolve(tracker.authority())
            .and_then(|addr| match self.socket {
                None => udp::Session::open(addr, self.udp, self.pool, &trace),
                Some(socket) => socket
                    .try_clone()
                    .map(|socket| {
                        udp::Session::on_socket(addr, socket, self.udp, self.pool, &trace)
                    })
                    .map_err(|e| {
                        TrackerError::new(
                            FailureKind::Network,
                            format!("cannot use the UDP socket: {e}"),
                        )
                    }),
            })
            .and_then(|mut session| ask(&mut session))
            .map_err(|e| e.scrubbed(tracker));
        Reply {
            answer,
            elapsed: started.elapsed(),
            http: None,
        }
    }

    /// What the decoder noticed and let pass (a duplicate key, an odd field), for `-v`.
    fn notes(&self, notes: &[String]) {
        let lines: Vec<String> = notes.iter().map(|n| format!("< note: {n}")).collect();
        self.trace.record(1, &lines);
    }
}
