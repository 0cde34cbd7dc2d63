//! `check` against the four real trackers, each finding asserted from what that tracker really
//! does (tests/it/identity.rs and docs/behaviour.md, verified by running), counts back
//! where they were afterwards, JSON valid against the schema; `--dry-run` sends nothing; a
//! private torrent gets only the plain sequence; a passkey never shows; Ctrl-C still cleans up;
//! fakes for what no real tracker shows (tracker id, warning, external ip, a refusing UDP
//! tracker, terminal escapes in tracker text).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::json_schema::assert_valid;
use crate::support::fake_http::{FakeHttp, Reply, answer_200};
use crate::support::fake_udp::{Act, FakeUdp};
use crate::support::{Cli, Tracker};

/// Runs `check ARGS --json`, expects `code`, validates the document; returns it.
#[track_caller]
fn check(cli: &Cli, args: &[&str], code: i32) -> Value {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let (doc, run) = cli.json(&all);
    assert_eq!(
        run.code, code,
        "exit code of {all:?}\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert_valid(&doc);
    assert_eq!(doc["command"], "check");
    doc
}

/// The entry of the tracker whose URL starts with `scheme`.
fn entry<'a>(doc: &'a Value, scheme: &str) -> &'a Value {
    doc["trackers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["url"].as_str().unwrap().starts_with(scheme))
        .unwrap_or_else(|| panic!("no {scheme} entry in {doc:#}"))
}

/// What every full run must show: the series ran, every identity was stopped, the counts are
/// back, and each null finding has its reason.
#[track_caller]
fn assert_clean(t: &Value) {
    assert_eq!(t["probes"], "all", "{t:#}");
    assert_eq!(t["interrupted"], false);
    let cleanup = &t["cleanup"];
    assert_eq!(cleanup["back_where_they_were"], true, "{t:#}");
    assert_eq!(cleanup["count_after"], cleanup["count_before"], "{t:#}");
    assert_eq!(
        cleanup["identities_registered"], cleanup["identities_stopped"],
        "{t:#}"
    );
    assert_reasons(t);
}

/// Every null finding (and an "unknown" identity) has a reason, and every reason a null.
#[track_caller]
fn assert_reasons(t: &Value) {
    let reasons = t["reasons"].as_object().unwrap();
    let mut nulls = Vec::new();
    for key in [
        "accepts_unknown_hash",
        "counts_include_self",
        "peer_list_includes_self",
        "numwant_honoured",
        "compact",
        "dict_peers",
        "peers6",
        "no_peer_id",
        "min_interval",
        "stopped_with_other_peer_id_removes",
    ] {
        if t[key].is_null() {
            nulls.push(key.to_string());
        }
    }
    for group in ["scrape", "http", "udp", "cleanup"] {
        if let Some(map) = t[group].as_object() {
            for (k, v) in map {
                // The scrape URL and the counts are data, not findings.
                if v.is_null() && !matches!(k.as_str(), "url" | "count_before" | "count_after") {
                    nulls.push(format!("{group}.{k}"));
                }
            }
        }
    }
    if t["peer_identity"] == "unknown" {
        nulls.push("peer_identity".into());
    }
    for key in &nulls {
        assert!(
            reasons.contains_key(key),
            "{key} is null without a reason: {t:#}"
        );
    }
}

fn hash_of_tracker() -> String {
    // Random enough for a whitelist entry; the first byte ≥ 0x80 keeps scrape keys non-ASCII.
    let mut h = format!(
        "{:016x}{:016x}{:08x}",
        nanos(),
        nanos() ^ 0x5555,
        std::process::id()
    );
    h.replace_range(0..1, "9");
    h
}

fn nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

