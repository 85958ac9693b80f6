//! The construct core: a tree of constructs addressed by path, typed CloudFormation values
//! and synthesis into templates. Pure: no file system, environment, clock, randomness,
//! network or AWS SDK (architecture invariant 1).
//!
//! # Using it (blueprint authors)
//!
//! Build an [`App`]: stacks, scopes and resources are nodes; every `add_*` returns a
//! [`NodeRef`] handle used as a parent scope and in references. Then [`synthesize`] it:
//! it returns the [`Assembly`] (templates, inventory, manifest facts) and every
//! [`Diagnostic`], each displayed as `[central/Lake/Bucket] message`.
//!
//! ```
//! use constructs_core::*;
//! use serde_json::json;
//!
//! // An L1 type as constructs-aws generates it (here a tiny hand-written stand-in).
//! #[derive(Default)]
//! struct Bucket { bucket_name: Option<Value<String>>, tags: Vec<Tag> }
//! impl ToCfn for Bucket {
//!     fn to_cfn(&self, cx: &mut dyn RenderCx) -> serde_json::Value {
//!         let mut p = serde_json::Map::new();
//!         if let Some(v) = &self.bucket_name { p.insert("BucketName".into(), v.to_cfn(cx)); }
//!         if !self.tags.is_empty() { p.insert("Tags".into(), self.tags.to_cfn(cx)); }
//!         serde_json::Value::Object(p)
//!     }
//! }
//! impl Resource for Bucket {
//!     const TYPE: &'static str = "AWS::S3::Bucket";
//!     const ATTRIBUTES: Option<&'static [&'static str]> = Some(&["Arn", "DomainName"]);
//!     const TAGS: TagShape = TagShape::List;
//! }
//!
//! let mut app = App::new();
//! let central = app.stack("central");
//! app.set_description(central, "Security data lake: central stack");
//! app.tag(central, "project", "sds");
//!
//! let prefix = app.parameter(central, "Prefix", Parameter::string().default_value("sds"));
//! let lake = app.scope(central, "Lake");
//! let bucket = app.add_with(
//!     lake,
//!     "Bucket",
//!     Bucket {
//!         // "${Prefix}-lake-${AWS::AccountId}"
//!         bucket_name: Some(Sub::new().ref_(prefix).text("-lake-").pseudo(Pseudo::AccountId).value()),
//!         ..Default::default()
//!     },
//!     ResourceOptions::retain(),
//! );
//! // A JSON document with an intrinsic inside (policy documents are `Expr`).
//! let _resource = Expr::from(Sub::new().get_att(bucket, "Arn").text("/*"));
//! app.output(
//!     central,
//!     "LakeBucketArn",
//!     Output::new(bucket.get_att("Arn")).export("sds-lake-bucket-arn"),
//! );
//!
//! let (assembly, diagnostics) = synthesize(&app);
//! assert!(diagnostics.is_empty(), "{diagnostics:?}");
//! let t = &assembly.stack("central").unwrap().template;
//! assert_eq!(t["Resources"]["LakeBucket0924C38C"]["DeletionPolicy"], json!("Retain"));
//! assert_eq!(
//!     t["Resources"]["LakeBucket0924C38C"]["Properties"]["BucketName"],
//!     json!({"Fn::Sub": "${Prefix}-lake-${AWS::AccountId}"})
//! );
//! assert_eq!(t["Resources"]["LakeBucket0924C38C"]["Properties"]["Tags"], json!([{"Key": "project", "Value": "sds"}]));
//! ```
//!
//! Cross-stack references are errors: export explicitly (`Output::export`) and import with
//! [`App::import_value`] (or `Intrinsic::ImportValue`; raw JSON `{"Fn::ImportValue": ..}`
//! is not seen, so it adds no stack dependency), or pass a parameter. A StackSet body ([`App::stack_set_body`])
//! reaches out only through parameters; another stack embeds its compact JSON with
//! `Intrinsic::StackBody(stack)` (e.g. as the `TemplateBody` of `AWS::CloudFormation::StackSet`).
//!
//! # Addresses and logical IDs
//!
//! Construct IDs match `^[A-Za-z0-9]+$` (a bad one is reported, never stripped); a second
//! child with the same ID in one scope is reported. A node's address is its path from the
//! stack down with `Default` left out (`central/Lake/Bucket`), so wrapping a construct in a
//! scope whose child is `Default` keeps its address and logical ID.
//!
//! A logical ID ([`logical_id::derive`]) comes from the path below the stack: one component
//! is used as-is; otherwise the readable part (components with consecutive duplicates
//! merged and `Resource` left out, capped at 240 characters) followed by the first 8 hex
//! digits (uppercase) of SHA-256 over the components joined by `/`. `Lake/Bucket` becomes
//! `LakeBucket0924C38C`; tests pin these hashes. [`App::set_logical_id`] pins one node's
//! ID, [`App::rename`] maps a path or an old derived ID to a new ID (a rename no node uses
//! is an error), and two nodes with one ID in a namespace (resources and parameters share
//! one) are reported with both paths.
//!
//! # Synthesis
//!
//! [`synthesize`] takes `&App` (nothing changes during synthesis): it assigns logical IDs,
//! renders every stack (StackSet bodies first, so others can embed them), resolves and
//! checks each reference (kind of node, attribute name, same stack), then checks across
//! stacks (exports unique and well-formed, imports turned into stack dependencies, no
//! dependency cycle, no import in a StackSet body) and CloudFormation's limits
//! ([`synth::limits`]: 500 resources, 200 parameters / outputs / mappings, 1,048,576 bytes
//! per template, 51,200 bytes for a StackSet body, logical ID pattern and length,
//! description size), and circular dependencies between resources. Every problem becomes a
//! [`Diagnostic`]; they are returned together, sorted by path, and the assembly is returned
//! even when there are errors (to look at, not to deploy).
//!
//! Templates are `serde_json` values with sorted keys; [`StackArtifact::body`] is the file
//! (pretty, 2 spaces, trailing newline), identical bytes on every run.
//!
//! # What generated L1 types (constructs-aws) implement
//!
//! - [`ToCfn`]: `to_cfn` renders the resource's `Properties` object, only the properties that
//!   are set, with CloudFormation's property names. Property types implement `ToCfn` too.
//!   Fields are `Value<T>` (so every property takes intrinsics); `T` may be `String`, `bool`,
//!   `i64`/`i32`/`u32`/`u64`, `f64`, `Vec<_>`, `BTreeMap<String, _>`, a generated struct or
//!   enum, or, for Json-typed properties (policy documents), preferably [`Expr`] (a JSON
//!   tree that may hold intrinsics anywhere; `Expr::from(json!(..))` converts plain JSON),
//!   else `serde_json::Value`. Unordered sets render with [`to_cfn_sorted`].
//! - [`Resource`]: `const TYPE` (`"AWS::S3::Bucket"`), optionally `const ATTRIBUTES` (the
//!   GetAtt names, so synthesis rejects unknown ones) and `const TAGS` ([`TagShape::List`]
//!   or [`TagShape::Map`] when the type has a `Tags` property, so [`App::tag`] applies).
//!   [`Tag`] is the `{Key, Value}` item of list-shaped tags. A generic custom resource is
//!   [`CustomResource`].

// Code map: `tree` (the App and its nodes), `elements` (parameters, outputs, options...),
// `value` + `sub` (typed values, intrinsics, ToCfn), `logical_id`, `synth` (the phases),
// `template` (rendering one stack), `links` (checks across stacks and resources),
// `assembly` (the result), `diagnostics`, `custom` (Tag, CustomResource).
pub mod assembly;
pub mod custom;
pub mod diagnostics;
pub mod elements;
mod links;
pub mod logical_id;
pub mod sub;
pub mod synth;
mod template;
pub mod tree;
pub mod value;

pub use assembly::{
    is_stateful, Assembly, InventoryRow, OutputInfo, ParameterInfo, StackArtifact, STATEFUL_TYPES,
};
pub use custom::{CustomResource, Tag};
pub use diagnostics::{has_errors, Diagnostic, Severity};
pub use synth::synthesize;
pub use tree::{
    App, DeletionPolicy, Mapping, Output, Parameter, Resource, ResourceOptions, StackKind,
    TagShape, UpdateReplacePolicy,
};
pub use value::{
    to_cfn_sorted, Expr, Intrinsic, NodeRef, Pseudo, RenderCx, Sub, SubPart, ToCfn, Usage, Value,
};
