//! The CLI's own output formats, snapshotted: the text summary (timing masked) and the
//! `--rejects` lines. Parser output itself is snapshotted by the parsers' golden tests.

mod common;

use std::fs;

const INPUT: &[u8] = b"203.0.113.9 - - [10/Jan/2024:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 12 \"-\" \"curl/8.0\"\n\
this is not an access log line\n\
\n\
198.51.100.7 - bob [10/Jan/2024:10:00:01 +0000] \"POST /login HTTP/1.1\" 302 0 \"https://shop.example.com/\" \"Mozilla/5.0\"\n\
bytes \xff\xfe that are not UTF-8\n";

/// The summary with its one timing-dependent part (`in S s (R MB/s)`) masked.
fn mask_timing(summary: &str) -> String {
    summary
        .lines()
        .map(|l| match l.find(" MB in ") {
            Some(i) => format!("{} MB in [time]", &l[..i]),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn summary_and_rejects_formats() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("access.log");
    fs::write(&input, INPUT).expect("write");
    let rejects = dir.path().join("rejects.jsonl");
    let out = common::run(&[
        "--source",
        "nginx",
        "--rejects",
        rejects.to_str().expect("utf-8"),
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(common::lines(&out.stdout).len(), 2);
    let summary =
        String::from_utf8_lossy(&out.stderr).replace(input.to_str().expect("utf-8"), "access.log");
    insta::assert_snapshot!("summary_text", mask_timing(&summary));
    let rejected = fs::read_to_string(&rejects)
        .expect("rejects file")
        .replace(input.to_str().expect("utf-8"), "access.log");
    insta::assert_snapshot!("rejects_jsonl", rejected);
}
