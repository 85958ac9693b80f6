//! The central EventBridge bus: collectors in member accounts and regions put Health and
//! Security Hub events on it. Its policy admits the organization only (`aws:PrincipalOrgID`),
//! or, without an organization, this account only.

use constructs_aws::events;
use constructs_core::{App, NodeRef, Value};

use crate::env::Environment;
use crate::l1::some;
use crate::policy::{anyone, perimeter, this_account, Statement};

/// The bus name, `<prefix>-central`: the collector derives the bus ARN from it when no ARN
/// is passed in.
pub fn bus_name(env: &Environment) -> String {
    format!("{}-central", env.naming.prefix)
}

/// Adds the bus and its policy under `scope`; returns the bus.
pub fn add(app: &mut App, scope: NodeRef, env: &Environment) -> NodeRef {
    let mut props = events::EventBus::new(bus_name(env));
    props.description =
        some("Security data lake: Health and Security Hub events from every collector");
    let bus = app.add(scope, "Bus", props);

    let (sid, principal) = match env.organization {
        Some(_) => ("AllowPutEventsFromOrganization", anyone()),
        None => ("AllowPutEventsFromThisAccount", this_account()),
    };
    let mut statement =
        Statement::allow(sid, &["events:PutEvents"], vec![bus.get_att("Arn").expr()])
            .principal(principal);
    if env.organization.is_some() {
        statement = statement.when("StringEquals", perimeter(env));
    }
    let mut policy = events::EventBusPolicy::new(sid);
    policy.event_bus_name = some(bus.ref_().value());
    policy.statement = Some(Value::Literal(statement.build()));
    app.add(scope, "Policy", policy);
    bus
}
