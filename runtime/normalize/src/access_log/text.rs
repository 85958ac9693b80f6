//! Bytes of a log field to text: undo the servers' escaping, decode UTF-8 lossily.

use std::borrow::Cow;

/// Undo the escapes Apache (`\"`, `\\`, `\xhh`, `\n`, `\t`) and nginx (`\xHH`) write
/// into quoted fields, so the value is the bytes the client sent. Borrowed when there is
/// no backslash (the common case); an escape that is not one of those is kept as is.
pub(crate) fn unescape(b: &[u8]) -> Cow<'_, [u8]> {
    let Some(first) = memchr::memchr(b'\\', b) else {
        return Cow::Borrowed(b);
    };
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&b[..first]);
    let mut i = first;
    while i < b.len() {
        let c = b[i];
        if c != b'\\' || i + 1 == b.len() {
            out.push(c);
            i += 1;
            continue;
        }
        match b[i + 1] {
            b'"' => out.push(b'"'),
            b'\\' => out.push(b'\\'),
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'x' => match (
                b.get(i + 2).and_then(|&c| hex(c)),
                b.get(i + 3).and_then(|&c| hex(c)),
            ) {
                (Some(high), Some(low)) => {
                    out.push(high * 16 + low);
                    i += 4;
                    continue;
                }
                _ => out.extend_from_slice(b"\\x"),
            },
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
        i += 2;
    }
    Cow::Owned(out)
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Bytes to text; invalid UTF-8 becomes U+FFFD (the raw bytes stay in `raw_data`'s
/// source, the reject or the input). Borrowed when the bytes are valid and borrowed.
pub(crate) fn lossy(b: Cow<'_, [u8]>) -> Cow<'_, str> {
    match b {
        // `from_utf8` validates ASCII a word at a time: much faster than the lossy path
        // on the (usual) valid input.
        Cow::Borrowed(b) => match std::str::from_utf8(b) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(b),
        },
        Cow::Owned(v) => match String::from_utf8(v) {
            Ok(s) => Cow::Owned(s),
            Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        },
    }
}

/// A line whose UTF-8 validity is checked once: its fields (sub-slices handed out by the
/// parser) then become text without being validated again.
pub(crate) struct LineText<'a> {
    line: &'a [u8],
    text: Option<&'a str>,
    /// The line has a `\\` somewhere (else no field of it needs unescaping: one search for
    /// the line instead of one per field).
    backslash: bool,
}

impl<'a> LineText<'a> {
    #[cfg(test)]
    pub(crate) fn new(line: &'a [u8]) -> Self {
        Self::with_backslash(line, memchr::memchr(b'\\', line).is_some())
    }

    /// [`LineText::new`] when the caller knows whether the fields it will unescape have a
    /// backslash (`false` must mean none of them has one).
    pub(crate) fn with_backslash(line: &'a [u8], backslash: bool) -> Self {
        LineText {
            line,
            text: crate::utf8(line),
            backslash,
        }
    }

    /// The whole line (lossily decoded when it is not UTF-8).
    pub(crate) fn whole(&self) -> Cow<'a, str> {
        match self.text {
            Some(s) => Cow::Borrowed(s),
            None => String::from_utf8_lossy(self.line),
        }
    }

    /// The whole line when it is valid UTF-8.
    pub(crate) fn text(&self) -> Option<&'a str> {
        self.text
    }

    /// A field of the line as text when the line is valid UTF-8 and the field is a part
    /// of it (as the parser's fields are), cut at character boundaries.
    #[inline]
    pub(crate) fn str_of(&self, field: &'a [u8]) -> Option<&'a str> {
        let start = (field.as_ptr() as usize).wrapping_sub(self.line.as_ptr() as usize);
        let s = self.text?.get(start..start.wrapping_add(field.len()))?;
        (s.as_ptr() == field.as_ptr()).then_some(s)
    }

    /// A field of the line as text, borrowed from the line when it is valid UTF-8. A slice
    /// that is not inside the line is decoded on its own.
    #[inline]
    pub(crate) fn field(&self, field: &'a [u8]) -> Cow<'a, str> {
        match self.str_of(field) {
            Some(s) => Cow::Borrowed(s),
            None => lossy(Cow::Borrowed(field)),
        }
    }

    /// A quoted field with its escapes undone.
    #[inline]
    pub(crate) fn unescaped(&self, field: &'a [u8]) -> Cow<'a, str> {
        let in_line = self.line.as_ptr_range().start <= field.as_ptr_range().start
            && field.as_ptr_range().end <= self.line.as_ptr_range().end;
        if !self.backslash && in_line {
            return self.field(field);
        }
        match unescape(field) {
            Cow::Borrowed(b) => self.field(b),
            owned => lossy(owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert!(matches!(unescape(b"plain"), Cow::Borrowed(_)));
        assert_eq!(&*unescape(br#"a\"b\\c"#), br#"a"b\c"#);
        assert_eq!(&*unescape(br"\xD0\x9F\x41"), "\u{41f}A".as_bytes());
        assert_eq!(&*unescape(br"\xZZ\q\"), br"\xZZ\q\");
        assert_eq!(&*unescape(br"\x4"), br"\x4");
        assert_eq!(lossy(unescape(br"\xff")), "\u{fffd}");
    }

    #[test]
    fn line_text() {
        let line = "a \u{e9}t\u{e9} b".as_bytes();
        let t = LineText::new(line);
        assert!(matches!(
            t.field(&line[2..7]),
            Cow::Borrowed("\u{e9}t\u{e9}")
        ));
        assert_eq!(t.field(b"elsewhere"), "elsewhere");
        let bad = b"a \xff b";
        let t = LineText::new(bad);
        assert_eq!(t.field(&bad[2..3]), "\u{fffd}");
        assert_eq!(t.whole(), "a \u{fffd} b");
    }
}
