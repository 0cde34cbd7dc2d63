//! Tracker order, back-off and intervals as libtorrent 2.0.8 computes them: pure functions of
//! (tiers, saved state, now, options), tested without a network or a clock.

use crate::state::{StateFile, TrackerState};

/// Per-tracker spacing of requests: libtorrent never re-announces to a tracker sooner than
/// one second (`can_announce`: `now + 1 s >= next_announce`; a forced re-announce is due at
/// `now + 1 s`), so neither does trackerctl, across runs, for announces and scrapes alike.
pub const PER_TRACKER_SPACING_MS: u64 = 1000;

#[derive(Clone, Debug)]
pub struct Limits {
    pub per_tracker_ms: u64,
    /// `--max-rate`: at most one request per this many ms, across all trackers and runs.
    pub global_interval_ms: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateKind {
    Announce,
    Scrape,
}

/// Takes a request slot, or says how many ms are left: the per-tracker spacing (announces per
/// torrent and tracker, scrapes per tracker), then the global limit. A scrape answer's
/// `min_request_interval` is shown, not enforced: it is not in BEP 48 and libtorrent ignores it. Called under the state file's lock, so concurrent runs share the limits.
pub fn take_slot(
    file: &mut StateFile,
    hash: &str,
    tracker: &str,
    kind: RateKind,
    limits: &Limits,
    now: u64,
) -> Result<(), u64> {
    file.next_allowed_ms.retain(|_, at| *at > now);
    let slot = match kind {
        RateKind::Announce => format!("a:{tracker}:{hash}"),
        RateKind::Scrape => format!("s:{tracker}"),
    };
    if let Some(&at) = file.next_allowed_ms.get(&slot) {
        return Err(at - now);
    }
    if let Some(at) = file.next_request_ms.filter(|at| *at > now) {
        return Err(at - now);
    }
    file.next_allowed_ms
        .insert(slot, now + limits.per_tracker_ms);
    if let Some(interval) = limits.global_interval_ms {
        file.next_request_ms = Some(now + interval);
    }
    Ok(())
}

/// libtorrent's `tracker_backoff` setting (percent), default 250.
pub const TRACKER_BACKOFF: u64 = 250;
/// `retry` after an HTTP `failure reason` without `interval` (`torrent.cpp`, tiers doc §4).
pub const FAILURE_RETRY: u64 = 1800;
/// UDP failures wait at least 30 s (`udp_tracker_connection.hpp:102`).
pub const UDP_FAILURE_RETRY: u64 = 30;

/// Seconds before a tracker that failed `fails` times may be asked again:
/// `max(retry, min(3600, 5 + fails² · 5 · tracker_backoff / 100))`, integer arithmetic
/// (`src/announce_entry.cpp:47-50, 238-254`): 17, 55, 117, 205, 317, 455 … 3600.
pub fn backoff_delay(fails: u32, retry: u64) -> u64 {
    let fails = u64::from(fails.min(127));
    let delay = (5 + fails * fails * 5 * TRACKER_BACKOFF / 100).min(3600);
    delay.max(retry)
}

/// Why a tracker is not asked now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hold {
    /// Failing, in back-off for this many more seconds (`None`: the tracker said "never").
    Backoff(Option<u64>),
    /// A regular announce inside the tracker's `min interval` (else `interval`).
    Interval(u64),
}

/// Whether a request to a tracker with this saved state may go out `now` (unix seconds).
/// Event announces (`started`, `completed`, `stopped`) ignore the interval, not the back-off.
pub fn hold(saved: Option<&TrackerState>, now: u64, regular: bool) -> Option<Hold> {
    let saved = saved?;
    if saved.fails > 0 {
        // "never" (BEP 31, HTTP 410) outlasts the back-off time recorded beside it.
        if saved.never {
            return Some(Hold::Backoff(None));
        }
        if let Some(at) = saved.retry_at.filter(|at| *at > now) {
            return Some(Hold::Backoff(Some(at - now)));
        }
    }
    if regular && saved.start_sent {
        let wait = saved.min_interval.or(saved.interval).unwrap_or(0).max(0) as u64;
        let due = saved.last_announce.unwrap_or(0).saturating_add(wait);
        if due > now {
            return Some(Hold::Interval(due - now));
        }
    }
    None
}

