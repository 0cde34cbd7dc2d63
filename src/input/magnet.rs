//! Magnet links (BEP 9, BEP 52): `magnet:?xt=urn:btih:<hash>&dn=<name>&tr=<tracker>…`.
//!
//! `xt=urn:btih:` takes 40 hex digits or 32 base32 characters (either case), `xt=urn:btmh:` a
//! sha2-256 multihash (`1220` + 64 hex); a hybrid link has both. Values are percent-decoded
//! (an escape that is not `%` + two hex digits is kept as written, as browsers do); `+` means a
//! space in `dn` only, as form encoding has it, since a literal `+` in a tracker URL is data.
//! `tr=` are kept in the order given, duplicates included. Keys may carry a BEP 9 index
//! suffix (`tr.1=`). Works on bytes throughout, so no input can make it slice inside a
//! character.

use std::fmt;

use crate::input::infohash::{InfoHashes, V1, V2};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Magnet {
    pub hashes: InfoHashes,
    /// `dn`, the display name.
    pub name: Option<String>,
    /// `tr`, in order, as given.
    pub trackers: Vec<String>,
    /// `xl`, the exact length in bytes (ignored when not a number).
    pub exact_length: Option<u64>,
    /// `ws`, web seeds.
    pub web_seeds: Vec<String>,
}

/// Why a string is not a usable magnet link: one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MagnetError {
    message: String,
}

