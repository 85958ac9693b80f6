//! Synthesis: validate -> resolve logical IDs -> render -> check limits. A pure function of
//! the app; returns the assembly and every diagnostic at once.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{json, Map, Value as Json};

use crate::diagnostics::Diagnostic;
use crate::logical_id;
use crate::template::{inherited_tags, render_node, Cx, Sections};
use crate::tree::{App, NodeKind, StackKind};
use crate::value::NodeRef;

/// CloudFormation limits per template.
pub mod limits {
    pub const RESOURCES: usize = 500;
    pub const PARAMETERS: usize = 200;
    pub const OUTPUTS: usize = 200;
    pub const MAPPINGS: usize = 200;
    /// Template body passed through S3 (bytes).
    pub const TEMPLATE_BYTES: usize = 1_048_576;
    /// Template body passed inline, as a StackSet's `TemplateBody` (bytes).
    pub const INLINE_TEMPLATE_BYTES: usize = 51_200;
    pub const DESCRIPTION_BYTES: usize = 1024;
}

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

/// Namespaces in which logical IDs must be unique within a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Namespace {
    /// Resources and parameters share the `Ref` namespace.
    Ref,
    Output,
    Condition,
    Mapping,
}

fn namespace(kind: &NodeKind) -> Option<Namespace> {
    match kind {
        NodeKind::Resource(_) | NodeKind::Parameter(_) => Some(Namespace::Ref),
        NodeKind::Output(_) => Some(Namespace::Output),
        NodeKind::Condition(_) => Some(Namespace::Condition),
        NodeKind::Mapping(_) => Some(Namespace::Mapping),
        NodeKind::Root | NodeKind::Stack { .. } | NodeKind::Scope => None,
    }
}

/// Synthesizes every stack of `app`. The assembly is complete even when there are errors
/// (useful for looking at), but must not be deployed if any diagnostic is an error.
pub fn synthesize(app: &App) -> (Assembly, Vec<Diagnostic>) {
    let mut diags = app.problems.clone();
    let ids = assign_logical_ids(app, &mut diags);
    check_options(app, &mut diags);

    let stacks: Vec<NodeRef> = app.nodes[0].children.clone();
    let mut bodies = BTreeMap::new();
    let mut artifacts: BTreeMap<NodeRef, StackArtifact> = BTreeMap::new();
    // StackSet bodies first, so stacks that embed them find them.
    let order = stacks
        .iter()
        .filter(|s| is_kind(app, **s, StackKind::StackSetBody))
        .chain(stacks.iter().filter(|s| !is_kind(app, **s, StackKind::StackSetBody)));
    for &stack in order {
        let artifact = render_stack(app, stack, &ids, &bodies, &mut diags);
        if artifact.kind == StackKind::StackSetBody {
            bodies.insert(stack, artifact.compact_body.clone());
        }
        artifacts.insert(stack, artifact);
    }

    link_stacks(app, &mut artifacts, &mut diags);
    let stacks = stacks.iter().filter_map(|s| artifacts.remove(s)).collect();
    diags.sort_by(|a, b| (&a.path, a.severity).cmp(&(&b.path, b.severity)));
    (Assembly { stacks }, diags)
}

fn is_kind(app: &App, stack: NodeRef, want: StackKind) -> bool {
    matches!(app.node(stack).map(|n| &n.kind), Some(NodeKind::Stack { kind, .. }) if *kind == want)
}

