//! The event of a usual Squid line, written straight from its fields.
//!
//! Nearly every line of a Squid `access.log` has one shape: valid UTF-8, the ten native
//! fields and nothing after them, a number of milliseconds, a size or `-`. Their events
//! differ only in the values, so they are written like a template: the constant parts
//! (the class's head by activity, captions, product, profiles, proxy, disposition) are
//! bytes made once per file with the typed writer, and the values go in between. Building
//! the typed `HttpActivity` (about 150 optional fields, checked again on drop) and
//! writing it field by field cost about twice what this does. The constant parts, the
//! usual time text and the addresses written twice are copied at fixed sizes and cut back
//! to their lengths ([`Piece`], `put_within`): a `memcpy` call for each piece of another
//! length cost branch mispredictions more than its instructions.
//!
//! A plain line (`squid::State::line`: ASCII, no control character, no `\`) has nothing to
//! escape but its quotes: `raw_data` is written as the pieces between them, and when it has
//! none the fields are copied between quotes as they are. For other lines the same is known
//! when escaping the line for `raw_data` added nothing.
//!
//! Any other line (invalid UTF-8, trailing fields, an `elapsed` or `bytes` that is not a
//! number) is built as the typed event, which stays the reference: debug builds (every
//! test, the corpus and the fuzzers) also build it for each line written here and compare
//! the bytes (`Out::check_template`).

use super::{has, present, Fields};
use crate::access_log::scan::{self, parse_i64};
use crate::access_log::split_host_port;
use crate::template;
use ocsf::json::{write_str, WriteConstant, WriteJson};
use ocsf::network::{http_activity, HttpActivity};
use ocsf::objects::{profile, Action, Disposition, NetworkProxy, Observable, Status};
use std::borrow::Cow;
use std::ops::Range;

/// The activities `http_activity::from_method` gives, in the order of `Template::heads`.
const ACTIVITIES: [(i32, &str); 10] = [
    http_activity::UNKNOWN,
    http_activity::CONNECT,
    http_activity::DELETE,
    http_activity::GET,
    http_activity::HEAD,
    http_activity::OPTIONS,
    http_activity::POST,
    http_activity::PUT,
    http_activity::TRACE,
    http_activity::OTHER,
];

/// The methods OCSF 1.1.0 names (others go to `unmapped.http_method`), as
/// `access_log::set_method` has them.
const OCSF_METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE",
];

/// By position in `ACTIVITIES`: the method OCSF names for it (none for Unknown and Other),
/// as written in `http_request.http_method` when the line has it exactly.
const METHODS: [&str; 10] = [
    "", "CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "TRACE", "",
];

/// The constant parts of one file's events, made with the typed writer (whether
/// `raw_data` is written is the run's option).
pub(super) struct Template {
    /// By position in `ACTIVITIES`: `{"activity_id":3,…,"severity":"Informational","time":`.
    heads: [Piece<257>; 10],
    /// By status (Unknown, Success, Failure): `,"status_id":1,"status":"Success"`, and
    /// the same with `,"status_code":"` after it.
    statuses: [Vec<u8>; 3],
    statuses_code: [Piece<65>; 3],
    /// `","metadata":{"version":"1.1.0","product":{…},"profiles":[…],"original_time":"`
    /// without and with a user (`host` then `security_control`), closing `status_detail`.
    metadata: [Piece<145>; 2],
    /// The observables of the source and destination addresses and the user's name (by
    /// `SRC_IP`, `DST_IP`, `USER_NAME`), up to the value's opening quote, closing the
    /// string and the object before: first in the array (`"},"observables":[{…,"value":"`,
    /// after `original_time`) and after another (`"},{…,"value":"`).
    observables: [[Piece<97>; 2]; 3],
    /// By position in `ACTIVITIES`, for the methods of `METHODS`:
    /// `"},"http_request":{"http_method":"GET","url":{"url_string":"`, closing `unmapped`.
    requests: [Piece<65>; 10],
    /// `"},"proxy":{"svc_name":"squid"}`, closing `dst_endpoint`.
    proxy: Vec<u8>,
    /// Allowed and Blocked: `,"disposition_id":1,…,"action":"Allowed"}`, closing the event.
    dispositions: [Vec<u8>; 2],
    /// The proxy and then the disposition, for the lines without an actor between them.
    proxy_dispositions: [Piece<113>; 2],
    raw_data: bool,
}

impl Template {
    pub(super) fn new(raw_data: bool) -> Template {
        let heads = ACTIVITIES.map(|activity| {
            Piece::new(&template::head(&HttpActivity::new(
                activity,
                0,
                super::product(),
            )))
        });
        let statuses = [Status::Unknown, Status::Success, Status::Failure].map(template::status);
        let metadata = [
            vec![profile::SECURITY_CONTROL],
            vec![profile::HOST, profile::SECURITY_CONTROL],
        ]
        .map(|profiles| {
            let mut piece = b"\",\"metadata\":{\"version\":".to_vec();
            ocsf::VERSION.write_constant(&mut piece);
            piece.extend_from_slice(b",\"product\":");
            super::product().write_json(&mut piece);
            piece.extend_from_slice(b",\"profiles\":");
            profiles.write_constant(&mut piece);
            piece.extend_from_slice(b",\"original_time\":\"");
            Piece::new(&piece)
        });
        // The tail as the typed writer writes it: the proxy, then the disposition.
        let tails = [
            (Disposition::Allowed, Action::Allowed),
            (Disposition::Blocked, Action::Denied),
        ]
        .map(|(d, a)| {
            let mut event = HttpActivity::new(http_activity::GET, 0, super::product());
            event.proxy = Some(NetworkProxy {
                svc_name: Some(Cow::Borrowed(super::SERVICE)),
                ..NetworkProxy::default()
            });
            event.set_disposition(d, a);
            let json = ocsf::json::to_vec(&event);
            let (proxy, disposition) = (
                template::find(&json, b",\"proxy\":"),
                template::find(&json, b",\"disposition_id\":"),
            );
            (
                json[proxy..disposition].to_vec(),
                json[disposition..].to_vec(),
            )
        });
        let proxy = [b"\"}", &tails[0].0[..]].concat();
        let proxy_dispositions = tails
            .clone()
            .map(|(proxy, disposition)| Piece::new(&[&b"\"}"[..], &proxy, &disposition].concat()));
        let dispositions = tails.map(|(_, disposition)| disposition);
        let statuses_code = statuses
            .clone()
            .map(|status| Piece::new(&[&status[..], b",\"status_code\":\""].concat()));
        let requests = METHODS.map(|method| {
            let mut piece = b"\"},\"http_request\":{\"http_method\":".to_vec();
            write_str(&mut piece, method);
            piece.extend_from_slice(b",\"url\":{\"url_string\":\"");
            Piece::new(&piece)
        });
        Template {
            heads,
            statuses,
            statuses_code,
            requests,
            metadata,
            observables: [
                Observable::ip("src_endpoint.ip", "".into()),
                Observable::ip("dst_endpoint.ip", "".into()),
                Observable::user_name("actor.user.name", "".into()),
            ]
            .map(|observable| {
                let piece = [template::up_to_value(observable), b"\"".to_vec()].concat();
                [
                    Piece::new(&[b"\"},\"observables\":[", &piece[..]].concat()),
                    Piece::new(&[b"\"},", &piece[..]].concat()),
                ]
            }),
            proxy,
            dispositions,
            proxy_dispositions,
            raw_data,
        }
    }
}

/// A constant piece of fewer than `N` bytes, kept padded to `N`: written by one copy of a
/// fixed size (`N - 1`, a multiple of 16 for whole 16-byte moves) and a cut back to its
/// length (no `memcpy` call whose branches depend on the length, which changes from piece
/// to piece).
#[derive(Clone)]
struct Piece<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Piece<N> {
    fn new(piece: &[u8]) -> Piece<N> {
        // Constant text made by the typed writer: a size too small is a bug caught by
        // every test.
        assert!(piece.len() < N, "a piece of {} bytes in {N}", piece.len());
        let mut bytes = [0; N];
        bytes[..piece.len()].copy_from_slice(piece);
        Piece {
            bytes,
            len: piece.len(),
        }
    }

    /// Append the piece, without its first byte when `skip`.
    #[inline(always)]
    fn put(&self, out: &mut Vec<u8>, skip: bool) {
        let skip = usize::from(skip);
        let end = out.len() + self.len - skip;
        // In copies of at most 128 bytes: larger ones are `memcpy` calls again.
        let mut rest = &self.bytes[skip..][..N - 1];
        while let Some((chunk, after)) = rest.split_first_chunk::<128>() {
            out.extend_from_slice(chunk);
            rest = after;
        }
        out.extend_from_slice(rest);
        out.truncate(end);
    }

    /// [`then`] of the piece.
    #[inline(always)]
    fn then(&self, out: &mut Vec<u8>, closed: bool) {
        debug_assert_eq!(self.bytes[0], b'"');
        self.put(out, closed);
    }
}

/// The observables by position in `Template::observables`.
const SRC_IP: usize = 0;
const DST_IP: usize = 1;
const USER_NAME: usize = 2;

