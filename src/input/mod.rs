//! Turning TORRENT arguments (.torrent, magnet, raw hash) into targets.

pub mod infohash;
pub mod list;
pub mod magnet;
pub mod metainfo;

use std::io::Read;
use std::path::Path;

use crate::error::Error;
use infohash::InfoHashes;

/// .torrent files bigger than this are refused before reading: real ones are at most a few MB
/// (a 4 MB info dict already holds 200 000 pieces), so 64 MiB bounds memory with room to spare.
pub const MAX_TORRENT_BYTES: u64 = 64 * 1024 * 1024;

/// Where a target came from, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    File(String),
    Stdin,
    Magnet,
    Hash,
}

/// One torrent to talk about: its hashes, its trackers by tier, and what is known of it.
#[derive(Clone, Debug)]
pub struct Target {
    pub source: Source,
    pub name: Option<String>,
    pub hashes: InfoHashes,
    /// Tracker URLs as written, by tier (BEP 12); empty for a bare hash.
    pub tiers: Vec<Vec<String>>,
    pub total_length: Option<u64>,
    pub private: bool,
    /// Things accepted but worth a word in `-v`.
    pub warnings: Vec<String>,
}

impl Target {
    /// A raw info-hash: nothing known but the hash.
    pub fn raw(hashes: InfoHashes) -> Target {
        Target {
            source: Source::Hash,
            name: None,
            hashes,
            tiers: Vec::new(),
            total_length: None,
            private: false,
            warnings: Vec::new(),
        }
    }

    pub fn describe(&self) -> String {
        match &self.source {
            Source::File(path) => path.clone(),
            Source::Stdin => "<stdin>".to_string(),
            Source::Magnet => "magnet link".to_string(),
            Source::Hash => "info-hash".to_string(),
        }
    }
}

/// Reads one TORRENT argument. `stdin` is read at most once per run (the caller checks).
pub fn resolve(arg: &str, stdin: &mut dyn Read) -> Result<Target, Error> {
    if arg == "-" {
        let bytes = read_capped(stdin, "<stdin>")?;
        return from_metainfo(&bytes, Source::Stdin);
    }
    if arg.len() >= 7 && arg[..7].eq_ignore_ascii_case("magnet:") {
        let m = magnet::parse(arg).map_err(|e| {
            Error::input(format!("bad magnet link: {e}")).with_hint(
                "a magnet link needs xt=urn:btih:<40 hex or 32 base32> or xt=urn:btmh:1220<64 hex>",
            )
        })?;
        return Ok(Target {
            source: Source::Magnet,
            name: m.name,
            hashes: m.hashes,
            tiers: m.trackers.into_iter().map(|t| vec![t]).collect(),
            total_length: m.exact_length,
            private: false,
            warnings: Vec::new(),
        });
    }
    let path = Path::new(arg);
    if !path.exists() {
        if let Some(hashes) = infohash::parse_raw(arg) {
            return Ok(Target::raw(hashes));
        }
        return Err(not_a_torrent(arg));
    }
    let file =
        std::fs::File::open(path).map_err(|e| Error::input(format!("{arg}: cannot open: {e}")))?;
    let bytes = read_capped(&mut std::io::BufReader::new(file), arg)?;
    from_metainfo(&bytes, Source::File(arg.to_string()))
}

/// What a TORRENT argument that is no file, magnet or info-hash most likely is. The caller
/// redacts the echo (a tracker URL here usually carries a passkey).
fn not_a_torrent(arg: &str) -> Error {
    const FORMS: &str = "TORRENT is a .torrent file, '-', a magnet link or an info-hash (40 hex, 32 base32, 64 hex)";
    if arg.contains("://") {
        return Error::input(format!("{arg}: a tracker URL, not a TORRENT"))
            .with_hint("a tracker URL goes after --tracker URL (added as a tier) or --only-tracker URL (only it); TORRENT is a .torrent file, a magnet link or an info-hash");
    }
    let digits = arg.trim();
    if digits.len() >= 20 && digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Error::input(format!(
            "{arg}: looks like an info-hash but has {} hex digits",
            digits.len()
        ))
        .with_hint("a v1 info-hash has 40 hex digits (or 32 base32 characters), a v2 one 64 hex digits: check the copy for a lost or extra character");
    }
    Error::input(format!("{arg}: no such file")).with_hint(FORMS)
}

fn read_capped(reader: &mut dyn Read, what: &str) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_TORRENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::input(format!("{what}: cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_TORRENT_BYTES {
        return Err(Error::input(format!(
            "{what}: larger than 64 MiB, not a .torrent file"
        )));
    }
    Ok(bytes)
}

fn from_metainfo(bytes: &[u8], source: Source) -> Result<Target, Error> {
    let shown = match &source {
        Source::File(p) => p.clone(),
        _ => "<stdin>".to_string(),
    };
    let meta = metainfo::parse(bytes).map_err(|e| {
        let err = Error::input(format!("{shown}: {e}"));
        match bytes.first() {
            Some(b'<') => err.with_hint(
                "this is HTML, not a .torrent file: was it downloaded from a login page?",
            ),
            Some(0x1f) => err.with_hint("this is gzip-compressed: decompress it first (gunzip)"),
            Some(b'{') => err.with_hint("this is JSON, not a .torrent file"),
            _ => err,
        }
    })?;
    Ok(Target {
        source,
        name: meta.name,
        hashes: meta.hashes,
        tiers: meta.tiers,
        total_length: meta.total_length,
        private: meta.private,
        warnings: meta.warnings,
    })
}
