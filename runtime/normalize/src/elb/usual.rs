//! The events of usual ELB lines (ALB, Classic, NLB), written straight from the fields.
//!
//! A load balancer writes one shape of line: its events differ only in the values. So
//! the usual line's event is written like a template: the constant parts (the class's
//! head, captions, product, profiles, keys) are bytes made once per file with the typed
//! writer, and the values go in between. What stays the same from line to line is read
//! once while it does: the `cloud` of an ARN (a target group's or a certificate's), the
//! NLB's product (by log version), a request URL's authority and its members, whether
//! the domain is a host name, the date and hour of the times ([`Clock`]). A value the
//! event holds twice (the load balancer's name, the trace id, the client's address, the
//! domain, the time, the code, the length) is written once and copied; a whole number
//! or an IPv4 port written in the line as JSON writes it is copied, not formatted. A
//! plain line (`super::plain`) has clean fields and its `raw_data` is copied between
//! its quotes; any other line is escaped for `raw_data` first: when that adds only the
//! quotes around fields, no field has anything to escape, and each is copied as it is.
//! Building the typed event (about 150 optional fields, dropped again) and writing it
//! field by field cost about twice what this does: instructions per line of the
//! generated 3 MB slices, ALB 25.0k -> 14.3k, Classic 15.6k -> 7.9k, NLB 11.6k -> 5.7k;
//! cutting plain lines from their delimiters and the copies above then took them from
//! 14.0k, 7.9k and 7.1k to 11.6k, 6.5k and 5.5k. (Of an ALB line's 11.6k, the delimiter
//! pass is 1.6k, the cut 1.5k, `raw_data` 1.2k; the rest is spread over small parts.)
//!
//! The Classic writer goes further (6.5k -> 4.3k with the cut of `super::plain::classic`):
//! its constant pieces carry the quotes around the values (`"url_string":"` … `","path":"`),
//! the status, metadata and cloud are one piece, the numbers written twice are written
//! again rather than copied, and the last time's digits are kept. A plain line's
//! `raw_data` is written from the line into the event (all three formats). An IPv4
//! endpoint's octets are matched as slice patterns (one to three digits and a separator),
//! which is cheaper than stepping through the bytes.
//!
//! Which lines are usual: every NLB line, and every ALB or Classic line whose request
//! line has one of OCSF's eight methods (`GET`, `POST`... in upper case). Every other
//! line (`PATCH`, a TCP listener's `- - -`, a malformed request) keeps its request in
//! `unmapped` and is built as the typed event. Each value is read by the same helpers the
//! typed event uses (`UrlParts`, `split_host_port`, `status_of`, `secs_ms`...), so the
//! two read a line alike; the typed event stays the reference: debug builds (every test,
//! the corpus and the fuzzers) also build it for each line written here and compare the
//! bytes ([`Out::check_template`](crate::Out::check_template)).

use super::{
    arn_cloud, authority_parts, latency, product, request_parts, request_version, split_host_port,
    status_of, Raw, UrlParts,
};
use crate::access_log::scan::{is_hostname, is_ip, parse_i64};
use crate::template;
use crate::time::parse_rfc3339_ms;
use ocsf::json::{extend_small, write_str, write_str_known, WriteConstant, WriteJson};
use ocsf::network::{network_activity, NetworkActivity};
use ocsf::objects::{profile, Cloud, Observable, Product, Status};
use std::borrow::Cow;
use std::ops::Range;

/// The constant parts of one file's events (`raw_data` is the run's option).
pub(super) struct Templates {
    /// HTTP Activity by activity id (0 to 8): `{"activity_id":3,…,"time":`.
    heads: [Vec<u8>; 9],
    /// `,"status_id":1,"status":"Success"` and the same for Failure.
    success: Vec<u8>,
    failure: Vec<u8>,
    /// `,"metadata":{"version":…,"product":{…},"profiles":["cloud","load_balancer"]`.
    alb_metadata: Vec<u8>,
    /// The ALB's `,"cloud":{…}` of the last target group ARN.
    alb_cloud: Memo,
    /// Network Activity: Fail and Traffic, `{"activity_id":4,…,"time":`.
    nlb_heads: [Vec<u8>; 2],
    /// The NLB's metadata of the last log version (its product's version), and the
    /// cloud of the last certificate ARN.
    nlb_metadata: Memo,
    nlb_cloud: Memo,
    /// The observables of the client's address and the load balancer's host name, up to
    /// the value.
    ip: Vec<u8>,
    hostname: Vec<u8>,
    raw_data: bool,
    /// The line's `,"raw_data":"…"`, escaped first (see [`Templates::escape_raw`]).
    raw: Vec<u8>,
    /// The parts of the last request URL's authority (most requests name one host).
    authority: Authority,
    /// Whether the last domain (ALB's, NLB's) was a host name (most lines name one).
    domain: Domain,
    /// The times of the lines, read by the hour.
    pub(super) clock: Clock,
    /// Classic: what follows the time, by status (none, Success, Failure): the status,
    /// the metadata and the cloud, `,"cloud":{"provider":"AWS"}` (Classic lines name no
    /// account or region).
    classic_status: [Vec<u8>; 3],
    /// `,"observables":[` and the client address's observable, up to its value's text.
    observed_ip: Vec<u8>,
    /// The last time written, and its digits (the next lines often have the same).
    time: (i64, Vec<u8>),
}

impl Templates {
    pub(super) fn new(raw_data: bool) -> Templates {
        let heads = template::http_heads();
        let nlb_heads = [network_activity::FAIL, network_activity::TRAFFIC]
            .map(|activity| template::head(&NetworkActivity::new(activity, 0, Product::default())));
        let metadata = |product: Product<'_>| {
            let mut piece = Vec::new();
            write_metadata(&mut piece, product);
            piece
        };
        let mut no_cloud = b",\"cloud\":".to_vec();
        Cloud::aws(None, None).write_json(&mut no_cloud);
        let success = template::status(Status::Success);
        let failure = template::status(Status::Failure);
        let classic_metadata = metadata(product("Classic Load Balancer", None));
        let classic_status = [&[][..], &success, &failure]
            .map(|status| [status, &classic_metadata, b"}", &no_cloud].concat());
        let ip = template::up_to_value(Observable::ip("src_endpoint.ip", "".into()));
        let observed_ip = [&b",\"observables\":["[..], &ip, b"\""].concat();
        Templates {
            heads,
            success,
            failure,
            alb_metadata: metadata(product("Application Load Balancer", None)),
            alb_cloud: Memo::default(),
            nlb_heads,
            nlb_metadata: Memo::default(),
            nlb_cloud: Memo::default(),
            ip,
            hostname: template::up_to_value(Observable::hostname(
                "dst_endpoint.hostname",
                "".into(),
            )),
            raw_data,
            raw: Vec::new(),
            authority: Authority::default(),
            domain: Domain::default(),
            clock: Clock::default(),
            classic_status,
            observed_ip,
            time: (0, b"0".to_vec()),
        }
    }

    /// Escape the line for `raw_data` (written last) and say whether its fields are
    /// clean: they are parts of the line, and when escaping the line added nothing but a
    /// `\` to each quote around a field, none of them has anything to escape, and they
    /// are written as they are. A plain line cut from its delimiters (`raw.plain`) is
    /// known clean without that, and its `raw_data` is written from the positions of its
    /// quotes without a scan (the writers call this only for other lines, and
    /// [`write_end`] writes a plain line's `raw_data` straight into the event). (Any other
    /// line without `raw_data`: not known.)
    fn escape_raw(&mut self, raw: Raw<'_>) -> bool {
        self.raw.clear();
        if let Some(quotes) = raw.plain {
            if self.raw_data {
                super::plain::write_raw(&mut self.raw, raw.text, quotes, b"\"");
            }
            return true;
        }
        if !self.raw_data {
            return false;
        }
        self.raw.extend_from_slice(b",\"raw_data\":");
        let at = self.raw.len();
        write_str(&mut self.raw, raw.text);
        self.raw.len() - at == raw.text.len() + 2 + raw.quotes
    }

    /// The status of an HTTP status code, as [`super::status_from_code`] sets it.
    fn status(&self, code: Option<Int<'_>>) -> &[u8] {
        match status_of(code.map(|c| c.value)) {
            Some(Status::Success) => &self.success,
            Some(_) => &self.failure,
            None => &[],
        }
    }

    /// `time` as JSON, copied when it is the last one written.
    fn write_time(&mut self, time: i64, out: &mut Vec<u8>) {
        if self.time.0 != time {
            self.time.1.clear();
            time.write_json(&mut self.time.1);
            self.time.0 = time;
        }
        extend_small(out, &self.time.1);
    }
}

/// `,"metadata":{"version":…,"product":{…},"profiles":["cloud","load_balancer"]`, open for
/// the members after the profiles.
fn write_metadata(out: &mut Vec<u8>, product: Product<'_>) {
    out.extend_from_slice(b",\"metadata\":{\"version\":");
    ocsf::VERSION.write_constant(out);
    out.extend_from_slice(b",\"product\":");
    product.write_json(out);
    out.extend_from_slice(b",\"profiles\":");
    // In the order the typed event adds them: `set_cloud`, then the load balancer.
    vec![profile::CLOUD, profile::LOAD_BALANCER].write_constant(out);
}

/// `,"cloud":{…}` of the region and account of an ARN.
fn write_cloud(arn: Option<&str>, out: &mut Vec<u8>) {
    out.extend_from_slice(b",\"cloud\":");
    let arn = arn.map(Cow::Borrowed);
    arn_cloud(arn.as_ref()).write_json(out);
}

/// Bytes written for one value, kept while the next lines have the same value.
#[derive(Default)]
struct Memo {
    /// `None` until the first value.
    key: Option<Option<String>>,
    bytes: Vec<u8>,
}

impl Memo {
    fn get(&mut self, key: Option<&str>, write: impl FnOnce(Option<&str>, &mut Vec<u8>)) -> &[u8] {
        if self.key.as_ref().map(Option::as_deref) != Some(key) {
            self.bytes.clear();
            write(key, &mut self.bytes);
            self.key = Some(key.map(str::to_owned));
        }
        &self.bytes
    }
}

/// A field, `None` when absent, empty or `-` (as `super::opt`, without the copy).
fn get<F: AsRef<str>>(f: &[F], i: usize) -> Option<&str> {
    f.get(i)
        .map(|v| v.as_ref())
        .filter(|v| !v.is_empty() && *v != "-")
}

/// A whole number field as `super::int` reads it, with its text when the number is
/// written so (see [`Int::write`]).
#[derive(Clone, Copy)]
struct Int<'f> {
    value: i64,
    /// 1 to 9 digits without a leading zero: the JSON number, copied instead of formatted.
    text: Option<&'f str>,
}

