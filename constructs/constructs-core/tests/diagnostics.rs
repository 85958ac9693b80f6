//! Every diagnostic synthesis reports: each has its path, all are reported at once, and
//! none of them is a panic.

mod common;

use common::{Bucket, BucketPolicy, Key, Rule, StackSet, Topic};
use constructs_core::synth::limits;
use constructs_core::*;
use serde_json::json;

/// Synthesizes and returns the displayed diagnostics.
fn messages(app: &App) -> Vec<String> {
    synthesize(app).1.iter().map(|d| d.to_string()).collect()
}

fn assert_one(app: &App, needle: &str) {
    let all = messages(app);
    assert!(
        all.iter().any(|m| m.contains(needle)),
        "no diagnostic contains {needle:?}: {all:#?}"
    );
}

/// An app with one stack `s` holding one topic.
fn one_stack() -> (App, NodeRef) {
    let mut app = App::new();
    let s = app.stack("s");
    app.add(s, "Topic", Topic::default());
    (app, s)
}

#[test]
fn display_is_path_then_message() {
    let d = Diagnostic::error("central/Lake/Bucket", "boom");
    assert_eq!(d.to_string(), "[central/Lake/Bucket] boom");
    assert_eq!(
        Diagnostic::warning("", "hm").to_string(),
        "[app] warning: hm"
    );
    assert!(has_errors(&[d]));
}

