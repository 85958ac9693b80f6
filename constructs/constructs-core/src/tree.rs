//! The construct tree: an arena of nodes (app root, stacks, scopes, resources, parameters,
//! outputs, conditions, mappings) addressed by path. Building it never fails: problems
//! (bad IDs, duplicates, unknown handles) are kept and reported by synthesis, all at once.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::value::{Expr, Intrinsic, NodeRef, ToCfn};

/// The construct ID that is invisible in addresses and logical IDs (wrapping a construct in
/// a scope with a `Default` child keeps its IDs).
pub const DEFAULT_ID: &str = "Default";
/// The construct ID left out of the readable part of a logical ID (the hash still sees it).
pub const RESOURCE_ID: &str = "Resource";

pub use crate::elements::{
    DeletionPolicy, Mapping, Output, Parameter, ResourceOptions, StackKind, TagShape,
    UpdateReplacePolicy,
};

/// An L1 CloudFormation resource type. Generated types implement it together with
/// [`ToCfn`], whose output is the resource's `Properties` object (only the set properties).
pub trait Resource: ToCfn + 'static {
    /// The CloudFormation type, e.g. `AWS::S3::Bucket`.
    const TYPE: &'static str;
    /// The attributes `Fn::GetAtt` may read (the schema's `readOnlyProperties`, dotted for
    /// nested ones: `Endpoint.Address`); `None` leaves GetAtt unchecked.
    const ATTRIBUTES: Option<&'static [&'static str]> = None;
    /// Where inherited tags ([`App::tag`]) go in the properties, if the type is taggable.
    const TAGS: TagShape = TagShape::None;

    /// The type of this value; a custom resource overrides it (`Custom::Name`).
    fn type_name(&self) -> &str {
        Self::TYPE
    }
}

/// A resource in the tree: its type, its typed properties and what its type declares.
pub(crate) struct ResourceNode {
    pub type_name: String,
    pub props: Box<dyn ToCfn>,
    pub attributes: Option<&'static [&'static str]>,
    pub tags: TagShape,
}

/// What a node is.
pub(crate) enum NodeKind {
    Root,
    Stack {
        kind: StackKind,
        description: Option<String>,
        stack_name: Option<String>,
    },
    Scope,
    Resource(ResourceNode),
    Parameter(Parameter),
    Output(Output),
    Condition(Expr),
    Mapping(Mapping),
}

impl NodeKind {
    /// A word for messages.
    pub fn noun(&self) -> &'static str {
        match self {
            NodeKind::Root => "the app",
            NodeKind::Stack { .. } => "a stack",
            NodeKind::Scope => "a scope",
            NodeKind::Resource(_) => "a resource",
            NodeKind::Parameter(_) => "a parameter",
            NodeKind::Output(_) => "an output",
            NodeKind::Condition(_) => "a condition",
            NodeKind::Mapping(_) => "a mapping",
        }
    }
}

pub(crate) struct Node {
    pub id: String,
    pub parent: Option<NodeRef>,
    pub children: Vec<NodeRef>,
    pub kind: NodeKind,
    /// The stack the node belongs to (itself for a stack; `None` for the root).
    pub stack: Option<NodeRef>,
}

/// The whole construct tree of one synthesis: stacks and everything in them.
///
/// Every `add_*` method returns a [`NodeRef`] handle, used as a scope for children and in
/// references (`Ref`, `GetAtt`, `Fn::If`...). Building never fails; mistakes are reported
/// by [`crate::synthesize`].
pub struct App {
    pub(crate) nodes: Vec<Node>,
    pub(crate) problems: Vec<Diagnostic>,
    pub(crate) options: BTreeMap<NodeRef, ResourceOptions>,
    pub(crate) pinned_ids: BTreeMap<NodeRef, String>,
    /// (stack, path below the stack, logical ID)
    pub(crate) renames: Vec<(NodeRef, String, String)>,
    /// (node, JSON pointer into the rendered resource, new value or removal)
    pub(crate) overrides: Vec<(NodeRef, String, Option<Expr>)>,
    /// Tags per scope, inherited by every taggable resource below.
    pub(crate) tags: BTreeMap<NodeRef, BTreeMap<String, String>>,
    pub(crate) stack_deps: BTreeMap<NodeRef, Vec<NodeRef>>,
}

impl Default for App {
    fn default() -> Self {
        App::new()
    }
}

