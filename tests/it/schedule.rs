//! Tiers against several real trackers at once, intervals, back-off and qBittorrent's stop.

use crate::support::fake_http::{FakeHttp, Reply};
use crate::support::{Cli, Tracker, dead_url, first_error, make_torrent};

/// Status of each tracker URL in an announce's JSON, in tier order.
fn statuses(json: &serde_json::Value) -> Vec<(String, String)> {
    json["torrents"][0]["trackers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["url"].as_str().unwrap().to_string(),
                t["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn status_of(json: &serde_json::Value, url: &str) -> String {
    statuses(json)
        .into_iter()
        .find(|(u, _)| u == url)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("{url} missing: {json:#}"))
}

#[test]
fn four_option_combinations_against_real_trackers_with_dead_ones() {
    let dir = tempfile::tempdir().unwrap();
    let dead = dead_url("/announce");
    let bt1 = Tracker::start("bittorrent-tracker", &[]);
    let bt2 = Tracker::start("bittorrent-tracker", &[]);
    // opentracker needs the hash whitelisted before it starts; the info dict (and so the hash)
    // does not depend on the trackers, so a first write gives it.
    let provisional = make_torrent(dir.path(), "tiers", &[vec![dead.clone()]]).1;
    let ot = Tracker::start("opentracker", &[&provisional]);
    let (a, b, c, d) = (dead.clone(), ot.http_url(), bt1.http_url(), bt2.http_url());
    // [[A dead, B], [C], [D]] — the layout of tiers-and-events.md §3.
    let (torrent, hash) = make_torrent(
        dir.path(),
        "tiers",
        &[vec![a.clone(), b.clone()], vec![c.clone()], vec![d.clone()]],
    );
    assert_eq!(
        hash, provisional,
        "the info dict does not depend on the trackers"
    );
    let torrent = torrent.to_str().unwrap();
    let cases: [(&[&str], [&str; 4]); 4] = [
        (&[], ["failed", "ok", "not_contacted", "not_contacted"]),
        (
            &["--all-trackers-in-tier"],
            ["failed", "ok", "not_contacted", "not_contacted"],
        ),
        (&["--all-tiers"], ["failed", "ok", "ok", "ok"]),
        (
            &["--all-trackers-in-tier", "--all-tiers"],
            ["failed", "ok", "ok", "ok"],
        ),
    ];
    for (flags, expected) in cases {
        let cli = Cli::new();
        let mut args = vec!["announce", torrent, "--no-shuffle", "--timeout", "3"];
        args.extend_from_slice(flags);
        let (json, run) = cli.json(&args);
        assert_eq!(
            run.code, 1,
            "{flags:?}: a dead tracker was asked: {}",
            run.stderr
        );
        for (url, want) in [&a, &b, &c, &d].iter().zip(expected) {
            assert_eq!(status_of(&json, url), want, "{flags:?}: {url}\n{json:#}");
        }
    }
    // With the working tracker first, the dead one is asked only when told to ask everyone.
    let (torrent, _) = make_torrent(
        dir.path(),
        "tiers",
        &[vec![b.clone(), a.clone()], vec![c.clone()], vec![d.clone()]],
    );
    let torrent = torrent.to_str().unwrap();
    let cases: [(&[&str], [&str; 4], i32); 4] = [
        (
            &[],
            ["ok", "not_contacted", "not_contacted", "not_contacted"],
            0,
        ),
        (
            &["--all-trackers-in-tier"],
            ["ok", "failed", "not_contacted", "not_contacted"],
            1,
        ),
        (&["--all-tiers"], ["ok", "not_contacted", "ok", "ok"], 0),
        (
            &["--all-trackers-in-tier", "--all-tiers"],
            ["ok", "failed", "ok", "ok"],
            1,
        ),
    ];
    for (flags, expected, code) in cases {
        let cli = Cli::new();
        let mut args = vec!["announce", torrent, "--no-shuffle", "--timeout", "3"];
        args.extend_from_slice(flags);
        let (json, run) = cli.json(&args);
        assert_eq!(run.code, code, "{flags:?}: {}", run.stderr);
        for (url, want) in [&b, &a, &c, &d].iter().zip(expected) {
            assert_eq!(status_of(&json, url), want, "{flags:?}: {url}\n{json:#}");
        }
    }
}

#[test]
fn a_failing_tracker_backs_off_moves_to_the_end_of_its_tier_and_the_next_one_is_asked() {
    let dir = tempfile::tempdir().unwrap();
    let dead = dead_url("/announce");
    let fake = FakeHttp::start(
        vec![Reply::ok(b"d8:intervali1800e12:min intervali60e5:peers0:e")],
        10,
    );
    let alive = fake.url("/announce");
    let (torrent, _) = make_torrent(dir.path(), "backoff", &[vec![dead.clone(), alive.clone()]]);
    let torrent = torrent.to_str().unwrap();
    let cli = Cli::new();
    let (json, _) = cli.json(&["announce", torrent, "--no-shuffle"]);
    assert_eq!(status_of(&json, &dead), "failed");
    assert_eq!(
        status_of(&json, &alive),
        "ok",
        "fell back inside the tier at once"
    );
    // The dead tracker now sits at the end of its tier, with one failure and 17 s of back-off.
    let (json, _) = cli.json(&["tiers", torrent]);
    let tier = json["torrents"][0]["tiers"][0].as_array().unwrap();
    assert_eq!(tier[0]["url"], alive);
    assert_eq!(tier[1]["url"], dead);
    assert_eq!(tier[1]["fails"], 1);
    let left = tier[1]["backoff_left"].as_u64().unwrap();
    assert!(
        left > 0 && left <= 17,
        "libtorrent's first back-off is 17 s: {left}"
    );
    assert!(
        tier[0]["next_announce_in"].as_u64().unwrap() > 0,
        "min interval 60 s pending"
    );
    // A regular announce inside the min interval is refused locally, exit 3; --force sends it.
    let (json, run) = cli.json(&["announce", torrent]);
    assert_eq!(run.code, 3, "{json:#}");
    assert_eq!(status_of(&json, &alive), "skipped");
    assert!(first_error(&json).contains("min interval"));
    let (json, run) = cli.json(&["announce", torrent, "--force"]);
    assert_eq!(run.code, 0, "{json:#}");
    assert_eq!(status_of(&json, &alive), "ok");
    assert_eq!(
        fake.request_lines().len(),
        2,
        "exactly the two announces that were allowed"
    );
    // Events go out at once, whatever the interval.
    let (json, run) = cli.json(&["announce", torrent, "--event", "completed"]);
    assert_eq!(run.code, 0, "{json:#}");
    assert!(fake.request_lines()[2].contains("event=completed"));
}

#[test]
fn wait_sleeps_until_the_min_interval_has_passed() {
    let fake = FakeHttp::start(
        vec![Reply::ok(b"d8:intervali1800e12:min intervali2e5:peers0:e")],
        10,
    );
    let cli = Cli::new();
    let hash = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";
    let url = fake.url("/announce");
    cli.run(&["announce", hash, "--tracker", &url]).expect(0);
    cli.run(&["announce", hash, "--tracker", &url]).expect(3);
    let started = std::time::Instant::now();
    cli.run(&["announce", hash, "--tracker", &url, "--wait"])
        .expect(0);
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "it waited"
    );
    let lines = fake.request_lines();
    assert_eq!(lines.len(), 2);
    assert!(!lines[1].contains("event="), "a regular announce");
}

