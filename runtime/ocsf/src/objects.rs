//! OCSF 1.1.0 objects shared by every class, and the base event fields ([`Base`]).
//!
//! Strings are `Cow<'a, str>` ([`Str`]) so a parser can borrow from its input and only
//! allocate when it must (a JSON string with escapes, a decoded value). Every optional
//! field is skipped when empty, so events carry only what the source had. Field names,
//! types and enumerations follow `../shared/ocsf-1.1.0/` (`objects/`, `dictionary.json`).

use crate::json::{extend_small, write_str, WriteJson};
use ocsf_derive::WriteJson;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use std::borrow::Cow;

/// A string borrowed from the input when possible.
pub type Str<'a> = Cow<'a, str>;

// ---------------------------------------------------------------------------------------
// Free-form JSON (`json_t`, `unmapped`) without a `serde_json::Value` tree per record.

/// A JSON value for `json_t` attributes and `unmapped`: borrowed strings, numbers and raw
/// JSON passed through untouched, built without a `serde_json::Value` tree.
#[derive(Debug, Clone)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(Str<'a>),
    /// JSON text taken verbatim from the input (already valid JSON).
    Raw(&'a RawValue),
    /// JSON text owned (e.g. re-read from a buffer that does not outlive the event).
    RawOwned(Box<RawValue>),
    /// JSON text taken verbatim from the input, checked to be valid JSON by the caller's
    /// own reader (a `RawValue` can only be made by serde_json reading the text again).
    /// The serde path checks it again and fails on invalid text, so debug builds of
    /// `normalize`, which serialize every event both ways, catch a caller's mistake.
    RawText(&'a str),
    Array(Vec<Json<'a>>),
    Object(Fields<'a>),
}

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Int(i) => s.serialize_i64(*i),
            Json::UInt(u) => s.serialize_u64(*u),
            // JSON has no NaN/inf: those become null rather than invalid output.
            Json::Float(f) if f.is_finite() => s.serialize_f64(*f),
            Json::Float(_) => s.serialize_unit(),
            Json::Str(v) => s.serialize_str(v),
            Json::Raw(r) => serialize_raw(r, s),
            Json::RawOwned(r) => serialize_raw(r, s),
            Json::RawText(t) => match serde_json::from_str::<&RawValue>(t) {
                Ok(r) => serialize_raw(r, s),
                Err(e) => Err(serde::ser::Error::custom(format_args!(
                    "Json::RawText is not JSON: {e}"
                ))),
            },
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Json::Object(f) => f.serialize(s),
        }
    }
}

impl WriteJson for Json<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Json::Null => out.extend_from_slice(b"null"),
            Json::Bool(b) => b.write_json(out),
            Json::Int(i) => i.write_json(out),
            Json::UInt(u) => u.write_json(out),
            Json::Float(f) => f.write_json(out),
            Json::Str(v) => write_str(out, v),
            Json::Raw(r) => r.write_json(out),
            Json::RawOwned(r) => r.write_json(out),
            Json::RawText(t) => write_raw_text(out, t),
            Json::Array(items) => items.write_json(out),
            Json::Object(f) => f.write_json(out),
        }
    }
}

/// [`Json::RawText`] as [`RawValue`] is written: verbatim when on one line.
fn write_raw_text(out: &mut Vec<u8>, text: &str) {
    if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
        out.extend_from_slice(text.as_bytes());
    } else if let Ok(r) = serde_json::from_str::<&RawValue>(text) {
        r.write_json(out);
    } else {
        // Not JSON after all (a caller's bug, caught in debug builds): still valid output.
        write_str(out, text);
    }
}

/// Raw JSON goes out verbatim when it is on one line (the common, fast case). Pretty-printed
/// input is re-serialized compactly, because an event must stay one line of JSON.
fn serialize_raw<S: Serializer>(raw: &RawValue, s: S) -> Result<S::Ok, S::Error> {
    let text = raw.get();
    if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
        return raw.serialize(s);
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => v.serialize(s),
        Err(_) => s.serialize_str(text),
    }
}

