//! Firehose `PutRecordBatch` batching with retries of the records a batch reports failed.

use std::future::Future;
use std::time::Duration;

use crate::Error;

/// Firehose limits per `PutRecordBatch` call: 500 records, 4 MiB in total.
pub const MAX_BATCH_RECORDS: usize = 500;
/// See [`MAX_BATCH_RECORDS`].
pub const MAX_BATCH_BYTES: usize = 4 * 1024 * 1024;
/// Firehose limit for one record (before base64): 1,000 KiB.
pub const MAX_RECORD_BYTES: usize = 1000 * 1024;
/// Attempts per batch before giving up (the SQS message is then retried whole).
pub const MAX_ATTEMPTS: u32 = 6;

/// Where batches of records go: Firehose `PutRecordBatch` in production.
pub trait RecordSink: Send + Sync {
    /// Puts `records`; returns, per record in order, `None` when it was accepted or
    /// `Some(error code)` when the service reports it failed. `Err` means the whole call
    /// failed (throttled, network), and every record is retried.
    fn put_batch<'a>(
        &'a self,
        records: &'a [Vec<u8>],
    ) -> impl Future<Output = Result<Vec<Option<String>>, Error>> + Send + 'a;
}

/// Why a record could not be sent.
#[derive(Debug)]
pub enum SendError {
    /// The record alone exceeds [`MAX_RECORD_BYTES`]: a reject, not a retry.
    TooLarge(usize),
    /// Records still failed after [`MAX_ATTEMPTS`]: the caller fails the input.
    Exhausted { failed: usize, last_error: String },
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::TooLarge(n) => write!(
                f,
                "event of {n} bytes exceeds Firehose's {MAX_RECORD_BYTES}-byte record limit"
            ),
            SendError::Exhausted { failed, last_error } => {
                write!(
                    f,
                    "{failed} record(s) still failed after {MAX_ATTEMPTS} attempts: {last_error}"
                )
            }
        }
    }
}

impl std::error::Error for SendError {}

/// Collects records into batches within Firehose's limits and sends them.
pub struct Batcher<'s, S: RecordSink> {
    sink: &'s S,
    records: Vec<Vec<u8>>,
    bytes: usize,
    /// Records accepted by the sink so far.
    pub sent: u64,
    /// `PutRecordBatch` calls made so far (retries included).
    pub calls: u64,
    /// First wait between attempts; doubles each time.
    pub backoff: Duration,
}

impl<'s, S: RecordSink> Batcher<'s, S> {
    pub fn new(sink: &'s S) -> Self {
        Batcher {
            sink,
            records: Vec::new(),
            bytes: 0,
            sent: 0,
            calls: 0,
            backoff: Duration::from_millis(100),
        }
    }

    /// Adds one record (an event line, newline included), sending the batch first when
    /// the record would not fit.
    pub async fn push(&mut self, record: Vec<u8>) -> Result<(), SendError> {
        if record.len() > MAX_RECORD_BYTES {
            return Err(SendError::TooLarge(record.len()));
        }
        if self.records.len() == MAX_BATCH_RECORDS || self.bytes + record.len() > MAX_BATCH_BYTES {
            self.flush().await?;
        }
        self.bytes += record.len();
        self.records.push(record);
        Ok(())
    }

