//! The generator: its rules on small hand-made schemas (each an ugly case met in the real
//! ones), and the committed `constructs-aws` against cfn-lint's real schemas.

use super::model::{Ty, TypeDef};
use super::*;
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;

fn lower(schema: Json) -> model::Resource {
    let mut notes = Vec::new();
    lower::resource("AWS::Test::Thing", &schema, &mut notes).expect("lowers")
}

fn field<'a>(s: &'a model::Struct, cfn: &str) -> &'a model::Field {
    s.fields
        .iter()
        .find(|f| f.cfn_name == cfn)
        .unwrap_or_else(|| panic!("no field {cfn} in {}", s.name))
}

fn type_def<'a>(r: &'a model::Resource, name: &str) -> &'a TypeDef {
    r.types
        .iter()
        .find(|t| match t {
            TypeDef::Struct(s) => s.name == name,
            TypeDef::Enum(e) => e.name == name,
        })
        .unwrap_or_else(|| panic!("no type {name}"))
}

/// A schema with one of everything the allowlisted schemas contain.
fn kitchen_sink() -> Json {
    json!({
        "typeName": "AWS::Test::Thing",
        "description": "A thing.\nSecond paragraph, dropped.",
        "additionalProperties": false,
        "definitions": {
            "Tag": {"type": "object", "properties": {"Key": {"type": "string"}, "Value": {"type": "string"}}, "required": ["Key", "Value"]},
            "Value": {"type": "object", "properties": {"Amount": {"type": "number"}}},
            "Mode": {"type": "string", "enum": ["aws:kms", "AES256", "SELF", "1"]},
            "Alias": {"type": "string", "maxLength": 10},
            "ModeList": {"type": "array", "insertionOrder": false, "items": {"$ref": "#/definitions/Mode"}},
            "Format": {"type": "object", "oneOf": [
                {"properties": {"Simple": {"type": "object", "additionalProperties": false}}, "required": ["Simple"]},
                {"properties": {"Partitioned": {"$ref": "#/definitions/Value"}}, "required": ["Partitioned"]}
            ]},
            "Statement": {"type": "object", "properties": {
                "Not": {"$ref": "#/definitions/NotStatement"},
                "And": {"type": "array", "items": {"$ref": "#/definitions/Statement"}}
            }},
            "NotStatement": {"type": "object", "properties": {"Statement": {"$ref": "#/definitions/Statement"}}, "required": ["Statement"]},
            "KeySchema": {"type": "array", "items": {"type": "object", "properties": {"AttributeName": {"type": "string"}}}, "properties": {"AttributeName": {}}}
        },
        "properties": {
            "Arn": {"type": "string"},
            "Name": {"$ref": "#/definitions/Alias", "description": "The name."},
            "Type": {"type": "string", "enum": ["a", "b"]},
            "Policy": {"type": ["object", "string"]},
            "Flag": {"type": ["boolean", "null"]},
            "Labels": {"type": "object", "patternProperties": {"^.+$": {"type": "string"}}},
            "Anything": {"type": "object"},
            "Tags": {"type": "array", "insertionOrder": false, "items": {"$ref": "#/definitions/Tag"}},
            "Modes": {"$ref": "#/definitions/ModeList"},
            "Format": {"$ref": "#/definitions/Format"},
            "Statement": {"$ref": "#/definitions/Statement"},
            "Count": {"type": "integer"},
            "KeyId": {"type": "string", "anyOf": [{"format": "AWS::KMS::Key.Arn"}, {"format": "AWS::KMS::Key.Id"}]},
            "Keys": {"oneOf": [{"$ref": "#/definitions/KeySchema"}, {"type": ["object", "string"], "format": "json"}]},
            "Untyped": {"description": "no type at all"},
            "Endpoint": {"type": "object", "properties": {"Address": {"type": "string", "description": "The host."}}}
        },
        "required": ["Name", "Type"],
        "readOnlyProperties": ["/properties/Arn", "/properties/Endpoint/Address", "/properties/Items/*/Id"],
        "createOnlyProperties": ["/properties/Name"]
    })
}

