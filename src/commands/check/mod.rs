//! `check`: a short, fixed series of real requests that shows what a tracker does. This module
//! plans the series, sends it (through the same transports as `announce` and `scrape`), paces
//! it (`--max-rate`), stops every identity it registered (Ctrl-C included), and prints what
//! `findings` (sans IO) makes of the answers.

pub mod findings;

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::cli::{CheckArgs, HashChoice};
use crate::commands::Run;
use crate::error::{Error, ExitCode};
use crate::input::infohash::V1;
use crate::input::{self, Target};
use crate::swarm;
use crate::tracker::http::{self, HttpOptions};
use crate::tracker::messages::{AnnounceRequest, Event};
use crate::tracker::response;
use crate::tracker::udp::{self, ConnectionCache, Retransmit, UdpOptions};
use crate::tracker::url::{ScrapeRule, TrackerUrl, Transport};
use findings::{AnnounceObs, Observations, ScrapeObs, ScrapeResult};

/// Unknown hashes around the marker in each UDP order scrape: a random reordering keeps the
/// marker in place in both scrapes with chance 1/20².
const ORDER_UNKNOWN: usize = 19;
/// A request with a connection id the tracker never gave may get no answer at all: wait this
/// long at most (or --timeout, if shorter).
const WRONG_ID_WAIT: Duration = Duration::from_secs(3);

/// One tracker to probe and with what.
struct Job {
    url: TrackerUrl,
    hash: V1,
    random: bool,
    plain: bool,
    left: u64,
    scrape_url: Option<String>,
}

