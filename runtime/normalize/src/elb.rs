//! Elastic Load Balancing access logs: Application (ALB) and Classic (ELB) lines to OCSF
//! HTTP Activity (4002), Network Load Balancer TLS lines to Network Activity (4001).
//!
//! Space-separated fields, some in double quotes (with `\"` escapes inside). Each line is
//! recognised by its shape (first field: an ALB request type, `tls`, or a timestamp for
//! Classic), so a file of any of the three reads right under `alb`, `nlb` or `elb`.
//! Older ALB lines with fewer trailing fields are accepted; `-` means no value, `-1` a
//! timing that does not exist. `#` lines are skipped and counted. The mapping table is
//! `runtime/docs/mapping-elb.md` (OCSF publishes no reference mapping for ELB).
//!
//! Speed: a plain line (ASCII without a control character or a `\`: nearly every line) is
//! cut from the positions of its quotes and spaces, found in one pass (`plain`,
//! `crate::delimiters`), and needs no UTF-8 check; any other line is cut eight bytes at a
//! time (`split`). A plain line of the usual Classic shape (eleven words, the quoted
//! request and user agent, two words) is cut into an array straight from those positions,
//! its request at its two spaces, without the field list (`plain::classic`). Fields are borrowed from the line; numbers, ports, addresses and host
//! names go through byte-level helpers (tested against std); timings are read in integer
//! arithmetic. The event of a usual line (every NLB line, and every ALB and Classic line
//! with one of OCSF's HTTP methods) is written straight from the fields as a template
//! (`usual`); the typed event, which every other line gets, stays the reference that debug
//! builds compare each template event with. For the typed event, the field list,
//! observables, `unmapped` and profiles reuse their vectors from line to line; the
//! endpoints and load balancer are filled in place.

use crate::access_log::scan::{
    eight_digits_value, find_byte, find_byte2, is_eight_digits, is_hostname, is_ip, parse_i64,
    parse_u32,
};
use crate::access_log::{recycle, sub, Spare};
use crate::delimiters::{Ascii, Delimiters};
use crate::lines;
use crate::time::parse_rfc3339_ms;
use crate::Out;
use ocsf::network::{
    http_activity, network_activity, HttpActivity, NetworkActivity, HTTP_ACTIVITY, NETWORK_ACTIVITY,
};
use ocsf::objects::*;
use std::borrow::Cow;
use std::io::{self, BufRead};
use std::mem::take;

mod plain;
mod usual;

/// Normalize ELB access log lines (see the module docs).
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    let mut spare = Spare::default();
    // The field list, handed from line to line like `spare`'s vectors.
    let mut spare_fields: Vec<Cow<'static, str>> = Vec::new();
    let mut templates = usual::Templates::new(out.options().raw_data);
    let mut delimiters = Delimiters::default();
    lines::for_each_line(input, |n, line| {
        // A plain line is ASCII (its text without a check); else valid UTF-8 is checked
        // fast, and anything else is decoded lossily.
        let ascii = delimiters.ascii_up_to(line, usize::MAX);
        if let Some(text) = ascii.filter(|_| line.first().is_some_and(u8::is_ascii_digit)) {
            // Maybe a Classic line (a time first): a plain one of the usual shape is cut
            // from its delimiters into the Classic fields, without the list.
            {
                let mut f = [""; plain::CLASSIC_FIELDS];
                if let Some(request) = plain::classic(text, &delimiters, &mut f) {
                    let raw = Raw {
                        bytes: line,
                        text: text.text(),
                        quotes: 4,
                        plain: Some(delimiters.quotes()),
                    };
                    if classic_plain(raw, &f, request, &mut templates, out) {
                        return;
                    }
                }
            }
        }
        let plain_text = ascii.map(Ascii::text);
        let plain = plain_text.is_some();
        let text = match plain_text.or_else(|| crate::utf8(line)) {
            Some(text) => Cow::Borrowed(text),
            None => String::from_utf8_lossy(line),
        };
        // The first byte after white space (a plain line's only white space is ` `).
        let first = if plain {
            line.iter().find(|&&c| c != b' ').copied()
        } else {
            text.trim().bytes().next()
        };
        match first {
            None => return,
            Some(b'#') => return out.skip("elb comment line"),
            Some(_) => {}
        }
        let mut fields: Vec<Cow<'_, str>> = take(&mut spare_fields);
        fields.reserve(32);
        let raw = cut(line, &text, ascii.map(|a| (a, &delimiters)), &mut fields);
        let state = State {
            spare: &mut spare,
            templates: &mut templates,
        };
        match shape(&fields, &mut state.templates.clock) {
            Some(Shape::Alb) => alb(n, raw, &fields, state, out),
            Some(Shape::Nlb) => nlb(n, raw, &fields, state, out),
            Some(Shape::Classic(time)) => classic(n, raw, &fields, time, state, out),
            None => out.reject(n, "not an ELB access log line: unknown first field", line),
        }
        spare_fields = recycle(fields);
    })
}

/// What the line functions keep from line to line.
struct State<'s> {
    spare: &'s mut Spare,
    templates: &'s mut usual::Templates,
}

/// A line as read (for rejects) and as text (for `raw_data`).
#[derive(Clone, Copy)]
struct Raw<'r> {
    bytes: &'r [u8],
    text: &'r str,
    /// How many `"` of `text` open or close a quoted field (see [`split`]).
    quotes: usize,
    /// Where all the `"` of `text` are, when it is plain and [`plain::split`] cut it
    /// (each of them opens or closes a field; no field has anything to escape).
    plain: Option<&'r [u32]>,
}

/// Cut the line `bytes`, decoded as `text`, into `fields` (empty): from the positions of
/// its delimiters when it is plain (`d`, which found them) and [`plain::split`] takes it,
/// else by [`split`].
fn cut<'r>(
    bytes: &'r [u8],
    text: &'r str,
    plain: Option<(Ascii<'r>, &'r Delimiters)>,
    fields: &mut Vec<Cow<'r, str>>,
) -> Raw<'r> {
    let mut raw = Raw {
        bytes,
        text,
        quotes: 0,
        plain: None,
    };
    if let Some((ascii, d)) = plain {
        if let Some(quotes) = plain::split(ascii, d, fields) {
            if cfg!(debug_assertions) {
                let mut old = Vec::new();
                assert_eq!(split(text.trim(), &mut old), quotes, "{text:?}");
                assert_eq!(*fields, old, "{text:?}");
            }
            raw.quotes = quotes;
            raw.plain = Some(d.quotes());
            return raw;
        }
        fields.clear();
    }
    raw.quotes = split(text.trim(), fields);
    raw
}

