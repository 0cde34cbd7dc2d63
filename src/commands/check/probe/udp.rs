//! The prober's UDP side (BEP 15): one socket per tracker and the connection ids it was given,
//! which its announces and scrapes go out on through the one transport; the two connects that
//! show how ids are issued; and the scrape with an id the tracker never gave.

use std::net::UdpSocket;
use std::time::Duration;

use super::through::{Route, scrape_obs};
use crate::commands::Run;
use crate::commands::check::findings::ScrapeObs;
use crate::commands::check::jobs::Job;
use crate::tracker::failure::{FailureKind, TrackerError};
use crate::tracker::transport::Transport;
use crate::tracker::udp::{self, ConnectionCache, Retransmit, UdpOptions};

/// A request with a connection id the tracker never gave may get no answer at all: wait this
/// long at most (or --timeout, if shorter).
const WRONG_ID_WAIT: Duration = Duration::from_secs(3);

/// One tracker's UDP link: one socket for every request to it (opened on first use), and the
/// connection ids it gave.
#[derive(Default)]
pub(super) struct UdpLink {
    socket: Option<UdpSocket>,
    cache: ConnectionCache,
}

impl UdpLink {
    /// This tracker's one socket, opened on first use.
    pub(super) fn socket(&mut self, run: &Run, job: &Job) -> Result<&UdpSocket, TrackerError> {
        if self.socket.is_none() {
            let addr = run.udp_cache.resolve(job.url.authority())?;
            self.socket = Some(udp::open_socket(addr)?);
            // The link's requests go through the transport, which resolves with the link's
            // cache: the same address as the run's, whatever the name's other addresses.
            self.cache.remember(job.url.authority(), addr);
        }
        Ok(self.socket.as_ref().expect("opened above"))
    }

    /// Where this tracker's announces and scrapes go out: its one socket and the ids it gave
    /// (HTTP: no socket).
    pub(super) fn route(&mut self, run: &Run, job: &Job) -> Route<'_> {
        if job.url.transport() == crate::tracker::url::Transport::Http {
            return Ok((None, &self.cache));
        }
        let socket = self.socket(run, job)?.try_clone().map_err(|e| {
            TrackerError::new(
                FailureKind::Network,
                format!("cannot use the UDP socket: {e}"),
            )
        })?;
        Ok((Some(socket), &self.cache))
    }

    /// Connect #1 from this tracker's socket (its id is kept for the requests that follow), #2
    /// from a socket of its own: a tracker that issues ids per client gives two ids, a fixed
    /// one (or one derived from the IP address alone) the same.
    pub(super) fn connect(&mut self, run: &Run, job: &Job, n: u8) -> Result<u64, String> {
        let scrubbed = |e: TrackerError| e.scrubbed(&job.url).to_string();
        let trace = |line: String| run.log.block(1, &[job.url.scrub(&line)]);
        let opts = run.udp_options();
        let fresh = ConnectionCache::default();
        let addr = run
            .udp_cache
            .resolve(job.url.authority())
            .map_err(scrubbed)?;
        let id = if n == 1 {
            let socket = self.socket(run, job).map_err(scrubbed)?;
            let socket = socket.try_clone().map_err(|e| e.to_string())?;
            udp::Session::on_socket(addr, socket, &opts, &fresh, &trace).connection_id()
        } else {
            udp::Session::open(addr, &opts, &fresh, &trace).and_then(|mut s| s.connection_id())
        }
        .map_err(scrubbed)?;
        if n == 1 {
            self.cache.put(addr, id);
        }
        Ok(id)
    }

    /// A scrape of the job's hash with a connection id the tracker never gave (none of
    /// `known`): `Err` when nothing came back.
    pub(super) fn wrong_connection_id(
        &mut self,
        run: &Run,
        job: &Job,
        known: &[u64],
    ) -> Result<ScrapeObs, String> {
        let opts = UdpOptions {
            timeout: run.global.timeout.min(WRONG_ID_WAIT),
            retransmit: Retransmit::None,
            ..run.udp_options()
        };
        let mut wrong = run.env.random.u64();
        while known.contains(&wrong) || wrong == crate::tracker::udp_packet::PROTOCOL_ID {
            wrong = wrong.wrapping_add(1);
        }
        let seeded = ConnectionCache::default();
        let scrubbed = |e: TrackerError| e.scrubbed(&job.url).to_string();
        let addr = run
            .udp_cache
            .resolve(job.url.authority())
            .map_err(scrubbed)?;
        seeded.remember(job.url.authority(), addr);
        seeded.put(addr, wrong);
        let socket = self.socket(run, job).map_err(scrubbed)?;
        let http = run.http_options();
        let reply = Transport {
            pool: &seeded,
            socket: Some(socket),
            ..run.transport(&http, &opts)
        }
        .scrape(&job.url, &[job.hash]);
        match reply.answer {
            Err(e) if e.kind != FailureKind::TrackerSaid => Err(e.to_string()),
            _ => Ok(scrape_obs(&[job.hash], reply)),
        }
    }
}
