//! The event of a usual access-log line, written straight from the parsed line.
//!
//! Nearly every line of a server's log has one shape: a client address, maybe a user, a
//! request line with one of OCSF's eight methods and a `/path?query` target, a status, a
//! size, a referrer and a user agent, in valid UTF-8 with no escapes. Their events differ
//! only in those values, so they are written like a template: the constant parts (the
//! class's head, keys, captions, product) are bytes made once per file, and the values go
//! in between. Building the typed `HttpActivity` (about 150 optional fields, checked again
//! on drop) and writing it field by field cost about twice what this does.
//!
//! Such a line is nearly always *plain* too (ASCII, no control character, no `\\`: see
//! `crate::delimiters`): then one pass finds its quotes and spaces, `Usual::plain` cuts the
//! fields straight from those positions (checking that the general parser would cut them
//! the same way), nothing needs escaping but `raw_data`'s quotes, and the event is
//! written through `template::Room`. Other lines of the usual shape take the general
//! parser (`clf`) and `Usual::of`.
//!
//! Every other line (escapes, proxy chains, virtual hosts, extra fields, other methods,
//! absolute targets...) is built as the typed event. The typed event stays the reference:
//! debug builds (every test, the corpus and the fuzzers) also build it for each line
//! written here and compare the bytes (`Out::check_template`).

use super::{clf, scan, text::LineText, time::ClfClock, Flavor};
use crate::delimiters::{Ascii, Delimiters};
use crate::template::{self, Put, Room};
use ocsf::json::{write_str, WriteConstant, WriteJson};
use ocsf::objects::{profile, Observable, Status};

/// The constant parts of one file's events (the product is the file's, and whether
/// `raw_data` is written is the run's option), made with the typed writer where they
/// hold a caption or name.
pub(crate) struct Template {
    /// By activity id (0 to 8; lines take 2 to 8): `{"activity_id":3,…,"time":`.
    heads: [Vec<u8>; 9],
    /// By status (Unknown, Success, Failure): `,"status_id":1,"status":"Success"`, and
    /// for the last two `,"status_code":` after it (a line with a status has a code).
    statuses: [Vec<u8>; 3],
    /// `,"metadata":{"version":"1.1.0","product":{…},"original_time":`, without and
    /// with `"profiles":["host"]` (for lines with a user) before the time.
    metadata: [Vec<u8>; 2],
    /// `},"observables":[` and the observable of the client's address up to the value;
    /// the user's name's observable up to the value.
    ip: Vec<u8>,
    user_name: Vec<u8>,
    /// By activity: `,"http_request":{"http_method":"GET","url":{"url_string":` for the
    /// activity's method (`METHODS`).
    requests: [Vec<u8>; 9],
    /// `},"dst_endpoint":{"svc_name":"nginx"}` (closing `src_endpoint`), and the same
    /// closing the event too (for lines without a user, whose actor would follow).
    server: [Vec<u8>; 2],
    raw_data: bool,
    /// Room for a plain line's event (`Room`), and the part of its bound that does not
    /// grow with the line: every piece above, the keys and the numbers.
    room: Vec<u8>,
    fixed: usize,
    /// The last event time and zone offset, and their digits with the offset's key, kept
    /// while the second does not change (a busy log has many lines a second; formatting
    /// 13 digits costs more than a head).
    time: ((i64, Option<i32>), Vec<u8>),
}

