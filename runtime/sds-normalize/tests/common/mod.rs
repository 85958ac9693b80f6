//! Helpers shared by the integration tests of `sds-normalize`: where the binary, the
//! tools and the samples are, and the skip-or-fail rule for missing ones.

#![allow(dead_code)] // each test file uses a part

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

/// True under CI (`CI=true`): a missing tool or corpus then fails instead of skipping.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A directory named by an environment variable, or `None` with a printed note when it
/// is unset or missing outside CI. Under CI a missing directory is a test failure.
pub fn dir_from_env(var: &str, what: &str) -> Option<PathBuf> {
    let dir = std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    match dir {
        Some(d) if d.is_dir() => Some(d),
        other => {
            let msg = format!("{what}: ${var} is {:?}, not a directory", other);
            assert!(!in_ci(), "{msg} (CI=true: this must not be skipped)");
            eprintln!("SKIPPED: {msg}; run through .ci/test to get it");
            None
        }
    }
}

/// A tool under `$SDS_TOOLS` (e.g. `ocsf/bin/python`), or `None` with a note (CI: fail).
pub fn tool(rel: &str) -> Option<PathBuf> {
    let tools = dir_from_env("SDS_TOOLS", rel)?;
    let p = tools.join(rel);
    if p.exists() {
        return Some(p);
    }
    let msg = format!("tool {} is missing; run .ci/install-tools", p.display());
    assert!(!in_ci(), "{msg}");
    eprintln!("SKIPPED: {msg}");
    None
}

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from("../.."))
}

/// The `sds-normalize` binary to test: the release build that `.ci/test` makes before
/// `cargo test`, unless the debug build cargo made for this test run is newer (a stale
/// release binary during development).
pub fn binary() -> PathBuf {
    let debug = PathBuf::from(env!("CARGO_BIN_EXE_sds-normalize"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let release = target.join("release/sds-normalize");
    let mtime = |p: &Path| {
        p.metadata()
            .and_then(|m| m.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH)
    };
    if release.exists() && mtime(&release) >= mtime(&debug) {
        release
    } else {
        debug
    }
}

/// Runs the binary with `args`, stdin closed.
pub fn run(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("sds-normalize runs")
}

/// Runs `--source SOURCE --summary json --rejects REJECTS INPUT`.
pub fn run_json(source: &str, input: &Path, rejects: &Path) -> Output {
    let path = |p: &Path| {
        p.to_str()
            .map(str::to_string)
            .unwrap_or_else(|| panic!("not UTF-8: {}", p.display()))
    };
    run(&[
        "--source",
        source,
        "--summary",
        "json",
        "--rejects",
        &path(rejects),
        &path(input),
    ])
}

/// The `--summary json` object: the last line of stderr that parses as JSON.
pub fn summary(stderr: &[u8]) -> serde_json::Value {
    let text = String::from_utf8_lossy(stderr);
    text.lines()
        .rev()
        .find_map(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .ok()
                .filter(|v| v.is_object())
        })
        .unwrap_or_else(|| panic!("no JSON summary on stderr:\n{text}"))
}

/// Counts in a summary.
pub fn count(summary: &serde_json::Value, key: &str) -> u64 {
    summary[key]
        .as_u64()
        .unwrap_or_else(|| panic!("summary has no {key}: {summary}"))
}

/// Non-empty lines of `bytes`.
pub fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .collect()
}
