fn main() { eprintln!("sds-normalize: not built yet"); std::process::exit(2); }
