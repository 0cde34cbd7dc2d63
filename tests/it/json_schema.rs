//! `--json` output of every subcommand, from the real binary, validated against
//! `docs/trackerctl.schema.json`; the key paths of a representative announce pinned; and the
//! schema itself checked to reject renamed or mistyped keys, and to be documented in
//! `docs/json.md`.

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::Path;

use serde_json::{Value, json};

use crate::support::fake_http::{FakeHttp, Reply};
use crate::support::fake_udp::{Act, FakeUdp};
use crate::support::{Cli, fixture};

/// Raw hash of `torrents/v1_single_file.torrent` ("hello.bin"), also the first torrent of
/// `responses/http/scrape_two_torrents.bencode`.
const HASH: &str = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";

fn docs(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema() -> Value {
    serde_json::from_str(&docs("trackerctl.schema.json")).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("at {:?}: {e}", e.instance_path().to_string()))
        .collect()
}

/// Panics unless `doc` is valid against `$defs/<def>` of the schema.
#[track_caller]
pub fn assert_valid_as(doc: &Value, def: &str) {
    let schema = schema();
    let wrapper = serde_json::json!({
        "$schema": schema["$schema"],
        "$ref": format!("#/$defs/{def}"),
        "$defs": schema["$defs"],
    });
    let validator = jsonschema::validator_for(&wrapper).expect("the schema compiles");
    let found = errors(&validator, doc);
    assert!(
        found.is_empty(),
        "does not match $defs/{def}:\n{}\n{doc:#}",
        found.join("\n")
    );
}

/// Panics with every schema violation and the document.
#[track_caller]
pub fn assert_valid(doc: &Value) {
    let found = errors(&validator(), doc);
    assert!(
        found.is_empty(),
        "output does not match docs/trackerctl.schema.json:\n{}\n{doc:#}",
        found.join("\n")
    );
}

fn body(file: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("responses/http/{file}"))).unwrap()
}

fn torrent(file: &str) -> String {
    fixture(&format!("torrents/{file}"))
        .to_string_lossy()
        .into_owned()
}

/// An HTTP URL on which nothing listens (connection refused).
fn dead_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/announce")
}

/// Runs `args --json`, checks the exit code and the schema, returns the document.
#[track_caller]
fn run_valid(cli: &Cli, args: &[&str], code: i32) -> Value {
    let (doc, run) = cli.json(args);
    assert_eq!(
        run.code, code,
        "exit code of {args:?}\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert_valid(&doc);
    doc
}

/// The only tracker entry of the only torrent.
fn only_tracker(doc: &Value) -> &Value {
    let torrents = doc["torrents"].as_array().unwrap();
    assert_eq!(torrents.len(), 1, "{doc:#}");
    let trackers = torrents[0]["trackers"].as_array().unwrap();
    assert_eq!(trackers.len(), 1, "{doc:#}");
    &trackers[0]
}

/// Announce to the fake HTTP tracker answering with one fixture body.
fn announce_with(reply: Reply, code: i32) -> Value {
    let fake = FakeHttp::start(vec![reply], 4);
    let cli = Cli::new();
    let doc = run_valid(
        &cli,
        &["announce", HASH, "--tracker", &fake.url("/announce")],
        code,
    );
    assert_eq!(doc["command"], "announce");
    doc
}

// ---- the schema itself ------------------------------------------------------------------

#[test]
fn schema_is_a_valid_draft_2020_12_schema() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(
        jsonschema::meta::is_valid(&schema),
        "docs/trackerctl.schema.json is not a valid JSON Schema"
    );
}

