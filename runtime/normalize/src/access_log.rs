//! NGINX and Apache access logs to OCSF HTTP Activity (4002).
//!
//! One line is one request. Text lines (common, combined, vhost_combined, nginx `main`
//! with its trailing X-Forwarded-For, Apache `ssl_request_log`) go through the byte-level
//! `clf` parser; a line that starts with `{` is an nginx JSON `log_format` (`json`).
//! The mapping is documented in `runtime/docs/mapping-nginx.md` and `mapping-apache.md`.
//!
//! Speed (instructions per line are what is measured, see the crate docs): each field is
//! scanned once at byte level and borrowed from the line; the line's UTF-8 check is done
//! once for all fields, and whether a field needs unescaping is noted by the quote
//! searches themselves (`memchr2`); the usual `client ident user` and ` 200 1234` shapes
//! are read in one pass each (the general loops read the rest); the request line is
//! split without `str` pattern searchers and written straight into the event; addresses,
//! host names, ports and numbers are checked by the byte-level equivalents in `scan`
//! (tested against std and `ocsf`); the date and zone of the CLF time are parsed once per
//! file as long as they do not change (`time::ClfClock`); the status code text comes
//! from a static table. The output is byte for byte what the straightforward code wrote.
//!
//! The usual line (an address, a known method, a `/path` target, no escapes: nearly every
//! line of a server's log) is not built as the typed event at all: `usual` writes its
//! event as a template, the constant pieces made once per file and the values in between,
//! in about half the instructions. Every debug-build event of that path is compared with
//! the typed event's bytes (`Out::check_template`).

mod clf;
mod json;
pub(crate) mod scan;
mod text;
pub(crate) mod time;
mod usual;

use crate::{delimiters::Delimiters, lines, Out, Source};
use ocsf::network::{http_activity, HttpActivity, HTTP_ACTIVITY};
use ocsf::objects::*;
use std::borrow::Cow;
use std::io::{self, BufRead};
use text::LineText;

/// Normalize an nginx or Apache access log (`out.source()` says which).
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    let flavor = Flavor::of(out.source());
    let mut clock = time::ClfClock::default();
    // The `metadata.profiles` buffer, handed from event to event (it holds only `'static`
    // names, so unlike the other vectors it can outlive its line): one allocation per
    // file instead of one per line with a user. (The observables are not recycled as
    // `Spare` does: for their one allocation per line that costs as much as it saves.)
    let mut profiles = Vec::new();
    let mut template = usual::Template::new(flavor, out.options().raw_data);
    let mut delimiters = Delimiters::default();
    lines::for_each_line(input, |no, line| {
        // Blank, or a comment: only the first byte that is not blank matters (the line
        // is trimmed only when it starts blank).
        let first = match line.first() {
            Some(c) if !matches!(c, b' ' | b'\t' | b'\r') => Some(c),
            _ => clf::trim(line).first(),
        };
        let Some(first) = first else { return };
        if *first == b'#' {
            return out.skip("access log comment line");
        }
        if line.first() == Some(&b'{') {
            return json::normalize_line(no, line, flavor, out);
        }
        // Nearly every line: plain, of the usual shape, cut from one pass over it.
        // (The spaces after the request's are the user agent's: not needed.)
        if let Some(ascii) = delimiters.ascii_up_to(line, 8) {
            if let Some(usual) = usual::Usual::plain(ascii, &delimiters, &mut clock) {
                out.written_event(HTTP_ACTIVITY.uid, |buf| usual.write(&mut template, buf));
                if cfg!(debug_assertions) {
                    check_plain(line, flavor, out);
                }
                return;
            }
        }
        let mut parsed = clf::Line::default();
        let result = clf::parse_into(line, &mut parsed);
        if let Err(reason) = result.and_then(|()| {
            let state = (&mut clock, &mut profiles, &mut template);
            emit(line, &parsed, flavor, state, out)
        }) {
            out.reject(no, reason, line);
        }
    })
}

/// Which server wrote the log: only the product differs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flavor {
    product: &'static str,
    vendor: &'static str,
    /// `dst_endpoint.svc_name` when the log does not name the virtual host.
    service: &'static str,
}

impl Flavor {
    fn of(source: Source) -> Flavor {
        match source {
            Source::Apache => Flavor {
                product: "Apache HTTP Server",
                vendor: "Apache Software Foundation",
                service: "apache",
            },
            _ => Flavor {
                product: "nginx",
                vendor: "F5 NGINX",
                service: "nginx",
            },
        }
    }

