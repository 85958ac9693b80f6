//! AWS CloudTrail: `{"Records":[...]}` files (as delivered to S3, gunzipped by the caller),
//! bare arrays of records, or one record per line, to OCSF API Activity (6003), console
//! sign-ins to Authentication (3002) and IAM user/role changes to Account Change (3001).
//!
//! The file is streamed record by record ([`crate::json::for_each_record_in_place`]): a
//! record inside the read buffer is read there in one pass by [`crate::json::Reader`]
//! (borrowed strings, nested values kept as their checked JSON text); a record that spans
//! reads, or that the fast reader leaves alone, is cut by the splitter and read by serde
//! (the reference: debug builds read every record both ways and compare). Its raw JSON is
//! kept for `raw_data`. The fast reader knows each object's keys as an enum and the key
//! that usually follows, so keys in CloudTrail's own order are matched without a scan;
//! records and events are filled in place (both are large: moving them costs).
//! Digest files are skipped and counted. A record that is not valid JSON is a reject; a
//! record with odd or missing fields is still an event. The mapping table is
//! `runtime/docs/mapping-cloudtrail.md`; it follows the OCSF reference mapping of
//! CloudTrail at 1.1.0 (the one Amazon Security Lake uses).

use crate::json::{self, nested, nested_text, Item, Lenient, Text};
use crate::time::parse_rfc3339_ms;
use crate::Out;
use ocsf::application::{api_activity, ApiActivity};
use ocsf::iam::{account_change, authentication, AccountChange, Authentication};
use ocsf::objects::*;
use serde::de::{MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::io::{self, BufRead};

/// Normalize a CloudTrail file or stream (see the module docs).
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    json::for_each_record_in_place(
        input,
        Records {
            out,
            profiles: Vec::new(),
        },
    )
}

/// Where the splitter hands records: most are read in place, in one pass.
struct Records<'o, 's> {
    out: &'o mut Out<'s>,
    /// The `metadata.profiles` buffer, handed from event to event (it holds only
    /// `'static` names, so it outlives each record).
    profiles: Vec<&'static str>,
}

impl json::InPlace for Records<'_, '_> {
    fn in_place(&mut self, n: u64, text: &str) -> Option<usize> {
        let mut rec = Record::default();
        let len = fast::record(text, &mut rec).ok()?;
        let text = &text[..len];
        check_against_serde(text, &rec);
        map(n, text, &mut rec, &mut self.profiles, self.out);
        Some(len)
    }

    fn item(&mut self, n: u64, item: Item<'_>) {
        let (out, profiles) = (&mut *self.out, &mut self.profiles);
        match item {
            Item::Record(bytes) => record(n, bytes, profiles, out),
            Item::Value(bytes) => {
                // A top-level object that is not a Records container: a digest file, or a
                // single record (EventBridge / one-per-line delivery).
                if is_digest(bytes) {
                    out.skip("cloudtrail digest file");
                } else {
                    record(n, bytes, profiles, out)
                }
            }
            Item::Broken(bytes, why) => out.reject(n, why, bytes),
        }
    }
}

fn is_digest(bytes: &[u8]) -> bool {
    let has = |k: &str| memchr::memmem::find(bytes, k.as_bytes()).is_some();
    has("\"digestStartTime\"")
        && (has("\"digestS3Object\"") || has("\"digestPublicKeyFingerprint\""))
}

fn record(n: u64, bytes: &[u8], profiles: &mut Vec<&'static str>, out: &mut Out<'_>) {
    // Checked once here, so serde reads a &str and need not check each string again.
    let Some(text) = crate::utf8(bytes) else {
        let reason = match std::str::from_utf8(bytes) {
            Err(e) => format!("invalid UTF-8 in a JSON record: {e}"),
            Ok(_) => "invalid UTF-8 in a JSON record".to_owned(),
        };
        return out.reject(n, reason, bytes);
    };
    let mut rec = Record::default();
    match fast::record(text, &mut rec) {
        Ok(len) if len == text.len() => check_against_serde(text, &rec),
        // Odd or broken JSON: serde_json reads it, or says what is wrong.
        _ => match serde_record(text) {
            Ok(r) => rec = r,
            Err(e) => return out.reject(n, json::error_reason(&e), bytes),
        },
    }
    map(n, text, &mut rec, profiles, out)
}

/// Debug builds (all tests) check the fast reader against serde on every record it reads.
fn check_against_serde(text: &str, rec: &Record<'_>) {
    if cfg!(debug_assertions) {
        let reference = serde_record(text)
            .map(|r| format!("{r:?}"))
            .map_err(|e| e.to_string());
        assert_eq!(
            Ok(format!("{rec:?}")),
            reference,
            "fast reader != serde: {text}"
        );
    }
}

/// Map a record read from `text` to its event (or reject it). `profiles` is the reused
/// `metadata.profiles` buffer (empty).
fn map(
    n: u64,
    text: &str,
    rec: &mut Record<'_>,
    profiles: &mut Vec<&'static str>,
    out: &mut Out<'_>,
) {
    let bytes = text.as_bytes();
    if !rec.is_record {
        return out.reject(
            n,
            "not a CloudTrail record: a JSON object was expected",
            bytes,
        );
    }
    if !rec.looks_like_cloudtrail() {
        return out.reject(n, "not a CloudTrail record: none of eventVersion, eventName, eventSource, eventTime, eventID, userIdentity", bytes);
    }
    // Each event is built where it stays (events are kilobytes: moves cost), written
    // (raw_data is appended by Out, faster than building it into the event), and its
    // profiles buffer handed back.
    let time = rec.event_time.get().and_then(parse_rfc3339_ms);
    let (at, product) = (time.unwrap_or(0), product(rec));
    let written = match classify(rec) {
        Class::Authentication(activity) => {
            let mut ev = Authentication::new(activity, at, product);
            authentication_event(rec, &mut ev, time.is_some(), profiles);
            out.event_with_raw_text(text, &ev);
            std::mem::take(&mut ev.base.metadata.profiles)
        }
        Class::AccountChange(activity) => {
            let mut ev = AccountChange::new(activity, at, product);
            account_change_event(rec, &mut ev, time.is_some(), profiles);
            out.event_with_raw_text(text, &ev);
            std::mem::take(&mut ev.base.metadata.profiles)
        }
        Class::Api(activity) => {
            let mut ev = ApiActivity::new(activity, at, product);
            let parts = Parts {
                base: &mut ev.base,
                actor: &mut ev.actor,
                src: &mut ev.src_endpoint,
                http: &mut ev.http_request,
                resources: Some(&mut ev.resources),
            };
            common(rec, parts, time.is_some(), profiles);
            out.event_with_raw_text(text, &ev);
            std::mem::take(&mut ev.base.metadata.profiles)
        }
    };
    if written.capacity() > 0 {
        let mut written = written;
        written.clear();
        *profiles = written;
    }
}

/// The record read by serde_json: the reference reading, and the one for records the
/// fast reader leaves alone.
fn serde_record(text: &str) -> Result<Record<'_>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    Record::deserialize(&mut de).and_then(|r| de.end().map(|()| r))
}

// ---------------------------------------------------------------------------------------
// The record, read leniently: every field optional, any scalar accepted as text, nested
// objects kept raw and parsed only when a mapping needs them, the rest kept for unmapped.

