//! nginx JSON `log_format` lines (`escape=json`): one object per line, with the key names
//! people commonly give nginx variables. Keys not recognised are kept in `unmapped`.

use super::{set_endpoint, set_status, split_request, time, url_of, Flavor};
use crate::Out;
use ocsf::network::{http_activity, HttpActivity};
use ocsf::objects::*;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// Key names, in order of preference, for each attribute.
const CLIENT: &[&str] = &[
    "remote_addr",
    "ip",
    "client_ip",
    "clientip",
    "remote_ip",
    "client",
];
const TIME: &[&str] = &[
    "time_iso8601",
    "time_local",
    "@timestamp",
    "timestamp",
    "date",
    "time",
    "msec",
];
const REQUEST: &[&str] = &["request"];
const METHOD: &[&str] = &["request_method", "method"];
const URI: &[&str] = &["request_uri", "uri", "path", "url"];
const PROTOCOL: &[&str] = &["server_protocol", "protocol"];
const STATUS: &[&str] = &["status", "status_code"];
const BYTES: &[&str] = &["body_bytes_sent", "bytes_sent", "length", "size", "bytes"];
const REFERER: &[&str] = &["http_referer", "referrer", "referer"];
const AGENT: &[&str] = &["http_user_agent", "user_agent", "agent"];
const HOST: &[&str] = &["host", "http_host", "server_name", "vhost"];
const XFF: &[&str] = &["http_x_forwarded_for", "x_forwarded_for", "xff"];
const USER: &[&str] = &["remote_user", "user"];

pub(super) fn normalize_line(no: u64, line: &[u8], flavor: Flavor, out: &mut Out<'_>) {
    let mut map: Map<String, Value> = match serde_json::from_slice(line) {
        Ok(Value::Object(m)) => m,
        Ok(_) => return out.reject(no, "JSON line is not an object", line),
        Err(e) => return out.reject(no, format!("invalid JSON: {e}"), line),
    };
    match build(line, &mut map, flavor, out) {
        Ok(ev) => out.event(&ev),
        Err(reason) => out.reject(no, reason, line),
    }
}

/// Remove and return the first present key's value as text (`-` and empty are absent).
fn take(map: &mut Map<String, Value>, keys: &[&str]) -> Option<String> {
    for k in keys {
        if let Some(v) = map.remove(*k) {
            let s = match v {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Null => continue,
                other => {
                    // Not a scalar: keep it where it was.
                    map.insert((*k).to_owned(), other);
                    continue;
                }
            };
            if !s.is_empty() && s != "-" {
                return Some(s);
            }
        }
    }
    None
}

