//! Synthesis: validate -> resolve logical IDs -> render -> check limits. A pure function of
//! the app; returns the assembly and every diagnostic at once.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value as Json};

use crate::assembly::{
    is_stateful, Assembly, InventoryRow, OutputInfo, ParameterInfo, StackArtifact,
};
use crate::diagnostics::Diagnostic;
use crate::links::{check_resource_cycles, is_valid_stack_name, link_stacks};
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
        .chain(
            stacks
                .iter()
                .filter(|s| !is_kind(app, **s, StackKind::StackSetBody)),
        );
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
        if renames
            .insert((*stack, path.clone()), (id.as_str(), false))
            .is_some()
        {
            diags.push(Diagnostic::error(
                app.path(*stack),
                format!("rename of {path:?} is given twice"),
            ));
        }
    }
    let mut ids = vec![None; app.nodes.len()];
    let mut seen: BTreeMap<(NodeRef, Namespace, String), NodeRef> = BTreeMap::new();
    for (i, node) in app.nodes.iter().enumerate() {
        let me = NodeRef(i);
        let (Some(ns), Some(stack)) = (namespace(&node.kind), node.stack) else {
            continue;
        };
        let components = app.components(me);
        let below = components.get(1..).unwrap_or_default();
        let path = components.join("/");
        // Derived IDs are valid whenever the construct IDs are (those are checked when
        // added); pinned and renamed ones are checked here.
        let derived = logical_id::derive(below);
        let renamed = match renames.get_mut(&(stack, below.join("/"))) {
            Some(hit) => Some(hit),
            None => derived
                .as_ref()
                .and_then(|d| renames.get_mut(&(stack, d.clone()))),
        };
        let (id, given) = if let Some(pinned) = app.pinned_ids.get(&me) {
            (Some(pinned.clone()), true)
        } else if let Some((id, used)) = renamed {
            *used = true;
            (Some((*id).to_owned()), true)
        } else {
            (derived, false)
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
                format!("unused rename {path:?} -> {id}: no node has that path or derived logical ID in this stack"),
            ));
        }
    }
    ids
}

