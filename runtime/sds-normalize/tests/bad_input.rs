//! Bad input through the `sds-normalize` binary: never a panic, never a lost record.
//! Every ugly input is either accounted record by record (events + rejects with reasons
//! + skips = records) or, when it cannot be read at all, one clear error and exit 1.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
fn garbage(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("gzip in memory");
    e.finish().expect("gzip finish")
}

const NGINX_LINE: &str =
    "203.0.113.9 - - [10/Jan/2024:10:00:00 +0000] \"GET /a?b=c HTTP/1.1\" 200 12 \"-\" \"curl/8.0\"\n";

/// Runs one input file; checks the process did not panic, and that the summary, stdout
/// and the rejects file agree record by record. Returns (exit code, summary, rejects).
fn run_checked(
    source: &str,
    path: &Path,
    what: &str,
) -> (i32, serde_json::Value, Vec<serde_json::Value>) {
    let rejects = path.with_extension("rejects.jsonl");
    let out = common::run_json(source, path, &rejects);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "{what} as {source}: exit {code} (a panic is 101):\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "{what} as {source}: panic:\n{stderr}"
    );
    let s = common::summary(&out.stderr);
    let n = |k| common::count(&s, k);
    assert_eq!(
        n("records_in"),
        n("events_out") + n("rejects") + n("skipped"),
        "{what} as {source}: {s}"
    );
    assert_eq!(
        common::lines(&out.stdout).len() as u64,
        n("events_out"),
        "{what} as {source}: stdout vs summary"
    );
    let rejected: Vec<serde_json::Value> = common::lines(&fs::read(&rejects).unwrap_or_default())
        .iter()
        .map(|l| serde_json::from_slice(l).expect("reject line is JSON"))
        .collect();
    assert_eq!(
        rejected.len() as u64,
        n("rejects"),
        "{what} as {source}: rejects file vs summary"
    );
    for r in &rejected {
        assert!(
            r["reason"].as_str().is_some_and(|t| !t.is_empty()),
            "{what} as {source}: reject without reason: {r}"
        );
    }
    for e in common::lines(&out.stdout) {
        let v: serde_json::Value = serde_json::from_slice(e).expect("event is JSON");
        assert!(
            v["class_uid"].is_u64(),
            "{what} as {source}: event without class_uid"
        );
    }
    (code, s, rejected)
}

#[test]
fn every_source_survives_every_ugly_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ten_mb = b"{\"a\":\"".to_vec();
    ten_mb.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    ten_mb.extend_from_slice(b"\"}\n");
    let mut ten_mb_text = b"203.0.113.9 - - [10/Jan/2024:10:00:00 +0000] \"GET /".to_vec();
    ten_mb_text.extend(std::iter::repeat_n(b'a', 10 * 1024 * 1024));
    ten_mb_text.extend_from_slice(b" HTTP/1.1\" 200 1 \"-\" \"-\"\n");
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("binary garbage", garbage(256 * 1024, 7)),
        (
            "garbage with newlines",
            garbage(64 * 1024, 11)
                .iter()
                .map(|&b| if b % 17 == 0 { b'\n' } else { b })
                .collect(),
        ),
        (
            "invalid JSON",
            b"{\"Records\":[{\"eventVersion\":\"1.08\",\n{\"a\":}\n[1,2\n}\n".to_vec(),
        ),
        (
            "invalid UTF-8",
            b"{\"webaclId\":\"\xff\xfe\",\"x\":\"\xc3\x28\"}\n\xff\xfe\xfd line\n".to_vec(),
        ),
        ("NUL bytes", vec![0u8; 4096]),
        ("a 10 MB JSON line", ten_mb),
        ("a 10 MB text line", ten_mb_text),
        (
            "CRLF and blank lines",
            format!("\r\n\r\n{}\r\n\r\n", NGINX_LINE.trim_end()).into_bytes(),
        ),
        (
            "deep JSON nesting",
            format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
        ),
        ("empty", Vec::new()),
    ];
    for source in normalize::Source::ALL.map(normalize::Source::name) {
        for (what, bytes) in &inputs {
            let path = dir
                .path()
                .join(format!("{source}-{}.in", what.replace(' ', "_")));
            fs::write(&path, bytes).expect("write input");
            let (code, _, _) = run_checked(source, &path, what);
            assert_eq!(code, 0, "{what} as {source}: readable input must exit 0");
        }
    }
}