/// libtorrent's tracker order for one torrent: the saved order when there is one (trackers
/// new since then go to the end of their tier), else shuffled within each tier once
/// (`torrent_info.cpp:1624-1631`); then each `udp://` tracker swaps place and tier with an
/// earlier non-UDP tracker of the same host (`prefer_udp_trackers`, `torrent.cpp:5740-5770`).
/// `keys` identify trackers; `host` gives (host, is_udp) of each.
pub fn order<T: Clone>(
    tiers: &[Vec<T>],
    key: &dyn Fn(&T) -> String,
    host: &dyn Fn(&T) -> (String, bool),
    saved: Option<&Vec<Vec<String>>>,
    shuffle: bool,
    prefer_udp: bool,
    seed: u64,
) -> Vec<Vec<T>> {
    let mut out = tiers.to_vec();
    match saved {
        // Every tracker keeps the tier it has; its place in the tier is the saved one.
        Some(saved) => {
            if prefer_udp {
                prefer_udp_swap(&mut out, host);
            }
            let rank = |t: &T| {
                let k = key(t);
                saved
                    .iter()
                    .flatten()
                    .position(|s| *s == k)
                    .unwrap_or(usize::MAX)
            };
            for tier in &mut out {
                tier.sort_by_key(rank);
            }
        }
        None => {
            if shuffle {
                let mut rng = seed | 1;
                for tier in &mut out {
                    for i in (1..tier.len()).rev() {
                        rng ^= rng << 13;
                        rng ^= rng >> 7;
                        rng ^= rng << 17;
                        tier.swap(i, (rng % (i as u64 + 1)) as usize);
                    }
                }
            }
            if prefer_udp {
                prefer_udp_swap(&mut out, host);
            }
        }
    }
    out.retain(|t| !t.is_empty());
    out
}

fn prefer_udp_swap<T: Clone>(tiers: &mut [Vec<T>], host: &dyn Fn(&T) -> (String, bool)) {
    let positions: Vec<(usize, usize)> = tiers
        .iter()
        .enumerate()
        .flat_map(|(t, tier)| (0..tier.len()).map(move |i| (t, i)))
        .collect();
    for (n, &(t, i)) in positions.iter().enumerate() {
        let (udp_host, is_udp) = host(&tiers[t][i]);
        if !is_udp {
            continue;
        }
        let earlier = positions[..n].iter().find(|&&(et, ei)| {
            let (h, udp) = host(&tiers[et][ei]);
            !udp && h == udp_host
        });
        if let Some(&(et, ei)) = earlier {
            let udp_tracker = tiers[t][i].clone();
            tiers[t][i] = tiers[et][ei].clone();
            tiers[et][ei] = udp_tracker;
        }
    }
}

