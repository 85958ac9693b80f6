//! Golden-test support: run every fixture of `golden/<dir>/` through
//! `normalize::normalize` and snapshot events, rejects and counts with insta.

#![allow(dead_code)]

use normalize::{Options, Reject, Sink, Source, Summary};
use std::path::{Path, PathBuf};

/// A sink that keeps everything, in order.
#[derive(Default)]
pub struct Collect {
    pub events: Vec<(u32, String)>,
    pub rejects: Vec<Reject>,
    pub skipped: Vec<String>,
}

impl Sink for Collect {
    fn event(&mut self, class_uid: u32, json: &[u8]) {
        self.events.push((
            class_uid,
            String::from_utf8(json.to_vec()).expect("events are UTF-8"),
        ));
    }
    fn reject(&mut self, reject: Reject) {
        self.rejects.push(reject);
    }
    fn skipped(&mut self, what: &str) {
        self.skipped.push(what.to_owned());
    }
}

/// Normalize `bytes` as `source`.
pub fn run(source: Source, bytes: &[u8], raw_data: bool) -> (Collect, Summary) {
    let mut sink = Collect::default();
    let opts = Options { raw_data };
    let summary =
        normalize::normalize(source, bytes, &opts, &mut sink).expect("reading a slice cannot fail");
    (sink, summary)
}

/// The fixtures of `golden/<dir>/`, sorted.
pub fn fixtures(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("golden")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Checks every event of a run for the invariants all sources share, then renders the run
/// for a snapshot: counts, each event pretty-printed, each reject with its reason.
pub fn render(collect: &Collect, summary: &Summary) -> String {
    assert_eq!(
        summary.records_in,
        summary.events_out + summary.rejects + summary.skipped,
        "every record is an event, a reject or a skip"
    );
    assert_eq!(summary.events_out as usize, collect.events.len());
    assert_eq!(summary.rejects as usize, collect.rejects.len());
    let mut s = format!(
        "records_in: {}\nevents_out: {}\nrejects: {}\nskipped: {} {:?}\n",
        summary.records_in, summary.events_out, summary.rejects, summary.skipped, collect.skipped
    );
    for (i, (class_uid, json)) in collect.events.iter().enumerate() {
        assert!(!json.contains('\n'), "an event is one line");
        let v: serde_json::Value = serde_json::from_str(json).expect("event is JSON");
        assert_eq!(v["class_uid"].as_u64(), Some(*class_uid as u64));
        assert_eq!(v["metadata"]["version"], "1.1.0");
        let activity = v["activity_id"].as_u64().expect("activity_id");
        assert_eq!(
            v["type_uid"].as_u64(),
            Some(*class_uid as u64 * 100 + activity)
        );
        assert!(v["time"].is_i64(), "time is epoch ms");
        s.push_str(&format!(
            "\n--- event {} ---\n{}\n",
            i + 1,
            serde_json::to_string_pretty(&v).expect("pretty")
        ));
    }
    for r in &collect.rejects {
        s.push_str(&format!(
            "\n--- reject record {} ---\nreason: {}\nraw: {:?}\n",
            r.record,
            r.reason,
            String::from_utf8_lossy(&r.raw)
        ));
    }
    s
}

/// Snapshot every fixture of `golden/<dir>/` as `source` (raw_data off, to keep snapshots
/// readable; [`raw_data_is_the_record`] checks it separately).
pub fn snapshot_dir(source: Source, dir: &str) {
    for path in fixtures(dir) {
        let bytes = std::fs::read(&path).expect("fixture");
        let (collect, summary) = run(source, &bytes, false);
        let name = format!(
            "{dir}__{}",
            path.file_name().and_then(|n| n.to_str()).expect("name")
        );
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("golden")
                .join("snapshots"),
        );
        settings.set_prepend_module_to_snapshot(false);
        settings.set_input_file(&path);
        settings.bind(|| insta::assert_snapshot!(name, render(&collect, &summary)));
    }
}

/// With raw_data on, every event carries a `raw_data` that is (lossily) a record of the
/// input, and the run is otherwise the same.
pub fn raw_data_is_the_record(source: Source, dir: &str) {
    for path in fixtures(dir) {
        let bytes = std::fs::read(&path).expect("fixture");
        let input = String::from_utf8_lossy(&bytes);
        let (with, _) = run(source, &bytes, true);
        let (without, _) = run(source, &bytes, false);
        assert_eq!(with.events.len(), without.events.len());
        for (_, json) in &with.events {
            let v: serde_json::Value = serde_json::from_str(json).expect("event is JSON");
            let raw = v["raw_data"]
                .as_str()
                .unwrap_or_else(|| panic!("{}: no raw_data in {json}", path.display()));
            assert!(
                input.contains(raw),
                "{}: raw_data is not in the input: {raw}",
                path.display()
            );
        }
    }
}

/// Deterministic output: the same input gives the same bytes.
pub fn deterministic(source: Source, dir: &str) {
    for path in fixtures(dir) {
        let bytes = std::fs::read(&path).expect("fixture");
        let (a, _) = run(source, &bytes, true);
        let (b, _) = run(source, &bytes, true);
        assert_eq!(a.events, b.events, "{}", path.display());
    }
}

/// Every fixture, damaged in many deterministic ways (bytes flipped, cut, duplicated,
/// spliced with another fixture): the normalizer never panics, and every record it reads
/// comes out as an event, a reject or a skip. A cheap, always-on cousin of the fuzz targets.
pub fn survives_mutations(source: Source, dir: &str) {
    let files: Vec<Vec<u8>> = fixtures(dir)
        .iter()
        .map(|p| std::fs::read(p).expect("fixture"))
        .collect();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        // xorshift64*: deterministic, no dependency.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        seed.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    for round in 0..400 {
        let base = &files[round % files.len()];
        let mut data = base.clone();
        for _ in 0..(1 + next() % 4) {
            if data.is_empty() {
                break;
            }
            let at = (next() as usize) % data.len();
            match next() % 6 {
                0 => data[at] = next() as u8,
                1 => data.truncate(at),
                2 => {
                    let b = [b'"', b'{', b'}', b'[', b']', b'\\', b'\n', b' ', b'-', 0xff];
                    data.insert(at, b[(next() as usize) % b.len()]);
                }
                3 => {
                    let end = (at + (next() as usize) % 64).min(data.len());
                    let chunk = data[at..end].to_vec();
                    data.splice(at..at, chunk);
                }
                4 => {
                    let other = &files[(next() as usize) % files.len()];
                    let cut = (next() as usize) % (other.len() + 1);
                    data.splice(at..at, other[..cut].iter().copied());
                }
                _ => {
                    let end = (at + (next() as usize) % 16).min(data.len());
                    data.drain(at..end);
                }
            }
        }
        let (collect, summary) = run(source, &data, true);
        assert_eq!(
            summary.records_in,
            summary.events_out + summary.rejects + summary.skipped,
            "round {round}"
        );
        for (_, json) in &collect.events {
            let _: serde_json::Value =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("round {round}: {e}: {json}"));
        }
    }
}
