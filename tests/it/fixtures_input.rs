//! Every .torrent, malformed input and magnet link in tests/fixtures, parsed through the
//! library and checked against the values their manifests hold (nothing is repeated here).
//! Each test gathers every failing fixture by name before it fails.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value as Json;
use trackerctl::bencode;
use trackerctl::input::infohash::{self, InfoHashes};
use trackerctl::input::{magnet, metainfo};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn manifest(file: &str) -> Json {
    let path = fixtures().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(file: &str) -> Vec<u8> {
    let path = fixtures().join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Fails with every collected problem, one per line.
fn report(what: &str, checked: usize, failures: Vec<String>) {
    assert!(checked > 0, "{what}: no fixtures found");
    assert!(
        failures.is_empty(),
        "{what}: {} of {checked} fixtures failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Compares and records a mismatch as "fixture: field: got …, manifest says …".
fn check<T: PartialEq + std::fmt::Debug>(
    failures: &mut Vec<String>,
    fixture: &str,
    field: &str,
    got: T,
    want: T,
) {
    if got != want {
        failures.push(format!(
            "{fixture}: {field}: got {got:?}, manifest says {want:?}"
        ));
    }
}

fn hex_v1(h: &InfoHashes) -> Option<String> {
    h.v1.map(|v| v.to_string())
}
fn hex_v2(h: &InfoHashes) -> Option<String> {
    h.v2.map(|v| v.to_string())
}

fn opt_str(v: &Json) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn tiers(v: &Json) -> Vec<Vec<String>> {
    serde_json::from_value(v.clone()).expect("manifest: tiers are a list of lists of strings")
}

/// Parses, and fails the fixture if it took long: parse must be linear.
fn timed_parse(
    bytes: &[u8],
) -> (
    Result<metainfo::Metainfo, metainfo::MetainfoError>,
    Duration,
) {
    let start = Instant::now();
    let result = metainfo::parse(bytes);
    (result, start.elapsed())
}

const SLOW: Duration = Duration::from_secs(5);

fn check_error_message(failures: &mut Vec<String>, fixture: &str, e: &metainfo::MetainfoError) {
    let text = e.to_string();
    if text.is_empty() || text.contains('\n') {
        failures.push(format!(
            "{fixture}: the error message is not one line: {text:?}"
        ));
    }
}

#[test]
fn torrents_match_manifest() {
    let manifest = manifest("torrents/manifest.json");
    let entries = manifest["torrents"]
        .as_array()
        .expect("manifest: torrents is a list");
    let mut failures = Vec::new();
    for entry in entries {
        let file = entry["file"].as_str().expect("manifest: file is a string");
        let bytes = read(file);
        let (result, took) = timed_parse(&bytes);
        if took > SLOW {
            failures.push(format!("{file}: parse took {took:?}"));
        }
        let m = match result {
            Ok(m) => m,
            Err(e) => {
                failures.push(format!("{file}: rejected: {e}"));
                continue;
            }
        };
        let f = &mut failures;
        check(
            f,
            file,
            "info_hash_v1",
            hex_v1(&m.hashes),
            opt_str(&entry["info_hash_v1"]),
        );
        check(
            f,
            file,
            "info_hash_v2",
            hex_v2(&m.hashes),
            opt_str(&entry["info_hash_v2"]),
        );
        let span: (usize, usize) =
            serde_json::from_value(entry["info_span"].clone()).expect("manifest: info_span");
        check(f, file, "info_span", m.info_span, span);
        check(
            f,
            file,
            "effective_tiers",
            m.tiers.clone(),
            tiers(&entry["effective_tiers"]),
        );
        check(
            f,
            file,
            "private",
            Some(m.private),
            entry["private"].as_bool(),
        );
        match opt_str(&entry["name_utf8"]) {
            Some(name) => check(f, file, "name_utf8", m.name.clone(), Some(name)),
            // Not valid UTF-8: the raw bytes must still be there, and the lossy name.
            None => check(
                f,
                file,
                "name (lossy)",
                m.name.clone(),
                m.name_raw
                    .as_deref()
                    .map(|raw| String::from_utf8_lossy(raw).into_owned()),
            ),
        }
        check(
            f,
            file,
            "name_hex",
            m.name_raw.as_deref().map(hex::encode),
            opt_str(&entry["name_hex"]),
        );
        check(
            f,
            file,
            "piece_length",
            Some(m.piece_length),
            entry["piece_length"].as_u64(),
        );
        check(
            f,
            file,
            "num_files",
            Some(m.file_count as u64),
            entry["num_files"].as_u64(),
        );
        check(
            f,
            file,
            "total_length",
            m.total_length,
            entry["total_length"].as_u64(),
        );
        check(
            f,
            file,
            "num_pieces",
            m.num_pieces,
            entry["num_pieces"].as_u64(),
        );
        check(
            f,
            file,
            "meta_version",
            Some(u64::from(m.meta_version)),
            entry["meta_version"].as_u64(),
        );
    }
    report("torrents/manifest.json", entries.len(), failures);
}

#[test]
fn malformed_inputs_match_manifest() {
    let manifest = manifest("malformed/manifest.json");
    let entries = manifest["files"]
        .as_array()
        .expect("manifest: files is a list");
    let mut failures = Vec::new();
    for entry in entries {
        let file = entry["file"].as_str().expect("manifest: file is a string");
        let expected = entry["expected"]
            .as_str()
            .expect("manifest: expected is a string");
        let bytes = read(file);
        let (result, took) = timed_parse(&bytes);
        if took > SLOW {
            failures.push(format!("{file}: parse took {took:?}"));
        }
        let f = &mut failures;
        match (expected, result) {
            ("error", Ok(m)) => f.push(format!(
                "{file}: accepted (v1 {:?}), manifest expects an error",
                hex_v1(&m.hashes)
            )),
            (_, Err(e))
                if expected.starts_with("error") || expected == "policy: accept or error" =>
            {
                check_error_message(f, file, &e)
            }
            (_, Err(e)) => f.push(format!(
                "{file}: rejected ({e}), manifest policy is {expected:?}"
            )),
            (_, Ok(m))
                if expected.starts_with("policy: accept")
                    || expected.starts_with("error, or ignore") =>
            {
                check(
                    f,
                    file,
                    "info_hash_v1_if_accepted",
                    hex_v1(&m.hashes),
                    opt_str(&entry["info_hash_v1_if_accepted"]),
                );
                if m.warnings.is_empty() {
                    f.push(format!("{file}: accepted without a warning"));
                }
                if expected.starts_with("error, or ignore") {
                    // Ignored means: no tracker from the bad field; only `announce` if it is a string.
                    let root = bencode::decode(&bytes).expect("accepted input is bencode");
                    let announce = root
                        .as_dict()
                        .and_then(|d| d.get(b"announce"))
                        .and_then(|v| v.as_bytes());
                    let allowed: Vec<Vec<String>> = announce
                        .map(|a| vec![vec![String::from_utf8_lossy(a).trim().to_string()]])
                        .unwrap_or_default();
                    check(
                        f,
                        file,
                        "tiers (bad field ignored)",
                        m.tiers.clone(),
                        allowed,
                    );
                }
            }
            (_, Ok(_)) => f.push(format!(
                "{file}: unknown expectation {expected:?} in the manifest"
            )),
        }
    }
    report("malformed/manifest.json", entries.len(), failures);
}

#[test]
fn libtorrent_corpus_matches_libtorrent() {
    let manifest = manifest("libtorrent-test-torrents/manifest.json");
    let entries = manifest
        .as_object()
        .expect("manifest: an object keyed by file name");
    let mut failures = Vec::new();
    let mut stricter = Vec::new();
    for (name, entry) in entries {
        let file = format!("libtorrent-test-torrents/{name}");
        let bytes = read(&file);
        let (result, took) = timed_parse(&bytes);
        if took > SLOW {
            failures.push(format!("{file}: parse took {took:?}"));
        }
        let f = &mut failures;
        match (entry["libtorrent_2_0_8"].as_str(), result) {
            (Some("accepted"), Ok(m)) => {
                check(
                    f,
                    &file,
                    "info_hash_v1",
                    hex_v1(&m.hashes),
                    opt_str(&entry["info_hash_v1"]),
                );
                check(
                    f,
                    &file,
                    "info_hash_v2",
                    hex_v2(&m.hashes),
                    opt_str(&entry["info_hash_v2"]),
                );
                check(
                    f,
                    &file,
                    "trackers_by_tier",
                    m.tiers.clone(),
                    tiers(&entry["trackers_by_tier"]),
                );
            }
            (Some("accepted"), Err(e)) => {
                f.push(format!("{file}: rejected ({e}), libtorrent accepts it"))
            }
            (Some("rejected"), Ok(_)) => stricter.push(name.as_str()),
            (Some("rejected"), Err(e)) => check_error_message(f, &file, &e),
            (other, _) => f.push(format!("{file}: unknown libtorrent verdict {other:?}")),
        }
    }
    // Allowed (libtorrent also checks things a tracker client does not need), but worth seeing.
    eprintln!(
        "accepted although libtorrent 2.0.8 rejects them: {}",
        stricter.join(", ")
    );
    report(
        "libtorrent-test-torrents/manifest.json",
        entries.len(),
        failures,
    );
}

#[test]
fn magnets_match_manifest() {
    let manifest = manifest("magnets.json");
    let entries = manifest["magnets"]
        .as_array()
        .expect("manifest: magnets is a list");
    let mut failures = Vec::new();
    for entry in entries {
        let uri = entry["uri"].as_str().expect("manifest: uri is a string");
        let note = entry["note"].as_str().unwrap_or("");
        let fixture = format!("{uri} ({note})");
        let f = &mut failures;
        let expected = &entry["expected"];
        match (entry["valid"].as_bool(), magnet::parse(uri)) {
            (Some(true), Ok(m)) => {
                check(
                    f,
                    &fixture,
                    "info_hash_v1",
                    hex_v1(&m.hashes),
                    opt_str(&expected["info_hash_v1"]),
                );
                check(
                    f,
                    &fixture,
                    "info_hash_v2",
                    hex_v2(&m.hashes),
                    opt_str(&expected["info_hash_v2"]),
                );
                check(f, &fixture, "dn", m.name.clone(), opt_str(&expected["dn"]));
                check(f, &fixture, "xl", m.exact_length, expected["xl"].as_u64());
                let list = |v: &Json| -> Vec<String> {
                    serde_json::from_value(v.clone()).expect("manifest: a list of strings")
                };
                check(f, &fixture, "tr", m.trackers.clone(), list(&expected["tr"]));
                check(
                    f,
                    &fixture,
                    "ws",
                    m.web_seeds.clone(),
                    list(&expected["ws"]),
                );
            }
            (Some(true), Err(e)) => {
                f.push(format!("{fixture}: rejected ({e}), manifest says valid"))
            }
            (Some(false), Ok(m)) => f.push(format!(
                "{fixture}: accepted ({:?}), manifest says invalid",
                m.hashes
            )),
            (Some(false), Err(e)) => {
                let text = e.to_string();
                if text.is_empty() || text.contains('\n') {
                    f.push(format!(
                        "{fixture}: the error message is not one line: {text:?}"
                    ));
                }
            }
            (None, _) => f.push(format!("{fixture}: manifest has no valid flag")),
        }
    }
    report("magnets.json", entries.len(), failures);
}

/// The hashes the manifests hold, typed bare (any case), are what `parse_raw` gives; so is
/// every btih of a valid magnet, hex or base32.
#[test]
fn raw_hashes_from_manifests() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let torrents = manifest("torrents/manifest.json");
    for entry in torrents["torrents"]
        .as_array()
        .expect("manifest: torrents is a list")
    {
        let file = entry["file"].as_str().expect("manifest: file is a string");
        for (key, v1) in [("info_hash_v1", true), ("info_hash_v2", false)] {
            let Some(hash) = entry[key].as_str() else {
                continue;
            };
            for typed in [hash.to_string(), hash.to_uppercase()] {
                checked += 1;
                let got = infohash::parse_raw(&typed);
                let want = if v1 {
                    got.and_then(|h| hex_v1(&h))
                } else {
                    got.and_then(|h| hex_v2(&h))
                };
                check(
                    &mut failures,
                    file,
                    &format!("parse_raw({typed})"),
                    want.as_deref(),
                    Some(hash),
                );
                let other = if v1 {
                    got.and_then(|h| h.v2).is_some()
                } else {
                    got.and_then(|h| h.v1).is_some()
                };
                if other {
                    failures.push(format!("{file}: parse_raw({typed}) gave both hashes"));
                }
            }
        }
    }
    let magnets = manifest("magnets.json");
    for entry in magnets["magnets"]
        .as_array()
        .expect("manifest: magnets is a list")
    {
        let uri = entry["uri"].as_str().expect("manifest: uri is a string");
        let Some(want) = entry["expected"]["info_hash_v1"].as_str() else {
            continue;
        };
        let Some(at) = uri.find("urn:btih:") else {
            continue;
        };
        let typed: String = uri[at + 9..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        checked += 1;
        check(
            &mut failures,
            uri,
            "parse_raw(btih)",
            infohash::parse_raw(&typed).and_then(|h| hex_v1(&h)),
            Some(want.to_string()),
        );
    }
    report("raw hashes", checked, failures);
}