/// The identities: A, B (same port as A, another peer_id), C (same port, never announced, only
/// a stopped), D, E, F (ports of their own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Who {
    fn letter(self) -> char {
        match self {
            Who::A => 'A',
            Who::B => 'B',
            Who::C => 'C',
            Who::D => 'D',
            Who::E => 'E',
            Who::F => 'F',
        }
    }
    fn slot(self) -> usize {
        match self {
            Who::A | Who::B | Who::C => 0,
            Who::D => 1,
            Who::E => 2,
            Who::F => 3,
        }
    }
    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
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
    fn requests(self) -> usize {
        match self {
            Step::Connection => 2,
            _ => 1,
        }
    }
    fn describe(self, job: &Job, ports: [u16; 4]) -> String {
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

/// The series for one tracker, in order. A private torrent without `--all-probes`: started,
/// scrape, stopped (with a scrape before, for the counts to come back to).
fn plan(job: &Job) -> Vec<Step> {
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

/// A random info-hash with its first byte ≥ 0x80: never pure ASCII, so the encoding of scrape
/// keys always shows.
fn random_hash() -> V1 {
    let mut h = [0u8; 20];
    for chunk in h.chunks_mut(8) {
        let bits = swarm::random_u64().to_be_bytes();
        chunk.copy_from_slice(&bits[..chunk.len()]);
    }
    h[0] |= 0x80;
    V1(h)
}

fn looks_like_url(arg: &str) -> bool {
    let lower = arg.trim().to_ascii_lowercase();
    ["http://", "https://", "udp://"]
        .iter()
        .any(|s| lower.starts_with(s))
}

fn jobs(run: &Run, args: &CheckArgs) -> Result<Vec<Job>, Error> {
    let show = run.global.show_secrets;
    let scrape_url = |url: &TrackerUrl| url.scrape_url(ScrapeRule::LastSegment);
    let url_job = |url: TrackerUrl, left: u64| Job {
        scrape_url: scrape_url(&url),
        url,
        hash: random_hash(),
        random: true,
        plain: false,
        left,
    };
    let mut jobs = Vec::new();
    let mut torrents: Vec<Target> = Vec::new();
    if args.targets.iter().filter(|t| *t == "-").count() > 1 {
        return Err(Error::input("'-' (stdin) can be given only once"));
    }
    let mut stdin = std::io::stdin().lock();
    for arg in &args.targets {
        if looks_like_url(arg) {
            let url = TrackerUrl::parse(arg)?.showing_secrets(show);
            jobs.push(url_job(url, args.left.unwrap_or(1)));
        } else {
            torrents.push(input::resolve(arg, &mut stdin)?);
        }
    }
    let extra: Vec<TrackerUrl> = args
        .trackers
        .iter()
        .map(|u| TrackerUrl::parse(u).map(|u| u.showing_secrets(show)))
        .collect::<Result<_, _>>()?;
    if torrents.is_empty() {
        for url in extra.iter().cloned() {
            jobs.push(url_job(url, args.left.unwrap_or(1)));
        }
    }
    for target in &torrents {
        let Some(hash) = swarm::wire_hashes(target, HashChoice::V1).first().copied() else {
            continue;
        };
        let urls: Vec<TrackerUrl> = if extra.is_empty() {
            let mut notices = Vec::new();
            let tiers = swarm::tracker_tiers(
                target,
                &crate::cli::TargetArgs {
                    torrents: Vec::new(),
                    trackers: Vec::new(),
                    only_trackers: Vec::new(),
                    hash: HashChoice::V1,
                },
                show,
                &mut notices,
            )?;
            for n in notices {
                eprintln!("note: {}", crate::render::text::sanitize(&n));
            }
            tiers.into_iter().flatten().collect()
        } else {
            extra.clone()
        };
        if urls.is_empty() {
            return Err(
                Error::input(format!("{}: no tracker to check", target.describe()))
                    .with_hint("give one with --tracker URL"),
            );
        }
        for url in urls {
            jobs.push(Job {
                scrape_url: scrape_url(&url),
                url,
                hash,
                random: false,
                plain: target.private && !args.all_probes,
                left: args.left.or(target.total_length).unwrap_or(1),
            });
        }
    }
    Ok(jobs)
}

#[derive(Serialize)]
struct CheckReport {
    command: &'static str,
    trackers: Vec<serde_json::Value>,
    requests_sent: usize,
    interrupted: bool,
}

pub fn check(run: &mut Run, args: &CheckArgs) -> Result<ExitCode, Error> {
    let jobs = jobs(run, args)?;
    let base_port = 20_000 + (swarm::random_u64() % 40_000) as u16;
    let ports = [base_port, base_port + 1, base_port + 2, base_port + 3];
    let plans: Vec<Vec<Step>> = jobs.iter().map(plan).collect();
    let total: usize = plans.iter().flatten().map(|s| s.requests()).sum();
    let udp_note = if jobs.iter().any(|j| swarm::is_udp(&j.url)) {
        ", plus a UDP connect whenever a connection id is older than 60 s"
    } else {
        ""
    };
    if run.global.dry_run {
        for (job, steps) in jobs.iter().zip(&plans) {
            say(&format!(
                "{}: at most {} requests, {} info-hash {}",
                job.url,
                steps.iter().map(|s| s.requests()).sum::<usize>(),
                if job.random {
                    "random"
                } else {
                    "the torrent's"
                },
                job.hash
            ));
            for (n, step) in steps.iter().enumerate() {
                say(&format!("  {:>2}. {}", n + 1, step.describe(job, ports)));
            }
        }
        say(&format!(
            "dry run: nothing sent ({total} requests to {} tracker{}{udp_note})",
            jobs.len(),
            if jobs.len() == 1 { "" } else { "s" }
        ));
        return Ok(ExitCode::Ok);
    }
    if !run.global.quiet {
        eprintln!(
            "check: sending at most {total} requests to {} tracker{}{udp_note}; every identity registered is stopped at the end (--dry-run lists them)",
            jobs.len(),
            if jobs.len() == 1 { "" } else { "s" }
        );
    }
    let stop_now = Arc::new(AtomicBool::new(false));
    let flag = stop_now.clone();
    if let Err(e) = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)) {
        run.log.block(
            1,
            &[format!(
                "note: Ctrl-C cannot be caught ({e}): an interrupt skips the cleanup"
            )],
        );
    }
    let gap = run
        .global
        .max_rate
        .filter(|r| r.is_finite() && *r > 0.0)
        .map(|r| Duration::from_secs_f64(1.0 / r));
    let mut pacer = Pacer { gap, last: None };
    let mut report = CheckReport {
        command: "check",
        trackers: Vec::new(),
        requests_sent: 0,
        interrupted: false,
    };
    let mut failed = false;
    for (job, steps) in jobs.iter().zip(&plans) {
        let mut prober = Prober {
            run,
            job,
            ports,
            peer_ids: std::array::from_fn(|_| swarm::new_peer_id()),
            keys: std::array::from_fn(|_| swarm::random_u64() as u32),
            registered: [false; 6],
            pacer: &mut pacer,
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
            stop_now: &stop_now,
            unknown: (0..ORDER_UNKNOWN).map(|_| random_hash()).collect(),
            socket: None,
            cache: ConnectionCache::default(),
        };
        prober.execute(steps);
        let obs = prober.obs;
        let answered = obs.requests_sent > 0
            && (obs.started.as_ref().is_some_and(|a| a.outcome.is_ok())
                || obs
                    .scrape_before
                    .as_ref()
                    .is_some_and(|s| s.outcome.is_ok()));
        let checked = findings::judge(
            &obs,
            job.url.to_string(),
            if job.random { "random" } else { "torrent" },
        );
        if !answered || checked.cleanup.back_where_they_were == Some(false) {
            failed = true;
        }
        report.requests_sent += obs.requests_sent;
        report.interrupted |= obs.interrupted;
        let mut value = serde_json::to_value(&checked).expect("a check always serialises");
        scrub(&mut value, &|t| job.url.scrub(t));
        report.trackers.push(value);
    }
    print(run, &report);
    Ok(if failed || report.interrupted {
        ExitCode::TrackerFailed
    } else {
        ExitCode::Ok
    })
}

