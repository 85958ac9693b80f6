//! Bad input never panics: thousands of deterministic mutations of the environment files
//! (deleted, repeated and swapped lines, truncation, flipped bytes, edited values) each load
//! to an environment or to located errors; the ones that load also synthesize.

mod common;

use std::borrow::Cow;

use synth::envs::{self, EnvFile};

/// A small deterministic generator (xorshift), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const REPLACEMENTS: &[&str] = &[
    "",
    "0",
    "-1",
    "4294967296",
    "null",
    "~",
    "[]",
    "{}",
    "\"\"",
    "'x'",
    "yes",
    "1.5",
    "*a",
    "&a x",
    "!!binary aGVsbG8=",
    "|\n  text",
    "ou-",
    "r-",
    "o-",
    "arn:aws:iam::1:role/x",
    "\t",
    ": :",
    "- -",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let n = lines.len();
    if n == 0 || text.is_empty() {
        return format!("{text}x");
    }
    match rng.below(7) {
        0 => {
            lines.remove(rng.below(n));
        }
        1 => {
            let l = lines[rng.below(n)].clone();
            lines.insert(rng.below(n), l);
        }
        2 => lines.swap(rng.below(n), rng.below(n)),
        3 => {
            let cut = rng.below(text.len());
            return text.get(..cut).unwrap_or(text).to_owned();
        }
        4 => {
            let mut bytes = text.as_bytes().to_vec();
            let i = rng.below(bytes.len());
            let table = b" :-[]{}#&*!|>'\"%@`,?0a\t\n";
            bytes[i] = table[rng.below(table.len())];
            return String::from_utf8_lossy(&bytes).into_owned();
        }
        5 => {
            // Replace the value of a `key: value` line.
            let i = rng.below(n);
            if let Some((k, _)) = lines[i].split_once(": ") {
                lines[i] = format!("{k}: {}", REPLACEMENTS[rng.below(REPLACEMENTS.len())]);
            }
        }
        _ => {
            // Re-indent a line.
            let i = rng.below(n);
            let indent = " ".repeat(rng.below(7));
            lines[i] = format!("{indent}{}", lines[i].trim_start());
        }
    }
    lines.join("\n")
}

#[test]
fn mutated_environment_files_never_panic() {
    let mut rng = Rng(0x5D5_2026);
    let mut loaded = 0;
    let mut synthesized = 0;
    for base in common::env_files() {
        for round in 0..1500 {
            let mut text = base.text.to_string();
            for _ in 0..1 + round % 3 {
                text = mutate(&text, &mut rng);
            }
            let file = EnvFile {
                display: "mutant.yaml".into(),
                stem: base.stem.clone(),
                text: Cow::Owned(text),
            };
            match envs::parse(&file) {
                Ok(env) => {
                    loaded += 1;
                    // Synthesizing is slow in debug builds: a sample is enough.
                    if loaded % 50 == 0 {
                        let _ = synth::pipeline::run(&env);
                        synthesized += 1;
                    }
                }
                Err(errors) => {
                    assert!(!errors.is_empty());
                    for e in errors {
                        let (line, column) = e.position.expect("every parse error has a position");
                        assert!(line >= 1 && column >= 1, "{e}");
                        assert!(!e.message.is_empty());
                    }
                }
            }
        }
    }
    assert!(
        loaded > 100 && synthesized > 4,
        "mutations should leave some files valid ({loaded})"
    );
}

#[test]
fn locate_never_panics_on_odd_paths() {
    let text = envs::EMBEDDED_DEFAULT;
    for path in [
        "",
        ".",
        "[",
        "]",
        "a[",
        "[0]",
        "sources[99]",
        "sources[-1]",
        "tags.",
        "..",
        "lake..x",
        "é.ü[3]",
    ] {
        let (line, column) = synth::yaml::locate(text, path);
        assert!(line >= 1 && column >= 1);
    }
}
