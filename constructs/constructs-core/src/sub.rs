//! The `Fn::Sub` builder: segments of text, references and pseudo parameters, or a parsed
//! `${...}` template whose variables are node handles.

use crate::value::{Expr, Intrinsic, NodeRef, Pseudo, SubPart, Value};

/// Builds an `Fn::Sub` from segments: literal text, references, attributes and pseudo
/// parameters. Text is escaped on render, so `${` in it stays literal.
///
/// ```
/// use constructs_core::{NodeRef, Pseudo, Sub};
/// # let bucket = NodeRef(0);
/// let arn = Sub::new().text("arn:").pseudo(Pseudo::Partition).text(":s3:::").ref_(bucket).text("/*");
/// let same = Sub::parse("arn:${AWS::Partition}:s3:::${Bucket}/*", &[("Bucket", bucket)]).unwrap();
/// assert_eq!(arn, same);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sub {
    parts: Vec<SubPart>,
}

impl Sub {
    pub fn new() -> Self {
        Sub::default()
    }

    /// Literal text (adjacent texts are merged).
    pub fn text(mut self, text: &str) -> Self {
        if let Some(SubPart::Text(last)) = self.parts.last_mut() {
            last.push_str(text);
        } else if !text.is_empty() {
            self.parts.push(SubPart::Text(text.to_owned()));
        }
        self
    }

    /// `${LogicalId}` of `node`.
    pub fn ref_(mut self, node: NodeRef) -> Self {
        self.parts.push(SubPart::Ref(node));
        self
    }

    /// `${LogicalId.Attribute}` of `node`.
    pub fn get_att(mut self, node: NodeRef, attribute: &str) -> Self {
        self.parts.push(SubPart::GetAtt(node, attribute.to_owned()));
        self
    }

    /// `${AWS::...}`.
    pub fn pseudo(mut self, p: Pseudo) -> Self {
        self.parts.push(SubPart::Pseudo(p));
        self
    }

    /// Parses a `Fn::Sub`-style string: `${AWS::Region}` (pseudo parameters), `${Name}` and
    /// `${Name.Attribute}` where `Name` is one of `vars` (a local name for a node, not its
    /// logical ID), and `${!Literal}` for a literal `${Literal}`. Anything else is an error.
    pub fn parse(template: &str, vars: &[(&str, NodeRef)]) -> Result<Sub, String> {
        let mut sub = Sub::new();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            sub = sub.text(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after
                .find('}')
                .ok_or_else(|| format!("unclosed `${{` in Sub template {template:?}"))?;
            let name = &after[..end];
            rest = &after[end + 1..];
            if let Some(literal) = name.strip_prefix('!') {
                sub = sub.text(&format!("${{{literal}}}"));
            } else if let Some(p) = Pseudo::from_name(name) {
                sub = sub.pseudo(p);
            } else {
                let (var, attr) = match name.split_once('.') {
                    Some((v, a)) => (v, Some(a)),
                    None => (name, None),
                };
                let node = vars
                    .iter()
                    .find(|(n, _)| *n == var)
                    .map(|(_, node)| *node)
                    .ok_or_else(|| {
                        format!("unknown variable `${{{name}}}` in Sub template {template:?}")
                    })?;
                sub = match attr {
                    Some(a) if !a.is_empty() => sub.get_att(node, a),
                    Some(_) => return Err(format!("empty attribute in `${{{name}}}`")),
                    None => sub.ref_(node),
                };
            }
        }
        Ok(sub.text(rest))
    }

    /// The parts built so far.
    pub fn parts(&self) -> &[SubPart] {
        &self.parts
    }

    /// The `Fn::Sub` intrinsic.
    pub fn build(self) -> Intrinsic {
        Intrinsic::Sub(self.parts)
    }

    /// The `Fn::Sub` as a property value.
    pub fn value<T>(self) -> Value<T> {
        self.build().value()
    }

    /// The `Fn::Sub` as an expression.
    pub fn expr(self) -> Expr {
        self.build().expr()
    }
}

impl From<Sub> for Expr {
    fn from(s: Sub) -> Self {
        s.expr()
    }
}

impl From<Sub> for Intrinsic {
    fn from(s: Sub) -> Self {
        s.build()
    }
}