#[test]
fn fields_follow_the_rules() {
    let r = lower(kitchen_sink());
    let s = &r.shape;
    assert_eq!(s.name, "Thing");
    assert_eq!(r.module, "thing");
    assert!(
        s.fields.iter().all(|f| f.cfn_name != "Arn"),
        "read-only properties are attributes, not fields"
    );
    // A $ref to a plain string definition is inlined; required and create-only noted.
    let name = field(s, "Name");
    assert_eq!((name.ty.clone(), name.required), (Ty::String, true));
    assert!(
        name.doc.iter().any(|l| l.contains("replaces the resource")),
        "{:?}",
        name.doc
    );
    // Keywords get a trailing underscore; inline enums are named after the property.
    let ty = field(s, "Type");
    assert_eq!(
        (ty.rust_name.as_str(), &ty.ty),
        ("type_", &Ty::Named("Type".into()))
    );
    assert_eq!(field(s, "Policy").ty, Ty::Json);
    assert_eq!(field(s, "Flag").ty, Ty::Boolean);
    assert_eq!(field(s, "Labels").ty, Ty::Map(Box::new(Ty::String)));
    assert_eq!(field(s, "Anything").ty, Ty::Json);
    assert_eq!(field(s, "Untyped").ty, Ty::Json);
    assert_eq!(field(s, "Count").ty, Ty::Integer);
    // Format-only anyOf branches are constraints: still a string.
    assert_eq!(field(s, "KeyId").ty, Ty::String);
    // oneOf without a type: the first typed branch (the list, not its JSON-string twin);
    // `properties` on an array definition does not make it a struct.
    assert_eq!(
        field(s, "Keys").ty,
        Ty::List(Box::new(Ty::Named("KeySchema".into())))
    );
    // Sets: on the property, or on the definition it refers to.
    let tags = field(s, "Tags");
    assert!(tags.sorted && tags.ty == Ty::List(Box::new(Ty::Named("Tag".into()))));
    let modes = field(s, "Modes");
    assert!(modes.sorted && modes.ty == Ty::List(Box::new(Ty::Named("Mode".into()))));
    assert!(!field(s, "Count").sorted);
}

#[test]
fn names_avoid_keywords_and_imports() {
    let r = lower(kitchen_sink());
    // A definition called `Value` would shadow `constructs_core::Value`.
    assert!(matches!(type_def(&r, "ValueProperty"), TypeDef::Struct(_)));
    let TypeDef::Enum(mode) = type_def(&r, "Mode") else {
        panic!("Mode is an enum")
    };
    let variants: Vec<(&str, &str)> = mode
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("AwsKms", "aws:kms"),
            ("Aes256", "AES256"),
            ("SelfValue", "SELF"),
            ("V1", "1")
        ]
    );
}

#[test]
fn one_of_branches_merge_into_optional_fields() {
    let r = lower(kitchen_sink());
    let TypeDef::Struct(format) = type_def(&r, "Format") else {
        panic!("Format is a struct")
    };
    let fields: Vec<(&str, bool)> = format
        .fields
        .iter()
        .map(|f| (f.cfn_name.as_str(), f.required))
        .collect();
    assert_eq!(fields, [("Partitioned", false), ("Simple", false)]);
    assert_eq!(field(format, "Simple").ty, Ty::Json);
}

#[test]
fn cycles_are_boxed_and_lists_are_not() {
    let r = lower(kitchen_sink());
    let TypeDef::Struct(statement) = type_def(&r, "Statement") else {
        panic!()
    };
    let TypeDef::Struct(not) = type_def(&r, "NotStatement") else {
        panic!()
    };
    assert!(field(statement, "Not").boxed);
    assert!(field(not, "Statement").boxed);
    assert!(
        !field(statement, "And").boxed,
        "a Vec already gives the indirection"
    );
    assert!(
        !field(&r.shape, "Statement").boxed,
        "nothing refers back to the resource"
    );
}

