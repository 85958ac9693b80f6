//! Streaming parsers and OCSF 1.1.0 normalizers, one module per source.
//!
//! The contract every caller (the `sds-normalize` CLI, the Lambda handlers, the tests and
//! benchmarks) uses: [`Source`], [`Options`], [`Sink`], [`Reject`] and [`normalize`].
//! Every input record ends as events handed to [`Sink::event`] or as one [`Reject`] with
//! its reason: nothing is dropped silently (architecture invariant 8).
//!
//! # Modules
//!
//! | module | sources | OCSF classes | mapping table |
//! |---|---|---|---|
//! | [`cloudtrail`] | cloudtrail | API Activity 6003, Authentication 3002, Account Change 3001 | `runtime/docs/mapping-cloudtrail.md` |
//! | [`waf`] | waf | HTTP Activity 4002 | `runtime/docs/mapping-waf.md` |
//! | [`vpcflow`] | vpcflow | Network Activity 4001 | `runtime/docs/mapping-vpcflow.md` |
//! | [`elb`] | alb, elb / nlb | HTTP Activity 4002 / Network Activity 4001 | `runtime/docs/mapping-elb.md` |
//! | [`health`], [`securityhub`], [`suricata`], [`squid`], [`access_log`] | health, securityhub, suricata, squid, nginx, apache | see their mapping tables | `runtime/docs/mapping-*.md` |
//!
//! Shared helpers: [`lines`] (zero-copy line reading), [`json`] (splitting JSON streams
//! into records; lenient field types), [`time`] (timestamps to epoch ms), [`Out`].
//!
//! Golden tests: `golden/<source>/` fixtures, `tests/golden_<source>.rs`, snapshots in
//! `golden/snapshots/` (`cargo test -p normalize`; review changes with `cargo insta review`).
//! A quick throughput check of one source over a big file:
//! `cargo run --release -p normalize --example aws_speed -- cloudtrail FILE [split|noraw|full]`.
//!
//! # Performance
//!
//! Events are written by `ocsf::json::WriteJson` (derived for every OCSF struct): compact
//! JSON straight into a reused buffer, keys made at compile time, strings escaped sixteen
//! bytes at a time, byte for byte what serde_json writes for the same struct (debug builds
//! check every event against serde_json). [`Out::event_with_raw`] appends `raw_data` to
//! the written event instead of building it into the event. The line formats whose lines
//! nearly all have one shape (access logs) write that shape's event as a template,
//! [`Out::written_event`]: constant pieces made once per file, the values in between;
//! debug builds build the typed event too and compare the bytes. Their plain lines
//! (ASCII, no control character, no `\\`: nearly all) are cut from the quotes and spaces
//! one SSE2 pass finds (`delimiters`), with nothing to validate, unescape or escape but
//! `raw_data`'s quotes; debug builds check each cut against the general parser. On this
//! shared 2-core machine wall and CPU time vary by up to 70 % between identical runs, so
//! compare changes by instruction count, which is deterministic:
//! `valgrind --tool=cachegrind --cache-sim=no target/release/examples/aws_speed cloudtrail FILE full`
//! (`FILE` from `target/release/examples/gen-logs cloudtrail 20`).
//!
//! # How to write a source module
//!
//! A source module exposes one function with this signature:
//!
//! ```ignore
//! pub fn normalize<R: std::io::BufRead>(input: R, out: &mut crate::Out<'_>) -> std::io::Result<()>
//! ```
//!
//! and [`normalize`] dispatches to it. `out.source()` tells a module serving several
//! sources (ELB: alb/nlb/elb; access logs: nginx/apache) which one it reads. The rules:
//!
//! - Read the input as a stream: [`lines::for_each_line`] for line formats (CRLF, invalid
//!   UTF-8 and 10 MB lines handled; `line` borrows from the reader's buffer), or
//!   [`json::for_each_value`] for JSON lines / concatenated JSON objects. Never buffer a
//!   whole file.
//! - For every record call exactly one of [`Out::event`] (build the typed OCSF struct from
//!   `ocsf` with borrowed `&str`/`Cow` fields and hand it over: it is serialized straight
//!   into a reused buffer), [`Out::reject`] (with a reason a person understands and the
//!   record's raw bytes) or [`Out::skip`] (a header or comment line, a digest file).
//!   ([`Out::written_event`] is for a template of the usual record, beside the typed
//!   event and checked against it: see `access_log::usual`.)
//! - Never panic on input: no `unwrap()`/indexing on data you did not check; a record that
//!   does not parse is a reject, and the next record goes on.
//! - Put the record into `raw_data` when [`Options::raw_data`] is on ([`Out::raw`] does the
//!   check and the lossy UTF-8 decoding), `metadata.product`, `cloud` where known,
//!   `time` in epoch milliseconds ([`time`] parses the usual timestamp shapes), and
//!   whatever has no OCSF home into `unmapped`.
//! - Golden tests: fixtures in `golden/<source>/`, one `tests/golden_<source>.rs` that runs
//!   them through [`normalize`] and snapshots events and rejects with insta.