/// Which load balancer a first line comes from, if it is an access-log line.
pub fn looks_like(line: &[u8]) -> Option<crate::Source> {
    let text = crate::utf8(line)?;
    let mut fields = Vec::new();
    split(text.trim(), &mut fields);
    match shape(&fields, &mut usual::Clock::default())? {
        Shape::Alb => Some(crate::Source::Alb),
        Shape::Nlb => Some(crate::Source::Nlb),
        Shape::Classic(_) => Some(crate::Source::Elb),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Alb,
    Nlb,
    /// With the line's time (field 0, parsed to recognise the shape).
    Classic(i64),
}

/// (`clock` reads a Classic line's time.)
fn shape(f: &[Cow<'_, str>], clock: &mut usual::Clock) -> Option<Shape> {
    let first = f.first()?;
    match first.as_ref() {
        "http" | "https" | "h2" | "grpcs" | "ws" | "wss" => Some(Shape::Alb),
        "tls" => Some(Shape::Nlb),
        t => clock
            .parse(t)
            .filter(|_| f.get(1).is_some_and(|name| !name.contains('/')))
            .map(Shape::Classic),
    }
}

/// Split a log line into fields: separated by spaces; a field starting with `"` runs to
/// the next unescaped `"` (`\"` and `\\` are unescaped). An unterminated quote takes the
/// rest of the line, so a damaged line still yields its fields. Returns how many `"` open
/// or close a quoted field: when escaping the line adds nothing but those, no field has
/// anything to escape (`usual` writes them as they are).
fn split<'a>(line: &'a str, out: &mut Vec<Cow<'a, str>>) -> usize {
    let b = line.as_bytes();
    let mut i = 0;
    let mut quotes = 0;
    // Each field ends at a space (or the end), which is stepped over with the field.
    while i < b.len() {
        if b[i] == b' ' {
            i += 1;
            continue;
        }
        if b[i] == b'"' {
            // `"-"` and `""` (most quoted fields of a line) without the search below.
            match b.get(i + 1..i + 4) {
                Some([b'-', b'"', b' ']) => {
                    out.push(Cow::Borrowed(&line[i + 1..i + 2]));
                    quotes += 2;
                    i += 4;
                    continue;
                }
                Some([b'"', b' ', _]) => {
                    out.push(Cow::Borrowed(&line[i + 1..i + 1]));
                    quotes += 2;
                    i += 3;
                    continue;
                }
                _ => {}
            }
            let start = i + 1;
            let mut j = start;
            let mut escaped = false;
            // To the closing quote, stepping over `\x` escapes.
            while let Some(k) = find_byte2(b'"', b'\\', &b[j..]) {
                j += k;
                if b[j] == b'"' {
                    break;
                }
                if j + 1 < b.len() {
                    escaped = true;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            if j < b.len() && b[j] != b'"' {
                j = b.len();
            }
            if j + 1 < b.len() && b[j + 1] != b' ' {
                // Quotes inside a field (NLB's `"h2","http/1.1"`): the field is the raw
                // text up to the next space.
                let end = memchr::memchr(b' ', &b[j..]).map_or(b.len(), |k| j + k);
                out.push(Cow::Borrowed(&line[i..end]));
                i = end + 1;
                continue;
            }
            // The opening quote, and the closing one unless the line ended first.
            quotes += 1 + usize::from(j < b.len());
            let inner = &line[start..j.min(b.len())];
            out.push(if escaped {
                Cow::Owned(unescape(inner))
            } else {
                Cow::Borrowed(inner)
            });
            i = j + 2;
        } else {
            let end = find_byte(b' ', &b[i..]).map_or(b.len(), |k| i + k);
            out.push(Cow::Borrowed(&line[i..end]));
            i = end + 1;
        }
    }
    quotes
}

fn unescape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n) => o.push(n),
                None => o.push('\\'),
            }
        } else {
            o.push(c);
        }
    }
    o
}

// ---------------------------------------------------------------------------------------
// Helpers shared by the three formats.

/// A field, `None` when absent or `-`.
fn opt<'a>(f: &[Cow<'a, str>], i: usize) -> Option<Cow<'a, str>> {
    f.get(i).filter(|v| !v.is_empty() && *v != "-").cloned()
}

fn int(f: &[Cow<'_, str>], i: usize) -> Option<i64> {
    f.get(i).and_then(|v| parse_i64(v))
}

/// Seconds as text ("0.000073") to whole milliseconds; `-1` (no such step) is `None`.
fn secs_ms<F: AsRef<str>>(f: &[F], i: usize) -> Option<i64> {
    let s = f.get(i)?.as_ref();
    if let Some(ms) = exact_ms(s) {
        return Some(ms);
    }
    // No such step (the float path's answer, without its cost).
    if s == "-1" {
        return None;
    }
    let v: f64 = s.parse().ok()?;
    (v >= 0.0).then(|| (v * 1000.0).round() as i64)
}

/// The response's latency: the sum of the three timings from field `from` (request,
/// target or backend, response), when all three exist (and the sum fits: a huge "timing"
/// in a damaged line is no latency).
fn latency<F: AsRef<str>>(f: &[F], from: usize) -> Option<i64> {
    let mut sum = 0i64;
    for i in from..from + 3 {
        sum = sum.checked_add(secs_ms(f, i)?)?;
    }
    Some(sum)
}

/// `secs_ms` of `digits[.ddd]` in integer arithmetic: 1 to 12 integer digits and at most
/// 3 decimals (the ALB's `0.001`), or up to 9 of each (Classic's `0.000073`). The same
/// number: with 3 decimals such a value times 1000 is an integer d < 10^15, and the float
/// path's two roundings stay far within 0.5 of it. With more, the value is below 10^9 s,
/// so the float path is within 3e-4 ms of the exact product, and rounds it as the exact
/// product rounds (half up) unless its fraction is within 1e-3 of one half: those few
/// are left to the float path (`None`).
#[inline(always)]
fn exact_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    // The usual one integer digit and 3 decimals (ALB's `0.001`): whole milliseconds.
    if let [int, b'.', x, y, z] = b {
        let digit = |c: &u8| {
            let d = c.wrapping_sub(b'0');
            (d <= 9).then_some(i64::from(d))
        };
        return Some(((digit(int)? * 10 + digit(x)?) * 10 + digit(y)?) * 10 + digit(z)?);
    }
    // Or 4 to 6 (Classic's `0.000073` and `0.00387`), as eight digits read at once: the
    // decimals padded with zeros (which change neither the value nor how it rounds), the
    // `.` read as `0`.
    // (Overlapping loads of four bytes: a copy of 5 to 7 bytes is a `memcpy` call.)
    let four = |at: usize| -> Option<u64> {
        let w: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
        Some(u64::from(u32::from_le_bytes(w)))
    };
    let x = match b.len() {
        8 => four(0)? | four(4)? << 32,
        7 => four(0)? | four(3)? << 24 | 0x30 << 56,
        6 => four(0)? | four(2)? << 16 | 0x3030 << 48,
        _ => return exact_ms_slow(b),
    };
    if (x >> 8) as u8 != b'.' {
        return exact_ms_slow(b);
    }
    let x = x ^ u64::from(b'.' ^ b'0') << 8;
    if !is_eight_digits(x) {
        return exact_ms_slow(b);
    }
    let eight = eight_digits_value(x);
    // `i0dddddd` is i * 10^7 + the decimals: i * 10^6 + them is the value in microseconds.
    let micros = eight - 9_000_000 * u64::from(x as u8 - b'0');
    round_ms((micros / 1000) as i64, (micros % 1000) as i64, 1000)
}

