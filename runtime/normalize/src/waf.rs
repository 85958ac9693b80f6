//! TODO(owner): waf parser and normalizer.
