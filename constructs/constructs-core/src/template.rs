//! Rendering one stack's template: the render context that resolves node handles to logical
//! IDs (checking kind and stack), and the template sections.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value as Json};

use crate::diagnostics::Diagnostic;
use crate::tree::{
    App, DeletionPolicy, NodeKind, Output, Parameter, TagShape, UpdateReplacePolicy,
};
use crate::value::{NodeRef, RenderCx, ToCfn, Usage};

/// Resolves references while one stack renders; collects diagnostics at the current path.
pub(crate) struct Cx<'a> {
    pub app: &'a App,
    pub ids: &'a [Option<String>],
    pub stack: NodeRef,
    /// Path of the node being rendered (for messages).
    pub path: String,
    /// The node being rendered.
    pub current: NodeRef,
    /// References between resources of this stack (from, to), for the cycle check.
    pub edges: Vec<(NodeRef, NodeRef)>,
    /// Literal export names this stack imports.
    pub imports: BTreeSet<String>,
    pub diagnostics: &'a mut Vec<Diagnostic>,
    /// Compact bodies of the StackSet-body stacks rendered so far.
    pub bodies: &'a BTreeMap<NodeRef, String>,
}

impl Cx<'_> {
    fn err(&mut self, message: String) {
        self.diagnostics
            .push(Diagnostic::error(self.path.clone(), message));
    }
}

impl RenderCx for Cx<'_> {
    fn logical_id(&mut self, node: NodeRef) -> String {
        self.reference(node, Usage::Ref)
    }

    fn reference(&mut self, node: NodeRef, usage: Usage<'_>) -> String {
        let Some(target) = self.app.node(node) else {
            self.err(format!(
                "reference to {node:?}, which is not a node of this app"
            ));
            return "UnknownNode".to_owned();
        };
        let app = self.app;
        let target_path = || app.path(node);
        let ok = match (&target.kind, usage) {
            (NodeKind::Resource(_) | NodeKind::Parameter(_), Usage::Ref) => true,
            (NodeKind::Resource(r), Usage::GetAtt(attr)) => {
                if let Some(known) = r.attributes {
                    if !known.contains(&attr) {
                        let has = if known.is_empty() {
                            "it has none".to_owned()
                        } else {
                            format!("it has: {}", known.join(", "))
                        };
                        self.err(format!(
                            "[{}] ({}) has no attribute {attr:?} for Fn::GetAtt; {has}",
                            target_path(),
                            r.type_name,
                        ));
                    }
                }
                true
            }
            (NodeKind::Resource(_), Usage::DependsOn) => true,
            (NodeKind::Condition(_), Usage::Condition) => true,
            (NodeKind::Mapping(_), Usage::Mapping) => true,
            _ => false,
        };
        if !ok {
            let wanted = match usage {
                Usage::Ref => "Ref needs a resource or a parameter",
                Usage::GetAtt(_) => "Fn::GetAtt needs a resource",
                Usage::Condition => "a condition reference needs a condition",
                Usage::Mapping => "Fn::FindInMap needs a mapping",
                Usage::DependsOn => "DependsOn needs a resource",
            };
            self.err(format!(
                "{wanted}, but [{}] is {}",
                target_path(),
                target.kind.noun()
            ));
        }
        if target.stack != Some(self.stack) {
            let other = target.stack.map(|s| self.app.path(s)).unwrap_or_default();
            self.err(format!(
                "refers to [{}] in another stack ({other}); references do not cross \
                 stacks implicitly: add an Output with an explicit export name in {other} and \
                 use App::import_value here, or pass the value in as a Parameter",
                target_path()
            ));
        } else if matches!(target.kind, NodeKind::Resource(_)) {
            self.edges.push((self.current, node));
        }
        self.ids
            .get(node.0)
            .cloned()
            .flatten()
            .unwrap_or_else(|| "InvalidLogicalId".to_owned())
    }

    fn error(&mut self, message: String) {
        self.err(message);
    }

    fn imported(&mut self, name: &Json) {
        // A name computed at deploy time gives no dependency to record.
        if let Json::String(name) = name {
            self.imports.insert(name.clone());
        }
    }

    fn stack_body(&mut self, stack: NodeRef) -> String {
        match self.app.node(stack).map(|n| &n.kind) {
            Some(NodeKind::Stack {
                kind: crate::StackKind::StackSetBody,
                ..
            }) => {}
            _ => {
                let p = self.app.path(stack);
                self.err(format!("StackBody needs a StackSet-body stack, got [{p}]"));
                return String::new();
            }
        }
        match self.bodies.get(&stack) {
            Some(body) => body.clone(),
            None => {
                let p = self.app.path(stack);
                self.err(format!(
                    "the body of [{p}] is not available: a StackSet body cannot embed another one"
                ));
                String::new()
            }
        }
    }
}

