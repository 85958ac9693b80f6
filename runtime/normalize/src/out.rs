//! [`Out`]: what a source module writes events, rejects and skips to.

use crate::{Options, Reject, Sink, Source, Summary};
use std::borrow::Cow;

/// The output side of one [`crate::normalize`] run: serializes events into one reused
/// buffer and hands them to the [`Sink`], forwards rejects and skips, and counts.
pub struct Out<'s> {
    source: Source,
    opts: &'s Options,
    sink: &'s mut dyn Sink,
    summary: Summary,
    buf: Vec<u8>,
}

impl<'s> Out<'s> {
    pub fn new(source: Source, opts: &'s Options, sink: &'s mut dyn Sink) -> Self {
        Out {
            source,
            opts,
            sink,
            summary: Summary::default(),
            buf: Vec::with_capacity(8 * 1024),
        }
    }

    /// The source being read (for modules that serve several).
    pub fn source(&self) -> Source {
        self.source
    }

    pub fn options(&self) -> &Options {
        self.opts
    }

    /// The record as `raw_data` when [`Options::raw_data`] is on (invalid UTF-8 is
    /// replaced, never an error).
    pub fn raw<'a>(&self, bytes: &'a [u8]) -> Option<Cow<'a, str>> {
        self.opts.raw_data.then(|| String::from_utf8_lossy(bytes))
    }

    /// Serialize one event of input record `record` (raw bytes `raw`, used only if
    /// serialization fails, which would be a bug: the record is then rejected, not lost).
    pub fn event<'a, E: ocsf::Event<'a>>(&mut self, record: u64, raw: &[u8], event: &E) {
        self.buf.clear();
        match crate::ser::to_vec(&mut self.buf, event) {
            Ok(()) => {
                self.summary.records_in += 1;
                self.summary.events_out += 1;
                self.sink.event(event.class_uid(), &self.buf);
            }
            Err(e) => self.reject(record, format!("cannot serialize the event: {e}"), raw),
        }
    }

    /// Like [`Out::event`], and the record `raw` goes into `raw_data` (when
    /// [`Options::raw_data`] is on) by a faster route than serde's: appended to the
    /// serialized event with a word-at-a-time escaper. The event's own `raw_data` must
    /// be unset. Invalid UTF-8 is replaced, never an error.
    pub fn event_with_raw<'a, E: ocsf::Event<'a>>(&mut self, record: u64, raw: &[u8], event: &E) {
        match std::str::from_utf8(raw) {
            Ok(text) => self.emit_with_raw(record, raw, text, event),
            Err(_) => self.emit_with_raw(record, raw, &String::from_utf8_lossy(raw), event),
        }
    }

    /// [`Out::event_with_raw`] for a record already checked to be UTF-8 (so it is not
    /// checked twice).
    pub fn event_with_raw_text<'a, E: ocsf::Event<'a>>(&mut self, record: u64, raw: &str, event: &E) {
        self.emit_with_raw(record, raw.as_bytes(), raw, event)
    }

    /// `raw` is the record as read (kept whole if it is rejected), `text` its `raw_data`.
    fn emit_with_raw<'a, E: ocsf::Event<'a>>(&mut self, record: u64, raw: &[u8], text: &str, event: &E) {
        debug_assert!(event.base().raw_data.is_none());
        self.buf.clear();
        if let Err(e) = crate::ser::to_vec(&mut self.buf, event) {
            return self.reject(record, format!("cannot serialize the event: {e}"), raw);
        }
        if self.opts.raw_data && self.buf.last() == Some(&b'}') {
            self.buf.pop();
            if self.buf.last() != Some(&b'{') {
                self.buf.push(b',');
            }
            self.buf.extend_from_slice(b"\"raw_data\":");
            write_json_str(&mut self.buf, text);
            self.buf.push(b'}');
        }
        self.summary.records_in += 1;
        self.summary.events_out += 1;
        self.sink.event(event.class_uid(), &self.buf);
    }

    /// Reject input record `record` with a reason for people; `raw` is kept as read.
    pub fn reject(&mut self, record: u64, reason: impl Into<String>, raw: &[u8]) {
        self.summary.records_in += 1;
        self.summary.rejects += 1;
        self.sink.reject(Reject {
            record,
            reason: reason.into(),
            raw: raw.to_vec(),
        });
    }

    /// Count a record that is deliberately not an event (header, comment, digest file).
    pub fn skip(&mut self, what: &str) {
        self.summary.records_in += 1;
        self.summary.skipped += 1;
        self.sink.skipped(what);
    }

    /// The counts so far (`bytes_in` is filled in by [`crate::normalize`]).
    pub fn finish(self) -> Summary {
        self.summary
    }
}