/// Where an address or name goes in an endpoint (`access_log::set_endpoint`'s choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Addr<'a> {
    Ip(&'a str),
    Hostname(&'a str),
    Name(&'a str),
}

impl<'a> Addr<'a> {
    /// `ip` when it parses as one, `hostname` when OCSF accepts it as one, else `name`
    /// (`None` for the empty string, which `set_endpoint` leaves out).
    fn of(value: &'a str) -> Option<Addr<'a>> {
        // The usual dotted quad without `scan::is_ip`'s bounds tests; anything else by it.
        if scan::is_ipv4(value.as_bytes()) || scan::is_ip(value) {
            Some(Addr::Ip(value))
        } else if scan::is_hostname(value) {
            Some(Addr::Hostname(value))
        } else if !value.is_empty() {
            Some(Addr::Name(value))
        } else {
            None
        }
    }

    fn ip(self) -> Option<&'a str> {
        match self {
            Addr::Ip(ip) => Some(ip),
            _ => None,
        }
    }
}

/// `scan::parse_i64(s)`, the usual number of 1 to 18 digits read without its sign and
/// overflow tests.
#[inline(always)]
fn number(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if (1..=18).contains(&b.len()) {
        // At most 17 digits before a byte that is none: no overflow either.
        let mut n = 0i64;
        let digits = b.iter().all(|&c| {
            let digit = c.wrapping_sub(b'0');
            n = n * 10 + i64::from(digit);
            digit <= 9
        });
        if digits {
            return Some(n);
        }
    }
    parse_i64(s)
}

/// Whether a Squid result code says the request failed (`ABORTED` in it, or `ERR` first)
/// and whether it was `DENIED` (in it): the usual codes matched whole, any other searched.
#[inline(always)]
fn code_kinds(code: &str) -> (bool, bool) {
    let kinds = match code.as_bytes() {
        b"TCP_MISS"
        | b"TCP_HIT"
        | b"TCP_TUNNEL"
        | b"TCP_MEM_HIT"
        | b"TCP_REFRESH_UNMODIFIED"
        | b"TCP_REFRESH_MODIFIED"
        | b"TCP_INM_HIT"
        | b"TCP_IMS_HIT"
        | b"NONE" => (false, false),
        b"TCP_DENIED" => (false, true),
        _ => (
            has(code, "ABORTED") || code.starts_with("ERR"),
            has(code, "DENIED"),
        ),
    };
    debug_assert_eq!(
        kinds,
        (
            has(code, "ABORTED") || code.starts_with("ERR"),
            has(code, "DENIED")
        )
    );
    kinds
}

/// `ms_digits(ms)` read from `text`, the time `ms` was read from, when it is the usual
/// `1525344856.899` with a first digit of 1 to 9: ten digits, a point and three digits
/// (`time::parse_epoch_seconds` accepted it, so all are digits), which are the 13 digits
/// of `ms` as they are.
#[inline(always)]
fn time_digits(text: &str, ms: i64) -> Option<[u8; 13]> {
    let digits = match *text.as_bytes() {
        [b0 @ b'1'..=b'9', b1, b2, b3, b4, b5, b6, b7, b8, b9, b'.', f0, f1, f2] => {
            Some([b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, f0, f1, f2])
        }
        _ => ms_digits(ms),
    };
    debug_assert_eq!(digits, ms_digits(ms), "{text:?}");
    digits
}

/// A line of the usual shape: its values, as text borrowed from the line.
pub(super) struct Usual<'a> {
    /// Position in `ACTIVITIES`.
    activity: usize,
    time: i64,
    /// `ms_digits(time)` when the time's text has them (see [`time_digits`]).
    time_digits: Option<[u8; 13]>,
    /// `elapsed`, and the start it gives (`None` when out of range).
    duration: Option<(i64, Option<i64>)>,
    /// Index in `Template::statuses`.
    status: usize,
    /// The HTTP status unless `-` or 0.
    code: Option<u16>,
    detail: &'a str,
    /// The fields, for those written as they are (`elapsed` and `bytes` when they are
    /// numbers, `time`, the method, the URL, the content type and the user).
    f: &'a Fields<'a>,
    line: &'a str,
    /// The positions of the line's `"` when it is plain (ASCII, no control byte, no `\`:
    /// nothing else to escape in it), else `None`.
    quotes: Option<&'a [u32]>,
    /// Whether `method` is the one OCSF names for `activity` (`METHODS`): then it is in
    /// `http_request`, else in `unmapped`.
    method_known: bool,
    /// The URL's parts, or `None` when it has neither host nor path (kept in `unmapped`).
    url: Option<UrlParts<'a>>,
    hierarchy_code: &'a str,
    bytes: Option<i64>,
    src: Addr<'a>,
    dst: Addr<'a>,
    dst_port: Option<u32>,
    denied: bool,
}

impl<'a> Usual<'a> {
    /// The line's values when it has the usual shape (see the module docs), else `None`:
    /// the typed event is then built, so this may say `None` for any reason at all.
    /// `time`, `code` and `status` are what `squid::emit` read (and rejected on);
    /// `quotes` the positions of the line's `"` when it is plain.
    // Inlined: the `Usual` is then built where it is written from, not copied there.
    #[inline(always)]
    pub(super) fn of(
        text: &Cow<'a, str>,
        f: &'a Fields<'a>,
        quotes: Option<&'a [u32]>,
        time: i64,
        code: &'a str,
        status: Option<u16>,
    ) -> Option<Usual<'a>> {
        // Borrowed: valid UTF-8, so every field is a slice of the line as it is.
        let Cow::Borrowed(line) = *text else {
            return None;
        };
        if !f.extra.is_empty() {
            return None;
        }
        let duration = match present(f.elapsed) {
            Some(e) => {
                let d = number(e)?;
                Some((d, time.checked_sub(d)))
            }
            None => None,
        };
        let bytes = match present(f.bytes) {
            Some(b) => Some(number(b)?),
            None => None,
        };
        // The methods OCSF names, as written, else what `from_method` makes of it (in
        // `unmapped`).
        let (activity, method_known) = match template::ocsf_method_activity(f.method) {
            Some((_, activity)) => (activity, true),
            None => match http_activity::from_method(f.method).0 {
                id @ 0..=8 => (id as usize, false),
                99 => (9, false),
                _ => return None,
            },
        };
        debug_assert_eq!(
            (ACTIVITIES[activity].0, method_known),
            (
                http_activity::from_method(f.method).0,
                OCSF_METHODS.contains(&f.method)
            )
        );
        debug_assert!(!method_known || METHODS[activity] == f.method);

        // As `access_log::set_status`, then Squid's failures (no reply, aborted, error).
        let code_nonzero = status.filter(|&c| c != 0);
        let mut status_index = match code_nonzero {
            Some(c) if (100..400).contains(&c) => 1,
            Some(_) => 2,
            None => 0,
        };
        let (failed, denied) = code_kinds(code);
        if status == Some(0) || failed {
            status_index = 2;
        }

        let url = UrlParts::of(f.url, activity == 1 && method_known);
        let src = present(f.client)
            .and_then(Addr::of)
            .unwrap_or(Addr::Name("-"));

        // The server: the hierarchy peer when there was one, else the URL's host.
        let (hierarchy_code, peer) = match super::find_byte(f.hierarchy, b'/') {
            Some(i) => (&f.hierarchy[..i], &f.hierarchy[i + 1..]),
            None => (f.hierarchy, "-"),
        };
        let dst = present(peer)
            .and_then(Addr::of)
            .or(url.hostname.map(Addr::Hostname))
            .unwrap_or(Addr::Name("-"));
        let default_port = match url.scheme {
            Some("http") => Some(80),
            Some("https") => Some(443),
            Some("ftp") => Some(21),
            _ => None,
        };
        let dst_port = url.port.or(default_port);
        let keep_url = url.hostname.is_some() || url.path.is_some();

        Some(Usual {
            activity,
            time,
            time_digits: time_digits(f.time, time),
            duration,
            status: status_index,
            code: code_nonzero,
            detail: code,
            f,
            line,
            quotes,
            method_known,
            url: keep_url.then_some(url),
            hierarchy_code,
            bytes,
            src,
            dst,
            dst_port,
            denied,
        })
    }

    /// Append the event, byte for byte what the typed event's writer writes. A string's
    /// closing quote is written with the piece after it (see [`open`] and [`then`]).
    pub(super) fn write(&self, template: &Template, out: &mut Vec<u8>) {
        // A plain line without quotes has nothing to escape, so neither has any part of it:
        // written by its own copy of the writer, where every `clean` is a constant.
        if self.quotes.is_some_and(<[u32]>::is_empty) {
            self.write_as::<true>(template, out);
        } else {
            self.write_as::<false>(template, out);
        }
    }

    /// `write`, `PLAIN_CLEAN` saying whether the line is plain without quotes.
    #[inline(always)]
    fn write_as<const PLAIN_CLEAN: bool>(&self, template: &Template, out: &mut Vec<u8>) {
        let plain_clean = PLAIN_CLEAN;
        let f = self.f;
        let user_name = present(f.user);
        template.heads[self.activity].put(out, false);
        // Times of 13 digits (2001 to 2286) without a general formatter.
        let time = self.time_digits;
        write_ms(out, self.time, time);
        if let Some((duration, start)) = self.duration {
            match (start.and_then(ms_digits), time) {
                // The usual times, as one piece.
                (Some(start), Some(end)) => out.extend_from_slice(&times(start, end)),
                (start_digits, _) => {
                    if let Some(start) = start {
                        out.extend_from_slice(b",\"start_time\":");
                        write_ms(out, start, start_digits);
                    }
                    out.extend_from_slice(b",\"end_time\":");
                    write_ms(out, self.time, time);
                    out.extend_from_slice(b",\"duration\":");
                }
            }
            write_int(out, duration, self.f.elapsed);
        }
        match self.code {
            Some(code @ 100..=999) => {
                template.statuses_code[self.status].put(out, false);
                let mut piece = *b"000\",\"status_detail\":\"";
                piece[..3].copy_from_slice(&status_digits(code));
                out.extend_from_slice(&piece);
            }
            code => {
                out.extend_from_slice(&template.statuses[self.status]);
                if let Some(code) = code {
                    member(out, b",\"status_code\":\"", &scan::status_text(code), true);
                }
                out.extend_from_slice(b",\"status_detail\":\"");
            }
        }
        let closed = open(out, self.detail, plain_clean);
        template.metadata[usize::from(user_name.is_some())].then(out, closed);
        // Digits and a point (it is a time): nothing to escape.
        quote_debug_check(f.time);
        // The usual 14 bytes as a copy of that size (no `memcpy` call).
        match <&[u8; 14]>::try_from(f.time.as_bytes()) {
            Ok(time) => out.extend_from_slice(time),
            Err(_) => out.extend_from_slice(f.time.as_bytes()),
        }

        // Observables: the two addresses (nothing to escape), then the user. Each value's
        // place, quotes included, is kept for the second time it is written.
        let mut any = false;
        let mut closed = false;
        let mut observable = |out: &mut Vec<u8>, kind: usize, value: &str, clean: bool| {
            template.observables[kind][usize::from(any)].then(out, closed);
            any = true;
            let start = out.len() - 1;
            closed = open(out, value, clean);
            // The closing quote is the next piece's first byte when not written yet.
            start..out.len() + usize::from(!closed)
        };
        let src_ip = self.src.ip().map(|ip| observable(out, SRC_IP, ip, true));
        let dst_ip = self.dst.ip().map(|ip| observable(out, DST_IP, ip, true));
        let user = user_name.map(|u| observable(out, USER_NAME, u, plain_clean));
        // Close the last string, then the last observable and the array, or the metadata
        // (with the key of a plain line's `raw_data`).
        let close = |out: &mut Vec<u8>, raw_key: bool| match (any, raw_key) {
            (true, true) => then(out, closed, b"\"}],\"raw_data\":\""),
            (true, false) => then(out, closed, b"\"}]"),
            (false, true) => out.extend_from_slice(b"\"},\"raw_data\":\""),
            (false, false) => out.extend_from_slice(b"\"}"),
        };
        // Whether the line has nothing to escape, so neither has any part of it: known
        // when it is plain (then its quotes are all there is to escape), else from its
        // `raw_data` (escaping lengthens), else not known.
        let mut clean = plain_clean;
        // Whether `raw_data` is closed (`then`): it is open after a plain line's.
        let mut closed = true;
        match (template.raw_data, self.quotes) {
            (true, Some(quotes)) => {
                close(out, true);
                template::put_plain(out, self.line.as_bytes(), quotes);
                closed = false;
            }
            (true, None) => {
                close(out, false);
                out.extend_from_slice(b",\"raw_data\":");
                let raw = template::written(out, |out| write_str(out, self.line));
                // (Never here for a plain line.)
                if !PLAIN_CLEAN {
                    clean = raw.len() == self.line.len() + 2;
                }
            }
            (false, _) => close(out, false),
        }

        if self.method_known {
            then(out, closed, b"\",\"unmapped\":{\"hierarchy_code\":\"");
        } else {
            then(out, closed, b"\",\"unmapped\":{\"http_method\":\"");
            let closed = open(out, f.method, clean);
            then(out, closed, b"\",\"hierarchy_code\":\"");
        }
        let closed = open(out, self.hierarchy_code, clean);
        // Whether the URL's last string is closed, when there is a URL.
        let url_closed = match &self.url {
            Some(url) if self.method_known => {
                template.requests[self.activity].then(out, closed);
                Some(url.write(f.url, clean, out))
            }
            url => {
                if url.is_none() {
                    then(out, closed, b"\",\"url\":\"");
                    let closed = open(out, f.url, clean);
                    then(out, closed, b"\"},\"http_request\":{");
                } else {
                    then(out, closed, b"\"},\"http_request\":{");
                }
                if self.method_known {
                    member(out, b"\"http_method\":\"", f.method, clean);
                }
                match url {
                    // Here the method is not known (above: not in `http_request`).
                    Some(url) => {
                        out.extend_from_slice(b"\"url\":{\"url_string\":\"");
                        Some(url.write(f.url, clean, out))
                    }
                    None => None,
                }
            }
        };
        match url_closed {
            Some(closed) => then(out, closed, b"\"}},\"http_response\":{\"code\":"),
            None => out.extend_from_slice(b"},\"http_response\":{\"code\":"),
        }
        let content_type = present(f.content_type);
        match (self.code, content_type) {
            (Some(code @ 100..=999), Some(_)) => {
                let mut piece = *b"000,\"content_type\":\"";
                piece[..3].copy_from_slice(&status_digits(code));
                out.extend_from_slice(&piece);
            }
            (code, _) => {
                match code {
                    Some(code @ 100..=999) => out.extend_from_slice(&status_digits(code)),
                    code => i32::from(code.unwrap_or(0)).write_json(out),
                }
                if content_type.is_some() {
                    out.extend_from_slice(b",\"content_type\":\"");
                }
            }
        }
        let mut closed = true;
        if let Some(content_type) = content_type {
            closed = open(out, content_type, clean);
        }
        if let Some(bytes) = self.bytes {
            then(out, closed, b"\",\"length\":");
            write_int(out, bytes, f.bytes);
            closed = true;
        }
        let closed = write_endpoint(self.src, src_ip, None, clean, closed, SRC_KEYS, out);
        let closed = write_endpoint(
            self.dst,
            dst_ip,
            self.dst_port,
            clean,
            closed,
            DST_KEYS,
            out,
        );
        let denied = usize::from(self.denied);
        match user {
            Some(user) => {
                then(out, closed, &template.proxy);
                out.extend_from_slice(b",\"actor\":{\"user\":{\"name\":");
                out.extend_from_within(user);
                out.extend_from_slice(b"}}");
                out.extend_from_slice(&template.dispositions[denied]);
            }
            None => template.proxy_dispositions[denied].then(out, closed),
        }
    }
}

