//! The series of requests `check` sends to one tracker: the identities it announces as, each
//! step and what it sends (as `--dry-run` lists it), and the order of the steps.

use super::jobs::Job;
use crate::input::infohash::V1;
use crate::tracker::messages::{AnnounceRequest, Event};
use crate::tracker::url::Transport;

/// Unknown hashes around the marker in each UDP order scrape: a random reordering keeps the
/// marker in place in both scrapes with chance 1/20².
pub(super) const ORDER_UNKNOWN: usize = 19;

/// The identities: A, B (same port as A, another peer_id), C (same port, never announced, only
/// a stopped), D, E, F (ports of their own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Who {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Who {
    pub(super) fn letter(self) -> char {
        match self {
            Who::A => 'A',
            Who::B => 'B',
            Who::C => 'C',
            Who::D => 'D',
            Who::E => 'E',
            Who::F => 'F',
        }
    }
    pub(super) fn slot(self) -> usize {
        match self {
            Who::A | Who::B | Who::C => 0,
            Who::D => 1,
            Who::E => 2,
            Who::F => 3,
        }
    }
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Step {
    Connect(u8),
    ScrapeBefore,
    Started,
    Second,
    ScrapeIdentity,
    StopOther,
    ScrapeAfterStop,
    Register(Who),
    Numwant,
    Dict,
    DictNoPeerId,
    ScrapeMulti,
    FullScrape,
    Connection,
    Order(u8),
    WrongConnectionId,
    Stop(Who),
    ScrapeFinal,
}

impl Step {
    /// How many requests the step sends at most.
    pub(super) fn requests(self) -> usize {
        match self {
            Step::Connection => 2,
            _ => 1,
        }
    }
    pub(super) fn describe(self, job: &Job, ports: [u16; 4]) -> String {
        let h = job.hash;
        let port = |w: Who| ports[w.slot()];
        let udp = job.url.transport() == Transport::Udp;
        match self {
            Step::Connect(1) => "UDP connect (no cached connection id)".to_string(),
            Step::Connect(_) => "UDP connect from a second socket".to_string(),
            Step::ScrapeBefore => format!("scrape {h} (counts before)"),
            Step::Started => format!(
                "announce A started, port {}, numwant 50, left {}{}",
                port(Who::A),
                job.left,
                if udp {
                    " with BEP 41 URL data (again without it if that fails)"
                } else {
                    ", compact=1"
                }
            ),
            Step::Second => format!(
                "announce B started: same port {}, another peer_id",
                port(Who::B)
            ),
            Step::ScrapeIdentity => format!("scrape {h} (one peer or two?)"),
            Step::StopOther => format!(
                "announce C stopped: same port {}, a peer_id never announced",
                port(Who::C)
            ),
            Step::ScrapeAfterStop => format!("scrape {h} (did C's stopped remove a peer?)"),
            Step::Register(w) => format!(
                "announce {} started, port {}{}",
                w.letter(),
                port(w),
                if w == Who::F { ", numwant 50" } else { "" }
            ),
            Step::Numwant => format!("announce D (no event), port {}, numwant 1", port(Who::D)),
            Step::Dict => format!(
                "announce E (no event), port {}, compact=0 without no_peer_id",
                port(Who::E)
            ),
            Step::DictNoPeerId => format!(
                "announce E (no event), port {}, compact=0&no_peer_id=1",
                port(Who::E)
            ),
            Step::ScrapeMulti => format!("scrape [random, {h}, random]"),
            Step::FullScrape => "full scrape (the scrape URL without info_hash)".to_string(),
            Step::Connection => {
                "two GETs of the scrape URL on one connection (keep-alive, gzip)".to_string()
            }
            Step::Order(1) => format!("scrape [{h}, {ORDER_UNKNOWN} random hashes]"),
            Step::Order(_) => format!("scrape [the same {ORDER_UNKNOWN} random hashes, {h}]"),
            Step::WrongConnectionId => {
                format!("scrape {h} with a connection id the tracker never gave")
            }
            Step::Stop(w) => format!(
                "announce {} stopped, port {} (cleanup)",
                w.letter(),
                port(w)
            ),
            Step::ScrapeFinal => format!("scrape {h} (counts after)"),
        }
    }
}

/// The ports, peer_ids and keys the identities announce with, for one run of the series.
pub(super) struct Identities {
    /// Ports of A/B/C, D, E, F (`Who::slot`).
    pub(super) ports: [u16; 4],
    peer_ids: [[u8; 20]; 6],
    keys: [u32; 6],
}

