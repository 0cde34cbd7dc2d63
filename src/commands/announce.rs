//! `announce`: one announce per tracker the tier rules select, identity and schedule kept in
//! state.

use std::time::Duration;

use crate::cli::{AnnounceArgs, EventArg};
use crate::commands::Run;
use crate::commands::executor::{Selection, execute};
use crate::commands::limits::policy;
use crate::error::Error;
use crate::plan::tiers::TierOptions;
use crate::report::Report;
use crate::tracker::messages::Event;

pub fn announce(run: &mut Run, args: &AnnounceArgs) -> Result<Report, Error> {
    let opts = TierOptions {
        all_trackers_in_tier: args.tiers.all_trackers_in_tier,
        all_tiers: args.tiers.all_tiers,
    };
    let event = args.event.map(event_of);
    let timeout = Duration::from_secs_f64(run.global.timeout);
    let policy = policy(run, args.force, args.wait, args.ignore_retry_in);
    let targets = run.targets(&args.target)?;
    execute(
        run,
        &targets,
        &args.target,
        &args.peer,
        event,
        timeout,
        Selection::Tiers(opts),
        &policy,
        "announce",
    )
}

fn event_of(arg: EventArg) -> Event {
    match arg {
        EventArg::Started => Event::Started,
        EventArg::Completed => Event::Completed,
        EventArg::Stopped => Event::Stopped,
        EventArg::None => Event::None,
        EventArg::Paused => Event::Paused,
    }
}