impl MagnetError {
    fn new(message: impl Into<String>) -> Self {
        MagnetError {
            message: message.into(),
        }
    }
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for MagnetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MagnetError {}

fn err<T>(message: impl Into<String>) -> Result<T, MagnetError> {
    Err(MagnetError::new(message))
}

/// Shows a user's value in a message: printable, and not too long.
fn shown(bytes: &[u8]) -> String {
    const MAX: usize = 80;
    let s = String::from_utf8_lossy(bytes);
    let mut out: String = s.chars().take(MAX).flat_map(char::escape_debug).collect();
    if s.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

pub fn parse(uri: &str) -> Result<Magnet, MagnetError> {
    let bytes = uri.as_bytes();
    if bytes.len() < 7 || !bytes[..7].eq_ignore_ascii_case(b"magnet:") {
        return err("not a magnet link: it does not start with 'magnet:'");
    }
    let rest = &bytes[7..];
    let Some(query) = rest
        .strip_prefix(b"?")
        .or_else(|| rest.strip_prefix(b"//?"))
    else {
        return err("the magnet link has no parameters (expected 'magnet:?xt=…')");
    };

    let mut magnet = Magnet {
        hashes: InfoHashes::default(),
        name: None,
        trackers: Vec::new(),
        exact_length: None,
        web_seeds: Vec::new(),
    };
    let mut other_xt: Option<Vec<u8>> = None;
    for param in query.split(|&b| b == b'&') {
        let Some(eq) = param.iter().position(|&b| b == b'=') else {
            continue;
        };
        let (key, raw) = (&param[..eq], &param[eq + 1..]);
        // BEP 9 allows numbered keys: xt.1, tr.2, …
        let key = match key.iter().position(|&b| b == b'.') {
            Some(dot) if dot + 1 < key.len() && key[dot + 1..].iter().all(u8::is_ascii_digit) => {
                &key[..dot]
            }
            _ => key,
        };
        let key = key.to_ascii_lowercase();
        match key.as_slice() {
            b"xt" => {
                let value = percent_decode(raw, false);
                if let Some(hash) = strip_prefix_ignore_case(&value, b"urn:btih:") {
                    let v1 = parse_btih(hash)?;
                    match magnet.hashes.v1 {
                        Some(old) if old != v1 => {
                            return err(format!(
                                "two different xt=urn:btih: hashes ({old} and {v1})"
                            ));
                        }
                        _ => magnet.hashes.v1 = Some(v1),
                    }
                } else if let Some(hash) = strip_prefix_ignore_case(&value, b"urn:btmh:") {
                    let v2 = parse_btmh(hash)?;
                    match magnet.hashes.v2 {
                        Some(old) if old != v2 => {
                            return err(format!(
                                "two different xt=urn:btmh: hashes ({old} and {v2})"
                            ));
                        }
                        _ => magnet.hashes.v2 = Some(v2),
                    }
                } else if other_xt.is_none() {
                    other_xt = Some(value);
                }
            }
            b"dn" if magnet.name.is_none() => {
                magnet.name =
                    Some(String::from_utf8_lossy(&percent_decode(raw, true)).into_owned());
            }
            b"tr" => magnet.trackers.extend(url(raw)),
            b"ws" => magnet.web_seeds.extend(url(raw)),
            b"xl" if magnet.exact_length.is_none() => {
                magnet.exact_length = std::str::from_utf8(&percent_decode(raw, false))
                    .ok()
                    .and_then(|s| s.parse().ok());
            }
            _ => {}
        }
    }
    if magnet.hashes.v1.is_none() && magnet.hashes.v2.is_none() {
        return match other_xt {
            Some(xt) => err(format!(
                "xt={} is not a BitTorrent info-hash (expected urn:btih: or urn:btmh:)",
                shown(&xt)
            )),
            None => err("the magnet link has no xt= (info-hash) parameter"),
        };
    }
    Ok(magnet)
}

fn url(raw: &[u8]) -> Option<String> {
    let value = percent_decode(raw, false);
    let s = String::from_utf8_lossy(&value);
    let s = s.trim_matches(|c: char| c.is_ascii_whitespace());
    (!s.is_empty()).then(|| s.to_string())
}

fn strip_prefix_ignore_case<'a>(value: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    (value.len() >= prefix.len() && value[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| &value[prefix.len()..])
}

fn parse_btih(hash: &[u8]) -> Result<V1, MagnetError> {
    let parsed = std::str::from_utf8(hash).ok().and_then(V1::parse);
    parsed.ok_or_else(|| {
        MagnetError::new(format!(
            "xt=urn:btih:{} is not an info-hash: expected 40 hex digits or 32 base32 characters (A-Z, 2-7)",
            shown(hash)
        ))
    })
}

fn parse_btmh(hash: &[u8]) -> Result<V2, MagnetError> {
    let bad = |why: &str| {
        MagnetError::new(format!(
            "xt=urn:btmh:{} is not a v2 info-hash: {why}",
            shown(hash)
        ))
    };
    let Some(digest) = strip_prefix_ignore_case(hash, b"1220") else {
        return Err(bad(
            "only sha2-256 multihashes (1220 followed by 64 hex digits) are supported",
        ));
    };
    std::str::from_utf8(digest)
        .ok()
        .and_then(V2::parse)
        .ok_or_else(|| bad("expected 1220 followed by 64 hex digits"))
}

/// `%XX` → byte; `+` → space when `plus_is_space`; a `%` not followed by two hex digits stays.
fn percent_decode(raw: &[u8], plus_is_space: bool) -> Vec<u8> {
    // '+' is a space only as written: a '%2B' stays a plus, so it is mapped before decoding.
    let spaced: Vec<u8> = raw
        .iter()
        .map(|&b| if plus_is_space && b == b'+' { b' ' } else { b })
        .collect();
    percent_encoding::percent_decode(&spaced).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";
    const V2HEX: &str = "3c07e0f25befda996ab151a69b5d5e2bfe077757bc09b1aa34d8cc170cc5be1d";

    fn ok(uri: &str) -> Magnet {
        parse(uri).unwrap_or_else(|e| panic!("{uri}: {e}"))
    }

    #[test]
    fn btih_hex_and_base32() {
        let m = ok(&format!("magnet:?xt=urn:btih:{HEX}"));
        assert_eq!(m.hashes.v1.unwrap().to_string(), HEX);
        assert_eq!(m.hashes.v2, None);
        assert_eq!(
            ok(&format!("MAGNET:?XT=URN:BTIH:{}", HEX.to_uppercase())).hashes,
            m.hashes
        );
        assert_eq!(
            ok("magnet:?xt=urn:btih:rxyqndhm2rgg67atgdboilqzmfwychxa").hashes,
            m.hashes
        );
    }

    #[test]
    fn btmh_and_hybrid() {
        let m = ok(&format!("magnet:?xt=urn:btmh:1220{V2HEX}&dn=v2"));
        assert_eq!(
            (m.hashes.v1, m.hashes.v2.unwrap().to_string()),
            (None, V2HEX.to_string())
        );
        let m = ok(&format!(
            "magnet:?xt=urn:btih:{HEX}&xt.2=urn:btmh:1220{V2HEX}"
        ));
        assert!(m.hashes.v1.is_some() && m.hashes.v2.is_some());
        // The same hash twice is fine; two different ones are not.
        assert!(
            parse(&format!(
                "magnet:?xt=urn:btih:{HEX}&xt=urn:btih:{}",
                HEX.to_uppercase()
            ))
            .is_ok()
        );
        let two = parse(&format!(
            "magnet:?xt=urn:btih:{HEX}&xt=urn:btih:{}",
            &V2HEX[..40]
        ))
        .unwrap_err();
        assert!(two.to_string().contains("two different"));
    }

    #[test]
    fn values_are_decoded() {
        let m = ok(&format!(
            "magnet:?dn=caf%C3%A9+cr%c3%A8me&xt=urn:btih:{HEX}&xl=20000&tr=http%3A%2F%2Fa%2Fann%3Fk%3Dv%2B1\
             &tr=udp://b:1&tr=&tr=udp://b:1&ws=http%3A%2F%2Fw%2Ff&x.pe=1.2.3.4:5"
        ));
        assert_eq!(m.name.as_deref(), Some("café crème"));
        assert_eq!(m.exact_length, Some(20000));
        assert_eq!(m.trackers, ["http://a/ann?k=v+1", "udp://b:1", "udp://b:1"]);
        assert_eq!(m.web_seeds, ["http://w/f"]);
        // A literal '+' in a tracker URL is data; a stray '%' is kept.
        let m = ok(&format!(
            "magnet:?xt=urn:btih:{HEX}&tr=http://a/?k=a+b%&xl=12x&dn=100%25"
        ));
        assert_eq!(m.trackers, ["http://a/?k=a+b%"]);
        assert_eq!((m.exact_length, m.name.as_deref()), (None, Some("100%")));
    }

    #[test]
    fn invalid_links() {
        for (uri, says) in [
            ("http://x/?xt=urn:btih:", "magnet:"),
            ("magnet:", "no parameters"),
            ("magnet:?", "no xt="),
            ("magnet:?dn=x&tr=udp://a", "no xt="),
            ("magnet:?xt=urn:btih:", "not an info-hash"),
            ("magnet:?xt=urn:sha1:abc", "not a BitTorrent info-hash"),
            (
                "magnet:?xt=urn:btih:8df1068cecd44c6f7c1330c2e42e19616d811eeg",
                "not an info-hash",
            ),
            (
                "magnet:?xt=urn:btih:1XYQNDHM2RGG67ATGDBOILQZMFWYCHXA",
                "base32",
            ),
            (
                "magnet:?xt=urn:btmh:11148df1068cecd44c6f7c1330c2e42e19616d811ee0",
                "sha2-256",
            ),
            ("magnet:?xt=urn:btmh:1220abc", "64 hex"),
        ] {
            let e = parse(uri).unwrap_err().to_string();
            assert!(e.contains(says), "{uri}: {e}");
            assert!(!e.contains('\n'));
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for uri in [
            "magnét:?xt=urn:btih:x",
            "magnet:?xt=urn:btih:éééééééééééééééééééé",
            "magnet:?xt=urn:btmh:1220ééééééééééééééééééééééééééééééééé",
            "magnet:?xt=urn:btmh:12",
            "magnet:?xt=urn:bt",
            "magnet:?xt.=urn:btih:x&.=&=&&%&%%%",
            "magnet:?dn=%FF%FE&xt=urn:btih:%",
            "mag",
            "",
        ] {
            let _ = parse(uri);
        }
        let long = format!("magnet:?xt=urn:btih:{}", "é".repeat(500));
        let e = parse(&long).unwrap_err().to_string();
        assert!(e.chars().count() < 300, "{e}");
    }
}
