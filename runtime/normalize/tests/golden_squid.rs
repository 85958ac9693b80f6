//! Golden tests of the squid normalizer: `golden/squid/*` snapshotted.

mod golden_hosts;
mod golden_support;

use normalize::Source;

#[test]
fn golden_squid() {
    golden_support::snapshot_dir(Source::Squid, "squid");
}

#[test]
fn squid_raw_data_is_the_record() {
    golden_support::raw_data_is_the_record(Source::Squid, "squid");
}

#[test]
fn squid_is_deterministic() {
    golden_support::deterministic(Source::Squid, "squid");
}

#[test]
fn squid_survives_cut_and_corrupted_input() {
    golden_hosts::mutations(Source::Squid, "squid");
}
