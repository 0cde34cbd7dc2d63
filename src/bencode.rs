//! A bounded bencode decoder that keeps the raw bytes of every dictionary and list.
//!
//! Why not bendy's decoder: bendy rejects dictionaries whose keys are out of order
//! (`StructureError::UnsortedKeys`), but real .torrent files have them and libtorrent accepts
//! them (`unordered.torrent` in libtorrent's own test corpus). Hashing needs the raw span of the
//! `info` value anyway, never a re-encoding, so this decoder hands back borrowed slices.
//!
//! Strict where BEP 3 is unambiguous and a lenient reading would change a value: leading zeros,
//! `-0`, empty integers, 64-bit overflow, duplicate keys, non-string keys are errors. Unsorted
//! keys are accepted and reported through [`Dict::sorted`].
//!
//! Limits (libtorrent's `bdecode` defaults, `src/bdecode.cpp`): nesting depth 100 and
//! 2 000 000 tokens, so no input can recurse or allocate without bound.

use std::fmt;

pub const MAX_DEPTH: usize = 100;
pub const MAX_TOKENS: usize = 2_000_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Int(i64),
    Bytes(&'a [u8]),
    List(List<'a>),
    Dict(Dict<'a>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct List<'a> {
    pub items: Vec<Value<'a>>,
    /// The whole list as it stands in the input, `l` to `e`.
    pub raw: &'a [u8],
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dict<'a> {
    pub entries: Vec<(&'a [u8], Value<'a>)>,
    /// The whole dictionary as it stands in the input, `d` to `e`.
    pub raw: &'a [u8],
    /// False when the keys were not in the canonical (sorted) order.
    pub sorted: bool,
}

impl<'a> Dict<'a> {
    pub fn get(&self, key: &[u8]) -> Option<&Value<'a>> {
        self.entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
}

impl<'a> Value<'a> {
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
    pub fn as_bytes(&self) -> Option<&'a [u8]> {
        match self {
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_list(&self) -> Option<&List<'a>> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }
    pub fn as_dict(&self) -> Option<&Dict<'a>> {
        match self {
            Value::Dict(d) => Some(d),
            _ => None,
        }
    }
    /// A short name of the value's type, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Int(_) => "an integer",
            Value::Bytes(_) => "a string",
            Value::List(_) => "a list",
            Value::Dict(_) => "a dictionary",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub offset: usize,
    pub kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    Empty,
    UnexpectedEnd,
    UnexpectedByte(u8),
    IntLeadingZero,
    IntNegativeZero,
    IntEmpty,
    IntOverflow,
    LengthLeadingZero,
    LengthPastEnd(u64),
    KeyNotString,
    DuplicateKey(String),
    TooDeep,
    TooManyTokens,
    TrailingBytes(usize),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind::*;
        match &self.kind {
            Empty => write!(f, "empty input"),
            UnexpectedEnd => write!(f, "input ends too early (at byte {})", self.offset),
            UnexpectedByte(b) => write!(
                f,
                "unexpected byte {} at byte {}",
                show_byte(*b),
                self.offset
            ),
            IntLeadingZero => write!(f, "integer with a leading zero at byte {}", self.offset),
            IntNegativeZero => write!(f, "integer -0 at byte {}", self.offset),
            IntEmpty => write!(f, "empty integer at byte {}", self.offset),
            IntOverflow => write!(f, "integer does not fit in 64 bits at byte {}", self.offset),
            LengthLeadingZero => write!(
                f,
                "string length with a leading zero at byte {}",
                self.offset
            ),
            LengthPastEnd(n) => {
                write!(
                    f,
                    "string of {n} bytes at byte {} runs past the end of the input",
                    self.offset
                )
            }
            KeyNotString => write!(f, "dictionary key is not a string at byte {}", self.offset),
            DuplicateKey(k) => write!(f, "duplicate dictionary key {k:?} at byte {}", self.offset),
            TooDeep => write!(
                f,
                "nested deeper than {MAX_DEPTH} levels at byte {}",
                self.offset
            ),
            TooManyTokens => write!(f, "more than {MAX_TOKENS} values"),
            TrailingBytes(n) => write!(
                f,
                "{n} bytes of trailing data after the value at byte {}",
                self.offset
            ),
        }
    }
}

impl std::error::Error for Error {}

fn show_byte(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("0x{b:02x}")
    }
}

/// Decodes exactly one value that must fill the whole input.
pub fn decode(input: &[u8]) -> Result<Value<'_>, Error> {
    let (value, end) = decode_prefix(input)?;
    if end != input.len() {
        return Err(Error {
            offset: end,
            kind: ErrorKind::TrailingBytes(input.len() - end),
        });
    }
    Ok(value)
}

/// Decodes one value from the start of the input; returns it and where it ended.
pub fn decode_prefix(input: &[u8]) -> Result<(Value<'_>, usize), Error> {
    if input.is_empty() {
        return Err(Error {
            offset: 0,
            kind: ErrorKind::Empty,
        });
    }
    let mut parser = Parser {
        input,
        pos: 0,
        tokens: 0,
    };
    let value = parser.value(0)?;
    Ok((value, parser.pos))
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
    tokens: usize,
}

