//! The global options as checked, plain values: the command line is turned into these once, at
//! the top (`GlobalArgs::settings` in `cli.rs`), and the subcommands read them; nothing below
//! sees clap's types.

use std::path::PathBuf;
use std::time::Duration;

use crate::plan::trackers::OrderOptions;
use crate::tracker::udp::Retransmit;

#[derive(Clone, Debug)]
pub struct Settings {
    /// One JSON document on stdout.
    pub json: bool,
    /// No report on stdout; failures still on stderr.
    pub quiet: bool,
    /// `-v` (1) or `-vv` (2).
    pub verbose: u8,
    /// Plan and report, send nothing, write nothing.
    pub dry_run: bool,
    /// Do not redact passkeys and other URL secrets.
    pub show_secrets: bool,
    /// The deadline of one whole tracker request.
    pub timeout: Duration,
    pub retransmit: Retransmit,
    /// Requests per second across trackers and runs.
    pub max_rate: Option<f64>,
    pub order: OrderOptions,
    /// Accept HTTPS certificates that do not validate.
    pub insecure: bool,
    pub color: Color,
    /// `None`: no state file.
    pub state: Option<PathBuf>,
}

/// When to paint: on a terminal (`Auto`), always, never.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}
