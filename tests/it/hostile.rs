//! Hostile trackers: each case ends in a clear error (exit 1, tracker named, cause stated)
//! within the deadline, and nothing else in the run is affected.

use std::time::{Duration, Instant};

use crate::support::fake_http::{FakeHttp, Reply};
use crate::support::{Cli, first_error, fixture};

const HASH: &str = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";

/// Runs one announce to the hostile tracker *and* a healthy one (all trackers in one tier, in
/// parallel): the hostile one fails with `cause`, the healthy one still answers.
fn hostile(reply: Reply, cause: &str) -> serde_json::Value {
    let bad = FakeHttp::start(vec![reply], 8);
    let good = FakeHttp::start(
        vec![Reply::ok(
            b"d8:intervali1800e5:peers6:\x7f\x00\x00\x01\x1a\xe1e",
        )],
        8,
    );
    let cli = Cli::new();
    let started = Instant::now();
    let (json, run) = cli.json(&[
        "announce",
        HASH,
        "--tracker",
        &bad.url("/announce"),
        "--tracker",
        &good.url("/announce"),
        "--all-tiers",
        "--timeout",
        "3",
    ]);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "bounded by the deadline"
    );
    assert_eq!(run.code, 1, "{cause}: {json:#}");
    let trackers = json["torrents"][0]["trackers"].as_array().unwrap();
    let bad_entry = trackers
        .iter()
        .find(|t| t["url"] == bad.url("/announce"))
        .unwrap();
    let good_entry = trackers
        .iter()
        .find(|t| t["url"] == good.url("/announce"))
        .unwrap();
    assert_eq!(bad_entry["status"], "failed");
    let error = bad_entry["error"].as_str().unwrap();
    assert!(error.to_lowercase().contains(cause), "{cause}: {error}");
    assert_eq!(
        good_entry["status"], "ok",
        "the other tracker is unaffected"
    );
    bad_entry.clone()
}

#[test]
fn a_100_mb_body_is_cut_at_the_cap() {
    hostile(Reply::Endless(Some(100 * 1024 * 1024)), "larger than");
}

#[test]
fn a_body_that_never_ends_is_cut_at_the_cap() {
    hostile(Reply::Endless(None), "larger than");
}

#[test]
fn slow_drip_is_cut_at_the_deadline() {
    hostile(
        Reply::Drip {
            gap: Duration::from_millis(500),
            bytes: 60,
        },
        "timeout",
    );
}

#[test]
fn html_page() {
    let entry = hostile(
        Reply::Full(200, vec![], b"<html><body>Login</body></html>".to_vec()),
        "html",
    );
    assert!(entry["hint"].as_str().unwrap().contains("URL"));
}

#[test]
fn redirect_loop() {
    hostile(Reply::Redirect("/announce".into()), "redirects");
}

#[test]
fn redirect_to_another_scheme_is_refused() {
    hostile(
        Reply::RedirectTo("ftp://127.0.0.1:21/announce".into()),
        "refused",
    );
}

#[test]
fn gzip_bomb_is_cut_at_the_decompressed_cap() {
    // 50 MB of zeros, gzip-compressed by the system's gzip to ~50 KB.
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("bomb");
    let mut bomb = b"d8:intervali1800e5:peers52428800:".to_vec();
    bomb.resize(bomb.len() + 50 * 1024 * 1024, 0);
    std::fs::write(&raw, &bomb).unwrap();
    let status = std::process::Command::new("gzip")
        .arg("-9")
        .arg(&raw)
        .status()
        .unwrap();
    assert!(status.success());
    let gz = std::fs::read(dir.path().join("bomb.gz")).unwrap();
    assert!(gz.len() < 200_000);
    hostile(
        Reply::Full(200, vec![("Content-Encoding".into(), "gzip".into())], gz),
        "larger than",
    );
}

