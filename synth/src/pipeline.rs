//! One environment through synthesis: blueprint -> construct tree -> templates, manifest and
//! diagnostics, all in memory. Writing is [`crate::output`]'s job.

use std::collections::BTreeMap;

use constructs_core::{has_errors, synthesize, App, Assembly, Diagnostic};
use constructs_lake::env::Environment;

use crate::manifest::{self, Manifest};

/// Everything synthesis produced for one environment.
#[derive(Debug, Clone)]
pub struct Synthesized {
    pub assembly: Assembly,
    pub manifest: Manifest,
    /// Every diagnostic, sorted by construct path.
    pub diagnostics: Vec<Diagnostic>,
    /// The output folder's files by name: one `<stack>.template.json` per stack and StackSet
    /// body, and `manifest.json`. Deterministic bytes.
    pub files: BTreeMap<String, String>,
}

impl Synthesized {
    /// True when any diagnostic is an error: nothing may be written or deployed.
    pub fn has_errors(&self) -> bool {
        has_errors(&self.diagnostics)
    }
}

/// Synthesizes `env` with the data lake blueprint.
pub fn run(env: &Environment) -> Synthesized {
    assemble(env, &constructs_lake::build(env))
}

/// Synthesizes an already built construct tree of `env` (tests use small trees).
pub fn assemble(env: &Environment, app: &App) -> Synthesized {
    let (assembly, diagnostics) = synthesize(app);
    let manifest = manifest::build(env, &assembly);
    let mut files = BTreeMap::new();
    for stack in &assembly.stacks {
        files.insert(manifest::template_file(&stack.id), stack.body.clone());
    }
    files.insert("manifest.json".to_owned(), to_pretty_json(&manifest));
    Synthesized {
        assembly,
        manifest,
        diagnostics,
        files,
    }
}

/// Pretty JSON (2 spaces) with a trailing newline, like the templates.
fn to_pretty_json(value: &impl serde::Serialize) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}
