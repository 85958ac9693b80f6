//! One resource schema -> [`Resource`]. The rules, in the order they apply to a schema node:
//!
//! 1. `$ref` to a definition: a struct or enum of that definition's name when the definition
//!    is an object with properties or a string enum; otherwise the definition is inlined.
//! 2. `enum` with only strings: a Rust enum (named after the definition, or `Owner` +
//!    `Property` when inline).
//! 3. `properties` (on the node or on its `oneOf`/`anyOf`/`allOf` branches): a struct. The
//!    branches' properties are merged into it as optional fields; only the node's own
//!    `required` list makes a field required, and which branch is valid is CloudFormation's
//!    check, not the type's.
//! 4. `type`: `string`, `integer` (i64), `number` (f64), `boolean`; `array` -> list of its
//!    `items`; `object` -> a map when `patternProperties` (or an `additionalProperties`
//!    schema) give one value type, free-form JSON otherwise. A list of several types other
//!    than `null` (`["object", "string"]`) is free-form JSON; `["boolean", "null"]` is a bool.
//! 5. No `type`: the first `oneOf`/`anyOf` branch that says what it is (`$ref`, `type` or
//!    `properties`) decides, so DynamoDB's `KeySchema` stays a typed list rather than its
//!    JSON-string alternative. Branches that only add `required` or `format` (the common
//!    case) are constraints, not types. Nothing at all: free-form JSON.
//!
//! `insertionOrder: false` on an array (or on the definition it refers to) marks a set,
//! rendered sorted, except the few lists in `ORDERED_DESPITE_SCHEMA` whose order matters. Top-level `readOnlyProperties` are attributes, not fields.

use super::docs;
use super::model::{Attribute, Enum, Field, Resource, Struct, Ty, TypeDef, Variant};
use super::names::{camel, snake, Namespace, RESERVED_TYPES};
use anyhow::{bail, Result};
use serde_json::{Map, Value as Json};
use std::collections::{BTreeMap, BTreeSet};

/// Lists whose schema says `insertionOrder: false` but whose order means something to the
/// service: Glue reads partition keys (and columns, for humans and `SELECT *`) in order.
const ORDERED_DESPITE_SCHEMA: &[(&str, &str)] = &[
    ("AWS::Glue::Table", "BucketColumns"),
    ("AWS::Glue::Table", "Columns"),
    ("AWS::Glue::Table", "PartitionKeys"),
    ("AWS::Glue::Table", "SortColumns"),
];

fn keeps_order(type_name: &str, property: &str) -> bool {
    ORDERED_DESPITE_SCHEMA.contains(&(type_name, property))
}

/// Lowers the schema of `type_name`. `notes` collects the properties that fell back to
/// free-form JSON for lack of type information (printed by the generator).
pub fn resource(type_name: &str, schema: &Json, notes: &mut Vec<String>) -> Result<Resource> {
    let parts: Vec<&str> = type_name.split("::").collect();
    let [_, service, name] = parts[..] else {
        bail!("{type_name}: not an AWS::Service::Resource type name")
    };
    let empty = Map::new();
    let defs = schema
        .get("definitions")
        .and_then(Json::as_object)
        .unwrap_or(&empty);
    let mut lower = Lower {
        type_name,
        defs,
        types: Namespace::with_reserved(RESERVED_TYPES),
        def_names: BTreeMap::new(),
        inline_names: BTreeMap::new(),
        out: BTreeMap::new(),
        queue: Vec::new(),
        depth: 0,
        notes,
    };
    for (dname, def) in sorted(defs) {
        if matches!(kind(def), Kind::Struct | Kind::Enum) {
            let n = lower.types.claim(&camel(dname), "Property");
            lower.def_names.insert(dname.to_owned(), n);
        }
    }

    let read_only = pointer_list(schema, "readOnlyProperties");
    let top_read_only: BTreeSet<&str> = read_only
        .iter()
        .filter(|p| !p.contains('/'))
        .map(|p| p.as_str())
        .collect();
    let create_only = pointer_list(schema, "createOnlyProperties");
    let deprecated = pointer_list(schema, "deprecatedProperties");
    let rust_name = camel(name);
    let mut fields = lower.fields(schema, "", &rust_name, true, &top_read_only)?;
    for f in &mut fields {
        let mut notes = Vec::new();
        if create_only.contains(&f.cfn_name) {
            notes.push("changing it replaces the resource");
        }
        if deprecated.contains(&f.cfn_name) {
            notes.push("deprecated");
        }
        if !notes.is_empty() {
            f.doc.push(String::new());
            f.doc.push(format!("CloudFormation: {}.", notes.join("; ")));
        }
    }
    while let Some(dname) = lower.queue.pop() {
        let Some(def) = defs.get(&dname) else {
            continue;
        };
        let tname = lower.def_names[&dname].clone();
        if lower.out.contains_key(&tname) {
            continue;
        }
        let pointer = format!("/definitions/{dname}");
        lower.named(def, &pointer, &tname)?;
    }

    let mut types: Vec<TypeDef> = std::mem::take(&mut lower.out).into_values().collect();
    box_cycles(&mut types);
    let mut doc = description(schema);
    doc.push(String::new());
    doc.push(format!("CloudFormation type `{type_name}`."));
    let tags = match fields.iter().find(|f| f.cfn_name == "Tags").map(|f| &f.ty) {
        Some(Ty::List(_)) => "List",
        Some(Ty::Map(_)) => "Map",
        _ => "None",
    };
    Ok(Resource {
        type_name: type_name.to_owned(),
        tags,
        service: service.to_owned(),
        shape: Struct {
            name: rust_name,
            doc,
            fields,
        },
        module: snake(name),
        attributes: attributes(schema, &read_only),
        types,
    })
}

