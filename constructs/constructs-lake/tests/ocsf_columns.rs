//! Generates `src/ocsf_columns.rs` from the raw OCSF 1.1.0 schema in `../shared/ocsf-1.1.0`
//! and fails when the committed file is stale. The rules are documented in `src/ocsf.rs`.
//!
//! Regenerate with: `SDS_UPDATE_GENERATED=1 cargo test -p constructs-lake --test ocsf_columns`.
//! The schema folder is `$SDS_SHARED/ocsf-1.1.0`, else `../shared/ocsf-1.1.0` beside the
//! workspace. Without it the test skips with a note, unless `CI=true`, where it fails.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// The classes the lake stores (DESIGN.md's table of sources), by OCSF name.
const CLASSES: &[&str] = &[
    "account_change",
    "api_activity",
    "authentication",
    "compliance_finding",
    "detection_finding",
    "dns_activity",
    "http_activity",
    "network_activity",
    "vulnerability_finding",
];

/// Keep in step with `constructs_lake::ocsf::MAX_OBJECT_DEPTH`.
const MAX_OBJECT_DEPTH: usize = constructs_lake::ocsf::MAX_OBJECT_DEPTH;

type Obj = Map<String, Value>;

fn read_json(path: &Path) -> Obj {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Object(o)) => o,
        Ok(_) => panic!("{}: not a JSON object", path.display()),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

fn str_field<'a>(o: &'a Obj, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str)
}

/// Every `*.json` under `dir`, recursively, keyed by the definition's `name`.
fn load_named(dir: &Path, out: &mut BTreeMap<String, Obj>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            load_named(&path, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            let def = read_json(&path);
            let name = str_field(&def, "name")
                .expect("definition has a name")
                .to_owned();
            out.insert(name, def);
        }
    }
}

struct Schema {
    root: PathBuf,
    dictionary: Obj,
    types: Obj,
    objects: BTreeMap<String, Obj>,
    events: BTreeMap<String, Obj>,
    categories: Obj,
}

