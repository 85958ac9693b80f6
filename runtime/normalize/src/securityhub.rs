//! AWS Security Hub findings (ASFF) to OCSF findings.
pub(crate) mod obj;