impl Template {
    pub(crate) fn new(flavor: Flavor, raw_data: bool) -> Template {
        let heads = template::http_heads();
        let mut statuses =
            [Status::Unknown, Status::Success, Status::Failure].map(template::status);
        for with_code in &mut statuses[1..] {
            with_code.extend_from_slice(b",\"status_code\":");
        }
        let mut metadata = b",\"metadata\":{\"version\":".to_vec();
        ocsf::VERSION.write_json(&mut metadata);
        metadata.extend_from_slice(b",\"product\":");
        flavor.product().write_json(&mut metadata);
        let mut with_profiles = metadata.clone();
        with_profiles.extend_from_slice(b",\"profiles\":");
        vec![profile::HOST].write_constant(&mut with_profiles);
        let metadata = [metadata, with_profiles].map(|mut piece| {
            piece.extend_from_slice(b",\"original_time\":");
            piece
        });
        let user_name = template::up_to_value(Observable::user_name("actor.user.name", "".into()));
        let mut ip = b"},\"observables\":[".to_vec();
        ip.extend(template::up_to_value(Observable::ip(
            "src_endpoint.ip",
            "".into(),
        )));
        let mut server = b"},\"dst_endpoint\":{\"svc_name\":".to_vec();
        write_str(&mut server, flavor.service);
        server.push(b'}');
        let mut last = server.clone();
        last.push(b'}');
        let server = [server, last];
        let requests = METHODS.map(|method| {
            let mut piece = b",\"http_request\":{\"http_method\":".to_vec();
            write_str(&mut piece, method);
            piece.extend_from_slice(b",\"url\":{\"url_string\":");
            piece
        });
        let longest = |pieces: &[Vec<u8>]| pieces.iter().map(Vec::len).max().unwrap_or(0);
        // The keys written as literals, the numbers and the time take well under 1 KiB.
        let fixed = longest(&heads)
            + longest(&requests)
            + longest(&statuses)
            + longest(&metadata)
            + ip.len()
            + user_name.len()
            + longest(&server)
            + 1024;
        Template {
            room: Vec::new(),
            fixed,
            heads,
            requests,
            statuses,
            metadata,
            ip,
            user_name,
            server,
            raw_data,
            time: ((0, None), b"0".to_vec()),
        }
    }
}

/// The method of each HTTP activity id, as `http_activity::from_method` reads it.
const METHODS: [&str; 9] = [
    "", "CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "TRACE",
];

/// A line of the usual shape: its values, as text borrowed from the line.
pub(crate) struct Usual<'a> {
    activity: usize,
    time: i64,
    offset: Option<i32>,
    original_time: &'a str,
    status: Option<u16>,
    bytes: Option<u64>,
    /// `bytes` as the line writes it, when that is how the integer is written too.
    size_text: Option<&'a str>,
    client: &'a str,
    user: Option<&'a str>,
    line: &'a str,
    method: &'a str,
    /// Whether `method` is known to be `METHODS[activity]`.
    method_named: bool,
    target: &'a str,
    version: Option<&'a str>,
    referer: Option<&'a str>,
    user_agent: Option<&'a str>,
    /// nginx `main`'s X-Forwarded-For, when it is one address.
    xff: Option<&'a str>,
    quotes: Quotes<'a>,
}

/// What is known of the line's `"`.
#[derive(Clone, Copy)]
enum Quotes<'a> {
    /// `clf::Line::quotes`: how many of them are the quotes around fields.
    Counted(u8),
    /// A plain line's (`Delimiters`): where they all are. Each is the quote of a field,
    /// and nothing else in the line needs escaping.
    At(&'a [u32]),
}

