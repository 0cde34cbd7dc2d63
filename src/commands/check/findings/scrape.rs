//! Scrape: the BEP 48 URL exists, single and multi-hash, unknown hashes left out or zero-filled,
//! `files` keys raw or UTF-8-encoded, full scrape, `flags.min_request_interval`.

use serde::Serialize;

use super::judge::{Ctx, Judge, yes_no};
use super::observations::ScrapeObs;
use crate::bencode::{self, Value};
use crate::input::infohash::V1;
use crate::tracker::messages::ScrapeCounts;

#[derive(Debug, Default, Serialize)]
pub struct ScrapeFindings {
    pub supported: Option<bool>,
    pub url: Option<String>,
    pub multi_hash: Option<bool>,
    pub unknown_hashes: Option<&'static str>,
    pub key_encoding: Option<&'static str>,
    pub full_scrape: Option<bool>,
    pub min_request_interval: Option<i64>,
}

pub(super) fn judge(c: Ctx, j: &mut Judge) -> ScrapeFindings {
    let Ctx {
        obs,
        udp,
        hash,
        started_ok,
        ..
    } = c;
    let not_probed = |what: &str| c.not_probed(what);
    let mut scrape = ScrapeFindings::default();
    let first_scrape = obs.scrape_before.as_ref();
    scrape.url = obs.scrape_url.clone();
    scrape.supported = j.judge(
        "scrape.supported",
        if udp { "scrape (BEP 15)" } else { "scrape (BEP 48 URL)" },
        match (first_scrape, &obs.scrape_url) {
            (_, None) if !udp => Ok((
                false,
                "the announce URL's last path segment does not start with \"announce\": no BEP 48 scrape URL"
                    .to_string(),
            )),
            (None, _) => Err(not_probed("the first scrape")),
            (Some(s), _) => match &s.outcome {
                Ok(r) if r.failure.is_none() => Ok((true, s.summary(hash))),
                Ok(_) => Ok((false, s.summary(hash))),
                Err(e) if e.contains("404") || e.contains("HTML") => Ok((false, s.summary(hash))),
                Err(e) => Err(format!("no usable answer: {e}")),
            },
        },
        yes_no,
    );
    scrape.min_request_interval = j.judge(
        "scrape.min_request_interval",
        "scrape flags.min_request_interval",
        if udp {
            Err("BEP 15 scrapes carry no flags".to_string())
        } else {
            first_scrape
                .and_then(ScrapeObs::ok)
                .and_then(|r| r.min_request_interval)
                .map(|m| (m, "the first scrape's flags".to_string()))
                .ok_or_else(|| {
                    if first_scrape.and_then(ScrapeObs::ok).is_some() {
                        "no flags.min_request_interval in the scrape answer".to_string()
                    } else {
                        "no scrape answer".to_string()
                    }
                })
        },
        |m| format!("{m} s"),
    );
    // Several hashes: HTTP [u, hash, u]; UDP the marker scrapes.
    let multi = if udp {
        obs.order.first()
    } else {
        obs.scrape_multi.as_ref()
    };
    let hash_known = |s: &ScrapeObs| {
        s.ok()
            .and_then(|r| r.files.iter().find(|(h, _)| *h == hash))
            .is_some_and(|(_, c)| c.complete.unwrap_or(0) + c.incomplete.unwrap_or(0) > 0)
    };
    scrape.multi_hash = j.judge(
        "scrape.multi_hash",
        "scrape of several hashes",
        match multi {
            None => Err(not_probed("the multi-hash scrape")),
            Some(s) => match s.ok() {
                None => Ok((false, format!("{} hashes: {}", s.hashes.len(), s.summary(hash)))),
                Some(r) if udp && r.files.len() >= s.hashes.len() => Ok((
                    true,
                    format!("{} hashes asked, {} answers", s.hashes.len(), r.files.len()),
                )),
                Some(r) if hash_known(s) => Ok((
                    true,
                    format!(
                        "asked [unknown, {hash}, unknown]: the middle one answered with its peers ({} entries)",
                        r.files.len()
                    ),
                )),
                Some(r) if r.files.len() > 1 => Ok((
                    true,
                    format!("asked 3 hashes, {} entries came back", r.files.len()),
                )),
                Some(r) if started_ok.is_none() => Err(format!(
                    "no hash with peers to recognise ({} entries came back)",
                    r.files.len()
                )),
                Some(r) => Ok((
                    false,
                    format!(
                        "asked [unknown, {hash}, unknown] while {hash} has peers: {} entries, not the middle one",
                        r.files.len()
                    ),
                )),
            },
        },
        yes_no,
    );
    scrape.unknown_hashes = j.judge(
        "scrape.unknown_hashes",
        "unknown hashes in a scrape",
        match multi {
            None => Err(not_probed("the multi-hash scrape")),
            Some(s) => match s.ok() {
                None => Err(format!("no scrape answer: {}", s.summary(hash))),
                // UDP answers are positional (and may come reordered): one per hash asked, all
                // zeros but the one hash with peers.
                Some(r) if udp => {
                    let live = r
                        .files
                        .iter()
                        .filter(|(_, c)| {
                            c.complete.unwrap_or(0) + c.incomplete.unwrap_or(0) > 0
                        })
                        .count();
                    if r.files.len() == s.hashes.len() && live <= 1 {
                        Ok((
                            "zeroed",
                            format!(
                                "{} hashes asked, {} answers; all zeros but {live} (the hash with peers)",
                                s.hashes.len(),
                                r.files.len()
                            ),
                        ))
                    } else {
                        Err(format!(
                            "{} answers to {} hashes, {live} with peers",
                            r.files.len(),
                            s.hashes.len()
                        ))
                    }
                }
                Some(r) => {
                    let unknown: Vec<&V1> = s.hashes.iter().filter(|h| **h != hash).collect();
                    let present: Vec<&ScrapeCounts> = unknown
                        .iter()
                        .filter_map(|u| r.files.iter().find(|(h, _)| h == *u).map(|(_, c)| c))
                        .collect();
                    let zero = |c: &&ScrapeCounts| {
                        c.complete.unwrap_or(0) == 0 && c.incomplete.unwrap_or(0) == 0
                    };
                    if present.is_empty() {
                        Ok(("omitted", format!("{} random hashes asked, none in files", unknown.len())))
                    } else if present.len() == unknown.len() && present.iter().all(zero) {
                        Ok(("zeroed", format!("{} random hashes asked, each answered with zeros", unknown.len())))
                    } else {
                        Err(format!(
                            "{} of {} random hashes answered, not all with zeros",
                            present.len(),
                            unknown.len()
                        ))
                    }
                }
            },
        },
        |v| v.to_string(),
    );
    scrape.key_encoding = j.judge(
        "scrape.key_encoding",
        "scrape files keys",
        if udp {
            Err("BEP 15 scrape answers are positional: no keys".to_string())
        } else {
            let bodies = [obs.scrape_multi.as_ref(), first_scrape, obs.scrape_final.as_ref()];
            bodies
                .iter()
                .flatten()
                .find_map(|s| s.body.as_deref().and_then(key_encoding))
                .map(|k| {
                    (
                        k,
                        if k == "raw" {
                            "keys are the 20 raw bytes of each hash".to_string()
                        } else {
                            "keys are each hash UTF-8-encoded (each byte as one char U+0000–U+00FF, 26–40 bytes)".to_string()
                        },
                    )
                })
                .ok_or_else(|| "no non-ASCII key in any scrape answer to tell".to_string())
        },
        |k| k.to_string(),
    );
    scrape.full_scrape = j.judge(
        "scrape.full_scrape",
        "full scrape (no info_hash)",
        if udp {
            Err("BEP 15 has no full scrape".to_string())
        } else {
            match &obs.full_scrape {
                None => Err(not_probed("the full scrape")),
                Some(s) => match &s.outcome {
                    Ok(r) if r.failure.is_none() => {
                        Ok((true, format!("answered with {} torrents", r.files.len())))
                    }
                    Ok(r) => Ok((
                        false,
                        format!("failure reason {:?}", r.failure.as_deref().unwrap_or("")),
                    )),
                    Err(e) if e.contains("larger than") => Ok((true, format!("answered, but {e}"))),
                    Err(e) => Ok((
                        false,
                        s.status.map_or(e.clone(), |st| format!("HTTP {st}: {e}")),
                    )),
                },
            }
        },
        yes_no,
    );
    scrape
}