impl Schema {
    fn load(root: &Path) -> Schema {
        let dictionary = read_json(&root.join("dictionary.json"));
        let attrs = |o: &Obj, k: &str| -> Obj {
            o.get(k)
                .and_then(|t| t.get("attributes"))
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let types = attrs(&dictionary, "types");
        let dictionary = dictionary
            .get("attributes")
            .and_then(Value::as_object)
            .cloned()
            .expect("dictionary attributes");
        let categories = read_json(&root.join("categories.json"));
        let categories = categories
            .get("attributes")
            .and_then(Value::as_object)
            .cloned()
            .expect("categories");
        let mut objects = BTreeMap::new();
        load_named(&root.join("objects"), &mut objects);
        let mut events = BTreeMap::new();
        load_named(&root.join("events"), &mut events);
        Schema {
            root: root.to_owned(),
            dictionary,
            types,
            objects,
            events,
            categories,
        }
    }

    /// The attributes of a definition with its `extends` chain and `$include`s resolved;
    /// a later definition's keys override an earlier one's.
    fn attributes(&self, def: &Obj, table: &BTreeMap<String, Obj>) -> BTreeMap<String, Obj> {
        let mut out = BTreeMap::new();
        if let Some(parent) = str_field(def, "extends").and_then(|p| table.get(p)) {
            out = self.attributes(parent, table);
        }
        let Some(attrs) = def.get("attributes").and_then(Value::as_object) else {
            return out;
        };
        let includes = attrs
            .get("$include")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for inc in includes.iter().filter_map(Value::as_str) {
            let included = read_json(&self.root.join(inc));
            let inc_attrs = included
                .get("attributes")
                .and_then(Value::as_object)
                .cloned();
            for (k, v) in inc_attrs.unwrap_or_default() {
                merge(&mut out, k, v);
            }
        }
        for (k, v) in attrs {
            if k != "$include" {
                merge(&mut out, k.clone(), v.clone());
            }
        }
        out
    }

    /// The Glue type of a primitive OCSF type, following `type` links to the base type.
    fn primitive<'a>(&'a self, mut ty: &'a str) -> &'static str {
        while let Some(base) = self
            .types
            .get(ty)
            .and_then(|t| t.get("type"))
            .and_then(Value::as_str)
        {
            ty = base;
        }
        match ty {
            "boolean_t" => "boolean",
            "integer_t" => "int",
            "long_t" => "bigint",
            "float_t" => "double",
            "string_t" | "json_t" => "string",
            other => panic!("unknown OCSF base type {other}"),
        }
    }

    /// The Glue type of attribute `name` at `depth`, `None` when the rules leave it out.
    fn glue_type(&self, name: &str, spec: &Obj, depth: usize, stack: &[String]) -> Option<String> {
        let dict = self.dictionary.get(name).and_then(Value::as_object);
        let field = |k: &str| spec.get(k).or_else(|| dict.and_then(|d| d.get(k)));
        let ty = field("type")
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no type for {name}"));
        let is_array = field("is_array").and_then(Value::as_bool).unwrap_or(false);
        let inner = if ty == "object" {
            "map<string,string>".to_owned()
        } else if ty.ends_with("_t") {
            self.primitive(ty).to_owned()
        } else {
            if depth > MAX_OBJECT_DEPTH || stack.iter().any(|s| s == ty) {
                return None;
            }
            let mut stack = stack.to_vec();
            stack.push(ty.to_owned());
            self.struct_type(ty, depth, &stack)?
        };
        Some(if is_array {
            format!("array<{inner}>")
        } else {
            inner
        })
    }

    fn struct_type(&self, object: &str, depth: usize, stack: &[String]) -> Option<String> {
        let def = self
            .objects
            .get(object)
            .unwrap_or_else(|| panic!("unknown object {object}"));
        let fields: Vec<String> = self
            .attributes(def, &self.objects)
            .iter()
            .filter_map(|(k, v)| Some(format!("{k}:{}", self.glue_type(k, v, depth + 1, stack)?)))
            .collect();
        (!fields.is_empty()).then(|| format!("struct<{}>", fields.join(",")))
    }

    fn class_uid(&self, event: &Obj) -> u32 {
        // The category may be declared on a class this one extends.
        let mut def = event;
        let category = loop {
            if let Some(c) = str_field(def, "category") {
                break c;
            }
            def = str_field(def, "extends")
                .and_then(|p| self.events.get(p))
                .expect("class category");
        };
        let cat_uid = self.categories[category]["uid"]
            .as_u64()
            .expect("category uid");
        let uid = event["uid"].as_u64().expect("class uid");
        u32::try_from(cat_uid * 1000 + uid).expect("class uid fits")
    }
}

fn merge(out: &mut BTreeMap<String, Obj>, key: String, value: Value) {
    let entry = out.entry(key).or_default();
    if let Value::Object(v) = value {
        entry.extend(v);
    }
}

fn generate(schema: &Schema) -> String {
    let mut out = String::new();
    out.push_str(
        "//! GENERATED by `tests/ocsf_columns.rs` from the OCSF 1.1.0 schema: do not edit.\n\
         //! Regenerate: `SDS_UPDATE_GENERATED=1 cargo test -p constructs-lake --test ocsf_columns`.\n\
         //! Rules: see `crate::ocsf`.\n\n\
         use crate::ocsf::{Column, OcsfClass};\n\n\
         /// The OCSF classes the lake stores, sorted by name.\n\
         pub static CLASSES: &[OcsfClass] = &[\n",
    );
    let mut seen = BTreeSet::new();
    for name in CLASSES {
        assert!(seen.insert(*name), "duplicate class {name}");
        let event = schema
            .events
            .get(*name)
            .unwrap_or_else(|| panic!("unknown class {name}"));
        let caption = str_field(event, "caption").expect("caption");
        let _ = writeln!(
            out,
            "    OcsfClass {{\n        name: {name:?},\n        uid: {},\n        caption: {caption:?},\n        columns: &[",
            schema.class_uid(event)
        );
        for (attr, spec) in schema.attributes(event, &schema.events) {
            if let Some(ty) = schema.glue_type(&attr, &spec, 1, &[]) {
                let _ = writeln!(
                    out,
                    "            Column {{ name: {attr:?}, glue_type: {ty:?} }},"
                );
            }
        }
        out.push_str("        ],\n    },\n");
    }
    out.push_str("];\n\n");
    let json: Vec<&str> = schema
        .dictionary
        .iter()
        .filter(|(_, d)| d.get("type").and_then(Value::as_str) == Some("json_t"))
        .map(|(k, _)| k.as_str())
        .collect();
    let _ = writeln!(
        out,
        "/// Attributes of OCSF type `json_t`: any JSON value, stored as JSON text in a `string`\n\
         /// column.\n\
         pub static JSON_ATTRIBUTES: &[&str] = &{json:?};"
    );
    out
}

fn schema_dir() -> Option<PathBuf> {
    let shared = std::env::var_os("SDS_SHARED")
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("ocsf-1.1.0");
    dir.join("dictionary.json").is_file().then_some(dir)
}

#[test]
fn generated_columns_are_fresh() {
    let Some(dir) = schema_dir() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but the OCSF schema folder is missing: set SDS_SHARED to the folder holding ocsf-1.1.0"
        );
        eprintln!("note: skipped, no OCSF schema folder (set SDS_SHARED)");
        return;
    };
    let generated = generate(&Schema::load(&dir));
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ocsf_columns.rs");
    let committed = std::fs::read_to_string(&target).unwrap_or_default();
    if generated == committed {
        return;
    }
    if std::env::var_os("SDS_UPDATE_GENERATED").is_some() {
        std::fs::write(&target, generated).expect("write ocsf_columns.rs");
        eprintln!("note: rewrote {}", target.display());
    } else {
        panic!(
            "src/ocsf_columns.rs is stale: run SDS_UPDATE_GENERATED=1 cargo test -p constructs-lake --test ocsf_columns"
        );
    }
}
