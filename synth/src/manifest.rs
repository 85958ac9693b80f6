//! `manifest.json`: what a deployer needs besides the templates. Typed and versioned: a
//! change that could break a reader bumps [`VERSION`].
//!
//! Stacks are deployed in the central account and home region in `dependencies` order;
//! StackSets carry their targets, regions and operation preferences from the environment.

use std::collections::BTreeMap;

use constructs_core::{Assembly, OutputInfo, ParameterInfo, StackArtifact, StackKind};
use constructs_lake::env::Environment;
use serde::Serialize;

/// The manifest format version.
pub const VERSION: u32 = 1;

/// The file name of a stack's template.
pub fn template_file(stack_id: &str) -> String {
    format!("{stack_id}.template.json")
}

/// The whole manifest.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub version: u32,
    /// The environment's name (= the output folder's name).
    pub environment: String,
    /// Stacks deployed on their own, in deployment order of the assembly.
    pub stacks: Vec<Stack>,
    /// StackSets deployed across the organization.
    pub stack_sets: Vec<StackSet>,
    /// Files (Lambda code) to upload before deploying; none yet.
    pub assets: Vec<Asset>,
}

/// A stack deployed on its own.
#[derive(Debug, Clone, Serialize)]
pub struct Stack {
    /// Construct ID of the stack.
    pub id: String,
    /// CloudFormation stack name.
    pub stack_name: Option<String>,
    /// Template file, relative to the manifest.
    pub template: String,
    pub description: Option<String>,
    /// Account to deploy to; `null` means the account of the deploying credentials.
    pub account: Option<String>,
    pub region: String,
    /// `CAPABILITY_IAM` / `CAPABILITY_NAMED_IAM`, as the template needs.
    pub capabilities: Vec<String>,
    /// Stack IDs to deploy first.
    pub dependencies: Vec<String>,
    pub parameters: Vec<ParameterInfo>,
    pub outputs: Vec<OutputInfo>,
    pub exports: Vec<String>,
    pub imports: Vec<String>,
    pub tags: BTreeMap<String, String>,
    /// Number of resources in the template.
    pub resources: usize,
}

/// A service-managed StackSet.
#[derive(Debug, Clone, Serialize)]
pub struct StackSet {
    pub id: String,
    pub template: String,
    pub description: Option<String>,
    /// Always `SERVICE_MANAGED`: instances are managed through AWS Organizations.
    pub permission_model: &'static str,
    /// The `AWS::CloudFormation::StackSet` resource that deploys this StackSet with its
    /// stack, if one embeds the template; `null`: create the StackSet yourself.
    pub deployed_by: Option<DeployedBy>,
    pub auto_deployment: AutoDeployment,
    /// Organizational units (or the root) to deploy to.
    pub organizational_units: Vec<String>,
    /// Regions to deploy to, in rollout order.
    pub regions: Vec<String>,
    pub operation_preferences: OperationPreferences,
    pub capabilities: Vec<String>,
    pub parameters: Vec<ParameterInfo>,
    pub tags: BTreeMap<String, String>,
    pub resources: usize,
}