/// How the `files` keys of a raw scrape body are written: "raw" (20 bytes), "utf8" (each byte
/// as one char U+0000–U+00FF, bittorrent-tracker), or None (no key tells: none, or all ASCII).
pub fn key_encoding(body: &[u8]) -> Option<&'static str> {
    let (Value::Dict(d), _) = bencode::decode_prefix(body).ok()? else {
        return None;
    };
    let Value::Dict(files) = d.get(b"files")? else {
        return None;
    };
    let mut verdict = None;
    for (key, _) in &files.entries {
        if key.is_ascii() {
            continue; // both readings are the same bytes
        }
        if key.len() == 20 {
            verdict = Some("raw");
        } else if let Ok(text) = std::str::from_utf8(key)
            && text.chars().count() == 20
            && text.chars().all(|c| (c as u32) <= 0xff)
        {
            verdict = Some("utf8");
        }
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_raw_keys_are_told_apart() {
        let mut raw = b"d5:filesd20:".to_vec();
        raw.extend([0x80u8; 20]);
        raw.extend(b"de");
        raw.extend(b"ee");
        assert_eq!(key_encoding(&raw), Some("raw"));
        let key: String = [0x80u8; 20].iter().map(|b| *b as char).collect();
        let mut utf8 = format!("d5:filesd{}:", key.len()).into_bytes();
        utf8.extend(key.as_bytes());
        utf8.extend(b"deee");
        assert_eq!(key_encoding(&utf8), Some("utf8"));
        assert_eq!(key_encoding(b"d5:filesdee"), None);
        assert_eq!(key_encoding(b"garbage"), None);
    }
}
