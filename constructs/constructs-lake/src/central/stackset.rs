//! The collector StackSet: service-managed through AWS Organizations, deployed to the
//! environment's OUs and regions, with automatic deployment to accounts that join them.

use constructs_aws::cloudformation::{self, stack_set};
use constructs_core::{App, Intrinsic, NodeRef};

use crate::collector::BUS_ARN_PARAMETER;
use crate::env::{Organization, RegionConcurrency};
use crate::l1::{list, some, strings};

/// Adds the StackSet for the StackSet-body stack `body` under `scope`.
///
/// `CallAs: DELEGATED_ADMIN`: the central stack lives in the security account, which
/// Organizations has made a delegated administrator for StackSets (the management account
/// is not used for workloads).
pub fn add(
    app: &mut App,
    scope: NodeRef,
    prefix: &str,
    org: &Organization,
    body: NodeRef,
    bus: NodeRef,
) -> NodeRef {
    let c = &org.collector;
    let prefs = &c.operation_preferences;
    let mut props = cloudformation::StackSet::new(
        stack_set::PermissionModel::ServiceManaged,
        format!("{prefix}-collector"),
    );
    props.description = some(
        "Security data lake collector: forwards Health and Security Hub events to the central bus",
    );
    props.auto_deployment = some(stack_set::AutoDeployment {
        enabled: some(true),
        retain_stacks_on_account_removal: some(c.retain_stacks_on_account_removal),
        ..Default::default()
    });
    props.call_as = some(stack_set::CallAs::DelegatedAdmin);
    props.capabilities = some(list([stack_set::Capability::CapabilityIam]));
    props.managed_execution = some(stack_set::ManagedExecution { active: some(true) });
    let regions: Vec<&str> = c.regions.iter().map(|r| r.as_str()).collect();
    props.operation_preferences = some(stack_set::OperationPreferences {
        max_concurrent_percentage: some(i64::from(prefs.max_concurrent_percentage.get())),
        failure_tolerance_percentage: some(i64::from(prefs.failure_tolerance_percentage.get())),
        region_concurrency_type: some(match prefs.region_concurrency {
            RegionConcurrency::Sequential => stack_set::RegionConcurrencyType::Sequential,
            RegionConcurrency::Parallel => stack_set::RegionConcurrencyType::Parallel,
        }),
        region_order: some(strings(&regions)),
        ..Default::default()
    });
    props.parameters = some(list([stack_set::Parameter::new(
        BUS_ARN_PARAMETER,
        bus.get_att("Arn").value(),
    )]));
    let targets = stack_set::DeploymentTargets {
        organizational_unit_ids: some(strings(c.organizational_units.iter().map(|o| o.as_str()))),
        ..Default::default()
    };
    props.stack_instances_group = some(list([stack_set::StackInstances::new(
        targets,
        strings(&regions),
    )]));
    props.template_body = some(Intrinsic::StackBody(body).value());
    app.add(scope, "StackSet", props)
}
