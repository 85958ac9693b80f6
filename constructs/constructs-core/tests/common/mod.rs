//! Stand-in L1 types for tests (constructs-aws generates the real ones) and a tiny
//! render context for rendering values outside synthesis.
#![allow(dead_code)]

use std::collections::BTreeMap;

use constructs_core::{Expr, NodeRef, RenderCx, Resource, TagShape, ToCfn};

macro_rules! fake_resource {
    ($name:ident, $type:literal, $tags:expr, $attrs:expr) => {
        /// A stand-in for a generated L1 type: free-form properties.
        #[derive(Debug, Default, Clone)]
        pub struct $name {
            pub props: BTreeMap<String, Expr>,
        }

        impl $name {
            pub fn with(mut self, key: &str, value: impl Into<Expr>) -> Self {
                self.props.insert(key.to_owned(), value.into());
                self
            }
        }

        impl ToCfn for $name {
            fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
                self.props.to_cfn(cx)
            }
        }

        impl Resource for $name {
            const TYPE: &'static str = $type;
            const TAGS: TagShape = $tags;
            const ATTRIBUTES: Option<&'static [&'static str]> = $attrs;
        }
    };
}

fake_resource!(
    Bucket,
    "AWS::S3::Bucket",
    TagShape::List,
    Some(&["Arn", "DomainName"])
);
fake_resource!(
    Key,
    "AWS::KMS::Key",
    TagShape::List,
    Some(&["Arn", "KeyId"])
);
fake_resource!(
    Topic,
    "AWS::SNS::Topic",
    TagShape::List,
    Some(&["TopicArn", "TopicName"])
);
fake_resource!(
    SsmParameter,
    "AWS::SSM::Parameter",
    TagShape::Map,
    Some(&["Type", "Value"])
);
fake_resource!(
    BucketPolicy,
    "AWS::S3::BucketPolicy",
    TagShape::None,
    Some(&[])
);
fake_resource!(
    StackSet,
    "AWS::CloudFormation::StackSet",
    TagShape::List,
    Some(&["StackSetId"])
);
fake_resource!(Rule, "AWS::Events::Rule", TagShape::None, None);

/// Resolves node `n` to `N<n>`, records errors.
#[derive(Default)]
pub struct TestCx {
    pub errors: Vec<String>,
}

impl RenderCx for TestCx {
    fn logical_id(&mut self, node: NodeRef) -> String {
        format!("N{}", node.0)
    }

    fn error(&mut self, message: String) {
        self.errors.push(message);
    }
}

/// Renders a value with [`TestCx`].
pub fn render(v: &impl ToCfn) -> serde_json::Value {
    v.to_cfn(&mut TestCx::default())
}
