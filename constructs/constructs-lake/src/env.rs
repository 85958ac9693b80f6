//! The environment model: where the lake goes and how it is configured.
//!
//! One environment file (`environments/*.yaml`, read by the `synth` crate) deserializes into
//! [`Environment`]. The model is pure: identifiers are checked while deserializing, so a
//! YAML loader can point at the line and column of a bad value, and the checks that span
//! several fields live in [`Environment::validate`], which names each problem by its field
//! path (`lake.expiration_days`).
//!
//! Conventions (shared with the rest of the workspace): unknown fields are errors, units are
//! part of option names (`retention_days`, `_percentage`, `_bytes`), account IDs are quoted
//! 12-digit strings. The doc comments below are the file format's documentation: schemars
//! turns them into the `description`s of `environments/schema.json`.
//!
//! Stability: the blueprint builds stacks from these types; change them only additively.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use schemars::gen::SchemaGenerator;
use schemars::schema::{InstanceType, Metadata, Schema, SchemaObject, StringValidation};
use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A security data lake environment: the central account and region, optionally the AWS
/// Organization whose accounts feed it, the sources that are on, and retention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// Name of the environment: lowercase letters, digits and single hyphens, starting with a
    /// letter, at most 24 characters. It must equal the file name without `.yaml`; synthesis
    /// writes into `<out>/<name>/`.
    pub name: EnvName,
    /// The central (security / log-archive) account and its home region, which hold the lake,
    /// the KMS keys, Glue, Lake Formation, Athena and the central event bus.
    pub central: Central,
    /// The AWS Organization whose member accounts feed the lake through the collector
    /// StackSet. Omitted: a single-account lake; the collector is a plain stack in the
    /// central account and region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    /// The sources that are on. Each one gets its Glue tables (one per OCSF class) and its
    /// delivery path into the lake.
    pub sources: BTreeSet<Source>,
    /// Names of the deployed resources.
    #[serde(default)]
    pub naming: Naming,
    /// The KMS key that encrypts the lake, the logs and the queues.
    #[serde(default)]
    pub kms: Kms,
    /// Storage lifecycle of the lake bucket.
    #[serde(default)]
    pub lake: Lake,
    /// The bucket that receives the S3 server access logs of the lake buckets.
    #[serde(default)]
    pub access_logs: AccessLogs,
    /// Lake Formation settings.
    #[serde(default)]
    pub lake_formation: LakeFormation,
    /// The Athena workgroup.
    #[serde(default)]
    pub athena: Athena,
    /// Tags put on every stack (and so on every resource that supports tags). Keys must not
    /// start with `aws:`; at most 40 tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

/// The central account and region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Central {
    /// The 12-digit central account ID, quoted. Omitted (single-account environments only):
    /// the templates use the account they are deployed to (`AWS::AccountId`), so the output
    /// works in any account. Required with `organization`, because member accounts must
    /// name the central account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<AccountId>,
    /// The home region of the lake, e.g. `eu-central-1`.
    pub region: Region,
}

/// The AWS Organization and the collector StackSet deployed across it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// The organization ID (`o-` and 10 to 32 lowercase letters or digits). Bucket and event
    /// bus policies admit principals of this organization only (`aws:PrincipalOrgID`).
    pub id: OrganizationId,
    /// Where and how the service-managed collector StackSet deploys.
    pub collector: Collector,
}

/// Targets and rollout of the collector StackSet (service-managed, auto-deployment on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collector {
    /// Organizational units to deploy to (`ou-xxxx-xxxxxxxx`), or the root (`r-xxxx`) for
    /// the whole organization. Accounts that join these OUs later get the stack
    /// automatically.
    pub organizational_units: Vec<OrganizationalUnitId>,
    /// Regions to deploy to, in rollout order.
    pub regions: Vec<Region>,
    /// How fast the StackSet rolls out and how many failures stop it.
    #[serde(default)]
    pub operation_preferences: OperationPreferences,
    /// Keep the collector stack (and the logging it set up) in an account that leaves the
    /// targeted OUs. Default: false, the stack is deleted.
    #[serde(default)]
    pub retain_stacks_on_account_removal: bool,
}

