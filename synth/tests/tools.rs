//! The external template checkers over every synthesized template of every environment:
//! cfn-lint (zero errors, warnings and informational findings), cfn-guard with the AWS
//! Control Tower rules, and checkov. A finding that must not apply is listed, for named
//! resources and with its reason, in `synth/tests/exceptions.yaml`; an exception that
//! matches nothing fails too, so the list stays honest.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
use serde_json::Value as Json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Exceptions {
    cfn_lint: Vec<Exception>,
    cfn_guard: Vec<Exception>,
    checkov: Vec<Exception>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Exception {
    /// Rule ID (cfn-lint `W3005`, guard rule name, checkov `CKV_AWS_18`).
    rule: String,
    /// Logical IDs the exception applies to (in any stack of any environment).
    resources: Vec<String>,
    reason: String,
}

fn exceptions() -> Exceptions {
    let path = common::root().join("synth/tests/exceptions.yaml");
    let text = std::fs::read_to_string(&path).expect("synth/tests/exceptions.yaml");
    let ex: Exceptions =
        synth::yaml::from_str(&text).unwrap_or_else(|e| panic!("exceptions.yaml:{e}"));
    for e in ex.cfn_lint.iter().chain(&ex.cfn_guard).chain(&ex.checkov) {
        assert!(
            e.reason.trim().len() > 20,
            "exception {} needs a real reason",
            e.rule
        );
        assert!(
            !e.resources.is_empty(),
            "exception {} names no resource",
            e.rule
        );
    }
    ex
}

/// One finding of a checker.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    rule: String,
    /// Logical ID, or empty when the finding is about the template as a whole.
    resource: String,
    file: String,
    message: String,
}

/// Fails with every finding that no exception covers and every exception that covered
/// nothing.
fn judge(tool: &str, findings: &[Finding], exceptions: &[Exception]) {
    let mut used = BTreeSet::new();
    let mut left = Vec::new();
    for f in findings {
        let covering = exceptions
            .iter()
            .enumerate()
            .find(|(_, e)| e.rule == f.rule && e.resources.contains(&f.resource));
        match covering {
            Some((i, e)) => {
                used.insert((i, f.resource.clone()));
                eprintln!(
                    "{tool}: excepted {} on {} ({})",
                    f.rule, f.resource, e.reason
                );
            }
            None => left.push(format!(
                "{} [{}] {}: {}",
                f.file, f.rule, f.resource, f.message
            )),
        }
    }
    let mut unused = Vec::new();
    for (i, e) in exceptions.iter().enumerate() {
        for r in &e.resources {
            if !used.contains(&(i, r.clone())) {
                unused.push(format!("{} on {r}", e.rule));
            }
        }
    }
    assert!(
        left.is_empty() && unused.is_empty(),
        "{tool}: {} finding(s):\n{}\nunused exceptions (remove them from exceptions.yaml): {:?}",
        left.len(),
        left.join("\n"),
        unused
    );
}

/// Synthesized output of every environment in a fresh temporary folder.
struct Output {
    _tmp: tempfile::TempDir,
    dirs: Vec<(String, PathBuf)>,
}

fn output() -> Output {
    let tmp = tempfile::tempdir().unwrap();
    let dirs = common::write_all(tmp.path());
    Output { _tmp: tmp, dirs }
}

/// `<env>/<file>` for messages.
fn short(env: &str, file: &Path) -> String {
    format!("{env}/{}", file.file_name().unwrap().to_string_lossy())
}

/// Every region a template of this environment deploys to (from its manifest).
fn regions(dir: &Path) -> Vec<String> {
    let m: Json =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let mut regions = BTreeSet::new();
    for s in m["stacks"].as_array().unwrap() {
        regions.insert(s["region"].as_str().unwrap().to_owned());
    }
    for s in m["stack_sets"].as_array().unwrap() {
        for r in s["regions"].as_array().unwrap() {
            regions.insert(r.as_str().unwrap().to_owned());
        }
    }
    regions.into_iter().collect()
}

fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("running {cmd:?}: {e}"));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cfn_lint_finds_nothing() {
    let Some(bin) = common::tool("cfn-lint/bin/cfn-lint") else {
        return;
    };
    let out = output();
    let mut findings = Vec::new();
    for (env, dir) in &out.dirs {
        let files = common::templates(dir);
        let (code, stdout, stderr) = run(Command::new(&bin)
            .args(["--format", "json", "--regions"])
            .args(regions(dir))
            .arg("--")
            .args(&files));
        // 0 = clean; 2/4/8 (and sums) = errors/warnings/informational, reported below.
        assert!(
            matches!(code, Some(0..=14)),
            "cfn-lint failed to run ({code:?}): {stderr}"
        );
        let matches: Vec<Json> = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("cfn-lint output: {e}\n{stdout}\n{stderr}"));
        for m in matches {
            let path = m["Location"]["Path"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let resource = match (
                path.first().and_then(Json::as_str),
                path.get(1).and_then(Json::as_str),
            ) {
                (Some("Resources"), Some(id)) => id.to_owned(),
                _ => String::new(),
            };
            findings.push(Finding {
                rule: m["Rule"]["Id"].as_str().unwrap_or("?").to_owned(),
                resource,
                file: short(env, Path::new(m["Filename"].as_str().unwrap_or("?"))),
                message: format!(
                    "{} {}",
                    m["Level"].as_str().unwrap_or("?"),
                    m["Message"].as_str().unwrap_or("")
                ),
            });
        }
    }
    judge("cfn-lint", &findings, &exceptions().cfn_lint);
}