/// A hand-written document with every key; the renamed/mistyped variants must be rejected.
fn full_announce_document() -> Value {
    json!({
        "command": "announce",
        "torrents": [{
            "name": "hello.bin",
            "info_hash": HASH,
            "info_hash_v2": "ab".repeat(32),
            "source": "hello.torrent",
            "private": false,
            "total_length": 100000,
            "trackers": [{
                "url": "http://127.0.0.1:1/announce?passkey=REDACTED",
                "tier": 0,
                "transport": "http",
                "status": "ok",
                "info_hash": HASH,
                "event": "started",
                "elapsed_ms": 3,
                "hint": "a hint",
                "response": {
                    "interval": 1800, "min_interval": 900, "tracker_id": "T-1",
                    "complete": 3, "incomplete": 1, "downloaded": 7,
                    "warning_message": "old client", "external_ip": "203.0.113.7",
                    "peers": [{"ip": "10.0.0.2", "port": 6881, "peer_id": "2d".repeat(20)}]
                }
            }, {
                "url": "udp://127.0.0.1:2/announce",
                "tier": 1,
                "transport": "udp",
                "status": "failed",
                "info_hash": HASH,
                "event": "started",
                "elapsed_ms": 1,
                "error": "tracker says: banned",
                "response": {"failure_reason": "banned", "retry_in": "never", "interval": 60}
            }, {
                "url": "http://127.0.0.1:3/announce",
                "tier": 2,
                "transport": "http",
                "status": "not_contacted",
                "info_hash": HASH
            }]
        }],
        "notices": ["a note"]
    })
}

#[test]
fn schema_rejects_renamed_and_mistyped_keys() {
    let validator = validator();
    let good = full_announce_document();
    assert_eq!(errors(&validator, &good), Vec::<String>::new());

    let rename = |doc: &mut Value, pointer: &str, from: &str, to: &str| {
        let object = doc.pointer_mut(pointer).unwrap().as_object_mut().unwrap();
        let value = object.remove(from).unwrap();
        object.insert(to.to_string(), value);
    };
    let set = |doc: &mut Value, pointer: &str, value: Value| {
        *doc.pointer_mut(pointer).unwrap() = value;
    };
    type Breaker = Box<dyn Fn(&mut Value)>;
    let broken: Vec<(&str, Breaker)> = vec![
        (
            "response.complete renamed to seeders",
            Box::new(move |d| rename(d, "/torrents/0/trackers/0/response", "complete", "seeders")),
        ),
        (
            "tracker status renamed to state",
            Box::new(move |d| rename(d, "/torrents/0/trackers/0", "status", "state")),
        ),
        (
            "torrent info_hash renamed to infohash",
            Box::new(move |d| rename(d, "/torrents/0", "info_hash", "infohash")),
        ),
        (
            "envelope torrents renamed to results",
            Box::new(move |d| rename(d, "", "torrents", "results")),
        ),
        (
            "peer port renamed to peer_port",
            Box::new(move |d| {
                rename(
                    d,
                    "/torrents/0/trackers/0/response/peers/0",
                    "port",
                    "peer_port",
                )
            }),
        ),
        (
            "min_interval spelled min interval",
            Box::new(move |d| {
                rename(
                    d,
                    "/torrents/0/trackers/0/response",
                    "min_interval",
                    "min interval",
                )
            }),
        ),
        (
            "tier as a string",
            Box::new(move |d| set(d, "/torrents/0/trackers/0/tier", json!("0"))),
        ),
        (
            "interval as a string",
            Box::new(move |d| set(d, "/torrents/0/trackers/0/response/interval", json!("1800"))),
        ),
        (
            "unknown status",
            Box::new(move |d| set(d, "/torrents/0/trackers/0/status", json!("okay"))),
        ),
        (
            "unknown transport",
            Box::new(move |d| set(d, "/torrents/0/trackers/0/transport", json!("https"))),
        ),
        (
            "unknown event",
            Box::new(move |d| set(d, "/torrents/0/trackers/0/event", json!("start"))),
        ),
        (
            "unknown command",
            Box::new(move |d| set(d, "/command", json!("announces"))),
        ),
        (
            "an invented null",
            Box::new(move |d| set(d, "/torrents/0/name", Value::Null)),
        ),
        (
            "upper-case hash",
            Box::new(move |d| set(d, "/torrents/0/info_hash", json!(HASH.to_uppercase()))),
        ),
        (
            "ok without a response",
            Box::new(|d| {
                d.pointer_mut("/torrents/0/trackers/0")
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove("response");
            }),
        ),
        (
            "failed without an error",
            Box::new(|d| {
                d.pointer_mut("/torrents/0/trackers/1")
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove("error");
            }),
        ),
        (
            "scrape keys in an announce response",
            Box::new(|d| {
                d.pointer_mut("/torrents/0/trackers/0/response")
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .insert("min_request_interval".into(), json!(5));
            }),
        ),
        (
            "empty notices (they are omitted instead)",
            Box::new(move |d| set(d, "/notices", json!([]))),
        ),
    ];
    for (what, breaker) in broken {
        let mut doc = good.clone();
        breaker(&mut doc);
        assert!(
            !validator.is_valid(&doc),
            "the schema accepts a document with {what}:\n{doc:#}"
        );
    }

    // A scrape document must not carry announce-only keys, nor a tiers document trackers.
    let scrape = json!({"command": "scrape", "torrents": [{"info_hash": HASH, "source": "x",
        "trackers": [{"url": "u", "tier": 0, "transport": "http", "status": "ok", "event": "started",
                      "response": {"complete": 1}}]}]});
    assert!(
        !validator.is_valid(&scrape),
        "event accepted in a scrape entry"
    );
    let tiers = json!({"command": "tiers", "torrents": [{"source": "x", "trackers": [],
        "tiers": [[{"url": "u", "transport": "http", "selected": true, "tier": 0}]]}]});
    assert!(
        !validator.is_valid(&tiers),
        "unknown key accepted in a tiers entry"
    );
}

