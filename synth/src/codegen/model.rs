//! What the generator knows about one resource type after reading its schema: the Rust
//! shape of every property, independent of how it is printed.

/// The Rust type of a property value, the `T` of its `Value<T>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    /// Free-form JSON (policy documents, `object` without properties, mixed-type unions):
    /// `constructs_core::Expr`, so intrinsics can sit anywhere inside.
    Json,
    /// An array; elements are `Value<T>` each.
    List(Box<Ty>),
    /// An object with arbitrary keys (`patternProperties`); values are `Value<T>` each.
    Map(Box<Ty>),
    /// A struct or enum of the resource's property-type module.
    Named(String),
}

impl Ty {
    /// Rust spelling; `prefix` qualifies named types (`bucket::`) when used outside their module.
    pub fn rust(&self, prefix: &str) -> String {
        match self {
            Ty::String => "String".to_owned(),
            Ty::Integer => "i64".to_owned(),
            Ty::Number => "f64".to_owned(),
            Ty::Boolean => "bool".to_owned(),
            Ty::Json => "Expr".to_owned(),
            Ty::List(t) => format!("Vec<Value<{}>>", t.rust(prefix)),
            Ty::Map(t) => format!("BTreeMap<String, Value<{}>>", t.rust(prefix)),
            Ty::Named(n) => format!("{prefix}{n}"),
        }
    }
}

/// One property of a resource or property type.
#[derive(Debug, Clone)]
pub struct Field {
    /// The CloudFormation property name, rendered as is.
    pub cfn_name: String,
    pub rust_name: String,
    pub doc: Vec<String>,
    pub ty: Ty,
    pub required: bool,
    /// `insertionOrder: false`: the list is a set, rendered sorted.
    pub sorted: bool,
    /// Boxed because the field closes a cycle of property types (WAFv2 `NotStatement`).
    pub boxed: bool,
}

/// A struct: a resource or a property type.
#[derive(Debug, Clone)]
pub struct Struct {
    pub name: String,
    pub doc: Vec<String>,
    pub fields: Vec<Field>,
}

/// A string enum; variants keep their CloudFormation spelling in `value`.
#[derive(Debug, Clone)]
pub struct Enum {
    pub name: String,
    pub doc: Vec<String>,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub value: String,
}

/// A property type of a resource's module.
#[derive(Debug, Clone)]
pub enum TypeDef {
    Struct(Struct),
    Enum(Enum),
}

/// A `Fn::GetAtt` attribute.
#[derive(Debug, Clone)]
pub struct Attribute {
    /// Enum variant name (`EndpointAddress`).
    pub variant: String,
    /// The attribute as `Fn::GetAtt` spells it (`Endpoint.Address`).
    pub name: String,
    pub doc: Vec<String>,
}

/// One resource type.
#[derive(Debug, Clone)]
pub struct Resource {
    /// `AWS::S3::Bucket`.
    pub type_name: String,
    /// `S3`, the service part of the type name.
    pub service: String,
    /// The resource struct; its name is the Rust name of the resource (`Bucket`).
    pub shape: Struct,
    /// Name of the module holding the property types (`bucket`).
    pub module: String,
    pub attributes: Vec<Attribute>,
    /// How the `Tags` property holds tags: `List`, `Map` or `None` (a `TagShape` variant).
    pub tags: &'static str,
    /// Property types, sorted by name.
    pub types: Vec<TypeDef>,
}
