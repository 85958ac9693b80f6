//! Typed OCSF 1.1.0 events: one struct per class of DESIGN.md's table, shared objects
//! apart. Serialized with serde; empty fields are skipped.
//!
//! OWNERS: `aws` helper: objects.rs (shared objects), network.rs (4001, 4002),
//! iam.rs (3001, 3002), application.rs (6003). `hosts` helper: findings.rs (2002, 2003,
//! 2004), dns.rs (4003).

pub const VERSION: &str = "1.1.0";

pub mod objects;
pub mod network;
pub mod iam;
pub mod application;
pub mod findings;
pub mod dns;
