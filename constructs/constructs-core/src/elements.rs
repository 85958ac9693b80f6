//! The parts of a template besides resources' typed properties: parameters, outputs,
//! mappings, resource options (DependsOn, policies, Condition, Metadata), stack kinds and
//! tag shapes.

use std::collections::BTreeMap;

use crate::value::{Expr, NodeRef};

/// How a resource type carries tags in its `Tags` property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagShape {
    /// Not taggable (inherited tags are not applied).
    None,
    /// `"Tags": [{"Key": k, "Value": v}, ...]` (most types).
    List,
    /// `"Tags": {"k": "v", ...}` (e.g. SSM Parameter, Glue, Lambda LayerVersion...).
    Map,
}

/// What kind of template a stack renders to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StackKind {
    /// A stack deployed on its own (limit: 1 MB template).
    Stack,
    /// The body of a StackSet, embedded as `TemplateBody` (limit: 51,200 bytes); it reaches
    /// outside itself only through parameters (no `Fn::ImportValue`).
    StackSetBody,
}

/// `DeletionPolicy` of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeletionPolicy {
    Delete,
    Retain,
    RetainExceptOnCreate,
    Snapshot,
}

/// `UpdateReplacePolicy` of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UpdateReplacePolicy {
    Delete,
    Retain,
    Snapshot,
}

/// Resource attributes that are not properties, kept apart from the typed properties.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceOptions {
    /// Resources (same stack) this one waits for; rendered sorted and de-duplicated.
    pub depends_on: Vec<NodeRef>,
    pub deletion_policy: Option<DeletionPolicy>,
    pub update_replace_policy: Option<UpdateReplacePolicy>,
    /// A condition node: the resource exists only when it holds.
    pub condition: Option<NodeRef>,
    pub metadata: BTreeMap<String, Expr>,
    pub creation_policy: Option<Expr>,
    pub update_policy: Option<Expr>,
}

impl ResourceOptions {
    /// `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain`: for stateful resources.
    pub fn retain() -> Self {
        ResourceOptions {
            deletion_policy: Some(DeletionPolicy::Retain),
            update_replace_policy: Some(UpdateReplacePolicy::Retain),
            ..Default::default()
        }
    }
}

/// A template parameter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parameter {
    /// `String`, `Number`, `CommaDelimitedList`, `AWS::EC2::VPC::Id`...
    pub type_: String,
    pub description: Option<String>,
    pub default: Option<String>,
    pub allowed_values: Vec<String>,
    pub allowed_pattern: Option<String>,
    pub constraint_description: Option<String>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    pub no_echo: bool,
}

impl Parameter {
    /// A parameter of CloudFormation type `type_`.
    pub fn new(type_: &str) -> Self {
        Parameter {
            type_: type_.to_owned(),
            ..Default::default()
        }
    }

    /// A `String` parameter.
    pub fn string() -> Self {
        Parameter::new("String")
    }

    pub fn description(mut self, text: &str) -> Self {
        self.description = Some(text.to_owned());
        self
    }

    pub fn default_value(mut self, value: &str) -> Self {
        self.default = Some(value.to_owned());
        self
    }

    pub fn allowed_pattern(mut self, pattern: &str) -> Self {
        self.allowed_pattern = Some(pattern.to_owned());
        self
    }

    /// The only values accepted.
    pub fn allowed_values<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Self {
        self.allowed_values = values.into_iter().map(Into::into).collect();
        self
    }

    /// Masks the value in the console and API (secrets).
    pub fn no_echo(mut self) -> Self {
        self.no_echo = true;
        self
    }
}

/// A template output, optionally exported under a stable, explicit name.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub value: Expr,
    pub description: Option<String>,
    /// The export name other stacks import with `Fn::ImportValue` (explicit, never derived).
    pub export_name: Option<String>,
    pub condition: Option<NodeRef>,
}

impl Output {
    pub fn new(value: impl Into<Expr>) -> Self {
        Output {
            value: value.into(),
            description: None,
            export_name: None,
            condition: None,
        }
    }

    pub fn description(mut self, text: &str) -> Self {
        self.description = Some(text.to_owned());
        self
    }

    /// Exports the output as `name` (must be unique in the account and region).
    pub fn export(mut self, name: &str) -> Self {
        self.export_name = Some(name.to_owned());
        self
    }

    /// The output exists only when the condition node `condition` holds.
    pub fn condition(mut self, condition: NodeRef) -> Self {
        self.condition = Some(condition);
        self
    }
}

/// A mapping: top-level key -> second-level key -> value (a string or a list of strings).
pub type Mapping = BTreeMap<String, BTreeMap<String, serde_json::Value>>;
