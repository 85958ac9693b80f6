//! Hand-written resource helpers: the list-shaped tag item and a generic custom resource.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use crate::tree::{Resource, TagShape};
use crate::value::{Expr, RenderCx, ToCfn, Value};

/// One `{"Key": .., "Value": ..}` item of a list-shaped `Tags` property.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub key: Value<String>,
    pub value: Value<String>,
}

impl Tag {
    pub fn new(key: impl Into<Value<String>>, value: impl Into<Value<String>>) -> Self {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }
}

impl ToCfn for Tag {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> Json {
        let mut m = Map::new();
        m.insert("Key".to_owned(), self.key.to_cfn(cx));
        m.insert("Value".to_owned(), self.value.to_cfn(cx));
        Json::Object(m)
    }
}

/// A custom resource (`AWS::CloudFormation::CustomResource` or `Custom::Name`), backed by
/// a Lambda function or SNS topic (`ServiceToken`), with free-form properties.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomResource {
    /// `AWS::CloudFormation::CustomResource` or `Custom::` followed by a name.
    pub type_name: String,
    pub service_token: Value<String>,
    pub properties: BTreeMap<String, Expr>,
}

impl CustomResource {
    /// A `Custom::<name>` resource.
    pub fn new(name: &str, service_token: impl Into<Value<String>>) -> Self {
        CustomResource {
            type_name: format!("Custom::{name}"),
            service_token: service_token.into(),
            properties: BTreeMap::new(),
        }
    }

    /// Sets property `key`.
    pub fn property(mut self, key: &str, value: impl Into<Expr>) -> Self {
        self.properties.insert(key.to_owned(), value.into());
        self
    }
}

impl ToCfn for CustomResource {
    fn to_cfn(&self, cx: &mut dyn RenderCx) -> Json {
        let mut m = Map::new();
        for (k, v) in &self.properties {
            m.insert(k.clone(), v.to_cfn(cx));
        }
        m.insert("ServiceToken".to_owned(), self.service_token.to_cfn(cx));
        Json::Object(m)
    }
}

impl Resource for CustomResource {
    const TYPE: &'static str = "AWS::CloudFormation::CustomResource";
    const TAGS: TagShape = TagShape::None;

    fn type_name(&self) -> &str {
        &self.type_name
    }
}
