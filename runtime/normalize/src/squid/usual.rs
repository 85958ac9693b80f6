//! The event of a usual Squid line, written straight from its fields.
//!
//! Nearly every line of a Squid `access.log` has one shape: valid UTF-8, the ten native
//! fields and nothing after them, a number of milliseconds, a size or `-`. Their events
//! differ only in the values, so they are written like a template: the constant parts
//! (the class's head by activity, captions, product, profiles, proxy, disposition) are
//! bytes made once per file with the typed writer, and the values go in between. Building
//! the typed `HttpActivity` (about 150 optional fields, checked again on drop) and
//! writing it field by field cost about twice what this does.
//!
//! Any other line (invalid UTF-8, trailing fields, an `elapsed` or `bytes` that is not a
//! number, a start time out of range) is built as the typed event, which stays the
//! reference: debug builds (every test, the corpus and the fuzzers) also build it for
//! each line written here and compare the bytes (`squid::check_usual`).

use super::{has, present, Fields};
use crate::access_log::scan::{self, parse_i64};
use crate::access_log::set_url;
use ocsf::json::{write_str, WriteConstant, WriteJson};
use ocsf::network::{http_activity, HttpActivity};
use ocsf::objects::{profile, Action, Disposition, NetworkProxy, Observable, Status, Url};
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

/// The constant parts of one file's events, made with the typed writer (whether
/// `raw_data` is written is the run's option).
pub(super) struct Template {
    /// By position in `ACTIVITIES`: `{"activity_id":3,…,"severity":"Informational","time":`.
    heads: [Vec<u8>; 10],
    /// By status (Unknown, Success, Failure): `,"status_id":1,"status":"Success"`.
    statuses: [Vec<u8>; 3],
    /// `,"metadata":{"version":"1.1.0","product":{…}`.
    metadata: Vec<u8>,
    /// `,"profiles":[…]` without and with a user (`host` then `security_control`).
    profiles: [Vec<u8>; 2],
    /// The observables of the two addresses and the user's name, up to the value.
    src_ip: Vec<u8>,
    dst_ip: Vec<u8>,
    user_name: Vec<u8>,
    /// `,"proxy":{"svc_name":"squid"}`.
    proxy: Vec<u8>,
    /// Allowed and Blocked: `,"disposition_id":1,…,"action":"Allowed"}`, closing the event.
    dispositions: [Vec<u8>; 2],
    raw_data: bool,
}

impl Template {
    pub(super) fn new(raw_data: bool) -> Template {
        let heads = ACTIVITIES.map(|activity| {
            // The head as the typed writer writes it, up to the first value that varies.
            let mut json = ocsf::json::to_vec(&HttpActivity::new(activity, 0, super::product()));
            let time = b",\"time\":";
            json.truncate(find(&json, time) + time.len());
            json
        });
        let statuses = [Status::Unknown, Status::Success, Status::Failure].map(|status| {
            let mut piece = b",\"status_id\":".to_vec();
            status.id().write_json(&mut piece);
            piece.extend_from_slice(b",\"status\":");
            status.caption().write_constant(&mut piece);
            piece
        });
        let mut metadata = b",\"metadata\":{\"version\":".to_vec();
        ocsf::VERSION.write_constant(&mut metadata);
        metadata.extend_from_slice(b",\"product\":");
        super::product().write_json(&mut metadata);
        let profiles = [
            vec![profile::SECURITY_CONTROL],
            vec![profile::HOST, profile::SECURITY_CONTROL],
        ]
        .map(|list| {
            let mut piece = b",\"profiles\":".to_vec();
            list.write_constant(&mut piece);
            piece
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
                find(&json, b",\"proxy\":"),
                find(&json, b",\"disposition_id\":"),
            );
            (
                json[proxy..disposition].to_vec(),
                json[disposition..].to_vec(),
            )
        });
        let proxy = tails[0].0.clone();
        let dispositions = tails.map(|(_, disposition)| disposition);
        Template {
            heads,
            statuses,
            metadata,
            profiles,
            src_ip: up_to_value(Observable::ip("src_endpoint.ip", "".into())),
            dst_ip: up_to_value(Observable::ip("dst_endpoint.ip", "".into())),
            user_name: up_to_value(Observable::user_name("actor.user.name", "".into())),
            proxy,
            dispositions,
            raw_data,
        }
    }
}

/// Where `what` starts in `json`, a piece the typed writer writes (made once per file).
fn find(json: &[u8], what: &[u8]) -> usize {
    json.windows(what.len())
        .position(|w| w == what)
        .expect("the typed writer writes this piece")
}

