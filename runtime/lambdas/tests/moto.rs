//! The S3 object handler against moto server (`$SDS_TOOLS/moto/bin/moto_server`, started
//! here on 127.0.0.1, stopped on drop), through the real AWS SDK clients of `lambdas::aws`.
//!
//! What is really checked: S3 `GetObject` streaming of a gzipped object and a plain one
//! (moto implements S3 for real); `PutRecordBatch` to a Firehose delivery stream with an
//! extended S3 destination (moto pretends for Firehose, but writes each batch as one
//! object into the destination bucket, so the test reads the delivered events back and
//! compares them, line for line, with what the normalizer produces for the same input,
//! and checks the batches respect the 500-record limit); rejects written to the rejects
//! bucket; SQS partial batch failures for a missing object, a non-notification body and a
//! delivery stream that does not exist (after the batcher's retries).

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_lambda_events::sqs::{SqsEvent, SqsMessage};
use aws_sdk_s3::config::{Credentials, Region};
use lambdas::aws::{Firehose, S3Objects, S3Rejects};
use lambdas::s3::S3Normalizer;
use lambdas::sinks::Collect;

struct Moto(Child);

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Starts moto on a free loopback port; `None` (with a note) when it is not installed
/// outside CI.
fn start_moto() -> Option<(Moto, String)> {
    let tools = std::env::var_os("SDS_TOOLS").map(PathBuf::from);
    let bin = tools
        .map(|t| t.join("moto/bin/moto_server"))
        .filter(|p| p.exists());
    let Some(bin) = bin else {
        assert!(
            !in_ci(),
            "moto_server is missing under $SDS_TOOLS (CI=true: must not skip)"
        );
        eprintln!("SKIPPED: moto_server not found; run through .ci/test (SDS_TOOLS)");
        return None;
    };
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let child = Command::new(bin)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server starts");
    let moto = Moto(child);
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        assert!(
            Instant::now() < deadline,
            "moto_server not listening after 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some((moto, format!("http://127.0.0.1:{port}")))
}

async fn sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
        .load()
        .await
}

/// `n` CloudTrail records in a delivery file, deterministic.
fn cloudtrail_file(n: usize) -> Vec<u8> {
    let records: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "eventVersion": "1.08",
                "userIdentity": {"type": "AssumedRole", "principalId": "AROAEXAMPLE:session", "arn": "arn:aws:sts::111122223333:assumed-role/Admin/session", "accountId": "111122223333"},
                "eventTime": format!("2024-01-01T00:{:02}:{:02}Z", (i / 60) % 60, i % 60),
                "eventSource": "s3.amazonaws.com",
                "eventName": if i % 3 == 0 { "PutObject" } else { "GetObject" },
                "awsRegion": "us-east-1",
                "sourceIPAddress": format!("198.51.100.{}", i % 250),
                "userAgent": "aws-cli/2.15.0",
                "requestParameters": {"bucketName": "data", "key": format!("k/{i}")},
                "responseElements": null,
                "eventID": format!("00000000-0000-0000-0000-{i:012}"),
                "readOnly": i % 3 != 0,
                "eventType": "AwsApiCall",
                "recipientAccountId": "111122223333"
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "Records": records })).expect("serialize")
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

fn notification(bucket: &str, encoded_key: &str) -> String {
    serde_json::json!({"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
        "eventTime": "2024-01-01T00:00:00.000Z", "eventName": "ObjectCreated:Put",
        "s3": {"s3SchemaVersion": "1.0", "bucket": {"name": bucket, "arn": format!("arn:aws:s3:::{bucket}")},
               "object": {"key": encoded_key, "size": 1}}
    }]})
    .to_string()
}

fn message(id: &str, body: String) -> SqsMessage {
    SqsMessage {
        message_id: Some(id.to_string()),
        body: Some(body),
        ..Default::default()
    }
}

/// What the normalizer makes of `bytes` locally: event lines and reject count.
fn local(source: normalize::Source, bytes: &[u8]) -> (Vec<String>, usize) {
    let mut c = Collect::default();
    normalize::normalize(source, bytes, &normalize::Options::default(), &mut c).expect("normalize");
    (
        c.events()
            .map(|e| String::from_utf8_lossy(e).into_owned())
            .collect(),
        c.rejects.len(),
    )
}

async fn read_all(s3: &aws_sdk_s3::Client, bucket: &str, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let list = s3
        .list_objects_v2()
        .bucket(bucket)
        .prefix(prefix)
        .send()
        .await
        .expect("list");
    let mut out = Vec::new();
    for o in list.contents() {
        let key = o.key().unwrap_or_default().to_string();
        let body = s3
            .get_object()
            .bucket(bucket)
            .key(&key)
            .send()
            .await
            .expect("get")
            .body
            .collect()
            .await
            .expect("body");
        out.push((key, body.into_bytes().to_vec()));
    }
    out
}

/// The handler as `main` builds it, with the moto clients and a delivery stream name.
fn normalizer(
    s3: &aws_sdk_s3::Client,
    firehose: &aws_sdk_firehose::Client,
    stream: &str,
) -> Arc<S3Normalizer<S3Objects, Firehose, S3Rejects>> {
    Arc::new(S3Normalizer {
        objects: S3Objects(s3.clone()),
        sink: Firehose {
            client: firehose.clone(),
            stream: stream.into(),
        },
        rejects: S3Rejects {
            client: s3.clone(),
            bucket: "sds-rejects".into(),
        },
        rejects_prefix: "rejects/".into(),
        source: None,
        opts: normalize::Options::default(),
    })
}

