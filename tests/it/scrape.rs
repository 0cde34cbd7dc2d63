//! scrape: BEP 48 URL rule, many hashes per request, answers mapped back to torrents.

use crate::support::fake_http::{FakeHttp, Reply, answer_200};
use crate::support::{Cli, Tracker, fixture, manifest_hash};

fn path(file: &str) -> String {
    fixture(&format!("torrents/{file}"))
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn several_torrents_go_to_one_tracker_in_one_request() {
    let (a, b) = (
        manifest_hash("v1_single_file.torrent"),
        manifest_hash("v1_multi_file.torrent"),
    );
    let tracker = Tracker::start("opentracker", &[&a, &b]);
    let cli = Cli::new();
    let url = tracker.http_url();
    for file in ["v1_single_file.torrent", "v1_multi_file.torrent"] {
        cli.run(&["announce", &path(file), "--only-tracker", &url])
            .expect(0);
    }
    let (json, run) = cli.json(&[
        "scrape",
        &path("v1_single_file.torrent"),
        &path("v1_multi_file.torrent"),
        "--only-tracker",
        &url,
        "-v",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let gets: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("> GET"))
        .collect();
    assert_eq!(gets.len(), 1, "one request for both: {}", run.stderr);
    assert_eq!(gets[0].matches("info_hash=").count(), 2);
    assert!(gets[0].contains("/scrape?"), "BEP 48 URL: {}", gets[0]);
    let torrents = json["torrents"].as_array().unwrap();
    assert_eq!(torrents[0]["info_hash"], a);
    assert_eq!(torrents[1]["info_hash"], b);
    for t in torrents {
        assert_eq!(
            t["trackers"][0]["response"]["incomplete"], 1,
            "a leecher (left > 0): {t:#}"
        );
    }
}

#[test]
fn bittorrent_trackers_utf8_scrape_keys_are_mapped_back_and_said_in_verbose() {
    let tracker = Tracker::start("bittorrent-tracker", &[]);
    let cli = Cli::new();
    let url = tracker.http_url();
    let torrent = path("v1_single_file.torrent");
    cli.run(&["announce", &torrent, "--only-tracker", &url])
        .expect(0);
    let (json, run) = cli.json(&["scrape", &torrent, "--only-tracker", &url, "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        json["torrents"][0]["trackers"][0]["response"]["incomplete"], 1,
        "{json:#}"
    );
    assert!(
        run.stderr.contains("UTF-8"),
        "-v says the keys were UTF-8-encoded: {}",
        run.stderr
    );
}

#[test]
fn a_tracker_without_announce_in_its_last_segment_has_no_scrape_url() {
    let cli = Cli::new();
    let hash = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";
    let (json, run) = cli.json(&["scrape", hash, "--tracker", "http://127.0.0.1:9/announce/x"]);
    assert_eq!(run.code, 1);
    let t = &json["torrents"][0]["trackers"][0];
    assert!(
        t["error"].as_str().unwrap().contains("no scrape URL"),
        "{t:#}"
    );
    assert!(
        t["hint"].as_str().unwrap().contains("--scrape-url"),
        "{t:#}"
    );
}

#[test]
fn scrape_keeps_the_passkey_query_and_never_announces() {
    let body = std::fs::read(fixture("responses/http/scrape_two_torrents.bencode")).unwrap();
    let fake = FakeHttp::start(vec![Reply::ok(&body)], 4);
    let cli = Cli::new();
    let url = fake.url("/x/announce.php?passkey=abcdef0123456789");
    let hashes = [
        "8df1068cecd44c6f7c1330c2e42e19616d811ee0",
        "003a65808182838485868788898a8b8c8d8e8f90",
    ];
    let (json, run) = cli.json(&["scrape", hashes[0], hashes[1], "--tracker", &url]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = fake.request_lines();
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("GET /x/scrape.php?passkey=abcdef0123456789&info_hash="),
        "{}",
        lines[0]
    );
    assert!(!lines[0].contains("peer_id"), "a scrape is not an announce");
    assert_eq!(
        json["torrents"][0]["trackers"][0]["response"]["complete"],
        10
    );
    assert_eq!(
        json["torrents"][0]["trackers"][0]["response"]["name"],
        "hello.bin"
    );
    assert_eq!(
        json["torrents"][0]["trackers"][0]["response"]["min_request_interval"],
        3600
    );
    assert_eq!(
        json["torrents"][1]["trackers"][0]["response"]["incomplete"],
        1
    );
    let state = std::fs::read_to_string(cli.state_path()).unwrap_or_default();
    assert!(
        !state.contains("\"torrents\": {\n    \""),
        "scrape registers no torrent: {state}"
    );
}

#[test]
fn hybrid_torrent_announces_with_v1_by_default_and_both_on_request() {
    let fake = FakeHttp::start(vec![Reply::ok(b"d8:intervali1800e5:peers0:e")], 10);
    let cli = Cli::new();
    let torrent = path("hybrid_v1v2.torrent");
    let url = fake.url("/announce");
    let (json, _) = cli.json(&["announce", &torrent, "--only-tracker", &url]);
    assert_eq!(json["torrents"].as_array().unwrap().len(), 1);
    assert_eq!(
        json["torrents"][0]["info_hash"],
        manifest_hash("hybrid_v1v2.torrent")
    );
    let (json, _) = cli.json(&[
        "announce",
        &torrent,
        "--only-tracker",
        &url,
        "--hash",
        "both",
    ]);
    let torrents = json["torrents"].as_array().unwrap();
    assert_eq!(
        torrents.len(),
        2,
        "two announces, one per hash (as libtorrent)"
    );
    let v2 = torrents[1]["info_hash_v2"].as_str().unwrap();
    assert_eq!(
        torrents[1]["info_hash"].as_str().unwrap(),
        &v2[..40],
        "truncated SHA-256"
    );
}

/// `--format ndjson`: one object per torrent and tracker, then the summary; every line valid
/// against the schema's `ndjsonLine`; rows of a tracker that answered are out while another
/// tracker is still being waited for.
#[test]
fn ndjson_rows_stream_as_trackers_answer_and_match_the_schema() {
    use std::io::BufRead;
    let a = "0123456789abcdef0123456789abcdef01234567";
    let b = "1111111111111111111111111111111111111111";
    let tracker = Tracker::start("opentracker", &[a, b]);
    let silent =
        crate::support::fake_udp::FakeUdp::start(vec![crate::support::fake_udp::Act::Drop], 50);
    let cli = Cli::new();
    let mut child = cli
        .cmd()
        .args(["scrape", a, b, "--format", "ndjson", "--timeout", "5"])
        .args(["--tracker", &tracker.udp_url()])
        .args(["--tracker", &silent.url("/announce")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let still_running = child.try_wait().unwrap().is_none();
    let mut all = vec![first];
    all.extend(lines.map(Result::unwrap));
    let status = child.wait().unwrap();
    assert!(
        still_running,
        "the answered tracker's row came before the silent tracker's deadline"
    );
    assert_eq!(
        status.code(),
        Some(1),
        "the silent tracker failed: {all:#?}"
    );
    let values: Vec<serde_json::Value> = all
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    for v in &values {
        crate::json_schema::assert_valid_as(v, "ndjsonLine");
    }
    assert_eq!(
        values.len(),
        5,
        "2 torrents x 2 trackers + summary: {all:#?}"
    );
    assert_eq!(values[0]["type"], "tracker");
    assert_eq!(
        values[0]["status"], "ok",
        "the answered tracker first: {all:#?}"
    );
    let last = values.last().unwrap();
    assert_eq!(last["type"], "summary");
    assert_eq!(last["summary"]["answered"], 2);
    assert_eq!(last["summary"]["failed"], 2);
    assert_eq!(
        values[..4]
            .iter()
            .filter(|v| v["error_kind"] == "timeout")
            .count(),
        2
    );
}

/// An HTTP tracker that keeps connections open: counts connections and requests.
fn keep_alive_tracker() -> (
    String,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    use std::io::{BufRead, BufReader};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/announce", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let (c, r) = (connections.clone(), requests.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            let Ok(stream) = stream else { continue };
            c.fetch_add(1, Ordering::SeqCst);
            let r = r.clone();
            std::thread::spawn(move || {
                stream
                    .set_read_timeout(Some(std::time::Duration::from_secs(10)))
                    .unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut writer = stream;
                for _ in 0..1000 {
                    let mut head = String::new();
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        head.push_str(&line);
                    }
                    r.fetch_add(1, Ordering::SeqCst);
                    answer_200(&mut writer, b"d5:filesdee", "keep-alive");
                    if head.to_ascii_lowercase().contains("connection: close") {
                        return;
                    }
                }
            });
        }
    });
    (url, connections, requests)
}

/// A batch scrape over HTTP keeps its connections open and shares them: far fewer connections
/// than requests; a single scrape still closes its connection, as libtorrent does.
#[test]
fn batch_http_scrape_reuses_connections() {
    use std::sync::atomic::Ordering;
    let (url, connections, requests) = keep_alive_tracker();
    let cli = Cli::new();
    let list = cli.dir.path().join("hashes.txt");
    let hashes: Vec<String> = (0..300u32)
        .map(|i| format!("{:040x}", u128::from(i) + 1))
        .collect();
    std::fs::write(&list, hashes.join("\n")).unwrap();
    let run = cli.run(&[
        "scrape",
        "--from-file",
        list.to_str().unwrap(),
        "--tracker",
        &url,
        "--format",
        "tsv",
        "--window",
        "2",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 301);
    let (conns, reqs) = (
        connections.load(Ordering::SeqCst),
        requests.load(Ordering::SeqCst),
    );
    assert!(reqs >= 10, "{reqs} requests");
    assert!(conns <= 2, "{conns} connections for {reqs} requests");
    let (url, connections, requests) = keep_alive_tracker();
    cli.run(&["scrape", &hashes[0], "--tracker", &url, "-v"])
        .expect(0);
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}
