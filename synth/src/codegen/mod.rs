//! The L1 generator: CloudFormation registry schemas (shipped by cfn-lint) -> `constructs-aws`.