#[derive(PartialEq)]
enum Kind {
    Ref,
    Enum,
    Struct,
    Other,
}

fn kind(node: &Json) -> Kind {
    if node.get("$ref").is_some() {
        Kind::Ref
    } else if node
        .get("enum")
        .and_then(Json::as_array)
        .is_some_and(|e| !e.is_empty() && e.iter().all(Json::is_string))
    {
        Kind::Enum
    } else if is_object(node) && !properties(node).is_empty() {
        // Only an object has properties: some patched schemas carry `properties` on arrays.
        Kind::Struct
    } else {
        Kind::Other
    }
}

fn is_object(node: &Json) -> bool {
    node.get("type").is_none_or(|t| t == "object")
}

/// The node's properties merged with its `oneOf`/`anyOf`/`allOf` branches' (node first).
fn properties(node: &Json) -> BTreeMap<&str, &Json> {
    let mut props = BTreeMap::new();
    let own = node.get("properties").and_then(Json::as_object);
    for (k, v) in own.into_iter().flatten() {
        props.insert(k.as_str(), v);
    }
    for branch in branches(node) {
        for (k, v) in branch
            .get("properties")
            .and_then(Json::as_object)
            .into_iter()
            .flatten()
        {
            props.entry(k.as_str()).or_insert(v);
        }
    }
    props
}

fn branches(node: &Json) -> impl Iterator<Item = &Json> {
    ["oneOf", "anyOf", "allOf"]
        .into_iter()
        .filter_map(|k| node.get(k).and_then(Json::as_array))
        .flatten()
}

fn sorted(m: &Map<String, Json>) -> BTreeMap<&str, &Json> {
    m.iter().map(|(k, v)| (k.as_str(), v)).collect()
}

/// `/properties/A/B` pointers of a schema list, as `A/B`.
fn pointer_list(schema: &Json, key: &str) -> Vec<String> {
    let list = schema.get(key).and_then(Json::as_array);
    list.into_iter()
        .flatten()
        .filter_map(Json::as_str)
        .filter_map(|p| p.strip_prefix("/properties/"))
        .map(str::to_owned)
        .collect()
}

fn description(node: &Json) -> Vec<String> {
    node.get("description")
        .and_then(Json::as_str)
        .map(docs::lines)
        .unwrap_or_default()
}

/// `readOnlyProperties` that `Fn::GetAtt` can name: nested ones joined with `.`, list
/// elements (`*`) left out.
fn attributes(schema: &Json, read_only: &[String]) -> Vec<Attribute> {
    let mut ns = Namespace::with_reserved(&["Self"]);
    let mut out = Vec::new();
    for path in read_only.iter().filter(|p| !p.contains('*')) {
        let parts: Vec<&str> = path.split('/').collect();
        let variant = ns.claim(&parts.iter().map(|p| camel(p)).collect::<String>(), "Attr");
        // The description of the property the pointer names, when it is declared inline.
        let mut node = schema;
        for p in &parts {
            node = node
                .get("properties")
                .and_then(|props| props.get(*p))
                .unwrap_or(&Json::Null);
        }
        out.push(Attribute {
            variant,
            name: parts.join("."),
            doc: description(node),
        });
    }
    out
}

struct Lower<'a> {
    type_name: &'a str,
    defs: &'a Map<String, Json>,
    /// Type names of the resource's property-type module.
    types: Namespace,
    /// Definition name -> type name, for definitions that become structs or enums.
    def_names: BTreeMap<String, String>,
    /// Schema pointer -> type name, for structs and enums declared inline.
    inline_names: BTreeMap<String, String>,
    out: BTreeMap<String, TypeDef>,
    /// Definitions referenced but not yet lowered.
    queue: Vec<String>,
    /// Nesting of `ty` calls, to stop on a definition that inlines itself.
    depth: usize,
    notes: &'a mut Vec<String>,
}