#[test]
fn wrong_types_negative_and_huge_integers_never_crash() {
    let bodies: [&[u8]; 6] = [
        b"d8:interval4:18008:completei-5e10:incompletei99999999999999999e5:peersi3ee",
        b"d14:failure reasoni42e8:intervalle5:peersdee",
        b"d8:intervali-1800e12:min intervali-1e5:peersld2:ip3:bad4:porti70000eeee",
        b"d5:peersld2:ipi1e4:port4:6881eee",
        b"d10:tracker idi1e11:external ip3:abc8:retry in5:soone5:peers0:e",
        b"d8:intervali9223372036854775807e5:peers6:\x01\x02\x03\x04\x05\x06e",
    ];
    for body in bodies {
        let fake = FakeHttp::start(vec![Reply::ok(body)], 2);
        let cli = Cli::new();
        let (json, run) = cli.json(&["announce", HASH, "--tracker", &fake.url("/announce"), "-v"]);
        assert!(
            run.code == 0 || run.code == 1,
            "{}: {}",
            String::from_utf8_lossy(body),
            run.stderr
        );
        let t = &json["torrents"][0]["trackers"][0];
        assert!(t["status"] == "ok" || t["error"].is_string(), "{t:#}");
    }
    let truncated = std::fs::read(fixture(
        "responses/http/announce_truncated_compact6.bencode",
    ))
    .unwrap();
    let fake = FakeHttp::start(vec![Reply::ok(&truncated)], 2);
    let (json, run) =
        Cli::new().json(&["announce", HASH, "--tracker", &fake.url("/announce"), "-v"]);
    assert_eq!(run.code, 0, "truncated peers6: the whole records are used");
    assert!(
        run.stderr.contains("trailing"),
        "noted in -v: {}",
        run.stderr
    );
    assert_eq!(
        json["torrents"][0]["trackers"][0]["response"]["peers"][0]["ip"],
        "2001:db8::1"
    );
}

#[test]
fn tls_tracker_with_a_bad_certificate_is_refused_unless_insecure() {
    let dir = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
        ])
        .args(["-keyout", "k.pem", "-out", "c.pem"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(made.status.success());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = std::process::Command::new("openssl")
        .args([
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-cert",
            "c.pem",
            "-key",
            "k.pem",
            "-WWW",
            "-quiet",
        ])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = format!("https://127.0.0.1:{port}/announce");
    let cli = Cli::new();
    let (json, run) = cli.json(&["announce", HASH, "--tracker", &url, "--no-state"]);
    let error = first_error(&json);
    let (insecure, _) = cli.json(&[
        "announce",
        HASH,
        "--tracker",
        &url,
        "--no-state",
        "--insecure",
    ]);
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(run.code, 1);
    assert_eq!(
        json["torrents"][0]["trackers"][0]["error_kind"], "tls",
        "{json:#}"
    );
    assert!(
        error.contains("certificate") && error.contains("--insecure"),
        "{error}"
    );
    let past_tls = insecure["torrents"][0]["trackers"][0]["error"]
        .as_str()
        .unwrap_or("");
    assert!(
        !past_tls.contains("certificate"),
        "--insecure got past TLS to an HTTP answer: {past_tls}"
    );
}

#[test]
fn state_survives_kill_9_in_the_middle_of_writes() {
    let fake = FakeHttp::start(vec![Reply::ok(b"d8:intervali1800e5:peers0:e")], 100);
    let cli = Cli::new();
    let url = fake.url("/announce");
    cli.run(&["announce", HASH, "--tracker", &url]).expect(0);
    for i in 0..30u32 {
        let hash = format!("{:040x}", i + 7);
        let mut child = cli
            .cmd()
            .args(["announce", &hash, "--tracker", &url, "--quiet"])
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(u64::from(i % 7) * 3));
        let _ = child.kill();
        let _ = child.wait();
        let saved: serde_json::Value =
            serde_json::from_slice(&std::fs::read(cli.state_path()).unwrap())
                .unwrap_or_else(|e| panic!("state file broken after kill -9 #{i}: {e}"));
        assert!(
            saved["torrents"][HASH].is_object(),
            "the first entry is never lost"
        );
    }
}

