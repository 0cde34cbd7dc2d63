//! .torrent files (BEP 3, BEP 12, BEP 27, BEP 47, BEP 52): the info-hashes and what a tracker
//! client needs to know, checked as far as a wrong value would change the hash or the announce.
//!
//! The info-hashes are computed over the raw bytes of the `info` value exactly as they stand in
//! the file ([`crate::bencode::Dict::raw`]), never over a re-encoding: real torrents have
//! unsorted keys, and re-encoding them gives a hash no swarm uses.
//!
//! Strict where the hash would be ambiguous or the torrent cannot describe a payload (duplicate
//! keys, trailing data, missing name / piece length / pieces, a piece count that does not fit
//! the length); lenient, with a warning, where libtorrent is lenient and the answer stays clear
//! (unsorted keys, `..` in paths, a tracker list of the wrong shape, which is ignored).

use std::fmt;

use sha2::Digest;

use crate::bencode::{self, Dict, Value};
use crate::input::infohash::{InfoHashes, V1, V2};

/// What a .torrent file says, as far as trackerctl cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metainfo {
    /// v1 = SHA-1 of the raw info bytes (absent for a v2-only torrent); v2 = SHA-256 of the same
    /// bytes when the info dictionary has `meta version` 2.
    pub hashes: InfoHashes,
    /// `name`, decoded as UTF-8 with invalid bytes replaced.
    pub name: Option<String>,
    /// `name` as written.
    pub name_raw: Option<Vec<u8>>,
    /// Effective tracker tiers (BEP 12): `announce-list` when it gives at least one URL, else
    /// `[[announce]]`, else none. URLs are trimmed of surrounding whitespace; empty ones dropped.
    pub tiers: Vec<Vec<String>>,
    /// BEP 27 `private` flag (any non-zero integer, as libtorrent reads it).
    pub private: bool,
    /// Payload bytes, not counting BEP 47 pad files.
    pub total_length: Option<u64>,
    pub piece_length: u64,
    /// v1: the number of SHA-1 piece hashes; v2-only: pieces per file (each file starts a piece).
    pub num_pieces: Option<u64>,
    /// Files, not counting pad files.
    pub file_count: usize,
    /// 1, or 2 for v2-only and hybrid torrents.
    pub meta_version: u8,
    /// `[start, end)` of the info value in the input.
    pub info_span: (usize, usize),
    /// Things accepted but odd, one sentence each.
    pub warnings: Vec<String>,
}

/// Why a file is not a usable .torrent: one line for a human.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetainfoError {
    message: String,
}

