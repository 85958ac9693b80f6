//! The buckets: the lake, the Athena query results and the S3 server access logs of both.
//!
//! Every bucket: versioned, Object Lock available (no default retention, so evidence can be
//! put on legal hold), all public access blocked, ACLs off (`BucketOwnerEnforced`),
//! TLS-only and perimeter-scoped bucket policy, EventBridge notifications on, a lifecycle,
//! `Retain` on delete and replace. The lake and the results are SSE-KMS with the lake key
//! and S3 Bucket Keys; the access-log bucket is SSE-S3, the only encryption S3 server access
//! logging delivers into, and does not log itself (that would loop).

use constructs_aws::s3::{self, bucket};
use constructs_core::{App, Expr, NodeRef, Pseudo, ResourceOptions, Sub, Value};

use crate::env::Environment;
use crate::l1::{list, some};
use crate::policy::{
    block, deny_insecure_transport, deny_outside_perimeter, document, objects_arn, service,
    source_is_this_account, Statement,
};

/// Handles of the buckets.
pub struct Buckets {
    pub lake: NodeRef,
    pub results: NodeRef,
    pub access_logs: NodeRef,
}

/// Where a bucket's default encryption comes from.
enum Encryption {
    /// SSE-KMS with this key, with S3 Bucket Keys (fewer KMS calls).
    Kms(NodeRef),
    /// SSE-S3.
    S3,
}

/// Adds the three buckets and their policies under `scope`.
pub fn add(app: &mut App, scope: NodeRef, env: &Environment, key: NodeRef) -> Buckets {
    let access_logs_scope = app.scope(scope, "AccessLogs");
    let access_logs = add_bucket(
        app,
        access_logs_scope,
        env,
        "access-logs",
        Encryption::S3,
        None,
        vec![expire_all(
            "ExpireAccessLogs",
            i64::from(env.access_logs.retention_days),
            i64::from(env.lake.noncurrent_version_expiration_days),
        )],
    );

    let lake_scope = app.scope(scope, "Lake");
    let lake = add_bucket(
        app,
        lake_scope,
        env,
        "lake",
        Encryption::Kms(key),
        Some((access_logs, "lake/")),
        vec![lake_lifecycle(env)],
    );
    let lake_policy = document([
        deny_insecure_transport(lake),
        deny_outside_perimeter(env, lake),
    ]);
    app.add(
        lake_scope,
        "Policy",
        s3::BucketPolicy::new(lake.ref_().value(), Value::Literal(lake_policy)),
    );

    let results_scope = app.scope(scope, "QueryResults");
    let results = add_bucket(
        app,
        results_scope,
        env,
        "athena-results",
        Encryption::Kms(key),
        Some((access_logs, "athena-results/")),
        vec![expire_all(
            "ExpireQueryResults",
            i64::from(env.athena.results_retention_days),
            1,
        )],
    );
    let results_policy = document([
        deny_insecure_transport(results),
        deny_outside_perimeter(env, results),
    ]);
    app.add(
        results_scope,
        "Policy",
        s3::BucketPolicy::new(results.ref_().value(), Value::Literal(results_policy)),
    );

    // S3 server access logging writes with its service principal, for our buckets only.
    let log_delivery = Statement::allow(
        "AllowServerAccessLogDelivery",
        &["s3:PutObject"],
        vec![objects_arn(access_logs)],
    )
    .principal(service("logging.s3.amazonaws.com"))
    .when(
        "ArnLike",
        block(
            "aws:SourceArn",
            Expr::list([lake.get_att("Arn").expr(), results.get_att("Arn").expr()]),
        ),
    )
    .when("StringEquals", source_is_this_account())
    .build();
    let access_logs_policy = document([
        deny_insecure_transport(access_logs),
        deny_outside_perimeter(env, access_logs),
        log_delivery,
    ]);
    app.add(
        access_logs_scope,
        "Policy",
        s3::BucketPolicy::new(
            access_logs.ref_().value(),
            Value::Literal(access_logs_policy),
        ),
    );

    Buckets {
        lake,
        results,
        access_logs,
    }
}

/// `<prefix>-<purpose>-<account>-<region>`: globally unique, and known to other stacks
/// without a lookup. At most 16 + 15 + 26 = 57 characters.
pub fn bucket_name(env: &Environment, purpose: &str) -> Sub {
    Sub::new()
        .text(&format!("{}-{purpose}-", env.naming.prefix))
        .pseudo(Pseudo::AccountId)
        .text("-")
        .pseudo(Pseudo::Region)
}

