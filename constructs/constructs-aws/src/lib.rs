//! Generated L1 resources (see `sds codegen`).