/// The three digits of an HTTP status in 100..=999.
#[inline(always)]
fn status_digits(code: u16) -> [u8; 3] {
    STATUS_DIGITS[usize::from(code) % 1000]
}

/// The three digits of every number below 1000.
const STATUS_DIGITS: [[u8; 3]; 1000] = {
    let mut digits = [[0; 3]; 1000];
    let mut n = 0;
    while n < 1000 {
        digits[n] = [
            b'0' + (n / 100) as u8,
            b'0' + (n / 10 % 10) as u8,
            b'0' + (n % 10) as u8,
        ];
        n += 1;
    }
    digits
};

/// Append `s` as the body of a JSON string whose opening quote `out` ends with: as it is
/// when `clean` (nothing to escape), the closing quote left to the next piece (`false`:
/// not closed); else escaped by `write_str`, which writes both quotes (`true`).
#[inline(always)]
fn open(out: &mut Vec<u8>, s: &str, clean: bool) -> bool {
    if clean {
        quote_debug_check(s);
        out.extend_from_slice(s.as_bytes());
        false
    } else {
        out.pop();
        write_str(out, s);
        true
    }
}

/// `out.extend_from_within(at)` for a short `at` (a quoted address) followed by enough
/// bytes: one copy of 32 bytes, cut back to its length (no `memcpy` call whose branches
/// follow the length).
#[inline(always)]
fn put_within(out: &mut Vec<u8>, at: Range<usize>) {
    if at.len() <= 32 {
        if let Some(&chunk) = out.get(at.start..).and_then(<[u8]>::first_chunk::<32>) {
            let end = out.len() + at.len();
            out.extend_from_slice(&chunk);
            out.truncate(end);
            return;
        }
    }
    out.extend_from_within(at);
}

/// Append `piece`, which starts with the closing quote of the string before it, without
/// that quote when the string is `closed` already (or was no string).
#[inline(always)]
fn then(out: &mut Vec<u8>, closed: bool, piece: &[u8]) {
    debug_assert_eq!(piece.first(), Some(&b'"'));
    if closed {
        out.extend_from_slice(&piece[1..]);
    } else {
        out.extend_from_slice(piece);
    }
}

/// The digits of `n` when it has 13 (a time in milliseconds from 2001 to 2286), made
/// two at a time.
#[inline(always)]
fn ms_digits(n: i64) -> Option<[u8; 13]> {
    let n = u64::try_from(n)
        .ok()
        .filter(|n| (1_000_000_000_000..10_000_000_000_000).contains(n))?;
    // Five digits and eight, then in 32 bits: the first and four, four and four.
    let (high, low) = ((n / 100_000_000) as u32, (n % 100_000_000) as u32);
    let (first, h) = (high / 10_000, high % 10_000);
    let (a, b) = (low / 10_000, low % 10_000);
    let [h1, h2] = PAIRS[(h / 100) as usize];
    let [h3, h4] = PAIRS[(h % 100) as usize];
    let [a1, a2] = PAIRS[(a / 100) as usize];
    let [a3, a4] = PAIRS[(a % 100) as usize];
    let [b1, b2] = PAIRS[(b / 100) as usize];
    let [b3, b4] = PAIRS[(b % 100) as usize];
    Some([
        b'0' + first as u8,
        h1,
        h2,
        h3,
        h4,
        a1,
        a2,
        a3,
        a4,
        b1,
        b2,
        b3,
        b4,
    ])
}

