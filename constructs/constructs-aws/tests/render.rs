//! Rendering generated L1 types: only set properties, CloudFormation names, nested property
//! types, enums, sorted sets, intrinsics in non-string fields, typed attributes.

use constructs_aws::{kms, lakeformation, lambda, rds, s3, sqs, wafv2, Attribute};
use constructs_core::{
    synthesize, App, Expr, NodeRef, Parameter, RenderCx, Resource, TagShape, ToCfn, Value,
};
use serde_json::json;

/// Logical IDs `Node<n>`: enough to render property types on their own.
struct Cx;

impl RenderCx for Cx {
    fn logical_id(&mut self, node: NodeRef) -> String {
        format!("Node{}", node.0)
    }
}

fn render(v: &dyn ToCfn) -> serde_json::Value {
    v.to_cfn(&mut Cx)
}

/// A lake bucket as the blueprint writes one: a KMS key by attribute, nested encryption
/// rules with an enum, a lifecycle rule whose number of days is a parameter, tags given out
/// of order.
fn lake_app() -> App {
    let mut app = App::new();
    let stack = app.stack("central");
    let days = app.parameter(stack, "ExpirationDays", Parameter::new("Number"));
    let key = app.add(
        stack,
        "Key",
        kms::Key {
            enable_key_rotation: Some(true.into()),
            key_policy: Some(Value::from(Expr::from(json!({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]
            })))),
            ..Default::default()
        },
    );
    let by_default = s3::bucket::ServerSideEncryptionByDefault {
        kms_master_key_id: Some(kms::KeyAttribute::Arn.of(key)),
        ..s3::bucket::ServerSideEncryptionByDefault::new(
            s3::bucket::ServerSideEncryptionByDefaultSseAlgorithm::AwsKms,
        )
    };
    let rule = s3::bucket::ServerSideEncryptionRule {
        server_side_encryption_by_default: Some(by_default.into()),
        bucket_key_enabled: Some(true.into()),
        ..Default::default()
    };
    let expire = s3::bucket::Rule {
        id: Some("expire".into()),
        expiration_in_days: Some(Value::ref_(days)),
        ..s3::bucket::Rule::new(s3::bucket::RuleStatus::Enabled)
    };
    let tag = |k: &str, v: &str| Value::from(s3::bucket::Tag::new(k, v));
    app.add(
        stack,
        "Lake",
        s3::Bucket {
            bucket_encryption: Some(s3::bucket::BucketEncryption::new(vec![rule.into()]).into()),
            lifecycle_configuration: Some(
                s3::bucket::LifecycleConfiguration::new(vec![expire.into()]).into(),
            ),
            versioning_configuration: Some(
                s3::bucket::VersioningConfiguration::new(
                    s3::bucket::VersioningConfigurationStatus::Enabled,
                )
                .into(),
            ),
            tags: Some(
                vec![
                    tag("zone", "raw"),
                    tag("owner", "security"),
                    tag("cost", "lake"),
                ]
                .into(),
            ),
            ..Default::default()
        },
    );
    app
}

