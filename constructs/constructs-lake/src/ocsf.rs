//! The OCSF 1.1.0 classes the lake stores, as Glue column lists.
//!
//! The lists live in `ocsf_columns.rs`, generated once from the raw OCSF schema by the
//! test `tests/ocsf_columns.rs` (this crate is pure and must not read `../shared` at run
//! time). The rules the generator applies, so Security Lake subscribers and Athena can
//! read the tables:
//!
//! - every attribute of the class is a column: those of the class, of the classes it
//!   extends, and of every profile and include the schema files pull in (`cloud`, `host`,
//!   `security_control`...), sorted by name; deprecated attributes stay (they are valid
//!   1.1.0 and producers still write them: `http_status`, `proxy`);
//! - OCSF types map to Glue (Hive) types: `boolean_t` → `boolean`, `integer_t` and
//!   `port_t` → `int`, `long_t` and `timestamp_t` → `bigint` (epoch milliseconds),
//!   `float_t` → `double`, `json_t` and every string type → `string`, the untyped
//!   `object` (`unmapped`) → `map<string,string>` as in Security Lake; objects become
//!   `struct<…>`, arrays `array<…>`;
//! - objects nest at most [`MAX_OBJECT_DEPTH`] levels deep (a top-level object column is
//!   level 1): an object-typed attribute below that, or an object that already encloses
//!   itself (OCSF objects are recursive: `process.parent_process`), is left out. Those
//!   values stay readable in `raw_data`. This keeps all tables of both environments far
//!   under CloudFormation's 1 MB template limit.

/// How deep objects nest in a column type (see the module docs).
pub const MAX_OBJECT_DEPTH: usize = 3;

/// One Glue column: an OCSF attribute and its Glue type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The OCSF attribute name, e.g. `src_endpoint`.
    pub name: &'static str,
    /// The Glue (Hive DDL) type, e.g. `struct<ip:string,port:int>`.
    pub glue_type: &'static str,
}

/// An OCSF 1.1.0 event class and its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OcsfClass {
    /// The class name, e.g. `api_activity`.
    pub name: &'static str,
    /// The class UID, e.g. 6003.
    pub uid: u32,
    /// The human caption, e.g. `API Activity`.
    pub caption: &'static str,
    /// The columns, sorted by name.
    pub columns: &'static [Column],
}

pub use crate::ocsf_columns::{CLASSES, JSON_ATTRIBUTES};

/// The class with this name, if the lake stores it.
pub fn class(name: &str) -> Option<&'static OcsfClass> {
    CLASSES.iter().find(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glue_type(class: &OcsfClass, column: &str) -> Option<&'static str> {
        class
            .columns
            .iter()
            .find(|c| c.name == column)
            .map(|c| c.glue_type)
    }

    #[test]
    fn every_class_has_the_base_event_columns_with_security_lake_types() {
        assert_eq!(CLASSES.len(), 9);
        for class in CLASSES {
            assert_eq!(glue_type(class, "time"), Some("bigint"), "{}", class.name);
            assert_eq!(glue_type(class, "class_uid"), Some("int"), "{}", class.name);
            assert_eq!(
                glue_type(class, "raw_data"),
                Some("string"),
                "{}",
                class.name
            );
            assert_eq!(
                glue_type(class, "unmapped"),
                Some("map<string,string>"),
                "{}",
                class.name
            );
            let cloud = glue_type(class, "cloud").unwrap_or_default();
            assert!(cloud.contains("region:string"), "{}: {cloud}", class.name);
            assert!(glue_type(class, "metadata").is_some_and(|t| t.contains("version:string")));
            let names: Vec<_> = class.columns.iter().map(|c| c.name).collect();
            let mut sorted = names.clone();
            sorted.sort_unstable();
            assert_eq!(names, sorted, "{}: columns are sorted", class.name);
        }
    }

    #[test]
    fn class_uids_match_ocsf() {
        let uids: Vec<(&str, u32)> = CLASSES.iter().map(|c| (c.name, c.uid)).collect();
        assert!(uids.contains(&("api_activity", 6003)));
        assert!(uids.contains(&("http_activity", 4002)));
        assert!(uids.contains(&("detection_finding", 2004)));
        assert_eq!(class("dns_activity").map(|c| c.uid), Some(4003));
        assert_eq!(class("nope"), None);
    }

    #[test]
    fn recursion_and_depth_are_cut() {
        let process = class("detection_finding")
            .and_then(|c| glue_type(c, "actor"))
            .unwrap_or_default();
        // actor.process.parent_process would recurse: a process never encloses a process.
        assert!(!process.contains("parent_process:struct"), "{process}");
        // Arrays of objects stay arrays.
        let http = class("http_activity")
            .and_then(|c| glue_type(c, "http_request"))
            .unwrap_or_default();
        assert!(
            http.contains("http_headers:array<struct<name:string,value:string>>"),
            "{http}"
        );
    }
}