/// `,"start_time":…,"end_time":…,"duration":` with the two times' digits.
#[inline(always)]
fn times(start: [u8; 13], end: [u8; 13]) -> [u8; 64] {
    let mut piece = *b",\"start_time\":0000000000000,\"end_time\":0000000000000,\"duration\":";
    piece[14..27].copy_from_slice(&start);
    piece[39..52].copy_from_slice(&end);
    piece
}

/// The two digits of every number below 100.
const PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0; 2]; 100];
    let mut n = 0;
    while n < 100 {
        pairs[n] = [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        n += 1;
    }
    pairs
};

/// Append `n`, whose `ms_digits` are `digits`.
#[inline(always)]
fn write_ms(out: &mut Vec<u8>, n: i64, digits: Option<[u8; 13]>) {
    match digits {
        Some(digits) => out.extend_from_slice(&digits),
        None => n.write_json(out),
    }
}

/// Append `n`, parsed from `text` (`scan::parse_i64`: a sign or a digit first, then
/// digits): `text` itself when it is how `n` is written (no sign, no leading zero, as
/// Squid writes them), saving the formatting.
#[inline(always)]
fn write_int(out: &mut Vec<u8>, n: i64, text: &str) {
    debug_assert_eq!(parse_i64(text), Some(n));
    if scan::written_as_read(text.as_bytes()) {
        out.extend_from_slice(text.as_bytes());
    } else {
        n.write_json(out);
    }
}

/// The authority `[userinfo@]host[:port]` at the start of `a`: up to the first `/`, `?`
/// or `#` in a URL (`in_url`), else all of `a` (CONNECT's). Its length, the host and port
/// `split_host_port` gives what follows its last `@` (the usual shapes, no `[` and at
/// most one `:`, cut in the same pass), and that host when `scan::is_hostname` accepts
/// it (checked in the same pass too, up to the first `:`).
fn split_authority(a: &str, in_url: bool) -> (usize, Option<&str>, Option<u32>) {
    if let Some(cut) = host_and_port(a, in_url) {
        debug_assert_eq!(cut, general_authority(a, in_url), "{a:?}");
        return cut;
    }
    general_authority(a, in_url)
}

/// `split_authority` of the usual authority, a host name and maybe `:digits`: one table
/// step a byte (`HOST`) while it is a host name so far. `None` when it is anything else
/// (userinfo, `[`, a second `:`, a byte or a sequence a host name does not have before
/// the `:`): `general_authority` then cuts it.
#[inline]
fn host_and_port(a: &str, in_url: bool) -> Option<(usize, Option<&str>, Option<u32>)> {
    let b = a.as_bytes();
    let mut state = LABEL;
    let mut i = 0;
    let next = loop {
        let Some(&c) = b.get(i) else {
            break END;
        };
        let next = HOST[usize::from(state)][usize::from(c)];
        if next > HYPHEN {
            break next;
        }
        state = next;
        i += 1;
    };
    let hostname = (state == LETTER).then_some(&a[..i]);
    match next {
        END => Some((i, hostname, None)),
        SLASH if in_url => Some((i, hostname, None)),
        PORT => {
            // The port: up to the end of the authority, with no other `:` and no `@`
            // (which would start the host again): in a URL digits up to a `/` `?` `#`,
            // else all the rest, whatever it is (CONNECT's target may be a whole URL).
            let rest = &b[i + 1..];
            let end = if in_url {
                let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
                match rest.get(digits) {
                    None | Some(b'/' | b'?' | b'#') => i + 1 + digits,
                    Some(_) => return None,
                }
            } else if scan::find_byte2(b'@', b':', rest).is_none() {
                b.len()
            } else {
                return None;
            };
            Some(match scan::parse_u16(&a[i + 1..end]) {
                Some(port) => (end, hostname, Some(u32::from(port))),
                // The host keeps its colon: no host name.
                None => (end, None, None),
            })
        }
        _ => None,
    }
}

// `host_and_port`'s states: where a host name is (at a label's start, after a letter or
// digit, after a `-`), then where it stops (the end, a `:`, a `/` `?` `#`, or elsewhere).
const LABEL: u8 = 0;
const LETTER: u8 = 1;
const HYPHEN: u8 = 2;
const END: u8 = 3;
const PORT: u8 = 4;
const SLASH: u8 = 5;
const ELSE: u8 = 6;

/// `HOST[state][byte]`: the state after `byte` (`scan::is_hostname`'s rules: a `.` only
/// after a letter or digit, a `-` not at a label's start).
const HOST: [[u8; 256]; 3] = {
    let mut table = [[ELSE; 256]; 3];
    let mut state = 0;
    while state < 3 {
        let mut c = 0;
        while c < 256 {
            let b = c as u8;
            table[state][c] = match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => LETTER,
                b'.' if state as u8 == LETTER => LABEL,
                b'-' if state as u8 != LABEL => HYPHEN,
                b':' => PORT,
                b'/' | b'?' | b'#' => SLASH,
                _ => ELSE,
            };
            c += 1;
        }
        state += 1;
    }
    table
};

/// `split_authority` of any authority.
fn general_authority(a: &str, in_url: bool) -> (usize, Option<&str>, Option<u32>) {
    // Where the host starts, and the colons after that: how many, and the last.
    let (mut start, mut colons, mut last_colon) = (0, 0, 0);
    let mut end = a.len();
    // `scan::is_hostname` of the host up to its first colon: whether it holds so far, the
    // class of the byte before (`DOT` at the start of a label), and its verdict at that
    // colon.
    let (mut ok, mut prev, mut hostname_at_colon) = (true, DOT, false);
    for (i, &c) in a.as_bytes().iter().enumerate() {
        let class = CLASS[usize::from(c)];
        if class <= DASH {
            if colons == 0 {
                ok &= FOLLOWS[usize::from(prev)][usize::from(class)];
                prev = class;
            }
            continue;
        }
        match class {
            AT => (start, colons, ok, prev) = (i + 1, 0, true, DOT),
            COLON => {
                if colons == 0 {
                    hostname_at_colon = ok && prev == ALNUM;
                }
                (colons, last_colon) = (colons + 1, i);
            }
            STOP if in_url => {
                end = i;
                break;
            }
            _ => ok = false,
        }
    }
    let host_port = &a[start..end];
    let (host, port, hostname) = match colons {
        _ if host_port.starts_with('[') => {
            let (host, port) = split_host_port(host_port);
            (host, port, scan::is_hostname(host))
        }
        0 => (host_port, None, ok && prev == ALNUM),
        1 => match scan::parse_u16(&a[last_colon + 1..end]) {
            Some(port) => (
                &a[start..last_colon],
                Some(u32::from(port)),
                hostname_at_colon,
            ),
            // The host keeps its colon: no host name.
            None => (host_port, None, false),
        },
        // A bare IPv6 address.
        _ => (host_port, None, false),
    };
    debug_assert_eq!(hostname, scan::is_hostname(host), "{a:?}");
    (end, hostname.then_some(host), port)
}

// The bytes of an authority, by what they are to `split_authority`: the first three make
// host names (a letter or digit, `.`, `-`).
const ALNUM: u8 = 0;
const DOT: u8 = 1;
const DASH: u8 = 2;
const OTHER: u8 = 3;
const COLON: u8 = 4;
const AT: u8 = 5;
const STOP: u8 = 6;

const CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        class[c] = match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => ALNUM,
            b'.' => DOT,
            b'-' => DASH,
            b':' => COLON,
            b'@' => AT,
            b'/' | b'?' | b'#' => STOP,
            _ => OTHER,
        };
        c += 1;
    }
    class
};

/// `FOLLOWS[prev][next]`: whether a host name may have `next` after `prev` (as
/// `scan::is_hostname` has it: a `.` only after a letter or digit, a `-` not at the start
/// of a label).
const FOLLOWS: [[bool; 3]; 3] = [
    // After a letter or digit: anything.
    [true, true, true],
    // After a `.` (or at the start): a letter or digit.
    [true, false, false],
    // After a `-`: a letter, a digit or another `-`.
    [true, false, true],
];

/// The length of the scheme when `b` begins with `scheme://`, the scheme being one or
/// more of `[A-Za-z0-9+.-]` (as `access_log` reads it).
fn scheme_len(b: &[u8]) -> Option<usize> {
    if b.starts_with(b"http://") {
        return Some(4);
    }
    let n = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))?;
    (n > 0 && b[n..].starts_with(b"://")).then_some(n)
}

/// The parts of a URL `access_log::set_url` makes, borrowed from the line.
#[derive(Debug, PartialEq, Eq)]
struct UrlParts<'a> {
    scheme: Option<&'a str>,
    hostname: Option<&'a str>,
    port: Option<u32>,
    path: Option<&'a str>,
    query_string: Option<&'a str>,
}