impl<'f> Int<'f> {
    /// Field `i` as `super::int(f, i)` reads it.
    fn of<F: AsRef<str>>(f: &'f [F], i: usize) -> Option<Int<'f>> {
        Int::read(f.get(i)?.as_ref())
    }

    /// `parse_i64(s)`, the text kept when it is as [`Int::write`] would write it.
    fn read(s: &'f str) -> Option<Int<'f>> {
        let b = s.as_bytes();
        // A status code or a one-digit count (most numbers of a line) straight.
        let digit = |c: u8| {
            let d = c.wrapping_sub(b'0');
            (d <= 9).then_some(i64::from(d))
        };
        let value = match *b {
            [c] => digit(c),
            [c0 @ b'1'..=b'9', c1, c2] => digit(c1)
                .zip(digit(c2))
                .map(|(d1, d2)| i64::from(c0 - b'0') * 100 + d1 * 10 + d2),
            _ => None,
        };
        if let Some(value) = value {
            return Some(Int {
                value,
                text: Some(s),
            });
        }
        if (1..=9).contains(&b.len()) && (b[0] != b'0' || b.len() == 1) {
            let mut value = 0i64;
            for &c in b {
                let d = c.wrapping_sub(b'0');
                if d > 9 {
                    return parse_i64(s).map(|value| Int { value, text: None });
                }
                value = value * 10 + i64::from(d);
            }
            return Some(Int {
                value,
                text: Some(s),
            });
        }
        parse_i64(s).map(|value| Int { value, text: None })
    }

    /// The number as `i64::write_json` writes it.
    fn write(&self, out: &mut Vec<u8>) {
        match self.text {
            Some(text) => out.extend_from_slice(text.as_bytes()),
            None => self.value.write_json(out),
        }
    }

    /// The number as `(value as i32).write_json` writes it (the same text: below 10^9).
    fn write_i32(&self, out: &mut Vec<u8>) {
        match self.text {
            Some(text) => put_digits(out, text),
            None => (self.value as i32).write_json(out),
        }
    }
}

/// Append a number's digits; one or three (a status code) as a copy of fixed size, not a
/// `memcpy` call.
#[inline(always)]
fn put_digits(out: &mut Vec<u8>, digits: &str) {
    match *digits.as_bytes() {
        [d] => out.push(d),
        [d0, d1, d2] => out.extend_from_slice(&[d0, d1, d2]),
        ref other => out.extend_from_slice(other),
    }
}

/// The request line of field `i` in its parts, when its method is one of OCSF's.
struct Request<'f> {
    activity: usize,
    method: &'static str,
    url: &'f str,
    version: Option<&'f str>,
}

impl<'f> Request<'f> {
    fn of<F: AsRef<str>>(f: &'f [F], i: usize) -> Option<Request<'f>> {
        let line = f.get(i)?.as_ref();
        let (i, j) = request_parts(Some(line))?;
        let (method, activity) = template::ocsf_method_activity(&line[..i])?;
        Some(Request {
            activity,
            method,
            url: &line[i + 1..j],
            version: request_version(&line[j + 1..]),
        })
    }

    /// [`Request::of`] of a request `line` whose only two spaces are at `i` and `j` (so
    /// `request_parts` cuts there, and the version has nothing to trim).
    fn of_cut(line: &'f str, (i, j): (usize, usize)) -> Option<Request<'f>> {
        let (method, activity) = template::ocsf_method_activity(line.get(..i)?)?;
        let url = line.get(i + 1..j)?;
        // (`request_parts` takes no `-` URL; a `-` method is no OCSF method.)
        if url == "-" {
            return None;
        }
        let version = line.get(j + 1..)?;
        Some(Request {
            activity,
            method,
            url,
            version: version.starts_with("HTTP/").then_some(version),
        })
    }

    /// `,"http_request":{…` up to the members after the URL and version.
    /// (`clean`: see [`Templates::escape_raw`].)
    fn write(&self, out: &mut Vec<u8>, clean: bool, authority: &mut Authority) {
        out.extend_from_slice(b",\"http_request\":{\"http_method\":");
        self.method.write_constant(out);
        out.extend_from_slice(b",\"url\":{\"url_string\":");
        write_str_known(out, self.url, clean);
        let url = UrlParts::of_with(self.url, |text| authority.parts(text));
        // (No scheme: no authority, so no host name or port either.)
        if let Some(scheme) = url.scheme {
            out.extend_from_slice(authority.members(scheme, &url));
        }
        out.extend_from_slice(b",\"path\":");
        // `/` when the URL has no path: clean, but not a part of the line.
        write_str_known(out, url.path, clean || url.path == "/");
        if let Some(query) = url.query {
            out.extend_from_slice(b",\"query_string\":");
            write_str_known(out, query, clean);
        }
        out.push(b'}');
        if let Some(version) = self.version {
            out.extend_from_slice(b",\"version\":");
            write_str_known(out, version, clean);
        }
    }
}

/// `parse_rfc3339_ms` of the load balancers' UTC times (`2024-03-01T10:00:00.123456Z`,
/// `2018-12-20T02:59:40`) with the date and hour read once while they stay the same:
/// the minutes, seconds and fraction are all that is read of the next times of that hour.
/// Any other shape (an offset, a bad minute) is parsed as it is.
#[derive(Default)]
pub(super) struct Clock {
    /// `YYYY-MM-DDTHH` of the last UTC time parsed (see [`hour_of`]), and its hour in
    /// epoch milliseconds.
    hour: Option<((u64, u64), i64)>,
}

/// The 13 bytes of `YYYY-MM-DDTHH` as two overlapping words (compared without a call).
fn hour_of(b: &[u8]) -> Option<(u64, u64)> {
    let word = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
    };
    Some((word(0)?, word(5)?))
}

impl Clock {
    pub(super) fn parse(&mut self, s: &str) -> Option<i64> {
        let b = s.as_bytes();
        let Some(within) = within_hour(b) else {
            return parse_rfc3339_ms(s);
        };
        // (`within_hour` took 19 bytes or more.)
        let hour = hour_of(b)?;
        if let Some((last, ms)) = &self.hour {
            if hour == *last {
                return Some(ms + within);
            }
        }
        let ms = parse_rfc3339_ms(s)?;
        self.hour = Some((hour, ms - within));
        Some(ms)
    }
}

/// The milliseconds within its hour of a UTC time, `…:MM:SS[.fraction][Z]` from byte 13
/// (read as `parse_rfc3339_ms` reads them), or `None` for any other shape.
fn within_hour(b: &[u8]) -> Option<i64> {
    if b.len() < 19 || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let digit = |c: u8| {
        let d = c.wrapping_sub(b'0');
        (d <= 9).then_some(i64::from(d))
    };
    let min = digit(b[14])? * 10 + digit(b[15])?;
    let sec = digit(b[17])? * 10 + digit(b[18])?;
    // 60 is a leap second, folded into the next (as `parse_rfc3339_ms` does).
    if min > 59 || sec > 60 {
        return None;
    }
    // The load balancers' `.123456Z` first.
    if let [b'.', m0, m1, m2, u0, u1, u2, b'Z'] = b[19..] {
        if u0.is_ascii_digit() && u1.is_ascii_digit() && u2.is_ascii_digit() {
            let millis = (digit(m0)? * 10 + digit(m1)?) * 10 + digit(m2)?;
            return Some(min * 60_000 + sec * 1000 + millis);
        }
    }
    let mut rest = &b[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        // The first three digits, padded; finer ones are truncated.
        let mut digits = fraction[..n].iter();
        for _ in 0..3 {
            millis = millis * 10
                + match digits.next() {
                    Some(&c) => digit(c)?,
                    None => 0,
                };
        }
        rest = &fraction[n..];
    }
    match rest {
        [] | [b'Z'] | [b'z'] => Some(min * 60_000 + sec * 1000 + millis),
        _ => None,
    }
}

/// The parts of the last URL authority read, kept while the next lines name the same.
#[derive(Default)]
struct Authority {
    /// `None` until the first.
    text: Option<String>,
    /// The host name's place in the text, if it has a valid one.
    hostname: Option<Range<usize>>,
    port: Option<u32>,
    /// The scheme with this authority, and the URL's members written for the two
    /// (`None` when the authority changed since).
    members: Option<(String, Vec<u8>)>,
}

impl Authority {
    /// [`authority_parts`] of `text`.
    fn parts<'u>(&mut self, text: &'u str) -> (Option<&'u str>, Option<u32>) {
        if self.text.as_deref() != Some(text) {
            let (hostname, port) = authority_parts(text);
            // The host name is a part of the text: where it starts in it.
            self.hostname = hostname.map(|h| {
                let at = h.as_ptr() as usize - text.as_ptr() as usize;
                at..at + h.len()
            });
            self.port = port;
            self.members = None;
            match &mut self.text {
                Some(kept) => {
                    kept.clear();
                    kept.push_str(text);
                }
                None => self.text = Some(text.to_owned()),
            }
        }
        (self.hostname.clone().map(|at| &text[at]), self.port)
    }