#[test]
fn every_schema_key_is_documented_in_json_md() {
    fn keys(schema: &Value, out: &mut BTreeSet<String>) {
        match schema {
            Value::Object(map) => {
                for (k, v) in map {
                    if k == "properties" {
                        out.extend(v.as_object().unwrap().keys().cloned());
                    }
                    keys(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }
    let mut all = BTreeSet::new();
    keys(&schema(), &mut all);
    let page = docs("json.md");
    let missing: Vec<&String> = all
        .iter()
        .filter(|k| !page.contains(&format!("`{k}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "not documented in docs/json.md: {missing:?}"
    );
}

// ---- the shape, pinned ------------------------------------------------------------------

/// Every key path of a document; array elements as `[]`.
fn key_paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(path.clone());
                key_paths(v, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                key_paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn announce_key_paths_are_pinned() {
    // A hybrid torrent, a dead first tier and a second tier answering with dictionary peers
    // and a warning: every key an announce usually has.
    let mut answer = body("announce_dict_peers.bencode");
    // Same answer plus a warning message and a tracker id (keys sorted, as bencode wants).
    assert_eq!(answer.pop(), Some(b'e'));
    answer.extend_from_slice(b"10:tracker id3:T-115:warning message3:old");
    answer.push(b'e');
    let fake = FakeHttp::start(vec![Reply::ok(&answer)], 4);
    let cli = Cli::new();
    let dead = dead_url();
    let live = fake.url("/announce");
    let hybrid = torrent("hybrid_v1v2.torrent");
    let doc = run_valid(
        &cli,
        &[
            "announce",
            &hybrid,
            "--only-tracker",
            &dead,
            "--only-tracker",
            &live,
        ],
        1,
    );
    let mut seen = BTreeSet::new();
    key_paths(&doc, "", &mut seen);
    let expected: BTreeSet<String> = [
        "command",
        "torrents",
        "torrents[].name",
        "torrents[].info_hash",
        "torrents[].info_hash_v2",
        "torrents[].source",
        "torrents[].private",
        "torrents[].total_length",
        "torrents[].trackers",
        "torrents[].trackers[].url",
        "torrents[].trackers[].tier",
        "torrents[].trackers[].transport",
        "torrents[].trackers[].status",
        "torrents[].trackers[].info_hash",
        "torrents[].trackers[].event",
        "torrents[].trackers[].elapsed_ms",
        "torrents[].trackers[].error",
        "torrents[].trackers[].error_kind",
        "torrents[].trackers[].response",
        "torrents[].trackers[].response.interval",
        "torrents[].trackers[].response.tracker_id",
        "torrents[].trackers[].response.complete",
        "torrents[].trackers[].response.incomplete",
        "torrents[].trackers[].response.warning_message",
        "torrents[].trackers[].response.peers",
        "torrents[].trackers[].response.peers[].ip",
        "torrents[].trackers[].response.peers[].port",
        "torrents[].trackers[].response.peers[].peer_id",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(
        seen,
        expected,
        "the JSON shape changed (new: {:?}, gone: {:?}); update docs/json.md, the schema and the README changelog\n{doc:#}",
        seen.difference(&expected).collect::<Vec<_>>(),
        expected.difference(&seen).collect::<Vec<_>>()
    );
    let trackers = doc["torrents"][0]["trackers"].as_array().unwrap();
    assert_eq!(trackers[0]["status"], "failed", "{doc:#}");
    assert_eq!(trackers[1]["status"], "ok", "{doc:#}");
    assert_eq!(trackers[1]["response"]["warning_message"], "old");
    assert_eq!(trackers[1]["response"]["tracker_id"], "T-1");
}

// ---- announce ---------------------------------------------------------------------------

#[test]
fn announce_outputs_of_every_fixture_body_match_the_schema() {
    let ok = [
        "announce_compact_ipv4.bencode",
        "announce_compact_ipv6.bencode",
        "announce_compact_both.bencode",
        "announce_dict_peers.bencode",
        "announce_dict_peers_no_peer_id.bencode",
        "announce_truncated_compact.bencode",
        "announce_truncated_compact6.bencode",
        "external_ip_v4.bencode",
        "external_ip_v6.bencode",
        "missing_interval.bencode",
        "tracker_id.bencode",
        "trailing_garbage.bencode",
        "unknown_keys.bencode",
        "warning_with_peers.bencode",
        "wrong_types.bencode",
    ];
    for file in ok {
        let doc = announce_with(Reply::ok(&body(file)), 0);
        let entry = only_tracker(&doc);
        assert_eq!(entry["status"], "ok", "{file}: {doc:#}");
        assert!(entry["response"]["peers"].is_array(), "{file}: {doc:#}");
    }
    let failed = [
        "failure_reason.bencode",
        "failure_reason_retry_in.bencode",
        "failure_reason_retry_never.bencode",
        "not_a_dict.bencode",
        "empty_body.bencode",
    ];
    for file in failed {
        let doc = announce_with(Reply::ok(&body(file)), 1);
        assert_eq!(only_tracker(&doc)["status"], "failed", "{file}: {doc:#}");
    }
    let html = Reply::Full(502, Vec::new(), body("html_error.html"));
    let doc = announce_with(html, 1);
    assert_eq!(only_tracker(&doc)["status"], "failed", "{doc:#}");
    assert!(only_tracker(&doc).get("response").is_none(), "{doc:#}");
}

#[test]
fn announce_with_a_failure_reason() {
    let doc = announce_with(Reply::ok(&body("failure_reason_retry_never.bencode")), 1);
    let entry = only_tracker(&doc);
    assert_eq!(entry["status"], "failed");
    assert_eq!(entry["event"], "started");
    assert_eq!(entry["response"]["failure_reason"], "banned client");
    assert_eq!(entry["response"]["retry_in"], "never");
    assert!(
        entry["error"].as_str().unwrap().contains("banned client"),
        "{doc:#}"
    );

    let doc = announce_with(Reply::ok(&body("failure_reason_retry_in.bencode")), 1);
    assert_eq!(only_tracker(&doc)["response"]["retry_in"], 30, "{doc:#}");
}

#[test]
fn announce_with_a_warning() {
    let doc = announce_with(Reply::ok(&body("warning_with_peers.bencode")), 0);
    let entry = only_tracker(&doc);
    assert_eq!(entry["status"], "ok");
    assert_eq!(
        entry["response"]["warning_message"],
        "your client is outdated"
    );
    assert_eq!(
        entry["response"]["peers"],
        json!([{"ip": "10.0.0.1", "port": 6881}])
    );
}

#[test]
fn announce_with_dictionary_peers_and_peer_ids() {
    let doc = announce_with(Reply::ok(&body("announce_dict_peers.bencode")), 0);
    let peers = &only_tracker(&doc)["response"]["peers"];
    assert_eq!(
        peers,
        &json!([
            {"ip": "10.0.0.2", "port": 6881, "peer_id": "2d7142343635302d000102030405060708090a0b"},
            {"ip": "2001:db8::2", "port": 51413, "peer_id": "2d5452333030302d6162636465666768696a6b6c"},
            {"ip": "peer.example.org", "port": 6882, "peer_id": "ffffffffffffffffffffffffffffffffffffffff"}
        ]),
        "{doc:#}"
    );
    let doc = announce_with(
        Reply::ok(&body("announce_dict_peers_no_peer_id.bencode")),
        0,
    );
    let response = &only_tracker(&doc)["response"];
    assert!(
        response["peers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p.get("peer_id").is_none()),
        "{doc:#}"
    );
    assert!(
        response.get("complete").is_none(),
        "absent, not invented: {doc:#}"
    );
}

#[test]
fn announce_of_a_torrent_file_with_a_failed_and_a_not_contacted_tracker() {
    let fake = FakeHttp::start(vec![Reply::ok(&body("announce_compact_ipv4.bencode"))], 4);
    let cli = Cli::new();
    let (dead, live, spare) = (dead_url(), fake.url("/announce"), fake.url("/announce2"));
    let file = torrent("v1_single_file.torrent");
    let doc = run_valid(
        &cli,
        &[
            "announce",
            &file,
            "--only-tracker",
            &dead,
            "--only-tracker",
            &live,
            "--tracker",
            &spare,
        ],
        1,
    );
    let t = &doc["torrents"][0];
    assert_eq!(t["name"], "hello.bin");
    assert_eq!(t["info_hash"], HASH);
    assert!(t["total_length"].is_u64(), "{doc:#}");
    let statuses: Vec<&Value> = t["trackers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["status"])
        .collect();
    assert_eq!(statuses, ["failed", "ok", "not_contacted"], "{doc:#}");
    let failed = &t["trackers"][0];
    assert!(failed.get("response").is_none(), "{doc:#}");
    assert!(failed["error"].is_string(), "{doc:#}");
}

#[test]
fn announce_of_a_hybrid_torrent_with_both_hashes() {
    let fake = FakeHttp::start(vec![Reply::ok(&body("announce_compact_ipv4.bencode"))], 4);
    let cli = Cli::new();
    let live = fake.url("/announce");
    let hybrid = torrent("hybrid_v1v2.torrent");
    let doc = run_valid(
        &cli,
        &[
            "announce",
            &hybrid,
            "--only-tracker",
            &live,
            "--hash",
            "both",
        ],
        0,
    );
    let torrents = doc["torrents"].as_array().unwrap();
    assert_eq!(torrents.len(), 2, "{doc:#}");
    assert_ne!(torrents[0]["info_hash"], torrents[1]["info_hash"]);
    assert_eq!(torrents[0]["info_hash_v2"], torrents[1]["info_hash_v2"]);
}

#[test]
fn udp_announce_matches_the_schema() {
    let fake = FakeUdp::start(vec![Act::Answer], 10);
    let cli = Cli::new();
    let doc = run_valid(
        &cli,
        &["announce", HASH, "--tracker", &fake.url("/announce")],
        0,
    );
    let entry = only_tracker(&doc);
    assert_eq!(entry["transport"], "udp");
    assert_eq!(entry["status"], "ok");
    assert!(entry.get("scrape_url").is_none());
    assert_eq!(
        entry["response"],
        json!({"interval": 1800, "complete": 2, "incomplete": 1,
               "peers": [{"ip": "10.0.0.1", "port": 6881}]}),
        "{doc:#}"
    );

    // An error action to the announce: a failure reason, as over HTTP.
    let fake = FakeUdp::start(vec![Act::Answer, Act::Error("go away".into())], 10);
    let cli = Cli::new();
    let doc = run_valid(
        &cli,
        &[
            "announce",
            HASH,
            "--tracker",
            &fake.url("/announce"),
            "--udp-retransmit",
            "none",
        ],
        1,
    );
    let entry = only_tracker(&doc);
    assert_eq!(entry["status"], "failed", "{doc:#}");
    assert_eq!(entry["response"]["failure_reason"], "go away", "{doc:#}");
}

// ---- stop -------------------------------------------------------------------------------

#[test]
fn stop_outputs_match_the_schema() {
    let fake = FakeHttp::start(vec![Reply::ok(&body("announce_compact_ipv4.bencode"))], 8);
    let url = fake.url("/announce");
    let cli = Cli::new();
    run_valid(&cli, &["announce", HASH, "--tracker", &url], 0);
    let doc = run_valid(&cli, &["stop", HASH, "--tracker", &url], 0);
    assert_eq!(doc["command"], "stop");
    let entry = only_tracker(&doc);
    assert_eq!(entry["event"], "stopped", "{doc:#}");
    assert_eq!(entry["status"], "ok", "{doc:#}");

    // Nothing recorded: not contacted, with the reason.
    let fresh = Cli::new();
    let doc = run_valid(&fresh, &["stop", HASH, "--tracker", &url], 0);
    let entry = only_tracker(&doc);
    assert_eq!(entry["status"], "not_contacted", "{doc:#}");
    assert!(
        entry["error"].is_string() && entry["hint"].is_string(),
        "{doc:#}"
    );

    // --stop-timeout 0: nothing sent, said in a notice.
    let doc = run_valid(
        &cli,
        &["stop", HASH, "--tracker", &url, "--stop-timeout", "0"],
        0,
    );
    assert_eq!(doc["torrents"], json!([]), "{doc:#}");
    assert!(!doc["notices"].as_array().unwrap().is_empty(), "{doc:#}");

    // A stop that fails (failure reason).
    let refusing = FakeHttp::start(vec![Reply::ok(&body("failure_reason.bencode"))], 4);
    let doc = run_valid(
        &Cli::new(),
        &[
            "stop",
            HASH,
            "--tracker",
            &refusing.url("/announce"),
            "--force",
        ],
        1,
    );
    let entry = only_tracker(&doc);
    assert_eq!(entry["status"], "failed", "{doc:#}");
    assert_eq!(
        entry["response"]["failure_reason"], "unregistered torrent",
        "{doc:#}"
    );
}

// ---- scrape -----------------------------------------------------------------------------

#[test]
fn scrape_with_name_and_min_request_interval() {
    let fake = FakeHttp::start(vec![Reply::ok(&body("scrape_two_torrents.bencode"))], 4);
    let cli = Cli::new();
    let file = torrent("v1_single_file.torrent");
    let doc = run_valid(
        &cli,
        &["scrape", &file, "--only-tracker", &fake.url("/announce")],
        0,
    );
    assert_eq!(doc["command"], "scrape");
    let entry = only_tracker(&doc);
    assert_eq!(entry["status"], "ok");
    assert_eq!(entry["scrape_url"], fake.url("/scrape"));
    assert!(entry.get("info_hash").is_none() && entry.get("event").is_none());
    assert_eq!(
        entry["response"],
        json!({"complete": 10, "incomplete": 2, "downloaded": 100, "name": "hello.bin",
               "min_request_interval": 3600}),
        "{doc:#}"
    );
}

#[test]
fn scrape_failures_match_the_schema() {
    for (file, what) in [
        ("scrape_failure.bencode", "tracker says"),
        ("not_a_dict.bencode", ""),
    ] {
        let fake = FakeHttp::start(vec![Reply::ok(&body(file))], 4);
        let doc = run_valid(
            &Cli::new(),
            &["scrape", HASH, "--tracker", &fake.url("/announce")],
            1,
        );
        let entry = only_tracker(&doc);
        assert_eq!(entry["status"], "failed", "{file}: {doc:#}");
        assert!(
            entry["error"].as_str().unwrap().contains(what),
            "{file}: {doc:#}"
        );
        assert!(entry.get("response").is_none(), "{file}: {doc:#}");
    }
    // An answer that leaves the torrent out: answered, not listed, exit 0.
    let fake = FakeHttp::start(vec![Reply::ok(&body("scrape_empty_files.bencode"))], 4);
    let doc = run_valid(
        &Cli::new(),
        &["scrape", HASH, "--tracker", &fake.url("/announce")],
        0,
    );
    let entry = only_tracker(&doc);
    assert_eq!(entry["status"], "not_listed", "{doc:#}");
    assert!(
        entry["elapsed_ms"].is_u64() && entry.get("response").is_none(),
        "{doc:#}"
    );
    assert_eq!(doc["summary"]["not_listed"], 1, "{doc:#}");
    // No scrape URL under the BEP 48 rule: failed with a hint, nothing sent.
    let doc = run_valid(
        &Cli::new(),
        &["scrape", HASH, "--tracker", "http://127.0.0.1:9/tracker"],
        1,
    );
    let entry = only_tracker(&doc);
    assert_eq!(entry["status"], "failed", "{doc:#}");
    assert!(entry["hint"].is_string(), "{doc:#}");
    // A dead tracker.
    let doc = run_valid(&Cli::new(), &["scrape", HASH, "--tracker", &dead_url()], 1);
    assert_eq!(only_tracker(&doc)["status"], "failed", "{doc:#}");
}

#[test]
fn udp_scrape_matches_the_schema() {
    let fake = FakeUdp::start(vec![Act::Answer], 10);
    let doc = run_valid(
        &Cli::new(),
        &["scrape", HASH, "--tracker", &fake.url("/announce")],
        0,
    );
    let entry = only_tracker(&doc);
    assert_eq!(entry["transport"], "udp");
    assert!(entry.get("scrape_url").is_none(), "{doc:#}");
    assert_eq!(
        entry["response"],
        json!({"complete": 5, "incomplete": 3, "downloaded": 7}),
        "{doc:#}"
    );
}

// ---- tiers ------------------------------------------------------------------------------

#[test]
fn tiers_outputs_match_the_schema() {
    let cli = Cli::new();
    let udp = "udp://127.0.0.1:1/announce";
    let http = "http://127.0.0.1:2/announce?passkey=0123456789abcdef0123";
    let cases: Vec<Vec<String>> = vec![
        vec![
            torrent("v1_single_file.torrent"),
            "--tracker".into(),
            udp.into(),
            "--tracker".into(),
            http.into(),
        ],
        vec![
            torrent("announce_list_3tiers.torrent"),
            "--all-tiers".into(),
        ],
        vec![
            torrent("announce_list_3tiers.torrent"),
            "--all-trackers-in-tier".into(),
        ],
        vec![torrent("hybrid_v1v2.torrent")],
        vec![torrent("v2_only.torrent")],
        vec![torrent("private.torrent")],
        vec![torrent("trackerless_dht.torrent")],
        vec![format!(
            "magnet:?xt=urn:btih:{HASH}&dn=hello.bin&tr={}",
            "http%3A%2F%2F127.0.0.1%3A2%2Fannounce"
        )],
        vec![HASH.into(), "--tracker".into(), udp.into()],
    ];
    for case in cases {
        let mut args = vec!["tiers"];
        args.extend(case.iter().map(String::as_str));
        let doc = run_valid(&cli, &args, 0);
        assert_eq!(doc["command"], "tiers");
        for t in doc["torrents"].as_array().unwrap() {
            assert_eq!(t["trackers"], json!([]), "{case:?}: {doc:#}");
            assert!(t["tiers"].is_array(), "{case:?}: {doc:#}");
        }
    }
    // Two torrents in one document; the passkey redacted.
    let one = torrent("v1_single_file.torrent");
    let two = torrent("mktorrent.torrent");
    let doc = run_valid(&cli, &["tiers", &one, &two, "--tracker", http], 0);
    assert_eq!(doc["torrents"].as_array().unwrap().len(), 2);
    assert!(!doc.to_string().contains("0123456789abcdef0123"), "{doc:#}");
}

#[test]
fn tiers_with_saved_state_and_probe_match_the_schema() {
    let fake = FakeHttp::start(vec![Reply::ok(&body("announce_compact_ipv4.bencode"))], 8);
    let (dead, live) = (dead_url(), fake.url("/announce"));
    let cli = Cli::new();
    run_valid(
        &cli,
        &[
            "announce",
            HASH,
            "--tracker",
            &dead,
            "--tracker",
            &live,
            "--all-tiers",
        ],
        1,
    );
    let doc = run_valid(
        &cli,
        &["tiers", HASH, "--tracker", &dead, "--tracker", &live],
        0,
    );
    let entries: Vec<&Value> = doc["torrents"][0]["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|tier| tier.as_array().unwrap())
        .collect();
    let entry = |url: &str| {
        *entries
            .iter()
            .find(|e| e["url"] == url)
            .unwrap_or_else(|| panic!("{url} not listed: {doc:#}"))
    };
    let failing = entry(&dead);
    assert!(failing["fails"].as_u64() >= Some(1), "{doc:#}");
    assert!(failing["last_error"].is_string(), "{doc:#}");
    assert!(failing.get("backoff_left").is_some(), "{doc:#}");
    let answered = entry(&live);
    assert!(answered["last_announce"].is_u64(), "{doc:#}");
    assert_eq!(answered["last_event"], "started", "{doc:#}");
    assert!(answered.get("fails").is_none(), "{doc:#}");

    // --probe: one scrape each, the scrape entries in `trackers`.
    let scraping = FakeHttp::start(vec![Reply::ok(&body("scrape_two_torrents.bencode"))], 4);
    let doc = run_valid(
        &Cli::new(),
        &[
            "tiers",
            HASH,
            "--tracker",
            &scraping.url("/announce"),
            "--probe",
        ],
        0,
    );
    assert_eq!(doc["command"], "tiers");
    let entry = only_tracker(&doc);
    assert_eq!(entry["status"], "ok", "{doc:#}");
    assert_eq!(entry["response"]["complete"], 10, "{doc:#}");
}

// ---- check ------------------------------------------------------------------------------

#[test]
fn check_outputs_match_the_schema() {
    let fake = FakeHttp::start(vec![Reply::ok(&body("announce_compact_both.bencode"))], 100);
    let udp = FakeUdp::start(vec![Act::Answer], 100);
    let cli = Cli::new();
    let doc = run_valid(
        &cli,
        &[
            "check",
            &fake.url("/announce"),
            &udp.url("/announce"),
            "--timeout",
            "2",
        ],
        0,
    );
    assert_eq!(doc["command"], "check");
    assert_eq!(doc["trackers"].as_array().unwrap().len(), 2);
    for t in doc["trackers"].as_array().unwrap() {
        for key in [
            "accepts_unknown_hash",
            "peer_identity",
            "counts_include_self",
            "scrape",
        ] {
            assert!(t.get(key).is_some(), "{key} missing: {t:#}");
        }
    }
    // A document without its findings, or with a torrents array, is rejected.
    let validator = validator();
    let mut broken = doc.clone();
    broken["trackers"][0]
        .as_object_mut()
        .unwrap()
        .remove("peer_identity");
    assert!(
        !validator.is_valid(&broken),
        "a check entry without peer_identity"
    );
    let mut broken = doc.clone();
    broken["trackers"][0]["peer_identity"] = json!("ip");
    assert!(
        !validator.is_valid(&broken),
        "peer_identity outside its enum"
    );
    let mut broken = doc.clone();
    broken["torrents"] = json!([]);
    assert!(!validator.is_valid(&broken), "check with torrents");
    let mut broken = doc;
    broken["trackers"][0]["scrape"]["key_encoding"] = json!("hex");
    assert!(
        !validator.is_valid(&broken),
        "key_encoding outside its enum"
    );
}
