//! Whole-app synthesis: a template with every feature (snapshotted), determinism, the
//! inventory and the manifest facts.

mod common;

use std::collections::BTreeMap;

use common::{Bucket, BucketPolicy, Key, Rule, SsmParameter, StackSet, Topic};
use constructs_core::*;
use serde_json::json;

/// A small app using every feature of the core: two stacks and a StackSet body.
fn sample_app() -> App {
    let mut app = App::new();
    let collector = app.stack_set_body("collector");
    app.set_description(collector, "Collector (StackSet body)");
    let bus_arn = app.parameter(
        collector,
        "CentralBusArn",
        Parameter::string()
            .description("ARN of the central event bus")
            .allowed_pattern("^arn:.*$"),
    );
    let health = app.scope(collector, "Health");
    app.add(
        health,
        "Resource",
        Rule::default()
            .with("EventPattern", json!({"source": ["aws.health"]}))
            .with(
                "Targets",
                Expr::list([Expr::map([
                    ("Arn", Expr::from(Intrinsic::Ref(bus_arn))),
                    ("Id", "central".into()),
                ])]),
            ),
    );

    let central = app.stack("central");
    app.set_description(central, "Central stack");
    app.set_stack_name(central, "sds-central");
    app.tag(central, "project", "sds");
    let env = app.parameter(
        central,
        "Env",
        Parameter {
            allowed_values: vec!["dev".into(), "prod".into()],
            ..Parameter::string().default_value("dev")
        },
    );
    let is_prod = app.condition(
        central,
        "IsProd",
        Intrinsic::equals(Intrinsic::Ref(env), "prod"),
    );
    let mut regions = Mapping::new();
    regions.insert(
        "us-east-1".into(),
        BTreeMap::from([("Short".into(), json!("use1"))]),
    );
    let region_map = app.mapping(central, "Regions", regions);

    let security = app.scope(central, "Security");
    let key = app.add_with(
        security,
        "Key",
        Key::default().with("EnableKeyRotation", true),
        ResourceOptions::retain(),
    );
    let lake = app.scope(central, "Lake");
    app.tag(lake, "layer", "storage");
    let bucket = app.add_with(
        lake,
        "Bucket",
        Bucket::default()
            .with(
                "BucketName",
                Sub::new()
                    .text("sds-")
                    .ref_(env)
                    .text("-")
                    .pseudo(Pseudo::AccountId)
                    .text("-${literal}"),
            )
            .with(
                "Short",
                Intrinsic::find_in_map(region_map, Pseudo::Region, "Short"),
            )
            .with("KeyArn", key.get_att("Arn"))
            .with(
                "Tags",
                Expr::list([
                    Expr::map([("Key", "layer"), ("Value", "own-wins")]),
                    Expr::map([("Key", "a"), ("Value", "b")]),
                ]),
            ),
        ResourceOptions {
            depends_on: vec![key, key],
            ..ResourceOptions::retain()
        },
    );
    let policy = app.add(
        lake,
        "Policy",
        BucketPolicy::default()
            .with("Bucket", Intrinsic::Ref(bucket))
            .with(
                "PolicyDocument",
                Expr::map([(
                    "Statement",
                    Expr::list([Expr::map([(
                        "Resource",
                        Sub::new().get_att(bucket, "Arn").text("/*").expr(),
                    )])]),
                )]),
            ),
    );
    app.options(policy).condition = Some(is_prod);
    app.options(policy).metadata.insert(
        "checkov".into(),
        json!({"skip": [{"id": "CKV_AWS_1"}]}).into(),
    );
    app.add_override(policy, "/Properties/PolicyDocument/Version", "2012-10-17");
    app.add(central, "Topic", Topic::default());
    app.add(
        central,
        "Param",
        SsmParameter::default()
            .with("Value", "x")
            .with("Tags", json!({"own": "yes"})),
    );
    app.add(
        central,
        "Collector",
        StackSet::default().with("TemplateBody", Intrinsic::StackBody(collector)),
    );
    let out = app.output(
        central,
        "LakeBucketArn",
        Output::new(bucket.get_att("Arn"))
            .description("Lake bucket")
            .export("sds-lake-bucket-arn"),
    );

    let consumer = app.stack("consumer");
    let import = app.import_value(out);
    app.add(consumer, "Reader", Bucket::default().with("Source", import));
    app
}