#[test]
fn bittorrent_tracker_http_and_udp() {
    let tracker = Tracker::start("bittorrent-tracker", &[]);
    let cli = Cli::new();
    let doc = check(&cli, &[&tracker.http_url(), &tracker.udp_url()], 0);
    let http = entry(&doc, "http://");
    assert_clean(http);
    assert_eq!(http["hash_source"], "random");
    assert_eq!(http["accepts_unknown_hash"], true);
    assert_eq!(http["peer_identity"], "ip_port");
    assert_eq!(http["stopped_with_other_peer_id_removes"], true);
    assert_eq!(http["counts_include_self"], true);
    assert_eq!(http["peer_list_includes_self"], true);
    assert_eq!(http["numwant_honoured"], true);
    assert_eq!(http["compact"], true);
    assert_eq!(http["dict_peers"], true);
    assert_eq!(http["peers6"], true, "an always-empty peers6 key");
    assert_eq!(http["no_peer_id"], false);
    assert_eq!(http["interval"], 1800);
    assert!(http["min_interval"].is_null());
    assert!(
        http["reasons"]["min_interval"]
            .as_str()
            .unwrap()
            .contains("no min interval")
    );
    let scrape = &http["scrape"];
    assert_eq!(scrape["supported"], true);
    assert_eq!(scrape["multi_hash"], true);
    assert_eq!(scrape["unknown_hashes"], "zeroed");
    assert_eq!(scrape["key_encoding"], "utf8");
    assert_eq!(scrape["full_scrape"], true);
    assert!(scrape["min_request_interval"].is_i64());
    assert_eq!(http["http"]["status"], 200);
    assert_eq!(http["http"]["keep_alive"], true);
    assert_eq!(http["http"]["gzip"], false);

    let udp = entry(&doc, "udp://");
    assert_clean(udp);
    assert_eq!(udp["accepts_unknown_hash"], true);
    assert_eq!(udp["peer_identity"], "ip_port");
    assert_eq!(udp["stopped_with_other_peer_id_removes"], true);
    assert_eq!(udp["counts_include_self"], true);
    assert_eq!(udp["peer_list_includes_self"], true);
    assert_eq!(udp["numwant_honoured"], true);
    assert_eq!(udp["compact"], true);
    assert!(udp["dict_peers"].is_null() && udp["peers6"].is_null());
    assert_eq!(udp["scrape"]["unknown_hashes"], "zeroed");
    assert!(udp["scrape"]["full_scrape"].is_null());
    assert_eq!(udp["udp"]["connection_id"], "constant");
    assert_eq!(udp["udp"]["scrape_in_request_order"], true);
    assert_eq!(udp["udp"]["url_data_accepted"], true);
    assert_eq!(udp["udp"]["wrong_connection_id"], "ignored");
    assert!(udp.get("http").is_none() && http.get("udp").is_none());
}