fn add_bucket(
    app: &mut App,
    scope: NodeRef,
    env: &Environment,
    purpose: &str,
    encryption: Encryption,
    logs_to: Option<(NodeRef, &str)>,
    rules: Vec<bucket::Rule>,
) -> NodeRef {
    let by_default = match encryption {
        Encryption::Kms(key) => {
            let mut d = bucket::ServerSideEncryptionByDefault::new(
                bucket::ServerSideEncryptionByDefaultSseAlgorithm::AwsKms,
            );
            d.kms_master_key_id = some(key.get_att("Arn").value());
            d
        }
        Encryption::S3 => bucket::ServerSideEncryptionByDefault::new(
            bucket::ServerSideEncryptionByDefaultSseAlgorithm::Aes256,
        ),
    };
    let encryption_rule = bucket::ServerSideEncryptionRule {
        bucket_key_enabled: matches!(encryption, Encryption::Kms(_)).then(|| true.into()),
        server_side_encryption_by_default: some(by_default),
        ..Default::default()
    };
    let logging = logs_to.map(|(target, prefix)| {
        Value::Literal(bucket::LoggingConfiguration {
            destination_bucket_name: some(target.ref_().value()),
            log_file_prefix: some(prefix),
            target_object_key_format: some(bucket::TargetObjectKeyFormat {
                partitioned_prefix: some(bucket::PartitionedPrefix {
                    partition_date_source: some(
                        bucket::PartitionedPrefixPartitionDateSource::EventTime,
                    ),
                }),
                ..Default::default()
            }),
        })
    });
    let ownership = bucket::OwnershipControlsRule {
        object_ownership: some(bucket::OwnershipControlsRuleObjectOwnership::BucketOwnerEnforced),
    };
    app.add_with(
        scope,
        "Bucket",
        s3::Bucket {
            bucket_name: some(bucket_name(env, purpose).value()),
            bucket_encryption: some(bucket::BucketEncryption::new(list([encryption_rule]))),
            versioning_configuration: some(bucket::VersioningConfiguration::new(
                bucket::VersioningConfigurationStatus::Enabled,
            )),
            object_lock_enabled: some(true),
            public_access_block_configuration: some(bucket::PublicAccessBlockConfiguration {
                block_public_acls: some(true),
                block_public_policy: some(true),
                ignore_public_acls: some(true),
                restrict_public_buckets: some(true),
            }),
            ownership_controls: some(bucket::OwnershipControls::new(list([ownership]))),
            logging_configuration: logging,
            lifecycle_configuration: some(bucket::LifecycleConfiguration::new(list(rules))),
            notification_configuration: some(bucket::NotificationConfiguration {
                event_bridge_configuration: some(bucket::EventBridgeConfiguration::new(true)),
                ..Default::default()
            }),
            ..Default::default()
        },
        ResourceOptions::retain(),
    )
}

/// A lifecycle rule that expires every object after `days`, replaced versions after
/// `noncurrent_days`, and unfinished uploads after a week.
fn expire_all(id: &str, days: i64, noncurrent_days: i64) -> bucket::Rule {
    let mut rule = bucket::Rule::new(bucket::RuleStatus::Enabled);
    rule.id = some(id);
    rule.expiration_in_days = some(days);
    rule.noncurrent_version_expiration =
        some(bucket::NoncurrentVersionExpiration::new(noncurrent_days));
    rule.abort_incomplete_multipart_upload = some(bucket::AbortIncompleteMultipartUpload::new(7));
    rule
}

/// The lake's lifecycle, from the environment: Standard-IA, then Glacier Instant Retrieval
/// (Athena still reads both), then expiry; each step optional.
fn lake_lifecycle(env: &Environment) -> bucket::Rule {
    let lake = &env.lake;
    let mut rule = bucket::Rule::new(bucket::RuleStatus::Enabled);
    rule.id = some("TierAndExpire");
    let mut transitions = Vec::new();
    for (days, class) in [
        (
            lake.transition_to_infrequent_access_days,
            bucket::TransitionStorageClass::StandardIa,
        ),
        (
            lake.transition_to_glacier_instant_retrieval_days,
            bucket::TransitionStorageClass::GlacierIr,
        ),
    ] {
        if let Some(days) = days {
            let mut t = bucket::Transition::new(class);
            t.transition_in_days = some(i64::from(days));
            transitions.push(t);
        }
    }
    if !transitions.is_empty() {
        rule.transitions = some(list(transitions));
    }
    rule.expiration_in_days = lake.expiration_days.map(|d| Value::Literal(i64::from(d)));
    rule.noncurrent_version_expiration = some(bucket::NoncurrentVersionExpiration::new(i64::from(
        lake.noncurrent_version_expiration_days,
    )));
    rule.abort_incomplete_multipart_upload = some(bucket::AbortIncompleteMultipartUpload::new(7));
    rule
}
