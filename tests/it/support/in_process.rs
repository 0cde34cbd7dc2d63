//! trackerctl run inside the test process (`trackerctl::run_in`) with a clock that stands still
//! until the test moves it, seeded randomness and captured output: a schedule of hours is
//! checked to the second, without waiting for it.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use trackerctl::env::{Captured, Env, FixedClock, SeededRandom, Stream};

use super::Run;

pub struct InProcess {
    pub clock: Arc<FixedClock>,
    random: Arc<SeededRandom>,
    pub dir: tempfile::TempDir,
}

impl InProcess {
    /// A run environment whose clock reads `unix` and whose randomness comes from `seed`.
    pub fn new(unix: u64, seed: u64) -> InProcess {
        InProcess {
            clock: FixedClock::at_unix(unix),
            random: SeededRandom::new(seed),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn state_path(&self) -> PathBuf {
        self.dir.path().join("state.json")
    }

    pub fn now(&self) -> u64 {
        use trackerctl::env::Clock;
        self.clock.now_unix()
    }

    pub fn advance(&self, secs: u64) {
        self.clock.advance(Duration::from_secs(secs));
    }

    /// Runs `trackerctl --state <dir>/state.json ARGS` with `stdin` as standard input.
    pub fn run_with_stdin(&self, args: &[&str], stdin: &[u8]) -> Run {
        let (out, err) = (Captured::default(), Captured::default());
        let env = Env {
            clock: self.clock.clone(),
            random: self.random.clone(),
            stdin: Mutex::new(Box::new(std::io::Cursor::new(stdin.to_vec()))),
            stdout: Stream::new(Box::new(out.clone()), false),
            stderr: Stream::new(Box::new(err.clone()), false),
        };
        let state = self.state_path();
        let mut all = vec!["trackerctl", "--state", state.to_str().unwrap()];
        all.extend_from_slice(args);
        let code = trackerctl::run_in(Arc::new(env), all);
        Run {
            code,
            stdout: out.text(),
            stderr: err.text(),
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, b"")
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        let run = self.run(&all);
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
    }

    /// The saved entry of the only tracker of torrent `hash`.
    pub fn saved_tracker(&self, hash: &str) -> serde_json::Value {
        let state: serde_json::Value =
            serde_json::from_slice(&std::fs::read(self.state_path()).unwrap()).unwrap();
        let trackers = state["torrents"][hash]["trackers"].as_object().unwrap();
        assert_eq!(trackers.len(), 1, "{state:#}");
        trackers.values().next().unwrap().clone()
    }
}
