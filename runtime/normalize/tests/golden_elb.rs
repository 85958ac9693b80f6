//! Golden tests of the ELB normalizer: `golden/elb/*` snapshotted.

mod golden_support;

use normalize::Source;

#[test]
fn golden_elb() {
    golden_support::snapshot_dir(Source::Alb, "elb");
}

#[test]
fn elb_raw_data_is_the_record() {
    golden_support::raw_data_is_the_record(Source::Alb, "elb");
}

#[test]
fn elb_is_deterministic() {
    golden_support::deterministic(Source::Alb, "elb");
}

/// The three source names read any of the three formats the same way.
#[test]
fn alb_nlb_elb_names_read_the_same_lines() {
    for path in golden_support::fixtures("elb") {
        let bytes = std::fs::read(&path).expect("fixture");
        let (alb, _) = golden_support::run(Source::Alb, &bytes, true);
        for s in [Source::Nlb, Source::Elb] {
            let (other, _) = golden_support::run(s, &bytes, true);
            assert_eq!(alb.events, other.events, "{}", path.display());
        }
    }
}

#[test]
fn elb_survives_damaged_input() {
    golden_support::survives_mutations(Source::Alb, "elb");
}
