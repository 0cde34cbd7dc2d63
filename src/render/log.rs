//! The verbose log and countdowns, on the run's stderr.

use std::sync::Arc;
use std::time::Duration;

use crate::env::Env;

/// The verbose log: each block is written whole, so parallel workers don't interleave.
#[derive(Clone)]
pub struct Log {
    pub level: u8,
    env: Arc<Env>,
}

impl Log {
    pub fn new(level: u8, env: Arc<Env>) -> Log {
        Log { level, env }
    }

    pub fn block(&self, level: u8, lines: &[String]) {
        if self.level < level || lines.is_empty() {
            return;
        }
        let mut text = String::new();
        for line in lines {
            // Tracker and torrent text is in these lines: no escape or bidi control gets through.
            text.push_str(&crate::printable::sanitize(line));
            text.push('\n');
        }
        self.env.stderr.write(&text);
    }

    /// Waits `total` on the run's clock, with a countdown when stderr is a terminal.
    pub fn countdown(&self, total: Duration, what: &str) {
        countdown(&self.env, total, what);
    }
}

/// The transport's verbose record goes to the log.
impl crate::tracker::transport::Trace for Log {
    fn record(&self, level: u8, lines: &[String]) {
        self.block(level, lines);
    }
}

/// Waits `total` on `env`'s clock, showing a countdown on stderr when it is a terminal.
pub fn countdown(env: &Env, total: Duration, what: &str) {
    let tty = env.stderr.terminal;
    let mut left = total;
    while !left.is_zero() {
        if tty {
            env.stderr
                .write(&format!("\r{what}: {} s left   ", left.as_secs() + 1));
        }
        let step = left.min(Duration::from_secs(1));
        env.clock.sleep(step);
        left -= step;
    }
    if tty {
        env.stderr.write("\r\x1b[K");
    }
}
