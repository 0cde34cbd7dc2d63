//! Who this peer is to a tracker: peer_id and key, made from the run's randomness (the OS
//! generator, `env::OsRandom`), or parsed from what the user gave.

use crate::env::Random;
use crate::error::Error;

/// libtorrent's peer-id alphabet (`src/string_util.cpp:115-125`): never needs escaping.
const PEER_ID_CHARS: &[u8] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_.!~*()";

/// `-TC0100-` (trackerctl 0.1.0, Azureus style) and 12 random characters.
pub fn new_peer_id(random: &dyn Random) -> [u8; 20] {
    let mut id = [0u8; 20];
    let version: String = env!("CARGO_PKG_VERSION").split('.').take(3).collect();
    let prefix = format!("-TC{:0<4}-", &version[..version.len().min(4)]);
    id[..8].copy_from_slice(&prefix.as_bytes()[..8]);
    let mut bits = random.u64();
    for (i, slot) in id[8..].iter_mut().enumerate() {
        if i == 6 {
            bits = random.u64();
        }
        *slot = PEER_ID_CHARS[(bits % PEER_ID_CHARS.len() as u64) as usize];
        bits /= PEER_ID_CHARS.len() as u64;
    }
    id
}

/// `--peer-id`: 20 bytes as text, or 40 hex digits.
pub fn parse_peer_id(s: &str) -> Result<[u8; 20], Error> {
    if s.len() == 40
        && let Ok(bytes) = hex::decode(s)
    {
        return Ok(bytes.try_into().expect("40 hex digits are 20 bytes"));
    }
    s.as_bytes().try_into().map_err(|_| {
        Error::input(format!(
            "--peer-id must be 20 bytes (or 40 hex digits), not {} bytes",
            s.len()
        ))
    })
}

/// `--key`: up to 8 hex digits.
pub fn parse_key(s: &str) -> Result<u32, Error> {
    if s.is_empty() || s.len() > 8 {
        return Err(Error::input(format!(
            "--key must be 1 to 8 hex digits, not '{s}'"
        )));
    }
    u32::from_str_radix(s, 16)
        .map_err(|_| Error::input(format!("--key must be hex digits, not '{s}'")))
}