    /// `,"scheme":…,"hostname":…,"port":…` of a URL whose authority [`Authority::parts`]
    /// read last, with the scheme `scheme`.
    fn members(&mut self, scheme: &str, url: &UrlParts<'_>) -> &[u8] {
        if self.members.as_ref().is_none_or(|(kept, _)| kept != scheme) {
            let mut bytes = Vec::new();
            bytes.extend_from_slice(b",\"scheme\":");
            write_str(&mut bytes, scheme);
            if let Some(hostname) = url.hostname {
                bytes.extend_from_slice(b",\"hostname\":");
                write_str(&mut bytes, hostname);
            }
            if let Some(port) = url.port {
                bytes.extend_from_slice(b",\"port\":");
                port.write_json(&mut bytes);
            }
            self.members = Some((scheme.to_owned(), bytes));
        }
        self.members.as_ref().map_or(&[], |(_, bytes)| bytes)
    }
}

/// `is_hostname` of the last domain, kept while the next lines name the same.
#[derive(Default)]
struct Domain {
    /// `None` until the first.
    last: Option<(String, bool)>,
}

impl Domain {
    fn is_hostname(&mut self, domain: &str) -> bool {
        match &mut self.last {
            Some((last, is)) if last == domain => *is,
            Some((last, is)) => {
                last.clear();
                last.push_str(domain);
                *is = is_hostname(domain);
                *is
            }
            None => {
                let is = is_hostname(domain);
                self.last = Some((domain.to_owned(), is));
                is
            }
        }
    }
}

/// Write `"key":` as an object's next member (`key` is `b"\"name\":"`).
fn key(out: &mut Vec<u8>, first: &mut bool, key: &[u8]) {
    if !*first {
        out.push(b',');
    }
    *first = false;
    out.extend_from_slice(key);
}

/// Write `,"key":"value"` when there is a value (a part of the line: `clean` says
/// whether the line's parts are, see [`Templates::escape_raw`]).
fn member(out: &mut Vec<u8>, key: &[u8], value: Option<&str>, clean: bool) {
    if let Some(value) = value {
        out.push(b',');
        out.extend_from_slice(key);
        write_str_known(out, value, clean);
    }
}

/// `value` as a JSON string, and where in `out` (to copy it when it is written again).
fn write_str_at(out: &mut Vec<u8>, value: &str, clean: bool) -> Range<usize> {
    let at = out.len();
    write_str_known(out, value, clean);
    at..out.len()
}

/// Append the text of `s` as a JSON string has it, without the quotes (the pieces
/// around it have them): as it is when `clean` (see [`Templates::escape_raw`]), else
/// escaped. Returns where it is.
#[inline(always)]
fn body(out: &mut Vec<u8>, s: &str, clean: bool) -> Range<usize> {
    let at = out.len();
    if clean {
        debug_assert!(
            !s.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\'),
            "{s:?} is not clean"
        );
        extend_small(out, s.as_bytes());
    } else {
        body_escaped(out, s);
    }
    at..out.len()
}

/// [`body`] of a value that may need escaping (rare: a line that is not plain).
#[inline(never)]
fn body_escaped(out: &mut Vec<u8>, s: &str) {
    let mut quoted = Vec::with_capacity(s.len() + 2);
    write_str(&mut quoted, s);
    out.extend_from_slice(&quoted[1..quoted.len() - 1]);
}

/// `s.split(' ')` without a searcher's set-up (the parts are short: a target or a code).
fn split_spaces(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|c| c == b' ') {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// An endpoint `ip:port`, `[ipv6]:port` or a bare address, as `super::set_endpoint`
/// fills it (a host that is not an address is the endpoint's name).
struct Endpoint<'v> {
    host: &'v str,
    port: Option<u32>,
    /// The port's digits when they are its JSON number (no leading zero).
    port_text: Option<&'v str>,
    is_ip: bool,
}

impl<'v> Endpoint<'v> {
    fn of(value: &'v str) -> Endpoint<'v> {
        Endpoint::ipv4_port(value).unwrap_or_else(|| Endpoint::read(value))
    }

    /// [`Endpoint::of`] by `split_host_port` and `is_ip`.
    fn read(value: &'v str) -> Endpoint<'v> {
        let (host, port) = split_host_port(value);
        Endpoint {
            host,
            port,
            port_text: None,
            is_ip: is_ip(host),
        }
    }

    /// [`Endpoint::read`] of the usual `a.b.c.d:port` (the octets as std reads them: 1 to
    /// 3 digits, at most 255, no leading zero; a port of 1 to 9 digits) in one pass;
    /// `None` for any other shape.
    fn ipv4_port(value: &'v str) -> Option<Endpoint<'v>> {
        let b = value.as_bytes();
        // Four octets separated by `.`, then `:`: each matched as one to three digits
        // (two or three without a leading zero) and its separator.
        let (mut rest, mut i) = (b, 0);
        for octet in 0..4 {
            let (len, sep) = match *rest {
                [x @ b'1'..=b'9', y @ b'0'..=b'9', z @ b'0'..=b'9', sep, ..] => {
                    let value = (u32::from(x) * 100 + u32::from(y) * 10 + u32::from(z))
                        - u32::from(b'0') * 111;
                    if value > 255 {
                        return None;
                    }
                    (3, sep)
                }
                [b'1'..=b'9', b'0'..=b'9', sep, ..] => (2, sep),
                [b'0'..=b'9', sep, ..] => (1, sep),
                _ => return None,
            };
            match sep {
                b'.' if octet < 3 => {}
                b':' if octet == 3 => {}
                _ => return None,
            }
            i += len + 1;
            rest = &rest[len + 1..];
        }
        // (`i` is one past the `:`.)
        let i = i - 1;
        let digits = &b[i + 1..];
        if digits.is_empty() || digits.len() > 9 {
            return None;
        }
        let mut port = 0u32;
        for &c in digits {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            port = port * 10 + u32::from(d);
        }
        Some(Endpoint {
            host: &value[..i],
            port: Some(port),
            port_text: (digits[0] != b'0' || digits.len() == 1).then(|| &value[i + 1..]),
            is_ip: true,
        })
    }

    /// The port, if any, as `u32::write_json` writes it.
    fn write_port(&self, out: &mut Vec<u8>) {
        match (self.port_text, self.port) {
            (Some(text), _) => out.extend_from_slice(text.as_bytes()),
            (None, Some(port)) => port.write_json(out),
            (None, None) => {}
        }
    }

    /// The endpoint object; `host` is where its host was written already, if it was.
    fn write(&self, out: &mut Vec<u8>, host: Option<&Range<usize>>, clean: bool) {
        self.write_open(out, host, clean);
        out.push(b'}');
    }

    /// [`Endpoint::write`] but its closing brace (for the caller's next piece).
    #[inline(always)]
    fn write_open(&self, out: &mut Vec<u8>, host: Option<&Range<usize>>, clean: bool) {
        let write_host = |out: &mut Vec<u8>| match host {
            Some(at) => out.extend_from_within(at.clone()),
            None => write_str_known(out, self.host, clean),
        };
        if self.is_ip {
            // A clean address is written again (cheaper than the copy).
            match host.filter(|_| !clean) {
                Some(at) => {
                    out.extend_from_slice(b"{\"ip\":");
                    out.extend_from_within(at.clone());
                    if self.port.is_some() {
                        out.extend_from_slice(b",\"port\":");
                        self.write_port(out);
                    }
                }
                None => {
                    out.extend_from_slice(b"{\"ip\":\"");
                    body(out, self.host, clean);
                    if self.port.is_some() {
                        out.extend_from_slice(b"\",\"port\":");
                        self.write_port(out);
                    } else {
                        out.push(b'"');
                    }
                }
            }
        } else {
            out.push(b'{');
            if self.port.is_some() {
                out.extend_from_slice(b"\"port\":");
                self.write_port(out);
                out.push(b',');
            }
            out.extend_from_slice(b"\"name\":");
            write_host(out);
        }
    }
}

/// The client's endpoint (named `unknown` without one); `ip` is where its address was
/// written already, if it was.
fn write_client(
    out: &mut Vec<u8>,
    client: Option<&Endpoint<'_>>,
    ip: Option<&Range<usize>>,
    clean: bool,
) {
    out.extend_from_slice(b",\"src_endpoint\":");
    match client {
        Some(client) => client.write(out, ip, clean),
        None => out.extend_from_slice(b"{\"name\":\"unknown\"}"),
    }
}

/// `,"observables":[…]` of the client's address and the host name, if any; where the
/// two values were written.
fn write_observables(
    t: &Templates,
    out: &mut Vec<u8>,
    client: Option<&Endpoint<'_>>,
    hostname: Option<&str>,
    clean: bool,
) -> (Option<Range<usize>>, Option<Range<usize>>) {
    let ip = client.filter(|c| c.is_ip).map(|c| c.host);
    if ip.is_none() && hostname.is_none() {
        return (None, None);
    }
    out.extend_from_slice(b",\"observables\":[");
    let ip = ip.map(|ip| {
        out.extend_from_slice(&t.ip);
        let at = write_str_at(out, ip, clean);
        out.push(b'}');
        at
    });
    let hostname = hostname.map(|hostname| {
        if ip.is_some() {
            out.push(b',');
        }
        out.extend_from_slice(&t.hostname);
        let at = write_str_at(out, hostname, clean);
        out.push(b'}');
        at
    });
    out.push(b']');
    (ip, hostname)
}

/// `unmapped` members of the fields `(i, b"\"name\":")` that have a value.
fn write_named<F: AsRef<str>>(
    out: &mut Vec<u8>,
    first: &mut bool,
    f: &[F],
    names: &[(usize, &[u8])],
    clean: bool,
) {
    for &(i, name) in names {
        if let Some(v) = get(f, i) {
            key(out, first, name);
            write_str_known(out, v, clean);
        }
    }
}

/// `,"unmapped":{…}` of the named fields that have a value and the fields from `rest` on,
/// or nothing when there are none.
fn write_unmapped<F: AsRef<str>>(
    out: &mut Vec<u8>,
    f: &[F],
    names: &[(usize, &[u8])],
    rest: usize,
    clean: bool,
) {
    let mut first = true;
    out.extend_from_slice(b",\"unmapped\":{");
    write_named(out, &mut first, f, names, clean);
    write_rest(out, &mut first, f, rest, clean);
    if first {
        out.truncate(out.len() - b",\"unmapped\":{".len());
    } else {
        out.push(b'}');
    }
}

/// The fields from `from` on (a newer format's) as `field_<n>`, like `super::rest`.
fn write_rest<F: AsRef<str>>(
    out: &mut Vec<u8>,
    first: &mut bool,
    f: &[F],
    from: usize,
    clean: bool,
) {
    for (i, v) in f.iter().enumerate().skip(from) {
        let v = v.as_ref();
        if v != "-" && !v.is_empty() {
            if !*first {
                out.push(b',');
            }
            *first = false;
            write_str(out, &format!("field_{}", i + 1));
            out.push(b':');
            write_str_known(out, v, clean);
        }
    }
}

/// The response's code, latency and length, and `http_status`.
/// Returns where the length was written (it is also the traffic's `bytes_out`).
fn write_response(
    out: &mut Vec<u8>,
    code: Option<Int<'_>>,
    latency: Option<i64>,
    length: Option<Int<'_>>,
) -> Option<Range<usize>> {
    out.extend_from_slice(b"},\"http_response\":{\"code\":");
    let code_at = write_at(out, |out| match code {
        Some(code) => code.write_i32(out),
        None => out.push(b'0'),
    });
    if let Some(latency) = latency {
        out.extend_from_slice(b",\"latency\":");
        latency.write_json(out);
    }
    let length = length.map(|length| {
        out.extend_from_slice(b",\"length\":");
        write_at(out, |out| length.write(out))
    });
    out.push(b'}');
    if code.is_some() {
        // The same number as the response's code.
        out.extend_from_slice(b",\"http_status\":");
        out.extend_from_within(code_at);
    }
    length
}

/// Where `write` wrote in `out` (to copy it when it is written again).
fn write_at(out: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>)) -> Range<usize> {
    let at = out.len();
    write(out);
    at..out.len()
}

/// `,"connection_info":{…` of an inbound TCP connection, open for a `uid`.
const INBOUND_TCP: &[u8] = b",\"connection_info\":{\"direction_id\":1,\"direction\":\"Inbound\",\"protocol_num\":6,\"protocol_name\":\"tcp\"";

/// `,"traffic":{…}` (written even when empty, as the typed event does).
fn write_traffic(out: &mut Vec<u8>, bytes_in: Option<Int<'_>>, bytes_out: Option<Number<'_>>) {
    out.extend_from_slice(b",\"traffic\":{");
    let mut first = true;
    if let Some(n) = bytes_in {
        key(out, &mut first, b"\"bytes_in\":");
        n.write(out);
    }
    if let Some(n) = bytes_out {
        key(out, &mut first, b"\"bytes_out\":");
        match n {
            Number::Value(n) => n.write(out),
            Number::At(at) => out.extend_from_within(at),
        }
    }
    out.push(b'}');
}

/// A number to write, or where the same number was written already.
enum Number<'f> {
    Value(Int<'f>),
    At(Range<usize>),
}

/// The event's end: `raw_data` (when the run wants it) and the closing brace. A plain
/// line's is written from the line here; any other's was escaped by
/// [`Templates::escape_raw`] (which the writers call only for such a line).
fn write_end(t: &Templates, raw: Raw<'_>, out: &mut Vec<u8>) {
    match raw.plain {
        Some(quotes) if t.raw_data => super::plain::write_raw(out, raw.text, quotes, b"\"}"),
        Some(_) => out.push(b'}'),
        None => {
            out.extend_from_slice(&t.raw);
            out.push(b'}');
        }
    }
}

/// An Application Load Balancer line of the usual shape (see the module docs).
pub(super) struct Alb<'f, 'a> {
    f: &'f [Cow<'a, str>],
    time: i64,
    request: Request<'f>,
}

impl<'f, 'a> Alb<'f, 'a> {
    /// The line's template when it has the usual shape, else `None` (the typed event is
    /// then built, so this may say `None` for any reason at all). `f` has at least the
    /// fields up to the request, and `time` is field 1's.
    pub(super) fn of(f: &'f [Cow<'a, str>], time: i64) -> Option<Alb<'f, 'a>> {
        Some(Alb {
            f,
            time,
            request: Request::of(f, 12)?,
        })
    }