#[derive(Default, Debug)]
struct Record<'a> {
    is_record: bool,
    event_version: Text<'a>,
    user_identity: Lenient<UserIdentity<'a>>,
    event_time: Text<'a>,
    event_source: Text<'a>,
    event_name: Text<'a>,
    aws_region: Text<'a>,
    source_ip: Text<'a>,
    user_agent: Text<'a>,
    error_code: Text<'a>,
    error_message: Text<'a>,
    request_parameters: Option<&'a str>,
    response_elements: Option<&'a str>,
    additional_event_data: Option<&'a str>,
    request_id: Text<'a>,
    event_id: Text<'a>,
    event_type: Text<'a>,
    api_version: Text<'a>,
    read_only: Text<'a>,
    recipient_account_id: Text<'a>,
    vpc_endpoint_id: Text<'a>,
    event_category: Text<'a>,
    resources: Option<&'a str>,
    insight_details: Option<&'a str>,
    /// Members with no OCSF home, in input order: the start of the event's `unmapped`.
    rest: Fields<'a>,
}

impl Record<'_> {
    /// A record with any of CloudTrail's own keys is mapped, however incomplete.
    fn looks_like_cloudtrail(&self) -> bool {
        self.event_version.get().is_some()
            || self.event_name.get().is_some()
            || self.event_source.get().is_some()
            || self.event_time.get().is_some()
            || self.event_id.get().is_some()
            || self.user_identity.0.is_some()
            || self.insight_details.is_some()
    }
}

impl<'de> Deserialize<'de> for Record<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Record<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a CloudTrail record object")
    }

    // Anything that is not an object parses (so the caller can say what it is).
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Record<'de>, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Record::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record<'de>, A::Error> {
        let mut r = Record {
            is_record: true,
            ..Record::default()
        };
        while let Some(key) = map.next_key::<Text<'de>>()? {
            let Some(name) = key.0 else {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            };
            match name.as_ref() {
                "eventVersion" => r.event_version = map.next_value()?,
                "userIdentity" => r.user_identity = map.next_value()?,
                "eventTime" => r.event_time = map.next_value()?,
                "eventSource" => r.event_source = map.next_value()?,
                "eventName" => r.event_name = map.next_value()?,
                "awsRegion" => r.aws_region = map.next_value()?,
                "sourceIPAddress" => r.source_ip = map.next_value()?,
                "userAgent" => r.user_agent = map.next_value()?,
                "errorCode" => r.error_code = map.next_value()?,
                "errorMessage" => r.error_message = map.next_value()?,
                "requestParameters" => r.request_parameters = Some(raw(&mut map)?),
                "responseElements" => r.response_elements = Some(raw(&mut map)?),
                "requestID" => r.request_id = map.next_value()?,
                "eventID" => r.event_id = map.next_value()?,
                "eventType" => r.event_type = map.next_value()?,
                "apiVersion" => r.api_version = map.next_value()?,
                "recipientAccountId" => r.recipient_account_id = map.next_value()?,
                "vpcEndpointId" => r.vpc_endpoint_id = map.next_value()?,
                "eventCategory" => r.event_category = map.next_value()?,
                "resources" => r.resources = Some(raw(&mut map)?),
                // Used by some mappings and also kept whole in unmapped.
                "additionalEventData" => {
                    let v = raw(&mut map)?;
                    r.additional_event_data = Some(v);
                    r.rest.push(name, Json::RawText(v));
                }
                "insightDetails" => {
                    let v = raw(&mut map)?;
                    r.insight_details = Some(v);
                    r.rest.push(name, Json::RawText(v));
                }
                "readOnly" => {
                    let v = raw(&mut map)?;
                    r.read_only = Text(Some(Cow::Borrowed(v)));
                    r.rest.push(name, Json::RawText(v));
                }
                _ => {
                    let v = raw(&mut map)?;
                    r.rest.push(name, Json::RawText(v));
                }
            }
        }
        Ok(r)
    }

    fn visit_str<E>(self, _: &str) -> Result<Record<'de>, E> {
        Ok(Record::default())
    }
    fn visit_bool<E>(self, _: bool) -> Result<Record<'de>, E> {
        Ok(Record::default())
    }
    fn visit_i64<E>(self, _: i64) -> Result<Record<'de>, E> {
        Ok(Record::default())
    }
    fn visit_u64<E>(self, _: u64) -> Result<Record<'de>, E> {
        Ok(Record::default())
    }
    fn visit_f64<E>(self, _: f64) -> Result<Record<'de>, E> {
        Ok(Record::default())
    }
    fn visit_unit<E>(self) -> Result<Record<'de>, E> {
        Ok(Record::default())
    }
}