/// StackSet operation preferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OperationPreferences {
    /// Percentage of accounts per region deployed at the same time (1 to 100). Default: 25.
    #[serde(default = "default_max_concurrent")]
    pub max_concurrent_percentage: Percentage,
    /// Percentage of accounts per region that may fail before the operation stops in that
    /// region (0 to 100). Default: 10.
    #[serde(default = "default_failure_tolerance")]
    pub failure_tolerance_percentage: Percentage,
    /// Deploy to the regions one after the other (`sequential`) or all at once (`parallel`).
    /// Default: parallel.
    #[serde(default)]
    pub region_concurrency: RegionConcurrency,
}

impl Default for OperationPreferences {
    fn default() -> Self {
        OperationPreferences {
            max_concurrent_percentage: default_max_concurrent(),
            failure_tolerance_percentage: default_failure_tolerance(),
            region_concurrency: RegionConcurrency::default(),
        }
    }
}

fn default_max_concurrent() -> Percentage {
    Percentage(25)
}

fn default_failure_tolerance() -> Percentage {
    Percentage(10)
}

/// StackSet region concurrency.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum RegionConcurrency {
    /// One region after the other, in the order of `regions`.
    Sequential,
    /// All regions at once.
    #[default]
    Parallel,
}

impl RegionConcurrency {
    /// The CloudFormation spelling (`SEQUENTIAL` / `PARALLEL`).
    pub fn as_cfn(self) -> &'static str {
        match self {
            RegionConcurrency::Sequential => "SEQUENTIAL",
            RegionConcurrency::Parallel => "PARALLEL",
        }
    }
}

/// A telemetry source of the lake (the `--source` names of the normalizer).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// CloudTrail organization trail: gzipped JSON files in S3.
    Cloudtrail,
    /// AWS WAF (WAFv2) logs through Firehose.
    Waf,
    /// VPC Flow Logs: text files in S3.
    Vpcflow,
    /// Application Load Balancer access logs in S3.
    Alb,
    /// Network Load Balancer (TLS listener) access logs in S3.
    Nlb,
    /// Classic Load Balancer access logs in S3.
    Elb,
    /// AWS Health events (above all `AWS_ABUSE_*`) through EventBridge.
    Health,
    /// Security Hub "Findings - Imported" events through EventBridge.
    Securityhub,
    /// Suricata EVE JSON through Kinesis.
    Suricata,
    /// Squid native access.log through Kinesis.
    Squid,
    /// nginx access logs through Kinesis.
    Nginx,
    /// Apache httpd access logs through Kinesis.
    Apache,
}

/// How a source's records reach the central account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Delivery {
    /// The AWS service writes files into an S3 bucket.
    S3,
    /// The AWS service writes to a Kinesis Data Firehose delivery stream.
    Firehose,
    /// EventBridge events forwarded to the central event bus.
    EventBridge,
    /// An agent on a host writes to a Kinesis data stream.
    Kinesis,
}

impl Source {
    /// Every source, in a fixed order.
    pub const ALL: [Source; 12] = [
        Source::Cloudtrail,
        Source::Waf,
        Source::Vpcflow,
        Source::Alb,
        Source::Nlb,
        Source::Elb,
        Source::Health,
        Source::Securityhub,
        Source::Suricata,
        Source::Squid,
        Source::Nginx,
        Source::Apache,
    ];

