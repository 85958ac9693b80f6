//! Typed CloudFormation values (architecture invariant 5): a property is a literal of its
//! type or an intrinsic function, never a string with markers in it.
//!
//! OWNER: constructs-core helper. This file is the contract the generated L1 types
//! (`constructs-aws`) are written against: `Value<T>`, `ToCfn`, `RenderCx`. Extend it, but
//! keep those three names and the `ToCfn` signature stable.

use std::collections::BTreeMap;

/// A handle to a node of the construct tree (a resource, parameter, condition...), resolved
/// to its logical ID when the template is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeRef(pub usize);

/// CloudFormation pseudo parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pseudo {
    AccountId,
    Region,
    Partition,
    StackName,
    StackId,
    UrlSuffix,
    NotificationArns,
    NoValue,
}

/// One piece of an `Fn::Sub` string.
#[derive(Debug, Clone, PartialEq)]
pub enum SubPart {
    /// Literal text; `${` in it is escaped as `${!` on render.
    Text(String),
    /// `${LogicalId}` of a node.
    Ref(NodeRef),
    /// `${LogicalId.Attribute}` of a node.
    GetAtt(NodeRef, String),
    /// `${AWS::Region}` and friends.
    Pseudo(Pseudo),
}

/// An untyped CloudFormation expression: the arguments of intrinsic functions.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    String(String),
    Number(serde_json::Number),
    Bool(bool),
    List(Vec<Expr>),
    Map(BTreeMap<String, Expr>),
    Intrinsic(Box<Intrinsic>),
}

/// CloudFormation intrinsic functions and condition functions.
#[derive(Debug, Clone, PartialEq)]
pub enum Intrinsic {
    Ref(NodeRef),
    RefPseudo(Pseudo),
    GetAtt(NodeRef, String),
    Sub(Vec<SubPart>),
    Join(String, Vec<Expr>),
    Select(u32, Expr),
    Split(String, Expr),
    ImportValue(Expr),
    /// `Fn::If` on a condition node.
    If(NodeRef, Expr, Expr),
    FindInMap(NodeRef, Expr, Expr),
    Base64(Expr),
    GetAZs(Expr),
    Cidr(Expr, Expr, Expr),
    Equals(Expr, Expr),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Expr),
    Condition(NodeRef),
}

/// A property of type `T`: a literal, or an intrinsic that CloudFormation resolves.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<T> {
    Literal(T),
    Intrinsic(Box<Intrinsic>),
}

impl<T> From<T> for Value<T> {
    fn from(v: T) -> Self {
        Value::Literal(v)
    }
}

impl From<&str> for Value<String> {
    fn from(v: &str) -> Self {
        Value::Literal(v.to_owned())
    }
}

impl Intrinsic {
    /// This intrinsic as a property value of any type.
    pub fn value<T>(self) -> Value<T> {
        Value::Intrinsic(Box::new(self))
    }
}

/// What rendering needs from synthesis: logical IDs of node handles, and a record of every
/// reference (for dependencies and the cross-stack check).
pub trait RenderCx {
    /// The logical ID of `node`, as seen from the template being rendered.
    fn logical_id(&mut self, node: NodeRef) -> String;
}

/// Render into CloudFormation JSON. Generated L1 types and every value type implement it.
pub trait ToCfn {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value;
}
