//! An announce answer (BEP 3, 7, 23, 24, 31): intervals, counts, peers in either model, and what
//! a failure carries.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{
    DecodeError, MAX_PEERS, Skips, bytes_field, non_negative, plural, show, top_dict, wrong_type,
};
use crate::bencode::{Dict, Value};
use crate::tracker::messages::{AnnounceResponse, Peer, RetryIn};
use crate::tracker::peers;

/// Decodes an announce answer. A `failure reason` is not an `Err`: it comes back in
/// `failure_reason`, with `retry in`, `interval` and `min interval` (the only keys libtorrent
/// uses on that path); the caller turns it into a failed status.
pub fn decode_announce(body: &[u8]) -> Result<AnnounceResponse, DecodeError> {
    let (dict, mut notes) = top_dict(body)?;
    let mut r = AnnounceResponse {
        interval: non_negative(&dict, "interval", "interval", &mut notes),
        min_interval: non_negative(&dict, "min interval", "min interval", &mut notes),
        ..AnnounceResponse::default()
    };

    if let Some(reason) = bytes_field(&dict, "failure reason", &mut notes) {
        r.failure_reason = Some(String::from_utf8_lossy(reason).into_owned());
        r.retry_in = retry_in(&dict, &mut notes);
        r.notes = notes;
        return Ok(r);
    }
    if dict.get(b"retry in").is_some() {
        notes.push(
            "ignored \"retry in\": it only has a meaning next to \"failure reason\" (BEP 31)"
                .into(),
        );
    }

    r.warning_message = bytes_field(&dict, "warning message", &mut notes)
        .map(|m| String::from_utf8_lossy(m).into_owned());
    r.tracker_id = bytes_field(&dict, "tracker id", &mut notes).map(<[u8]>::to_vec);
    r.complete = non_negative(&dict, "complete", "complete", &mut notes);
    r.incomplete = non_negative(&dict, "incomplete", "incomplete", &mut notes);
    r.downloaded = non_negative(&dict, "downloaded", "downloaded", &mut notes);
    r.external_ip = external_ip(&dict, &mut notes);

    match dict.get(b"peers") {
        None => {}
        Some(Value::Bytes(b)) => {
            r.peers = compact(b, "peers", peers::V4_LEN, peers::compact_v4, &mut notes)
        }
        Some(Value::List(list)) => r.peers = dict_peers(&list.items, &mut notes),
        Some(other) => notes.push(wrong_type("peers", other, "a string or a list")),
    }
    match dict.get(b"peers6") {
        None => {}
        Some(Value::Bytes(b)) => {
            r.peers6 = compact(b, "peers6", peers::V6_LEN, peers::compact_v6, &mut notes)
        }
        Some(other) => notes.push(wrong_type("peers6", other, "a string")),
    }

    r.notes = notes;
    Ok(r)
}

/// BEP 31: minutes, or the string `never`.
fn retry_in(dict: &Dict<'_>, notes: &mut Vec<String>) -> Option<RetryIn> {
    match dict.get(b"retry in")? {
        Value::Int(n) if *n >= 0 => Some(RetryIn::Minutes(*n as u64)),
        Value::Int(n) => {
            notes.push(format!("ignored \"retry in\": {n} is negative"));
            None
        }
        Value::Bytes(b"never") => Some(RetryIn::Never),
        Value::Bytes(b) => {
            notes.push(format!(
                "ignored \"retry in\": {} is neither minutes nor \"never\"",
                show(b)
            ));
            None
        }
        other => {
            notes.push(wrong_type("retry in", other, "an integer or \"never\""));
            None
        }
    }
}

/// BEP 24: 4 or 16 raw bytes.
fn external_ip(dict: &Dict<'_>, notes: &mut Vec<String>) -> Option<IpAddr> {
    let bytes = bytes_field(dict, "external ip", notes)?;
    if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
        return Some(IpAddr::V4(Ipv4Addr::from(v4)));
    }
    if let Ok(v6) = <[u8; 16]>::try_from(bytes) {
        return Some(IpAddr::V6(Ipv6Addr::from(v6)));
    }
    notes.push(format!(
        "ignored \"external ip\": {} bytes, not 4 or 16",
        bytes.len()
    ));
    None
}

