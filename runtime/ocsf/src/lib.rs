//! Typed OCSF 1.1.0 events: one struct per class of DESIGN.md's table, shared objects
//! apart. Serialized with serde (the reference) or the derived [`json::WriteJson`] (what the
//! normalizers use: the same bytes, several times faster); empty fields are skipped.
//!
//! Every class struct flattens an [`objects::Base`] (classification, time, severity,
//! status, metadata, cloud, api, observables, raw_data, unmapped) and adds its own
//! attributes. Strings are `Cow<'a, str>` so parsers borrow from their input; free-form
//! JSON (`unmapped`, `*.data`) is [`objects::Json`] / [`objects::Fields`], which pass raw
//! JSON through without building `serde_json::Value` trees. Attributes that belong to a
//! profile (`cloud`, `security_control`, `load_balancer`) are set through setters that
//! also list the profile in `metadata.profiles`, so a validator can pick the schema
//! variant (the OCSF JSON schema forbids attributes of profiles not applied).
//!
//! OWNERS: `aws` helper: objects.rs (shared objects), network.rs (4001, 4002),
//! iam.rs (3001, 3002), application.rs (6003). `hosts` helper: findings.rs (2002, 2003,
//! 2004), dns.rs (4003).

// The derived `WriteJson` code names this crate `::ocsf`, also from inside it.
extern crate self as ocsf;

pub const VERSION: &str = "1.1.0";

pub mod application;
mod boxed;
pub mod dns;
pub mod findings;
pub mod iam;
pub mod json;
pub mod network;
pub mod objects;

/// An OCSF event class struct: gives access to its base attributes, so callers can read
/// `class_uid` and the event can be handed to a sink generically.
pub trait Event<'a>: serde::Serialize + json::WriteJson {
    fn base(&self) -> &objects::Base<'a>;
    fn base_mut(&mut self) -> &mut objects::Base<'a>;
    fn class_uid(&self) -> u32 {
        self.base().class_uid
    }
}

/// Implements [`Event`] for class structs with a `base: Base<'a>` field.
#[macro_export]
macro_rules! impl_event {
    ($($t:ident),* $(,)?) => {
        $(impl<'a> $crate::Event<'a> for $t<'a> {
            fn base(&self) -> &$crate::objects::Base<'a> { &self.base }
            fn base_mut(&mut self) -> &mut $crate::objects::Base<'a> { &mut self.base }
        })*
    };
}