    pub(crate) fn product(self) -> Product<'static> {
        Product {
            name: Some(Cow::Borrowed(self.product)),
            vendor_name: Cow::Borrowed(self.vendor),
            ..Product::default()
        }
    }
}

/// Write the event of one parsed text line to `out`: as a template when the line has the
/// usual shape (`usual`), else as the typed event. (Emitted here rather than returned:
/// the typed event is a few KB, and moving it costs more than parsing the line.)
fn emit<'a>(
    line: &'a [u8],
    p: &clf::Line<'a>,
    flavor: Flavor,
    (clock, profiles, template): (
        &mut time::ClfClock,
        &mut Vec<&'static str>,
        &mut usual::Template,
    ),
    out: &mut Out<'_>,
) -> Result<(), &'static str> {
    let time = clock
        .parse(p.time)
        .ok_or("invalid timestamp (expected dd/Mon/yyyy:HH:MM:SS +zzzz)")?;
    // Debug builds (the tests, on every line of the corpora) check the parser's claim.
    debug_assert!(
        p.backslash
            || ![p.request, p.referer, p.user_agent, p.user, Some(p.rest)]
                .iter()
                .flatten()
                .any(|f| f.contains(&b'\\')),
        "a field to unescape has a backslash the parser did not note"
    );
    let t = LineText::with_backslash(line, p.backslash);
    match usual::Usual::of(&t, p, time) {
        Some(usual) => {
            out.written_event(HTTP_ACTIVITY.uid, |buf| usual.write(template, buf));
            if cfg!(debug_assertions) {
                out.check_template(|o| typed(&t, p, flavor, time, &mut Vec::new(), o));
            }
        }
        None => typed(&t, p, flavor, time, profiles, out),
    }
    Ok(())
}

/// Debug builds: the typed event of a line `Usual::plain` took, by the general parser,
/// compared with the event written.
fn check_plain(line: &[u8], flavor: Flavor, out: &mut Out<'_>) {
    let mut p = clf::Line::default();
    clf::parse_into(line, &mut p).expect("a plain usual line is an access-log line");
    let time = time::parse_clf(p.time).expect("a plain usual line has a valid time");
    let t = LineText::with_backslash(line, p.backslash);
    out.check_template(|o| typed(&t, &p, flavor, time, &mut Vec::new(), o));
}

/// The typed event of a parsed text line, written to `out`.
fn typed<'a>(
    t: &LineText<'a>,
    p: &clf::Line<'a>,
    flavor: Flavor,
    (time, offset): (i64, Option<i32>),
    profiles: &mut Vec<&'static str>,
    out: &mut Out<'_>,
) {
    // The request line is borrowed from the line unless it had escapes: its parts are
    // borrowed or copied accordingly (`lift`), each case compiled on its own.
    let request = p.request.map(|r| t.unescaped(r));
    let ctx = Ctx {
        p,
        flavor,
        t,
        time,
        offset,
        profiles,
    };
    match &request {
        None => build(ctx, None, Cow::Borrowed, out),
        Some(Cow::Borrowed(r)) => build(ctx, Some(r), Cow::Borrowed, out),
        Some(Cow::Owned(r)) => build(ctx, Some(r), |x: &str| Cow::Owned(x.to_owned()), out),
    }
}

/// What [`build`] needs of the line besides the request.
struct Ctx<'c, 'a> {
    p: &'c clf::Line<'a>,
    flavor: Flavor,
    t: &'c LineText<'a>,
    time: i64,
    offset: Option<i32>,
    profiles: &'c mut Vec<&'static str>,
}