#[test]
fn stop_goes_only_to_trackers_that_accepted_started_and_stop_all_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let bt = Tracker::start("bittorrent-tracker", &[]);
    let dead = dead_url("/announce");
    let (torrent, _) = make_torrent(
        dir.path(),
        "stopper",
        &[vec![dead.clone()], vec![bt.http_url()]],
    );
    let torrent = torrent.to_str().unwrap();
    let cli = Cli::new();
    let (json, _) = cli.json(&[
        "announce",
        torrent,
        "--all-tiers",
        "--no-shuffle",
        "--timeout",
        "3",
    ]);
    assert_eq!(status_of(&json, &dead), "failed");
    assert_eq!(status_of(&json, &bt.http_url()), "ok");
    let (json, run) = cli.json(&["stop", torrent]);
    assert_eq!(run.code, 0, "{json:#}");
    assert_eq!(status_of(&json, &bt.http_url()), "ok");
    assert_eq!(
        status_of(&json, &dead),
        "not_contacted",
        "no stopped to a tracker that never accepted started"
    );
    // Announce two torrents, then stop everything recorded, without naming them.
    let (other, _) = make_torrent(dir.path(), "other", &[vec![bt.http_url()]]);
    cli.run(&["announce", torrent, "--only-tracker", &bt.http_url()])
        .expect(0);
    cli.run(&["announce", other.to_str().unwrap()]).expect(0);
    let (json, run) = cli.json(&["stop", "--all"]);
    assert_eq!(run.code, 0, "{json:#}");
    let stopped: Vec<&str> = json["torrents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["trackers"].as_array().unwrap())
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    assert_eq!(stopped, vec!["ok", "ok"], "{json:#}");
    let (json, _) = cli.json(&["stop", "--all"]);
    assert!(
        json["torrents"].as_array().unwrap().is_empty(),
        "nothing left to stop"
    );
}