impl<'a> Parser<'a> {
    fn err<T>(&self, kind: ErrorKind) -> Result<T, Error> {
        Err(Error {
            offset: self.pos,
            kind,
        })
    }

    fn peek(&self) -> Result<u8, Error> {
        match self.input.get(self.pos) {
            Some(b) => Ok(*b),
            None => self.err(ErrorKind::UnexpectedEnd),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        self.tokens += 1;
        if self.tokens > MAX_TOKENS {
            return self.err(ErrorKind::TooManyTokens);
        }
        match self.peek()? {
            b'i' => self.int().map(Value::Int),
            b'0'..=b'9' => self.bytes().map(Value::Bytes),
            b'l' => self.list(depth + 1).map(Value::List),
            b'd' => self.dict(depth + 1).map(Value::Dict),
            other => self.err(ErrorKind::UnexpectedByte(other)),
        }
    }

    fn int(&mut self) -> Result<i64, Error> {
        let start = self.pos;
        self.pos += 1; // 'i'
        let negative = self.input.get(self.pos) == Some(&b'-');
        if negative {
            self.pos += 1;
        }
        let digits_start = self.pos;
        while self.pos < self.input.len() && self.input[self.pos].is_ascii_digit() {
            self.pos += 1;
        }
        let digits = &self.input[digits_start..self.pos];
        match self.input.get(self.pos) {
            None => return self.err(ErrorKind::UnexpectedEnd),
            Some(b'e') => {}
            Some(other) => return self.err(ErrorKind::UnexpectedByte(*other)),
        }
        let at = |kind| {
            Err(Error {
                offset: start,
                kind,
            })
        };
        if digits.is_empty() {
            return at(ErrorKind::IntEmpty);
        }
        if digits[0] == b'0' && digits.len() > 1 {
            return at(ErrorKind::IntLeadingZero);
        }
        if negative && digits == b"0" {
            return at(ErrorKind::IntNegativeZero);
        }
        let mut value: i64 = 0;
        for d in digits {
            let digit = i64::from(d - b'0');
            value = match value.checked_mul(10).and_then(|v| {
                if negative {
                    v.checked_sub(digit)
                } else {
                    v.checked_add(digit)
                }
            }) {
                Some(v) => v,
                None => return at(ErrorKind::IntOverflow),
            };
        }
        self.pos += 1; // 'e'
        Ok(value)
    }

    fn bytes(&mut self) -> Result<&'a [u8], Error> {
        let start = self.pos;
        let mut len: u64 = 0;
        while let Some(&b) = self.input.get(self.pos) {
            if !b.is_ascii_digit() {
                break;
            }
            if self.pos > start && self.input[start] == b'0' {
                return Err(Error {
                    offset: start,
                    kind: ErrorKind::LengthLeadingZero,
                });
            }
            // Saturating: any length past u64 is past the end of the input too.
            len = len.saturating_mul(10).saturating_add(u64::from(b - b'0'));
            self.pos += 1;
        }
        match self.input.get(self.pos) {
            None => return self.err(ErrorKind::UnexpectedEnd),
            Some(b':') => self.pos += 1,
            Some(other) => return self.err(ErrorKind::UnexpectedByte(*other)),
        }
        let remaining = (self.input.len() - self.pos) as u64;
        if len > remaining {
            return Err(Error {
                offset: start,
                kind: ErrorKind::LengthPastEnd(len),
            });
        }
        let end = self.pos + len as usize;
        let slice = &self.input[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn list(&mut self, depth: usize) -> Result<List<'a>, Error> {
        if depth > MAX_DEPTH {
            return self.err(ErrorKind::TooDeep);
        }
        let start = self.pos;
        self.pos += 1; // 'l'
        let mut items = Vec::new();
        while self.peek()? != b'e' {
            items.push(self.value(depth)?);
        }
        self.pos += 1;
        Ok(List {
            items,
            raw: &self.input[start..self.pos],
        })
    }

    fn dict(&mut self, depth: usize) -> Result<Dict<'a>, Error> {
        if depth > MAX_DEPTH {
            return self.err(ErrorKind::TooDeep);
        }
        let start = self.pos;
        self.pos += 1; // 'd'
        let mut entries: Vec<(&'a [u8], Value<'a>)> = Vec::new();
        let mut sorted = true;
        loop {
            let b = self.peek()?;
            if b == b'e' {
                break;
            }
            if !b.is_ascii_digit() {
                return self.err(ErrorKind::KeyNotString);
            }
            let key = self.bytes()?;
            if let Some((last, _)) = entries.last()
                && *last >= key
            {
                sorted = false;
            }
            let value = self.value(depth)?;
            entries.push((key, value));
        }
        // Only out-of-order keys can repeat one another: sorting a copy of the keys finds
        // duplicates in O(n log n) (a pairwise check would be quadratic on hostile input).
        if !sorted {
            let mut keys: Vec<(&[u8], usize)> = entries
                .iter()
                .map(|(k, _)| (*k, key_offset(self.input, k)))
                .collect();
            keys.sort();
            if let Some(pair) = keys.windows(2).find(|w| w[0].0 == w[1].0) {
                return Err(Error {
                    offset: pair[0].1.max(pair[1].1),
                    kind: ErrorKind::DuplicateKey(String::from_utf8_lossy(pair[0].0).into_owned()),
                });
            }
        }
        self.pos += 1;
        Ok(Dict {
            entries,
            raw: &self.input[start..self.pos],
            sorted,
        })
    }
}

