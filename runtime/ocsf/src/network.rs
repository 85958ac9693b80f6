//! Network Activity (4001) and HTTP Activity (4002), category Network Activity (4).
//!
//! Both carry the `security_control` profile's disposition/action and the
//! `load_balancer` profile's `load_balancer`: the setters record the profile in
//! `metadata.profiles` so schema validation picks the right variant.

use crate::objects::*;
use ocsf_derive::WriteJson;
use serde::Serialize;

/// Network Activity, 4001.
pub const NETWORK_ACTIVITY: Class = Class {
    uid: 4001,
    name: "Network Activity",
    category_uid: 4,
    category_name: "Network Activity",
};

/// HTTP Activity, 4002.
pub const HTTP_ACTIVITY: Class = Class {
    uid: 4002,
    name: "HTTP Activity",
    category_uid: 4,
    category_name: "Network Activity",
};

/// `activity_id` of Network Activity (4001).
pub mod network_activity {
    pub const UNKNOWN: (i32, &str) = (0, "Unknown");
    pub const OPEN: (i32, &str) = (1, "Open");
    pub const CLOSE: (i32, &str) = (2, "Close");
    pub const RESET: (i32, &str) = (3, "Reset");
    pub const FAIL: (i32, &str) = (4, "Fail");
    pub const REFUSE: (i32, &str) = (5, "Refuse");
    pub const TRAFFIC: (i32, &str) = (6, "Traffic");
    pub const OTHER: (i32, &str) = (99, "Other");
}

/// `activity_id` of HTTP Activity (4002).
pub mod http_activity {
    pub const UNKNOWN: (i32, &str) = (0, "Unknown");
    pub const CONNECT: (i32, &str) = (1, "Connect");
    pub const DELETE: (i32, &str) = (2, "Delete");
    pub const GET: (i32, &str) = (3, "Get");
    pub const HEAD: (i32, &str) = (4, "Head");
    pub const OPTIONS: (i32, &str) = (5, "Options");
    pub const POST: (i32, &str) = (6, "Post");
    pub const PUT: (i32, &str) = (7, "Put");
    pub const TRACE: (i32, &str) = (8, "Trace");
    pub const OTHER: (i32, &str) = (99, "Other");

    /// The methods OCSF 1.1.0 allows in `http_request.http_method` (its schema enumerates
    /// them): `Some` for exactly one of them, `None` for PATCH, lower case or anything
    /// else (put those in `unmapped` so the event stays valid and nothing is lost).
    pub fn ocsf_method(method: &str) -> Option<&'static str> {
        [
            "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE",
        ]
        .into_iter()
        .find(|m| *m == method)
    }

    /// The activity of an HTTP method (case-insensitive); PATCH and unknown verbs are
    /// Other (99), an empty or absent method Unknown (0), as OCSF 1.1.0 lists no more.
    pub fn from_method(method: &str) -> (i32, &'static str) {
        let m = method.as_bytes();
        // Upper case, as nearly every log writes it: one length and one byte comparison.
        match m {
            b"GET" => return GET,
            b"POST" => return POST,
            b"PUT" => return PUT,
            b"HEAD" => return HEAD,
            _ => {}
        }
        let eq = |s: &str| m.eq_ignore_ascii_case(s.as_bytes());
        if m.is_empty() || m == b"-" {
            UNKNOWN
        } else if eq("GET") {
            GET
        } else if eq("POST") {
            POST
        } else if eq("PUT") {
            PUT
        } else if eq("DELETE") {
            DELETE
        } else if eq("HEAD") {
            HEAD
        } else if eq("OPTIONS") {
            OPTIONS
        } else if eq("CONNECT") {
            CONNECT
        } else if eq("TRACE") {
            TRACE
        } else {
            OTHER
        }
    }
}