#[test]
fn sample_app_synthesizes_cleanly() {
    let (assembly, diagnostics) = synthesize(&sample_app());
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(
        assembly
            .stacks
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        ["collector", "central", "consumer"]
    );
}

#[test]
fn central_template_snapshot() {
    let (assembly, _) = synthesize(&sample_app());
    insta::assert_snapshot!("central_template", assembly.stack("central").unwrap().body);
}

#[test]
fn collector_template_snapshot() {
    let (assembly, _) = synthesize(&sample_app());
    let collector = assembly.stack("collector").unwrap();
    insta::assert_snapshot!("collector_template", collector.body);
    assert_eq!(collector.kind, StackKind::StackSetBody);
    // The embedded body is the compact form of the same template.
    let central = &assembly.stack("central").unwrap().template;
    let embedded = central["Resources"]["Collector"]["Properties"]["TemplateBody"]
        .as_str()
        .unwrap();
    assert_eq!(embedded, collector.compact_body);
    assert_eq!(assembly.stack("central").unwrap().compact_body, "");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(embedded).unwrap(),
        collector.template
    );
}

#[test]
fn assembly_facts_snapshot() {
    let (assembly, _) = synthesize(&sample_app());
    // Everything a manifest needs, without the template bodies.
    insta::assert_json_snapshot!("assembly_facts", assembly);
}

#[test]
fn inventory_marks_stateful_resources() {
    let (assembly, _) = synthesize(&sample_app());
    let rows: Vec<String> = assembly
        .inventory()
        .map(|r| {
            format!(
                "{} {} {} {} {}",
                r.stack, r.logical_id, r.type_, r.path, r.stateful
            )
        })
        .collect();
    insta::assert_snapshot!("inventory", rows.join("\n"));
}

#[test]
fn output_is_byte_deterministic() {
    let (a, _) = synthesize(&sample_app());
    let (b, _) = synthesize(&sample_app());
    for (x, y) in a.stacks.iter().zip(&b.stacks) {
        assert_eq!(x.body, y.body);
    }
    let body = &a.stack("central").unwrap().body;
    assert!(body.ends_with("}\n") && !body.ends_with("\n\n"));
    assert!(body.starts_with("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n"));
}

#[test]
fn keys_are_sorted_and_depends_on_is_sorted_and_unique() {
    let (assembly, _) = synthesize(&sample_app());
    let t = &assembly.stack("central").unwrap().template;
    fn check_sorted(v: &serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                let keys: Vec<&String> = m.keys().collect();
                let mut sorted = keys.clone();
                sorted.sort();
                assert_eq!(keys, sorted);
                m.values().for_each(check_sorted);
            }
            serde_json::Value::Array(items) => items.iter().for_each(check_sorted),
            _ => {}
        }
    }
    check_sorted(t);
    let bucket = t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.starts_with("LakeBucket"))
        .unwrap()
        .1;
    assert_eq!(bucket["DependsOn"], json!(["SecurityKeyCBF26EE7"]));
}

#[test]
fn tags_inherit_and_own_tags_win() {
    let (assembly, _) = synthesize(&sample_app());
    let t = &assembly.stack("central").unwrap().template;
    let bucket = &t["Resources"]["LakeBucket0924C38C"]["Properties"]["Tags"];
    assert_eq!(
        *bucket,
        json!([{"Key": "a", "Value": "b"}, {"Key": "layer", "Value": "own-wins"}, {"Key": "project", "Value": "sds"}])
    );
    assert_eq!(
        t["Resources"]["Param"]["Properties"]["Tags"],
        json!({"own": "yes", "project": "sds"})
    );
    assert_eq!(
        t["Resources"]["Topic"]["Properties"]["Tags"],
        json!([{"Key": "project", "Value": "sds"}])
    );
    // Not taggable: no Tags property appears.
    let policy = t["Resources"]["LakePolicy4FAA78B1"]["Properties"]
        .as_object()
        .unwrap();
    assert!(!policy.contains_key("Tags"), "{t:#}");
    assert_eq!(
        assembly.stack("central").unwrap().tags,
        BTreeMap::from([("project".to_owned(), "sds".to_owned())])
    );
}

