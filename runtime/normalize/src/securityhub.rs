//! AWS Security Hub findings (ASFF) to OCSF findings, following the OCSF reference
//! mappings of Security Hub at 1.1.0 (repository ocsf/examples): Vulnerability Finding
//! (2002) when the finding lists `Vulnerabilities` (Inspector), Compliance Finding (2003)
//! when it has `Compliance` (Security Hub controls, Config rules, ElectricEye checks),
//! Detection Finding (2004) otherwise (GuardDuty, Macie, custom providers).
//!
//! Accepted input, as JSON lines, concatenated objects or arrays:
//! - EventBridge events `Security Hub Findings - Imported` / `- Custom Action`: one OCSF
//!   event per element of `detail.findings`; `Security Hub Insight Results` events carry
//!   no finding and are skipped (counted);
//! - bare ASFF findings, and `{"Findings": [...]}` (the `get-findings` output).
//!
//! The mapping is documented in `runtime/docs/mapping-securityhub.md`.

mod asff;
mod guardduty;
pub(crate) mod obj;

use crate::json::{for_each_record, Item};
use crate::Out;
use obj::Obj;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::io::{self, BufRead};

/// Normalize Security Hub findings.
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    for_each_record(input, |no, item| match item {
        Item::Value(bytes) | Item::Record(bytes) => record(no, bytes, out),
        Item::Broken(bytes, why) => out.reject(no, why, bytes),
    })
}

/// What an EventBridge envelope says about the findings it carries.
#[derive(Default)]
pub(crate) struct Envelope<'a> {
    pub id: Option<Cow<'a, str>>,
    pub detail_type: Option<Cow<'a, str>>,
    pub time: Option<Cow<'a, str>>,
    pub action_name: Option<Cow<'a, str>>,
}

fn record(no: u64, bytes: &[u8], out: &mut Out<'_>) {
    let mut o = match Obj::parse(bytes) {
        Ok(o) => o,
        Err(e) => return out.reject(no, e, bytes),
    };
    if let Some(detail) = o.raw("detail") {
        // An EventBridge event.
        let mut detail = match Obj::from_raw(detail) {
            Some(d) => d,
            None => {
                return out.reject(no, "EventBridge event whose detail is not an object", bytes)
            }
        };
        let env = Envelope {
            id: o.text("id"),
            detail_type: o.text("detail-type"),
            time: o.text("time"),
            action_name: detail.text("actionName"),
        };
        match detail.raw("findings") {
            Some(findings) => findings_list(no, bytes, findings, &env, out),
            None if detail.contains_key("insightResults") => {
                out.skip("securityhub insight results")
            }
            None => out.reject(no, "EventBridge event without detail.findings", bytes),
        }
    } else if let Some(findings) = o.raw("Findings") {
        findings_list(no, bytes, findings, &Envelope::default(), out);
    } else {
        asff::finding(no, bytes, o, &Envelope::default(), out);
    }
}

fn findings_list(
    no: u64,
    record: &[u8],
    findings: &RawValue,
    env: &Envelope<'_>,
    out: &mut Out<'_>,
) {
    let list: Vec<&RawValue> = match serde_json::from_str(findings.get()) {
        Ok(l) => l,
        Err(e) => return out.reject(no, format!("findings is not an array: {e}"), record),
    };
    if list.is_empty() {
        return out.skip("securityhub event without findings");
    }
    for f in list {
        let bytes = f.get().as_bytes();
        match Obj::from_raw(f) {
            Some(o) => asff::finding(no, bytes, o, env, out),
            None => out.reject(no, "finding is not a JSON object", bytes),
        }
    }
}
