//! The real qBittorrent 4.5.2 (Debian 12's `qbittorrent-nox`, libtorrent 2.0.8) as the oracle:
//! each test starts it headless on loopback, lets it announce to capture trackers, asserts
//! what it sent, then runs trackerctl against the same capture trackers and compares.
//!
//! The torrent under test has the tiers `[[A (dead), B], [C], [D]]`. Values that are identity or
//! chance by design are left out of the comparisons: the peer-id prefix and its random part,
//! the key's value, the user agent, UDP connection and transaction ids. Results are written up
//! in docs/behaviour.md, section "qBittorrent 4.5.2 observed".

use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::support::Cli;
use crate::support::capture::{HttpCapture, HttpHit, UdpCapture, UdpHit, percent_decode, wait_for};
use crate::support::qbittorrent::{
    NOT_CONTACTED, NOT_WORKING, Qbittorrent, WORKING, torrent_with_data,
};

/// How long to wait for an announce that must come.
const MUST_COME: Duration = Duration::from_secs(10);
/// How long to watch for announces that must not come.
const QUIET: Duration = Duration::from_millis(1500);
/// The 20 000-byte test torrent.
const LENGTH: u64 = 20_000;
/// libtorrent's peer-id alphabet (url_random), which both clients draw from.
const PEER_ID_CHARS: &[u8] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.!~*()";
/// The HTTP announce parameters, in the order qBittorrent 4.5.2 sends them (no tracker id yet,
/// no `ip`): the tracker URL's own query comes first, kept as it is.
const HTTP_ORDER: [&str; 14] = [
    "info_hash",
    "peer_id",
    "port",
    "uploaded",
    "downloaded",
    "left",
    "corrupt",
    "key",
    "event",
    "numwant",
    "compact",
    "no_peer_id",
    "supportcrypto",
    "redundant",
];

fn qbt(hits: Vec<HttpHit>) -> Vec<HttpHit> {
    hits.into_iter()
        .filter(|h| peer_id(h).starts_with(b"-qB4520-"))
        .collect()
}

fn ours(hits: Vec<HttpHit>) -> Vec<HttpHit> {
    hits.into_iter()
        .filter(|h| peer_id(h).starts_with(b"-TC"))
        .collect()
}

fn peer_id(hit: &HttpHit) -> Vec<u8> {
    percent_decode(&hit.param("peer_id").unwrap_or_default())
}

fn events(hits: &[HttpHit]) -> Vec<String> {
    hits.iter().map(HttpHit::event).collect()
}