impl Identities {
    /// Random peer_ids and keys.
    pub(super) fn new(ports: [u16; 4], random: &dyn crate::env::Random) -> Identities {
        Identities {
            ports,
            peer_ids: std::array::from_fn(|_| crate::identity::new_peer_id(random)),
            keys: std::array::from_fn(|_| random.u64() as u32),
        }
    }

    /// `who`'s announce with `event`: numwant 50 (0 with a stopped), compact.
    fn request(&self, job: &Job, who: Who, event: Event) -> AnnounceRequest {
        AnnounceRequest {
            port: self.ports[who.slot()],
            left: job.left,
            key: self.keys[who.index()],
            event,
            numwant: match event {
                Event::Stopped => 0,
                _ => 50,
            },
            ..AnnounceRequest::new(job.hash, self.peer_ids[who.index()])
        }
    }
}

impl Step {
    /// The announce the step sends and as whom; None for a step that sends none.
    pub(super) fn announce(self, job: &Job, ids: &Identities) -> Option<(Who, AnnounceRequest)> {
        let req = |who, event| Some((who, ids.request(job, who, event)));
        match self {
            Step::Started => req(Who::A, Event::Started),
            Step::Second => req(Who::B, Event::Started),
            Step::StopOther => req(Who::C, Event::Stopped),
            Step::Register(w) => req(w, Event::Started),
            Step::Numwant => Some((
                Who::D,
                AnnounceRequest {
                    numwant: 1,
                    ..ids.request(job, Who::D, Event::None)
                },
            )),
            Step::Dict | Step::DictNoPeerId => Some((
                Who::E,
                AnnounceRequest {
                    compact: false,
                    no_peer_id: self == Step::DictNoPeerId,
                    ..ids.request(job, Who::E, Event::None)
                },
            )),
            Step::Stop(w) => req(w, Event::Stopped),
            _ => None,
        }
    }

    /// The hashes the step scrapes (empty: a full scrape), with `unknown` the tracker's
    /// random hashes (at least `ORDER_UNKNOWN`); None for a step that is no scrape.
    pub(super) fn scrape(self, job: &Job, unknown: &[V1]) -> Option<Vec<V1>> {
        let h = job.hash;
        match self {
            Step::ScrapeBefore
            | Step::ScrapeIdentity
            | Step::ScrapeAfterStop
            | Step::Connection
            | Step::WrongConnectionId
            | Step::ScrapeFinal => Some(vec![h]),
            Step::ScrapeMulti => Some(vec![unknown[0], h, unknown[1]]),
            Step::FullScrape => Some(Vec::new()),
            Step::Order(n) => {
                let mut hashes = unknown.to_vec();
                if n == 1 {
                    hashes.insert(0, h);
                } else {
                    hashes.push(h);
                }
                Some(hashes)
            }
            _ => None,
        }
    }
}

/// The series for one tracker, in order. A private torrent without `--all-probes`: started,
/// scrape, stopped (with a scrape before, for the counts to come back to).
pub(super) fn plan(job: &Job) -> Vec<Step> {
    let udp = job.url.transport() == Transport::Udp;
    let scrape = udp || job.scrape_url.is_some();
    let mut steps = Vec::new();
    if job.plain {
        if scrape {
            steps.push(Step::ScrapeBefore);
        }
        steps.push(Step::Started);
        steps.push(Step::Stop(Who::A));
        if scrape {
            steps.push(Step::ScrapeFinal);
        }
        return steps;
    }
    if udp {
        steps.extend([Step::Connect(1), Step::Connect(2)]);
    }
    let s = |step: Step| if scrape { Some(step) } else { None };
    steps.extend(
        [
            s(Step::ScrapeBefore),
            Some(Step::Started),
            Some(Step::Second),
            s(Step::ScrapeIdentity),
            Some(Step::StopOther),
            s(Step::ScrapeAfterStop),
            Some(Step::Register(Who::D)),
            Some(Step::Register(Who::E)),
            Some(Step::Register(Who::F)),
            Some(Step::Numwant),
        ]
        .into_iter()
        .flatten(),
    );
    if udp {
        steps.extend([Step::Order(1), Step::Order(2), Step::WrongConnectionId]);
    } else {
        steps.extend([Step::Dict, Step::DictNoPeerId]);
        if scrape {
            steps.extend([Step::ScrapeMulti, Step::FullScrape]);
            if job.url.reveal()[..7].eq_ignore_ascii_case("http://") {
                steps.push(Step::Connection);
            }
        }
    }
    for w in [Who::A, Who::B, Who::D, Who::E, Who::F] {
        steps.push(Step::Stop(w));
    }
    if scrape {
        steps.push(Step::ScrapeFinal);
    }
    steps
}