impl<'a> From<&'a str> for Json<'a> {
    fn from(v: &'a str) -> Self {
        Json::Str(Cow::Borrowed(v))
    }
}

impl<'a> From<Str<'a>> for Json<'a> {
    fn from(v: Str<'a>) -> Self {
        Json::Str(v)
    }
}

impl From<String> for Json<'_> {
    fn from(v: String) -> Self {
        Json::Str(Cow::Owned(v))
    }
}

impl From<i64> for Json<'_> {
    fn from(v: i64) -> Self {
        Json::Int(v)
    }
}

impl From<u64> for Json<'_> {
    fn from(v: u64) -> Self {
        Json::UInt(v)
    }
}

impl From<bool> for Json<'_> {
    fn from(v: bool) -> Self {
        Json::Bool(v)
    }
}

impl<'a> From<&'a RawValue> for Json<'a> {
    fn from(v: &'a RawValue) -> Self {
        Json::Raw(v)
    }
}

/// A JSON object as an ordered list of members, serialized in insertion order (so output
/// is deterministic). Keys are expected unique; [`Fields::insert`] keeps them so.
#[derive(Debug, Clone, Default)]
pub struct Fields<'a>(pub Vec<(Str<'a>, Json<'a>)>);

impl<'a> Fields<'a> {
    pub fn new() -> Self {
        Fields(Vec::new())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Append a member without checking for a duplicate key (the caller knows its keys).
    pub fn push(&mut self, key: impl Into<Str<'a>>, value: impl Into<Json<'a>>) {
        self.0.push((key.into(), value.into()));
    }

    /// Set a member, replacing an earlier one of the same key.
    pub fn insert(&mut self, key: impl Into<Str<'a>>, value: impl Into<Json<'a>>) {
        let key = key.into();
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl WriteJson for Fields<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_str(out, k);
            out.push(b':');
            v.write_json(out);
        }
        out.push(b'}');
    }
}

// ---------------------------------------------------------------------------------------
// Enumerations used across classes.

/// `severity_id` (with its caption for `severity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Unknown = 0,
    Informational = 1,
    Low = 2,
    Medium = 3,
    High = 4,
    Critical = 5,
    Fatal = 6,
    Other = 99,
}

impl Severity {
    pub fn id(self) -> i32 {
        self as i32
    }
    pub fn caption(self) -> &'static str {
        match self {
            Severity::Unknown => "Unknown",
            Severity::Informational => "Informational",
            Severity::Low => "Low",
            Severity::Medium => "Medium",
            Severity::High => "High",
            Severity::Critical => "Critical",
            Severity::Fatal => "Fatal",
            Severity::Other => "Other",
        }
    }
}

/// `status_id` (with its caption for `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Unknown = 0,
    Success = 1,
    Failure = 2,
    Other = 99,
}

impl Status {
    pub fn id(self) -> i32 {
        self as i32
    }
    pub fn caption(self) -> &'static str {
        match self {
            Status::Unknown => "Unknown",
            Status::Success => "Success",
            Status::Failure => "Failure",
            Status::Other => "Other",
        }
    }
}

/// `disposition_id` of the `security_control` profile (with its caption).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    Unknown = 0,
    Allowed = 1,
    Blocked = 2,
    Dropped = 6,
    CustomAction = 7,
    Detected = 15,
    NoAction = 16,
    Logged = 17,
    Count = 20,
    Reset = 21,
    Captcha = 22,
    Challenge = 23,
    Rejected = 25,
    Error = 27,
    Other = 99,
}

