//! `--max-rate` for `check`: one pace across every tracker of the run.

use std::time::{Duration, Instant};

/// `--max-rate`: at most one request per `gap`, across the whole run.
pub(super) struct Pacer {
    pub(super) gap: Option<Duration>,
    pub(super) last: Option<Instant>,
}

impl Pacer {
    pub(super) fn wait(&mut self) {
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
