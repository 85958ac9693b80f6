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
//! Every other line (escapes, proxy chains, virtual hosts, extra fields, other methods,
//! absolute targets...) is built as the typed event. The typed event stays the reference:
//! debug builds (every test, the corpus and the fuzzers) also build it for each line
//! written here and compare the bytes (`access_log::check_usual`).

use super::{clf, scan, text::LineText, Flavor};
use ocsf::json::{write_str, WriteConstant, WriteJson};
use ocsf::network::HttpActivity;
use ocsf::objects::{profile, Observable, Status};

/// The constant parts of one file's events (the product is the file's, and whether
/// `raw_data` is written is the run's option), made with the typed writer where they
/// hold a caption or name.
pub(crate) struct Template {
    /// By activity id (1 to 8): `{"activity_id":3,…,"severity":"Informational","time":`.
    heads: [Vec<u8>; 9],
    /// By status (Unknown, Success, Failure): `,"status_id":1,"status":"Success"`.
    statuses: [Vec<u8>; 3],
    /// `,"metadata":{"version":"1.1.0","product":{…}`.
    metadata: Vec<u8>,
    /// `,"profiles":["host"]`, for lines with a user.
    profiles: Vec<u8>,
    /// The observables of the client's address and the user's name, up to the value.
    ip: Vec<u8>,
    user_name: Vec<u8>,
    /// `,"dst_endpoint":{"svc_name":"nginx"}`.
    server: Vec<u8>,
    raw_data: bool,
}

impl Template {
    pub(crate) fn new(flavor: Flavor, raw_data: bool) -> Template {
        let heads = std::array::from_fn(|activity| {
            // The head as the typed writer writes it, up to the first value that varies.
            let id = activity as i32;
            let event = HttpActivity::new((id, activity_name(id)), 0, flavor.product());
            let mut json = ocsf::json::to_vec(&event);
            let time = b",\"time\":";
            let end = json
                .windows(time.len())
                .position(|w| w == time)
                .expect("every event has a time")
                + time.len();
            json.truncate(end);
            json
        });
        let statuses = [Status::Unknown, Status::Success, Status::Failure].map(|status| {
            let mut piece = b",\"status_id\":".to_vec();
            status.id().write_json(&mut piece);
            piece.extend_from_slice(b",\"status\":");
            write_str(&mut piece, status.caption());
            piece
        });
        let mut metadata = b",\"metadata\":{\"version\":".to_vec();
        ocsf::VERSION.write_json(&mut metadata);
        metadata.extend_from_slice(b",\"product\":");
        flavor.product().write_json(&mut metadata);
        let mut profiles = b",\"profiles\":".to_vec();
        vec![profile::HOST].write_constant(&mut profiles);
        let mut server = b",\"dst_endpoint\":{\"svc_name\":".to_vec();
        write_str(&mut server, flavor.service);
        server.push(b'}');
        Template {
            heads,
            statuses,
            metadata,
            profiles,
            ip: up_to_value(Observable::ip("src_endpoint.ip", "".into())),
            user_name: up_to_value(Observable::user_name("actor.user.name", "".into())),
            server,
            raw_data,
        }
    }
}

/// An observable as the typed writer writes it, cut before its value (written last).
fn up_to_value(observable: Observable<'_>) -> Vec<u8> {
    let mut json = ocsf::json::to_vec(&observable);
    assert!(json.ends_with(b",\"value\":\"\"}"), "the value is last");
    json.truncate(json.len() - 3);
    json
}

/// The caption of activity `id` (a head is made for every id below 9; 0 is never used).
fn activity_name(id: i32) -> &'static str {
    use ocsf::network::http_activity::*;
    [
        UNKNOWN, CONNECT, DELETE, GET, HEAD, OPTIONS, POST, PUT, TRACE,
    ]
    .into_iter()
    .find(|a| a.0 == id)
    .map_or("Unknown", |a| a.1)
}

