//! Golden tests of the health normalizer: `golden/health/*` snapshotted.

mod golden_hosts;
mod golden_support;

use normalize::Source;

#[test]
fn golden_health() {
    golden_support::snapshot_dir(Source::Health, "health");
}

#[test]
fn health_raw_data_is_the_record() {
    golden_support::raw_data_is_the_record(Source::Health, "health");
}

#[test]
fn health_is_deterministic() {
    golden_support::deterministic(Source::Health, "health");
}

#[test]
fn health_survives_cut_and_corrupted_input() {
    golden_hosts::mutations(Source::Health, "health");
}
