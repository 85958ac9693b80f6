//! The data lake blueprint and its environment model.

pub mod env;