/// After a failure, libtorrent moves the tracker to the end of its tier (`deprioritize_tracker`).
pub fn move_to_end_of_tier(order: &mut [Vec<String>], key: &str) {
    for tier in order.iter_mut() {
        if let Some(pos) = tier.iter().position(|k| k == key) {
            let k = tier.remove(pos);
            tier.push(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_slots_space_requests_per_tracker_and_globally() {
        let mut file = StateFile::default();
        let limits = Limits {
            per_tracker_ms: 1000,
            global_interval_ms: None,
        };
        assert_eq!(
            take_slot(&mut file, "h1", "t", RateKind::Announce, &limits, 10_000),
            Ok(())
        );
        assert_eq!(
            take_slot(&mut file, "h1", "t", RateKind::Announce, &limits, 10_400),
            Err(600)
        );
        assert_eq!(
            take_slot(&mut file, "h2", "t", RateKind::Announce, &limits, 10_400),
            Ok(()),
            "another torrent"
        );
        assert_eq!(
            take_slot(&mut file, "h1", "t", RateKind::Scrape, &limits, 10_400),
            Ok(()),
            "scrape is its own slot"
        );
        assert_eq!(
            take_slot(&mut file, "h1", "t", RateKind::Announce, &limits, 11_000),
            Ok(())
        );
        let global = Limits {
            per_tracker_ms: 0,
            global_interval_ms: Some(500),
        };
        let mut file = StateFile::default();
        assert_eq!(
            take_slot(&mut file, "h", "a", RateKind::Announce, &global, 0),
            Ok(())
        );
        assert_eq!(
            take_slot(&mut file, "h", "b", RateKind::Announce, &global, 100),
            Err(400)
        );
    }

    #[test]
    fn backoff_matches_libtorrents_sequence() {
        let seq: Vec<u64> = (1..=6).map(|f| backoff_delay(f, 0)).collect();
        assert_eq!(seq, vec![17, 55, 117, 205, 317, 455]);
        assert_eq!(backoff_delay(17, 0), 3600);
        assert_eq!(backoff_delay(127, 0), 3600);
        assert_eq!(
            backoff_delay(1, 1800),
            1800,
            "a failure reason waits interval or 1800 s"
        );
        assert_eq!(backoff_delay(1, UDP_FAILURE_RETRY), 30);
    }

    fn saved(
        fails: u32,
        retry_at: Option<u64>,
        last: Option<u64>,
        min: Option<i64>,
        interval: Option<i64>,
    ) -> TrackerState {
        TrackerState {
            fails,
            retry_at,
            last_announce: last,
            min_interval: min,
            interval,
            start_sent: last.is_some(),
            ..Default::default()
        }
    }

    #[test]
    fn regular_announce_waits_for_min_interval_else_interval() {
        let s = saved(0, None, Some(1000), Some(60), Some(1800));
        assert_eq!(hold(Some(&s), 1010, true), Some(Hold::Interval(50)));
        assert_eq!(hold(Some(&s), 1060, true), None);
        assert_eq!(hold(Some(&s), 1010, false), None, "events go out at once");
        let s = saved(0, None, Some(1000), None, Some(1800));
        assert_eq!(hold(Some(&s), 1100, true), Some(Hold::Interval(1700)));
        assert_eq!(hold(None, 5, true), None);
    }

    #[test]
    fn failing_tracker_is_held_until_its_backoff_ends_even_for_events() {
        let s = saved(2, Some(2000), None, None, None);
        assert_eq!(hold(Some(&s), 1990, false), Some(Hold::Backoff(Some(10))));
        assert_eq!(hold(Some(&s), 2000, false), None);
        let never = TrackerState {
            fails: 1,
            never: true,
            ..Default::default()
        };
        assert_eq!(hold(Some(&never), 0, false), Some(Hold::Backoff(None)));
    }

    fn host(s: &&str) -> (String, bool) {
        let (scheme, rest) = s.split_once("://").unwrap();
        (
            rest.split([':', '/']).next().unwrap().to_string(),
            scheme == "udp",
        )
    }

    #[test]
    fn udp_swaps_place_and_tier_with_an_earlier_same_host_http_tracker() {
        // tiers-and-events.md §1, observed: http tier 0 + udp tier 1 → udp tier 0, http tier 1.
        let tiers = vec![vec!["http://h:1/a", "http://other/a"], vec!["udp://h:2/a"]];
        let out = order(&tiers, &|s| s.to_string(), &host, None, false, true, 1);
        assert_eq!(
            out,
            vec![vec!["udp://h:2/a", "http://other/a"], vec!["http://h:1/a"]]
        );
        let kept = order(&tiers, &|s| s.to_string(), &host, None, false, false, 1);
        assert_eq!(kept, tiers);
    }

    #[test]
    fn shuffle_is_within_tiers_and_the_saved_order_wins() {
        let tiers: Vec<Vec<String>> = vec![
            (0..8).map(|i| format!("http://t{i}/a")).collect(),
            vec!["http://z/a".into()],
        ];
        let key = |s: &String| s.clone();
        let host = |s: &String| (s.clone(), false);
        let shuffled = order(&tiers, &key, &host, None, true, true, 42);
        assert_eq!(shuffled[1], tiers[1]);
        let mut sorted = shuffled[0].clone();
        sorted.sort();
        assert_eq!(sorted, tiers[0], "same trackers, same tier");
        assert_ne!(
            shuffled[0], tiers[0],
            "an 8-tracker tier shuffled by a fixed seed is not left as is"
        );
        let saved = vec![vec!["http://t7/a".to_string(), "http://t0/a".to_string()]];
        let again = order(&tiers, &key, &host, Some(&saved), true, true, 7);
        assert_eq!(
            &again[0][..2],
            &["http://t7/a".to_string(), "http://t0/a".to_string()]
        );
    }

    #[test]
    fn retry_in_never_holds_after_the_back_off_time_has_passed() {
        let saved = TrackerState {
            fails: 1,
            retry_at: Some(100),
            never: true,
            ..Default::default()
        };
        assert_eq!(hold(Some(&saved), 50, false), Some(Hold::Backoff(None)));
        assert_eq!(hold(Some(&saved), 10_000, false), Some(Hold::Backoff(None)));
    }

    #[test]
    fn failing_tracker_moves_to_the_end_of_its_tier() {
        let mut order = vec![
            vec!["a".to_string(), "b".into(), "c".into()],
            vec!["d".into()],
        ];
        move_to_end_of_tier(&mut order, "a");
        assert_eq!(order[0], vec!["b", "c", "a"]);
        move_to_end_of_tier(&mut order, "d");
        assert_eq!(order[1], vec!["d"]);
    }
}
