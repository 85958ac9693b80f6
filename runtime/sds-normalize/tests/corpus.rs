//! The public sample corpus (`$SDS_SAMPLES`, i.e. `../shared/samples`), run file by file
//! through the `sds-normalize` binary:
//!
//! - every record becomes an event, a reject with a reason, or a counted skip: the
//!   summary's counts add up, match an independent count of the file's records, and match
//!   the lines written to stdout and to `--rejects`;
//! - only the deliberately broken files listed in [`EXPECTED_REJECTS`] produce rejects;
//! - every event validates against OCSF 1.1.0 (`runtime/tools/validate_ocsf.py` with the
//!   pinned `ocsf-json-schema`).
//!
//! Outside CI a missing corpus or tool skips with a note; under `CI=true` it fails.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Folder of the corpus → the `--source` for its files (see [`source_for`]).
const FOLDERS: &[(&str, &str)] = &[
    ("apache", "apache"),
    ("aws_cloudtrail", "cloudtrail"),
    ("aws_elb", "alb"), // refined per file
    ("aws_health", "health"),
    ("aws_securityhub", "securityhub"),
    ("aws_vpc_flow", "vpcflow"),
    ("aws_waf", "waf"),
    ("nginx", "nginx"),
    ("squid", "squid"),
    ("suricata_eve", "suricata"),
];

/// Folders that hold no normalizer input.
const SKIPPED_FOLDERS: &[(&str, &str)] = &[(
    "misp_ioc_feeds",
    "threat-intel feeds (MISP events, CSV IOCs): input of the IOC loader, not a normalizer source",
)];

/// Files that are not records of their source, with the reason.
const EXCLUDED: &[(&str, &str)] = &[
    ("suricata_eve/suricata_eve_schema.json", "Suricata's EVE JSON Schema, a reference document, not an event"),
    ("suricata_eve/suricata_docs_dns_format_fragments.jsonl", "DNS object fragments from the docs, without the EVE envelope (no timestamp, event_type, addresses)"),
    ("aws_health/aht_all_event_types_catalog.json", "output of `health describe-event-types`: a catalog of event types, not events"),
];

/// Files that are deliberately broken or of another format, so rejects are expected there
/// (and only there), with the reason.
const EXPECTED_REJECTS: &[(&str, &str)] = &[
    ("aws_waf/wazuh_aws-waf-invalid-json.log", "negative test: invalid JSON"),
    ("aws_waf/wazuh_aws-waf-wrong-structure.log", "negative test: an object with only a timestamp"),
    ("apache/lnav_logfile_bad_access_log.log", "negative test: second line lacks the ident/authuser fields"),
    ("apache/logstash_patterns_core_httpd_error_spec_samples.log", "Apache error_log lines, not an access log"),
    ("apache/lnav_access_log_format_samples.log", "lnav's format-detection samples: two lines are a W3C-style format with ISO times, not NCSA"),    (
        "aws_vpc_flow/otel_cloudwatch_subscription_custom_4field.json",
        "a custom 4-field format delivered through CloudWatch Logs: no header line names the fields, so they cannot be read",
    ),
];

/// The ELB samples name their flavour in the file name.
fn elb_source(file: &str) -> &'static str {
    if file.contains("nlb") {
        "nlb"
    } else if file.contains("classic") || file.contains("clb") || file.contains("_elb") {
        "elb"
    } else {
        "alb"
    }
}

/// The `--source` for a corpus file, or why it is not run.
fn source_for(rel: &str) -> Result<&'static str, &'static str> {
    if let Some((_, why)) = EXCLUDED.iter().find(|(f, _)| *f == rel) {
        return Err(why);
    }
    let (folder, file) = rel.split_once('/').unwrap_or((rel, ""));
    if let Some((_, why)) = SKIPPED_FOLDERS.iter().find(|(f, _)| *f == folder) {
        return Err(why);
    }
    match FOLDERS.iter().find(|(f, _)| *f == folder) {
        Some((_, _)) if folder == "aws_elb" => Ok(elb_source(file)),
        Some((_, s)) => Ok(s),
        None => Err("folder not in the corpus table: add it to FOLDERS or SKIPPED_FOLDERS"),
    }
}

/// Sample files (not SOURCES.md), sorted, as paths relative to the corpus root.
fn corpus_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if let Ok(rel) = p.strip_prefix(root) {
                let rel = rel.to_string_lossy().into_owned();
                if rel.contains('/') {
                    out.push(rel);
                }
            }
        }
    }
    out.sort();
    out
}