impl<'a> Usual<'a> {
    /// The line's values when it has the usual shape (see the module docs), else `None`:
    /// the typed event is then built, so this may say `None` for any reason at all.
    pub(crate) fn of(
        t: &LineText<'a>,
        p: &clf::Line<'a>,
        (time, offset): (i64, Option<i32>),
    ) -> Option<Usual<'a>> {
        if p.backslash
            || p.vhost.is_some()
            || p.xff.is_some()
            || p.ident.is_some()
            || p.tls.is_some()
            || !p.rest.is_empty()
            || p.truncated
        {
            return None;
        }
        let line = t.text()?;
        let request = super::request_parts(t.str_of(p.request?)?)?;
        let activity = ocsf::network::http_activity::from_method(request.method).0;
        // CONNECT's target is an authority, and an absolute target has a scheme and host:
        // both are the typed event's. (A `/` target has no scheme.)
        if !matches!(activity, 2..=8) || !request.target.starts_with('/') {
            return None;
        }
        let client = t.str_of(p.client?)?;
        if !scan::is_ip(client) {
            return None;
        }
        Some(Usual {
            activity: activity as usize,
            time,
            offset,
            original_time: t.str_of(p.time)?,
            status: p.status,
            bytes: p.bytes,
            size_text: None,
            client,
            user: match p.user {
                Some(u) => Some(t.str_of(u)?),
                None => None,
            },
            line,
            method: request.method,
            method_named: false,
            target: request.target,
            version: request.version,
            referer: match p.referer {
                Some(r) => Some(t.str_of(r)?),
                None => None,
            },
            user_agent: match p.user_agent {
                Some(u) => Some(t.str_of(u)?),
                None => None,
            },
            xff: None,
            quotes: Quotes::Counted(p.quotes),
        })
    }

    /// The values of a plain line (`Delimiters::text_up_to` found `d` in it, at least
    /// eight spaces when it has them) of the usual shape, cut
    /// straight from its quotes and spaces: `client - user [time zone] "request" status
    /// bytes`, then `"referer" "user-agent"` (and nginx `main`'s `"-"`) or nothing, one
    /// space apart. `None` for any
    /// other line, which then takes `clf::parse_into` and `Usual::of`. What this accepts,
    /// those split the same way: the user has no `[` (where the parser would look for the
    /// time) and no `,` (a list), the request's closing quote is followed by the status,
    /// and the line ends with the last quote or the bytes.
    pub(crate) fn plain(
        ascii: Ascii<'a>,
        d: &'a Delimiters,
        clock: &mut ClfClock,
    ) -> Option<Usual<'a>> {
        let (text, line) = (ascii.text(), ascii.bytes());
        let quotes = d.quotes();
        let (q0, q1) = match *quotes {
            [q0, q1] | [q0, q1, _, _, _, _] | [q0, q1, _, _, _, _, _, _] => {
                (q0 as usize, q1 as usize)
            }
            _ => return None,
        };
        let [s0, s1, s2, _, s4, ..] = *d.spaces() else {
            return None;
        };
        let (s0, s1, s2) = (s0 as usize, s1 as usize, s2 as usize);
        // Five spaces before the request's quote, the fifth right before it: client,
        // ident `-`, user, then the bracketed time with its one space.
        if s4 as usize + 1 != q0
            || s0 == 0
            || s1 != s0 + 2
            || line[s0 + 1] != b'-'
            || s2 == s1 + 1
            || q0 != s2 + 30
            || line[s2 + 1] != b'['
            || line[q0 - 2] != b']'
        {
            return None;
        }
        let user = &line[s1 + 1..s2];
        if user.iter().any(|&c| c == b'[' || c == b',') {
            return None;
        }
        let client = ascii.cut(0, s0);
        if !scan::is_ip(client) {
            return None;
        }
        let time = clock.parse(&line[s2 + 2..q0 - 2])?;
        let (status, bytes, after) = clf::status_and_bytes(&line[q1 + 1..])?;
        // The size's digits (after `" 200 `), copied when they are what the integer writer
        // writes.
        let size = ascii.cut(q1 + 6, line.len() - after.len());
        let size_text = scan::written_as_read(size.as_bytes()).then_some(size);
        let (referer, user_agent, xff) = match *quotes {
            [_, _] if after.is_empty() => (None, None, None),
            [_, _, q2, q3, q4, q5, ref tail @ ..] => {
                let (q2, q3, q4, q5) = (q2 as usize, q3 as usize, q4 as usize, q5 as usize);
                // nginx's `main`: an X-Forwarded-For field after the user agent, `-` or
                // one address (a list, or anything else, is the general parser's).
                let (end, xff) = match *tail {
                    [] => (q5 + 1, None),
                    [q6, q7] if q6 as usize == q5 + 2 && line[q5 + 1] == b' ' => {
                        let (q6, q7) = (q6 as usize, q7 as usize);
                        let xff = match ascii.cut(q6 + 1, q7) {
                            "-" => None,
                            xff if scan::is_ip(xff) => Some(xff),
                            _ => return None,
                        };
                        (q7 + 1, xff)
                    }
                    _ => return None,
                };
                // ` "referer" "user-agent"` and the end.
                if after.len() != line.len() - q2 + 1
                    || line[q2 - 1] != b' '
                    || q4 != q3 + 2
                    || line[q3 + 1] != b' '
                    || end != line.len()
                {
                    return None;
                }
                (
                    dash(ascii.cut(q2 + 1, q3)),
                    dash(ascii.cut(q4 + 1, q5)),
                    xff,
                )
            }
            _ => return None,
        };
        let (request, upper) = plain_request(ascii, d.spaces(), q0, q1)?;
        let activity = ocsf::network::http_activity::from_method(request.method).0;
        if !matches!(activity, 2..=8) || !request.target.starts_with('/') {
            return None;
        }
        debug_assert!(!upper || request.method == METHODS[activity as usize]);
        Some(Usual {
            activity: activity as usize,
            time: time.0,
            offset: time.1,
            original_time: ascii.cut(s2 + 2, q0 - 2),
            status: Some(status),
            bytes: Some(bytes),
            size_text,
            client,
            user: dash(ascii.cut(s1 + 1, s2)),
            line: text,
            method: request.method,
            // Upper-case letters (and `-`, `_`) that name an activity (`from_method` is
            // case-insensitive) are the name itself.
            method_named: upper,
            target: request.target,
            version: request.version,
            referer,
            user_agent,
            xff,
            quotes: Quotes::At(quotes),
        })
    }

    /// Append the event, byte for byte what the typed event's writer writes.
    pub(crate) fn write(&self, template: &mut Template, out: &mut Vec<u8>) {
        if template.time.0 != (self.time, self.offset) {
            let digits = &mut template.time.1;
            digits.clear();
            self.time.write_json(digits);
            if let Some(offset) = self.offset {
                digits.extend_from_slice(b",\"timezone_offset\":");
                offset.write_json(digits);
            }
            template.time.0 = (self.time, self.offset);
        }
        if let Quotes::At(..) = self.quotes {
            // A plain line's event has a bound (its values are parts of the line, each
            // written at most twice, raw_data's quotes escaped): written in room.
            let mut buf = std::mem::take(&mut template.room);
            let mut room = Room::new(&mut buf, template.fixed + 4 * self.line.len());
            self.write_to(template, &mut room);
            debug_assert!(room.event().is_some(), "a plain line's event fits its room");
            match room.event() {
                Some(event) => out.put(event),
                None => self.write_to(template, out),
            }
            template.room = buf;
        } else {
            self.write_to(template, out);
        }
    }

    #[inline(always)]
    fn write_to(&self, template: &Template, out: &mut impl Put) {
        // Every field of a plain line is clean; of another line, that is known only once
        // `raw_data` is written (below), else not at all.
        let plain = matches!(self.quotes, Quotes::At(_));
        out.put(&template.heads[self.activity]);
        out.put(&template.time.1);
        // Success for 1xx to 3xx, as `access_log::set_status` says.
        // The code's digits are both `status_code` and `http_response.code` (below).
        let code = self.status.map(|code| (code, scan::status_text(code)));
        match &code {
            Some((code, digits)) => {
                let status = if (100..400).contains(code) { 1 } else { 2 };
                out.put(&template.statuses[status]);
                out.put_str(digits, true);
            }
            None => out.put(&template.statuses[0]),
        }
        out.put(&template.metadata[usize::from(self.user.is_some())]);
        out.put_str(self.original_time, plain);
        // The client and the user are written again below: copied from here.
        out.put(&template.ip);
        let client = out.put_str(self.client, plain);
        let user = self.user.map(|user| {
            out.put(b"},");
            out.put(&template.user_name);
            out.put_str(user, plain)
        });
        // The fields below are parts of the line: when its escaping added nothing but the
        // quotes around fields, they have nothing to escape (without `raw_data`, unknown).
        let mut clean = plain;
        match (template.raw_data, self.quotes) {
            (false, _) => out.put(b"}]"),
            (true, Quotes::Counted(quotes)) => {
                out.put(b"}],\"raw_data\":");
                let raw = out.put_str(self.line, false);
                clean = raw.len() == self.line.len() + 2 + usize::from(quotes);
            }
            (true, Quotes::At(at)) => {
                out.put(b"}],\"raw_data\":\"");
                template::put_plain(out, self.line.as_bytes(), at);
                out.put(b"\"");
            }
        }

        // The method is nearly always its activity's name, in upper case.
        if self.method_named || self.method == METHODS[self.activity] {
            out.put(&template.requests[self.activity]);
        } else {
            out.put(b",\"http_request\":{\"http_method\":");
            out.put_str(self.method, clean);
            out.put(b",\"url\":{\"url_string\":");
        }
        let url = out.put_str(self.target, clean);
        // The path and the query are the parts of the quoted target around its first `?`,
        // copied rather than escaped again (escaping goes byte by byte and never writes a
        // `?`). The path starts with the target's `/`: it is never empty.
        out.put(b",\"path\":");
        match scan::find_byte(b'?', out.written(url.clone())) {
            None => out.put_copy(url),
            Some(i) => {
                let mark = url.start + i;
                out.put_copy(url.start..mark);
                out.put(b"\"");
                if mark + 2 < url.end {
                    out.put(b",\"query_string\":\"");
                    out.put_copy(mark + 1..url.end);
                }
            }
        }
        match self.version {
            Some(version) => {
                out.put(b"},\"version\":");
                out.put_str(version, clean);
            }
            None => out.put(b"}"),
        }
        if let Some(user_agent) = self.user_agent {
            out.put(b",\"user_agent\":");
            out.put_str(user_agent, clean);
        }
        if let Some(referer) = self.referer {
            out.put(b",\"referrer\":");
            out.put_str(referer, clean);
        }
        if let Some(xff) = self.xff {
            out.put(b",\"x_forwarded_for\":[");
            out.put_str(xff, clean);
            out.put(b"]");
        }
        out.put(b"},\"http_response\":{\"code\":");
        out.put(code.as_ref().map_or("0", |(_, digits)| digits).as_bytes());
        if let Some(size) = self.size_text {
            out.put(b",\"length\":");
            out.put(size.as_bytes());
        } else if let Some(bytes) = self.bytes.and_then(|b| i64::try_from(b).ok()) {
            out.put(b",\"length\":");
            out.put_int(bytes);
        }
        out.put(b"},\"src_endpoint\":{\"ip\":");
        out.put_copy(client);
        match user {
            None => out.put(&template.server[1]),
            Some(user) => {
                out.put(&template.server[0]);
                out.put(b",\"actor\":{\"user\":{\"name\":");
                out.put_copy(user);
                out.put(b"}}}");
            }
        }
    }
}

