//! TODO(owner): cloudtrail parser and normalizer.