/// The template sections of a stack, each keyed by logical ID.
#[derive(Default)]
pub(crate) struct Sections {
    pub parameters: Map<String, Json>,
    pub mappings: Map<String, Json>,
    pub conditions: Map<String, Json>,
    pub resources: Map<String, Json>,
    pub outputs: Map<String, Json>,
}

/// Renders `node` (already known to be in the stack) into its section.
pub(crate) fn render_node(cx: &mut Cx<'_>, node: NodeRef, logical_id: &str, out: &mut Sections) {
    let app = cx.app;
    let Some(n) = app.node(node) else { return };
    match &n.kind {
        NodeKind::Resource(r) => {
            let mut obj = Map::new();
            obj.insert("Type".to_owned(), Json::String(r.type_name.clone()));
            let mut props = r.props.to_cfn(cx);
            if !props.is_object() {
                cx.err(format!(
                    "the properties of {} rendered to {props}, not an object",
                    r.type_name
                ));
                props = Json::Object(Map::new());
            }
            apply_tags(app, node, r.tags, &mut props);
            if props.as_object().is_some_and(|m| !m.is_empty()) {
                obj.insert("Properties".to_owned(), props);
            }
            if let Some(opts) = app.options.get(&node) {
                render_options(cx, opts, &mut obj);
            }
            let mut resource = Json::Object(obj);
            for (target, pointer, value) in &app.overrides {
                if *target == node {
                    let value = value.as_ref().map(|v| v.to_cfn(cx));
                    if let Err(e) = apply_override(&mut resource, pointer, value) {
                        cx.err(format!("override {pointer:?}: {e}"));
                    }
                }
            }
            out.resources.insert(logical_id.to_owned(), resource);
        }
        NodeKind::Parameter(p) => {
            check_parameter(cx, p);
            out.parameters
                .insert(logical_id.to_owned(), render_parameter(p));
        }
        NodeKind::Output(o) => {
            let j = render_output(cx, o);
            out.outputs.insert(logical_id.to_owned(), j);
        }
        NodeKind::Condition(e) => {
            if !e.is_condition() {
                cx.err(
                    "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition"
                        .to_owned(),
                );
            }
            let j = e.to_cfn(cx);
            out.conditions.insert(logical_id.to_owned(), j);
        }
        NodeKind::Mapping(m) => {
            out.mappings.insert(logical_id.to_owned(), json!(m));
        }
        NodeKind::Root | NodeKind::Stack { .. } | NodeKind::Scope => {}
    }
}

