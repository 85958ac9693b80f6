//! The customer-managed KMS key of the lake: rotation on, and a key policy that grants
//! what each service needs and no more.

use constructs_aws::kms;
use constructs_core::{App, Expr, NodeRef, Pseudo, ResourceOptions, Sub};

use crate::env::Environment;
use crate::l1::{json, some};
use crate::policy::{
    anyone, block, document, service, source_is_this_account, this_account, Statement,
};

/// Adds the key and its alias under `scope`; returns the key.
pub fn add(app: &mut App, scope: NodeRef, env: &Environment) -> NodeRef {
    let key = app.add_with(
        scope,
        "Key",
        kms::Key {
            description: some("Security data lake: encrypts the lake, query results and logs"),
            enable_key_rotation: some(true),
            key_policy: json(key_policy()),
            pending_window_in_days: some(i64::from(env.kms.pending_window_days)),
            ..Default::default()
        },
        ResourceOptions::retain(),
    );
    let alias = format!("alias/{}-lake", env.naming.prefix);
    app.add(scope, "Alias", kms::Alias::new(alias, key.ref_().value()));
    key
}

fn key_policy() -> Expr {
    let region_sub = |before: &str, after: &str| {
        Sub::new()
            .text(before)
            .pseudo(Pseudo::Region)
            .text(after)
            .expr()
    };
    document([
        // Without this the key cannot be managed at all; IAM policies then decide who in
        // the account may use it (Firehose, Athena and Glue roles, administrators).
        Statement::allow("EnableIamPolicies", &["kms:*"], vec![Expr::from("*")])
            .principal(this_account())
            .build(),
        // Control Tower CT.KMS.PR.3: grants only for AWS services acting for the account.
        Statement::deny(
            "DenyGrantsExceptForAwsResources",
            &["kms:CreateGrant"],
            vec![Expr::from("*")],
        )
        .principal(anyone())
        .when(
            "BoolIfExists",
            Expr::map([
                ("kms:GrantIsForAWSResource", Expr::from("false")),
                ("aws:PrincipalIsAWSService", Expr::from("false")),
            ]),
        )
        .build(),
        // CloudWatch Logs encrypts the lake's log groups, for this account's groups only.
        Statement::allow(
            "AllowCloudWatchLogs",
            &[
                "kms:Decrypt*",
                "kms:Describe*",
                "kms:Encrypt*",
                "kms:GenerateDataKey*",
                "kms:ReEncrypt*",
            ],
            vec![Expr::from("*")],
        )
        .principal(service(region_sub("logs.", ".amazonaws.com")))
        .when(
            "ArnLike",
            block(
                "kms:EncryptionContext:aws:logs:arn",
                Sub::new()
                    .text("arn:")
                    .pseudo(Pseudo::Partition)
                    .text(":logs:")
                    .pseudo(Pseudo::Region)
                    .text(":")
                    .pseudo(Pseudo::AccountId)
                    .text(":log-group:*")
                    .expr(),
            ),
        )
        .build(),
        // EventBridge delivers to encrypted targets (queues, dead-letter queues).
        Statement::allow(
            "AllowEventBridge",
            &["kms:Decrypt", "kms:GenerateDataKey"],
            vec![Expr::from("*")],
        )
        .principal(service("events.amazonaws.com"))
        .when("StringEquals", source_is_this_account())
        .build(),
    ])
}