/// True for a valid construct or logical ID: `^[A-Za-z0-9]+$`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl App {
    /// The handle of the app root.
    pub const ROOT: NodeRef = NodeRef(0);

    pub fn new() -> Self {
        App {
            nodes: vec![Node {
                id: String::new(),
                parent: None,
                children: Vec::new(),
                kind: NodeKind::Root,
                stack: None,
            }],
            problems: Vec::new(),
            options: BTreeMap::new(),
            pinned_ids: BTreeMap::new(),
            renames: Vec::new(),
            overrides: Vec::new(),
            tags: BTreeMap::new(),
            stack_deps: BTreeMap::new(),
        }
    }

    /// A plain stack with construct ID `id` (its template file is `<id>.template.json`).
    pub fn stack(&mut self, id: &str) -> NodeRef {
        self.add_stack(id, StackKind::Stack)
    }

    /// A stack whose template is a StackSet body, embedded into another stack's
    /// `AWS::CloudFormation::StackSet` with [`Intrinsic::StackBody`].
    pub fn stack_set_body(&mut self, id: &str) -> NodeRef {
        self.add_stack(id, StackKind::StackSetBody)
    }

    fn add_stack(&mut self, id: &str, kind: StackKind) -> NodeRef {
        self.add_node(
            App::ROOT,
            id,
            NodeKind::Stack {
                kind,
                description: None,
                stack_name: None,
            },
        )
    }

    /// The template's `Description`.
    pub fn set_description(&mut self, stack: NodeRef, text: &str) {
        match self.nodes.get_mut(stack.0).map(|n| &mut n.kind) {
            Some(NodeKind::Stack { description, .. }) => *description = Some(text.to_owned()),
            _ => self.misuse(stack, "set_description needs a stack"),
        }
    }

    /// The CloudFormation stack name to deploy as (default: decided by the deployer).
    pub fn set_stack_name(&mut self, stack: NodeRef, name: &str) {
        match self.nodes.get_mut(stack.0).map(|n| &mut n.kind) {
            Some(NodeKind::Stack { stack_name, .. }) => *stack_name = Some(name.to_owned()),
            _ => self.misuse(stack, "set_stack_name needs a stack"),
        }
    }

    /// Deploy `stack` after `on` (recorded in the assembly; imports add these by themselves).
    pub fn add_stack_dependency(&mut self, stack: NodeRef, on: NodeRef) {
        self.stack_deps.entry(stack).or_default().push(on);
    }

    /// A plain construct scope (a grouping level in paths and logical IDs).
    pub fn scope(&mut self, parent: NodeRef, id: &str) -> NodeRef {
        self.add_node(parent, id, NodeKind::Scope)
    }

    /// Adds the L1 resource `props` as `id` under `scope`.
    pub fn add<R: Resource>(&mut self, scope: NodeRef, id: &str, props: R) -> NodeRef {
        let type_name = props.type_name().to_owned();
        let node = ResourceNode {
            type_name,
            props: Box::new(props),
            attributes: R::ATTRIBUTES,
            tags: R::TAGS,
        };
        self.add_node(scope, id, NodeKind::Resource(node))
    }

    /// Adds a resource with its options ([`ResourceOptions`]).
    pub fn add_with<R: Resource>(
        &mut self,
        scope: NodeRef,
        id: &str,
        props: R,
        options: ResourceOptions,
    ) -> NodeRef {
        let node = self.add(scope, id, props);
        self.options.insert(node, options);
        node
    }

    /// The options of a resource, to change them after adding it.
    pub fn options(&mut self, resource: NodeRef) -> &mut ResourceOptions {
        self.options.entry(resource).or_default()
    }

    /// `DependsOn`: `resource` waits for `on`.
    pub fn depends_on(&mut self, resource: NodeRef, on: NodeRef) {
        self.options(resource).depends_on.push(on);
    }

    /// A template parameter.
    pub fn parameter(&mut self, scope: NodeRef, id: &str, parameter: Parameter) -> NodeRef {
        self.add_node(scope, id, NodeKind::Parameter(parameter))
    }

    /// A template output.
    pub fn output(&mut self, scope: NodeRef, id: &str, output: Output) -> NodeRef {
        self.add_node(scope, id, NodeKind::Output(output))
    }

    /// A condition (`Fn::Equals`, `Fn::And`... as an expression).
    pub fn condition(&mut self, scope: NodeRef, id: &str, expression: impl Into<Expr>) -> NodeRef {
        self.add_node(scope, id, NodeKind::Condition(expression.into()))
    }

    /// A mapping for `Fn::FindInMap`.
    pub fn mapping(&mut self, scope: NodeRef, id: &str, mapping: Mapping) -> NodeRef {
        self.add_node(scope, id, NodeKind::Mapping(mapping))
    }

    /// `Fn::ImportValue` of an exported output (of another stack): its export name, and the
    /// importing stack then depends on the exporting one.
    pub fn import_value(&mut self, output: NodeRef) -> Intrinsic {
        match self.nodes.get(output.0).map(|n| &n.kind) {
            Some(NodeKind::Output(Output {
                export_name: Some(name),
                ..
            })) => Intrinsic::ImportValue(Expr::String(name.clone())),
            _ => {
                self.misuse(output, "import_value needs an output with an export name");
                Intrinsic::ImportValue(Expr::String(String::new()))
            }
        }
    }

    /// Pins the logical ID of `node` (instead of the one derived from its path).
    pub fn set_logical_id(&mut self, node: NodeRef, logical_id: &str) {
        self.pinned_ids.insert(node, logical_id.to_owned());
    }

    /// Rename table, e.g. to keep a stateful resource's logical ID after moving it in the
    /// tree: the node whose path below `stack` is `from` (`Default` left out, e.g.
    /// `Lake/Bucket`), or whose derived logical ID is `from` (e.g. `LakeBucket0924C38C`),
    /// gets `logical_id`. A rename that matches no node is an error.
    pub fn rename(&mut self, stack: NodeRef, from: &str, logical_id: &str) {
        self.renames
            .push((stack, from.to_owned(), logical_id.to_owned()));
    }

    /// Escape hatch: sets the value at JSON `pointer` in the rendered resource (e.g.
    /// `/Properties/BucketName`, `/Metadata/cfn_nag`), creating objects on the way.
    pub fn add_override(&mut self, resource: NodeRef, pointer: &str, value: impl Into<Expr>) {
        self.overrides
            .push((resource, pointer.to_owned(), Some(value.into())));
    }

    /// Escape hatch: removes the value at JSON `pointer` in the rendered resource.
    pub fn remove_override(&mut self, resource: NodeRef, pointer: &str) {
        self.overrides.push((resource, pointer.to_owned(), None));
    }

    /// Tags every taggable resource under `scope` (a stack, a scope, a resource); a nearer
    /// scope wins, tags set in a resource's own properties win over inherited ones.
    pub fn tag(&mut self, scope: NodeRef, key: &str, value: &str) {
        self.tags
            .entry(scope)
            .or_default()
            .insert(key.to_owned(), value.to_owned());
    }

    /// The construct path of `node`: IDs from the stack down, `/`-separated, `Default` left
    /// out (`central/Lake/Bucket`). Empty for the root or an unknown handle.
    pub fn path(&self, node: NodeRef) -> String {
        self.components(node).join("/")
    }

    /// The path components from the stack down, without `Default`.
    pub(crate) fn components(&self, node: NodeRef) -> Vec<&str> {
        let mut out = Vec::new();
        let mut cur = Some(node);
        while let Some(n) = cur.and_then(|c| self.nodes.get(c.0)) {
            if n.parent.is_some() && n.id != DEFAULT_ID {
                out.push(n.id.as_str());
            }
            cur = n.parent;
        }
        out.reverse();
        out
    }

    /// The stack `node` belongs to.
    pub fn stack_of(&self, node: NodeRef) -> Option<NodeRef> {
        self.nodes.get(node.0).and_then(|n| n.stack)
    }

    pub(crate) fn node(&self, node: NodeRef) -> Option<&Node> {
        self.nodes.get(node.0)
    }

    fn misuse(&mut self, node: NodeRef, message: &str) {
        let path = self.path(node);
        self.problems
            .push(Diagnostic::error(path, format!("{message} (got {node:?})")));
    }

    fn add_node(&mut self, parent: NodeRef, id: &str, kind: NodeKind) -> NodeRef {
        let me = NodeRef(self.nodes.len());
        let (parent, stack) = match self.nodes.get(parent.0) {
            None => {
                self.problems.push(Diagnostic::error(
                    id,
                    format!("parent {parent:?} is not a node of this app"),
                ));
                (App::ROOT, None)
            }
            Some(p) => (parent, p.stack),
        };
        let is_stack = matches!(kind, NodeKind::Stack { .. });
        let stack = if is_stack { Some(me) } else { stack };
        let parent_is_root = parent == App::ROOT;
        let duplicate = self.nodes[parent.0]
            .children
            .iter()
            .any(|c| self.nodes[c.0].id == id);
        self.nodes.push(Node {
            id: id.to_owned(),
            parent: Some(parent),
            children: Vec::new(),
            kind,
            stack,
        });
        self.nodes[parent.0].children.push(me);
        // After the push, so messages show the new node's own path.
        let path = self.path(me);
        if !is_valid_id(id) {
            self.problems.push(Diagnostic::error(
                path.clone(),
                format!("invalid construct ID {id:?}: IDs must match ^[A-Za-z0-9]+$"),
            ));
        }
        if is_stack && !parent_is_root {
            self.problems.push(Diagnostic::error(
                path.clone(),
                "a stack must be a child of the app",
            ));
        }
        if !is_stack && parent_is_root {
            self.problems.push(Diagnostic::error(
                path.clone(),
                "only stacks can be children of the app",
            ));
        }
        if duplicate {
            self.problems.push(Diagnostic::error(
                path,
                format!("duplicate construct ID {id:?} in this scope"),
            ));
        }
        me
    }
}
