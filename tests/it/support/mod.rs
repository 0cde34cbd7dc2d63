//! Test support: the real binary in a temp dir, real trackers on loopback, a fake HTTP tracker.

#![allow(dead_code)]

pub mod capture;
pub mod fake_http;
pub mod fake_udp;
pub mod in_process;
pub mod qbittorrent;
pub mod trackers;

pub use trackers::Tracker;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A file under tests/fixtures (the data every fixture test checks against).
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A trackerctl invocation with its own state file, so tests never share state.
pub struct Cli {
    pub dir: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn state_path(&self) -> PathBuf {
        self.dir.path().join("state.json")
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_trackerctl"));
        cmd.env("TRACKERCTL_STATE", self.state_path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env("XDG_STATE_HOME", self.dir.path().join("xdg"))
            .current_dir(self.dir.path());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = self.cmd().args(args).output().unwrap();
        Run::from(output, args)
    }

    pub fn json(&self, args: &[&str]) -> (serde_json::Value, Run) {
        let mut all = args.to_vec();
        all.push("--json");
        let run = self.run(&all);
        let value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}) from {args:?}:\n{}\nstderr:\n{}",
                run.stdout, run.stderr
            )
        });
        (value, run)
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output, args: &[&str]) -> Run {
        let run = Run {
            code: output
                .status
                .code()
                .unwrap_or_else(|| panic!("{args:?} was killed by a signal")),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "{args:?} panicked:\n{}",
            run.stderr
        );
        run
    }

    pub fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// The info-hash (v1 hex) of a fixture torrent, from the manifest.
pub fn manifest_hash(file: &str) -> String {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("torrents/manifest.json")).unwrap()).unwrap();
    manifest["torrents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["file"] == format!("torrents/{file}"))
        .and_then(|t| t["info_hash_v1"].as_str())
        .unwrap_or_else(|| panic!("{file} not in the manifest"))
        .to_string()
}

/// Writes a one-file .torrent with these tiers into `dir`; returns its path and v1 info-hash.
pub fn make_torrent(dir: &Path, name: &str, tiers: &[Vec<String>]) -> (PathBuf, String) {
    torrent_file(dir, name, tiers, &[7u8; 40])
}

/// `<dir>/<name>.torrent`: one 20 000-byte file with these piece hashes and tiers; returns its
/// path and v1 info-hash.
pub fn torrent_file(
    dir: &Path,
    name: &str,
    tiers: &[Vec<String>],
    pieces: &[u8],
) -> (PathBuf, String) {
    fn bytes(b: &[u8]) -> Vec<u8> {
        let mut out = format!("{}:", b.len()).into_bytes();
        out.extend_from_slice(b);
        out
    }
    let mut info = b"d6:lengthi20000e4:name".to_vec();
    info.extend(bytes(name.as_bytes()));
    info.extend(b"12:piece lengthi16384e6:pieces");
    info.extend(bytes(pieces));
    info.push(b'e');
    let hash = sha1_smol::Sha1::from(&info).digest().to_string();
    let mut file = b"d8:announce".to_vec();
    file.extend(bytes(tiers[0][0].as_bytes()));
    file.extend(b"13:announce-listl");
    for tier in tiers {
        file.push(b'l');
        for url in tier {
            file.extend(bytes(url.as_bytes()));
        }
        file.push(b'e');
    }
    file.extend(b"e4:info");
    file.extend(info);
    file.push(b'e');
    let path = dir.join(format!("{name}.torrent"));
    std::fs::write(&path, file).unwrap();
    (path, hash)
}

/// An HTTP tracker URL on loopback where nothing listens (connection refused at once).
pub fn dead_url(path: &str) -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://127.0.0.1:{port}{path}")
}

/// The `error` of the first tracker of the first torrent in a JSON report ("" when none).
pub fn first_error(json: &serde_json::Value) -> String {
    json["torrents"][0]["trackers"][0]["error"]
        .as_str()
        .unwrap_or("")
        .to_string()
}