/// The request between the quotes `q0` and `q1` of a plain line (`spaces` are its
/// spaces): `METHOD target HTTP/version` split at its two spaces, which is what
/// `request_parts` makes of it, found without its searches, with `true` (its method is
/// upper-case letters, `-` and `_`); any other request by `request_parts`, with `false`.
fn plain_request<'a>(
    ascii: Ascii<'a>,
    spaces: &[u32],
    q0: usize,
    q1: usize,
) -> Option<(super::RequestParts<'a>, bool)> {
    // The spaces after the five before the request: two inside, then the one after it.
    if let [_, _, _, _, _, a, b, after, ..] = *spaces {
        let (a, b) = (a as usize, b as usize);
        let bytes = ascii.bytes();
        let method = &bytes[q0 + 1..a];
        if after as usize == q1 + 1
            && (1..=32).contains(&method.len())
            && method
                .iter()
                .all(|&c| c.is_ascii_uppercase() || c == b'-' || c == b'_')
            && b > a + 1
            && bytes[b + 1..q1].starts_with(b"HTTP/")
        {
            let parts = super::RequestParts {
                method: ascii.cut(q0 + 1, a),
                target: ascii.cut(a + 1, b),
                version: Some(ascii.cut(b + 6, q1)),
            };
            return Some((parts, true));
        }
    }
    Some((super::request_parts(ascii.cut(q0 + 1, q1))?, false))
}