fn render_options(cx: &mut Cx<'_>, opts: &crate::ResourceOptions, obj: &mut Map<String, Json>) {
    if !opts.depends_on.is_empty() {
        let mut ids: Vec<String> = opts
            .depends_on
            .iter()
            .map(|d| cx.reference(*d, Usage::DependsOn))
            .collect();
        ids.sort();
        ids.dedup();
        obj.insert("DependsOn".to_owned(), json!(ids));
    }
    if let Some(p) = opts.deletion_policy {
        let s = match p {
            DeletionPolicy::Delete => "Delete",
            DeletionPolicy::Retain => "Retain",
            DeletionPolicy::RetainExceptOnCreate => "RetainExceptOnCreate",
            DeletionPolicy::Snapshot => "Snapshot",
        };
        obj.insert("DeletionPolicy".to_owned(), json!(s));
    }
    if let Some(p) = opts.update_replace_policy {
        let s = match p {
            UpdateReplacePolicy::Delete => "Delete",
            UpdateReplacePolicy::Retain => "Retain",
            UpdateReplacePolicy::Snapshot => "Snapshot",
        };
        obj.insert("UpdateReplacePolicy".to_owned(), json!(s));
    }
    if let Some(c) = opts.condition {
        obj.insert(
            "Condition".to_owned(),
            json!(cx.reference(c, Usage::Condition)),
        );
    }
    if !opts.metadata.is_empty() {
        let m = opts.metadata.to_cfn(cx);
        obj.insert("Metadata".to_owned(), m);
    }
    if let Some(p) = &opts.creation_policy {
        let j = p.to_cfn(cx);
        obj.insert("CreationPolicy".to_owned(), j);
    }
    if let Some(p) = &opts.update_policy {
        let j = p.to_cfn(cx);
        obj.insert("UpdatePolicy".to_owned(), j);
    }
}

/// Parameter types CloudFormation knows: the basic ones, `AWS::...` specific types and
/// SSM parameter types, and lists of those.
fn check_parameter(cx: &mut Cx<'_>, p: &Parameter) {
    let t = p.type_.as_str();
    let known = matches!(
        t,
        "String" | "Number" | "List<Number>" | "CommaDelimitedList"
    ) || t.starts_with("AWS::")
        || t.starts_with("List<AWS::");
    if !known {
        cx.err(format!("unknown parameter type {t:?}"));
    }
    if let Some(d) = &p.default {
        if !p.allowed_values.is_empty() && !p.allowed_values.contains(d) {
            cx.err(format!(
                "default {d:?} is not one of the allowed values {:?}",
                p.allowed_values
            ));
        }
    }
}

fn render_parameter(p: &Parameter) -> Json {
    let mut m = Map::new();
    m.insert("Type".to_owned(), json!(p.type_));
    let mut put = |k: &str, v: Json| {
        m.insert(k.to_owned(), v);
    };
    if let Some(d) = &p.description {
        put("Description", json!(d));
    }
    if let Some(d) = &p.default {
        put("Default", json!(d));
    }
    if !p.allowed_values.is_empty() {
        put("AllowedValues", json!(p.allowed_values));
    }
    if let Some(v) = &p.allowed_pattern {
        put("AllowedPattern", json!(v));
    }
    if let Some(v) = &p.constraint_description {
        put("ConstraintDescription", json!(v));
    }
    if let Some(v) = p.min_length {
        put("MinLength", json!(v));
    }
    if let Some(v) = p.max_length {
        put("MaxLength", json!(v));
    }
    if let Some(v) = p.min_value {
        put("MinValue", json!(v));
    }
    if let Some(v) = p.max_value {
        put("MaxValue", json!(v));
    }
    if p.no_echo {
        put("NoEcho", json!(true));
    }
    Json::Object(m)
}

fn render_output(cx: &mut Cx<'_>, o: &Output) -> Json {
    let mut m = Map::new();
    m.insert("Value".to_owned(), o.value.to_cfn(cx));
    if let Some(d) = &o.description {
        m.insert("Description".to_owned(), json!(d));
    }
    if let Some(name) = &o.export_name {
        m.insert("Export".to_owned(), json!({ "Name": name }));
    }
    if let Some(c) = o.condition {
        m.insert(
            "Condition".to_owned(),
            json!(cx.reference(c, Usage::Condition)),
        );
    }
    Json::Object(m)
}