/// The query with the values that are identity by design masked: peer_id and key.
fn masked(hit: &HttpHit) -> String {
    hit.params()
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "peer_id" => "peer_id=<id>".to_string(),
            "key" => "key=<key>".to_string(),
            _ => format!("{k}={v}"),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn is_key(v: &str) -> bool {
    v.len() == 8
        && v.bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
}

/// Waits until `capture` has `n` announces with `event` for `hash` from qBittorrent.
fn wait_qbt(capture: &HttpCapture, hash: &str, event: &str, n: usize) -> Vec<HttpHit> {
    let ok = wait_for(MUST_COME, || {
        qbt(capture.announces_for(hash))
            .iter()
            .filter(|h| h.event() == event)
            .count()
            >= n
    });
    let hits = qbt(capture.announces_for(hash));
    assert!(
        ok,
        "qBittorrent sent no {event:?} to port {} within {MUST_COME:?}; it sent: {:?}",
        capture.port,
        events(&hits)
    );
    hits
}

struct Four {
    a: String,
    b: HttpCapture,
    c: HttpCapture,
    d: HttpCapture,
}

impl Four {
    fn start() -> Four {
        Four {
            a: crate::support::capture::dead_http("/announce"),
            b: HttpCapture::start(),
            c: HttpCapture::start(),
            d: HttpCapture::start(),
        }
    }

    fn tiers(&self) -> Vec<Vec<String>> {
        vec![
            vec![self.a.clone(), self.b.url("/announce")],
            vec![self.c.url("/announce")],
            vec![self.d.url("/announce")],
        ]
    }

    fn named(&self) -> [(&'static str, &HttpCapture); 3] {
        [("B", &self.b), ("C", &self.c), ("D", &self.d)]
    }

    /// Which of B, C, D hold an announce with `event` for `hash` from the chosen client.
    fn who(&self, hash: &str, event: &str, pick: fn(Vec<HttpHit>) -> Vec<HttpHit>) -> Vec<&str> {
        self.named()
            .iter()
            .filter(|(_, cap)| {
                pick(cap.announces_for(hash))
                    .iter()
                    .any(|h| h.event() == event)
            })
            .map(|(n, _)| *n)
            .collect()
    }

    fn count(&self, hash: &str, pick: fn(Vec<HttpHit>) -> Vec<HttpHit>) -> usize {
        self.named()
            .iter()
            .map(|(_, cap)| pick(cap.announces_for(hash)).len())
            .sum()
    }
}

/// trackerctl's `--json` tracker entries: (url, status, error).
fn statuses(json: &serde_json::Value) -> Vec<(String, String, String)> {
    json["torrents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["trackers"].as_array().unwrap().iter())
        .map(|t| {
            (
                t["url"].as_str().unwrap_or("").to_string(),
                t["status"].as_str().unwrap_or("").to_string(),
                t["error"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn status_of(json: &serde_json::Value, url: &str) -> String {
    statuses(json)
        .into_iter()
        .find(|(u, _, _)| u == url)
        .map(|(_, s, _)| s)
        .unwrap_or_else(|| panic!("{url} not in {json}"))
}

#[test]
fn qbittorrent_tier_options_pick_the_same_trackers_as_trackerctl() {
    let q = Qbittorrent::start();
    let four = Four::start();
    let dir = tempfile::tempdir().unwrap();
    // (all trackers in a tier, all tiers) → who gets `started` among B, C, D. A is dead: it
    // fails at once (connection refused); qBittorrent shuffles each tier once, so A is asked
    // first (and fails, then B) or B is asked first (and A never).
    let combos: [(bool, bool, &[&str]); 4] = [
        (false, false, &["B"]),
        (true, false, &["B"]),
        (false, true, &["B", "C", "D"]),
        (true, true, &["B", "C", "D"]),
    ];
    for (in_tier, all_tiers, expected) in combos {
        let what = format!("all trackers in tier {in_tier}, all tiers {all_tiers}");
        q.set_tier_options(in_tier, all_tiers);
        let name = format!("tiers-{in_tier}-{all_tiers}");
        let (torrent, hash) = torrent_with_data(dir.path(), &name, &four.tiers(), None);
        let added = Instant::now();
        q.add(&torrent, &q.save_dir(&name));
        let arrived = wait_for(MUST_COME, || {
            four.who(&hash, "started", qbt).len() >= expected.len()
        });
        assert!(
            arrived,
            "{what}: qBittorrent announced to {:?}",
            four.who(&hash, "started", qbt)
        );
        let took = added.elapsed();
        sleep(QUIET);
        assert_eq!(
            four.who(&hash, "started", qbt),
            expected,
            "{what}: qBittorrent"
        );
        assert_eq!(
            four.count(&hash, qbt),
            expected.len(),
            "{what}: one announce each"
        );
        let a = q.tracker(&hash, &four.a);
        if in_tier {
            // Every tracker of the tier is asked: the dead one always fails.
            assert_eq!(a.status, NOT_WORKING, "{what}: A {a:?}");
        } else {
            assert!(
                [NOT_CONTACTED, NOT_WORKING].contains(&a.status),
                "{what}: A {a:?}"
            );
        }
        if a.status == NOT_WORKING {
            assert_eq!(a.msg, "Connection refused", "{what}");
            // A refused connection costs nothing: B is asked right after it.
            assert!(took < Duration::from_secs(8), "{what}: B after {took:?}");
        }
        for (name, cap) in four.named() {
            let row = q.tracker(&hash, &cap.url("/announce"));
            let want = if expected.contains(&name) {
                WORKING
            } else {
                NOT_CONTACTED
            };
            assert_eq!(row.status, want, "{what}: {name} {row:?}");
        }

        if !in_tier && !all_tiers {
            // Pause: `stopped` only to the tracker that accepted `started` (B).
            q.pause(&hash);
            wait_qbt(&four.b, &hash, "stopped", 1);
            sleep(QUIET);
            assert_eq!(
                four.who(&hash, "stopped", qbt),
                ["B"],
                "pause after neither option"
            );
        }

        // trackerctl, listed order kept so that A (dead) is asked first: qBittorrent's case
        // when its shuffle puts A first.
        let cli = Cli::new();
        let mut args = vec![
            "announce",
            torrent.to_str().unwrap(),
            "--no-shuffle",
            "--timeout",
            "5",
        ];
        if in_tier {
            args.push("--all-trackers-in-tier");
        }
        if all_tiers {
            args.push("--all-tiers");
        }
        let (json, _) = cli.json(&args);
        assert_eq!(
            four.who(&hash, "started", ours),
            expected,
            "{what}: trackerctl"
        );
        assert_eq!(
            four.count(&hash, ours),
            expected.len(),
            "{what}: trackerctl once each"
        );
        assert_eq!(
            status_of(&json, &four.a),
            "failed",
            "{what}: trackerctl asks dead A first"
        );
        for (name, cap) in four.named() {
            let want = if expected.contains(&name) {
                "ok"
            } else {
                "not_contacted"
            };
            assert_eq!(
                status_of(&json, &cap.url("/announce")),
                want,
                "{what}: trackerctl {name}"
            );
        }
        // trackerctl's plan before any announce (`tiers`, listed order) names the trackers
        // asked first; with A dead the engine then falls back exactly as qBittorrent did.
        let (plan, _) = Cli::new().json(&{
            let mut p = vec![
                "tiers",
                torrent.to_str().unwrap(),
                "--no-shuffle",
                "--no-state",
            ];
            p.extend(args[5..].iter().copied());
            p
        });
        let selected: Vec<String> = plan["torrents"][0]["tiers"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t.as_array().unwrap())
            .filter(|t| t["selected"] == true)
            .map(|t| t["url"].as_str().unwrap().to_string())
            .collect();
        let first_each: Vec<String> = match (in_tier, all_tiers) {
            (false, false) => vec![four.a.clone()],
            (true, false) => vec![four.a.clone(), four.b.url("/announce")],
            (false, true) => vec![
                four.a.clone(),
                four.c.url("/announce"),
                four.d.url("/announce"),
            ],
            (true, true) => four.tiers().concat(),
        };
        assert_eq!(selected, first_each, "{what}: trackerctl tiers plan");

        if !in_tier && !all_tiers {
            // trackerctl's stop: only where `started` was accepted (B), as qBittorrent's pause.
            let (json, _) = cli.json(&["stop", torrent.to_str().unwrap()]);
            assert_eq!(
                four.who(&hash, "stopped", ours),
                ["B"],
                "trackerctl stop: {json}"
            );
            assert_eq!(status_of(&json, &four.a), "not_contacted");
        }
    }
}

#[test]
fn qbittorrent_http_announce_parameters_match_trackerctl() {
    let q = Qbittorrent::start();
    let e = HttpCapture::start();
    let url = e.url("/announce?passkey=abcDEF123&x=%41");
    let dir = tempfile::tempdir().unwrap();
    let tiers = vec![vec![url.clone()]];
    let (leech, leech_hash) = torrent_with_data(dir.path(), "leech", &tiers, None);
    let seed_dir = q.save_dir("seed");
    let (seed, seed_hash) = torrent_with_data(dir.path(), "seed", &tiers, Some(&seed_dir));
    q.add(&leech, &q.save_dir("leech"));
    q.add(&seed, &seed_dir);
    let port = q.listen_port.to_string();

    for (hash, left, torrent) in [(&leech_hash, LENGTH, &leech), (&seed_hash, 0, &seed)] {
        let started = wait_qbt(&e, hash, "started", 1)[0].clone();
        let names: Vec<String> = started.params().into_iter().map(|(k, _)| k).collect();
        let mut order = vec!["passkey".to_string(), "x".to_string()];
        order.extend(HTTP_ORDER.iter().map(|s| s.to_string()));
        assert_eq!(names, order, "qBittorrent's parameter order");
        assert!(
            started
                .target
                .starts_with("/announce?passkey=abcDEF123&x=%41&info_hash=")
        );
        let id = peer_id(&started);
        assert_eq!(id.len(), 20);
        assert!(id[8..].iter().all(|c| PEER_ID_CHARS.contains(c)), "{id:?}");
        assert!(is_key(&started.param("key").unwrap()), "key as %08X");
        assert_eq!(started.param("port").unwrap(), port);
        assert_eq!(
            started.param("left").unwrap(),
            left.to_string(),
            "seed 0, leech the length"
        );
        for (k, v) in [
            ("uploaded", "0"),
            ("downloaded", "0"),
            ("corrupt", "0"),
            ("numwant", "200"),
            ("compact", "1"),
            ("no_peer_id", "1"),
            ("supportcrypto", "1"),
            ("redundant", "0"),
        ] {
            assert_eq!(started.param(k).as_deref(), Some(v), "{k}");
        }
        assert_eq!(started.info_hash_hex(), *hash);
        assert_eq!(
            started.header("User-Agent").as_deref(),
            Some("qBittorrent/4.5.2")
        );
        assert_eq!(started.header("Accept-Encoding").as_deref(), Some("gzip"));
        assert_eq!(started.header("Connection").as_deref(), Some("close"));

        // trackerctl, same torrent and port: the same query but for peer_id and key.
        let cli = Cli::new();
        let mut args = vec!["announce", torrent.to_str().unwrap(), "--port", &port];
        let left_arg = left.to_string();
        if left == 0 {
            args.extend(["--left", &left_arg]);
        }
        cli.run(&args).expect(0);
        let mine = ours(e.announces_for(hash));
        assert_eq!(mine.len(), 1);
        assert_eq!(masked(&mine[0]), masked(&started), "trackerctl's started");
        let my_id = peer_id(&mine[0]);
        assert!(
            my_id[8..].iter().all(|c| PEER_ID_CHARS.contains(c)),
            "{my_id:?}"
        );
        assert!(is_key(&mine[0].param("key").unwrap()));
        assert_eq!(mine[0].header("Accept-Encoding").as_deref(), Some("gzip"));
        assert_eq!(mine[0].header("Connection").as_deref(), Some("close"));

        // Pause: stopped with the started's peer_id and key, numwant=0, left unchanged.
        q.pause(hash);
        let hits = wait_qbt(&e, hash, "stopped", 1);
        assert_eq!(
            events(&hits),
            ["started", "stopped"],
            "pause sends stopped, not paused"
        );
        let stopped = &hits[1];
        assert_eq!(
            stopped.param("peer_id"),
            started.param("peer_id"),
            "same peer_id"
        );
        assert_eq!(stopped.param("key"), started.param("key"), "same key");
        assert_eq!(stopped.param("numwant").as_deref(), Some("0"));
        assert_eq!(stopped.param("left"), started.param("left"));
        // trackerctl sends the figures it is given: a seed says --left 0 on stop too.
        let mut stop = vec!["stop", torrent.to_str().unwrap()];
        if left == 0 {
            stop.extend(["--left", "0"]);
        }
        cli.run(&stop).expect(0);
        let mine = ours(e.announces_for(hash));
        assert_eq!(events(&mine), ["started", "stopped"]);
        assert_eq!(masked(&mine[1]), masked(stopped), "trackerctl's stopped");
        assert_eq!(mine[1].param("peer_id"), mine[0].param("peer_id"));
        assert_eq!(mine[1].param("key"), mine[0].param("key"));
    }
}

#[test]
fn qbittorrent_udp_announce_matches_trackerctl_byte_for_byte() {
    let q = Qbittorrent::start();
    let u = UdpCapture::start();
    let with_path = u.url("/announce?passkey=abcDEF123");
    let bare = u.url("");
    let dir = tempfile::tempdir().unwrap();
    let (torrent, hash) = torrent_with_data(
        dir.path(),
        "udp",
        &[vec![with_path.clone()], vec![bare.clone()]],
        None,
    );
    let hash_bytes: [u8; 20] = hex::decode(&hash).unwrap().try_into().unwrap();
    let from_qbt = |u: &UdpCapture, event: u32| -> Vec<UdpHit> {
        u.announces()
            .into_iter()
            .filter(|h| h.info_hash() == hash_bytes && h.peer_id().starts_with(b"-qB4520-"))
            .filter(|h| h.event() == event)
            .collect()
    };
    q.add(&torrent, &q.save_dir("udp"));
    // All tiers (qBittorrent's default): both URLs, each with its own BEP 41 URL data.
    assert!(
        wait_for(MUST_COME, || from_qbt(&u, 2).len() >= 2),
        "{:?}",
        u.hits()
    );
    let started = from_qbt(&u, 2);
    let mut data: Vec<Vec<u8>> = started.iter().map(|h| h.options().to_vec()).collect();
    data.sort();
    let mut want = vec![
        [&[2u8, 27][..], b"/announce?passkey=abcDEF123"].concat(),
        vec![2, 1, b'/'],
    ];
    want.sort();
    assert_eq!(
        data, want,
        "one URLData option, no EndOfOptions; `/` for a bare URL"
    );
    for h in &started {
        assert_eq!(h.from.port(), q.listen_port, "sent from the listen port");
        assert_eq!(h.left(), LENGTH);
        assert_eq!(h.num_want(), 200);
        assert_eq!(h.port(), q.listen_port);
        assert_eq!(&h.bytes[84..88], &[0, 0, 0, 0], "ip 0");
        assert_eq!(&h.bytes[56..64], &[0; 8], "downloaded");
        assert_eq!(&h.bytes[72..80], &[0; 8], "uploaded");
    }
    assert_eq!(started[0].key(), started[1].key(), "one key per torrent");
    assert_eq!(started[0].peer_id(), started[1].peer_id());

    q.pause(&hash);
    assert!(
        wait_for(MUST_COME, || from_qbt(&u, 3).len() >= 2),
        "no UDP stopped"
    );
    let stopped = from_qbt(&u, 3);
    for h in &stopped {
        assert_eq!(h.peer_id(), started[0].peer_id(), "stopped: same peer_id");
        assert_eq!(h.key(), started[0].key(), "stopped: same key");
        assert_eq!(h.num_want(), 0, "stopped: num_want 0");
        assert_eq!(h.left(), LENGTH);
    }

    // trackerctl: the same packets once connection id, transaction id, peer_id and key are
    // masked (BEP 41 data included).
    let cli = Cli::new();
    let port = q.listen_port.to_string();
    let t = torrent.to_str().unwrap();
    cli.run(&["announce", t, "--all-tiers", "--port", &port])
        .expect(0);
    cli.run(&["stop", t]).expect(0);
    let mine = |event: u32| -> Vec<Vec<u8>> {
        let mut v: Vec<Vec<u8>> = u
            .announces()
            .into_iter()
            .filter(|h| h.info_hash() == hash_bytes && h.peer_id().starts_with(b"-TC"))
            .filter(|h| h.event() == event)
            .map(|h| h.masked())
            .collect();
        v.sort();
        v
    };
    let theirs = |hits: &[UdpHit]| -> Vec<Vec<u8>> {
        let mut v: Vec<Vec<u8>> = hits.iter().map(UdpHit::masked).collect();
        v.sort();
        v
    };
    assert_eq!(mine(2), theirs(&started), "trackerctl's UDP started");
    assert_eq!(mine(3), theirs(&stopped), "trackerctl's UDP stopped");
}

#[test]
fn qbittorrent_pause_resume_delete_and_exit_against_trackerctl() {
    let mut q = Qbittorrent::start();
    let prefs = q.preferences();
    // qBittorrent 4.5.2's defaults (libtorrent's: all three false/5 … see docs/behaviour.md).
    assert_eq!(prefs["announce_to_all_tiers"], true);
    assert_eq!(prefs["announce_to_all_trackers"], false);
    assert_eq!(prefs["stop_tracker_timeout"], 5);
    let four = Four::start();
    let dir = tempfile::tempdir().unwrap();
    let (torrent, hash) = torrent_with_data(dir.path(), "life", &four.tiers(), None);
    let all = ["B", "C", "D"];
    let save = q.save_dir("life");

    q.add(&torrent, &save);
    assert!(wait_for(MUST_COME, || four
        .who(&hash, "started", qbt)
        .len()
        == 3));
    let first = qbt(four.b.announces_for(&hash))[0].clone();

    q.pause(&hash);
    assert!(wait_for(MUST_COME, || four
        .who(&hash, "stopped", qbt)
        .len()
        == 3));
    assert_eq!(four.who(&hash, "stopped", qbt), all, "pause");
    let stopped = qbt(four.b.announces_for(&hash))[1].clone();
    assert_eq!(
        stopped.event(),
        "stopped",
        "pause sends stopped (never event=paused)"
    );
    assert_eq!(stopped.param("peer_id"), first.param("peer_id"));
    assert_eq!(stopped.param("key"), first.param("key"));
    assert!(
        wait_for(MUST_COME, || q.state(&hash).starts_with("paused")),
        "{}",
        q.state(&hash)
    );

    q.resume(&hash);
    assert!(wait_for(MUST_COME, || {
        qbt(four.d.announces_for(&hash)).len() == 3
            && qbt(four.c.announces_for(&hash)).len() == 3
            && qbt(four.b.announces_for(&hash)).len() == 3
    }));
    let resumed = qbt(four.b.announces_for(&hash))[2].clone();
    assert_eq!(resumed.event(), "started", "resume sends started again");
    assert_eq!(
        resumed.param("peer_id"),
        first.param("peer_id"),
        "resume: same peer_id"
    );
    assert_eq!(resumed.param("key"), first.param("key"), "resume: same key");

    q.delete(&hash);
    assert!(wait_for(MUST_COME, || {
        four.named()
            .iter()
            .all(|(_, c)| qbt(c.announces_for(&hash)).len() == 4)
    }));
    for (name, cap) in four.named() {
        assert_eq!(
            events(&qbt(cap.announces_for(&hash))),
            ["started", "stopped", "started", "stopped"],
            "{name}: pause, resume, delete"
        );
    }

    q.add(&torrent, &save);
    assert!(wait_for(MUST_COME, || {
        four.named()
            .iter()
            .all(|(_, c)| qbt(c.announces_for(&hash)).len() == 5)
    }));
    let readded = qbt(four.b.announces_for(&hash))[4].clone();
    assert_eq!(readded.event(), "started");
    assert_ne!(
        readded.param("peer_id"),
        first.param("peer_id"),
        "a new torrent, a new peer id"
    );
    let took = q.shutdown();
    for (name, cap) in four.named() {
        let hits = qbt(cap.announces_for(&hash));
        assert_eq!(
            hits.len(),
            6,
            "{name}: app/shutdown sends stopped before the exit"
        );
        assert_eq!(hits[5].event(), "stopped");
        assert_eq!(hits[5].param("peer_id"), readded.param("peer_id"));
    }
    assert!(took < Duration::from_secs(8), "clean exit took {took:?}");

    // trackerctl: announce (qBittorrent's default: all tiers), stop, announce, stop --all.
    let cli = Cli::new();
    let t = torrent.to_str().unwrap();
    let (json, _) = cli.json(&[
        "announce",
        t,
        "--all-tiers",
        "--no-shuffle",
        "--timeout",
        "5",
    ]);
    assert_eq!(status_of(&json, &four.a), "failed");
    assert_eq!(four.who(&hash, "started", ours), all);
    let (json, _) = cli.json(&["stop", t]);
    assert_eq!(four.who(&hash, "stopped", ours), all, "stop: {json}");
    assert_eq!(
        status_of(&json, &four.a),
        "not_contacted",
        "no stopped where started failed"
    );
    cli.run(&["announce", t, "--all-tiers"]).expect(0);
    for (name, cap) in four.named() {
        assert_eq!(
            events(&ours(cap.announces_for(&hash))),
            ["started", "stopped", "started"],
            "{name}"
        );
    }
    cli.run(&["stop", "--all"]).expect(0);
    for (name, cap) in four.named() {
        let hits = ours(cap.announces_for(&hash));
        assert_eq!(
            events(&hits),
            ["started", "stopped", "started", "stopped"],
            "{name}: stop --all"
        );
        assert_eq!(hits[3].param("peer_id"), hits[2].param("peer_id"));
        assert_eq!(hits[3].param("key"), hits[2].param("key"));
    }
    // Nothing left to stop: a second exit sends nothing.
    cli.run(&["stop", "--all"]).expect(0);
    sleep(Duration::from_millis(300));
    assert_eq!(
        four.count(&hash, ours),
        12,
        "3 trackers × started, stopped, started, stopped"
    );
}

#[test]
fn qbittorrent_stop_tracker_timeout_zero_sends_no_stopped() {
    let mut q = Qbittorrent::start();
    q.set_preferences(serde_json::json!({ "stop_tracker_timeout": 0 }));
    let b = HttpCapture::start();
    let dir = tempfile::tempdir().unwrap();
    let (torrent, hash) = torrent_with_data(dir.path(), "zero", &[vec![b.url("/announce")]], None);
    q.add(&torrent, &q.save_dir("zero"));
    wait_qbt(&b, &hash, "started", 1);
    q.pause(&hash);
    assert!(wait_for(MUST_COME, || q.state(&hash).starts_with("paused")));
    sleep(QUIET);
    assert_eq!(
        events(&qbt(b.announces_for(&hash))),
        ["started"],
        "pause with timeout 0"
    );
    q.resume(&hash);
    wait_qbt(&b, &hash, "started", 2);
    q.shutdown();
    sleep(Duration::from_millis(300));
    assert_eq!(
        events(&qbt(b.announces_for(&hash))),
        ["started", "started"],
        "pause and exit with stop tracker timeout 0 send nothing"
    );

    let cli = Cli::new();
    let t = torrent.to_str().unwrap();
    cli.run(&["announce", t]).expect(0);
    let (json, _) = cli.json(&["stop", t, "--stop-timeout", "0"]);
    assert!(json["notices"].to_string().contains("no stopped"), "{json}");
    cli.run(&["stop", "--all", "--stop-timeout", "0"]).expect(0);
    sleep(Duration::from_millis(300));
    assert_eq!(events(&ours(b.announces_for(&hash))), ["started"]);
}

#[test]
fn capture_trackers_record_what_trackerctl_sends() {
    // The capture trackers themselves: a test that fails when they do not record.
    let h = HttpCapture::start();
    let u = UdpCapture::start();
    let cli = Cli::new();
    let hash = "0123456789abcdef0123456789abcdef01234567";
    cli.run(&[
        "announce",
        hash,
        "--tracker",
        &h.url("/announce"),
        "--tracker",
        &u.url("/a?b=c"),
        "--all-tiers",
    ])
    .expect(0);
    let hits = h.announces_for(hash);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].event(), "started");
    let packets = u.announces();
    assert_eq!(packets.len(), 1);
    assert_eq!(packets[0].url_data(), b"/a?b=c");
    assert_eq!(hex::encode(packets[0].info_hash()), hash);
}

#[test]
fn qbittorrent_sends_no_stopped_where_started_was_refused() {
    // A tracker that answers `started` with a failure reason never accepted it: qBittorrent's
    // pause sends it no `stopped`, and neither does trackerctl's stop.
    let q = Qbittorrent::start();
    let b = HttpCapture::start();
    let f = HttpCapture::failing("no way");
    let dir = tempfile::tempdir().unwrap();
    let tiers = [vec![b.url("/announce")], vec![f.url("/announce")]];
    let (torrent, hash) = torrent_with_data(dir.path(), "refused", &tiers, None);
    q.add(&torrent, &q.save_dir("refused"));
    wait_qbt(&b, &hash, "started", 1);
    wait_qbt(&f, &hash, "started", 1);
    assert!(wait_for(MUST_COME, || q
        .tracker(&hash, &f.url("/announce"))
        .status
        == NOT_WORKING));
    assert_eq!(q.tracker(&hash, &f.url("/announce")).msg, "no way");
    q.pause(&hash);
    wait_qbt(&b, &hash, "stopped", 1);
    sleep(QUIET);
    assert_eq!(
        events(&qbt(f.announces_for(&hash))),
        ["started"],
        "no stopped to F"
    );
    // Resume asks the refusing tracker for `started` again.
    q.resume(&hash);
    wait_qbt(&f, &hash, "started", 2);

    let cli = Cli::new();
    let t = torrent.to_str().unwrap();
    let (json, _) = cli.json(&["announce", t, "--all-tiers"]);
    assert_eq!(status_of(&json, &f.url("/announce")), "failed");
    let (json, _) = cli.json(&["stop", t]);
    assert_eq!(status_of(&json, &f.url("/announce")), "not_contacted");
    assert_eq!(
        events(&ours(b.announces_for(&hash))),
        ["started", "stopped"]
    );
    assert_eq!(
        events(&ours(f.announces_for(&hash))),
        ["started"],
        "trackerctl: no stopped to F"
    );
}
