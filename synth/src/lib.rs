//! The synthesizer's outer shell: the only crate of the synthesizer side that reads YAML,
//! walks files, writes output (architecture invariant 2).

pub mod codegen;
