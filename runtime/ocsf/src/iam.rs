//! Identity & Access Management (category 3): Account Change (3001) and
//! Authentication (3002).

use crate::objects::*;
use ocsf_derive::WriteJson;
use serde::Serialize;

/// Account Change, 3001.
pub const ACCOUNT_CHANGE: Class = Class {
    uid: 3001,
    name: "Account Change",
    category_uid: 3,
    category_name: "Identity & Access Management",
};

/// Authentication, 3002.
pub const AUTHENTICATION: Class = Class {
    uid: 3002,
    name: "Authentication",
    category_uid: 3,
    category_name: "Identity & Access Management",
};

/// `activity_id` of Account Change (3001).
pub mod account_change {
    pub const UNKNOWN: (i32, &str) = (0, "Unknown");
    pub const CREATE: (i32, &str) = (1, "Create");
    pub const ENABLE: (i32, &str) = (2, "Enable");
    pub const PASSWORD_CHANGE: (i32, &str) = (3, "Password Change");
    pub const PASSWORD_RESET: (i32, &str) = (4, "Password Reset");
    pub const DISABLE: (i32, &str) = (5, "Disable");
    pub const DELETE: (i32, &str) = (6, "Delete");
    pub const ATTACH_POLICY: (i32, &str) = (7, "Attach Policy");
    pub const DETACH_POLICY: (i32, &str) = (8, "Detach Policy");
    pub const LOCK: (i32, &str) = (9, "Lock");
    pub const MFA_FACTOR_ENABLE: (i32, &str) = (10, "MFA Factor Enable");
    pub const MFA_FACTOR_DISABLE: (i32, &str) = (11, "MFA Factor Disable");
    pub const OTHER: (i32, &str) = (99, "Other");
}

/// `activity_id` of Authentication (3002).
pub mod authentication {
    pub const UNKNOWN: (i32, &str) = (0, "Unknown");
    pub const LOGON: (i32, &str) = (1, "Logon");
    pub const LOGOFF: (i32, &str) = (2, "Logoff");
    pub const AUTHENTICATION_TICKET: (i32, &str) = (3, "Authentication Ticket");
    pub const SERVICE_TICKET_REQUEST: (i32, &str) = (4, "Service Ticket Request");
    pub const SERVICE_TICKET_RENEW: (i32, &str) = (5, "Service Ticket Renew");
    pub const OTHER: (i32, &str) = (99, "Other");
}

/// Account Change (3001): a user or role was created, changed or deleted.
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct AccountChange<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    /// The user or role the change is about (required).
    pub user: User<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_result: Option<User<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src_endpoint: Option<NetworkEndpoint<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_request: Option<HttpRequest<'a>>,
}

impl<'a> AccountChange<'a> {
    pub fn new(activity: (i32, &'static str), time: i64, product: Product<'a>) -> Self {
        AccountChange {
            base: Base::new(ACCOUNT_CHANGE, activity, time, product),
            user: User::default(),
            user_result: None,
            policy: None,
            actor: None,
            src_endpoint: None,
            http_request: None,
        }
    }
}

/// Authentication (3002): a logon or logoff attempt.
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct Authentication<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    /// The user who signed in (required).
    pub user: User<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Session<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<Service<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src_endpoint: Option<NetworkEndpoint<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dst_endpoint: Option<NetworkEndpoint<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_request: Option<HttpRequest<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_mfa: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_remote: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_new_logon: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_cleartext: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_protocol_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_protocol: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logon_type_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logon_type: Option<Str<'a>>,
}

impl<'a> Authentication<'a> {
    pub fn new(activity: (i32, &'static str), time: i64, product: Product<'a>) -> Self {
        Authentication {
            base: Base::new(AUTHENTICATION, activity, time, product),
            user: User::default(),
            actor: None,
            session: None,
            service: None,
            src_endpoint: None,
            dst_endpoint: None,
            http_request: None,
            is_mfa: None,
            is_remote: None,
            is_new_logon: None,
            is_cleartext: None,
            auth_protocol_id: None,
            auth_protocol: None,
            logon_type_id: None,
            logon_type: None,
        }
    }
}

crate::impl_event!(AccountChange, Authentication);
