//! The S3 object handler: SQS messages carrying S3 event notifications in, each object
//! streamed from S3, normalized, and its events put to Firehose; rejects go to S3.
//!
//! Delivery is at least once: a message whose object could not be fully sent is reported
//! in `batchItemFailures`, SQS redelivers it, and the object is processed again from the
//! start (events already sent are sent again). After the queue's `maxReceiveCount` the
//! message lands in the queue's dead-letter queue.

use std::cell::Cell;
use std::future::Future;
use std::io::{self, Read};
use std::rc::Rc;
use std::sync::Arc;

use aws_lambda_events::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use normalize::{Options, Reject, Sink, Source};
use serde::Deserialize;
use tokio::runtime::Handle;

use crate::batch::{Batcher, RecordSink, SendError};
use crate::sinks::reject_line;
use crate::Error;

/// Where objects are read from: S3 `GetObject` in production.
pub trait ObjectSource: Send + Sync + 'static {
    /// Opens the object for streaming. The reader is read from a blocking thread.
    fn open<'a>(
        &'a self,
        bucket: &'a str,
        key: &'a str,
    ) -> impl Future<Output = Result<Box<dyn Read + Send>, Error>> + Send + 'a;
}

/// Where rejected records go: S3 `PutObject` of JSON lines in production.
pub trait RejectStore: Send + Sync + 'static {
    fn put<'a>(
        &'a self,
        key: &'a str,
        body: Vec<u8>,
    ) -> impl Future<Output = Result<(), Error>> + Send + 'a;
}

/// Rejects are written in parts of about this size, so a file of garbage stays flat in memory.
pub const REJECT_PART_BYTES: usize = 4 * 1024 * 1024;

/// The handler and its clients, built once per sandbox.
pub struct S3Normalizer<O, S, K> {
    pub objects: O,
    pub sink: S,
    pub rejects: K,
    /// Key prefix of reject objects (ends with `/`).
    pub rejects_prefix: String,
    /// Source for every object; `None` derives it from the key, then from the content.
    pub source: Option<Source>,
    pub opts: Options,
}

/// What one object gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectReport {
    pub source: Option<Source>,
    pub records_in: u64,
    pub events: u64,
    pub rejects: u64,
    pub skipped: u64,
    /// Reject objects written.
    pub reject_parts: u64,
}

impl<O: ObjectSource, S: RecordSink + 'static, K: RejectStore> S3Normalizer<O, S, K> {
    /// Handles one SQS batch: every message whose objects were not all processed is
    /// listed in `batchItemFailures` (requires `ReportBatchItemFailures` on the mapping).
    pub async fn handle_sqs(self: &Arc<Self>, event: SqsEvent) -> SqsBatchResponse {
        let mut failures = Vec::new();
        for msg in event.records {
            let id = msg.message_id.unwrap_or_default();
            if let Err(e) = self.handle_message(msg.body.as_deref().unwrap_or("")).await {
                tracing::error!(message_id = %id, error = %e, "message failed");
                failures.push(BatchItemFailure {
                    item_identifier: id,
                });
            }
        }
        SqsBatchResponse {
            batch_item_failures: failures,
        }
    }

    /// Handles one message body: an S3 event notification (also inside an SNS envelope).
    pub async fn handle_message(self: &Arc<Self>, body: &str) -> Result<Vec<ObjectReport>, Error> {
        let objects = objects_in(body)?;
        let mut reports = Vec::new();
        for (bucket, key) in objects {
            let report = self.process_object(bucket.clone(), key.clone()).await?;
            tracing::info!(%bucket, %key, ?report, "object done");
            reports.push(report);
        }
        Ok(reports)
    }

    /// Streams one object through the normalizer into Firehose, on a blocking thread
    /// (the normalizer is synchronous; network calls are driven with `block_on`).
    pub async fn process_object(
        self: &Arc<Self>,
        bucket: String,
        key: String,
    ) -> Result<ObjectReport, Error> {
        let this = Arc::clone(self);
        let handle = Handle::current();
        tokio::task::spawn_blocking(move || this.process_blocking(&handle, &bucket, &key)).await?
    }

    fn process_blocking(
        &self,
        handle: &Handle,
        bucket: &str,
        key: &str,
    ) -> Result<ObjectReport, Error> {
        let raw = handle.block_on(self.objects.open(bucket, key))?;
        let input = sds_normalize::input::decode(raw)?;
        let (source, input) = match self.source.or_else(|| source_for_key(key)) {
            Some(s) => (s, input),
            None => {
                let (head, input) = sds_normalize::input::split_head(input)?;
                let s = normalize::detect(&head)
                    .ok_or_else(|| format!("cannot tell the source of s3://{bucket}/{key}"))?;
                (s, input)
            }
        };
        let stop = Rc::new(Cell::new(false));
        // The CLI's buffer size: a record that spans two reads is scanned twice.
        let input = std::io::BufReader::with_capacity(
            sds_normalize::input::BUF_BYTES,
            Stoppable {
                inner: input,
                stop: Rc::clone(&stop),
            },
        );
        let origin = format!("s3://{bucket}/{key}");
        let reject_base = format!("{}{bucket}/{key}", self.rejects_prefix);
        let mut sink = Forward {
            handle,
            batcher: Batcher::new(&self.sink),
            store: &self.rejects,
            origin: &origin,
            reject_base: &reject_base,
            buffer: Vec::new(),
            stop,
            error: None,
            report: ObjectReport {
                source: Some(source),
                ..Default::default()
            },
        };
        let result = normalize::normalize(source, input, &self.opts, &mut sink);
        if let Some(e) = sink.error.take() {
            return Err(e);
        }
        match result {
            Ok(summary) => sink.report.records_in = summary.records_in,
            // A truncated or corrupt object will not get better on retry: keep the note
            // as a reject and finish; anything else (a reset connection) is retried.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidData
                ) =>
            {
                let r = &sink.report;
                let n = r.events + r.rejects + r.skipped;
                sink.report.records_in = n;
                sink.reject(Reject {
                    record: n + 1,
                    reason: format!("object unreadable after record {n}: {e}"),
                    raw: Vec::new(),
                });
            }
            Err(e) => return Err(format!("reading {origin}: {e}").into()),
        }
        sink.finish()?;
        Ok(sink.report)
    }
}

