//! Every HTTP tracker body in tests/fixtures, decoded and checked against the values in
//! `responses/manifest.json` (nothing the manifest holds is repeated here).

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value as Json};
use trackerctl::bencode::{self, Value};
use trackerctl::input::infohash::V1;
use trackerctl::tracker::messages::{
    AnnounceResponse, Peer, RetryIn, ScrapeCounts, ScrapeResponse,
};
use trackerctl::tracker::response::{self, DecodeErrorKind};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn manifest() -> Json {
    let path = fixtures().join("responses/manifest.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(file: &str) -> Vec<u8> {
    let path = fixtures().join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn http_entries() -> Vec<(String, Map<String, Json>)> {
    let manifest = manifest();
    let entries: Vec<_> = manifest["responses"]
        .as_array()
        .expect("manifest: responses is a list")
        .iter()
        .filter(|e| e["transport"] == "http")
        .map(|e| {
            let file = e["file"]
                .as_str()
                .expect("manifest: file is a string")
                .to_string();
            let expected = e["expected"]
                .as_object()
                .unwrap_or_else(|| panic!("{file}: no expected"))
                .clone();
            (file, expected)
        })
        .collect();
    assert!(!entries.is_empty(), "no http entries in the manifest");
    entries
}

fn is_scrape(file: &str) -> bool {
    Path::new(file)
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("scrape"))
}

/// The wire key of a manifest field name: `min_interval` → `min interval`.
fn wire_key(field: &str) -> String {
    field.replace('_', " ")
}

/// How `Value::kind` words a manifest type name.
fn kind_words(json_type: &str) -> &'static str {
    match json_type {
        "string" => "a string",
        "int" | "integer" => "an integer",
        "list" => "a list",
        "dict" | "dictionary" => "a dictionary",
        other => panic!("unknown type name {other:?} in the manifest"),
    }
}

fn expect_peers(actual: &[Peer], expected: &Json) -> Result<(), String> {
    let list = expected.as_array().ok_or("expected peers is not a list")?;
    let mut want = Vec::new();
    for p in list {
        let ip = p["ip"].as_str().ok_or("peer without ip")?.to_string();
        let port = p["port"]
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .ok_or("peer without port")?;
        let peer_id = match p.get("peer_id_hex") {
            Some(Json::String(h)) => Some(hex::decode(h).map_err(|e| e.to_string())?),
            // Absent from the manifest: compact peers, which never carry one.
            Some(Json::Null) | None => None,
            Some(other) => return Err(format!("peer_id_hex {other}")),
        };
        want.push(Peer { ip, port, peer_id });
    }
    if actual == want {
        Ok(())
    } else {
        Err(format!("peers: got {actual:?}, expected {want:?}"))
    }
}

fn expect_int(name: &str, actual: Option<i64>, expected: &Json) -> Result<(), String> {
    let want = match expected {
        Json::Null => None,
        j => Some(
            j.as_i64()
                .ok_or_else(|| format!("{name}: expected {j} is not an integer"))?,
        ),
    };
    if actual == want {
        Ok(())
    } else {
        Err(format!("{name}: got {actual:?}, expected {want:?}"))
    }
}

fn expect_str(name: &str, actual: Option<&str>, expected: &Json) -> Result<(), String> {
    let want = expected.as_str();
    if actual == want {
        Ok(())
    } else {
        Err(format!("{name}: got {actual:?}, expected {want:?}"))
    }
}