/// [`exact_ms`] of any other shape.
fn exact_ms_slow(b: &[u8]) -> Option<i64> {
    let dot = b.iter().position(|&c| c == b'.').unwrap_or(b.len());
    let (int, frac) = (&b[..dot], b.get(dot + 1..).unwrap_or(&[]));
    if int.is_empty() || int.len() > 12 || frac.len() > 9 || (frac.len() > 3 && int.len() > 9) {
        return None;
    }
    let digit = |c: u8| {
        let d = c.wrapping_sub(b'0');
        (d <= 9).then_some(i64::from(d))
    };
    let mut ms = 0i64;
    for &c in int {
        ms = ms * 10 + digit(c)?;
    }
    for k in 0..3 {
        ms = ms * 10
            + match frac.get(k) {
                Some(&c) => digit(c)?,
                None => 0,
            };
    }
    // The fraction of a millisecond, `rest / scale`.
    let (mut rest, mut scale) = (0i64, 1i64);
    for &c in frac.get(3..).unwrap_or(&[]) {
        rest = rest * 10 + digit(c)?;
        scale *= 10;
    }
    round_ms(ms, rest, scale)
}

/// `ms` and the fraction `rest / scale` of a millisecond, rounded half up; `None` when
/// the fraction is too close to one half to call (see [`exact_ms`]).
#[inline(always)]
fn round_ms(ms: i64, rest: i64, scale: i64) -> Option<i64> {
    if rest == 0 {
        return Some(ms);
    }
    // |rest / scale - 1/2| <= 1/1000: too close to call.
    if 1000 * (2 * rest - scale).abs() <= 2 * scale {
        return None;
    }
    Some(if 2 * rest > scale { ms + 1 } else { ms })
}

/// `ip:port`, `[ipv6]:port`, or a bare address; an invalid address is kept as a name.
fn endpoint<'a>(v: Option<Cow<'a, str>>) -> NetworkEndpoint<'a> {
    let mut e = NetworkEndpoint::default();
    set_endpoint(&mut e, v);
    e
}

/// [`endpoint`] into `e`, an empty endpoint of the event (not built aside and moved in:
/// an endpoint is a few hundred bytes).
fn set_endpoint<'a>(e: &mut NetworkEndpoint<'a>, v: Option<Cow<'a, str>>) {
    let Some(v) = v else { return };
    let (host, port) = split_host_port(&v);
    e.port = port;
    let host_is_ip = is_ip(host);
    let host = sub(&v, host);
    if host_is_ip {
        e.ip = Some(host);
    } else {
        e.name = Some(host);
    }
}

fn split_host_port(v: &str) -> (&str, Option<u32>) {
    if let Some(rest) = v.strip_prefix('[') {
        if let Some(i) = rest.bytes().position(|c| c == b']') {
            return (
                &rest[..i],
                rest[i + 1..].strip_prefix(':').and_then(parse_u32),
            );
        }
    }
    let b = v.as_bytes();
    match b.iter().rposition(|&c| c == b':') {
        // One colon: host:port. More: a bare IPv6 address (no port).
        Some(i) if find_byte(b':', b) == Some(i) => match parse_u32(&v[i + 1..]) {
            Some(port) => (&v[..i], Some(port)),
            None => (v, None),
        },
        _ => (v, None),
    }
}

/// Region and account of an ARN.
fn arn_cloud<'a>(arn: Option<&Cow<'a, str>>) -> Cloud<'a> {
    let Some(arn) = arn else {
        return Cloud::aws(None, None);
    };
    // `arn:partition:service:region:account[:...]`: the first five `:`-separated parts.
    let b = arn.as_bytes();
    let mut parts = [(0, 0); 5];
    let mut start = 0;
    for (k, part) in parts.iter_mut().enumerate() {
        let end = find_byte(b':', &b[start..]).map_or(b.len(), |i| start + i);
        *part = (start, end);
        if end == b.len() && k < 4 {
            return Cloud::aws(None, None);
        }
        start = end + 1;
    }
    let [arn_part, .., (r0, r1), (a0, a1)] = parts;
    if &arn[arn_part.0..arn_part.1] != "arn" {
        return Cloud::aws(None, None);
    }
    let (region, account) = (&arn[r0..r1], &arn[a0..a1]);
    Cloud::aws(
        (!account.is_empty()).then(|| sub(arn, account)),
        (!region.is_empty()).then(|| sub(arn, region)),
    )
}

/// A request line "METHOD URL PROTOCOL" in its parts (method, URL, the rest), or `None`
/// when it does not have that shape (TCP listeners write "- - - ", scanners send
/// anything): the request then has no method or URL, and the caller keeps the text in
/// `unmapped`. Split before the event is made (the activity comes from the method), so
/// that [`fill_request`] can write into the event's own `http_request`.
fn request_parts<S: AsRef<str> + ?Sized>(line: Option<&S>) -> Option<(usize, usize)> {
    // `splitn(3, ' ')`: the two cuts.
    let b = line?.as_ref().as_bytes();
    let i = find_byte(b' ', b)?;
    let j = find_byte(b' ', &b[i + 1..]).map(|j| i + 1 + j)?;
    (&b[..i] != b"-" && &b[i + 1..j] != b"-").then_some((i, j))
}

/// The activity of a request line cut at `cuts` (from [`request_parts`]).
fn request_activity(
    line: Option<&Cow<'_, str>>,
    cuts: Option<(usize, usize)>,
) -> (i32, &'static str) {
    match (line, cuts) {
        (Some(line), Some((i, _))) => http_activity::from_method(&line[..i]),
        _ => http_activity::UNKNOWN,
    }
}

/// The request line cut at `cuts` as http_request parts, into the event's `http`.
fn fill_request<'a>(
    line: Option<&Cow<'a, str>>,
    cuts: Option<(usize, usize)>,
    http: &mut HttpRequest<'a>,
) {
    let (Some(line), Some((i, j))) = (line, cuts) else {
        return;
    };
    let (method, url, version) = (&line[..i], &line[i + 1..j], &line[j + 1..]);
    http.http_method = http_activity::ocsf_method(method).map(Cow::Borrowed);
    http.version = request_version(version).map(|v| sub(line, v));
    parse_url(line, url, http.url.insert(Url::default()));
}

/// The protocol part of a request line as `http_request.version`, when it is HTTP's.
fn request_version(version: &str) -> Option<&str> {
    let version = version.trim();
    version.starts_with("HTTP/").then_some(version)
}

/// The URL `url`, a slice of the request line `line` (so its parts borrow from it), into
/// `u`, an empty `Url`.
// `&Cow` on purpose: `sub` borrows the parts when the line is borrowed, else copies them.
#[allow(clippy::ptr_arg)]
fn parse_url<'a>(line: &Cow<'a, str>, url: &str, u: &mut Url<'a>) {
    let parts = UrlParts::of(url);
    u.url_string = Some(sub(line, url));
    u.scheme = parts.scheme.map(|s| sub(line, s));
    u.hostname = parts.hostname.map(|h| sub(line, h));
    u.port = parts.port;
    // "http://host" has the path "/", which is not written in the line.
    u.path = Some(match parts.path {
        "/" => Cow::Borrowed("/"),
        path => sub(line, path),
    });
    u.query_string = parts.query.map(|q| sub(line, q));
}