/// The event of a text line whose request line (unescaped) is `request`.
fn build<'s, 'a>(
    c: Ctx<'_, 'a>,
    request: Option<&'s str>,
    lift: impl Fn(&'s str) -> Cow<'a, str>,
    out: &mut Out<'_>,
) {
    let Ctx {
        p,
        flavor,
        t,
        time,
        offset,
        profiles,
    } = c;
    let parts = request.and_then(request_parts);
    let activity = parts.map_or(http_activity::UNKNOWN, |r| {
        http_activity::from_method(r.method)
    });

    let mut ev = HttpActivity::new(activity, time, flavor.product());
    ev.base.timezone_offset = offset;
    ev.base.metadata.original_time = Some(t.field(p.time));
    ev.base.raw_data = out.options().raw_data.then(|| t.whole());
    set_status(&mut ev, p.status);
    // OCSF's `length` is a long: a larger count (a damaged line) is left to `raw_data`
    // rather than wrapped to a negative number.
    ev.http_response.length = p.bytes.and_then(|b| i64::try_from(b).ok());

    match (request, parts) {
        (Some(_), Some(r)) => {
            // `request_parts` methods are upper case: the activity is one of the eight
            // named ones exactly when `set_method` would keep the method.
            let method = lift(r.method);
            if matches!(activity.0, 1..=8) {
                ev.http_request.http_method = Some(method);
            } else {
                ev.base.unmapped.push("http_method", method);
            }
            ev.http_request.version = r.version.map(&lift);
            let url = ev.http_request.url.insert(Url {
                url_string: Some(lift(r.target)),
                ..Url::default()
            });
            fill_url(url, r.target, r.method == "CONNECT", &lift);
        }
        (Some(other), None) => ev.base.unmapped.push("request", lift(other)),
        (None, _) => {}
    }
    ev.http_request.referrer = p.referer.map(|r| t.unescaped(r));
    ev.http_request.user_agent = p.user_agent.map(|u| t.unescaped(u));

    // The client, possibly a list (a proxy chain written into %h / $remote_addr).
    let client = p.client.map(|c| t.field(c));
    match &client {
        Some(c) if c.bytes().any(|b| b == b',') => {
            let mut first = true;
            for part in c.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if first {
                    set_endpoint(&mut ev.src_endpoint, part.to_owned().into());
                    first = false;
                }
                push_ip(
                    &mut ev.http_request.x_forwarded_for,
                    part,
                    &mut ev.base.unmapped,
                );
            }
        }
        Some(c) => set_endpoint(&mut ev.src_endpoint, c.clone()),
        None => {}
    }
    if !ev.src_endpoint.is_identified() {
        // `-`, or nothing usable: OCSF requires an identified source.
        ev.src_endpoint.name = Some(Cow::Borrowed("-"));
    }
    if let Some(ip) = ev.src_endpoint.ip.clone() {
        // Sized up front: the first push would take the longer growth path.
        ev.base.observables = Vec::with_capacity(2);
        ev.base
            .observables
            .push(Observable::ip("src_endpoint.ip", ip));
    }
    if let Some(xff) = p.xff {
        for part in t
            .field(xff)
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            push_ip(
                &mut ev.http_request.x_forwarded_for,
                part,
                &mut ev.base.unmapped,
            );
        }
    }

    // The server: the virtual host when logged, else the service.
    if let Some(v) = p.vhost {
        set_host_port(&mut ev.dst_endpoint, t.field(v), &mut ev.base.unmapped);
    }
    if !ev.dst_endpoint.is_identified() {
        ev.dst_endpoint.svc_name = Some(Cow::Borrowed(flavor.service));
    }

    if let Some(user) = p.user {
        let name = t.unescaped(user);
        ev.base
            .observables
            .push(Observable::user_name("actor.user.name", name.clone()));
        // Filled in place (a struct literal of defaults is built aside and moved in).
        let actor = ev.actor.insert(Actor::default());
        actor.user.insert(User::default()).name = Some(name);
        ev.base.metadata.profiles = std::mem::take(profiles);
        ev.base.add_profile(profile::HOST);
    }
    if let Some(ident) = p.ident {
        ev.base.unmapped.push("ident", t.field(ident));
    }
    if let Some((proto, cipher)) = p.tls {
        ev.tls = Some(Tls {
            version: t.field(proto),
            cipher: Some(t.field(cipher)),
            ..Tls::default()
        });
    }
    if !p.rest.is_empty() {
        extra_fields(t, p.rest, &mut ev);
    }
    if p.truncated {
        ev.base.unmapped.push("truncated", true);
    }
    out.event(&ev);
    if ev.base.metadata.profiles.capacity() > 0 {
        *profiles = std::mem::take(&mut ev.base.metadata.profiles);
        profiles.clear();
    }
}

/// Status code to `http_response.code` and the event status: 1xx-3xx Success, 4xx-5xx
/// Failure. A `-` status is code 0 (OCSF requires a code) with status Unknown.
pub(crate) fn set_status(ev: &mut HttpActivity<'_>, status: Option<u16>) {
    match status {
        Some(code) => {
            ev.http_response.code = i32::from(code);
            ev.base.set_status(if (100..400).contains(&code) {
                Status::Success
            } else {
                Status::Failure
            });
            ev.base.status_code = Some(scan::status_text(code));
        }
        None => {
            ev.http_response.code = 0;
            ev.base.set_status(Status::Unknown);
        }
    }
}

/// `http_request.http_method`, which OCSF 1.1.0 limits to eight methods: any other
/// (PATCH, PROPFIND, Squid's NONE...) is kept in `unmapped.http_method`.
pub(crate) fn set_method<'a>(ev: &mut HttpActivity<'a>, method: Cow<'a, str>) {
    const OCSF_METHODS: [&str; 8] = [
        "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE",
    ];
    if OCSF_METHODS.contains(&&*method) {
        ev.http_request.http_method = Some(method);
    } else {
        ev.base.unmapped.push("http_method", method);
    }
}

