//! The data lake blueprint and its environment model.