/// The tags `node` inherits: its ancestors' and its own, the nearest winning.
pub(crate) fn inherited_tags(app: &App, node: NodeRef) -> BTreeMap<String, String> {
    let mut chain = Vec::new();
    let mut cur = Some(node);
    while let Some(c) = cur {
        chain.push(c);
        cur = app.node(c).and_then(|n| n.parent);
    }
    let mut tags = BTreeMap::new();
    for scope in chain.iter().rev() {
        if let Some(t) = app.tags.get(scope) {
            tags.extend(t.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    tags
}

/// Merges inherited tags into the `Tags` property; tags the properties set win. A list is
/// sorted by key for stable output.
fn apply_tags(app: &App, node: NodeRef, shape: TagShape, props: &mut Json) {
    if shape == TagShape::None {
        return;
    }
    let inherited = inherited_tags(app, node);
    let Some(obj) = props.as_object_mut() else {
        return;
    };
    if inherited.is_empty() && !obj.contains_key("Tags") {
        return;
    }
    match shape {
        TagShape::None => {}
        TagShape::List => {
            let entry = obj.entry("Tags").or_insert_with(|| Json::Array(Vec::new()));
            let Some(list) = entry.as_array_mut() else {
                return;
            };
            for (k, v) in &inherited {
                if !list
                    .iter()
                    .any(|t| t.get("Key").and_then(Json::as_str) == Some(k))
                {
                    list.push(json!({ "Key": k, "Value": v }));
                }
            }
            // Tags with an intrinsic key sort first, in their given order.
            list.sort_by(|a, b| {
                let ka = a.get("Key").and_then(Json::as_str);
                let kb = b.get("Key").and_then(Json::as_str);
                ka.cmp(&kb)
            });
        }
        TagShape::Map => {
            let entry = obj
                .entry("Tags")
                .or_insert_with(|| Json::Object(Map::new()));
            let Some(map) = entry.as_object_mut() else {
                return;
            };
            for (k, v) in &inherited {
                map.entry(k.clone()).or_insert_with(|| json!(v));
            }
        }
    }
}

/// Sets (or with `None` removes) the value at JSON `pointer` (RFC 6901) in `root`, creating
/// objects on the way; an array index must exist, or be `-` / the length to append.
pub(crate) fn apply_override(
    root: &mut Json,
    pointer: &str,
    value: Option<Json>,
) -> Result<(), String> {
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err("a JSON pointer must start with '/'".to_owned());
    };
    let tokens: Vec<String> = rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let (last, parents) = tokens.split_last().ok_or("empty pointer")?;
    let mut cur = root;
    for token in parents {
        cur = match cur {
            Json::Object(map) => {
                if value.is_none() && !map.contains_key(token) {
                    return Err(format!("nothing at {token:?} to remove"));
                }
                map.entry(token.clone())
                    .or_insert_with(|| Json::Object(Map::new()))
            }
            Json::Array(list) => {
                let i = index(token, list.len())?;
                list.get_mut(i)
                    .ok_or_else(|| format!("index {i} is past the end of the array"))?
            }
            other => return Err(format!("cannot descend into {other} at {token:?}")),
        };
    }
    match (cur, value) {
        (Json::Object(map), Some(v)) => {
            map.insert(last.clone(), v);
        }
        (Json::Object(map), None) => {
            map.remove(last)
                .ok_or_else(|| format!("nothing at {last:?} to remove"))?;
        }
        (Json::Array(list), Some(v)) => {
            let i = if last == "-" {
                list.len()
            } else {
                index(last, list.len())?
            };
            if i == list.len() {
                list.push(v);
            } else if let Some(slot) = list.get_mut(i) {
                *slot = v;
            } else {
                return Err(format!("index {i} is past the end of the array"));
            }
        }
        (Json::Array(list), None) => {
            let i = index(last, list.len())?;
            if i >= list.len() {
                return Err(format!("index {i} is past the end of the array"));
            }
            list.remove(i);
        }
        (other, _) => return Err(format!("cannot set {last:?} inside {other}")),
    }
    Ok(())
}

fn index(token: &str, len: usize) -> Result<usize, String> {
    if token == "-" {
        return Ok(len);
    }
    // RFC 6901: no leading zeros, digits only.
    if token.is_empty()
        || (token.len() > 1 && token.starts_with('0'))
        || !token.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(format!("{token:?} is not an array index"));
    }
    token
        .parse()
        .map_err(|_| format!("{token:?} is not an array index"))
}
