//! `stop` removes the very peer an announce registered: the proof needs a tracker that keys
//! peers by peer_id (torrust-tracker), where a stopped with any other identity removes nothing,
//! beside trackers that key them by ip:port (opentracker, aquatic_udp), where it does.

use crate::lifecycle::swarm_size;
use crate::support::{Cli, Tracker, fixture, manifest_hash};

const OTHER_PEER_ID: &str = "-XX0001-otherpeer000";

fn torrent() -> String {
    fixture("torrents/v1_single_file.torrent")
        .to_str()
        .unwrap()
        .to_string()
}

fn status(json: &serde_json::Value) -> &serde_json::Value {
    &json["torrents"][0]["trackers"][0]["status"]
}

/// announce → 1 peer → stopped from the same port with another peer_id → `expect_after_other`
/// peers → stop (the saved identity) → 0 peers.
fn stop_with_another_peer_id(tracker: &Tracker, url: &str, expect_after_other: i64) {
    let cli = Cli::new();
    let torrent = torrent();
    assert_eq!(
        swarm_size(&cli, &torrent, url),
        0,
        "{}: empty at first",
        tracker.name
    );
    let (json, run) = cli.json(&[
        "announce",
        &torrent,
        "--only-tracker",
        url,
        "--port",
        "40001",
    ]);
    assert_eq!(status(&json), "ok", "{json:#}\n{}", run.stderr);
    assert_eq!(
        swarm_size(&cli, &torrent, url),
        1,
        "{}: registered",
        tracker.name
    );

    // The same port, another peer_id, and no state: what a client restarted with a fresh
    // identity would send. --force: nothing is recorded for this identity.
    let (json, run) = cli.json(&[
        "stop",
        &torrent,
        "--only-tracker",
        url,
        "--no-state",
        "--force",
        "--port",
        "40001",
        "--peer-id",
        OTHER_PEER_ID,
    ]);
    assert_eq!(status(&json), "ok", "{json:#}\n{}", run.stderr);
    assert_eq!(
        swarm_size(&cli, &torrent, url),
        expect_after_other,
        "{}: after a stopped with another peer_id",
        tracker.name
    );

    let (json, run) = cli.json(&["stop", &torrent, "--only-tracker", url]);
    if expect_after_other == 1 {
        assert_eq!(status(&json), "ok", "{json:#}\n{}", run.stderr);
        assert_eq!(json["torrents"][0]["trackers"][0]["event"], "stopped");
    }
    assert_eq!(
        swarm_size(&cli, &torrent, url),
        0,
        "{}: the saved identity's stop removes the peer",
        tracker.name
    );
}

#[test]
fn torrust_keys_peers_by_peer_id_so_only_the_saved_identity_stops_it_http() {
    let tracker = Tracker::start("torrust-tracker", &[]);
    stop_with_another_peer_id(&tracker, &tracker.http_url(), 1);
}

#[test]
fn torrust_keys_peers_by_peer_id_so_only_the_saved_identity_stops_it_udp() {
    let tracker = Tracker::start("torrust-tracker", &[]);
    stop_with_another_peer_id(&tracker, &tracker.udp_url(), 1);
}

#[test]
fn opentracker_keys_peers_by_address_so_any_peer_id_stops_it() {
    let tracker = Tracker::start("opentracker", &[&manifest_hash("v1_single_file.torrent")]);
    stop_with_another_peer_id(&tracker, &tracker.http_url(), 0);
}

#[test]
fn aquatic_udp_keys_peers_by_address_so_any_peer_id_stops_it() {
    let tracker = Tracker::start("aquatic_udp", &[]);
    stop_with_another_peer_id(&tracker, &tracker.udp_url(), 0);
}

/// aquatic_udp leaves the announcing peer out of the counts it answers an announce with, while
/// its scrape counts it: trackerctl reports both as the tracker said them.
#[test]
fn aquatic_udp_announce_counts_leave_out_the_announcing_peer() {
    let hash = manifest_hash("v1_single_file.torrent");
    let tracker = Tracker::start("aquatic_udp", &[&hash]);
    let cli = Cli::new();
    let torrent = torrent();
    let url = tracker.udp_url();
    let (json, run) = cli.json(&["announce", &torrent, "--only-tracker", &url]);
    let t = &json["torrents"][0]["trackers"][0];
    assert_eq!(t["status"], "ok", "{json:#}\n{}", run.stderr);
    assert_eq!(t["transport"], "udp");
    assert_eq!(t["response"]["incomplete"], 0, "{json:#}");
    assert_eq!(
        swarm_size(&cli, &torrent, &url),
        1,
        "scrape counts the leecher"
    );

    // Its access list holds only this hash: another is refused with its error action.
    let other = "0123456789abcdef0123456789abcdef01234567";
    let (json, _) = cli.json(&["announce", other, "--tracker", &url]);
    let t = &json["torrents"][0]["trackers"][0];
    assert_eq!(t["status"], "failed", "{json:#}");
    assert!(
        t["error"].as_str().unwrap_or("").contains("not allowed")
            || t["response"]["failure_reason"]
                .as_str()
                .unwrap_or("")
                .contains("not allowed"),
        "{json:#}"
    );
    cli.run(&["stop", &torrent, "--only-tracker", &url])
        .expect(0);
    assert_eq!(swarm_size(&cli, &torrent, &url), 0);
}
