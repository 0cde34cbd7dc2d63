//! What a run takes from the world: the wall clock, randomness, standard input and the two
//! output streams, in one value (as intermodal's `Env`). `Env::system()` holds the real ones;
//! a test builds one with a fixed clock, seeded randomness and captured output and runs the
//! whole program in-process (`crate::run_in`), so intervals, back-off and rate limits are
//! checked to the second without waiting for them.
//!
//! Network deadlines and measured times stay on the monotonic clock: they measure the
//! network, not the schedule.

use std::io::{IsTerminal, Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The wall clock every schedule decision reads: holds, back-off, rate-limit slots, the times
/// in the state file.
pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
    /// Waits `span` (`--wait`, `--follow`); a test clock moves on instead.
    fn sleep(&self, span: Duration);
    fn now_unix(&self) -> u64 {
        self.now_ms() / 1000
    }
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    }

    fn sleep(&self, span: Duration) {
        std::thread::sleep(span);
    }
}

/// A clock that stands still until told to move; sleeping moves it at once.
pub struct FixedClock {
    ms: AtomicU64,
}

impl FixedClock {
    pub fn at_unix(secs: u64) -> Arc<FixedClock> {
        Arc::new(FixedClock {
            ms: AtomicU64::new(secs * 1000),
        })
    }

    pub fn advance(&self, span: Duration) {
        self.ms.fetch_add(span.as_millis() as u64, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now_ms(&self) -> u64 {
        self.ms.load(Ordering::SeqCst)
    }

    fn sleep(&self, span: Duration) {
        self.advance(span);
    }
}

/// Random bits for peer_ids, keys and UDP transaction ids.
pub trait Random: Send + Sync {
    fn u64(&self) -> u64;
}

/// The OS generator: ids nobody can predict (BEP 15's defence against spoofed answers rests on
/// the transaction id).
pub struct OsRandom;

impl Random for OsRandom {
    fn u64(&self) -> u64 {
        getrandom::u64().expect("the OS random generator is available")
    }
}

/// The same bits for the same seed (SplitMix64), for tests only: never for a real run.
pub struct SeededRandom {
    state: AtomicU64,
}

impl SeededRandom {
    pub fn new(seed: u64) -> Arc<SeededRandom> {
        Arc::new(SeededRandom {
            state: AtomicU64::new(seed),
        })
    }
}

impl Random for SeededRandom {
    fn u64(&self) -> u64 {
        let mut z = self
            .state
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::SeqCst)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// An output stream; each write is whole, so parallel workers never interleave a line.
pub struct Stream {
    writer: Mutex<Box<dyn Write + Send>>,
    /// Whether a person is watching: colour, countdowns and the progress bar only then.
    pub terminal: bool,
}

impl Stream {
    pub fn new(writer: Box<dyn Write + Send>, terminal: bool) -> Stream {
        Stream {
            writer: Mutex::new(writer),
            terminal,
        }
    }

    /// Writes `text` as it is (a line ends with `\n` only if `text` has one).
    pub fn write(&self, text: &str) {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        // A closed pipe (`| head`) is not an error of the run.
        let _ = writer.write_all(text.as_bytes());
        let _ = writer.flush();
    }

    pub fn line(&self, text: &str) {
        self.write(&format!("{text}\n"));
    }
}

/// The world as one run sees it.
pub struct Env {
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub stdin: Mutex<Box<dyn Read + Send>>,
    pub stdout: Stream,
    pub stderr: Stream,
}

impl Env {
    /// The real clock, the OS generator and the process's standard streams.
    pub fn system() -> Env {
        Env {
            clock: Arc::new(SystemClock),
            random: Arc::new(OsRandom),
            stdin: Mutex::new(Box::new(std::io::stdin())),
            stdout: Stream::new(Box::new(std::io::stdout()), std::io::stdout().is_terminal()),
            stderr: Stream::new(Box::new(std::io::stderr()), std::io::stderr().is_terminal()),
        }
    }
}

/// Bytes written to a stream, kept for a test to read.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_when_told_or_slept() {
        let clock = FixedClock::at_unix(1_000);
        assert_eq!(clock.now_unix(), 1_000);
        clock.sleep(Duration::from_secs(90));
        assert_eq!(clock.now_ms(), 1_090_000);
    }

    #[test]
    fn seeded_bits_repeat_per_seed_and_differ_across_seeds() {
        let a: Vec<u64> = (0..4).map(|_| SeededRandom::new(7).u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let one = SeededRandom::new(7);
        let (x, y) = (one.u64(), one.u64());
        assert_ne!(x, y);
        assert_ne!(SeededRandom::new(8).u64(), x);
    }
}