/// Logical IDs of every node that has one (index = node), with pins, renames, validation
/// and collision checks.
fn assign_logical_ids(app: &App, diags: &mut Vec<Diagnostic>) -> Vec<Option<String>> {
    let mut renames: BTreeMap<(NodeRef, String), (&str, bool)> = BTreeMap::new();
    for (stack, path, id) in &app.renames {
        if renames.insert((*stack, path.clone()), (id.as_str(), false)).is_some() {
            diags.push(Diagnostic::error(app.path(*stack), format!("rename of {path:?} is given twice")));
        }
    }
    let mut ids = vec![None; app.nodes.len()];
    let mut seen: BTreeMap<(NodeRef, Namespace, String), NodeRef> = BTreeMap::new();
    for (i, node) in app.nodes.iter().enumerate() {
        let me = NodeRef(i);
        let (Some(ns), Some(stack)) = (namespace(&node.kind), node.stack) else { continue };
        let components = app.components(me);
        let below = components.get(1..).unwrap_or_default();
        let path = components.join("/");
        // Derived IDs are valid whenever the construct IDs are (those are checked when
        // added); pinned and renamed ones are checked here.
        let (id, given) = if let Some(pinned) = app.pinned_ids.get(&me) {
            (Some(pinned.clone()), true)
        } else if let Some((id, used)) = renames.get_mut(&(stack, below.join("/"))) {
            *used = true;
            (Some((*id).to_owned()), true)
        } else {
            (logical_id::derive(below), false)
        };
        let Some(id) = id else {
            diags.push(Diagnostic::error(
                path,
                "has no logical ID (its path is only `Default`s): pin one with set_logical_id",
            ));
            continue;
        };
        if let Some(problem) = logical_id::check(&id).filter(|_| given) {
            diags.push(Diagnostic::error(path.clone(), problem));
        }
        if let Some(other) = seen.insert((stack, ns, id.clone()), me) {
            diags.push(Diagnostic::error(
                path,
                format!("logical ID {id} collides with [{}]", app.path(other)),
            ));
        }
        ids[i] = Some(id);
    }
    for ((stack, path), (id, used)) in renames {
        if !used {
            diags.push(Diagnostic::error(
                app.path(stack),
                format!("unused rename {path:?} -> {id}: no node has that path in this stack"),
            ));
        }
    }
    ids
}

/// Resource options belong to resources only.
fn check_options(app: &App, diags: &mut Vec<Diagnostic>) {
    for node in app.options.keys() {
        if !matches!(app.node(*node).map(|n| &n.kind), Some(NodeKind::Resource(_))) {
            diags.push(Diagnostic::error(app.path(*node), "resource options set on something that is not a resource"));
        }
    }
    for (node, pointer, _) in &app.overrides {
        if !matches!(app.node(*node).map(|n| &n.kind), Some(NodeKind::Resource(_))) {
            diags.push(Diagnostic::error(app.path(*node), format!("override {pointer:?} on something that is not a resource")));
        }
    }
}

/// The nodes of `stack`, depth first in insertion order.
fn stack_nodes(app: &App, stack: NodeRef) -> Vec<NodeRef> {
    let mut out = Vec::new();
    let mut todo = vec![stack];
    while let Some(n) = todo.pop() {
        out.push(n);
        if let Some(node) = app.node(n) {
            todo.extend(node.children.iter().rev());
        }
    }
    out
}

