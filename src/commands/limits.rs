//! Local holds on sending: force and wait, the rate limits, and taking a rate-limit slot under
//! the state file's lock.

use std::time::Duration;

use crate::commands::Run;
use crate::plan::schedule::{self, Limits, RateKind};
use crate::state::{self};

/// What decides whether a request may go out now.
#[derive(Clone)]
pub struct Policy {
    /// Send regular announces inside the min interval, and to trackers in back-off.
    pub force: bool,
    /// Sleep until allowed instead of refusing (exit 3).
    pub wait: bool,
    pub limits: Limits,
    pub ignore_retry_in: bool,
}

/// Takes a slot from the per-tracker and global rate limits, recording it in the state file
/// under its lock. A wait of a second or less is slept through; a longer one is refused
/// (`Err(ms left)`) unless `wait`.
pub fn reserve(
    run: &Run,
    hash: &str,
    key: &str,
    kind: RateKind,
    limits: &Limits,
    wait: bool,
) -> Result<(), u64> {
    if run.global.dry_run {
        // The same verdict as the real run, on a copy: a dry run takes no slot.
        let Ok(mut file) = run.store.load() else {
            return Ok(());
        };
        return match schedule::take_slot(&mut file, hash, key, kind, limits, state::now_ms()) {
            Err(left) if left > 1000 && !wait => Err(left),
            _ => Ok(()),
        };
    }
    loop {
        let now = state::now_ms();
        let verdict = run
            .store
            .update(|file| schedule::take_slot(file, hash, key, kind, limits, now));
        let left = match verdict {
            Ok(Ok(())) => return Ok(()),
            Ok(Err(left)) => left,
            // No usable state file: the limits cannot be kept, the request goes out.
            Err(e) => {
                run.log.block(
                    1,
                    &[format!("note: rate limits not applied: {}", e.message)],
                );
                return Ok(());
            }
        };
        if left > 1000 && !wait {
            return Err(left);
        }
        if left > 1000 {
            crate::render::log::countdown(Duration::from_millis(left), "local rate limit");
        } else {
            std::thread::sleep(Duration::from_millis(left));
        }
    }
}

pub fn policy(run: &Run, force: bool, wait: bool, ignore_retry_in: bool) -> Policy {
    Policy {
        force,
        wait,
        ignore_retry_in,
        limits: Limits {
            per_tracker_ms: schedule::PER_TRACKER_SPACING_MS,
            global_interval_ms: run.global.max_rate.map(|r| (1000.0 / r).ceil() as u64),
        },
    }
}
