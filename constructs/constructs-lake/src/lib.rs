//! The data lake blueprint and its environment model.

pub mod env;

pub mod ocsf;
mod ocsf_columns;
pub mod policy;
pub mod tables;
