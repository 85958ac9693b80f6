//! `sds-firehose-transform`: the Firehose data-transformation function. Reads
//! `SDS_SOURCE` (required) and `SDS_RAW_DATA`.

use aws_lambda_events::firehose::{KinesisFirehoseEvent, KinesisFirehoseResponse};
use lambda_runtime::{service_fn, LambdaEvent};
use lambdas::Error;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambdas::init_tracing();
    let source = lambdas::source_from_env()?
        .ok_or_else(|| format!("environment variable {} is not set", lambdas::ENV_SOURCE))?;
    let opts = lambdas::options_from_env();
    let opts = &opts;
    lambda_runtime::run(service_fn(
        move |ev: LambdaEvent<KinesisFirehoseEvent>| async move {
            Ok::<KinesisFirehoseResponse, Error>(lambdas::firehose::transform(
                source, opts, ev.payload,
            ))
        },
    ))
    .await
}