/// An observable as the typed writer writes it, cut before its value (written last).
fn up_to_value(observable: Observable<'_>) -> Vec<u8> {
    let mut json = ocsf::json::to_vec(&observable);
    assert!(json.ends_with(b",\"value\":\"\"}"), "the value is last");
    json.truncate(json.len() - 3);
    json
}

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
        if scan::is_ip(value) {
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

/// A line of the usual shape: its values, as text borrowed from the line.
pub(super) struct Usual<'a> {
    /// Position in `ACTIVITIES`.
    activity: usize,
    time: i64,
    /// `elapsed`, and the start it gives (`None` when out of range).
    duration: Option<(i64, Option<i64>)>,
    /// Index in `Template::statuses`.
    status: usize,
    /// The HTTP status unless `-` or 0.
    code: Option<u16>,
    detail: &'a str,
    original_time: &'a str,
    line: &'a str,
    method: &'a str,
    /// The URL's parts, or `None` when it has neither host nor path (kept in `unmapped`).
    url: Option<UrlParts<'a>>,
    url_text: &'a str,
    hierarchy_code: &'a str,
    bytes: Option<i64>,
    content_type: Option<&'a str>,
    src: Addr<'a>,
    dst: Addr<'a>,
    dst_port: Option<u32>,
    user: Option<&'a str>,
    denied: bool,
}

impl<'a> Usual<'a> {
    /// The line's values when it has the usual shape (see the module docs), else `None`:
    /// the typed event is then built, so this may say `None` for any reason at all.
    /// `time`, `code` and `status` are what `squid::emit` read (and rejected on).
    pub(super) fn of(
        text: &Cow<'a, str>,
        f: &Fields<'a>,
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
                let d = parse_i64(e)?;
                Some((d, time.checked_sub(d)))
            }
            None => None,
        };
        let bytes = match present(f.bytes) {
            Some(b) => Some(parse_i64(b)?),
            None => None,
        };
        let activity = match http_activity::from_method(f.method).0 {
            id @ 0..=8 => id as usize,
            99 => 9,
            _ => return None,
        };

        // As `access_log::set_status`, then Squid's failures (no reply, aborted, error).
        let code_nonzero = status.filter(|&c| c != 0);
        let mut status_index = match code_nonzero {
            Some(c) if (100..400).contains(&c) => 1,
            Some(_) => 2,
            None => 0,
        };
        if status == Some(0) || has(code, "ABORTED") || code.starts_with("ERR") {
            status_index = 2;
        }

        let url = UrlParts::of(f.url, f.method == "CONNECT")?;
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
            duration,
            status: status_index,
            code: code_nonzero,
            detail: code,
            original_time: f.time,
            line,
            method: f.method,
            url: keep_url.then_some(url),
            url_text: f.url,
            hierarchy_code,
            bytes,
            content_type: present(f.content_type),
            src,
            dst,
            dst_port,
            user: present(f.user),
            denied: has(code, "DENIED"),
        })
    }

    /// Append the event, byte for byte what the typed event's writer writes.
    pub(super) fn write(&self, template: &Template, out: &mut Vec<u8>) {
        out.extend_from_slice(&template.heads[self.activity]);
        // Values written twice are written once and copied the second time.
        let time = written(out, |out| self.time.write_json(out));
        if let Some((duration, start)) = self.duration {
            if let Some(start) = start {
                out.extend_from_slice(b",\"start_time\":");
                start.write_json(out);
            }
            out.extend_from_slice(b",\"end_time\":");
            out.extend_from_within(time);
            out.extend_from_slice(b",\"duration\":");
            duration.write_json(out);
        }
        out.extend_from_slice(&template.statuses[self.status]);
        if let Some(code) = self.code {
            out.extend_from_slice(b",\"status_code\":");
            write_str(out, &scan::status_text(code));
        }
        out.extend_from_slice(b",\"status_detail\":");
        write_str(out, self.detail);
        out.extend_from_slice(&template.metadata);
        out.extend_from_slice(&template.profiles[usize::from(self.user.is_some())]);
        out.extend_from_slice(b",\"original_time\":");
        write_str(out, self.original_time);
        out.push(b'}');

        // Observables: the two addresses, then the user.
        let mut any = false;
        let mut observable = |out: &mut Vec<u8>, prefix: &[u8], value: &str| {
            let separator: &[u8] = if any { b"," } else { b",\"observables\":[" };
            any = true;
            out.extend_from_slice(separator);
            out.extend_from_slice(prefix);
            let value = written(out, |out| write_str(out, value));
            out.push(b'}');
            value
        };
        let src_ip = self
            .src
            .ip()
            .map(|ip| observable(out, &template.src_ip, ip));
        let dst_ip = self
            .dst
            .ip()
            .map(|ip| observable(out, &template.dst_ip, ip));
        let user = self.user.map(|u| observable(out, &template.user_name, u));
        if any {
            out.push(b']');
        }
        if template.raw_data {
            out.extend_from_slice(b",\"raw_data\":");
            write_str(out, self.line);
        }

        out.extend_from_slice(b",\"unmapped\":{");
        let method_known = OCSF_METHODS.contains(&self.method);
        if !method_known {
            out.extend_from_slice(b"\"http_method\":");
            write_str(out, self.method);
            out.push(b',');
        }
        out.extend_from_slice(b"\"hierarchy_code\":");
        write_str(out, self.hierarchy_code);
        if self.url.is_none() {
            out.extend_from_slice(b",\"url\":");
            write_str(out, self.url_text);
        }
        out.push(b'}');

        out.extend_from_slice(b",\"http_request\":{");
        if method_known {
            out.extend_from_slice(b"\"http_method\":");
            write_str(out, self.method);
        }
        if let Some(url) = &self.url {
            if method_known {
                out.push(b',');
            }
            url.write(self.url_text, out);
        }
        out.extend_from_slice(b"},\"http_response\":{\"code\":");
        match self.code {
            // The digits of `status_code`, from the same table.
            Some(code @ 100..=999) => out.extend_from_slice(scan::status_text(code).as_bytes()),
            code => i32::from(code.unwrap_or(0)).write_json(out),
        }
        if let Some(content_type) = self.content_type {
            out.extend_from_slice(b",\"content_type\":");
            write_str(out, content_type);
        }
        if let Some(bytes) = self.bytes {
            out.extend_from_slice(b",\"length\":");
            bytes.write_json(out);
        }
        out.extend_from_slice(b"},\"src_endpoint\":");
        write_endpoint(self.src, src_ip, None, out);
        out.extend_from_slice(b",\"dst_endpoint\":");
        write_endpoint(self.dst, dst_ip, self.dst_port, out);
        out.extend_from_slice(&template.proxy);
        if let Some(user) = user {
            out.extend_from_slice(b",\"actor\":{\"user\":{\"name\":");
            out.extend_from_within(user);
            out.extend_from_slice(b"}}");
        }
        out.extend_from_slice(&template.dispositions[usize::from(self.denied)]);
    }
}

