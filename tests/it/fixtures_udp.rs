//! Every BEP 15 datagram in tests/fixtures/responses/udp decodes (or encodes) to the values
//! its manifest records.

use trackerctl::input::infohash::V1;
use trackerctl::tracker::messages::{AnnounceRequest, Event};
use trackerctl::tracker::udp_packet::{self as udp, Rejected, Reply};

use crate::support::fixture;

fn cases() -> Vec<serde_json::Value> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("responses/manifest.json")).unwrap())
            .unwrap();
    manifest["responses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["transport"] == "udp")
        .cloned()
        .collect()
}

fn hash(hex_str: &str) -> V1 {
    V1(hex::decode(hex_str).unwrap().try_into().unwrap())
}

fn int(v: &serde_json::Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an int: {v}"))
}

fn request_from(e: &serde_json::Value) -> AnnounceRequest {
    AnnounceRequest {
        info_hash: hash(e["info_hash_hex"].as_str().unwrap()),
        peer_id: hex::decode(e["peer_id_hex"].as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap(),
        port: int(&e["port"]) as u16,
        uploaded: int(&e["uploaded"]) as u64,
        downloaded: int(&e["downloaded"]) as u64,
        left: int(&e["left"]) as u64,
        corrupt: 0,
        redundant: 0,
        key: int(&e["key"]) as u32,
        event: match int(&e["event"]) {
            0 => Event::None,
            1 => Event::Completed,
            2 => Event::Started,
            3 => Event::Stopped,
            _ => Event::Paused,
        },
        numwant: int(&e["num_want"]) as i32,
        compact: true,
        no_peer_id: true,
        supportcrypto: true,
        ip: None,
        trackerid: None,
    }
}

#[test]
fn every_udp_fixture_matches_its_manifest() {
    let cases = cases();
    assert!(cases.len() >= 15);
    for case in cases {
        let file = case["file"].as_str().unwrap();
        let bytes = std::fs::read(fixture(file)).unwrap();
        let e = &case["expected"];
        let tid = e["expected_transaction_id"]
            .as_u64()
            .or(e["transaction_id"].as_u64())
            .unwrap_or(0x12345678) as u32;
        if case["direction"] == "client_to_tracker" {
            let built = match int(&e["action"]) {
                0 => udp::connect_request(tid),
                1 => udp::announce_request(
                    int(&e["connection_id"]) as u64,
                    tid,
                    &request_from(e),
                    e["url_data"].as_str().unwrap_or("").as_bytes(),
                ),
                _ => {
                    let hashes: Vec<V1> = e["info_hashes_hex"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|h| hash(h.as_str().unwrap()))
                        .collect();
                    udp::scrape_request(int(&e["connection_id"]) as u64, tid, &hashes)
                }
            };
            assert_eq!(
                hex::encode(&built),
                hex::encode(&bytes),
                "{file}: encoded bytes"
            );
            continue;
        }
        let action = e["action"].as_u64().map(|a| a as u32);
        let ipv6 = file.contains("ipv6");
        let wanted = match action {
            Some(3) | None => udp::ACTION_ANNOUNCE,
            Some(7) => udp::ACTION_ANNOUNCE,
            Some(a) => a,
        };
        let wanted = if file.contains("connect") {
            udp::ACTION_CONNECT
        } else {
            wanted
        };
        let decoded = udp::decode(&bytes, tid, wanted, ipv6);
        if e["verdict"] == "ignore" {
            assert!(
                matches!(decoded, Err(Rejected::Ignored(_))),
                "{file}: must be ignored, got {decoded:?}"
            );
            continue;
        }
        if let Some(error) = e["error"].as_str() {
            assert!(
                decoded.is_err(),
                "{file}: must be rejected ({error}), got {decoded:?}"
            );
            continue;
        }
        match decoded.unwrap_or_else(|r| panic!("{file}: {r:?}")) {
            Reply::Connect { connection_id } => {
                assert_eq!(connection_id as i64, int(&e["connection_id"]), "{file}")
            }
            Reply::Error(message) => assert_eq!(message, e["message"].as_str().unwrap(), "{file}"),
            Reply::Announce(r) => {
                // The "policy" entries record only the peers; the others every field.
                for (key, got) in [
                    ("interval", r.interval),
                    ("leechers", r.incomplete),
                    ("seeders", r.complete),
                ] {
                    if !e[key].is_null() {
                        assert_eq!(got, Some(int(&e[key])), "{file}: {key}");
                    }
                }
                let peers = if ipv6 { &r.peers6 } else { &r.peers };
                let expected = e["peers"]
                    .as_array()
                    .or(e["complete_records"].as_array())
                    .unwrap();
                assert_eq!(peers.len(), expected.len(), "{file}: peers");
                for (got, want) in peers.iter().zip(expected) {
                    assert_eq!(got.ip, want["ip"].as_str().unwrap(), "{file}");
                    assert_eq!(i64::from(got.port), int(&want["port"]), "{file}");
                }
                if let Some(trailing) = e["trailing_bytes"].as_i64() {
                    assert!(
                        r.notes.iter().any(|n| n.contains(&trailing.to_string())),
                        "{file}: note on trailing bytes"
                    );
                }
            }
            Reply::Scrape(counts) => {
                let files = e["files"].as_array().unwrap();
                assert_eq!(counts.len(), files.len(), "{file}");
                for (got, want) in counts.iter().zip(files) {
                    assert_eq!(got.complete, Some(int(&want["seeders"])), "{file}");
                    assert_eq!(got.downloaded, Some(int(&want["completed"])), "{file}");
                    assert_eq!(got.incomplete, Some(int(&want["leechers"])), "{file}");
                }
            }
        }
    }
}
