//! AWS Health events to OCSF Detection Finding (2004).
//!
//! `AWS_ABUSE_*` (and the other `ABUSE` / `RISK` service events, such as
//! `AWS_RISK_CREDENTIALS_EXPOSED`) are security findings raised by AWS about the account:
//! severity High (Critical for exposed credentials). Every other Health event (service
//! issues, scheduled changes, account notifications) is a finding of the same class with a
//! lower severity, so one table holds all of Health; `finding_info.types` carries the
//! event type category. Why this class: see `runtime/docs/mapping-health.md`.
//!
//! Accepted input (JSON lines, concatenated or pretty-printed objects, arrays):
//! EventBridge events (`source: aws.health`), PutEvents entries (`Detail` as a JSON
//! string), SNS notifications whose `Message` is such an event, and bare `detail` objects.
//! The `describe-event-types` catalog (`{"eventTypes": [...]}`) is not events: skipped.

use crate::access_log::time;
use crate::json::{for_each_record, Item};
use crate::securityhub::obj::Obj;
use crate::Out;
use ocsf::findings::*;
use ocsf::objects::*;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::io::{self, BufRead};

/// Normalize AWS Health events.
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    for_each_record(input, |no, item| match item {
        Item::Value(bytes) | Item::Record(bytes) => record(no, bytes, out),
        Item::Broken(bytes, why) => out.reject(no, why, bytes),
    })
}

/// The envelope members around a Health `detail`.
#[derive(Default)]
struct Envelope<'a> {
    id: Option<Cow<'a, str>>,
    detail_type: Option<Cow<'a, str>>,
    source: Option<Cow<'a, str>>,
    account: Option<Cow<'a, str>>,
    region: Option<Cow<'a, str>>,
    time: Option<Cow<'a, str>>,
    resources: Vec<Cow<'a, str>>,
}

fn record(no: u64, bytes: &[u8], out: &mut Out<'_>) {
    let mut o = match Obj::parse(bytes) {
        Ok(o) => o,
        Err(e) => return out.reject(no, e, bytes),
    };
    if o.contains_key("eventTypes") && !o.contains_key("detail") {
        return out.skip("health event type catalog");
    }
    // SNS notification: the event is the JSON text in `Message`.
    if o.contains_key("Message") && o.contains_key("TopicArn") {
        let message = match o.take::<String>("Message") {
            Ok(Some(m)) => m,
            _ => return out.reject(no, "SNS notification without a Message string", bytes),
        };
        let inner = match Obj::parse(message.as_bytes()) {
            Ok(i) => i,
            Err(e) => return out.reject(no, format!("SNS Message: {e}"), bytes),
        };
        let mut sns = Fields::new();
        for key in ["MessageId", "TopicArn", "Timestamp", "Subject"] {
            if let Some(v) = o.text(key) {
                sns.push(key, Json::Str(v));
            }
        }
        return handle(no, bytes, inner, sns, out);
    }
    handle(no, bytes, o, Fields::new(), out);
}

/// One Health event (any of the accepted shapes, already unwrapped from SNS).
fn handle<'a>(no: u64, bytes: &'a [u8], mut o: Obj<'a>, sns: Fields<'a>, out: &mut Out<'_>) {
    let env = match envelope(&mut o) {
        Ok(e) => e,
        Err(reason) => return out.reject(no, reason, bytes),
    };
    // `detail` is an object (EventBridge) or a JSON string (PutEvents entries); without
    // either, the record itself is the detail.
    let detail_text: String;
    let detail = if let Some(raw) = o.raw("detail") {
        Obj::from_raw(raw).ok_or_else(|| "detail is not an object".to_owned())
    } else if let Ok(Some(text)) = o.take::<String>("Detail") {
        detail_text = text;
        Obj::parse(detail_text.as_bytes()).map_err(|e| format!("Detail: {e}"))
    } else if o.contains_key("eventTypeCode") {
        Ok(std::mem::take(&mut o))
    } else {
        Err("not an AWS Health event (no detail, Detail or eventTypeCode)".to_owned())
    };
    let result = detail.and_then(|d| build(d, o, env, out.raw(bytes)));
    match result {
        Ok(mut f) => {
            if !sns.is_empty() {
                f.base.unmapped.push("sns", Json::Object(sns));
            }
            out.event(&f)
        }
        Err(reason) => out.reject(no, reason, bytes),
    }
}