#[tokio::test(flavor = "current_thread")]
async fn s3_object_handler_against_moto() {
    let Some((_moto, endpoint)) = start_moto() else {
        return;
    };
    let config = sdk_config(&endpoint).await;
    let s3 = lambdas::aws::s3_client(&config, true);
    for b in ["sds-logs", "sds-rejects", "sds-lake"] {
        s3.create_bucket()
            .bucket(b)
            .send()
            .await
            .expect("create bucket");
    }
    let firehose = aws_sdk_firehose::Client::new(&config);
    firehose
        .create_delivery_stream()
        .delivery_stream_name("sds-events")
        .extended_s3_destination_configuration(
            aws_sdk_firehose::types::ExtendedS3DestinationConfiguration::builder()
                .role_arn("arn:aws:iam::123456789012:role/firehose")
                .bucket_arn("arn:aws:s3:::sds-lake")
                .prefix("events/")
                .build()
                .expect("destination"),
        )
        .send()
        .await
        .expect("create delivery stream");

    // A gzipped CloudTrail delivery file of 1,234 records (three batches of <= 500), and
    // a plain nginx log with a space in its key, two garbage lines among good ones.
    let ct_key = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/01/111122223333_CloudTrail_us-east-1_20240101T0000Z_abc.json.gz";
    let ct = cloudtrail_file(1234);
    s3.put_object()
        .bucket("sds-logs")
        .key(ct_key)
        .body(gzip(&ct).into())
        .send()
        .await
        .expect("put ct");
    let nginx_key = "uploads/my access.log";
    let line = "203.0.113.9 - - [10/Jan/2024:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 12 \"-\" \"curl/8.0\"\n";
    let nginx = format!("{line}{line}\x00\x01 not a log line\n{line}\u{fffd}garbage\n{line}");
    s3.put_object()
        .bucket("sds-logs")
        .key(nginx_key)
        .body(nginx.clone().into_bytes().into())
        .send()
        .await
        .expect("put nginx");

    let handler = normalizer(&s3, &firehose, "sds-events");
    let event = SqsEvent {
        records: vec![
            message(
                "m-ct",
                notification("sds-logs", &ct_key.replace('/', "%2F")),
            ),
            message("m-nginx", notification("sds-logs", "uploads/my+access.log")),
            message(
                "m-missing",
                notification("sds-logs", "AWSLogs/1/CloudTrail/us-east-1/none.json.gz"),
            ),
            message(
                "m-test",
                r#"{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"sds-logs"}"#.into(),
            ),
            message("m-junk", "this is not a notification".into()),
        ],
    };
    let response = handler.handle_sqs(event).await;
    let failed: Vec<&str> = response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_str())
        .collect();
    assert_eq!(
        failed,
        vec!["m-missing", "m-junk"],
        "only the missing object and the junk body fail"
    );

    // Delivered events = local normalization of both objects, line for line.
    let (mut expected, ct_rejects) = local(normalize::Source::CloudTrail, &ct);
    let (nginx_events, nginx_rejects) = local(normalize::Source::Nginx, nginx.as_bytes());
    assert_eq!(ct_rejects, 0);
    assert_eq!(nginx_rejects, 2);
    expected.extend(nginx_events);
    let delivered = read_all(&s3, "sds-lake", "events/").await;
    let mut got: Vec<String> = Vec::new();
    for (key, body) in &delivered {
        assert!(
            body.ends_with(b"\n"),
            "{key}: every record is one newline-terminated event"
        );
        let n = body.iter().filter(|&&b| b == b'\n').count();
        assert!(
            n <= 500,
            "{key}: a batch of {n} records exceeds PutRecordBatch's 500"
        );
        got.extend(String::from_utf8_lossy(body).lines().map(str::to_string));
    }
    assert!(
        delivered.len() >= 4,
        "1,234 + 4 events need at least 4 batches, got {}",
        delivered.len()
    );
    got.sort();
    expected.sort();
    assert_eq!(got.len(), 1234 + 4);
    assert!(
        got == expected,
        "delivered events differ from local normalization"
    );

    // The two garbage lines are in the rejects bucket, with reasons and raw bytes.
    let rejects = read_all(&s3, "sds-rejects", "rejects/").await;
    assert_eq!(
        rejects.len(),
        1,
        "{:?}",
        rejects.iter().map(|r| &r.0).collect::<Vec<_>>()
    );
    assert_eq!(
        rejects[0].0,
        "rejects/sds-logs/uploads/my access.log.rejects-0001.jsonl"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&rejects[0].1)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["file"], "s3://sds-logs/uploads/my access.log");
    assert_eq!(lines[0]["record"], 3);
    assert!(lines
        .iter()
        .all(|l| l["reason"].as_str().is_some_and(|r| !r.is_empty())));

    // A delivery stream that does not exist: the batcher retries, then the message fails.
    let broken = normalizer(&s3, &firehose, "no-such-stream");
    let event = SqsEvent {
        records: vec![message(
            "m-again",
            notification("sds-logs", "uploads/my+access.log"),
        )],
    };
    let response = broken.handle_sqs(event).await;
    assert_eq!(response.batch_item_failures.len(), 1);
    assert_eq!(response.batch_item_failures[0].item_identifier, "m-again");

    // Reading the raw object through the trait streams the exact bytes.
    let mut r = lambdas::ObjectSource::open(&S3Objects(s3.clone()), "sds-logs", ct_key)
        .await
        .expect("open");
    let bytes = tokio::task::spawn_blocking(move || {
        let mut v = Vec::new();
        r.read_to_end(&mut v).map(|_| v)
    })
    .await
    .expect("join")
    .expect("read");
    assert_eq!(bytes, gzip(&ct));
}
