//! Logical IDs derived from construct paths (architecture invariant 6).
//!
//! A single component is used as-is. Otherwise: the readable path (components below the
//! stack, `Default` dropped, consecutive duplicates merged, `Resource` dropped, capped at
//! [`MAX_READABLE_LEN`]) followed by 8 uppercase hex digits of SHA-256 over the components
//! (without `Default`) joined by `/`, which cannot occur in an ID, so `a/bc` and `ab/c`
//! hash apart.

use sha2::{Digest, Sha256};

use crate::tree::{is_valid_id, DEFAULT_ID, RESOURCE_ID};

/// CloudFormation's limit on a logical ID's length.
pub const MAX_LOGICAL_ID_LEN: usize = 255;
/// The readable part's cap (as AWS CDK), leaving room for the hash.
pub const MAX_READABLE_LEN: usize = 240;
/// Hex digits of the path hash.
pub const HASH_LEN: usize = 8;

/// The logical ID of the node whose path below its stack is `components`.
/// `None` when nothing is left after dropping `Default`.
pub fn derive(components: &[&str]) -> Option<String> {
    let parts: Vec<&str> = components
        .iter()
        .copied()
        .filter(|c| *c != DEFAULT_ID)
        .collect();
    match parts.as_slice() {
        [] => None,
        [only] if only.len() <= MAX_LOGICAL_ID_LEN => Some((*only).to_owned()),
        _ => {
            let mut readable = String::new();
            for part in dedup(&parts) {
                if part != RESOURCE_ID {
                    readable.push_str(part);
                }
            }
            // IDs are ASCII (validated), so byte truncation is a char boundary; guard anyway.
            let mut cut = readable.len().min(MAX_READABLE_LEN);
            while !readable.is_char_boundary(cut) {
                cut -= 1;
            }
            readable.truncate(cut);
            readable.push_str(&path_hash(&parts));
            Some(readable)
        }
    }
}

/// Drops a component when the previous kept one ends with it (`Lake/Lake` -> `Lake`,
/// `LakeBucket/Bucket` -> `LakeBucket`).
fn dedup<'a>(parts: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::with_capacity(parts.len());
    for part in parts {
        if out.last().is_none_or(|last| !last.ends_with(part)) {
            out.push(part);
        }
    }
    out
}

/// 8 uppercase hex digits of SHA-256 over the components joined by `/`.
pub fn path_hash(parts: &[&str]) -> String {
    let digest = Sha256::digest(parts.join("/").as_bytes());
    hex::encode_upper(&digest[..HASH_LEN / 2])
}

/// Why `id` cannot be a logical ID, if it cannot.
pub fn check(id: &str) -> Option<String> {
    if !is_valid_id(id) {
        Some(format!("logical ID {id:?} must match ^[A-Za-z0-9]+$"))
    } else if id.len() > MAX_LOGICAL_ID_LEN {
        Some(format!(
            "logical ID is {} characters long, the limit is {MAX_LOGICAL_ID_LEN}",
            id.len()
        ))
    } else {
        None
    }
}