fn envelope<'a>(o: &mut Obj<'a>) -> Result<Envelope<'a>, String> {
    let resources = match o.take::<Vec<Cow<'a, str>>>("resources")? {
        Some(r) => r,
        None => o
            .take::<Vec<Cow<'a, str>>>("Resources")?
            .unwrap_or_default(),
    };
    Ok(Envelope {
        id: o.text("id"),
        detail_type: o.text("detail-type").or_else(|| o.text("DetailType")),
        source: o.text("source").or_else(|| o.text("Source")),
        account: o.text("account"),
        region: o.text("region"),
        time: o.text("time").or_else(|| o.text("Time")),
        resources,
    })
}

fn build<'a>(
    mut d: Obj<'a>,
    rest: Obj<'a>,
    env: Envelope<'a>,
    raw: Option<Cow<'a, str>>,
) -> Result<DetectionFinding<'a>, String> {
    let code = d
        .text("eventTypeCode")
        .ok_or("Health event without eventTypeCode")?;
    let service = d.text("service");
    let category = d.text("eventTypeCategory");
    let start = health_time(&mut d, "startTime")?;
    let end = health_time(&mut d, "endTime")?;
    let updated = health_time(&mut d, "lastUpdatedTime")?;
    let env_time = env
        .time
        .as_deref()
        .and_then(time::parse_iso8601)
        .map(|t| t.0);
    let time = updated
        .or(env_time)
        .or(start)
        .ok_or("Health event without a valid time")?;
    let uid = d
        .text("eventArn")
        .or_else(|| env.id.clone())
        .ok_or("Health event without eventArn or id")?;
    let status_code = d.text("statusCode");

    let abuse = code.starts_with("AWS_ABUSE_")
        || service.as_deref() == Some("ABUSE")
        || env
            .detail_type
            .as_deref()
            .is_some_and(|t| t.contains("Abuse"));
    let risk = code.starts_with("AWS_RISK_") || service.as_deref() == Some("RISK");
    let severity = if risk {
        Severity::Critical
    } else if abuse {
        Severity::High
    } else {
        match category.as_deref() {
            Some("issue" | "investigation" | "scheduledChange") => Severity::Low,
            Some("accountNotification") => Severity::Informational,
            _ => Severity::Unknown,
        }
    };
    let closed = status_code.as_deref() == Some("closed");
    let activity = if closed {
        finding_activity::CLOSE
    } else {
        finding_activity::CREATE
    };

    let info = FindingInfo {
        uid,
        title: code,
        desc: description(&mut d),
        types: category.iter().cloned().collect(),
        first_seen_time: start,
        modified_time: updated,
        ..FindingInfo::default()
    };
    let product = Product {
        name: Some(Cow::Borrowed("AWS Health")),
        vendor_name: Cow::Borrowed("AWS"),
        feature: service.map(|s| Feature {
            name: Some(s),
            ..Feature::default()
        }),
        ..Product::default()
    };
    let mut f = DetectionFinding::new(activity, time, product, info);
    f.base.raw_data = raw;
    f.base.set_severity(severity);
    f.set_status(match status_code.as_deref() {
        Some("open" | "upcoming") => FindingStatus::New,
        Some("closed") => FindingStatus::Resolved,
        Some(_) => FindingStatus::Other,
        None => FindingStatus::Unknown,
    });
    if let Some(s) = status_code {
        f.base.status_code = Some(s);
    }
    f.base.start_time = start;
    f.base.end_time = end;

    // The affected account: the envelope's, else `affectedAccount` when it is an account id.
    let affected = d.text("affectedAccount");
    let account = env.account.clone().or_else(|| {
        affected
            .clone()
            .filter(|a| a.bytes().all(|b| b.is_ascii_digit()))
    });
    if let Some(a) = affected.filter(|a| Some(a) != account.as_ref()) {
        f.base.unmapped.push("affectedAccount", a);
    }
    let event_region = d.text("eventRegion");
    f.base.set_cloud(Cloud::aws(
        account,
        env.region.clone().or_else(|| event_region.clone()),
    ));

    f.resources = resources(&mut d, &env, event_region.as_ref())?;
    for r in &f.resources {
        if let Some(uid) = &r.uid {
            f.base
                .observables
                .push(Observable::resource_uid("resources.uid", uid.clone()));
        }
    }

    let mut eb = Fields::new();
    for (k, v) in [
        ("id", env.id),
        ("detail_type", env.detail_type),
        ("source", env.source),
        ("time", env.time),
    ] {
        if let Some(v) = v {
            eb.push(k, Json::Str(v));
        }
    }
    if let Some(r) = event_region {
        f.base.unmapped.push("eventRegion", r);
    }
    d.into_unmapped(&mut f.base.unmapped);
    if !eb.is_empty() {
        f.base.unmapped.push("eventbridge", Json::Object(eb));
    }
    rest.into_unmapped(&mut f.base.unmapped);
    Ok(f)
}

