//! Generated types against AWS's own schemas: a template using many of them, rendered and
//! checked by cfn-lint (pinned, installed by `.ci/install-tools`). Zero errors, zero
//! warnings. Without cfn-lint the test is skipped with a note, unless `CI=true`.

use constructs_aws::{
    dynamodb, ec2, events, iam, kinesis, kms, lambda, logs, s3, sqs, ssm, wafv2, Attribute,
};
use constructs_core::{synthesize, App, Expr, Pseudo, Sub, Value};
use serde_json::json;
use std::path::PathBuf;
use std::process::Command;

fn cfn_lint() -> Option<PathBuf> {
    let tools = std::env::var_os("SDS_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.tools"));
    let bin = tools.join("cfn-lint/bin/cfn-lint");
    if bin.is_file() {
        return Some(bin);
    }
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "CI=true and cfn-lint is missing at {}: run .ci/install-tools",
        bin.display()
    );
    eprintln!(
        "note: skipping the cfn-lint check: no {} (run .ci/install-tools)",
        bin.display()
    );
    None
}

/// A policy document with one statement.
fn policy(statement: Expr) -> Expr {
    Expr::map([
        ("Version", Expr::from("2012-10-17")),
        ("Statement", Expr::list([statement])),
    ])
}

fn some<T>(v: impl Into<Value<T>>) -> Option<Value<T>> {
    Some(v.into())
}

fn list<T>(items: impl IntoIterator<Item = T>) -> Value<Vec<Value<T>>> {
    Value::Literal(items.into_iter().map(Value::Literal).collect())
}

