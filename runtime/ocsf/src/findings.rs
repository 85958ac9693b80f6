//! The Findings category (2): Vulnerability Finding (2002), Compliance Finding (2003) and
//! Detection Finding (2004), with the objects only findings use (`finding_info`,
//! `compliance`, `vulnerability`, `remediation`, `evidences`...).
//!
//! OCSF 1.1.0 differs between the three: Detection Finding has `resources[]` and
//! `evidences[]`, the other two a single `resource`; Compliance Finding requires
//! `compliance`, Vulnerability Finding a non-empty `vulnerabilities[]`.

use crate::network::SecurityControl;
use crate::objects::*;
use ocsf_derive::WriteJson;
use serde::Serialize;

/// Vulnerability Finding, 2002.
pub const VULNERABILITY_FINDING: Class = Class {
    uid: 2002,
    name: "Vulnerability Finding",
    category_uid: 2,
    category_name: "Findings",
};

/// Compliance Finding, 2003.
pub const COMPLIANCE_FINDING: Class = Class {
    uid: 2003,
    name: "Compliance Finding",
    category_uid: 2,
    category_name: "Findings",
};

/// Detection Finding, 2004.
pub const DETECTION_FINDING: Class = Class {
    uid: 2004,
    name: "Detection Finding",
    category_uid: 2,
    category_name: "Findings",
};

/// `activity_id` of the three finding classes.
pub mod finding_activity {
    pub const UNKNOWN: (i32, &str) = (0, "Unknown");
    pub const CREATE: (i32, &str) = (1, "Create");
    pub const UPDATE: (i32, &str) = (2, "Update");
    pub const CLOSE: (i32, &str) = (3, "Close");
    pub const OTHER: (i32, &str) = (99, "Other");
}

/// `status_id` of a finding (its own enumeration, not the base event's Success/Failure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingStatus {
    Unknown = 0,
    New = 1,
    InProgress = 2,
    Suppressed = 3,
    Resolved = 4,
    Other = 99,
}

impl FindingStatus {
    pub fn id(self) -> i32 {
        self as i32
    }
    pub fn caption(self) -> &'static str {
        match self {
            FindingStatus::Unknown => "Unknown",
            FindingStatus::New => "New",
            FindingStatus::InProgress => "In Progress",
            FindingStatus::Suppressed => "Suppressed",
            FindingStatus::Resolved => "Resolved",
            FindingStatus::Other => "Other",
        }
    }
}

/// `confidence_id` / `impact_id` style Low/Medium/High scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Unknown = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Other = 99,
}

impl Level {
    pub fn id(self) -> i32 {
        self as i32
    }
    pub fn caption(self) -> &'static str {
        match self {
            Level::Unknown => "Unknown",
            Level::Low => "Low",
            Level::Medium => "Medium",
            Level::High => "High",
            Level::Other => "Other",
        }
    }
}

crate::impl_event!(DetectionFinding, ComplianceFinding, VulnerabilityFinding);

/// The attributes all three finding classes share, flattened into each.
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct FindingCommon<'a> {
    pub finding_info: FindingInfo<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence_score: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<Remediation<'a>>,
    /// `device` and `actor` belong to the `host` profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<Device<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor<'a>>,
}

impl<'a> FindingCommon<'a> {
    fn new(finding_info: FindingInfo<'a>) -> Self {
        FindingCommon {
            finding_info,
            confidence_id: None,
            confidence: None,
            confidence_score: None,
            comment: None,
            remediation: None,
            device: None,
            actor: None,
        }
    }
}

/// Base-event helpers every finding class shares.
fn set_finding_status(base: &mut Base<'_>, s: FindingStatus) {
    base.status_id = Some(s.id());
    base.status = Some(s.caption());
}

/// Detection Finding (2004): a detection of a threat, suspicious activity or abuse.
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct DetectionFinding<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    #[serde(flatten)]
    pub finding: FindingCommon<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<ResourceDetails<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidences: Vec<Evidence<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vulnerabilities: Vec<Vulnerability<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attacks: Vec<Attack<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_score: Option<i32>,
    /// The `security_control` profile (disposition, action, firewall rule).
    #[serde(flatten)]
    pub control: SecurityControl<'a>,
}

impl<'a> DetectionFinding<'a> {
    pub fn new(
        activity: (i32, &'static str),
        time: i64,
        product: Product<'a>,
        finding_info: FindingInfo<'a>,
    ) -> Self {
        DetectionFinding {
            base: Base::new(DETECTION_FINDING, activity, time, product),
            finding: FindingCommon::new(finding_info),
            resources: Vec::new(),
            evidences: Vec::new(),
            vulnerabilities: Vec::new(),
            attacks: Vec::new(),
            impact_id: None,
            impact: None,
            risk_score: None,
            control: SecurityControl::default(),
        }
    }

    pub fn set_status(&mut self, s: FindingStatus) {
        set_finding_status(&mut self.base, s);
    }

    /// Set disposition and action (security_control profile).
    pub fn set_disposition(&mut self, d: Disposition, a: Action) {
        self.control.set(d, a);
        self.base.add_profile(profile::SECURITY_CONTROL);
    }
}

/// Compliance Finding (2003): the result of a compliance check (a control, a rule).
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct ComplianceFinding<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    #[serde(flatten)]
    pub finding: FindingCommon<'a>,
    pub compliance: Compliance<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceDetails<'a>>,
}