#[test]
fn stop_timeout_zero_sends_nothing_and_says_so() {
    let fake = FakeHttp::start(vec![Reply::ok(b"d8:intervali1800e5:peers0:e")], 10);
    let cli = Cli::new();
    let hash = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";
    cli.run(&["announce", hash, "--tracker", &fake.url("/announce")])
        .expect(0);
    let run = cli
        .run(&[
            "stop",
            hash,
            "--tracker",
            &fake.url("/announce"),
            "--stop-timeout",
            "0",
        ])
        .expect(0);
    assert!(
        run.stderr.contains("no stopped announce sent"),
        "{}",
        run.stderr
    );
    assert_eq!(fake.request_lines().len(), 1);
}

#[test]
fn global_rate_limit_refuses_a_burst_across_runs() {
    let fake = FakeHttp::start(vec![Reply::ok(b"d8:intervali1800e5:peers0:e")], 10);
    let cli = Cli::new();
    let url = fake.url("/announce");
    let a = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";
    let b = "c738679fcda3cd641c01b900e6ce5463ae412f65";
    cli.run(&["announce", a, "--tracker", &url, "--max-rate", "0.1"])
        .expect(0);
    let (json, run) = cli.json(&["announce", b, "--tracker", &url, "--max-rate", "0.1"]);
    assert_eq!(run.code, 3, "{json:#}");
    assert!(first_error(&json).contains("rate limit"));
    assert_eq!(fake.request_lines().len(), 1);
}

#[test]
fn follow_reannounces_at_the_interval_and_stops_on_sigterm() {
    let fake = FakeHttp::start(
        vec![Reply::ok(b"d8:intervali1e12:min intervali1e5:peers0:e")],
        20,
    );
    let cli = Cli::new();
    let hash = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";
    let mut child = cli
        .cmd()
        .args([
            "announce",
            hash,
            "--tracker",
            &fake.url("/announce"),
            "--follow",
            "--min-announce-interval",
            "1",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Bounded wait for a started and one regular announce (at most 20 s).
    for _ in 0..200 {
        if fake.request_lines().len() >= 2 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut exited = None;
    for _ in 0..150 {
        if let Some(s) = child.try_wait().unwrap() {
            exited = Some(s);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let Some(exit) = exited else {
        let _ = child.kill();
        panic!("--follow did not exit after SIGTERM");
    };
    assert!(exit.success(), "exit 0 after the stop");
    let lines = fake.request_lines();
    assert!(lines[0].contains("event=started"), "{lines:?}");
    assert!(
        lines[1..lines.len() - 1]
            .iter()
            .all(|l| !l.contains("event=")),
        "regular announces: {lines:?}"
    );
    assert!(lines.last().unwrap().contains("event=stopped"), "{lines:?}");
}
