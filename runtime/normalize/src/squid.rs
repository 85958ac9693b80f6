//! TODO(owner): squid parser and normalizer.
