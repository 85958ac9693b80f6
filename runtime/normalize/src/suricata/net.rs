//! EVE `tls` and `flow` → Network Activity (4001), `http` → HTTP Activity (4002).

use super::{product, Envelope};
use crate::access_log::{set_method, set_status, url_of};
use crate::securityhub::obj::Obj;
use ocsf::network::{http_activity, network_activity, HttpActivity, NetworkActivity};
use ocsf::objects::*;
use std::borrow::Cow;

/// `fingerprint.algorithm_id` values used here.
const MD5: i32 = 1;
const SHA1: i32 = 2;

pub(super) fn network<'a>(
    mut env: Envelope<'a>,
    mut o: Obj<'a>,
    kind: &str,
) -> Result<NetworkActivity<'a>, String> {
    // A tls record is logged when the handshake is seen; a flow record when it ends.
    let activity = if kind == "tls" {
        network_activity::OPEN
    } else {
        network_activity::TRAFFIC
    };
    let mut ev = NetworkActivity::new(activity, env.time, product());
    env.fill_base(&mut ev.base);
    ev.src_endpoint = std::mem::take(&mut env.src);
    ev.dst_endpoint = std::mem::take(&mut env.dst);
    ev.device = env.device.take().map(Box::new);
    ev.connection_info = env.connection.take();
    ev.app_name = env.app_proto.take();

    if let Some(mut t) = o.obj("tls") {
        ev.tls = Some(tls(&mut t));
        if let Some(rest) = t.into_json() {
            ev.base.unmapped.push("tls", rest);
        }
    }
    if let Some(mut f) = o.obj("flow") {
        let to_server = (f.int("bytes_toserver"), f.int("pkts_toserver"));
        let to_client = (f.int("bytes_toclient"), f.int("pkts_toclient"));
        let sum = |a: Option<i64>, b: Option<i64>| match (a, b) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
        };
        // OCSF: `_out` flows source → destination, `_in` back.
        let traffic = Traffic {
            bytes_out: to_server.0,
            packets_out: to_server.1,
            bytes_in: to_client.0,
            packets_in: to_client.1,
            bytes: sum(to_server.0, to_client.0),
            packets: sum(to_server.1, to_client.1),
        };
        ev.traffic = (!traffic.is_empty()).then_some(traffic);
        let start = f
            .text("start")
            .and_then(|s| crate::access_log::time::parse_iso8601(&s))
            .map(|t| t.0);
        let end = f
            .text("end")
            .and_then(|s| crate::access_log::time::parse_iso8601(&s))
            .map(|t| t.0);
        ev.base.start_time = start;
        ev.base.end_time = end;
        if let (Some(s), Some(e)) = (start, end) {
            ev.base.duration = Some(e - s);
        }
        if let Some(rest) = f.into_json() {
            ev.base.unmapped.push("flow", rest);
        }
    }
    if let Some(mut tcp) = o.obj("tcp") {
        if let Some(flags) = tcp
            .text("tcp_flags")
            .and_then(|h| i32::from_str_radix(&h, 16).ok())
        {
            ev.connection_info
                .get_or_insert_with(ConnectionInfo::default)
                .tcp_flags = Some(flags);
        }
        if let Some(rest) = tcp.into_json() {
            ev.base.unmapped.push("tcp", rest);
        }
    }
    if !ev.src_endpoint.is_identified() || !ev.dst_endpoint.is_identified() {
        return Err(format!("{kind} record without src_ip/dest_ip"));
    }
    o.into_unmapped(&mut ev.base.unmapped);
    Ok(ev)
}

/// The `tls` object: version (required by OCSF; `UNDETERMINED` when Suricata could not
/// tell), SNI, JA3/JA3S, and the server certificate when issuer and serial are known.
fn tls<'a>(t: &mut Obj<'a>) -> Tls<'a> {
    let mut tls = Tls {
        version: t.text("version").unwrap_or(Cow::Borrowed("UNDETERMINED")),
        sni: t.text("sni"),
        ..Tls::default()
    };
    tls.ja3_hash = t
        .obj("ja3")
        .and_then(|mut j| j.text("hash"))
        .map(|value| Fingerprint {
            algorithm_id: MD5,
            algorithm: Some(Cow::Borrowed("MD5")),
            value,
        });
    tls.ja3s_hash = t
        .obj("ja3s")
        .and_then(|mut j| j.text("hash"))
        .map(|value| Fingerprint {
            algorithm_id: MD5,
            algorithm: Some(Cow::Borrowed("MD5")),
            value,
        });
    let has_cert = t.contains_key("issuerdn") && t.contains_key("serial");
    if has_cert {
        let fingerprints = t
            .text("fingerprint")
            .map(|value| Fingerprint {
                algorithm_id: SHA1,
                algorithm: Some(Cow::Borrowed("SHA-1")),
                value,
            })
            .into_iter()
            .collect();
        tls.certificate = Some(Certificate {
            issuer: t.text("issuerdn").unwrap_or_default(),
            serial_number: t.text("serial").unwrap_or_default(),
            subject: t.text("subject"),
            version: t.text("certificate_version"),
            created_time: t
                .text("notbefore")
                .and_then(|s| crate::access_log::time::parse_iso8601(&s))
                .map(|x| x.0),
            expiration_time: t
                .text("notafter")
                .and_then(|s| crate::access_log::time::parse_iso8601(&s))
                .map(|x| x.0),
            fingerprints,
            ..Certificate::default()
        });
    }
    tls
}

