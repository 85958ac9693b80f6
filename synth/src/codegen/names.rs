//! Rust identifiers from CloudFormation names: `KMSMasterKeyID` -> `kms_master_key_id`,
//! `VPCGatewayAttachment` -> `VpcGatewayAttachment`, `aws:kms:dsse` -> `AwsKmsDsse`.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Rust keywords (strict and reserved) that cannot be field names.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated files import or use unqualified; a schema definition with one
/// of these names gets a `Property` suffix so it cannot shadow them.
pub const RESERVED_TYPES: &[&str] = &[
    "Value", "Expr", "RenderCx", "ToCfn", "BTreeMap", "Props", "String", "Vec", "Option", "Box",
    "Some", "None", "Self", "Default",
];

/// `snake_case` field or module name, with a trailing `_` for keywords.
pub fn snake(name: &str) -> String {
    let s = name.to_snake_case();
    let s = if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{s}")
    } else {
        s
    };
    if KEYWORDS.contains(&s.as_str()) {
        format!("{s}_")
    } else {
        s
    }
}

/// `UpperCamelCase` type or variant name of any string: separators dropped, a leading digit
/// prefixed with `V` (`1` -> `V1`), empty input -> `Empty`.
pub fn camel(name: &str) -> String {
    // heck treats only `_`, `-` and spaces as separators; anything else splits words too.
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let s = cleaned.to_upper_camel_case();
    if s.is_empty() {
        "Empty".to_owned()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{s}")
    } else {
        s
    }
}

/// Hands out unique names within one namespace, deterministically: the first asker gets the
/// name, later ones get the first free of `name2`, `name3`...
#[derive(Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` names are never handed out.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// `base` if free, else `base` + `suffix`, else numbered.
    pub fn claim(&mut self, base: &str, suffix: &str) -> String {
        let mut candidate = base.to_owned();
        let mut n = 1;
        while !self.taken.insert(candidate.clone()) {
            candidate = match n {
                1 => format!("{base}{suffix}"),
                _ => format!("{base}{suffix}{n}"),
            };
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_cases() {
        assert_eq!(snake("KMSMasterKeyID"), "kms_master_key_id");
        assert_eq!(snake("SSEAlgorithm"), "sse_algorithm");
        assert_eq!(snake("Type"), "type_");
        assert_eq!(snake("VPCGatewayAttachment"), "vpc_gateway_attachment");
        assert_eq!(snake("IPSet"), "ip_set");
        assert_eq!(snake("WebACL"), "web_acl");
    }

    #[test]
    fn camel_cases() {
        assert_eq!(camel("aws:kms:dsse"), "AwsKmsDsse");
        assert_eq!(camel("AES256"), "Aes256");
        assert_eq!(camel("nodejs18.x"), "Nodejs18X");
        assert_eq!(camel("1"), "V1");
        assert_eq!(camel("*"), "Empty");
        assert_eq!(camel("VPC"), "Vpc");
        assert_eq!(camel("SSE-C"), "SseC");
    }

    #[test]
    fn namespace_numbers_collisions() {
        let mut ns = Namespace::with_reserved(&["Value"]);
        assert_eq!(ns.claim("Value", "Property"), "ValueProperty");
        assert_eq!(ns.claim("Tag", "Enum"), "Tag");
        assert_eq!(ns.claim("Tag", "Enum"), "TagEnum");
        assert_eq!(ns.claim("Tag", "Enum"), "TagEnum2");
    }
}
