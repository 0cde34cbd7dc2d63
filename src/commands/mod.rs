//! The subcommands, each a function from its arguments to a `Report`.

pub mod announce;
mod ask;
pub mod check;
pub mod executor;
pub mod follow;
pub mod limits;
pub mod scrape;
pub mod stop;
pub mod tiers;

use crate::cli::{GlobalArgs, TargetArgs};
use crate::error::Error;
use crate::input::{self, Target};
use crate::plan::trackers::{Chosen, OrderOptions};
use crate::render::log::Log;
use crate::state::Store;

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
            return Err(Error::input("no TORRENT given")
                .with_hint("give a .torrent file, '-', a magnet link or an info-hash"));
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

/// The trackers the user named, as the plan layer takes them.
pub fn chosen(args: &TargetArgs) -> Chosen<'_> {
    Chosen {
        added: &args.trackers,
        only: &args.only_trackers,
    }
}

/// libtorrent's ordering rules unless the user turned them off.
pub fn order_options(global: &GlobalArgs) -> OrderOptions {
    OrderOptions {
        shuffle: !global.no_shuffle,
        prefer_udp: !global.no_prefer_udp,
    }
}
