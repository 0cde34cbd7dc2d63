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

/// Re-encodes `value` into `out`, checking on the way that every list/dict `raw` is exactly the
/// span of `data` its encoding occupies (by address and length: the caller then checks that the
/// whole encoding equals `data`, so the contents match too). `sorted` and duplicate keys are
/// checked per dict. Linear in the size of the value.
fn encode(value: &Value<'_>, data: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    match value {
        Value::Int(i) => out.extend_from_slice(format!("i{i}e").as_bytes()),
        Value::Bytes(b) => {
            out.extend_from_slice(format!("{}:", b.len()).as_bytes());
            out.extend_from_slice(b);
        }
        Value::List(l) => {
            out.push(b'l');
            for item in &l.items {
                encode(item, data, out);
            }
            out.push(b'e');
            check_span(l.raw, data, start, out.len(), "list");
        }
        Value::Dict(d) => {
            out.push(b'd');
            for (k, v) in &d.entries {
                encode(&Value::Bytes(k), data, out);
                encode(v, data, out);
            }
            out.push(b'e');
            check_span(d.raw, data, start, out.len(), "dict");
            let increasing = d.entries.windows(2).all(|w| w[0].0 < w[1].0);
            assert_eq!(d.sorted, increasing, "Dict::sorted is wrong");
            if !increasing {
                let mut keys: Vec<&[u8]> = d.entries.iter().map(|(k, _)| *k).collect();
                keys.sort_unstable();
                assert!(
                    keys.windows(2).all(|w| w[0] != w[1]),
                    "accepted a dict with a duplicate key"
                );
            }
        }
    }
}

fn check_span(raw: &[u8], data: &[u8], start: usize, end: usize, what: &str) {
    assert_eq!(
        (raw.as_ptr() as usize).wrapping_sub(data.as_ptr() as usize),
        start,
        "{what} raw span starts at the wrong place"
    );
    assert_eq!(raw.len(), end - start, "{what} raw span has the wrong length");
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
            let mut out = Vec::with_capacity(end);
            encode(value, data, &mut out);
            assert_eq!(out, &data[..end], "re-encoding differs from the accepted input");
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
