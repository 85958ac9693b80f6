//! The generator against the real schemas.
