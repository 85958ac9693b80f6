//! Small in-memory [`Sink`]s for handlers whose input is one small record or event.

use normalize::{Reject, Sink};

/// Collects events as newline-terminated JSON lines, and rejects.
#[derive(Debug, Default)]
pub struct Collect {
    /// Every event, each followed by `\n` (what Firehose concatenates into S3 objects).
    pub lines: Vec<u8>,
    /// Each event's class, in order.
    pub classes: Vec<u32>,
    pub rejects: Vec<Reject>,
    pub skipped: u64,
}

impl Collect {
    /// The events one by one (without their newlines).
    pub fn events(&self) -> impl Iterator<Item = &[u8]> {
        self.lines.split(|&b| b == b'\n').filter(|l| !l.is_empty())
    }
}

impl Sink for Collect {
    fn event(&mut self, class_uid: u32, json: &[u8]) {
        self.lines.extend_from_slice(json);
        self.lines.push(b'\n');
        self.classes.push(class_uid);
    }
    fn reject(&mut self, reject: Reject) {
        self.rejects.push(reject);
    }
    fn skipped(&mut self, _what: &str) {
        self.skipped += 1;
    }
}

/// One rejected record as a JSON line (newline included), the shape
/// `sds-normalize --rejects` writes.
pub fn reject_line(origin: &str, reject: &Reject) -> Vec<u8> {
    let mut line = Vec::with_capacity(reject.raw.len() + 128);
    // Writing to a Vec cannot fail; serialization of strings and numbers cannot either.
    let _ = sds_normalize::sink::write_reject(&mut line, origin, reject);
    line
}