    /// The source's name as written in environment files and lake paths (`ext/<name>/`).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Cloudtrail => "cloudtrail",
            Source::Waf => "waf",
            Source::Vpcflow => "vpcflow",
            Source::Alb => "alb",
            Source::Nlb => "nlb",
            Source::Elb => "elb",
            Source::Health => "health",
            Source::Securityhub => "securityhub",
            Source::Suricata => "suricata",
            Source::Squid => "squid",
            Source::Nginx => "nginx",
            Source::Apache => "apache",
        }
    }

    /// How the source's records arrive.
    pub fn delivery(self) -> Delivery {
        match self {
            Source::Cloudtrail | Source::Vpcflow | Source::Alb | Source::Nlb | Source::Elb => {
                Delivery::S3
            }
            Source::Waf => Delivery::Firehose,
            Source::Health | Source::Securityhub => Delivery::EventBridge,
            Source::Suricata | Source::Squid | Source::Nginx | Source::Apache => Delivery::Kinesis,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Names of deployed resources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Naming {
    /// Prefix of stack, bucket, stream and table names: lowercase letters, digits and single
    /// hyphens, starting with a letter, at most 16 characters. Default: `sds`.
    #[serde(default = "default_prefix")]
    pub prefix: Prefix,
}

impl Default for Naming {
    fn default() -> Self {
        Naming {
            prefix: default_prefix(),
        }
    }
}

fn default_prefix() -> Prefix {
    Prefix("sds".to_owned())
}

/// The customer-managed KMS key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kms {
    /// Days between scheduling the key's deletion and its deletion (7 to 30). Default: 30.
    #[serde(default = "default_pending_window")]
    pub pending_window_days: u32,
}

impl Default for Kms {
    fn default() -> Self {
        Kms {
            pending_window_days: default_pending_window(),
        }
    }
}

fn default_pending_window() -> u32 {
    30
}

/// Lifecycle of the lake bucket. Objects stay queryable by Athena in every storage class
/// used here (Glacier Instant Retrieval, not Flexible Retrieval).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lake {
    /// Days after creation when objects move to S3 Standard-IA (at least 30, S3's minimum).
    /// `null`: never. Default: 30.
    #[serde(default = "default_ia_days")]
    pub transition_to_infrequent_access_days: Option<u32>,
    /// Days after creation when objects move to S3 Glacier Instant Retrieval; later than the
    /// Standard-IA transition. `null`: never. Default: 90.
    #[serde(default = "default_glacier_days")]
    pub transition_to_glacier_instant_retrieval_days: Option<u32>,
    /// Days after creation when objects expire; later than every transition. `null`: keep
    /// forever. Default: 365.
    #[serde(default = "default_expiration_days")]
    pub expiration_days: Option<u32>,
    /// Days a replaced or deleted object version is kept (the bucket is versioned).
    /// Default: 30.
    #[serde(default = "default_noncurrent_days")]
    pub noncurrent_version_expiration_days: u32,
}

impl Default for Lake {
    fn default() -> Self {
        Lake {
            transition_to_infrequent_access_days: default_ia_days(),
            transition_to_glacier_instant_retrieval_days: default_glacier_days(),
            expiration_days: default_expiration_days(),
            noncurrent_version_expiration_days: default_noncurrent_days(),
        }
    }
}

fn default_ia_days() -> Option<u32> {
    Some(30)
}

fn default_glacier_days() -> Option<u32> {
    Some(90)
}

fn default_expiration_days() -> Option<u32> {
    Some(365)
}

fn default_noncurrent_days() -> u32 {
    30
}

/// The access-log bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessLogs {
    /// Days S3 server access logs are kept. Default: 90.
    #[serde(default = "default_access_log_days")]
    pub retention_days: u32,
}

impl Default for AccessLogs {
    fn default() -> Self {
        AccessLogs {
            retention_days: default_access_log_days(),
        }
    }
}

fn default_access_log_days() -> u32 {
    90
}

/// Lake Formation settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LakeFormation {
    /// IAM roles or users (ARNs) that administer the data lake and get all permissions on the
    /// lake database. Empty: no data-lake administrator is set; grant access in Lake
    /// Formation yourself.
    #[serde(default)]
    pub admins: Vec<PrincipalArn>,
}