/// Resource options belong to resources only.
fn check_options(app: &App, diags: &mut Vec<Diagnostic>) {
    for node in app.options.keys() {
        if !matches!(
            app.node(*node).map(|n| &n.kind),
            Some(NodeKind::Resource(_))
        ) {
            diags.push(Diagnostic::error(
                app.path(*node),
                "resource options set on something that is not a resource",
            ));
        }
    }
    for (node, pointer, _) in &app.overrides {
        if !matches!(
            app.node(*node).map(|n| &n.kind),
            Some(NodeKind::Resource(_))
        ) {
            diags.push(Diagnostic::error(
                app.path(*node),
                format!("override {pointer:?} on something that is not a resource"),
            ));
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

/// What rendering a stack's nodes gives, beside the template sections.
#[derive(Default)]
struct Rendered {
    sections: Sections,
    resources: Vec<InventoryRow>,
    parameters: Vec<ParameterInfo>,
    outputs: Vec<OutputInfo>,
    exports: Vec<String>,
    imports: BTreeSet<String>,
}

/// Renders every node of `stack` into its section and records what the manifest needs.
fn render_nodes(
    app: &App,
    stack: NodeRef,
    ids: &[Option<String>],
    bodies: &BTreeMap<NodeRef, String>,
    diags: &mut Vec<Diagnostic>,
) -> Rendered {
    let stack_path = app.path(stack);
    let mut out = Rendered::default();
    let mut cx = Cx {
        app,
        ids,
        stack,
        path: String::new(),
        current: stack,
        edges: Vec::new(),
        imports: BTreeSet::new(),
        diagnostics: diags,
        bodies,
    };
    for node in stack_nodes(app, stack) {
        let Some(id) = ids.get(node.0).cloned().flatten() else {
            continue;
        };
        cx.path = app.path(node);
        cx.current = node;
        render_node(&mut cx, node, &id, &mut out.sections);
        match app.node(node).map(|n| &n.kind) {
            Some(NodeKind::Resource(r)) => out.resources.push(InventoryRow {
                stack: stack_path.clone(),
                logical_id: id,
                type_: r.type_name.clone(),
                path: cx.path.clone(),
                stateful: is_stateful(&r.type_name),
            }),
            Some(NodeKind::Parameter(p)) => out.parameters.push(ParameterInfo {
                logical_id: id,
                type_: p.type_.clone(),
                default: p.default.clone(),
                description: p.description.clone(),
            }),
            Some(NodeKind::Output(o)) => {
                out.exports.extend(o.export_name.clone());
                out.outputs.push(OutputInfo {
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
    out.imports = std::mem::take(&mut cx.imports);
    // Sorted by logical ID, so the inventory does not move when the blueprint reorders code.
    out.resources
        .sort_by(|a, b| a.logical_id.cmp(&b.logical_id));
    out
}

/// Section counts against CloudFormation's limits.
fn check_counts(sections: &Sections, stack_path: &str, diags: &mut Vec<Diagnostic>) {
    let counts = [
        ("resources", sections.resources.len(), limits::RESOURCES),
        ("parameters", sections.parameters.len(), limits::PARAMETERS),
        ("outputs", sections.outputs.len(), limits::OUTPUTS),
        ("mappings", sections.mappings.len(), limits::MAPPINGS),
    ];
    for (what, n, max) in counts {
        if n > max {
            diags.push(Diagnostic::error(
                stack_path,
                format!("{n} {what}, CloudFormation allows {max} per template"),
            ));
        }
    }
    if sections.resources.is_empty() {
        diags.push(Diagnostic::error(
            stack_path,
            "a template needs at least one resource",
        ));
    }
}

/// The template document: version, description and the non-empty sections, keys sorted.
fn assemble(description: Option<&str>, sections: Sections) -> Json {
    let mut template = Map::new();
    template.insert("AWSTemplateFormatVersion".to_owned(), json!("2010-09-09"));
    if let Some(d) = description {
        template.insert("Description".to_owned(), json!(d));
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
    // A no-op unless some crate turns on serde_json's `preserve_order`: keys stay sorted.
    template.sort_all_objects();
    template
}

/// Sizes and names against CloudFormation's limits.
fn check_sizes(artifact: &StackArtifact, diags: &mut Vec<Diagnostic>) {
    let path = artifact.id.as_str();
    if artifact.body.len() > limits::TEMPLATE_BYTES {
        diags.push(Diagnostic::error(
            path,
            format!(
                "template is {} bytes, CloudFormation allows {}",
                artifact.body.len(),
                limits::TEMPLATE_BYTES
            ),
        ));
    }
    let compact_len = artifact.compact_body.len();
    if compact_len > limits::INLINE_TEMPLATE_BYTES {
        diags.push(Diagnostic::error(
            path,
            format!(
                "StackSet template body is {compact_len} bytes (compact), CloudFormation allows {} inline",
                limits::INLINE_TEMPLATE_BYTES
            ),
        ));
    }
    if let Some(d) = &artifact.description {
        if d.len() > limits::DESCRIPTION_BYTES {
            diags.push(Diagnostic::error(
                path,
                format!(
                    "description is {} bytes, CloudFormation allows {}",
                    d.len(),
                    limits::DESCRIPTION_BYTES
                ),
            ));
        }
    }
    if let Some(name) = &artifact.stack_name {
        if !is_valid_stack_name(name) {
            diags.push(Diagnostic::error(
                path,
                format!("stack name {name:?} must match ^[A-Za-z][-A-Za-z0-9]{{0,127}}$"),
            ));
        }
    }
}

/// Renders one stack into its artifact.
fn render_stack(
    app: &App,
    stack: NodeRef,
    ids: &[Option<String>],
    bodies: &BTreeMap<NodeRef, String>,
    diags: &mut Vec<Diagnostic>,
) -> StackArtifact {
    let stack_path = app.path(stack);
    let (kind, description, stack_name) = match app.node(stack).map(|n| &n.kind) {
        Some(NodeKind::Stack {
            kind,
            description,
            stack_name,
        }) => (*kind, description.clone(), stack_name.clone()),
        _ => (StackKind::Stack, None, None),
    };
    let rendered = render_nodes(app, stack, ids, bodies, diags);
    check_counts(&rendered.sections, &stack_path, diags);
    let template = assemble(description.as_deref(), rendered.sections);
    let mut body = serde_json::to_string_pretty(&template).unwrap_or_default();
    body.push('\n');
    let compact_body = if kind == StackKind::StackSetBody {
        template.to_string()
    } else {
        String::new()
    };
    let artifact = StackArtifact {
        id: stack_path,
        kind,
        stack_name,
        description,
        template,
        body,
        compact_body,
        parameters: rendered.parameters,
        outputs: rendered.outputs,
        exports: rendered.exports,
        imports: rendered.imports.into_iter().collect(),
        dependencies: Vec::new(),
        tags: app.tags.get(&stack).cloned().unwrap_or_default(),
        resources: rendered.resources,
    };
    check_sizes(&artifact, diags);
    artifact
}

/// Inherited tags of a node (for callers that render tags elsewhere, e.g. a manifest).
pub fn tags_of(app: &App, node: NodeRef) -> BTreeMap<String, String> {
    inherited_tags(app, node)
}