/// Where a key's bytes start in the input (for messages): keys are subslices of it.
fn key_offset(input: &[u8], key: &[u8]) -> usize {
    (key.as_ptr() as usize).saturating_sub(input.as_ptr() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(input: &[u8]) -> ErrorKind {
        decode(input).unwrap_err().kind
    }

    #[test]
    fn decodes_nested_values_with_raw_spans() {
        let input = b"d4:infod4:name1:ae3:numi-42e1:xl1:ai0eee";
        let value = decode(input).unwrap();
        let dict = value.as_dict().unwrap();
        assert!(dict.sorted);
        assert_eq!(
            dict.get(b"info").unwrap().as_dict().unwrap().raw,
            b"d4:name1:ae"
        );
        assert_eq!(dict.get(b"num").unwrap().as_int(), Some(-42));
        assert_eq!(dict.get(b"x").unwrap().as_list().unwrap().raw, b"l1:ai0ee");
    }

    #[test]
    fn integer_rules_of_bep3() {
        assert_eq!(kind(b"i03e"), ErrorKind::IntLeadingZero);
        assert_eq!(kind(b"i-0e"), ErrorKind::IntNegativeZero);
        assert_eq!(kind(b"ie"), ErrorKind::IntEmpty);
        assert_eq!(kind(b"i9223372036854775808e"), ErrorKind::IntOverflow);
        assert_eq!(
            decode(b"i-9223372036854775808e").unwrap(),
            Value::Int(i64::MIN)
        );
        assert_eq!(kind(b"i12"), ErrorKind::UnexpectedEnd);
        assert_eq!(kind(b"i1xe"), ErrorKind::UnexpectedByte(b'x'));
    }

    #[test]
    fn string_rules() {
        assert_eq!(kind(b"03:abc"), ErrorKind::LengthLeadingZero);
        assert_eq!(kind(b"5:abc"), ErrorKind::LengthPastEnd(5));
        assert_eq!(
            kind(b"99999999999999999999999:x"),
            ErrorKind::LengthPastEnd(u64::MAX)
        );
        assert_eq!(kind(b"-3:abc"), ErrorKind::UnexpectedByte(b'-'));
        assert_eq!(decode(b"0:").unwrap(), Value::Bytes(b""));
    }

    #[test]
    fn dictionary_keys() {
        let value = decode(b"d1:bi1e1:ai2ee").unwrap();
        assert!(!value.as_dict().unwrap().sorted);
        assert_eq!(kind(b"d1:ai1e1:ai2ee"), ErrorKind::DuplicateKey("a".into()));
        assert_eq!(
            kind(b"d1:bi1e1:ai2e1:bi3ee"),
            ErrorKind::DuplicateKey("b".into())
        );
        assert_eq!(kind(b"di1ei2ee"), ErrorKind::KeyNotString);
    }

    #[test]
    fn many_unsorted_keys_decode_in_n_log_n() {
        // 200 000 reverse-sorted keys: a quadratic duplicate check would not finish in a test run.
        let mut input = b"d".to_vec();
        for i in (0..200_000u32).rev() {
            input.extend(format!("8:{i:08}i0e").as_bytes());
        }
        input.push(b'e');
        let dict = decode(&input).unwrap();
        assert_eq!(dict.as_dict().unwrap().entries.len(), 200_000);
        input.truncate(input.len() - 1);
        input.extend(b"8:00000005i0ee");
        assert_eq!(kind(&input), ErrorKind::DuplicateKey("00000005".into()));
    }

    #[test]
    fn depth_is_bounded_without_recursing_far() {
        let deep = "l".repeat(100_000) + &"e".repeat(100_000);
        assert_eq!(kind(deep.as_bytes()), ErrorKind::TooDeep);
        let ok = "l".repeat(MAX_DEPTH) + &"e".repeat(MAX_DEPTH);
        assert!(decode(ok.as_bytes()).is_ok());
    }

    #[test]
    fn trailing_bytes_are_an_error_for_decode_but_not_for_prefix() {
        assert_eq!(kind(b"i1eXX"), ErrorKind::TrailingBytes(2));
        assert_eq!(decode_prefix(b"i1eXX").unwrap(), (Value::Int(1), 3));
        assert_eq!(kind(b""), ErrorKind::Empty);
    }
}