/// A line on stdout that never panics on a closed pipe (`check --dry-run | head -1`).
fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Every string of the document through `f` (the tracker's secrets redacted).
fn scrub(value: &mut serde_json::Value, f: &dyn Fn(&str) -> String) {
    match value {
        serde_json::Value::String(s) => *s = f(s),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| scrub(v, f)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| scrub(v, f)),
        _ => {}
    }
}

fn print(run: &Run, report: &CheckReport) {
    let out = if run.global.json {
        serde_json::to_string_pretty(report).expect("a report always serialises") + "\n"
    } else if run.global.quiet {
        return;
    } else {
        let sanitize = crate::render::text::sanitize;
        let mut out = String::new();
        for t in &report.trackers {
            let s = |k: &str| t[k].as_str().unwrap_or("").to_string();
            out.push_str(&format!(
                "{} ({} info-hash {}, {} requests sent{})\n",
                sanitize(&s("url")),
                if s("hash_source") == "random" {
                    "random"
                } else {
                    "the torrent's"
                },
                s("info_hash"),
                t["requests_sent"],
                if s("probes") == "plain" {
                    "; private torrent: started, scrape, stopped only"
                } else {
                    ""
                }
            ));
            let rows: Vec<(String, String, String)> = t["findings"]
                .as_array()
                .map(|rows| {
                    rows.iter()
                        .map(|r| {
                            let f = |k: &str| sanitize(r[k].as_str().unwrap_or(""));
                            (f("finding"), f("result"), f("evidence"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            out.push_str(&findings::table_rows(&rows));
            out.push('\n');
        }
        if report.interrupted {
            out.push_str("interrupted: the remaining probes were skipped, the cleanup ran\n");
        }
        out
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}

/// `--max-rate`: at most one request per `gap`, across the whole run.
struct Pacer {
    gap: Option<Duration>,
    last: Option<Instant>,
}

impl Pacer {
    fn wait(&mut self) {
        if let (Some(gap), Some(last)) = (self.gap, self.last) {
            let due = last + gap;
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
        }
        self.last = Some(Instant::now());
    }
}

struct Prober<'a> {
    run: &'a Run,
    job: &'a Job,
    ports: [u16; 4],
    peer_ids: [[u8; 20]; 6],
    keys: [u32; 6],
    /// Identities to stop at the end: an announce other than stopped went out and was not
    /// refused.
    registered: [bool; 6],
    pacer: &'a mut Pacer,
    obs: Observations,
    stop_now: &'a AtomicBool,
    unknown: Vec<V1>,
    /// UDP: one socket for every request to this tracker, and its connection ids.
    socket: Option<std::net::UdpSocket>,
    cache: ConnectionCache,
}

impl Prober<'_> {
    fn execute(&mut self, steps: &[Step]) {
        let (work, cleanup): (Vec<Step>, Vec<Step>) = steps
            .iter()
            .partition(|s| !matches!(s, Step::Stop(_) | Step::ScrapeFinal));
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
                && !self.registered[w.index()]
            {
                continue;
            }
            self.step(step);
        }
    }

    fn request(&self, who: Who, event: Event) -> AnnounceRequest {
        AnnounceRequest {
            port: self.ports[who.slot()],
            left: self.job.left,
            key: self.keys[who.index()],
            event,
            numwant: match event {
                Event::Stopped => 0,
                _ => 50,
            },
            ..AnnounceRequest::new(self.job.hash, self.peer_ids[who.index()])
        }
    }

    fn step(&mut self, step: Step) {
        let udp = self.job.url.transport() == Transport::Udp;
        match step {
            Step::Connect(n) => {
                let got = self.connect(n);
                self.obs.connects.push(got);
            }
            Step::ScrapeBefore => self.obs.scrape_before = Some(self.scrape(&[self.job.hash])),
            Step::Started => {
                let req = self.request(Who::A, Event::Started);
                let first = self.announce(Who::A, &req, true);
                if udp && first.answer().is_none() {
                    let again = self.announce(Who::A, &req, false);
                    self.obs.started_without_url_data = Some(again);
                }
                self.obs.started = Some(first);
            }
            Step::Second => {
                let req = self.request(Who::B, Event::Started);
                self.obs.second = Some(self.announce(Who::B, &req, true));
            }
            Step::ScrapeIdentity => self.obs.scrape_identity = Some(self.scrape(&[self.job.hash])),
            Step::StopOther => {
                let req = self.request(Who::C, Event::Stopped);
                self.obs.stop_other = Some(self.announce(Who::C, &req, true));
            }
            Step::ScrapeAfterStop => {
                self.obs.scrape_after_stop = Some(self.scrape(&[self.job.hash]))
            }
            Step::Register(w) => {
                let req = self.request(w, Event::Started);
                let got = self.announce(w, &req, true);
                match w {
                    Who::D => self.obs.register_d = Some(got),
                    Who::E => self.obs.register_e = Some(got),
                    _ => self.obs.register_f = Some(got),
                }
            }
            Step::Numwant => {
                let req = AnnounceRequest {
                    numwant: 1,
                    ..self.request(Who::D, Event::None)
                };
                self.obs.numwant = Some(self.announce(Who::D, &req, true));
            }
            Step::Dict => {
                let req = AnnounceRequest {
                    compact: false,
                    no_peer_id: false,
                    ..self.request(Who::E, Event::None)
                };
                self.obs.dict = Some(self.announce(Who::E, &req, true));
            }
            Step::DictNoPeerId => {
                let req = AnnounceRequest {
                    compact: false,
                    no_peer_id: true,
                    ..self.request(Who::E, Event::None)
                };
                self.obs.dict_no_peer_id = Some(self.announce(Who::E, &req, true));
            }
            Step::ScrapeMulti => {
                let hashes = [self.unknown[0], self.job.hash, self.unknown[1]];
                self.obs.scrape_multi = Some(self.scrape(&hashes));
            }
            Step::FullScrape => self.obs.full_scrape = Some(self.scrape(&[])),
            Step::Connection => self.connection(),
            Step::Order(n) => {
                let mut hashes = self.unknown.clone();
                if n == 1 {
                    hashes.insert(0, self.job.hash);
                } else {
                    hashes.push(self.job.hash);
                }
                let got = self.scrape(&hashes);
                self.obs.order.push(got);
            }
            Step::WrongConnectionId => self.wrong_connection_id(),
            Step::Stop(w) => {
                let req = self.request(w, Event::Stopped);
                let got = self.announce(w, &req, true);
                self.obs.stops.push((w.letter(), got));
            }
            Step::ScrapeFinal => self.obs.scrape_final = Some(self.scrape(&[self.job.hash])),
        }
    }

    fn http_opts(&self) -> HttpOptions {
        HttpOptions {
            timeout: Duration::from_secs_f64(self.run.global.timeout),
            user_agent: concat!("trackerctl/", env!("CARGO_PKG_VERSION")).to_string(),
            insecure: self.run.global.insecure,
        }
    }

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

    fn sent(&mut self) {
        self.pacer.wait();
        self.obs.requests_sent += 1;
    }

    fn announce(&mut self, who: Who, req: &AnnounceRequest, url_data: bool) -> AnnounceObs {
        self.sent();
        let url = &self.job.url;
        let obs = if url.transport() == Transport::Udp {
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
        } else {
            let full = TrackerUrl::with_query(url.reveal(), &http::announce_query(req));
            let exchange = swarm::http_exchange(
                &self.run.global,
                &self.run.log,
                url,
                &full,
                &swarm::announce_fields(req),
                &self.http_opts(),
            );
            match exchange.map(|e| e.answer) {
                None => AnnounceObs {
                    status: None,
                    content_type: None,
                    body: None,
                    outcome: Err("not sent".into()),
                },
                Some(Err(e)) => AnnounceObs {
                    status: None,
                    content_type: None,
                    body: None,
                    outcome: Err(e),
                },
                Some(Ok(a)) => {
                    let outcome = match response::decode_announce(&a.body) {
                        Err(e) if a.status != 200 => Err(format!("HTTP {}: {e}", a.status)),
                        Err(e) => Err(e.to_string()),
                        Ok(r) if r.failure_reason.is_none() && a.status != 200 => {
                            Err(format!("HTTP status {}", a.status))
                        }
                        Ok(r) => Ok(r),
                    };
                    AnnounceObs {
                        status: Some(a.status),
                        content_type: a.content_type.clone(),
                        body: Some(a.body),
                        outcome: outcome.map_err(|e| url.scrub(&e)),
                    }
                }
            }
        };
        if req.event != Event::Stopped {
            // Anything but an explicit refusal may have registered the peer: stop it later.
            let refused = matches!(&obs.outcome, Ok(r) if r.failure_reason.is_some())
                || matches!(&obs.outcome, Err(e) if e.contains("too short"));
            if !refused && !self.registered[who.index()] {
                self.registered[who.index()] = true;
                self.obs.identities_registered += 1;
            }
        }
        obs
    }

    /// A scrape of `hashes` (empty: a full scrape, HTTP only).
    fn scrape(&mut self, hashes: &[V1]) -> ScrapeObs {
        self.sent();
        let url = &self.job.url;
        if url.transport() == Transport::Udp {
            let (run, job) = (self.run, self.job);
            let trace = trace(run, job);
            let opts = self.udp_opts();
            let got = self
                .session(None, &opts, &trace)
                .and_then(|mut session| session.scrape(hashes));
            let url = &job.url;
            return udp_scrape_obs(hashes, got.map_err(|e| url.scrub(&e)));
        }
        let Some(base) = &self.job.scrape_url else {
            return ScrapeObs {
                hashes: hashes.to_vec(),
                status: None,
                content_type: None,
                body: None,
                outcome: Err("no BEP 48 scrape URL".into()),
            };
        };
        let full = if hashes.is_empty() {
            base.clone()
        } else {
            TrackerUrl::with_query(base, &http::scrape_query(hashes))
        };
        let fields: Vec<(String, String)> = hashes
            .iter()
            .map(|h| ("info_hash".to_string(), h.to_string()))
            .collect();
        let exchange = swarm::http_exchange(
            &self.run.global,
            &self.run.log,
            url,
            &full,
            &fields,
            &self.http_opts(),
        );
        let answer = match exchange.map(|e| e.answer) {
            Some(Ok(a)) => a,
            Some(Err(e)) => {
                return ScrapeObs {
                    hashes: hashes.to_vec(),
                    status: None,
                    content_type: None,
                    body: None,
                    outcome: Err(e),
                };
            }
            None => {
                return ScrapeObs {
                    hashes: hashes.to_vec(),
                    status: None,
                    content_type: None,
                    body: None,
                    outcome: Err("not sent".into()),
                };
            }
        };
        let outcome = match response::decode_scrape(&answer.body, hashes) {
            Err(e) if answer.status != 200 => Err(format!("HTTP {}: {e}", answer.status)),
            Err(e) => Err(e.to_string()),
            Ok(r) if r.failure_reason.is_none() && answer.status != 200 => {
                Err(format!("HTTP status {}", answer.status))
            }
            Ok(r) => Ok(ScrapeResult {
                failure: r.failure_reason,
                files: r.files,
                min_request_interval: r.min_request_interval,
            }),
        };
        ScrapeObs {
            hashes: hashes.to_vec(),
            status: Some(answer.status),
            content_type: answer.content_type,
            body: Some(answer.body),
            outcome: outcome.map_err(|e| url.scrub(&e)),
        }
    }

    /// A connect with an empty cache; the second one's id is kept for the requests that follow.
    /// Connect #1 from this tracker's socket (its id is kept for the requests that follow), #2
    /// from a socket of its own: a tracker that issues ids per client gives two ids, a fixed
    /// one (or one derived from the IP address alone) the same.
    fn connect(&mut self, n: u8) -> Result<u64, String> {
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

    fn wrong_connection_id(&mut self) {
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

    fn connection(&mut self) {
        self.sent();
        self.obs.requests_sent += 1; // the second GET on the connection
        let Some(base) = &self.job.scrape_url else {
            return;
        };
        let full = TrackerUrl::with_query(base, &http::scrape_query(&[self.job.hash]));
        self.run.log.block(
            1,
            &[format!(
                "> GET {} twice on one connection (Connection: keep-alive, Accept-Encoding: gzip)",
                self.job.url.scrub(&full)
            )],
        );
        let got =
            http::probe_connection(&full, &self.http_opts()).map_err(|e| self.job.url.scrub(&e));
        if let Ok(p) = &got {
            if p.requests < 2 {
                self.obs.requests_sent -= 1;
            }
            self.run.log.block(
                1,
                &[format!(
                    "< {} {} Connection: {} Content-Encoding: {}; second request answered: {:?}",
                    p.version,
                    p.status,
                    p.connection.as_deref().unwrap_or("-"),
                    p.content_encoding.as_deref().unwrap_or("-"),
                    p.second_answered
                )],
            );
        } else {
            self.obs.requests_sent -= 1;
        }
        self.obs.connection = Some(got);
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
