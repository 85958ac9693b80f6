//! The synthesizer's outer shell: the only crate of the synthesizer side that reads YAML,
//! walks files, writes output (architecture invariant 2).
//!
//! - [`cli`]: the `sds` command line (`synth`, `validate`, `schema`, `codegen`).
//! - [`envs`]: finding, reading and checking environment files (`environments/*.yaml`).
//! - [`yaml`]: the one YAML module (`serde_norway`, the maintained fork of `serde_yaml`).
//! - [`pipeline`]: environment -> blueprint -> templates, manifest and diagnostics.
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
