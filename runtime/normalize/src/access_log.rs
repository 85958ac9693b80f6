//! NGINX and Apache access logs to OCSF HTTP Activity (4002).
//!
//! One line is one request. Text lines (common, combined, vhost_combined, nginx `main`
//! with its trailing X-Forwarded-For, Apache `ssl_request_log`) go through the byte-level
//! [`clf`] parser; a line that starts with `{` is an nginx JSON `log_format` ([`json`]).
//! The mapping is documented in `runtime/docs/mapping-nginx.md` and `mapping-apache.md`.

pub(crate) mod time;
mod clf;
mod json;
mod text;

use crate::{lines, Out, Source};
use ocsf::network::{http_activity, HttpActivity};
use ocsf::objects::*;
use std::borrow::Cow;
use std::io::{self, BufRead};
use text::LineText;

/// Normalize an nginx or Apache access log (`out.source()` says which).
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    let flavor = Flavor::of(out.source());
    lines::for_each_line(input, |no, line| {
        let trimmed = clf::trim(line);
        if trimmed.is_empty() {
            return;
        }
        if trimmed.first() == Some(&b'#') {
            return out.skip("access log comment line");
        }
        if line.first() == Some(&b'{') {
            return json::normalize_line(no, line, flavor, out);
        }
        if let Err(reason) = clf::parse(line).and_then(|parsed| emit(no, line, &parsed, flavor, out)) {
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
            _ => Flavor { product: "nginx", vendor: "F5 NGINX", service: "nginx" },
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

/// Build the event of one parsed text line and hand it to `out`. (Emitted here rather than
/// returned: the event is a few KB, and moving it costs more than parsing the line.)
fn emit<'a>(
    no: u64,
    line: &'a [u8],
    p: &clf::Line<'a>,
    flavor: Flavor,
    out: &mut Out<'_>,
) -> Result<(), &'static str> {
    let (time, offset) = time::parse_clf(p.time)
        .ok_or("invalid timestamp (expected dd/Mon/yyyy:HH:MM:SS +zzzz)")?;
    let t = LineText::new(line);
    let request = p.request.map(|r| t.unescaped(r));
    let req = request.as_ref().map(|r| split_request(r));
    let method = req.as_ref().and_then(|r| r.method.clone());
    let activity = method.as_deref().map_or(http_activity::UNKNOWN, http_activity::from_method);

    let mut ev = HttpActivity::new(activity, time, flavor.product());
    ev.base.timezone_offset = offset;
    ev.base.metadata.original_time = Some(t.field(p.time));
    ev.base.raw_data = out.options().raw_data.then(|| t.whole());
    set_status(&mut ev, p.status);
    ev.http_response.length = p.bytes.map(|b| b as i64);

    if let Some(req) = req {
        if let Some(m) = req.method {
            set_method(&mut ev, m);
        }
        ev.http_request.version = req.version;
        ev.http_request.url = req.url;
        if let Some(other) = req.unparsed {
            ev.base.unmapped.push("request", other);
        }
    }
    ev.http_request.referrer = p.referer.map(|r| t.unescaped(r));
    ev.http_request.user_agent = p.user_agent.map(|u| t.unescaped(u));

    // The client, possibly a list (a proxy chain written into %h / $remote_addr).
    let client = p.client.map(|c| t.field(c));
    match &client {
        Some(c) if c.contains(',') => {
            let mut first = true;
            for part in c.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if first {
                    set_endpoint(&mut ev.src_endpoint, part.to_owned().into());
                    first = false;
                }
                push_ip(&mut ev.http_request.x_forwarded_for, part, &mut ev.base.unmapped);
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
        ev.base.observables.push(Observable::ip("src_endpoint.ip", ip));
    }
    if let Some(xff) = p.xff {
        for part in t.field(xff).split(',').map(str::trim).filter(|s| !s.is_empty()) {
            push_ip(&mut ev.http_request.x_forwarded_for, part, &mut ev.base.unmapped);
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
        ev.base.observables.push(Observable::user_name("actor.user.name", name.clone()));
        ev.actor = Some(Actor {
            user: Some(User { name: Some(name), ..User::default() }),
            ..Actor::default()
        });
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
    extra_fields(&t, p.rest, &mut ev);
    if p.truncated {
        ev.base.unmapped.push("truncated", true);
    }
    out.event(no, line, &ev);
    Ok(())
}

/// Status code to `http_response.code` and the event status: 1xx-3xx Success, 4xx-5xx
/// Failure. A `-` status is code 0 (OCSF requires a code) with status Unknown.
pub(crate) fn set_status(ev: &mut HttpActivity<'_>, status: Option<u16>) {
    match status {
        Some(code) => {
            ev.http_response.code = i32::from(code);
            ev.base.set_status(if (100..400).contains(&code) { Status::Success } else { Status::Failure });
            ev.base.status_code = Some(Cow::Owned(code.to_string()));
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
    const OCSF_METHODS: [&str; 8] = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE"];
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
    let s: &str = r;
    let mut parts = s.splitn(2, ' ');
    let method = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("").trim();
    let is_method = !method.is_empty()
        && method.len() <= 32
        && method.bytes().all(|b| b.is_ascii_uppercase() || b == b'-' || b == b'_');
    if !is_method || rest.is_empty() {
        return Request { method: None, url: None, version: None, unparsed: Some(r.clone()) };
    }
    let (target, version) = match rest.rsplit_once(' ') {
        Some((t, v)) if v.starts_with("HTTP/") => (t.trim_end(), Some(&v[5..])),
        _ => (rest, None),
    };
    let method_owned = sub(r, method);
    let url = url_of(sub(r, target), method == "CONNECT");
    Request { method: Some(method_owned), url: Some(url), version: version.map(|v| sub(r, v)), unparsed: None }
}

/// A substring of a `Cow`, borrowed when the `Cow` is.
fn sub<'a>(whole: &Cow<'a, str>, part: &str) -> Cow<'a, str> {
    match whole {
        Cow::Borrowed(b) => {
            let start = part.as_ptr() as usize - b.as_ptr() as usize;
            Cow::Borrowed(&b[start..start + part.len()])
        }
        Cow::Owned(_) => Cow::Owned(part.to_owned()),
    }
}

/// The `url` of a request target: origin form `/p?q`, absolute form `http://h:p/p?q`
/// (proxies), or authority form `host:port` (CONNECT).
pub(crate) fn url_of<'a>(target: Cow<'a, str>, connect: bool) -> Url<'a> {
    let mut url = Url { url_string: Some(target.clone()), ..Url::default() };
    let t: &str = &target;
    let path_part = if connect {
        set_url_authority(&mut url, &target, t);
        None
    } else if let Some((scheme, after)) = t.split_once("://").filter(|(s, _)| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
    }) {
        url.scheme = Some(sub(&target, scheme));
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        set_url_authority(&mut url, &target, &after[..end]);
        Some(&after[end..])
    } else {
        Some(t)
    };
    if let Some(p) = path_part {
        let (path, query) = match p.split_once('?') {
            Some((path, q)) => (path, Some(q)),
            None => (p, None),
        };
        if !path.is_empty() {
            url.path = Some(sub(&target, path));
        }
        url.query_string = query.filter(|q| !q.is_empty()).map(|q| sub(&target, q));
    }
    url
}

/// `host[:port]` (userinfo dropped, `[v6]:port` understood) into `url.hostname` / `port`.
// `&Cow` on purpose: `sub` borrows from it when it is borrowed.
#[allow(clippy::ptr_arg)]
fn set_url_authority<'a>(url: &mut Url<'a>, whole: &Cow<'a, str>, authority: &str) {
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = split_host_port(hostport);
    if ocsf::dns::is_hostname(host) {
        url.hostname = Some(sub(whole, host));
    }
    url.port = port;
}