/// Network Activity (4001): a connection or flow between two endpoints.
///
/// The objects only some sources set are boxed: an event is made and dropped per log
/// line, and an inline `None` of a large object still costs its size to create and its
/// fields to check on drop (see `crate::boxed`).
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct NetworkActivity<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    pub src_endpoint: NetworkEndpoint<'a>,
    pub dst_endpoint: NetworkEndpoint<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_info: Option<ConnectionInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic: Option<Traffic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<Tls<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Box<Url<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<NetworkProxy<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<Box<Device<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor<'a>>,
    #[serde(flatten)]
    pub control: SecurityControl<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_balancer: Option<LoadBalancer<'a>>,
}

impl<'a> NetworkActivity<'a> {
    pub fn new(activity: (i32, &'static str), time: i64, product: Product<'a>) -> Self {
        NetworkActivity {
            base: Base::new(NETWORK_ACTIVITY, activity, time, product),
            src_endpoint: NetworkEndpoint::default(),
            dst_endpoint: NetworkEndpoint::default(),
            connection_info: None,
            traffic: None,
            tls: None,
            url: None,
            app_name: None,
            proxy: None,
            device: None,
            actor: None,
            control: SecurityControl::default(),
            load_balancer: None,
        }
    }

    /// Set disposition and action (security_control profile).
    pub fn set_disposition(&mut self, d: Disposition, a: Action) {
        self.control.set(d, a);
        self.base.add_profile(profile::SECURITY_CONTROL);
    }

    /// Set the load balancer (load_balancer profile).
    pub fn set_load_balancer(&mut self, lb: LoadBalancer<'a>) {
        self.load_balancer = Some(lb);
        self.base.add_profile(profile::LOAD_BALANCER);
    }
}

/// HTTP Activity (4002): one HTTP request and its response. Rarely set objects are
/// boxed, as in [`NetworkActivity`].
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct HttpActivity<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    pub http_request: HttpRequest<'a>,
    pub http_response: HttpResponse<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<i32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub http_cookies: Vec<HttpCookie<'a>>,
    pub src_endpoint: NetworkEndpoint<'a>,
    pub dst_endpoint: NetworkEndpoint<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_info: Option<ConnectionInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic: Option<Traffic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<Tls<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<NetworkProxy<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<Box<Device<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor<'a>>,
    #[serde(flatten)]
    pub control: SecurityControl<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_balancer: Option<LoadBalancer<'a>>,
}

impl<'a> HttpActivity<'a> {
    pub fn new(activity: (i32, &'static str), time: i64, product: Product<'a>) -> Self {
        HttpActivity {
            base: Base::new(HTTP_ACTIVITY, activity, time, product),
            http_request: HttpRequest::default(),
            http_response: HttpResponse::default(),
            http_status: None,
            http_cookies: Vec::new(),
            src_endpoint: NetworkEndpoint::default(),
            dst_endpoint: NetworkEndpoint::default(),
            connection_info: None,
            traffic: None,
            tls: None,
            app_name: None,
            proxy: None,
            device: None,
            actor: None,
            control: SecurityControl::default(),
            load_balancer: None,
        }
    }

    /// Set disposition and action (security_control profile).
    pub fn set_disposition(&mut self, d: Disposition, a: Action) {
        self.control.set(d, a);
        self.base.add_profile(profile::SECURITY_CONTROL);
    }

    /// Set the load balancer (load_balancer profile).
    pub fn set_load_balancer(&mut self, lb: LoadBalancer<'a>) {
        self.load_balancer = Some(lb);
        self.base.add_profile(profile::LOAD_BALANCER);
    }
}

/// The `security_control` profile's attributes, flattened into 4001/4002. When it is set
/// the event must list the profile (the setters on the classes do).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct SecurityControl<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disposition_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disposition: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firewall_rule: Option<Box<FirewallRule<'a>>>,
}

impl SecurityControl<'_> {
    pub fn set(&mut self, d: Disposition, a: Action) {
        self.disposition_id = Some(d.id());
        self.disposition = Some(d.caption());
        self.action_id = Some(a.id());
        self.action = Some(a.caption());
    }
}

crate::impl_event!(NetworkActivity, HttpActivity);
