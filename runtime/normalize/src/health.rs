//! TODO(owner): health parser and normalizer.
