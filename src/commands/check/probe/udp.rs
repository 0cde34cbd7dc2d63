//! The prober's UDP requests (BEP 15): one socket per tracker and its connection ids,
//! announces (with BEP 41 URL data or without) and scrapes, the two connects that show how ids
//! are issued, and the scrape with an id the tracker never gave.

use std::time::Duration;

use super::Prober;
use crate::commands::Run;
use crate::commands::check::findings::{AnnounceObs, ScrapeObs, ScrapeResult};
use crate::commands::check::jobs::Job;
use crate::input::infohash::V1;
use crate::swarm;
use crate::tracker::messages::AnnounceRequest;
use crate::tracker::udp::{self, ConnectionCache, Retransmit, UdpOptions};

/// A request with a connection id the tracker never gave may get no answer at all: wait this
/// long at most (or --timeout, if shorter).
const WRONG_ID_WAIT: Duration = Duration::from_secs(3);

impl Prober<'_> {
    fn udp_opts(&self) -> UdpOptions {
        UdpOptions {
            timeout: Duration::from_secs_f64(self.run.global.timeout),
            retransmit: self.run.global.udp_retransmit.into(),
        }
    }

    /// A UDP session on this tracker's one socket (opened on first use).
    fn session<'s>(
        &'s mut self,
        cache: Option<&'s ConnectionCache>,
        opts: &'s UdpOptions,
        trace: crate::tracker::udp::Trace<'s>,
    ) -> Result<udp::Session<'s>, String> {
        let addr = self.run.udp_cache.resolve(self.job.url.authority())?;
        if self.socket.is_none() {
            let bind = if addr.is_ipv6() {
                "[::]:0"
            } else {
                "0.0.0.0:0"
            };
            let socket = std::net::UdpSocket::bind(bind)
                .map_err(|e| format!("cannot open a UDP socket: {e}"))?;
            self.socket = Some(socket);
        }
        let socket = self
            .socket
            .as_ref()
            .expect("opened above")
            .try_clone()
            .map_err(|e| format!("cannot use the UDP socket: {e}"))?;
        Ok(udp::Session::on_socket(
            addr,
            socket,
            opts,
            cache.unwrap_or(&self.cache),
            trace,
        ))
    }

    pub(super) fn udp_announce(&mut self, req: &AnnounceRequest, url_data: bool) -> AnnounceObs {
        let url = &self.job.url;
        let (run, job) = (self.run, self.job);
        let trace = trace(run, job);
        let data = if url_data { url.path_and_query() } else { "" };
        let opts = self.udp_opts();
        let outcome = self
            .session(None, &opts, &trace)
            .and_then(|mut session| session.announce(req, data))
            .map_err(|e| job.url.scrub(&e));
        AnnounceObs {
            status: None,
            content_type: None,
            body: None,
            outcome,
        }
    }

    pub(super) fn udp_scrape(&mut self, hashes: &[V1]) -> ScrapeObs {
        let (run, job) = (self.run, self.job);
        let trace = trace(run, job);
        let opts = self.udp_opts();
        let got = self
            .session(None, &opts, &trace)
            .and_then(|mut session| session.scrape(hashes));
        let url = &job.url;
        udp_scrape_obs(hashes, got.map_err(|e| url.scrub(&e)))
    }

    /// Connect #1 from this tracker's socket (its id is kept for the requests that follow), #2
    /// from a socket of its own: a tracker that issues ids per client gives two ids, a fixed
    /// one (or one derived from the IP address alone) the same.
    pub(super) fn connect(&mut self, n: u8) -> Result<u64, String> {
        self.sent();
        let (run, job) = (self.run, self.job);
        let trace = trace(run, job);
        let opts = self.udp_opts();
        let fresh = ConnectionCache::default();
        let addr = run.udp_cache.resolve(job.url.authority())?;
        let id = if n == 1 {
            self.session(Some(&fresh), &opts, &trace)
                .and_then(|mut s| s.connection_id())
        } else {
            udp::Session::open(addr, &opts, &fresh, &trace).and_then(|mut s| s.connection_id())
        }
        .map_err(|e| job.url.scrub(&e))?;
        if n == 1 {
            self.cache.put(addr, id);
        }
        Ok(id)
    }

    pub(super) fn wrong_connection_id(&mut self) {
        self.sent();
        let trace = trace(self.run, self.job);
        let timeout = Duration::from_secs_f64(self.run.global.timeout).min(WRONG_ID_WAIT);
        let opts = UdpOptions {
            timeout,
            retransmit: Retransmit::None,
        };
        let known: Vec<u64> = self.obs.connects.iter().flatten().copied().collect();
        let mut wrong = swarm::random_u64();
        while known.contains(&wrong) || wrong == udp::PROTOCOL_ID {
            wrong = wrong.wrapping_add(1);
        }
        let hash = self.job.hash;
        let (run, job) = (self.run, self.job);
        let cache = ConnectionCache::default();
        let got = run
            .udp_cache
            .resolve(job.url.authority())
            .map(|addr| cache.put(addr, wrong))
            .and_then(|()| self.session(Some(&cache), &opts, &trace))
            .and_then(|mut session| session.scrape(&[hash]));
        let url = &job.url;
        self.obs.wrong_connection_id = Some(match got {
            Err(e) => Err(url.scrub(&e)),
            Ok(answer) => Ok(udp_scrape_obs(&[hash], Ok(answer))),
        });
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