fn build<'a>(
    line: &'a [u8],
    map: &mut Map<String, Value>,
    flavor: Flavor,
    out: &Out<'_>,
) -> Result<HttpActivity<'a>, String> {
    let time_text = take(map, TIME).ok_or("JSON access-log line without a time field")?;
    let (time, offset) = time::parse_iso8601(&time_text)
        .or_else(|| time::parse_clf(time_text.as_bytes()))
        .or_else(|| time::parse_epoch_seconds(time_text.as_bytes()).map(|ms| (ms, None)))
        .ok_or_else(|| format!("unparseable time {time_text:?}"))?;

    let status = match take(map, STATUS) {
        Some(s) => Some(
            s.parse::<u16>()
                .map_err(|_| format!("invalid status {s:?}"))?,
        ),
        None => None,
    };
    let request = take(map, REQUEST).map(|r| split_request(&Cow::Owned(r)));
    let method = take(map, METHOD).or_else(|| {
        request
            .as_ref()
            .and_then(|r| r.method.as_ref().map(|m| m.to_string()))
    });
    let activity = method
        .as_deref()
        .map_or(http_activity::UNKNOWN, http_activity::from_method);

    let mut ev = HttpActivity::new(activity, time, flavor.product());
    ev.base.timezone_offset = offset;
    ev.base.metadata.original_time = Some(Cow::Owned(time_text));
    ev.base.raw_data = out.raw(line);
    set_status(&mut ev, status);
    if let Some(m) = method {
        super::set_method(&mut ev, Cow::Owned(m));
    }

    let uri = take(map, URI);
    if let Some(req) = request {
        ev.http_request.version = req.version;
        ev.http_request.url = req.url;
        if let Some(unparsed) = req.unparsed {
            ev.base.unmapped.push("request", unparsed);
        }
    }
    if let Some(uri) = uri {
        ev.http_request.url = Some(url_of(Cow::Owned(uri), activity == http_activity::CONNECT));
    }
    if let Some(p) = take(map, PROTOCOL) {
        ev.http_request.version =
            Some(Cow::Owned(p.strip_prefix("HTTP/").unwrap_or(&p).to_owned()));
    }
    if let Some(b) = take(map, BYTES) {
        match b.parse::<i64>() {
            Ok(n) => ev.http_response.length = Some(n),
            Err(_) => ev.base.unmapped.push("bytes", b),
        }
    }
    ev.http_request.referrer = take(map, REFERER).map(Cow::Owned);
    ev.http_request.user_agent = take(map, AGENT).map(Cow::Owned);

    if let Some(c) = take(map, CLIENT) {
        set_endpoint(&mut ev.src_endpoint, Cow::Owned(c));
    }
    if !ev.src_endpoint.is_identified() {
        ev.src_endpoint.name = Some(Cow::Borrowed("-"));
    }
    if let Some(ip) = ev.src_endpoint.ip.clone() {
        ev.base
            .observables
            .push(Observable::ip("src_endpoint.ip", ip));
    }
    if let Some(h) = take(map, HOST) {
        let (host, port) = super::split_host_port(&h);
        ev.dst_endpoint.port = port;
        let host = host.to_owned();
        set_endpoint(&mut ev.dst_endpoint, Cow::Owned(host));
        if ev.dst_endpoint.name.is_some() {
            ev.dst_endpoint.name = None;
            ev.base.unmapped.push("host", h);
        }
    }
    if !ev.dst_endpoint.is_identified() {
        ev.dst_endpoint.svc_name = Some(Cow::Borrowed(flavor.service));
    }
    if let Some(x) = take(map, XFF) {
        for part in x.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if part.parse::<std::net::IpAddr>().is_ok() {
                ev.http_request
                    .x_forwarded_for
                    .push(Cow::Owned(part.to_owned()));
            }
        }
        if !x
            .split(',')
            .all(|p| p.trim().parse::<std::net::IpAddr>().is_ok())
        {
            ev.base.unmapped.push("x_forwarded_for", x);
        }
    }
    if let Some(u) = take(map, USER) {
        ev.actor = Some(Actor {
            user: Some(User {
                name: Some(Cow::Owned(u)),
                ..User::default()
            }),
            ..Actor::default()
        });
        ev.base.add_profile(profile::HOST);
    }
    // Everything else, in the line's key order is not kept by `Map` (sorted): sorted keys
    // are deterministic too.
    for (k, v) in std::mem::take(map) {
        ev.base.unmapped.push(k, to_json(v));
    }
    Ok(ev)
}

/// A parsed JSON value as an owned [`Json`].
pub(crate) fn to_json(v: Value) -> Json<'static> {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(b),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Json::Int(i),
            (_, Some(u), _) => Json::UInt(u),
            (_, _, Some(f)) => Json::Float(f),
            _ => Json::Null,
        },
        Value::String(s) => Json::Str(Cow::Owned(s)),
        Value::Array(a) => Json::Array(a.into_iter().map(to_json).collect()),
        Value::Object(o) => Json::Object(Fields(
            o.into_iter()
                .map(|(k, v)| (Cow::Owned(k), to_json(v)))
                .collect(),
        )),
    }
}
