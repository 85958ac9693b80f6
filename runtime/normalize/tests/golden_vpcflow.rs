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
        assert_eq!(
            (summary.events_out, summary.skipped, summary.rejects),
            (1, 1, 0),
            "{input:?}"
        );
        assert!(collect.events[0]
            .1
            .contains("\"raw_data\":\"2 111122223333 eni-1 10.0.0.1"));
    }
}

#[test]
fn vpcflow_survives_damaged_input() {
    golden_support::survives_mutations(Source::VpcFlow, "vpcflow");
}

/// A start or end too large to be a time in milliseconds is a reject, not an overflow
/// (found by the fuzzer: a panic in debug builds, a wrapped time in release builds).
#[test]
fn huge_times_are_rejects() {
    for line in ["2 111122223333 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 33333333333333333 1709300060 ACCEPT OK",
                 "2 111122223333 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1709300000 9223372036854775807 ACCEPT OK"] {
        let input = format!("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n{line}\n");
        let (collect, summary) = golden_support::run(Source::VpcFlow, input.as_bytes(), true);
        assert_eq!((summary.events_out, summary.rejects), (0, 1), "{line}");
        assert!(collect.rejects[0].reason.contains("out of range"), "{}", collect.rejects[0].reason);
        assert_eq!(collect.rejects[0].raw, line.as_bytes());
    }
    // The fuzzer's own input, through detection.
    let (_, summary) = golden_support::run(
        Source::VpcFlow,
        b"start \n 33333333333333333\n0\t\"\0\0\x0c\x0c\x0c\x0c",
        true,
    );
    assert_eq!(summary.events_out, 0);
}
