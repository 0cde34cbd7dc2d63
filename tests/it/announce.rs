//! announce against the fake HTTP tracker: the bytes on the wire and every kind of answer.

use std::time::{Duration, Instant};

use crate::support::fake_http::{FakeHttp, Reply};
use crate::support::{Cli, first_error, fixture};

const HASH: &str = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";

fn body(file: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("responses/http/{file}"))).unwrap()
}

#[test]
fn request_line_is_built_like_libtorrent_with_the_passkey_query_kept() {
    let fake = FakeHttp::start(vec![Reply::ok(&body("announce_compact_ipv4.bencode"))], 4);
    let cli = Cli::new();
    let url = fake.url("/announce?passkey=ab%20c&x=1");
    cli.run(&[
        "announce",
        HASH,
        "--tracker",
        &url,
        "--peer-id",
        "-LT2080-!yGQXk.pmx~s",
        "--key",
        "DDC6BBF2",
    ])
    .expect(0);
    let lines = fake.request_lines();
    assert_eq!(
        lines[0],
        "GET /announce?passkey=ab%20c&x=1&info_hash=%8d%f1%06%8c%ec%d4Lo%7c%130%c2%e4.%19am%81%1e%e0\
         &peer_id=-LT2080-!yGQXk.pmx~s&port=6881&uploaded=0&downloaded=0&left=0&corrupt=0&key=DDC6BBF2\
         &event=started&numwant=200&compact=1&no_peer_id=1&supportcrypto=1&redundant=0 HTTP/1.1"
    );
    let headers = fake.headers.lock().unwrap()[0]
        .join("\n")
        .to_ascii_lowercase();
    assert!(headers.contains("accept-encoding: gzip"), "{headers}");
    assert!(headers.contains("connection: close"), "{headers}");
    assert!(headers.contains("user-agent: trackerctl/"), "{headers}");
}

#[test]
fn default_peer_id_and_key_have_libtorrents_shape_and_are_reused() {
    let fake = FakeHttp::start(vec![Reply::ok(&body("tracker_id.bencode"))], 4);
    let cli = Cli::new();
    let url = fake.url("/announce");
    cli.run(&["announce", HASH, "--tracker", &url]).expect(0);
    cli.run(&["announce", HASH, "--tracker", &url, "--event", "completed"])
        .expect(0);
    let lines = fake.request_lines();
    let field = |line: &str, name: &str| {
        line.split(['?', '&', ' '])
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .map(str::to_string)
    };
    let peer_id = field(&lines[0], "peer_id").unwrap();
    assert!(peer_id.starts_with("-TC0100-"), "{peer_id}");
    assert_eq!(
        peer_id.len(),
        20,
        "12 characters from libtorrent's alphabet need no escaping"
    );
    assert!(
        peer_id[8..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.!~*()".contains(&b))
    );
    let key = field(&lines[0], "key").unwrap();
    assert_eq!(key.len(), 8);
    assert!(
        key.bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)),
        "{key}"
    );
    assert_eq!(
        field(&lines[1], "peer_id").unwrap(),
        peer_id,
        "same identity on the next event"
    );
    assert_eq!(field(&lines[1], "key").unwrap(), key);
    assert_eq!(field(&lines[1], "event").as_deref(), Some("completed"));
    assert_eq!(field(&lines[0], "trackerid"), None);
    assert_eq!(
        field(&lines[1], "trackerid").as_deref(),
        Some("T-7f3a9c"),
        "tracker id sent back"
    );
}

#[test]
fn stopped_sends_numwant_zero_and_left_defaults_to_total_length() {
    let fake = FakeHttp::start(vec![Reply::ok(&body("announce_compact_ipv4.bencode"))], 4);
    let cli = Cli::new();
    let torrent = fixture("torrents/v1_single_file.torrent");
    let url = fake.url("/announce");
    cli.run(&[
        "announce",
        torrent.to_str().unwrap(),
        "--only-tracker",
        &url,
        "--port",
        "7000",
    ])
    .expect(0);
    cli.run(&["stop", torrent.to_str().unwrap(), "--only-tracker", &url])
        .expect(0);
    let lines = fake.request_lines();
    assert!(lines[0].contains("&left=100000&"), "{}", lines[0]);
    assert!(
        lines[1].contains("&port=7000&"),
        "stop reuses the announced port: {}",
        lines[1]
    );
    assert!(
        lines[1].contains("&event=stopped&numwant=0&"),
        "{}",
        lines[1]
    );
}