use std::io::{self, BufRead};

// OWNERS: `aws` helper: cloudtrail, waf, vpcflow, elb, lines, json, time, out.
// `hosts` helper: health, securityhub, suricata, squid, access_log (nginx + apache).
pub mod access_log;
pub mod cloudtrail;
mod delimiters;
pub mod elb;
pub mod health;
pub mod json;
pub mod lines;
pub mod securityhub;
pub mod squid;
pub mod suricata;
mod template;
pub mod time;
pub mod vpcflow;
pub mod waf;

mod out;
pub use out::Out;

/// `bytes` as text when they are valid UTF-8, checked with SIMD (`simdutf8`): every
/// record is checked once, and std's check costs about an instruction a byte. (Where a
/// reject says where the bytes go wrong, std's error is made for it.)
#[inline]
pub(crate) fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// A source of telemetry, as named by `--source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    CloudTrail,
    Waf,
    VpcFlow,
    Alb,
    Nlb,
    Elb,
    Health,
    SecurityHub,
    Suricata,
    Squid,
    Nginx,
    Apache,
}

impl Source {
    pub const ALL: [Source; 12] = [
        Source::CloudTrail,
        Source::Waf,
        Source::VpcFlow,
        Source::Alb,
        Source::Nlb,
        Source::Elb,
        Source::Health,
        Source::SecurityHub,
        Source::Suricata,
        Source::Squid,
        Source::Nginx,
        Source::Apache,
    ];

    /// The `--source` name.
    pub fn name(self) -> &'static str {
        match self {
            Source::CloudTrail => "cloudtrail",
            Source::Waf => "waf",
            Source::VpcFlow => "vpcflow",
            Source::Alb => "alb",
            Source::Nlb => "nlb",
            Source::Elb => "elb",
            Source::Health => "health",
            Source::SecurityHub => "securityhub",
            Source::Suricata => "suricata",
            Source::Squid => "squid",
            Source::Nginx => "nginx",
            Source::Apache => "apache",
        }
    }

    pub fn from_name(name: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Knobs that change the produced events.
#[derive(Debug, Clone)]
pub struct Options {
    /// Keep the original record in `raw_data` (on by default).
    pub raw_data: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { raw_data: true }
    }
}

/// A record that could not be normalized: kept whole, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// 1-based position of the record in its input (line number for line formats,
    /// record number for JSON containers).
    pub record: u64,
    /// Why it was rejected, for people: "invalid JSON at column 12: ...".
    pub reason: String,
    /// The record's bytes, exactly as read.
    pub raw: Vec<u8>,
}

/// Where normalized events and rejects go.
pub trait Sink {
    /// One OCSF event, serialized as one line of JSON (no trailing newline).
    fn event(&mut self, class_uid: u32, json: &[u8]);
    /// One record that could not be normalized.
    fn reject(&mut self, reject: Reject);
    /// A record that is deliberately not an event (a CloudTrail digest file, a VPC
    /// `#` comment or header line...): counted, never silently lost.
    fn skipped(&mut self, _what: &str) {}
}

/// Counts of one run of [`normalize`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub records_in: u64,
    pub events_out: u64,
    pub rejects: u64,
    pub skipped: u64,
    pub bytes_in: u64,
}

/// Normalize everything `input` holds as `source` records into `sink`.
/// An `Err` is only for an I/O error of the reader (a truncated gzip stream, say); what was
/// read before it has been handed to the sink already.
pub fn normalize<R: BufRead>(
    source: Source,
    input: R,
    opts: &Options,
    sink: &mut dyn Sink,
) -> io::Result<Summary> {
    let mut input = CountingReader {
        inner: input,
        bytes: 0,
    };
    let mut out = Out::new(source, opts, sink);
    let result = match source {
        Source::CloudTrail => cloudtrail::normalize(&mut input, &mut out),
        Source::Waf => waf::normalize(&mut input, &mut out),
        Source::VpcFlow => vpcflow::normalize(&mut input, &mut out),
        Source::Alb | Source::Nlb | Source::Elb => elb::normalize(&mut input, &mut out),
        Source::Health => health::normalize(&mut input, &mut out),
        Source::SecurityHub => securityhub::normalize(&mut input, &mut out),
        Source::Suricata => suricata::normalize(&mut input, &mut out),
        Source::Squid => squid::normalize(&mut input, &mut out),
        Source::Nginx | Source::Apache => access_log::normalize(&mut input, &mut out),
    };
    let mut summary = out.finish();
    summary.bytes_in = input.bytes;
    result.map(|()| summary)
}

