//! One ASFF finding to one OCSF finding event (2002, 2003 or 2004).

use super::obj::Obj;
use super::Envelope;
use crate::access_log::time;
use crate::Out;
use ocsf::findings::*;
use ocsf::objects::*;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The three classes a finding can become.
enum Finding<'a> {
    Detection(DetectionFinding<'a>),
    Compliance(ComplianceFinding<'a>),
    Vulnerability(VulnerabilityFinding<'a>),
}

#[derive(Clone, Copy)]
enum Kind {
    Detection,
    Compliance,
    Vulnerability,
}

impl<'a> Finding<'a> {
    fn parts(&mut self) -> (&mut Base<'a>, &mut FindingCommon<'a>) {
        match self {
            Finding::Detection(f) => (&mut f.base, &mut f.finding),
            Finding::Compliance(f) => (&mut f.base, &mut f.finding),
            Finding::Vulnerability(f) => (&mut f.base, &mut f.finding),
        }
    }
}

pub(super) fn finding<'a>(
    no: u64,
    bytes: &'a [u8],
    mut o: Obj<'a>,
    env: &Envelope<'_>,
    out: &mut Out<'_>,
) {
    match build(&mut o, env) {
        Ok(mut f) => {
            let (base, _) = f.parts();
            base.raw_data = out.raw(bytes);
            // Whatever the mapping did not take, as written.
            o.into_unmapped(&mut base.unmapped);
            match &f {
                Finding::Detection(e) => out.event(e),
                Finding::Compliance(e) => out.event(e),
                Finding::Vulnerability(e) => out.event(e),
            }
        }
        Err(reason) => out.reject(no, reason, bytes),
    }
}

fn build<'a>(o: &mut Obj<'a>, env: &Envelope<'_>) -> Result<Finding<'a>, String> {
    let uid = o.text("Id").ok_or("finding without Id")?;
    let created = timestamp(o, "CreatedAt")?;
    let updated = timestamp(o, "UpdatedAt")?;
    let first_seen = timestamp(o, "FirstObservedAt")?;
    let last_seen = timestamp(o, "LastObservedAt")?;
    let env_time = env
        .time
        .as_deref()
        .and_then(time::parse_iso8601)
        .map(|t| t.0);
    let time = updated
        .or(created)
        .or(last_seen)
        .or(env_time)
        .ok_or("finding without UpdatedAt, CreatedAt or LastObservedAt")?;
    let generator = o.text("GeneratorId");
    let title = o
        .text("Title")
        .or_else(|| generator.clone())
        .ok_or("finding without Title")?;
    let product_arn = o.text("ProductArn");
    let info = FindingInfo {
        uid,
        title,
        desc: o.text("Description"),
        types: o.take::<Vec<Cow<'a, str>>>("Types")?.unwrap_or_default(),
        src_url: o.text("SourceUrl"),
        product_uid: product_arn.clone(),
        created_time: created,
        modified_time: updated,
        first_seen_time: first_seen,
        last_seen_time: last_seen,
        related_events: related(o)?,
        ..FindingInfo::default()
    };
    let record_state = o.text("RecordState");
    let archived = record_state.as_deref() == Some("ARCHIVED");
    let activity = if archived {
        finding_activity::CLOSE
    } else if updated.is_some() && updated != created {
        finding_activity::UPDATE
    } else {
        finding_activity::CREATE
    };
    let product = Product {
        name: o.text("ProductName").or_else(|| {
            product_arn
                .as_deref()
                .and_then(product_name)
                .map(|n| Cow::Owned(n.to_owned()))
        }),
        vendor_name: o.text("CompanyName").unwrap_or(Cow::Borrowed("AWS")),
        uid: product_arn,
        feature: generator.map(|g| Feature {
            uid: Some(g),
            ..Feature::default()
        }),
        ..Product::default()
    };

    let (vulnerabilities, vulns_kept) = vulnerabilities(o)?;
    let remediation = remediation(o);
    let mut f = if !vulnerabilities.is_empty() {
        let mut v = vulnerabilities;
        for vuln in &mut v {
            vuln.remediation = remediation.clone();
        }
        Finding::Vulnerability(VulnerabilityFinding::new(activity, time, product, info, v))
    } else if let Some(c) = o.obj("Compliance") {
        let (comp, rest) = compliance(c, o);
        let mut f = ComplianceFinding::new(activity, time, product, info, comp);
        if let Some(rest) = rest {
            f.base.unmapped.push("Compliance", rest);
        }
        Finding::Compliance(f)
    } else {
        Finding::Detection(DetectionFinding::new(activity, time, product, info))
    };

    let kind = match &f {
        Finding::Detection(_) => Kind::Detection,
        Finding::Compliance(_) => Kind::Compliance,
        Finding::Vulnerability(_) => Kind::Vulnerability,
    };
    let (severity, severity_rest) = severity(o);
    let status = status(o, record_state.as_deref());
    let account = o.text("AwsAccountId");
    let region = o.text("Region");
    let resources = resources(o)?;
    {
        let (base, common) = f.parts();
        base.set_severity(severity);
        base.status_id = Some(status.id());
        base.status = Some(status.caption());
        base.set_cloud(Cloud::aws(account, region));
        base.metadata.log_version = o.text("SchemaVersion");
        base.metadata.processed_time = timestamp(o, "ProcessedAt")?;
        if let Some(mut note) = o.obj("Note") {
            base.message = note.text("Text");
            if let Some(rest) = note.into_json() {
                base.unmapped.push("Note", rest);
            }
        }
        if let Some(rest) = severity_rest {
            base.unmapped.push("Severity", rest);
        }
        if let Some(state) = record_state {
            base.unmapped.push("RecordState", state);
        }
        common.confidence_score = o.int("Confidence").and_then(|c| i32::try_from(c).ok());
        // Vulnerability Finding has no top-level `remediation` in 1.1.0: each
        // vulnerability carries it.
        if !matches!(kind, Kind::Vulnerability) {
            common.remediation = remediation;
        }
        for r in &resources.0 {
            if let Some(uid) = &r.uid {
                base.observables
                    .push(Observable::resource_uid("resources.uid", uid.clone()));
            }
        }
        let mut eb = Fields::new();
        for (k, v) in [
            ("id", &env.id),
            ("detail_type", &env.detail_type),
            ("time", &env.time),
            ("action_name", &env.action_name),
        ] {
            if let Some(v) = v {
                eb.push(k, Json::Str(Cow::Owned(v.to_string())));
            }
        }
        if !eb.is_empty() {
            base.unmapped.push("eventbridge", Json::Object(eb));
        }
    }
    let criticality = o.int("Criticality").map(|c| Cow::Owned(c.to_string()));
    let (mut list, kept) = resources;
    for r in &mut list {
        r.criticality = criticality.clone();
    }
    // Detection Finding has `resources[]`; the other two one `resource`: the first one,
    // the others in `unmapped.Resources` as written.
    match &mut f {
        Finding::Detection(d) => {
            d.resources = list;
            // GuardDuty describes what it saw in ProductFields (which stays in `unmapped`).
            let pf = o.get("ProductFields").and_then(Obj::from_raw);
            d.evidences
                .extend(pf.as_ref().and_then(super::guardduty::evidence));
        }
        Finding::Compliance(_) | Finding::Vulnerability(_) => {
            let mut it = list.into_iter();
            let first = it.next();
            let rest: Vec<ResourceDetails<'a>> = it.collect();
            match &mut f {
                Finding::Compliance(c) => c.resource = first,
                Finding::Vulnerability(v) => v.resource = first,
                Finding::Detection(_) => {}
            }
            if !rest.is_empty() {
                let extra = serde_json::to_string(&rest).map_err(|e| e.to_string())?;
                let raw = RawValue::from_string(extra).map_err(|e| e.to_string())?;
                f.parts().0.unmapped.push("Resources", Json::RawOwned(raw));
            }
        }
    }
    if !vulns_kept.is_empty() {
        let items = vulns_kept.into_iter().map(Json::Raw).collect();
        f.parts()
            .0
            .unmapped
            .push("Vulnerabilities", Json::Array(items));
    }
    if !kept.is_empty() {
        f.parts().0.unmapped.push(
            "Resources_unmapped",
            Json::Array(kept.into_iter().map(Json::Raw).collect()),
        );
    }
    Ok(f)
}

/// A timestamp member: ISO 8601, or the `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` some tools write.
fn timestamp(o: &mut Obj<'_>, key: &str) -> Result<Option<i64>, String> {
    match o.text(key) {
        None => Ok(None),
        Some(s) => time::parse_iso8601(&s)
            .map(|t| Some(t.0))
            .ok_or_else(|| format!("{key} is not a timestamp: {s:?}")),
    }
}

/// `Severity.Label`, else `Severity.Normalized` (0-100), else `Severity.Product`; the
/// other members (`Original`...) are returned for `unmapped`.
fn severity<'a>(o: &mut Obj<'a>) -> (Severity, Option<Json<'a>>) {
    let Some(mut s) = o.obj("Severity") else {
        return (Severity::Unknown, None);
    };
    let by_label = |l: &str| match l.to_ascii_uppercase().as_str() {
        "INFORMATIONAL" => Some(Severity::Informational),
        "LOW" => Some(Severity::Low),
        "MEDIUM" => Some(Severity::Medium),
        "HIGH" => Some(Severity::High),
        "CRITICAL" => Some(Severity::Critical),
        _ => None,
    };
    let by_score = |n: f64| match n {
        n if !(0.0..=100.0).contains(&n) => Severity::Unknown,
        n if n < 1.0 => Severity::Informational,
        n if n < 40.0 => Severity::Low,
        n if n < 70.0 => Severity::Medium,
        n if n < 90.0 => Severity::High,
        _ => Severity::Critical,
    };
    let number = |s: &mut Obj<'a>, k: &str| {
        let v = s.get(k).and_then(|r| r.get().parse::<f64>().ok());
        if v.is_some() {
            s.remove(k);
        }
        v
    };
    let label = s.text("Label");
    let normalized = number(&mut s, "Normalized");
    let product = number(&mut s, "Product");
    let severity = label
        .as_deref()
        .and_then(by_label)
        .or_else(|| normalized.map(by_score))
        .or_else(|| product.map(by_score))
        .unwrap_or(Severity::Unknown);
    (severity, s.into_json())
}

