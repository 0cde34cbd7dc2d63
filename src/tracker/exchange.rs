//! The one HTTP exchange with a tracker, with its verbose record: the request as sent (query
//! decoded per field, secrets redacted), the answer's status, size, time and body.

use std::time::Duration;

use crate::printable;
use crate::tracker::failure::TrackerError;
use crate::tracker::http::{self, HttpAnswer, HttpOptions};
use crate::tracker::messages::AnnounceRequest;
use crate::tracker::url::TrackerUrl;

/// Where the verbose record of each exchange goes (the run's `-v` log).
pub trait Trace: Sync {
    /// `lines` at `level`: 1 for requests and answers, 2 for bodies.
    fn record(&self, level: u8, lines: &[String]);
}

/// The result of asking one HTTP tracker: an answer to decode, or why there is none.
pub struct Exchange {
    pub answer: Result<HttpAnswer, TrackerError>,
    pub elapsed: Duration,
}

/// Sends one GET; `trace` gets the request as it goes out and the answer as it
/// comes in (level 1), and the body (level 2), with the query decoded per field and secrets
/// redacted.
pub fn http_exchange(
    trace: &dyn Trace,
    tracker: &TrackerUrl,
    full_url: &str,
    fields: &[(String, String)],
    opts: &HttpOptions,
) -> Exchange {
    let mut lines = vec![format!("> GET {}", tracker.scrub(full_url))];
    for (name, value) in fields {
        lines.push(format!(">   {name:<11} {}", tracker.scrub(value)));
    }
    lines.push(format!("> User-Agent: {}", opts.user_agent));
    lines.push("> Accept-Encoding: gzip".to_string());
    lines.push(match opts.keep_alive {
        Some(_) => "> Connection: keep-alive".to_string(),
        None => "> Connection: close".to_string(),
    });
    trace.record(1, &lines);
    let started = std::time::Instant::now();
    let answer = http::get(full_url, opts).map_err(|e| e.scrubbed(tracker));
    let elapsed = started.elapsed();
    match &answer {
        Ok(a) => {
            let mut lines: Vec<String> = a
                .redirects
                .iter()
                .map(|to| format!("< redirected to {}", tracker.scrub(to)))
                .collect();
            lines.push(format!(
                "< {} {} bytes{} in {} ms from {}",
                a.status,
                a.body.len(),
                a.content_type
                    .as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default(),
                elapsed.as_millis(),
                tracker
            ));
            trace.record(1, &lines);
            let mut lines = Vec::new();
            {
                // Text bodies as text (scrubbed: a tracker may echo the passkey), binary ones as
                // a hex dump.
                let printable = a
                    .body
                    .iter()
                    .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace());
                if printable {
                    lines.push(format!(
                        "< {}",
                        tracker.scrub(&String::from_utf8_lossy(&a.body))
                    ));
                } else {
                    let body = tracker.scrub_bytes(&a.body);
                    lines.extend(
                        printable::hexdump(&body)
                            .into_iter()
                            .map(|l| format!("< {l}")),
                    );
                }
            }
            trace.record(2, &lines);
        }
        Err(e) => trace.record(
            1,
            &[format!("< failed after {} ms: {e}", elapsed.as_millis())],
        ),
    }
    Exchange { answer, elapsed }
}

/// The announce fields as `-v` shows them, one per line.
pub fn announce_fields(req: &AnnounceRequest) -> Vec<(String, String)> {
    let mut f = vec![
        ("info_hash".to_string(), req.info_hash.to_string()),
        ("peer_id".to_string(), printable::escape_bytes(&req.peer_id)),
        ("port".to_string(), req.port.to_string()),
        ("uploaded".to_string(), req.uploaded.to_string()),
        ("downloaded".to_string(), req.downloaded.to_string()),
        ("left".to_string(), req.left.to_string()),
        ("key".to_string(), format!("{:08X}", req.key)),
        ("event".to_string(), req.event.name().to_string()),
        ("numwant".to_string(), req.numwant.to_string()),
        ("compact".to_string(), u8::from(req.compact).to_string()),
    ];
    if let Some(ip) = &req.ip {
        f.push(("ip".to_string(), ip.clone()));
    }
    if let Some(id) = &req.trackerid {
        f.push(("trackerid".to_string(), printable::escape_bytes(id)));
    }
    f
}
