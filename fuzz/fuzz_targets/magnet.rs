#![no_main]
//! `input::magnet::parse` on any valid UTF-8 input, and `input::infohash::parse_raw` (plus the
//! hex / base32 helpers it uses) on the same text.

use libfuzzer_sys::fuzz_target;
use trackerctl::input::infohash::{self, V1, V2};
use trackerctl::input::magnet;
use trackerctl::tracker::url::TrackerUrl;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    match magnet::parse(text) {
        Ok(m) => {
            assert!(
                m.hashes.v1.is_some() || m.hashes.v2.is_some(),
                "accepted a magnet link with no info-hash"
            );
            for tr in &m.trackers {
                assert!(!tr.is_empty(), "empty tr= kept");
                // What `resolve` does with them next.
                if let Ok(url) = TrackerUrl::parse(tr) {
                    let _ = url.to_string();
                }
            }
            for ws in &m.web_seeds {
                assert!(!ws.is_empty(), "empty ws= kept");
            }
        }
        Err(e) => {
            let _ = e.message();
        }
    }

    if let Some(h) = infohash::parse_raw(text) {
        let s = text.trim();
        match (h.v1, h.v2) {
            (Some(v1), None) => {
                assert!(s.len() == 40 || s.len() == 32, "v1 from a {}-byte text", s.len());
                if s.len() == 40 {
                    assert_eq!(v1.to_string(), s.to_ascii_lowercase(), "hex round trip");
                }
            }
            (None, Some(v2)) => {
                assert_eq!(s.len(), 64);
                assert_eq!(v2.to_string(), s.to_ascii_lowercase(), "hex round trip");
            }
            other => panic!("parse_raw gave {other:?}"),
        }
    }
    let _ = V1::parse(text);
    let _ = V2::parse(text);
    if let Some(bytes) = infohash::decode_hex(text) {
        assert_eq!(bytes.len() * 2, text.len());
        assert_eq!(hex::encode(&bytes), text.to_ascii_lowercase());
    }
    if let Some(bytes) = infohash::decode_base32(text) {
        // 5 bytes per 8 characters, padding aside.
        let chars = text.trim_end_matches('=').len();
        assert_eq!(bytes.len(), chars * 5 / 8, "base32 length");
    }
});