/// The parts of a request's URL as `url` holds them (shared by the typed event and the
/// template of `usual`, so the two cannot differ).
pub(crate) struct UrlParts<'u> {
    scheme: Option<&'u str>,
    /// Only a valid host name (an IPv6 literal is not one).
    hostname: Option<&'u str>,
    port: Option<u32>,
    /// An absolute URL without a path has the path `/`.
    path: &'u str,
    /// Not empty when present.
    query: Option<&'u str>,
}

impl<'u> UrlParts<'u> {
    fn of(url: &'u str) -> UrlParts<'u> {
        UrlParts::of_with(url, authority_parts)
    }

    /// [`UrlParts::of`], the authority (`host:port`) read by `authority` as
    /// [`authority_parts`] reads it (`usual` keeps the last one's parts).
    fn of_with(
        url: &'u str,
        authority: impl FnOnce(&'u str) -> (Option<&'u str>, Option<u32>),
    ) -> UrlParts<'u> {
        let mut parts = UrlParts {
            scheme: None,
            hostname: None,
            port: None,
            path: "/",
            query: None,
        };
        let path_and_query = match scheme_separator(url) {
            Some(i) => {
                let (scheme, rest) = (&url[..i], &url[i + 3..]);
                parts.scheme = Some(scheme);
                let (authority_text, path) = match find_byte(b'/', rest.as_bytes()) {
                    Some(i) => (&rest[..i], Some(&rest[i..])),
                    None => (rest, None),
                };
                (parts.hostname, parts.port) = authority(authority_text);
                path
            }
            None => Some(url),
        };
        let Some(rest) = path_and_query else {
            return parts;
        };
        let (path, query) = match find_byte(b'?', rest.as_bytes()) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        parts.path = path;
        parts.query = query.filter(|q| !q.is_empty());
        parts
    }
}

/// The host name (when it is a valid one) and port of a URL's authority.
fn authority_parts(authority: &str) -> (Option<&str>, Option<u32>) {
    let (host, port) = split_host_port(authority);
    (is_hostname(host).then_some(host), port)
}