/// `host:port`, `[v6]:port`, `v6` or `host` to (host, port).
pub(crate) fn split_host_port(s: &str) -> (&str, Option<u32>) {
    if let Some(rest) = s.strip_prefix('[') {
        if let Some((host, after)) = rest.split_once(']') {
            let port = after.strip_prefix(':').and_then(|p| p.parse::<u16>().ok()).map(u32::from);
            return (host, port);
        }
    }
    match s.rsplit_once(':') {
        // More than one colon and no brackets: a bare IPv6 address.
        Some((h, _)) if h.contains(':') => (s, None),
        Some((h, p)) => match p.parse::<u16>() {
            Ok(port) => (h, Some(u32::from(port))),
            Err(_) => (s, None),
        },
        None => (s, None),
    }
}

/// An address or name into the right endpoint attribute: `ip` when it parses as one,
/// `hostname` when OCSF accepts it as one, else `name` (a `unix:` socket, say).
pub(crate) fn set_endpoint<'a>(ep: &mut NetworkEndpoint<'a>, value: Cow<'a, str>) {
    if value.parse::<std::net::IpAddr>().is_ok() {
        ep.ip = Some(value);
    } else if ocsf::dns::is_hostname(&value) {
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
    if part.parse::<std::net::IpAddr>().is_ok() {
        list.push(Cow::Owned(part.to_owned()));
    } else if part != "-" {
        match unmapped.0.iter_mut().find(|(k, _)| k == "x_forwarded_for") {
            Some((_, Json::Array(items))) => items.push(Json::from(part.to_owned())),
            _ => unmapped.push("x_forwarded_for", Json::Array(vec![Json::from(part.to_owned())])),
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
                    ev.http_request.x_forwarded_for.push(Cow::Owned(part.to_owned()));
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
    s == "-" || s.split(',').all(|p| p.trim().parse::<std::net::IpAddr>().is_ok())
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
    fn hostile_lines_stay_bounded() {
        // A million quotes: linear, and a reject (no status follows any of them).
        let mut line = b"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"".to_vec();
        line.extend(std::iter::repeat(b'"').take(1 << 20));
        assert!(clf::parse(&line).is_err());
        // Many trailing fields: the first MAX_EXTRA_FIELDS one by one, the rest as one.
        let mut line = b"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"".to_vec();
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
    }
}