/// The file's bytes, gunzipped when gzip.
fn content(path: &Path) -> Vec<u8> {
    let raw = fs::read(path).expect("read sample");
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .expect("gunzip sample");
        out
    } else {
        raw
    }
}

/// How many records the file holds, counted without the normalizer: lines for text
/// formats, top-level JSON values for JSON formats, `Records` entries for CloudTrail.
/// `None` when the file does not parse (the broken samples).
fn independent_count(source: &str, bytes: &[u8]) -> Option<u64> {
    match source {
        "cloudtrail" => {
            let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
            Some(
                v.get("Records")
                    .and_then(|r| r.as_array())
                    .map_or(1, |a| a.len() as u64),
            )
        }
        "waf" | "health" | "securityhub" | "suricata" => {
            let mut n = 0;
            for v in serde_json::Deserializer::from_slice(bytes).into_iter::<serde_json::Value>() {
                v.ok()?;
                n += 1;
            }
            Some(n)
        }
        // A CloudWatch Logs subscription envelope carries one record per log event.
        "vpcflow" if bytes.first() == Some(&b'{') => {
            let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
            Some(v.get("logEvents")?.as_array()?.len() as u64)
        }
        _ => Some(common::lines(bytes).len() as u64),
    }
}

/// One file's run.
#[derive(Debug, Default)]
struct FileRun {
    rel: String,
    source: &'static str,
    records_in: u64,
    events: u64,
    rejects: u64,
    skipped: u64,
    /// The events, one JSON per line.
    stdout: Vec<u8>,
    reject_lines: Vec<serde_json::Value>,
}

