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
        match serde_json::to_writer(&mut self.buf, event) {
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
    /// serialized event with a `memchr`-driven escaper. The event's own `raw_data` must
    /// be unset. Invalid UTF-8 is replaced, never an error.
    pub fn event_with_raw<'a, E: ocsf::Event<'a>>(&mut self, record: u64, raw: &[u8], event: &E) {
        debug_assert!(event.base().raw_data.is_none());
        self.buf.clear();
        if let Err(e) = serde_json::to_writer(&mut self.buf, event) {
            return self.reject(record, format!("cannot serialize the event: {e}"), raw);
        }
        if self.opts.raw_data && self.buf.last() == Some(&b'}') {
            self.buf.pop();
            if self.buf.last() != Some(&b'{') {
                self.buf.push(b',');
            }
            self.buf.extend_from_slice(b"\"raw_data\":");
            match std::str::from_utf8(raw) {
                Ok(text) => write_json_str(&mut self.buf, text),
                Err(_) => write_json_str(&mut self.buf, &String::from_utf8_lossy(raw)),
            }
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

/// Append `s` as a JSON string. Text without control characters (every compact JSON
/// record, most log lines) only needs `"` and `\\` escaped: copy the runs between them.
fn write_json_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    if b.iter().any(|c| *c < 0x20) {
        // Rare: let serde_json do the full escaping. Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
        return;
    }
    out.reserve(b.len() + 2 + b.len() / 8);
    out.push(b'"');
    let mut start = 0;
    for i in memchr::memchr2_iter(b'"', b'\\', b) {
        out.extend_from_slice(&b[start..i]);
        out.push(b'\\');
        out.push(b[i]);
        start = i + 1;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
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
}