impl Disposition {
    pub fn id(self) -> i32 {
        self as i32
    }
    pub fn caption(self) -> &'static str {
        match self {
            Disposition::Unknown => "Unknown",
            Disposition::Allowed => "Allowed",
            Disposition::Blocked => "Blocked",
            Disposition::Dropped => "Dropped",
            Disposition::CustomAction => "Custom Action",
            Disposition::Detected => "Detected",
            Disposition::NoAction => "No Action",
            Disposition::Logged => "Logged",
            Disposition::Count => "Count",
            Disposition::Reset => "Reset",
            Disposition::Captcha => "Captcha",
            Disposition::Challenge => "Challenge",
            Disposition::Rejected => "Rejected",
            Disposition::Error => "Error",
            Disposition::Other => "Other",
        }
    }
}

/// `action_id` of the `security_control` profile (with its caption).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Unknown = 0,
    Allowed = 1,
    Denied = 2,
    Other = 99,
}

impl Action {
    pub fn id(self) -> i32 {
        self as i32
    }
    pub fn caption(self) -> &'static str {
        match self {
            Action::Unknown => "Unknown",
            Action::Allowed => "Allowed",
            Action::Denied => "Denied",
            Action::Other => "Other",
        }
    }
}

/// The profiles an event uses, listed in `metadata.profiles` so a validator knows which
/// schema variant applies (the OCSF JSON schema rejects attributes of profiles not applied).
pub mod profile {
    pub const CLOUD: &str = "cloud";
    pub const SECURITY_CONTROL: &str = "security_control";
    pub const HOST: &str = "host";
    pub const LOAD_BALANCER: &str = "load_balancer";
    pub const NETWORK_PROXY: &str = "network_proxy";
    pub const DATETIME: &str = "datetime";
}

/// `observable.type_id` values of OCSF 1.1.0.
pub mod observable_type {
    pub const HOSTNAME: i32 = 1;
    pub const IP_ADDRESS: i32 = 2;
    pub const MAC_ADDRESS: i32 = 3;
    pub const USER_NAME: i32 = 4;
    pub const EMAIL_ADDRESS: i32 = 5;
    pub const URL_STRING: i32 = 6;
    pub const FILE_NAME: i32 = 7;
    pub const HASH: i32 = 8;
    pub const PROCESS_NAME: i32 = 9;
    pub const RESOURCE_UID: i32 = 10;
    pub const ENDPOINT: i32 = 20;
    pub const USER: i32 = 21;
    pub const EMAIL: i32 = 22;
    pub const URL: i32 = 23;
    pub const FILE: i32 = 24;
    pub const PROCESS: i32 = 25;
    pub const GEO_LOCATION: i32 = 26;
    pub const CONTAINER: i32 = 27;
    pub const FINGERPRINT: i32 = 30;
    pub const OTHER: i32 = 99;
}

// ---------------------------------------------------------------------------------------
// Classification and the base event.

/// An OCSF class: uid, caption and category, as constants next to each class struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    pub uid: u32,
    pub name: &'static str,
    pub category_uid: u32,
    pub category_name: &'static str,
}

/// `type_name` = "<class caption>: <activity caption>", written without allocating.
#[derive(Debug, Clone, Copy)]
pub struct TypeName {
    class: &'static str,
    activity: &'static str,
}

impl Serialize for TypeName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}: {}", self.class, self.activity))
    }
}

impl WriteJson for TypeName {
    fn write_json(&self, out: &mut Vec<u8>) {
        // Two schema constants (nothing to escape, see `WriteConstant`).
        out.push(b'"');
        extend_small(out, self.class.as_bytes());
        out.extend_from_slice(b": ");
        extend_small(out, self.activity.as_bytes());
        out.push(b'"');
    }
}

/// The attributes every OCSF event has (base event, classification, occurrence, and the
/// `cloud` profile's `cloud` + `api`). Flattened into each class struct.
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct Base<'a> {
    pub activity_id: i32,
    pub activity_name: &'static str,
    pub category_uid: u32,
    pub category_name: &'static str,
    pub class_uid: u32,
    pub class_name: &'static str,
    pub type_uid: i64,
    pub type_name: TypeName,
    pub severity_id: i32,
    pub severity: &'static str,
    /// Event time, epoch milliseconds.
    pub time: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone_offset: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_code: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_detail: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Str<'a>>,
    pub metadata: Metadata<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud: Option<Cloud<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<Api<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observables: Vec<Observable<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enrichments: Vec<Enrichment<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_data: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Fields::is_empty")]
    pub unmapped: Fields<'a>,
}

