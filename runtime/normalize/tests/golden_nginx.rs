//! Golden tests of the nginx normalizer: `golden/nginx/*` snapshotted.

mod golden_hosts;
mod golden_support;

use normalize::Source;

#[test]
fn golden_nginx() {
    golden_support::snapshot_dir(Source::Nginx, "nginx");
}

#[test]
fn nginx_raw_data_is_the_record() {
    golden_support::raw_data_is_the_record(Source::Nginx, "nginx");
}

#[test]
fn nginx_is_deterministic() {
    golden_support::deterministic(Source::Nginx, "nginx");
}

#[test]
fn nginx_survives_cut_and_corrupted_input() {
    golden_hosts::mutations(Source::Nginx, "nginx");
}