/// `Workflow.Status` (or the older `WorkflowState`); without either, `RecordState`.
fn status(o: &mut Obj<'_>, record_state: Option<&str>) -> FindingStatus {
    let workflow = o
        .obj("Workflow")
        .and_then(|mut w| w.text("Status"))
        .or_else(|| o.text("WorkflowState"));
    match workflow.as_deref() {
        Some("NEW") => FindingStatus::New,
        Some("NOTIFIED") | Some("ASSIGNED") | Some("IN_PROGRESS") => FindingStatus::InProgress,
        Some("SUPPRESSED") | Some("DEFERRED") => FindingStatus::Suppressed,
        Some("RESOLVED") => FindingStatus::Resolved,
        Some(_) => FindingStatus::Other,
        None => match record_state {
            Some("ARCHIVED") => FindingStatus::Resolved,
            Some("ACTIVE") => FindingStatus::New,
            _ => FindingStatus::Unknown,
        },
    }
}

/// The product name of a `ProductArn` (`.../product/aws/guardduty` → `guardduty`).
fn product_name(arn: &str) -> Option<&str> {
    arn.rsplit('/').next().filter(|s| !s.is_empty())
}

fn related<'a>(o: &mut Obj<'a>) -> Result<Vec<RelatedEvent<'a>>, String> {
    #[derive(Deserialize)]
    struct Related<'b> {
        #[serde(rename = "Id", borrow)]
        id: Cow<'b, str>,
        #[serde(rename = "ProductArn", borrow, default)]
        product_arn: Option<Cow<'b, str>>,
    }
    Ok(o.take::<Vec<Related<'a>>>("RelatedFindings")?
        .unwrap_or_default()
        .into_iter()
        .map(|r| RelatedEvent {
            uid: r.id,
            product_uid: r.product_arn,
            ..RelatedEvent::default()
        })
        .collect())
}