impl<'a> Base<'a> {
    /// A base event of `class` and activity (`activity_id`, caption), `time` in epoch ms,
    /// severity Informational, the given product, OCSF version 1.1.0 and no profile.
    pub fn new(
        class: Class,
        activity: (i32, &'static str),
        time: i64,
        product: Product<'a>,
    ) -> Self {
        Base {
            activity_id: activity.0,
            activity_name: activity.1,
            category_uid: class.category_uid,
            category_name: class.category_name,
            class_uid: class.uid,
            class_name: class.name,
            type_uid: class.uid as i64 * 100 + activity.0 as i64,
            type_name: TypeName {
                class: class.name,
                activity: activity.1,
            },
            severity_id: Severity::Informational.id(),
            severity: Severity::Informational.caption(),
            time,
            start_time: None,
            end_time: None,
            duration: None,
            count: None,
            timezone_offset: None,
            status_id: None,
            status: None,
            status_code: None,
            status_detail: None,
            message: None,
            metadata: Metadata::new(product),
            cloud: None,
            api: None,
            observables: Vec::new(),
            enrichments: Vec::new(),
            raw_data: None,
            unmapped: Fields::new(),
        }
    }

    pub fn set_severity(&mut self, s: Severity) {
        self.severity_id = s.id();
        self.severity = s.caption();
    }

    pub fn set_status(&mut self, s: Status) {
        self.status_id = Some(s.id());
        self.status = Some(s.caption());
    }

    /// Attach the `cloud` object (and with it the `cloud` profile).
    pub fn set_cloud(&mut self, cloud: Cloud<'a>) {
        self.cloud = Some(cloud);
        self.add_profile(profile::CLOUD);
    }

    /// Record that the event uses a profile (no duplicates).
    pub fn add_profile(&mut self, p: &'static str) {
        if !self.metadata.profiles.contains(&p) {
            self.metadata.profiles.push(p);
        }
    }
}

// ---------------------------------------------------------------------------------------
// metadata, product, cloud, account.

/// `metadata`.
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct Metadata<'a> {
    pub version: &'static str,
    pub product: Product<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_code: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_provider: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_version: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_time: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logged_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processed_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Str<'a>>,
}

impl<'a> Metadata<'a> {
    pub fn new(product: Product<'a>) -> Self {
        Metadata {
            version: crate::VERSION,
            product,
            profiles: Vec::new(),
            uid: None,
            correlation_uid: None,
            event_code: None,
            log_name: None,
            log_provider: None,
            log_version: None,
            original_time: None,
            logged_time: None,
            processed_time: None,
            tenant_uid: None,
            labels: Vec::new(),
        }
    }
}

/// `product` (`vendor_name` is required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Product<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    pub vendor_name: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<Feature<'a>>,
}

impl<'a> Product<'a> {
    /// A product of vendor "AWS" with the given name.
    pub fn aws(name: &'static str) -> Self {
        Product {
            name: Some(Cow::Borrowed(name)),
            vendor_name: Cow::Borrowed("AWS"),
            ..Product::default()
        }
    }
}

/// `feature` (of a product).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Feature<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Str<'a>>,
}

/// `cloud` (`provider` is required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Cloud<'a> {
    pub provider: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<Account<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<Organization<'a>>,
}

impl<'a> Cloud<'a> {
    /// `cloud` of provider "AWS" with an optional account id and region.
    pub fn aws(account_uid: Option<Str<'a>>, region: Option<Str<'a>>) -> Self {
        Cloud {
            provider: Cow::Borrowed("AWS"),
            region,
            account: account_uid.map(Account::aws),
            ..Cloud::default()
        }
    }
}

/// `account`.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Account<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<Str<'a>>,
}