#[test]
fn opentracker_refuses_a_random_hash_and_is_probed_with_a_listed_one() {
    let hash = hash_of_tracker();
    let tracker = Tracker::start("opentracker", &[&hash]);
    let cli = Cli::new();

    // A TRACKER_URL: a random hash, refused by the whitelist, in the tracker's words.
    let doc = check(&cli, &[&tracker.http_url(), &tracker.udp_url()], 0);
    let http = entry(&doc, "http://");
    assert_eq!(http["accepts_unknown_hash"], false);
    assert_eq!(
        http["refusal"],
        "Requested download is not authorized for use with this tracker."
    );
    assert_eq!(http["peer_identity"], "unknown");
    assert_eq!(http["cleanup"]["identities_registered"], 0);
    assert_eq!(http["scrape"]["unknown_hashes"], "omitted");
    assert_reasons(http);
    let udp = entry(&doc, "udp://");
    assert_eq!(udp["accepts_unknown_hash"], false);
    assert!(
        udp["refusal"].as_str().unwrap().contains("too short"),
        "the truncated 8-byte answer: {udp:#}"
    );
    assert_reasons(udp);

    // The listed hash: the whole series.
    let doc = check(
        &cli,
        &[
            &hash,
            "--tracker",
            &tracker.http_url(),
            "--tracker",
            &tracker.udp_url(),
        ],
        0,
    );
    let http = entry(&doc, "http://");
    assert_clean(http);
    assert_eq!(http["hash_source"], "torrent");
    assert!(http["accepts_unknown_hash"].is_null());
    assert_eq!(http["peer_identity"], "ip_port");
    assert_eq!(http["stopped_with_other_peer_id_removes"], true);
    assert_eq!(http["counts_include_self"], true);
    assert_eq!(http["peer_list_includes_self"], true);
    assert_eq!(http["numwant_honoured"], true);
    assert_eq!(http["compact"], true);
    assert_eq!(http["dict_peers"], false, "compact=0 gets HTTP 400");
    assert!(http["no_peer_id"].is_null());
    assert_eq!(http["peers6"], false, "IPv4-only build");
    let interval = http["interval"].as_i64().unwrap();
    assert_eq!(http["min_interval"].as_i64().unwrap(), interval / 2);
    assert_eq!(http["scrape"]["unknown_hashes"], "omitted");
    assert_eq!(http["scrape"]["key_encoding"], "raw");
    assert_eq!(http["scrape"]["multi_hash"], true);
    assert_eq!(http["scrape"]["full_scrape"], true);
    assert_eq!(http["http"]["keep_alive"], false);
    assert_evidence(http, "compact=0 400 text/html");
    let udp = entry(&doc, "udp://");
    assert_clean(udp);
    assert_eq!(udp["peer_identity"], "ip_port");
    assert_eq!(udp["counts_include_self"], true);
    assert_eq!(udp["udp"]["connection_id"], "random");
    assert_eq!(udp["udp"]["wrong_connection_id"], "error");
    assert_eq!(udp["udp"]["scrape_in_request_order"], true);
    assert_eq!(udp["udp"]["url_data_accepted"], true);
    assert_evidence(udp, "Connection ID missmatch");
}

#[test]
fn torrust_tracker_keys_peers_by_peer_id() {
    let tracker = Tracker::start("torrust-tracker", &[]);
    let cli = Cli::new();
    let doc = check(&cli, &[&tracker.http_url(), &tracker.udp_url()], 0);
    for scheme in ["http://", "udp://"] {
        let t = entry(&doc, scheme);
        assert_clean(t);
        assert_eq!(t["accepts_unknown_hash"], true, "{scheme}");
        assert_eq!(t["peer_identity"], "peer_id", "{scheme}");
        assert_eq!(t["stopped_with_other_peer_id_removes"], false, "{scheme}");
        assert!(t["ghost_peer_risk"].as_str().unwrap().starts_with("high"));
        assert_eq!(t["counts_include_self"], true, "{scheme}");
        assert_eq!(t["peer_list_includes_self"], false, "{scheme}");
        assert_eq!(t["numwant_honoured"], false, "{scheme}");
        assert_eq!(t["interval"], 1800);
    }
    let http = entry(&doc, "http://");
    assert_eq!(http["min_interval"], 1800);
    assert_eq!(http["compact"], true);
    assert_eq!(http["dict_peers"], true);
    assert_eq!(http["peers6"], true);
    assert_eq!(http["scrape"]["unknown_hashes"], "zeroed");
    assert_eq!(http["scrape"]["key_encoding"], "raw");
    assert_eq!(http["scrape"]["full_scrape"], false);
    assert_eq!(http["http"]["keep_alive"], true);
    assert_eq!(http["http"]["content_type"], "application/octet-stream");
    let udp = entry(&doc, "udp://");
    assert_eq!(udp["udp"]["connection_id"], "random");
    assert_eq!(
        udp["udp"]["scrape_in_request_order"], false,
        "its answers come reordered: {udp:#}"
    );
    assert_eq!(udp["scrape"]["unknown_hashes"], "zeroed");
    assert_eq!(udp["udp"]["wrong_connection_id"], "answered");
}