impl MetainfoError {
    fn new(message: impl Into<String>) -> Self {
        MetainfoError {
            message: message.into(),
        }
    }
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for MetainfoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MetainfoError {}

type Result<T> = std::result::Result<T, MetainfoError>;

fn err<T>(message: impl Into<String>) -> Result<T> {
    Err(MetainfoError::new(message))
}

/// Parses a whole .torrent file. Linear in the input; never panics.
pub fn parse(bytes: &[u8]) -> Result<Metainfo> {
    let not_bencode = |e: bencode::Error| MetainfoError::new(format!("not bencode: {e}"));
    let (root, end) = bencode::decode_prefix(bytes).map_err(not_bencode)?;
    let mut warnings = Vec::new();
    // A line break after the dictionary (a text-mode transfer, an editor) is not data;
    // anything else after it is, and would make the file two things at once.
    let trailing = &bytes[end..];
    if !trailing.is_empty() {
        if !trailing.iter().all(u8::is_ascii_whitespace) {
            let kind = bencode::ErrorKind::TrailingBytes(trailing.len());
            return Err(not_bencode(bencode::Error { offset: end, kind }));
        }
        warnings.push(format!(
            "{} bytes of whitespace after the torrent were ignored",
            trailing.len()
        ));
    }
    let Value::Dict(root) = root else {
        return err(format!(
            "not a .torrent file: the top level is {}, not a dictionary",
            root.kind()
        ));
    };
    if !root.sorted {
        warnings
            .push("the top-level keys are not in sorted order (not canonical bencode)".to_string());
    }
    let info = match root.get(b"info") {
        None => return err("not a .torrent file: there is no 'info' dictionary"),
        Some(Value::Dict(d)) => d,
        Some(other) => return err(format!("'info' is {}, not a dictionary", other.kind())),
    };
    if !info.sorted {
        warnings.push(
            "the keys of the info dictionary are not in sorted order; hashed as written"
                .to_string(),
        );
    }
    let start = info.raw.as_ptr() as usize - bytes.as_ptr() as usize;
    let info_span = (start, start + info.raw.len());

    let name_raw = match info.get(b"name") {
        None => return err("the info dictionary has no 'name'"),
        Some(Value::Bytes(b)) => b.to_vec(),
        Some(other) => return err(format!("'name' is {}, not a string", other.kind())),
    };
    let piece_length = match info.get(b"piece length") {
        None => return err("the info dictionary has no 'piece length'"),
        Some(Value::Int(n)) if *n > 0 => *n as u64,
        Some(Value::Int(n)) => return err(format!("'piece length' is {n}; it must be above 0")),
        Some(other) => {
            return err(format!(
                "'piece length' is {}, not an integer",
                other.kind()
            ));
        }
    };
    let meta_version = match info.get(b"meta version") {
        None => 1,
        Some(Value::Int(1)) => 1,
        Some(Value::Int(2)) => 2,
        Some(Value::Int(n)) => {
            return err(format!("unsupported 'meta version' {n} (known: 1 and 2)"));
        }
        Some(other) => {
            return err(format!(
                "'meta version' is {}, not an integer",
                other.kind()
            ));
        }
    };
    let private = matches!(info.get(b"private"), Some(Value::Int(n)) if *n != 0);

    let mut hashes = InfoHashes::default();
    let v1_read;
    let pieces = info.get(b"pieces");
    if meta_version == 1 || pieces.is_some() {
        let pieces = match pieces {
            None => return err("the info dictionary has no 'pieces' (and no 'meta version' 2)"),
            Some(Value::Bytes(b)) => *b,
            Some(other) => return err(format!("'pieces' is {}, not a string", other.kind())),
        };
        if pieces.len() % 20 != 0 {
            return err(format!(
                "'pieces' is {} bytes, not a multiple of 20",
                pieces.len()
            ));
        }
        let files = v1_files(info, &mut warnings)?;
        let expected = files.total_with_pad.div_ceil(piece_length);
        let num_pieces = (pieces.len() / 20) as u64;
        if num_pieces != expected {
            return err(format!(
                "'pieces' holds {num_pieces} piece hashes, but {} bytes in pieces of {piece_length} need {expected}",
                files.total_with_pad
            ));
        }
        hashes.v1 = Some(V1(sha1_smol::Sha1::from(info.raw).digest().bytes()));
        v1_read = Some((files, num_pieces));
    } else {
        v1_read = None;
    }

    let v2_read = if meta_version == 2 {
        let mut digest = [0u8; 32];
        digest.copy_from_slice(&sha2::Sha256::digest(info.raw));
        hashes.v2 = Some(V2(digest));
        let tree = match info.get(b"file tree") {
            None => return err("'meta version' is 2 but the info dictionary has no 'file tree'"),
            Some(Value::Dict(d)) => d,
            Some(other) => {
                return err(format!("'file tree' is {}, not a dictionary", other.kind()));
            }
        };
        Some(v2_files(tree, piece_length, &mut warnings)?)
    } else {
        None
    };

    let (total_length, num_pieces, file_count) = match (v1_read, v2_read) {
        (Some((files, pieces)), _) => (files.total, pieces, files.count),
        (None, Some(files)) => (files.total, files.pieces, files.count),
        (None, None) => unreachable_state()?,
    };

    if total_length == 0 {
        warnings.push("the torrent describes 0 bytes of payload".to_string());
    }
    let tiers = tiers(&root, &mut warnings);

    Ok(Metainfo {
        hashes,
        name: Some(String::from_utf8_lossy(&name_raw).into_owned()),
        name_raw: Some(name_raw),
        tiers,
        private,
        total_length: Some(total_length),
        piece_length,
        num_pieces: Some(num_pieces),
        file_count,
        meta_version,
        info_span,
        warnings,
    })
}

/// Meta version 1 always reads v1 files and 2 always reads the file tree, so this is never
/// reached; an error rather than a panic all the same.
fn unreachable_state<T>() -> Result<T> {
    err("internal error: neither v1 nor v2 file data was read")
}

struct V1Files {
    /// Without pad files.
    total: u64,
    /// With pad files: what the v1 pieces cover.
    total_with_pad: u64,
    /// Without pad files.
    count: usize,
}

/// `what` names the dictionary in messages; only called on error, so no allocation per file.
fn length_of(dict: &Dict<'_>, what: &dyn Fn() -> String) -> Result<Option<u64>> {
    match dict.get(b"length") {
        None => Ok(None),
        Some(Value::Int(n)) if *n >= 0 => Ok(Some(*n as u64)),
        Some(Value::Int(n)) => err(format!("{} has a negative 'length' ({n})", what())),
        Some(other) => err(format!(
            "{} has a 'length' that is {}, not an integer",
            what(),
            other.kind()
        )),
    }
}

/// A file's `length`; a symlink (attr 'l') takes no payload space whatever it says (libtorrent).
fn file_length(file: &Dict<'_>, what: &dyn Fn() -> String) -> Result<u64> {
    if matches!(file.get(b"attr"), Some(Value::Bytes(a)) if a.contains(&b'l')) {
        return Ok(0);
    }
    length_of(file, what)?.ok_or_else(|| MetainfoError::new(format!("{} has no 'length'", what())))
}

fn is_pad(dict: &Dict<'_>) -> bool {
    matches!(dict.get(b"attr"), Some(Value::Bytes(a)) if a.contains(&b'p'))
}

fn add(total: u64, n: u64) -> Result<u64> {
    total
        .checked_add(n)
        .ok_or_else(|| MetainfoError::new("the file lengths add up to more than 2^64 bytes"))
}

fn warn_path<'a>(
    components: impl Iterator<Item = &'a [u8]>,
    warnings: &mut Vec<String>,
    flagged: &mut bool,
) {
    if *flagged {
        return;
    }
    for c in components {
        if c == b".." || c.contains(&b'/') || c.contains(&b'\\') {
            warnings.push(format!(
                "a file path has an unsafe component {:?} (harmless here: trackerctl writes no files)",
                String::from_utf8_lossy(c)
            ));
            *flagged = true;
            return;
        }
    }
}

