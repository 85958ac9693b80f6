//! TODO(owner): elb parser and normalizer.
