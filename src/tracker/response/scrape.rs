//! A scrape answer (BEP 48): counts per requested hash, whatever form the tracker keys them in.

use std::collections::HashSet;

use super::{
    DecodeError, DecodeErrorKind, Skips, bytes_field, non_negative, show, top_dict, wrong_type,
};
use crate::bencode::{Dict, Value};
use crate::input::infohash::V1;
use crate::tracker::messages::{ScrapeCounts, ScrapeResponse};

/// Decodes a scrape answer. `requested` are the hashes that were asked for (empty for a full
/// scrape); a requested hash missing from `files` is not an error here.
///
/// `files` keys: a 20-byte key is the raw hash. bittorrent-tracker sends each key UTF-8-encoded
/// (every raw byte as one char U+0000–U+00FF, so 20 bytes become 26–40); a key of another
/// length that reads so as exactly 20 bytes is mapped back. The two readings never compete: a
/// 20-byte key whose UTF-8 reading is also 20 bytes is pure ASCII, where both readings are the
/// same bytes. A 40-character hex key (seen from some ad-hoc trackers) is accepted only when it
/// names a requested hash, since nothing else vouches for that reading.
pub fn decode_scrape(body: &[u8], requested: &[V1]) -> Result<ScrapeResponse, DecodeError> {
    let (dict, mut notes) = top_dict(body)?;
    let mut r = ScrapeResponse::default();

    if let Some(reason) = bytes_field(&dict, "failure reason", &mut notes) {
        r.failure_reason = Some(String::from_utf8_lossy(reason).into_owned());
        r.notes = notes;
        return Ok(r);
    }

    match dict.get(b"flags") {
        None => {}
        Some(Value::Dict(flags)) => {
            r.min_request_interval = non_negative(
                flags,
                "min_request_interval",
                "flags.min_request_interval",
                &mut notes,
            )
        }
        Some(other) => notes.push(wrong_type("flags", other, "a dictionary")),
    }

    let files = match dict.get(b"files") {
        None => return Err(DecodeError::new(DecodeErrorKind::MissingFiles)),
        Some(Value::Dict(files)) => files,
        Some(other) => {
            return Err(DecodeError::new(DecodeErrorKind::FilesNotADict(
                other.kind(),
            )));
        }
    };

    let wanted: HashSet<V1> = requested.iter().copied().collect();
    let mut seen: HashSet<V1> = HashSet::with_capacity(files.entries.len());
    let mut utf8_keys = 0usize;
    let mut hex_keys = 0usize;
    let mut unrequested = 0usize;
    let mut bad_keys = Skips::new("skipped", "keys of \"files\" that are no info-hash");
    let mut duplicates = Skips::new("skipped", "repeated info-hashes in \"files\"");
    let mut bad_entries = Skips::new("skipped", "entries of \"files\" that are not dictionaries");
    let mut bad_values = Skips::new("ignored", "values of the wrong type in \"files\"");

    for (key, value) in &files.entries {
        let Some((hash, form)) = file_key(key, &wanted) else {
            bad_keys.add(|| format!("{} ({} bytes)", show(key), key.len()));
            continue;
        };
        match form {
            KeyForm::Raw => {}
            KeyForm::Utf8 => utf8_keys += 1,
            KeyForm::Hex => hex_keys += 1,
        }
        if !seen.insert(hash) {
            duplicates.add(|| hash.to_string());
            continue;
        }
        let Value::Dict(c) = value else {
            bad_entries.add(|| format!("{hash}: {}", value.kind()));
            continue;
        };
        if !wanted.is_empty() && !wanted.contains(&hash) {
            unrequested += 1;
        }
        r.files
            .push((hash, scrape_counts(c, hash, &mut bad_values)));
    }

    if utf8_keys > 0 {
        notes.push(
            "tracker sent the files keys UTF-8-encoded (bittorrent-tracker quirk); mapped back to raw hashes"
                .into(),
        );
    }
    if hex_keys > 0 {
        notes.push(format!(
            "tracker sent {hex_keys} files keys as hex text; matched them to the requested hashes"
        ));
    }
    if unrequested > 0 {
        notes.push(format!(
            "the tracker answered for {unrequested} info-hashes that were not asked for"
        ));
    }
    for skips in [bad_keys, duplicates, bad_entries, bad_values] {
        skips.finish(&mut notes);
    }

    r.notes = notes;
    Ok(r)
}

enum KeyForm {
    Raw,
    Utf8,
    Hex,
}

/// Which info-hash a `files` key names; see [`decode_scrape`].
fn file_key(key: &[u8], requested: &HashSet<V1>) -> Option<(V1, KeyForm)> {
    if let Ok(raw) = <[u8; 20]>::try_from(key) {
        return Some((V1(raw), KeyForm::Raw));
    }
    if let Some(hash) = from_utf8_latin1(key) {
        return Some((hash, KeyForm::Utf8));
    }
    if key.len() == 40 {
        let mut raw = [0u8; 20];
        if hex::decode_to_slice(key, &mut raw).is_ok() && requested.contains(&V1(raw)) {
            return Some((V1(raw), KeyForm::Hex));
        }
    }
    None
}

/// Undoes bittorrent-tracker's key encoding: UTF-8 whose every char is ≤ U+00FF, one byte per
/// char, exactly 20 of them.
pub(super) fn from_utf8_latin1(key: &[u8]) -> Option<V1> {
    if key.len() > 40 {
        return None;
    }
    let text = std::str::from_utf8(key).ok()?;
    let mut raw = [0u8; 20];
    let mut n = 0;
    for c in text.chars() {
        let byte = u8::try_from(u32::from(c)).ok()?;
        *raw.get_mut(n)? = byte;
        n += 1;
    }
    (n == 20).then_some(V1(raw))
}

fn scrape_counts(c: &Dict<'_>, hash: V1, bad: &mut Skips) -> ScrapeCounts {
    let mut count = |key: &str| match c.get(key.as_bytes()) {
        None => None,
        Some(Value::Int(n)) if *n >= 0 => Some(*n),
        Some(Value::Int(n)) => {
            bad.add(|| format!("{hash}: \"{key}\" {n} is negative"));
            None
        }
        Some(other) => {
            bad.add(|| format!("{hash}: \"{key}\" is {}, not an integer", other.kind()));
            None
        }
    };
    let complete = count("complete");
    let incomplete = count("incomplete");
    let downloaded = count("downloaded");
    let downloaders = count("downloaders");
    let name = match c.get(b"name") {
        None => None,
        Some(Value::Bytes(b)) => Some(String::from_utf8_lossy(b).into_owned()),
        Some(other) => {
            bad.add(|| format!("{hash}: \"name\" is {}, not a string", other.kind()));
            None
        }
    };
    ScrapeCounts {
        complete,
        incomplete,
        downloaded,
        downloaders,
        name,
    }
}
