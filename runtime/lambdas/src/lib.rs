//! Lambda handlers.
