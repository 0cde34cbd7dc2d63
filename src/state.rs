//! What trackerctl remembers between runs, per torrent and per tracker: the identity an announce
//! used (so `stop` removes that very peer) and the timing of the tracker's last answer.
//!
//! The file is JSON. Writes take an exclusive lock on `FILE.lock`, re-read the file, merge this
//! run's changes and replace the file by rename, so concurrent runs lose nothing and a crash
//! mid-write leaves the old file whole. A file that does not parse, or comes from a newer
//! version, is renamed aside (`FILE.corrupt-TIMESTAMP`) and reported, never overwritten.
//! Tracker URLs are never stored in clear: entries are keyed by a SHA-1 of the URL and carry the
//! redacted URL for people to read.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;

pub const VERSION: u32 = 1;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct StateFile {
    pub version: u32,
    /// Keyed by the info-hash announced with (40 hex).
    #[serde(default)]
    pub torrents: BTreeMap<String, TorrentState>,
    /// The global rate limit (`--max-rate`): no request before this time (unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_request_ms: Option<u64>,
    /// Per-tracker rate limits: `a:TRACKER:HASH` and `s:TRACKER` → the earliest time (unix ms)
    /// of the next announce / scrape. Entries in the past are pruned.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub next_allowed_ms: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct TorrentState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The torrent's identity, reused for every tracker and event as libtorrent does.
    pub peer_id_hex: String,
    pub key: u32,
    /// The tracker order libtorrent would keep: shuffled once within each tier when first
    /// seen, failing trackers moved to the end of their tier. Tracker keys by tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Vec<Vec<String>>>,
    /// Keyed by `tracker_key(url)`.
    #[serde(default)]
    pub trackers: BTreeMap<String, TrackerState>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct TrackerState {
    /// Redacted: for people reading the file.
    pub url: String,
    /// The URL as sent, passkey included: `stop --all` needs it to reach the tracker without
    /// the .torrent. The file is created readable by its owner only (0600).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub wire_url: String,
    #[serde(default)]
    pub peer_id_hex: String,
    #[serde(default)]
    pub key: u32,
    #[serde(default)]
    pub port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracker_id_hex: Option<String>,
    /// The tracker accepted a `started` (libtorrent's `start_sent`): `stop` goes to it.
    #[serde(default)]
    pub start_sent: bool,
    /// Unix seconds of the last answer without failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_announce: Option<u64>,
    #[serde(default)]
    pub last_event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_interval: Option<i64>,
    /// Consecutive failures (libtorrent's `fails`, capped at 127).
    #[serde(default)]
    pub fails: u32,
    /// Unix seconds before which a failing tracker is not asked again (back-off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<u64>,
    /// The tracker said `retry in: never` (BEP 31).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub never: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

/// The key of a tracker entry: a digest of the full URL, so passkeys never reach the file.
pub fn tracker_key(url_on_wire: &str) -> String {
    let digest = sha1_smol::Sha1::from(url_on_wire.as_bytes())
        .digest()
        .to_string();
    digest[..16].to_string()
}

/// `$XDG_STATE_HOME/trackerctl/state.json`, else `~/.local/state/trackerctl/state.json`.
pub fn default_path() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".local/state"),
    };
    Some(base.join("trackerctl/state.json"))
}

/// A state file on disk (or none with `--no-state`).
pub struct Store {
    path: Option<PathBuf>,
    /// The run's clock: a file set aside is named for the time.
    clock: std::sync::Arc<dyn crate::env::Clock>,
    /// Said once to the user: a file renamed aside, for example.
    notices: std::sync::Mutex<Vec<String>>,
}

/// The state files bigger than this are refused rather than read (a state file is kilobytes).
const MAX_STATE_BYTES: u64 = 64 * 1024 * 1024;