#[test]
fn concurrent_announce_scrape_and_stop_leave_a_complete_state() {
    let fake = FakeHttp::start(
        vec![Reply::ok(b"d8:intervali1800e5:peers0:e5:filesdee")],
        200,
    );
    let cli = Cli::new();
    let url = fake.url("/announce");
    let hashes: Vec<String> = (0..20u32).map(|i| format!("{:040x}", i + 100)).collect();
    let children: Vec<_> = hashes
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let (verb, extra): (&str, &[&str]) = match i % 4 {
                1 => ("scrape", &["--wait"]),
                3 => ("stop", &["--force"]),
                _ => ("announce", &["--wait", "--force"]),
            };
            cli.cmd()
                .args([verb, h.as_str(), "--tracker", &url, "--quiet"])
                .args(extra)
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        let _ = child.wait().unwrap();
    }
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cli.state_path()).unwrap()).unwrap();
    for (i, h) in hashes.iter().enumerate() {
        if i % 4 == 0 || i % 4 == 2 {
            assert!(
                saved["torrents"][h]["trackers"]
                    .as_object()
                    .is_some_and(|t| t.len() == 1),
                "{h} lost"
            );
        }
    }
}

/// Every failure says what kind it is (`error_kind`), the same way for announce and scrape, HTTP
/// and UDP, so a script can tell a dead tracker from a refusing or broken one.
#[test]
fn failures_carry_their_kind() {
    use crate::support::fake_udp::{Act, FakeUdp};
    let said = FakeHttp::start(vec![Reply::ok(b"d14:failure reason7:go awaye")], 8);
    let html = FakeHttp::start(vec![Reply::ok(b"<html>login</html>")], 8);
    let status = FakeHttp::start(
        vec![Reply::Full(500, vec![], b"<html>oops</html>".to_vec())],
        8,
    );
    let looping = FakeHttp::start(vec![Reply::Redirect("/announce".into())], 16);
    let huge = FakeHttp::start(vec![Reply::Endless(Some(10 * 1024 * 1024))], 8);
    let silent = FakeUdp::start(vec![Act::Drop], 50);
    let refusing = FakeUdp::start(vec![Act::Error("not registered".into())], 50);
    let cases = [
        (crate::support::dead_url("/announce"), "refused"),
        (said.url("/announce"), "tracker_said"),
        (html.url("/announce"), "decode"),
        (status.url("/announce"), "http_status"),
        (looping.url("/announce"), "redirect"),
        (huge.url("/announce"), "too_large"),
        (silent.url("/announce"), "timeout"),
        (refusing.url("/announce"), "tracker_said"),
    ];
    let cli = Cli::new();
    for (url, kind) in &cases {
        for sub in ["announce", "scrape"] {
            if sub == "scrape" && *kind == "decode" {
                continue; // an HTML scrape page is the same decode path as the announce
            }
            let (json, _) =
                cli.json(&[sub, HASH, "--tracker", url, "--no-state", "--timeout", "2"]);
            let entry = &json["torrents"][0]["trackers"][0];
            assert_eq!(entry["status"], "failed", "{sub} {url}: {json:#}");
            assert_eq!(entry["error_kind"], *kind, "{sub} {url}: {json:#}");
            crate::json_schema::assert_valid(&json);
        }
    }
    // Not the tracker's doing: no kind.
    let (json, _) = cli.json(&[
        "scrape",
        HASH,
        "--tracker",
        "http://127.0.0.1:9/tracker",
        "--no-state",
    ]);
    assert!(
        json["torrents"][0]["trackers"][0]
            .get("error_kind")
            .is_none(),
        "{json:#}"
    );
}