/// A request line split into method, URL and version.
pub(crate) struct Request<'a> {
    pub method: Option<Cow<'a, str>>,
    pub url: Option<Url<'a>>,
    pub version: Option<Cow<'a, str>>,
    /// The request line when it is not `METHOD target [HTTP/x]` ("hello", binary junk).
    pub unparsed: Option<Cow<'a, str>>,
}

/// Split `GET /path?q HTTP/1.1` (also without the version, as HTTP/0.9 and old logs have).
pub(crate) fn split_request<'a>(r: &Cow<'a, str>) -> Request<'a> {
    match r {
        Cow::Borrowed(s) => {
            lift_request(request_parts(s), Cow::Borrowed).unwrap_or_else(|| unparsed(r))
        }
        Cow::Owned(s) => lift_request(request_parts(s), |p| Cow::Owned(p.to_owned()))
            .unwrap_or_else(|| unparsed(r)),
    }
}

fn unparsed<'a>(r: &Cow<'a, str>) -> Request<'a> {
    Request {
        method: None,
        url: None,
        version: None,
        unparsed: Some(r.clone()),
    }
}

/// [`RequestParts`] made `Cow`s by `lift` (a borrow of the line, or a copy).
fn lift_request<'s, 'a>(
    parts: Option<RequestParts<'s>>,
    lift: impl Fn(&'s str) -> Cow<'a, str>,
) -> Option<Request<'a>> {
    let r = parts?;
    let mut url = Url {
        url_string: Some(lift(r.target)),
        ..Url::default()
    };
    fill_url(&mut url, r.target, r.method == "CONNECT", &lift);
    Some(Request {
        method: Some(lift(r.method)),
        url: Some(url),
        version: r.version.map(&lift),
        unparsed: None,
    })
}

/// A request line `METHOD target [HTTP/version]`, as slices of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RequestParts<'s> {
    pub method: &'s str,
    pub target: &'s str,
    pub version: Option<&'s str>,
}

/// The parts of a request line; `None` when it is not `METHOD target [HTTP/x]`.
pub(crate) fn request_parts(s: &str) -> Option<RequestParts<'_>> {
    // Byte searches for ASCII separators: `s` is UTF-8, so the cuts are char boundaries.
    // The method is the text before the first space: one or more of [A-Z_-], at most 32.
    let b = s.as_bytes();
    let n = b
        .iter()
        .position(|&c| !(c.is_ascii_uppercase() || c == b'-' || c == b'_'))?;
    if n == 0 || n > 32 || b[n] != b' ' {
        return None;
    }
    let rest = trim(&s[n + 1..]);
    if rest.is_empty() {
        return None;
    }
    // The version is the last word when it starts with `HTTP/` (a short scan from the end;
    // none for the usual ` HTTP/1.1`, whose last space is then known).
    let rb = rest.as_bytes();
    let usual = rb.len().checked_sub(9).filter(|&i| {
        rb[i] == b' ' && rb[i + 1..i + 6] == *b"HTTP/" && !rb[i + 6..].contains(&b' ')
    });
    let (target, version) = match usual.or_else(|| rb.iter().rposition(|&c| c == b' ')) {
        Some(i) if rest.as_bytes()[i + 1..].starts_with(b"HTTP/") => {
            (trim_end(&rest[..i]), Some(&rest[i + 6..]))
        }
        _ => (rest, None),
    };
    Some(RequestParts {
        method: &s[..n],
        target,
        version,
    })
}

/// `str::trim_end`, without its Unicode decoding when the end is visible ASCII.
fn trim_end(s: &str) -> &str {
    match s.as_bytes().last() {
        Some(last) if last.is_ascii_graphic() => s,
        _ => s.trim_end(),
    }
}

/// `str::trim`, without its Unicode decoding when both ends are visible ASCII.
fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// The `url` of a request target: origin form `/p?q`, absolute form `http://h:p/p?q`
/// (proxies), or authority form `host:port` (CONNECT).
pub(crate) fn url_of<'a>(target: Cow<'a, str>, connect: bool) -> Url<'a> {
    let mut url = Url::default();
    match &target {
        Cow::Borrowed(t) => fill_url(&mut url, t, connect, &Cow::Borrowed),
        Cow::Owned(t) => fill_url(&mut url, t, connect, &|p: &str| Cow::Owned(p.to_owned())),
    }
    url.url_string = Some(target);
    url
}

