//! The result of synthesis: per stack its template and what a manifest needs (parameters,
//! outputs, exports, imports, dependencies, tags) and the logical-ID inventory.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value as Json;

use crate::tree::StackKind;

/// Resource types whose logical ID must never change silently: replacing them loses data.
pub const STATEFUL_TYPES: &[&str] = &[
    "AWS::Cognito::UserPool",
    "AWS::DynamoDB::GlobalTable",
    "AWS::DynamoDB::Table",
    "AWS::EC2::Volume",
    "AWS::EFS::FileSystem",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::Elasticsearch::Domain",
    "AWS::Glue::Database",
    "AWS::Glue::Table",
    "AWS::KMS::Key",
    "AWS::Kinesis::Stream",
    "AWS::Logs::LogGroup",
    "AWS::OpenSearchService::Domain",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::S3::Bucket",
    "AWS::SNS::Topic",
    "AWS::SQS::Queue",
    "AWS::SecretsManager::Secret",
];

/// True when `type_name` holds data (see [`STATEFUL_TYPES`]).
pub fn is_stateful(type_name: &str) -> bool {
    STATEFUL_TYPES.binary_search(&type_name).is_ok()
}

/// Everything synthesis produced: one artifact per stack, in the order they were added.
#[derive(Debug, Clone, Serialize)]
pub struct Assembly {
    pub stacks: Vec<StackArtifact>,
}

impl Assembly {
    /// The artifact of the stack with construct ID `id`.
    pub fn stack(&self, id: &str) -> Option<&StackArtifact> {
        self.stacks.iter().find(|s| s.id == id)
    }

    /// Every resource of every stack (the logical-ID inventory).
    pub fn inventory(&self) -> impl Iterator<Item = &InventoryRow> {
        self.stacks.iter().flat_map(|s| s.resources.iter())
    }
}

/// One stack's template and what a manifest needs to know about it.
#[derive(Debug, Clone, Serialize)]
pub struct StackArtifact {
    /// Construct ID of the stack (file name stem).
    pub id: String,
    pub kind: StackKind,
    /// CloudFormation stack name, when the blueprint set one.
    pub stack_name: Option<String>,
    pub description: Option<String>,
    /// The template as JSON (keys sorted).
    #[serde(skip)]
    pub template: Json,
    /// The template file: pretty JSON (2 spaces) and a trailing newline.
    #[serde(skip)]
    pub body: String,
    /// The compact JSON embedded as a StackSet `TemplateBody`; empty for plain stacks.
    #[serde(skip)]
    pub compact_body: String,
    pub parameters: Vec<ParameterInfo>,
    pub outputs: Vec<OutputInfo>,
    /// Export names this stack defines.
    pub exports: Vec<String>,
    /// Export names this stack imports (literal `Fn::ImportValue` names).
    pub imports: Vec<String>,
    /// Construct IDs of stacks to deploy before this one (explicit, or from imports).
    pub dependencies: Vec<String>,
    /// Tags set on the stack node itself (for the stack's own tags at deploy time).
    pub tags: BTreeMap<String, String>,
    pub resources: Vec<InventoryRow>,
}

/// A parameter as the manifest shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ParameterInfo {
    pub logical_id: String,
    #[serde(rename = "type")]
    pub type_: String,
    pub default: Option<String>,
    pub description: Option<String>,
}

/// An output as the manifest shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutputInfo {
    pub logical_id: String,
    pub export_name: Option<String>,
    pub description: Option<String>,
}

/// One row of the logical-ID inventory.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct InventoryRow {
    pub stack: String,
    pub logical_id: String,
    #[serde(rename = "type")]
    pub type_: String,
    pub path: String,
    pub stateful: bool,
}