/// Makes the normalizer's reads fail once sending has failed, so it stops early.
struct Stoppable<R> {
    inner: R,
    stop: Rc<Cell<bool>>,
}

impl<R: Read> Read for Stoppable<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.stop.get() {
            return Err(io::Error::other("stopped: sending events failed"));
        }
        self.inner.read(buf)
    }
}

/// Sends events on through the batcher and rejects to the store, from a blocking thread.
struct Forward<'a, S: RecordSink, K: RejectStore> {
    handle: &'a Handle,
    batcher: Batcher<'a, S>,
    store: &'a K,
    origin: &'a str,
    reject_base: &'a str,
    buffer: Vec<u8>,
    stop: Rc<Cell<bool>>,
    error: Option<Error>,
    report: ObjectReport,
}

impl<S: RecordSink, K: RejectStore> Forward<'_, S, K> {
    fn fail(&mut self, e: Error) {
        self.stop.set(true);
        self.error.get_or_insert(e);
    }

    fn flush_rejects(&mut self) {
        if self.buffer.is_empty() || self.error.is_some() {
            return;
        }
        self.report.reject_parts += 1;
        let key = format!(
            "{}.rejects-{:04}.jsonl",
            self.reject_base, self.report.reject_parts
        );
        let body = std::mem::take(&mut self.buffer);
        if let Err(e) = self.handle.block_on(self.store.put(&key, body)) {
            self.fail(format!("writing rejects to {key}: {e}").into());
        }
    }

    fn finish(&mut self) -> Result<(), Error> {
        if self.error.is_none() {
            if let Err(e) = self.handle.block_on(self.batcher.flush()) {
                self.fail(Box::new(e));
            }
        }
        self.flush_rejects();
        self.error.take().map_or(Ok(()), Err)
    }
}

impl<S: RecordSink, K: RejectStore> Sink for Forward<'_, S, K> {
    fn event(&mut self, _class_uid: u32, json: &[u8]) {
        if self.error.is_some() {
            return;
        }
        self.report.events += 1;
        let mut line = Vec::with_capacity(json.len() + 1);
        line.extend_from_slice(json);
        line.push(b'\n');
        match self.handle.block_on(self.batcher.push(line)) {
            Ok(()) => {}
            Err(e @ SendError::TooLarge(_)) => {
                // Counted as a reject instead of an event: it cannot go to Firehose.
                self.report.events -= 1;
                let record = self.report.events + self.report.rejects + self.report.skipped + 1;
                self.reject(Reject {
                    record,
                    reason: e.to_string(),
                    raw: json.to_vec(),
                });
            }
            Err(e) => self.fail(Box::new(e)),
        }
    }

    fn reject(&mut self, reject: Reject) {
        self.report.rejects += 1;
        self.buffer
            .extend_from_slice(&reject_line(self.origin, &reject));
        if self.buffer.len() >= REJECT_PART_BYTES {
            self.flush_rejects();
        }
    }

    fn skipped(&mut self, _what: &str) {
        self.report.skipped += 1;
    }
}

/// The minimal shape of an S3 event notification (lenient: only what is used).
#[derive(Deserialize)]
struct Notification {
    #[serde(rename = "Records", default)]
    records: Vec<NotificationRecord>,
    /// `s3:TestEvent` when the notification configuration is created.
    #[serde(rename = "Event")]
    event: Option<String>,
    /// An SNS envelope carries the notification as a string here.
    #[serde(rename = "Message")]
    message: Option<String>,
}

