//! Golden tests of the apache normalizer: `golden/apache/*` snapshotted.

mod golden_hosts;
mod golden_support;

use normalize::Source;

#[test]
fn golden_apache() {
    golden_support::snapshot_dir(Source::Apache, "apache");
}

#[test]
fn apache_raw_data_is_the_record() {
    golden_support::raw_data_is_the_record(Source::Apache, "apache");
}

#[test]
fn apache_is_deterministic() {
    golden_support::deterministic(Source::Apache, "apache");
}

#[test]
fn apache_survives_cut_and_corrupted_input() {
    golden_hosts::mutations(Source::Apache, "apache");
}