/// `-` and empty fields are absent (as `clf` reads them).
#[inline(always)]
fn dash(s: &str) -> Option<&str> {
    // A slice pattern: length tests, no `memcmp` call.
    match s.as_bytes() {
        [] | [b'-'] => None,
        _ => Some(s),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{time, typed as typed_event};
    use super::*;
    use crate::out::typed_bytes;
    use crate::{Options, Source};

    /// The template's bytes for `line`, or `None` when the line is not of the usual shape.
    fn template(line: &str, source: Source, raw_data: bool) -> Option<Vec<u8>> {
        let mut p = clf::Line::default();
        clf::parse_into(line.as_bytes(), &mut p).expect("a valid line");
        let time = time::parse_clf(p.time).expect("a valid time");
        let t = LineText::with_backslash(line.as_bytes(), p.backslash);
        let usual = Usual::of(&t, &p, time)?;
        let mut out = Vec::new();
        usual.write(&mut Template::new(Flavor::of(source), raw_data), &mut out);
        Some(out)
    }

    /// The plain path's bytes for `line`, or `None` when it does not take the line.
    fn plain(line: &str, source: Source, raw_data: bool) -> Option<Vec<u8>> {
        let mut d = Delimiters::default();
        let ascii = d.ascii_up_to(line.as_bytes(), 8)?;
        let usual = Usual::plain(ascii, &d, &mut ClfClock::default())?;
        let mut out = Vec::new();
        usual.write(&mut Template::new(Flavor::of(source), raw_data), &mut out);
        Some(out)
    }

    fn typed(line: &str, source: Source, raw_data: bool) -> Vec<u8> {
        let mut p = clf::Line::default();
        clf::parse_into(line.as_bytes(), &mut p).expect("a valid line");
        let time = time::parse_clf(p.time).expect("a valid time");
        let t = LineText::with_backslash(line.as_bytes(), p.backslash);
        let opts = Options { raw_data };
        typed_bytes(source, &opts, |o| {
            typed_event(&t, &p, Flavor::of(source), time, &mut Vec::new(), o)
        })
    }

    #[test]
    fn usual_lines_are_written_as_their_typed_events() {
        let long_agent = format!("\"Mozilla/5.0 {}\"", "(KHTML, like Gecko) ".repeat(20));
        let lines = [
            r#"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#.to_owned(),
            r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 +0530] "POST /login?next=%2F HTTP/1.1" 302 -"#.to_owned(),
            r#"::1 - - [01/Jan/2024:00:00:00 +0000] "HEAD / HTTP/2.0" 404 0 "-" "curl/8.4.0""#.to_owned(),
            r#"2001:db8::7 - bob [01/Jan/2024:23:59:59 -1200] "DELETE /a?b?c HTTP/1.1" 500 17 "https://example.com/?q=1" "Mozilla/5.0 (X11; Linux x86_64)""#.to_owned(),
            r#"10.0.0.1 - - [29/Feb/2024:12:00:00 +0100] "OPTIONS /? HTTP/1.1" - - "-" "-""#.to_owned(),
            r#"10.0.0.1 - - [29/Feb/2024:12:00:00 +0100] "PUT /upload" 101 5"#.to_owned(),
            r#"10.0.0.1 - - [29/Feb/2024:12:00:00 +0100] "TRACE /x HTTP/1.1" 999 5 "-" "agent	with a tab""#.to_owned(),
            r#"203.0.113.9 - w [05/Mar/2024:08:09:10 +0000] "GET /caf%C3%A9/日本?q=ü HTTP/1.1" 200 123456789012 "https://例え.jp/" "Mozilla/5.0 (日本語)""#.to_owned(),
            format!(r#"10.1.2.3 - - [05/Mar/2024:08:09:10 +0000] "GET /{} HTTP/1.1" 200 1 "-" {long_agent}"#, "p".repeat(300)),
            // A quote inside the request line (not a delimiter): nothing is clean.
            r#"10.0.0.1 - - [29/Feb/2024:12:00:00 +0100] "GET /a"b?c"d HTTP/1.1" 200 5 "-" "x""#.to_owned(),
        ];
        // The lines the plain path takes too: ASCII with no control character, a status and
        // a size, and no quote but the fields'.
        let plain_lines = [0, 2, 3, 5, 8];
        for (i, line) in lines.iter().enumerate() {
            for source in [Source::Nginx, Source::Apache] {
                for raw_data in [true, false] {
                    let written = template(line, source, raw_data)
                        .unwrap_or_else(|| panic!("not taken as usual: {line}"));
                    let typed = typed(line, source, raw_data);
                    assert_eq!(
                        String::from_utf8_lossy(&written),
                        String::from_utf8_lossy(&typed),
                        "{line}"
                    );
                    let plain = plain(line, source, raw_data);
                    assert_eq!(plain.is_some(), plain_lines.contains(&i), "{line}");
                    if let Some(plain) = plain {
                        assert_eq!(
                            String::from_utf8_lossy(&plain),
                            String::from_utf8_lossy(&typed),
                            "{line}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn plain_lines_are_written_as_their_typed_events() {
        let lines = [
            r#"192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 0"#.to_owned(),
            r#"192.0.2.1 - u [01/Jan/2024:00:00:00 -0930] "POST /a?b=c&d HTTP/2.0" 201 9999999999999999999 "" "-""#.to_owned(),
            r#"fe80::1 - user.name@example.com [31/Dec/1999:23:59:59 +1400] "DELETE /x? HTTP/1.0" 100 1 "-" "a b c""#.to_owned(),
            "10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] \"OPTIONS /~a/%20b/c.d?x=]&y=[ HTTP/1.1\" 599 12 \"http://e.x/?r=1 2\" \"Mozilla/5.0 (X; Y) \x7f\"".to_owned(),
            r#"10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /a HTTP/1.1 HTTP/1.1" 000 0 "-" "-""#.to_owned(),
            r#"10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "PUT /a  b" 204 0 "-" "-""#.to_owned(),
            r#"10.0.0.1 - ]x [01/Jan/2024:00:00:00 +0000] "TRACE /a HTTP/" 204 0"#.to_owned(),
            // nginx's `main` format with no X-Forwarded-For, and with one address.
            r#"10.0.0.1 - - [01/Jan/2024:00:00:00 +0330] "GET /a HTTP/1.1" 200 5 "-" "curl/8.4.0" "-""#.to_owned(),
            r#"10.0.0.1 - - [01/Jan/2024:00:00:00 +0330] "GET /a HTTP/1.1" 200 5 "https://e.x/" "curl/8.4.0" "203.0.113.7""#.to_owned(),
            r#"10.0.0.1 - u [01/Jan/2024:00:00:00 +0330] "GET /a HTTP/1.1" 200 5 "-" "-" "2001:db8::1""#.to_owned(),
            format!(r#"10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /{} HTTP/1.1" 200 1 "-" "{}""#, "a".repeat(70), "b ".repeat(100)),
        ];
        for line in &lines {
            for source in [Source::Nginx, Source::Apache] {
                for raw_data in [true, false] {
                    let written = plain(line, source, raw_data)
                        .unwrap_or_else(|| panic!("not taken as plain: {line}"));
                    assert_eq!(
                        String::from_utf8_lossy(&written),
                        String::from_utf8_lossy(&typed(line, source, raw_data)),
                        "{line}"
                    );
                }
            }
        }
    }

    #[test]
    fn methods_are_their_activities() {
        for (id, method) in METHODS.iter().enumerate().skip(1) {
            assert_eq!(
                ocsf::network::http_activity::from_method(method).0,
                id as i32
            );
        }
    }

    #[test]
    fn sizes_beyond_a_long_are_left_out_not_wrapped() {
        let line =
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 9223372036854775808"#;
        for json in [
            typed(line, Source::Nginx, true),
            plain(line, Source::Nginx, true).unwrap(),
        ] {
            let json = String::from_utf8(json).unwrap();
            assert!(json.contains(r#""http_response":{"code":200}"#), "{json}");
        }
        let line = line.replace("808", "807");
        let json = String::from_utf8(plain(&line, Source::Nginx, true).unwrap()).unwrap();
        assert!(json.contains(r#""length":9223372036854775807}"#), "{json}");
    }

    /// Lines the general parser reads (most as usual lines) that the plain path leaves
    /// to it: another spacing, a `-` size or status, a user it would read otherwise.
    #[test]
    fn plain_path_refuses_other_spacings_and_fields() {
        let lines = [
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 -"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" - 1"#,
            r#"1.2.3.4  - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700]  "GET / HTTP/1.1" 200 1"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1"  200 1"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "#,
            r#" 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1  "-" "x""#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-"  "x""#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "x" "#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "x" "y""#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "x" "10.0.0.1, 10.0.0.2""#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "x" "unknown""#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "x" """#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "x" "--""#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "x"  "-""#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "x" "-" "-""#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "x" "-" "#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-""#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36] "GET / HTTP/1.1" 200 1"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -07000] "GET / HTTP/1.1" 200 1"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 2000 1"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1x"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 x"#,
            // A user the parser would read as a list, or as the time's bracket.
            r#"1.2.3.4 - a,b [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1"#,
            r#"1.2.3.4 - [1a/bcd/e [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1"#,
            // An ident; an empty user or ident.
            r#"1.2.3.4 x - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1"#,
            r#"1.2.3.4 --  [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1"#,
            r#"1.2.3.4  -- [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1"#,
        ];
        for line in lines {
            for raw_data in [true, false] {
                assert!(plain(line, Source::Nginx, raw_data).is_none(), "{line}");
            }
        }
    }

    /// The plain path inside `normalize`: lines it takes and lines it leaves, each one
    /// event or one reject (and in debug builds, as every test is, each event the plain
    /// path writes is compared with its typed event by `check_plain`).
    #[test]
    fn normalize_takes_plain_lines_and_leaves_the_rest() {
        #[derive(Default)]
        struct Count(Vec<Vec<u8>>, usize);
        impl crate::Sink for Count {
            fn event(&mut self, _class_uid: u32, json: &[u8]) {
                self.0.push(json.to_vec());
            }
            fn reject(&mut self, _reject: crate::Reject) {
                self.1 += 1;
            }
        }
        let text = concat!(
            "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"\n",
            "1.2.3.4 - [1a/bcd/e [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1\n",
            "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\" \"y\"\n",
            "1.2.3.4 - - [10/Oct/2000:13:55:99 -0700] \"GET / HTTP/1.1\" 200 1\n",
            "1.2.3.4 - - [10/Oct/2000:13:55:37 -0700] \"GET /a HTTP/1.1\" 404 0\r\n",
        );
        let mut sink = Count::default();
        let opts = Options::default();
        let mut out = crate::Out::new(Source::Nginx, &opts, &mut sink);
        super::super::normalize(text.as_bytes(), &mut out).expect("in memory");
        drop(out);
        // The user `[1a/bcd/e` is where the parser looks for the time: a reject, as is the
        // second 99.
        assert_eq!((sink.0.len(), sink.1), (3, 2));
        let lines: Vec<&str> = text.lines().collect();
        for (event, line) in sink.0.iter().zip([lines[0], lines[2], lines[4]]) {
            let typed = typed(line.trim_end_matches('\r'), Source::Nginx, true);
            assert_eq!(
                String::from_utf8_lossy(event),
                String::from_utf8_lossy(&typed)
            );
        }
    }

    #[test]
    fn other_shapes_take_the_typed_event() {
        let lines = [
            // An escape in a quoted field.
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /a\"b HTTP/1.1" 200 1 "-" "x""#,
            // A virtual host in front (vhost_combined).
            r#"example.com:443 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "x""#,
            // nginx `main`: the X-Forwarded-For list after the user agent.
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "x" "5.6.7.8, 9.9.9.9""#,
            // An ident.
            r#"1.2.3.4 ident - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1"#,
            // A method OCSF does not list, CONNECT, an absolute target, no method at all.
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "PATCH /a HTTP/1.1" 200 1"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "CONNECT example.com:443 HTTP/1.1" 200 1"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET http://example.com/a HTTP/1.1" 200 1"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET * HTTP/1.1" 200 1"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "-" 400 0"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "\x16\x03\x01" 400 0"#,
            // A client that is a name, a proxy chain, or absent.
            r#"host.example.com - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1"#,
            r#"1.2.3.4, 5.6.7.8 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1"#,
            r#"- - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1"#,
        ];
        for line in lines {
            for source in [Source::Nginx, Source::Apache] {
                assert!(template(line, source, true).is_none(), "{line}");
                assert!(plain(line, source, true).is_none(), "{line}");
            }
        }
        // Bytes that are not UTF-8.
        let line = b"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\xff HTTP/1.1\" 200 1";
        let mut p = clf::Line::default();
        clf::parse_into(line, &mut p).expect("a valid line");
        let t = LineText::with_backslash(line, p.backslash);
        assert!(Usual::of(&t, &p, (0, None)).is_none());
    }
}