#[test]
fn aquatic_udp_leaves_the_announcing_peer_out() {
    let tracker = Tracker::start("aquatic_udp", &[]);
    let cli = Cli::new();
    let doc = check(&cli, &[&tracker.udp_url()], 0);
    let t = entry(&doc, "udp://");
    assert_clean(t);
    assert_eq!(t["accepts_unknown_hash"], true);
    assert_eq!(t["peer_identity"], "ip_port");
    assert_eq!(t["stopped_with_other_peer_id_removes"], true);
    assert_eq!(t["counts_include_self"], false);
    assert_eq!(t["peer_list_includes_self"], false);
    assert_eq!(t["numwant_honoured"], true);
    assert_eq!(t["interval"], 1800);
    assert_eq!(t["udp"]["connection_id"], "random");
    assert_eq!(t["udp"]["scrape_in_request_order"], true);
    assert_eq!(t["udp"]["url_data_accepted"], true);
    assert_eq!(t["udp"]["wrong_connection_id"], "ignored");
}

#[test]
fn aquatic_udp_with_an_allow_list_refuses_in_its_words() {
    let tracker = Tracker::start("aquatic_udp", &[&hash_of_tracker()]);
    let doc = check(&Cli::new(), &[&tracker.udp_url()], 0);
    let t = entry(&doc, "udp://");
    assert_eq!(t["accepts_unknown_hash"], false);
    assert_eq!(t["refusal"], "Info hash not allowed");
    assert_eq!(t["cleanup"]["identities_registered"], 0);
    assert_reasons(t);
}

#[test]
fn dry_run_lists_the_requests_and_sends_nothing() {
    let fake = FakeHttp::start(vec![Reply::ok(b"d8:intervali1800ee")], 50);
    let udp = FakeUdp::start(vec![Act::Answer], 50);
    let run = Cli::new()
        .run(&[
            "check",
            &fake.url("/announce"),
            &udp.url("/announce"),
            "--dry-run",
        ])
        .expect(0);
    assert!(run.stdout.contains("announce A started"), "{}", run.stdout);
    assert!(
        run.stdout.contains("announce F stopped, port"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("UDP connect from a second socket"));
    assert!(
        run.stdout
            .contains("dry run: nothing sent (43 requests to 2 trackers")
    );
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        fake.request_lines().is_empty(),
        "{:?}",
        fake.request_lines()
    );
    assert!(udp.packets().is_empty());
}