#[derive(Deserialize)]
struct NotificationRecord {
    s3: S3Entity,
}

#[derive(Deserialize)]
struct S3Entity {
    bucket: Named,
    object: Keyed,
}

#[derive(Deserialize)]
struct Named {
    name: String,
}

#[derive(Deserialize)]
struct Keyed {
    key: String,
}

/// The `(bucket, key)` pairs an SQS message body names, keys URL-decoded. A test event
/// names none. Anything else is an error (the message goes to the DLQ eventually).
pub fn objects_in(body: &str) -> Result<Vec<(String, String)>, Error> {
    let n: Notification = serde_json::from_str(body)
        .map_err(|e| format!("message body is not an S3 event notification: {e}"))?;
    if let Some(inner) = n.message.as_deref() {
        return objects_in(inner);
    }
    if n.event.as_deref() == Some("s3:TestEvent") {
        return Ok(Vec::new());
    }
    if n.records.is_empty() {
        return Err("S3 event notification without Records".into());
    }
    n.records
        .into_iter()
        .map(|r| Ok((r.s3.bucket.name, url_decode_key(&r.s3.object.key)?)))
        .collect()
}

/// S3 notifications URL-encode keys form-style (`+` for space).
pub fn url_decode_key(key: &str) -> Result<String, Error> {
    let plus = key.replace('+', " ");
    percent_encoding::percent_decode_str(&plus)
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|e| format!("object key {key:?} is not UTF-8 once decoded: {e}").into())
}

/// The source an AWS log delivery key belongs to (`AWSLogs/<account>/<service>/…`).
pub fn source_for_key(key: &str) -> Option<Source> {
    let mut segments = key.split('/');
    let service = segments.find(|s| {
        matches!(
            *s,
            "CloudTrail"
                | "CloudTrail-Digest"
                | "CloudTrail-Insight"
                | "vpcflowlogs"
                | "elasticloadbalancing"
                | "WAFLogs"
        )
    })?;
    Some(match service {
        "vpcflowlogs" => Source::VpcFlow,
        "WAFLogs" => Source::Waf,
        "elasticloadbalancing" => {
            // File name: <account>_elasticloadbalancing_<region>_<app.|net.|name>...
            let file = key.rsplit('/').next().unwrap_or_default();
            let lb = file.splitn(4, '_').nth(3).unwrap_or_default();
            if lb.starts_with("app.") {
                Source::Alb
            } else if lb.starts_with("net.") {
                Source::Nlb
            } else {
                Source::Elb
            }
        }
        _ => Source::CloudTrail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_from_delivery_keys() {
        let k = |k: &str| source_for_key(k);
        assert_eq!(
            k("AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/01/x.json.gz"),
            Some(Source::CloudTrail)
        );
        assert_eq!(
            k("AWSLogs/o-abc/111122223333/CloudTrail-Digest/us-east-1/x.json.gz"),
            Some(Source::CloudTrail)
        );
        assert_eq!(
            k("p/AWSLogs/1/vpcflowlogs/eu-west-1/2024/x.log.gz"),
            Some(Source::VpcFlow)
        );
        assert_eq!(
            k("AWSLogs/1/elasticloadbalancing/us-east-2/2024/05/01/1_elasticloadbalancing_us-east-2_app.my-lb.50dc6c495c0c9188_20240501T0000Z_1.2.3.4_abc.log.gz"),
            Some(Source::Alb)
        );
        assert_eq!(
            k("AWSLogs/1/elasticloadbalancing/us-east-2/2024/05/01/1_elasticloadbalancing_us-east-2_net.my-nlb.1_20240501T0000Z_1.2.3.4_abc.log.gz"),
            Some(Source::Nlb)
        );
        assert_eq!(
            k("AWSLogs/1/elasticloadbalancing/us-east-2/2024/05/01/1_elasticloadbalancing_us-east-2_my-clb_20240501T0000Z_1.2.3.4_abc.log"),
            Some(Source::Elb)
        );
        assert_eq!(
            k("AWSLogs/1/WAFLogs/us-east-1/acl/2024/x.log.gz"),
            Some(Source::Waf)
        );
        assert_eq!(k("uploads/whatever.log"), None);
    }

    #[test]
    fn notifications_test_events_and_sns_envelopes() {
        let n = r#"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"a+b%2Fc%3D.gz","size":1}}}]}"#;
        assert_eq!(
            objects_in(n).expect("parse"),
            vec![("b".to_string(), "a b/c=.gz".to_string())]
        );
        let t = r#"{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"b"}"#;
        assert!(objects_in(t).expect("test event").is_empty());
        let sns = serde_json::json!({"Type": "Notification", "Message": n}).to_string();
        assert_eq!(objects_in(&sns).expect("sns").len(), 1);
        assert!(objects_in("not json").is_err());
        assert!(objects_in("{}").is_err());
    }
}