pub(super) fn http<'a>(mut env: Envelope<'a>, mut o: Obj<'a>) -> Result<HttpActivity<'a>, String> {
    let mut h = o
        .obj("http")
        .ok_or("http record without an \"http\" object")?;
    let method = h.text("http_method");
    let activity = method
        .as_deref()
        .map_or(http_activity::UNKNOWN, http_activity::from_method);
    let mut ev = HttpActivity::new(activity, env.time, product());
    env.fill_base(&mut ev.base);
    ev.src_endpoint = std::mem::take(&mut env.src);
    ev.dst_endpoint = std::mem::take(&mut env.dst);
    ev.device = env.device.take().map(Box::new);
    ev.connection_info = env.connection.take();
    ev.app_name = env.app_proto.take();

    let connect = activity == http_activity::CONNECT;
    if let Some(m) = method {
        set_method(&mut ev, m);
    }
    let hostname = h.text("hostname");
    let port = h
        .int("http_port")
        .and_then(|p| u16::try_from(p).ok())
        .map(u32::from);
    if let Some(u) = h.text("url") {
        let mut url = url_of(u, connect);
        if url.hostname.is_none() {
            url.hostname = hostname.clone().filter(|n| ocsf::dns::is_hostname(n));
        }
        url.port = url.port.or(port);
        ev.http_request.url = Some(url);
    }
    match hostname {
        Some(n) if ocsf::dns::is_hostname(&n) && n.parse::<std::net::IpAddr>().is_err() => {
            ev.dst_endpoint.hostname.get_or_insert(n);
        }
        Some(n) => ev.base.unmapped.push("hostname", n),
        None => {}
    }
    ev.http_request.version = h.text("protocol").map(|p| match p {
        Cow::Borrowed(b) => Cow::Borrowed(b.strip_prefix("HTTP/").unwrap_or(b)),
        Cow::Owned(o) => Cow::Owned(o.strip_prefix("HTTP/").unwrap_or(&o).to_owned()),
    });
    ev.http_request.user_agent = h.text("http_user_agent");
    ev.http_request.referrer = h.text("http_refer");
    if let Some(xff) = h.text("xff") {
        for part in xff.split(',').map(str::trim) {
            if part.parse::<std::net::IpAddr>().is_ok() {
                ev.http_request
                    .x_forwarded_for
                    .push(Cow::Owned(part.to_owned()));
            }
        }
        ev.base.unmapped.push("xff", xff);
    }
    let status = h.int("status").and_then(|s| u16::try_from(s).ok());
    set_status(&mut ev, status);
    ev.http_response.length = h.int("length");
    ev.http_response.content_type = h.text("http_content_type");
    ev.http_request.http_headers = headers(&mut h, "request_headers");
    ev.http_response.http_headers = headers(&mut h, "response_headers");
    if !ev.src_endpoint.is_identified() || !ev.dst_endpoint.is_identified() {
        return Err("http record without src_ip/dest_ip".to_owned());
    }
    if let Some(rest) = h.into_json() {
        ev.base.unmapped.push("http", rest);
    }
    o.into_unmapped(&mut ev.base.unmapped);
    Ok(ev)
}

/// `[{"name":..,"value":..}]` header lists; left in place when they have another shape.
fn headers<'a>(h: &mut Obj<'a>, key: &str) -> Vec<HttpHeader<'a>> {
    let Some(raw) = h.raw(key) else {
        return Vec::new();
    };
    #[derive(serde::Deserialize)]
    struct Header<'b> {
        #[serde(borrow)]
        name: Cow<'b, str>,
        #[serde(borrow, default)]
        value: Cow<'b, str>,
    }
    match serde_json::from_str::<Vec<Header<'a>>>(raw.get()) {
        Ok(list) => list
            .into_iter()
            .map(|x| HttpHeader {
                name: x.name,
                value: x.value,
            })
            .collect(),
        Err(_) => {
            h.put(Cow::Owned(key.to_owned()), raw);
            Vec::new()
        }
    }
}
