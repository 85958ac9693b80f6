//! Typed CloudFormation values (architecture invariant 5): a property is a literal of its
//! type or an intrinsic function, never a string with markers in it.
//!
//! OWNER: constructs-core helper. This file is the contract the generated L1 types
//! (`constructs-aws`) are written against: `Value<T>`, `ToCfn`, `RenderCx`. Extend it, but
//! keep those three names and the `ToCfn` signature stable.

use std::collections::BTreeMap;

use serde_json::json;

/// The `Fn::Sub` builder lives in its own module; re-exported here beside the values.
pub use crate::sub::Sub;

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

impl Pseudo {
    /// The name CloudFormation knows it by, e.g. `AWS::Region`.
    pub fn name(self) -> &'static str {
        match self {
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::Region => "AWS::Region",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::StackId => "AWS::StackId",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
            Pseudo::NotificationArns => "AWS::NotificationARNs",
            Pseudo::NoValue => "AWS::NoValue",
        }
    }

    /// The pseudo parameter called `name` (`AWS::Region`...), if there is one.
    pub fn from_name(name: &str) -> Option<Pseudo> {
        Some(match name {
            "AWS::AccountId" => Pseudo::AccountId,
            "AWS::Region" => Pseudo::Region,
            "AWS::Partition" => Pseudo::Partition,
            "AWS::StackName" => Pseudo::StackName,
            "AWS::StackId" => Pseudo::StackId,
            "AWS::URLSuffix" => Pseudo::UrlSuffix,
            "AWS::NotificationARNs" => Pseudo::NotificationArns,
            "AWS::NoValue" => Pseudo::NoValue,
            _ => return None,
        })
    }
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

/// An untyped CloudFormation expression: the arguments of intrinsic functions, JSON
/// documents that hold intrinsics (policy documents), outputs, metadata.
///
/// Build one from plain JSON with `Expr::from(serde_json::json!(..))`, from strings,
/// numbers and booleans with `.into()`, and objects with [`Expr::map`].
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    String(String),
    Number(serde_json::Number),
    Bool(bool),
    List(Vec<Expr>),
    Map(BTreeMap<String, Expr>),
    Intrinsic(Box<Intrinsic>),
    /// JSON `null` (rarely useful; here so every JSON document converts).
    Null,
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
    /// Not a CloudFormation function: resolved at synthesis to the compact JSON body of a
    /// StackSet-body stack of the same app (for `AWS::CloudFormation::StackSet`
    /// `TemplateBody`).
    StackBody(NodeRef),
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

impl<T> Value<T> {
    /// `{"Ref": node}`.
    pub fn ref_(node: NodeRef) -> Self {
        Intrinsic::Ref(node).value()
    }

    /// `{"Fn::GetAtt": [node, attribute]}`.
    pub fn get_att(node: NodeRef, attribute: &str) -> Self {
        Intrinsic::GetAtt(node, attribute.to_owned()).value()
    }

    /// `{"Ref": "AWS::..."}`.
    pub fn pseudo(p: Pseudo) -> Self {
        Intrinsic::RefPseudo(p).value()
    }

    /// The literal, if this is one.
    pub fn literal(&self) -> Option<&T> {
        match self {
            Value::Literal(v) => Some(v),
            Value::Intrinsic(_) => None,
        }
    }
}

impl Intrinsic {
    /// This intrinsic as a property value of any type.
    pub fn value<T>(self) -> Value<T> {
        Value::Intrinsic(Box::new(self))
    }

    /// This intrinsic as an untyped expression.
    pub fn expr(self) -> Expr {
        Expr::Intrinsic(Box::new(self))
    }

    /// `Fn::Join` of `parts` with `delimiter`.
    pub fn join(delimiter: &str, parts: impl IntoIterator<Item = impl Into<Expr>>) -> Self {
        Intrinsic::Join(
            delimiter.to_owned(),
            parts.into_iter().map(Into::into).collect(),
        )
    }

    /// `Fn::Select` of element `index` of `list`.
    pub fn select(index: u32, list: impl Into<Expr>) -> Self {
        Intrinsic::Select(index, list.into())
    }

