//! What every fuzz target checks, whatever the bytes: no panic, and the records'
//! accounting holds (each record is an event, a reject with a reason, or a skip), and
//! every event is one line of valid JSON with a `class_uid`.

use normalize::{Options, Reject, Sink, Source};

#[derive(Default)]
struct Checking {
    events: u64,
    rejects: u64,
    skipped: u64,
}

impl Sink for Checking {
    fn event(&mut self, class_uid: u32, json: &[u8]) {
        self.events += 1;
        assert!(!json.contains(&b'\n'), "an event spans lines");
        let v: serde_json::Value = serde_json::from_slice(json).expect("an event is valid JSON");
        assert_eq!(v["class_uid"].as_u64(), Some(u64::from(class_uid)), "class_uid in the event differs");
    }
    fn reject(&mut self, reject: Reject) {
        self.rejects += 1;
        assert!(!reject.reason.is_empty(), "a reject without a reason");
        assert!(reject.record > 0, "records are numbered from 1");
    }
    fn skipped(&mut self, _what: &str) {
        self.skipped += 1;
    }
}

/// Runs `data` through the `source` normalizer, with and without `raw_data`.
pub fn check(source: Source, data: &[u8]) {
    for raw_data in [true, false] {
        let mut sink = Checking::default();
        let summary = normalize::normalize(source, data, &Options { raw_data }, &mut sink)
            .expect("an in-memory reader never fails");
        assert_eq!(summary.events_out, sink.events);
        assert_eq!(summary.rejects, sink.rejects);
        assert_eq!(summary.skipped, sink.skipped);
        assert_eq!(summary.records_in, sink.events + sink.rejects + sink.skipped, "a record is lost");
        assert_eq!(summary.bytes_in, data.len() as u64, "not all input was read");
    }
}