/// [`url_of`] into `url`, an empty `Url` already in its event (a `Url` is a few hundred
/// bytes: built in place rather than moved in).
pub(crate) fn set_url<'a>(url: &mut Url<'a>, target: Cow<'a, str>, connect: bool) {
    match &target {
        Cow::Borrowed(t) => fill_url(url, t, connect, &Cow::Borrowed),
        Cow::Owned(t) => fill_url(url, t, connect, &|p: &str| Cow::Owned(p.to_owned())),
    }
    url.url_string = Some(target);
}

/// [`url_of`] but `url_string`, into `url`, the parts made `Cow`s by `lift`.
fn fill_url<'s, 'a>(
    url: &mut Url<'a>,
    t: &'s str,
    connect: bool,
    lift: &impl Fn(&'s str) -> Cow<'a, str>,
) {
    let path_part = if connect {
        set_url_authority(url, t, lift);
        None
    } else if let Some(after_scheme) = scheme_end(t.as_bytes()) {
        url.scheme = Some(lift(&t[..after_scheme - 3]));
        let after = &t[after_scheme..];
        let end = after
            .bytes()
            .position(|c| matches!(c, b'/' | b'?' | b'#'))
            .unwrap_or(after.len());
        set_url_authority(url, &after[..end], lift);
        Some(&after[end..])
    } else {
        Some(t)
    };
    if let Some(p) = path_part {
        let (path, query) = match memchr::memchr(b'?', p.as_bytes()) {
            Some(i) => (&p[..i], Some(&p[i + 1..])),
            None => (p, None),
        };
        if !path.is_empty() {
            url.path = Some(lift(path));
        }
        url.query_string = query.filter(|q| !q.is_empty()).map(lift);
    }
}

/// Where the authority starts (just past `://`) when `b` begins with `scheme://`, the
/// scheme being one or more of `[A-Za-z0-9+.-]`. (The same as finding the first `://` and
/// checking what precedes it: no scheme byte is a `:`, so the first byte that is not a
/// scheme byte decides.)
fn scheme_end(b: &[u8]) -> Option<usize> {
    let n = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))?;
    (n > 0 && b[n..].starts_with(b"://")).then_some(n + 3)
}

/// `host[:port]` (userinfo dropped, `[v6]:port` understood) into `url.hostname` / `port`.
fn set_url_authority<'s, 'a>(
    url: &mut Url<'a>,
    authority: &'s str,
    lift: &impl Fn(&'s str) -> Cow<'a, str>,
) {
    let (host, port) = split_authority(authority);
    if scan::is_hostname(host) {
        url.hostname = Some(lift(host));
    }
    url.port = port;
}

/// `[userinfo@]host[:port]` to (host, port): `split_host_port` of what follows the last
/// `@`, in one pass over the (short) authority instead of three.
fn split_authority(authority: &str) -> (&str, Option<u32>) {
    let b = authority.as_bytes();
    // Where the host starts, and the first and last `:` after that.
    let (mut start, mut first_colon, mut last_colon) = (0, usize::MAX, usize::MAX);
    for (i, &c) in b.iter().enumerate() {
        if c == b'@' {
            (start, first_colon, last_colon) = (i + 1, usize::MAX, usize::MAX);
        } else if c == b':' {
            first_colon = first_colon.min(i);
            last_colon = i;
        }
    }
    let hostport = &authority[start..];
    if hostport.starts_with('[') || first_colon != last_colon {
        // `[v6]:port`, or more than one colon (a bare IPv6 address): the general case.
        return split_host_port(hostport);
    }
    if last_colon == usize::MAX {
        return (hostport, None);
    }
    match scan::parse_u16(&authority[last_colon + 1..]) {
        Some(port) => (&authority[start..last_colon], Some(u32::from(port))),
        None => (hostport, None),
    }
}

/// An emptied vector, its allocation kept for the next line's event. Events borrow from
/// their line, so a vector cannot go from one line's event to the next as it is; an empty
/// one can, re-typed by an in-place `collect` (which std does without a new allocation
/// when the element layouts match, as they do here: the types differ only in lifetime).
/// Saves the allocations and growth of `observables`, `unmapped` and field lists per line.
/// (Only this way round: a `Vec<T<'static>>` becomes a `Vec<T<'a>>` by covariance.)
pub(crate) fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    if v.capacity() == 0 {
        return Vec::new();
    }
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// Vectors handed from event to event, their allocations kept (see [`recycle`]): most
/// events have observables, `unmapped` members and profiles, and growing fresh vectors
/// for them costs more per line than parsing a field.
#[derive(Default)]
pub(crate) struct Spare {
    observables: Vec<Observable<'static>>,
    unmapped: Vec<(Str<'static>, Json<'static>)>,
    profiles: Vec<&'static str>,
}

impl Spare {
    /// Give a new event's base the spare vectors (before anything is pushed into them).
    pub(crate) fn lend(&mut self, base: &mut Base<'_>) {
        base.observables = std::mem::take(&mut self.observables);
        base.unmapped.0 = std::mem::take(&mut self.unmapped);
        base.metadata.profiles = std::mem::take(&mut self.profiles);
    }

    /// Take the vectors back from an event that has been written.
    pub(crate) fn take_back(&mut self, base: &mut Base<'_>) {
        self.observables = recycle(std::mem::take(&mut base.observables));
        self.unmapped = recycle(std::mem::take(&mut base.unmapped.0));
        self.profiles = std::mem::take(&mut base.metadata.profiles);
        self.profiles.clear();
    }
}

/// `part`, a slice of `whole`, with `whole`'s lifetime: borrowed when `whole` is (from the
/// line), copied only when `whole` was itself unescaped into a new string.
#[inline]
pub(crate) fn sub<'a>(whole: &Cow<'a, str>, part: &str) -> Cow<'a, str> {
    match whole {
        Cow::Borrowed(b) => {
            let start = part.as_ptr() as usize - b.as_ptr() as usize;
            debug_assert!(
                start + part.len() <= b.len(),
                "{part:?} is not a part of {b:?}"
            );
            Cow::Borrowed(&b[start..start + part.len()])
        }
        Cow::Owned(_) => Cow::Owned(part.to_owned()),
    }
}