#[test]
fn failure_reason_is_a_failed_tracker_with_exit_1() {
    let fake = FakeHttp::start(vec![Reply::ok(&body("failure_reason_retry_in.bencode"))], 2);
    let cli = Cli::new();
    let (json, run) = cli.json(&["announce", HASH, "--tracker", &fake.url("/announce")]);
    assert_eq!(run.code, 1);
    let t = &json["torrents"][0]["trackers"][0];
    assert_eq!(t["status"], "failed");
    assert_eq!(t["response"]["failure_reason"], "tracker is overloaded");
    assert_eq!(t["response"]["retry_in"], 30);
    // The tracker asked for 30 minutes of quiet (BEP 31 retry in): the next try is held back.
    let held = cli
        .run(&["announce", HASH, "--tracker", &fake.url("/announce")])
        .expect(3);
    assert!(held.stdout.contains("back-off"), "{}", held.stdout);
    let text = cli
        .run(&[
            "announce",
            HASH,
            "--tracker",
            &fake.url("/announce"),
            "--force",
        ])
        .expect(1);
    assert!(
        text.stdout.contains("tracker is overloaded"),
        "{}",
        text.stdout
    );
}

#[test]
fn warning_message_is_shown_and_status_stays_ok() {
    let fake = FakeHttp::start(vec![Reply::ok(&body("warning_with_peers.bencode"))], 2);
    let cli = Cli::new();
    let (json, _) = cli.json(&["announce", HASH, "--tracker", &fake.url("/announce")]);
    let t = &json["torrents"][0]["trackers"][0];
    assert_eq!(t["status"], "ok");
    assert_eq!(t["response"]["warning_message"], "your client is outdated");
    assert_eq!(t["response"]["peers"][0]["ip"], "10.0.0.1");
}