impl<'a> Account<'a> {
    /// An AWS account (`type_id` 10) by id.
    pub fn aws(uid: Str<'a>) -> Self {
        Account {
            uid: Some(uid),
            name: None,
            type_id: Some(10),
            r#type: Some(Cow::Borrowed("AWS Account")),
        }
    }
}

/// `organization`.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Organization<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ou_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ou_name: Option<Str<'a>>,
}

// ---------------------------------------------------------------------------------------
// Endpoints and places.

/// `network_endpoint` (also used where the schema wants `endpoint`). OCSF requires at
/// least one of ip, uid, name, hostname, svc_name, instance_uid, interface_uid,
/// interface_name: see [`NetworkEndpoint::is_identified`].
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct NetworkEndpoint<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub svc_name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interface_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interface_name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mac: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub intermediate_ips: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Box<Location<'a>>>,
}

impl NetworkEndpoint<'_> {
    /// Whether the endpoint satisfies OCSF's "at least one of" identifying attributes.
    pub fn is_identified(&self) -> bool {
        self.ip.is_some()
            || self.uid.is_some()
            || self.name.is_some()
            || self.hostname.is_some()
            || self.svc_name.is_some()
            || self.instance_uid.is_some()
            || self.interface_uid.is_some()
            || self.interface_name.is_some()
    }
}

/// `location`.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continent: Option<Str<'a>>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<Str<'a>>,
    /// `[longitude, latitude]`, as OCSF orders them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coordinates: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isp: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desc: Option<Str<'a>>,
}

/// `device` (`type_id` is required): the host that reported or took part in the event.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Device<'a> {
    pub type_id: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interface_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interface_name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<Image<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location<'a>>,
}

/// `image` (of a device): `name` is required.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Image<'a> {
    pub name: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
}

// ---------------------------------------------------------------------------------------
// Identity: user, actor, session, idp, group.

/// `user`: OCSF wants at least one of account, name, uid.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct User<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid_alt: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_addr: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<Account<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<Organization<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group<'a>>,
}

impl User<'_> {
    /// Whether the user satisfies OCSF's "at least one of account, name, uid".
    pub fn is_identified(&self) -> bool {
        self.name.is_some() || self.uid.is_some() || self.account.is_some()
    }
}

/// `group`.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Group<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desc: Option<Str<'a>>,
}

/// `actor`.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Actor<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<User<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Session<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp: Option<Idp<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoked_by: Option<Str<'a>>,
}

/// `session`.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Session<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uuid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid_alt: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_mfa: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_remote: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_vpn: Option<bool>,
}

/// `idp` (identity provider).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Idp<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
}

/// `policy`: OCSF wants at least one of name, uid.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Policy<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desc: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_applied: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<Group<'a>>,
}

// ---------------------------------------------------------------------------------------
// API calls (cloud profile) and resources.

/// `api` (`operation` is required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Api<'a> {
    pub operation: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<Service<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<ApiRequest<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<ApiResponse<'a>>,
}

/// `service`.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Service<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Str<'a>>,
}

/// `request` (of an API call; `uid` is required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct ApiRequest<'a> {
    pub uid: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Json<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Str<'a>>,
}

/// `response` (of an API call).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct ApiResponse<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Json<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Str<'a>>,
}

/// `resource_details` (`region` and `cloud_partition` come with the cloud profile).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct ResourceDetails<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_partition: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criticality: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<User<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<Group<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Json<'a>>,
}

// ---------------------------------------------------------------------------------------
// HTTP.

/// `http_request`.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct HttpRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_method: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Url<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrer: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub x_forwarded_for: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub http_headers: Vec<HttpHeader<'a>>,
}

/// `http_response` (`code` is required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct HttpResponse<'a> {
    pub code: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<Str<'a>>,
    /// Milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub http_headers: Vec<HttpHeader<'a>>,
}

/// `http_header` (name and value required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct HttpHeader<'a> {
    pub name: Str<'a>,
    pub value: Str<'a>,
}

