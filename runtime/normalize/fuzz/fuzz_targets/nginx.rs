#![no_main]
//! `cargo fuzz run nginx` (from runtime/normalize): see ../README.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| normalize_fuzz::check(normalize::Source::Nginx, data));
