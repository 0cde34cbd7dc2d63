//! Leaving nothing behind: which identities an announce may have registered (each gets its
//! stopped at the end), which steps make the cleanup, and the Ctrl-C flag that cuts the probes
//! short without skipping it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::plan::{Step, Who};
use crate::commands::Run;
use crate::tracker::messages::{AnnounceResponse, Event};

/// Identities to stop at the end: an announce other than stopped went out and was not
/// refused.
#[derive(Debug, Default)]
pub(super) struct Registered([bool; 6]);

impl Registered {
    /// Notes an announce of `who` with `event` and its outcome; true when it newly registered
    /// the identity.
    pub(super) fn note(
        &mut self,
        who: Who,
        event: Event,
        outcome: &Result<AnnounceResponse, String>,
    ) -> bool {
        if event == Event::Stopped {
            return false;
        }
        // Anything but an explicit refusal may have registered the peer: stop it later.
        let refused = matches!(outcome, Ok(r) if r.failure_reason.is_some())
            || matches!(outcome, Err(e) if e.contains("too short"));
        if refused || self.0[who.index()] {
            return false;
        }
        self.0[who.index()] = true;
        true
    }

    pub(super) fn includes(&self, who: Who) -> bool {
        self.0[who.index()]
    }
}

/// The steps that make the cleanup: every stopped, and the scrape after them. They run even
/// after Ctrl-C (a stopped only for an identity registered).
pub(super) fn is_cleanup(step: &Step) -> bool {
    matches!(step, Step::Stop(_) | Step::ScrapeFinal)
}

/// Set by Ctrl-C: the prober stops probing and goes on to the cleanup.
pub(super) fn interrupt_flag(run: &Run) -> Arc<AtomicBool> {
    let stop_now = Arc::new(AtomicBool::new(false));
    let flag = stop_now.clone();
    if let Err(e) = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)) {
        run.log.block(
            1,
            &[format!(
                "note: Ctrl-C cannot be caught ({e}): an interrupt skips the cleanup"
            )],
        );
    }
    stop_now
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_announce_not_refused_registers_and_only_once() {
        let answer = || Ok(AnnounceResponse::default());
        let mut r = Registered::default();
        assert!(!r.note(Who::A, Event::Stopped, &answer()));
        assert!(!r.includes(Who::A));
        let refused = Ok(AnnounceResponse {
            failure_reason: Some("not registered".into()),
            ..Default::default()
        });
        assert!(!r.note(Who::A, Event::Started, &refused));
        assert!(!r.note(Who::A, Event::Started, &Err("answer too short".into())));
        assert!(!r.includes(Who::A));
        // A timeout may have registered it all the same.
        assert!(r.note(Who::A, Event::Started, &Err("timed out".into())));
        assert!(!r.note(Who::A, Event::None, &answer()));
        assert!(r.includes(Who::A) && !r.includes(Who::B));
    }
}