fn remediation<'a>(o: &mut Obj<'a>) -> Option<Remediation<'a>> {
    let raw = o.raw("Remediation")?;
    let rec = Obj::from_raw(raw).and_then(|mut r| r.obj("Recommendation"));
    let mut rec = match rec {
        Some(r) => r,
        None => {
            o.put(Cow::Borrowed("Remediation"), raw);
            return None;
        }
    };
    let url = rec.text("Url");
    match rec.text("Text") {
        Some(desc) => Some(Remediation {
            desc,
            references: url.into_iter().collect(),
        }),
        None => {
            o.put(Cow::Borrowed("Remediation"), raw);
            None
        }
    }
}

/// `Resources[]` → `resource_details`; an element without `Id` is kept as written.
fn resources<'a>(o: &mut Obj<'a>) -> Result<(Vec<ResourceDetails<'a>>, Vec<&'a RawValue>), String> {
    let list = o
        .take::<Vec<&'a RawValue>>("Resources")?
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut kept = Vec::new();
    for raw in list {
        let Some(mut r) = Obj::from_raw(raw) else {
            kept.push(raw);
            continue;
        };
        let Some(uid) = r.text("Id") else {
            kept.push(raw);
            continue;
        };
        let tags = r
            .take::<BTreeMap<Cow<'a, str>, Cow<'a, str>>>("Tags")
            .ok()
            .flatten()
            .unwrap_or_default();
        out.push(ResourceDetails {
            uid: Some(uid),
            r#type: r.text("Type"),
            cloud_partition: r.text("Partition"),
            region: r.text("Region"),
            labels: tags
                .into_iter()
                .map(|(k, v)| Cow::Owned(format!("{k}:{v}")))
                .collect(),
            data: r.raw("Details").map(Json::Raw),
            ..ResourceDetails::default()
        });
        if !r.is_empty() {
            // Members without an OCSF home (ResourceRole, DataClassification...).
            kept.push(raw);
        }
    }
    Ok((out, kept))
}

