//! `sds-s3-normalizer`: SQS-fed S3 object normalizer. Reads `SDS_DELIVERY_STREAM`,
//! `SDS_REJECTS_BUCKET` (required), `SDS_REJECTS_PREFIX`, `SDS_SOURCE`, `SDS_RAW_DATA`.

use std::sync::Arc;

use aws_lambda_events::sqs::{SqsBatchResponse, SqsEvent};
use lambda_runtime::{service_fn, LambdaEvent};
use lambdas::aws::{Firehose, S3Objects, S3Rejects};
use lambdas::s3::S3Normalizer;
use lambdas::Error;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambdas::init_tracing();
    let config = lambdas::aws::config().await;
    let s3 = lambdas::aws::s3_client(&config, false);
    let handler = Arc::new(S3Normalizer {
        objects: S3Objects(s3.clone()),
        sink: Firehose {
            client: aws_sdk_firehose::Client::new(&config),
            stream: lambdas::required_env(lambdas::ENV_DELIVERY_STREAM)?,
        },
        rejects: S3Rejects {
            client: s3,
            bucket: lambdas::required_env(lambdas::ENV_REJECTS_BUCKET)?,
        },
        rejects_prefix: lambdas::rejects_prefix_from_env(),
        source: lambdas::source_from_env()?,
        opts: lambdas::options_from_env(),
    });
    let handler = &handler;
    lambda_runtime::run(service_fn(move |ev: LambdaEvent<SqsEvent>| async move {
        Ok::<SqsBatchResponse, Error>(handler.handle_sqs(ev.payload).await)
    }))
    .await
}
