//! The CLI's [`Sink`]: events to stdout as JSON lines, rejects to the `--rejects` file,
//! and a [`Tally`] of everything for the summary.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

use base64::Engine as _;
use normalize::{Reject, Sink};
use serde::Serialize;

/// Counts across every input of one run.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Tally {
    pub files: u64,
    pub records_in: u64,
    pub events_out: u64,
    pub rejects: u64,
    pub skipped: u64,
    /// Decompressed bytes read.
    pub bytes_in: u64,
    /// Events per OCSF `class_uid`.
    pub events_by_class: BTreeMap<u32, u64>,
    /// Rejects per reason kind (see [`reason_kind`]).
    pub rejects_by_reason: BTreeMap<String, u64>,
    /// Deliberately skipped records per what the parser called them.
    pub skipped_by_what: BTreeMap<String, u64>,
    /// Files that could not be read to the end.
    pub io_errors: u64,
}

impl Tally {
    /// Adds another tally's counts to this one (keeps `files` and `io_errors`).
    pub fn add(&mut self, o: &Tally) {
        self.records_in += o.records_in;
        self.events_out += o.events_out;
        self.rejects += o.rejects;
        self.skipped += o.skipped;
        self.bytes_in += o.bytes_in;
        for (k, v) in &o.events_by_class {
            *self.events_by_class.entry(*k).or_default() += v;
        }
        for (k, v) in &o.rejects_by_reason {
            *self.rejects_by_reason.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.skipped_by_what {
            *self.skipped_by_what.entry(k.clone()).or_default() += v;
        }
    }
}

/// One line of the `--rejects` file.
#[derive(Serialize)]
struct RejectLine<'a> {
    /// The input's name (`-` for stdin).
    file: &'a str,
    /// 1-based record number within that input.
    record: u64,
    reason: &'a str,
    /// The record as text; invalid UTF-8 is replaced by U+FFFD here...
    raw: Cow<'a, str>,
    /// ...and then the exact bytes are also here, base64-encoded, so nothing is lost.
    #[serde(skip_serializing_if = "Option::is_none")]
    raw_base64: Option<String>,
}

/// Writes events and rejects for one input and tallies them.
pub struct CliSink<'a> {
    pub out: &'a mut dyn Write,
    pub rejects: Option<&'a mut dyn Write>,
    pub file: &'a str,
    pub tally: &'a mut Tally,
    /// The first write error (stdout closed, disk full): the `Sink` trait cannot return it,
    /// so it is kept here and reported after the input is done.
    pub error: Option<io::Error>,
}

impl<'a> CliSink<'a> {
    pub fn new(
        out: &'a mut dyn Write,
        rejects: Option<&'a mut dyn Write>,
        file: &'a str,
        tally: &'a mut Tally,
    ) -> Self {
        CliSink {
            out,
            rejects,
            file,
            tally,
            error: None,
        }
    }

    fn keep_error(&mut self, r: io::Result<()>) {
        if let Err(e) = r {
            self.error.get_or_insert(e);
        }
    }
}

impl Sink for CliSink<'_> {
    fn event(&mut self, class_uid: u32, json: &[u8]) {
        self.tally.events_out += 1;
        *self.tally.events_by_class.entry(class_uid).or_default() += 1;
        if self.error.is_none() {
            let r = self
                .out
                .write_all(json)
                .and_then(|_| self.out.write_all(b"\n"));
            self.keep_error(r);
        }
    }

    fn reject(&mut self, reject: Reject) {
        self.tally.rejects += 1;
        *self
            .tally
            .rejects_by_reason
            .entry(reason_kind(&reject.reason))
            .or_default() += 1;
        let Some(w) = self.rejects.as_mut() else {
            return;
        };
        if self.error.is_some() {
            return;
        }
        let r = write_reject(&mut **w, self.file, &reject);
        self.keep_error(r);
    }

    fn skipped(&mut self, what: &str) {
        self.tally.skipped += 1;
        *self
            .tally
            .skipped_by_what
            .entry(what.to_string())
            .or_default() += 1;
    }
}

/// Writes one reject as a JSON line: `{"file","record","reason","raw"[,"raw_base64"]}`.
pub fn write_reject(w: &mut dyn Write, file: &str, reject: &Reject) -> io::Result<()> {
    let exact = std::str::from_utf8(&reject.raw).is_ok();
    let line = RejectLine {
        file,
        record: reject.record,
        reason: &reject.reason,
        raw: String::from_utf8_lossy(&reject.raw),
        raw_base64: (!exact).then(|| base64::engine::general_purpose::STANDARD.encode(&reject.raw)),
    };
    serde_json::to_writer(&mut *w, &line).map_err(io::Error::from)?;
    w.write_all(b"\n")
}

/// Groups reasons for the summary: the text before the first `: `, digit runs as `N`, so
/// "invalid JSON at column 12: expected value" and "... column 40: ..." count together.
pub fn reason_kind(reason: &str) -> String {
    let head = reason.split(": ").next().unwrap_or(reason).trim();
    let mut kind = String::with_capacity(head.len());
    let mut in_digits = false;
    for c in head.chars().take(120) {
        if c.is_ascii_digit() {
            if !in_digits {
                kind.push('N');
            }
            in_digits = true;
        } else {
            kind.push(c);
            in_digits = false;
        }
    }
    kind
}

/// Human names of the OCSF classes the normalizers produce, for the summary.
pub fn class_name(class_uid: u32) -> &'static str {
    match class_uid {
        2002 => "Vulnerability Finding",
        2003 => "Compliance Finding",
        2004 => "Detection Finding",
        3001 => "Account Change",
        3002 => "Authentication",
        4001 => "Network Activity",
        4002 => "HTTP Activity",
        4003 => "DNS Activity",
        6003 => "API Activity",
        _ => "other class",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_kinds_group_numbers_and_details() {
        assert_eq!(
            reason_kind("invalid JSON at column 12: expected value"),
            "invalid JSON at column N"
        );
        assert_eq!(reason_kind("line too long"), "line too long");
        assert_eq!(
            reason_kind("no [dd/Mon/yyyy:HH:MM:SS zone] timestamp: x"),
            "no [dd/Mon/yyyy:HH:MM:SS zone] timestamp"
        );
    }

    #[test]
    fn rejects_keep_exact_bytes() {
        let mut out = Vec::new();
        let mut rej = Vec::new();
        let mut tally = Tally::default();
        {
            let mut s = CliSink::new(&mut out, Some(&mut rej), "f.log", &mut tally);
            s.reject(Reject {
                record: 3,
                reason: "bad: x".into(),
                raw: vec![b'a', 0xff, b'b'],
            });
            s.event(4002, b"{}");
            s.skipped("header");
        }
        assert_eq!(out, b"{}\n");
        let line: serde_json::Value = serde_json::from_slice(&rej).expect("reject line is JSON");
        assert_eq!(line["file"], "f.log");
        assert_eq!(line["record"], 3);
        assert_eq!(line["raw"], "a\u{fffd}b");
        let b = line["raw_base64"].as_str().expect("base64 present");
        assert_eq!(
            base64::engine::general_purpose::STANDARD
                .decode(b)
                .expect("b64"),
            vec![b'a', 0xff, b'b']
        );
        assert_eq!((tally.events_out, tally.rejects, tally.skipped), (1, 1, 1));
    }
}
