//! The contract between the runtime and the lake's tables (invariant 3): every OCSF event
//! in the runtime's golden snapshots (`runtime/normalize/golden/snapshots/*.snap`) fits the
//! Glue columns of its class, so Firehose's JSON-to-Parquet conversion keeps every field.
//!
//! The crates do not depend on each other; this test reads the runtime's committed
//! snapshot files. An event fits when its class is a lake class, each of its fields is a
//! column (or a struct field of one) and each value has the column's kind. Two OCSF types
//! take any JSON and are exempt below their top: `json_t` attributes (`data`...: stored as
//! JSON text) and the untyped `unmapped` object (`map<string,string>`, values as text).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use constructs_lake::env::Source;
use constructs_lake::ocsf::{OcsfClass, CLASSES, JSON_ATTRIBUTES};
use constructs_lake::tables::classes_of;
use serde_json::Value;

/// A parsed Glue (Hive DDL) type.
#[derive(Debug, Clone, PartialEq)]
enum Glue {
    Scalar(String),
    Array(Box<Glue>),
    Map,
    Struct(BTreeMap<String, Glue>),
}

/// Parses one Glue type at the start of `s`; returns it and the rest of `s`.
fn parse(s: &str) -> Result<(Glue, &str), String> {
    if let Some(rest) = s.strip_prefix("struct<") {
        let mut fields = BTreeMap::new();
        let mut rest = rest;
        loop {
            if let Some(r) = rest.strip_prefix('>') {
                return Ok((Glue::Struct(fields), r));
            }
            let colon = rest.find(':').ok_or_else(|| format!("no `:` in {rest}"))?;
            let name = rest[..colon].to_owned();
            let (ty, r) = parse(&rest[colon + 1..])?;
            fields.insert(name, ty);
            rest = r.strip_prefix(',').unwrap_or(r);
        }
    } else if let Some(rest) = s.strip_prefix("array<") {
        let (inner, r) = parse(rest)?;
        let r = r
            .strip_prefix('>')
            .ok_or_else(|| format!("unclosed array before {r}"))?;
        Ok((Glue::Array(Box::new(inner)), r))
    } else if let Some(rest) = s.strip_prefix("map<string,string>") {
        Ok((Glue::Map, rest))
    } else {
        let end = s.find([',', '>']).unwrap_or(s.len());
        Ok((Glue::Scalar(s[..end].to_owned()), &s[end..]))
    }
}

fn columns(class: &OcsfClass) -> Glue {
    let fields = class
        .columns
        .iter()
        .map(|c| match parse(c.glue_type) {
            Ok((ty, "")) => (c.name.to_owned(), ty),
            other => panic!(
                "{}.{}: cannot parse {}: {other:?}",
                class.name, c.name, c.glue_type
            ),
        })
        .collect();
    Glue::Struct(fields)
}

/// Every place where `value` does not fit `ty`, as `path: problem`.
fn misfits(value: &Value, ty: &Glue, path: &str, out: &mut Vec<String>) {
    let name = path.rsplit(['.', '[']).next().unwrap_or(path);
    if JSON_ATTRIBUTES.contains(&name) && *ty == Glue::Scalar("string".into()) {
        return;
    }
    match (value, ty) {
        (Value::Null, _) | (_, Glue::Map) => {}
        (Value::Object(o), Glue::Struct(fields)) => {
            for (k, v) in o {
                match fields.get(k) {
                    Some(t) => misfits(v, t, &format!("{path}.{k}"), out),
                    None => out.push(format!("{path}.{k}: no such column or struct field")),
                }
            }
        }
        (Value::Array(items), Glue::Array(inner)) => {
            for v in items {
                misfits(v, inner, &format!("{path}[]"), out);
            }
        }
        (Value::String(_), Glue::Scalar(t)) if t == "string" => {}
        (Value::Bool(_), Glue::Scalar(t)) if t == "boolean" => {}
        (Value::Number(n), Glue::Scalar(t)) => {
            let fits = match t.as_str() {
                "int" => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
                "bigint" => n.as_i64().is_some(),
                "double" => true,
                _ => false,
            };
            if !fits {
                out.push(format!("{path}: {n} does not fit {t}"));
            }
        }
        (v, t) => out.push(format!("{path}: {v} is not a {t:?}")),
    }
}

