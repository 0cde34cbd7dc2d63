//! The schedule on the run's clock: trackerctl runs in-process with a clock that stands still
//! until the test moves it (`support::in_process`), so min intervals, back-off and rate limits of
//! minutes are checked to the second against real sockets on loopback, without waiting.

use crate::support::capture::{HttpCapture, UdpCapture};
use crate::support::fake_http::{FakeHttp, Reply};
use crate::support::in_process::InProcess;
use crate::support::{dead_url, first_error};

const HASH: &str = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";
const T0: u64 = 1_800_000_000;

/// An HTTP tracker that answers every announce with interval 1800 s, min interval 900 s.
fn min_interval_900() -> FakeHttp {
    FakeHttp::start(
        vec![Reply::ok(
            b"d8:intervali1800e12:min intervali900e5:peers0:e",
        )],
        10,
    )
}

#[test]
fn the_min_interval_ends_to_the_second_on_the_run_clock() {
    let fake = min_interval_900();
    let url = fake.url("/announce");
    let at = InProcess::new(T0, 1);
    at.run(&["announce", HASH, "--tracker", &url]).expect(0);
    let saved = at.saved_tracker(HASH);
    assert_eq!(saved["last_announce"], T0, "{saved:#}");
    assert_eq!(saved["min_interval"], 900);

    at.advance(100);
    let json = at.json(&["announce", HASH, "--tracker", &url]);
    assert_eq!(
        first_error(&json),
        "min interval not elapsed: next regular announce in 800 s"
    );
    at.advance(799);
    let json = at.json(&["announce", HASH, "--tracker", &url]);
    assert!(first_error(&json).ends_with("in 1 s"), "{json:#}");
    at.advance(1);
    at.run(&["announce", HASH, "--tracker", &url]).expect(0);
    let lines = fake.request_lines();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        !lines[1].contains("event="),
        "a regular announce: {}",
        lines[1]
    );
    assert_eq!(at.saved_tracker(HASH)["last_announce"], T0 + 900);
}

#[test]
fn wait_moves_the_run_clock_through_the_min_interval() {
    let fake = min_interval_900();
    let url = fake.url("/announce");
    let at = InProcess::new(T0, 2);
    at.run(&["announce", HASH, "--tracker", &url]).expect(0);
    at.advance(100);
    at.run(&["announce", HASH, "--tracker", &url, "--wait"])
        .expect(0);
    assert_eq!(at.now(), T0 + 900, "slept exactly the 800 s left");
    assert_eq!(fake.request_lines().len(), 2);
    assert_eq!(at.saved_tracker(HASH)["last_announce"], T0 + 900);
}

#[test]
fn back_off_follows_libtorrents_sequence_on_the_run_clock() {
    let url = dead_url("/announce");
    let at = InProcess::new(T0, 3);
    at.run(&["announce", HASH, "--tracker", &url]).expect(1);
    let saved = at.saved_tracker(HASH);
    assert_eq!(
        (&saved["fails"], &saved["retry_at"]),
        (&1.into(), &(T0 + 17).into())
    );
    at.advance(16);
    let json = at.json(&["announce", HASH, "--tracker", &url]);
    assert_eq!(
        first_error(&json),
        "failing tracker in back-off: next try allowed in 1 s"
    );
    at.advance(1);
    at.run(&["announce", HASH, "--tracker", &url]).expect(1);
    // The second failure: 5 + 2²·5·250/100 = 55 s (libtorrent's tracker_backoff 250).
    assert_eq!(at.saved_tracker(HASH)["retry_at"], T0 + 17 + 55);
    at.advance(54);
    at.run(&["announce", HASH, "--tracker", &url]).expect(3);
    at.advance(1);
    at.run(&["announce", HASH, "--tracker", &url]).expect(1);
    assert_eq!(at.saved_tracker(HASH)["fails"], 3);
}

