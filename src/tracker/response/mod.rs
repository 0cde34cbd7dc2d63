//! Decoding HTTP tracker bodies: announce (BEP 3, 7, 23, 24, 31) and scrape (BEP 48).
//!
//! Pure functions over the body bytes (already un-gzipped by the transport). The reading is
//! libtorrent's (`parse_tracker_response`, `src/http_tracker_connection.cpp`): lenient where
//! libtorrent recovers, and every recovery is written to `notes` so `-v` can show it.
//!
//! Policies, each as libtorrent does unless said otherwise:
//! - Bytes after the top-level dictionary are ignored (with a note).
//! - A field of the wrong type is ignored (with a note naming the key and its type); a string is
//!   never read as a number (`"1800"` is not 1800).
//! - A negative `interval`, `min interval`, count or `retry in` is ignored with a note, as if
//!   absent. This is our choice: libtorrent keeps the raw value, but a negative time or count has
//!   no meaning it could use, and the caller's defaults (interval 1800 s, min interval 30 s) are
//!   what it falls back to anyway.
//! - Compact `peers`/`peers6` that are not a whole number of records: the whole records are used,
//!   the trailing bytes ignored (with a note).
//! - Invalid entries of a dictionary-model `peers` list are skipped (one note for all of them);
//!   unlike libtorrent, a list whose entries are all invalid is not an error, just no peers.
//! - At most [`MAX_PEERS`] peers are kept per list (with a note when cut).
//!
//! Every decode is bounded: the bencode decoder bounds depth and tokens, and nothing here
//! allocates more than a constant factor of the input (notes about many entries are merged
//! into one).

mod announce;
mod scrape;

pub use announce::decode_announce;
pub use scrape::decode_scrape;

use std::fmt;

use crate::bencode::{self, Dict, Value};

/// Most peers kept from one list (`peers` or `peers6`).
pub const MAX_PEERS: usize = 50_000;

/// Why a body could not be read as a tracker answer at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub kind: DecodeErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// No bytes, or only whitespace.
    Empty,
    /// Starts (after whitespace) with `<`: an HTML (or XML) page, typically an error page.
    Html,
    /// Starts with the gzip magic: compressed, but not announced as such by the server.
    Gzip,
    NotBencode(bencode::Error),
    /// Valid bencode, but the top-level value is this kind (`Value::kind`), not a dictionary.
    NotADict(&'static str),
    /// A scrape answer without `files` (and without `failure reason`).
    MissingFiles,
    /// A scrape answer whose `files` is of this kind, not a dictionary.
    FilesNotADict(&'static str),
}

impl DecodeError {
    fn new(kind: DecodeErrorKind) -> Self {
        DecodeError { kind }
    }

    /// A short suggestion for the user, where one helps.
    pub fn hint(&self) -> Option<&'static str> {
        match self.kind {
            DecodeErrorKind::Html => Some("is the URL right?"),
            DecodeErrorKind::Gzip => Some(
                "the server sent compressed data without saying so (no Content-Encoding: gzip)",
            ),
            _ => None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DecodeErrorKind::Empty => write!(f, "empty body"),
            DecodeErrorKind::Html => write!(f, "the tracker answered HTML, not bencode"),
            DecodeErrorKind::Gzip => {
                write!(f, "the tracker answered gzip-compressed data, not bencode")
            }
            DecodeErrorKind::NotBencode(e) => write!(f, "not bencode: {e}"),
            DecodeErrorKind::NotADict(kind) => write!(f, "the answer is {kind}, not a dictionary"),
            DecodeErrorKind::MissingFiles => {
                write!(f, "the scrape answer has no \"files\" dictionary")
            }
            DecodeErrorKind::FilesNotADict(kind) => {
                write!(
                    f,
                    "the scrape answer's \"files\" is {kind}, not a dictionary"
                )
            }
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            DecodeErrorKind::NotBencode(e) => Some(e),
            _ => None,
        }
    }
}

/// Classifies the body and decodes its top-level dictionary, leniently about trailing bytes.
pub(super) fn top_dict(body: &[u8]) -> Result<(Dict<'_>, Vec<String>), DecodeError> {
    let mut notes = Vec::new();
    let text = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let Some(first) = text.iter().find(|b| !b.is_ascii_whitespace()) else {
        return Err(DecodeError::new(DecodeErrorKind::Empty));
    };
    if *first == b'<' {
        return Err(DecodeError::new(DecodeErrorKind::Html));
    }
    if body.starts_with(&[0x1f, 0x8b]) {
        return Err(DecodeError::new(DecodeErrorKind::Gzip));
    }
    let (value, end) = bencode::decode_prefix(body)
        .map_err(|e| DecodeError::new(DecodeErrorKind::NotBencode(e)))?;
    let dict = match value {
        Value::Dict(dict) => dict,
        other => return Err(DecodeError::new(DecodeErrorKind::NotADict(other.kind()))),
    };
    if end < body.len() {
        let n = body.len() - end;
        notes.push(format!(
            "ignored {n} trailing {} after the bencoded dictionary (as libtorrent does)",
            plural(n, "byte", "bytes")
        ));
    }
    Ok((dict, notes))
}