/// `host:port`, `[v6]:port`, `v6` or `host` to (host, port).
pub(crate) fn split_host_port(s: &str) -> (&str, Option<u32>) {
    let b = s.as_bytes();
    if b.first() == Some(&b'[') {
        if let Some(i) = memchr::memchr(b']', b) {
            let port = s[i + 1..]
                .strip_prefix(':')
                .and_then(scan::parse_u16)
                .map(u32::from);
            return (&s[1..i], port);
        }
    }
    // Host names and ports are short: plain loops beat memchr's set-up here.
    match b.iter().rposition(|&c| c == b':') {
        // More than one colon and no brackets: a bare IPv6 address.
        Some(i) if b[..i].contains(&b':') => (s, None),
        Some(i) => match scan::parse_u16(&s[i + 1..]) {
            Some(port) => (&s[..i], Some(u32::from(port))),
            None => (s, None),
        },
        None => (s, None),
    }
}

/// An address or name into the right endpoint attribute: `ip` when it parses as one,
/// `hostname` when OCSF accepts it as one, else `name` (a `unix:` socket, say).
pub(crate) fn set_endpoint<'a>(ep: &mut NetworkEndpoint<'a>, value: Cow<'a, str>) {
    if scan::is_ip(&value) {
        ep.ip = Some(value);
    } else if scan::is_hostname(&value) {
        ep.hostname = Some(value);
    } else if !value.is_empty() {
        ep.name = Some(value);
    }
}

/// `host[:port]` of a virtual host into the endpoint (an unusable host goes to `unmapped`).
fn set_host_port<'a>(ep: &mut NetworkEndpoint<'a>, v: Cow<'a, str>, unmapped: &mut Fields<'a>) {
    let (host, port) = split_host_port(&v);
    let host = sub(&v, host);
    ep.port = port;
    set_endpoint(ep, host);
    if ep.name.is_some() {
        ep.name = None;
        unmapped.push("vhost", v);
    }
}

/// Add an address to `x_forwarded_for` (`ip_t[]`); what is not an address (`unknown`,
/// a host name) is kept in `unmapped.x_forwarded_for`.
fn push_ip<'a>(list: &mut Vec<Cow<'a, str>>, part: &str, unmapped: &mut Fields<'a>) {
    if scan::is_ip(part) {
        list.push(Cow::Owned(part.to_owned()));
    } else if part != "-" {
        match unmapped.0.iter_mut().find(|(k, _)| k == "x_forwarded_for") {
            Some((_, Json::Array(items))) => items.push(Json::from(part.to_owned())),
            _ => unmapped.push(
                "x_forwarded_for",
                Json::Array(vec![Json::from(part.to_owned())]),
            ),
        }
    }
}