/// Where the first `://` of `url` is (`str::find("://")` without its searcher set-up).
fn scheme_separator(url: &str) -> Option<usize> {
    let b = url.as_bytes();
    // Most URLs: no search.
    if b.starts_with(b"http://") {
        return Some(4);
    }
    if b.starts_with(b"https://") {
        return Some(5);
    }
    let mut from = 0;
    while let Some(i) = find_byte(b':', &b[from..]).map(|i| from + i) {
        if b[i + 1..].starts_with(b"//") {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

fn product<'a>(feature: &'static str, version: Option<Cow<'a, str>>) -> Product<'a> {
    let mut p = Product::aws("Elastic Load Balancing");
    p.feature = Some(Feature {
        name: Some(Cow::Borrowed(feature)),
        ..Feature::default()
    });
    p.version = version;
    p
}

fn identify<'a>(e: &mut NetworkEndpoint<'a>, name: Option<Cow<'a, str>>) {
    if !e.is_identified() {
        e.name = name.or(Some(Cow::Borrowed("unknown")));
    }
}

/// Put fields `names[i]` = `f[from + i]` that are present into `unmapped`.
fn rest<'a>(f: &[Cow<'a, str>], from: usize, names: &[&'static str], unmapped: &mut Fields<'a>) {
    for (i, name) in names.iter().enumerate() {
        if let Some(v) = opt(f, from + i) {
            unmapped.push(*name, Json::Str(v));
        }
    }
    // Fields a newer format added after the ones known here.
    for (i, v) in f.iter().enumerate().skip(from + names.len()) {
        if v != "-" && !v.is_empty() {
            unmapped.push(format!("field_{}", i + 1), Json::Str(v.clone()));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Application Load Balancer.

const ALB_MIN_FIELDS: usize = 13;

fn alb(n: u64, raw: Raw<'_>, f: &[Cow<'_, str>], state: State<'_>, out: &mut Out<'_>) {
    if f.len() < ALB_MIN_FIELDS {
        return out.reject(
            n,
            format!(
                "ALB line with {} fields; at least {ALB_MIN_FIELDS} (up to the request) are needed",
                f.len()
            ),
            raw.bytes,
        );
    }
    let Some(time) = state.templates.clock.parse(&f[1]) else {
        return out.reject(
            n,
            format!("ALB line with an invalid time: {:?}", f[1]),
            raw.bytes,
        );
    };
    if let Some(usual) = usual::Alb::of(f, time) {
        out.written_event(HTTP_ACTIVITY.uid, |buf| {
            usual.write(state.templates, raw, buf)
        });
        if cfg!(debug_assertions) {
            out.check_template(|typed| alb_typed(raw, f, time, &mut Spare::default(), typed));
        }
        return;
    }
    alb_typed(raw, f, time, state.spare, out);
}

/// The typed event of an ALB line with enough fields and a valid time (the reference for
/// `usual`, and the event of every line that template does not take).
fn alb_typed(raw: Raw<'_>, f: &[Cow<'_, str>], time: i64, spare: &mut Spare, out: &mut Out<'_>) {
    let cuts = request_parts(f.get(12));
    let mut ev = HttpActivity::new(
        request_activity(f.get(12), cuts),
        time,
        product("Application Load Balancer", None),
    );
    spare.lend(&mut ev.base);
    let http = &mut ev.http_request;
    fill_request(f.get(12), cuts, http);
    ev.base.start_time = opt(f, 21).and_then(|t| parse_rfc3339_ms(&t));
    ev.base.end_time = Some(time);
    ev.base.set_cloud(arn_cloud(opt(f, 16).as_ref()));

    http.user_agent = opt(f, 13);
    http.uid = opt(f, 17);
    if http.http_method.is_none() {
        if let Some(r) = opt(f, 12) {
            ev.base.unmapped.push("request", Json::Str(r));
        }
    }
    ev.base.metadata.uid = opt(f, 17);

    let code = int(f, 8);
    // Set in place: the event's parts are its defaults so far.
    ev.http_response.code = code.unwrap_or(0) as i32;
    ev.http_response.length = int(f, 11);
    ev.http_response.latency = latency(f, 5);
    ev.http_status = code.map(|c| c as i32);
    status_from_code(&mut ev.base, code);

    set_endpoint(&mut ev.src_endpoint, opt(f, 3));
    identify(&mut ev.src_endpoint, None);
    if let Some(ip) = &ev.src_endpoint.ip {
        ev.base
            .observables
            .push(Observable::ip("src_endpoint.ip", ip.clone()));
    }
    // The client talked to the load balancer: that is the destination; the target it
    // forwarded to is the load balancer's own destination.
    ev.dst_endpoint.name = opt(f, 2);
    ev.dst_endpoint.hostname = opt(f, 18).filter(|h| is_hostname(h));
    identify(&mut ev.dst_endpoint, None);
    // The load balancer is built where it stays (`set_load_balancer` would move its few
    // hundred bytes in); its profile is listed as that setter does.
    ev.base.add_profile(profile::LOAD_BALANCER);
    let lb = ev.load_balancer.insert(LoadBalancer::default());
    lb.name = opt(f, 2);
    lb.code = int(f, 9).map(|c| c as i32);
    lb.classification = opt(f, 27);
    lb.status_detail = opt(f, 28);
    lb.error_message = opt(f, 24);
    let target = lb.dst_endpoint.insert(NetworkEndpoint::default());
    set_endpoint(target, opt(f, 4));
    if !target.is_identified() {
        lb.dst_endpoint = None;
    }
    // target:port_list and target_status_code_list (space separated inside quotes).
    if let (Some(targets), Some(codes)) = (opt(f, 25), opt(f, 26)) {
        // Usually one target: room for it without the growth path.
        lb.endpoint_connections.reserve_exact(1);
        // The i-th code belongs to the i-th target (fewer codes: no code).
        let mut codes = codes.split(' ');
        for t in targets.split(' ') {
            let e = endpoint(Some(sub(&targets, t)));
            lb.endpoint_connections.push(EndpointConnection {
                code: codes.next().and_then(|c| c.parse().ok()),
                network_endpoint: e.is_identified().then_some(e),
            });
        }
    }

    if let Some(host) = &ev.dst_endpoint.hostname {
        ev.base
            .observables
            .push(Observable::hostname("dst_endpoint.hostname", host.clone()));
    }
    ev.traffic = Some(Traffic {
        bytes_in: int(f, 10),
        bytes_out: int(f, 11),
        ..Traffic::default()
    });
    ev.connection_info = Some(ConnectionInfo {
        direction_id: direction::INBOUND,
        direction: Some(Cow::Borrowed("Inbound")),
        protocol_name: Some(Cow::Borrowed("tcp")),
        protocol_num: Some(6),
        uid: opt(f, 29),
        ..ConnectionInfo::default()
    });
    if let Some(version) = opt(f, 15) {
        ev.tls = Some(Tls {
            version,
            cipher: opt(f, 14),
            sni: opt(f, 18),
            ..Tls::default()
        });
    }
    let unmapped = &mut ev.base.unmapped;
    unmapped.push("type", Json::Str(f[0].clone()));
    for (i, name) in [
        (5, "request_processing_time"),
        (6, "target_processing_time"),
        (7, "response_processing_time"),
    ] {
        if let Some(v) = opt(f, i) {
            unmapped.push(name, Json::Str(v));
        }
    }
    // Fields 17..=30 without an OCSF home, by position; fields after the 30th (a newer
    // format) as field_<n>.
    for (i, name) in [
        (16, "target_group_arn"),
        (19, "chosen_cert_arn"),
        (20, "matched_rule_priority"),
        (22, "actions_executed"),
        (23, "redirect_url"),
    ] {
        if let Some(v) = opt(f, i) {
            unmapped.push(name, Json::Str(v));
        }
    }
    rest(f, 30, &[], unmapped);
    out.event_with_raw_text(raw.text, &ev);
    spare.take_back(&mut ev.base);
}

fn status_from_code(base: &mut Base<'_>, code: Option<i64>) {
    if let Some(status) = status_of(code) {
        base.set_status(status);
    }
}

/// The status of an HTTP status code: Success for 1xx to 3xx, Failure from 400; none
/// without a code.
fn status_of(code: Option<i64>) -> Option<Status> {
    match code {
        Some(c) if (100..400).contains(&c) => Some(Status::Success),
        Some(c) if c >= 400 => Some(Status::Failure),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Classic Load Balancer.

const CLASSIC_MIN_FIELDS: usize = 11;

/// `time` is field 0's.
fn classic(
    n: u64,
    raw: Raw<'_>,
    f: &[Cow<'_, str>],
    time: i64,
    state: State<'_>,
    out: &mut Out<'_>,
) {
    if f.len() < CLASSIC_MIN_FIELDS {
        return out.reject(
            n,
            format!(
                "Classic ELB line with {} fields; at least {CLASSIC_MIN_FIELDS} are needed",
                f.len()
            ),
            raw.bytes,
        );
    }
    if let Some(usual) = usual::Classic::of(f) {
        out.written_event(HTTP_ACTIVITY.uid, |buf| {
            usual.write(state.templates, time, raw, buf)
        });
        if cfg!(debug_assertions) {
            out.check_template(|typed| classic_typed(raw, f, time, &mut Spare::default(), typed));
        }
        return;
    }
    classic_typed(raw, f, time, state.spare, out);
}

/// The event of a plain line that [`plain::classic`] cut into `f` and `request`, when it
/// is a usual Classic line (`true`); else nothing (`false`), and the line is cut
/// and read the general way. (The checks of [`shape`] and [`classic`], on the same fields.)
fn classic_plain(
    raw: Raw<'_>,
    f: &[&str; plain::CLASSIC_FIELDS],
    request: Option<(usize, usize)>,
    templates: &mut usual::Templates,
    out: &mut Out<'_>,
) -> bool {
    let Some(time) = templates.clock.parse(f[0]) else {
        return false;
    };
    if f[1].bytes().any(|c| c == b'/') {
        return false;
    }
    let Some(usual) = usual::Classic::of_cut(f, request) else {
        return false;
    };
    out.written_event(HTTP_ACTIVITY.uid, |buf| {
        usual.write(templates, time, raw, buf)
    });
    if cfg!(debug_assertions) {
        // The general splitter makes the same fields, and the typed event the same bytes.
        let mut fields = Vec::new();
        let general = cut(raw.bytes, raw.text, None, &mut fields);
        assert_eq!(fields, f, "{:?}", raw.text);
        assert_eq!(general.quotes, raw.quotes, "{:?}", raw.text);
        let mut clock = usual::Clock::default();
        assert_eq!(shape(&fields, &mut clock), Some(Shape::Classic(time)));
        out.check_template(|typed| classic_typed(raw, &fields, time, &mut Spare::default(), typed));
    }
    true
}

/// The typed event of a Classic line with enough fields (see [`alb_typed`]).
fn classic_typed(
    raw: Raw<'_>,
    f: &[Cow<'_, str>],
    time: i64,
    spare: &mut Spare,
    out: &mut Out<'_>,
) {
    let cuts = request_parts(f.get(11));
    let mut ev = HttpActivity::new(
        request_activity(f.get(11), cuts),
        time,
        product("Classic Load Balancer", None),
    );
    spare.lend(&mut ev.base);
    let http = &mut ev.http_request;
    fill_request(f.get(11), cuts, http);
    ev.base.set_cloud(Cloud::aws(None, None));
    http.user_agent = opt(f, 12);
    if http.http_method.is_none() {
        if let Some(r) = opt(f, 11).filter(|r| r.trim() != "- - -") {
            ev.base.unmapped.push("request", Json::Str(r));
        }
    }
    let code = int(f, 7);
    ev.http_response = HttpResponse {
        code: code.unwrap_or(0) as i32,
        length: int(f, 10),
        latency: latency(f, 4),
        ..HttpResponse::default()
    };
    ev.http_status = code.map(|c| c as i32);
    status_from_code(&mut ev.base, code);
    set_endpoint(&mut ev.src_endpoint, opt(f, 2));
    identify(&mut ev.src_endpoint, None);
    if let Some(ip) = &ev.src_endpoint.ip {
        ev.base
            .observables
            .push(Observable::ip("src_endpoint.ip", ip.clone()));
    }
    ev.dst_endpoint = NetworkEndpoint {
        name: opt(f, 1),
        ..NetworkEndpoint::default()
    };
    identify(&mut ev.dst_endpoint, None);
    let backend = endpoint(opt(f, 3));
    ev.set_load_balancer(LoadBalancer {
        name: opt(f, 1),
        code: int(f, 8).map(|c| c as i32),
        dst_endpoint: backend.is_identified().then_some(backend),
        ..LoadBalancer::default()
    });
    ev.traffic = Some(Traffic {
        bytes_in: int(f, 9),
        bytes_out: int(f, 10),
        ..Traffic::default()
    });
    // A TCP or SSL listener logs "- - -" as the request: the protocol is not HTTP.
    let tcp = ev.http_request.url.is_none();
    ev.connection_info = Some(ConnectionInfo {
        direction_id: direction::INBOUND,
        direction: Some(Cow::Borrowed("Inbound")),
        protocol_name: Some(Cow::Borrowed("tcp")),
        protocol_num: Some(6),
        ..ConnectionInfo::default()
    });
    if let Some(version) = opt(f, 14) {
        ev.tls = Some(Tls {
            version,
            cipher: opt(f, 13),
            ..Tls::default()
        });
    }
    let unmapped = &mut ev.base.unmapped;
    if tcp {
        unmapped.push("listener", Json::Str(Cow::Borrowed("tcp/ssl")));
    }
    for (i, name) in [
        (4, "request_processing_time"),
        (5, "backend_processing_time"),
        (6, "response_processing_time"),
    ] {
        if let Some(v) = opt(f, i) {
            unmapped.push(name, Json::Str(v));
        }
    }
    rest(f, 15, &[], unmapped);
    out.event_with_raw_text(raw.text, &ev);
    spare.take_back(&mut ev.base);
}

// ---------------------------------------------------------------------------------------
// Network Load Balancer (TLS listeners).

const NLB_MIN_FIELDS: usize = 11;

fn nlb(n: u64, raw: Raw<'_>, f: &[Cow<'_, str>], state: State<'_>, out: &mut Out<'_>) {
    if f.len() < NLB_MIN_FIELDS {
        return out.reject(
            n,
            format!(
                "NLB line with {} fields; at least {NLB_MIN_FIELDS} are needed",
                f.len()
            ),
            raw.bytes,
        );
    }
    let Some(time) = state.templates.clock.parse(&f[2]) else {
        return out.reject(
            n,
            format!("NLB line with an invalid time: {:?}", f[2]),
            raw.bytes,
        );
    };
    if let Some(usual) = usual::Nlb::of(f, time) {
        out.written_event(NETWORK_ACTIVITY.uid, |buf| {
            usual.write(state.templates, raw, buf)
        });
        if cfg!(debug_assertions) {
            out.check_template(|typed| nlb_typed(raw, f, time, &mut Spare::default(), typed));
        }
        return;
    }
    nlb_typed(raw, f, time, state.spare, out);
}

/// The typed event of an NLB line with enough fields and a valid time (see [`alb_typed`]).
fn nlb_typed(raw: Raw<'_>, f: &[Cow<'_, str>], time: i64, spare: &mut Spare, out: &mut Out<'_>) {
    let alert = opt(f, 11);
    let handshake = int(f, 8);
    // A TLS alert from the client without a finished handshake: the connection failed.
    let activity = if alert.is_some() && handshake.is_none() {
        network_activity::FAIL
    } else {
        network_activity::TRAFFIC
    };
    let mut ev = NetworkActivity::new(activity, time, product("Network Load Balancer", opt(f, 1)));
    spare.lend(&mut ev.base);
    ev.base.start_time = opt(f, 21).and_then(|t| parse_rfc3339_ms(&t));
    ev.base.end_time = Some(time);
    ev.base.duration = int(f, 7);
    ev.base.set_cloud(arn_cloud(opt(f, 12).as_ref()));
    if activity == network_activity::FAIL {
        ev.base.set_status(Status::Failure);
        ev.base.status_detail = alert.as_ref().map(|a| Cow::Owned(format!("TLS alert {a}")));
    } else {
        ev.base.set_status(Status::Success);
    }
    set_endpoint(&mut ev.src_endpoint, opt(f, 5));
    identify(&mut ev.src_endpoint, None);
    if let Some(ip) = &ev.src_endpoint.ip {
        ev.base
            .observables
            .push(Observable::ip("src_endpoint.ip", ip.clone()));
    }
    set_endpoint(&mut ev.dst_endpoint, opt(f, 6));
    ev.dst_endpoint.hostname = opt(f, 17).filter(|h| is_hostname(h));
    identify(&mut ev.dst_endpoint, opt(f, 3));
    ev.set_load_balancer(LoadBalancer {
        name: opt(f, 3),
        uid: opt(f, 4),
        ..LoadBalancer::default()
    });
    ev.traffic = Some(Traffic {
        bytes_in: int(f, 9),
        bytes_out: int(f, 10),
        ..Traffic::default()
    });
    ev.connection_info = Some(ConnectionInfo {
        direction_id: direction::INBOUND,
        direction: Some(Cow::Borrowed("Inbound")),
        protocol_name: Some(Cow::Borrowed("tcp")),
        protocol_num: Some(6),
        ..ConnectionInfo::default()
    });
    // `tls.version` is required: without a negotiated protocol (a failed handshake)
    // there is no tls object, and the alert says why.
    if let Some(version) = opt(f, 15) {
        ev.tls = Some(Tls {
            version,
            cipher: opt(f, 14),
            sni: opt(f, 17),
            handshake_dur: handshake,
            ..Tls::default()
        });
    }
    ev.app_name = opt(f, 18);
    let unmapped = &mut ev.base.unmapped;
    if let Some(a) = alert {
        unmapped.push("incoming_tls_alert", Json::Str(a));
    }
    rest(
        f,
        12,
        &[
            "chosen_cert_arn",
            "chosen_cert_serial",
            "tls_cipher",
            "tls_protocol_version",
            "tls_named_group",
            "domain_name",
            "alpn_fe_protocol",
            "alpn_be_protocol",
            "alpn_client_preference_list",
            "tls_connection_creation_time",
        ],
        unmapped,
    );
    // Mapped above; keep only the ones without an OCSF home in unmapped.
    unmapped.0.retain(|(k, _)| {
        !matches!(
            k.as_ref(),
            "tls_cipher"
                | "tls_protocol_version"
                | "domain_name"
                | "alpn_fe_protocol"
                | "tls_connection_creation_time"
        )
    });
    out.event_with_raw_text(raw.text, &ev);
    spare.take_back(&mut ev.base);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Vec<String> {
        let mut f = Vec::new();
        split(line, &mut f);
        f.into_iter().map(|c| c.into_owned()).collect()
    }

    #[test]
    fn split_quotes_escapes_and_damage() {
        assert_eq!(
            fields(r#"a "b c" "" - "d \"e\" \\f""#),
            vec!["a", "b c", "", "-", r#"d "e" \f"#]
        );
        assert_eq!(fields(r#"a "unterminated b"#), vec!["a", "unterminated b"]);
        assert_eq!(fields("  a   b  "), vec!["a", "b"]);
        assert_eq!(
            fields(r#""-" "" "-"x "" "-""#),
            vec!["-", "", r#""-"x"#, "", "-"]
        );
        assert_eq!(fields(r#""\"#), vec!["\\"]);
        assert_eq!(
            fields(r#"a "h2","http/1.1" b"#),
            vec!["a", r#""h2","http/1.1""#, "b"]
        );
    }

    #[test]
    fn exact_ms_is_the_float_path() {
        let float = |s: &str| {
            s.parse::<f64>()
                .ok()
                .filter(|v| *v >= 0.0)
                .map(|v| (v * 1000.0).round() as i64)
        };
        let mut cases: Vec<String> = [
            "0.000",
            "0.001",
            "0.0005",
            "1.5",
            "5.",
            ".5",
            "-1",
            "-0.001",
            "1e3",
            "999999999999.999",
            "1234567890123.0",
            "0.1234",
            "",
            ".",
            "x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // The integer path takes Classic's six decimals.
        assert_eq!(exact_ms("0.000073"), Some(0));
        assert_eq!(exact_ms("0.001048"), Some(1));
        assert_eq!(exact_ms("12.3456789"), Some(12346));
        // Classic's six decimals, values near a half millisecond, the longest accepted.
        cases.extend(
            [
                "0.000073",
                "0.0005",
                "1.0005",
                "2.4995",
                "0.00050",
                "0.0004999",
                "0.000501",
                "0.0015",
                "123456789.0005",
                "999999999.999999999",
                "1234567890.0001",
                "0.1234567891",
                "0.000000001",
                "12.3456789",
                "0.00049",
                "0.00051",
                "0.00150",
                "9.99950",
                "0.0a073",
                "0.000a",
                "0.000-1",
                // No `.` where the eight-digit read expects it (`/` is `.` ^ 1: read as
                // a `0` without the check).
                "0/000073",
                "0,00387",
                "1+0005",
                "00000073",
                "0.00:073",
            ]
            .map(String::from),
        );
        for i in 0..20_000u64 {
            let n = i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 20;
            cases.push(format!("{}.{:03}", n / 1000, n % 1000));
            cases.push(format!("{}.{}", n % 100_000, n % 10));
            cases.push(format!("{}.{:02}", n, n % 100));
            let m = i.wrapping_mul(0xd6e8_feb8_6659_fd93) >> 11;
            cases.push(format!("{}.{:06}", n % 1000, m % 1_000_000));
            cases.push(format!("{}.{:09}", n % 1_000_000_000, m % 1_000_000_000));
            cases.push(format!("{}.{:04}", m % 100_000, 5 + 10 * (n % 100)));
            cases.push(format!("0.{:07}", m % 10_000_000));
            // One integer digit and four or five decimals (Classic's `0.00387`).
            cases.push(format!("{}.{:05}", n % 10, m % 100_000));
            cases.push(format!("{}.{:04}", n % 10, m % 10_000));
            cases.push(format!("{}.{:04}9", n % 10, 5 + 10 * (m % 1000)));
        }
        for s in cases {
            if let Some(ms) = exact_ms(&s) {
                assert_eq!(Some(ms), float(&s), "{s:?}");
            }
            assert_eq!(secs_ms(&[Cow::Borrowed(s.as_str())], 0), float(&s), "{s:?}");
        }
    }

    #[test]
    fn byte_level_splits_are_the_str_ones() {
        for s in [
            "a://b",
            "://",
            "a:/b://c",
            "http:x://y",
            "",
            ":",
            "a:",
            "https://h:1/p?q",
            "x::////",
            "http://",
            "https://",
            "http:/x://y",
            "https:x://y",
            "httpx://y",
            "http//x://y",
        ] {
            assert_eq!(scheme_separator(s), s.find("://"), "{s:?}");
        }
        for s in [
            "1.2.3.4:80",
            "h:+80",
            "h:-0",
            "h:4294967296",
            "[::1]:9",
            "[::1]",
            "a:b:c",
            "h:",
            ":1",
        ] {
            let old = match s.strip_prefix('[').and_then(|r| r.split_once(']')) {
                Some((h, p)) => (h, p.strip_prefix(':').and_then(|p| p.parse().ok())),
                None => match s.rsplit_once(':') {
                    Some((h, p)) if !h.contains(':') => match p.parse() {
                        Ok(port) => (h, Some(port)),
                        Err(_) => (s, None),
                    },
                    _ => (s, None),
                },
            };
            assert_eq!(split_host_port(s), old, "{s:?}");
        }
        for arn in [
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/x",
            "arn:aws:s3:::b",
            "arn:a:b:c",
            "arn:a:b:c:d",
            "nope:a:b:c:d",
            "arn::::",
        ] {
            let mut parts = arn.split(':');
            let want = match (
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
            ) {
                (Some("arn"), Some(_), Some(_), Some(r), Some(a)) => {
                    ((!a.is_empty()).then_some(a), (!r.is_empty()).then_some(r))
                }
                _ => (None, None),
            };
            let c = arn_cloud(Some(&Cow::Borrowed(arn)));
            let got = (
                c.account.as_ref().and_then(|a| a.uid.as_deref()),
                c.region.as_deref(),
            );
            assert_eq!(got, want, "{arn:?}");
        }
    }

    #[test]
    fn timings_too_big_to_add_up_are_no_latency() {
        // A damaged Classic line the fuzzer made (its fields shifted: a 100-digit number
        // is a timing), then a usual one.
        let data = concat!(
            r#"2024-03-01T12:00:00.000073Z legacy-elb 192.0.2.50:00073 0.0010-8 0.000057 200 209999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999990 0 29 "GET http://www.example.com:80/search?q=a%20b HTTP'1.1" "curl/7.38.0" - -"#,
            "\n",
            r#"2024-03-01T12:00:00Z e 192.0.2.9:1 10.0.0.3:80 1e300 1e300 0 200 200 0 0 "GET http://h/ HTTP/1.1" "-" - -"#,
            "\n",
        );
        struct Events(Vec<String>);
        impl crate::Sink for Events {
            fn event(&mut self, _class_uid: u32, json: &[u8]) {
                self.0.push(String::from_utf8_lossy(json).into_owned());
            }
            fn reject(&mut self, reject: crate::Reject) {
                panic!("rejected: {reject:?}");
            }
        }
        let mut events = Events(Vec::new());
        let summary = crate::normalize(
            crate::Source::Elb,
            data.as_bytes(),
            &crate::Options::default(),
            &mut events,
        )
        .expect("in memory");
        assert_eq!(summary.events_out, 2);
        for event in &events.0 {
            assert!(!event.contains("latency"), "{event}");
        }
    }

    #[test]
    fn plain_lines_and_others_in_one_file() {
        // Comments and blank lines (with spaces around), then lines cut from their
        // delimiters and lines that are not (a tab, an escaped quote, NLB's quoted ALPN
        // list), in one file: each line is one event whose `raw_data` is the line.
        let lines = [
            r#"h2 2024-01-01T00:00:00.123456Z app/a/1 1.2.3.4:5 10.0.0.1:80 0.000 0.001 0.000 200 200 1 2 "GET https://h.example.com:443/ HTTP/1.1" "ua" - - - "-" "-" "-" 0 2024-01-01T00:00:00.120000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-" -"#,
            "  http 2024-01-01T00:00:01Z app/a/1 1.2.3.4:5 - -1 -1 -1 460 - 1 0 \"POST http://h/ HTTP/1.1\" \"u\ta\"   ",
            r#"2024-03-01T12:00:06Z e 192.0.2.9:1 10.0.0.2:80 0.1 0.2 0.3 302 302 1 2 "GET http://h/\"q\" HTTP/1.1" "a" - -"#,
            r#"tls 2.0 2024-03-01T11:00:01 net/a/1 l 1.2.3.4:1 5.6.7.8:2 1 1 1 1 - - - c tlsv13 - h h2 h2 "h2","http/1.1" 2024-03-01T10:59:41"#,
            "tls 2.0 2024-03-01T11:00:02 net/a/1 l 1.2.3.4:1 5.6.7.8:2 1 1 1 1 -",
        ];
        let data = format!("  # a comment\n\n   \n{}\n", lines.join("\n"));
        struct Events(Vec<serde_json::Value>);
        impl crate::Sink for Events {
            fn event(&mut self, _class_uid: u32, json: &[u8]) {
                self.0
                    .push(serde_json::from_slice(json).expect("valid JSON"));
            }
            fn reject(&mut self, reject: crate::Reject) {
                panic!("rejected: {reject:?}");
            }
        }
        let mut events = Events(Vec::new());
        let summary = crate::normalize(
            crate::Source::Alb,
            data.as_bytes(),
            &crate::Options { raw_data: true },
            &mut events,
        )
        .expect("in memory");
        assert_eq!((summary.events_out, summary.skipped), (5, 1));
        for (event, line) in events.0.iter().zip(lines) {
            assert_eq!(event["raw_data"], line, "{event}");
        }
    }

    /// Each assumption of the plain Classic path (`classic_plain`) broken once: the line
    /// is refused there and written by the general path, as it was before.
    #[test]
    fn plain_classic_lines_are_refused_unless_usual() {
        const LINE: &str = r#"2024-03-01T12:00:02.001069Z legacy-elb 192.0.2.52:2819 10.0.0.1:80 0.001069 0.000028 0.000041 200 200 82 305 "GET http://h/ HTTP/1.1" "-" - -"#;
        let taken = |line: &str| {
            let mut d = Delimiters::default();
            let text = d.ascii_up_to(line.as_bytes(), usize::MAX).expect("plain");
            let mut f = [""; plain::CLASSIC_FIELDS];
            let request = plain::classic(text, &d, &mut f).expect("the Classic shape");
            let raw = Raw {
                bytes: line.as_bytes(),
                text: text.text(),
                quotes: 4,
                plain: Some(d.quotes()),
            };
            struct Nothing;
            impl crate::Sink for Nothing {
                fn event(&mut self, _class_uid: u32, _json: &[u8]) {}
                fn reject(&mut self, reject: crate::Reject) {
                    panic!("rejected: {reject:?}");
                }
            }
            let (opts, mut sink) = (crate::Options { raw_data: true }, Nothing);
            let mut out = Out::new(crate::Source::Elb, &opts, &mut sink);
            let mut templates = usual::Templates::new(true);
            classic_plain(raw, &f, request, &mut templates, &mut out)
        };
        assert!(taken(LINE));
        // A request with one or three spaces: not cut at them, read by `Request::of`.
        assert!(taken(&LINE.replace(" HTTP/1.1", " HTTP/1.1 x")));
        for line in [
            // No time, a time of another shape that does not parse, a name with a `/`
            // (an ALB's), a method that is not OCSF's, a TCP listener, a `-` URL, a
            // request of one or two words.
            LINE.replace("2024-03-01T12:00:02.001069Z", "2024-13-01T12:00:02.001069Z"),
            LINE.replace("2024-03-01T12:00:02.001069Z", "1"),
            LINE.replace("legacy-elb", "app/legacy/1"),
            LINE.replace("GET http", "PATCH http"),
            LINE.replace("GET http", "get http"),
            LINE.replace("GET http://h/ HTTP/1.1", "- - - "),
            LINE.replace("GET http://h/ HTTP/1.1", "GET - HTTP/1.1"),
            LINE.replace("GET http://h/ HTTP/1.1", "GET"),
            LINE.replace("GET http://h/ HTTP/1.1", "GET http://h/"),
        ] {
            assert!(!taken(&line), "taken: {line}");
        }
    }

    #[test]
    fn host_ports() {
        assert_eq!(split_host_port("10.0.0.1:80"), ("10.0.0.1", Some(80)));
        assert_eq!(split_host_port("[fe80::1]:443"), ("fe80::1", Some(443)));
        assert_eq!(split_host_port("fe80::1"), ("fe80::1", None));
        assert_eq!(
            split_host_port("12.34.178.90.32:40860"),
            ("12.34.178.90.32", Some(40860))
        );
        assert_eq!(split_host_port("host:notaport"), ("host:notaport", None));
    }

    #[test]
    fn urls() {
        let url = "https://www.example.com:443/a/b?x=1&y=2";
        let mut u = Url::default();
        parse_url(&Cow::Borrowed(url), url, &mut u);
        assert_eq!(u.scheme.as_deref(), Some("https"));
        assert_eq!(u.hostname.as_deref(), Some("www.example.com"));
        assert_eq!(u.port, Some(443));
        assert_eq!(u.path.as_deref(), Some("/a/b"));
        assert_eq!(u.query_string.as_deref(), Some("x=1&y=2"));
        // An IPv6 literal is not a hostname_t: the URL keeps it in url_string only.
        let url = "wss://[2001:db8::1]:8443";
        let mut u = Url::default();
        parse_url(&Cow::Borrowed(url), url, &mut u);
        assert_eq!(
            (u.hostname.as_deref(), u.port, u.path.as_deref()),
            (None, Some(8443), Some("/"))
        );
    }
}
