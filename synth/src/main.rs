//! `sds`: see `sds --help` and the `synth` crate's documentation.

fn main() {
    std::process::exit(synth::cli::main());
}
