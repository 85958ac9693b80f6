//! Golden tests of the CloudTrail normalizer: `golden/cloudtrail/*` snapshotted.

mod golden_support;

use normalize::Source;

#[test]
fn golden_cloudtrail() {
    golden_support::snapshot_dir(Source::CloudTrail, "cloudtrail");
}

#[test]
fn cloudtrail_raw_data_is_the_record() {
    golden_support::raw_data_is_the_record(Source::CloudTrail, "cloudtrail");
}

#[test]
fn cloudtrail_is_deterministic() {
    golden_support::deterministic(Source::CloudTrail, "cloudtrail");
}

#[test]
fn cloudtrail_survives_damaged_input() {
    golden_support::survives_mutations(Source::CloudTrail, "cloudtrail");
}
