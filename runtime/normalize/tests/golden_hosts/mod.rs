//! Robustness checks shared by the hosts helper's golden tests: every fixture, cut at many
//! offsets and with bytes overwritten, must normalize without a panic and with every
//! record accounted for (event, reject or skip). A cheap, deterministic stand-in for the
//! fuzz targets, run on every `cargo test`.

#![allow(dead_code)]

use normalize::{Options, Reject, Sink, Source};
use std::path::Path;

#[derive(Default)]
struct Count {
    events: u64,
    rejects: u64,
    skipped: u64,
}

impl Sink for Count {
    fn event(&mut self, _class_uid: u32, json: &[u8]) {
        assert!(
            serde_json::from_slice::<serde_json::Value>(json).is_ok(),
            "event is JSON"
        );
        self.events += 1;
    }
    fn reject(&mut self, r: Reject) {
        assert!(!r.reason.is_empty(), "a reject has a reason");
        self.rejects += 1;
    }
    fn skipped(&mut self, _what: &str) {
        self.skipped += 1;
    }
}

fn run(source: Source, bytes: &[u8]) {
    let mut sink = Count::default();
    let summary =
        normalize::normalize(source, bytes, &Options::default(), &mut sink).expect("a slice reads");
    assert_eq!(
        summary.records_in,
        summary.events_out + summary.rejects + summary.skipped
    );
    assert_eq!(
        (summary.events_out, summary.rejects, summary.skipped),
        (sink.events, sink.rejects, sink.skipped)
    );
}

/// xorshift64: deterministic bytes and positions without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Truncate every fixture of `golden/<dir>/` at many offsets and overwrite random bytes
/// (with quotes, brackets, backslashes, NUL, invalid UTF-8...).
pub fn mutations(source: Source, dir: &str) {
    const NASTY: &[u8] = b"\"\\[]{}:, -/\n\r\t\x00\xff\xc3{\"";
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("golden")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for path in files {
        let bytes = std::fs::read(&path).expect("fixture");
        let step = (bytes.len() / 300).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            run(source, &bytes[..cut]);
        }
        for _ in 0..200 {
            let mut m = bytes.clone();
            for _ in 0..1 + rng.next() % 8 {
                if m.is_empty() {
                    break;
                }
                let at = (rng.next() % m.len() as u64) as usize;
                m[at] = NASTY[(rng.next() % NASTY.len() as u64) as usize];
            }
            run(source, &m);
        }
    }
}
