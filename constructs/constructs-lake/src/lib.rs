//! The security data lake blueprint: from an [`env::Environment`] to the construct tree of
//! its stacks, ready for `constructs_core::synthesize`. Pure (invariant 1): no files,
//! environment variables, clock or network; the same environment gives the same tree.
//!
//! # Stacks
//! - `central` (security account, home region): KMS key, lake / query-results /
//!   access-log buckets, Glue database and one table per (source, OCSF class)
//!   ([`tables`]), Lake Formation, Athena workgroup, central event bus and, in an
//!   organization, the collector StackSet. Its exports are named `<prefix>-<what>`
//!   (`sds-lake-bucket`, `sds-central-bus-arn`...), never derived.
//! - `collector`: EventBridge rules forwarding Health and Security Hub events to the
//!   central bus. In an organization it is a StackSet body, deployed service-managed to the
//!   configured OUs and regions; without one it is a plain stack in the central account and
//!   region, deployed after `central`. Either way its only way out is the
//!   `CentralEventBusArn` parameter.
//!
//! # Decisions worth knowing
//! - **Perimeter.** Bucket policies deny non-TLS requests and every principal outside the
//!   organization (`aws:PrincipalOrgID`), or outside the account without one; AWS service
//!   principals are admitted only by statements with `aws:SourceArn`/`aws:SourceAccount`.
//!   The event bus admits the organization (or the account) the same way.
//! - **Keys.** One customer-managed key with rotation. Its policy delegates to IAM in the
//!   account, denies grants except for AWS resources (Control Tower CT.KMS.PR.3) and admits
//!   CloudWatch Logs and EventBridge for this account only. No wildcard principal is
//!   allowed anything: Lake Formation reads the lake through a role of ours
//!   ([`central::catalog`]), not through its service-linked role.
//! - **Access logs.** The access-log bucket is SSE-S3 and does not log itself: S3 server
//!   access logging cannot deliver into SSE-KMS buckets, and self-logging loops. The two
//!   Control Tower / checkov findings this causes are listed with their reasons in
//!   `synth/tests/exceptions.yaml`.
//! - **Tables.** Security Lake's custom-source layout, one class per folder and table,
//!   Parquet, partition projection (no crawler): see [`tables`] and [`central::catalog`].
//!   Column types come from the OCSF 1.1.0 schema by a documented rule ([`ocsf`]).
//! - **Stable IDs.** Logical IDs derive from construct paths; the stateful ones (key,
//!   buckets, Glue database and tables) are pinned by `tests/blueprint.rs`. Glue tables are
//!   named by their table name, so adding a source never renames another table.
//! - **Lake Formation.** Configured admins are *appended* (`MutationType: APPEND`) to the
//!   data-lake administrators and granted `ALL` on the database and its tables; the lake's
//!   `ext/` folder is registered in hybrid access mode, so IAM-based writers keep working.
//!   Deploy the central stack with a role that is a Lake Formation administrator when
//!   admins are configured (granting needs it).

pub mod env;

pub mod central;
pub mod collector;
mod l1;
pub mod ocsf;
mod ocsf_columns;
pub mod policy;
pub mod tables;

use constructs_core::App;

use env::Environment;

/// Construct ID (and template file name) of the central stack.
pub const CENTRAL: &str = "central";
/// Construct ID (and template file name) of the collector (stack or StackSet body).
pub const COLLECTOR: &str = "collector";

/// Builds the construct tree of `env`. Call [`Environment::validate`] first: a bad
/// environment still builds, but its templates would not deploy.
pub fn build(env: &Environment) -> App {
    let mut app = App::new();
    let prefix = env.naming.prefix.as_str();

    let central_stack = app.stack(CENTRAL);
    app.set_description(
        central_stack,
        "Security data lake: central stack (lake, catalog, query, events)",
    );
    app.set_stack_name(central_stack, &format!("{prefix}-central"));

    let collector_stack = match &env.organization {
        Some(_) => app.stack_set_body(COLLECTOR),
        None => app.stack(COLLECTOR),
    };
    app.set_description(
        collector_stack,
        "Security data lake: collector (forwards Health and Security Hub events)",
    );

    let central = central::add(&mut app, central_stack, env);
    collector::add(&mut app, collector_stack, env);

    match &env.organization {
        Some(org) => {
            let scope = app.scope(central_stack, "Collector");
            central::stackset::add(&mut app, scope, prefix, org, collector_stack, central.bus);
        }
        None => {
            app.set_stack_name(collector_stack, &format!("{prefix}-collector"));
            // The collector targets the central bus: deploy it after the central stack.
            app.add_stack_dependency(collector_stack, central_stack);
        }
    }

    for stack in [central_stack, collector_stack] {
        app.tag(stack, "sds:environment", env.name.as_str());
        for (k, v) in &env.tags {
            app.tag(stack, k, v);
        }
    }
    app
}
