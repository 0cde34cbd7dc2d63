//! Untrusted text and bytes made safe to print: a tracker's or a torrent's text can carry
//! terminal escapes and bidi controls.

use std::fmt::Write;

/// Characters that change how the rest of a line reads without being seen: bidi overrides,
/// embeddings and isolates (U+202E can show a line backwards), marks, zero-width characters
/// and the byte-order mark, as fd's `sanitize.rs` escapes them.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Control characters (ESC, CR, …), bidi controls and zero-width characters become visible
/// escapes; everything else stays.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || is_invisible_format(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Bytes shown as text: printable ASCII as is, the rest as `\xNN`.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if (0x20..0x7f).contains(&b) && b != b'\\' {
            out.push(b as char);
        } else {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

/// `-vv`: 16 bytes a line, offset, hex and printable ASCII; at most 64 KiB shown.
pub fn hexdump(bytes: &[u8]) -> Vec<String> {
    const SHOWN: usize = 64 * 1024;
    let mut lines: Vec<String> = bytes[..bytes.len().min(SHOWN)]
        .chunks(16)
        .enumerate()
        .map(|(n, row)| {
            let hex: Vec<String> = row.iter().map(|b| format!("{b:02x}")).collect();
            let text: String = row
                .iter()
                .map(|&b| {
                    if (0x20..0x7f).contains(&b) {
                        b as char
                    } else {
                        '.'
                    }
                })
                .collect();
            format!("{:08x}  {:<47}  |{text}|", n * 16, hex.join(" "))
        })
        .collect();
    if bytes.len() > SHOWN {
        lines.push(format!("… {} more bytes", bytes.len() - SHOWN));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_neutralises_escape_sequences() {
        assert_eq!(sanitize("ok\x1b[31mred\r"), "ok\\u{1b}[31mred\\u{d}");
        assert_eq!(sanitize("café"), "café");
        assert_eq!(sanitize("a\u{202e}b\u{200b}c"), "a\\u{202e}b\\u{200b}c");
    }

    #[test]
    fn hexdump_has_offsets_hex_and_text() {
        let dump = hexdump(b"d8:intervali1800e5:peers6:\x7f\x00\x00\x01\x1a\xe1e");
        assert_eq!(dump.len(), 3);
        assert!(dump[0].starts_with("00000000  64 38 3a 69"), "{}", dump[0]);
        assert!(dump[0].ends_with("|d8:intervali1800|"), "{}", dump[0]);
        assert!(dump[2].starts_with("00000020  "), "{}", dump[2]);
    }

    #[test]
    fn escape_bytes_shows_binary() {
        assert_eq!(
            escape_bytes(b"-TC0100-\x00\xff\\"),
            "-TC0100-\\x00\\xff\\x5c"
        );
    }
}
