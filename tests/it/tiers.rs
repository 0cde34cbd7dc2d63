//! `tiers`: the listing and the plan under each option, contacting nothing.

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

#[test]
fn three_tier_fixture_lists_tiers_with_transports_and_redacted_passkeys() {
    let cli = Cli::new();
    let torrent = fixture("torrents/announce_list_3tiers.torrent");
    let (json, run) = cli.json(&["tiers", torrent.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    let tiers = json["torrents"][0]["tiers"].as_array().unwrap();
    assert_eq!(tiers.len(), 3);
    assert_eq!(tiers[0].as_array().unwrap().len(), 3);
    assert_eq!(tiers[0][1]["transport"], "udp");
    assert_eq!(
        tiers[1][0]["url"],
        "https://private.example.net/announce?passkey=REDACTED"
    );
    assert_eq!(
        selected(&json),
        vec!["http://tracker1.example.org:6969/announce"]
    );

    let (json, _) = cli.json(&["tiers", torrent.to_str().unwrap(), "--all-tiers"]);
    assert_eq!(
        selected(&json),
        vec![
            "http://tracker1.example.org:6969/announce",
            "https://private.example.net/announce?passkey=REDACTED",
            "udp://127.0.0.1:6969/announce"
        ]
    );
    let (json, _) = cli.json(&["tiers", torrent.to_str().unwrap(), "--all-trackers-in-tier"]);
    assert_eq!(selected(&json).len(), 3);
    let (json, _) = cli.json(&[
        "tiers",
        torrent.to_str().unwrap(),
        "--all-trackers-in-tier",
        "--all-tiers",
    ]);
    assert_eq!(selected(&json).len(), 8);
    let text = cli
        .run(&["tiers", torrent.to_str().unwrap(), "--show-secrets"])
        .expect(0);
    assert!(
        text.stdout.contains("passkey=abcdef0123456789"),
        "{}",
        text.stdout
    );
}

#[test]
fn magnet_tr_parameters_are_one_tier_each() {
    let cli = Cli::new();
    let magnet = "magnet:?xt=urn:btih:8df1068cecd44c6f7c1330c2e42e19616d811ee0\
                  &tr=http://127.0.0.1:6969/announce&tr=udp://127.0.0.1:6969/announce";
    let (json, _) = cli.json(&["tiers", magnet]);
    let tiers = json["torrents"][0]["tiers"].as_array().unwrap();
    assert_eq!(tiers.len(), 2);
    assert_eq!(tiers[1][0]["transport"], "udp");
}
