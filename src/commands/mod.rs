//! The subcommands, each a function from its arguments to a `Report`.

pub mod announce;
pub mod scrape;

use crate::cli::{GlobalArgs, TargetArgs, TiersArgs};
use crate::error::Error;
use crate::input::{self, Target};
use crate::report::{Report, TierEntry, TorrentReport};
use crate::state::Store;
use crate::swarm::tiers::{self, TierOptions};
use crate::swarm::{self, Log};

/// What every subcommand works with.
pub struct Run {
    pub global: GlobalArgs,
    pub log: Log,
    pub store: Store,
    /// UDP connection ids, shared by every request of the run (BEP 15).
    pub udp_cache: crate::tracker::udp::ConnectionCache,
}

impl Run {
    /// Reads every TORRENT argument; stdin at most once.
    pub fn targets(&self, args: &TargetArgs) -> Result<Vec<Target>, Error> {
        if args.torrents.is_empty() {
            return Err(Error::input("no TORRENT given").with_hint("give a .torrent file, '-', a magnet link or an info-hash"));
        }
        if args.torrents.iter().filter(|t| *t == "-").count() > 1 {
            return Err(Error::input("'-' (stdin) can be given only once"));
        }
        let mut stdin = std::io::stdin().lock();
        let mut targets = Vec::new();
        for arg in &args.torrents {
            let target = input::resolve(arg, &mut stdin)?;
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

/// `tiers`: the tiers and who an announce would contact first, contacting nobody.
pub fn tiers(run: &mut Run, args: &TiersArgs) -> Result<Report, Error> {
    let opts = TierOptions {
        all_trackers_in_tier: args.tiers.all_trackers_in_tier,
        all_tiers: args.tiers.all_tiers,
    };
    let mut report = Report {
        command: "tiers",
        torrents: Vec::new(),
        notices: Vec::new(),
    };
    for target in run.targets(&args.target)? {
        let urls = swarm::tracker_tiers(
            &target,
            &args.target,
            run.global.show_secrets,
            &mut report.notices,
        )?;
        let sizes: Vec<usize> = urls.iter().map(Vec::len).collect();
        let chosen = tiers::first_choice(&sizes, opts);
        let listing = urls
            .iter()
            .enumerate()
            .map(|(t, tier)| {
                tier.iter()
                    .enumerate()
                    .map(|(i, url)| TierEntry {
                        url: url.to_string(),
                        transport: url.transport(),
                        selected: chosen.contains(&(t, i)),
                    })
                    .collect()
            })
            .collect();
        report.torrents.push(TorrentReport {
            name: target.name.clone(),
            info_hash: target.hashes.v1.map(|h| h.to_string()),
            info_hash_v2: target.hashes.v2.map(|h| h.to_string()),
            source: target.describe(),
            private: Some(target.private),
            total_length: target.total_length,
            trackers: Vec::new(),
            tiers: Some(listing),
        });
    }
    Ok(report)
}
