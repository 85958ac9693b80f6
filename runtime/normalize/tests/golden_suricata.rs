//! Golden tests of the suricata normalizer: `golden/suricata/*` snapshotted.

mod golden_hosts;
mod golden_support;

use normalize::Source;

#[test]
fn golden_suricata() {
    golden_support::snapshot_dir(Source::Suricata, "suricata");
}

#[test]
fn suricata_raw_data_is_the_record() {
    golden_support::raw_data_is_the_record(Source::Suricata, "suricata");
}

#[test]
fn suricata_is_deterministic() {
    golden_support::deterministic(Source::Suricata, "suricata");
}

#[test]
fn suricata_survives_cut_and_corrupted_input() {
    golden_hosts::mutations(Source::Suricata, "suricata");
}
