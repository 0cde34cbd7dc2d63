//! The announce answer's fields: `interval`, `min interval`, `tracker id`, `warning message`,
//! `external ip`; and its peer models: compact, dictionary (`compact=0`), `peers6`,
//! `no_peer_id` honoured (read from the raw HTTP bodies, which show how `peers` was written).

use super::judge::{Ctx, Judge, reason_no_answer, yes_no};
use super::observations::AnnounceObs;
use crate::bencode::{self, Value};

/// Keys of the started's answer (`null` when absent; BEP 15 has none but `interval`).
pub(super) struct AnswerKeys {
    pub interval: Option<i64>,
    pub min_interval: Option<i64>,
    pub tracker_id: Option<String>,
    pub warning_message: Option<String>,
    pub external_ip: Option<String>,
}

pub(super) fn answer_keys(c: Ctx, j: &mut Judge) -> AnswerKeys {
    let Ctx {
        udp,
        started,
        started_ok,
        ..
    } = c;
    let not_probed = |what: &str| c.not_probed(what);
    let key_reason = |what: &str| match started_ok {
        Some(_) => format!("no {what} in the started's answer"),
        None => reason_no_answer(started, &not_probed("the first announce")),
    };
    let interval = j.judge(
        "interval",
        "interval",
        started_ok
            .and_then(|r| r.interval)
            .map(|i| (i, "the started's answer".to_string()))
            .ok_or_else(|| key_reason("interval")),
        |i| format!("{i} s"),
    );
    let min_interval = j.judge(
        "min_interval",
        "min interval",
        if udp {
            Err("BEP 15 answers have no min interval".to_string())
        } else {
            started_ok
                .and_then(|r| r.min_interval)
                .map(|i| (i, "the started's answer".to_string()))
                .ok_or_else(|| key_reason("min interval"))
        },
        |i| format!("{i} s"),
    );
    let text_key = |value: Option<String>, what: &str| {
        if udp {
            Err(format!("BEP 15 answers have no {what}"))
        } else {
            value
                .map(|v| (v, "the started's answer".to_string()))
                .ok_or_else(|| key_reason(what))
        }
    };
    let tracker_id = j.judge(
        "tracker_id",
        "tracker id",
        text_key(
            started_ok
                .and_then(|r| r.tracker_id.as_ref())
                .map(|t| String::from_utf8_lossy(t).into_owned()),
            "tracker id",
        ),
        |t| format!("{t:?}"),
    );
    let warning_message = j.judge(
        "warning_message",
        "warning message",
        text_key(
            started_ok.and_then(|r| r.warning_message.clone()),
            "warning message",
        ),
        |t| format!("{t:?}"),
    );
    let external_ip = j.judge(
        "external_ip",
        "external ip",
        text_key(
            started_ok.and_then(|r| r.external_ip.map(|ip| ip.to_string())),
            "external ip",
        ),
        String::clone,
    );
    AnswerKeys {
        interval,
        min_interval,
        tracker_id,
        warning_message,
        external_ip,
    }
}

/// How peers come: compact, as dictionaries, in `peers6`, without peer ids on request.
pub(super) struct PeerModels {
    pub compact: Option<bool>,
    pub dict_peers: Option<bool>,
    pub peers6: Option<bool>,
    pub no_peer_id: Option<bool>,
}