/// Counts the bytes a module consumes, for [`Summary::bytes_in`].
struct CountingReader<R> {
    inner: R,
    bytes: u64,
}

impl<R: io::Read> io::Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for CountingReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.bytes += amt as u64;
        self.inner.consume(amt)
    }
}

/// Guess the source from the first bytes of an input (`--source auto`). `head` may end
/// in the middle of a record; a leading UTF-8 BOM and whitespace are ignored.
pub fn detect(head: &[u8]) -> Option<Source> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    let has = |needle: &str| memchr::memmem::find(head, needle.as_bytes()).is_some();
    if head[0] == b'{' || head[0] == b'[' {
        // JSON: decide by keys every record of a source carries.
        if has("\"Records\"")
            && (has("\"eventVersion\"")
                || has("\"eventSource\"")
                || has("\"Records\":[]")
                || has("\"Records\": []"))
        {
            return Some(Source::CloudTrail);
        }
        if has("\"digestPublicKeyFingerprint\"") || has("\"digestS3Object\"") {
            return Some(Source::CloudTrail);
        }
        if has("\"webaclId\"") || has("\"terminatingRuleId\"") {
            return Some(Source::Waf);
        }
        if has("\"aws.health\"") {
            return Some(Source::Health);
        }
        if has("\"aws.securityhub\"") || has("\"SchemaVersion\"") {
            return Some(Source::SecurityHub);
        }
        if has("\"event_type\"") {
            return Some(Source::Suricata);
        }
        if has("\"eventVersion\"") && has("\"eventSource\"") {
            return Some(Source::CloudTrail);
        }
        // VPC flow lines delivered through a CloudWatch Logs subscription.
        if has("\"logEvents\"") && has(" eni-") {
            return Some(Source::VpcFlow);
        }
        return None;
    }
    let first = lines::first_line(head);
    if vpcflow::looks_like(first) {
        return Some(Source::VpcFlow);
    }
    if let Some(s) = elb::looks_like(first) {
        return Some(s);
    }
    detect_host_text(first)
}

/// Squid native and NGINX/Apache combined lines, told apart by their first field.
fn detect_host_text(line: &[u8]) -> Option<Source> {
    let text = utf8(line)?;
    let mut fields = text.split_ascii_whitespace();
    let first = fields.next()?;
    // Squid native: "1700000000.123    45 10.0.0.1 TCP_MISS/200 ..."
    if let Some((secs, frac)) = first.split_once('.') {
        if !secs.is_empty()
            && secs.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
        {
            let _elapsed = fields.next()?;
            let _client = fields.next()?;
            let code = fields.next()?;
            if code.contains('/') {
                return Some(Source::Squid);
            }
        }
    }
    // Common/combined: "host ident user [date] "request" status bytes ..."
    if text.contains(" [") && text.contains("] \"") {
        // Apache's default vhost_combined starts "host:port client"; both use the same
        // parser, so the generic choice is nginx's combined unless the line says Apache.
        return Some(Source::Nginx);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_source_from_its_first_bytes() {
        let cases: &[(&str, Option<Source>)] = &[
            ("{\"Records\":[{\"eventVersion\":\"1.08\",\"eventSource\":\"iam.amazonaws.com\"", Some(Source::CloudTrail)),
            ("{\n  \"Records\": [\n    {\n      \"eventVersion\": \"1.05\"", Some(Source::CloudTrail)),
            ("{\"awsAccountId\":\"1\",\"digestPublicKeyFingerprint\":\"x\"}", Some(Source::CloudTrail)),
            ("{\"timestamp\":1,\"formatVersion\":1,\"webaclId\":\"arn\"", Some(Source::Waf)),
            ("{\"version\":\"0\",\"source\":\"aws.health\"", Some(Source::Health)),
            ("{\"source\":\"aws.securityhub\"", Some(Source::SecurityHub)),
            ("{\"SchemaVersion\":\"2018-10-08\"", Some(Source::SecurityHub)),
            ("{\"timestamp\":\"2024\",\"event_type\":\"alert\"", Some(Source::Suricata)),
            ("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n", Some(Source::VpcFlow)),
            ("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n", Some(Source::VpcFlow)),
            ("http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"\n", Some(Source::Alb)),
            ("tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com - - - 2018-12-20T02:59:30\n", Some(Source::Nlb)),
            ("2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.38.0\" - -\n", Some(Source::Elb)),
            ("1700000000.123     45 10.0.0.1 TCP_MISS/200 1234 GET http://example.com/ - HIER_DIRECT/93.184.216.34 text/html\n", Some(Source::Squid)),
            ("127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326\n", Some(Source::Nginx)),
            ("\u{feff}   \n", None),
            ("", None),
            ("\x00\x01\x02garbage", None),
        ];
        for (head, want) in cases {
            assert_eq!(detect(head.as_bytes()), *want, "{head}");
        }
    }
}