/// `http_cookie` (name and value required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct HttpCookie<'a> {
    pub name: Str<'a>,
    pub value: Str<'a>,
}

/// `url`.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Url<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_string: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_string: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subdomain: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub category_ids: Vec<i32>,
}

// ---------------------------------------------------------------------------------------
// Network.

/// `network_connection_info` (`direction_id` is required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct ConnectionInfo<'a> {
    pub direction_id: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol_num: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol_name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol_ver: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol_ver_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boundary_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boundary: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tcp_flags: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Session<'a>>,
}

/// `direction_id` values.
pub mod direction {
    pub const UNKNOWN: i32 = 0;
    pub const INBOUND: i32 = 1;
    pub const OUTBOUND: i32 = 2;
    pub const LATERAL: i32 = 3;
    pub const OTHER: i32 = 99;

    pub fn caption(id: i32) -> &'static str {
        match id {
            INBOUND => "Inbound",
            OUTBOUND => "Outbound",
            LATERAL => "Lateral",
            OTHER => "Other",
            _ => "Unknown",
        }
    }
}

/// `network_traffic`.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Traffic {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes_in: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes_out: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packets: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packets_in: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packets_out: Option<i64>,
}

impl Traffic {
    pub fn is_empty(&self) -> bool {
        self.bytes.is_none()
            && self.bytes_in.is_none()
            && self.bytes_out.is_none()
            && self.packets.is_none()
            && self.packets_in.is_none()
            && self.packets_out.is_none()
    }
}

/// `tls` (`version` is required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Tls<'a> {
    pub version: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cipher: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sni: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_length: Option<i32>,
    /// Milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handshake_dur: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub client_ciphers: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ja3_hash: Option<Fingerprint<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ja3s_hash: Option<Fingerprint<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<Certificate<'a>>,
}

/// `certificate` (issuer, serial_number and fingerprints are required by OCSF 1.1.0).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Certificate<'a> {
    pub issuer: Str<'a>,
    pub serial_number: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_time: Option<i64>,
    /// Required by OCSF 1.1.0, so written even when empty.
    pub fingerprints: Vec<Fingerprint<'a>>,
}

/// `fingerprint` (`algorithm_id` and `value` are required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Fingerprint<'a> {
    pub algorithm_id: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<Str<'a>>,
    pub value: Str<'a>,
}

/// `firewall_rule` (security_control profile).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct FirewallRule<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desc: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub match_details: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_location: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Str<'a>>,
}

/// `load_balancer` (load_balancer profile).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct LoadBalancer<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_detail: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dst_endpoint: Option<NetworkEndpoint<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub endpoint_connections: Vec<EndpointConnection<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric<'a>>,
}

/// `endpoint_connection` (of a load balancer: one backend it talked to).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct EndpointConnection<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_endpoint: Option<NetworkEndpoint<'a>>,
}

/// `metric` (name and value required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Metric<'a> {
    pub name: Str<'a>,
    pub value: Str<'a>,
}

/// `network_proxy` (a `network_endpoint` acting as proxy).
pub type NetworkProxy<'a> = NetworkEndpoint<'a>;

// ---------------------------------------------------------------------------------------
// Observables and enrichments.

/// `observable` (`name` and `type_id` required): a pointer to a value worth indexing.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Observable<'a> {
    /// The attribute path, e.g. "src_endpoint.ip".
    pub name: Str<'a>,
    pub type_id: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Str<'a>>,
}

impl<'a> Observable<'a> {
    /// An observable of an IP address at attribute path `name`.
    pub fn ip(name: &'static str, value: Str<'a>) -> Self {
        Observable {
            name: Cow::Borrowed(name),
            type_id: observable_type::IP_ADDRESS,
            r#type: Some("IP Address"),
            value: Some(value),
        }
    }