/// A Health time (`Thu, 26 Jan 2023 13:19:03 GMT`, or ISO 8601 in some tools' copies).
fn health_time(d: &mut Obj<'_>, key: &str) -> Result<Option<i64>, String> {
    match d.text(key) {
        None => Ok(None),
        Some(s) => time::parse_rfc1123(&s)
            .or_else(|| time::parse_iso8601(&s).map(|t| t.0))
            .map(Some)
            .ok_or_else(|| format!("{key} is not a time: {s:?}")),
    }
}

/// `eventDescription[].latestDescription`, English first.
fn description<'a>(d: &mut Obj<'a>) -> Option<Cow<'a, str>> {
    let raw = d.raw("eventDescription")?;
    let list: Vec<&RawValue> = serde_json::from_str(raw.get()).unwrap_or_default();
    let mut descs: Vec<(Option<Cow<'a, str>>, Cow<'a, str>)> = Vec::new();
    for item in list {
        let Some(mut o) = Obj::from_raw(item) else {
            continue;
        };
        if let Some(text) = o.text("latestDescription") {
            descs.push((o.text("language"), text));
        }
    }
    if descs.is_empty() {
        d.put(Cow::Borrowed("eventDescription"), raw);
        return None;
    }
    let english = descs
        .iter()
        .position(|(l, _)| l.as_deref().is_some_and(|l| l.starts_with("en")));
    let (_, text) = descs.swap_remove(english.unwrap_or(0));
    if !descs.is_empty() {
        // Other languages stay as written.
        d.put(Cow::Borrowed("eventDescription"), raw);
    }
    Some(text)
}

/// `affectedEntities[]` (with their tags), else the envelope's `resources[]`.
fn resources<'a>(
    d: &mut Obj<'a>,
    env: &Envelope<'a>,
    region: Option<&Cow<'a, str>>,
) -> Result<Vec<ResourceDetails<'a>>, String> {
    let entities = d
        .take::<Vec<&'a RawValue>>("affectedEntities")?
        .unwrap_or_default();
    let mut out = Vec::new();
    for raw in entities {
        let Some(mut e) = Obj::from_raw(raw) else {
            continue;
        };
        let Some(value) = e.text("entityValue") else {
            continue;
        };
        let tags = e
            .take::<std::collections::BTreeMap<Cow<'a, str>, Cow<'a, str>>>("tags")
            .ok()
            .flatten()
            .unwrap_or_default();
        out.push(ResourceDetails {
            uid: Some(value),
            region: region.cloned(),
            labels: tags
                .into_iter()
                .map(|(k, v)| Cow::Owned(format!("{k}:{v}")))
                .collect(),
            // Entity status, last update...: kept with the resource.
            data: e.into_json(),
            ..ResourceDetails::default()
        });
    }
    if out.is_empty() {
        out.extend(env.resources.iter().map(|r| ResourceDetails {
            uid: Some(r.clone()),
            region: region.cloned(),
            ..ResourceDetails::default()
        }));
    }
    Ok(out)
}
