//! Snapshots (top-level `snapshots/<environment>/`) of everything `sds synth` writes for every
//! environment file: each template, `manifest.json`, and the logical-ID inventory (stack,
//! logical ID, type, construct path, stateful), which shows any change of a stateful
//! resource's logical ID in review.

mod common;

use std::fmt::Write as _;

#[test]
fn every_environment_snapshots() {
    for (env, s) in common::synthesize_all() {
        let mut inventory = String::from("stack | logical ID | type | path | stateful\n");
        let mut rows: Vec<_> = s.assembly.inventory().collect();
        rows.sort_by(|a, b| (&a.stack, &a.logical_id).cmp(&(&b.stack, &b.logical_id)));
        for r in rows {
            let stateful = if r.stateful { "STATEFUL" } else { "-" };
            let _ = writeln!(
                inventory,
                "{} | {} | {} | {} | {stateful}",
                r.stack, r.logical_id, r.type_, r.path
            );
        }
        insta::with_settings!({
            snapshot_path => common::snapshot_dir(&env),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("sds synth --env {env}"),
        }, {
            for (file, text) in &s.files {
                insta::assert_snapshot!(file.trim_end_matches(".json").to_owned(), text);
            }
            insta::assert_snapshot!("inventory", inventory);
        });
    }
}

#[test]
fn output_files_are_one_template_per_stack_and_a_manifest() {
    for (env, s) in common::synthesize_all() {
        let mut want: Vec<String> = s
            .assembly
            .stacks
            .iter()
            .map(|st| synth::manifest::template_file(&st.id))
            .collect();
        want.push("manifest.json".to_owned());
        want.sort();
        let got: Vec<String> = s.files.keys().cloned().collect();
        assert_eq!(got, want, "{env}");
        let manifest: serde_json::Value = serde_json::from_str(&s.files["manifest.json"]).unwrap();
        assert_eq!(manifest["version"], synth::manifest::VERSION);
        assert_eq!(manifest["environment"], env.as_str());
        for text in s.files.values() {
            assert!(text.ends_with('\n'));
            assert!(
                !text.contains("/work/") && !text.contains("/tmp/"),
                "no absolute paths in output"
            );
        }
    }
}

#[test]
fn organization_deploys_the_collector_as_a_stack_set() {
    let all = common::synthesize_all();
    let (_, org) = all.iter().find(|(e, _)| e == "organization").unwrap();
    let sets = &org.manifest.stack_sets;
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].permission_model, "SERVICE_MANAGED");
    assert!(sets[0].auto_deployment.enabled);
    assert_eq!(sets[0].regions, ["eu-central-1", "eu-west-1", "us-east-1"]);
    assert_eq!(
        sets[0].organizational_units,
        ["ou-ab12-workload1", "ou-ab12-sandbox01"]
    );
    let (_, default) = all.iter().find(|(e, _)| e == "default").unwrap();
    assert!(
        default.manifest.stack_sets.is_empty(),
        "the default environment needs no Organizations"
    );
    assert!(default.manifest.stacks.iter().all(|s| s.account.is_none()));
}

/// The StackSet resource of the central stack and the manifest say the same.
#[test]
fn manifest_matches_the_stack_set_resource() {
    let all = common::synthesize_all();
    let (_, org) = all.iter().find(|(e, _)| e == "organization").unwrap();
    let set = &org.manifest.stack_sets[0];
    let by = set
        .deployed_by
        .as_ref()
        .expect("the central stack deploys the collector StackSet");
    let stack = org.assembly.stack(&by.stack).unwrap();
    let props = &stack.template["Resources"][&by.logical_id]["Properties"];
    assert_eq!(props["PermissionModel"], set.permission_model);
    assert_eq!(props["AutoDeployment"]["Enabled"], true);
    let groups = props["StackInstancesGroup"]
        .as_array()
        .expect("StackInstancesGroup");
    let mut ous = Vec::new();
    let mut regions = Vec::new();
    for g in groups {
        for ou in g["DeploymentTargets"]["OrganizationalUnitIds"]
            .as_array()
            .unwrap()
        {
            ous.push(ou.as_str().unwrap().to_owned());
        }
        for r in g["Regions"].as_array().unwrap() {
            regions.push(r.as_str().unwrap().to_owned());
        }
    }
    // OU IDs are an unordered set in CloudFormation (rendered sorted); regions keep order.
    let mut want_ous = set.organizational_units.clone();
    want_ous.sort();
    ous.sort();
    assert_eq!(ous, want_ous);
    assert_eq!(regions, set.regions);
    let prefs = &props["OperationPreferences"];
    assert_eq!(
        prefs["MaxConcurrentPercentage"],
        set.operation_preferences.max_concurrent_percentage
    );
    assert_eq!(
        prefs["FailureTolerancePercentage"],
        set.operation_preferences.failure_tolerance_percentage
    );
    assert_eq!(
        prefs["RegionConcurrencyType"],
        set.operation_preferences.region_concurrency
    );
}