    /// An observable of a hostname at attribute path `name`.
    pub fn hostname(name: &'static str, value: Str<'a>) -> Self {
        Observable {
            name: Cow::Borrowed(name),
            type_id: observable_type::HOSTNAME,
            r#type: Some("Hostname"),
            value: Some(value),
        }
    }

    /// An observable of a user name at attribute path `name`.
    pub fn user_name(name: &'static str, value: Str<'a>) -> Self {
        Observable {
            name: Cow::Borrowed(name),
            type_id: observable_type::USER_NAME,
            r#type: Some("User Name"),
            value: Some(value),
        }
    }

    /// An observable of a URL at attribute path `name`.
    pub fn url(name: &'static str, value: Str<'a>) -> Self {
        Observable {
            name: Cow::Borrowed(name),
            type_id: observable_type::URL_STRING,
            r#type: Some("URL String"),
            value: Some(value),
        }
    }

    /// An observable of a resource uid (an ARN, say) at attribute path `name`.
    pub fn resource_uid(name: &'static str, value: Str<'a>) -> Self {
        Observable {
            name: Cow::Borrowed(name),
            type_id: observable_type::RESOURCE_UID,
            r#type: Some("Resource UID"),
            value: Some(value),
        }
    }
}

/// `enrichment` (name, value and data required).
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct Enrichment<'a> {
    pub name: Str<'a>,
    pub value: Str<'a>,
    pub data: Json<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<Str<'a>>,
}

/// Whether `s` is a valid `hostname_t` of OCSF 1.1.0 (its schema's pattern: dot-separated
/// labels of letters, digits and inner hyphens; no port, brackets, underscores or trailing
/// dot). Put anything else in a plain string attribute (`name`, `url_string`) instead.
pub fn is_hostname(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostnames() {
        for ok in [
            "example.com",
            "a",
            "10.0.0.1",
            "xn--bcher-kva.example",
            "a-b.c",
        ] {
            assert!(is_hostname(ok), "{ok}");
        }
        for bad in [
            "",
            "example.com.",
            "-a.com",
            "a-.com",
            "a_b.com",
            "host:80",
            "[::1]",
            "2001:db8::1",
            "a..b",
            "é.com",
        ] {
            assert!(!is_hostname(bad), "{bad}");
        }
    }

    #[test]
    fn type_name_and_type_uid() {
        let b = Base::new(
            crate::network::HTTP_ACTIVITY,
            (3, "Get"),
            1,
            Product::aws("x"),
        );
        let v = serde_json::to_value(&b).unwrap();
        assert_eq!(v["type_uid"], 400203);
        assert_eq!(v["type_name"], "HTTP Activity: Get");
        assert_eq!(v["metadata"]["version"], "1.1.0");
        assert!(v.get("unmapped").is_none() && v.get("observables").is_none());
    }

    #[test]
    fn raw_json_stays_on_one_line() {
        let raw: Box<RawValue> = serde_json::from_str("{\n  \"a\": [1,\n 2]\n}").unwrap();
        let j = Json::RawOwned(raw);
        assert_eq!(serde_json::to_string(&j).unwrap(), r#"{"a":[1,2]}"#);
        let raw: Box<RawValue> = serde_json::from_str(r#"{"a": 1}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&Json::RawOwned(raw)).unwrap(),
            r#"{"a": 1}"#
        );
    }

    #[test]
    fn raw_text_is_written_as_raw_value_is() {
        for text in [r#"{"a": 1}"#, "{\n  \"a\": [1,\n 2]\n}", "false", r#""x""#] {
            let j = Json::RawText(text);
            let serde = serde_json::to_string(&j).unwrap();
            assert_eq!(crate::json::to_vec(&j), serde.as_bytes(), "{text:?}");
            let raw: &RawValue = serde_json::from_str(text).unwrap();
            assert_eq!(serde, serde_json::to_string(&Json::Raw(raw)).unwrap());
        }
        // Not JSON: the serde path refuses it (debug builds of normalize compare both).
        assert!(serde_json::to_string(&Json::RawText("{")).is_err());
    }
}