#[test]
fn attributes_are_dotted_and_skip_list_elements() {
    let r = lower(kitchen_sink());
    let attrs: Vec<(&str, &str)> = r
        .attributes
        .iter()
        .map(|a| (a.variant.as_str(), a.name.as_str()))
        .collect();
    assert_eq!(
        attrs,
        [("Arn", "Arn"), ("EndpointAddress", "Endpoint.Address")]
    );
    assert_eq!(r.attributes[1].doc, ["The host."]);
    assert_eq!(r.tags, "List");
}

#[test]
fn bad_schemas_are_errors_not_panics() {
    let mut notes = Vec::new();
    let missing = json!({"properties": {"A": {"$ref": "#/definitions/Nope"}}});
    let err =
        lower::resource("AWS::Test::Thing", &missing, &mut notes).expect_err("missing definition");
    assert!(err.to_string().contains("missing definition"), "{err}");
    let external = json!({"properties": {"A": {"$ref": "other.json#/x"}}});
    assert!(lower::resource("AWS::Test::Thing", &external, &mut notes).is_err());
    let looping = json!({"definitions": {"L": {"type": "array", "items": {"$ref": "#/definitions/L"}}},
                         "properties": {"A": {"$ref": "#/definitions/L"}}});
    let err = lower::resource("AWS::Test::Thing", &looping, &mut notes)
        .expect_err("self-inlining definition");
    assert!(err.to_string().contains("nest too deep"), "{err}");
    assert!(lower::resource("Thing", &json!({}), &mut notes).is_err());
}

/// The Rust text of the kitchen-sink schema, as a reviewed snapshot.
#[test]
fn emitted_module_snapshot() {
    let r = lower(kitchen_sink());
    let origin = emit::Origin {
        cfn_lint_version: "test".into(),
        schema_date: "test".into(),
    };
    let text = emit::service_rs(&emit::engine().expect("templates"), &origin, "Test", &[r])
        .expect("emits");
    insta::assert_snapshot!("kitchen_sink_module", text);
}

/// The schemas folder for the real-schema test: `$SDS_TOOLS` (then it must be complete),
/// else the workspace's `.tools`; without either the test is skipped, unless `CI=true`.
fn real_schema_dir() -> Option<PathBuf> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    match std::env::var_os("SDS_TOOLS") {
        Some(tools) => Some(
            schema::find_in_tools(Path::new(&tools)).expect("SDS_TOOLS is set but has no cfn-lint"),
        ),
        None => match default_schema_dir() {
            Ok(dir) => Some(dir),
            Err(e) if ci => panic!("CI=true and cfn-lint's schemas are missing: {e:#}"),
            Err(e) => {
                eprintln!("note: skipping the constructs-aws staleness test: {e:#}");
                None
            }
        },
    }
}

#[test]
fn committed_constructs_aws_is_up_to_date() {
    let Some(dir) = real_schema_dir() else { return };
    let generated = generate(&dir).expect("generates from the real schemas");
    let out = default_out_dir();
    let mut stale: Vec<String> = generated
        .files
        .iter()
        .filter(|(name, text)| {
            std::fs::read_to_string(out.join(name)).ok().as_deref() != Some(text.as_str())
        })
        .map(|(name, _)| name.clone())
        .collect();
    stale.extend(
        stale_files(&out, &generated)
            .expect("lists constructs-aws/src")
            .iter()
            .map(|p| p.display().to_string()),
    );
    assert!(
        stale.is_empty(),
        "constructs-aws is stale ({}): run `cargo run -- codegen` and commit constructs/constructs-aws/src",
        stale.join(", ")
    );
}

#[test]
fn every_allowlisted_type_exists_once() {
    let mut seen = std::collections::BTreeSet::new();
    for t in allowlist::RESOURCE_TYPES {
        assert!(seen.insert(t), "{t} listed twice");
        assert_eq!(t.split("::").count(), 3, "{t}");
    }
    let Some(dir) = real_schema_dir() else { return };
    let schemas = schema::SchemaSet::open(&dir).expect("opens");
    for t in allowlist::RESOURCE_TYPES {
        schemas.resource(t).unwrap_or_else(|e| panic!("{e:#}"));
    }
    assert!(schemas.resource("AWS::Nope::Nothing").is_err());
}