/// A StackSet resource in a stack.
#[derive(Debug, Clone, Serialize)]
pub struct DeployedBy {
    pub stack: String,
    pub logical_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AutoDeployment {
    pub enabled: bool,
    pub retain_stacks_on_account_removal: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct OperationPreferences {
    pub max_concurrent_percentage: u8,
    pub failure_tolerance_percentage: u8,
    /// `SEQUENTIAL` or `PARALLEL`.
    pub region_concurrency: &'static str,
}

/// A file uploaded to the artifact buckets, keyed by its content hash.
#[derive(Debug, Clone, Serialize)]
pub struct Asset {
    pub id: String,
    /// Object key in the artifact bucket.
    pub object_key: String,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

/// The manifest of `env`'s assembly.
pub fn build(env: &Environment, assembly: &Assembly) -> Manifest {
    let mut stacks = Vec::new();
    let mut stack_sets = Vec::new();
    for s in &assembly.stacks {
        match s.kind {
            StackKind::Stack => stacks.push(Stack {
                id: s.id.clone(),
                stack_name: s.stack_name.clone(),
                template: template_file(&s.id),
                description: s.description.clone(),
                account: env.central.account_id.as_ref().map(ToString::to_string),
                region: env.central.region.to_string(),
                capabilities: capabilities(s),
                dependencies: s.dependencies.clone(),
                parameters: s.parameters.clone(),
                outputs: s.outputs.clone(),
                exports: s.exports.clone(),
                imports: s.imports.clone(),
                tags: s.tags.clone(),
                resources: s.resources.len(),
            }),
            StackKind::StackSetBody => {
                let collector = env.organization.as_ref().map(|o| &o.collector);
                let prefs = collector
                    .map(|c| c.operation_preferences)
                    .unwrap_or_default();
                stack_sets.push(StackSet {
                    id: s.id.clone(),
                    template: template_file(&s.id),
                    description: s.description.clone(),
                    permission_model: "SERVICE_MANAGED",
                    deployed_by: deployed_by(assembly, s),
                    auto_deployment: AutoDeployment {
                        enabled: true,
                        retain_stacks_on_account_removal: collector
                            .is_some_and(|c| c.retain_stacks_on_account_removal),
                    },
                    organizational_units: collector
                        .map(|c| {
                            c.organizational_units
                                .iter()
                                .map(ToString::to_string)
                                .collect()
                        })
                        .unwrap_or_default(),
                    regions: env
                        .collector_regions()
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                    operation_preferences: OperationPreferences {
                        max_concurrent_percentage: prefs.max_concurrent_percentage.get(),
                        failure_tolerance_percentage: prefs.failure_tolerance_percentage.get(),
                        region_concurrency: prefs.region_concurrency.as_cfn(),
                    },
                    capabilities: capabilities(s),
                    parameters: s.parameters.clone(),
                    tags: s.tags.clone(),
                    resources: s.resources.len(),
                });
            }
        }
    }
    Manifest {
        version: VERSION,
        environment: env.name.to_string(),
        stacks,
        stack_sets,
        assets: Vec::new(),
    }
}

/// The StackSet resource whose `TemplateBody` is `body`'s template.
fn deployed_by(assembly: &Assembly, body: &StackArtifact) -> Option<DeployedBy> {
    assembly.stacks.iter().find_map(|s| {
        let resources = s.template.get("Resources")?.as_object()?;
        resources.iter().find_map(|(id, r)| {
            let is_set = r.get("Type")?.as_str()? == "AWS::CloudFormation::StackSet";
            let embeds = r.get("Properties")?.get("TemplateBody")?.as_str()? == body.compact_body;
            (is_set && embeds).then(|| DeployedBy {
                stack: s.id.clone(),
                logical_id: id.clone(),
            })
        })
    })
}

/// The IAM capabilities a template needs: `CAPABILITY_NAMED_IAM` when it names an IAM
/// resource, else `CAPABILITY_IAM` when it has one.
fn capabilities(stack: &StackArtifact) -> Vec<String> {
    const NAME_PROPS: [&str; 4] = ["RoleName", "ManagedPolicyName", "UserName", "GroupName"];
    let resources = stack.template.get("Resources").and_then(|r| r.as_object());
    let mut iam = false;
    let mut named = false;
    for r in resources.into_iter().flat_map(|r| r.values()) {
        let is_iam = r
            .get("Type")
            .and_then(|t| t.as_str())
            .is_some_and(|t| t.starts_with("AWS::IAM::"));
        if is_iam {
            iam = true;
            let props = r.get("Properties");
            named |= NAME_PROPS
                .iter()
                .any(|p| props.and_then(|ps| ps.get(p)).is_some());
        }
    }
    match (iam, named) {
        (_, true) => vec!["CAPABILITY_NAMED_IAM".to_owned()],
        (true, false) => vec!["CAPABILITY_IAM".to_owned()],
        _ => Vec::new(),
    }
}