/// The OCSF classes the lake has tables for, for the runtime's golden folder `folder`
/// (`elb` holds the ALB, NLB and Classic ELB cases); `None` for an unknown folder.
fn lake_classes(folder: &str) -> Option<Vec<&'static str>> {
    let sources: Vec<Source> = match folder {
        "elb" => vec![Source::Alb, Source::Nlb, Source::Elb],
        name => Source::ALL
            .into_iter()
            .filter(|s| s.as_str() == name)
            .collect(),
    };
    (!sources.is_empty()).then(|| {
        sources
            .into_iter()
            .flat_map(|s| classes_of(s).iter().copied())
            .collect()
    })
}

/// The events of one golden snapshot: the JSON object after each `--- event N ---` line.
fn events(text: &str) -> Vec<Value> {
    text.split("\n--- event ")
        .skip(1)
        .filter_map(|part| {
            let json = &part[part.find('\n')? + 1..];
            serde_json::Deserializer::from_str(json)
                .into_iter::<Value>()
                .next()?
                .ok()
        })
        .collect()
}

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../runtime/normalize/golden/snapshots")
}

#[test]
fn glue_types_parse() {
    for class in CLASSES {
        let Glue::Struct(fields) = columns(class) else {
            unreachable!()
        };
        assert_eq!(fields.len(), class.columns.len());
    }
    assert_eq!(
        parse("struct<a:array<int>,b:map<string,string>>"),
        Ok((
            Glue::Struct(BTreeMap::from([
                (
                    "a".to_owned(),
                    Glue::Array(Box::new(Glue::Scalar("int".into())))
                ),
                ("b".to_owned(), Glue::Map),
            ])),
            ""
        ))
    );
}

#[test]
fn misfits_are_found() {
    let ty = parse("struct<a:int,b:struct<c:string>,data:string>")
        .map(|(t, _)| t)
        .unwrap_or(Glue::Map);
    let mut out = Vec::new();
    let event =
        serde_json::json!({"a": 3_000_000_000_i64, "b": {"c": 1, "d": "x"}, "data": {"any": [1]}});
    misfits(&event, &ty, "t", &mut out);
    assert_eq!(
        out,
        [
            "t.a: 3000000000 does not fit int",
            "t.b.c: 1 does not fit string",
            "t.b.d: no such column or struct field"
        ]
    );
}

#[test]
fn runtime_golden_events_fit_the_lake_tables() {
    let dir = snapshot_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but {} is missing",
            dir.display()
        );
        eprintln!(
            "note: skipped, no runtime golden snapshots at {}",
            dir.display()
        );
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let tables: BTreeMap<u64, (&OcsfClass, Glue)> = CLASSES
        .iter()
        .map(|c| (u64::from(c.uid), (c, columns(c))))
        .collect();
    let mut checked = 0;
    let mut problems = Vec::new();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "snap"))
    {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (i, event) in events(&text).iter().enumerate() {
            checked += 1;
            let uid = event["class_uid"].as_u64().unwrap_or_default();
            let Some((class, ty)) = tables.get(&uid) else {
                problems.push(format!(
                    "{file} event {}: class_uid {uid} has no lake table",
                    i + 1
                ));
                continue;
            };
            // The class must be one the lake keeps a table for, for this source.
            let folder = file.split("__").next().unwrap_or_default();
            match lake_classes(folder) {
                Some(allowed) if !allowed.contains(&class.name) => problems.push(format!(
                    "{file} event {}: the lake has no {} table for `{folder}` (tables::classes_of)",
                    i + 1,
                    class.name
                )),
                _ => {}
            }
            let mut out = Vec::new();
            misfits(event, ty, class.name, &mut out);
            problems.extend(
                out.into_iter()
                    .map(|p| format!("{file} event {}: {p}", i + 1)),
            );
        }
    }
    eprintln!("checked {checked} runtime events against the lake tables");
    assert!(
        checked > 0 || paths.is_empty(),
        "snapshots found but no events parsed"
    );
    assert!(
        problems.is_empty(),
        "{} misfit(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn golden_folders_map_to_lake_sources() {
    assert_eq!(
        lake_classes("elb"),
        Some(vec!["http_activity", "network_activity", "http_activity"])
    );
    assert_eq!(lake_classes("health"), Some(vec!["detection_finding"]));
    assert_eq!(lake_classes("golden_support"), None);
}