fn render_stack(
    app: &App,
    stack: NodeRef,
    ids: &[Option<String>],
    bodies: &BTreeMap<NodeRef, String>,
    diags: &mut Vec<Diagnostic>,
) -> StackArtifact {
    let stack_path = app.path(stack);
    let (kind, description, stack_name) = match app.node(stack).map(|n| &n.kind) {
        Some(NodeKind::Stack { kind, description, stack_name }) => (*kind, description.clone(), stack_name.clone()),
        _ => (StackKind::Stack, None, None),
    };
    let mut sections = Sections::default();
    let mut resources = Vec::new();
    let mut parameters = Vec::new();
    let mut outputs = Vec::new();
    let mut exports = Vec::new();
    let nodes = stack_nodes(app, stack);
    {
        let mut cx = Cx {
            app,
            ids,
            stack,
            path: String::new(),
            current: stack,
            edges: Vec::new(),
            diagnostics: diags,
            bodies,
        };
        for &node in &nodes {
            let Some(id) = ids.get(node.0).cloned().flatten() else { continue };
            cx.path = app.path(node);
            cx.current = node;
            render_node(&mut cx, node, &id, &mut sections);
            match app.node(node).map(|n| &n.kind) {
                Some(NodeKind::Resource(r)) => resources.push(InventoryRow {
                    stack: stack_path.clone(),
                    logical_id: id,
                    type_: r.type_name.clone(),
                    path: cx.path.clone(),
                    stateful: is_stateful(&r.type_name),
                }),
                Some(NodeKind::Parameter(p)) => parameters.push(ParameterInfo {
                    logical_id: id,
                    type_: p.type_.clone(),
                    default: p.default.clone(),
                    description: p.description.clone(),
                }),
                Some(NodeKind::Output(o)) => {
                    if let Some(name) = &o.export_name {
                        exports.push(name.clone());
                    }
                    outputs.push(OutputInfo {
                        logical_id: id,
                        export_name: o.export_name.clone(),
                        description: o.description.clone(),
                    });
                }
                _ => {}
            }
        }
        let edges = std::mem::take(&mut cx.edges);
        check_resource_cycles(app, &edges, cx.diagnostics);
    }

    let mut template = Map::new();
    template.insert("AWSTemplateFormatVersion".to_owned(), json!("2010-09-09"));
    if let Some(d) = &description {
        template.insert("Description".to_owned(), json!(d));
    }
    let counts = [
        ("resources", sections.resources.len(), limits::RESOURCES),
        ("parameters", sections.parameters.len(), limits::PARAMETERS),
        ("outputs", sections.outputs.len(), limits::OUTPUTS),
        ("mappings", sections.mappings.len(), limits::MAPPINGS),
    ];
    for (what, n, max) in counts {
        if n > max {
            diags.push(Diagnostic::error(stack_path.clone(), format!("{n} {what}, CloudFormation allows {max} per template")));
        }
    }
    if sections.resources.is_empty() {
        diags.push(Diagnostic::error(stack_path.clone(), "a template needs at least one resource"));
    }
    for (name, section) in [
        ("Parameters", sections.parameters),
        ("Mappings", sections.mappings),
        ("Conditions", sections.conditions),
        ("Resources", sections.resources),
        ("Outputs", sections.outputs),
    ] {
        if !section.is_empty() {
            template.insert(name.to_owned(), Json::Object(section));
        }
    }
    let mut template = Json::Object(template);
    template.sort_all_objects();
    let mut body = serde_json::to_string_pretty(&template).unwrap_or_default();
    body.push('\n');
    let compact_body = if kind == StackKind::StackSetBody { template.to_string() } else { String::new() };
    if body.len() > limits::TEMPLATE_BYTES {
        diags.push(Diagnostic::error(
            stack_path.clone(),
            format!("template is {} bytes, CloudFormation allows {}", body.len(), limits::TEMPLATE_BYTES),
        ));
    }
    let compact_len = compact_body.len();
    if compact_len > limits::INLINE_TEMPLATE_BYTES {
        diags.push(Diagnostic::error(
            stack_path.clone(),
            format!(
                "StackSet template body is {compact_len} bytes (compact), CloudFormation allows {} inline",
                limits::INLINE_TEMPLATE_BYTES
            ),
        ));
    }
    if let Some(d) = &description {
        if d.len() > limits::DESCRIPTION_BYTES {
            diags.push(Diagnostic::error(
                stack_path.clone(),
                format!("description is {} bytes, CloudFormation allows {}", d.len(), limits::DESCRIPTION_BYTES),
            ));
        }
    }
    if let Some(name) = &stack_name {
        if !is_valid_stack_name(name) {
            diags.push(Diagnostic::error(
                stack_path.clone(),
                format!("stack name {name:?} must match ^[A-Za-z][-A-Za-z0-9]{{0,127}}$"),
            ));
        }
    }
    // Sorted by logical ID, so the inventory does not move when the blueprint reorders code.
    resources.sort_by(|a, b| a.logical_id.cmp(&b.logical_id));
    let mut imports = BTreeSet::new();
    collect_imports(&template, &mut imports);
    StackArtifact {
        id: stack_path,
        kind,
        stack_name,
        description,
        template,
        body,
        compact_body,
        parameters,
        outputs,
        exports,
        imports: imports.into_iter().collect(),
        dependencies: Vec::new(),
        tags: app.tags.get(&stack).cloned().unwrap_or_default(),
        resources,
    }
}

fn is_valid_stack_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && b[0].is_ascii_alphabetic()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

/// Literal export names under `Fn::ImportValue` anywhere in `j`.
fn collect_imports(j: &Json, out: &mut BTreeSet<String>) {
    match j {
        Json::Object(m) => {
            if let Some(Json::String(name)) = m.get("Fn::ImportValue") {
                out.insert(name.clone());
            }
            m.values().for_each(|v| collect_imports(v, out));
        }
        Json::Array(items) => items.iter().for_each(|v| collect_imports(v, out)),
        _ => {}
    }
}

fn is_valid_export_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 255 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b':' || b == b'-')
}

