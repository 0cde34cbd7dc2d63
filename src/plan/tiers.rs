//! The tier engine (BEP 12 with qBittorrent's two options): who is asked, in what order, and
//! who is asked next when one fails. Pure logic over positions: a `TierWalk` says who to ask,
//! its driver asks.
//!
//! | options              | who gets the announce (libtorrent 2.0.8, tiers-and-events.md §3)   |
//! |----------------------|--------------------------------------------------------------------|
//! | neither              | one tracker in total: first of the first tier, falling back inside  |
//! |                      | the tier, then to the next tier                                     |
//! | all trackers in tier | every tracker of the first tier that has a working tracker          |
//! | all tiers            | one working tracker of each tier                                    |
//! | both                 | every tracker of every tier                                         |

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TierOptions {
    pub all_trackers_in_tier: bool,
    pub all_tiers: bool,
}

/// Position of a tracker: (tier, index in tier).
pub type Pos = (usize, usize);

/// The tier walk as a value: which trackers to ask now, and who is next once an answer is in.
/// Nothing here sends or waits; `commands/executor.rs` drives it with threads, `simulate` one
/// answer after another (the `tiers` listing, `--dry-run`, tests).
#[derive(Clone, Debug)]
pub struct TierWalk {
    sizes: Vec<usize>,
    opts: TierOptions,
    /// `all_trackers_in_tier` only: answers still awaited, and whether one worked, per tier.
    outstanding: Vec<usize>,
    worked: Vec<bool>,
}

impl TierWalk {
    pub fn new(sizes: &[usize], opts: TierOptions) -> TierWalk {
        TierWalk {
            sizes: sizes.to_vec(),
            opts,
            outstanding: sizes.to_vec(),
            worked: vec![false; sizes.len()],
        }
    }

    /// The first tier with a tracker at or after `from`.
    fn tier_from(&self, from: usize) -> Option<usize> {
        (from..self.sizes.len()).find(|&t| self.sizes[t] > 0)
    }

    fn whole_tier(&self, t: usize) -> Vec<Pos> {
        (0..self.sizes[t]).map(|i| (t, i)).collect()
    }

    /// Who is asked first (in parallel).
    pub fn start(&mut self) -> Vec<Pos> {
        let first = self.tier_from(0);
        match (self.opts.all_trackers_in_tier, self.opts.all_tiers) {
            (true, true) => (0..self.sizes.len())
                .flat_map(|t| self.whole_tier(t))
                .collect(),
            (true, false) => first.map(|t| self.whole_tier(t)).unwrap_or_default(),
            (false, true) => (0..self.sizes.len())
                .filter(|&t| self.sizes[t] > 0)
                .map(|t| (t, 0))
                .collect(),
            (false, false) => first.map(|t| vec![(t, 0)]).unwrap_or_default(),
        }
    }

    /// Records that `pos` answered (`worked`: it answered, or is merely not due) and says who
    /// is to be asked now because of it.
    pub fn record(&mut self, (t, i): Pos, worked: bool) -> Vec<Pos> {
        let next_in_tier = || (i + 1 < self.sizes[t]).then_some((t, i + 1));
        match (self.opts.all_trackers_in_tier, self.opts.all_tiers) {
            (true, true) => Vec::new(),
            (true, false) => {
                self.outstanding[t] -= 1;
                self.worked[t] |= worked;
                if self.outstanding[t] > 0 || self.worked[t] {
                    return Vec::new();
                }
                self.tier_from(t + 1)
                    .map(|next| self.whole_tier(next))
                    .unwrap_or_default()
            }
            (false, true) if worked => Vec::new(),
            (false, true) => next_in_tier().into_iter().collect(),
            (false, false) if worked => Vec::new(),
            (false, false) => next_in_tier()
                .or_else(|| self.tier_from(t + 1).map(|next| (next, 0)))
                .into_iter()
                .collect(),
        }
    }
}