/// A scratch folder under the system temp dir, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sds-codegen-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creates a scratch dir");
    dir
}

/// A cfn-lint-shaped schema folder holding `schemas` (type name, hash, file text).
fn fake_schemas(name: &str, schemas: &[(&str, &str, String)]) -> PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("providers")).expect("mkdir");
    std::fs::create_dir_all(dir.join("resources")).expect("mkdir");
    std::fs::write(
        dir.join("version.json"),
        r#"{"schema_date": "2026-01-01T00:00:00Z"}"#,
    )
    .expect("write");
    let index: BTreeMap<&str, &str> = schemas.iter().map(|(t, h, _)| (*t, *h)).collect();
    std::fs::write(
        dir.join("providers/us-east-1.json"),
        serde_json::to_string(&index).expect("json"),
    )
    .expect("write");
    for (_, hash, text) in schemas {
        if !hash.contains('/') {
            std::fs::write(dir.join("resources").join(format!("{hash}.json")), text)
                .expect("write");
        }
    }
    dir
}

#[test]
fn schema_folder_problems_are_clear_errors() {
    let missing = schema::SchemaSet::open(Path::new("/nonexistent/schemas"))
        .err()
        .expect("fails");
    assert!(
        format!("{missing:#}").contains("providers/us-east-1.json"),
        "{missing:#}"
    );

    let other = json!({"typeName": "AWS::Test::Other", "properties": {}}).to_string();
    let dir = fake_schemas(
        "errors",
        &[
            ("AWS::Test::Broken", "b1", "{not json".to_owned()),
            ("AWS::Test::Escape", "../../etc/passwd", String::new()),
            ("AWS::Test::Thing", "t1", other),
        ],
    );
    let set = schema::SchemaSet::open(&dir).expect("opens");
    assert_eq!(set.schema_date, "2026-01-01T00:00:00Z");
    assert_eq!(set.cfn_lint_version, "unknown");
    let msg = |t: &str| format!("{:#}", set.resource(t).expect_err("fails"));
    assert!(
        msg("AWS::Test::Broken").contains("parsing"),
        "{}",
        msg("AWS::Test::Broken")
    );
    assert!(msg("AWS::Test::Escape").contains("unexpected schema file name"));
    assert!(msg("AWS::Test::Thing").contains("describes another type"));
    assert!(msg("AWS::Test::Nope").contains("check the spelling in the allowlist"));

    // Every failing type is reported at once.
    let err = generate_types(&dir, &["AWS::Test::Broken", "AWS::Test::Thing"])
        .err()
        .expect("fails");
    let text = format!("{err:#}");
    assert!(
        text.contains("2 of 2 types failed") && text.contains("Broken") && text.contains("Thing"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn write_touches_only_changed_files_and_removes_stale_generated_ones() {
    let schemas = fake_schemas(
        "write-in",
        &[("AWS::Test::Thing", "t1", kitchen_sink().to_string())],
    );
    let generated = generate_types(&schemas, &["AWS::Test::Thing"]).expect("generates");
    assert_eq!(
        generated.files.keys().collect::<Vec<_>>(),
        ["lib.rs", "test.rs"]
    );

    let out = scratch("write-out");
    std::fs::write(out.join("render.rs"), "// hand-written\n").expect("write");
    std::fs::write(
        out.join("old.rs"),
        format!("{HEADER} from an older allowlist\n"),
    )
    .expect("write");
    let first = write(&generated, &out).expect("writes");
    assert_eq!(
        (
            first.files_written,
            first.files_unchanged,
            first.files_deleted
        ),
        (2, 0, 1)
    );
    assert!(
        !out.join("old.rs").exists(),
        "a generated module no longer produced is deleted"
    );
    assert!(out.join("render.rs").exists(), "hand-written files stay");

    let second = write(&generated, &out).expect("writes");
    assert_eq!(
        (
            second.files_written,
            second.files_unchanged,
            second.files_deleted
        ),
        (0, 2, 0)
    );
    assert!(write(&generated, &out.join("missing")).is_err());
    let _ = std::fs::remove_dir_all(&schemas);
    let _ = std::fs::remove_dir_all(&out);
}
