//! Real trackers on 127.0.0.1, started from the test and stopped by pid when dropped.
//!
//! `tests/harness/install.sh` puts them where this module looks: opentracker from Debian (on
//! PATH), bittorrent-tracker under `.trackers/node`, aquatic_udp and torrust-tracker under
//! `.trackers/cargo/bin`. Each start gets its own run folder (config, access list, log) and
//! free loopback ports, so tests run in parallel. Start-up is bounded: a tracker that does not
//! answer within 10 s fails the test with its log.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const READY_WITHIN: Duration = Duration::from_secs(10);
const PROTOCOL_ID: u64 = 0x417_2710_1980;

/// Where `tests/harness/install.sh` installs what is not a Debian package.
pub fn install_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".trackers")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Opentracker,
    BittorrentTracker,
    AquaticUdp,
    TorrustTracker,
}

impl Kind {
    fn from_name(name: &str) -> Kind {
        match name {
            "opentracker" => Kind::Opentracker,
            "bittorrent-tracker" => Kind::BittorrentTracker,
            "aquatic_udp" => Kind::AquaticUdp,
            "torrust-tracker" => Kind::TorrustTracker,
            other => panic!("no tracker called {other}"),
        }
    }
}

/// A running tracker. Dropping it stops the process (SIGTERM, then SIGKILL after 5 s;
/// torrust-tracker at once with SIGKILL: it answers SIGTERM with a 90 s grace period).
pub struct Tracker {
    pub name: String,
    pub kind: Kind,
    pub rundir: tempfile::TempDir,
    child: Child,
    http_port: Option<u16>,
    udp_port: u16,
}

impl Tracker {
    /// Starts `name` with these info-hashes on its access list (opentracker accepts only listed
    /// hashes; aquatic_udp, when given any, only those; the others accept every hash).
    pub fn start(name: &str, hashes: &[&str]) -> Tracker {
        let kind = Kind::from_name(name);
        // A free port can be taken between our probe and the tracker's bind: try again then.
        let mut last_error = String::new();
        for _ in 0..3 {
            match Tracker::try_start(kind, name, hashes) {
                Ok(tracker) => return tracker,
                Err(e) => last_error = e,
            }
        }
        panic!("{name} did not start:\n{last_error}")
    }

