//! Golden tests of the securityhub normalizer: `golden/securityhub/*` snapshotted.

mod golden_hosts;
mod golden_support;

use normalize::Source;

#[test]
fn golden_securityhub() {
    golden_support::snapshot_dir(Source::SecurityHub, "securityhub");
}

#[test]
fn securityhub_raw_data_is_the_record() {
    golden_support::raw_data_is_the_record(Source::SecurityHub, "securityhub");
}

#[test]
fn securityhub_is_deterministic() {
    golden_support::deterministic(Source::SecurityHub, "securityhub");
}

#[test]
fn securityhub_survives_cut_and_corrupted_input() {
    golden_hosts::mutations(Source::SecurityHub, "securityhub");
}
