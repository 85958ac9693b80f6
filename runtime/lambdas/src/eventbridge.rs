//! The EventBridge handler: one Health or Security Hub event in, its OCSF events out to
//! Firehose, rejects to S3. A failure to send returns an error, so Lambda's asynchronous
//! retries and the function's on-failure destination / DLQ keep the event.

use normalize::{Options, Reject, Source};
use serde_json::Value;

use crate::batch::{Batcher, RecordSink};
use crate::s3::RejectStore;
use crate::sinks::{reject_line, Collect};
use crate::Error;

/// The handler and its clients, built once per sandbox.
pub struct EventBridgeNormalizer<S, K> {
    pub sink: S,
    pub rejects: K,
    /// Key prefix of reject objects (ends with `/`).
    pub rejects_prefix: String,
    pub opts: Options,
}

/// What one event gave (also the function's response, for the console and tests).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EventReport {
    pub source: Option<&'static str>,
    pub events: u64,
    pub rejects: u64,
}

/// The normalizer source for an EventBridge `source` field.
pub fn source_of(event: &Value) -> Option<Source> {
    match event.get("source").and_then(Value::as_str)? {
        "aws.health" => Some(Source::Health),
        "aws.securityhub" => Some(Source::SecurityHub),
        _ => None,
    }
}

impl<S: RecordSink, K: RejectStore> EventBridgeNormalizer<S, K> {
    pub async fn handle(&self, event: Value) -> Result<EventReport, Error> {
        let id = event
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("no-id")
            .to_string();
        let bytes = serde_json::to_vec(&event)?;
        let mut collect = Collect::default();
        let source = source_of(&event);
        match source {
            Some(s) => {
                normalize::normalize(s, &bytes[..], &self.opts, &mut collect)?;
            }
            None => collect.rejects.push(Reject {
                record: 1,
                reason: format!(
                    "unsupported EventBridge source {:?} (expected aws.health or aws.securityhub)",
                    event.get("source")
                ),
                raw: bytes.clone(),
            }),
        }
        let mut batcher = Batcher::new(&self.sink);
        let mut rejects = std::mem::take(&mut collect.rejects);
        for line in collect.events() {
            let mut record = line.to_vec();
            record.push(b'\n');
            if let Err(e) = batcher.push(record).await {
                match e {
                    crate::batch::SendError::TooLarge(_) => rejects.push(Reject {
                        record: 1,
                        reason: e.to_string(),
                        raw: line.to_vec(),
                    }),
                    other => return Err(Box::new(other)),
                }
            }
        }
        batcher.flush().await?;
        let name = source.map_or("unknown", Source::name);
        if !rejects.is_empty() {
            let origin = format!("eventbridge:{name}:{id}");
            let body: Vec<u8> = rejects
                .iter()
                .flat_map(|r| reject_line(&origin, r))
                .collect();
            let key = format!(
                "{}eventbridge/{name}/{id}.rejects.jsonl",
                self.rejects_prefix
            );
            self.rejects.put(&key, body).await?;
        }
        Ok(EventReport {
            source: source.map(Source::name),
            events: batcher.sent,
            rejects: rejects.len() as u64,
        })
    }
}
