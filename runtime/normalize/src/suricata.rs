//! TODO(owner): suricata parser and normalizer.