impl<'a> UrlParts<'a> {
    /// The parts `access_log::set_url` gives `text` (the request target: origin or
    /// absolute form, or CONNECT's authority), cut in one pass without building its `Url`.
    fn of(text: &'a str, connect: bool) -> UrlParts<'a> {
        // The host only when it is a host name.
        let (scheme, (hostname, port), rest) = if connect {
            let (_, host, port) = split_authority(text, false);
            (None, (host, port), None)
        } else if let Some(n) = scheme_len(text.as_bytes()) {
            let after = &text[n + 3..];
            let (end, host, port) = split_authority(after, true);
            (Some(&text[..n]), (host, port), Some(&after[end..]))
        } else {
            (None, (None, None), Some(text))
        };
        let (path, query_string) = match rest {
            Some(p) => {
                let (path, query) = match super::find_byte(p, b'?') {
                    Some(i) => (&p[..i], Some(&p[i + 1..])),
                    None => (p, None),
                };
                (
                    (!path.is_empty()).then_some(path),
                    query.filter(|q| !q.is_empty()),
                )
            }
            None => (None, None),
        };
        UrlParts {
            scheme,
            hostname,
            port,
            path,
            query_string,
        }
    }

    /// The members of `"url":{…}` after `"url_string":"` (which `out` ends with), `text`
    /// being the whole URL (`url_string`), without the object's `}`; `clean`: see
    /// [`open`]. Whether the last string is closed (see [`then`]).
    #[inline(always)]
    fn write(&self, text: &str, clean: bool, out: &mut Vec<u8>) -> bool {
        let mut closed = open(out, text, clean);
        match (self.scheme, self.hostname) {
            (Some("http"), Some(hostname)) => {
                then(out, closed, b"\",\"scheme\":\"http\",\"hostname\":\"");
                closed = open(out, hostname, clean);
            }
            (scheme, hostname) => {
                if let Some(scheme) = scheme {
                    then(out, closed, b"\",\"scheme\":\"");
                    closed = open(out, scheme, clean);
                }
                if let Some(hostname) = hostname {
                    then(out, closed, b"\",\"hostname\":\"");
                    closed = open(out, hostname, clean);
                }
            }
        }
        if let Some(port) = self.port {
            then(out, closed, b"\",\"port\":");
            write_port(out, port);
            // A number: nothing to close.
            closed = true;
        }
        if let Some(path) = self.path {
            then(out, closed, b"\",\"path\":\"");
            closed = open(out, path, clean);
        }
        if let Some(query) = self.query_string {
            then(out, closed, b"\",\"query_string\":\"");
            closed = open(out, query, clean);
        }
        closed
    }
}

/// The keys that open an endpoint, each with what closes the member before it (`then`):
/// with its `ip`, and without.
struct EndpointKeys {
    ip: &'static [u8],
    other: &'static [u8],
}

const SRC_KEYS: EndpointKeys = EndpointKeys {
    ip: b"\"},\"src_endpoint\":{\"ip\":",
    other: b"\"},\"src_endpoint\":{",
};

const DST_KEYS: EndpointKeys = EndpointKeys {
    ip: b"\"},\"dst_endpoint\":{\"ip\":",
    other: b"\"},\"dst_endpoint\":{",
};

/// An endpoint of one address or name and maybe a port, in the writer's member order
/// (`ip`, `port`, `hostname`, `name`), after what closes the member before it (`closed`,
/// `keys`: see [`then`]); without its `}`, which the next piece writes. `ip` is the
/// address already written to `out`. Whether its last string is closed. (Inlined: the
/// keys are then literals, copied without a call.)
#[inline(always)]
fn write_endpoint(
    addr: Addr<'_>,
    ip: Option<Range<usize>>,
    port: Option<u32>,
    clean: bool,
    closed: bool,
    keys: EndpointKeys,
    out: &mut Vec<u8>,
) -> bool {
    let (key, value): (&[u8], _) = match addr {
        Addr::Ip(value) => {
            then(out, closed, keys.ip);
            match ip {
                Some(ip) => put_within(out, ip),
                None => quote(out, value, true),
            }
            match port {
                // The URL's default port, with its key.
                Some(80) => out.extend_from_slice(b",\"port\":80"),
                Some(443) => out.extend_from_slice(b",\"port\":443"),
                Some(port) => {
                    out.extend_from_slice(b",\"port\":");
                    write_port(out, port);
                }
                None => {}
            }
            return true;
        }
        Addr::Hostname(value) => (b"\"hostname\":\"", value),
        Addr::Name(value) => (b"\"name\":\"", value),
    };
    then(out, closed, keys.other);
    if let Some(port) = port {
        out.extend_from_slice(b"\"port\":");
        write_port(out, port);
        out.push(b',');
    }
    out.extend_from_slice(key);
    open(out, value, clean)
}

/// Append `key` (a member's name and colon, then the value's opening quote: `"name":"`)
/// and `s` as a JSON string (see [`quote`]): one piece fewer than the name and `quote`.
#[inline]
fn member(out: &mut Vec<u8>, key: &[u8], s: &str, clean: bool) {
    if clean {
        debug_assert!(key.ends_with(b":\""), "{key:?}");
        quote_debug_check(s);
        out.extend_from_slice(key);
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Without the quote: `write_str` writes its own.
        out.extend_from_slice(&key[..key.len() - 1]);
        write_str(out, s);
    }
}

/// Append `s` as a JSON string: as it is between quotes when it is known to have nothing
/// to escape (`clean`), else escaped by `write_str`. (`ocsf::json::write_str_known` with
/// its 16-byte store measured about 80 instructions more per line here.)
#[inline]
fn quote(out: &mut Vec<u8>, s: &str, clean: bool) {
    if clean {
        quote_debug_check(s);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        write_str(out, s);
    }
}

/// Debug builds: `s`, said to be clean, has nothing JSON escapes.
#[inline]
fn quote_debug_check(s: &str) {
    debug_assert!(
        !s.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\'),
        "{s:?}"
    );
}

/// Append a port: the default ones without formatting.
fn write_port(out: &mut Vec<u8>, port: u32) {
    match port {
        80 => out.extend_from_slice(b"80"),
        443 => out.extend_from_slice(b"443"),
        _ => port.write_json(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::squid::{head, parse, typed_json};

    /// The template's event of `text` (`None` when the line does not take the template)
    /// and the typed event's. (`&Cow`: whether the line was valid UTF-8 is the point.)
    #[allow(clippy::ptr_arg)]
    fn both(text: &Cow<'_, str>, raw_data: bool) -> (Option<Vec<u8>>, Vec<u8>) {
        let f = parse(text).expect("ten fields");
        let (time, code, status) = head(&f).expect("a line that is not rejected");
        let typed = typed_json(text, &f, &crate::Options { raw_data });
        let template = Template::new(raw_data);
        let usual = Usual::of(text, &f, None, time, code, status).map(|usual| {
            let mut json = Vec::new();
            usual.write(&template, &mut json);
            json
        });
        (usual, typed)
    }

    /// Assert that `line` takes the template and that its bytes are the typed event's.
    fn assert_template(line: &str) {
        for raw_data in [true, false] {
            let (usual, typed) = both(&Cow::Borrowed(line), raw_data);
            let usual = usual.unwrap_or_else(|| panic!("not taken as usual: {line:?}"));
            assert!(
                usual == typed,
                "template and typed event differ for {line:?} (raw_data {raw_data}):\n{}\n{}",
                String::from_utf8_lossy(&usual),
                String::from_utf8_lossy(&typed)
            );
        }
    }

    /// What one line gives through `State::line`, the path every line takes.
    #[derive(Debug, Default, PartialEq, Eq)]
    struct Result {
        /// True when it went the plain way.
        plain: bool,
        events: Vec<Vec<u8>>,
        rejects: Vec<String>,
        skipped: usize,
    }

    impl crate::Sink for Result {
        fn event(&mut self, _: u32, json: &[u8]) {
            self.events.push(json.to_vec());
        }
        fn reject(&mut self, r: crate::Reject) {
            self.rejects.push(r.reason);
        }
        fn skipped(&mut self, _: &str) {
            self.skipped += 1;
        }
    }

    /// `line` through `State::line` (in debug builds, as every test runs, each template
    /// event is also compared there with the typed event).
    fn through_state(line: &[u8], raw_data: bool) -> Result {
        let opts = crate::Options { raw_data };
        let mut state = crate::squid::State::new(raw_data);
        let mut result = Result::default();
        let mut out = crate::Out::new(crate::Source::Squid, &opts, &mut result);
        let plain = state.line(1, line, &mut out);
        drop(out);
        result.plain = plain;
        result
    }

    /// The template's event of a line cut the plain way (`None` when the line is not
    /// plain, not of ten fields, or not usual).
    fn plain_template(line: &str, raw_data: bool) -> Option<Vec<u8>> {
        let mut delimiters = crate::delimiters::Delimiters::default();
        let line = delimiters.ascii_up_to(line.as_bytes(), usize::MAX)?;
        let f = crate::squid::plain_fields(line, delimiters.spaces())?;
        let (time, code, status) = head(&f).ok()?;
        let text = Cow::Borrowed(line.text());
        let quotes = Some(delimiters.quotes());
        let usual = Usual::of(&text, &f, quotes, time, code, status)?;
        let mut json = Vec::new();
        usual.write(&Template::new(raw_data), &mut json);
        Some(json)
    }

    /// Assert that the plain `line` goes the plain way, takes the template there, and
    /// writes the typed event's bytes (raw on and off).
    fn assert_plain_template(line: &str) {
        for raw_data in [true, false] {
            let f = parse(line).expect("ten fields");
            let typed = typed_json(&Cow::Borrowed(line), &f, &crate::Options { raw_data });
            let template = plain_template(line, raw_data)
                .unwrap_or_else(|| panic!("not a plain usual line: {line:?}"));
            assert!(
                template == typed,
                "plain template and typed event differ for {line:?} (raw_data {raw_data}):\n{}\n{}",
                String::from_utf8_lossy(&template),
                String::from_utf8_lossy(&typed)
            );
            let result = through_state(line.as_bytes(), raw_data);
            assert!(result.plain, "not taken the plain way: {line:?}");
            assert_eq!(result.events, [typed], "{line:?}");
        }
    }

    /// The usual result codes matched whole say what searching them says, and so do
    /// codes near them.
    #[test]
    fn code_kinds_are_what_searching_says() {
        for code in [
            "TCP_MISS",
            "TCP_HIT",
            "TCP_TUNNEL",
            "TCP_MEM_HIT",
            "TCP_REFRESH_UNMODIFIED",
            "TCP_REFRESH_MODIFIED",
            "TCP_INM_HIT",
            "TCP_IMS_HIT",
            "NONE",
            "TCP_DENIED",
            "TCP_DENIED_REPLY",
            "TCP_MISS_ABORTED",
            "TCP_TUNNEL_ABORTED",
            "ERR_CONNECT_FAIL",
            "ERR",
            "TCP_MIS",
            "tcp_denied",
            "",
        ] {
            let want = (
                code.contains("ABORTED") || code.starts_with("ERR"),
                code.contains("DENIED"),
            );
            assert_eq!(code_kinds(code), want, "{code}");
        }
    }

    /// `put_within` is `extend_from_within`, near the end of what was written too and
    /// for longer ranges.
    #[test]
    fn put_within_is_extend_from_within() {
        let written: Vec<u8> = (0..80u8).collect();
        for start in 0..80 {
            for end in start..=80 {
                let (mut fast, mut want) = (written.clone(), written.clone());
                put_within(&mut fast, start..end);
                want.extend_from_within(start..end);
                assert_eq!(fast, want, "{start}..{end}");
            }
        }
    }

    /// A piece is written as its bytes (without the first when skipped), whatever was
    /// in `out` before, up to the longest its size holds.
    #[test]
    fn piece_writes_its_bytes() {
        let text: Vec<u8> = (0..16u8).map(|i| b'"' + i).collect();
        for len in 1..=16 {
            let piece = Piece::<17>::new(&text[..len]);
            for skip in [false, true] {
                let mut out = b"before".to_vec();
                piece.put(&mut out, skip);
                let want = [&b"before"[..], &text[usize::from(skip)..len]].concat();
                assert_eq!(out, want, "{len} {skip}");
            }
        }
    }

    #[test]
    fn plain_usual_lines_take_the_plain_way_and_write_the_typed_event() {
        let lines = [
            // Padded as Squid pads `elapsed`, and with leading and trailing spaces.
            "1709500000.123    245 192.0.2.100 TCP_MISS/200 10523 GET http://www.example.com/index.html - HIER_DIRECT/93.184.216.34 text/html",
            "   1709500000.123 245  192.0.2.100 TCP_MISS/200 10523 GET http://www.example.com/ - HIER_DIRECT/93.184.216.34 text/html    ",
            "1704067200.970   1695 158.183.79.239 TCP_TUNNEL/200 23866 CONNECT http://api.example.org/products/8812/reviews - HIER_DIRECT/93.145.22.244 text/html",
            // A user, CONNECT's authority form, Blocked, no peer.
            "1709500001.456  60012 192.0.2.101 TCP_TUNNEL/200 48213 CONNECT api.example.org:443 alice HIER_DIRECT/203.0.113.50 -",
            "1709500002.001      0 192.0.2.102 TCP_DENIED/403 3980 GET http://blocked.example.net/malware.exe - HIER_NONE/- text/html",
            "1709500003.789   1002 192.0.2.103 TCP_MISS_ABORTED/000 0 GET http://slow.example.com/stream - HIER_DIRECT/198.51.100.9 -",
            "1709500005.500     15 2001:db8::104 TCP_MISS/404 0 GET https://v6.example.com/missing - DIRECT/2001:db8::80 text/plain",
            "1709500006.250     42 192.0.2.105 TCP_REFRESH_UNMODIFIED/304 251 GET http://news.example.com/feed.xml bob PARENT_HIT/proxy-parent.example.net application/rss+xml",
            "1709500007.000      0 192.0.2.106 NONE/400 3857 NONE error:invalid-request - HIER_NONE/- text/html",
            "1709500008.000     11 192.0.2.107 TCP_MISS/207 900 PROPFIND http://dav.example.com/files/ - HIER_DIRECT/198.51.100.10 text/xml",
            "1709500010.000 - - TCP_MISS/- - GET http://x.example/ - HIER_NONE/- -",
            "1709500011.000 3 192.0.2.1 TCP_MISS/200 5 GET http://u:p@x.example:8080/p?q=1&r - HIER_DIRECT/192.0.2.2 -",
            "1709500014.000 +7 192.0.2.1 TCP_MISS/200 -5 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            // Quotes split nothing here: in the fields (escaped there) and in `raw_data`
            // (written between them), at the start and the end of the line too.
            "1709500013.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/a\"b - HIER_DIRECT/192.0.2.2 text/\"x\"",
            "1709500013.000 3 \"192.0.2.1 TCP_MISS/200 5 GET http://x.example/ \"al\"\"ice\" HIER_DIRECT/192.0.2.2 \"",
            // DEL is plain: JSON leaves it as it is.
            "1709500013.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/\x7f a\x7fb HIER_DIRECT/192.0.2.2 -",
            // Every printable ASCII byte but `\` in a field (the URL and the user).
            "1709500013.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/!#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~ !\"#$%&'()*+,-./:;<=>?@[]^_`{|}~ HIER_DIRECT/192.0.2.2 -",
        ];
        for line in lines {
            assert_plain_template(line);
        }
    }

    /// Lines the plain way refuses (not plain, or not exactly ten fields, or not an event
    /// line): the general way handles them as before.
    #[test]
    fn other_lines_are_refused_by_the_plain_way_and_still_right() {
        let long_url = format!("http://x.example/{}", "a".repeat(1 << 20));
        let long =
            format!("1709500000.123 1 192.0.2.1 TCP_MISS/200 5 GET {long_url} - HIER_NONE/- -");
        let with_events: [&[u8]; 13] = [
            // A tab, a CR, other control bytes.
            b"1709500000.123\t245 192.0.2.100 TCP_MISS/200 10523 GET http://www.example.com/ - HIER_DIRECT/93.184.216.34 text/html",
            b"1709500000.123 245 192.0.2.100 TCP_MISS/200 10523 GET http://www.example.com/ - HIER_DIRECT/93.184.216.34 text/html\r",
            b"1709500000.123 245 192.0.2.100 TCP_MISS/200 10523 GET http://www.example.com/\x0b - HIER_DIRECT/93.184.216.34 -",
            b"1709500000.123 245 192.0.2.100 TCP_MISS/200 10523 GET http://www.example.com/\x01\x7f - HIER_DIRECT/93.184.216.34 -",
            b"\x0c1709500000.123 245 192.0.2.100 TCP_MISS/200 10523 GET http://www.example.com/ - HIER_DIRECT/93.184.216.34 -",
            // A backslash (escaped in JSON), with quotes.
            b"1709500013.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/a\"b\\c - HIER_DIRECT/192.0.2.2 text/\"x\"",
            // UTF-8, and bytes that are not UTF-8.
            b"1709500013.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/caf\xc3\xa9 j\xc3\xb6rg HIER_DIRECT/192.0.2.2 -",
            b"1709500013.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/\xff - HIER_DIRECT/192.0.2.2 -",
            b"1709500013.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/ a\xc2\xa0b HIER_DIRECT/192.0.2.2 -",
            // Trailing fields (a custom `logformat`), one and several.
            b"1709500006.250 42 192.0.2.105 TCP_MISS/200 251 GET http://x.example/ - HIER_DIRECT/192.0.2.2 - x",
            b"1709500006.250 42 192.0.2.105 TCP_MISS/200 251 GET http://x.example/ - HIER_DIRECT/192.0.2.2 - 902351708.872 \"extra\" y ",
            // Not a number where one is expected (plain, ten fields: the typed event).
            b"1709500006.250 4x2 192.0.2.105 TCP_MISS/200 251 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            // Longer than 1 MiB.
            long.as_bytes(),
        ];
        for (i, line) in with_events.into_iter().enumerate() {
            let text = String::from_utf8_lossy(line);
            let f = parse(&text).expect("ten fields");
            for raw_data in [true, false] {
                let typed = typed_json(&text, &f, &crate::Options { raw_data });
                let result = through_state(line, raw_data);
                // All but the number (plain, ten fields) are refused by the plain way.
                assert_eq!(result.plain, i == 11, "{text:?}");
                assert!(plain_template(&text, raw_data).is_none(), "{text:?}");
                assert_eq!(result.events, [typed], "{text:?}");
            }
        }
        // No event: blank, comments, too few fields, not a time.
        let without: [(&[u8], usize, usize); 8] = [
            (b"", 0, 0),
            (b"     ", 0, 0),
            (b"#Fields: time elapsed", 0, 1),
            (b"  # a comment of ten words, one two three four five six", 0, 1),
            (b"1709500000.123 245 192.0.2.100 TCP_MISS/200 10523 GET http://x.example/ - HIER_NONE/-", 1, 0),
            (b"1709500000.123   245 192.0.2.100", 1, 0),
            (b"x709500000.123 245 192.0.2.100 TCP_MISS/200 10523 GET http://x.example/ - HIER_NONE/- -", 1, 0),
            (b"1709500000.123 245 192.0.2.100 TCP_MISS 10523 GET http://x.example/ - HIER_NONE/- -", 1, 0),
        ];
        for (line, rejects, skipped) in without {
            for raw_data in [true, false] {
                let result = through_state(line, raw_data);
                let text = String::from_utf8_lossy(line);
                assert!(result.events.is_empty(), "{text:?}");
                assert_eq!(
                    (result.rejects.len(), result.skipped),
                    (rejects, skipped),
                    "{text:?}"
                );
                // Only the last two (plain, ten fields) go the plain way, to be rejected.
                assert_eq!(
                    result.plain,
                    text.starts_with("x7") || text.contains("TCP_MISS "),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn usual_lines_take_the_template_and_write_the_typed_event() {
        let lines = [
            // Plain, and padded as Squid pads `elapsed`.
            "1709500000.123    245 192.0.2.100 TCP_MISS/200 10523 GET http://www.example.com/index.html - HIER_DIRECT/93.184.216.34 text/html",
            "\t1709500000.123 245  192.0.2.100\tTCP_MISS/200 10523 GET http://www.example.com/ - HIER_DIRECT/93.184.216.34 text/html  ",
            // A user (profile `host`, observable, actor), CONNECT's authority form.
            "1709500001.456  60012 192.0.2.101 TCP_TUNNEL/200 48213 CONNECT api.example.org:443 alice HIER_DIRECT/203.0.113.50 -",
            // CONNECT to something that is neither host:port nor a path (URL in unmapped).
            "1704067200.970   1695 158.183.79.239 TCP_TUNNEL/200 23866 CONNECT http://api.example.org/products/8812/reviews - HIER_DIRECT/93.145.22.244 text/html",
            // Denied (Blocked), no peer: the URL's host and default port.
            "1709500002.001      0 192.0.2.102 TCP_DENIED/403 3980 GET http://blocked.example.net/malware.exe - HIER_NONE/- text/html",
            "1709500009.000      5 192.0.2.108 TCP_DENIED/407 3900 CONNECT evil.example.com:8443 - HIER_NONE/- text/html",
            // No reply (000) and aborted: Failure, code 0, no status_code.
            "1709500003.789   1002 192.0.2.103 TCP_MISS_ABORTED/000 0 GET http://slow.example.com/stream - HIER_DIRECT/198.51.100.9 -",
            "1709500003.789   1002 192.0.2.103 TCP_MISS_ABORTED/200 0 GET http://slow.example.com/stream - HIER_DIRECT/198.51.100.9 -",
            "1709500003.789   1002 192.0.2.103 ERR_CONNECT_FAIL/503 0 GET http://down.example.com/ - HIER_DIRECT/198.51.100.9 -",
            // IPv6 client and peer, https.
            "1709500005.500     15 2001:db8::104 TCP_MISS/404 0 GET https://v6.example.com/missing - DIRECT/2001:db8::80 text/plain",
            "1709500005.500     15 ::1 TCP_MISS/200 1 GET http://[2001:db8::1]:8080/a?b=c - HIER_DIRECT/::ffff:192.0.2.1 -",
            // A peer by name, a user, a content type with a plus.
            "1709500006.250     42 192.0.2.105 TCP_REFRESH_UNMODIFIED/304 251 GET http://news.example.com/feed.xml bob PARENT_HIT/proxy-parent.example.net application/rss+xml",
            // Methods OCSF does not name: activity Unknown or Other, method in `unmapped`.
            "1709500007.000      0 192.0.2.106 NONE/400 3857 NONE error:invalid-request - HIER_NONE/- text/html",
            "1709500008.000     11 192.0.2.107 TCP_MISS/207 900 PROPFIND http://dav.example.com/files/ - HIER_DIRECT/198.51.100.10 text/xml",
            "1709500008.000     11 192.0.2.107 TCP_MISS/200 900 get http://lower.example.com/ - HIER_DIRECT/198.51.100.10 -",
            "1709500008.000     11 192.0.2.107 TCP_MISS/200 900 - http://x.example.com/ - HIER_DIRECT/198.51.100.10 -",
            // Every method OCSF names.
            "1709500008.000 1 192.0.2.1 TCP_MISS/201 1 PUT http://x.example/a - HIER_DIRECT/192.0.2.2 -",
            "1709500008.000 1 192.0.2.1 TCP_MISS/204 1 DELETE http://x.example/a - HIER_DIRECT/192.0.2.2 -",
            "1709500008.000 1 192.0.2.1 TCP_MISS/200 1 HEAD http://x.example/a - HIER_DIRECT/192.0.2.2 -",
            "1709500008.000 1 192.0.2.1 TCP_MISS/200 1 OPTIONS * - HIER_DIRECT/192.0.2.2 -",
            "1709500008.000 1 192.0.2.1 TCP_MISS/200 1 TRACE http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            "1709500008.000 1 192.0.2.1 TCP_MISS/302 1 POST http://x.example/login - HIER_DIRECT/192.0.2.2 -",
            // `-` for the status, elapsed, bytes, content type, client.
            "1709500010.000 - 192.0.2.1 TCP_MISS/- - GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            "1709500010.000 3 - TCP_MISS/200 5 GET http://x.example/ - HIER_NONE/- -",
            // Statuses outside 100..=999, and odd ones inside.
            "1709500010.000 3 192.0.2.1 TCP_MISS/42 5 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            "1709500010.000 3 192.0.2.1 TCP_MISS/1000 5 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            "1709500010.000 3 192.0.2.1 TCP_MISS/999 5 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            "1709500010.000 3 192.0.2.1 /100 5 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            // Queries (empty too), ports, userinfo, ftp's default port, odd schemes.
            "1709500011.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/api/v1/orders?id=42&sort=desc - HIER_DIRECT/192.0.2.2 -",
            "1709500011.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/? - HIER_DIRECT/192.0.2.2 -",
            "1709500011.000 3 192.0.2.1 TCP_MISS/200 5 GET http://u:p@x.example:8080/p?q - HIER_DIRECT/192.0.2.2 -",
            "1709500011.000 3 192.0.2.1 TCP_MISS/200 5 GET ftp://files.example.org/pub/a.tgz - HIER_NONE/- -",
            "1709500011.000 3 192.0.2.1 TCP_MISS/200 5 GET gopher://old.example.org/1 - HIER_NONE/- -",
            "1709500011.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example:99999/ - HIER_NONE/- -",
            "1709500011.000 3 192.0.2.1 TCP_MISS/200 5 GET http://bad_host!/x - HIER_NONE/- -",
            "1709500011.000 3 192.0.2.1 TCP_MISS/200 5 GET /relative?only - HIER_NONE/- -",
            // Clients and peers that are host names or neither.
            "1709500012.000 3 client.example.com TCP_MISS/200 5 GET http://x.example/ - HIER_DIRECT/x.example -",
            "1709500012.000 3 unix:/run/s TCP_MISS/200 5 GET http://x.example/ - FIRSTUP_PARENT/peer!one -",
            "1709500012.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/ - HIER_DIRECT -",
            "1709500012.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/ - /192.0.2.9 -",
            // What JSON escapes, and UTF-8.
            "1709500013.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/a\"b\\c - HIER_DIRECT/192.0.2.2 text/\"x\"",
            "1709500013.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/caf\u{e9}?q=\u{2603} j\u{f6}rg HIER_DIRECT/192.0.2.2 -",
            "1709500013.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/\x01\x7f - HIER_DIRECT/192.0.2.2 -",
            // Times other than `s.mmm`, and extreme durations (no start when out of range).
            "1709500014 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            "1709500014.5 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            "1709500014.123456 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            "0000000000.000 3 192.0.2.1 TCP_MISS/200 5 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            "1709500014.000 -9223372036854775808 192.0.2.1 TCP_MISS/200 5 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            "1709500014.000 9223372036854775807 192.0.2.1 TCP_MISS/200 -5 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            "1709500014.000 +7 192.0.2.1 TCP_MISS/200 +5 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
        ];
        for line in lines {
            assert_template(line);
        }
    }

    #[test]
    fn unusual_lines_are_built_as_the_typed_event() {
        let lines: [&[u8]; 6] = [
            // Trailing fields (a custom `logformat`).
            b"1709500006.250 42 192.0.2.105 TCP_MISS/200 251 GET http://x.example/ - HIER_DIRECT/192.0.2.2 - 902351708.872 \"extra\"",
            b"1709500006.250 42 192.0.2.105 TCP_MISS/200 251 GET http://x.example/ - HIER_DIRECT/192.0.2.2 - x",
            // Not valid UTF-8.
            b"1709500006.250 42 192.0.2.105 TCP_MISS/200 251 GET http://x.example/\xff - HIER_DIRECT/192.0.2.2 -",
            // `elapsed` or `bytes` that are not numbers (kept in `unmapped`).
            b"1709500006.250 4x2 192.0.2.105 TCP_MISS/200 251 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            b"1709500006.250 42 192.0.2.105 TCP_MISS/200 25.1 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
            b"1709500006.250 99999999999999999999 192.0.2.105 TCP_MISS/200 1 GET http://x.example/ - HIER_DIRECT/192.0.2.2 -",
        ];
        for line in lines {
            let text = String::from_utf8_lossy(line);
            for raw_data in [true, false] {
                let (usual, _) = both(&text, raw_data);
                assert!(usual.is_none(), "taken as usual: {text:?}");
            }
        }
    }

    /// Lines made of every combination of odd field values: each that takes the template
    /// writes the typed event's bytes.
    #[test]
    fn generated_lines_write_the_typed_event() {
        let fields: [&[&str]; 10] = [
            &[
                "1709500000.123",
                "1709500000",
                "1.5",
                "0000000001.001",
                // Ten digits and three (the time's text as its digits), with a first 0.
                "0709500000.123",
                "9999999999.999",
            ],
            &["0", "245", "-", "-3", "9223372036854775807"],
            &["192.0.2.1", "2001:db8::1", "host.example", "-", "a!b", "::"],
            &[
                "TCP_MISS/200",
                "TCP_DENIED/403",
                "NONE/000",
                "TCP_MISS_ABORTED/206",
                "TCP_TUNNEL/200",
                "TCP_DENIED_REPLY/403",
                "ERR_CONNECT_FAIL/503",
                "NONE_NONE/000",
                "ERR/-",
                "X/1",
                "/",
            ],
            &["0", "1234", "-", "-1"],
            &["GET", "CONNECT", "POST", "NONE", "patch", "-", "OPTIONS"],
            &[
                "http://a.example/p?q=1",
                "https://[::1]:8443/",
                "a.example:443",
                "error:invalid-request",
                "ftp://u@f.example/x",
                "*",
                "http://h:/?",
                "http://h.example:0",
                "/p\"q",
            ],
            &["-", "alice", "d\u{e9}j\u{e0}", "a\\b"],
            &[
                "HIER_DIRECT/192.0.2.9",
                "HIER_NONE/-",
                "PARENT_HIT/p.example",
                "X/2001:db8::9",
                "NONE",
                "X/!",
                "/",
            ],
            &["-", "text/html", "a\"b"],
        ];
        let mut state = 0x853c_49e6_748f_ea9bu64;
        let (mut taken, mut plain_taken) = (0, 0);
        for _ in 0..3000 {
            let mut line = String::new();
            for choices in fields {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                line.push_str(choices[(state % choices.len() as u64) as usize]);
                line.push(' ');
            }
            let text = Cow::Borrowed(line.as_str());
            let f = parse(&text).expect("ten fields");
            if head(&f).is_err() {
                continue;
            }
            for raw_data in [true, false] {
                let (usual, typed) = both(&text, raw_data);
                if let Some(usual) = usual {
                    taken += 1;
                    assert!(
                        usual == typed,
                        "{line:?}:\n{}\n{}",
                        String::from_utf8_lossy(&usual),
                        String::from_utf8_lossy(&typed)
                    );
                }
                // The plain way, when it takes the line, writes the same bytes too.
                if let Some(plain) = plain_template(&line, raw_data) {
                    plain_taken += 1;
                    assert!(
                        plain == typed,
                        "{line:?}:\n{}\n{}",
                        String::from_utf8_lossy(&plain),
                        String::from_utf8_lossy(&typed)
                    );
                }
                let result = through_state(line.as_bytes(), raw_data);
                assert_eq!(result.events, [typed], "{line:?}");
            }
        }
        assert!(taken > 2000, "only {taken} lines took the template");
        assert!(
            plain_taken > 1000,
            "only {plain_taken} lines took the plain way"
        );
    }

    /// `access_log::set_url`'s parts, the reference `UrlParts::of` must agree with.
    fn reference(text: &str, connect: bool) -> UrlParts<'_> {
        let mut url = ocsf::objects::Url::default();
        crate::access_log::set_url(&mut url, Cow::Borrowed(text), connect);
        let part = |p: &Option<Cow<'_, str>>| {
            p.as_ref().map(|p| -> &str {
                let Cow::Borrowed(p) = p else {
                    panic!("set_url copied a part of a borrowed target")
                };
                // A slice of `text`, re-borrowed with its lifetime.
                let start = p.as_ptr() as usize - text.as_ptr() as usize;
                &text[start..start + p.len()]
            })
        };
        UrlParts {
            scheme: part(&url.scheme),
            hostname: part(&url.hostname),
            port: url.port,
            path: part(&url.path),
            query_string: part(&url.query_string),
        }
    }

    #[test]
    fn url_parts_are_set_url_parts() {
        let pieces = [
            "http",
            "https",
            "s+v.1",
            "://",
            ":",
            "/",
            "//",
            "?",
            "#",
            "@",
            "u:p@",
            "[",
            "]",
            "::1",
            "[::1]",
            "h.example",
            "host",
            "-x",
            "80",
            "65535",
            "65536",
            ":+8",
            "a",
            "/p",
            "?q=1",
            "&",
            "\u{e9}",
            " ",
            "*",
            "error:invalid-request",
            // What makes or breaks a host name (checked while the authority is cut).
            "-",
            ".",
            "a-b",
            "9",
            "Z",
            "_",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..50_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut r = state;
            let mut text = String::new();
            for _ in 0..(r % 9) {
                r = r.rotate_left(7) ^ 0x9e37_79b9;
                text.push_str(pieces[(r % pieces.len() as u64) as usize]);
            }
            for connect in [false, true] {
                assert_eq!(
                    UrlParts::of(&text, connect),
                    reference(&text, connect),
                    "{text:?} {connect}"
                );
            }
        }
    }

    /// The authorities `host_and_port` cuts, and those it leaves to `general_authority`
    /// (which must then be right too, through the whole line).
    #[test]
    fn authorities_of_other_shapes_are_cut_the_general_way() {
        let usual = [
            ("x.example", false),
            ("x.example:443", false),
            ("x.example:99999", false),
            ("x.example:", false),
            ("x.example:+8", false),
            ("http://x.example/a", false),
            ("x-y.example/p?q", true),
            ("x.example:8080/p", true),
            ("x.example:8080", true),
            ("x.example#f", true),
            ("", true),
        ];
        for (a, in_url) in usual {
            assert_eq!(
                host_and_port(a, in_url),
                Some(general_authority(a, in_url)),
                "{a:?}"
            );
        }
        let other = [
            ("u@x.example:443", false),
            ("x.example:443@y", false),
            ("x.example:1:2", false),
            ("[::1]:443", false),
            ("::1", false),
            ("a..b:443", false),
            ("-a.example:443", false),
            ("a-.b", false),
            ("a_b.example:443", false),
            ("x.example/p", false),
            ("u:p@x.example/p", true),
            ("x.example:80x/p", true),
            ("[::1]:8443/", true),
            ("caf\u{e9}.example/", true),
        ];
        for (a, in_url) in other {
            assert_eq!(host_and_port(a, in_url), None, "{a:?}");
        }
        for (a, connect) in [
            ("u@x.example:443", true),
            ("[::1]:443", true),
            ("a_b.example:443", true),
            ("http://u:p@x.example/p", false),
            ("http://x.example:80x/p", false),
            ("http://a..b/p", false),
        ] {
            assert_eq!(UrlParts::of(a, connect), reference(a, connect), "{a:?}");
            let method = if connect { "CONNECT" } else { "GET" };
            assert_plain_template(&format!(
                "1709500000.123 3 192.0.2.1 TCP_MISS/200 5 {method} {a} - HIER_NONE/- -"
            ));
        }
    }

    #[test]
    fn number_is_parse_i64() {
        for text in [
            "",
            "0",
            "7",
            "-",
            "+",
            "-0",
            "+3",
            "-3",
            "007",
            "1x",
            "x1",
            "12345",
            "1 2",
            "99999999999999999",
            "999999999999999999",
            "9999999999999999999",
            "1000000000000000000",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "\u{e9}1",
            "123456789012345678",
            "12345678901234567/",
            "/",
            ":",
            "1:",
        ] {
            assert_eq!(number(text), parse_i64(text), "{text:?}");
        }
    }

    #[test]
    fn numbers_copied_from_the_line_are_the_written_numbers() {
        for text in [
            "0",
            "7",
            "10",
            "007",
            "-0",
            "-3",
            "+3",
            "123456789012345678",
            "999999999999999999",
            "1234567890123456789",
            "9223372036854775807",
            "-9223372036854775808",
        ] {
            let n = parse_i64(text).expect("a number");
            let mut copied = Vec::new();
            write_int(&mut copied, n, text);
            assert_eq!(copied, ocsf::json::to_vec(&n), "{text}");
        }
        let mut state = 0x853c_49e6_748f_ea9bu64;
        let random = (0..100_000).map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 20_000_000_000_000) as i64 - 5_000_000_000_000
        });
        let edges = [
            0,
            -1,
            1,
            999_999_999_999,
            1_000_000_000_000,
            1_000_000_000_001,
            1_709_500_000_123,
            9_999_999_999_999,
            10_000_000_000_000,
            i64::MAX,
            i64::MIN,
        ];
        for n in random.chain(edges) {
            let mut written = Vec::new();
            write_ms(&mut written, n, ms_digits(n));
            assert_eq!(written, ocsf::json::to_vec(&n), "{n}");
            assert_eq!(ms_digits(n).is_some(), written.len() == 13 && n > 0, "{n}");
        }
    }

    #[test]
    fn epoch_fast_path_is_parse_epoch_seconds() {
        for t in [
            "1709500000.123",
            "0000000000.000",
            "9999999999.999",
            "1709500000.12a",
            "170950000a.123",
            "1709500000,123",
            "17095000000.12",
            "1709500000.1234",
            "-709500000.123",
            "+709500000.123",
            "1709500000.",
            "",
        ] {
            assert_eq!(
                crate::squid::epoch_ms(t.as_bytes()),
                crate::access_log::time::parse_epoch_seconds(t.as_bytes()),
                "{t:?}"
            );
        }
        // Every digit in every place, and each place spoilt by the bytes around the
        // digits (`/` and `:`), a letter, a sign, a point and a space.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for n in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut t: Vec<u8> =
                format!("{:010}.{:03}", state % 10_000_000_000, (state >> 40) % 1000).into_bytes();
            if n % 2 == 1 {
                let at = (state >> 20) as usize % t.len();
                t[at] = b"/:a+. 0"[(state >> 50) as usize % 7];
            }
            assert_eq!(
                crate::squid::epoch_ms(&t),
                crate::access_log::time::parse_epoch_seconds(&t),
                "{:?}",
                String::from_utf8_lossy(&t)
            );
        }
    }
}
