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
