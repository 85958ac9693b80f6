//! TODO(owner): access_log parser and normalizer.
