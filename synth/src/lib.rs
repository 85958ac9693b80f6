//! The synthesizer's outer shell: the only crate of the synthesizer side that reads YAML,
//! walks files, writes output (architecture invariant 2). The binary is `sds`.
//!
//! # Commands
//!
//! - `sds synth [--env NAME|PATH] [--all] [--out DIR]` writes `DIR/<environment>/`
//!   (default `cdk.out/`): one `<stack>.template.json` per stack and per StackSet body, and
//!   `manifest.json`. Prints a summary (stacks, resources, bytes, time); exits 1 and writes
//!   nothing on any error, after printing every problem (`file:line:column: message` for
//!   environment files, `[construct/path] message` for synthesis diagnostics).
//!   `--bench N` times N in-process syntheses instead of writing.
//! - `sds validate [--env NAME|PATH] [--all]`: the same checks, nothing written.
//! - `sds schema`: the JSON schema of environment files (`environments/schema.json`).
//! - `sds codegen`: regenerates `constructs-aws` from cfn-lint's registry schemas.
//!
//! `--env NAME` is `environments/NAME.yaml` of the nearest `environments/` folder at or
//! above the current directory (else this workspace's); anything with a `/` or a `.yaml`
//! ending is a path. `default` is built into the binary, so `sds synth` works anywhere.
//!
//! # Output
//!
//! Byte-deterministic: no timestamps, no absolute paths, keys sorted. The folder is written
//! next to its target and renamed into place, so it is never half-written, and an earlier
//! output is replaced whole (a folder that is not `sds` output is never touched).
//! `manifest.json` ([`manifest::Manifest`], versioned) lists the stacks (account, region,
//! capabilities, dependencies, parameters, outputs, exports), the StackSets (permission
//! model, auto-deployment, OUs, regions, operation preferences, the StackSet resource that
//! deploys it) and the assets.
//!
//! # Environment files
//!
//! The model is `constructs_lake::env::Environment`; its doc comments are the reference and
//! become the schema's descriptions. Unknown fields are errors, units are in the option
//! names (`retention_days`), account IDs are quoted 12-digit strings (an unquoted number is
//! an error that says to quote it), OU, region, organization and ARN formats are checked,
//! and cross-field rules (lifecycle order, duplicates, an organization needs the central
//! account) are reported all at once, each at its line and column.
//!
//! # Modules
//!
//! - [`cli`]: the `sds` command line.
//! - [`envs`]: finding, reading and checking environment files.
//! - [`yaml`]: the one YAML module: `serde_norway` (the maintained fork of the deprecated
//!   `serde_yaml`) to deserialize, `yaml-rust2` events to locate field paths.
//! - [`pipeline`]: environment -> blueprint (`constructs_lake::build`) -> templates, manifest
//!   and diagnostics, in memory.
//! - [`manifest`]: the typed, versioned `manifest.json`.
//! - [`output`]: writing `<out>/<env>/` whole or not at all.
//! - [`codegen`]: the L1 generator behind `sds codegen`.

pub mod cli;
pub mod codegen;
pub mod envs;
pub mod manifest;
pub mod output;
pub mod pipeline;
pub mod yaml;