/// The Athena workgroup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Athena {
    /// Days query results are kept in the results bucket. Default: 7.
    #[serde(default = "default_results_days")]
    pub results_retention_days: u32,
    /// Largest amount of data one query may scan, in bytes (at least 10000000). `null`: no
    /// limit. Default: 1 TB (1000000000000).
    #[serde(default = "default_scan_limit")]
    pub query_scan_limit_bytes: Option<u64>,
}

impl Default for Athena {
    fn default() -> Self {
        Athena {
            results_retention_days: default_results_days(),
            query_scan_limit_bytes: default_scan_limit(),
        }
    }
}

fn default_results_days() -> u32 {
    7
}

fn default_scan_limit() -> Option<u64> {
    Some(1_000_000_000_000)
}

/// A problem found by [`Environment::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvError {
    /// Field path in the file, e.g. `organization.collector.regions[1]`.
    pub path: String,
    /// What is wrong and, where it helps, what to write instead.
    pub message: String,
}

impl fmt::Display for EnvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The most tags an environment may set: S3 allows 50 per bucket and the blueprint adds some.
pub const MAX_TAGS: usize = 40;

impl Environment {
    /// The regions the collector deploys to: the organization's, or the central region.
    pub fn collector_regions(&self) -> Vec<Region> {
        match &self.organization {
            Some(org) => org.collector.regions.clone(),
            None => vec![self.central.region.clone()],
        }
    }

    /// Checks that span several fields (each field's own format is checked while it is
    /// deserialized). Returns every problem, in field order; empty when the environment is
    /// good.
    pub fn validate(&self) -> Vec<EnvError> {
        let mut errs = Vec::new();
        let mut err = |path: &str, message: String| {
            errs.push(EnvError {
                path: path.to_owned(),
                message,
            })
        };

        if let Some(org) = &self.organization {
            if self.central.account_id.is_none() {
                err(
                    "central.account_id",
                    "required when `organization` is set: member accounts must name the \
                     central account"
                        .to_owned(),
                );
            }
            let c = &org.collector;
            if c.organizational_units.is_empty() {
                err(
                    "organization.collector.organizational_units",
                    "list at least one OU (or the root `r-...`)".to_owned(),
                );
            }
            for (i, dup) in duplicates(&c.organizational_units) {
                err(
                    &format!("organization.collector.organizational_units[{i}]"),
                    format!("`{dup}` is listed twice"),
                );
            }
            if c.regions.is_empty() {
                err(
                    "organization.collector.regions",
                    "list at least one region".to_owned(),
                );
            }
            for (i, dup) in duplicates(&c.regions) {
                err(
                    &format!("organization.collector.regions[{i}]"),
                    format!("`{dup}` is listed twice"),
                );
            }
            let prefs = &c.operation_preferences;
            if prefs.max_concurrent_percentage.0 == 0 {
                err(
                    "organization.collector.operation_preferences.max_concurrent_percentage",
                    "must be at least 1".to_owned(),
                );
            }
        }

        if !(7..=30).contains(&self.kms.pending_window_days) {
            err(
                "kms.pending_window_days",
                format!(
                    "{} is out of range: KMS allows 7 to 30",
                    self.kms.pending_window_days
                ),
            );
        }

        self.validate_lake(&mut err);

        if self.access_logs.retention_days == 0 {
            err(
                "access_logs.retention_days",
                "must be at least 1".to_owned(),
            );
        }
        for (i, dup) in duplicates(&self.lake_formation.admins) {
            err(
                &format!("lake_formation.admins[{i}]"),
                format!("`{dup}` is listed twice"),
            );
        }
        if self.athena.results_retention_days == 0 {
            err(
                "athena.results_retention_days",
                "must be at least 1".to_owned(),
            );
        }
        if let Some(limit) = self.athena.query_scan_limit_bytes {
            if limit < 10_000_000 {
                err(
                    "athena.query_scan_limit_bytes",
                    format!("{limit} is below Athena's minimum of 10000000 bytes"),
                );
            }
        }

        if self.tags.len() > MAX_TAGS {
            err(
                "tags",
                format!("{} tags, at most {MAX_TAGS} are allowed", self.tags.len()),
            );
        }
        for (k, v) in &self.tags {
            if let Err(msg) = check_tag(k, v) {
                err(&format!("tags.{k}"), msg);
            }
        }
        errs
    }