/// `--dry-run --json`: one document, `"dry_run": true`, each tracker's steps with the requests
/// they would send (as `announce --dry-run --json` shows its own), the passkey redacted, and
/// nothing sent.
#[test]
fn dry_run_json_lists_the_planned_requests_in_one_document() {
    let fake = FakeHttp::start(vec![Reply::ok(b"d8:intervali1800ee")], 50);
    let udp = FakeUdp::start(vec![Act::Answer], 50);
    let http_url = format!("{}?passkey={PASSKEY}", fake.url("/announce"));
    let (doc, run) = Cli::new().json(&["check", &http_url, &udp.url("/announce"), "--dry-run"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_valid(&doc);
    assert_eq!(doc["command"], "check");
    assert_eq!(doc["dry_run"], true);
    assert_eq!(doc["requests_sent"], 0);
    assert!(!run.stdout.contains(PASSKEY) && !run.stderr.contains(PASSKEY));

    let planned = |t: &Value| -> Vec<Value> {
        t["steps"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["requests"].as_array().unwrap().clone())
            .collect()
    };
    let http = entry(&doc, "http://");
    assert_eq!(http["hash_source"], "random");
    assert_eq!(http["probes"], "all");
    let requests = planned(http);
    assert_eq!(
        requests.len() as u64,
        http["requests_planned"].as_u64().unwrap()
    );
    assert!(requests.iter().all(|r| r["method"] == "GET"));
    assert!(
        requests
            .iter()
            .all(|r| r["url"].as_str().unwrap().contains("passkey=REDACTED"))
    );
    let info_hash = http["info_hash"].as_str().unwrap();
    let first = &http["steps"][0];
    assert!(
        first["what"].as_str().unwrap().starts_with("scrape"),
        "{first:#}"
    );
    assert!(
        first["requests"][0]["url"]
            .as_str()
            .unwrap()
            .contains("/scrape?")
    );
    let started = &http["steps"][1]["requests"][0];
    let field = |r: &Value, name: &str| -> Option<String> {
        r["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f[0] == name)
            .map(|f| f[1].as_str().unwrap().to_string())
    };
    assert_eq!(
        field(started, "event").as_deref(),
        Some("started"),
        "{started:#}"
    );
    assert_eq!(field(started, "info_hash").as_deref(), Some(info_hash));
    assert_eq!(field(started, "numwant").as_deref(), Some("50"));
    // The numwant=1 probe and the compact=0 one say so in their fields.
    assert!(
        requests
            .iter()
            .any(|r| field(r, "numwant").as_deref() == Some("1"))
    );
    assert!(
        requests
            .iter()
            .any(|r| field(r, "compact").as_deref() == Some("0"))
    );
    let stopped = requests
        .iter()
        .filter(|r| field(r, "event").as_deref() == Some("stopped"))
        .count();
    assert_eq!(stopped, 6, "C's stopped, then A, B, D, E, F");

    let udp_entry = entry(&doc, "udp://");
    let requests = planned(udp_entry);
    assert_eq!(
        requests.len() as u64,
        udp_entry["requests_planned"].as_u64().unwrap()
    );
    assert_eq!(requests[0]["method"], "connect");
    assert!(requests.iter().any(|r| r["method"] == "announce"));
    let order = requests
        .iter()
        .find(|r| r["method"] == "scrape" && r["fields"].as_array().unwrap().len() == 20)
        .expect("a marker scrape of 20 hashes");
    assert_eq!(order["url"], udp.url("/announce"));
    assert_eq!(
        planned(http).len() + requests.len(),
        43,
        "as the text dry run counts"
    );

    std::thread::sleep(Duration::from_millis(200));
    assert!(fake.request_lines().is_empty());
    assert!(udp.packets().is_empty());
}

/// A one-file torrent with `info.private = 1` and these announce URLs.
fn private_torrent(dir: &Path, url: &str) -> (PathBuf, String) {
    fn bytes(b: &[u8]) -> Vec<u8> {
        let mut out = format!("{}:", b.len()).into_bytes();
        out.extend_from_slice(b);
        out
    }
    let mut info = b"d6:lengthi20000e4:name".to_vec();
    info.extend(bytes(b"private.bin"));
    info.extend(b"12:piece lengthi16384e6:pieces");
    info.extend(bytes(&[9u8; 40]));
    info.extend(b"7:privatei1ee");
    let hash = sha1_smol::Sha1::from(&info).digest().to_string();
    let mut file = b"d8:announce".to_vec();
    file.extend(bytes(url.as_bytes()));
    file.extend(b"4:info");
    file.extend(info);
    file.push(b'e');
    let path = dir.join("private.torrent");
    std::fs::write(&path, file).unwrap();
    (path, hash)
}

const PASSKEY: &str = "s3cr3tPasskey0123456789abcdef";

#[test]
fn private_torrent_gets_only_the_plain_sequence_and_the_passkey_never_shows() {
    let tracker = Tracker::start("bittorrent-tracker", &[]);
    let cli = Cli::new();
    let url = format!("{}?passkey={PASSKEY}", tracker.http_url());
    let (torrent, hash) = private_torrent(cli.dir.path(), &url);
    let torrent = torrent.to_str().unwrap();

    let dry = cli.run(&["check", torrent, "--dry-run", "-vv"]).expect(0);
    assert!(dry.stdout.contains("at most 4 requests"), "{}", dry.stdout);

    let (doc, run) = cli.json(&["check", torrent, "-vv"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_valid(&doc);
    let t = &doc["trackers"][0];
    assert_eq!(t["probes"], "plain");
    assert_eq!(t["hash_source"], "torrent");
    assert_eq!(t["info_hash"], hash);
    assert_eq!(t["requests_sent"], 4, "scrape, started, stopped, scrape");
    assert_eq!(t["cleanup"]["back_where_they_were"], true);
    assert_eq!(t["counts_include_self"], true);
    assert!(t["peer_identity"] == "unknown" && t["numwant_honoured"].is_null());
    assert!(
        t["reasons"]["numwant_honoured"]
            .as_str()
            .unwrap()
            .contains("private torrent"),
        "{t:#}"
    );
    assert!(t["url"].as_str().unwrap().contains("REDACTED"));
    let text = cli.run(&["check", torrent, "-vv"]).expect(0);
    for out in [
        &dry.stdout,
        &dry.stderr,
        &run.stdout,
        &run.stderr,
        &text.stdout,
        &text.stderr,
    ] {
        assert!(!out.contains(PASSKEY), "the passkey leaked:\n{out}");
    }
    assert!(
        text.stdout
            .contains("private torrent: started, scrape, stopped only")
    );

    // --all-probes: the whole series, still redacted.
    let all = check(&cli, &[torrent, "--all-probes"], 0);
    assert_eq!(all["trackers"][0]["probes"], "all");
    assert_clean(&all["trackers"][0]);
    assert!(!all.to_string().contains(PASSKEY));
}

#[test]
fn ctrl_c_still_stops_every_identity() {
    let tracker = Tracker::start("bittorrent-tracker", &[]);
    let cli = Cli::new();
    // Two requests a second: the series takes about 10 s, interrupted after 3.
    let child = cli
        .cmd()
        .args(["check", &tracker.http_url(), "--max-rate", "2", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(3));
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(30));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let doc: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    assert_valid(&doc);
    assert_eq!(out.status.code(), Some(1), "interrupted: exit 1");
    assert_eq!(doc["interrupted"], true);
    let t = &doc["trackers"][0];
    assert!(
        t["cleanup"]["identities_registered"].as_u64().unwrap() >= 1,
        "{t:#}"
    );
    assert_eq!(
        t["cleanup"]["identities_registered"],
        t["cleanup"]["identities_stopped"]
    );
    assert_eq!(t["cleanup"]["back_where_they_were"], true, "{t:#}");
    assert!(t["requests_sent"].as_u64().unwrap() < t["requests_planned"].as_u64().unwrap());
}

#[test]
fn max_rate_spaces_the_requests() {
    let tracker = Tracker::start("bittorrent-tracker", &[]);
    let cli = Cli::new();
    let started = Instant::now();
    let doc = check(&cli, &[&tracker.http_url(), "--max-rate", "20"], 0);
    let sent = doc["requests_sent"].as_u64().unwrap();
    assert!(
        // The two GETs on one connection share one slot.
        started.elapsed() >= Duration::from_millis(50 * (sent - 2)),
        "{sent} requests in {:?}",
        started.elapsed()
    );
}

/// No real tracker sends a tracker id, a warning or an external ip: a fake that answers every
/// request with one announce body (with a terminal escape in its warning). Its "scrape" answers
/// are announce bodies, so scrape findings are null with reasons.
#[test]
fn fake_http_tracker_with_tracker_id_warning_and_external_ip() {
    fn text(key: &str, value: &[u8]) -> Vec<u8> {
        let mut out = format!("{}:{key}{}:", key.len(), value.len()).into_bytes();
        out.extend_from_slice(value);
        out
    }
    let mut body = b"d8:completei0e".to_vec();
    body.extend(text("external ip", &[203, 0, 113, 7]));
    body.extend(b"10:incompletei1e8:intervali900e12:min intervali60e5:peers0:");
    body.extend(text("tracker id", b"T-42"));
    body.extend(text("warning message", b"old client \x1b[31mred"));
    body.extend(b"e");
    let fake = FakeHttp::start(vec![Reply::ok(&body)], 100);
    let cli = Cli::new();
    let doc = check(&cli, &[&fake.url("/announce")], 0);
    let t = &doc["trackers"][0];
    assert_eq!(t["tracker_id"], "T-42");
    assert_eq!(t["external_ip"], "203.0.113.7");
    assert_eq!(t["warning_message"], "old client \u{1b}[31mred");
    assert_eq!(t["min_interval"], 60);
    assert_eq!(t["interval"], 900);
    assert_eq!(t["counts_include_self"], true);
    assert_eq!(t["scrape"]["supported"], serde_json::Value::Null);
    assert_reasons(t);
    let text = cli.run(&["check", &fake.url("/announce")]).expect(0);
    assert!(!text.stdout.contains('\x1b'), "{}", text.stdout);
    assert!(text.stdout.contains("\\u{1b}[31mred"), "{}", text.stdout);
}

/// A UDP tracker that answers connects and scrapes but refuses every announce with an error:
/// the refusal in its words, BEP 41 URL data unknown (refused with and without it), nothing to
/// clean up.
#[test]
fn fake_udp_tracker_refusing_every_announce() {
    // connect #1, connect #2 (second socket), scrape before, then errors.
    let fake = FakeUdp::start(
        vec![
            Act::Answer,
            Act::Answer,
            Act::Answer,
            Act::Error("torrent not registered".into()),
        ],
        40,
    );
    let doc = check(&Cli::new(), &[&fake.url("/announce")], 0);
    let t = &doc["trackers"][0];
    assert_eq!(t["accepts_unknown_hash"], false);
    assert_eq!(t["refusal"], "torrent not registered");
    assert!(t["udp"]["url_data_accepted"].is_null());
    assert_eq!(t["cleanup"]["identities_registered"], 0);
    assert_reasons(t);
}

/// Some finding of `entry` quotes `text` as its evidence.
#[track_caller]
fn assert_evidence(entry: &serde_json::Value, text: &str) {
    let found = entry["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["evidence"].as_str().unwrap_or("").contains(text));
    assert!(found, "no evidence quoting {text:?}: {entry:#}");
}

/// An HTTP tracker on `ip` that refuses every announce; its first request is held until the
/// other one's first request has arrived too (at most `HOLD`), and it records whether that
/// happened.
fn meeting_tracker(
    ip: &str,
    arrived: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    met: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> String {
    use std::io::{BufRead, BufReader};
    use std::sync::atomic::Ordering;
    const HOLD: Duration = Duration::from_secs(5);
    let listener = std::net::TcpListener::bind((ip, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().take(40).enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            while reader.read_line(&mut line).is_ok_and(|read| read > 2) {
                line.clear();
            }
            if n == 0 {
                arrived.fetch_add(1, Ordering::SeqCst);
                let until = Instant::now() + HOLD;
                while arrived.load(Ordering::SeqCst) < 2 && Instant::now() < until {
                    std::thread::sleep(Duration::from_millis(10));
                }
                if arrived.load(Ordering::SeqCst) >= 2 {
                    met.store(true, Ordering::SeqCst);
                }
            }
            answer_200(&mut stream, b"d14:failure reason6:closede", "close");
        }
    });
    format!("http://{ip}:{port}/announce")
}

/// Checks two refusing trackers on two loopback hosts; whether their first requests were in
/// flight at the same time, and the document.
fn probe_two_hosts(extra: &[&str]) -> (bool, Value, [String; 2]) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let arrived = Arc::new(AtomicUsize::new(0));
    let (met_a, met_b) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    let a = meeting_tracker("127.0.0.1", arrived.clone(), met_a.clone());
    let b = meeting_tracker("127.0.0.2", arrived.clone(), met_b.clone());
    let mut args = vec![a.as_str(), b.as_str()];
    args.extend_from_slice(extra);
    let doc = check(&Cli::new(), &args, 0);
    let met = met_a.load(Ordering::SeqCst) && met_b.load(Ordering::SeqCst);
    (met, doc, [a, b])
}

#[test]
fn trackers_of_two_hosts_are_probed_side_by_side() {
    let (met, doc, [a, b]) = probe_two_hosts(&[]);
    assert!(met, "both first requests were in flight at once: {doc:#}");
    let urls: Vec<&str> = doc["trackers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["url"].as_str().unwrap())
        .collect();
    assert_eq!(urls, [a.as_str(), b.as_str()], "the order given");
}

#[test]
fn jobs_1_probes_one_host_after_the_other() {
    let (met, doc, _) = probe_two_hosts(&["--jobs", "1"]);
    assert!(!met, "the second host waited for the first: {doc:#}");
}