/// `Compliance` → `compliance`, and its members without an OCSF home.
fn compliance<'a>(mut c: Obj<'a>, finding: &mut Obj<'a>) -> (Compliance<'a>, Option<Json<'a>>) {
    #[derive(Deserialize)]
    struct Reason<'b> {
        #[serde(rename = "ReasonCode", borrow, default)]
        code: Option<Cow<'b, str>>,
        #[serde(rename = "Description", borrow, default)]
        desc: Option<Cow<'b, str>>,
    }
    #[derive(Deserialize)]
    struct Standard<'b> {
        #[serde(rename = "StandardsId", borrow)]
        id: Cow<'b, str>,
    }
    let status = c.text("Status");
    let (status_id, caption) = match status.as_deref() {
        Some("PASSED") => (compliance_status::PASS, "Pass"),
        Some("WARNING") => (compliance_status::WARNING, "Warning"),
        Some("FAILED") => (compliance_status::FAIL, "Fail"),
        Some("NOT_AVAILABLE") | None => (compliance_status::UNKNOWN, "Unknown"),
        Some(_) => (compliance_status::OTHER, "Other"),
    };
    let reasons = c
        .take::<Vec<Reason<'a>>>("StatusReasons")
        .ok()
        .flatten()
        .unwrap_or_default();
    let mut standards: Vec<Cow<'a, str>> = c
        .take::<Vec<Standard<'a>>>("AssociatedStandards")
        .ok()
        .flatten()
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.id)
        .collect();
    // ProductFields stays in `unmapped` whole: read a copy.
    let product_fields = finding.get("ProductFields").and_then(Obj::from_raw);
    let pf_text = |keys: &[&str]| {
        let pf = product_fields.as_ref()?;
        let raw = keys.iter().find_map(|k| pf.get(k))?;
        serde_json::from_str::<String>(raw.get())
            .ok()
            .map(Cow::Owned)
    };
    if standards.is_empty() {
        // Older findings name the standard in ProductFields only.
        standards.extend(pf_text(&["StandardsArn", "StandardsGuideArn"]));
    }
    let control = c
        .text("SecurityControlId")
        .or_else(|| pf_text(&["ControlId", "RuleId"]));
    let comp = Compliance {
        standards,
        control,
        requirements: c
            .take::<Vec<Cow<'a, str>>>("RelatedRequirements")
            .ok()
            .flatten()
            .unwrap_or_default(),
        status_id: Some(status_id),
        status: Some(Cow::Borrowed(caption)),
        status_code: reasons.first().and_then(|r| r.code.clone()),
        status_detail: reasons.first().and_then(|r| r.desc.clone()),
    };
    (comp, c.into_json())
}