/// `length` (one file) or `files` (several), never both.
fn v1_files(info: &Dict<'_>, warnings: &mut Vec<String>) -> Result<V1Files> {
    let single = length_of(info, &|| "the info dictionary".to_string())?;
    match (single, info.get(b"files")) {
        (Some(_), Some(_)) => err("the info dictionary has both 'length' and 'files'"),
        (None, None) => err("the info dictionary has neither 'length' nor 'files'"),
        (Some(n), None) => Ok(V1Files {
            total: n,
            total_with_pad: n,
            count: 1,
        }),
        (None, Some(Value::List(list))) => {
            if list.items.is_empty() {
                return err("'files' is an empty list");
            }
            let mut files = V1Files {
                total: 0,
                total_with_pad: 0,
                count: 0,
            };
            let mut flagged = false;
            for (i, item) in list.items.iter().enumerate() {
                let Value::Dict(file) = item else {
                    return err(format!(
                        "entry {} of 'files' is {}, not a dictionary",
                        i + 1,
                        item.kind()
                    ));
                };
                let what = || format!("entry {} of 'files'", i + 1);
                let length = file_length(file, &what)?;
                files.total_with_pad = add(files.total_with_pad, length)?;
                if is_pad(file) {
                    continue;
                }
                files.total = add(files.total, length)?;
                files.count += 1;
                match file.get(b"path") {
                    Some(Value::List(path)) => warn_path(
                        path.items.iter().filter_map(Value::as_bytes),
                        warnings,
                        &mut flagged,
                    ),
                    _ => {
                        if !flagged {
                            warnings.push(format!("{} has no usable 'path' list", what()));
                            flagged = true;
                        }
                    }
                }
            }
            Ok(files)
        }
        (None, Some(other)) => err(format!("'files' is {}, not a list", other.kind())),
    }
}

