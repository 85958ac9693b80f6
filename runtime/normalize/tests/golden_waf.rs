//! Golden tests of the WAF normalizer: `golden/waf/*` snapshotted.

mod golden_support;

use normalize::Source;

#[test]
fn golden_waf() {
    golden_support::snapshot_dir(Source::Waf, "waf");
}

#[test]
fn waf_raw_data_is_the_record() {
    golden_support::raw_data_is_the_record(Source::Waf, "waf");
}

#[test]
fn waf_is_deterministic() {
    golden_support::deterministic(Source::Waf, "waf");
}

#[test]
fn waf_survives_damaged_input() {
    golden_support::survives_mutations(Source::Waf, "waf");
}