pub(super) fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// Bytes shown in a note: lossy UTF-8, escaped, cut to 40 characters.
pub(super) fn show(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut cut: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        cut.push('…');
    }
    format!("{cut:?}")
}

pub(super) fn wrong_type(label: &str, value: &Value<'_>, wanted: &str) -> String {
    format!("ignored \"{label}\": it is {}, not {wanted}", value.kind())
}

/// An integer field; another type is ignored with a note.
pub(super) fn int_field(
    dict: &Dict<'_>,
    key: &str,
    label: &str,
    notes: &mut Vec<String>,
) -> Option<i64> {
    match dict.get(key.as_bytes())? {
        Value::Int(n) => Some(*n),
        other => {
            notes.push(wrong_type(label, other, "an integer"));
            None
        }
    }
}

/// An integer field that must not be negative (times, counts); see the module comment.
pub(super) fn non_negative(
    dict: &Dict<'_>,
    key: &str,
    label: &str,
    notes: &mut Vec<String>,
) -> Option<i64> {
    let n = int_field(dict, key, label, notes)?;
    if n < 0 {
        notes.push(format!("ignored \"{label}\": {n} is negative"));
        return None;
    }
    Some(n)
}

/// A string field; another type is ignored with a note.
pub(super) fn bytes_field<'a>(
    dict: &Dict<'a>,
    key: &str,
    notes: &mut Vec<String>,
) -> Option<&'a [u8]> {
    match dict.get(key.as_bytes())? {
        Value::Bytes(b) => Some(b),
        other => {
            notes.push(wrong_type(key, other, "a string"));
            None
        }
    }
}

/// Problems with many entries, reported as one note: how many, and the first one.
pub(super) struct Skips {
    verb: &'static str,
    what: &'static str,
    count: usize,
    first: Option<String>,
}

impl Skips {
    pub(super) fn new(verb: &'static str, what: &'static str) -> Self {
        Skips {
            verb,
            what,
            count: 0,
            first: None,
        }
    }

    pub(super) fn add(&mut self, why: impl FnOnce() -> String) {
        if self.count == 0 {
            self.first = Some(why());
        }
        self.count += 1;
    }