/// The next value's raw JSON text.
fn raw<'de, A: MapAccess<'de>>(map: &mut A) -> Result<&'de str, A::Error> {
    map.next_value::<&'de RawValue>().map(RawValue::get)
}

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct UserIdentity<'a> {
    #[serde(borrow, rename = "type")]
    kind: Text<'a>,
    #[serde(borrow, rename = "principalId")]
    principal_id: Text<'a>,
    #[serde(borrow)]
    arn: Text<'a>,
    #[serde(borrow, rename = "accountId")]
    account_id: Text<'a>,
    #[serde(borrow, rename = "accessKeyId")]
    access_key_id: Text<'a>,
    #[serde(borrow, rename = "userName")]
    user_name: Text<'a>,
    #[serde(borrow, rename = "invokedBy")]
    invoked_by: Text<'a>,
    #[serde(borrow, rename = "identityProvider")]
    identity_provider: Text<'a>,
    #[serde(borrow, rename = "sessionContext")]
    session_context: Lenient<SessionContext<'a>>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct SessionContext<'a> {
    #[serde(borrow, rename = "sessionIssuer")]
    session_issuer: Lenient<SessionIssuer<'a>>,
    #[serde(borrow)]
    attributes: Lenient<SessionAttributes<'a>>,
    #[serde(borrow, rename = "webIdFederationData")]
    web_id_federation_data: Lenient<WebIdFederation<'a>>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct SessionIssuer<'a> {
    #[serde(borrow)]
    arn: Text<'a>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct SessionAttributes<'a> {
    #[serde(borrow, rename = "creationDate")]
    creation_date: Text<'a>,
    #[serde(borrow, rename = "mfaAuthenticated")]
    mfa_authenticated: Text<'a>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct WebIdFederation<'a> {
    #[serde(borrow, rename = "federatedProvider")]
    federated_provider: Text<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Resource<'a> {
    #[serde(borrow, rename = "ARN")]
    arn: Text<'a>,
    #[serde(borrow, rename = "accountId")]
    account_id: Text<'a>,
    #[serde(borrow, rename = "type")]
    kind: Text<'a>,
}

/// The request parameters IAM mappings read.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct IamRequest<'a> {
    #[serde(borrow, rename = "userName")]
    user_name: Text<'a>,
    #[serde(borrow, rename = "roleName")]
    role_name: Text<'a>,
    #[serde(borrow, rename = "policyArn")]
    policy_arn: Text<'a>,
    #[serde(borrow, rename = "policyName")]
    policy_name: Text<'a>,
    #[serde(borrow)]
    status: Text<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct IamResponse<'a> {
    #[serde(borrow)]
    user: Option<&'a RawValue>,
    #[serde(borrow)]
    role: Option<&'a RawValue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct IamPrincipal<'a> {
    #[serde(borrow, rename = "userName")]
    user_name: Text<'a>,
    #[serde(borrow, rename = "roleName")]
    role_name: Text<'a>,
    #[serde(borrow, rename = "userId")]
    user_id: Text<'a>,
    #[serde(borrow, rename = "roleId")]
    role_id: Text<'a>,
    #[serde(borrow)]
    arn: Text<'a>,
}

/// Console sign-in details (`responseElements` and `additionalEventData`).
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct SignInResponse<'a> {
    #[serde(borrow, rename = "ConsoleLogin")]
    console_login: Text<'a>,
    #[serde(borrow, rename = "CheckMfa")]
    check_mfa: Text<'a>,
    #[serde(borrow, rename = "SwitchRole")]
    switch_role: Text<'a>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct SignInData<'a> {
    #[serde(borrow, rename = "LoginTo")]
    login_to: Text<'a>,
    #[serde(borrow, rename = "MFAUsed")]
    mfa_used: Text<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InsightDetails<'a> {
    #[serde(borrow, rename = "eventName")]
    event_name: Text<'a>,
    #[serde(borrow, rename = "eventSource")]
    event_source: Text<'a>,
}

impl<'a> IamRequest<'a> {
    fn read(raw: Option<&'a str>) -> Self {
        let names = ["userName", "roleName", "policyArn", "policyName", "status"];
        let fast = raw.map(|t| json::text_fields(t, names));
        checked(
            raw,
            match fast {
                Some(Ok([user_name, role_name, policy_arn, policy_name, status])) => {
                    Some(IamRequest {
                        user_name,
                        role_name,
                        policy_arn,
                        policy_name,
                        status,
                    })
                }
                _ => None,
            },
        )
    }
}

impl<'a> SignInResponse<'a> {
    fn read(raw: Option<&'a str>) -> Self {
        let fast = raw.map(|t| json::text_fields(t, ["ConsoleLogin", "CheckMfa", "SwitchRole"]));
        checked(
            raw,
            match fast {
                Some(Ok([console_login, check_mfa, switch_role])) => Some(SignInResponse {
                    console_login,
                    check_mfa,
                    switch_role,
                }),
                _ => None,
            },
        )
    }
}

impl<'a> SignInData<'a> {
    fn read(raw: Option<&'a str>) -> Self {
        let fast = raw.map(|t| json::text_fields(t, ["LoginTo", "MFAUsed"]));
        checked(
            raw,
            match fast {
                Some(Ok([login_to, mfa_used])) => Some(SignInData { login_to, mfa_used }),
                _ => None,
            },
        )
    }
}

/// A nested object read by [`json::text_fields`] (`Some`), else by serde; debug builds
/// check that serde reads the same.
fn checked<'a, T: Deserialize<'a> + Default + std::fmt::Debug>(
    raw: Option<&'a str>,
    fast: Option<T>,
) -> T {
    match fast {
        Some(v) => {
            if cfg!(debug_assertions) {
                let reference: T = nested_text(raw);
                assert_eq!(
                    format!("{v:?}"),
                    format!("{reference:?}"),
                    "fast reader != serde: {raw:?}"
                );
            }
            v
        }
        None => nested_text(raw),
    }
}

/// The record read in one pass by [`json::Reader`], exactly as its serde `Deserialize`
/// impls above read it (debug builds check this on every record).
mod fast {
    use super::*;
    use crate::json::{Fast, GiveUp, Reader};

    /// Keys an object's reader knows (`Other`: any other key, and "no usual next key"),
    /// so that a key taken as the hint (the usual next key) is not compared again.
    pub(super) trait Keys: Copy {
        fn name(self) -> &'static str;
        /// The key as a hint for [`Reader::key_or_hint`]: `,"name":`.
        fn hint(self) -> &'static str;
        fn of(name: &str) -> Self;
    }

    /// An enum of keys with its [`Keys`] impl and `NAMES` (in the order of the variants).
    macro_rules! keys {
        ($(#[$meta:meta])* $name:ident { $($variant:ident = $key:literal,)* }) => {
            $(#[$meta])*
            #[derive(Clone, Copy, PartialEq, Eq, Debug)]
            pub(super) enum $name {
                $($variant,)*
                Other,
            }

            impl $name {
                /// The keys, in the order of the variants ("" for `Other`).
                pub(super) const NAMES: &'static [&'static str] = &[$($key,)* ""];
                /// The keys as hints, in the same order.
                const HINTS: &'static [&'static str] = &[$(concat!(",\"", $key, "\":"),)* ",\"\":"];
            }

            impl Keys for $name {
                fn name(self) -> &'static str {
                    Self::NAMES[self as usize]
                }

                fn hint(self) -> &'static str {
                    Self::HINTS[self as usize]
                }

                fn of(name: &str) -> Self {
                    match name {
                        $($key => Self::$variant,)*
                        _ => Self::Other,
                    }
                }
            }
        };
    }

    keys! {
        /// A record's keys.
        Key {
            EventVersion = "eventVersion",
            UserIdentity = "userIdentity",
            EventTime = "eventTime",
            EventSource = "eventSource",
            EventName = "eventName",
            AwsRegion = "awsRegion",
            SourceIp = "sourceIPAddress",
            UserAgent = "userAgent",
            ErrorCode = "errorCode",
            ErrorMessage = "errorMessage",
            RequestParameters = "requestParameters",
            ResponseElements = "responseElements",
            RequestId = "requestID",
            EventId = "eventID",
            EventType = "eventType",
            ApiVersion = "apiVersion",
            RecipientAccountId = "recipientAccountId",
            VpcEndpointId = "vpcEndpointId",
            EventCategory = "eventCategory",
            Resources = "resources",
            AdditionalEventData = "additionalEventData",
            InsightDetails = "insightDetails",
            ReadOnly = "readOnly",
            ManagementEvent = "managementEvent",
            TlsDetails = "tlsDetails",
        }
    }

    keys! {
        /// userIdentity's keys.
        IdentityKey {
            Type = "type",
            PrincipalId = "principalId",
            Arn = "arn",
            AccountId = "accountId",
            AccessKeyId = "accessKeyId",
            UserName = "userName",
            InvokedBy = "invokedBy",
            IdentityProvider = "identityProvider",
            SessionContext = "sessionContext",
        }
    }

    keys! {
        /// sessionContext's keys.
        ContextKey {
            SessionIssuer = "sessionIssuer",
            Attributes = "attributes",
            WebIdFederationData = "webIdFederationData",
        }
    }

    keys! {
        /// sessionIssuer's keys (only the ARN is mapped).
        IssuerKey {
            Type = "type",
            PrincipalId = "principalId",
            Arn = "arn",
            AccountId = "accountId",
            UserName = "userName",
        }
    }

    keys! {
        /// sessionContext.attributes' keys.
        AttributesKey {
            CreationDate = "creationDate",
            MfaAuthenticated = "mfaAuthenticated",
        }
    }

    keys! {
        /// webIdFederationData's keys (only the provider is mapped).
        WebIdKey {
            FederatedProvider = "federatedProvider",
        }
    }

    /// The key at the reader (the next member's), as a `K` and as text; `None` after the
    /// object's last member. `hint` is the key that usually comes next.
    #[inline(always)]
    fn next_key<'a, K: Keys>(
        rd: &mut Reader<'a>,
        first: &mut bool,
        hint: K,
    ) -> Fast<Option<(K, &'a str)>> {
        Ok(rd.key_or_hint(first, hint.hint())?.map(|read| match read {
            json::Key::Hint => (hint, hint.name()),
            json::Key::Other(name) => (K::of(name), name),
        }))
    }

    /// An object's members, read with `member(reader, key, name)`, which reads the value
    /// and returns the key that usually comes next; `hint` is the usual first key. False
    /// (the value skipped) when the value is not an object.
    fn members<'a, K: Keys>(
        rd: &mut Reader<'a>,
        mut hint: K,
        mut member: impl FnMut(&mut Reader<'a>, K, &'a str) -> Fast<K>,
    ) -> Fast<bool> {
        if !rd.begin_object()? {
            rd.skip()?;
            return Ok(false);
        }
        let mut first = true;
        while let Some((k, name)) = next_key(rd, &mut first, hint)? {
            hint = member(rd, k, name)?;
        }
        Ok(true)
    }

    /// Read the record at the start of `text` into `r` (a default one; filled in place:
    /// records are large) and return its length (`text` may go on after it). On
    /// [`GiveUp`] `r` holds part of the record.
    pub(super) fn record<'a>(text: &'a str, r: &mut Record<'a>) -> Fast<usize> {
        let mut rd = Reader::new(text);
        // Anything but an object is left to serde (which says what it is).
        if !rd.begin_object()? {
            return Err(GiveUp);
        }
        r.is_record = true;
        let mut first = true;
        // Each arm names the key CloudTrail usually writes next: the reader takes it
        // without a scan when it is there (any order still reads right).
        let mut hint = Key::EventVersion;
        while let Some(read) = rd.key_or_hint(&mut first, hint.hint())? {
            // The key's text is needed only for members kept in `rest`.
            let (k, text) = match read {
                json::Key::Hint => (hint, None),
                json::Key::Other(name) => (Key::of(name), Some(name)),
            };
            let name = || text.unwrap_or(k.name());
            hint = match k {
                Key::EventVersion => {
                    r.event_version = rd.text()?;
                    Key::UserIdentity
                }
                Key::UserIdentity => {
                    user_identity(&mut rd, &mut r.user_identity)?;
                    Key::EventTime
                }
                Key::EventTime => {
                    r.event_time = rd.text()?;
                    Key::EventSource
                }
                Key::EventSource => {
                    r.event_source = rd.text()?;
                    Key::EventName
                }
                Key::EventName => {
                    r.event_name = rd.text()?;
                    Key::AwsRegion
                }
                Key::AwsRegion => {
                    r.aws_region = rd.text()?;
                    Key::SourceIp
                }
                Key::SourceIp => {
                    r.source_ip = rd.text()?;
                    Key::UserAgent
                }
                Key::UserAgent => {
                    r.user_agent = rd.text()?;
                    Key::RequestParameters
                }
                Key::ErrorCode => {
                    r.error_code = rd.text()?;
                    Key::ErrorMessage
                }
                Key::ErrorMessage => {
                    r.error_message = rd.text()?;
                    Key::RequestId
                }
                Key::RequestParameters => {
                    r.request_parameters = Some(raw(&mut rd)?);
                    Key::ResponseElements
                }
                Key::ResponseElements => {
                    r.response_elements = Some(raw(&mut rd)?);
                    Key::RequestId
                }
                Key::RequestId => {
                    r.request_id = rd.text()?;
                    Key::EventId
                }
                Key::EventId => {
                    r.event_id = rd.text()?;
                    Key::ReadOnly
                }
                Key::EventType => {
                    r.event_type = rd.text()?;
                    Key::ManagementEvent
                }
                Key::ApiVersion => {
                    r.api_version = rd.text()?;
                    Key::ManagementEvent
                }
                Key::RecipientAccountId => {
                    r.recipient_account_id = rd.text()?;
                    Key::EventCategory
                }
                Key::VpcEndpointId => {
                    r.vpc_endpoint_id = rd.text()?;
                    Key::EventCategory
                }
                Key::EventCategory => {
                    r.event_category = rd.text()?;
                    Key::TlsDetails
                }
                Key::Resources => {
                    r.resources = Some(raw(&mut rd)?);
                    Key::EventType
                }
                Key::AdditionalEventData => {
                    let v = raw(&mut rd)?;
                    r.additional_event_data = Some(v);
                    r.rest.push(name(), Json::RawText(v));
                    Key::RequestId
                }
                Key::InsightDetails => {
                    let v = raw(&mut rd)?;
                    r.insight_details = Some(v);
                    r.rest.push(name(), Json::RawText(v));
                    Key::Other
                }
                Key::ReadOnly => {
                    let v = raw(&mut rd)?;
                    r.read_only = Text(Some(Cow::Borrowed(v)));
                    r.rest.push(name(), Json::RawText(v));
                    Key::EventType
                }
                Key::ManagementEvent | Key::TlsDetails | Key::Other => {
                    let v = raw(&mut rd)?;
                    r.rest.push(name(), Json::RawText(v));
                    if k == Key::ManagementEvent {
                        Key::RecipientAccountId
                    } else {
                        Key::Other
                    }
                }
            };
        }
        Ok(rd.pos())
    }

    /// A value's raw JSON text (checked by the reader).
    fn raw<'a>(rd: &mut Reader<'a>) -> Fast<&'a str> {
        rd.raw()
    }

    /// Sets a field of a derived struct once: serde rejects a duplicate field, so the
    /// fast reader leaves such a record to serde.
    fn once(seen: &mut u32, bit: u32) -> Fast<()> {
        if *seen & (1 << bit) != 0 {
            return Err(GiveUp);
        }
        *seen |= 1 << bit;
        Ok(())
    }

    /// userIdentity, read into `slot` in place.
    fn user_identity<'a>(rd: &mut Reader<'a>, slot: &mut Lenient<UserIdentity<'a>>) -> Fast<()> {
        use IdentityKey as K;
        let u = slot.0.insert(UserIdentity::default());
        let mut seen = 0;
        // Each arm: the field's slot, and the key that usually follows.
        let is_object = members(rd, K::Type, |rd, k, _| {
            let (slot, next) = match k {
                K::Type => (&mut u.kind, K::PrincipalId),
                K::PrincipalId => (&mut u.principal_id, K::Arn),
                K::Arn => (&mut u.arn, K::AccountId),
                K::AccountId => (&mut u.account_id, K::AccessKeyId),
                K::AccessKeyId => (&mut u.access_key_id, K::SessionContext),
                K::UserName => (&mut u.user_name, K::SessionContext),
                K::InvokedBy => (&mut u.invoked_by, K::Other),
                K::IdentityProvider => (&mut u.identity_provider, K::Other),
                K::SessionContext => {
                    once(&mut seen, k as u32)?;
                    session_context(rd, &mut u.session_context)?;
                    return Ok(K::InvokedBy);
                }
                K::Other => return rd.skip().map(|()| K::Other),
            };
            once(&mut seen, k as u32)?;
            *slot = rd.text()?;
            Ok(next)
        })?;
        if !is_object {
            slot.0 = None;
        }
        Ok(())
    }

    /// sessionContext, read into `slot` in place.
    fn session_context<'a>(
        rd: &mut Reader<'a>,
        slot: &mut Lenient<SessionContext<'a>>,
    ) -> Fast<()> {
        use ContextKey as K;
        let c = slot.0.insert(SessionContext::default());
        let mut seen = 0;
        let is_object = members(rd, K::SessionIssuer, |rd, k, _| {
            if k != K::Other {
                once(&mut seen, k as u32)?;
            }
            Ok(match k {
                K::SessionIssuer => {
                    let mut i = SessionIssuer::default();
                    let mut seen = 0;
                    let is_object = members(rd, IssuerKey::Type, |rd, k, _| {
                        Ok(match k {
                            IssuerKey::Arn => {
                                once(&mut seen, 0)?;
                                i.arn = rd.text()?;
                                IssuerKey::AccountId
                            }
                            IssuerKey::Type => rd.skip().map(|()| IssuerKey::PrincipalId)?,
                            IssuerKey::PrincipalId => rd.skip().map(|()| IssuerKey::Arn)?,
                            IssuerKey::AccountId => rd.skip().map(|()| IssuerKey::UserName)?,
                            IssuerKey::UserName | IssuerKey::Other => {
                                rd.skip().map(|()| IssuerKey::Other)?
                            }
                        })
                    })?;
                    c.session_issuer = Lenient(is_object.then_some(i));
                    K::WebIdFederationData
                }
                K::Attributes => {
                    use AttributesKey as A;
                    let mut a = SessionAttributes::default();
                    let mut seen = 0;
                    let is_object = members(rd, A::CreationDate, |rd, k, _| {
                        let (slot, next) = match k {
                            A::CreationDate => (&mut a.creation_date, A::MfaAuthenticated),
                            A::MfaAuthenticated => (&mut a.mfa_authenticated, A::Other),
                            A::Other => return rd.skip().map(|()| A::Other),
                        };
                        once(&mut seen, k as u32)?;
                        *slot = rd.text()?;
                        Ok(next)
                    })?;
                    c.attributes = Lenient(is_object.then_some(a));
                    K::Other
                }
                K::WebIdFederationData => {
                    let mut w = WebIdFederation::default();
                    let mut seen = 0;
                    let is_object = members(rd, WebIdKey::FederatedProvider, |rd, k, _| match k {
                        WebIdKey::FederatedProvider => {
                            once(&mut seen, 0)?;
                            w.federated_provider = rd.text()?;
                            Ok(WebIdKey::Other)
                        }
                        WebIdKey::Other => rd.skip().map(|()| WebIdKey::Other),
                    })?;
                    c.web_id_federation_data = Lenient(is_object.then_some(w));
                    K::Attributes
                }
                K::Other => {
                    rd.skip()?;
                    K::Other
                }
            })
        })?;
        if !is_object {
            slot.0 = None;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Class and activity.

enum Class {
    Api((i32, &'static str)),
    Authentication((i32, &'static str)),
    AccountChange((i32, &'static str)),
}

fn classify(r: &Record<'_>) -> Class {
    let name = r.event_name.get().unwrap_or("");
    let source = r.event_source.get().unwrap_or("");
    let sign_in =
        r.event_type.get() == Some("AwsConsoleSignIn") || source == "signin.amazonaws.com";
    if sign_in {
        let activity = match name {
            "ConsoleLogin" | "CheckMfa" | "SwitchRole" | "RenewRole" => Some(authentication::LOGON),
            "ExitRole" | "ConsoleLogout" => Some(authentication::LOGOFF),
            "PasswordUpdated" => None,
            _ if r.event_type.get() == Some("AwsConsoleSignIn") => Some(authentication::OTHER),
            _ => Some(authentication::OTHER),
        };
        return match activity {
            Some(a) => Class::Authentication(a),
            None => Class::AccountChange(account_change::PASSWORD_CHANGE),
        };
    }
    if source == "iam.amazonaws.com" {
        if let Some(a) = iam_activity(name, r) {
            return Class::AccountChange(a);
        }
    }
    Class::Api(api_activity_of(name, r.read_only.get() == Some("true")))
}

/// IAM calls that change a user or role (and their credentials and policies).
fn iam_activity(name: &str, r: &Record<'_>) -> Option<(i32, &'static str)> {
    use account_change::*;
    Some(match name {
        "CreateUser" | "CreateRole" => CREATE,
        "DeleteUser" | "DeleteRole" => DELETE,
        "ChangePassword" => PASSWORD_CHANGE,
        "UpdateLoginProfile" => PASSWORD_RESET,
        // A console password given or taken away enables or disables the sign-in.
        "CreateLoginProfile" => ENABLE,
        "DeleteLoginProfile" => DISABLE,
        "AttachUserPolicy"
        | "AttachRolePolicy"
        | "PutUserPolicy"
        | "PutRolePolicy"
        | "PutUserPermissionsBoundary"
        | "PutRolePermissionsBoundary" => ATTACH_POLICY,
        "DetachUserPolicy"
        | "DetachRolePolicy"
        | "DeleteUserPolicy"
        | "DeleteRolePolicy"
        | "DeleteUserPermissionsBoundary"
        | "DeleteRolePermissionsBoundary" => DETACH_POLICY,
        "EnableMFADevice" | "ResyncMFADevice" => MFA_FACTOR_ENABLE,
        "DeactivateMFADevice" | "DeleteVirtualMFADevice" => MFA_FACTOR_DISABLE,
        "UpdateAccessKey"
        | "UpdateSSHPublicKey"
        | "UpdateServiceSpecificCredential"
        | "UpdateSigningCertificate" => {
            let req = IamRequest::read(r.request_parameters);
            match req.status.get() {
                Some("Active") => ENABLE,
                Some("Inactive") => DISABLE,
                _ => OTHER,
            }
        }
        // Credentials and memberships of a user: changes to the account without their
        // own OCSF activity.
        "CreateAccessKey"
        | "DeleteAccessKey"
        | "UploadSSHPublicKey"
        | "DeleteSSHPublicKey"
        | "CreateServiceSpecificCredential"
        | "DeleteServiceSpecificCredential"
        | "UploadSigningCertificate"
        | "DeleteSigningCertificate"
        | "AddUserToGroup"
        | "RemoveUserFromGroup"
        | "UpdateUser"
        | "UpdateRole"
        | "UpdateAssumeRolePolicy"
        | "TagUser"
        | "UntagUser"
        | "TagRole"
        | "UntagRole" => OTHER,
        _ => return None,
    })
}

/// The API activity of an operation, from the verb its name starts with.
fn api_activity_of(name: &str, read_only: bool) -> (i32, &'static str) {
    let name = name.strip_prefix("Batch").unwrap_or(name);
    let verb_end = name
        .char_indices()
        .skip(1)
        .find(|(_, c)| !c.is_ascii_lowercase())
        .map_or(name.len(), |(i, _)| i);
    use api_activity::*;
    match &name[..verb_end] {
        "Create" | "Add" | "Allocate" | "Copy" | "Generate" | "Import" | "Issue" | "Register"
        | "Run" | "Upload" | "Publish" | "Send" | "Request" | "Launch" | "Provision" | "Clone"
        | "Initiate" | "Invoke" | "Assume" => CREATE,
        "Get" | "Describe" | "List" | "Head" | "Lookup" | "Search" | "Query" | "Scan"
        | "Select" | "Download" | "Filter" | "Preview" | "Retrieve" | "Validate" | "Verify"
        | "View" | "Estimate" | "Simulate" | "Decrypt" | "Check" | "Test" | "Read" => READ,
        "Update" | "Modify" | "Put" | "Set" | "Change" | "Enable" | "Disable" | "Edit"
        | "Replace" | "Reset" | "Apply" | "Attach" | "Associate" | "Start" | "Stop" | "Reboot"
        | "Restore" | "Tag" | "Untag" | "Encrypt" | "Rotate" | "Accept" | "Reject"
        | "Authorize" | "Confirm" | "Activate" | "Deactivate" | "Resume" | "Suspend" | "Move"
        | "Rename" | "Upgrade" | "Enter" | "Exit" => UPDATE,
        "Delete" | "Remove" | "Detach" | "Disassociate" | "Terminate" | "Deregister" | "Revoke"
        | "Purge" | "Release" | "Cancel" | "Destroy" | "Deprovision" | "Unregister" | "Abort"
        | "Empty" => DELETE,
        _ if read_only => READ,
        _ => OTHER,
    }
}

// ---------------------------------------------------------------------------------------
// Mapping.

/// What every class shares (base, actor, src_endpoint, api, status), as places in the
/// event to fill.
struct Parts<'e, 'a> {
    base: &'e mut Base<'a>,
    actor: &'e mut Actor<'a>,
    src: &'e mut NetworkEndpoint<'a>,
    http: &'e mut Option<HttpRequest<'a>>,
    /// `None` for the classes without `resources` (Authentication, Account Change).
    resources: Option<&'e mut Vec<ResourceDetails<'a>>>,
}

/// `metadata.product`.
fn product<'a>(r: &Record<'a>) -> Product<'a> {
    let mut product = Product::aws("CloudTrail");
    product.version = r.event_version.cow();
    product.feature = r.event_category.cow().map(|name| Feature {
        name: Some(name),
        ..Feature::default()
    });
    product
}

/// The userIdentity of a record without one (a static: not built and dropped per record).
static NO_IDENTITY: UserIdentity<'static> = UserIdentity {
    kind: Text(None),
    principal_id: Text(None),
    arn: Text(None),
    account_id: Text(None),
    access_key_id: Text(None),
    user_name: Text(None),
    invoked_by: Text(None),
    identity_provider: Text(None),
    session_context: Lenient(None),
};

/// Fill what every class shares; the event was made with the record's time, or 0 when
/// `has_time` is false.
fn common<'a>(
    r: &mut Record<'a>,
    parts: Parts<'_, 'a>,
    has_time: bool,
    profiles: &mut Vec<&'static str>,
) {
    let Parts {
        base,
        actor,
        src,
        http,
        resources: mapped_resources,
    } = parts;
    if !has_time {
        // `time` is required: 0 marks it unknown, and the label says so.
        base.metadata.labels.push(Cow::Borrowed("sds:time-missing"));
        base.metadata.original_time = r.event_time.cow();
    }
    base.metadata.uid = r.event_id.cow();
    base.metadata.event_code = r.event_type.cow();
    base.metadata.profiles = std::mem::take(profiles);
    // unmapped: the record's members without an OCSF home, after what is put in front of
    // them below (`front` counts those).
    base.unmapped = std::mem::take(&mut r.rest);
    let mut front = 0;

    let ui = r.user_identity.0.as_ref().unwrap_or(&NO_IDENTITY);
    let account = r.recipient_account_id.cow().or_else(|| ui.account_id.cow());
    base.set_cloud(Cloud::aws(account, r.aws_region.cow()));

    // Status: a failed call carries errorCode.
    match r.error_code.cow() {
        Some(code) => {
            base.set_status(Status::Failure);
            base.status_code = Some(code);
            base.status_detail = r.error_message.cow();
        }
        None => base.set_status(Status::Success),
    }

    // api: for an Insight event, the API it is about.
    let insight: InsightDetails = nested_text(r.insight_details);
    let operation = r.event_name.cow().or_else(|| insight.event_name.cow());
    let service = r.event_source.cow().or_else(|| insight.event_source.cow());
    // Built in place in the event (an Api is large).
    let api = base.api.insert(Api {
        operation: operation.unwrap_or(Cow::Borrowed("unknown")),
        version: r.api_version.cow(),
        service: service.map(|name| Service {
            name: Some(name),
            ..Service::default()
        }),
        request: None,
        response: None,
    });
    let request_data = r.request_parameters.filter(|t| *t != "null");
    match r.request_id.cow() {
        Some(uid) => {
            api.request = Some(ApiRequest {
                uid,
                data: request_data.map(Json::RawText),
                flags: Vec::new(),
            });
        }
        // `request.uid` is required: without it the parameters go to unmapped.
        None => {
            if let Some(d) = request_data {
                base.unmapped.0.insert(
                    front,
                    (Cow::Borrowed("requestParameters"), Json::RawText(d)),
                );
                front += 1;
            }
        }
    }
    let response_data = r.response_elements.filter(|t| *t != "null");
    if r.error_code.get().is_some() || r.error_message.get().is_some() || response_data.is_some() {
        api.response = Some(ApiResponse {
            error: r.error_code.cow(),
            message: r.error_message.cow(),
            data: response_data.map(Json::RawText),
            ..ApiResponse::default()
        });
    }

    // actor: filled in place (users and sessions are large).
    let sc = ui.session_context.0.as_ref();
    let attrs = sc.and_then(|c| c.attributes.0.as_ref());
    let issuer = sc.and_then(|c| c.session_issuer.0.as_ref());
    let web = sc.and_then(|c| c.web_id_federation_data.0.as_ref());
    if !identity_user(ui, actor.user.insert(User::default())) {
        actor.user = None;
    }
    let session = actor.session.insert(Session {
        created_time: attrs
            .and_then(|a| a.creation_date.get())
            .and_then(parse_rfc3339_ms),
        is_mfa: attrs
            .and_then(|a| a.mfa_authenticated.get())
            .map(|v| v.eq_ignore_ascii_case("true")),
        issuer: issuer.and_then(|i| i.arn.cow()),
        ..Session::default()
    });
    if session.created_time.is_none() && session.is_mfa.is_none() && session.issuer.is_none() {
        actor.session = None;
    }
    actor.idp = web
        .and_then(|w| w.federated_provider.cow())
        .or_else(|| ui.identity_provider.cow())
        .map(|name| Idp {
            name: Some(name),
            uid: None,
        });
    actor.invoked_by = ui.invoked_by.cow();
    if actor.user.is_none() && actor.session.is_none() && actor.invoked_by.is_none() {
        // OCSF requires an identified actor. Insight events are CloudTrail's own
        // analysis; any other record without userIdentity has an unknown caller.
        if r.insight_details.is_some() {
            actor.invoked_by = Some(Cow::Borrowed("cloudtrail.amazonaws.com"));
        } else {
            actor.user = Some(User {
                name: Some(Cow::Borrowed("unknown")),
                type_id: Some(0),
                r#type: Some(Cow::Borrowed("Unknown")),
                ..User::default()
            });
        }
    }

    // src_endpoint: an IP, or the AWS service (or other name) that made the call.
    src.uid = r.vpc_endpoint_id.cow();
    if let Some(addr) = r.source_ip.cow() {
        if addr.parse::<std::net::IpAddr>().is_ok() {
            base.observables
                .push(Observable::ip("src_endpoint.ip", addr.clone()));
            src.ip = Some(addr);
        } else if addr.ends_with(".amazonaws.com") {
            src.svc_name = Some(addr.clone());
            src.domain = Some(addr);
        } else {
            // "AWS Internal", anonymized or invalid addresses: kept as a name.
            src.name = Some(addr);
        }
    }
    if !src.is_identified() {
        // OCSF requires an identified src_endpoint; say plainly that it is unknown.
        src.name = Some(Cow::Borrowed("unknown"));
    }

    if let Some(u) = actor.user.as_ref() {
        if let Some(name) = &u.name {
            base.observables
                .push(Observable::user_name("actor.user.name", name.clone()));
        }
        if let Some(uid) = &u.uid {
            base.observables
                .push(Observable::resource_uid("actor.user.uid", uid.clone()));
        }
    }

    // Without a `resources` attribute in the class, the list goes to unmapped whole (its
    // ARNs are still observables), so the entries' type and account are not lost.
    let mut no_home = Vec::new();
    let has_home = mapped_resources.is_some();
    let mapped_resources = mapped_resources.unwrap_or(&mut no_home);
    let keep_raw = resources(r, mapped_resources) || !has_home;
    if let (true, Some(raw)) = (keep_raw, r.resources) {
        base.unmapped
            .0
            .insert(front, (Cow::Borrowed("resources"), Json::RawText(raw)));
    }
    for res in mapped_resources.iter() {
        if let Some(uid) = &res.uid {
            base.observables
                .push(Observable::resource_uid("resources[].uid", uid.clone()));
        }
    }

    *http = r.user_agent.cow().map(|ua| HttpRequest {
        user_agent: Some(ua),
        ..HttpRequest::default()
    });
}

/// Fill `user` from userIdentity; whether it identifies someone.
fn identity_user<'a>(ui: &UserIdentity<'a>, user: &mut User<'a>) -> bool {
    let kind = ui.kind.get();
    user.type_id = kind.map(|k| match k {
        "IAMUser" | "AssumedRole" | "FederatedUser" | "IdentityCenterUser" | "SAMLUser"
        | "WebIdentityUser" => 1,
        "Root" => 2,
        "AWSService" => 3,
        "Unknown" => 0,
        _ => 99,
    });
    user.name = ui.user_name.cow();
    user.uid = ui.arn.cow();
    user.uid_alt = ui.principal_id.cow();
    user.r#type = ui.kind.cow();
    user.credential_uid = ui.access_key_id.cow();
    user.account = ui.account_id.cow().map(Account::aws);
    user.is_identified()
}

/// `resources[]` with an ARN (OCSF needs a uid or name) into `mapped`, and whether some
/// entry has none (then the whole list also goes to unmapped so nothing is lost).
fn resources<'a>(r: &Record<'a>, mapped: &mut Vec<ResourceDetails<'a>>) -> bool {
    let list: Vec<Resource<'a>> = nested_text(r.resources);
    let keep_raw = list.iter().any(|res| res.arn.get().is_none());
    mapped.extend(
        list.into_iter()
            .filter(|res| res.arn.get().is_some())
            .map(|res| ResourceDetails {
                uid: res.arn.cow(),
                r#type: res.kind.cow(),
                owner: res.account_id.cow().map(|a| User {
                    account: Some(Account::aws(a)),
                    ..User::default()
                }),
                ..ResourceDetails::default()
            }),
    );
    keep_raw
}

fn authentication_event<'a>(
    r: &mut Record<'a>,
    ev: &mut Authentication<'a>,
    has_time: bool,
    profiles: &mut Vec<&'static str>,
) {
    let response = SignInResponse::read(r.response_elements);
    let data = SignInData::read(r.additional_event_data);
    let parts = Parts {
        base: &mut ev.base,
        actor: ev.actor.insert(Actor::default()),
        src: ev.src_endpoint.insert(NetworkEndpoint::default()),
        http: &mut ev.http_request,
        resources: None,
    };
    common(r, parts, has_time, profiles);
    // The sign-in outcome is in responseElements ("Success"/"Failure"), not errorCode.
    let outcome = response
        .console_login
        .get()
        .or(response.check_mfa.get())
        .or(response.switch_role.get());
    match outcome {
        Some(o) if o.eq_ignore_ascii_case("Success") => ev.base.set_status(Status::Success),
        Some(o) if o.eq_ignore_ascii_case("Failure") => {
            ev.base.set_status(Status::Failure);
            if ev.base.status_detail.is_none() {
                ev.base.status_detail = r.error_message.cow();
            }
        }
        _ => {}
    }
    // The user who signs in is the identity of the record.
    let actor = ev.actor.as_ref();
    ev.user = actor.and_then(|a| a.user.clone()).unwrap_or_else(|| User {
        name: Some(Cow::Borrowed("unknown")),
        ..User::default()
    });
    ev.session = actor.and_then(|a| a.session.clone());
    ev.dst_endpoint = data.login_to.cow().map(|to| NetworkEndpoint {
        svc_name: Some(to),
        ..NetworkEndpoint::default()
    });
    ev.service = r.event_source.cow().map(|name| Service {
        name: Some(name),
        ..Service::default()
    });
    ev.is_mfa = data.mfa_used.get().map(|v| v.eq_ignore_ascii_case("Yes"));
}

fn account_change_event<'a>(
    r: &mut Record<'a>,
    ev: &mut AccountChange<'a>,
    has_time: bool,
    profiles: &mut Vec<&'static str>,
) {
    let req = IamRequest::read(r.request_parameters);
    let resp: IamResponse = nested_text(r.response_elements);
    let parts = Parts {
        base: &mut ev.base,
        actor: ev.actor.insert(Actor::default()),
        src: ev.src_endpoint.insert(NetworkEndpoint::default()),
        http: &mut ev.http_request,
        resources: None,
    };
    common(r, parts, has_time, profiles);
    let created: IamPrincipal = nested(resp.user.or(resp.role));
    // The user or role the change is about: from the response when it was created, from
    // the request otherwise; for a change to oneself (ChangePassword), the actor.
    let user = &mut ev.user;
    user.name = created
        .user_name
        .cow()
        .or_else(|| created.role_name.cow())
        .or_else(|| req.user_name.cow())
        .or_else(|| req.role_name.cow());
    user.uid = created.arn.cow();
    user.uid_alt = created.user_id.cow().or_else(|| created.role_id.cow());
    if req.role_name.get().is_some() || created.role_name.get().is_some() {
        user.r#type = Some(Cow::Borrowed("Role"));
    }
    if !user.is_identified() {
        *user = ev
            .actor
            .as_ref()
            .and_then(|a| a.user.clone())
            .unwrap_or_else(|| User {
                name: Some(Cow::Borrowed("unknown")),
                ..User::default()
            });
    }
    ev.policy = match (req.policy_arn.cow(), req.policy_name.cow()) {
        (None, None) => None,
        (arn, name) => Some(Policy {
            name: name.or_else(|| {
                arn.as_deref()
                    .and_then(|a| a.rsplit('/').next())
                    .map(|s| Cow::Owned(s.to_owned()))
            }),
            uid: arn,
            ..Policy::default()
        }),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Reject, Sink, Source};

    #[derive(Default, PartialEq, Debug)]
    struct Collect(Vec<String>);

    impl Sink for Collect {
        fn event(&mut self, _: u32, json: &[u8]) {
            self.0.push(String::from_utf8_lossy(json).into_owned());
        }
        fn reject(&mut self, r: Reject) {
            self.0.push(format!(
                "reject {} {} {}",
                r.record,
                r.reason,
                String::from_utf8_lossy(&r.raw)
            ));
        }
        fn skipped(&mut self, what: &str) {
            self.0.push(format!("skip {what}"));
        }
    }

    /// Records are read in place when they lie in the read buffer and cut by the splitter
    /// when they span reads: the output must not depend on which.
    #[test]
    fn output_does_not_depend_on_the_read_buffer() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("golden/cloudtrail");
        let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect();
        // Escapes, numbers and odd types, read by the fast reader or left to serde.
        inputs.push(br#"{"Records":[{"eventVersion":1.08,"eventName":"Get\u0041","eventTime":"2024-01-01T00:00:00Z","userIdentity":{"type":"IAMUser","arn":"a\/b","userName":12,"sessionContext":[]},"readOnly":"true","x":-0,"y":1e3},{"eventName":"A","userIdentity":{"arn":"1","arn":"2"}},{"eventName":"B","requestParameters":{"a":[1,2,{"b":null}]},"readOnly":true}]}"#.to_vec());
        let opts = Options { raw_data: true };
        for input in &inputs {
            let mut want = Collect::default();
            crate::normalize(Source::CloudTrail, &input[..], &opts, &mut want).unwrap();
            for cap in [1, 5, 64, 700] {
                let mut got = Collect::default();
                let reader = std::io::BufReader::with_capacity(cap, &input[..]);
                crate::normalize(Source::CloudTrail, reader, &opts, &mut got).unwrap();
                assert_eq!(got, want, "capacity {cap}");
            }
        }
    }

    /// Authentication and Account Change have no `resources` in OCSF 1.1.0: the list
    /// goes to unmapped whole (type and account kept), and its ARNs are observables.
    #[test]
    fn resources_of_classes_without_them_go_to_unmapped() {
        let list = r#"[{"ARN":"arn:aws:iam::111122223333:user/bob","accountId":"111122223333","type":"AWS::IAM::User"}]"#;
        let cases = [
            ("CreateUser", "iam.amazonaws.com", "AwsApiCall", 3001),
            (
                "ConsoleLogin",
                "signin.amazonaws.com",
                "AwsConsoleSignIn",
                3002,
            ),
            ("GetObject", "s3.amazonaws.com", "AwsApiCall", 6003),
        ];
        for (event, source, kind, class) in cases {
            let input = format!(
                r#"{{"Records":[{{"eventName":"{event}","eventSource":"{source}","eventType":"{kind}","resources":{list}}}]}}"#
            );
            let mut got = Collect::default();
            crate::normalize(
                Source::CloudTrail,
                input.as_bytes(),
                &Options { raw_data: false },
                &mut got,
            )
            .unwrap();
            let ev: serde_json::Value = serde_json::from_str(&got.0[0]).unwrap();
            assert_eq!(ev["class_uid"], class, "{event}");
            let observed = ev["observables"].as_array().unwrap().iter().any(|o| {
                o["name"] == "resources[].uid" && o["value"] == "arn:aws:iam::111122223333:user/bob"
            });
            assert!(observed, "{event}: {ev}");
            if class == 6003 {
                assert_eq!(ev["resources"][0]["type"], "AWS::IAM::User", "{event}");
                assert_eq!(
                    ev["resources"][0]["owner"]["account"]["uid"], "111122223333",
                    "{event}"
                );
                assert!(ev["unmapped"].get("resources").is_none(), "{event}: {ev}");
            } else {
                assert_eq!(
                    ev["unmapped"]["resources"],
                    serde_json::from_str::<serde_json::Value>(list).unwrap(),
                    "{event}"
                );
            }
        }
    }

    /// unmapped: requestParameters (no requestID to hang them on), then resources (an
    /// entry without ARN), then the members without an OCSF home in input order.
    #[test]
    fn unmapped_order() {
        let input = br#"{"Records":[{"eventName":"GetX","zeta":1,"requestParameters":{"a":1},"resources":[{"type":"T"}],"readOnly":true,"alpha":[2]}]}"#;
        let mut got = Collect::default();
        crate::normalize(
            Source::CloudTrail,
            &input[..],
            &Options { raw_data: false },
            &mut got,
        )
        .unwrap();
        let want = r#""unmapped":{"requestParameters":{"a":1},"resources":[{"type":"T"}],"zeta":1,"readOnly":true,"alpha":[2]}"#;
        assert!(got.0[0].contains(want), "{}", got.0[0]);
    }

    /// `read` checks itself against serde in debug builds (tests): feed it odd shapes.
    #[test]
    fn nested_readers_read_as_serde() {
        for raw in [
            r#"{"userName":"bob","status":"Active","x":{"userName":"no"}}"#,
            r#"{"userName":"a","userName":"b"}"#,
            r#"["bob","role"]"#,
            r#"{"roleName":12,"policyArn":"arn:aws:iam::aws:policy/A","policyName":null}"#,
            r#"{"user\u004eame":"esc","status":"Inactive"}"#,
            r#"{"status":true} x"#,
            "null",
            r#""text""#,
            r#"{"ConsoleLogin":"Success","LoginTo":"https://console","MFAUsed":"Yes"}"#,
        ] {
            let req = IamRequest::read(Some(raw));
            let _ = (SignInResponse::read(Some(raw)), SignInData::read(Some(raw)));
            if raw.starts_with(r#"{"userName":"bob""#) {
                assert_eq!(
                    (req.user_name.get(), req.status.get()),
                    (Some("bob"), Some("Active"))
                );
            }
        }
        assert!(IamRequest::read(None).user_name.get().is_none());
    }

    /// The fast reader reads nested identities as serde does, or leaves them to serde:
    /// keys out of order, unknown, repeated, spaced, and values of the wrong type.
    #[test]
    fn fast_reader_reads_identities_as_serde() {
        let cases = [
            r#"{"userIdentity":{"sessionContext":{"attributes":{"mfaAuthenticated":"false","creationDate":"2024-01-01T00:00:00Z","x":1},"sessionIssuer":{"userName":"u","arn":"a","type":"Role"}},"type":"AssumedRole"}}"#,
            r#"{"userIdentity":{"type":"WebIdentityUser","sessionContext":{"webIdFederationData":{"federatedProvider":"cognito","attributes":{}},"webIdFederationData":{}}}}"#,
            r#"{"userIdentity":{"sessionContext":{"sessionIssuer":{"arn":"a","arn":"b"}}}}"#,
            r#"{"userIdentity":{"sessionContext":{"attributes":{"creationDate":"x","creationDate":"y"}}}}"#,
            r#"{"userIdentity":{"sessionContext":{"sessionIssuer":[],"attributes":"x","webIdFederationData":null,"other":{"a":[1]}}}}"#,
            r#"{"userIdentity":{"type":"Root","type":"IAMUser"}}"#,
            r#"{"userIdentity": { "type" : "IAMUser" , "userName":12, "invokedBy":true, "identityProvider":null }, "eventName":"X"}"#,
            r#"{"userIdentity":[{"type":"IAMUser"}],"userIdentity":{"arn":"later"}}"#,
            r#"{"eventTime":"t","eventTime":"u","tlsDetails":{"a":"b"},"managementEvent":false,"zz":null}"#,
        ];
        for text in cases {
            let mut rec = Record::default();
            let serde = serde_record(text).map(|r| format!("{r:?}"));
            match fast::record(text, &mut rec) {
                Ok(len) => {
                    assert_eq!(len, text.len(), "{text}");
                    assert_eq!(
                        Ok(format!("{rec:?}")),
                        serde.map_err(|e| e.to_string()),
                        "{text}"
                    );
                }
                Err(_) => assert!(
                    serde.is_err() || text.contains("\""),
                    "fast reader gave up on {text}"
                ),
            }
        }
    }

    #[test]
    fn reader_keys_and_their_names_agree() {
        use fast::*;
        fn agree<K: Keys + std::fmt::Debug + PartialEq>(names: &[&str], other: K) {
            for name in names {
                assert_eq!(K::of(name).name(), *name);
            }
            assert_eq!(K::of("no such key"), other);
            assert_eq!(other.name(), "");
            for name in names {
                assert_eq!(K::of(name).hint(), format!(",\"{name}\":"));
            }
        }
        agree(Key::NAMES, Key::Other);
        agree(IdentityKey::NAMES, IdentityKey::Other);
        agree(ContextKey::NAMES, ContextKey::Other);
        agree(IssuerKey::NAMES, IssuerKey::Other);
        agree(AttributesKey::NAMES, AttributesKey::Other);
        agree(WebIdKey::NAMES, WebIdKey::Other);
    }

    #[test]
    fn verbs_choose_the_api_activity() {
        assert_eq!(api_activity_of("CreateBucket", false).0, 1);
        assert_eq!(api_activity_of("DescribeInstances", false).0, 2);
        assert_eq!(api_activity_of("BatchGetSecretValue", false).0, 2);
        assert_eq!(api_activity_of("PutBucketPolicy", false).0, 3);
        assert_eq!(api_activity_of("TerminateInstances", false).0, 4);
        assert_eq!(api_activity_of("ConsoleLogin", false).0, 99);
        assert_eq!(api_activity_of("Foo", true).0, 2);
        assert_eq!(api_activity_of("", false).0, 99);
        assert_eq!(api_activity_of("é", false).0, 99);
    }
}
