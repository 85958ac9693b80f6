//! The Lambda functions of the runtime, as testable handlers.
//!
//! | binary | fed by | what it does |
//! |---|---|---|
//! | [`FIREHOSE_TRANSFORM_BIN`] | Firehose data transformation | each record → `Ok` with OCSF JSON lines, or `ProcessingFailed` |
//! | [`S3_NORMALIZER_BIN`] | SQS queue of S3 event notifications | streams each object, normalizes, `PutRecordBatch` to Firehose, rejects to S3 |
//! | [`EVENTBRIDGE_NORMALIZER_BIN`] | EventBridge rule (Health, Security Hub) | event → OCSF → Firehose, rejects to S3 |
//!
//! The handlers are generic over small client traits ([`ObjectSource`], [`RecordSink`],
//! [`RejectStore`]): `main` builds the AWS clients once ([`aws`]); tests pass fakes.
//! The names below are the contract with the synthesizer (templates reference the
//! binaries and set the variables); `runtime/docs/lambdas.md` documents them.

pub mod aws;
pub mod batch;
pub mod eventbridge;
pub mod firehose;
pub mod s3;
pub mod sinks;

pub use batch::{Batcher, RecordSink};
pub use s3::{ObjectSource, RejectStore};

/// Binary (and Lambda function asset) of the Firehose transformation handler.
pub const FIREHOSE_TRANSFORM_BIN: &str = "sds-firehose-transform";
/// Binary of the SQS-fed S3 object handler.
pub const S3_NORMALIZER_BIN: &str = "sds-s3-normalizer";
/// Binary of the EventBridge handler.
pub const EVENTBRIDGE_NORMALIZER_BIN: &str = "sds-eventbridge-normalizer";
/// Every binary, for packaging and the contract test.
pub const ALL_BINS: [&str; 3] = [
    FIREHOSE_TRANSFORM_BIN,
    S3_NORMALIZER_BIN,
    EVENTBRIDGE_NORMALIZER_BIN,
];

/// Source name (`--source` spelling, e.g. `waf`, `nginx`). Required by the Firehose
/// transform; optional for the S3 normalizer, where it overrides the source derived
/// from the object key.
pub const ENV_SOURCE: &str = "SDS_SOURCE";
/// Name of the Firehose delivery stream the S3 and EventBridge handlers put events to.
pub const ENV_DELIVERY_STREAM: &str = "SDS_DELIVERY_STREAM";
/// Bucket for rejected records (JSON lines, as `sds-normalize --rejects` writes them).
pub const ENV_REJECTS_BUCKET: &str = "SDS_REJECTS_BUCKET";
/// Key prefix for rejected records in [`ENV_REJECTS_BUCKET`] (default [`DEFAULT_REJECTS_PREFIX`]).
pub const ENV_REJECTS_PREFIX: &str = "SDS_REJECTS_PREFIX";
/// `false` leaves `raw_data` out of events (default `true`).
pub const ENV_RAW_DATA: &str = "SDS_RAW_DATA";
/// Every environment variable the functions read, for the contract test.
pub const ALL_ENV: [&str; 5] = [
    ENV_SOURCE,
    ENV_DELIVERY_STREAM,
    ENV_REJECTS_BUCKET,
    ENV_REJECTS_PREFIX,
    ENV_RAW_DATA,
];

/// Default of [`ENV_REJECTS_PREFIX`].
pub const DEFAULT_REJECTS_PREFIX: &str = "rejects/";

/// Errors the handlers return to the Lambda runtime.
pub type Error = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Reads [`ENV_RAW_DATA`] into normalizer options.
pub fn options_from_env() -> normalize::Options {
    let raw = std::env::var(ENV_RAW_DATA)
        .map(|v| v.trim() != "false")
        .unwrap_or(true);
    normalize::Options { raw_data: raw }
}

/// Reads a required environment variable, with a message that names it.
pub fn required_env(name: &str) -> Result<String, Error> {
    std::env::var(name).map_err(|_| format!("environment variable {name} is not set").into())
}

/// Reads [`ENV_SOURCE`] as a source, if set; an unknown name is an error.
pub fn source_from_env() -> Result<Option<normalize::Source>, Error> {
    match std::env::var(ENV_SOURCE) {
        Err(_) => Ok(None),
        Ok(name) => normalize::Source::from_name(name.trim())
            .map(Some)
            .ok_or_else(|| format!("{ENV_SOURCE}={name:?} is not a source name").into()),
    }
}

/// Logging for CloudWatch: no ANSI colours, no timestamps (CloudWatch adds them).
pub fn init_tracing() {
    lambda_runtime::tracing::init_default_subscriber();
}

/// Reads [`ENV_REJECTS_PREFIX`], normalized to end with `/` (empty stays empty).
pub fn rejects_prefix_from_env() -> String {
    let p =
        std::env::var(ENV_REJECTS_PREFIX).unwrap_or_else(|_| DEFAULT_REJECTS_PREFIX.to_string());
    if p.is_empty() || p.ends_with('/') {
        p
    } else {
        format!("{p}/")
    }
}
