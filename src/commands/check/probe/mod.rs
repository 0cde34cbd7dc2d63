//! Running the series against one tracker: the prober sends each step as its identity
//! (`plan`) through the transports of `announce` and `scrape` (`http`: functions; `udp`: the
//! tracker's socket and connection ids), paced, skips what needs an accepted announce after a
//! refusal, stops at Ctrl-C and always runs the cleanup; what it saw goes into `Observations`
//! for `findings` to judge. Neither transport module knows the prober.

mod http;
mod through;
mod udp;

use std::sync::atomic::{AtomicBool, Ordering};

use super::cleanup::{self, Registered};
use super::findings::{AnnounceObs, Observations, ScrapeObs};
use super::jobs::{Job, random_hash};
use super::plan::{Identities, ORDER_UNKNOWN, Step, Who};
use crate::commands::Run;
use crate::commands::pacer::Pacer;
use crate::input::infohash::V1;
use crate::tracker::messages::AnnounceRequest;
use crate::tracker::url::Transport;
use udp::UdpLink;

/// Runs `steps` against `job`'s tracker and returns what they saw.
pub(super) fn probe(
    run: &Run,
    job: &Job,
    steps: &[Step],
    ports: [u16; 4],
    pacer: &Pacer,
    stop_now: &AtomicBool,
) -> Observations {
    let mut prober = Prober {
        run,
        job,
        ids: Identities::new(ports, &*run.env.random),
        registered: Registered::default(),
        pacer,
        obs: Observations {
            transport: Some(job.url.transport()),
            random_hash: job.random,
            plain: job.plain,
            hash: Some(job.hash),
            ports,
            scrape_url: job.scrape_url.as_deref().map(|u| job.url.scrub(u)),
            requests_planned: steps.iter().map(|s| s.requests()).sum(),
            ..Default::default()
        },
        stop_now,
        unknown: (0..ORDER_UNKNOWN)
            .map(|_| random_hash(&*run.env.random))
            .collect(),
        udp: UdpLink::default(),
    };
    prober.execute(steps);
    prober.obs
}

struct Prober<'a> {
    run: &'a Run,
    /// The tracker, its hash and what it gets.
    job: &'a Job,
    ids: Identities,
    registered: Registered,
    pacer: &'a Pacer,
    obs: Observations,
    stop_now: &'a AtomicBool,
    /// Random hashes for the multi-hash and marker scrapes.
    unknown: Vec<V1>,
    udp: UdpLink,
}

impl Prober<'_> {
    fn execute(&mut self, steps: &[Step]) {
        let (work, cleanup): (Vec<Step>, Vec<Step>) =
            steps.iter().partition(|s| !cleanup::is_cleanup(s));
        let mut accepted = false;
        for step in work {
            if self.stop_now.load(Ordering::SeqCst) {
                self.obs.interrupted = true;
                break;
            }
            let needs_peer = matches!(
                step,
                Step::Second
                    | Step::ScrapeIdentity
                    | Step::StopOther
                    | Step::ScrapeAfterStop
                    | Step::Register(_)
                    | Step::Numwant
                    | Step::Dict
                    | Step::DictNoPeerId
                    | Step::Order(_)
            );
            if needs_peer && !accepted {
                continue;
            }
            self.step(step);
            if step == Step::Started {
                accepted = self
                    .obs
                    .started
                    .as_ref()
                    .is_some_and(|a| a.answer().is_some())
                    || self
                        .obs
                        .started_without_url_data
                        .as_ref()
                        .is_some_and(|a| a.answer().is_some());
            }
        }
        // The cleanup runs even after Ctrl-C: every identity registered gets its stopped.
        for step in cleanup {
            if let Step::Stop(w) = step
                && !self.registered.includes(w)
            {
                continue;
            }
            self.step(step);
        }
    }

    fn step(&mut self, step: Step) {
        let udp = self.job.url.transport() == Transport::Udp;
        let hashes = step.scrape(self.job, &self.unknown).unwrap_or_default();
        match step {
            Step::Connect(n) => {
                self.sent();
                let got = self.udp.connect(self.run, self.job, n);
                self.obs.connects.push(got);
            }
            Step::ScrapeBefore => self.obs.scrape_before = Some(self.scrape(&hashes)),
            Step::Started => {
                let (who, req) = step.announce(self.job, &self.ids).expect("an announce");
                let first = self.announce(who, &req, true);
                if udp && first.answer().is_none() {
                    let again = self.announce(who, &req, false);
                    self.obs.started_without_url_data = Some(again);
                }
                self.obs.started = Some(first);
            }
            Step::Second => self.obs.second = Some(self.send(step)),
            Step::ScrapeIdentity => self.obs.scrape_identity = Some(self.scrape(&hashes)),
            Step::StopOther => self.obs.stop_other = Some(self.send(step)),
            Step::ScrapeAfterStop => self.obs.scrape_after_stop = Some(self.scrape(&hashes)),
            Step::Register(w) => {
                let got = self.send(step);
                match w {
                    Who::D => self.obs.register_d = Some(got),
                    Who::E => self.obs.register_e = Some(got),
                    _ => self.obs.register_f = Some(got),
                }
            }
            Step::Numwant => self.obs.numwant = Some(self.send(step)),
            Step::Dict => self.obs.dict = Some(self.send(step)),
            Step::DictNoPeerId => self.obs.dict_no_peer_id = Some(self.send(step)),
            Step::ScrapeMulti => self.obs.scrape_multi = Some(self.scrape(&hashes)),
            Step::FullScrape => self.obs.full_scrape = Some(self.scrape(&hashes)),
            Step::Connection => {
                self.sent();
                let (got, sent) = http::connection(self.run, self.job);
                self.obs.requests_sent += sent - 1;
                if got.is_some() {
                    self.obs.connection = got;
                }
            }
            Step::Order(_) => {
                let got = self.scrape(&hashes);
                self.obs.order.push(got);
            }
            Step::WrongConnectionId => {
                self.sent();
                let known: Vec<u64> = self.obs.connects.iter().flatten().copied().collect();
                let got = self.udp.wrong_connection_id(self.run, self.job, &known);
                self.obs.wrong_connection_id = Some(got);
            }
            Step::Stop(w) => {
                let got = self.send(step);
                self.obs.stops.push((w.letter(), got));
            }
            Step::ScrapeFinal => self.obs.scrape_final = Some(self.scrape(&hashes)),
        }
    }

    /// The step's announce, as its identity.
    fn send(&mut self, step: Step) -> AnnounceObs {
        let (who, req) = step.announce(self.job, &self.ids).expect("an announce");
        self.announce(who, &req, true)
    }

    fn sent(&mut self) {
        self.pacer.wait();
        self.obs.requests_sent += 1;
    }

    fn announce(&mut self, who: Who, req: &AnnounceRequest, url_data: bool) -> AnnounceObs {
        self.sent();
        let route = self.udp.route(self.run, self.job);
        let obs = through::announce(self.run, self.job, route, req, url_data);
        if self.registered.note(who, req.event, &obs.outcome) {
            self.obs.identities_registered += 1;
        }
        obs
    }

    /// A scrape of `hashes` (empty: a full scrape, HTTP only).
    fn scrape(&mut self, hashes: &[V1]) -> ScrapeObs {
        self.sent();
        let route = self.udp.route(self.run, self.job);
        through::scrape(self.run, self.job, route, hashes)
    }
}
