//! Info-hashes: v1 (SHA-1 of the info dict) and v2 (SHA-256 of it, BEP 52).

use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct V1(pub [u8; 20]);

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct V2(pub [u8; 32]);

impl V2 {
    /// What a v2-only swarm announces with: the SHA-256 truncated to 20 bytes (BEP 52).
    pub fn truncated(&self) -> V1 {
        let mut out = [0u8; 20];
        out.copy_from_slice(&self.0[..20]);
        V1(out)
    }
}

impl fmt::Display for V1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}
impl fmt::Debug for V1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "V1({self})")
    }
}
impl fmt::Display for V2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}
impl fmt::Debug for V2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "V2({self})")
    }
}

/// The hashes a torrent is known by. At least one is present.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct InfoHashes {
    pub v1: Option<V1>,
    pub v2: Option<V2>,
}

impl V1 {
    /// Exactly 40 hex digits (any case), or 32 RFC 4648 base32 characters (any case).
    pub fn parse(s: &str) -> Option<V1> {
        let bytes = match s.len() {
            40 => decode_hex(s)?,
            32 => decode_base32(s)?,
            _ => return None,
        };
        bytes.try_into().ok().map(V1)
    }
}

impl V2 {
    /// Exactly 64 hex digits (any case).
    pub fn parse(s: &str) -> Option<V2> {
        if s.len() != 64 {
            return None;
        }
        decode_hex(s)?.try_into().ok().map(V2)
    }
}

/// A bare info-hash as typed on the command line: 40 hex or 32 base32 (v1), 64 hex (v2).
/// Surrounding whitespace is ignored; anything else is `None`.
pub fn parse_raw(s: &str) -> Option<InfoHashes> {
    let s = s.trim();
    if let Some(v1) = V1::parse(s) {
        return Some(InfoHashes {
            v1: Some(v1),
            v2: None,
        });
    }
    V2::parse(s).map(|v2| InfoHashes {
        v1: None,
        v2: Some(v2),
    })
}

/// Which info-hash of a hybrid v1+v2 torrent goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashChoice {
    V1,
    V2,
    Both,
}

/// Hex digits (any case, even count) to bytes; `None` on any other character.
pub fn decode_hex(s: &str) -> Option<Vec<u8>> {
    hex::decode(s).ok()
}

/// RFC 4648 base32 (alphabet `A-Z2-7`, either case) to bytes. Trailing `=` padding is
/// optional; a length no byte count can produce, or non-zero leftover bits, is `None`.
pub fn decode_base32(s: &str) -> Option<Vec<u8>> {
    let s = s.as_bytes();
    let data = match s.iter().position(|&c| c == b'=') {
        Some(p) => {
            // Padding only at the end, and only up to a multiple of 8 characters.
            if s[p..].iter().any(|&c| c != b'=') || !s.len().is_multiple_of(8) {
                return None;
            }
            &s[..p]
        }
        None => s,
    };
    // Characters in the last group: 2, 4, 5 or 7 are the partial groups that exist.
    if matches!(data.len() % 8, 1 | 3 | 6) {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() * 5 / 8);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &c in data {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a',
            b'2'..=b'7' => c - b'2' + 26,
            _ => return None,
        };
        acc = (acc << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if acc != 0 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";
    const B32: &str = "RXYQNDHM2RGG67ATGDBOILQZMFWYCHXA";

    #[test]
    fn v1_from_hex_and_base32_in_either_case() {
        let v1 = V1::parse(HEX).unwrap();
        assert_eq!(v1.to_string(), HEX);
        assert_eq!(V1::parse(&HEX.to_uppercase()), Some(v1));
        assert_eq!(V1::parse(B32), Some(v1));
        assert_eq!(V1::parse(&B32.to_lowercase()), Some(v1));
    }

    #[test]
    fn wrong_length_or_alphabet_is_none() {
        assert_eq!(V1::parse(&HEX[..39]), None);
        assert_eq!(V1::parse(&format!("{HEX}0")), None);
        assert_eq!(V1::parse(&format!("{}g", &HEX[..39])), None);
        assert_eq!(V1::parse(&format!("1{}", &B32[1..])), None);
        assert_eq!(V1::parse(&B32[..31]), None);
        assert_eq!(V1::parse(""), None);
        // Multi-byte characters must not panic a byte-length check.
        assert_eq!(V1::parse(&"é".repeat(20)), None);
        assert_eq!(V1::parse(&"é".repeat(16)), None);
        assert_eq!(V2::parse(&"é".repeat(32)), None);
    }

    #[test]
    fn parse_raw_tells_v1_from_v2() {
        let v2hex = "3c07e0f25befda996ab151a69b5d5e2bfe077757bc09b1aa34d8cc170cc5be1d";
        let h = parse_raw(v2hex).unwrap();
        assert_eq!(
            (h.v1, h.v2.map(|v| v.to_string())),
            (None, Some(v2hex.to_string()))
        );
        let h = parse_raw(&format!(" {HEX}\n")).unwrap();
        assert_eq!(
            (h.v1.map(|v| v.to_string()), h.v2),
            (Some(HEX.to_string()), None)
        );
        assert_eq!(parse_raw(B32).unwrap().v1, V1::parse(HEX));
        assert_eq!(parse_raw("hello.torrent"), None);
        assert_eq!(parse_raw(&v2hex[..63]), None);
    }

    #[test]
    fn base32_rfc4648_vectors() {
        for (plain, enc) in [
            ("", ""),
            ("f", "MY======"),
            ("fo", "MZXQ===="),
            ("foo", "MZXW6==="),
            ("foob", "MZXW6YQ="),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI======"),
        ] {
            assert_eq!(
                decode_base32(enc).as_deref(),
                Some(plain.as_bytes()),
                "{enc}"
            );
            assert_eq!(
                decode_base32(enc.trim_end_matches('=')).as_deref(),
                Some(plain.as_bytes())
            );
        }
        assert_eq!(decode_base32("MZ=XW6YTB"), None);
        assert_eq!(decode_base32("M"), None);
        assert_eq!(decode_base32("MZ"), None, "leftover bits must be zero");
    }

    #[test]
    fn hex_decoding() {
        assert_eq!(decode_hex("00fFaA"), Some(vec![0, 255, 170]));
        assert_eq!(decode_hex("0"), None);
        assert_eq!(decode_hex("zz"), None);
    }
}