    /// `Fn::Split` of `source` on `delimiter`.
    pub fn split(delimiter: &str, source: impl Into<Expr>) -> Self {
        Intrinsic::Split(delimiter.to_owned(), source.into())
    }

    /// `Fn::ImportValue` of an export name (prefer [`crate::App::import_value`], which takes
    /// the exporting output's handle).
    pub fn import_value(name: impl Into<Expr>) -> Self {
        Intrinsic::ImportValue(name.into())
    }

    /// `Fn::If` on the condition node `condition`.
    pub fn if_(condition: NodeRef, then: impl Into<Expr>, otherwise: impl Into<Expr>) -> Self {
        Intrinsic::If(condition, then.into(), otherwise.into())
    }

    /// `Fn::FindInMap` in the mapping node `mapping`.
    pub fn find_in_map(mapping: NodeRef, top: impl Into<Expr>, second: impl Into<Expr>) -> Self {
        Intrinsic::FindInMap(mapping, top.into(), second.into())
    }

    /// `Fn::Base64`.
    pub fn base64(e: impl Into<Expr>) -> Self {
        Intrinsic::Base64(e.into())
    }

    /// `Fn::GetAZs` of `region` (`""` = the stack's region).
    pub fn get_azs(region: impl Into<Expr>) -> Self {
        Intrinsic::GetAZs(region.into())
    }

    /// `Fn::Cidr`.
    pub fn cidr(block: impl Into<Expr>, count: impl Into<Expr>, bits: impl Into<Expr>) -> Self {
        Intrinsic::Cidr(block.into(), count.into(), bits.into())
    }

    /// `Fn::Equals`.
    pub fn equals(a: impl Into<Expr>, b: impl Into<Expr>) -> Self {
        Intrinsic::Equals(a.into(), b.into())
    }

    /// `Fn::And` (2 to 10 conditions).
    pub fn and(items: impl IntoIterator<Item = impl Into<Expr>>) -> Self {
        Intrinsic::And(items.into_iter().map(Into::into).collect())
    }

    /// `Fn::Or` (2 to 10 conditions).
    pub fn or(items: impl IntoIterator<Item = impl Into<Expr>>) -> Self {
        Intrinsic::Or(items.into_iter().map(Into::into).collect())
    }

    /// `Fn::Not`.
    pub fn not(e: impl Into<Expr>) -> Self {
        Intrinsic::Not(e.into())
    }
}

impl NodeRef {
    /// `{"Ref": this}`.
    pub fn ref_(self) -> Intrinsic {
        Intrinsic::Ref(self)
    }

    /// `{"Fn::GetAtt": [this, attribute]}`.
    pub fn get_att(self, attribute: &str) -> Intrinsic {
        Intrinsic::GetAtt(self, attribute.to_owned())
    }

    /// `{"Condition": this}` (inside condition functions).
    pub fn condition(self) -> Intrinsic {
        Intrinsic::Condition(self)
    }
}

impl Expr {
    /// An object from `(key, value)` pairs.
    pub fn map<K: Into<String>, V: Into<Expr>>(entries: impl IntoIterator<Item = (K, V)>) -> Self {
        Expr::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// A list.
    pub fn list<V: Into<Expr>>(items: impl IntoIterator<Item = V>) -> Self {
        Expr::List(items.into_iter().map(Into::into).collect())
    }
}

/// How a rendered reference uses its node (so synthesis can check the node's kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage<'a> {
    /// `Ref` or `${Id}`: a resource or a parameter.
    Ref,
    /// `Fn::GetAtt` or `${Id.Attr}`: a resource attribute.
    GetAtt(&'a str),
    /// `Fn::If`, `Condition`, a resource's `Condition`: a condition.
    Condition,
    /// `Fn::FindInMap`: a mapping.
    Mapping,
    /// `DependsOn`: a resource.
    DependsOn,
}

/// What rendering needs from synthesis: logical IDs of node handles, and a record of every
/// reference (for dependencies and the cross-stack check).
pub trait RenderCx {
    /// The logical ID of `node`, as seen from the template being rendered.
    fn logical_id(&mut self, node: NodeRef) -> String;