impl Lower<'_> {
    /// The struct or enum `name` for `node` (which must be one), into `self.out`.
    fn named(&mut self, node: &Json, pointer: &str, name: &str) -> Result<()> {
        let mut doc = description(node);
        // Definitions have a CloudFormation name (the one AWS's reference pages use);
        // inline types do not.
        if let Some(def) = pointer
            .strip_prefix("/definitions/")
            .filter(|d| !d.contains('/'))
        {
            if !doc.is_empty() {
                doc.push(String::new());
            }
            doc.push(format!(
                "CloudFormation property type `{def}` of `{}`.",
                self.type_name
            ));
        }
        let def = if kind(node) == Kind::Enum {
            TypeDef::Enum(enumeration(name, doc, node))
        } else {
            // Reserve the name before the fields, which may refer back to it.
            self.out.insert(
                name.to_owned(),
                TypeDef::Struct(Struct {
                    name: name.to_owned(),
                    doc: vec![],
                    fields: vec![],
                }),
            );
            let fields = self.fields(node, pointer, name, false, &BTreeSet::new())?;
            TypeDef::Struct(Struct {
                name: name.to_owned(),
                doc,
                fields,
            })
        };
        self.out.insert(name.to_owned(), def);
        Ok(())
    }

    fn fields(
        &mut self,
        node: &Json,
        pointer: &str,
        owner: &str,
        is_resource: bool,
        skip: &BTreeSet<&str>,
    ) -> Result<Vec<Field>> {
        let required: BTreeSet<&str> = node
            .get("required")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
            .collect();
        let mut names = Namespace::default();
        let mut fields = Vec::new();
        for (pname, pnode) in properties(node) {
            if skip.contains(pname) {
                continue;
            }
            // Inline types are named after the property, prefixed by their owner unless the
            // owner is the resource itself.
            let ctx = if is_resource {
                camel(pname)
            } else {
                format!("{owner}{}", camel(pname))
            };
            let (ty, sorted) = self.ty(pnode, &format!("{pointer}/properties/{pname}"), &ctx)?;
            let sorted = sorted && !keeps_order(self.type_name, pname);
            let mut doc = description(pnode);
            if doc.is_empty() {
                doc = self.ref_target(pnode).map(description).unwrap_or_default();
            }
            if sorted {
                if !doc.is_empty() {
                    doc.push(String::new());
                }
                doc.push("A set: rendered sorted.".to_owned());
            }
            fields.push(Field {
                cfn_name: pname.to_owned(),
                rust_name: names.claim(&snake(pname), "_"),
                doc,
                ty,
                required: required.contains(pname),
                sorted,
                boxed: false,
            });
        }
        Ok(fields)
    }

    fn ref_target(&self, node: &Json) -> Option<&Json> {
        let r = node.get("$ref")?.as_str()?;
        self.defs.get(r.strip_prefix("#/definitions/")?)
    }

    /// The type of `node` at `pointer`; `ctx` names it if it has to be declared inline.
    /// Also says whether it is a set (`insertionOrder: false`).
    fn ty(&mut self, node: &Json, pointer: &str, ctx: &str) -> Result<(Ty, bool)> {
        if self.depth > 64 {
            bail!(
                "{}{pointer}: definitions nest too deep (a definition that contains itself?)",
                self.type_name
            );
        }
        self.depth += 1;
        let r = self.ty_inner(node, pointer, ctx);
        self.depth -= 1;
        r
    }

    fn ty_inner(&mut self, node: &Json, pointer: &str, ctx: &str) -> Result<(Ty, bool)> {
        let set = node.get("insertionOrder") == Some(&Json::Bool(false));
        match kind(node) {
            Kind::Ref => {
                let r = node.get("$ref").and_then(Json::as_str).unwrap_or_default();
                let Some(dname) = r.strip_prefix("#/definitions/") else {
                    bail!("{}{pointer}: unsupported $ref {r:?}", self.type_name)
                };
                let Some(def) = self.defs.get(dname) else {
                    bail!(
                        "{}{pointer}: $ref to a missing definition {r:?}",
                        self.type_name
                    )
                };
                if let Some(tname) = self.def_names.get(dname) {
                    let tname = tname.clone();
                    self.queue.push(dname.to_owned());
                    return Ok((Ty::Named(tname), set));
                }
                let (ty, def_set) =
                    self.ty(def, &format!("/definitions/{dname}"), &camel(dname))?;
                Ok((ty, set || def_set))
            }
            Kind::Enum | Kind::Struct => {
                let name = match self.inline_names.get(pointer) {
                    Some(n) => n.clone(),
                    None => {
                        let n = self.types.claim(
                            ctx,
                            if kind(node) == Kind::Enum {
                                "Enum"
                            } else {
                                "Property"
                            },
                        );
                        self.inline_names.insert(pointer.to_owned(), n.clone());
                        self.named(node, pointer, &n)?;
                        n
                    }
                };
                Ok((Ty::Named(name), set))
            }
            Kind::Other => self.plain(node, pointer, ctx).map(|t| (t, set)),
        }
    }

    /// Rules 4 and 5 of the module docs.
    fn plain(&mut self, node: &Json, pointer: &str, ctx: &str) -> Result<Ty> {
        let types: Vec<&str> = match node.get("type") {
            Some(Json::String(t)) => vec![t.as_str()],
            Some(Json::Array(ts)) => ts
                .iter()
                .filter_map(Json::as_str)
                .filter(|t| *t != "null")
                .collect(),
            _ => vec![],
        };
        match types[..] {
            [] if node.get("patternProperties").is_some() => self.map(node, pointer, ctx),
            [] => {
                for (i, b) in branches(node).enumerate() {
                    if b.get("$ref").is_some()
                        || b.get("type").is_some()
                        || b.get("properties").is_some()
                    {
                        // Branch pointers are approximate (one list for oneOf/anyOf/allOf);
                        // they only key inline names.
                        return Ok(self.ty(b, &format!("{pointer}/oneOf/{i}"), ctx)?.0);
                    }
                }
                self.notes.push(format!(
                    "{}{pointer}: no type, free-form JSON",
                    self.type_name
                ));
                Ok(Ty::Json)
            }
            ["string"] => Ok(Ty::String),
            ["integer"] => Ok(Ty::Integer),
            ["number"] => Ok(Ty::Number),
            ["boolean"] => Ok(Ty::Boolean),
            ["array"] => match node.get("items") {
                Some(items) if items.is_object() => {
                    let (t, _) = self.ty(items, &format!("{pointer}/items"), ctx)?;
                    Ok(Ty::List(Box::new(t)))
                }
                _ => Ok(Ty::List(Box::new(Ty::Json))),
            },
            ["object"] => self.map(node, pointer, ctx),
            _ => Ok(Ty::Json),
        }
    }

    /// An object without properties: a map when its values have one type.
    fn map(&mut self, node: &Json, pointer: &str, ctx: &str) -> Result<Ty> {
        let mut value_types = BTreeSet::new();
        let mut vt = Vec::new();
        for (pattern, schema) in node
            .get("patternProperties")
            .and_then(Json::as_object)
            .into_iter()
            .flatten()
        {
            let (t, _) = self.ty(
                schema,
                &format!("{pointer}/patternProperties/{pattern}"),
                ctx,
            )?;
            if value_types.insert(format!("{t:?}")) {
                vt.push(t);
            }
        }
        if let Some(schema) = node.get("additionalProperties").filter(|s| s.is_object()) {
            let (t, _) = self.ty(schema, &format!("{pointer}/additionalProperties"), ctx)?;
            if value_types.insert(format!("{t:?}")) {
                vt.push(t);
            }
        }
        match <[Ty; 1]>::try_from(vt) {
            Ok([t]) => Ok(Ty::Map(Box::new(t))),
            Err(_) => Ok(Ty::Json),
        }
    }
}