/// Exports, imports and stack dependencies across the app.
fn link_stacks(app: &App, artifacts: &mut BTreeMap<NodeRef, StackArtifact>, diags: &mut Vec<Diagnostic>) {
    let mut exporters: BTreeMap<String, String> = BTreeMap::new();
    for a in artifacts.values() {
        for name in &a.exports {
            if !is_valid_export_name(name) {
                diags.push(Diagnostic::error(
                    a.id.clone(),
                    format!("export name {name:?} may hold only letters, digits, ':' and '-' (1 to 255)"),
                ));
            }
            if let Some(other) = exporters.insert(name.clone(), a.id.clone()) {
                diags.push(Diagnostic::error(a.id.clone(), format!("export name {name:?} is also exported by [{other}]")));
            }
        }
    }
    for (stack, a) in artifacts.iter_mut() {
        let mut deps: BTreeSet<String> = app
            .stack_deps
            .get(stack)
            .into_iter()
            .flatten()
            .filter_map(|d| app.node(*d).filter(|n| matches!(n.kind, NodeKind::Stack { .. })).map(|_| app.path(*d)))
            .collect();
        for d in app.stack_deps.get(stack).into_iter().flatten() {
            if !matches!(app.node(*d).map(|n| &n.kind), Some(NodeKind::Stack { .. })) {
                diags.push(Diagnostic::error(a.id.clone(), format!("stack dependency on {d:?}, which is not a stack")));
            }
        }
        if a.kind == StackKind::StackSetBody && !a.imports.is_empty() {
            diags.push(Diagnostic::error(
                a.id.clone(),
                "a StackSet body reaches outside itself only through parameters: Fn::ImportValue cannot be used here",
            ));
        }
        for name in &a.imports {
            match exporters.get(name) {
                Some(producer) if *producer == a.id => {
                    diags.push(Diagnostic::error(a.id.clone(), format!("imports its own export {name:?}")));
                }
                Some(producer) => {
                    deps.insert(producer.clone());
                }
                None => {}
            }
        }
        deps.remove(&a.id);
        a.dependencies = deps.into_iter().collect();
    }
    check_cycles(artifacts, diags);
}

/// Stack dependencies must form no cycle (CloudFormation would deadlock).
fn check_cycles(artifacts: &BTreeMap<NodeRef, StackArtifact>, diags: &mut Vec<Diagnostic>) {
    let deps: BTreeMap<&str, &[String]> =
        artifacts.values().map(|a| (a.id.as_str(), a.dependencies.as_slice())).collect();
    for start in deps.keys() {
        // Depth-first search from `start` for a way back to it.
        let mut todo: Vec<&str> = deps[start].iter().map(String::as_str).collect();
        let mut seen = BTreeSet::new();
        while let Some(s) = todo.pop() {
            if s == *start {
                diags.push(Diagnostic::error(*start, "stack dependencies form a cycle through this stack"));
                break;
            }
            if seen.insert(s) {
                todo.extend(deps.get(s).into_iter().flat_map(|d| d.iter().map(String::as_str)));
            }
        }
    }
}

/// Inherited tags of a node (for callers that render tags elsewhere, e.g. a manifest).
pub fn tags_of(app: &App, node: NodeRef) -> BTreeMap<String, String> {
    inherited_tags(app, node)
}

/// CloudFormation rejects a template whose resources depend on each other in a circle
/// (through `Ref`, `Fn::GetAtt`, `Fn::Sub` or `DependsOn`): report each circle found.
fn check_resource_cycles(app: &App, edges: &[(NodeRef, NodeRef)], diags: &mut Vec<Diagnostic>) {
    let mut graph: BTreeMap<NodeRef, BTreeSet<NodeRef>> = BTreeMap::new();
    for (from, to) in edges {
        if matches!(app.node(*from).map(|n| &n.kind), Some(NodeKind::Resource(_))) {
            graph.entry(*from).or_default().insert(*to);
        }
    }
    // Depth-first search; meeting a node that is still on the path closes a circle.
    let children = |n: NodeRef| -> Vec<NodeRef> {
        graph.get(&n).map(|s| s.iter().rev().copied().collect()).unwrap_or_default()
    };
    let mut finished: BTreeSet<NodeRef> = BTreeSet::new();
    for &start in graph.keys() {
        if finished.contains(&start) {
            continue;
        }
        let mut path: Vec<(NodeRef, Vec<NodeRef>)> = vec![(start, children(start))];
        while let Some((node, todo)) = path.last_mut() {
            let node = *node;
            let Some(next) = todo.pop() else {
                finished.insert(node);
                path.pop();
                continue;
            };
            if let Some(pos) = path.iter().position(|(p, _)| *p == next) {
                let circle: Vec<String> = path[pos..]
                    .iter()
                    .map(|(n, _)| *n)
                    .chain([next])
                    .map(|n| format!("[{}]", app.path(n)))
                    .collect();
                diags.push(Diagnostic::error(
                    app.path(next),
                    format!("circular dependency between resources: {}", circle.join(" -> ")),
                ));
            } else if !finished.contains(&next) {
                path.push((next, children(next)));
            }
        }
    }
}