    /// The logical ID of `node` used as `usage`; synthesis checks the node's kind, its stack
    /// and attribute names. Defaults to [`RenderCx::logical_id`].
    fn reference(&mut self, node: NodeRef, usage: Usage<'_>) -> String {
        let _ = usage;
        self.logical_id(node)
    }

    /// Reports a problem found while rendering (e.g. a NaN number); synthesis turns it into an
    /// error diagnostic at the path being rendered.
    fn error(&mut self, message: String) {
        let _ = message;
    }

    /// Called with the rendered name of every `Fn::ImportValue`; synthesis records literal
    /// names as the stack's imports (and so its dependencies on the exporting stacks).
    fn imported(&mut self, name: &serde_json::Value) {
        let _ = name;
    }

    /// The compact JSON body of the StackSet-body stack `stack`.
    fn stack_body(&mut self, stack: NodeRef) -> String {
        self.error(format!("stack body of {stack:?} is not available here"));
        String::new()
    }
}

/// Render into CloudFormation JSON. Generated L1 types and every value type implement it.
pub trait ToCfn {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value;
}

// ---------------------------------------------------------------------------------------
// ToCfn for primitive and container types.

impl ToCfn for str {
    fn to_cfn(&self, _: &mut dyn RenderCx) -> serde_json::Value {
        serde_json::Value::String(self.to_owned())
    }
}

impl ToCfn for String {
    fn to_cfn(&self, _: &mut dyn RenderCx) -> serde_json::Value {
        serde_json::Value::String(self.clone())
    }
}

impl ToCfn for bool {
    fn to_cfn(&self, _: &mut dyn RenderCx) -> serde_json::Value {
        serde_json::Value::Bool(*self)
    }
}

macro_rules! int_to_cfn {
    ($($t:ty),*) => {$(
        impl ToCfn for $t {
            fn to_cfn(&self, _: &mut dyn RenderCx) -> serde_json::Value {
                serde_json::Value::from(*self)
            }
        }
    )*};
}
int_to_cfn!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

impl ToCfn for f64 {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
        match serde_json::Number::from_f64(*self) {
            Some(n) => serde_json::Value::Number(n),
            None => {
                cx.error(format!("the number {self} cannot be written to JSON"));
                serde_json::Value::Null
            }
        }
    }
}

impl ToCfn for f32 {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
        f64::from(*self).to_cfn(cx)
    }
}

impl ToCfn for serde_json::Value {
    fn to_cfn(&self, _: &mut dyn RenderCx) -> serde_json::Value {
        self.clone()
    }
}

impl ToCfn for serde_json::Number {
    fn to_cfn(&self, _: &mut dyn RenderCx) -> serde_json::Value {
        serde_json::Value::Number(self.clone())
    }
}

impl<T: ToCfn + ?Sized> ToCfn for &T {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
        (**self).to_cfn(cx)
    }
}

impl<T: ToCfn + ?Sized> ToCfn for Box<T> {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
        (**self).to_cfn(cx)
    }
}

impl<T: ToCfn> ToCfn for [T] {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
        serde_json::Value::Array(self.iter().map(|v| v.to_cfn(cx)).collect())
    }
}

impl<T: ToCfn> ToCfn for Vec<T> {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
        self.as_slice().to_cfn(cx)
    }
}

impl<T: ToCfn> ToCfn for BTreeMap<String, T> {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
        serde_json::Value::Object(
            self.iter()
                .map(|(k, v)| (k.clone(), v.to_cfn(cx)))
                .collect(),
        )
    }
}

impl<T: ToCfn> ToCfn for Value<T> {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
        match self {
            Value::Literal(v) => v.to_cfn(cx),
            Value::Intrinsic(i) => i.to_cfn(cx),
        }
    }
}

impl ToCfn for Pseudo {
    fn to_cfn(&self, _: &mut dyn RenderCx) -> serde_json::Value {
        json!({ "Ref": self.name() })
    }
}

