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
            b'x' => match (b.get(i + 2).and_then(|&c| hex(c)), b.get(i + 3).and_then(|&c| hex(c))) {
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
}
