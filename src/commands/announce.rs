//! `announce`: one announce per tracker the tier rules select, identity and schedule kept in
//! state.

use crate::cli::{AnnounceArgs, EventArg};
use crate::commands::executor::{Batch, Selection, execute};
use crate::commands::limits::policy;
use crate::commands::{RowSink, Run};
use crate::error::Error;
use crate::plan::tiers::TierOptions;
use crate::report::Report;
use crate::tracker::messages::Event;

pub fn announce(
    run: &mut Run,
    args: &AnnounceArgs,
    stream: Option<&RowSink>,
) -> Result<Report, Error> {
    let opts = TierOptions {
        all_trackers_in_tier: args.tiers.all_trackers_in_tier,
        all_tiers: args.tiers.all_tiers,
    };
    let event = args.event.map(event_of);
    let timeout = run.global.timeout;
    let targets = run.batch_targets(&args.target, &args.batch)?;
    let policy = policy(run, args.force, args.wait, args.ignore_retry_in);
    execute(
        run,
        Batch {
            targets: &targets,
            target_args: &args.target,
            peer: &args.peer,
            event,
            timeout,
            selection: Selection::Tiers(opts),
            policy: &policy,
            command: "announce",
            jobs: args.batch.jobs,
            stream,
        },
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