    fn validate_lake(&self, err: &mut impl FnMut(&str, String)) {
        let lake = &self.lake;
        let ia = lake.transition_to_infrequent_access_days;
        let glacier = lake.transition_to_glacier_instant_retrieval_days;
        if let Some(d) = ia {
            if d < 30 {
                err(
                    "lake.transition_to_infrequent_access_days",
                    format!("{d} is below S3's minimum of 30 days for Standard-IA"),
                );
            }
        }
        if let Some(d) = glacier {
            if d == 0 {
                err(
                    "lake.transition_to_glacier_instant_retrieval_days",
                    "must be at least 1".to_owned(),
                );
            }
            if let Some(ia) = ia.filter(|ia| d <= *ia) {
                err(
                    "lake.transition_to_glacier_instant_retrieval_days",
                    format!("{d} must be later than transition_to_infrequent_access_days ({ia})"),
                );
            }
        }
        if let Some(exp) = lake.expiration_days {
            let last = [ia, glacier].into_iter().flatten().max();
            if exp == 0 {
                err(
                    "lake.expiration_days",
                    "must be at least 1 (or null to keep forever)".to_owned(),
                );
            } else if let Some(last) = last.filter(|last| exp <= *last) {
                err(
                    "lake.expiration_days",
                    format!("{exp} must be later than the last transition ({last} days)"),
                );
            }
        }
        if lake.noncurrent_version_expiration_days == 0 {
            err(
                "lake.noncurrent_version_expiration_days",
                "must be at least 1".to_owned(),
            );
        }
    }
}

/// Indices and values of the entries that repeat an earlier one.
fn duplicates<T: Ord + fmt::Display>(items: &[T]) -> Vec<(usize, &T)> {
    let mut seen = BTreeSet::new();
    items
        .iter()
        .enumerate()
        .filter(|(_, it)| !seen.insert(*it))
        .collect()
}

