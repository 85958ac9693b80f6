#![no_main]
//! `cargo fuzz run cloudtrail` (from runtime/normalize): see ../README.md.
libfuzzer_sys::fuzz_target!(|data: &[u8]| normalize_fuzz::check(normalize::Source::CloudTrail, data));
