//! The tier engine (BEP 12 with qBittorrent's two options): who is asked, in what order, and
//! who is asked next when one fails. Pure logic over positions; the caller supplies `ask`.
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

/// Runs the tier logic: `ask` is called (on worker threads, in parallel where the options
/// allow) for each tracker that is to be contacted and returns its result and whether it
/// worked. Trackers never asked get `None`.
pub fn run<T: Send>(
    tier_sizes: &[usize],
    opts: TierOptions,
    ask: &(dyn Fn(Pos) -> (T, bool) + Sync),
) -> Vec<(Pos, Option<T>)> {
    let mut results: Vec<(Pos, Option<T>)> = tier_sizes
        .iter()
        .enumerate()
        .flat_map(|(t, &n)| (0..n).map(move |i| ((t, i), None)))
        .collect();
    let mut record = |pos: Pos, value: T| {
        if let Some(slot) = results.iter_mut().find(|(p, _)| *p == pos) {
            slot.1 = Some(value);
        }
    };
    let tiers: Vec<usize> = (0..tier_sizes.len())
        .filter(|t| tier_sizes[*t] > 0)
        .collect();
    let in_parallel = |positions: Vec<Pos>| -> Vec<(Pos, T, bool)> {
        std::thread::scope(|scope| {
            let handles: Vec<_> = positions
                .into_iter()
                .map(|pos| scope.spawn(move || (pos, ask(pos))))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    let (pos, (value, ok)) = h.join().expect("a tracker worker panicked");
                    (pos, value, ok)
                })
                .collect()
        })
    };
    // One tier, one tracker after another until one works.
    let fall_back = |tier: usize| -> (Vec<(Pos, T)>, bool) {
        let mut done = Vec::new();
        for i in 0..tier_sizes[tier] {
            let (value, ok) = ask((tier, i));
            done.push(((tier, i), value));
            if ok {
                return (done, true);
            }
        }
        (done, false)
    };
    match (opts.all_trackers_in_tier, opts.all_tiers) {
        (true, true) => {
            let all = tiers
                .iter()
                .flat_map(|&t| (0..tier_sizes[t]).map(move |i| (t, i)))
                .collect();
            for (pos, value, _) in in_parallel(all) {
                record(pos, value);
            }
        }
        (true, false) => {
            for &t in &tiers {
                let outcomes = in_parallel((0..tier_sizes[t]).map(|i| (t, i)).collect());
                let any_ok = outcomes.iter().any(|(_, _, ok)| *ok);
                for (pos, value, _) in outcomes {
                    record(pos, value);
                }
                if any_ok {
                    break;
                }
            }
        }
        (false, true) => {
            let per_tier: Vec<Vec<(Pos, T)>> = std::thread::scope(|scope| {
                let handles: Vec<_> = tiers
                    .iter()
                    .map(|&t| scope.spawn(move || fall_back(t).0))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("a tracker worker panicked"))
                    .collect()
            });
            for (pos, value) in per_tier.into_iter().flatten() {
                record(pos, value);
            }
        }
        (false, false) => {
            for &t in &tiers {
                let (done, ok) = fall_back(t);
                for (pos, value) in done {
                    record(pos, value);
                }
                if ok {
                    break;
                }
            }
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

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
        let log = Mutex::new(Vec::new());
        let results = run(sizes, opts, &|pos| {
            log.lock().unwrap().push(pos);
            ((), !dead.contains(&pos))
        });
        let mut asked = log.into_inner().unwrap();
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
