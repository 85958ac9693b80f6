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
