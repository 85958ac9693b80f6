//! The central stack: in the security (log-archive) account and home region, the lake
//! itself and, in an organization, the collector StackSet that feeds it.

pub mod athena;
pub mod bus;
pub mod catalog;
pub mod kms;
pub mod stackset;
pub mod storage;

use constructs_core::{App, Expr, NodeRef, Output};

use crate::env::Environment;

/// Handles of the central stack's main resources (for tests and later additions).
pub struct Central {
    pub stack: NodeRef,
    pub key: NodeRef,
    pub buckets: storage::Buckets,
    pub catalog: catalog::Catalog,
    pub workgroup: NodeRef,
    pub bus: NodeRef,
}

/// Fills `stack` with the central resources and their exports.
pub fn add(app: &mut App, stack: NodeRef, env: &Environment) -> Central {
    let kms_scope = app.scope(stack, "Kms");
    let key = kms::add(app, kms_scope, env);
    let storage_scope = app.scope(stack, "Storage");
    let buckets = storage::add(app, storage_scope, env, key);
    let catalog_scope = app.scope(stack, "Catalog");
    let catalog = catalog::add(app, catalog_scope, env, buckets.lake, key);
    let athena_scope = app.scope(stack, "Athena");
    let workgroup = athena::add(app, athena_scope, env, key, buckets.results);
    let events_scope = app.scope(stack, "Events");
    let bus = bus::add(app, events_scope, env);

    let central = Central {
        stack,
        key,
        buckets,
        catalog,
        workgroup,
        bus,
    };
    add_outputs(app, env, &central);
    central
}

/// Explicit exports, named `<prefix>-<what>`, for the stacks that build on the lake.
fn add_outputs(app: &mut App, env: &Environment, c: &Central) {
    let prefix = env.naming.prefix.as_str();
    let outputs: [(&str, &str, Expr, &str); 7] = [
        (
            "KeyArn",
            "key-arn",
            c.key.get_att("Arn").expr(),
            "ARN of the lake's KMS key",
        ),
        (
            "LakeBucketName",
            "lake-bucket",
            c.buckets.lake.ref_().expr(),
            "Name of the lake bucket",
        ),
        (
            "LakeBucketArn",
            "lake-bucket-arn",
            c.buckets.lake.get_att("Arn").expr(),
            "ARN of the lake bucket",
        ),
        (
            "AccessLogBucketName",
            "access-log-bucket",
            c.buckets.access_logs.ref_().expr(),
            "Name of the S3 server access log bucket",
        ),
        (
            "GlueDatabaseName",
            "glue-database",
            c.catalog.database.ref_().expr(),
            "Name of the lake's Glue database",
        ),
        (
            "AthenaWorkGroupName",
            "athena-workgroup",
            c.workgroup.ref_().expr(),
            "Name of the Athena workgroup",
        ),
        (
            "CentralEventBusArn",
            "central-bus-arn",
            c.bus.get_att("Arn").expr(),
            "ARN of the central event bus",
        ),
    ];
    for (id, export, value, description) in outputs {
        app.output(
            c.stack,
            id,
            Output::new(value)
                .description(description)
                .export(&format!("{prefix}-{export}")),
        );
    }
}
