//! Quick throughput check of the AWS parsers on a big file:
//! `cargo run --release -p normalize --example aws_speed -- <source> <file> [stage]`
//! where stage is `split` (record splitting only), `full` (default: everything, events
//! serialized and dropped) or `noraw` (full without `raw_data`).

use normalize::{Options, Reject, Sink, Source};
use std::time::Instant;

struct Null(u64, u64);

impl Sink for Null {
    fn event(&mut self, _: u32, json: &[u8]) {
        self.0 += json.len() as u64;
    }
    fn reject(&mut self, _: Reject) {
        self.1 += 1;
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(source), Some(path)) = (args.get(1).and_then(|s| Source::from_name(s)), args.get(2))
    else {
        eprintln!("usage: aws_speed <source> <file> [split|full|noraw]");
        std::process::exit(2);
    };
    let data = std::fs::read(path).expect("read the file");
    let stage = args.get(3).map_or("full", String::as_str);
    let start = Instant::now();
    let mut n = 0u64;
    match stage {
        "split" if source == Source::CloudTrail => {
            normalize::json::for_each_record(&data[..], |_, _| n += 1).expect("in memory");
        }
        "split" => normalize::lines::for_each_line(&data[..], |_, _| n += 1).expect("in memory"),
        _ => {
            let mut sink = Null(0, 0);
            let opts = Options {
                raw_data: stage != "noraw",
            };
            let s = normalize::normalize(source, &data[..], &opts, &mut sink).expect("in memory");
            n = s.events_out;
            eprintln!("{} bytes out, {} rejects", sink.0, sink.1);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{stage}: {n} records, {:.1} MB in {secs:.3} s = {:.1} MB/s, {:.0} records/s",
        data.len() as f64 / 1e6,
        data.len() as f64 / 1e6 / secs,
        n as f64 / secs
    );
}