fn run_file(
    root: &Path,
    rel: &str,
    source: &'static str,
    scratch: &Path,
    problems: &mut Vec<String>,
) -> FileRun {
    let path = root.join(rel);
    let rejects = scratch.join(rel.replace('/', "__") + ".rejects.jsonl");
    let out = common::run_json(source, &path, &rejects);
    if !out.status.success() {
        problems.push(format!(
            "{rel}: exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let s = common::summary(&out.stderr);
    let reject_lines: Vec<serde_json::Value> = fs::read(&rejects)
        .map(|b| {
            common::lines(&b)
                .iter()
                .filter_map(|l| serde_json::from_slice(l).ok())
                .collect()
        })
        .unwrap_or_default();
    let run = FileRun {
        rel: rel.to_string(),
        source,
        records_in: common::count(&s, "records_in"),
        events: common::count(&s, "events_out"),
        rejects: common::count(&s, "rejects"),
        skipped: common::count(&s, "skipped"),
        stdout: out.stdout,
        reject_lines,
    };
    check_accounting(&run, &content(&path), problems);
    run
}

fn check_accounting(r: &FileRun, bytes: &[u8], problems: &mut Vec<String>) {
    let rel = &r.rel;
    if r.records_in != r.events + r.rejects + r.skipped {
        problems.push(format!(
            "{rel}: records in {} != events {} + rejects {} + skipped {}",
            r.records_in, r.events, r.rejects, r.skipped
        ));
    }
    let stdout_lines = common::lines(&r.stdout).len() as u64;
    if stdout_lines != r.events {
        problems.push(format!(
            "{rel}: {stdout_lines} lines on stdout, summary says {} events",
            r.events
        ));
    }
    if r.reject_lines.len() as u64 != r.rejects {
        problems.push(format!(
            "{rel}: {} lines in --rejects, summary says {} rejects",
            r.reject_lines.len(),
            r.rejects
        ));
    }
    for j in &r.reject_lines {
        if j["reason"].as_str().is_none_or(str::is_empty) || j["record"].as_u64().is_none() {
            problems.push(format!(
                "{rel}: reject without a reason or record number: {j}"
            ));
        }
    }
    if let Some(n) = independent_count(r.source, bytes) {
        // Security Hub events may carry several findings, one event each.
        let ok = if r.source == "securityhub" {
            r.records_in >= n
        } else {
            r.records_in == n
        };
        if !ok {
            problems.push(format!(
                "{rel}: the file holds {n} records, the normalizer counted {}",
                r.records_in
            ));
        }
    }
    let expected = EXPECTED_REJECTS.iter().any(|(f, _)| f == rel);
    if r.rejects > 0 && !expected {
        let first: Vec<String> = r
            .reject_lines
            .iter()
            .take(3)
            .map(|j| format!("record {}: {}", j["record"], j["reason"]))
            .collect();
        problems.push(format!(
            "{rel}: {} unexpected reject(s), e.g. {}",
            r.rejects,
            first.join(" | ")
        ));
    }
    if expected && r.rejects == 0 {
        problems.push(format!("{rel}: deliberately broken, yet no reject"));
    }
}

/// Runs the whole corpus; `None` when it is not available (outside CI).
fn run_corpus(scratch: &Path) -> Option<(Vec<FileRun>, Vec<String>)> {
    let root = common::dir_from_env("SDS_SAMPLES", "sample corpus")?;
    println!(
        "corpus: {}, binary: {}",
        root.display(),
        common::binary().display()
    );
    let mut problems = Vec::new();
    let mut runs = Vec::new();
    for rel in corpus_files(&root) {
        match source_for(&rel) {
            Ok(source) => runs.push(run_file(&root, &rel, source, scratch, &mut problems)),
            Err(why) => println!("  not run: {rel}: {why}"),
        }
    }
    assert!(
        runs.len() >= 60,
        "only {} corpus files ran: is $SDS_SAMPLES the samples folder?",
        runs.len()
    );
    Some((runs, problems))
}

#[test]
fn corpus_every_record_is_an_event_a_reject_or_a_skip() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let Some((runs, problems)) = run_corpus(scratch.path()) else {
        return;
    };
    let mut per_source: BTreeMap<&str, [u64; 5]> = BTreeMap::new();
    for r in &runs {
        let e = per_source.entry(r.source).or_default();
        for (i, v) in [1, r.records_in, r.events, r.rejects, r.skipped]
            .into_iter()
            .enumerate()
        {
            e[i] += v;
        }
    }
    println!(
        "{:<12} {:>5} {:>8} {:>8} {:>8} {:>8}",
        "source", "files", "records", "events", "rejects", "skipped"
    );
    for (s, [f, n, e, r, k]) in &per_source {
        println!("{s:<12} {f:>5} {n:>8} {e:>8} {r:>8} {k:>8}");
    }
    for p in &problems {
        println!("PROBLEM {p}");
    }
    assert!(
        problems.is_empty(),
        "{} corpus problem(s), listed above",
        problems.len()
    );
}

#[test]
fn corpus_events_validate_against_ocsf_1_1_0() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let Some(python) = common::tool("ocsf/bin/python") else {
        return;
    };
    let Some((runs, _)) = run_corpus(scratch.path()) else {
        return;
    };
    // All events in one stream (one validator start), with the line ranges of each file.
    let mut all = Vec::new();
    let mut ranges = Vec::new();
    let mut line = 0u64;
    for r in &runs {
        let n = common::lines(&r.stdout).len() as u64;
        for l in common::lines(&r.stdout) {
            all.extend_from_slice(l);
            all.push(b'\n');
        }
        ranges.push((line + 1, line + n, r.rel.as_str()));
        line += n;
    }
    let script = common::workspace_root().join("runtime/tools/validate_ocsf.py");
    let mut child = Command::new(&python)
        .arg(&script)
        .args(["--max-report", "100000"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("validator starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &all));
    let out = child.wait_with_output().expect("validator runs");
    writer.join().expect("writer thread").expect("write events");
    let report = String::from_utf8_lossy(&out.stdout);
    // Name the file of every problem line, and count per file.
    let mut per_file: BTreeMap<&str, u64> = BTreeMap::new();
    let mut shown = 0;
    for l in report.lines() {
        let Some(n) = l
            .strip_prefix("line ")
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse::<u64>().ok())
        else {
            println!("{l}");
            continue;
        };
        let file = ranges
            .iter()
            .find(|(a, b, _)| (*a..=*b).contains(&n))
            .map_or("?", |r| r.2);
        *per_file.entry(file).or_default() += 1;
        if shown < 200 {
            println!("{file}: {l}");
            shown += 1;
        }
    }
    for (f, n) in &per_file {
        println!("INVALID {n:>5} problem(s) in events of {f}");
    }
    assert!(
        out.status.success() && per_file.is_empty(),
        "events that do not validate against OCSF 1.1.0 (listed above)"
    );
}