    /// Append the event, byte for byte what the typed event (`super::alb_typed`) writes.
    pub(super) fn write(&self, t: &mut Templates, raw: Raw<'_>, out: &mut Vec<u8>) {
        let clean = raw.plain.is_some() || t.escape_raw(raw);
        let f = self.f;
        out.extend_from_slice(&t.heads[self.request.activity]);
        let time = write_at(out, |out| self.time.write_json(out));
        if let Some(start) = get(f, 21).and_then(|start| t.clock.parse(start)) {
            out.extend_from_slice(b",\"start_time\":");
            start.write_json(out);
        }
        out.extend_from_slice(b",\"end_time\":");
        out.extend_from_within(time);
        let code = Int::of(f, 8);
        out.extend_from_slice(t.status(code));
        out.extend_from_slice(&t.alb_metadata);
        let trace = get(f, 17).map(|trace| {
            out.extend_from_slice(b",\"uid\":");
            write_str_at(out, trace, clean)
        });
        out.push(b'}');
        out.extend_from_slice(t.alb_cloud.get(get(f, 16), write_cloud));
        let client = get(f, 3).map(Endpoint::of);
        let hostname = get(f, 18).filter(|h| t.domain.is_hostname(h));
        let (ip, hostname_at) = write_observables(t, out, client.as_ref(), hostname, clean);

        out.extend_from_slice(b",\"unmapped\":{\"type\":");
        write_str_known(out, &f[0], clean);
        let mut first = false;
        write_named(
            out,
            &mut first,
            f,
            &[
                (5, b"\"request_processing_time\":"),
                (6, b"\"target_processing_time\":"),
                (7, b"\"response_processing_time\":"),
                (16, b"\"target_group_arn\":"),
                (19, b"\"chosen_cert_arn\":"),
                (20, b"\"matched_rule_priority\":"),
                (22, b"\"actions_executed\":"),
                (23, b"\"redirect_url\":"),
            ],
            clean,
        );
        write_rest(out, &mut first, f, 30, clean);
        out.push(b'}');

        self.request.write(out, clean, &mut t.authority);
        member(out, b"\"user_agent\":", get(f, 13), clean);
        if let Some(trace) = &trace {
            out.extend_from_slice(b",\"uid\":");
            out.extend_from_within(trace.clone());
        }
        let sent = write_response(out, code, latency(f, 5), Int::of(f, 11));
        write_client(out, client.as_ref(), ip.as_ref(), clean);
        // The load balancer is the destination (named `unknown` when it has no name).
        out.extend_from_slice(b",\"dst_endpoint\":{");
        let mut first = true;
        if let Some(at) = &hostname_at {
            key(out, &mut first, b"\"hostname\":");
            out.extend_from_within(at.clone());
        }
        let name = match get(f, 2) {
            Some(name) => {
                key(out, &mut first, b"\"name\":");
                Some(write_str_at(out, name, clean))
            }
            None if first => {
                out.extend_from_slice(b"\"name\":\"unknown\"");
                None
            }
            None => None,
        };
        out.push(b'}');
        out.extend_from_slice(INBOUND_TCP);
        member(out, b"\"uid\":", get(f, 29), clean);
        out.push(b'}');
        write_traffic(out, Int::of(f, 10), sent.map(Number::At));
        if let Some(version) = get(f, 15) {
            out.extend_from_slice(b",\"tls\":{\"version\":");
            write_str_known(out, version, clean);
            member(out, b"\"cipher\":", get(f, 14), clean);
            match &hostname_at {
                Some(at) => {
                    out.extend_from_slice(b",\"sni\":");
                    out.extend_from_within(at.clone());
                }
                None => member(out, b"\"sni\":", get(f, 18), clean),
            }
            out.push(b'}');
        }
        self.write_load_balancer(name, out, clean);
        write_end(t, raw, out);
    }

    /// `name` is where the load balancer's name was written already, if it has one.
    fn write_load_balancer(&self, name: Option<Range<usize>>, out: &mut Vec<u8>, clean: bool) {
        let f = self.f;
        out.extend_from_slice(b",\"load_balancer\":{");
        let mut first = true;
        if let Some(name) = name {
            key(out, &mut first, b"\"name\":");
            out.extend_from_within(name);
        }
        if let Some(classification) = get(f, 27) {
            key(out, &mut first, b"\"classification\":");
            write_str_known(out, classification, clean);
        }
        if let Some(code) = Int::of(f, 9) {
            key(out, &mut first, b"\"code\":");
            code.write_i32(out);
        }
        if let Some(detail) = get(f, 28) {
            key(out, &mut first, b"\"status_detail\":");
            write_str_known(out, detail, clean);
        }
        if let Some(error) = get(f, 24) {
            key(out, &mut first, b"\"error_message\":");
            write_str_known(out, error, clean);
        }
        if let Some(target) = get(f, 4) {
            key(out, &mut first, b"\"dst_endpoint\":");
            Endpoint::of(target).write(out, None, clean);
        }
        // The i-th code belongs to the i-th target (fewer codes: no code).
        if let (Some(targets), Some(codes)) = (get(f, 25), get(f, 26)) {
            key(out, &mut first, b"\"endpoint_connections\":[");
            let mut codes = split_spaces(codes);
            for (k, target) in split_spaces(targets).enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                out.push(b'{');
                // `c.parse::<i32>()`: its text when that is the number.
                let code = codes.next().and_then(|c| match Int::read(c) {
                    Some(int) if int.text.is_some() => Some(int),
                    _ => c.parse::<i32>().ok().map(|code| Int {
                        value: i64::from(code),
                        text: None,
                    }),
                });
                if let Some(code) = code {
                    out.extend_from_slice(b"\"code\":");
                    code.write_i32(out);
                    out.push(b',');
                }
                out.extend_from_slice(b"\"network_endpoint\":");
                Endpoint::of(target).write(out, None, clean);
                out.push(b'}');
            }
            out.push(b']');
        }
        out.push(b'}');
    }
}

/// A Classic Load Balancer line of the usual shape (see the module docs).
/// (`F`: the fields as the general cut holds them, `Cow`, or as [`super::plain::classic`]
/// cuts them, `&str`.)
pub(super) struct Classic<'f, F> {
    f: &'f [F],
    request: Request<'f>,
}

