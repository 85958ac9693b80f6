//! Golden tests of the VPC Flow Logs normalizer: `golden/vpcflow/*` snapshotted.

mod golden_support;

use normalize::Source;

#[test]
fn golden_vpcflow() {
    golden_support::snapshot_dir(Source::VpcFlow, "vpcflow");
}

#[test]
fn vpcflow_is_deterministic() {
    golden_support::deterministic(Source::VpcFlow, "vpcflow");
}

/// The last line of a file with a header counts, with or without a final newline.
#[test]
fn last_line_is_not_lost() {
    let body = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n\
                2 111122223333 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1709300000 1709300060 ACCEPT OK";
    for input in [body.to_owned(), format!("{body}\n"), format!("{body}\r\n")] {
        let (collect, summary) = golden_support::run(Source::VpcFlow, input.as_bytes(), true);
        assert_eq!((summary.events_out, summary.skipped, summary.rejects), (1, 1, 0), "{input:?}");
        assert!(collect.events[0].1.contains("\"raw_data\":\"2 111122223333 eni-1 10.0.0.1"));
    }
}

#[test]
fn vpcflow_survives_damaged_input() {
    golden_support::survives_mutations(Source::VpcFlow, "vpcflow");
}