/// Fields after the user agent: a quoted list of addresses is nginx's `$http_x_forwarded_for`
/// (`main` format); anything else is kept, in order, in `unmapped.extra_fields`.
fn extra_fields<'a>(t: &LineText<'a>, mut rest: &'a [u8], ev: &mut HttpActivity<'a>) {
    let mut extras = Vec::new();
    let mut seen_xff = false;
    while !rest.is_empty() {
        if extras.len() == MAX_EXTRA_FIELDS {
            // A hostile line of a million fields stays one string, not a million values.
            extras.push(Json::Str(t.field(clf::trim(rest))));
            break;
        }
        let (field, quoted, after) = next_field(rest);
        rest = after;
        let text = t.unescaped(field);
        if quoted && !seen_xff && is_ip_list(&text) {
            seen_xff = true;
            if text != "-" {
                for part in text.split(',').map(str::trim) {
                    ev.http_request
                        .x_forwarded_for
                        .push(Cow::Owned(part.to_owned()));
                }
            }
            continue;
        }
        extras.push(Json::Str(text));
    }
    if !extras.is_empty() {
        ev.base.unmapped.push("extra_fields", Json::Array(extras));
    }
}

/// How many trailing fields are kept one by one; the rest is kept as one string.
pub(crate) const MAX_EXTRA_FIELDS: usize = 32;

/// `-` or `a, b, c` where every part is an IP address.
fn is_ip_list(s: &str) -> bool {
    s == "-" || s.split(',').all(|p| scan::is_ip(p.trim()))
}

