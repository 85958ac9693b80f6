//! The lake's tables: one Glue table per (source, OCSF class), in the layout of Amazon
//! Security Lake custom sources.
//!
//! Security Lake keeps one OCSF class per custom source and table. A source here may map
//! to several classes (CloudTrail: API Activity, Authentication, Account Change), so each
//! class gets its own folder below the source's:
//!
//! ```text
//! s3://<lake bucket>/ext/<source>/<class>/region=<r>/accountId=<a>/eventDay=<YYYYMMDD>/*.parquet
//! ```
//!
//! and its own table `<source>_<class>` (e.g. `cloudtrail_api_activity`). Keeping
//! `ext/<source>/` as the common prefix lets bucket policies and lifecycle rules address a
//! whole source. The partition columns are `region`, `accountid` and `eventday`: lowercase,
//! as Athena and Security Lake's own tables name them; the S3 path keeps Security Lake's
//! `accountId=` / `eventDay=` spelling through `storage.location.template`.
//!
//! Querying (Athena, workgroup `<prefix>-lake`, database `<prefix>_lake`): filter on the
//! partitions so Athena reads only those folders. In an organization `accountid` is an
//! injected projection, so a query must name the account(s):
//!
//! ```sql
//! SELECT time, api.operation, actor.user.name, src_endpoint.ip
//! FROM cloudtrail_api_activity
//! WHERE accountid IN ('111122223333') AND region = 'eu-central-1'
//!   AND eventday BETWEEN '20260101' AND '20260107' AND status_id = 2
//! ```

use crate::env::Source;
use crate::ocsf::{self, OcsfClass};

/// The partition columns of every lake table, in path order, with their Glue types.
pub const PARTITION_KEYS: [(&str, &str); 3] = [
    ("region", "string"),
    ("accountid", "string"),
    ("eventday", "string"),
];

/// The OCSF classes a source's events belong to (DESIGN.md's table of sources).
pub fn classes_of(source: Source) -> &'static [&'static str] {
    match source {
        Source::Cloudtrail => &["api_activity", "authentication", "account_change"],
        Source::Waf
        | Source::Alb
        | Source::Elb
        | Source::Squid
        | Source::Nginx
        | Source::Apache => &["http_activity"],
        Source::Vpcflow | Source::Nlb => &["network_activity"],
        Source::Health => &["detection_finding"],
        Source::Securityhub => &[
            "compliance_finding",
            "vulnerability_finding",
            "detection_finding",
        ],
        Source::Suricata => &[
            "detection_finding",
            "dns_activity",
            "network_activity",
            "http_activity",
        ],
    }
}

/// One table of the lake: a source's events of one OCSF class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LakeTable {
    pub source: Source,
    pub class: &'static OcsfClass,
}

impl LakeTable {
    /// The Glue table name, `<source>_<class>`.
    pub fn name(&self) -> String {
        format!("{}_{}", self.source.as_str(), self.class.name)
    }

    /// The key prefix of the table's objects in the lake bucket, `ext/<source>/<class>/`.
    pub fn prefix(&self) -> String {
        format!("ext/{}/{}/", self.source.as_str(), self.class.name)
    }

    /// The construct ID: the table name in CamelCase (`CloudtrailApiActivity`). It feeds
    /// the logical ID, so it must never change for an existing table.
    pub fn construct_id(&self) -> String {
        self.name()
            .split('_')
            .map(|word| {
                let mut cs = word.chars();
                cs.next()
                    .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// The tables of the given sources, in source order and then in the order of
/// [`classes_of`].
pub fn tables<'a>(sources: impl IntoIterator<Item = &'a Source>) -> Vec<LakeTable> {
    let mut out = Vec::new();
    for &source in sources {
        for name in classes_of(source) {
            // Every class named above is generated (a unit test checks it); skip defensively.
            if let Some(class) = ocsf::class(name) {
                out.push(LakeTable { source, class });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_of_every_source_has_columns() {
        for source in Source::ALL {
            for name in classes_of(source) {
                assert!(
                    ocsf::class(name).is_some(),
                    "{source}: {name} is not generated"
                );
            }
        }
    }

    #[test]
    fn all_sources_give_nineteen_distinct_tables() {
        let all = tables(&Source::ALL);
        assert_eq!(all.len(), 19);
        let mut names: Vec<String> = all.iter().map(LakeTable::name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 19);
        let ct = all[0];
        assert_eq!(ct.name(), "cloudtrail_api_activity");
        assert_eq!(ct.prefix(), "ext/cloudtrail/api_activity/");
        assert_eq!(ct.construct_id(), "CloudtrailApiActivity");
    }
}