impl<'f, F: AsRef<str>> Classic<'f, F> {
    /// The line's template when it has the usual shape, else `None` (see [`Alb::of`]).
    /// `f` has at least the fields before the request, field 0 a valid time.
    pub(super) fn of(f: &'f [F]) -> Option<Classic<'f, F>> {
        Some(Classic {
            f,
            request: Request::of(f, 11)?,
        })
    }

    /// [`Classic::of`] of a line whose request [`super::plain::classic`] cut (`request`:
    /// where its two spaces are, when it has just two).
    pub(super) fn of_cut(f: &'f [F], request: Option<(usize, usize)>) -> Option<Classic<'f, F>> {
        let request = match request {
            Some(cut) => Request::of_cut(f.get(11)?.as_ref(), cut)?,
            None => Request::of(f, 11)?,
        };
        Some(Classic { f, request })
    }

    /// Append the event, byte for byte what `super::classic_typed` writes (`time` is
    /// field 0's).
    pub(super) fn write(&self, t: &mut Templates, time: i64, raw: Raw<'_>, out: &mut Vec<u8>) {
        // (A plain line's `raw_data` is written at the end straight from the line.)
        let clean = raw.plain.is_some() || t.escape_raw(raw);
        let f = self.f;
        out.extend_from_slice(&t.heads[self.request.activity]);
        t.write_time(time, out);
        let code = Int::of(f, 7);
        let status = match status_of(code.map(|c| c.value)) {
            None => 0,
            Some(Status::Success) => 1,
            Some(_) => 2,
        };
        out.extend_from_slice(&t.classic_status[status]);
        let client = get(f, 2).map(Endpoint::of);
        // The client's address (written again in `src_endpoint`): where it is, quoted.
        let ip = client.as_ref().filter(|c| c.is_ip).map(|client| {
            out.extend_from_slice(&t.observed_ip);
            let at = body(out, client.host, clean);
            out.extend_from_slice(b"\"}]");
            at.start - 1..at.end + 1
        });
        match (get(f, 4), get(f, 5), get(f, 6)) {
            // The usual three timings and no newer field.
            (Some(request), Some(backend), Some(response)) if f.len() <= 15 => {
                out.extend_from_slice(b",\"unmapped\":{\"request_processing_time\":\"");
                body(out, request, clean);
                out.extend_from_slice(b"\",\"backend_processing_time\":\"");
                body(out, backend, clean);
                out.extend_from_slice(b"\",\"response_processing_time\":\"");
                body(out, response, clean);
                out.extend_from_slice(b"\"}");
            }
            _ => write_unmapped(
                out,
                f,
                &[
                    (4, b"\"request_processing_time\":"),
                    (5, b"\"backend_processing_time\":"),
                    (6, b"\"response_processing_time\":"),
                ],
                15,
                clean,
            ),
        }

        self.write_request(out, clean, &mut t.authority);
        match get(f, 12) {
            Some(agent) => {
                out.extend_from_slice(b",\"user_agent\":\"");
                body(out, agent, clean);
                out.extend_from_slice(b"\"},\"http_response\":{\"code\":");
            }
            None => out.extend_from_slice(b"},\"http_response\":{\"code\":"),
        }
        // As `write_response` writes it, after its first piece. (The numbers written
        // twice are written again: cheaper than a copy.)
        match code {
            Some(code) => code.write_i32(out),
            None => out.push(b'0'),
        }
        if let Some(latency) = latency(f, 4) {
            out.extend_from_slice(b",\"latency\":");
            // Mostly a few milliseconds: one or two digits without `itoa`.
            match u8::try_from(latency) {
                Ok(ms @ 0..=9) => out.push(b'0' + ms),
                Ok(ms @ 10..=99) => out.extend_from_slice(&[b'0' + ms / 10, b'0' + ms % 10]),
                _ => latency.write_json(out),
            }
        }
        let sent = Int::of(f, 10);
        if let Some(length) = sent {
            out.extend_from_slice(b",\"length\":");
            length.write(out);
        }
        match code {
            // The same number as the response's code.
            Some(code) => {
                out.extend_from_slice(b"},\"http_status\":");
                code.write_i32(out);
            }
            None => out.push(b'}'),
        }
        out.extend_from_slice(b",\"src_endpoint\":");
        match &client {
            Some(client) => client.write_open(out, ip.as_ref(), clean),
            None => out.extend_from_slice(b"{\"name\":\"unknown\""),
        }
        let name = get(f, 1);
        match name {
            Some(name) => {
                out.extend_from_slice(b"},\"dst_endpoint\":{\"name\":\"");
                body(out, name, clean);
            }
            None => out.extend_from_slice(b"},\"dst_endpoint\":{\"name\":\"unknown"),
        }
        // The name's closing quote, `INBOUND_TCP` and the traffic (`write_traffic`).
        out.extend_from_slice(b"\"},\"connection_info\":{\"direction_id\":1,\"direction\":\"Inbound\",\"protocol_num\":6,\"protocol_name\":\"tcp\"},\"traffic\":{");
        let bytes_in = Int::of(f, 9);
        if let Some(n) = bytes_in {
            out.extend_from_slice(b"\"bytes_in\":");
            n.write(out);
        }
        if let Some(sent) = sent {
            match bytes_in {
                Some(_) => out.extend_from_slice(b",\"bytes_out\":"),
                None => out.extend_from_slice(b"\"bytes_out\":"),
            }
            sent.write(out);
        }
        out.push(b'}');
        if let Some(version) = get(f, 14) {
            out.extend_from_slice(b",\"tls\":{\"version\":\"");
            body(out, version, clean);
            match get(f, 13) {
                Some(cipher) => {
                    out.extend_from_slice(b"\",\"cipher\":\"");
                    body(out, cipher, clean);
                    out.extend_from_slice(b"\"}");
                }
                None => out.extend_from_slice(b"\"}"),
            }
        }
        let mut first = true;
        match name {
            Some(name) => {
                out.extend_from_slice(b",\"load_balancer\":{\"name\":\"");
                body(out, name, clean);
                out.push(b'"');
                first = false;
            }
            None => out.extend_from_slice(b",\"load_balancer\":{"),
        }
        if let Some(code) = Int::of(f, 8) {
            key(out, &mut first, b"\"code\":");
            code.write_i32(out);
        }
        match get(f, 3) {
            Some(backend) => {
                key(out, &mut first, b"\"dst_endpoint\":");
                Endpoint::of(backend).write_open(out, None, clean);
                out.extend_from_slice(b"}}");
            }
            None => out.push(b'}'),
        }
        match raw.plain {
            // A usual plain line's four quotes: the request's closing one and the user
            // agent's opening one are one space apart (`" "`), written as one piece.
            Some(&[q0, q1, q2, q3])
                if t.raw_data
                    && q2 == q1 + 2
                    && raw.text.as_bytes().get(q1 as usize + 1) == Some(&b' ') =>
            {
                let line = raw.text.as_bytes();
                let [q0, q1, q2, q3] = [q0, q1, q2, q3].map(|q| q as usize);
                out.extend_from_slice(b",\"raw_data\":\"");
                out.extend_from_slice(&line[..q0]);
                out.extend_from_slice(b"\\\"");
                out.extend_from_slice(&line[q0 + 1..q1]);
                out.extend_from_slice(b"\\\" \\\"");
                out.extend_from_slice(&line[q2 + 1..q3]);
                out.extend_from_slice(b"\\\"");
                out.extend_from_slice(&line[q3 + 1..]);
                out.extend_from_slice(b"\"}");
            }
            _ => write_end(t, raw, out),
        }
    }

    /// [`Request::write`], the pieces merged with the quotes around the values.
    fn write_request(&self, out: &mut Vec<u8>, clean: bool, authority: &mut Authority) {
        let request = &self.request;
        out.extend_from_slice(b",\"http_request\":{\"http_method\":\"");
        // (OCSF's methods: nothing to escape.)
        extend_small(out, request.method.as_bytes());
        out.extend_from_slice(b"\",\"url\":{\"url_string\":\"");
        body(out, request.url, clean);
        out.push(b'"');
        let url = UrlParts::of_with(request.url, |text| authority.parts(text));
        if let Some(scheme) = url.scheme {
            out.extend_from_slice(authority.members(scheme, &url));
        }
        out.extend_from_slice(b",\"path\":\"");
        // `/` when the URL has no path: clean, but not a part of the line.
        body(out, url.path, clean || url.path == "/");
        match url.query {
            Some(query) => {
                out.extend_from_slice(b"\",\"query_string\":\"");
                body(out, query, clean);
                out.extend_from_slice(b"\"}");
            }
            None => out.extend_from_slice(b"\"}"),
        }
        if let Some(version) = request.version {
            out.extend_from_slice(b",\"version\":\"");
            body(out, version, clean);
            out.push(b'"');
        }
    }
}

/// A Network Load Balancer (TLS listener) line: every one is usual.
pub(super) struct Nlb<'f, 'a> {
    f: &'f [Cow<'a, str>],
    time: i64,
}

impl<'f, 'a> Nlb<'f, 'a> {
    /// The line's template (`f` has at least the fields to the TLS alert, and `time` is
    /// field 2's); `Option` like [`Alb::of`], though no NLB line needs the typed event.
    pub(super) fn of(f: &'f [Cow<'a, str>], time: i64) -> Option<Nlb<'f, 'a>> {
        Some(Nlb { f, time })
    }

