//! Logical-ID derivation. The pinned hashes were computed independently
//! (`python3 -c "import hashlib; print(hashlib.sha256(b'Lake/Bucket').hexdigest()[:8].upper())"`):
//! if one of these tests fails, every deployed stack would replace its resources.

use constructs_core::logical_id::{check, derive, path_hash, MAX_LOGICAL_ID_LEN, MAX_READABLE_LEN};

#[test]
fn single_component_is_used_as_is() {
    assert_eq!(derive(&["Bucket"]).unwrap(), "Bucket");
    assert_eq!(derive(&["Resource"]).unwrap(), "Resource");
}

#[test]
fn hash_is_pinned() {
    assert_eq!(derive(&["Lake", "Bucket"]).unwrap(), "LakeBucket0924C38C");
    assert_eq!(path_hash(&["Lake", "Bucket"]), "0924C38C");
    assert_eq!(
        derive(&["Collector", "HealthRule", "Resource"]).unwrap(),
        "CollectorHealthRuleCBCFCB6F"
    );
}

#[test]
fn default_is_invisible() {
    // Wrapping a construct in a scope with a `Default` child keeps its ID.
    assert_eq!(derive(&["Lake", "Default"]).unwrap(), "Lake");
    assert_eq!(
        derive(&["Default", "Lake", "Default", "Bucket"]).unwrap(),
        derive(&["Lake", "Bucket"]).unwrap()
    );
    assert_eq!(derive(&["Default"]), None);
    assert_eq!(derive(&[]), None);
}

#[test]
fn resource_is_left_out_of_the_readable_part_only() {
    assert_eq!(derive(&["Lake", "Resource"]).unwrap(), "LakeED7CA261");
    assert_ne!(derive(&["Lake", "Resource"]), derive(&["Lake"]));
}

#[test]
fn consecutive_duplicates_are_merged_in_the_readable_part() {
    assert_eq!(
        derive(&["Lake", "Lake", "Bucket"]).unwrap(),
        "LakeBucket9014F6DC"
    );
    // As in AWS CDK: a component the previous one ends with is dropped too.
    assert_eq!(
        derive(&["LakeBucket", "Bucket", "Policy"]).unwrap(),
        "LakeBucketPolicy7C34271E"
    );
}

#[test]
fn separator_keeps_paths_apart() {
    assert_eq!(derive(&["a", "bc"]).unwrap(), "abc59243779");
    assert_eq!(derive(&["ab", "c"]).unwrap(), "abcFCB6B81F");
}

#[test]
fn long_paths_are_capped() {
    let long = "A".repeat(200);
    let other = "B".repeat(200);
    let id = derive(&[&long, &other, "Bucket"]).unwrap();
    assert_eq!(id.len(), MAX_READABLE_LEN + 8);
    assert!(id.len() <= MAX_LOGICAL_ID_LEN);
    assert!(check(&id).is_none());
    // Same readable prefix, different paths: the hash still tells them apart.
    assert_ne!(id, derive(&[&long, &other, "Other"]).unwrap());
    // A single long component over the limit is hashed, not used as-is.
    let huge = "B".repeat(300);
    let id = derive(&[&huge]).unwrap();
    assert_eq!(id.len(), MAX_READABLE_LEN + 8);
    let exact = "C".repeat(255);
    assert_eq!(derive(&[&exact]).unwrap(), exact);
}

#[test]
fn check_rejects_bad_ids() {
    assert!(check("LakeBucket0924C38C").is_none());
    assert!(check("my-bucket").unwrap().contains("^[A-Za-z0-9]+$"));
    assert!(check("").is_some());
    assert!(check("Bücket").is_some());
    assert!(check(&"A".repeat(256)).unwrap().contains("255"));
}
