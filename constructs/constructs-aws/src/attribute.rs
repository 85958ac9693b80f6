//! Typed `Fn::GetAtt` names: each resource type with attributes has an enum of them
//! (`s3::BucketAttribute`), so an attribute the type lacks cannot be written.

use constructs_core::{NodeRef, Value};

/// An attribute name of a resource type.
pub trait Attribute: Copy {
    /// The name as `Fn::GetAtt` spells it (`Arn`, `Endpoint.Address`).
    fn name(self) -> &'static str;

    /// `{"Fn::GetAtt": [node, name]}`; `node` must be a resource of the attribute's type
    /// (synthesis checks the name against the type it finds).
    fn of<T>(self, node: NodeRef) -> Value<T> {
        Value::get_att(node, self.name())
    }
}