#[test]
fn wrong_source_gives_rejects_with_reasons() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nginx = dir.path().join("access.log");
    fs::write(&nginx, NGINX_LINE.repeat(5)).expect("write");
    for source in [
        "cloudtrail",
        "waf",
        "vpcflow",
        "alb",
        "health",
        "securityhub",
        "suricata",
    ] {
        let (code, s, rejected) = run_checked(source, &nginx, "an nginx log");
        assert_eq!(code, 0);
        assert_eq!(
            common::count(&s, "events_out"),
            0,
            "an nginx log as {source} gave events"
        );
        assert!(
            !rejected.is_empty(),
            "an nginx log as {source} gave no rejects: {s}"
        );
    }
    let ct = dir.path().join("ct.json");
    fs::write(&ct, r#"{"Records":[{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","eventID":"x","recipientAccountId":"111122223333"}]}"#).expect("write");
    for source in ["nginx", "apache", "squid", "vpcflow", "elb"] {
        let (code, s, rejected) = run_checked(source, &ct, "a CloudTrail file");
        assert_eq!(code, 0);
        assert_eq!(
            common::count(&s, "events_out"),
            0,
            "CloudTrail as {source} gave events"
        );
        assert!(
            !rejected.is_empty(),
            "CloudTrail as {source} gave no rejects"
        );
    }
}

#[test]
fn headerless_vpc_flow_file_is_accounted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("vpc.log");
    // Default v2 lines, no header line (CloudWatch Logs delivery has none).
    fs::write(
        &p,
        "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n\
         2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA\n",
    )
    .expect("write");
    let (code, s, rejected) = run_checked("vpcflow", &p, "a header-less VPC flow file");
    assert_eq!(code, 0);
    assert_eq!(common::count(&s, "records_in"), 2, "{s}");
    println!("header-less VPC: {s}\nrejects: {rejected:?}");
}

#[test]
fn truncated_gzip_is_reported_and_the_next_file_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let full = gzip(NGINX_LINE.repeat(20_000).as_bytes());
    let cut = dir.path().join("cut.log.gz");
    fs::write(&cut, &full[..full.len() / 2]).expect("write");
    let good = dir.path().join("good.log.gz");
    fs::write(&good, gzip(NGINX_LINE.repeat(3).as_bytes())).expect("write");
    let out = common::run(&[
        "--source",
        "nginx",
        "--summary",
        "json",
        cut.to_str().expect("p"),
        good.to_str().expect("p"),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a truncated gzip is an I/O error: {stderr}"
    );
    assert!(
        stderr.contains("cut.log.gz") && stderr.contains("truncated"),
        "clear message naming the file: {stderr}"
    );
    let events = common::lines(&out.stdout).len();
    // Events before the cut are kept, and the good file after it is read too.
    assert!(events > 3 + 1000, "{events} events");
    let s = common::summary(&out.stderr);
    assert_eq!(common::count(&s, "io_errors"), 1);
    assert_eq!(common::count(&s, "events_out") as usize, events);
}

#[test]
fn unreadable_inputs_and_usage_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("good.log");
    fs::write(&good, NGINX_LINE).expect("write");
    // A missing file: one clear error, the other file is still read, exit 1.
    let out = common::run(&[
        "--source",
        "nginx",
        "/nonexistent/file.log",
        good.to_str().expect("p"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/file.log: cannot open"));
    assert_eq!(common::lines(&out.stdout).len(), 1);
    // A directory is not a file.
    let out = common::run(&["--source", "nginx", dir.path().to_str().expect("p")]);
    assert_eq!(out.status.code(), Some(1));
    // Unknown source name: a usage error, exit 2, the names listed.
    let out = common::run(&["--source", "syslog", good.to_str().expect("p")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cloudtrail"));
    // Missing --source.
    assert_eq!(
        common::run(&[good.to_str().expect("p")]).status.code(),
        Some(2)
    );
    // `auto` on something no source claims: a clear error.
    let junk = dir.path().join("junk.bin");
    fs::write(&junk, garbage(1000, 3)).expect("write");
    let out = common::run(&["--source", "auto", junk.to_str().expect("p")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pass --source"));
}

#[test]
fn stdin_dash_and_auto_detection() {
    let mut child = Command::new(common::binary())
        .args(["--source", "auto", "--summary", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let input = gzip(NGINX_LINE.repeat(4).as_bytes());
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(common::lines(&out.stdout).len(), 4);
}

#[test]
fn raw_data_switch() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("a.log");
    fs::write(&p, NGINX_LINE).expect("write");
    let with: serde_json::Value =
        serde_json::from_slice(&common::run(&["--source", "nginx", p.to_str().expect("p")]).stdout)
            .expect("json");
    assert_eq!(with["raw_data"].as_str(), Some(NGINX_LINE.trim_end()));
    let without: serde_json::Value = serde_json::from_slice(
        &common::run(&["--source", "nginx", "--no-raw-data", p.to_str().expect("p")]).stdout,
    )
    .expect("json");
    assert!(without.get("raw_data").is_none());
}