impl ToCfn for Expr {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
        match self {
            Expr::String(s) => serde_json::Value::String(s.clone()),
            Expr::Number(n) => serde_json::Value::Number(n.clone()),
            Expr::Bool(b) => serde_json::Value::Bool(*b),
            Expr::List(items) => items.to_cfn(cx),
            Expr::Map(map) => map.to_cfn(cx),
            Expr::Intrinsic(i) => i.to_cfn(cx),
            Expr::Null => serde_json::Value::Null,
        }
    }
}

/// Renders an unordered set (schema `insertionOrder: false`) sorted by its rendered JSON,
/// so the template does not depend on the order the blueprint built it in.
pub fn to_cfn_sorted<T: ToCfn>(items: &[T], cx: &mut dyn RenderCx) -> serde_json::Value {
    let mut rendered: Vec<(String, serde_json::Value)> = items
        .iter()
        .map(|v| {
            let mut j = v.to_cfn(cx);
            j.sort_all_objects();
            (j.to_string(), j)
        })
        .collect();
    rendered.sort_by(|a, b| a.0.cmp(&b.0));
    serde_json::Value::Array(rendered.into_iter().map(|(_, j)| j).collect())
}

/// Escapes literal `${` as `${!` so `Fn::Sub` leaves it alone.
pub fn escape_sub_text(text: &str) -> String {
    text.replace("${", "${!")
}

impl ToCfn for Intrinsic {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
        match self {
            Intrinsic::Ref(node) => json!({ "Ref": cx.reference(*node, Usage::Ref) }),
            Intrinsic::RefPseudo(p) => p.to_cfn(cx),
            Intrinsic::GetAtt(node, attr) => {
                json!({ "Fn::GetAtt": [cx.reference(*node, Usage::GetAtt(attr)), attr] })
            }
            Intrinsic::Sub(parts) => {
                let mut s = String::new();
                for part in parts {
                    match part {
                        SubPart::Text(t) => s.push_str(&escape_sub_text(t)),
                        SubPart::Ref(node) => {
                            s.push_str("${");
                            s.push_str(&cx.reference(*node, Usage::Ref));
                            s.push('}');
                        }
                        SubPart::GetAtt(node, attr) => {
                            s.push_str("${");
                            s.push_str(&cx.reference(*node, Usage::GetAtt(attr)));
                            s.push('.');
                            s.push_str(attr);
                            s.push('}');
                        }
                        SubPart::Pseudo(p) => {
                            if *p == Pseudo::NoValue {
                                cx.error("AWS::NoValue cannot be used inside Fn::Sub".to_owned());
                            }
                            s.push_str("${");
                            s.push_str(p.name());
                            s.push('}');
                        }
                    }
                }
                json!({ "Fn::Sub": s })
            }
            Intrinsic::Join(delimiter, parts) => {
                json!({ "Fn::Join": [delimiter, parts.to_cfn(cx)] })
            }
            Intrinsic::Select(index, list) => json!({ "Fn::Select": [index, list.to_cfn(cx)] }),
            Intrinsic::Split(delimiter, source) => {
                json!({ "Fn::Split": [delimiter, source.to_cfn(cx)] })
            }
            Intrinsic::ImportValue(name) => {
                let name = name.to_cfn(cx);
                cx.imported(&name);
                json!({ "Fn::ImportValue": name })
            }
            Intrinsic::If(cond, a, b) => json!({
                "Fn::If": [cx.reference(*cond, Usage::Condition), a.to_cfn(cx), b.to_cfn(cx)]
            }),
            Intrinsic::FindInMap(map, k1, k2) => json!({
                "Fn::FindInMap": [cx.reference(*map, Usage::Mapping), k1.to_cfn(cx), k2.to_cfn(cx)]
            }),
            Intrinsic::Base64(e) => json!({ "Fn::Base64": e.to_cfn(cx) }),
            Intrinsic::GetAZs(e) => json!({ "Fn::GetAZs": e.to_cfn(cx) }),
            Intrinsic::Cidr(block, count, bits) => {
                json!({ "Fn::Cidr": [block.to_cfn(cx), count.to_cfn(cx), bits.to_cfn(cx)] })
            }
            Intrinsic::Equals(a, b) => json!({ "Fn::Equals": [a.to_cfn(cx), b.to_cfn(cx)] }),
            Intrinsic::And(items) => {
                check_arity(cx, "Fn::And", items.len());
                json!({ "Fn::And": items.to_cfn(cx) })
            }
            Intrinsic::Or(items) => {
                check_arity(cx, "Fn::Or", items.len());
                json!({ "Fn::Or": items.to_cfn(cx) })
            }
            Intrinsic::Not(e) => json!({ "Fn::Not": [e.to_cfn(cx)] }),
            Intrinsic::Condition(node) => {
                json!({ "Condition": cx.reference(*node, Usage::Condition) })
            }
            Intrinsic::StackBody(stack) => serde_json::Value::String(cx.stack_body(*stack)),
        }
    }
}

