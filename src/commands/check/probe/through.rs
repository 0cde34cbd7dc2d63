//! The prober's announces and scrapes, through the one transport `announce` and `scrape` use
//! (the same wire format, `-v` trace and redaction), and what each reply shows as an
//! observation for `findings`.

use std::net::UdpSocket;

use crate::commands::Run;
use crate::commands::check::findings::{AnnounceObs, ScrapeObs, ScrapeResult};
use crate::commands::check::jobs::Job;
use crate::input::infohash::V1;
use crate::tracker::failure::{FailureKind, TrackerError};
use crate::tracker::messages::{AnnounceRequest, ScrapeResponse};
use crate::tracker::transport::{Reply, Transport};
use crate::tracker::udp::ConnectionCache;
use crate::tracker::url::{self, TrackerUrl};

/// Where a UDP request goes out: the tracker's one socket (a clone of it) and the connection
/// ids it was given; `None` over HTTP. `Err`: the socket could not be opened.
pub(super) type Route<'a> = Result<(Option<UdpSocket>, &'a ConnectionCache), TrackerError>;

/// Sends through the transport on `route`, with the prober's options.
fn send<T>(
    run: &Run,
    job: &Job,
    route: Route,
    ask: impl FnOnce(&Transport) -> Reply<T>,
) -> Reply<T> {
    let (http, udp) = (run.http_options(), run.udp_options());
    match route {
        Ok((socket, pool)) => ask(&Transport {
            pool,
            socket: socket.as_ref(),
            ..run.transport(&http, &udp)
        }),
        Err(e) => Reply {
            answer: Err(e.scrubbed(&job.url)),
            elapsed: Default::default(),
            http: None,
        },
    }
}

/// An announce of `req` (for UDP with BEP 41 URL data, or without).
pub(super) fn announce(
    run: &Run,
    job: &Job,
    route: Route,
    req: &AnnounceRequest,
    url_data: bool,
) -> AnnounceObs {
    let reply = send(run, job, route, |t| t.announce(&job.url, req, url_data));
    let (status, content_type, body) = http_parts(&reply);
    AnnounceObs {
        status,
        content_type,
        body,
        outcome: reply.answer.map_err(|e| e.to_string()),
    }
}

/// A scrape of `hashes` (empty: a full scrape, HTTP only) at the scrape URL (HTTP) or the
/// tracker (UDP).
pub(super) fn scrape(run: &Run, job: &Job, route: Route, hashes: &[V1]) -> ScrapeObs {
    let target = match job.url.transport() {
        url::Transport::Udp => Ok(job.url.clone()),
        url::Transport::Http => match &job.scrape_url {
            Some(base) => TrackerUrl::parse(base)
                .map(|u| u.showing_secrets(run.global.show_secrets))
                .map_err(|e| e.message),
            None => Err("no BEP 48 scrape URL".to_string()),
        },
    };
    let reply = match target {
        Ok(target) => send(run, job, route, |t| t.scrape(&target, hashes)),
        Err(why) => {
            return ScrapeObs {
                hashes: hashes.to_vec(),
                status: None,
                content_type: None,
                body: None,
                outcome: Err(why),
            };
        }
    };
    scrape_obs(hashes, reply)
}

/// A scrape's reply as an observation. A UDP error packet is the tracker's answer, a refusal,
/// as a `failure reason` is over HTTP; UDP counts are paired with the hashes by position.
pub(super) fn scrape_obs(hashes: &[V1], reply: Reply<ScrapeResponse>) -> ScrapeObs {
    let (status, content_type, body) = http_parts(&reply);
    let outcome = match reply.answer {
        Ok(r) => Ok(ScrapeResult {
            failure: r.failure_reason,
            files: r.files,
            min_request_interval: r.min_request_interval,
        }),
        Err(e) if e.kind == FailureKind::TrackerSaid => Ok(ScrapeResult {
            failure: Some(e.message),
            ..Default::default()
        }),
        Err(e) => Err(e.to_string()),
    };
    ScrapeObs {
        hashes: hashes.to_vec(),
        status,
        content_type,
        body,
        outcome,
    }
}

type HttpParts = (Option<u16>, Option<String>, Option<Vec<u8>>);

/// Status, content type and body of an HTTP reply: the evidence `findings` quotes.
fn http_parts<T>(reply: &Reply<T>) -> HttpParts {
    match &reply.http {
        Some(a) => (Some(a.status), a.content_type.clone(), Some(a.body.clone())),
        None => (None, None, None),
    }
}