pub(super) fn peer_models(c: Ctx, j: &mut Judge) -> PeerModels {
    let Ctx {
        obs,
        udp,
        started,
        started_ok,
        ..
    } = c;
    let not_probed = |what: &str| c.not_probed(what);
    let body_of = |a: Option<&AnnounceObs>| a.and_then(|a| a.body.clone());
    let compact = j.judge(
        "compact",
        "compact peers (compact=1)",
        if udp {
            Ok((true, "BEP 15 peers are always compact".to_string()))
        } else {
            match (
                started_ok,
                body_of(started).as_deref().and_then(peers_is_list),
            ) {
                (None, _) => Err(reason_no_answer(started, &not_probed("the first announce"))),
                (Some(_), Some(list)) => Ok((
                    !list,
                    format!(
                        "the started asked compact=1; peers came as {}",
                        if list {
                            "a list of dictionaries"
                        } else {
                            "a string"
                        }
                    ),
                )),
                (Some(_), None) => Err("the started's answer has no peers key".to_string()),
            }
        },
        yes_no,
    );
    let dict = obs.dict.as_ref();
    let dict_peers = j.judge(
        "dict_peers",
        "dictionary peers (compact=0)",
        if udp {
            Err("BEP 15 has no dictionary model".to_string())
        } else {
            match dict {
                None => Err(not_probed("the compact=0 announce")),
                Some(d) => match (&d.outcome, d.body.as_deref().and_then(peers_is_list)) {
                    (Ok(r), Some(list)) if r.failure_reason.is_none() => Ok((
                        list,
                        format!(
                            "compact=0: peers came as {} ({})",
                            if list {
                                "a list of dictionaries"
                            } else {
                                "a string"
                            },
                            d.summary()
                        ),
                    )),
                    (Ok(r), None) if r.failure_reason.is_none() => Err(format!(
                        "compact=0: the answer has no peers key ({})",
                        d.summary()
                    )),
                    _ => Ok((false, format!("compact=0 refused: {}", d.summary()))),
                },
            }
        },
        yes_no,
    );
    let peers6 = j.judge(
        "peers6",
        "peers6 key (BEP 7)",
        if udp {
            Err("BEP 15 over IPv4 carries no peers6".to_string())
        } else {
            match (
                started_ok,
                body_of(started)
                    .as_deref()
                    .and_then(|b| has_key(b, b"peers6")),
            ) {
                (Some(r), Some(present)) => Ok((
                    present,
                    if present {
                        format!(
                            "present in the started's answer ({} IPv6 peers)",
                            r.peers6.len()
                        )
                    } else {
                        "absent from the started's answer".to_string()
                    },
                )),
                _ => Err(reason_no_answer(started, &not_probed("the first announce"))),
            }
        },
        yes_no,
    );
    let no_peer_id = j.judge(
        "no_peer_id",
        "no_peer_id=1 honoured",
        if udp {
            Err("BEP 15 peers carry no peer id".to_string())
        } else {
            let with = dict.and_then(|d| d.body.as_deref().and_then(dict_peer_ids));
            let without = obs
                .dict_no_peer_id
                .as_ref()
                .and_then(|d| d.body.as_deref().and_then(dict_peer_ids));
            match (dict_peers, with, without) {
                (None, ..) | (Some(false), ..) => {
                    Err("no dictionary peers to tell (compact=0 not served)".to_string())
                }
                (_, _, Some((0, _))) => Err("compact=0&no_peer_id=1 listed no peers".to_string()),
                (_, Some((n, w)), Some((m, 0))) => Ok((
                    true,
                    format!(
                        "compact=0: {w} of {n} peers with a peer id; with no_peer_id=1: none of {m}"
                    ),
                )),
                (_, _, Some((m, w))) => Ok((
                    false,
                    format!("compact=0&no_peer_id=1: {w} of {m} peers still carry a peer id"),
                )),
                _ => Err(not_probed("the no_peer_id announce")),
            }
        },
        yes_no,
    );
    PeerModels {
        compact,
        dict_peers,
        peers6,
        no_peer_id,
    }
}

/// What `peers` is in a raw HTTP announce body: Some(true) a list (dictionary model),
/// Some(false) a string (compact), None absent or unreadable.
fn peers_is_list(body: &[u8]) -> Option<bool> {
    let (Value::Dict(d), _) = bencode::decode_prefix(body).ok()? else {
        return None;
    };
    match d.get(b"peers")? {
        Value::List(_) => Some(true),
        Value::Bytes(_) => Some(false),
        _ => None,
    }
}

fn has_key(body: &[u8], key: &[u8]) -> Option<bool> {
    let (Value::Dict(d), _) = bencode::decode_prefix(body).ok()? else {
        return None;
    };
    Some(d.get(key).is_some())
}

/// In a dictionary-model list: (entries, entries with a "peer id").
fn dict_peer_ids(body: &[u8]) -> Option<(usize, usize)> {
    let (Value::Dict(d), _) = bencode::decode_prefix(body).ok()? else {
        return None;
    };
    let Value::List(list) = d.get(b"peers")? else {
        return None;
    };
    let with = list
        .items
        .iter()
        .filter(|p| p.as_dict().is_some_and(|p| p.get(b"peer id").is_some()))
        .count();
    Some((list.items.len(), with))
}