/// `Fn::And` and `Fn::Or` take 2 to 10 conditions.
fn check_arity(cx: &mut dyn RenderCx, name: &str, n: usize) {
    if !(2..=10).contains(&n) {
        cx.error(format!("{name} takes 2 to 10 conditions, got {n}"));
    }
}

impl Expr {
    /// True for a condition function (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`,
    /// `Condition`): what a template's `Conditions` section holds.
    pub fn is_condition(&self) -> bool {
        matches!(
            self,
            Expr::Intrinsic(i) if matches!(
                **i,
                Intrinsic::Equals(..) | Intrinsic::And(_) | Intrinsic::Or(_) | Intrinsic::Not(_) | Intrinsic::Condition(_)
            )
        )
    }
}

// ---------------------------------------------------------------------------------------
// Conversions into `Expr`.

impl From<&str> for Expr {
    fn from(s: &str) -> Self {
        Expr::String(s.to_owned())
    }
}

impl From<String> for Expr {
    fn from(s: String) -> Self {
        Expr::String(s)
    }
}

impl From<&String> for Expr {
    fn from(s: &String) -> Self {
        Expr::String(s.clone())
    }
}

impl From<bool> for Expr {
    fn from(b: bool) -> Self {
        Expr::Bool(b)
    }
}

macro_rules! int_into_expr {
    ($($t:ty),*) => {$(
        impl From<$t> for Expr {
            fn from(n: $t) -> Self {
                Expr::Number(n.into())
            }
        }
    )*};
}
int_into_expr!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

impl From<Intrinsic> for Expr {
    fn from(i: Intrinsic) -> Self {
        i.expr()
    }
}

impl From<Pseudo> for Expr {
    fn from(p: Pseudo) -> Self {
        Intrinsic::RefPseudo(p).expr()
    }
}

impl From<Vec<Expr>> for Expr {
    fn from(items: Vec<Expr>) -> Self {
        Expr::List(items)
    }
}

impl From<BTreeMap<String, Expr>> for Expr {
    fn from(map: BTreeMap<String, Expr>) -> Self {
        Expr::Map(map)
    }
}

impl From<serde_json::Value> for Expr {
    fn from(v: serde_json::Value) -> Self {
        match v {
            serde_json::Value::Null => Expr::Null,
            serde_json::Value::Bool(b) => Expr::Bool(b),
            serde_json::Value::Number(n) => Expr::Number(n),
            serde_json::Value::String(s) => Expr::String(s),
            serde_json::Value::Array(items) => {
                Expr::List(items.into_iter().map(Expr::from).collect())
            }
            serde_json::Value::Object(map) => {
                Expr::Map(map.into_iter().map(|(k, v)| (k, Expr::from(v))).collect())
            }
        }
    }
}

/// A typed value whose literal converts into an expression (e.g. an output's value).
impl<T: Into<Expr>> From<Value<T>> for Expr {
    fn from(v: Value<T>) -> Self {
        match v {
            Value::Literal(t) => t.into(),
            Value::Intrinsic(i) => Expr::Intrinsic(i),
        }
    }
}