    fn try_start(kind: Kind, name: &str, hashes: &[&str]) -> Result<Tracker, String> {
        let rundir = tempfile::tempdir().unwrap();
        let run = rundir.path().to_path_buf();
        let hashes: Vec<String> = hashes.iter().map(|h| h.to_ascii_lowercase()).collect();
        let log = std::fs::File::create(run.join("tracker.log")).unwrap();
        let mut command;
        let (mut http_port, udp_port) = match kind {
            Kind::Opentracker => {
                let port = free_port_tcp_and_udp();
                (Some(port), port)
            }
            Kind::AquaticUdp => (None, free_udp_port()),
            _ => (Some(free_tcp_port()), free_udp_port()),
        };
        match kind {
            Kind::Opentracker => {
                let list = run.join("whitelist");
                std::fs::write(&list, lines(&hashes)).unwrap();
                std::fs::write(
                    run.join("opentracker.conf"),
                    format!("access.whitelist {}\n", list.display()),
                )
                .unwrap();
                // opentracker drops to user nobody before it reads its whitelist, and chroots
                // to the folder it starts in: both must be readable by others.
                make_readable(&run);
                let port = http_port.unwrap().to_string();
                command = Command::new(which("opentracker")?);
                command
                    .args(["-i", "127.0.0.1", "-p", &port, "-P", &port, "-f"])
                    .arg(run.join("opentracker.conf"))
                    .current_dir(&run);
            }
            Kind::BittorrentTracker => {
                let launcher =
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/bt-tracker.mjs");
                if !install_dir()
                    .join("node/node_modules/bittorrent-tracker/server.js")
                    .exists()
                {
                    return Err(not_installed(name));
                }
                // It picks its own ports (port 0) and prints them: no race on a probed port.
                http_port = None;
                command = Command::new(which("node")?);
                command.arg(launcher).current_dir(&run);
            }
            Kind::AquaticUdp => {
                let list = run.join("access-list");
                std::fs::write(&list, lines(&hashes)).unwrap();
                let mode = if hashes.is_empty() { "off" } else { "allow" };
                std::fs::write(
                    run.join("aquatic_udp.toml"),
                    format!(
                        "socket_workers = 1\nlog_level = \"warn\"\n[network]\n\
                         address = \"127.0.0.1:{udp_port}\"\nsocket_recv_buffer_size = 0\n\
                         [protocol]\npeer_announce_interval = 1800\n\
                         [access_list]\nmode = \"{mode}\"\npath = \"{}\"\n",
                        list.display()
                    ),
                )
                .unwrap();
                command = Command::new(cargo_bin("aquatic_udp", name)?);
                command.arg("-c").arg(run.join("aquatic_udp.toml"));
            }
            Kind::TorrustTracker => {
                let http = http_port.unwrap();
                // external_ip: it hands out this address for loopback peers (its default is
                // 0.0.0.0). The health-check API on port 0: its default 1313 would collide
                // between trackers started in parallel. No REST API.
                std::fs::write(
                    run.join("torrust.toml"),
                    format!(
                        "[metadata]\napp = \"torrust-tracker\"\npurpose = \"configuration\"\n\
                         schema_version = \"2.0.0\"\n[logging]\nthreshold = \"warn\"\n\
                         [core]\nlisted = false\nprivate = false\n\
                         [core.announce_policy]\ninterval = 1800\ninterval_min = 1800\n\
                         [core.net]\nexternal_ip = \"127.0.0.1\"\n\
                         [core.database]\npath = \"{}\"\n\
                         [[udp_trackers]]\nbind_address = \"127.0.0.1:{udp_port}\"\n\
                         [[http_trackers]]\nbind_address = \"127.0.0.1:{http}\"\n\
                         [health_check_api]\nbind_address = \"127.0.0.1:0\"\n",
                        run.join("tracker.sqlite3").display()
                    ),
                )
                .unwrap();
                command = Command::new(cargo_bin("torrust-tracker", name)?);
                command
                    .env("TORRUST_TRACKER_CONFIG_TOML_PATH", run.join("torrust.toml"))
                    .env("NO_COLOR", "1")
                    .current_dir(&run);
            }
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot run {name}: {e}"))?;
        let mut tracker = Tracker {
            name: name.to_string(),
            kind,
            rundir,
            child,
            http_port,
            udp_port,
        };
        if kind == Kind::BittorrentTracker {
            let (http, udp) = tracker.reported_ports()?;
            tracker.http_port = Some(http);
            tracker.udp_port = udp;
        }
        tracker.wait_ready()?;
        if kind == Kind::Opentracker || (kind == Kind::AquaticUdp && !hashes.is_empty()) {
            tracker.wait_accepted(&hashes)?;
        }
        Ok(tracker)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn http_url(&self) -> String {
        let port = self.http_port.expect("this tracker has no HTTP");
        format!("http://127.0.0.1:{port}/announce")
    }

    pub fn scrape_url(&self) -> String {
        let port = self.http_port.expect("this tracker has no HTTP");
        format!("http://127.0.0.1:{port}/scrape")
    }

    pub fn udp_url(&self) -> String {
        format!("udp://127.0.0.1:{}/announce", self.udp_port)
    }

    /// Adds hashes to the access list of opentracker (SIGHUP) or aquatic_udp (SIGUSR1) and
    /// waits until the tracker accepts them.
    pub fn allow(&self, hashes: &[&str]) {
        let hashes: Vec<String> = hashes.iter().map(|h| h.to_ascii_lowercase()).collect();
        let (file, signal) = match self.kind {
            Kind::Opentracker => ("whitelist", "-HUP"),
            Kind::AquaticUdp => ("access-list", "-USR1"),
            _ => panic!("{} has no access list", self.name),
        };
        let path = self.rundir.path().join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&lines(&hashes));
        std::fs::write(&path, text).unwrap();
        let status = Command::new("kill")
            .arg(signal)
            .arg(self.pid().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        self.wait_accepted(&hashes)
            .unwrap_or_else(|e| panic!("{e}\n{}", self.log()));
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.rundir.path().join("tracker.log")).unwrap_or_default()
    }

    fn reported_ports(&mut self) -> Result<(u16, u16), String> {
        let deadline = Instant::now() + READY_WITHIN;
        while Instant::now() < deadline {
            if let Some(line) = self.log().lines().find(|l| l.starts_with("{\"http\"")) {
                let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
                let port = |k: &str| v[k].as_u64().map(|p| p as u16);
                if let (Some(h), Some(u)) = (port("http"), port("udp")) {
                    return Ok((h, u));
                }
            }
            self.alive()?;
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!("did not report its ports:\n{}", self.log()))
    }

    fn alive(&mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            _ => Err(format!("{} exited:\n{}", self.name, self.log())),
        }
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            self.alive()?;
            let http_ok = self.http_port.is_none_or(http_answers);
            if http_ok && udp_connect(self.udp_port).is_some() {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{} did not answer within 10 s:\n{}",
                    self.name,
                    self.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Both opentracker and aquatic_udp load their lists in the background. A UDP announce
    /// with event=stopped from port 1 probes each hash without adding a peer: accepted hashes
    /// get a full answer, refused ones a truncated one (opentracker) or an error (aquatic_udp).
    fn wait_accepted(&self, hashes: &[String]) -> Result<(), String> {
        let deadline = Instant::now() + READY_WITHIN;
        for hash in hashes {
            let raw = hex::decode(hash).expect("a 40-hex info-hash");
            while !udp_accepts(self.udp_port, &raw) {
                if Instant::now() > deadline {
                    return Err(format!("{} still refuses {hash} after 10 s", self.name));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Ok(())
    }
}

impl Drop for Tracker {
    fn drop(&mut self) {
        if self.kind != Kind::TorrustTracker {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(self.pid().to_string())
                .status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if matches!(self.child.try_wait(), Ok(Some(_))) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(hashes: &[String]) -> String {
    hashes.iter().map(|h| format!("{h}\n")).collect()
}

fn not_installed(name: &str) -> String {
    format!("{name} is not installed: run `bash tests/harness/install.sh {name}`")
}

fn which(program: &str) -> Result<PathBuf, String> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .ok_or_else(|| not_installed(program))
}

fn cargo_bin(program: &str, name: &str) -> Result<PathBuf, String> {
    let path = install_dir().join("cargo/bin").join(program);
    if path.is_file() {
        Ok(path)
    } else {
        Err(not_installed(name))
    }
}

fn make_readable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn free_tcp_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A port number free for both TCP and UDP (opentracker serves both on one number here).
fn free_port_tcp_and_udp() -> u16 {
    loop {
        let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = tcp.local_addr().unwrap().port();
        if UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

fn http_answers(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let request = format!("GET /scrape HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    let mut head = [0u8; 5];
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_exact(&mut head).is_ok()
        && &head == b"HTTP/"
}

fn udp_socket(port: u16) -> Option<UdpSocket> {
    let socket = UdpSocket::bind("127.0.0.1:0").ok()?;
    socket.connect(("127.0.0.1", port)).ok()?;
    socket
        .set_read_timeout(Some(Duration::from_millis(300)))
        .ok()?;
    Some(socket)
}

/// Sends `packet` (whose bytes 12..16 are the transaction id) and returns the answer that
/// carries the same id.
fn exchange(socket: &UdpSocket, packet: &[u8]) -> Option<Vec<u8>> {
    socket.send(packet).ok()?;
    let mut buf = [0u8; 2048];
    loop {
        let n = socket.recv(&mut buf).ok()?;
        if n >= 8 && buf[4..8] == packet[12..16] {
            return Some(buf[..n].to_vec());
        }
    }
}

fn transaction_id() -> [u8; 4] {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    (nanos ^ std::process::id()).to_be_bytes()
}

/// A BEP 15 connect: the connection id, or None when nothing answers in 300 ms.
fn udp_connect(port: u16) -> Option<(UdpSocket, [u8; 8])> {
    let socket = udp_socket(port)?;
    let mut packet = PROTOCOL_ID.to_be_bytes().to_vec();
    packet.extend(0u32.to_be_bytes());
    packet.extend(transaction_id());
    let answer = exchange(&socket, &packet)?;
    (answer.len() >= 16 && answer[..4] == [0, 0, 0, 0])
        .then(|| (socket, answer[8..16].try_into().unwrap()))
}

/// A `started` from port 1 is answered (opentracker answers a `stopped` for any hash, listed or
/// not, so only a `started` proves the access list took the hash); the probe peer is stopped
/// again at once, so the swarm is left as it was.
fn udp_accepts(port: u16, info_hash: &[u8]) -> bool {
    let Some((socket, connection_id)) = udp_connect(port) else {
        return false;
    };
    let announce = |event: u32| {
        let mut packet = connection_id.to_vec();
        packet.extend(1u32.to_be_bytes());
        packet.extend(transaction_id());
        packet.extend(info_hash);
        packet.extend(b"-TC0100-accessprobe0");
        packet.extend([0u8; 24]); // downloaded, left, uploaded
        packet.extend(event.to_be_bytes());
        packet.extend([0u8; 8]); // ip, key
        packet.extend(0i32.to_be_bytes()); // num_want
        packet.extend(1u16.to_be_bytes()); // port
        matches!(exchange(&socket, &packet), Some(a) if a.len() >= 20 && a[..4] == [0, 0, 0, 1])
    };
    const STARTED: u32 = 2;
    const STOPPED: u32 = 3;
    if !announce(STARTED) {
        return false;
    }
    announce(STOPPED);
    true
}
