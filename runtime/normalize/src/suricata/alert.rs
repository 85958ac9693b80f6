//! EVE `alert` → Detection Finding (2004).

use super::{product, Envelope};
use crate::securityhub::obj::Obj;
use ocsf::findings::*;
use ocsf::objects::*;
use std::borrow::Cow;

pub(super) fn event<'a>(
    mut env: Envelope<'a>,
    mut o: Obj<'a>,
) -> Result<DetectionFinding<'a>, String> {
    let mut a = o
        .obj("alert")
        .ok_or("alert record without an \"alert\" object")?;
    let gid = a.text("gid").unwrap_or(Cow::Borrowed("1"));
    let sid = a.text("signature_id");
    let rev = a.text("rev");
    let signature = a.text("signature");
    let category = a.text("category");
    let severity = a.int("severity");
    let action = a.text("action");
    let rule_uid = sid.as_ref().map(|sid| format!("{gid}:{sid}"));

    // No id in EVE: time, flow and rule identify an alert.
    let uid = format!(
        "{}:{}:{}",
        env.original_time,
        env.flow_id.as_deref().unwrap_or("-"),
        rule_uid.as_deref().unwrap_or("-")
    );
    let title = signature
        .clone()
        .or_else(|| rule_uid.clone().map(Cow::Owned))
        .unwrap_or(Cow::Borrowed("Suricata alert"));
    let mut info = FindingInfo {
        uid: Cow::Owned(uid),
        title,
        types: category.iter().cloned().collect(),
        analytic: Some(Analytic {
            type_id: analytic_type::RULE.0,
            r#type: Some(analytic_type::RULE.1),
            uid: rule_uid.map(Cow::Owned),
            name: signature,
            category,
            version: rev,
            ..Analytic::default()
        }),
        ..FindingInfo::default()
    };
    if let Some(meta) = a.raw("metadata") {
        info.attacks = attacks(Obj::from_raw(meta).unwrap_or_default());
        // All rule metadata stays in `unmapped.alert`, as written.
        a.put(Cow::Borrowed("metadata"), meta);
    }

    let mut f = DetectionFinding::new(finding_activity::CREATE, env.time, product(), info);
    env.fill_base(&mut f.base);
    f.set_status(FindingStatus::New);
    // Suricata: 1 is the most severe.
    f.base.set_severity(match severity {
        Some(1) => Severity::High,
        Some(2) => Severity::Medium,
        Some(3) => Severity::Low,
        _ => Severity::Informational,
    });
    match action.as_deref() {
        Some("allowed") => f.set_disposition(Disposition::Allowed, Action::Allowed),
        Some("blocked") | Some("drop") | Some("dropped") => {
            f.set_disposition(Disposition::Blocked, Action::Denied)
        }
        Some(_) => f.set_disposition(Disposition::Other, Action::Other),
        None => {}
    }
    f.finding.device = env.device.take();
    f.evidences.push(Evidence {
        src_endpoint: Some(std::mem::take(&mut env.src)),
        dst_endpoint: Some(std::mem::take(&mut env.dst)),
        connection_info: env.connection.take(),
        query: o
            .get("dns")
            .and_then(Obj::from_raw)
            .and_then(alert_dns_query),
        ..Evidence::default()
    });
    if let Some(app) = env.app_proto.take() {
        f.base.unmapped.push("app_proto", app);
    }
    if let Some(rest) = a.into_json() {
        f.base.unmapped.push("alert", rest);
    }
    // The app-layer objects (http, dns, tls, files, flow, payload...) stay whole.
    o.into_unmapped(&mut f.base.unmapped);
    Ok(f)
}

/// MITRE ATT&CK tactics and techniques of ET-style rule metadata (`mitre_tactic_id`,
/// `mitre_technique_id`... as parallel arrays).
fn attacks<'a>(mut meta: Obj<'a>) -> Vec<Attack<'a>> {
    let mut list = |k: &str| {
        meta.take::<Vec<String>>(k)
            .ok()
            .flatten()
            .unwrap_or_default()
    };
    let tactic_ids = list("mitre_tactic_id");
    let tactic_names = list("mitre_tactic_name");
    let technique_ids = list("mitre_technique_id");
    let technique_names = list("mitre_technique_name");
    let pair = |ids: &[String], names: &[String], i: usize| {
        let uid = ids.get(i).cloned().map(Cow::Owned);
        let name = names.get(i).cloned().map(Cow::Owned);
        (uid.is_some() || name.is_some()).then_some(UidName { uid, name })
    };
    let n = tactic_ids
        .len()
        .max(tactic_names.len())
        .max(technique_ids.len())
        .max(technique_names.len());
    (0..n)
        .map(|i| Attack {
            tactic: pair(&tactic_ids, &tactic_names, i),
            technique: pair(&technique_ids, &technique_names, i),
            ..Attack::default()
        })
        .collect()
}

/// The question of an alert's `dns` object, in any EVE layout: v3 `queries[]`, v2
/// `query[]` (a list of v1-style records), or v1 `rrname` (the object stays in `unmapped`).
fn alert_dns_query<'a>(mut d: Obj<'a>) -> Option<ocsf::dns::DnsQuery<'a>> {
    let first = |d: &mut Obj<'a>, key: &str| {
        let list = d
            .take::<Vec<&'a serde_json::value::RawValue>>(key)
            .ok()
            .flatten()?;
        list.first().and_then(|r| Obj::from_raw(r))
    };
    let mut q = first(&mut d, "queries")
        .or_else(|| first(&mut d, "query"))
        .unwrap_or(d);
    let hostname = q.text("rrname").filter(|n| ocsf::dns::is_hostname(n))?;
    Some(ocsf::dns::DnsQuery {
        hostname,
        r#type: q.text("rrtype"),
        ..Default::default()
    })
}
