//! `sds-normalize`: see the library docs (`sds_normalize`) for usage and exit status.

use clap::Parser;

fn main() {
    let args = sds_normalize::Args::parse();
    std::process::exit(sds_normalize::run(&args));
}
