//! Shared helpers of the synth integration tests.
#![allow(dead_code)]

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use synth::envs::{self, EnvFile};
use synth::pipeline::{self, Synthesized};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace root")
}

/// The top-level `snapshots/` folder, where every insta snapshot of this crate lives.
pub fn snapshot_dir(sub: &str) -> PathBuf {
    root().join("snapshots").join(sub)
}

/// Every environment file of `environments/`, displayed relative to the root.
pub fn env_files() -> Vec<EnvFile> {
    let root = root();
    let files: Vec<EnvFile> = envs::read_all(&root.join("environments"), &root)
        .into_iter()
        .map(|f| f.expect("environment file readable"))
        .collect();
    assert!(
        files.len() >= 2,
        "environments/ holds default and organization at least"
    );
    files
}

/// A file of `synth/tests/fixtures/`, as an environment file named by its stem.
pub fn fixture(rel: &str) -> EnvFile {
    let path = root().join("synth/tests/fixtures").join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    EnvFile {
        display: format!("synth/tests/fixtures/{rel}"),
        stem: path.file_stem().unwrap().to_string_lossy().into_owned(),
        text: Cow::Owned(text),
    }
}

/// Synthesizes every environment file; fails on any error diagnostic.
pub fn synthesize_all() -> Vec<(String, Synthesized)> {
    env_files()
        .iter()
        .map(|f| {
            let env = envs::parse(f).unwrap_or_else(|errs| {
                panic!(
                    "{}",
                    errs.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            });
            let s = pipeline::run(&env);
            let errors: Vec<String> = s
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(ToString::to_string)
                .collect();
            assert!(errors.is_empty(), "{}: {}", f.display, errors.join("\n"));
            (env.name.to_string(), s)
        })
        .collect()
}

/// Synthesizes every environment into `<out>/<env>/`; returns (env, folder) pairs.
pub fn write_all(out: &Path) -> Vec<(String, PathBuf)> {
    synthesize_all()
        .into_iter()
        .map(|(name, s)| {
            let dir = synth::output::write_env_dir(out, &name, &s.files).expect("write output");
            (name, dir)
        })
        .collect()
}

/// The template files of an output folder, sorted.
pub fn templates(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".template.json"))
        .collect();
    files.sort();
    files
}

/// A tool installed by `.ci/install-tools` under `$SDS_TOOLS` (else the workspace's
/// `.tools/`). Without it the test is skipped with a note, except under `CI=true`, where it
/// fails.
pub fn tool(rel: &str) -> Option<PathBuf> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let tools = std::env::var_os("SDS_TOOLS").map_or_else(|| root().join(".tools"), PathBuf::from);
    let found = Some(tools.join(rel)).filter(|p| p.exists());
    if found.is_none() {
        let msg =
            format!("{rel} not found under $SDS_TOOLS (run .ci/install-tools and set SDS_TOOLS)");
        assert!(!ci, "{msg}");
        eprintln!("skipped: {msg}");
    }
    found
}
