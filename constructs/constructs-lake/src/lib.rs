//! The security data lake blueprint: from an [`env::Environment`] to the construct tree of
//! its stacks, ready for `constructs_core::synthesize`. Pure (invariant 1): no files,
//! environment variables, clock or network; the same environment gives the same tree.
//!
//! Stacks:
//! - `central`: KMS key, lake / query-results / access-log buckets, Glue database and one
//!   table per (source, OCSF class) ([`tables`]), Lake Formation, Athena workgroup, central
//!   event bus and, in an organization, the collector StackSet;
//! - `collector`: the EventBridge forwarding of Health and Security Hub events. In an
//!   organization it is a StackSet body deployed to the configured OUs and regions; without
//!   one it is a plain stack in the central account and region.

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
