//! `sds-eventbridge-normalizer`: Health and Security Hub events from EventBridge. Reads
//! `SDS_DELIVERY_STREAM`, `SDS_REJECTS_BUCKET` (required), `SDS_REJECTS_PREFIX`, `SDS_RAW_DATA`.

use lambda_runtime::{service_fn, LambdaEvent};
use lambdas::aws::{Firehose, S3Rejects};
use lambdas::eventbridge::{EventBridgeNormalizer, EventReport};
use lambdas::Error;
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambdas::init_tracing();
    let config = lambdas::aws::config().await;
    let handler = EventBridgeNormalizer {
        sink: Firehose {
            client: aws_sdk_firehose::Client::new(&config),
            stream: lambdas::required_env(lambdas::ENV_DELIVERY_STREAM)?,
        },
        rejects: S3Rejects {
            client: lambdas::aws::s3_client(&config, false),
            bucket: lambdas::required_env(lambdas::ENV_REJECTS_BUCKET)?,
        },
        rejects_prefix: lambdas::rejects_prefix_from_env(),
        opts: lambdas::options_from_env(),
    };
    let handler = &handler;
    lambda_runtime::run(service_fn(move |ev: LambdaEvent<Value>| async move {
        handler.handle(ev.payload).await.map(|r: EventReport| r)
    }))
    .await
}
