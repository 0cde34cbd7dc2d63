//! The real qBittorrent (Debian 12's `qbittorrent-nox` 4.5.2 on libtorrent 2.0.8), headless, as
//! an oracle: started with a profile in a temp dir, driven through its Web API (v2) on loopback,
//! stopped by pid when dropped (SIGTERM, then SIGKILL after 10 s).
//!
//! The profile's `qBittorrent.conf` is written before the start: legal notice accepted, Web UI on
//! 127.0.0.1 at a free port without authentication for localhost, DHT/PeX/LSD/UPnP off,
//! listening on the loopback interface only, at a free port. Torrent queueing is switched off
//! (4.5.2 queues the fourth torrent by default, and a queued torrent announces nothing).
//! `tests/harness/install.sh qbittorrent` installs it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const READY_WITHIN: Duration = Duration::from_secs(20);
const EXIT_WITHIN: Duration = Duration::from_secs(10);
const API_TIMEOUT: Duration = Duration::from_secs(10);

/// A running qbittorrent-nox.
pub struct Qbittorrent {
    pub profile: tempfile::TempDir,
    pub web_port: u16,
    pub listen_port: u16,
    child: Child,
    agent: ureq::Agent,
}

/// One row of `torrents/trackers` (the DHT/PeX/LSD pseudo rows left out).
#[derive(Clone, Debug)]
pub struct TrackerRow {
    pub url: String,
    pub tier: i64,
    /// 0 disabled, 1 not contacted, 2 working, 3 updating, 4 not working.
    pub status: i64,
    pub msg: String,
}

