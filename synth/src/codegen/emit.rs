//! [`Resource`]s -> Rust source text, through the handlebars templates in `synth/templates/`
//! (embedded, so the binary works from any directory), then `rustfmt`.

use super::model::{Field, Resource, Struct, TypeDef};
use anyhow::{bail, Context, Result};
use handlebars::Handlebars;
use serde::Serialize;
use std::io::Write;
use std::process::{Command, Stdio};

/// Where the text came from, for the generated files' headers.
#[derive(Serialize)]
pub struct Origin {
    pub cfn_lint_version: String,
    pub schema_date: String,
}

/// The template engine with the generator's templates registered. Strict mode: a misspelt
/// field in a template is an error, not an empty string. No HTML escaping: this is Rust.
pub fn engine() -> Result<Handlebars<'static>> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb.register_template_string("lib", include_str!("../../templates/lib.rs.hbs"))?;
    hb.register_template_string("service", include_str!("../../templates/service.rs.hbs"))?;
    hb.register_partial("struct", include_str!("../../templates/struct.rs.hbs"))?;
    hb.register_partial("enum", include_str!("../../templates/enum.rs.hbs"))?;
    Ok(hb)
}

/// `lib.rs` declaring `modules`.
pub fn lib_rs(hb: &Handlebars, origin: &Origin, modules: &[String]) -> Result<String> {
    #[derive(Serialize)]
    struct Lib<'a> {
        #[serde(flatten)]
        origin: &'a Origin,
        modules: &'a [String],
    }
    rustfmt(&hb.render("lib", &Lib { origin, modules })?)
}

/// One service module with all its resources.
pub fn service_rs(
    hb: &Handlebars,
    origin: &Origin,
    service: &str,
    resources: &[Resource],
) -> Result<String> {
    #[derive(Serialize)]
    struct Service<'a> {
        #[serde(flatten)]
        origin: &'a Origin,
        service: &'a str,
        resources: Vec<ResourceView>,
    }
    let view = Service {
        origin,
        service,
        resources: resources.iter().map(ResourceView::new).collect(),
    };
    let text = hb
        .render("service", &view)
        .with_context(|| format!("rendering the {service} module"))?;
    rustfmt(&text).with_context(|| format!("formatting the {service} module"))
}

#[derive(Serialize)]
struct ResourceView {
    type_name: String,
    module: String,
    shape: StructView,
    tags: &'static str,
    attributes: Vec<AttributeView>,
    types: Vec<TypeView>,
}

#[derive(Serialize)]
struct AttributeView {
    variant: String,
    name: String,
    doc: Vec<String>,
}

#[derive(Serialize)]
struct TypeView {
    #[serde(rename = "struct", skip_serializing_if = "Option::is_none")]
    structure: Option<StructView>,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    enumeration: Option<EnumView>,
}

#[derive(Serialize)]
struct StructView {
    name: String,
    doc: Vec<String>,
    default: bool,
    fields: Vec<FieldView>,
    required: Vec<FieldView>,
    many_args: bool,
}

#[derive(Serialize, Clone)]
struct FieldView {
    cfn_name: String,
    rust_name: String,
    doc: Vec<String>,
    /// The field's full type (`Option<Value<String>>`).
    ty: String,
    /// The `T` of its `Value<T>`, for `new`'s `impl Into<Value<T>>`.
    inner: String,
    /// The render helper to call and how to pass the field to it.
    put: &'static str,
    access: String,
    /// Its value in `new`.
    init: String,
}

#[derive(Serialize)]
struct EnumView {
    name: String,
    doc: Vec<String>,
    variants: Vec<VariantView>,
}

#[derive(Serialize)]
struct VariantView {
    name: String,
    /// The CloudFormation value as a Rust string literal.
    literal: String,
    /// The value for the doc comment.
    value: String,
}