fn enumeration(name: &str, doc: Vec<String>, node: &Json) -> Enum {
    // `SELF` (CloudFormation StackSet `CallAs`) must not become the keyword `Self`.
    let mut ns = Namespace::with_reserved(&["Self"]);
    let values = node
        .get("enum")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(Json::as_str);
    let mut seen = BTreeSet::new();
    let variants = values
        .filter(|v| seen.insert(*v))
        .map(|v| Variant {
            name: ns.claim(&camel(v), "Value"),
            value: v.to_owned(),
        })
        .collect();
    Enum {
        name: name.to_owned(),
        doc,
        variants,
    }
}

/// Boxes every field that closes a cycle of direct (not via list or map) struct fields,
/// so the structs have a finite size.
fn box_cycles(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, BTreeSet<String>> = types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Struct(s) => Some((
                s.name.clone(),
                s.fields
                    .iter()
                    .filter_map(|f| match &f.ty {
                        Ty::Named(n) => Some(n.clone()),
                        _ => None,
                    })
                    .collect(),
            )),
            TypeDef::Enum(_) => None,
        })
        .collect();
    let reaches = |from: &str, to: &str| {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(edges.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    for t in types {
        if let TypeDef::Struct(s) = t {
            for f in &mut s.fields {
                if let Ty::Named(n) = &f.ty {
                    f.boxed = edges.contains_key(n) && reaches(n, &s.name);
                }
            }
        }
    }
}