/// Checks one announce-answer key against the manifest; `Ok(false)` when the key is not a value
/// of the answer (it is handled by the caller).
fn check_announce_key(r: &AnnounceResponse, key: &str, want: &Json) -> Result<bool, String> {
    match key {
        "interval" => expect_int(key, r.interval, want)?,
        "min_interval" => expect_int(key, r.min_interval, want)?,
        "complete" => expect_int(key, r.complete, want)?,
        "incomplete" => expect_int(key, r.incomplete, want)?,
        "downloaded" => expect_int(key, r.downloaded, want)?,
        "peers" => expect_peers(&r.peers, want)?,
        "peers6" => expect_peers(&r.peers6, want)?,
        "warning_message" => expect_str(key, r.warning_message.as_deref(), want)?,
        "failure_reason" => expect_str(key, r.failure_reason.as_deref(), want)?,
        "tracker_id" => {
            let got = r.tracker_id.as_deref();
            let expected = want.as_str().map(str::as_bytes);
            if got != expected {
                return Err(format!("tracker_id: got {got:?}, expected {expected:?}"));
            }
        }
        "external_ip" => {
            let expected: Option<IpAddr> = match want {
                Json::Null => None,
                j => Some(
                    j.as_str()
                        .and_then(|s| s.parse().ok())
                        .ok_or_else(|| format!("external_ip {j}"))?,
                ),
            };
            if r.external_ip != expected {
                return Err(format!(
                    "external_ip: got {:?}, expected {expected:?}",
                    r.external_ip
                ));
            }
        }
        "retry_in" => {
            let expected = match want {
                Json::Null => None,
                Json::String(s) if s == "never" => Some(RetryIn::Never),
                j => Some(RetryIn::Minutes(
                    j.as_u64().ok_or_else(|| format!("retry_in {j}"))?,
                )),
            };
            if r.retry_in != expected {
                return Err(format!(
                    "retry_in: got {:?}, expected {expected:?}",
                    r.retry_in
                ));
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn notes_contain(notes: &[String], needle: &str) -> Result<(), String> {
    if notes.iter().any(|n| n.contains(needle)) {
        Ok(())
    } else {
        Err(format!("no note mentions {needle:?}; notes: {notes:?}"))
    }
}

fn check_announce(file: &str, body: &[u8], expected: &Map<String, Json>) -> Result<(), String> {
    let ok = &expected["ok"];
    if let Some(error) = expected.get("error") {
        let e = match response::decode_announce(body) {
            Ok(r) => return Err(format!("decoded as {r:?}, expected the error {error}")),
            Err(e) => e,
        };
        let fits = match error.as_str() {
            Some("empty") => e.kind == DecodeErrorKind::Empty,
            // An HTML page is "not bencode", named more precisely.
            Some("not bencode") => {
                matches!(
                    e.kind,
                    DecodeErrorKind::Html | DecodeErrorKind::NotBencode(_) | DecodeErrorKind::Gzip
                )
            }
            Some("not a dict") => matches!(e.kind, DecodeErrorKind::NotADict(_)),
            _ => return Err(format!("unknown expected error {error}")),
        };
        let text = e.to_string();
        if !fits || text.is_empty() || text.contains('\n') {
            return Err(format!(
                "error {:?} ({text:?}) does not fit {error}",
                e.kind
            ));
        }
        if e.kind == DecodeErrorKind::Html && e.hint().is_none() {
            return Err("the HTML error has no hint".into());
        }
        return Ok(());
    }

    let r = response::decode_announce(body).map_err(|e| format!("error: {e}"))?;
    match ok {
        Json::Bool(true) => {
            if r.failure_reason.is_some() {
                return Err(format!("unexpected failure reason {:?}", r.failure_reason));
            }
        }
        Json::Bool(false) => {
            if r.failure_reason.is_none() || !expected.contains_key("failure_reason") {
                return Err("expected a failure reason".into());
            }
        }
        Json::String(s) if s == "policy" => {
            if r.notes.is_empty() {
                return Err("a policy case decoded without any note".into());
            }
        }
        other => return Err(format!("unknown ok value {other}")),
    }

    for (key, want) in expected {
        if check_announce_key(&r, key, want)? {
            continue;
        }
        match key.as_str() {
            "ok" | "note" | "decompressed_equals" | "trailing_bytes" => {}
            "complete_records" => {
                // The whole records of whichever list was cut short; the other list is empty.
                let (cut, other) = if r.peers6.is_empty() {
                    (&r.peers, &r.peers6)
                } else {
                    (&r.peers6, &r.peers)
                };
                expect_peers(cut, want)?;
                if !other.is_empty() {
                    return Err(format!("unexpected peers {other:?}"));
                }
                let n = expected["trailing_bytes"]
                    .as_u64()
                    .ok_or("complete_records without trailing_bytes")?;
                notes_contain(&r.notes, &format!("{n} trailing byte"))?;
            }
            k if k.ends_with("_raw_type") => {
                // Policy: a field of the wrong type is ignored, with a note naming key and type.
                let field = &k[..k.len() - "_raw_type".len()];
                check_announce_key(&r, field, &Json::Null)?;
                let kind = kind_words(want.as_str().ok_or_else(|| format!("{k}: {want}"))?);
                notes_contain(&r.notes, &format!("\"{}\": it is {kind}", wire_key(field)))?;
            }
            k if k.ends_with("_raw") => {
                // Policy: a negative time is ignored, with a note naming key and value.
                let field = &k[..k.len() - "_raw".len()];
                let raw = want.as_i64().ok_or_else(|| format!("{k}: {want}"))?;
                if raw >= 0 {
                    return Err(format!(
                        "{k}: only negative raw values are a policy case here"
                    ));
                }
                check_announce_key(&r, field, &Json::Null)?;
                notes_contain(
                    &r.notes,
                    &format!("\"{}\": {raw} is negative", wire_key(field)),
                )?;
            }
            _ => {
                return Err(format!(
                    "expected key {key:?} is not checked by this test ({file})"
                ));
            }
        }
    }
    // Bytes after the dictionary (trailing_garbage) are ignored, and the ignored tail is noted.
    if let Ok((_, end)) = bencode::decode_prefix(body)
        && end < body.len()
    {
        notes_contain(
            &r.notes,
            &format!("{} trailing bytes after", body.len() - end),
        )?;
    }
    Ok(())
}

fn expected_files(expected: &Json) -> Result<Vec<(V1, ScrapeCounts)>, String> {
    let map = expected.as_object().ok_or("files is not an object")?;
    let mut out = Vec::new();
    for (hex_hash, counts) in map {
        let mut raw = [0u8; 20];
        hex::decode_to_slice(hex_hash, &mut raw).map_err(|e| format!("{hex_hash}: {e}"))?;
        let c = counts.as_object().ok_or("counts is not an object")?;
        for key in c.keys() {
            if ![
                "complete",
                "incomplete",
                "downloaded",
                "downloaders",
                "name",
            ]
            .contains(&key.as_str())
            {
                return Err(format!("count {key:?} is not checked by this test"));
            }
        }
        let int = |k: &str| c.get(k).and_then(Json::as_i64);
        out.push((
            V1(raw),
            ScrapeCounts {
                complete: int("complete"),
                incomplete: int("incomplete"),
                downloaded: int("downloaded"),
                downloaders: int("downloaders"),
                name: c.get("name").and_then(Json::as_str).map(str::to_string),
            },
        ));
    }
    Ok(out)
}

fn check_files(r: &ScrapeResponse, want: &[(V1, ScrapeCounts)]) -> Result<(), String> {
    // The manifest is a JSON object (unordered); the answer keeps the tracker's order.
    let mut got = r.files.clone();
    let mut want = want.to_vec();
    got.sort_by_key(|(h, _)| *h);
    want.sort_by_key(|(h, _)| *h);
    if got == want {
        Ok(())
    } else {
        Err(format!("files: got {got:?}, expected {want:?}"))
    }
}

fn check_scrape(body: &[u8], expected: &Map<String, Json>) -> Result<(), String> {
    let want_files = match expected.get("files") {
        Some(files) => expected_files(files)?,
        None => Vec::new(),
    };
    let requested: Vec<V1> = want_files.iter().map(|(h, _)| *h).collect();
    let r = response::decode_scrape(body, &requested).map_err(|e| format!("error: {e}"))?;
    for (key, want) in expected {
        match key.as_str() {
            "ok" => {
                let failed = r.failure_reason.is_some();
                if want.as_bool() != Some(!failed) {
                    return Err(format!(
                        "ok {want}, but failure_reason is {:?}",
                        r.failure_reason
                    ));
                }
            }
            "files" => check_files(&r, &want_files)?,
            "failure_reason" => expect_str(key, r.failure_reason.as_deref(), want)?,
            "min_request_interval" => expect_int(key, r.min_request_interval, want)?,
            _ => return Err(format!("expected key {key:?} is not checked by this test")),
        }
    }
    if expected["ok"] == true && !r.notes.is_empty() {
        return Err(format!("unexpected notes {:?}", r.notes));
    }
    Ok(())
}

#[test]
fn every_http_response_fixture_decodes_as_the_manifest_says() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (file, expected) in http_entries() {
        let body = read(&file);
        let result = if let Some(plain) = expected.get("decompressed_equals") {
            // gzip is the HTTP transport's business (ureq decodes Content-Encoding: gzip); here:
            // the compressed bytes are refused as such, the plain file decodes as expected.
            let plain = plain
                .as_str()
                .unwrap_or_else(|| panic!("{file}: decompressed_equals"));
            match response::decode_announce(&body) {
                Err(e) if e.kind == DecodeErrorKind::Gzip => {
                    check_announce(plain, &read(plain), &expected)
                }
                other => Err(format!(
                    "compressed body: expected the gzip error, got {other:?}"
                )),
            }
        } else if is_scrape(&file) {
            check_scrape(&body, &expected)
        } else {
            check_announce(&file, &body, &expected)
        };
        if let Err(why) = result {
            failures.push(format!("{file}: {why}"));
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} fixtures failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The same scrape answer with its keys encoded the way bittorrent-tracker sends them decodes
/// to the same files.
#[test]
fn scrape_fixture_with_bittorrent_tracker_keys_decodes_the_same() {
    let mut found = false;
    for (file, expected) in http_entries() {
        let Some(files) = expected.get("files") else {
            continue;
        };
        if !is_scrape(&file) || files.as_object().is_none_or(|m| m.is_empty()) {
            continue;
        }
        found = true;
        let body = read(&file);
        let top = bencode::decode(&body).unwrap_or_else(|e| panic!("{file}: {e}"));
        let top = top
            .as_dict()
            .unwrap_or_else(|| panic!("{file}: not a dict"));
        let mut mangled = b"d5:filesd".to_vec();
        let raw_files = top
            .get(b"files")
            .and_then(Value::as_dict)
            .unwrap_or_else(|| panic!("{file}: files"));
        for (key, value) in &raw_files.entries {
            let utf8: String = key.iter().map(|&b| char::from(b)).collect();
            mangled.extend(format!("{}:{utf8}", utf8.len()).as_bytes());
            mangled.extend(match value {
                Value::Dict(d) => d.raw,
                other => panic!("{file}: files entry is {}", other.kind()),
            });
        }
        mangled.push(b'e');
        if let Some(Value::Dict(flags)) = top.get(b"flags") {
            mangled.extend(b"5:flags");
            mangled.extend(flags.raw);
        }
        mangled.push(b'e');

        let want = expected_files(files).unwrap_or_else(|e| panic!("{file}: {e}"));
        let requested: Vec<V1> = want.iter().map(|(h, _)| *h).collect();
        let plain =
            response::decode_scrape(&body, &requested).unwrap_or_else(|e| panic!("{file}: {e}"));
        let r = response::decode_scrape(&mangled, &requested)
            .unwrap_or_else(|e| panic!("{file} mangled: {e}"));
        assert_eq!(r.files, plain.files, "{file} mangled");
        assert_eq!(
            r.min_request_interval, plain.min_request_interval,
            "{file} mangled"
        );
        check_files(&r, &want).unwrap_or_else(|e| panic!("{file} mangled: {e}"));
        assert!(
            r.notes
                .iter()
                .any(|n| n.contains("bittorrent-tracker quirk")),
            "{file} mangled: notes {:?}",
            r.notes
        );
    }
    assert!(found, "no scrape fixture with files in the manifest");
}