impl ResourceView {
    fn new(r: &Resource) -> Self {
        let prefix = format!("{}::", r.module);
        let types = r
            .types
            .iter()
            .map(|t| match t {
                TypeDef::Struct(s) => TypeView {
                    structure: Some(StructView::new(s, "")),
                    enumeration: None,
                },
                TypeDef::Enum(e) => TypeView {
                    structure: None,
                    enumeration: Some(EnumView {
                        name: e.name.clone(),
                        doc: e.doc.clone(),
                        variants: e
                            .variants
                            .iter()
                            .map(|v| VariantView {
                                name: v.name.clone(),
                                literal: format!("{:?}", v.value),
                                value: v.value.replace('`', "'"),
                            })
                            .collect(),
                    }),
                },
            })
            .collect();
        ResourceView {
            type_name: r.type_name.clone(),
            module: r.module.clone(),
            shape: StructView::new(&r.shape, &prefix),
            tags: r.tags,
            attributes: r
                .attributes
                .iter()
                .map(|a| AttributeView {
                    variant: a.variant.clone(),
                    name: a.name.clone(),
                    doc: attribute_doc(&a.name, &a.doc),
                })
                .collect(),
            types,
        }
    }
}

fn attribute_doc(name: &str, doc: &[String]) -> Vec<String> {
    let mut d = doc.to_vec();
    if !d.is_empty() {
        d.push(String::new());
    }
    d.push(format!("`Fn::GetAtt` name: `{name}`."));
    d
}

impl StructView {
    fn new(s: &Struct, prefix: &str) -> Self {
        let fields: Vec<FieldView> = s.fields.iter().map(|f| FieldView::new(f, prefix)).collect();
        let required: Vec<FieldView> = s
            .fields
            .iter()
            .zip(&fields)
            .filter(|(f, _)| f.required)
            .map(|(_, v)| v.clone())
            .collect();
        StructView {
            name: s.name.clone(),
            doc: s.doc.clone(),
            default: required.is_empty(),
            many_args: required.len() > 7,
            fields,
            required,
        }
    }
}

impl FieldView {
    fn new(f: &Field, prefix: &str) -> Self {
        let inner = f.ty.rust(prefix);
        let value = format!("Value<{inner}>");
        let value = if f.boxed {
            format!("Box<{value}>")
        } else {
            value
        };
        let name = &f.rust_name;
        let (ty, put, access, init) = match (f.required, f.boxed) {
            (true, false) => (
                value,
                "put",
                format!("&self.{name}"),
                format!("{name}.into()"),
            ),
            (true, true) => (
                value,
                "put",
                format!("&*self.{name}"),
                format!("Box::new({name}.into())"),
            ),
            (false, false) => (
                format!("Option<{value}>"),
                "put_opt",
                format!("self.{name}.as_ref()"),
                "None".to_owned(),
            ),
            (false, true) => (
                format!("Option<{value}>"),
                "put_opt",
                format!("self.{name}.as_deref()"),
                "None".to_owned(),
            ),
        };
        let put = match (put, f.sorted) {
            ("put", true) => "put_set",
            ("put_opt", true) => "put_opt_set",
            (p, _) => p,
        };
        FieldView {
            cfn_name: f.cfn_name.clone(),
            rust_name: name.clone(),
            doc: f.doc.clone(),
            ty,
            inner,
            put,
            access,
            init,
        }
    }
}

/// Formats `source` with `rustfmt --edition 2021` (the toolchain's, so the staleness test
/// and the generator agree). It runs in `constructs-aws`'s folder, so it reads the same
/// `rustfmt.toml` (if the workspace ever gets one) as `cargo fmt` would there: a workspace
/// `cargo fmt` leaves the generated files as they are.
pub fn rustfmt(source: &str) -> Result<String> {
    let mut cmd = Command::new("rustfmt");
    let crate_dir = super::default_out_dir().join("..");
    if crate_dir.is_dir() {
        cmd.current_dir(crate_dir);
    }
    let mut child = cmd
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("running rustfmt (install it with `rustup component add rustfmt`)")?;
    let mut stdin = child.stdin.take().context("rustfmt stdin")?;
    // Write from another thread so a full stdout pipe cannot deadlock us.
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().context("waiting for rustfmt")?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("rustfmt writer thread panicked"))??;
    if !out.status.success() {
        bail!("rustfmt failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    String::from_utf8(out.stdout).context("rustfmt output is not UTF-8")
}
