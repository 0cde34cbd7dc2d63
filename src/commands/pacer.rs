//! `--max-rate` inside one run: requests spaced at least a gap apart across every thread, so a
//! batch of many requests keeps the rate a single request would (the state file keeps it
//! across runs, on the run's clock). The gaps are on the monotonic clock, not `env.clock`: they
//! space packets on the wire, often less than a millisecond apart.

use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Pacer {
    gap: Option<Duration>,
    /// When the next request may go.
    next: Mutex<Option<Instant>>,
}

impl Pacer {
    /// `max_rate`: requests per second, if any.
    pub fn new(max_rate: Option<f64>) -> Pacer {
        Pacer {
            gap: max_rate.map(|r| Duration::from_secs_f64(1.0 / r)),
            next: Mutex::new(None),
        }
    }

    /// Sleeps until this request's turn.
    pub fn wait(&self) {
        let Some(gap) = self.gap else { return };
        let turn = {
            let mut next = self.next.lock().expect("pacer lock");
            take_turn(&mut next, gap, Instant::now())
        };
        let now = Instant::now();
        if turn > now {
            std::thread::sleep(turn - now);
        }
    }
}

/// The time this request may go, and the next one after it: turns `gap` apart, never earlier
/// than `now`.
fn take_turn(next: &mut Option<Instant>, gap: Duration, now: Instant) -> Instant {
    let turn = next.map_or(now, |at| at.max(now));
    *next = Some(turn + gap);
    turn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_are_a_gap_apart_and_never_in_the_past() {
        let gap = Duration::from_millis(10);
        let t0 = Instant::now();
        let mut next = None;
        let turns: Vec<Instant> = (0..4).map(|_| take_turn(&mut next, gap, t0)).collect();
        for pair in turns.windows(2) {
            assert_eq!(pair[1] - pair[0], gap);
        }
        let later = t0 + Duration::from_secs(1);
        assert_eq!(
            take_turn(&mut next, gap, later),
            later,
            "an idle pacer does not make up"
        );
    }
}