pub const NOT_CONTACTED: i64 = 1;
pub const WORKING: i64 = 2;
pub const NOT_WORKING: i64 = 4;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Qbittorrent {
    /// Starts a fresh instance (fresh profile), ready to take API calls.
    pub fn start() -> Qbittorrent {
        let mut last = String::new();
        // A free port may be taken between the probe and qBittorrent's bind: try again then.
        for _ in 0..3 {
            match Qbittorrent::try_start() {
                Ok(q) => return q,
                Err(e) => last = e,
            }
        }
        panic!("qbittorrent-nox did not start:\n{last}")
    }

    fn try_start() -> Result<Qbittorrent, String> {
        let profile = tempfile::tempdir().unwrap();
        let web_port = free_port();
        let mut listen_port = free_port();
        while listen_port == web_port {
            listen_port = free_port();
        }
        let config = profile.path().join("qBittorrent/config");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(
            config.join("qBittorrent.conf"),
            format!(
                "[LegalNotice]\nAccepted=true\n\n\
                 [BitTorrent]\n\
                 Session\\DHTEnabled=false\nSession\\PeXEnabled=false\nSession\\LSDEnabled=false\n\
                 Session\\Port={listen_port}\n\
                 Session\\Interface=lo\nSession\\InterfaceName=lo\nSession\\InterfaceAddress=127.0.0.1\n\
                 Session\\QueueingSystemEnabled=false\n\n\
                 [Preferences]\n\
                 WebUI\\Address=127.0.0.1\nWebUI\\Port={web_port}\nWebUI\\LocalHostAuth=false\n\
                 WebUI\\UPnP=false\nConnection\\UPnP=false\nGeneral\\Locale=en\n"
            ),
        )
        .unwrap();
        let log = std::fs::File::create(profile.path().join("qbittorrent.log")).unwrap();
        let binary = which("qbittorrent-nox").unwrap_or_else(|| {
            panic!(
                "qbittorrent-nox is not installed: run `sudo tests/harness/install.sh qbittorrent` \
                 (Debian's qbittorrent-nox, the real client these tests compare with)"
            )
        });
        let child = Command::new(binary)
            .arg(format!("--profile={}", profile.path().display()))
            .env("HOME", profile.path())
            .env("XDG_CONFIG_HOME", profile.path().join("xdg-config"))
            .env("XDG_DATA_HOME", profile.path().join("xdg-data"))
            .env("XDG_CACHE_HOME", profile.path().join("xdg-cache"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot run qbittorrent-nox: {e}"))?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(API_TIMEOUT))
            .http_status_as_error(false)
            .max_idle_connections(0)
            .build()
            .into();
        let mut q = Qbittorrent {
            profile,
            web_port,
            listen_port,
            child,
            agent,
        };
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            if let Ok(v) = q.get("app/version")
                && v.starts_with('v')
            {
                break;
            }
            if let Ok(Some(status)) = q.child.try_wait() {
                return Err(format!("exited with {status}:\n{}", q.log()));
            }
            if Instant::now() > deadline {
                return Err(format!("no Web API within {READY_WITHIN:?}:\n{}", q.log()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        q.set_preferences(serde_json::json!({ "queueing_enabled": false }));
        Ok(q)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.profile.path().join("qbittorrent.log")).unwrap_or_default()
    }

    fn api(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/api/v2/{path}", self.web_port)
    }

    fn answer(
        &self,
        path: &str,
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<String, String> {
        let mut response = result.map_err(|e| format!("{path}: {e}"))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .read_to_string()
            .map_err(|e| format!("{path}: {e}"))?;
        if status != 200 {
            return Err(format!("{path}: HTTP {status}: {body}"));
        }
        Ok(body)
    }

    pub fn get(&self, path: &str) -> Result<String, String> {
        self.answer(path, self.agent.get(self.api(path)).call())
    }

    pub fn post(&self, path: &str, form: &[(&str, &str)]) -> String {
        let result = self
            .agent
            .post(self.api(path))
            .send_form(form.iter().copied());
        self.answer(path, result)
            .unwrap_or_else(|e| panic!("{e}\nqBittorrent log:\n{}", self.log()))
    }

    pub fn preferences(&self) -> Value {
        serde_json::from_str(&self.get("app/preferences").unwrap()).unwrap()
    }

    /// `app/setPreferences`, then reads them back to be sure they took.
    pub fn set_preferences(&self, prefs: Value) {
        self.post("app/setPreferences", &[("json", &prefs.to_string())]);
        let now = self.preferences();
        for (k, v) in prefs.as_object().unwrap() {
            assert_eq!(&now[k], v, "preference {k} did not take");
        }
    }

    /// "Always announce to all trackers in a tier" and "Always announce to all tiers".
    pub fn set_tier_options(&self, all_trackers_in_tier: bool, all_tiers: bool) {
        self.set_preferences(serde_json::json!({
            "announce_to_all_trackers": all_trackers_in_tier,
            "announce_to_all_tiers": all_tiers,
        }));
    }

    /// `torrents/add` with a multipart upload of the .torrent, saved under `savepath`.
    pub fn add(&self, torrent: &Path, savepath: &Path) {
        let boundary = "----trackerctl-qbittorrent-test-7d1c";
        let mut body = Vec::new();
        let mut field = |name: &str, filename: Option<&str>, value: &[u8]| {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match filename {
                Some(f) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n\
                         Content-Type: application/x-bittorrent\r\n\r\n"
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
            }
            body.extend_from_slice(value);
            body.extend_from_slice(b"\r\n");
        };
        field(
            "torrents",
            Some("t.torrent"),
            &std::fs::read(torrent).unwrap(),
        );
        field("savepath", None, savepath.to_str().unwrap().as_bytes());
        field("paused", None, b"false");
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let result = self
            .agent
            .post(self.api("torrents/add"))
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .send(&body[..]);
        let answer = self
            .answer("torrents/add", result)
            .unwrap_or_else(|e| panic!("{e}\n{}", self.log()));
        assert_eq!(answer.trim(), "Ok.", "torrents/add refused the torrent");
    }

    pub fn pause(&self, hash: &str) {
        self.post("torrents/pause", &[("hashes", hash)]);
    }

    pub fn resume(&self, hash: &str) {
        self.post("torrents/resume", &[("hashes", hash)]);
    }

    /// `torrents/delete` without deleting files.
    pub fn delete(&self, hash: &str) {
        self.post(
            "torrents/delete",
            &[("hashes", hash), ("deleteFiles", "false")],
        );
    }

    /// The torrent's `state` ("" when qBittorrent does not list it).
    pub fn state(&self, hash: &str) -> String {
        let info: Value =
            serde_json::from_str(&self.get(&format!("torrents/info?hashes={hash}")).unwrap())
                .unwrap();
        info[0]["state"].as_str().unwrap_or("").to_string()
    }

    /// The torrent's trackers as qBittorrent reports them, in its order.
    pub fn trackers(&self, hash: &str) -> Vec<TrackerRow> {
        let rows: Value =
            serde_json::from_str(&self.get(&format!("torrents/trackers?hash={hash}")).unwrap())
                .unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["tier"].as_i64().unwrap_or(-1) >= 0)
            .map(|r| TrackerRow {
                url: r["url"].as_str().unwrap_or("").to_string(),
                tier: r["tier"].as_i64().unwrap_or(-1),
                status: r["status"].as_i64().unwrap_or(-1),
                msg: r["msg"].as_str().unwrap_or("").to_string(),
            })
            .collect()
    }

    /// The row of `url` (panics when qBittorrent does not list it).
    pub fn tracker(&self, hash: &str, url: &str) -> TrackerRow {
        self.trackers(hash)
            .into_iter()
            .find(|r| r.url == url)
            .unwrap_or_else(|| panic!("qBittorrent does not list {url}"))
    }

    /// `app/shutdown` (a clean exit), then waits for the process to end; returns how long it
    /// took. Panics when it has not ended within 10 s.
    pub fn shutdown(&mut self) -> Duration {
        let started = Instant::now();
        // The answer may not come back once it is going down.
        let _ = self.agent.post(self.api("app/shutdown")).send_empty();
        loop {
            if let Ok(Some(_)) = self.child.try_wait() {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < EXIT_WITHIN,
                "qbittorrent-nox did not exit within {EXIT_WITHIN:?} of app/shutdown"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn save_dir(&self, name: &str) -> PathBuf {
        let dir = self.profile.path().join("save").join(name);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}

impl Drop for Qbittorrent {
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.pid().to_string())
            .status();
        let deadline = Instant::now() + EXIT_WITHIN;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// A one-file torrent whose 20 000 bytes of content are real (so qBittorrent can check them and
/// seed): written as `<dir>/<name>.torrent`; the content is written to `<data>/<name>` when
/// `data` is given. Returns the path and the v1 info-hash.
pub fn torrent_with_data(
    dir: &Path,
    name: &str,
    tiers: &[Vec<String>],
    data: Option<&Path>,
) -> (PathBuf, String) {
    let content: Vec<u8> = (0..20_000u32).map(|i| ((i * 7) % 251) as u8).collect();
    if let Some(data) = data {
        std::fs::create_dir_all(data).unwrap();
        std::fs::write(data.join(name), &content).unwrap();
    }
    let pieces: Vec<u8> = content
        .chunks(16_384)
        .flat_map(|c| sha1_smol::Sha1::from(c).digest().bytes())
        .collect();
    super::torrent_file(dir, name, tiers, &pieces)
}