#[test]
fn lake_bucket_template() {
    let (assembly, diagnostics) = synthesize(&lake_app());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let template = &assembly.stack("central").expect("stack").template;
    let props = &template["Resources"]["Lake"]["Properties"];
    assert_eq!(template["Resources"]["Lake"]["Type"], "AWS::S3::Bucket");
    // Nested property types and an enum in its CloudFormation spelling.
    let by_default = &props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
        ["ServerSideEncryptionByDefault"];
    assert_eq!(by_default["SSEAlgorithm"], "aws:kms");
    assert_eq!(
        by_default["KMSMasterKeyID"],
        json!({"Fn::GetAtt": ["Key", "Arn"]})
    );
    // An intrinsic in an integer property.
    assert_eq!(
        props["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"],
        json!({"Ref": "ExpirationDays"})
    );
    // Tags are a set: sorted whatever the order they were given in.
    let keys: Vec<&str> = props["Tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["Key"].as_str())
        .collect();
    assert_eq!(keys, ["cost", "owner", "zone"]);
    insta::assert_json_snapshot!("lake_bucket_template", template);
}

#[test]
fn unset_properties_are_not_rendered() {
    assert_eq!(render(&kms::Key::default()), json!({}));
    assert_eq!(render(&s3::Bucket::default()), json!({}));
}

#[test]
fn required_properties_come_from_new() {
    let code = lambda::function::Code {
        zip_file: Some("exports.handler = () => {}".into()),
        ..Default::default()
    };
    let f = lambda::Function {
        memory_size: Some(Value::from(256)),
        ..lambda::Function::new(code, "arn:aws:iam::123456789012:role/fn")
    };
    assert_eq!(
        render(&f),
        json!({"Code": {"ZipFile": "exports.handler = () => {}"}, "MemorySize": 256, "Role": "arn:aws:iam::123456789012:role/fn"})
    );
}

#[test]
fn a_set_of_enums_renders_sorted() {
    use lakeformation::principal_permissions::{
        DataLakePrincipal, Permission, Resource as LfResource,
    };
    let p = lakeformation::PrincipalPermissions::new(
        vec![
            Permission::Select.into(),
            Permission::All.into(),
            Permission::Describe.into(),
        ],
        vec![],
        DataLakePrincipal {
            data_lake_principal_identifier: Some("arn:aws:iam::123456789012:role/analyst".into()),
        },
        LfResource {
            catalog: Some("123456789012".into()),
            ..Default::default()
        },
    );
    let out = render(&p);
    assert_eq!(out["Permissions"], json!(["ALL", "DESCRIBE", "SELECT"]));
    assert_eq!(out["PermissionsWithGrantOption"], json!([]));
}

#[test]
fn an_intrinsic_replaces_a_whole_list_or_struct() {
    let q = sqs::Queue {
        delay_seconds: Some(Value::get_att(NodeRef(7), "Delay")),
        ..Default::default()
    };
    assert_eq!(
        render(&q),
        json!({"DelaySeconds": {"Fn::GetAtt": ["Node7", "Delay"]}})
    );
    let b = s3::Bucket {
        tags: Some(Value::ref_(NodeRef(3))),
        ..Default::default()
    };
    assert_eq!(render(&b), json!({"Tags": {"Ref": "Node3"}}));
}

#[test]
fn recursive_property_types_are_boxed() {
    use wafv2::web_acl::{NotStatement, Statement};
    let inner = Statement {
        label_match_statement: None,
        ..Default::default()
    };
    let not = Statement {
        not_statement: Some(Box::new(NotStatement::new(inner).into())),
        ..Default::default()
    };
    assert_eq!(render(&not), json!({"NotStatement": {"Statement": {}}}));
}

#[test]
fn resource_traits_carry_type_attributes_and_tag_shape() {
    assert_eq!(s3::Bucket::TYPE, "AWS::S3::Bucket");
    assert_eq!(s3::Bucket::TAGS, TagShape::List);
    assert!(s3::Bucket::ATTRIBUTES.expect("attributes").contains(&"Arn"));
    let rds = rds::DbCluster::ATTRIBUTES.expect("attributes");
    assert!(rds.contains(&"Endpoint.Address"), "{rds:?}");
    assert_eq!(
        rds::DbClusterAttribute::EndpointAddress.name(),
        "Endpoint.Address"
    );
    // A type without attributes accepts none.
    assert_eq!(s3::BucketPolicy::ATTRIBUTES, Some(&[][..]));
}

#[test]
fn an_unknown_attribute_is_a_synthesis_error() {
    let mut app = App::new();
    let stack = app.stack("s");
    let policy = app.add(
        stack,
        "Policy",
        sqs::QueuePolicy::new(Expr::from(json!({})), vec!["q".into()]),
    );
    let queue = sqs::Queue {
        redrive_policy: Some(Value::from(Expr::from(Value::<String>::get_att(
            policy, "Arn",
        )))),
        ..Default::default()
    };
    app.add(stack, "Queue", queue);
    let (_, diagnostics) = synthesize(&app);
    assert!(
        diagnostics.iter().any(|d| d
            .to_string()
            .contains("has no attribute \"Arn\" for Fn::GetAtt; it has: Id")),
        "GetAtt of an attribute AWS::SQS::QueuePolicy lacks must be reported: {diagnostics:?}"
    );
}