/// A compact peer string: whole records only, at most [`MAX_PEERS`] of them.
fn compact(
    bytes: &[u8],
    key: &str,
    record: usize,
    decode: fn(&[u8]) -> (Vec<Peer>, usize),
    notes: &mut Vec<String>,
) -> Vec<Peer> {
    let whole = bytes.len() / record;
    let trailing = bytes.len() % record;
    let kept = whole.min(MAX_PEERS);
    let (peers, _) = decode(&bytes[..kept * record]);
    if trailing > 0 {
        notes.push(format!(
            "ignored {trailing} trailing {} of \"{key}\": not a whole {record}-byte record (as libtorrent does)",
            plural(trailing, "byte", "bytes")
        ));
    }
    if kept < whole {
        notes.push(format!(
            "kept the first {MAX_PEERS} of {whole} peers in \"{key}\""
        ));
    }
    peers
}

/// The dictionary model: a list of `{ip, port, peer id}`.
fn dict_peers(items: &[Value<'_>], notes: &mut Vec<String>) -> Vec<Peer> {
    let mut out = Vec::with_capacity(items.len().min(MAX_PEERS));
    let mut skipped = Skips::new("skipped", "invalid entries of \"peers\"");
    let mut ids = Skips::new(
        "dropped",
        "peer ids that are not 20-byte strings (the peers are kept)",
    );
    let mut beyond = 0usize;
    for (i, item) in items.iter().enumerate() {
        match dict_peer(item) {
            Ok((peer, id_problem)) => {
                if out.len() == MAX_PEERS {
                    beyond += 1;
                    continue;
                }
                if let Some(problem) = id_problem {
                    ids.add(|| format!("entry {}: {problem}", i + 1));
                }
                out.push(peer);
            }
            Err(why) => skipped.add(|| format!("entry {}: {why}", i + 1)),
        }
    }
    skipped.finish(notes);
    ids.finish(notes);
    if beyond > 0 {
        notes.push(format!(
            "kept the first {MAX_PEERS} of {} peers in \"peers\"",
            MAX_PEERS + beyond
        ));
    }
    out
}

/// One dictionary-model peer, or why it is unusable. The second value explains a dropped peer id.
fn dict_peer(item: &Value<'_>) -> Result<(Peer, Option<String>), String> {
    let Value::Dict(d) = item else {
        return Err(format!("{}, not a dictionary", item.kind()));
    };
    let ip = match d.get(b"ip") {
        None => return Err("no \"ip\"".into()),
        Some(Value::Bytes(b)) => {
            host_text(b).ok_or_else(|| format!("\"ip\" {} is no address or host name", show(b)))?
        }
        Some(other) => return Err(format!("\"ip\" is {}, not a string", other.kind())),
    };
    let port = match d.get(b"port") {
        None => return Err("no \"port\"".into()),
        Some(Value::Int(n)) => {
            u16::try_from(*n).map_err(|_| format!("\"port\" {n} is out of range"))?
        }
        Some(other) => return Err(format!("\"port\" is {}, not an integer", other.kind())),
    };
    let (peer_id, problem) = match d.get(b"peer id") {
        None => (None, None),
        Some(Value::Bytes(b)) if b.len() == 20 => (Some(b.to_vec()), None),
        Some(Value::Bytes(b)) => (None, Some(format!("{} bytes", b.len()))),
        Some(other) => (None, Some(other.kind().to_string())),
    };
    Ok((Peer { ip, port, peer_id }, problem))
}

/// The `ip` of a dictionary-model peer: IPv4/IPv6 text or a host name, kept as written. Anything
/// else (control characters, spaces, non-ASCII, over 253 bytes) is refused, so no tracker can
/// put terminal escapes into the peer list.
fn host_text(bytes: &[u8]) -> Option<String> {
    let ok = !bytes.is_empty()
        && bytes.len() <= 253
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-._:%[]".contains(b));
    ok.then(|| String::from_utf8_lossy(bytes).into_owned())
}
