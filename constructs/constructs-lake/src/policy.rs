//! IAM policy documents as [`Expr`] trees: small builders for the statements the blueprint
//! repeats (TLS-only buckets, the organization perimeter, account ARNs).

use constructs_core::{Expr, Intrinsic, NodeRef, Pseudo, Sub};

use crate::env::Environment;

/// `{"Version": "2012-10-17", "Statement": [...]}`.
pub fn document(statements: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::map([
        ("Version", Expr::from("2012-10-17")),
        ("Statement", Expr::list(statements)),
    ])
}

/// A statement from its parts; `condition` is left out when empty.
pub struct Statement {
    pub sid: &'static str,
    pub allow: bool,
    pub principal: Option<Expr>,
    pub actions: Vec<&'static str>,
    pub resources: Vec<Expr>,
    pub condition: Vec<(&'static str, Expr)>,
}

impl Statement {
    /// An `Allow` statement without principal (an identity policy).
    pub fn allow(sid: &'static str, actions: &[&'static str], resources: Vec<Expr>) -> Self {
        Statement {
            sid,
            allow: true,
            principal: None,
            actions: actions.to_vec(),
            resources,
            condition: Vec::new(),
        }
    }

    /// A `Deny` statement.
    pub fn deny(sid: &'static str, actions: &[&'static str], resources: Vec<Expr>) -> Self {
        Statement {
            allow: false,
            ..Statement::allow(sid, actions, resources)
        }
    }

    pub fn principal(mut self, principal: Expr) -> Self {
        self.principal = Some(principal);
        self
    }

    /// Adds a condition operator block, e.g. `("StringEquals", {"aws:SourceAccount": ..})`.
    pub fn when(mut self, operator: &'static str, block: Expr) -> Self {
        self.condition.push((operator, block));
        self
    }

    pub fn build(self) -> Expr {
        let mut fields = vec![
            ("Sid", Expr::from(self.sid)),
            (
                "Effect",
                Expr::from(if self.allow { "Allow" } else { "Deny" }),
            ),
        ];
        if let Some(p) = self.principal {
            fields.push(("Principal", p));
        }
        fields.push((
            "Action",
            list_or_one(self.actions.into_iter().map(Expr::from).collect()),
        ));
        // Trust policies have no `Resource`.
        if !self.resources.is_empty() {
            fields.push(("Resource", list_or_one(self.resources)));
        }
        if !self.condition.is_empty() {
            fields.push(("Condition", Expr::map(self.condition)));
        }
        Expr::map(fields)
    }
}

fn list_or_one(mut items: Vec<Expr>) -> Expr {
    if items.len() == 1 {
        items.remove(0)
    } else {
        Expr::List(items)
    }
}

/// `{"AWS": "*"}`: everyone, narrowed by conditions.
pub fn anyone() -> Expr {
    Expr::map([("AWS", Expr::from("*"))])
}

/// `{"Service": "<name>"}`.
pub fn service(name: impl Into<Expr>) -> Expr {
    Expr::map([("Service", name.into())])
}

/// `{"AWS": "arn:<partition>:iam::<this account>:root"}`: the account, whose IAM policies
/// then decide.
pub fn this_account() -> Expr {
    Expr::map([(
        "AWS",
        Sub::new()
            .text("arn:")
            .pseudo(Pseudo::Partition)
            .text(":iam::")
            .pseudo(Pseudo::AccountId)
            .text(":root")
            .expr(),
    )])
}

/// `{"<key>": <value>}`, a one-entry condition block.
pub fn block(key: &str, value: impl Into<Expr>) -> Expr {
    Expr::map([(key, value.into())])
}

/// The bucket's ARN.
pub fn bucket_arn(bucket: NodeRef) -> Expr {
    bucket.get_att("Arn").expr()
}

/// The ARN of every object in the bucket, `Fn::Join` of the bucket ARN and `/*` (the shape
/// the Control Tower TLS rule recognises).
pub fn objects_arn(bucket: NodeRef) -> Expr {
    Intrinsic::join("", [bucket_arn(bucket), Expr::from("/*")]).expr()
}

/// Denies every S3 action on the bucket and its objects without TLS
/// (`aws:SecureTransport` false), in the exact shape CT.S3.PR.8 checks.
pub fn deny_insecure_transport(bucket: NodeRef) -> Expr {
    Statement::deny(
        "DenyInsecureTransport",
        &["s3:*"],
        vec![bucket_arn(bucket), objects_arn(bucket)],
    )
    .principal(anyone())
    .when("Bool", block("aws:SecureTransport", "false"))
    .build()
}

/// Denies every S3 action to principals outside the perimeter: outside the organization
/// (`aws:PrincipalOrgID`) when there is one, else outside this account
/// (`aws:PrincipalAccount`). AWS service principals (server access logging, CloudTrail...)
/// are left to the statements that admit them, with their own source conditions.
pub fn deny_outside_perimeter(env: &Environment, bucket: NodeRef) -> Expr {
    Statement::deny(
        "DenyOutsidePerimeter",
        &["s3:*"],
        vec![bucket_arn(bucket), objects_arn(bucket)],
    )
    .principal(anyone())
    .when("StringNotEqualsIfExists", perimeter(env))
    .when("BoolIfExists", block("aws:PrincipalIsAWSService", "false"))
    .build()
}

/// The perimeter condition block: `{"aws:PrincipalOrgID": "o-..."}` or
/// `{"aws:PrincipalAccount": "<this account>"}`.
pub fn perimeter(env: &Environment) -> Expr {
    match &env.organization {
        Some(org) => block("aws:PrincipalOrgID", org.id.as_str()),
        None => block(
            "aws:PrincipalAccount",
            Intrinsic::RefPseudo(Pseudo::AccountId).expr(),
        ),
    }
}

/// `{"aws:SourceAccount": "<this account>"}`, for service principals.
pub fn source_is_this_account() -> Expr {
    block(
        "aws:SourceAccount",
        Intrinsic::RefPseudo(Pseudo::AccountId).expr(),
    )
}
