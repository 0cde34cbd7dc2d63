//! The verbose log and countdowns, on stderr.

use std::io::Write;
use std::time::Duration;

/// The verbose log on stderr: each block is written whole, so parallel workers don't interleave.
pub struct Log {
    pub level: u8,
}

impl Log {
    pub fn block(&self, level: u8, lines: &[String]) {
        if self.level < level || lines.is_empty() {
            return;
        }
        let mut err = std::io::stderr().lock();
        for line in lines {
            // Tracker and torrent text is in these lines: no escape or bidi control gets through.
            let _ = writeln!(err, "{}", crate::printable::sanitize(line));
        }
    }
}

/// Sleeps for `total`, showing a countdown on stderr when it is a terminal.
pub fn countdown(total: Duration, what: &str) {
    use std::io::IsTerminal;
    let end = std::time::Instant::now() + total;
    let tty = std::io::stderr().is_terminal();
    while let Some(left) = end.checked_duration_since(std::time::Instant::now()) {
        if left.is_zero() {
            break;
        }
        if tty {
            eprint!("\r{what}: {} s left   ", left.as_secs() + 1);
        }
        std::thread::sleep(left.min(Duration::from_secs(1)));
    }
    if tty {
        eprint!("\r\x1b[K");
    }
}
