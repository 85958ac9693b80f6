//! EVE `dns` → DNS Activity (4003), for the three EVE dns formats:
//!
//! - v1: one record per query (`type: query`, `rrname`, `rrtype`) and one per answer
//!   record (`type: answer`, `rrname`, `rrtype`, `ttl`, `rdata`);
//! - v2: `type: answer` with `answers[]` (or `grouped` by record type), flags, `rcode`;
//! - v3 (Suricata 8): `type: request` / `response` with `queries[]` and `answers[]`.

use super::{product, Envelope};
use crate::securityhub::obj::Obj;
use ocsf::dns::*;
use ocsf::objects::*;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::BTreeMap;

pub(super) fn event<'a>(mut env: Envelope<'a>, mut o: Obj<'a>) -> Result<DnsActivity<'a>, String> {
    let mut d = o.obj("dns").ok_or("dns record without a \"dns\" object")?;
    let kind = d.text("type");
    let is_response = matches!(kind.as_deref(), Some("answer" | "response"));
    let activity = match kind.as_deref() {
        Some("query" | "request") => dns_activity::QUERY,
        Some("answer" | "response") => dns_activity::RESPONSE,
        _ => dns_activity::UNKNOWN,
    };
    let mut ev = DnsActivity::new(activity, env.time, product());
    // A response record's packet goes server → client; OCSF's source is the client.
    if is_response && is_dns_port(env.src.port) && !is_dns_port(env.dst.port) {
        std::mem::swap(&mut env.src, &mut env.dst);
    }
    env.fill_base(&mut ev.base);
    if !env.src.is_identified() {
        return Err("dns record without src_ip".to_owned());
    }
    ev.src_endpoint = std::mem::take(&mut env.src);
    ev.dst_endpoint = Some(std::mem::take(&mut env.dst)).filter(|d| d.is_identified());
    ev.device = env.device.take();
    ev.connection_info = env.connection.take();
    ev.app_name = env.app_proto.take();

    let id = d.int("id");
    let opcode = d.int("opcode");
    let flags = message_flags(&mut d);

    // The question: v3 `queries[]`, else the top-level rrname/rrtype of v1/v2.
    let (name, rtype) = match d.take::<Vec<&'a RawValue>>("queries")? {
        Some(queries) => {
            let mut it = queries.into_iter();
            let first = it.next().and_then(Obj::from_raw);
            let rest: Vec<Json<'a>> = it.map(Json::Raw).collect();
            if !rest.is_empty() {
                ev.base.unmapped.push("more_queries", Json::Array(rest));
            }
            match first {
                Some(mut q) => (q.text("rrname"), q.text("rrtype")),
                None => (None, None),
            }
        }
        None => (d.text("rrname"), d.text("rrtype")),
    };

    // v1 answer records carry one answer at the top level.
    let v1_answer = d.text("rdata").map(|rdata| DnsAnswer {
        rdata,
        r#type: rtype.clone(),
        ttl: d.int("ttl"),
        ..DnsAnswer::default()
    });
    ev.answers.extend(v1_answer);
    if let Some(answers) = d.take::<Vec<&'a RawValue>>("answers")? {
        let mut kept = Vec::new();
        for raw in answers {
            match Obj::from_raw(raw).and_then(|mut a| {
                let rdata = a.text("rdata")?;
                Some(DnsAnswer {
                    rdata,
                    r#type: a.text("rrtype"),
                    ttl: a.int("ttl"),
                    ..DnsAnswer::default()
                })
            }) {
                Some(ans) => ev.answers.push(ans),
                // SOA and other structured answers have no `rdata`: kept as written.
                None => kept.push(Json::Raw(raw)),
            }
        }
        if !kept.is_empty() {
            ev.base.unmapped.push("answers", Json::Array(kept));
        }
    }
    if let Some(raw) = d.raw("grouped") {
        match serde_json::from_str::<BTreeMap<String, Vec<String>>>(raw.get()) {
            Ok(grouped) => {
                for (rtype, values) in grouped {
                    for rdata in values {
                        let r#type = Some(Cow::Owned(rtype.clone()));
                        ev.answers.push(DnsAnswer {
                            rdata: Cow::Owned(rdata),
                            r#type,
                            ..DnsAnswer::default()
                        });
                    }
                }
            }
            // Structured groups (SOA...): kept as written.
            Err(_) => ev.base.unmapped.push("grouped", Json::Raw(raw)),
        }
    }
    for a in &mut ev.answers {
        a.packet_uid = id;
        for &(fid, caption) in &flags {
            a.flag_ids.push(fid);
            a.flags.push(caption);
        }
    }

    match name {
        Some(n) if is_hostname(&n) => {
            ev.query = Some(DnsQuery {
                hostname: n,
                r#type: rtype,
                packet_uid: id,
                opcode_id: opcode
                    .and_then(|o| i32::try_from(o).ok())
                    .filter(|o| (0..=6).contains(o)),
                opcode: opcode.and_then(opcode_name).map(Cow::Borrowed),
                ..DnsQuery::default()
            });
        }
        Some(n) => {
            // Not an OCSF hostname (`_srv._tcp` names, a trailing dot...): kept as text.
            ev.base.unmapped.push("rrname", n);
            if let Some(t) = rtype {
                ev.base.unmapped.push("rrtype", t);
            }
        }
        None => {}
    }
    if let Some(rcode) = d.text("rcode") {
        let ok = rcode.eq_ignore_ascii_case("NOERROR");
        ev.set_rcode(rcode);
        if is_response {
            ev.base
                .set_status(if ok { Status::Success } else { Status::Failure });
        }
    }
    if let Some(rest) = d.into_json() {
        ev.base.unmapped.push("dns", rest);
    }
    o.into_unmapped(&mut ev.base.unmapped);
    Ok(ev)
}

fn is_dns_port(p: Option<u32>) -> bool {
    matches!(p, Some(53 | 5353 | 853))
}

/// The header flags EVE writes as booleans, as OCSF `dns_answer` flags.
fn message_flags(d: &mut Obj<'_>) -> Vec<(i32, &'static str)> {
    let mut out = Vec::new();
    for (key, flag) in [
        ("aa", dns_flag::AUTHORITATIVE_ANSWER),
        ("tc", dns_flag::TRUNCATED_RESPONSE),
        ("rd", dns_flag::RECURSION_DESIRED),
        ("ra", dns_flag::RECURSION_AVAILABLE),
        ("ad", dns_flag::AUTHENTIC_DATA),
        ("cd", dns_flag::CHECKING_DISABLED),
    ] {
        if d.take::<bool>(key).ok().flatten() == Some(true) {
            out.push(flag);
        }
    }
    // `qr` only says it is a response, which the activity says already.
    let _ = d.take::<bool>("qr");
    out
}

fn opcode_name(op: i64) -> Option<&'static str> {
    Some(match op {
        0 => "Query",
        1 => "Inverse Query",
        2 => "Status",
        3 => "Reserved",
        4 => "Notify",
        5 => "Update",
        6 => "DSO Message",
        _ => return None,
    })
}