/// Every position of the tiers, in order, with no result yet.
pub fn positions<T>(tier_sizes: &[usize]) -> Vec<(Pos, Option<T>)> {
    tier_sizes
        .iter()
        .enumerate()
        .flat_map(|(t, &n)| (0..n).map(move |i| ((t, i), None)))
        .collect()
}

/// The walk with one answer after another: `ask` gives each asked tracker's result and whether
/// it worked. Trackers never asked get `None`.
pub fn simulate<T>(
    tier_sizes: &[usize],
    opts: TierOptions,
    mut ask: impl FnMut(Pos) -> (T, bool),
) -> Vec<(Pos, Option<T>)> {
    let mut results = positions(tier_sizes);
    let mut walk = TierWalk::new(tier_sizes, opts);
    let mut queue: std::collections::VecDeque<Pos> = walk.start().into();
    while let Some(pos) = queue.pop_front() {
        let (value, worked) = ask(pos);
        if let Some(slot) = results.iter_mut().find(|(p, _)| *p == pos) {
            slot.1 = Some(value);
        }
        queue.extend(walk.record(pos, worked));
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEITHER: TierOptions = TierOptions {
        all_trackers_in_tier: false,
        all_tiers: false,
    };
    const IN_TIER: TierOptions = TierOptions {
        all_trackers_in_tier: true,
        all_tiers: false,
    };
    const TIERS: TierOptions = TierOptions {
        all_trackers_in_tier: false,
        all_tiers: true,
    };
    const BOTH: TierOptions = TierOptions {
        all_trackers_in_tier: true,
        all_tiers: true,
    };

    /// Runs the engine with the given dead trackers; returns who was asked, sorted.
    fn asked(sizes: &[usize], opts: TierOptions, dead: &[Pos]) -> Vec<Pos> {
        let mut asked = Vec::new();
        let results = simulate(sizes, opts, |pos| {
            asked.push(pos);
            ((), !dead.contains(&pos))
        });
        asked.sort();
        let mut with_result: Vec<Pos> = results
            .iter()
            .filter(|(_, r)| r.is_some())
            .map(|(p, _)| *p)
            .collect();
        with_result.sort();
        assert_eq!(asked, with_result, "every asked tracker has a result");
        asked
    }

    #[test]
    fn neither_option_asks_one_tracker_in_total() {
        assert_eq!(asked(&[3, 3, 2], NEITHER, &[]), vec![(0, 0)]);
    }

    #[test]
    fn neither_option_falls_back_inside_the_tier_then_to_the_next_tier() {
        assert_eq!(asked(&[3, 3], NEITHER, &[(0, 0)]), vec![(0, 0), (0, 1)]);
        let dead = [(0, 0), (0, 1), (0, 2)];
        assert_eq!(
            asked(&[3, 3], NEITHER, &dead),
            vec![(0, 0), (0, 1), (0, 2), (1, 0)]
        );
    }

    #[test]
    fn all_trackers_in_tier_asks_the_first_tier_that_has_a_working_tracker() {
        assert_eq!(asked(&[2, 2], IN_TIER, &[(0, 0)]), vec![(0, 0), (0, 1)]);
        assert_eq!(
            asked(&[2, 2], IN_TIER, &[(0, 0), (0, 1)]),
            vec![(0, 0), (0, 1), (1, 0), (1, 1)]
        );
    }

    #[test]
    fn all_tiers_asks_one_working_tracker_of_each_tier() {
        assert_eq!(asked(&[2, 2, 1], TIERS, &[]), vec![(0, 0), (1, 0), (2, 0)]);
        assert_eq!(
            asked(&[2, 2], TIERS, &[(1, 0)]),
            vec![(0, 0), (1, 0), (1, 1)]
        );
    }

    #[test]
    fn both_options_ask_everyone() {
        assert_eq!(
            asked(&[2, 1], BOTH, &[(0, 0)]),
            vec![(0, 0), (0, 1), (1, 0)]
        );
    }

    #[test]
    fn empty_tiers_are_skipped() {
        assert_eq!(asked(&[0, 2], NEITHER, &[]), vec![(1, 0)]);
        assert!(asked(&[], BOTH, &[]).is_empty());
    }
}