#[test]
fn a_udp_trackers_fixed_min_interval_of_60_s_on_the_run_clock() {
    let udp = UdpCapture::start();
    let url = udp.url("/announce");
    let at = InProcess::new(T0, 4);
    at.run(&["announce", HASH, "--tracker", &url]).expect(0);
    assert_eq!(at.saved_tracker(HASH)["min_interval"], 60);
    at.advance(59);
    at.run(&["announce", HASH, "--tracker", &url]).expect(3);
    at.advance(1);
    at.run(&["announce", HASH, "--tracker", &url]).expect(0);
    assert_eq!(udp.announces().len(), 2);
}

#[test]
fn the_global_rate_limit_frees_its_slot_on_the_run_clock() {
    let tracker = HttpCapture::start();
    let url = tracker.url("/announce");
    let at = InProcess::new(T0, 5);
    // One request per 100 s; events go out whatever the interval, not whatever the rate.
    let args = |event| {
        [
            "announce",
            HASH,
            "--tracker",
            &url,
            "--max-rate",
            "0.01",
            "--event",
            event,
        ]
    };
    at.run(&args("started")).expect(0);
    at.advance(50);
    let json = at.json(&args("completed"));
    assert_eq!(
        first_error(&json),
        "local rate limit: next request allowed in 50.0 s"
    );
    at.advance(50);
    at.run(&args("completed")).expect(0);
    assert_eq!(tracker.announces().len(), 2);
}

#[test]
fn peer_id_and_key_come_from_the_runs_randomness() {
    let tracker = HttpCapture::start();
    let url = tracker.url("/announce");
    let sent = |seed: u64| {
        tracker.clear();
        InProcess::new(T0, seed)
            .run(&["announce", HASH, "--tracker", &url])
            .expect(0);
        let hit = tracker.announces().pop().expect("one announce");
        (hit.param("peer_id").unwrap(), hit.param("key").unwrap())
    };
    let (first, again, other) = (sent(42), sent(42), sent(43));
    assert_eq!(first, again, "the same seed, the same identity");
    assert_ne!(first.0, other.0);
    assert_ne!(first.1, other.1);
    assert!(first.0.starts_with("-TC"), "{}", first.0);
}

#[test]
fn dash_reads_the_runs_standard_input() {
    let torrent = std::fs::read(crate::support::fixture(
        "torrents/announce_list_3tiers.torrent",
    ))
    .unwrap();
    let at = InProcess::new(T0, 6);
    let run = at.run_with_stdin(&["tiers", "-", "--json"], &torrent);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["torrents"][0]["source"], "<stdin>", "{json:#}");
}

#[test]
fn http_410_gone_is_never_asked_again_however_long_it_waits() {
    // The usual 410 is a web server's page, not bencode: libtorrent gives up all the same.
    for body in [
        &b"<html><body>Gone</body></html>"[..],
        b"d14:failure reason4:gonee",
    ] {
        let fake = FakeHttp::start(vec![Reply::Full(410, Vec::new(), body.to_vec())], 10);
        let url = fake.url("/announce");
        let at = InProcess::new(T0, 8);
        let json = at.json(&["announce", HASH, "--tracker", &url]);
        assert!(
            first_error(&json).starts_with("HTTP status 410"),
            "{json:#}"
        );
        assert_eq!(at.saved_tracker(HASH)["never"], true);
        at.advance(30 * 24 * 3600);
        let json = at.json(&["announce", HASH, "--tracker", &url]);
        assert_eq!(
            json["torrents"][0]["trackers"][0]["status"], "skipped",
            "{json:#}"
        );
        assert!(
            first_error(&json).starts_with(
                "the tracker said never to ask again (its last answer: HTTP status 410"
            ),
            "{json:#}"
        );
        at.run(&["announce", HASH, "--tracker", &url, "--force"])
            .expect(1);
        assert_eq!(fake.request_lines().len(), 2, "--force asks it anyway");
    }
}