/// The next space-separated field of `b` (a quoted one without its quotes).
fn next_field(b: &[u8]) -> (&[u8], bool, &[u8]) {
    let b = clf::trim(b);
    if b.first() == Some(&b'"') {
        return match clf::closing_quote(&b[1..]) {
            Some(end) => (&b[1..1 + end], true, &b[end + 2..]),
            None => (&b[1..], true, &[]),
        };
    }
    let end = memchr::memchr(b' ', b).unwrap_or(b.len());
    (&b[..end], false, &b[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_names_exactly_the_ocsf_methods() {
        // What `build` relies on for the upper-case methods `request_parts` accepts.
        for m in [
            "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE", "PATCH", "-",
            "_", "GETX", "G", "PROPFIND",
        ] {
            let kept = [
                "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE",
            ]
            .contains(&m);
            assert_eq!(
                matches!(http_activity::from_method(m).0, 1..=8),
                kept,
                "{m}"
            );
        }
    }

    #[test]
    fn hostile_lines_stay_bounded() {
        // A million quotes: linear, and a reject (no status follows any of them).
        let mut line = b"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"".to_vec();
        line.extend(std::iter::repeat_n(b'"', 1 << 20));
        assert!(clf::parse(&line).is_err());
        // Many trailing fields: the first MAX_EXTRA_FIELDS one by one, the rest as one.
        let mut line =
            b"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\""
                .to_vec();
        for _ in 0..1000 {
            line.extend_from_slice(b" x");
        }
        let p = clf::parse(&line).unwrap();
        let mut ev = HttpActivity::new(http_activity::GET, 0, Flavor::of(Source::Nginx).product());
        extra_fields(&text::LineText::new(&line), p.rest, &mut ev);
        match ev.base.unmapped.get("extra_fields") {
            Some(Json::Array(items)) => assert_eq!(items.len(), MAX_EXTRA_FIELDS + 1),
            other => panic!("extra_fields: {other:?}"),
        }
    }

    /// The straightforward request split (`str` patterns, std parsers) the byte-level one
    /// must agree with.
    mod reference {
        pub fn split(r: &str) -> String {
            let mut parts = r.splitn(2, ' ');
            let method = parts.next().unwrap_or("");
            let rest = parts.next().unwrap_or("").trim();
            let is_method = !method.is_empty()
                && method.len() <= 32
                && method
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b == b'-' || b == b'_');
            if !is_method || rest.is_empty() {
                return format!("unparsed {r:?}");
            }
            let (target, version) = match rest.rsplit_once(' ') {
                Some((t, v)) if v.starts_with("HTTP/") => (t.trim_end(), Some(&v[5..])),
                _ => (rest, None),
            };
            format!(
                "{method:?} {:?} {version:?}",
                url(target, method == "CONNECT")
            )
        }

        /// (scheme, hostname, port, path, query).
        type UrlParts<'s> = (
            Option<&'s str>,
            Option<&'s str>,
            Option<u32>,
            Option<&'s str>,
            Option<&'s str>,
        );

        pub fn url(t: &str, connect: bool) -> UrlParts<'_> {
            let (mut scheme, mut hostname, mut port, mut path, mut query) =
                (None, None, None, None, None);
            let path_part = if connect {
                (hostname, port) = host_port(t);
                None
            } else if let Some((s, after)) = t.split_once("://").filter(|(s, _)| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
            }) {
                scheme = Some(s);
                let end = after.find(['/', '?', '#']).unwrap_or(after.len());
                (hostname, port) = host_port(&after[..end]);
                Some(&after[end..])
            } else {
                Some(t)
            };
            if let Some(p) = path_part {
                let (pa, q) = match p.split_once('?') {
                    Some((pa, q)) => (pa, Some(q)),
                    None => (p, None),
                };
                path = (!pa.is_empty()).then_some(pa);
                query = q.filter(|q| !q.is_empty());
            }
            (scheme, hostname, port, path, query)
        }

        fn host_port(a: &str) -> (Option<&str>, Option<u32>) {
            let hostport = a.rsplit_once('@').map_or(a, |(_, h)| h);
            let (h, p) = old_split_host_port(hostport);
            (ocsf::dns::is_hostname(h).then_some(h), p)
        }

        fn old_split_host_port(s: &str) -> (&str, Option<u32>) {
            if let Some(rest) = s.strip_prefix('[') {
                if let Some((host, after)) = rest.split_once(']') {
                    let port = after
                        .strip_prefix(':')
                        .and_then(|p| p.parse::<u16>().ok())
                        .map(u32::from);
                    return (host, port);
                }
            }
            match s.rsplit_once(':') {
                Some((h, _)) if h.contains(':') => (s, None),
                Some((h, p)) => match p.parse::<u16>() {
                    Ok(port) => (h, Some(u32::from(port))),
                    Err(_) => (s, None),
                },
                None => (s, None),
            }
        }
    }

    /// `split_request` as the reference prints it.
    fn shown(r: &str) -> String {
        let req = split_request(&Cow::Borrowed(r));
        match req.url {
            None => format!("unparsed {:?}", req.unparsed.as_deref().unwrap_or("")),
            Some(u) => format!(
                "{:?} {:?} {:?}",
                req.method.as_deref().unwrap_or(""),
                (
                    u.scheme.as_deref(),
                    u.hostname.as_deref(),
                    u.port,
                    u.path.as_deref(),
                    u.query_string.as_deref()
                ),
                req.version.as_deref()
            ),
        }
    }

    #[test]
    fn request_split_is_the_reference() {
        let pieces = [
            "GET",
            "CONNECT",
            "get",
            "PROP-FIND",
            " ",
            "  ",
            "\t",
            "/",
            "/a",
            "?",
            "?q=1",
            "#",
            "http",
            "://",
            "s+v.1",
            "@",
            "u:p@",
            ":",
            "80",
            ":65536",
            ":+8",
            "[",
            "]",
            "::1",
            "host.example",
            "-a",
            "HTTP/",
            "1.1",
            "\u{a0}",
            "é",
            "x",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..50_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut r = state;
            // Most lines start like a request, so that the URL split is exercised too.
            let mut line = String::from(["", "GET ", "CONNECT ", "POST  "][(r >> 60) as usize % 4]);
            for _ in 0..(r % 12) {
                r = r.rotate_left(7) ^ 0x9e37_79b9;
                line.push_str(pieces[(r % pieces.len() as u64) as usize]);
            }
            assert_eq!(shown(&line), reference::split(&line), "{line:?}");
        }
    }

    #[test]
    fn request_lines() {
        let r = split_request(&Cow::Borrowed("GET http://[2001:db8::1]:8080/a?b HTTP/1.1"));
        let url = r.url.unwrap();
        assert_eq!(url.port, Some(8080));
        assert_eq!(url.hostname, None, "an IPv6 literal is not a hostname_t");
        assert_eq!(url.path.as_deref(), Some("/a"));
        let r = split_request(&Cow::Borrowed("get /lower HTTP/1.1"));
        assert!(r.method.is_none(), "methods are upper case tokens");
        assert_eq!(split_host_port("[::1]:80"), ("::1", Some(80)));
        assert_eq!(split_host_port("::1"), ("::1", None));
        assert_eq!(split_host_port("host:99999"), ("host:99999", None));
        for a in [
            "",
            "h",
            "h:80",
            "u:p@h:80",
            "u@h",
            "@",
            "@:",
            ":",
            "::",
            "h:",
            "h:+80",
            "h:x",
            "a@b@c:1",
            "u:p@[::1]:8",
            "[::1]",
            "[::1]:x",
            "::1",
            "u@::1",
            "h:80:90",
            "u:p@h",
            "[v6",
            "é@é:1",
        ] {
            let after_at = a.rsplit_once('@').map_or(a, |(_, h)| h);
            assert_eq!(split_authority(a), split_host_port(after_at), "{a:?}");
        }
    }
}