fn check_tag(key: &str, value: &str) -> Result<(), String> {
    if key.is_empty() || key.chars().count() > 128 {
        return Err("tag keys have 1 to 128 characters".to_owned());
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err("tag keys starting with `aws:` are reserved by AWS".to_owned());
    }
    if value.chars().count() > 256 {
        return Err("tag values have at most 256 characters".to_owned());
    }
    let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c);
    if let Some(c) = key.chars().chain(value.chars()).find(|c| !allowed(*c)) {
        return Err(format!(
            "`{c}` is not allowed in tags (letters, digits, spaces and _.:/=+-@)"
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Checked identifiers. Each is a string that was checked when it was deserialized (or
// parsed with `FromStr`), so holding one means it is well-formed.

macro_rules! checked_string {
    ($(#[$doc:meta])* $name:ident, $what:literal, $check:ident, $pattern:literal, $example:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The identifier as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                $check(s).map(|()| $name(s.to_owned()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(CheckedVisitor { what: $what, check: $check }).map($name)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> String {
                stringify!($name).to_owned()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                string_schema($what, $pattern, $example)
            }
        }
    };
}

checked_string!(
    /// A 12-digit AWS account ID, written as a quoted string (`"111122223333"`).
    AccountId, "an account ID", check_account_id, "^[0-9]{12}$", "111122223333"
);
checked_string!(
    /// An AWS region ID such as `eu-central-1` or `us-gov-west-1`.
    Region, "a region", check_region, "^[a-z]{2}(-[a-z]+){1,2}-[0-9]{1,2}$", "eu-central-1"
);
checked_string!(
    /// An AWS Organizations organization ID (`o-exampleorgid`).
    OrganizationId, "an organization ID", check_org_id, "^o-[a-z0-9]{10,32}$", "o-a1b2c3d4e5"
);
checked_string!(
    /// An organizational unit ID (`ou-ab12-cd34ef56`) or the organization's root (`r-ab12`).
    OrganizationalUnitId,
    "an OU ID",
    check_ou_id,
    "^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$",
    "ou-ab12-cd34ef56"
);
checked_string!(
    /// The ARN of an IAM role or user (`arn:aws:iam::111122223333:role/SecurityAdmin`).
    PrincipalArn,
    "an IAM role or user ARN",
    check_principal_arn,
    "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_-]+(/[A-Za-z0-9+=,.@_-]+)*$",
    "arn:aws:iam::111122223333:role/SecurityLakeAdmin"
);
checked_string!(
    /// An environment name: lowercase letters, digits and single hyphens, at most 24
    /// characters.
    EnvName, "an environment name", check_env_name, "^(?=.{1,24}$)[a-z](-?[a-z0-9])*$", "default"
);
checked_string!(
    /// A resource-name prefix: lowercase letters, digits and single hyphens, at most 16
    /// characters.
    Prefix, "a name prefix", check_prefix, "^(?=.{1,16}$)[a-z](-?[a-z0-9])*$", "sds"
);

fn string_schema(what: &str, pattern: &str, example: &str) -> Schema {
    SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        string: Some(Box::new(StringValidation {
            pattern: Some(pattern.to_owned()),
            ..Default::default()
        })),
        metadata: Some(Box::new(Metadata {
            description: Some(format!("{} (a string), e.g. `{example}`", capitalize(what))),
            examples: vec![serde_json::Value::String(example.to_owned())],
            ..Default::default()
        })),
        ..Default::default()
    }
    .into()
}

fn capitalize(what: &str) -> String {
    let what = what
        .strip_prefix("an ")
        .or_else(|| what.strip_prefix("a "))
        .unwrap_or(what);
    let mut cs = what.chars();
    cs.next()
        .map(|c| c.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
}

/// Deserializes a string and checks it. Numbers get their own message, because an unquoted
/// account ID is a YAML integer that has lost its leading zeros.
struct CheckedVisitor {
    what: &'static str,
    check: fn(&str) -> Result<(), String>,
}

impl CheckedVisitor {
    fn number<E: de::Error>(&self, n: impl fmt::Display) -> E {
        let digits = n.to_string();
        let hint = if self.what == "an account ID" && digits.len() < 12 {
            format!("; an unquoted number loses its leading zeros, did you mean \"{digits:0>12}\"?")
        } else {
            String::new()
        };
        E::custom(format!(
            "{} must be a quoted string, write \"{digits}\" instead of {digits}{hint}",
            self.what
        ))
    }
}

impl Visitor<'_> for CheckedVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (a quoted string)", self.what)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        (self.check)(v).map_err(E::custom)?;
        Ok(v.to_owned())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Err(self.number(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Err(self.number(v))
    }
}

fn is_lower_alnum(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

fn check_account_id(s: &str) -> Result<(), String> {
    if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!(
            "`{s}` is not an account ID: an account ID is exactly 12 digits"
        ))
    }
}

fn check_region(s: &str) -> Result<(), String> {
    let parts: Vec<&str> = s.split('-').collect();
    let ok = (3..=4).contains(&parts.len())
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|n| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{s}` is not a region ID (like `us-east-1` or `eu-central-1`)"
        ))
    }
}

fn check_org_id(s: &str) -> Result<(), String> {
    match s.strip_prefix("o-") {
        Some(rest) if (10..=32).contains(&rest.len()) && is_lower_alnum(rest) => Ok(()),
        _ => Err(format!(
            "`{s}` is not an organization ID (`o-` and 10 to 32 lowercase letters or digits)"
        )),
    }
}

fn check_ou_id(s: &str) -> Result<(), String> {
    let ok = if let Some(rest) = s.strip_prefix("ou-") {
        match rest.split_once('-') {
            Some((root, ou)) => {
                (4..=32).contains(&root.len())
                    && is_lower_alnum(root)
                    && (8..=32).contains(&ou.len())
                    && is_lower_alnum(ou)
            }
            None => false,
        }
    } else if let Some(root) = s.strip_prefix("r-") {
        (4..=32).contains(&root.len()) && is_lower_alnum(root)
    } else {
        false
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{s}` is not an organizational unit ID (`ou-ab12-cd34ef56`) or a root ID (`r-ab12`)"
        ))
    }
}