    /// Append the event, byte for byte what `super::nlb_typed` writes.
    pub(super) fn write(&self, t: &mut Templates, raw: Raw<'_>, out: &mut Vec<u8>) {
        let clean = raw.plain.is_some() || t.escape_raw(raw);
        let (f, time) = (self.f, self.time);
        let alert = get(f, 11);
        let handshake = Int::of(f, 8);
        // A TLS alert from the client without a finished handshake: the connection failed.
        let failed = alert.is_some() && handshake.is_none();
        out.extend_from_slice(if failed {
            &t.nlb_heads[0]
        } else {
            &t.nlb_heads[1]
        });
        let time = write_at(out, |out| time.write_json(out));
        if let Some(start) = get(f, 21).and_then(|start| t.clock.parse(start)) {
            out.extend_from_slice(b",\"start_time\":");
            start.write_json(out);
        }
        out.extend_from_slice(b",\"end_time\":");
        out.extend_from_within(time);
        if let Some(duration) = Int::of(f, 7) {
            out.extend_from_slice(b",\"duration\":");
            duration.write(out);
        }
        match alert.filter(|_| failed) {
            Some(alert) => {
                out.extend_from_slice(&t.failure);
                out.extend_from_slice(b",\"status_detail\":");
                write_str(out, &format!("TLS alert {alert}"));
            }
            None => out.extend_from_slice(&t.success),
        }
        out.extend_from_slice(t.nlb_metadata.get(get(f, 1), |version, out| {
            write_metadata(
                out,
                product("Network Load Balancer", version.map(Cow::Borrowed)),
            );
            out.push(b'}');
        }));
        out.extend_from_slice(t.nlb_cloud.get(get(f, 12), write_cloud));
        let client = get(f, 5).map(Endpoint::of);
        let (ip, _) = write_observables(t, out, client.as_ref(), None, clean);

        // The fields without an OCSF home (the others are mapped below).
        write_unmapped(
            out,
            f,
            &[
                (11, b"\"incoming_tls_alert\":"),
                (12, b"\"chosen_cert_arn\":"),
                (13, b"\"chosen_cert_serial\":"),
                (16, b"\"tls_named_group\":"),
                (19, b"\"alpn_be_protocol\":"),
                (20, b"\"alpn_client_preference_list\":"),
            ],
            22,
            clean,
        );

        write_client(out, client.as_ref(), ip.as_ref(), clean);
        // The client's destination: an address, its host name; named by the address
        // that is not one, else the load balancer's name, else `unknown`.
        let target = get(f, 6).map(Endpoint::of);
        let hostname = get(f, 17).filter(|h| t.domain.is_hostname(h));
        out.extend_from_slice(b",\"dst_endpoint\":{");
        let mut first = true;
        if let Some(ip) = target.as_ref().filter(|e| e.is_ip) {
            key(out, &mut first, b"\"ip\":");
            write_str_known(out, ip.host, clean);
        }
        if let Some(target) = target.as_ref().filter(|e| e.port.is_some()) {
            key(out, &mut first, b"\"port\":");
            target.write_port(out);
        }
        if let Some(hostname) = hostname {
            key(out, &mut first, b"\"hostname\":");
            write_str_known(out, hostname, clean);
        }
        let name = match &target {
            Some(e) if !e.is_ip => Some(e.host),
            Some(_) => None,
            None if hostname.is_none() => Some(get(f, 3).unwrap_or("unknown")),
            None => None,
        };
        if let Some(name) = name {
            key(out, &mut first, b"\"name\":");
            write_str_known(out, name, clean);
        }
        out.push(b'}');
        out.extend_from_slice(INBOUND_TCP);
        out.push(b'}');
        write_traffic(out, Int::of(f, 9), Int::of(f, 10).map(Number::Value));
        // `tls.version` is required: no tls object without a negotiated protocol.
        if let Some(version) = get(f, 15) {
            out.extend_from_slice(b",\"tls\":{\"version\":");
            write_str_known(out, version, clean);
            member(out, b"\"cipher\":", get(f, 14), clean);
            member(out, b"\"sni\":", get(f, 17), clean);
            if let Some(handshake) = handshake {
                out.extend_from_slice(b",\"handshake_dur\":");
                handshake.write(out);
            }
            out.push(b'}');
        }
        member(out, b"\"app_name\":", get(f, 18), clean);
        out.extend_from_slice(b",\"load_balancer\":{");
        let mut first = true;
        if let Some(name) = get(f, 3) {
            key(out, &mut first, b"\"name\":");
            write_str_known(out, name, clean);
        }
        if let Some(uid) = get(f, 4) {
            key(out, &mut first, b"\"uid\":");
            write_str_known(out, uid, clean);
        }
        out.push(b'}');
        write_end(t, raw, out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{alb_typed, classic_typed, cut, nlb_typed, split, Raw, Spare};
    use super::*;
    use crate::delimiters::Delimiters;
    use crate::out::typed_bytes;
    use crate::{Options, Source};

    /// The event of `line` (an ALB line, else a Classic one) from its template, or
    /// `None` when the line is not usual; and the typed event's bytes.
    fn both(line: &str, raw_data: bool) -> (Option<Vec<u8>>, Vec<u8>) {
        both_with(&mut Templates::new(raw_data), line)
    }

    /// [`both`] with the templates of a file whose earlier lines `t` has written.
    /// (The line is cut as `super::super::normalize` cuts it: from its delimiters when it
    /// is plain, see [`plain_cut`].)
    fn both_with(t: &mut Templates, line: &str) -> (Option<Vec<u8>>, Vec<u8>) {
        let raw_data = t.raw_data;
        let mut d = Delimiters::default();
        let ascii = d.ascii_up_to(line.as_bytes(), usize::MAX);
        let mut f = Vec::new();
        let raw = cut(line.as_bytes(), line, ascii.map(|a| (a, &d)), &mut f);
        let first = f.first().map(|t| t.as_ref());
        let alb = first.is_some_and(|t| !t.starts_with(|c: char| c.is_ascii_digit()));
        let mut template = Vec::new();
        let opts = Options { raw_data };
        let spare = &mut Spare::default();
        let (taken, typed) = if first == Some("tls") {
            assert!(f.len() >= super::super::NLB_MIN_FIELDS, "{line}");
            let time = parse_rfc3339_ms(&f[2]).expect("an NLB test line has a time");
            let typed = typed_bytes(Source::Nlb, &opts, |o| nlb_typed(raw, &f, time, spare, o));
            (
                Nlb::of(&f, time).map(|u| u.write(t, raw, &mut template)),
                typed,
            )
        } else if alb {
            assert!(f.len() >= super::super::ALB_MIN_FIELDS, "{line}");
            let time = parse_rfc3339_ms(&f[1]).expect("an ALB test line has a time");
            let typed = typed_bytes(Source::Alb, &opts, |o| alb_typed(raw, &f, time, spare, o));
            (
                Alb::of(&f, time).map(|u| u.write(t, raw, &mut template)),
                typed,
            )
        } else {
            assert!(f.len() >= super::super::CLASSIC_MIN_FIELDS, "{line}");
            let time = parse_rfc3339_ms(&f[0]).unwrap_or(0);
            let typed = typed_bytes(Source::Elb, &opts, |o| {
                classic_typed(raw, &f, time, spare, o)
            });
            (
                Classic::of(&f).map(|u| u.write(t, time, raw, &mut template)),
                typed,
            )
        };
        (taken.map(|()| template), typed)
    }

    /// Whether the line is cut from its delimiters (plain, and each quote opens or closes
    /// a field), as `super::super::normalize` would.
    fn plain_cut(line: &str) -> bool {
        let mut d = Delimiters::default();
        let ascii = d.ascii_up_to(line.as_bytes(), usize::MAX);
        let raw = cut(
            line.as_bytes(),
            line,
            ascii.map(|a| (a, &d)),
            &mut Vec::new(),
        );
        raw.plain.is_some()
    }

    /// Each usual line, with and without `raw_data`: it is plain and cut from its
    /// delimiters, the template takes it, and writes the typed event's bytes.
    fn assert_usual(lines: &[&str]) {
        for line in lines {
            assert!(plain_cut(line), "not cut from its delimiters: {line}");
        }
        assert_template(lines);
    }

    /// [`assert_usual`] of lines that are not plain, or have a quote inside a field:
    /// they are cut by `split` as before, and the template still writes the typed
    /// event's bytes.
    fn assert_usual_not_plain(lines: &[&str]) {
        for line in lines {
            assert!(!plain_cut(line), "cut from its delimiters: {line}");
        }
        assert_template(lines);
    }

    /// Each line, with and without `raw_data`: the template takes it, and writes the
    /// typed event's bytes.
    fn assert_template(lines: &[&str]) {
        for line in lines {
            for raw_data in [true, false] {
                let (template, typed) = both(line, raw_data);
                let Some(template) = template else {
                    panic!("not taken as usual: {line}");
                };
                assert!(
                    template == typed,
                    "template and typed event differ for {line}:\n{}\n{}",
                    String::from_utf8_lossy(&template),
                    String::from_utf8_lossy(&typed)
                );
            }
        }
    }

    /// The usual ALB line of `gen`, with field `i` replaced by `value` for each pair.
    fn alb_with(changes: &[(usize, &str)]) -> String {
        const LINE: &str = r#"h2 2024-01-01T00:00:00.123456Z app/sds-alb/50dc6c495c0c9188 144.160.134.26:25254 10.0.3.52:80 0.000 0.311 0.000 404 502 1522 574 "GET https://shop.example.com:443/login?next=%2F HTTP/1.1" "Mozilla/5.0 (X11; Linux x86_64)" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/sds-tg/73e2d6bc24d8a067 "Root=1-11d474b5-9f7bf0c211aad3c73fc9e917" "shop.example.com" "arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012" 0 2024-01-01T00:00:00.120000Z "forward" "-" "-" "10.0.1.171:80" "200" "-" "-" TID_27a587b137864f658602f53071260f09"#;
        let mut f = Vec::new();
        split(LINE, &mut f);
        let mut f: Vec<String> = f.into_iter().map(|v| v.into_owned()).collect();
        // Quoted fields stay quoted (ALB quotes these positions).
        let quoted = [12, 13, 17, 18, 19, 22, 23, 24, 25, 26, 27, 28];
        for (i, v) in f.iter_mut().enumerate() {
            if quoted.contains(&i) {
                *v = format!("\"{v}\"");
            }
        }
        for &(i, value) in changes {
            if i < f.len() {
                f[i] = value.to_string();
            } else {
                f.push(value.to_string());
            }
        }
        f.join(" ")
    }

    #[test]
    fn usual_alb_lines_take_the_template_and_equal_the_typed_event() {
        let lines: Vec<String> = vec![
            alb_with(&[]),
            // Each method of OCSF, and each request type.
            alb_with(&[
                (0, "http"),
                (12, r#""POST http://shop.example.com:80/cart HTTP/1.1""#),
            ]),
            alb_with(&[
                (0, "https"),
                (12, r#""PUT https://shop.example.com:443/a HTTP/2.0""#),
            ]),
            alb_with(&[
                (0, "ws"),
                (12, r#""DELETE http://10.0.0.30:80/socket HTTP/1.1""#),
            ]),
            alb_with(&[
                (0, "wss"),
                (12, r#""HEAD https://shop.example.com:443/ HTTP/1.1""#),
            ]),
            alb_with(&[
                (0, "grpcs"),
                (
                    12,
                    r#""OPTIONS https://grpc.example.com:443/shop.Cart/Add HTTP/2.0""#,
                ),
            ]),
            alb_with(&[(12, r#""TRACE https://shop.example.com:443/t HTTP/1.1""#)]),
            alb_with(&[(12, r#""CONNECT shop.example.com:443 HTTP/1.1""#)]),
            // URLs: no path, an empty query, an IPv6 literal, no port, no scheme, odd
            // protocol, a port too big.
            alb_with(&[(12, r#""GET https://shop.example.com HTTP/1.1""#)]),
            alb_with(&[(12, r#""GET https://shop.example.com:443/p? HTTP/1.1""#)]),
            alb_with(&[(12, r#""GET https://[2001:db8::1]:443/v6 HTTP/1.1""#)]),
            alb_with(&[(12, r#""GET https://shop.example.com/x?a=1&b=2 HTTP/1.1""#)]),
            alb_with(&[(12, r#""GET /relative?x HTTP/1.1""#)]),
            alb_with(&[(12, r#""GET https://shop.example.com:443/a - ""#)]),
            alb_with(&[(
                12,
                r#""GET https://shop.example.com:99999999999/ HTTP/1.1""#,
            )]),
            // Clients: IPv6, no port, none, a name; targets: IPv6, a Lambda (none), a name.
            alb_with(&[
                (3, "[2001:db8:1::10]:443"),
                (4, "[2001:db8:2::20]:8443"),
                (25, r#""[2001:db8:2::20]:8443""#),
            ]),
            alb_with(&[
                (3, "198.51.100.7"),
                (4, "-"),
                (25, r#""-""#),
                (26, r#""-""#),
            ]),
            alb_with(&[(3, "-")]),
            alb_with(&[(3, "client.example:1")]),
            alb_with(&[
                (4, "target.internal:8080"),
                (25, r#""target.internal:8080""#),
            ]),
            // Several targets, fewer codes than targets, a code that is not a number.
            alb_with(&[(25, r#""10.0.0.1:80 10.0.0.2:80""#), (26, r#""200 503""#)]),
            alb_with(&[
                (25, r#""10.0.0.1:80 10.0.0.2:80 10.0.0.3:80""#),
                (26, r#""200""#),
            ]),
            alb_with(&[(26, r#""x""#)]),
            // Codes that are no JSON number as written: a sign, a leading zero, too big
            // for `i32`, negative.
            alb_with(&[
                (
                    25,
                    r#""10.0.0.1:80 10.0.0.2:80 10.0.0.3:80 10.0.0.4:80 10.0.0.5:80""#,
                ),
                (26, r#""+200 0200 2147483648 -1 999999999""#),
            ]),
            // Codes: absent, below 100, success, failure; timings -1 (no latency).
            alb_with(&[(8, "-"), (9, "-")]),
            alb_with(&[(8, "42")]),
            alb_with(&[(8, "301"), (9, "301")]),
            alb_with(&[(5, "-1"), (6, "-1"), (7, "-1"), (8, "460"), (9, "-")]),
            alb_with(&[(5, "0.0005"), (6, "1e3")]),
            // No TLS, TLS without a cipher, no domain, a domain that is an address (not
            // a host name: sni only), no trace, no target group.
            alb_with(&[(14, "-"), (15, "-"), (18, r#""-""#), (19, r#""-""#)]),
            alb_with(&[(14, "-")]),
            alb_with(&[(18, r#""-""#)]),
            alb_with(&[(18, r#""10.0.0.1""#)]),
            alb_with(&[(17, r#""-""#), (16, "-")]),
            alb_with(&[(
                16,
                "arn:aws:elasticloadbalancing:eu-west-1:444455556666:targetgroup/b/1",
            )]),
            alb_with(&[(16, "not-an-arn")]),
            // No load balancer name (the destination is then its host name, or unknown).
            alb_with(&[(2, "-")]),
            alb_with(&[(2, "-"), (18, r#""-""#)]),
            // Error, classification and redirect; no connection id; no bytes.
            alb_with(&[
                (24, r#""LambdaInvalidResponse""#),
                (27, r#""Ambiguous""#),
                (28, r#""UndefinedContentLengthSemantics""#),
            ]),
            alb_with(&[
                (23, r#""https://new.example.com:443/home""#),
                (22, r#""redirect""#),
            ]),
            alb_with(&[(29, "-")]),
            alb_with(&[(10, "-"), (11, "-")]),
            alb_with(&[(13, r#""""#)]),
            // DEL is plain (JSON does not escape it).
            alb_with(&[(13, "\"agent\u{7f}\"")]),
            // Newer fields after the 30th, some empty or `-`.
            alb_with(&[
                (30, r#""transformed.example.com""#),
                (31, r#""-""#),
                (32, r#""/new?x=1""#),
            ]),
        ];
        let mut lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        // Older formats: up to the trace id, and up to the request only.
        let old = r#"http 2016-08-10T22:08:42.945958Z app/shop-alb/50dc6c495c0c9188 192.0.2.40:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354""#;
        let oldest = r#"http 2016-08-10T22:08:43.000000Z app/shop-alb/50dc6c495c0c9188 192.0.2.41:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1""#;
        // Spaces around the line (trimmed before it is cut; `raw_data` keeps them).
        let spaced = format!("  {}   ", alb_with(&[]));
        lines.extend([old, oldest, &spaced]);
        assert_usual(&lines);
    }

    #[test]
    fn usual_lines_that_are_not_plain_are_cut_by_split_and_equal_the_typed_event() {
        let alb = [
            // A URL with escapes and unicode; a user agent with escaped quotes and
            // backslashes, and unicode; a tab, a control byte, a lone CR.
            alb_with(&[(
                12,
                r#""GET https://shop.example.com:443/caf%C3%A9/é?q=\"x\" HTTP/1.1""#,
            )]),
            alb_with(&[(13, r#""Mozilla/5.0 \"quoted\" \\ agent ü""#)]),
            alb_with(&[(13, "\"Mozilla/5.0\t(X11)\"")]),
            alb_with(&[(13, "\"a\u{1}b\"")]),
            alb_with(&[(13, "\"a\rb\"")]),
            alb_with(&[(2, "app/caf\u{e9}/1")]),
            alb_with(&[(29, "TID_1\u{7f}\u{80}")]),
            // A backslash as the last byte, in an unquoted field.
            alb_with(&[(29, "TID_1\\")]),
            // Quotes inside fields: an unquoted one, after a quoted one.
            alb_with(&[(14, r#"ECDHE"x"#)]),
            alb_with(&[(23, r#""https://h/"x"#)]),
            // Not valid UTF-8 where it was read: the decoded text is what is written.
            "http 2024-03-01T10:00:12.000000Z app/shop-alb/50dc6c495c0c9188 198.51.100.15:1 - 0.000 0.001 0.000 200 200 1 1 \"GET http://shop.example.com:80/caf\u{fffd} HTTP/1.1\" \"agent \u{fffd}\u{fffd}\" - - - \"-\" \"-\" \"-\" 0 2024-03-01T10:00:12.000000Z \"forward\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" -".to_owned(),
        ];
        let mut lines: Vec<&str> = alb.iter().map(String::as_str).collect();
        lines.extend([
            // Classic: escaped quotes, a tab.
            r#"2024-03-01T12:00:06Z e 2001:db8::9 10.0.0.2:80 0.1 0.2 0.3 302 302 1 2 "DELETE http://h:80/\"q\" HTTP/1.1" "a \"b\"" - TLSv1.3 extra"#,
            "2024-03-01T12:00:06Z e 192.0.2.9:1 10.0.0.2:80 0.1 0.2 0.3 302 302 1 2 \"GET http://h/ HTTP/1.1\" \"a\tb\" - -",
            // NLB: the ALPN client preference list, quotes inside a field.
            "tls 2.0 2024-03-01T11:00:01 net/api-nlb/c6e77e28c25b2234 g3d4b5e8bb8464cd [2001:db8::77]:51342 10.0.3.15:443 20 3 200 1000 - arn:aws:acm:eu-west-1:111122223333:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-GCM-SHA256 tlsv13 x25519 api.example.com h2 h2 \"h2\",\"http/1.1\" 2024-03-01T10:59:41",
        ]);
        assert_usual_not_plain(&lines);
    }

    #[test]
    fn usual_classic_lines_take_the_template_and_equal_the_typed_event() {
        assert_usual(&[
            r#"2024-03-01T12:00:00.000073Z legacy-elb 192.0.2.50:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/search?q=a%20b HTTP/1.1" "curl/7.38.0" - -"#,
            r#"2024-03-01T12:00:01.000086Z legacy-elb 192.0.2.51:2818 10.0.0.1:80 0.000086 0.001048 0.001337 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "Mozilla/5.0 #fragment-like" DHE-RSA-AES128-SHA TLSv1.2"#,
            // No backend (timings -1, no backend code), a failure, IPv6 client.
            r#"2024-03-01T12:00:04.865823Z legacy-elb [2001:db8::5]:55128 - -1 -1 -1 408 - 1294336 0 "PUT https://media.example.com:443/videos/upload HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2"#,
            // No name, no client, no codes, no user agent field at all (11 fields... plus
            // the request), nothing unmapped.
            r#"2024-03-01T12:00:05Z - - 10.0.0.1:80 - - - - - - - "POST http://h/ HTTP/1.0""#,
            // TLS without a cipher, quotes around nothing, a newer field, a bare IPv6
            // client.
            r#"2024-03-01T12:00:06Z e 2001:db8::9 10.0.0.2:80 0.1 0.2 0.3 302 302 1 2 "DELETE http://h:80/q HTTP/1.1" "" - TLSv1.3 extra"#,
            // Timings too big to add up: no latency.
            r#"2024-03-01T12:00:00Z e 192.0.2.9:1 10.0.0.3:80 1e300 1e300 0 200 200 0 0 "GET http://h/ HTTP/1.1" "-" - -"#,
            // An invalid time (written as 0 by the typed event too).
            r#"2024-03-01T12:00:07.000000Z e 192.0.2.9:1 10.0.0.3:80 0.000 0.000 0.000 200 200 0 0 "HEAD http://h/ HTTP/1.1" "-" - -"#,
        ]);
        // Latencies of one, two and three digits and more (written without `itoa` below
        // 100 ms).
        for timings in [
            "0.000 0.009 0.000",
            "0.000 0.010 0.000",
            "0.049 0.050 0.000",
            "0.049 0.050 0.001",
            "0.100 0.155 0.000",
            "0.100 0.156 0.000",
            "1.000 2.000 3.000",
            "0.000 0.000 0.0004",
        ] {
            assert_usual(&[&format!(
                r#"2024-03-01T12:00:00Z e 192.0.2.9:1 10.0.0.3:80 {timings} 200 200 0 0 "GET http://h/ HTTP/1.1" "-" - -"#
            )]);
        }
    }

    #[test]
    fn nlb_lines_take_the_template_and_equal_the_typed_event() {
        assert_usual(&[
            // The documented format, a handshake that failed with an alert, and the
            // ALPN fields (the client's list quoted: in the test of lines not plain).
            "tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com - - - 2018-12-20T02:59:30",
            "tls 2.0 2024-03-01T11:00:01 net/api-nlb/c6e77e28c25b2234 g3d4b5e8bb8464cd [2001:db8::77]:51342 10.0.3.15:443 20 3 200 1000 - arn:aws:acm:eu-west-1:111122223333:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-GCM-SHA256 tlsv13 x25519 api.example.com h2 h2 - 2024-03-01T10:59:41",
            "tls 2.0 2024-03-01T11:00:02 net/api-nlb/c6e77e28c25b2234 g3d4b5e8bb8464cd 198.51.100.99:40000 10.0.3.15:443 1 - 50 0 46 arn:aws:acm:eu-west-1:111122223333:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - - - - - - - - 2024-03-01T11:00:01",
            // An alert after a finished handshake (traffic, not a failure), a serial.
            "tls 2.0 2024-03-01T11:00:03 net/a/1 l 198.51.100.1:1 10.0.3.15:443 1 4 50 0 90 arn:aws:acm:eu-west-1:111122223333:certificate/x 0123 c tlsv12 g - - - - 2024-03-01T11:00:01",
            // The shortest line: no certificate, no TLS, nothing unmapped; no log version.
            "tls - 2024-03-01T11:00:04 net/a/1 l 1.2.3.4:1 5.6.7.8:2 1 1 1 1 -",
            // Destinations: a name, none (then the host name, the load balancer's name or
            // unknown), an IPv6 address without a port; a client that is a name.
            "tls 2.0 2024-03-01T11:00:05 net/a/1 l 1.2.3.4:1 backend.internal:443 1 1 1 1 -",
            "tls 2.0 2024-03-01T11:00:06 net/a/1 l 1.2.3.4:1 - 1 1 1 1 - - - c tlsv12 - api.example.com",
            "tls 2.0 2024-03-01T11:00:07 net/a/1 l 1.2.3.4:1 - 1 1 1 1 - - - c tlsv12 - -",
            "tls 2.0 2024-03-01T11:00:08 - - 1.2.3.4:1 - 1 1 1 1 -",
            "tls 2.0 2024-03-01T11:00:09 net/a/1 l client.example:1 2001:db8::1 1 1 1 1 -",
            "tls 2.0 2024-03-01T11:00:10 net/a/1 l - - - - - - -",
            // A domain that is not a host name (sni only), a bad start time, newer
            // fields, a certificate ARN that is not one.
            "tls 2.0 2024-03-01T11:00:11 net/a/1 l 1.2.3.4:1 5.6.7.8:2 1 1 1 1 - not-an-arn - c tlsv12 - 10.0.0.1 - - - bad-time new-a - new-c",
            // The generator's shape (no listener id: every field after it one to the left).
            "tls 2.0 2024-01-01T00:00:00 net/sds-nlb/7a9ad0303c22b264 144.160.134.26:25254 10.0.0.152:443 352 0 25715 3 - arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012 - ECDHE-RSA-AES128-SHA tlsv12 - shop.example.com - - - 2024-01-01T00:00:01",
        ]);
    }

    #[test]
    fn what_a_file_keeps_from_line_to_line_never_goes_stale() {
        // The values kept while they repeat (the cloud of an ARN, the NLB's product, a
        // URL's authority, whether the domain is a host name) change from line to line
        // here, back and forth, in one file.
        let lines = [
            alb_with(&[]),
            alb_with(&[(12, r#""GET https://other.example.org:8443/x HTTP/1.1""#)]),
            alb_with(&[(16, "arn:aws:elasticloadbalancing:eu-west-1:444455556666:targetgroup/b/1")]),
            alb_with(&[(12, r#""GET https://[2001:db8::1]:443/v6 HTTP/1.1""#), (16, "-")]),
            alb_with(&[(12, r#""GET https://shop.example.com:444/p HTTP/1.1""#)]),
            alb_with(&[(12, r#""GET https://shop.example.com/p HTTP/1.1""#)]),
            // The same authority with another scheme, and a URL without one.
            alb_with(&[(12, r#""GET http://shop.example.com/p HTTP/1.1""#)]),
            alb_with(&[(12, r#""GET /p HTTP/1.1""#)]),
            alb_with(&[(12, r#""GET https://shop.example.com/p HTTP/1.1""#)]),
            // The domain: not a host name, another one, none, the first again.
            alb_with(&[(18, r#""10.0.0.1""#)]),
            alb_with(&[(18, r#""other.example.org""#)]),
            alb_with(&[(18, r#""-""#)]),
            alb_with(&[(18, r#""10.0.0.1""#)]),
            alb_with(&[]),
            r#"2024-03-01T12:00:00.000073Z legacy-elb 192.0.2.50:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/search?q=a%20b HTTP/1.1" "curl/7.38.0" - -"#.to_owned(),
            r#"2024-03-01T12:00:00.000073Z legacy-elb 192.0.2.50:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com/ HTTP/1.1" "curl/7.38.0" - -"#.to_owned(),
            "tls 2.0 2024-03-01T11:00:00 net/a/1 l 1.2.3.4:1 5.6.7.8:2 1 1 1 1 - arn:aws:acm:eu-west-1:111122223333:certificate/x".to_owned(),
            "tls 1.0 2024-03-01T11:00:00 net/a/1 l 1.2.3.4:1 5.6.7.8:2 1 1 1 1 - arn:aws:acm:us-east-2:999988887777:certificate/y".to_owned(),
            "tls - 2024-03-01T11:00:00 net/a/1 l 1.2.3.4:1 5.6.7.8:2 1 1 1 1 - -".to_owned(),
            "tls 2.0 2024-03-01T11:00:00 net/a/1 l 1.2.3.4:1 5.6.7.8:2 1 1 1 1 - - - c tlsv12 - api.example.com".to_owned(),
            "tls 2.0 2024-03-01T11:00:00 net/a/1 l 1.2.3.4:1 5.6.7.8:2 1 1 1 1 - - - c tlsv12 - 10.0.0.1".to_owned(),
            "tls 2.0 2024-03-01T11:00:00 net/a/1 l 1.2.3.4:1 5.6.7.8:2 1 1 1 1 - arn:aws:acm:eu-west-1:111122223333:certificate/x".to_owned(),
        ];
        for raw_data in [true, false] {
            let mut t = Templates::new(raw_data);
            for line in lines.iter().chain(lines.iter().rev()) {
                let (template, typed) = both_with(&mut t, line);
                let template = template.expect("a usual line");
                assert!(
                    template == typed,
                    "template and typed event differ for {line}:\n{}\n{}",
                    String::from_utf8_lossy(&template),
                    String::from_utf8_lossy(&typed)
                );
            }
        }
    }

    #[test]
    fn endpoints_numbers_and_spaced_lists_are_read_as_before() {
        let mut cases: Vec<String> = [
            "1.2.3.4:80",
            "10.0.1.171:80",
            "255.255.255.255:65535",
            "256.1.1.1:80",
            "01.2.3.4:80",
            "0.0.0.0:0",
            "1.2.3.4:0080",
            "1.2.3.4:+80",
            "1.2.3.4:-1",
            "1.2.3.4:",
            "1.2.3.4",
            "1.2.3.4:999999999",
            "1.2.3.4:4294967295",
            "1.2.3.4:4294967296",
            "1.2.3.4:1:2",
            "1.2.3:4",
            "1.2.3.4.5:6",
            "1.2.3.1000:1",
            "1.2.3.4 :1",
            "[::1]:80",
            "::1",
            "host:80",
            "",
            ":",
            "-",
        ]
        .map(String::from)
        .to_vec();
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..50_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = 1 + x as usize % 20;
            cases.push(
                (0..len)
                    .map(|k| {
                        b"0123456789.:25[]a+"[((x >> (k % 16 * 4)) as usize + k / 16) % 18] as char
                    })
                    .collect(),
            );
            cases.push(format!(
                "{}.{}.{}.{}:{}",
                x % 300,
                (x >> 9) % 260,
                (x >> 18) % 256,
                (x >> 27) % 1000,
                (x >> 40) % 100_000
            ));
        }
        for case in &cases {
            let (fast, slow) = (Endpoint::of(case), Endpoint::read(case));
            assert_eq!(
                (fast.host, fast.port, fast.is_ip),
                (slow.host, slow.port, slow.is_ip),
                "{case:?}"
            );
            let (mut fast_port, mut slow_port) = (Vec::new(), Vec::new());
            fast.write_port(&mut fast_port);
            slow.write_port(&mut slow_port);
            assert_eq!(fast_port, slow_port, "{case:?}");
        }
        // Numbers: read as `parse_i64`, written as the typed event writes the value.
        let mut numbers: Vec<String> = [
            "0",
            "00",
            "01",
            "-0",
            "-1",
            "+1",
            "1",
            "200",
            "999999999",
            "1000000000",
            "2147483648",
            "4294967296",
            "9223372036854775807",
            "9223372036854775808",
            "",
            "1a",
            "a1",
            " 1",
            "1.5",
            "-",
            "0x1",
            // Three characters (a status code's shape).
            "2a0",
            "20a",
            "a00",
            "099",
            "100",
            "999",
            "-12",
            "+12",
            " 12",
            "12 ",
            "1:0",
        ]
        .map(String::from)
        .to_vec();
        numbers.extend(cases.iter().map(|c| c.replace(['.', ':'], "")));
        numbers.extend((0..1200).map(|n| n.to_string()));
        numbers.extend((0..100).map(|n| format!("{n:03}")));
        for case in &numbers {
            let int = Int::read(case);
            assert_eq!(int.map(|i| i.value), parse_i64(case), "{case:?}");
            if let Some(int) = int {
                let (mut got, mut want) = (Vec::new(), Vec::new());
                int.write(&mut got);
                int.value.write_json(&mut want);
                assert_eq!(got, want, "{case:?}");
                let (mut got, mut want) = (Vec::new(), Vec::new());
                int.write_i32(&mut got);
                (int.value as i32).write_json(&mut want);
                assert_eq!(got, want, "{case:?}");
            }
        }
        for s in [
            "",
            " ",
            "a",
            "a b",
            " a",
            "a ",
            "a  b",
            "10.0.0.1:80 10.0.0.2:80",
        ] {
            assert_eq!(
                split_spaces(s).collect::<Vec<_>>(),
                s.split(' ').collect::<Vec<_>>(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn the_clock_reads_times_as_parse_rfc3339_ms() {
        let mut cases: Vec<String> = [
            "2024-03-01T10:00:00.123456Z",
            "2024-03-01T10:59:60.999Z",
            "2024-03-01T10:60:00Z",
            "2024-03-01T10:00:61Z",
            "2024-03-01T10:05:07",
            "2024-03-01T10:05:07z",
            "2024-03-01t10:05:07Z",
            "2024-03-01 10:05:07Z",
            "2024-03-01T10:05:07.Z",
            "2024-03-01T10:05:07.1",
            "2024-03-01T10:05:07.12x",
            "2024-03-01T10:05:07+01:00",
            "2024-03-01T10:05:07.5-0130",
            "2024-02-30T10:05:07Z",
            "2024-03-01T24:05:07Z",
            "2024-03-01T10:0a:07Z",
            "2024-03-01T10:05",
            "",
            "2024-03-01T10:05:07ZZ",
            "2024-03-01T10:05:07.0000000001Z",
        ]
        .map(String::from)
        .to_vec();
        // Times in a few hours (of dates around the end of a leap February, 2024-02-30
        // not one), in and out of order, some with a byte changed or cut short.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..20_000 {
            let r = next();
            let mut time = format!(
                "2024-0{}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
                2 + r % 2,
                28 + (r >> 4) % 3,
                (r >> 10) % 3,
                (r >> 14) % 60,
                (r >> 20) % 61,
                (r >> 28) % 1_000_000
            )
            .into_bytes();
            if r >> 50 & 3 == 0 {
                let at = (r >> 40) as usize % time.len();
                time[at] = b"0123456789:.Z-+Tz "[(r >> 54) as usize % 18];
            }
            if r >> 60 & 3 == 0 {
                time.truncate(19 + (r >> 56) as usize % 5);
            }
            cases.push(String::from_utf8(time).expect("ASCII"));
        }
        let mut clock = Clock::default();
        for case in cases.iter().chain(cases.iter().rev()) {
            assert_eq!(clock.parse(case), parse_rfc3339_ms(case), "{case:?}");
        }
    }

    /// Whether a line's fields are taken as clean (written without escaping).
    /// (Cut by `split`, as a line that is not plain is.)
    fn clean(line: &str) -> bool {
        let mut f = Vec::new();
        let quotes = split(line.trim(), &mut f);
        let raw = Raw {
            bytes: line.as_bytes(),
            text: line,
            quotes,
            plain: None,
        };
        Templates::new(true).escape_raw(raw)
    }

    #[test]
    fn fields_are_clean_only_when_escaping_added_just_their_quotes() {
        assert!(clean(&alb_with(&[])));
        assert!(clean(&alb_with(&[(13, r#""""#), (29, r#""-""#)])));
        // An unterminated last field: its one quote is all there is.
        assert!(clean(&alb_with(&[(29, r#""TID_1"#)])));
        assert!(!Templates::new(false).escape_raw(Raw {
            bytes: b"",
            text: "",
            quotes: 0,
            plain: None,
        }));
        // A plain line cut from its delimiters is known clean, with or without `raw_data`;
        // an unterminated last field is cut so too.
        for raw_data in [true, false] {
            let line = alb_with(&[]);
            let mut d = Delimiters::default();
            let ascii = d.ascii_up_to(line.as_bytes(), usize::MAX).expect("plain");
            let raw = cut(line.as_bytes(), &line, Some((ascii, &d)), &mut Vec::new());
            assert!(raw.plain.is_some() && Templates::new(raw_data).escape_raw(raw));
        }
        assert_usual(&[&alb_with(&[(29, r#""TID_1"#)])]);
        for line in [
            // A quote inside an unquoted field, or inside a quoted one (escaped).
            alb_with(&[(14, r#"ECDHE"x"#)]),
            alb_with(&[(13, r#""a \"b\" c""#)]),
            // A backslash (escaped, or the line's last byte), a tab, a control byte.
            alb_with(&[(13, r#""a \\ b""#)]),
            alb_with(&[(29, r#""TID_1\"#)]),
            alb_with(&[(13, "\"a\tb\"")]),
            alb_with(&[(13, "\"a\u{1}b\"")]),
            // Quotes inside a field that is not quoted as a whole (NLB's ALPN list).
            "tls 2.0 2024-03-01T11:00:01 net/a/1 l 1.2.3.4:1 5.6.7.8:2 1 1 1 1 - - - c tlsv13 - h h2 h2 \"h2\",\"http/1.1\" 2024-03-01T10:59:41".to_owned(),
        ] {
            assert!(!clean(&line), "taken as clean: {line}");
            // And the template still writes the typed event's bytes.
            assert_usual_not_plain(&[&line]);
        }
    }

    #[test]
    fn unusual_lines_are_left_to_the_typed_event() {
        let alb = [
            // PATCH is not one of OCSF's methods, a lower-case method is not written as
            // one; malformed requests and TCP listeners keep the request in `unmapped`.
            alb_with(&[(12, r#""PATCH http://shop.example.com:80/profile HTTP/1.1""#)]),
            alb_with(&[(12, r#""get http://shop.example.com:80/ HTTP/1.1""#)]),
            alb_with(&[(
                12,
                r#""- http://shop-alb-1234.eu-west-1.elb.amazonaws.com:80- -""#,
            )]),
            alb_with(&[(12, r#""- - - ""#)]),
            alb_with(&[(12, r#""GET""#)]),
            alb_with(&[(12, r#""-""#)]),
        ];
        let classic = [
            r#"2024-03-01T12:00:02.001069Z legacy-elb 192.0.2.52:2819 10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 "- - - " "-" - -"#,
            r#"2024-03-01T12:00:02.001069Z legacy-elb 192.0.2.52:2819 10.0.0.1:80 0.001069 0.000028 0.000041 200 200 82 305 "PATCH http://h/ HTTP/1.1" "-" - -"#,
            r#"2024-03-01T12:00:02.001069Z legacy-elb 192.0.2.52:2819 10.0.0.1:80 0.001069 0.000028 0.000041 200 200 82 305"#,
        ];
        for line in alb.iter().map(String::as_str).chain(classic) {
            let (template, _) = both(line, true);
            assert!(template.is_none(), "taken as usual: {line}");
        }
    }

    #[test]
    fn requests_cut_at_their_two_spaces_are_read_as_request_parts_reads_them() {
        for line in [
            "GET http://h/ HTTP/1.1",
            "GET  HTTP/1.1",
            "GET - HTTP/1.1",
            "- - -",
            "- http://h/ HTTP/1.1",
            "PATCH http://h/ HTTP/1.1",
            "GET http://h/ ",
            "GET http://h/ http/1.1",
            "GET http://h/ HTTP/",
            " GET http://h/",
            "get http://h/ HTTP/1.1",
        ] {
            let spaces: Vec<usize> = line.match_indices(' ').map(|(k, _)| k).collect();
            let [i, j] = spaces[..] else {
                panic!("{line:?}: two spaces");
            };
            let fields = [line];
            let (cut, of) = (Request::of_cut(line, (i, j)), Request::of(&fields, 0));
            assert_eq!(
                cut.map(|r| (r.activity, r.method, r.url, r.version)),
                of.map(|r| (r.activity, r.method, r.url, r.version)),
                "{line:?}"
            );
        }
    }
}
