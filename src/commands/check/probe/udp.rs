//! The prober's UDP requests (BEP 15): one socket per tracker and its connection ids,
//! announces (with BEP 41 URL data or without) and scrapes, the two connects that show how ids
//! are issued, and the scrape with an id the tracker never gave.

use crate::tracker::failure::{FailureKind, TrackerError};
use crate::tracker::messages::ScrapeCounts;
use crate::tracker::url::TrackerUrl;
use std::time::Duration;

use crate::commands::Run;
use crate::commands::check::findings::{AnnounceObs, ScrapeObs, ScrapeResult};
use crate::commands::check::jobs::Job;
use crate::input::infohash::V1;
use crate::tracker::messages::AnnounceRequest;
use crate::tracker::udp::{self, ConnectionCache, Retransmit, UdpOptions};

/// A request with a connection id the tracker never gave may get no answer at all: wait this
/// long at most (or --timeout, if shorter).
const WRONG_ID_WAIT: Duration = Duration::from_secs(3);

/// One tracker's UDP link: one socket for every request to it (opened on first use), and the
/// connection ids it gave.
#[derive(Default)]
pub(super) struct UdpLink {
    socket: Option<std::net::UdpSocket>,
    cache: ConnectionCache,
}

impl UdpLink {
    /// A UDP session on this tracker's one socket (opened on first use).
    fn session<'s>(
        &'s mut self,
        run: &Run,
        job: &Job,
        cache: Option<&'s ConnectionCache>,
        opts: &'s UdpOptions,
        trace: crate::tracker::udp::Trace<'s>,
    ) -> Result<udp::Session<'s>, TrackerError> {
        let network = |text: String| TrackerError::new(FailureKind::Network, text);
        let addr = run.udp_cache.resolve(job.url.authority())?;
        if self.socket.is_none() {
            let bind = if addr.is_ipv6() {
                "[::]:0"
            } else {
                "0.0.0.0:0"
            };
            let socket = std::net::UdpSocket::bind(bind)
                .map_err(|e| network(format!("cannot open a UDP socket: {e}")))?;
            self.socket = Some(socket);
        }
        let socket = self
            .socket
            .as_ref()
            .expect("opened above")
            .try_clone()
            .map_err(|e| network(format!("cannot use the UDP socket: {e}")))?;
        Ok(udp::Session::on_socket(
            addr,
            socket,
            opts,
            cache.unwrap_or(&self.cache),
            trace,
        ))
    }

    /// An announce, with the URL's path and query as BEP 41 URL data or without.
    pub(super) fn announce(
        &mut self,
        run: &Run,
        job: &Job,
        req: &AnnounceRequest,
        url_data: bool,
    ) -> AnnounceObs {
        let url = &job.url;
        let trace = trace(run, job);
        let data = if url_data { url.path_and_query() } else { "" };
        let opts = options(run);
        let outcome = self
            .session(run, job, None, &opts, &trace)
            .and_then(|mut session| session.announce(req, data))
            .map_err(|e| e.scrubbed(url).to_string());
        AnnounceObs {
            status: None,
            content_type: None,
            body: None,
            outcome,
        }
    }

    pub(super) fn scrape(&mut self, run: &Run, job: &Job, hashes: &[V1]) -> ScrapeObs {
        let trace = trace(run, job);
        let opts = options(run);
        let got = self
            .session(run, job, None, &opts, &trace)
            .and_then(|mut session| session.scrape(hashes));
        udp_scrape_obs(hashes, refusal_apart(got, &job.url))
    }

    /// Connect #1 from this tracker's socket (its id is kept for the requests that follow), #2
    /// from a socket of its own: a tracker that issues ids per client gives two ids, a fixed
    /// one (or one derived from the IP address alone) the same.
    pub(super) fn connect(&mut self, run: &Run, job: &Job, n: u8) -> Result<u64, String> {
        let trace = trace(run, job);
        let opts = options(run);
        let fresh = ConnectionCache::default();
        let addr = run
            .udp_cache
            .resolve(job.url.authority())
            .map_err(|e| e.scrubbed(&job.url).to_string())?;
        let id = if n == 1 {
            self.session(run, job, Some(&fresh), &opts, &trace)
                .and_then(|mut s| s.connection_id())
        } else {
            udp::Session::open(addr, &opts, &fresh, &trace).and_then(|mut s| s.connection_id())
        }
        .map_err(|e| e.scrubbed(&job.url).to_string())?;
        if n == 1 {
            self.cache.put(addr, id);
        }
        Ok(id)
    }

    /// A scrape of the job's hash with a connection id the tracker never gave (none of
    /// `known`).
    pub(super) fn wrong_connection_id(
        &mut self,
        run: &Run,
        job: &Job,
        known: &[u64],
    ) -> Result<ScrapeObs, String> {
        let trace = trace(run, job);
        let timeout = run.global.timeout.min(WRONG_ID_WAIT);
        let opts = UdpOptions {
            timeout,
            retransmit: Retransmit::None,
            random: run.env.random.clone(),
        };
        let mut wrong = run.env.random.u64();
        while known.contains(&wrong) || wrong == crate::tracker::udp_packet::PROTOCOL_ID {
            wrong = wrong.wrapping_add(1);
        }
        let hash = job.hash;
        let cache = ConnectionCache::default();
        let got = run
            .udp_cache
            .resolve(job.url.authority())
            .map(|addr| cache.put(addr, wrong))
            .and_then(|()| self.session(run, job, Some(&cache), &opts, &trace))
            .and_then(|mut session| session.scrape(&[hash]));
        match refusal_apart(got, &job.url) {
            Err(e) => Err(e),
            Ok(answer) => Ok(udp_scrape_obs(&[hash], Ok(answer))),
        }
    }
}

/// A UDP scrape's result with the tracker's refusal (an error packet: it answered) apart from
/// a failure to get an answer at all, texts redacted.
fn refusal_apart(
    got: Result<Vec<ScrapeCounts>, TrackerError>,
    url: &TrackerUrl,
) -> Result<Result<Vec<ScrapeCounts>, String>, String> {
    match got {
        Ok(counts) => Ok(Ok(counts)),
        Err(e) if e.kind == FailureKind::TrackerSaid => Ok(Err(url.scrub(&e.message))),
        Err(e) => Err(e.scrubbed(url).to_string()),
    }
}

fn options(run: &Run) -> UdpOptions {
    UdpOptions {
        timeout: run.global.timeout,
        retransmit: run.global.retransmit,
        random: run.env.random.clone(),
    }
}

/// The `-v` trace of UDP packets, secrets redacted.
fn trace<'b>(run: &'b Run, job: &'b Job) -> impl Fn(String) + Sync + 'b {
    move |line: String| run.log.block(1, &[job.url.scrub(&line)])
}

fn udp_scrape_obs(
    hashes: &[V1],
    got: Result<Result<Vec<crate::tracker::messages::ScrapeCounts>, String>, String>,
) -> ScrapeObs {
    match got {
        Ok(Ok(counts)) => ScrapeObs::udp(hashes.to_vec(), counts),
        Ok(Err(message)) => ScrapeObs {
            hashes: hashes.to_vec(),
            status: None,
            content_type: None,
            body: None,
            outcome: Ok(ScrapeResult {
                failure: Some(message),
                ..Default::default()
            }),
        },
        Err(e) => ScrapeObs {
            hashes: hashes.to_vec(),
            status: None,
            content_type: None,
            body: None,
            outcome: Err(e),
        },
    }
}