#[test]
fn invalid_ids_are_rejected_not_stripped() {
    let (mut app, s) = one_stack();
    app.add(s, "my-bucket", Bucket::default());
    app.add(s, "", Bucket::default());
    app.add(s, "Bücket", Bucket::default());
    let all = messages(&app);
    assert!(
        all.contains(
            &r#"[s/my-bucket] invalid construct ID "my-bucket": IDs must match ^[A-Za-z0-9]+$"#
                .to_owned()
        ),
        "{all:#?}"
    );
    assert!(
        all.iter().any(|m| m.contains(r#"invalid construct ID """#)),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|m| m.contains(r#"invalid construct ID "Bücket""#)),
        "{all:#?}"
    );
    // The invalid IDs are not stripped into valid logical IDs behind the user's back.
    let (assembly, _) = synthesize(&app);
    assert!(assembly.stack("s").unwrap().template["Resources"]
        .get("mybucket")
        .is_none());
}

#[test]
fn duplicate_ids_are_reported() {
    let (mut app, s) = one_stack();
    app.add(s, "Topic", Bucket::default());
    let all = messages(&app);
    assert!(
        all.contains(&r#"[s/Topic] duplicate construct ID "Topic" in this scope"#.to_owned()),
        "{all:#?}"
    );
    // The same ID in different scopes is fine.
    let (mut app, s) = one_stack();
    let a = app.scope(s, "A");
    let b = app.scope(s, "B");
    app.add(a, "X", Topic::default());
    app.add(b, "X", Topic::default());
    assert!(messages(&app).is_empty());
}

#[test]
fn duplicate_stacks_are_reported() {
    let mut app = App::new();
    let a = app.stack("s");
    let b = app.stack("s");
    app.add(a, "T", Topic::default());
    app.add(b, "T", Topic::default());
    assert_one(&app, "[s] duplicate construct ID \"s\"");
}

#[test]
fn collisions_name_both_paths() {
    let (mut app, s) = one_stack();
    let a = app.add(s, "A", Bucket::default());
    let lake = app.scope(s, "Lake");
    let b = app.add(lake, "B", Bucket::default());
    app.set_logical_id(a, "Same");
    app.set_logical_id(b, "Same");
    assert_one(&app, "[s/Lake/B] logical ID Same collides with [s/A]");
}

#[test]
fn default_makes_paths_collide() {
    // `Lake/Default` is addressed as `Lake` and gets the logical ID `Lake`.
    let (mut app, s) = one_stack();
    let lake = app.scope(s, "Lake");
    app.add(lake, "Default", Bucket::default());
    assert!(synthesize(&app).0.stack("s").unwrap().template["Resources"]["Lake"].is_object());
    let other = app.add(s, "LakeTopic", Topic::default());
    app.set_logical_id(other, "Lake");
    let all = messages(&app);
    assert!(
        all.iter()
            .any(|m| m == "[s/LakeTopic] logical ID Lake collides with [s/Lake]"),
        "{all:#?}"
    );
}

#[test]
fn resources_and_parameters_share_a_namespace_outputs_do_not() {
    let (mut app, s) = one_stack();
    app.parameter(s, "Topic", Parameter::string());
    assert_one(&app, "[s/Topic] logical ID Topic collides with [s/Topic]");
    let (mut app, s) = one_stack();
    let t = NodeRef(2);
    app.output(s, "TopicOut", Output::new(t.ref_()));
    app.set_logical_id(NodeRef(3), "Topic");
    assert!(messages(&app).is_empty(), "{:?}", messages(&app));
}

#[test]
fn pinned_ids_are_validated() {
    let (mut app, s) = one_stack();
    let b = app.add(s, "B", Bucket::default());
    app.set_logical_id(b, "not-valid");
    assert_one(
        &app,
        "[s/B] logical ID \"not-valid\" must match ^[A-Za-z0-9]+$",
    );
    let (mut app, s) = one_stack();
    let b = app.add(s, "B", Bucket::default());
    app.set_logical_id(b, &"L".repeat(256));
    assert_one(
        &app,
        "[s/B] logical ID is 256 characters long, the limit is 255",
    );
}

#[test]
fn unused_rename_is_an_error() {
    let (mut app, s) = one_stack();
    app.rename(s, "Old/Path", "OldId");
    assert_one(
        &app,
        "[s] unused rename \"Old/Path\" -> OldId: no node has that path or derived logical ID in this stack",
    );
    app.rename(s, "Old/Path", "Other");
    assert_one(&app, "[s] rename of \"Old/Path\" is given twice");
}

#[test]
fn only_defaults_need_a_pinned_id() {
    let (mut app, s) = one_stack();
    app.add(s, "Default", Bucket::default());
    assert_one(&app, "has no logical ID (its path is only `Default`s)");
}

#[test]
fn cross_stack_references_say_what_to_do() {
    let mut app = App::new();
    let central = app.stack("central");
    let lake = app.scope(central, "Lake");
    let bucket = app.add(lake, "Bucket", Bucket::default());
    let other = app.stack("other");
    app.add(
        other,
        "Ref",
        BucketPolicy::default().with("Bucket", bucket.ref_()),
    );
    app.add(
        other,
        "Att",
        BucketPolicy::default().with("Arn", bucket.get_att("Arn")),
    );
    app.add(
        other,
        "Sub",
        BucketPolicy::default().with("S", Sub::new().ref_(bucket)),
    );
    let t = app.add(other, "Dep", Topic::default());
    app.depends_on(t, bucket);
    let all = messages(&app);
    let cross: Vec<&String> = all
        .iter()
        .filter(|m| m.contains("refers to [central/Lake/Bucket] in another stack (central)"))
        .collect();
    assert_eq!(cross.len(), 4, "{all:#?}");
    assert!(cross[0].contains("add an Output with an explicit export name in central and use App::import_value here, or pass the value in as a Parameter"));
    for (m, path) in cross
        .iter()
        .zip(["other/Att", "other/Dep", "other/Ref", "other/Sub"])
    {
        assert!(m.starts_with(&format!("[{path}]")), "{m}");
    }
}

#[test]
fn references_must_fit_the_node_kind() {
    let (mut app, s) = one_stack();
    let cond = app.condition(s, "C", Intrinsic::equals("a", "b"));
    let param = app.parameter(s, "P", Parameter::string());
    let scope = app.scope(s, "Scope");
    let topic = NodeRef(2);
    app.add(s, "R1", Topic::default().with("x", cond.ref_()));
    app.add(s, "R2", Topic::default().with("x", param.get_att("Arn")));
    app.add(
        s,
        "R3",
        Topic::default().with("x", Intrinsic::if_(topic, "a", "b")),
    );
    app.add(
        s,
        "R4",
        Topic::default().with("x", Intrinsic::find_in_map(param, "a", "b")),
    );
    app.add(s, "R5", Topic::default().with("x", scope.ref_()));
    app.add(s, "R6", Topic::default().with("x", topic.get_att("Nope")));
    let policy = app.add(s, "Policy", BucketPolicy::default());
    app.add(s, "R8", Topic::default().with("x", policy.get_att("Arn")));
    let d = app.add(s, "R7", Topic::default());
    app.depends_on(d, param);
    let all = messages(&app);
    for needle in [
        "[s/R1] Ref needs a resource or a parameter, but [s/C] is a condition",
        "[s/R2] Fn::GetAtt needs a resource, but [s/P] is a parameter",
        "[s/R3] a condition reference needs a condition, but [s/Topic] is a resource",
        "[s/R4] Fn::FindInMap needs a mapping, but [s/P] is a parameter",
        "[s/R5] Ref needs a resource or a parameter, but [s/Scope] is a scope",
        "[s/R6] [s/Topic] (AWS::SNS::Topic) has no attribute \"Nope\" for Fn::GetAtt; it has: TopicArn, TopicName",
        "[s/R7] DependsOn needs a resource, but [s/P] is a parameter",
        "[s/R8] [s/Policy] (AWS::S3::BucketPolicy) has no attribute \"Arn\" for Fn::GetAtt; it has none",
    ] {
        assert!(all.iter().any(|m| m == needle), "missing {needle:?} in {all:#?}");
    }
}

#[test]
fn unknown_handles_are_errors_not_panics() {
    let (mut app, s) = one_stack();
    let ghost = NodeRef(999);
    app.add(s, "R", Topic::default().with("x", ghost.ref_()));
    app.add(ghost, "Orphan", Topic::default());
    app.set_description(ghost, "x");
    app.set_stack_name(s, "ok-name");
    app.depends_on(ghost, ghost);
    app.add_stack_dependency(s, ghost);
    let _ = app.import_value(ghost);
    let all = messages(&app);
    for needle in [
        "[s/R] reference to NodeRef(999), which is not a node of this app",
        "[Orphan] parent NodeRef(999) is not a node of this app",
        "set_description needs a stack (got NodeRef(999))",
        "resource options set on something that is not a resource",
        "[s] stack dependency on NodeRef(999), which is not a stack",
        "import_value needs an output with an export name",
    ] {
        assert!(
            all.iter().any(|m| m.contains(needle)),
            "missing {needle:?} in {all:#?}"
        );
    }
}

#[test]
fn tree_shape_is_checked() {
    let (mut app, s) = one_stack();
    app.add(App::ROOT, "Loose", Topic::default());
    let inner = app.stack("inner");
    let _ = inner;
    let scope = app.scope(s, "Scope");
    app.stack("inner2");
    let _ = scope;
    assert_one(&app, "[Loose] only stacks can be children of the app");
    assert_one(&app, "[inner] a template needs at least one resource");
}

#[test]
fn resource_limit() {
    let mut app = App::new();
    let s = app.stack("s");
    for i in 0..=limits::RESOURCES {
        app.add(s, &format!("T{i}"), Topic::default());
    }
    assert_one(
        &app,
        "[s] 501 resources, CloudFormation allows 500 per template",
    );
    let mut app = App::new();
    let s = app.stack("s");
    for i in 0..limits::RESOURCES {
        app.add(s, &format!("T{i}"), Topic::default());
    }
    assert!(messages(&app).is_empty());
}

#[test]
fn parameter_output_and_mapping_limits() {
    let (mut app, s) = one_stack();
    for i in 0..=limits::PARAMETERS {
        app.parameter(s, &format!("P{i}"), Parameter::string());
        app.output(s, &format!("O{i}"), Output::new("x"));
        app.mapping(s, &format!("M{i}"), Mapping::new());
    }
    let all = messages(&app);
    for needle in [
        "[s] 201 parameters, CloudFormation allows 200 per template",
        "[s] 201 outputs, CloudFormation allows 200 per template",
        "[s] 201 mappings, CloudFormation allows 200 per template",
    ] {
        assert!(
            all.iter().any(|m| m == needle),
            "missing {needle:?} in {all:#?}"
        );
    }
}

#[test]
fn template_size_limit() {
    let (mut app, s) = one_stack();
    app.add(
        s,
        "Big",
        Topic::default().with("Blob", "x".repeat(limits::TEMPLATE_BYTES)),
    );
    assert_one(&app, "CloudFormation allows 1048576");
}

#[test]
fn stack_set_body_size_limit_is_checked_on_the_embedded_form() {
    let mut app = App::new();
    let body = app.stack_set_body("collector");
    app.add(
        body,
        "Big",
        Rule::default().with("Blob", "x".repeat(limits::INLINE_TEMPLATE_BYTES)),
    );
    let central = app.stack("central");
    app.add(
        central,
        "Set",
        StackSet::default().with("TemplateBody", Intrinsic::StackBody(body)),
    );
    assert_one(&app, "[collector] StackSet template body is 51315 bytes (compact), CloudFormation allows 51200 inline");
    // The same template as a plain stack is fine.
    let mut app = App::new();
    let s = app.stack("collector");
    app.add(
        s,
        "Big",
        Rule::default().with("Blob", "x".repeat(limits::INLINE_TEMPLATE_BYTES)),
    );
    assert!(messages(&app).is_empty());
}

#[test]
fn stack_body_needs_a_stack_set_body() {
    let (mut app, s) = one_stack();
    app.add(
        s,
        "Set",
        StackSet::default().with("TemplateBody", Intrinsic::StackBody(s)),
    );
    assert_one(
        &app,
        "[s/Set] StackBody needs a StackSet-body stack, got [s]",
    );
    let mut app = App::new();
    let a = app.stack_set_body("a");
    let b = app.stack_set_body("b");
    app.add(
        a,
        "Set",
        StackSet::default().with("TemplateBody", Intrinsic::StackBody(b)),
    );
    app.add(b, "T", Topic::default());
    assert_one(&app, "a StackSet body cannot embed another one");
}

#[test]
fn stack_set_bodies_cannot_import() {
    let mut app = App::new();
    let body = app.stack_set_body("collector");
    app.add(
        body,
        "T",
        Topic::default().with("X", Intrinsic::import_value("central-bus-arn")),
    );
    assert_one(
        &app,
        "[collector] a StackSet body reaches outside itself only through parameters",
    );
}

#[test]
fn exports_are_checked() {
    let mut app = App::new();
    let a = app.stack("a");
    let b = app.stack("b");
    let t = app.add(a, "T", Topic::default());
    let u = app.add(b, "U", Topic::default());
    app.output(a, "O", Output::new(t.ref_()).export("same"));
    app.output(b, "O", Output::new(u.ref_()).export("same"));
    app.output(b, "Bad", Output::new(u.ref_()).export("has space"));
    let all = messages(&app);
    assert!(
        all.iter()
            .any(|m| m == "[b] export name \"same\" is also exported by [a]"),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|m| m.contains("export name \"has space\" may hold only")),
        "{all:#?}"
    );
}

#[test]
fn own_imports_and_cycles_are_errors() {
    let mut app = App::new();
    let a = app.stack("a");
    let b = app.stack("b");
    let t = app.add(a, "T", Topic::default());
    let u = app.add(b, "U", Topic::default());
    let oa = app.output(a, "O", Output::new(t.ref_()).export("a-out"));
    let ob = app.output(b, "O", Output::new(u.ref_()).export("b-out"));
    let ia = app.import_value(oa);
    let ib = app.import_value(ob);
    app.add(a, "UsesB", Topic::default().with("X", ib));
    app.add(b, "UsesA", Topic::default().with("X", ia.clone()));
    app.add(a, "UsesSelf", Topic::default().with("X", ia));
    let all = messages(&app);
    assert!(
        all.contains(&"[a] stack dependencies form a cycle through this stack".to_owned()),
        "{all:#?}"
    );
    assert!(
        all.contains(&"[a] imports its own export \"a-out\"".to_owned()),
        "{all:#?}"
    );
}

#[test]
fn bad_overrides_are_reported() {
    let (mut app, s) = one_stack();
    let b = app.add(
        s,
        "B",
        Bucket::default().with("L", json!([1])).with("S", "str"),
    );
    app.add_override(b, "Properties/X", 1);
    app.add_override(b, "/Properties/L/5", 1);
    app.add_override(b, "/Properties/L/01", 1);
    app.add_override(b, "/Properties/S/x", 1);
    app.remove_override(b, "/Properties/Missing");
    app.remove_override(b, "/Nope/Deeper");
    let p = app.parameter(s, "P", Parameter::string());
    app.add_override(p, "/x", 1);
    let all = messages(&app);
    for needle in [
        "[s/B] override \"Properties/X\": a JSON pointer must start with '/'",
        "[s/B] override \"/Properties/L/5\": index 5 is past the end of the array",
        "[s/B] override \"/Properties/L/01\": \"01\" is not an array index",
        "[s/B] override \"/Properties/S/x\": cannot set \"x\" inside \"str\"",
        "[s/B] override \"/Properties/Missing\": nothing at \"Missing\" to remove",
        "[s/B] override \"/Nope/Deeper\": nothing at \"Nope\" to remove",
        "[s/P] override \"/x\" on something that is not a resource",
    ] {
        assert!(
            all.iter().any(|m| m == needle),
            "missing {needle:?} in {all:#?}"
        );
    }
}

#[test]
fn bad_stack_names_and_descriptions() {
    let (mut app, s) = one_stack();
    app.set_stack_name(s, "1-starts-with-digit");
    app.set_description(s, &"d".repeat(1025));
    assert_one(&app, "[s] stack name \"1-starts-with-digit\" must match");
    assert_one(
        &app,
        "[s] description is 1025 bytes, CloudFormation allows 1024",
    );
}

#[test]
fn all_problems_are_reported_at_once_sorted_by_path() {
    let mut app = App::new();
    let s = app.stack("s");
    let k = app.add(s, "bad-id", Key::default());
    app.add(s, "bad-id", Key::default());
    app.set_logical_id(k, "x-y");
    app.rename(s, "Nothing", "N");
    app.add(s, "T", Weight(f64::NAN));
    let all = messages(&app);
    insta::assert_snapshot!(all.join("\n"));
}

/// A resource with a float property, to render a NaN.
struct Weight(f64);

impl ToCfn for Weight {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
        json!({ "Weight": self.0.to_cfn(cx) })
    }
}

impl Resource for Weight {
    const TYPE: &'static str = "AWS::Test::Weight";
}

#[test]
fn circular_dependencies_are_reported() {
    let (mut app, s) = one_stack();
    let a = app.add(s, "A", Bucket::default());
    let b = app.add(s, "B", Bucket::default().with("X", a.get_att("Arn")));
    app.add_override(a, "/Properties/Y", Sub::new().ref_(b));
    let c = app.add(s, "C", Topic::default());
    app.depends_on(c, c);
    let all = messages(&app);
    assert!(
        all.iter()
            .any(|m| m == "[s/A] circular dependency between resources: [s/A] -> [s/B] -> [s/A]"),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|m| m == "[s/C] circular dependency between resources: [s/C] -> [s/C]"),
        "{all:#?}"
    );
    // A diamond is not a circle; neither are outputs.
    let (mut app, s) = one_stack();
    let a = app.add(s, "A", Bucket::default());
    let b = app.add(s, "B", Bucket::default().with("X", a.ref_()));
    let c = app.add(s, "C", Bucket::default().with("X", a.ref_()));
    app.add(
        s,
        "D",
        Bucket::default().with("X", b.ref_()).with("Y", c.ref_()),
    );
    app.output(s, "O", Output::new(a.ref_()));
    assert!(messages(&app).is_empty(), "{:?}", messages(&app));
}

#[test]
fn conditions_and_parameters_are_checked() {
    let (mut app, s) = one_stack();
    app.condition(s, "NotACondition", Expr::from("yes"));
    let one = app.condition(s, "One", Intrinsic::and([Intrinsic::equals("a", "a")]));
    let _ = one;
    app.parameter(s, "Weird", Parameter::new("Strin"));
    app.parameter(
        s,
        "Env",
        Parameter {
            allowed_values: vec!["dev".into()],
            ..Parameter::string().default_value("prod")
        },
    );
    app.parameter(s, "Vpc", Parameter::new("AWS::EC2::VPC::Id"));
    app.parameter(s, "Subnets", Parameter::new("List<AWS::EC2::Subnet::Id>"));
    let all = messages(&app);
    for needle in [
        "[s/NotACondition] a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition",
        "[s/One] Fn::And takes 2 to 10 conditions, got 1",
        "[s/Weird] unknown parameter type \"Strin\"",
        "[s/Env] default \"prod\" is not one of the allowed values [\"dev\"]",
    ] {
        assert!(
            all.iter().any(|m| m == needle),
            "missing {needle:?} in {all:#?}"
        );
    }
    assert_eq!(all.len(), 4, "{all:#?}");
}
