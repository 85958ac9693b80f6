//! [`WriteJson`] for the boxed objects of the event structs (`Option<Box<Device>>`...).
//!
//! Why boxed: an event is created and dropped once per log line, and an inline `None` of
//! a large object (a `device` of dozens of fields) still costs its size to initialize and
//! its fields to test when the event is dropped. A `Box` is
//! transparent to serde, and written here as the object itself, so the JSON is unchanged.
//! Only objects few events have are boxed: for one most events of a source have (the load
//! balancer of ELB lines) the allocation costs more than the inline `None` saves.
//! (One impl per type rather than a blanket `impl<T> WriteJson for Box<T>`, which would
//! overlap the writer's own `Box<RawValue>` impl.)

use crate::json::WriteJson;
use crate::objects::{Device, FirewallRule, Location, Url};

macro_rules! boxed {
    ($($t:ident),* $(,)?) => {$(
        impl WriteJson for Box<$t<'_>> {
            #[inline]
            fn write_json(&self, out: &mut Vec<u8>) {
                (**self).write_json(out)
            }
        }
    )*};
}

boxed!(Device, FirewallRule, Location, Url);