/// Where `write` wrote in `out`, to be copied again.
fn written(out: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>)) -> Range<usize> {
    let start = out.len();
    write(out);
    start..out.len()
}

/// The parts of a URL `access_log::set_url` makes, borrowed from the line.
struct UrlParts<'a> {
    scheme: Option<&'a str>,
    hostname: Option<&'a str>,
    port: Option<u32>,
    path: Option<&'a str>,
    query_string: Option<&'a str>,
}

impl<'a> UrlParts<'a> {
    /// `set_url`'s parts of `text` (`None` if one were not a slice of it, which
    /// `set_url` never does for a borrowed target; the typed event would then be built).
    fn of(text: &'a str, connect: bool) -> Option<UrlParts<'a>> {
        let mut url = Url::default();
        set_url(&mut url, Cow::Borrowed(text), connect);
        fn borrowed<'a>(part: &Option<Cow<'a, str>>) -> Option<Option<&'a str>> {
            match part {
                None => Some(None),
                Some(Cow::Borrowed(s)) => Some(Some(*s)),
                Some(Cow::Owned(_)) => None,
            }
        }
        Some(UrlParts {
            scheme: borrowed(&url.scheme)?,
            hostname: borrowed(&url.hostname)?,
            port: url.port,
            path: borrowed(&url.path)?,
            query_string: borrowed(&url.query_string)?,
        })
    }

    /// `"url":{…}`, `text` being the whole URL (`url_string`).
    fn write(&self, text: &str, out: &mut Vec<u8>) {
        out.extend_from_slice(b"\"url\":{\"url_string\":");
        write_str(out, text);
        if let Some(scheme) = self.scheme {
            out.extend_from_slice(b",\"scheme\":");
            write_str(out, scheme);
        }
        if let Some(hostname) = self.hostname {
            out.extend_from_slice(b",\"hostname\":");
            write_str(out, hostname);
        }
        if let Some(port) = self.port {
            out.extend_from_slice(b",\"port\":");
            port.write_json(out);
        }
        if let Some(path) = self.path {
            out.extend_from_slice(b",\"path\":");
            write_str(out, path);
        }
        if let Some(query) = self.query_string {
            out.extend_from_slice(b",\"query_string\":");
            write_str(out, query);
        }
        out.push(b'}');
    }
}

/// An endpoint of one address or name and maybe a port, in the writer's member order
/// (`ip`, `port`, `hostname`, `name`). `ip` is the address already written to `out`.
fn write_endpoint(addr: Addr<'_>, ip: Option<Range<usize>>, port: Option<u32>, out: &mut Vec<u8>) {
    out.push(b'{');
    let (key, value): (&[u8], _) = match addr {
        Addr::Ip(value) => {
            out.extend_from_slice(b"\"ip\":");
            match ip {
                Some(ip) => out.extend_from_within(ip),
                None => write_str(out, value),
            }
            if let Some(port) = port {
                out.extend_from_slice(b",\"port\":");
                port.write_json(out);
            }
            out.push(b'}');
            return;
        }
        Addr::Hostname(value) => (b"\"hostname\":", value),
        Addr::Name(value) => (b"\"name\":", value),
    };
    if let Some(port) = port {
        out.extend_from_slice(b"\"port\":");
        port.write_json(out);
        out.push(b',');
    }
    out.extend_from_slice(key);
    write_str(out, value);
    out.push(b'}');
}