#[test]
fn gzip_bodies_are_decoded() {
    let gz = body("announce_compact_ipv4.bencode.gz");
    let reply = Reply::Full(200, vec![("Content-Encoding".into(), "gzip".into())], gz);
    let fake = FakeHttp::start(vec![reply], 2);
    let cli = Cli::new();
    let (json, run) = cli.json(&["announce", HASH, "--tracker", &fake.url("/announce")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = &json["torrents"][0]["trackers"][0]["response"];
    assert_eq!(r["complete"], 5);
    assert_eq!(r["peers"].as_array().unwrap().len(), 4);
}

#[test]
fn html_answer_fails_with_a_hint() {
    let reply = Reply::Full(502, vec![], body("html_error.html"));
    let fake = FakeHttp::start(vec![reply], 2);
    let cli = Cli::new();
    let (json, run) = cli.json(&["announce", HASH, "--tracker", &fake.url("/announce")]);
    assert_eq!(run.code, 1);
    let t = &json["torrents"][0]["trackers"][0];
    assert!(t["error"].as_str().unwrap().contains("502"), "{t:#}");
    assert!(t["hint"].as_str().unwrap().contains("URL"), "{t:#}");
}

#[test]
fn body_larger_than_libtorrents_cap_is_refused() {
    let mut huge = b"d8:intervali1800e5:peers".to_vec();
    huge.extend(format!("{}:", 900_000).as_bytes());
    huge.extend(std::iter::repeat_n(7u8, 900_000));
    huge.push(b'e');
    let fake = FakeHttp::start(vec![Reply::ok(&huge)], 2);
    let cli = Cli::new();
    let (json, run) = cli.json(&["announce", HASH, "--tracker", &fake.url("/announce")]);
    assert_eq!(run.code, 1);
    assert!(first_error(&json).contains("larger than"), "{json:#}");
}

#[test]
fn slow_drip_cannot_stretch_the_deadline() {
    let fake = FakeHttp::start(
        vec![Reply::Drip {
            gap: Duration::from_millis(200),
            bytes: 100,
        }],
        2,
    );
    let cli = Cli::new();
    let started = Instant::now();
    let (json, run) = cli.json(&[
        "announce",
        HASH,
        "--tracker",
        &fake.url("/announce"),
        "--timeout",
        "1",
    ]);
    assert_eq!(run.code, 1);
    assert!(first_error(&json).contains("timeout"), "{json:#}");
    // Bounded well under the 20 s the drip would take; not a timing assertion on speed.
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[test]
fn redirect_loop_ends_in_an_error() {
    let fake = FakeHttp::start(vec![Reply::Redirect("/announce".into())], 20);
    let cli = Cli::new();
    let (json, run) = cli.json(&["announce", HASH, "--tracker", &fake.url("/announce")]);
    assert_eq!(run.code, 1);
    assert!(first_error(&json).contains("redirect"), "{json:#}");
    assert!(
        fake.request_lines().len() <= 6,
        "at most 5 redirects followed"
    );
}

#[test]
fn dead_tracker_is_a_failure_not_a_hang() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cli = Cli::new();
    let url = format!("http://127.0.0.1:{port}/announce");
    let (json, run) = cli.json(&["announce", HASH, "--tracker", &url]);
    assert_eq!(run.code, 1);
    assert!(first_error(&json).contains("refused"), "{json:#}");
}

#[test]
fn dry_run_prints_the_request_and_sends_nothing() {
    let fake = FakeHttp::start(vec![Reply::ok(b"d8:intervali60ee")], 2);
    let cli = Cli::new();
    let run = cli
        .run(&[
            "announce",
            HASH,
            "--tracker",
            &fake.url("/announce?passkey=s3cr3tpasskey"),
            "--dry-run",
        ])
        .expect(0);
    assert!(
        run.stdout.contains("> GET http://127.0.0.1:"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("passkey=REDACTED"), "{}", run.stdout);
    assert!(!run.stdout.contains("s3cr3tpasskey"));
    std::thread::sleep(Duration::from_millis(100));
    assert!(fake.request_lines().is_empty());
    assert!(!cli.state_path().exists(), "a dry run writes no state");
}

#[test]
fn passkey_never_leaks_unless_show_secrets() {
    // The fake tracker echoes the query in its failure reason, as bittorrent-tracker does.
    let passkey = "0123456789abcdef0123456789abcdef";
    let echo = format!("invalid action in HTTP request: /x?passkey={passkey}");
    let reply = format!("d14:failure reason{}:{echo}e", echo.len());
    let fake = FakeHttp::start(vec![Reply::ok(reply.as_bytes())], 20);
    let cli = Cli::new();
    let url = fake.url(&format!("/announce?passkey={passkey}"));
    for args in [
        vec!["announce", HASH, "--tracker", &url],
        vec!["announce", HASH, "--tracker", &url, "--json", "--force"],
        vec!["announce", HASH, "--tracker", &url, "-vv", "--force"],
        vec!["scrape", HASH, "--tracker", &url, "-v"],
        vec!["tiers", HASH, "--tracker", &url],
    ] {
        let run = cli.run(&args);
        assert!(
            !run.stdout.contains(passkey),
            "{args:?} stdout leaks: {}",
            run.stdout
        );
        assert!(
            !run.stderr.contains(passkey),
            "{args:?} stderr leaks: {}",
            run.stderr
        );
        assert!(
            run.stdout.contains("REDACTED") || run.stderr.contains("REDACTED"),
            "{args:?}"
        );
    }
    let bad = format!("http://127.0.0.1:1/announce?passkey={passkey}&x=%zz y");
    let run = cli.run(&["announce", HASH, "--tracker", &bad]);
    assert!(
        !run.stderr.contains(passkey),
        "error message leaks: {}",
        run.stderr
    );
    // The state file's keys and readable URLs are redacted; only `wire_url` (needed by
    // `stop --all` to reach the tracker) holds the URL as sent, in a file only its owner reads.
    if let Ok(state) = std::fs::read_to_string(cli.state_path()) {
        let parsed: serde_json::Value = serde_json::from_str(&state).unwrap();
        for torrent in parsed["torrents"].as_object().unwrap().values() {
            for (key, tracker) in torrent["trackers"].as_object().unwrap() {
                assert!(!key.contains(passkey), "state key leaks");
                assert!(
                    !tracker["url"].as_str().unwrap().contains(passkey),
                    "state url leaks"
                );
            }
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(cli.state_path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "state file readable by its owner only");
        }
    }
    let shown = cli.run(&[
        "announce",
        HASH,
        "--tracker",
        &url,
        "--show-secrets",
        "--force",
    ]);
    assert!(shown.stdout.contains(passkey), "--show-secrets shows it");
}