impl Store {
    pub fn new(path: Option<PathBuf>, clock: std::sync::Arc<dyn crate::env::Clock>) -> Store {
        Store {
            path,
            clock,
            notices: Default::default(),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Reads the current state; an absent file is an empty state.
    pub fn load(&self) -> Result<StateFile, Error> {
        let Some(path) = self.path.clone() else {
            return Ok(empty());
        };
        self.read(&path)
    }

    fn read(&self, path: &Path) -> Result<StateFile, Error> {
        let bytes = match fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(empty()),
            Err(e) => {
                return Err(Error::failed(format!(
                    "cannot read state file {}: {e}",
                    path.display()
                )));
            }
            Ok(meta) if meta.len() > MAX_STATE_BYTES => {
                return self.set_aside(path, "is larger than 64 MiB");
            }
            Ok(_) => fs::read(path).map_err(|e| {
                Error::failed(format!("cannot read state file {}: {e}", path.display()))
            })?,
        };
        match serde_json::from_slice::<StateFile>(&bytes) {
            Ok(state) if state.version > VERSION => self.set_aside(
                path,
                &format!("is from a newer trackerctl (version {})", state.version),
            ),
            Ok(state) => Ok(state),
            Err(e) => self.set_aside(path, &format!("is not valid ({e})")),
        }
    }

    fn set_aside(&self, path: &Path, why: &str) -> Result<StateFile, Error> {
        let aside = PathBuf::from(format!(
            "{}.corrupt-{}",
            path.display(),
            self.clock.now_unix()
        ));
        fs::rename(path, &aside).map_err(|e| {
            Error::failed(format!(
                "state file {} {why}, and it could not be set aside: {e}",
                path.display()
            ))
        })?;
        self.notices.lock().expect("notices lock").push(format!(
            "state file {} {why}; kept as {} and started afresh",
            path.display(),
            aside.display()
        ));
        Ok(empty())
    }

    /// Applies `change` to the state on disk under the lock, and writes it atomically.
    /// Without a state file (`--no-state`) `change` sees an empty state that is then dropped.
    pub fn update<R>(&self, change: impl FnOnce(&mut StateFile) -> R) -> Result<R, Error> {
        let Some(path) = self.path.clone() else {
            return Ok(change(&mut empty()));
        };
        let fail = |what: &str, e: std::io::Error| {
            Error::failed(format!("cannot {what} state file {}: {e}", path.display()))
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| fail("create the folder of the", e))?;
        }
        let lock_path = PathBuf::from(format!("{}.lock", path.display()));
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| fail("lock the", e))?;
        lock.lock().map_err(|e| fail("lock the", e))?;
        let mut state = self.read(&path)?;
        state.version = VERSION;
        let result = change(&mut state);
        let tmp = PathBuf::from(format!("{}.tmp-{}", path.display(), std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut options = fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&tmp)?;
            file.write_all(&serde_json::to_vec_pretty(&state).map_err(std::io::Error::other)?)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            fs::rename(&tmp, &path)
        };
        let written = write().map_err(|e| fail("write the", e));
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        drop(lock);
        written.map(|()| result)
    }

    /// Notices gathered so far (a file set aside), each given once.
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut *self.notices.lock().expect("notices lock"))
    }
}

fn empty() -> StateFile {
    StateFile {
        version: VERSION,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_merges_and_survives_reload() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/state.json");
        let store = Store::new(
            Some(path.clone()),
            std::sync::Arc::new(crate::env::SystemClock),
        );
        store
            .update(|s| {
                s.torrents.insert(
                    "aa".into(),
                    TorrentState {
                        key: 7,
                        ..Default::default()
                    },
                );
            })
            .unwrap();
        store
            .update(|s| {
                s.torrents.insert(
                    "bb".into(),
                    TorrentState {
                        key: 8,
                        ..Default::default()
                    },
                );
            })
            .unwrap();
        let state = Store::new(Some(path), std::sync::Arc::new(crate::env::SystemClock))
            .load()
            .unwrap();
        assert_eq!(state.torrents.len(), 2);
        assert_eq!(state.torrents["aa"].key, 7);
    }

    #[test]
    fn corrupt_and_newer_files_are_set_aside_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        fs::write(&path, b"{not json").unwrap();
        let store = Store::new(
            Some(path.clone()),
            std::sync::Arc::new(crate::env::SystemClock),
        );
        assert_eq!(store.load().unwrap().torrents.len(), 0);
        assert_eq!(store.take_notices().len(), 1);
        let kept: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(
            kept.iter()
                .any(|n| n.to_string_lossy().starts_with("state.json.corrupt-"))
        );
        fs::write(&path, br#"{"version": 99, "torrents": {}}"#).unwrap();
        let store = Store::new(
            Some(path.clone()),
            std::sync::Arc::new(crate::env::SystemClock),
        );
        store.load().unwrap();
        assert!(store.take_notices()[0].contains("newer"));
        assert!(!path.exists());
    }

    #[test]
    fn tracker_key_hides_the_url() {
        let key = tracker_key("http://t/announce?passkey=secret");
        assert_eq!(key.len(), 16);
        assert!(!key.contains("secret"));
    }
}
