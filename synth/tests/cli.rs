//! The `sds` binary as a user runs it.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn sds(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sds"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_command_has_help() {
    let root = common::root();
    for cmd in [
        &["--help"][..],
        &["synth", "--help"],
        &["validate", "--help"],
        &["schema", "--help"],
        &["codegen", "--help"],
    ] {
        let out = sds(&root, cmd);
        let (stdout, _) = text(&out);
        assert!(out.status.success(), "{cmd:?}");
        assert!(stdout.contains("Usage: sds"), "{cmd:?}: {stdout}");
    }
    let (stdout, _) = text(&sds(&root, &["synth", "--help"]));
    for flag in ["--env <NAME|PATH>", "--all", "--out <DIR>", "--bench <N>"] {
        assert!(stdout.contains(flag), "synth --help lacks {flag}");
    }
}

#[test]
fn synth_writes_and_summarizes() {
    let root = common::root();
    let tmp = tempfile::tempdir().unwrap();
    let out = sds(
        &root,
        &[
            "synth",
            "--env",
            "organization",
            "--out",
            tmp.path().to_str().unwrap(),
        ],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("environments/organization.yaml ->"),
        "{stdout}"
    );
    assert!(
        stdout.contains("central") && stdout.contains("StackSet") && stdout.contains("resources"),
        "{stdout}"
    );
    assert!(
        stdout.contains(" ms"),
        "the summary gives the time taken: {stdout}"
    );
    for f in [
        "central.template.json",
        "collector.template.json",
        "manifest.json",
    ] {
        assert!(tmp.path().join("organization").join(f).is_file(), "{f}");
    }
}

#[test]
fn a_bad_file_fails_with_its_position_and_writes_nothing() {
    let root = common::root();
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let bad = "synth/tests/fixtures/bad-environments/unquoted-account.yaml";
    let out = sds(
        &root,
        &["synth", "--env", bad, "--out", out_dir.to_str().unwrap()],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains(&format!(
            "error: {bad}:3:15: central.account_id: account IDs must be quoted"
        )),
        "{stderr}"
    );
    assert!(!out_dir.exists(), "nothing written");

    let out = sds(
        &root,
        &[
            "validate",
            "--env",
            "synth/tests/fixtures/bad-environments/cross-field.yaml",
        ],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr.lines().count(),
        9,
        "every cross-field problem at once: {stderr}"
    );
}

#[test]
fn a_failed_synth_keeps_the_previous_output() {
    let root = common::root();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_str().unwrap();
    assert!(sds(&root, &["synth", "--out", out]).status.success());
    let before = std::fs::read(tmp.path().join("default/manifest.json")).unwrap();
    // A broken copy of default.yaml under the same name.
    let broken = tmp.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(
        broken.join("default.yaml"),
        "name: default\ncentral: {region: nowhere}\nsources: []\n",
    )
    .unwrap();
    let out_run = sds(
        &root,
        &[
            "synth",
            "--env",
            broken.join("default.yaml").to_str().unwrap(),
            "--out",
            out,
        ],
    );
    assert_eq!(out_run.status.code(), Some(1));
    assert_eq!(
        std::fs::read(tmp.path().join("default/manifest.json")).unwrap(),
        before
    );
}

#[test]
fn validate_and_schema() {
    let root = common::root();
    let out = sds(&root, &["validate", "--all"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("environments/default.yaml: ok")
            && stdout.contains("environments/organization.yaml: ok"),
        "{stdout}"
    );
    let (schema, _) = text(&sds(&root, &["schema"]));
    assert_eq!(
        schema,
        std::fs::read_to_string(root.join("environments/schema.json")).unwrap()
    );
}

#[test]
fn usage_errors() {
    let root = common::root();
    let out = sds(&root, &["synth", "--env", "default", "--all"]);
    assert_eq!(out.status.code(), Some(2), "--env and --all conflict");
    let out = sds(&root, &["validate", "--env", "staging"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("no environment `staging`") && stderr.contains("default, organization"),
        "{stderr}"
    );
}

#[test]
fn bench_reports_timings() {
    let root = common::root();
    let out = sds(&root, &["synth", "--all", "--bench", "2"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("default: 2 runs, min") && stdout.contains("organization: 2 runs"),
        "{stdout}"
    );
}