/// `Vulnerabilities[]` → `vulnerability` objects (those with an `Id`, which becomes the
/// CVE uid; OCSF requires a `cve` or a `cwe`).
fn vulnerabilities<'a>(
    o: &mut Obj<'a>,
) -> Result<(Vec<Vulnerability<'a>>, Vec<&'a RawValue>), String> {
    let Some(list) = o.take::<Vec<&'a RawValue>>("Vulnerabilities")? else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut out = Vec::new();
    let mut kept = Vec::new();
    for raw in list {
        let Some(mut v) = Obj::from_raw(raw) else {
            kept.push(raw);
            continue;
        };
        let Some(id) = v.text("Id") else {
            kept.push(raw);
            continue;
        };
        #[derive(Deserialize)]
        struct Cvss<'b> {
            #[serde(rename = "BaseScore")]
            base_score: Option<f64>,
            #[serde(rename = "BaseVector", borrow, default)]
            vector: Option<Cow<'b, str>>,
            #[serde(rename = "Version", borrow, default)]
            version: Option<Cow<'b, str>>,
        }
        let cvss = v.take::<Vec<Cvss<'a>>>("Cvss")?.unwrap_or_default();
        let mut vendor = v.obj("Vendor");
        let vendor_time = |vendor: &mut Option<Obj<'a>>, key: &str| {
            vendor
                .as_mut()
                .and_then(|x| x.text(key))
                .and_then(|s| time::parse_iso8601(&s))
                .map(|t| t.0)
        };
        let cve = Cve {
            uid: id,
            cvss: cvss
                .into_iter()
                .filter_map(|c| {
                    Some(ocsf::findings::Cvss {
                        base_score: c.base_score?,
                        version: c.version.unwrap_or(Cow::Borrowed("unknown")),
                        vector_string: c.vector,
                        ..Default::default()
                    })
                })
                .collect(),
            epss: v.text("EpssScore").map(|score| Epss { score }),
            created_time: vendor_time(&mut vendor, "VendorCreatedAt"),
            modified_time: vendor_time(&mut vendor, "VendorUpdatedAt"),
            references: vendor
                .as_mut()
                .and_then(|x| x.text("Url"))
                .into_iter()
                .collect(),
            ..Cve::default()
        };
        let packages = v
            .take::<Vec<&'a RawValue>>("VulnerablePackages")?
            .unwrap_or_default();
        let yes_no = |s: Option<Cow<'_, str>>| {
            s.map(|s| s.eq_ignore_ascii_case("YES") || s.eq_ignore_ascii_case("PARTIAL"))
        };
        out.push(Vulnerability {
            cve: Some(cve),
            vendor_name: vendor.as_mut().and_then(|x| x.text("Name")),
            severity: vendor.as_mut().and_then(|x| x.text("VendorSeverity")),
            references: v
                .take::<Vec<Cow<'a, str>>>("ReferenceUrls")?
                .unwrap_or_default(),
            related_vulnerabilities: v
                .take::<Vec<Cow<'a, str>>>("RelatedVulnerabilities")?
                .unwrap_or_default(),
            affected_packages: packages
                .into_iter()
                .filter_map(Obj::from_raw)
                .filter_map(package)
                .collect(),
            is_fix_available: yes_no(v.text("FixAvailable")),
            is_exploit_available: yes_no(v.text("ExploitAvailable")),
            ..Vulnerability::default()
        });
    }
    Ok((out, kept))
}

fn package<'a>(mut p: Obj<'a>) -> Option<AffectedPackage<'a>> {
    Some(AffectedPackage {
        name: p.text("Name")?,
        version: p.text("Version").unwrap_or(Cow::Borrowed("")),
        epoch: p.int("Epoch").and_then(|e| i32::try_from(e).ok()),
        release: p.text("Release"),
        architecture: p.text("Architecture"),
        package_manager: p.text("PackageManager"),
        path: p.text("FilePath"),
        fixed_in_version: p.text("FixedInVersion"),
        remediation: p.text("Remediation").map(|desc| Remediation {
            desc,
            references: Vec::new(),
        }),
    })
}