/// A line of the usual shape: its values, as text borrowed from the line.
pub(crate) struct Usual<'a> {
    activity: usize,
    time: i64,
    offset: Option<i32>,
    original_time: &'a str,
    status: Option<u16>,
    bytes: Option<u64>,
    client: &'a str,
    user: Option<&'a str>,
    line: &'a str,
    method: &'a str,
    target: &'a str,
    version: Option<&'a str>,
    referer: Option<&'a str>,
    user_agent: Option<&'a str>,
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
            client,
            user: match p.user {
                Some(u) => Some(t.str_of(u)?),
                None => None,
            },
            line,
            method: request.method,
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
        })
    }

    /// Append the event, byte for byte what the typed event's writer writes.
    pub(crate) fn write(&self, template: &Template, out: &mut Vec<u8>) {
        out.extend_from_slice(&template.heads[self.activity]);
        self.time.write_json(out);
        if let Some(offset) = self.offset {
            out.extend_from_slice(b",\"timezone_offset\":");
            offset.write_json(out);
        }
        // Success for 1xx to 3xx, as `access_log::set_status` says.
        match self.status {
            Some(code) => {
                let status = if (100..400).contains(&code) { 1 } else { 2 };
                out.extend_from_slice(&template.statuses[status]);
                out.extend_from_slice(b",\"status_code\":");
                write_str(out, &scan::status_text(code));
            }
            None => out.extend_from_slice(&template.statuses[0]),
        }
        out.extend_from_slice(&template.metadata);
        if self.user.is_some() {
            out.extend_from_slice(&template.profiles);
        }
        out.extend_from_slice(b",\"original_time\":");
        write_str(out, self.original_time);
        out.extend_from_slice(b"},\"observables\":[");
        out.extend_from_slice(&template.ip);
        write_str(out, self.client);
        out.push(b'}');
        if let Some(user) = self.user {
            out.push(b',');
            out.extend_from_slice(&template.user_name);
            write_str(out, user);
            out.push(b'}');
        }
        out.push(b']');
        if template.raw_data {
            out.extend_from_slice(b",\"raw_data\":");
            write_str(out, self.line);
        }

        out.extend_from_slice(b",\"http_request\":{\"http_method\":");
        write_str(out, self.method);
        out.extend_from_slice(b",\"url\":{\"url_string\":");
        write_str(out, self.target);
        let (path, query) = match memchr::memchr(b'?', self.target.as_bytes()) {
            Some(i) => (&self.target[..i], &self.target[i + 1..]),
            None => (self.target, ""),
        };
        // `path` starts with the target's `/`: never empty.
        out.extend_from_slice(b",\"path\":");
        write_str(out, path);
        if !query.is_empty() {
            out.extend_from_slice(b",\"query_string\":");
            write_str(out, query);
        }
        out.push(b'}');
        if let Some(version) = self.version {
            out.extend_from_slice(b",\"version\":");
            write_str(out, version);
        }
        if let Some(user_agent) = self.user_agent {
            out.extend_from_slice(b",\"user_agent\":");
            write_str(out, user_agent);
        }
        if let Some(referer) = self.referer {
            out.extend_from_slice(b",\"referrer\":");
            write_str(out, referer);
        }
        out.extend_from_slice(b"},\"http_response\":{\"code\":");
        i32::from(self.status.unwrap_or(0)).write_json(out);
        if let Some(bytes) = self.bytes {
            out.extend_from_slice(b",\"length\":");
            (bytes as i64).write_json(out);
        }
        out.extend_from_slice(b"},\"src_endpoint\":{\"ip\":");
        write_str(out, self.client);
        out.push(b'}');
        out.extend_from_slice(&template.server);
        if let Some(user) = self.user {
            out.extend_from_slice(b",\"actor\":{\"user\":{\"name\":");
            write_str(out, user);
            out.extend_from_slice(b"}}");
        }
        out.push(b'}');
    }
}
