//! `tiers`: the listing in libtorrent's order and the plan under each option, contacting nothing.

use crate::support::{Cli, fixture};

fn selected(json: &serde_json::Value) -> Vec<String> {
    json["torrents"][0]["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|tier| tier.as_array().unwrap())
        .filter(|t| t["selected"] == true)
        .map(|t| t["url"].as_str().unwrap().to_string())
        .collect()
}

fn urls(json: &serde_json::Value) -> Vec<Vec<String>> {
    json["torrents"][0]["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|tier| {
            tier.as_array()
                .unwrap()
                .iter()
                .map(|t| t["url"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn three_tier_fixture_plan_matches_libtorrent_for_each_option() {
    let cli = Cli::new();
    let torrent = fixture("torrents/announce_list_3tiers.torrent");
    let torrent = torrent.to_str().unwrap();
    // Listed order kept (--no-shuffle) so the plan is exact; udp:// still swaps ahead of the
    // same-host HTTP tracker, place and tier (tiers-and-events.md §1).
    let (json, run) = cli.json(&["tiers", torrent, "--no-shuffle", "--no-state"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        urls(&json),
        vec![
            vec![
                "udp://tracker1.example.org:6969/announce",
                "http://tracker1.example.org:6969/announce",
                "https://tracker1.example.org/announce"
            ],
            vec![
                "https://private.example.net/announce?passkey=REDACTED",
                "udp://[::1]:6969/announce",
                "udp://127.0.0.1:6969/announce"
            ],
            vec![
                "http://127.0.0.1:6969/announce",
                "http://tracker3.example.com/a/announce.php?uid=42&passkey=REDACTED"
            ],
        ]
    );
    assert_eq!(json["torrents"][0]["tiers"][0][0]["transport"], "udp");
    assert_eq!(
        selected(&json),
        vec!["udp://tracker1.example.org:6969/announce"],
        "neither: one tracker in total"
    );
    let (json, _) = cli.json(&[
        "tiers",
        torrent,
        "--no-shuffle",
        "--no-state",
        "--all-tiers",
    ]);
    assert_eq!(
        selected(&json),
        vec![
            "udp://tracker1.example.org:6969/announce",
            "https://private.example.net/announce?passkey=REDACTED",
            "http://127.0.0.1:6969/announce"
        ],
        "all tiers: the first of each tier"
    );
    let (json, _) = cli.json(&[
        "tiers",
        torrent,
        "--no-shuffle",
        "--no-state",
        "--all-trackers-in-tier",
    ]);
    assert_eq!(
        selected(&json),
        urls(&json)[0],
        "all trackers of the first tier"
    );
    let (json, _) = cli.json(&[
        "tiers",
        torrent,
        "--no-state",
        "--all-trackers-in-tier",
        "--all-tiers",
    ]);
    assert_eq!(selected(&json).len(), 8, "everyone");
    let (json, _) = cli.json(&[
        "tiers",
        torrent,
        "--no-shuffle",
        "--no-state",
        "--no-prefer-udp",
    ]);
    assert_eq!(
        selected(&json),
        vec!["http://tracker1.example.org:6969/announce"]
    );
    let text = cli
        .run(&["tiers", torrent, "--show-secrets", "--no-state"])
        .expect(0);
    assert!(
        text.stdout.contains("passkey=abcdef0123456789"),
        "{}",
        text.stdout
    );
}

#[test]
fn the_shuffled_order_is_kept_between_runs() {
    let cli = Cli::new();
    let torrent = fixture("torrents/announce_list_3tiers.torrent");
    let torrent = torrent.to_str().unwrap();
    let (first, _) = cli.json(&["tiers", torrent]);
    for _ in 0..3 {
        let (again, _) = cli.json(&["tiers", torrent]);
        assert_eq!(urls(&again), urls(&first), "shuffled once, then kept");
    }
    let mut listed: Vec<String> = urls(&first).concat();
    listed.sort();
    assert_eq!(listed.len(), 8, "same trackers");
}

#[test]
fn magnet_tr_parameters_are_one_tier_each() {
    let cli = Cli::new();
    let magnet = "magnet:?xt=urn:btih:8df1068cecd44c6f7c1330c2e42e19616d811ee0\
                  &tr=http://127.0.0.1:6969/announce&tr=udp://127.0.0.1:6969/announce";
    let (json, _) = cli.json(&["tiers", magnet, "--no-prefer-udp"]);
    let tiers = json["torrents"][0]["tiers"].as_array().unwrap();
    assert_eq!(tiers.len(), 2);
    assert_eq!(tiers[1][0]["transport"], "udp");
    let (json, _) = cli.json(&["tiers", magnet, "--no-state"]);
    assert_eq!(
        json["torrents"][0]["tiers"][0][0]["transport"], "udp",
        "udp:// preferred, as libtorrent"
    );
}

/// `tiers - --probe` reads the torrent from stdin once and probes it (the probe used to read
/// stdin a second time and fail on the empty rest).
#[test]
fn probe_of_a_torrent_from_stdin() {
    let cli = crate::support::Cli::new();
    let dead = crate::support::dead_url("/announce");
    let mut child = cli
        .cmd()
        .args(["tiers", "-", "--probe", "--only-tracker", &dead, "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let torrent =
        std::fs::read(crate::support::fixture("torrents/v1_single_file.torrent")).unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), &torrent).unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("error:"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let probed = &json["torrents"][0]["trackers"][0];
    assert_eq!(probed["status"], "failed", "{json:#}");
    assert!(
        probed["error"].as_str().unwrap().contains("refused"),
        "{json:#}"
    );
}