struct V2Files {
    total: u64,
    pieces: u64,
    count: usize,
}

/// Walks a BEP 52 `file tree` without recursion: directories are dictionaries of name → node,
/// a file is a node whose only key is "" and whose value holds `length`. The bencode decoder
/// already bounds the depth; the explicit stack keeps this walk off the call stack anyway.
fn v2_files(tree: &Dict<'_>, piece_length: u64, warnings: &mut Vec<String>) -> Result<V2Files> {
    let mut files = V2Files {
        total: 0,
        pieces: 0,
        count: 0,
    };
    let mut flagged = false;
    let mut stack: Vec<&Dict<'_>> = vec![tree];
    while let Some(dir) = stack.pop() {
        for (name, node) in &dir.entries {
            let Value::Dict(node) = node else {
                return err(format!(
                    "'file tree' entry {:?} is {}, not a dictionary",
                    String::from_utf8_lossy(name),
                    node.kind()
                ));
            };
            warn_path(std::iter::once(*name), warnings, &mut flagged);
            match node.get(b"") {
                Some(Value::Dict(file)) if node.entries.len() == 1 => {
                    let what =
                        || format!("file {:?} in 'file tree'", String::from_utf8_lossy(name));
                    let length = file_length(file, &what)?;
                    if is_pad(file) {
                        continue;
                    }
                    files.total = add(files.total, length)?;
                    files.pieces = add(files.pieces, length.div_ceil(piece_length))?;
                    files.count += 1;
                }
                Some(_) => {
                    return err(format!(
                        "'file tree' entry {:?} is neither a file nor a directory",
                        String::from_utf8_lossy(name)
                    ));
                }
                None => stack.push(node),
            }
        }
    }
    if files.count == 0 {
        return err("'file tree' holds no files");
    }
    Ok(files)
}

fn url(bytes: &[u8]) -> Option<String> {
    let s = String::from_utf8_lossy(bytes);
    let s = s.trim_matches(|c: char| c.is_ascii_whitespace());
    (!s.is_empty()).then(|| s.to_string())
}

