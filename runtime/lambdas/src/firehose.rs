//! Firehose data transformation: each input record comes back `Ok` with its OCSF events
//! as newline-terminated JSON lines, or `ProcessingFailed` (Firehose then writes the
//! original record to the stream's error prefix). Never `Dropped`: a record that holds
//! only skipped lines (blank ones) comes back `Ok` with no data.
//!
//! A record with several lines (a Kinesis Agent batch) that has even one rejected line
//! is `ProcessingFailed` as a whole, so the rejected line is kept by Firehose; the
//! reasons go to the function's log with the record id.

use std::io::Read;

use aws_lambda_events::encodings::Base64Data;
use aws_lambda_events::firehose::{
    KinesisFirehoseEvent, KinesisFirehoseResponse, KinesisFirehoseResponseRecord,
    KinesisFirehoseResponseRecordMetadata,
};
use normalize::{Options, Source};

use crate::sinks::Collect;

/// Firehose's result strings.
pub const OK: &str = "Ok";
/// See [`OK`].
pub const PROCESSING_FAILED: &str = "ProcessingFailed";

/// Transforms one Firehose invocation. Pure: no AWS calls, no environment.
pub fn transform(
    source: Source,
    opts: &Options,
    event: KinesisFirehoseEvent,
) -> KinesisFirehoseResponse {
    let records = event
        .records
        .into_iter()
        .map(|r| {
            let id = r.record_id.unwrap_or_default();
            match transform_record(source, opts, &r.data.0) {
                Ok(lines) => response(id, OK, lines),
                Err(reason) => {
                    tracing::warn!(record_id = %id, %reason, "record failed");
                    response(id, PROCESSING_FAILED, r.data.0)
                }
            }
        })
        .collect();
    KinesisFirehoseResponse { records }
}

fn response(id: String, result: &str, data: Vec<u8>) -> KinesisFirehoseResponseRecord {
    KinesisFirehoseResponseRecord {
        record_id: Some(id),
        result: Some(result.to_string()),
        data: Base64Data(data),
        metadata: KinesisFirehoseResponseRecordMetadata {
            partition_keys: Default::default(),
        },
    }
}

/// One record's events as JSON lines, or why it failed.
pub fn transform_record(source: Source, opts: &Options, data: &[u8]) -> Result<Vec<u8>, String> {
    // CloudWatch Logs subscriptions and some agents gzip the payload.
    let mut decoded;
    let bytes: &[u8] = if data.starts_with(&[0x1f, 0x8b]) {
        decoded = Vec::new();
        flate2::read::MultiGzDecoder::new(data)
            .read_to_end(&mut decoded)
            .map_err(|e| format!("cannot gunzip the record: {e}"))?;
        &decoded
    } else {
        data
    };
    let mut sink = Collect::default();
    normalize::normalize(source, bytes, opts, &mut sink).map_err(|e| format!("read error: {e}"))?;
    if sink.rejects.is_empty() {
        return Ok(sink.lines);
    }
    let reasons: Vec<String> = sink
        .rejects
        .iter()
        .map(|r| format!("record {}: {}", r.record, r.reason))
        .collect();
    Err(reasons.join("; "))
}
