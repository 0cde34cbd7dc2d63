//! Local holds on sending: force and wait, the rate limits, and taking a rate-limit slot under
//! the state file's lock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::commands::Run;
use crate::plan::schedule::{self, Limits, RateKind};
use crate::state::StateFile;

/// What decides whether a request may go out now.
#[derive(Clone)]
pub struct Policy {
    /// Send regular announces inside the min interval, and to trackers in back-off.
    pub force: bool,
    /// Sleep until allowed instead of refusing (exit 3).
    pub wait: bool,
    pub limits: Limits,
    pub ignore_retry_in: bool,
    /// A batch's rate-limit slots, kept in memory and written with the batch's changes.
    pub book: Option<Arc<SlotBook>>,
}

/// The rate-limit slots of a batch run: taken in memory from the state file as loaded at the
/// start and written back once, with the run's other changes, instead of one locked rewrite of
/// the whole state file per request (4.5 MB a request for 6 400 torrents). Runs that start
/// while a batch runs see its slots only when it ends.
pub struct SlotBook {
    file: Mutex<StateFile>,
}

impl SlotBook {
    /// The slots as `file` holds them now (the slots alone: not a copy of every torrent).
    pub fn from_state(file: &StateFile) -> Arc<SlotBook> {
        let slots = StateFile {
            version: file.version,
            torrents: Default::default(),
            next_request_ms: file.next_request_ms,
            next_allowed_ms: file.next_allowed_ms.clone(),
        };
        Arc::new(SlotBook {
            file: Mutex::new(slots),
        })
    }

    fn take(
        &self,
        hash: &str,
        key: &str,
        kind: RateKind,
        limits: &Limits,
        now_ms: u64,
    ) -> Result<(), u64> {
        let mut file = self.file.lock().expect("slot book lock");
        schedule::take_slot(&mut file, hash, key, kind, limits, now_ms)
    }

    /// The slots into the state about to be written: the later of each.
    pub fn write_into(&self, file: &mut StateFile) {
        let book = self.file.lock().expect("slot book lock");
        for (slot, at) in &book.next_allowed_ms {
            let kept = file.next_allowed_ms.entry(slot.clone()).or_insert(*at);
            *kept = (*kept).max(*at);
        }
        file.next_request_ms = file.next_request_ms.max(book.next_request_ms);
    }
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
    book: Option<&SlotBook>,
) -> Result<(), u64> {
    if run.global.dry_run {
        // The same verdict as the real run, on a copy: a dry run takes no slot.
        let Ok(mut file) = run.store.load() else {
            return Ok(());
        };
        let now = run.env.clock.now_ms();
        return match schedule::take_slot(&mut file, hash, key, kind, limits, now) {
            Err(left) if left > 1000 && !wait => Err(left),
            _ => Ok(()),
        };
    }
    loop {
        let now = run.env.clock.now_ms();
        let verdict = match book {
            Some(book) => Ok(book.take(hash, key, kind, limits, now)),
            None => run
                .store
                .update(|file| schedule::take_slot(file, hash, key, kind, limits, now)),
        };
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
            run.log
                .countdown(Duration::from_millis(left), "local rate limit");
        } else {
            run.env.clock.sleep(Duration::from_millis(left));
        }
    }
}

/// The holds of a run (a batch's executor adds its `SlotBook`).
pub fn policy(run: &Run, force: bool, wait: bool, ignore_retry_in: bool) -> Policy {
    Policy {
        force,
        wait,
        ignore_retry_in,
        book: None,
        limits: Limits {
            per_tracker_ms: schedule::PER_TRACKER_SPACING_MS,
            global_interval_ms: run.global.max_rate.map(|r| (1000.0 / r).ceil() as u64),
        },
    }
}