/// BEP 12 as libtorrent reads it: tiers of `announce-list` that are lists, their string
/// items trimmed and non-empty; if that leaves nothing, `announce`.
fn tiers(root: &Dict<'_>, warnings: &mut Vec<String>) -> Vec<Vec<String>> {
    let mut tiers: Vec<Vec<String>> = Vec::new();
    match root.get(b"announce-list") {
        None => {}
        Some(Value::List(list)) => {
            let mut bad_tier = false;
            let mut bad_item = false;
            for tier in &list.items {
                let Value::List(tier) = tier else {
                    bad_tier = true;
                    continue;
                };
                let mut urls = Vec::new();
                for item in &tier.items {
                    match item {
                        Value::Bytes(b) => urls.extend(url(b)),
                        _ => bad_item = true,
                    }
                }
                if !urls.is_empty() {
                    tiers.push(urls);
                }
            }
            if bad_tier {
                warnings.push(
                    "'announce-list' has a tier that is not a list; it was ignored".to_string(),
                );
            }
            if bad_item {
                warnings.push(
                    "'announce-list' has a tracker that is not a string; it was ignored"
                        .to_string(),
                );
            }
        }
        Some(other) => warnings.push(format!(
            "'announce-list' is {}, not a list of lists; it was ignored",
            other.kind()
        )),
    }
    if tiers.is_empty() {
        match root.get(b"announce") {
            None => {}
            Some(Value::Bytes(b)) => tiers.extend(url(b).map(|u| vec![u])),
            Some(other) => warnings.push(format!(
                "'announce' is {}, not a string; it was ignored",
                other.kind()
            )),
        }
    }
    tiers
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A single-file v1 torrent of `length` bytes in 16 KiB pieces, with extra top-level and
    /// info entries spliced in (already bencoded, must keep key order themselves).
    fn torrent(top_before_info: &str, info_extra: &str, length: i64, pieces: usize) -> Vec<u8> {
        let mut out = format!("d{top_before_info}4:infod{info_extra}6:lengthi{length}e4:name5:hello12:piece lengthi16384e6:pieces{}:", pieces * 20).into_bytes();
        out.extend(std::iter::repeat_n(0xab, pieces * 20));
        out.extend_from_slice(b"ee");
        out
    }

    fn error(bytes: &[u8]) -> String {
        parse(bytes).unwrap_err().to_string()
    }

    #[test]
    fn single_file_v1() {
        let bytes = torrent("8:announce18:http://t.example/a", "", 20000, 2);
        let m = parse(&bytes).unwrap();
        let raw = &bytes[m.info_span.0..m.info_span.1];
        assert!(raw.starts_with(b"d6:length") && raw.ends_with(b"e"));
        assert_eq!(m.info_span.1, bytes.len() - 1);
        assert_eq!(
            m.hashes.v1,
            Some(V1(sha1_smol::Sha1::from(raw).digest().bytes()))
        );
        assert_eq!(m.hashes.v2, None);
        assert_eq!(m.name.as_deref(), Some("hello"));
        assert_eq!(m.tiers, vec![vec!["http://t.example/a".to_string()]]);
        assert_eq!(
            (m.total_length, m.piece_length, m.num_pieces, m.file_count),
            (Some(20000), 16384, Some(2), 1)
        );
        assert_eq!((m.meta_version, m.private), (1, false));
        assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    }

    #[test]
    fn hashes_raw_bytes_of_unsorted_info_and_warns() {
        let bytes =
            b"d4:infod4:name1:a6:lengthi1e12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee";
        let m = parse(bytes).unwrap();
        let raw = &bytes[7..bytes.len() - 1];
        assert_eq!(m.info_span, (7, bytes.len() - 1));
        assert_eq!(
            m.hashes.v1,
            Some(V1(sha1_smol::Sha1::from(raw).digest().bytes()))
        );
        assert!(
            m.warnings.iter().any(|w| w.contains("sorted")),
            "{:?}",
            m.warnings
        );
    }

    #[test]
    fn bencode_errors_say_not_bencode() {
        assert!(error(b"").starts_with("not bencode"));
        assert!(error(b"{\"a\": 1}").starts_with("not bencode"));
        assert!(error(b"d4:infoi03ee").contains("leading zero"));
        let mut two = torrent("", "", 1, 1);
        two.extend(torrent("", "", 1, 1));
        assert!(error(&two).contains("trailing"));
        let mut garbage = torrent("", "", 1, 1);
        garbage.extend(b"GARBAGE\n");
        assert!(error(&garbage).contains("8 bytes of trailing data"));
        let mut newline = torrent("", "", 1, 1);
        newline.extend(b"\r\n");
        let m = parse(&newline).unwrap();
        assert!(
            m.warnings.iter().any(|w| w.contains("whitespace")),
            "{:?}",
            m.warnings
        );
        assert!(error(b"d4:infod4:name1:ae4:infod4:name1:bee").contains("duplicate"));
    }

    #[test]
    fn structural_errors() {
        assert!(error(b"li1ee").contains("top level is a list"));
        assert!(error(b"de").contains("no 'info'"));
        assert!(error(b"d4:info3:abce").contains("'info' is a string"));
        assert!(
            error(b"d4:infod6:lengthi1e12:piece lengthi1e6:pieces20:aaaaaaaaaaaaaaaaaaaaee")
                .contains("no 'name'")
        );
        assert!(
            error(b"d4:infod6:lengthi1e4:name1:a6:pieces20:aaaaaaaaaaaaaaaaaaaaee")
                .contains("no 'piece length'")
        );
        assert!(
            error(
                b"d4:infod6:lengthi1e4:name1:a12:piece lengthi0e6:pieces20:aaaaaaaaaaaaaaaaaaaaee"
            )
            .contains("above 0")
        );
        assert!(
            error(
                b"d4:infod6:lengthi1e4:name1:a12:piece lengthi-5e6:pieces20:aaaaaaaaaaaaaaaaaaaaee"
            )
            .contains("above 0")
        );
        assert!(
            error(b"d4:infod6:lengthi1e4:name1:a12:piece lengthi16eee").contains("no 'pieces'")
        );
        assert!(error(&torrent("", "", -1, 1)).contains("negative"));
        assert!(error(&torrent("", "5:filesle", 1, 1)).contains("both 'length' and 'files'"));
        assert!(
            error(b"d4:infod4:name1:a12:piece lengthi16e6:pieces0:ee")
                .contains("neither 'length' nor 'files'")
        );
    }

    #[test]
    fn piece_count_must_fit_the_length() {
        let bad = error(&torrent("", "", 20000, 1));
        assert!(
            bad.contains("holds 1 piece hashes") && bad.contains("need 2"),
            "{bad}"
        );
        assert!(error(&torrent("", "", 16384, 2)).contains("need 1"));
        assert!(parse(&torrent("", "", 16384, 1)).is_ok());
        assert!(parse(&torrent("", "", 16385, 2)).is_ok());
        assert!(
            parse(&torrent("", "", 0, 0)).is_ok(),
            "0 bytes need 0 pieces"
        );
        let mut odd = torrent("", "", 1, 1);
        let at = odd.windows(4).position(|w| w == b"20:\xab").unwrap();
        odd.splice(at..at + 3, b"21:".iter().copied());
        odd.insert(odd.len() - 2, 0xab);
        assert_eq!(error(&odd), "'pieces' is 21 bytes, not a multiple of 20");
    }

    #[test]
    fn multi_file_with_pad_files_and_dotdot() {
        let info = "d5:filesld6:lengthi10e4:pathl1:aeed4:attr1:p6:lengthi16374e4:pathl4:.pad5:16374eed6:lengthi5e4:pathl2:..1:beee4:name1:x12:piece lengthi16384e6:pieces40:";
        let mut bytes = format!("d4:info{info}").into_bytes();
        bytes.extend([1u8; 40]);
        bytes.extend(b"ee");
        let m = parse(&bytes).unwrap();
        assert_eq!(
            (m.total_length, m.file_count, m.num_pieces),
            (Some(15), 2, Some(2))
        );
        assert!(
            m.warnings.iter().any(|w| w.contains("..")),
            "{:?}",
            m.warnings
        );
    }

    #[test]
    fn symlinks_take_no_space() {
        let info = "d5:filesld6:lengthi3e4:pathl1:aeed4:attr1:l4:pathl1:be12:symlink pathl1:aeed4:attr1:l6:lengthi99e4:pathl1:ceee4:name1:x12:piece lengthi16384e6:pieces20:";
        let mut bytes = format!("d4:info{info}").into_bytes();
        bytes.extend([1u8; 20]);
        bytes.extend(b"ee");
        let m = parse(&bytes).unwrap();
        assert_eq!((m.total_length, m.file_count), (Some(3), 3));
        let tree = "d1:ad0:d6:lengthi5eee1:bd0:d4:attr1:l12:symlink pathl1:aeeee";
        assert_eq!(parse(&v2(tree)).unwrap().total_length, Some(5));
    }

    #[test]
    fn private_flag() {
        assert!(!parse(&torrent("", "", 1, 1)).unwrap().private);
        let with = |flag: &str| {
            let mut b = b"d4:infod6:lengthi1e4:name1:a12:piece lengthi16e6:pieces20:".to_vec();
            b.extend([0u8; 20]);
            b.extend(format!("7:private{flag}ee").as_bytes());
            parse(&b).unwrap().private
        };
        assert!(with("i1e"));
        assert!(!with("i0e"));
        assert!(!with("1:1"), "a string is not the flag");
    }

    #[test]
    fn tiers_follow_bep12_like_libtorrent() {
        let t = |top: &str| parse(&torrent(top, "", 1, 1)).unwrap();
        // announce-list wins over announce; empty strings and empty tiers dropped; trimmed.
        let m = t("8:announce5:http:13:announce-listll3: a el0:el1:b1:cee");
        assert_eq!(
            m.tiers,
            vec![
                vec!["a".to_string()],
                vec!["b".to_string(), "c".to_string()]
            ]
        );
        // announce-list with nothing usable falls back to announce.
        assert_eq!(
            t("8:announce3:\tx 13:announce-listllee").tiers,
            vec![vec!["x".to_string()]]
        );
        assert_eq!(t("13:announce-listle").tiers, Vec::<Vec<String>>::new());
        // Wrong shapes are ignored with a warning.
        let m = t("8:announcei5e");
        assert!(
            m.tiers.is_empty()
                && m.warnings
                    .iter()
                    .any(|w| w.contains("'announce' is an integer"))
        );
        let m = t("8:announce1:a13:announce-list3:abc");
        assert_eq!(m.tiers, vec![vec!["a".to_string()]]);
        assert!(
            m.warnings
                .iter()
                .any(|w| w.contains("'announce-list' is a string"))
        );
        let m = t("13:announce-listl1:al1:bee");
        assert_eq!(m.tiers, vec![vec!["b".to_string()]]);
        assert!(
            m.warnings
                .iter()
                .any(|w| w.contains("tier that is not a list"))
        );
    }

    fn v2(info_tail: &str) -> Vec<u8> {
        format!("d4:infod9:file tree{info_tail}12:meta versioni2e4:name1:x12:piece lengthi16384eee")
            .into_bytes()
    }

    #[test]
    fn v2_only_file_tree() {
        let tree = "d3:dird1:ad0:d6:lengthi20000e11:pieces root0:ee1:bd0:d6:lengthi1eeee5:emptyd0:d6:lengthi0eeee";
        let bytes = v2(tree);
        let m = parse(&bytes).unwrap();
        let raw = &bytes[m.info_span.0..m.info_span.1];
        let want: [u8; 32] = sha2::Sha256::digest(raw).into();
        assert_eq!(m.hashes.v2, Some(V2(want)));
        assert_eq!(m.hashes.v1, None);
        assert_eq!(
            (m.meta_version, m.total_length, m.file_count, m.num_pieces),
            (2, Some(20001), 3, Some(3))
        );
    }

    #[test]
    fn v2_errors() {
        assert!(
            error(b"d4:infod12:meta versioni2e4:name1:x12:piece lengthi16384eee")
                .contains("no 'file tree'")
        );
        assert!(error(&v2("de")).contains("no files"));
        assert!(error(&v2("d1:ai1ee")).contains("not a dictionary"));
        assert!(error(&v2("d1:ad0:d6:lengthi-1eeee")).contains("negative"));
        assert!(
            error(&v2("d1:ad0:d6:lengthi1ee1:bdeee")).contains("neither a file nor a directory")
        );
        assert!(
            error(b"d4:infod12:meta versioni3e4:name1:x12:piece lengthi16384eee")
                .contains("meta version")
        );
    }

    #[test]
    fn deep_file_tree_is_an_error_not_a_crash() {
        let depth = 200;
        let tree = "d1:a".repeat(depth) + "d0:d6:lengthi1eee" + &"e".repeat(depth);
        assert!(error(&v2(&tree)).starts_with("not bencode"));
        let depth = 90;
        let tree = "d1:a".repeat(depth) + "d0:d6:lengthi1eee" + &"e".repeat(depth);
        assert_eq!(parse(&v2(&tree)).unwrap().total_length, Some(1));
    }

    #[test]
    fn never_panics_on_prefixes() {
        let bytes = v2("d1:ad0:d6:lengthi1eeee");
        for end in 0..bytes.len() {
            let _ = parse(&bytes[..end]);
        }
        let bytes = torrent("8:announce1:a", "5:filesld6:lengthi1eee", 1, 1);
        for end in 0..bytes.len() {
            let _ = parse(&bytes[..end]);
        }
    }
}