fn check_principal_arn(s: &str) -> Result<(), String> {
    let bad = || {
        format!(
            "`{s}` is not an IAM role or user ARN (like \
             `arn:aws:iam::111122223333:role/SecurityLakeAdmin`)"
        )
    };
    let mut parts = s.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(bad());
    };
    let name_ok = |n: &str| {
        !n.is_empty()
            && !n.starts_with('/')
            && !n.ends_with('/')
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_/-".contains(&b))
    };
    let resource_ok = match resource.split_once('/') {
        Some(("role" | "user", name)) => name_ok(name),
        _ => false,
    };
    if matches!(partition, "aws" | "aws-cn" | "aws-us-gov")
        && check_account_id(account).is_ok()
        && resource_ok
    {
        Ok(())
    } else {
        Err(bad())
    }
}

fn check_name(s: &str, max: usize) -> bool {
    s.len() <= max
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_env_name(s: &str) -> Result<(), String> {
    if check_name(s, 24) {
        Ok(())
    } else {
        Err(format!(
            "`{s}` is not a valid environment name (lowercase letters, digits and single \
             hyphens, starting with a letter, at most 24 characters)"
        ))
    }
}

fn check_prefix(s: &str) -> Result<(), String> {
    if check_name(s, 16) {
        Ok(())
    } else {
        Err(format!(
            "`{s}` is not a valid prefix (lowercase letters, digits and single hyphens, \
             starting with a letter, at most 16 characters)"
        ))
    }
}

/// A whole percentage, 0 to 100, written as a number without `%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Percentage(#[schemars(range(min = 0, max = 100))] u8);

impl Percentage {
    /// A percentage; `None` above 100.
    pub fn new(p: u8) -> Option<Percentage> {
        (p <= 100).then_some(Percentage(p))
    }

    /// The value, 0 to 100.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl<'de> Deserialize<'de> for Percentage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Percentage;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a percentage, a whole number from 0 to 100")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Percentage, E> {
                u8::try_from(v)
                    .ok()
                    .and_then(Percentage::new)
                    .ok_or_else(|| E::custom(format!("{v} is not a percentage from 0 to 100")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Percentage, E> {
                Err(E::custom(format!("{v} is not a percentage from 0 to 100")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Percentage, E> {
                Err(E::custom(format!(
                    "write a percentage as a bare whole number (`25`), not `{v}`"
                )))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_accept_real_ids() {
        for ok in [
            "us-east-1",
            "eu-central-2",
            "us-gov-west-1",
            "ap-southeast-4",
            "cn-north-1",
        ] {
            assert!(check_region(ok).is_ok(), "{ok}");
        }
        for bad in [
            "useast1",
            "US-EAST-1",
            "us-east",
            "us-east-123",
            "u-east-1",
            "us--1",
        ] {
            assert!(check_region(bad).is_err(), "{bad}");
        }
        assert!(check_ou_id("ou-ab12-cd34ef56").is_ok());
        assert!(check_ou_id("r-ab12").is_ok());
        for bad in [
            "ou-ab12",
            "ou-AB12-cd34ef56",
            "ou-ab1-cd34ef56",
            "r-a",
            "o-ab12cd34ef",
        ] {
            assert!(check_ou_id(bad).is_err(), "{bad}");
        }
        assert!(check_org_id("o-a1b2c3d4e5").is_ok());
        assert!(check_org_id("o-short").is_err());
        assert!(check_account_id("012345678901").is_ok());
        assert!(check_account_id("12345678901").is_err());
        assert!(check_account_id("1234567890１２").is_err());
        assert!(check_principal_arn("arn:aws:iam::111122223333:role/Admin").is_ok());
        assert!(check_principal_arn(
            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1"
        )
        .is_ok());
        assert!(check_principal_arn("arn:aws-us-gov:iam::111122223333:user/alice").is_ok());
        for bad in [
            "arn:aws:iam::111122223333:group/admins",
            "arn:aws:iam::11112222333:role/Admin",
            "arn:aws:s3:::bucket",
            "arn:aws:iam::111122223333:role/",
            "arn:aws:iam::111122223333:role/a b",
        ] {
            assert!(check_principal_arn(bad).is_err(), "{bad}");
        }
        assert!(check_env_name("organization").is_ok());
        for bad in [
            "Org",
            "-a",
            "a-",
            "a--b",
            "1a",
            "",
            "abcdefghijklmnopqrstuvwxy",
        ] {
            assert!(check_env_name(bad).is_err(), "{bad}");
        }
    }

    fn minimal() -> Environment {
        Environment {
            name: "t".parse().unwrap(),
            central: Central {
                account_id: None,
                region: "eu-west-1".parse().unwrap(),
            },
            organization: None,
            sources: Source::ALL.into_iter().collect(),
            naming: Naming::default(),
            kms: Kms::default(),
            lake: Lake::default(),
            access_logs: AccessLogs::default(),
            lake_formation: LakeFormation::default(),
            athena: Athena::default(),
            tags: BTreeMap::new(),
        }
    }

    #[test]
    fn defaults_are_valid() {
        assert_eq!(minimal().validate(), vec![]);
        assert_eq!(
            minimal().collector_regions(),
            vec!["eu-west-1".parse().unwrap()]
        );
    }

    #[test]
    fn cross_field_errors_name_their_path() {
        let mut env = minimal();
        env.organization = Some(Organization {
            id: "o-a1b2c3d4e5".parse().unwrap(),
            collector: Collector {
                organizational_units: vec![],
                regions: vec!["eu-west-1".parse().unwrap(), "eu-west-1".parse().unwrap()],
                operation_preferences: OperationPreferences::default(),
                retain_stacks_on_account_removal: false,
            },
        });
        env.lake.transition_to_infrequent_access_days = Some(10);
        env.lake.expiration_days = Some(60);
        env.tags.insert("aws:owner".into(), "x".into());
        let got: Vec<String> = env.validate().iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "central.account_id: required when `organization` is set: member accounts must name the central account",
                "organization.collector.organizational_units: list at least one OU (or the root `r-...`)",
                "organization.collector.regions[1]: `eu-west-1` is listed twice",
                "lake.transition_to_infrequent_access_days: 10 is below S3's minimum of 30 days for Standard-IA",
                "lake.expiration_days: 60 must be later than the last transition (90 days)",
                "tags.aws:owner: tag keys starting with `aws:` are reserved by AWS",
            ],
        );
    }

    #[test]
    fn unquoted_account_id_says_to_quote_it() {
        let err = serde_json::from_str::<Central>(
            r#"{"account_id": 12345678901, "region": "eu-west-1"}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("must be a quoted string"), "{err}");
        assert!(err.contains("\"012345678901\""), "{err}");
    }

    #[test]
    fn percentages_are_bounded() {
        let p: Result<OperationPreferences, _> =
            serde_json::from_str(r#"{"max_concurrent_percentage": 101}"#);
        assert!(p
            .unwrap_err()
            .to_string()
            .contains("101 is not a percentage"));
        let p: Result<OperationPreferences, _> =
            serde_json::from_str(r#"{"failure_tolerance_percentage": "10%"}"#);
        assert!(p.unwrap_err().to_string().contains("bare whole number"));
    }
}
