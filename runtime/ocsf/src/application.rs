//! Application Activity (category 6): API Activity (6003).

use crate::objects::*;
use ocsf_derive::WriteJson;
use serde::Serialize;

/// API Activity, 6003.
pub const API_ACTIVITY: Class = Class {
    uid: 6003,
    name: "API Activity",
    category_uid: 6,
    category_name: "Application Activity",
};

/// `activity_id` of API Activity (6003).
pub mod api_activity {
    pub const UNKNOWN: (i32, &str) = (0, "Unknown");
    pub const CREATE: (i32, &str) = (1, "Create");
    pub const READ: (i32, &str) = (2, "Read");
    pub const UPDATE: (i32, &str) = (3, "Update");
    pub const DELETE: (i32, &str) = (4, "Delete");
    pub const OTHER: (i32, &str) = (99, "Other");
}

/// API Activity (6003): one call of a (cloud) API. `api` lives in [`Base::api`]
/// (cloud profile) and is required for this class.
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct ApiActivity<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    /// Who made the call (required).
    pub actor: Actor<'a>,
    /// Where the call came from (required).
    pub src_endpoint: NetworkEndpoint<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dst_endpoint: Option<NetworkEndpoint<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_request: Option<HttpRequest<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<ResourceDetails<'a>>,
}

impl<'a> ApiActivity<'a> {
    pub fn new(activity: (i32, &'static str), time: i64, product: Product<'a>) -> Self {
        ApiActivity {
            base: Base::new(API_ACTIVITY, activity, time, product),
            actor: Actor::default(),
            src_endpoint: NetworkEndpoint::default(),
            dst_endpoint: None,
            http_request: None,
            resources: Vec::new(),
        }
    }
}

crate::impl_event!(ApiActivity);
