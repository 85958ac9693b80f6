//! The Firehose transformation and EventBridge handlers with in-memory fakes (no AWS).
//! Fixtures are real-shaped events kept as JSON files and loaded with `include_bytes!`.

use std::sync::Mutex;

use aws_lambda_events::firehose::KinesisFirehoseEvent;
use lambdas::eventbridge::EventBridgeNormalizer;
use lambdas::firehose::{transform, OK, PROCESSING_FAILED};
use lambdas::{Error, RecordSink, RejectStore};
use normalize::{Options, Source};

#[test]
fn firehose_records_come_back_ok_or_processing_failed_never_dropped() {
    let raw = include_bytes!("fixtures/firehose-waf.json");
    let event: KinesisFirehoseEvent = serde_json::from_slice(raw).expect("fixture parses");
    let inputs = event.records.clone();
    let response = transform(Source::Waf, &Options::default(), event);

    // Round-trips as Firehose expects it: recordId, result, base64 data.
    let json = serde_json::to_value(&response).expect("serialize");
    assert_eq!(json["records"].as_array().map(Vec::len), Some(5));
    assert!(json["records"]
        .as_array()
        .is_some_and(|r| r.iter().all(|r| r["result"] != "Dropped")));

    let by_id = |id: &str| {
        response
            .records
            .iter()
            .find(|r| r.record_id.as_deref() == Some(id))
            .expect("record answered")
    };
    let lines = |id: &str| {
        by_id(id)
            .data
            .0
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count()
    };
    // One WAF object -> one event line; two concatenated objects -> two lines.
    assert_eq!(by_id("record-1").result.as_deref(), Some(OK));
    assert_eq!(lines("record-1"), 1);
    assert_eq!(by_id("record-2").result.as_deref(), Some(OK));
    assert_eq!(lines("record-2"), 2);
    // Garbage fails with its original bytes kept, for Firehose's error prefix.
    assert_eq!(by_id("record-3").result.as_deref(), Some(PROCESSING_FAILED));
    assert_eq!(by_id("record-3").data.0, inputs[2].data.0);
    // A gzipped payload is gunzipped first.
    assert_eq!(by_id("record-4").result.as_deref(), Some(OK));
    assert_eq!(lines("record-4"), 1);
    // An empty record is Ok with no data, not Dropped.
    assert_eq!(by_id("record-5").result.as_deref(), Some(OK));
    assert!(by_id("record-5").data.0.is_empty());
    for r in &response.records {
        if r.result.as_deref() == Some(OK) {
            for line in r.data.0.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                let v: serde_json::Value = serde_json::from_slice(line).expect("event is JSON");
                assert_eq!(v["class_uid"], 4002, "WAF -> HTTP Activity");
            }
        }
    }
}

/// Collects what is put; fails the first `fail_first` calls entirely.
#[derive(Default)]
struct Memory {
    records: Mutex<Vec<Vec<u8>>>,
    objects: Mutex<Vec<(String, Vec<u8>)>>,
}

impl RecordSink for Memory {
    async fn put_batch(&self, records: &[Vec<u8>]) -> Result<Vec<Option<String>>, Error> {
        self.records
            .lock()
            .map_err(|_| "poisoned")?
            .extend(records.iter().cloned());
        Ok(vec![None; records.len()])
    }
}

impl RejectStore for Memory {
    async fn put(&self, key: &str, body: Vec<u8>) -> Result<(), Error> {
        self.objects
            .lock()
            .map_err(|_| "poisoned")?
            .push((key.to_string(), body));
        Ok(())
    }
}

fn handler() -> EventBridgeNormalizer<Memory, Memory> {
    EventBridgeNormalizer {
        sink: Memory::default(),
        rejects: Memory::default(),
        rejects_prefix: "rejects/".into(),
        opts: Options::default(),
    }
}

#[tokio::test]
async fn eventbridge_health_event_goes_to_firehose_or_to_rejects() {
    let h = handler();
    let event: serde_json::Value =
        serde_json::from_slice(include_bytes!("fixtures/eventbridge-health-abuse.json"))
            .expect("fixture");
    let report = h.handle(event).await.expect("handled");
    assert_eq!(report.source, Some("health"));
    let sent = h.sink.records.lock().expect("lock").clone();
    let stored = h.rejects.objects.lock().expect("lock").clone();
    // Every event is accounted: sent as newline-terminated JSON or stored as a reject.
    assert_eq!(sent.len() as u64, report.events);
    assert!(report.events + report.rejects >= 1, "{report:?}");
    for r in &sent {
        assert!(r.ends_with(b"\n"));
        let v: serde_json::Value = serde_json::from_slice(r).expect("event JSON");
        assert!(v["class_uid"].is_u64());
    }
    assert_eq!(stored.is_empty(), report.rejects == 0);
}

#[tokio::test]
async fn eventbridge_event_of_another_source_is_a_stored_reject() {
    let h = handler();
    let event: serde_json::Value =
        serde_json::from_slice(include_bytes!("fixtures/eventbridge-ec2-state.json"))
            .expect("fixture");
    let report = h.handle(event).await.expect("handled");
    assert_eq!((report.events, report.rejects), (0, 1));
    let stored = h.rejects.objects.lock().expect("lock").clone();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].0,
        "rejects/eventbridge/unknown/11111111-2222-3333-4444-555555555555.rejects.jsonl"
    );
    let line: serde_json::Value = serde_json::from_slice(&stored[0].1).expect("reject line");
    assert!(line["reason"]
        .as_str()
        .is_some_and(|r| r.contains("aws.ec2")));
    assert!(
        line["raw"]
            .as_str()
            .is_some_and(|r| r.contains("i-abcd1111")),
        "the event is kept whole"
    );
}

#[test]
fn contract_names_are_unique_and_documented() {
    let doc = include_str!("../../docs/lambdas.md");
    for name in lambdas::ALL_BINS.iter().chain(lambdas::ALL_ENV.iter()) {
        assert!(
            doc.contains(name),
            "runtime/docs/lambdas.md does not mention {name}"
        );
    }
    let cargo = include_str!("../Cargo.toml");
    for bin in lambdas::ALL_BINS {
        assert!(
            cargo.contains(&format!("name = \"{bin}\"")),
            "Cargo.toml has no [[bin]] {bin}"
        );
    }
}
