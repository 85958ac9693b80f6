//! Throughput of every normalizer, full OCSF mapping and serialization included, on
//! generated realistic inputs (`gen/mod.rs`, deterministic). Per source, two figures:
//! MB/s (`Throughput::Bytes`) and records/s (`Throughput::Elements`), one core.
//!
//! ```text
//! cargo bench -p normalize --bench normalize              # all sources
//! cargo bench -p normalize --bench normalize -- cloudtrail # one
//! ```

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use normalize::{Options, Reject, Sink, Source};

mod gen;

/// Input size per source: large enough to amortize setup, small enough to stay in cache
/// partly like a real 1-4 MB log object does.
const INPUT_BYTES: u64 = 4 * 1024 * 1024;

/// Counts and drops: the cost measured is parsing, mapping and serializing.
#[derive(Default)]
struct Counting {
    events: u64,
    bytes: u64,
    rejects: u64,
}

impl Sink for Counting {
    fn event(&mut self, _class_uid: u32, json: &[u8]) {
        self.events += 1;
        self.bytes += json.len() as u64;
    }
    fn reject(&mut self, _reject: Reject) {
        self.rejects += 1;
    }
}

fn bench(c: &mut Criterion) {
    let opts = Options::default();
    for name in gen::sources() {
        let Some(source) = Source::from_name(name) else {
            continue;
        };
        let (input, records) = gen::generate(name, INPUT_BYTES);
        // Check once that the input is what the normalizer expects (not a reject storm).
        let mut check = Counting::default();
        let _ = normalize::normalize(source, &input[..], &opts, &mut check);
        eprintln!(
            "{name}: {} bytes, {records} records -> {} events ({} bytes of JSON), {} rejects",
            input.len(),
            check.events,
            check.bytes,
            check.rejects
        );
        for (unit, throughput) in [
            ("bytes", Throughput::Bytes(input.len() as u64)),
            ("records", Throughput::Elements(records)),
        ] {
            let mut g = c.benchmark_group(unit);
            g.sample_size(10)
                .warm_up_time(Duration::from_millis(500))
                .measurement_time(Duration::from_secs(3));
            g.throughput(throughput);
            g.bench_with_input(BenchmarkId::from_parameter(name), &input, |b, input| {
                b.iter(|| {
                    let mut sink = Counting::default();
                    let _ = normalize::normalize(source, &input[..], &opts, &mut sink);
                    sink.events
                })
            });
            g.finish();
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
