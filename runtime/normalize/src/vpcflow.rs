//! TODO(owner): vpcflow parser and normalizer.
