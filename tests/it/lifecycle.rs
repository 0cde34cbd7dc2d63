//! announce → scrape shows the peer → stop → scrape no longer shows it, on real trackers.

use crate::support::{Cli, Tracker, fixture, manifest_hash};

/// Seeders+leechers the tracker reports for the torrent through `scrape`. opentracker leaves a
/// torrent it has no peers for out of its answer (`not_listed`): that counts as 0.
pub fn swarm_size(cli: &Cli, torrent: &str, url: &str) -> i64 {
    let (json, _) = cli.json(&["scrape", torrent, "--only-tracker", url]);
    let tracker = &json["torrents"][0]["trackers"][0];
    if tracker["status"] == "not_listed" {
        return 0;
    }
    assert_eq!(tracker["status"], "ok", "scrape failed: {json:#}");
    let r = &tracker["response"];
    r["complete"].as_i64().unwrap() + r["incomplete"].as_i64().unwrap()
}

fn lifecycle(tracker: &Tracker) {
    let cli = Cli::new();
    let torrent = fixture("torrents/v1_single_file.torrent");
    let torrent = torrent.to_str().unwrap();
    let url = tracker.http_url();
    assert_eq!(
        swarm_size(&cli, torrent, &url),
        0,
        "{}: swarm empty at first",
        tracker.name
    );

    let (json, _) = cli.json(&[
        "announce",
        torrent,
        "--only-tracker",
        &url,
        "--port",
        "51413",
    ]);
    let t = &json["torrents"][0]["trackers"][0];
    assert_eq!(t["status"], "ok", "{json:#}");
    assert_eq!(t["event"], "started");
    assert!(t["response"]["interval"].as_i64().unwrap() > 0);
    assert_eq!(
        swarm_size(&cli, torrent, &url),
        1,
        "{}: announce registered one peer",
        tracker.name
    );

    // A second announce is a regular one (state knows this tracker) and keeps the identity.
    let (json, _) = cli.json(&["announce", torrent, "--only-tracker", &url, "--force"]);
    assert_eq!(
        json["torrents"][0]["trackers"][0]["event"], "none",
        "{json:#}"
    );
    assert_eq!(
        swarm_size(&cli, torrent, &url),
        1,
        "{}: same peer, not a second one",
        tracker.name
    );

    let (json, _) = cli.json(&["stop", torrent, "--only-tracker", &url]);
    let t = &json["torrents"][0]["trackers"][0];
    assert_eq!(t["status"], "ok", "{json:#}");
    assert_eq!(t["event"], "stopped");
    assert_eq!(
        swarm_size(&cli, torrent, &url),
        0,
        "{}: stop removed the peer (no ghost)",
        tracker.name
    );

    // Nothing left to stop: the tracker is not contacted again.
    let (json, _) = cli.json(&["stop", torrent, "--only-tracker", &url]);
    assert_eq!(
        json["torrents"][0]["trackers"][0]["status"], "not_contacted",
        "{json:#}"
    );
}

#[test]
fn opentracker_announce_scrape_stop() {
    let hash = manifest_hash("v1_single_file.torrent");
    lifecycle(&Tracker::start("opentracker", &[&hash]));
}

#[test]
fn bittorrent_tracker_announce_scrape_stop() {
    lifecycle(&Tracker::start("bittorrent-tracker", &[]));
}

#[test]
fn torrust_tracker_announce_scrape_stop() {
    lifecycle(&Tracker::start("torrust-tracker", &[]));
}
