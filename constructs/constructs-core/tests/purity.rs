//! Architecture invariant 1: the core is pure. Its sources name no file system,
//! environment, clock, randomness, network or process API, and it depends on nothing
//! that could bring them in.

use std::path::Path;

const FORBIDDEN: &[&str] = &[
    "std::fs",
    "std::env",
    "std::net",
    "std::process",
    "std::time",
    "SystemTime",
    "Instant::now",
    "rand::",
    "getrandom",
    "HashMap", // iteration order is random per process: BTreeMap keeps output deterministic
    "HashSet",
    "aws_sdk",
    "println!",
    "eprintln!",
];

#[test]
fn sources_use_no_impure_api() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for word in FORBIDDEN {
            assert!(!text.contains(word), "{} uses {word}", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} source files found");
}

#[test]
fn dependencies_are_pure() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .unwrap();
    let names: Vec<&str> = deps
        .lines()
        .filter_map(|l| l.split_once('.').or_else(|| l.split_once('=')))
        .map(|(name, _)| name.trim())
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(names, ["serde", "serde_json", "sha2", "hex"]);
}
