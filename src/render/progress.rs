//! The progress bar of a long run on stderr: only when a person watches (stderr is a terminal)
//! and nothing else is written there (`-q`, `-v`, `--json`, `--dry-run` hide it).

use std::time::{Duration, Instant};

use crate::env::Env;
use crate::settings::Settings;

pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    unit: String,
}

impl Progress {
    /// A bar for `total` units of `unit` ("torrent×tracker", "torrents"), headed `what`.
    pub fn new(env: &Env, settings: &Settings, total: u64, what: &str, unit: &str) -> Progress {
        let hidden = settings.quiet
            || settings.json
            || settings.dry_run
            || settings.verbose > 0
            || !env.stderr.terminal;
        let bar = (!hidden && total > 1).then(|| {
            let bar = indicatif::ProgressBar::new(total);
            let template =
                format!("{{spinner}} {what} {{bar:30}} {{pos}}/{{len}} {unit} {{elapsed}} {{msg}}");
            if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            unit: unit.to_string(),
        }
    }

    /// `done` more units finished; the rate shown is of `requests` sent so far when given,
    /// else of units.
    pub fn advance(&self, done: u64, requests: Option<u64>) {
        if let Some(bar) = &self.bar {
            bar.inc(done);
            let secs = self.started.elapsed().as_secs_f64().max(0.001);
            bar.set_message(match requests {
                Some(sent) => format!("{:.0} requests/s", sent as f64 / secs),
                None => format!("{:.0} {}/s", bar.position() as f64 / secs, self.unit),
            });
        }
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