    pub(super) fn finish(self, notes: &mut Vec<String>) {
        if let Some(first) = self.first {
            let first_label = if self.count == 1 { "" } else { "first: " };
            notes.push(format!(
                "{} {} {} ({first_label}{first})",
                self.verb, self.count, self.what
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::infohash::V1;
    use crate::tracker::messages::{AnnounceResponse, Peer, RetryIn, ScrapeCounts};
    use scrape::from_utf8_latin1;

    fn announce(body: &[u8]) -> AnnounceResponse {
        decode_announce(body).unwrap_or_else(|e| panic!("{e}"))
    }

    fn err(body: &[u8]) -> DecodeError {
        decode_announce(body).unwrap_err()
    }

    fn bstr(bytes: &[u8]) -> Vec<u8> {
        let mut out = format!("{}:", bytes.len()).into_bytes();
        out.extend_from_slice(bytes);
        out
    }

    /// bittorrent-tracker's key: each raw byte as one char, UTF-8-encoded.
    fn mangle(raw: &[u8]) -> Vec<u8> {
        raw.iter()
            .map(|&b| char::from(b))
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn unusable_bodies() {
        assert_eq!(err(b"").kind, DecodeErrorKind::Empty);
        assert_eq!(err(b" \r\n").kind, DecodeErrorKind::Empty);
        let html = err(b"\n  <html><body>502</body></html>");
        assert_eq!(html.kind, DecodeErrorKind::Html);
        assert_eq!(html.to_string(), "the tracker answered HTML, not bencode");
        assert_eq!(html.hint(), Some("is the URL right?"));
        assert_eq!(err(b"\x1f\x8b\x08\x00").kind, DecodeErrorKind::Gzip);
        let junk = err(b"{\"interval\":1800}");
        assert!(matches!(junk.kind, DecodeErrorKind::NotBencode(_)));
        assert!(junk.to_string().starts_with("not bencode: "), "{junk}");
        assert_eq!(junk.hint(), None);
        let list = err(b"l8:intervali1800ee");
        assert_eq!(list.to_string(), "the answer is a list, not a dictionary");
        assert_eq!(
            err(b"i5e").to_string(),
            "the answer is an integer, not a dictionary"
        );
        for e in [html, junk, list] {
            assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn trailing_bytes_are_noted() {
        let r = announce(b"d8:intervali1800ee\r\n<!-- -->");
        assert_eq!(r.interval, Some(1800));
        assert_eq!(r.notes.len(), 1);
        assert!(r.notes[0].contains("10 trailing bytes"), "{:?}", r.notes);
    }

    #[test]
    fn failure_with_retry_in() {
        let r = announce(
            b"d14:failure reason4:gone8:intervali60e8:retry ini30e5:peers6:\x0a\0\0\x01\x1a\xe1e",
        );
        assert_eq!(r.failure_reason.as_deref(), Some("gone"));
        assert_eq!(r.retry_in, Some(RetryIn::Minutes(30)));
        assert_eq!(r.interval, Some(60));
        assert!(r.peers.is_empty(), "peers are not read next to a failure");
        let r = announce(b"d14:failure reason3:ban8:retry in5:nevere");
        assert_eq!(r.retry_in, Some(RetryIn::Never));
        let r = announce(b"d14:failure reason3:ban8:retry in4:soone");
        assert_eq!(r.retry_in, None);
        assert_eq!(r.notes.len(), 1);
        let r = announce(b"d14:failure reason2:\xff!e");
        assert_eq!(r.failure_reason.as_deref(), Some("\u{fffd}!"));
    }

    #[test]
    fn wrong_types_and_negatives_are_ignored_with_notes() {
        let r = announce(
            b"d8:complete1:58:interval4:180012:min intervali-1e10:tracker idi3e5:peersi0ee",
        );
        assert_eq!(
            (r.interval, r.min_interval, r.complete, r.tracker_id),
            (None, None, None, None)
        );
        let notes = r.notes.join("\n");
        assert!(notes.contains("\"interval\": it is a string"), "{notes}");
        assert!(notes.contains("\"complete\": it is a string"), "{notes}");
        assert!(
            notes.contains("\"min interval\": -1 is negative"),
            "{notes}"
        );
        assert!(
            notes.contains("\"tracker id\": it is an integer"),
            "{notes}"
        );
        assert!(notes.contains("\"peers\": it is an integer"), "{notes}");
    }

    #[test]
    fn compact_peers_partial_records_and_external_ip() {
        let mut body = b"d11:external ip4:\xcb\x00\x71\x075:peers8:".to_vec();
        body.extend([10, 0, 0, 1, 0x1a, 0xe1, 7, 7]);
        body.extend(b"6:peers620:");
        body.extend([
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x1a, 0xe1, 1, 2,
        ]);
        body.push(b'e');
        let r = announce(&body);
        assert_eq!(r.external_ip, Some("203.0.113.7".parse().unwrap()));
        assert_eq!(
            r.peers,
            vec![Peer {
                ip: "10.0.0.1".into(),
                port: 6881,
                peer_id: None
            }]
        );
        assert_eq!(
            r.peers6,
            vec![Peer {
                ip: "2001:db8::1".into(),
                port: 6881,
                peer_id: None
            }]
        );
        assert_eq!(r.notes.len(), 2, "{:?}", r.notes);
        let r = announce(b"d11:external ip3:abce");
        assert_eq!(r.external_ip, None);
        assert!(r.notes[0].contains("3 bytes"));
    }

    #[test]
    fn peers_are_capped() {
        let n = MAX_PEERS + 3;
        let mut body = format!("d5:peers{}:", n * 6).into_bytes();
        body.extend(std::iter::repeat_n([1u8, 2, 3, 4, 0, 80], n).flatten());
        body.push(b'e');
        let r = announce(&body);
        assert_eq!(r.peers.len(), MAX_PEERS);
        assert!(
            r.notes[0].contains(&format!("of {n} peers")),
            "{:?}",
            r.notes
        );
    }

    #[test]
    fn dictionary_peers_skip_invalid_entries() {
        let mut body = b"d5:peersl".to_vec();
        body.extend(b"d2:ip8:10.0.0.27:peer id20:-qB4650-abcdefghijkl4:porti6881ee");
        body.extend(b"d2:ip16:peer.example.org7:peer id3:abc4:porti1ee");
        body.extend(b"d2:ip8:10.0.0.34:porti70000ee");
        body.extend(b"d2:ip6:a\x1b[2Jb4:porti1ee");
        body.extend(b"d4:porti1ee");
        body.extend(b"i5e");
        body.extend(b"ee");
        let r = announce(&body);
        assert_eq!(
            r.peers,
            vec![
                Peer {
                    ip: "10.0.0.2".into(),
                    port: 6881,
                    peer_id: Some(b"-qB4650-abcdefghijkl".to_vec())
                },
                Peer {
                    ip: "peer.example.org".into(),
                    port: 1,
                    peer_id: None
                },
            ]
        );
        assert_eq!(r.notes.len(), 2, "{:?}", r.notes);
        assert!(
            r.notes[0].starts_with("skipped 4 invalid entries of \"peers\" (first: entry 3:"),
            "{:?}",
            r.notes
        );
        assert!(
            r.notes[1].starts_with("dropped 1 peer ids"),
            "{:?}",
            r.notes
        );
    }

    #[test]
    fn bittorrent_tracker_mangled_scrape_keys_map_back() {
        // Bytes below and above 0x80, NUL, ':' and 'e': 20 raw bytes become a 32-byte key.
        let raw: [u8; 20] = [
            0x00, 0x3a, 0x65, 0x80, 0x81, 0xff, 0xc3, 0xa9, 0x10, 0x7f, 0x8d, 0xf1, 0x06, 0x8c,
            0xec, 0xd4, 0x4c, 0x6f, 0x7c, 0x13,
        ];
        let key = mangle(&raw);
        assert_ne!(key.len(), 20);
        assert_eq!(from_utf8_latin1(&key), Some(V1(raw)));
        let mut body = b"d5:filesd".to_vec();
        body.extend(bstr(&key));
        body.extend(b"d8:completei4e10:downloadedi9e10:incompletei1ee");
        body.extend(b"e5:flagsd20:min_request_intervali1800eee");
        let r = decode_scrape(&body, &[V1(raw)]).unwrap();
        assert_eq!(r.min_request_interval, Some(1800));
        assert_eq!(
            r.files,
            vec![(
                V1(raw),
                ScrapeCounts {
                    complete: Some(4),
                    incomplete: Some(1),
                    downloaded: Some(9),
                    ..Default::default()
                }
            )]
        );
        assert_eq!(
            r.notes,
            vec![
                "tracker sent the files keys UTF-8-encoded (bittorrent-tracker quirk); mapped back to raw hashes"
            ]
        );
    }

    #[test]
    fn a_raw_key_that_is_valid_utf8_stays_raw() {
        // 20 bytes of valid UTF-8 with 2-byte chars: its UTF-8 reading would be 10 bytes.
        let raw = "éééééééééé".as_bytes();
        assert_eq!(raw.len(), 20);
        let mut body = b"d5:filesd".to_vec();
        body.extend(bstr(raw));
        body.extend(b"d8:completei1eee");
        body.extend(b"e");
        let r = decode_scrape(&body, &[]).unwrap();
        assert_eq!(r.files[0].0.0, <[u8; 20]>::try_from(raw).unwrap());
        assert!(r.notes.is_empty(), "{:?}", r.notes);
    }

    #[test]
    fn scrape_keys_that_name_nothing_and_hex_keys() {
        let hash = V1([0xab; 20]);
        let mut body = b"d5:filesd".to_vec();
        body.extend(bstr(hex::encode(hash.0).as_bytes()));
        body.extend(b"d8:completei2ee");
        body.extend(b"3:abcd8:completei1ee");
        body.extend(bstr(&[0x11; 20]));
        body.extend(b"d8:complete1:3ee");
        body.extend(b"e");
        let r = decode_scrape(&body, &[hash]).unwrap();
        assert_eq!(r.files.len(), 2);
        assert_eq!(r.files[0].0, hash);
        assert_eq!(r.files[0].1.complete, Some(2));
        assert_eq!(r.files[1].1.complete, None);
        let notes = r.notes.join("\n");
        assert!(notes.contains("as hex text"), "{notes}");
        assert!(
            notes.contains("1 info-hashes that were not asked for"),
            "{notes}"
        );
        assert!(
            notes.contains("skipped 1 keys of \"files\" that are no info-hash (\"abc\" (3 bytes))"),
            "{notes}"
        );
        assert!(notes.contains("\"complete\" is a string"), "{notes}");
        // Without the hex hash among the requested ones, the hex key names nothing.
        let r = decode_scrape(&body, &[]).unwrap();
        assert_eq!(r.files.len(), 1);
    }

    #[test]
    fn scrape_errors_and_failure() {
        let missing = decode_scrape(b"d5:flagsdee", &[]).unwrap_err();
        assert_eq!(missing.kind, DecodeErrorKind::MissingFiles);
        let wrong = decode_scrape(b"d5:fileslee", &[]).unwrap_err();
        assert_eq!(
            wrong.to_string(),
            "the scrape answer's \"files\" is a list, not a dictionary"
        );
        let r = decode_scrape(b"d14:failure reason4:nopee", &[]).unwrap();
        assert_eq!(r.failure_reason.as_deref(), Some("nope"));
        assert!(r.files.is_empty());
    }
}
