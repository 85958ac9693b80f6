//! Writes N MB of generated, realistic `SOURCE` data to stdout (the benchmarks'
//! generator, `runtime/normalize/benches/gen`), for timing `sds-normalize` on large files:
//!
//! ```text
//! cargo run --release -p sds-normalize --example gen-logs -- cloudtrail 1024 > /tmp/ct.json
//! /usr/bin/time -v target/release/sds-normalize --source cloudtrail /tmp/ct.json > /dev/null
//! ```

use std::io::{BufWriter, Write};

#[path = "../../normalize/benches/gen/mod.rs"]
mod gen;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(source), Some(mb)) = (
        args.first(),
        args.get(1).and_then(|m| m.parse::<u64>().ok()),
    ) else {
        eprintln!(
            "usage: gen-logs SOURCE MEGABYTES   (SOURCE: {})",
            gen::sources().join(", ")
        );
        std::process::exit(2);
    };
    if !gen::sources().contains(&source.as_str()) {
        eprintln!("gen-logs: unknown source {source:?}");
        std::process::exit(2);
    }
    let stdout = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 20, stdout.lock());
    match gen::write(source, mb * 1_000_000, &mut w).and_then(|n| w.flush().map(|_| n)) {
        Ok(n) => eprintln!("gen-logs: {n} {source} records"),
        Err(e) => {
            eprintln!("gen-logs: {e}");
            std::process::exit(1);
        }
    }
}