#[test]
fn imports_make_stack_dependencies() {
    let (assembly, _) = synthesize(&sample_app());
    let consumer = assembly.stack("consumer").unwrap();
    assert_eq!(consumer.imports, ["sds-lake-bucket-arn"]);
    assert_eq!(consumer.dependencies, ["central"]);
    assert_eq!(
        assembly.stack("central").unwrap().exports,
        ["sds-lake-bucket-arn"]
    );
}

#[test]
fn explicit_stack_dependencies_are_recorded() {
    let mut app = App::new();
    let a = app.stack("a");
    let b = app.stack("b");
    app.add(a, "T", Topic::default());
    app.add(b, "T", Topic::default());
    app.add_stack_dependency(b, a);
    let (assembly, diagnostics) = synthesize(&app);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(assembly.stack("b").unwrap().dependencies, ["a"]);
    assert!(assembly.stack("a").unwrap().dependencies.is_empty());
}

#[test]
fn renames_and_pins_set_logical_ids() {
    let mut app = App::new();
    let s = app.stack("s");
    let scope = app.scope(s, "Moved");
    let bucket = app.add(scope, "Bucket", Bucket::default());
    let key = app.add(scope, "Key", Key::default());
    app.rename(s, "Moved/Bucket", "LakeBucket0924C38C");
    app.set_logical_id(key, "CentralKey");
    app.add(
        s,
        "Policy",
        BucketPolicy::default().with("Bucket", Intrinsic::Ref(bucket)),
    );
    let (assembly, diagnostics) = synthesize(&app);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let t = &assembly.stack("s").unwrap().template;
    assert!(t["Resources"]["LakeBucket0924C38C"].is_object());
    assert!(t["Resources"]["CentralKey"].is_object());
    assert_eq!(
        t["Resources"]["Policy"]["Properties"]["Bucket"],
        json!({"Ref": "LakeBucket0924C38C"})
    );
}

#[test]
fn renames_match_a_derived_logical_id_too() {
    let mut app = App::new();
    let s = app.stack("s");
    let lake = app.scope(s, "Lake");
    app.add(lake, "Bucket", Bucket::default());
    // CDK style: old logical ID -> new logical ID.
    app.rename(s, "LakeBucket0924C38C", "DataBucket");
    let (assembly, diagnostics) = synthesize(&app);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(
        assembly.stack("s").unwrap().resources[0].logical_id,
        "DataBucket"
    );
}

#[test]
fn overrides_set_and_remove() {
    let mut app = App::new();
    let s = app.stack("s");
    let b = app.add(
        s,
        "B",
        Bucket::default().with("A", json!({"x": [1, 2, 3], "y": "z"})),
    );
    app.add_override(b, "/Properties/A/x/1", 20);
    app.add_override(b, "/Properties/A/x/-", 4);
    app.remove_override(b, "/Properties/A/y");
    app.add_override(b, "/Properties/New~1Key/Deep", Pseudo::Region);
    app.add_override(b, "/Metadata/tilde~0", true);
    let (assembly, diagnostics) = synthesize(&app);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let r = &assembly.stack("s").unwrap().template["Resources"]["B"];
    assert_eq!(r["Properties"]["A"], json!({"x": [1, 20, 3, 4]}));
    assert_eq!(
        r["Properties"]["New/Key"],
        json!({"Deep": {"Ref": "AWS::Region"}})
    );
    assert_eq!(r["Metadata"], json!({"tilde~": true}));
}

#[test]
fn custom_resource_renders_its_type_and_token() {
    let mut app = App::new();
    let s = app.stack("s");
    let f = app.add(s, "Fn", Rule::default());
    app.add(
        s,
        "Seed",
        CustomResource::new("SeedTable", f.get_att("Arn").value()).property("Size", 3),
    );
    let (assembly, diagnostics) = synthesize(&app);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(
        assembly.stack("s").unwrap().template["Resources"]["Seed"],
        json!({"Type": "Custom::SeedTable", "Properties": {"ServiceToken": {"Fn::GetAtt": ["Fn", "Arn"]}, "Size": 3}})
    );
}

#[test]
fn stateful_list_is_sorted_for_lookup() {
    let mut sorted = STATEFUL_TYPES.to_vec();
    sorted.sort();
    assert_eq!(sorted, STATEFUL_TYPES);
    assert!(is_stateful("AWS::S3::Bucket"));
    assert!(!is_stateful("AWS::S3::BucketPolicy"));
}