    /// Sends what is buffered, retrying failed records with exponential backoff.
    pub async fn flush(&mut self) -> Result<(), SendError> {
        let mut pending = std::mem::take(&mut self.records);
        self.bytes = 0;
        let mut wait = self.backoff;
        let mut last_error = String::new();
        for attempt in 1..=MAX_ATTEMPTS {
            if pending.is_empty() {
                return Ok(());
            }
            self.calls += 1;
            match self.sink.put_batch(&pending).await {
                Ok(results) if results.len() == pending.len() => {
                    let before = pending.len();
                    let mut still = Vec::new();
                    for (record, result) in pending.into_iter().zip(results) {
                        if let Some(code) = result {
                            last_error = code;
                            still.push(record);
                        }
                    }
                    self.sent += (before - still.len()) as u64;
                    pending = still;
                }
                Ok(results) => {
                    last_error = format!(
                        "sink answered {} results for {} records",
                        results.len(),
                        pending.len()
                    );
                }
                Err(e) => last_error = e.to_string(),
            }
            if pending.is_empty() {
                return Ok(());
            }
            if attempt < MAX_ATTEMPTS {
                tracing::warn!(attempt, failed = pending.len(), error = %last_error, "retrying records");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(5));
            }
        }
        Err(SendError::Exhausted {
            failed: pending.len(),
            last_error,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Accepts every record except, on the first `fail_rounds` calls, each third one.
    #[derive(Default)]
    struct Flaky {
        fail_rounds: usize,
        calls: Mutex<Vec<usize>>,
        accepted: Mutex<Vec<Vec<u8>>>,
    }

    impl RecordSink for Flaky {
        async fn put_batch(&self, records: &[Vec<u8>]) -> Result<Vec<Option<String>>, Error> {
            let mut calls = self.calls.lock().map_err(|_| "poisoned")?;
            let round = calls.len();
            calls.push(records.len());
            let mut out = Vec::new();
            for (i, r) in records.iter().enumerate() {
                if round < self.fail_rounds && i % 3 == 0 {
                    out.push(Some("ServiceUnavailableException".to_string()));
                } else {
                    self.accepted
                        .lock()
                        .map_err(|_| "poisoned")?
                        .push(r.clone());
                    out.push(None);
                }
            }
            Ok(out)
        }
    }

    #[tokio::test(start_paused = true)]
    async fn batches_respect_count_and_size_limits() {
        let sink = Flaky::default();
        let mut b = Batcher::new(&sink);
        for i in 0..1200u32 {
            b.push(format!("{i}\n").into_bytes()).await.expect("push");
        }
        // Big records: 5 of 1 MB do not fit 4 MiB together.
        for _ in 0..5 {
            b.push(vec![b'x'; 1000 * 1000]).await.expect("push big");
        }
        b.flush().await.expect("flush");
        let calls = sink.calls.lock().expect("lock").clone();
        assert!(calls.iter().all(|&n| n <= MAX_BATCH_RECORDS), "{calls:?}");
        assert_eq!(calls.iter().sum::<usize>(), 1205);
        assert_eq!(b.sent, 1205);
    }

    #[tokio::test(start_paused = true)]
    async fn failed_records_are_retried_until_accepted() {
        let sink = Flaky {
            fail_rounds: 2,
            ..Default::default()
        };
        let mut b = Batcher::new(&sink);
        for i in 0..10u32 {
            b.push(vec![i as u8]).await.expect("push");
        }
        b.flush().await.expect("flush");
        let calls = sink.calls.lock().expect("lock").clone();
        // 10 sent, 4 failed (0,3,6,9) -> resent, of those 2 fail (index 0 and 3) -> resent.
        assert_eq!(calls, vec![10, 4, 2]);
        let mut got = sink.accepted.lock().expect("lock").clone();
        got.sort();
        assert_eq!(got, (0..10u8).map(|i| vec![i]).collect::<Vec<_>>());
        assert_eq!(b.sent, 10);
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_max_attempts() {
        let sink = Flaky {
            fail_rounds: 100,
            ..Default::default()
        };
        let mut b = Batcher::new(&sink);
        b.push(b"a".to_vec()).await.expect("push");
        let err = b.flush().await.expect_err("must give up");
        assert!(
            matches!(err, SendError::Exhausted { failed: 1, .. }),
            "{err}"
        );
        assert_eq!(
            sink.calls.lock().expect("lock").len(),
            MAX_ATTEMPTS as usize
        );
    }

    #[tokio::test]
    async fn oversized_record_is_refused() {
        let sink = Flaky::default();
        let mut b = Batcher::new(&sink);
        let err = b
            .push(vec![0; MAX_RECORD_BYTES + 1])
            .await
            .expect_err("too large");
        assert!(matches!(err, SendError::TooLarge(_)));
    }
}
