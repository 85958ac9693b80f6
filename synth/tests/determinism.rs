//! Output bytes are identical across runs and working directories (invariant 4): twice
//! in-process, and through the `sds` binary from the workspace root, from another folder
//! with `--env PATH`, and with the built-in default far from any checkout.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Every file under `dir`, by path relative to it.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    files
}

fn sds(cwd: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_sds"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "sds {args:?} in {}: {}{}",
        cwd.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn in_process_synthesis_is_repeatable() {
    let a = common::synthesize_all();
    let b = common::synthesize_all();
    for ((ea, sa), (eb, sb)) in a.iter().zip(&b) {
        assert_eq!(ea, eb);
        assert!(sa.files == sb.files, "{ea}: two runs differ");
    }
}

#[test]
fn binary_output_is_identical_from_any_directory() {
    let root = common::root();
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c, elsewhere) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
        tmp.path().join("elsewhere"),
    );
    std::fs::create_dir(&elsewhere).unwrap();

    // 1. From the root, every environment.
    sds(&root, &["synth", "--all", "--out", a.to_str().unwrap()]);
    // 2. From another folder, each file by path; then the built-in default.
    for f in common::env_files() {
        let path = root.join(&f.display);
        sds(
            &elsewhere,
            &[
                "synth",
                "--env",
                path.to_str().unwrap(),
                "--out",
                b.to_str().unwrap(),
            ],
        );
    }
    sds(&elsewhere, &["synth", "--out", c.to_str().unwrap()]);

    let (ta, tb, tc) = (read_tree(&a), read_tree(&b), read_tree(&c));
    assert!(ta.keys().any(|k| k.starts_with("organization/")));
    assert!(
        ta == tb,
        "--all from the root and --env PATH from elsewhere differ"
    );
    let default_a: BTreeMap<_, _> = ta
        .iter()
        .filter(|(k, _)| k.starts_with("default/"))
        .collect();
    let default_c: BTreeMap<_, _> = tc.iter().collect();
    assert!(
        default_a == default_c,
        "the built-in default differs from environments/default.yaml"
    );

    // And the same bytes as the in-process pipeline (what the snapshots show).
    for (env, s) in common::synthesize_all() {
        for (name, text) in &s.files {
            assert!(
                ta[&format!("{env}/{name}")] == text.as_bytes(),
                "{env}/{name}"
            );
        }
    }
}
