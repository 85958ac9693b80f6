//! TODO(owner): securityhub parser and normalizer.