/// One resource of many generated types, wired together with intrinsics.
fn sample_app() -> App {
    let mut app = App::new();
    let stack = app.stack("sample");
    let key = app.add(
        stack,
        "Key",
        kms::Key {
            enable_key_rotation: some(true),
            key_policy: some(policy(Expr::map([
                ("Effect", Expr::from("Allow")),
                (
                    "Principal",
                    Expr::map([(
                        "AWS",
                        Sub::new()
                            .text("arn:")
                            .pseudo(Pseudo::Partition)
                            .text(":iam::")
                            .pseudo(Pseudo::AccountId)
                            .text(":root"),
                    )]),
                ),
                ("Action", Expr::from("kms:*")),
                ("Resource", Expr::from("*")),
            ]))),
            ..Default::default()
        },
    );
    app.add(
        stack,
        "KeyAlias",
        kms::Alias::new("alias/sample", Value::ref_(key)),
    );

    let sse = s3::bucket::ServerSideEncryptionByDefault {
        kms_master_key_id: Some(kms::KeyAttribute::Arn.of(key)),
        ..s3::bucket::ServerSideEncryptionByDefault::new(
            s3::bucket::ServerSideEncryptionByDefaultSseAlgorithm::AwsKms,
        )
    };
    let bucket = app.add(
        stack,
        "Bucket",
        s3::Bucket {
            bucket_encryption: some(s3::bucket::BucketEncryption::new(list([
                s3::bucket::ServerSideEncryptionRule {
                    server_side_encryption_by_default: some(sse),
                    bucket_key_enabled: some(true),
                    ..Default::default()
                },
            ]))),
            public_access_block_configuration: some(s3::bucket::PublicAccessBlockConfiguration {
                block_public_acls: some(true),
                block_public_policy: some(true),
                ignore_public_acls: some(true),
                restrict_public_buckets: some(true),
            }),
            versioning_configuration: some(s3::bucket::VersioningConfiguration::new(
                s3::bucket::VersioningConfigurationStatus::Enabled,
            )),
            ..Default::default()
        },
    );
    let bucket_arn: Value<String> = s3::BucketAttribute::Arn.of(bucket);
    let _ = bucket_arn;
    let statement = Expr::from(json!({
        "Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }));
    let Expr::Map(mut statement) = statement else {
        unreachable!("an object")
    };
    statement.insert(
        "Resource".to_owned(),
        Expr::list([
            Expr::from(Sub::new().get_att(bucket, "Arn").text("/*")),
            Expr::from(bucket.get_att("Arn")),
        ]),
    );
    app.add(
        stack,
        "BucketPolicy",
        s3::BucketPolicy::new(Value::ref_(bucket), policy(Expr::Map(statement))),
    );

    let role = app.add(stack, "Role", iam::Role {
        managed_policy_arns: some(list(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole".to_owned()])),
        ..iam::Role::new(Expr::from(json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
        })))
    });
    let dlq = app.add(
        stack,
        "DeadLetters",
        sqs::Queue {
            kms_master_key_id: some(Value::ref_(key)),
            message_retention_period: some(1_209_600),
            ..Default::default()
        },
    );
    let function = app.add(
        stack,
        "Function",
        lambda::Function {
            architectures: some(list([lambda::function::Architectures::Arm64])),
            handler: some("bootstrap"),
            runtime: some(lambda::function::Runtime::ProvidedAl2023),
            memory_size: some(256),
            timeout: some(60),
            dead_letter_config: some(lambda::function::DeadLetterConfig {
                target_arn: Some(sqs::QueueAttribute::Arn.of(dlq)),
            }),
            environment: some(lambda::function::Environment {
                variables: some(std::collections::BTreeMap::from([(
                    "BUCKET".to_owned(),
                    Value::from(Expr::from(Value::<String>::ref_(bucket))),
                )])),
            }),
            ..lambda::Function::new(
                lambda::function::Code {
                    s3_bucket: some("artifacts"),
                    s3_key: some("normalize.zip"),
                    ..Default::default()
                },
                iam::RoleAttribute::Arn.of(role),
            )
        },
    );
    app.add(
        stack,
        "Logs",
        logs::LogGroup {
            log_group_name: some(Sub::new().text("/aws/lambda/").ref_(function).value()),
            retention_in_days: some(365),
            kms_key_id: Some(kms::KeyAttribute::Arn.of(key)),
            ..Default::default()
        },
    );
    app.add(
        stack,
        "Stream",
        kinesis::Stream {
            stream_encryption: some(kinesis::stream::StreamEncryption::new(
                kinesis::stream::StreamEncryptionEncryptionType::Kms,
                "alias/aws/kinesis",
            )),
            stream_mode_details: some(kinesis::stream::StreamModeDetails::new(
                kinesis::stream::StreamModeDetailsStreamMode::OnDemand,
            )),
            ..Default::default()
        },
    );
    use dynamodb::table::{
        AttributeDefinition, AttributeDefinitionAttributeType, KeySchema, TimeToLiveSpecification,
    };
    app.add(
        stack,
        "Iocs",
        dynamodb::Table {
            attribute_definitions: some(list([AttributeDefinition::new(
                "indicator",
                AttributeDefinitionAttributeType::S,
            )])),
            billing_mode: some(dynamodb::table::BillingMode::PayPerRequest),
            time_to_live_specification: some(TimeToLiveSpecification {
                attribute_name: some("expires_at"),
                ..TimeToLiveSpecification::new(true)
            }),
            point_in_time_recovery_specification: some(
                dynamodb::table::PointInTimeRecoverySpecification {
                    point_in_time_recovery_enabled: some(true),
                    ..Default::default()
                },
            ),
            ..dynamodb::Table::new(list([KeySchema::new("indicator", "HASH")]))
        },
    );
    app.add(
        stack,
        "Rule",
        events::Rule {
            event_pattern: some(Expr::from(json!({"source": ["aws.health"]}))),
            targets: some(list([events::rule::Target::new(
                lambda::FunctionAttribute::Arn.of(function),
                "normalize",
            )])),
            ..Default::default()
        },
    );
    app.add(
        stack,
        "Blocklist",
        wafv2::IpSet {
            description: some("Addresses the enricher blocks"),
            ..wafv2::IpSet::new(
                list(["192.0.2.0/24".to_owned(), "198.51.100.7/32".to_owned()]),
                wafv2::ip_set::IpAddressVersion::Ipv4,
                wafv2::ip_set::Scope::Regional,
            )
        },
    );
    app.add(
        stack,
        "Setting",
        ssm::Parameter {
            tags: some(std::collections::BTreeMap::from([(
                "project".to_owned(),
                Value::from("sds".to_owned()),
            )])),
            ..ssm::Parameter::new(ssm::parameter::Type::String, "on")
        },
    );
    let vpc = app.add(
        stack,
        "Vpc",
        ec2::Vpc {
            cidr_block: some("10.0.0.0/16"),
            enable_dns_support: some(true),
            ..Default::default()
        },
    );
    app.add(
        stack,
        "Subnet",
        ec2::Subnet {
            cidr_block: some("10.0.1.0/24"),
            availability_zone: some(Sub::new().pseudo(Pseudo::Region).text("a").value()),
            ..ec2::Subnet::new(Value::ref_(vpc))
        },
    );
    app
}

#[test]
fn sample_template_is_cfn_lint_clean() {
    let (assembly, diagnostics) = synthesize(&sample_app());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let template = &assembly.stack("sample").expect("stack").template;
    let Some(lint) = cfn_lint() else { return };
    let path =
        std::env::temp_dir().join(format!("constructs-aws-sample-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_string_pretty(template).expect("json"))
        .expect("writes the template");
    let out = Command::new(&lint)
        .arg(&path)
        .output()
        .expect("runs cfn-lint");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "cfn-lint found problems:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
