#![no_main]
//! `cargo fuzz run detect`: source detection never panics, and a detected source's
//! normalizer accounts for every record of the same bytes.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(source) = normalize::detect(data) {
        normalize_fuzz::check(source, data);
    }
});
