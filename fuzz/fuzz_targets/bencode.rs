#![no_main]
//! `bencode::decode` and `decode_prefix` on arbitrary bytes.
//!
//! Beyond "no panic, no unbounded recursion or allocation", it checks what the decoder
//! promises (src/bencode.rs): `decode` is `decode_prefix` plus "nothing after it"; every
//! list/dict keeps its exact raw span; `Dict::sorted` is true exactly when the keys are strictly
//! increasing, and an accepted dict never repeats a key. Since the decoder is strict (no
//! leading zeros, no `-0`), re-encoding an accepted value must give back the input bytes.

use libfuzzer_sys::fuzz_target;
use trackerctl::bencode::{self, Value};

fn encode(value: &Value<'_>, out: &mut Vec<u8>) {
    match value {
        Value::Int(i) => out.extend_from_slice(format!("i{i}e").as_bytes()),
        Value::Bytes(b) => {
            out.extend_from_slice(format!("{}:", b.len()).as_bytes());
            out.extend_from_slice(b);
        }
        Value::List(l) => {
            out.push(b'l');
            for item in &l.items {
                encode(item, out);
            }
            out.push(b'e');
        }
        Value::Dict(d) => {
            out.push(b'd');
            for (k, v) in &d.entries {
                encode(&Value::Bytes(k), out);
                encode(v, out);
            }
            out.push(b'e');
        }
    }
}

/// Checks raw spans and the `sorted` flag all the way down; returns the re-encoding.
fn check(value: &Value<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    encode(value, &mut out);
    match value {
        Value::List(l) => {
            assert_eq!(l.raw, &out[..], "list raw span differs from its contents");
            for item in &l.items {
                check(item);
            }
        }
        Value::Dict(d) => {
            assert_eq!(d.raw, &out[..], "dict raw span differs from its contents");
            let increasing = d.entries.windows(2).all(|w| w[0].0 < w[1].0);
            assert_eq!(d.sorted, increasing, "Dict::sorted is wrong");
            let mut keys: Vec<&[u8]> = d.entries.iter().map(|(k, _)| *k).collect();
            keys.sort();
            assert!(
                keys.windows(2).all(|w| w[0] != w[1]),
                "accepted a dict with a duplicate key"
            );
            for (_, v) in &d.entries {
                check(v);
            }
        }
        Value::Int(_) | Value::Bytes(_) => {}
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let whole = bencode::decode(data);
    let prefix = bencode::decode_prefix(data);
    match &prefix {
        Ok((value, end)) => {
            let end = *end;
            assert!(end > 0 && end <= data.len(), "decode_prefix end out of range");
            let _ = value.kind();
            if end == data.len() {
                assert_eq!(whole.as_ref().ok(), Some(value));
            } else {
                assert!(whole.is_err(), "decode accepted trailing bytes");
            }
            assert_eq!(
                check(value),
                &data[..end],
                "re-encoding differs from the accepted input"
            );
            // Decoding the consumed prefix alone gives the same value.
            assert_eq!(bencode::decode(&data[..end]).as_ref().ok(), Some(value));
        }
        Err(e) => {
            assert!(whole.is_err(), "decode accepted what decode_prefix refused");
            assert!(e.offset <= data.len(), "error offset past the input");
            let _ = e.to_string();
        }
    }
    if let Err(e) = &whole {
        let _ = e.to_string();
    }
});
