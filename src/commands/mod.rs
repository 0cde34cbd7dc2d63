//! The subcommands, each a function from its arguments to a `Report`.

pub mod announce;
mod ask;
pub mod check;
pub mod executor;
pub mod follow;
pub mod limits;
pub mod pacer;
pub mod parallel;
pub mod scrape;
pub mod stop;
pub mod tiers;

use crate::cli::TargetArgs;
use crate::error::Error;
use crate::input::{self, Target};
use crate::plan::trackers::Chosen;
use crate::render::log::Log;
use crate::report::{Status, Summary, TorrentReport, TrackerReport};
use crate::state::Store;
use std::time::Instant;

/// What every subcommand works with.
pub struct Run {
    /// The clock, randomness and streams of this run.
    pub env: std::sync::Arc<crate::env::Env>,
    pub global: crate::settings::Settings,
    pub log: Log,
    pub store: Store,
    /// UDP connection ids, shared by every request of the run (BEP 15).
    pub udp_cache: crate::tracker::udp::ConnectionCache,
}

impl Run {
    /// HTTP requests as `--timeout` and `--insecure` say, trackerctl's User-Agent, one
    /// connection each.
    pub fn http_options(&self) -> crate::tracker::http::HttpOptions {
        crate::tracker::http::HttpOptions {
            timeout: self.global.timeout,
            user_agent: concat!("trackerctl/", env!("CARGO_PKG_VERSION")).to_string(),
            insecure: self.global.insecure,
            keep_alive: None,
        }
    }

    /// The transport with these options, the run's UDP connection pool and its `-v` log.
    pub fn transport<'a>(
        &'a self,
        http: &'a crate::tracker::http::HttpOptions,
        udp: &'a crate::tracker::udp::UdpOptions,
    ) -> crate::tracker::transport::Transport<'a> {
        crate::tracker::transport::Transport {
            http,
            udp,
            pool: &self.udp_cache,
            socket: None,
            trace: &self.log,
        }
    }

    /// UDP requests as `--timeout` and `--udp-retransmit` say, with the run's randomness.
    pub fn udp_options(&self) -> crate::tracker::udp::UdpOptions {
        crate::tracker::udp::UdpOptions {
            timeout: self.global.timeout,
            retransmit: self.global.retransmit,
            random: self.env.random.clone(),
        }
    }

    /// The TORRENT arguments, then `--dir` and `--from-file`; stdin at most once.
    pub fn batch_targets(
        &self,
        args: &TargetArgs,
        batch: &crate::cli::BatchArgs,
    ) -> Result<Vec<Target>, Error> {
        let mut names: Vec<String> = args.torrents.clone();
        if let Some(dir) = &batch.dir {
            names.extend(input::list::torrent_files(dir, batch.recursive)?);
        }
        if let Some(list) = &batch.from_file {
            let mut stdin = self.env.stdin.lock().unwrap_or_else(|e| e.into_inner());
            names.extend(input::list::from_file(list, &mut **stdin)?);
        }
        let mut all = args.clone();
        all.torrents = names;
        self.targets(&all)
    }

    /// Reads every TORRENT argument; stdin at most once.
    pub fn targets(&self, args: &TargetArgs) -> Result<Vec<Target>, Error> {
        if args.torrents.is_empty() {
            return Err(Error::input("no TORRENT given")
                .with_hint("give a .torrent file, '-', a magnet link or an info-hash"));
        }
        if args.torrents.iter().filter(|t| *t == "-").count() > 1 {
            return Err(Error::input("'-' (stdin) can be given only once"));
        }
        let mut stdin = self.env.stdin.lock().unwrap_or_else(|e| e.into_inner());
        let mut targets = Vec::new();
        for arg in &args.torrents {
            let target = input::resolve(arg, &mut **stdin)?;
            self.log.block(
                1,
                &target
                    .warnings
                    .iter()
                    .map(|w| format!("{}: {w}", target.describe()))
                    .collect::<Vec<_>>(),
            );
            targets.push(target);
        }
        Ok(targets)
    }
}

/// The trackers the user named, as the plan layer takes them.
pub fn chosen(args: &TargetArgs) -> Chosen<'_> {
    Chosen {
        added: &args.trackers,
        only: &args.only_trackers,
    }
}

/// Where `--format tsv|ndjson` writes each row (a torrent at a tracker) as it arrives.
pub type RowSink<'a> = dyn Fn(&TorrentReport, &TrackerReport) + Sync + 'a;

/// Counts of a run by status, for the summary and the exit code.
#[derive(Default)]
pub struct Tally {
    answered: usize,
    not_listed: usize,
    failed: usize,
    held: usize,
}

impl Tally {
    pub fn count(&mut self, t: &TrackerReport) {
        match t.status {
            Status::Ok => self.answered += 1,
            Status::NotListed => self.not_listed += 1,
            Status::Failed => self.failed += 1,
            _ if t.refused => self.held += 1,
            _ => {}
        }
    }

    pub fn summary(&self, torrents: usize, trackers: usize, started: Instant) -> Summary {
        Summary {
            torrents,
            trackers,
            answered: self.answered,
            not_listed: self.not_listed,
            failed: self.failed + self.held,
            wall_ms: started.elapsed().as_millis() as u64,
            tracker_failures: self.failed,
            held_back: self.held,
        }
    }
}
