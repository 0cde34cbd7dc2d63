#![no_main]
//! `input::metainfo::parse` on arbitrary bytes ("linear in the input; never panics").
//!
//! On success it also checks what `Metainfo` documents: the info span lies in the input and is
//! a bencoded dictionary; v1 is SHA-1 and v2 SHA-256 of exactly those raw bytes; at least one
//! hash is present; `meta_version` is 1 or 2 and a v2 hash only comes with version 2.

use libfuzzer_sys::fuzz_target;
use sha2::Digest;
use trackerctl::bencode;
use trackerctl::input::metainfo;

fuzz_target!(|data: &[u8]| {
    match metainfo::parse(data) {
        Ok(meta) => {
            let (start, end) = meta.info_span;
            assert!(start < end && end <= data.len(), "info_span out of range");
            let info = &data[start..end];
            assert!(
                matches!(bencode::decode(info), Ok(bencode::Value::Dict(_))),
                "info_span is not one bencoded dictionary"
            );
            assert!(
                meta.hashes.v1.is_some() || meta.hashes.v2.is_some(),
                "accepted a torrent with no info-hash"
            );
            if let Some(v1) = meta.hashes.v1 {
                assert_eq!(v1.0, sha1_smol::Sha1::from(info).digest().bytes(), "v1 hash");
            }
            if let Some(v2) = meta.hashes.v2 {
                let digest: [u8; 32] = sha2::Sha256::digest(info).into();
                assert_eq!(v2.0, digest, "v2 hash");
                assert_eq!(meta.meta_version, 2, "v2 hash without meta version 2");
            }
            assert!(matches!(meta.meta_version, 1 | 2), "meta_version");
            for tier in &meta.tiers {
                assert!(!tier.is_empty(), "empty tier kept");
                for url in tier {
                    assert!(!url.is_empty(), "empty tracker URL kept");
                    assert_eq!(
                        url.trim_matches(|c: char| c.is_ascii_whitespace()),
                        url,
                        "tracker URL not trimmed"
                    );
                }
            }
            if let (Some(name), Some(raw)) = (&meta.name, &meta.name_raw) {
                assert_eq!(*name, String::from_utf8_lossy(raw), "name vs name_raw");
            }
            let _ = format!("{meta:?}");
        }
        Err(e) => {
            let _ = e.message();
            let _ = e.to_string();
        }
    }
});
