//! The collector: what runs in every member account and region. Here: EventBridge rules
//! that forward AWS Health events and Security Hub "Findings - Imported" events to the
//! central bus, and the role they put events with. Events the central bus does not take
//! after a day of retries land in an encrypted dead-letter queue, kept 14 days, instead of
//! being lost (invariant 8).
//!
//! The template reaches outside itself only through its parameter `CentralEventBusArn`
//! (invariant 7). The StackSet passes it; left empty (a plain collector stack in a
//! single-account environment), the collector targets the bus of that name in its own
//! account and region, which is where the central stack put it.

use constructs_aws::{events, iam, sqs};
use constructs_core::{
    App, Expr, Intrinsic, NodeRef, Parameter, Pseudo, ResourceOptions, Sub, Value,
};

use crate::central::bus::bus_name;
use crate::env::Environment;
use crate::l1::{json, list, some};
use crate::policy::{document, service, source_is_this_account, Statement};

/// The parameter that names the central bus.
pub const BUS_ARN_PARAMETER: &str = "CentralEventBusArn";

/// The forwarded event sources: (construct ID, description, event pattern).
fn patterns() -> [(&'static str, &'static str, Expr); 2] {
    [
        (
            "HealthToCentral",
            "Forwards AWS Health events (abuse reports above all) to the central bus",
            Expr::map([("source", Expr::list(["aws.health"]))]),
        ),
        (
            "SecurityHubToCentral",
            "Forwards imported Security Hub findings to the central bus",
            Expr::map([
                ("source", Expr::list(["aws.securityhub"])),
                (
                    "detail-type",
                    Expr::list(["Security Hub Findings - Imported"]),
                ),
            ]),
        ),
    ]
}

/// Fills `stack` (a plain stack or a StackSet body) with the collector.
pub fn add(app: &mut App, stack: NodeRef, env: &Environment) {
    let parameter = app.parameter(
        stack,
        BUS_ARN_PARAMETER,
        Parameter::string()
            .description("ARN of the central event bus; empty: the bus of the default name in this account and region")
            .default_value("")
            .allowed_pattern("^(arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[A-Za-z0-9._-]+)?$"),
    );
    let given = app.condition(
        stack,
        "CentralEventBusArnGiven",
        Intrinsic::not(Intrinsic::equals(parameter.ref_().expr(), "")),
    );
    let local_bus = Sub::new()
        .text("arn:")
        .pseudo(Pseudo::Partition)
        .text(":events:")
        .pseudo(Pseudo::Region)
        .text(":")
        .pseudo(Pseudo::AccountId)
        .text(&format!(":event-bus/{}", bus_name(env)))
        .expr();
    let target = || Intrinsic::if_(given, parameter.ref_().expr(), local_bus.clone());

    let forward = app.scope(stack, "Forward");
    let assume = document([
        Statement::allow("EventBridgeAssumes", &["sts:AssumeRole"], vec![])
            .principal(service("events.amazonaws.com"))
            .when("StringEquals", source_is_this_account())
            .build(),
    ]);
    let put_events = document([Statement::allow(
        "PutEventsToCentralBus",
        &["events:PutEvents"],
        vec![target().expr()],
    )
    .build()]);
    let mut role = iam::Role::new(assume);
    role.description = some("Lets EventBridge put forwarded events on the central bus");
    role.policies = some(list([iam::role::Policy::new(
        put_events,
        "PutEventsToCentralBus",
    )]));
    let role = app.add(forward, "Role", role);

    // Retained: deleting the collector must not throw away events still waiting.
    let dead_letters = app.add_with(
        forward,
        "DeadLetters",
        sqs::Queue {
            message_retention_period: some(14 * 24 * 3600),
            sqs_managed_sse_enabled: some(true),
            // It is a dead-letter queue: redrive into it is allowed (CT.SQS.PR.1).
            redrive_allow_policy: json(Expr::map([("redrivePermission", Expr::from("allowAll"))])),
            ..Default::default()
        },
        ResourceOptions::retain(),
    );

    let mut rules = Vec::new();
    for (id, description, pattern) in patterns() {
        let mut target_props = events::rule::Target::new(target().value(), "CentralBus");
        target_props.role_arn = some(role.get_att("Arn").value());
        target_props.retry_policy = some(events::rule::RetryPolicy {
            maximum_event_age_in_seconds: some(24 * 3600),
            maximum_retry_attempts: some(185),
        });
        target_props.dead_letter_config = some(events::rule::DeadLetterConfig {
            arn: some(dead_letters.get_att("Arn").value()),
        });
        rules.push(app.add(
            forward,
            id,
            events::Rule {
                description: some(description),
                event_pattern: json(pattern),
                state: some(events::rule::State::Enabled),
                targets: some(list([target_props])),
                ..Default::default()
            },
        ));
    }

    // Only these rules may drop events into the queue.
    let rule_arns = Expr::list(rules.iter().map(|r| r.get_att("Arn").expr()));
    let queue_policy = document([Statement::allow(
        "EventBridgeDeadLetters",
        &["sqs:SendMessage"],
        vec![dead_letters.get_att("Arn").expr()],
    )
    .principal(service("events.amazonaws.com"))
    .when("ArnEquals", Expr::map([("aws:SourceArn", rule_arns)]))
    .build()]);
    app.add(
        forward,
        "DeadLettersPolicy",
        sqs::QueuePolicy::new(
            Value::Literal(queue_policy),
            Value::Literal(vec![dead_letters.ref_().value()]),
        ),
    );
}