#[test]
fn cfn_guard_control_tower_rules_pass() {
    let pkg = "npm/node_modules/@cdklabs/cdk-validator-cfnguard";
    let arch = std::env::consts::ARCH;
    let Some(bin) = common::tool(&format!("{pkg}/bin/ubuntu/{arch}/cfn-guard")) else {
        return;
    };
    let Some(rules) = common::tool(&format!("{pkg}/rules/control-tower/cfn-guard")) else {
        return;
    };
    let out = output();
    let mut findings = Vec::new();
    for (env, dir) in &out.dirs {
        let mut cmd = Command::new(&bin);
        cmd.arg("validate").arg("--rules").arg(&rules);
        for f in common::templates(dir) {
            cmd.arg("--data").arg(f);
        }
        cmd.args([
            "--structured",
            "--output-format",
            "json",
            "--show-summary",
            "none",
        ]);
        let (code, stdout, stderr) = run(&mut cmd);
        // 0 = pass, 19 = some rule failed (reported below); anything else is a broken run.
        assert!(
            matches!(code, Some(0 | 19)),
            "cfn-guard failed to run ({code:?}): {stderr}"
        );
        let reports: Vec<Json> = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("cfn-guard output: {e}\n{stderr}"));
        for report in reports {
            let file = short(env, Path::new(report["name"].as_str().unwrap_or("?")));
            for rule in report["not_compliant"].as_array().into_iter().flatten() {
                let name = rule["Rule"]["name"].as_str().unwrap_or("?").to_owned();
                let mut resources = BTreeSet::new();
                collect_resource_paths(rule, &mut resources);
                if resources.is_empty() {
                    resources.insert(String::new());
                }
                for resource in resources {
                    findings.push(Finding {
                        rule: name.clone(),
                        resource,
                        file: file.clone(),
                        message: first_custom_message(rule).unwrap_or_default(),
                    });
                }
            }
        }
    }
    judge("cfn-guard", &findings, &exceptions().cfn_guard);
}

/// Logical IDs named by `"path": "/Resources/<id>/..."` anywhere in a guard report.
fn collect_resource_paths(v: &Json, out: &mut BTreeSet<String>) {
    match v {
        Json::Object(map) => {
            for (k, v) in map {
                if let (true, Some(p)) = (k == "path", v.as_str()) {
                    if let Some(id) = p
                        .strip_prefix("/Resources/")
                        .and_then(|r| r.split('/').next())
                    {
                        out.insert(id.to_owned());
                    }
                }
                collect_resource_paths(v, out);
            }
        }
        Json::Array(items) => items.iter().for_each(|i| collect_resource_paths(i, out)),
        _ => {}
    }
}

fn first_custom_message(v: &Json) -> Option<String> {
    match v {
        Json::Object(map) => map
            .get("custom_message")
            .and_then(Json::as_str)
            .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
            .or_else(|| map.values().find_map(first_custom_message)),
        Json::Array(items) => items.iter().find_map(first_custom_message),
        _ => None,
    }
}

#[test]
fn checkov_passes() {
    let Some(bin) = common::tool("checkov/bin/checkov") else {
        return;
    };
    let out = output();
    let mut findings = Vec::new();
    for (env, dir) in &out.dirs {
        let (code, stdout, stderr) = run(Command::new(&bin)
            .args([
                "--skip-download",
                "--framework",
                "cloudformation",
                "--output",
                "json",
                "--quiet",
                "-d",
            ])
            .arg(dir));
        assert!(
            matches!(code, Some(0 | 1)),
            "checkov failed to run ({code:?}): {stderr}"
        );
        let parsed: Json = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("checkov output: {e}\n{stdout}\n{stderr}"));
        let reports = match parsed {
            Json::Array(items) => items,
            other => vec![other],
        };
        let mut checked = 0;
        for report in &reports {
            checked += report["summary"]["resource_count"].as_u64().unwrap_or(0);
            for f in report["results"]["failed_checks"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let resource = f["resource"].as_str().unwrap_or("");
                findings.push(Finding {
                    rule: f["check_id"].as_str().unwrap_or("?").to_owned(),
                    resource: resource.rsplit('.').next().unwrap_or("").to_owned(),
                    file: format!("{env}{}", f["file_path"].as_str().unwrap_or("")),
                    message: f["check_name"].as_str().unwrap_or("").to_owned(),
                });
            }
        }
        assert!(
            checked > 0,
            "checkov checked no resource in {env}: {stdout}"
        );
    }
    judge("checkov", &findings, &exceptions().checkov);
}

#[test]
fn exceptions_file_is_well_formed() {
    let ex = exceptions();
    let mut seen = BTreeMap::new();
    for (tool, list) in [
        ("cfn_lint", &ex.cfn_lint),
        ("cfn_guard", &ex.cfn_guard),
        ("checkov", &ex.checkov),
    ] {
        for e in list {
            assert!(
                seen.insert((tool, e.rule.clone()), ()).is_none(),
                "{tool}: {} listed twice",
                e.rule
            );
        }
    }
}