/// Append `s` as a JSON string, escaped byte for byte as serde_json escapes it.
///
/// Events are many short strings and a record has a `"` every few bytes, so neither a
/// find-next-quote loop (`memchr`) nor copying the runs between quotes (a `memcpy` call
/// each) pays off. Instead eight bytes are tested at once (SWAR, safe code) for `"`,
/// `\\` and control characters and stored as one 8-byte word; the short tail goes byte
/// by byte.
pub(crate) fn write_json_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2 + 8);
    out.push(b'"');
    let mut i = 0;
    while let Some(word) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        // A fixed-size copy is one store; bytes from an escape on are cut off again.
        out.extend_from_slice(&w);
        let hits = needs_escape(u64::from_le_bytes(w));
        if hits == 0 {
            i += 8;
            continue;
        }
        // The lowest flagged byte is exact (see `needs_escape`).
        let j = (hits.trailing_zeros() / 8) as usize;
        out.truncate(out.len() - 8 + j);
        escape_byte(out, w[j]);
        i += j + 1;
    }
    for &c in &b[i..] {
        if c < 0x20 || c == b'"' || c == b'\\' {
            escape_byte(out, c);
        } else {
            out.push(c);
        }
    }
    out.push(b'"');
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` (little-endian) that is `"`, `\\` or below 0x20.
/// Borrows can flag bytes above a flagged one wrongly, never below: the lowest flag is
/// exact, which is all the caller uses.
fn needs_escape(w: u64) -> u64 {
    let zero = |v: u64| v.wrapping_sub(ONES) & !v;
    let quote = zero(w ^ (ONES * u64::from(b'"')));
    let backslash = zero(w ^ (ONES * u64::from(b'\\')));
    let control = w.wrapping_sub(ONES * 0x20) & !w;
    (quote | backslash | control) & HIGH
}

/// serde_json's escape of one byte: short forms where JSON has them, else `\u00xx`.
#[inline]
fn escape_byte(out: &mut Vec<u8>, c: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match c {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0A => b'n',
        0x0C => b'f',
        0x0D => b'r',
        _ => {
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(c >> 4)], HEX[usize::from(c & 0xF)]]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

#[cfg(test)]
mod tests {
    use super::write_json_str;

    #[test]
    fn json_strings_match_serde() {
        for s in ["", "plain", r#"{"a":"b\\c"}"#, "tab\there", "nl\n\r", "\u{1}", "é \u{2028} 𝄞", "\"\"\\"] {
            let mut out = Vec::new();
            write_json_str(&mut out, s);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    /// Strings made only of escapes (the most output per input byte), after other output.
    #[test]
    fn dense_escapes_match_serde() {
        for n in [1, 7, 8, 9, 31, 100] {
            for c in ["\"", "\\", "\n", "\u{1}", "\u{1f}é"] {
                let s = c.repeat(n);
                let mut out = b"prefix".to_vec();
                write_json_str(&mut out, &s);
                assert_eq!(out, [b"prefix".to_vec(), serde_json::to_vec(&s).unwrap()].concat(), "{s:?}");
            }
        }
    }

    /// Every byte that needs escaping, at every offset of an 8-byte word, next to others.
    #[test]
    fn escapes_match_serde_at_every_offset() {
        let specials: Vec<char> = (0u8..0x20).map(char::from).chain(['"', '\\', '\u{7f}', 'é', '/']).collect();
        for c in specials {
            for pad in 0..20 {
                for tail in [0, 1, 7, 9] {
                    let s = format!("{}{c}{}{c}\"x{}", "a".repeat(pad), "b".repeat(tail), "€".repeat(tail));
                    let mut out = Vec::new();
                    write_json_str(&mut out, &s);
                    assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&s).unwrap(), "{s:?}");
                }
            }
        }
    }
}
