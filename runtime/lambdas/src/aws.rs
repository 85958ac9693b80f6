//! The production clients behind the handler traits: S3 and Firehose from the AWS SDK.
//! Built once in `main`; the endpoint can be overridden with `AWS_ENDPOINT_URL` (the
//! SDK's standard variable), which the moto tests use.

use std::io::Read;

use aws_sdk_firehose::primitives::Blob;
use aws_sdk_firehose::types::Record;
use tokio_util::io::SyncIoBridge;

use crate::batch::RecordSink;
use crate::s3::{ObjectSource, RejectStore};
use crate::Error;

/// Loads the SDK configuration from the Lambda environment.
pub async fn config() -> aws_config::SdkConfig {
    aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await
}

/// S3 client; `path_style` for S3-compatible endpoints (moto) that have no DNS per bucket.
pub fn s3_client(config: &aws_config::SdkConfig, path_style: bool) -> aws_sdk_s3::Client {
    let conf = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(path_style)
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// Objects read with `GetObject`, streamed.
pub struct S3Objects(pub aws_sdk_s3::Client);

impl ObjectSource for S3Objects {
    async fn open(&self, bucket: &str, key: &str) -> Result<Box<dyn Read + Send>, Error> {
        let out = self
            .0
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| {
                format!(
                    "GetObject s3://{bucket}/{key}: {}",
                    aws_sdk_s3::error::DisplayErrorContext(&e)
                )
            })?;
        // The body streams; the bridge lets the synchronous normalizer read it from a
        // blocking thread.
        let reader = Box::pin(out.body.into_async_read());
        Ok(Box::new(SyncIoBridge::new(reader)) as Box<dyn Read + Send>)
    }
}

/// Rejects written with `PutObject` to one bucket.
pub struct S3Rejects {
    pub client: aws_sdk_s3::Client,
    pub bucket: String,
}

impl RejectStore for S3Rejects {
    async fn put(&self, key: &str, body: Vec<u8>) -> Result<(), Error> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type("application/x-ndjson")
            .body(body.into())
            .send()
            .await
            .map_err(|e| {
                format!(
                    "PutObject s3://{}/{key}: {}",
                    self.bucket,
                    aws_sdk_s3::error::DisplayErrorContext(&e)
                )
            })?;
        Ok(())
    }
}

/// Records put with `PutRecordBatch` to one delivery stream.
pub struct Firehose {
    pub client: aws_sdk_firehose::Client,
    pub stream: String,
}

impl RecordSink for Firehose {
    async fn put_batch(&self, records: &[Vec<u8>]) -> Result<Vec<Option<String>>, Error> {
        let records: Vec<Record> = records
            .iter()
            .map(|r| Record::builder().data(Blob::new(r.clone())).build())
            .collect::<Result<_, _>>()?;
        let out = self
            .client
            .put_record_batch()
            .delivery_stream_name(&self.stream)
            .set_records(Some(records))
            .send()
            .await
            .map_err(|e| {
                format!(
                    "PutRecordBatch {}: {}",
                    self.stream,
                    aws_sdk_firehose::error::DisplayErrorContext(&e)
                )
            })?;
        Ok(out
            .request_responses()
            .iter()
            .map(|r| {
                r.error_code()
                    .map(|c| format!("{c}: {}", r.error_message().unwrap_or("")))
            })
            .collect())
    }
}