impl<'a> ComplianceFinding<'a> {
    pub fn new(
        activity: (i32, &'static str),
        time: i64,
        product: Product<'a>,
        finding_info: FindingInfo<'a>,
        compliance: Compliance<'a>,
    ) -> Self {
        ComplianceFinding {
            base: Base::new(COMPLIANCE_FINDING, activity, time, product),
            finding: FindingCommon::new(finding_info),
            compliance,
            resource: None,
        }
    }

    pub fn set_status(&mut self, s: FindingStatus) {
        set_finding_status(&mut self.base, s);
    }
}

/// Vulnerability Finding (2002): vulnerabilities found on a resource.
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct VulnerabilityFinding<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    #[serde(flatten)]
    pub finding: FindingCommon<'a>,
    /// Required and non-empty.
    pub vulnerabilities: Vec<Vulnerability<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceDetails<'a>>,
}

impl<'a> VulnerabilityFinding<'a> {
    pub fn new(
        activity: (i32, &'static str),
        time: i64,
        product: Product<'a>,
        finding_info: FindingInfo<'a>,
        vulnerabilities: Vec<Vulnerability<'a>>,
    ) -> Self {
        VulnerabilityFinding {
            base: Base::new(VULNERABILITY_FINDING, activity, time, product),
            finding: FindingCommon::new(finding_info),
            vulnerabilities,
            resource: None,
        }
    }

    pub fn set_status(&mut self, s: FindingStatus) {
        set_finding_status(&mut self.base, s);
    }
}

// ---------------------------------------------------------------------------------------
// Objects of findings.

/// `finding_info` (`uid` and `title` required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct FindingInfo<'a> {
    pub uid: Str<'a>,
    pub title: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desc: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src_url: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytic: Option<Analytic<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_sources: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_events: Vec<RelatedEvent<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attacks: Vec<Attack<'a>>,
}

/// `analytic` (`type_id` required, and a `name` or a `uid`): the rule that found it.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Analytic<'a> {
    pub type_id: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desc: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Str<'a>>,
}

/// `analytic.type_id` values.
pub mod analytic_type {
    pub const UNKNOWN: (i32, &str) = (0, "Unknown");
    pub const RULE: (i32, &str) = (1, "Rule");
    pub const BEHAVIORAL: (i32, &str) = (2, "Behavioral");
    pub const STATISTICAL: (i32, &str) = (3, "Statistical");
    pub const LEARNING: (i32, &str) = (4, "Learning (ML/DL)");
    pub const OTHER: (i32, &str) = (99, "Other");
}

/// `related_event` (`uid` required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct RelatedEvent<'a> {
    pub uid: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<Str<'a>>,
}

/// `attack` (MITRE ATT&CK; a tactic or a technique required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Attack<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tactic: Option<UidName<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub technique: Option<UidName<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Str<'a>>,
}

/// `tactic` / `technique`: a `uid` or a `name`.
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct UidName<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
}

/// `compliance` (`standards` required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Compliance<'a> {
    pub standards: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_code: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_detail: Option<Str<'a>>,
}

/// `compliance.status_id` values.
pub mod compliance_status {
    pub const UNKNOWN: i32 = 0;
    pub const PASS: i32 = 1;
    pub const WARNING: i32 = 2;
    pub const FAIL: i32 = 3;
    pub const OTHER: i32 = 99;
}

/// `remediation` (`desc` required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Remediation<'a> {
    pub desc: Str<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Str<'a>>,
}

/// `vulnerability` (a `cve` or a `cwe` required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Vulnerability<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cve: Option<Cve<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cwe: Option<Cwe<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desc: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_vulnerabilities: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub affected_packages: Vec<AffectedPackage<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_fix_available: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_exploit_available: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<Remediation<'a>>,
}

/// `cve` (`uid` required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Cve<'a> {
    pub uid: Str<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cvss: Vec<Cvss<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epss: Option<Epss<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desc: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified_time: Option<i64>,
}

/// `cvss` (`base_score` and `version` required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Cvss<'a> {
    pub base_score: f64,
    pub version: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vector_string: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Str<'a>>,
}

/// `epss` (`score` required, a string in 1.1.0).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Epss<'a> {
    pub score: Str<'a>,
}

/// `cwe` (`uid` required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Cwe<'a> {
    pub uid: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<Str<'a>>,
}

/// `affected_package` (`name` and `version` required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct AffectedPackage<'a> {
    pub name: Str<'a>,
    pub version: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub architecture: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epoch: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed_in_version: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package_manager: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<Remediation<'a>>,
}

/// `evidences` (one of its endpoints, connection, query, api, actor or `data` required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct Evidence<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src_endpoint: Option<NetworkEndpoint<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dst_endpoint: Option<NetworkEndpoint<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_info: Option<ConnectionInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<crate::dns::DnsQuery<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<Api<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Json<'a>>,
}

impl Evidence<'_> {
    /// Whether OCSF's "at least one of" constraint holds.
    pub fn is_identified(&self) -> bool {
        self.src_endpoint.is_some()
            || self.dst_endpoint.is_some()
            || self.connection_info.is_some()
            || self.query.is_some()
            || self.api.is_some()
            || self.actor.is_some()
            || self.data.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn detection_finding_shape() {
        let info = FindingInfo {
            uid: Cow::Borrowed("f-1"),
            title: Cow::Borrowed("AWS_ABUSE_DOS_REPORT"),
            ..FindingInfo::default()
        };
        let mut f = DetectionFinding::new(
            finding_activity::CREATE,
            1_000,
            Product::aws("Health"),
            info,
        );
        f.set_status(FindingStatus::New);
        f.base.set_severity(Severity::High);
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["class_uid"], 2004);
        assert_eq!(v["type_uid"], 200401);
        assert_eq!(v["type_name"], "Detection Finding: Create");
        assert_eq!(v["status"], "New");
        assert_eq!(v["finding_info"]["title"], "AWS_ABUSE_DOS_REPORT");
        assert!(v.get("resources").is_none());
        assert!(v.get("action_id").is_none());
    }
}
