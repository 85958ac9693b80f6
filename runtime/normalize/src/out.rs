//! [`Out`]: what a source module writes events, rejects and skips to.

use crate::{Options, Reject, Sink, Source, Summary};
use ocsf::json::write_str;
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

    /// Write one event into the reused buffer and hand it to the sink. (Writing cannot
    /// fail, so unlike a reject an event needs neither record number nor bytes.)
    pub fn event<'a, E: ocsf::Event<'a>>(&mut self, event: &E) {
        self.buf.clear();
        event.write_json(&mut self.buf);
        check_against_serde(&self.buf, event);
        self.summary.records_in += 1;
        self.summary.events_out += 1;
        self.sink.event(event.class_uid(), &self.buf);
    }

    /// Like [`Out::event`], and the record `raw` goes into `raw_data` (when
    /// [`Options::raw_data`] is on) without a copy into the event: appended to the
    /// serialized event. The event's own `raw_data` must be unset. Invalid UTF-8 is
    /// replaced, never an error.
    pub fn event_with_raw<'a, E: ocsf::Event<'a>>(&mut self, raw: &[u8], event: &E) {
        match crate::utf8(raw) {
            Some(text) => self.emit_with_raw(text, event),
            None => self.emit_with_raw(&String::from_utf8_lossy(raw), event),
        }
    }

    /// [`Out::event_with_raw`] for a record already checked to be UTF-8 (so it is not
    /// checked twice).
    pub fn event_with_raw_text<'a, E: ocsf::Event<'a>>(&mut self, raw: &str, event: &E) {
        self.emit_with_raw(raw, event)
    }

    /// `text` is the record's `raw_data`.
    fn emit_with_raw<'a, E: ocsf::Event<'a>>(&mut self, text: &str, event: &E) {
        debug_assert!(event.base().raw_data.is_none());
        self.buf.clear();
        event.write_json(&mut self.buf);
        check_against_serde(&self.buf, event);
        if self.opts.raw_data && self.buf.last() == Some(&b'}') {
            self.buf.pop();
            if self.buf.last() != Some(&b'{') {
                self.buf.push(b',');
            }
            self.buf.extend_from_slice(b"\"raw_data\":");
            write_str(&mut self.buf, text);
            self.buf.push(b'}');
        }
        self.summary.records_in += 1;
        self.summary.events_out += 1;
        self.sink.event(event.class_uid(), &self.buf);
    }

    /// An event of class `class_uid` that `write` writes straight into the reused buffer
    /// (a source's template for its usual records, checked against the typed event by the
    /// source in debug builds; [`Out::last_event`] shows what was written).
    pub fn written_event(&mut self, class_uid: u32, write: impl FnOnce(&mut Vec<u8>)) {
        self.buf.clear();
        write(&mut self.buf);
        self.summary.records_in += 1;
        self.summary.events_out += 1;
        self.sink.event(class_uid, &self.buf);
    }

    /// The last event handed to the sink.
    pub fn last_event(&self) -> &[u8] {
        &self.buf
    }

    /// Debug builds, after a template wrote the event of a record: it must be the bytes
    /// `typed` writes for the same record (which `Out` in turn checks against serde).
    pub(crate) fn check_template(&self, typed: impl FnOnce(&mut Out<'_>)) {
        let reference = typed_bytes(self.source, self.opts, typed);
        assert!(
            self.last_event() == reference.as_slice(),
            "a template and its typed event differ ({}):\n{}\n{}",
            self.source.name(),
            String::from_utf8_lossy(self.last_event()),
            String::from_utf8_lossy(&reference)
        );
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

/// The one event `write` hands to an `Out` of `source` and `opts`, as bytes: a typed
/// event, the reference of a template (debug builds and tests compare the two). Templates
/// are only taken for records the typed path accepts, so a reject here is a bug.
pub(crate) fn typed_bytes(
    source: Source,
    opts: &Options,
    write: impl FnOnce(&mut Out<'_>),
) -> Vec<u8> {
    struct Last(Vec<u8>);
    impl Sink for Last {
        fn event(&mut self, _class_uid: u32, json: &[u8]) {
            self.0 = json.to_vec();
        }
        fn reject(&mut self, reject: Reject) {
            panic!("the typed path rejected a record a template took: {reject:?}");
        }
    }
    let mut last = Last(Vec::new());
    write(&mut Out::new(source, opts, &mut last));
    last.0
}

/// Debug builds (every test) check that the fast writer wrote exactly what serde_json
/// writes for the same event: the two writers of one struct must never drift apart.
fn check_against_serde<'a, E: ocsf::Event<'a>>(written: &[u8], event: &E) {
    if cfg!(debug_assertions) {
        let reference = serde_json::to_vec(event).expect("an OCSF event always serializes");
        assert!(
            written == reference.as_slice(),
            "WriteJson and serde disagree:\n{}\n{}",
            String::from_utf8_lossy(written),
            String::from_utf8_lossy(&reference)
        );
    }
}
