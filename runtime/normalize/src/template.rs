//! Pieces shared by the sources that write their usual record's event as a template
//! (`access_log::usual`, `elb::usual`, `squid::usual`): the constant parts are made once
//! per file by the typed writer itself (so they hold exactly its keys and captions), and
//! the values are written between them.

use ocsf::json::{WriteConstant, WriteJson};
use ocsf::objects::{Observable, Status};
use std::ops::Range;

/// An event's JSON as the typed writer writes it, up to and including `,"time":` (the
/// class, activity, type and severity: the head every event of that activity shares).
pub(crate) fn head(event: &impl WriteJson) -> Vec<u8> {
    let mut json = ocsf::json::to_vec(event);
    let time = b",\"time\":";
    json.truncate(find(&json, time) + time.len());
    json
}

/// Where `what` starts in `json`, a piece the typed writer writes.
pub(crate) fn find(json: &[u8], what: &[u8]) -> usize {
    json.windows(what.len())
        .position(|w| w == what)
        .expect("the typed writer writes this piece")
}

/// `,"status_id":1,"status":"Success"` for `status`.
pub(crate) fn status(status: Status) -> Vec<u8> {
    let mut piece = b",\"status_id\":".to_vec();
    status.id().write_json(&mut piece);
    piece.extend_from_slice(b",\"status\":");
    status.caption().write_constant(&mut piece);
    piece
}

/// An observable as the typed writer writes it, cut before its value (written last).
pub(crate) fn up_to_value(observable: Observable<'_>) -> Vec<u8> {
    let mut json = ocsf::json::to_vec(&observable);
    assert!(json.ends_with(b",\"value\":\"\"}"), "the value is last");
    json.truncate(json.len() - 3);
    json
}

/// The heads of HTTP Activity by activity id, 0 (Unknown) to 8 (Trace).
pub(crate) fn http_heads() -> [Vec<u8>; 9] {
    use ocsf::network::{http_activity::*, HttpActivity};
    let activities = [
        UNKNOWN, CONNECT, DELETE, GET, HEAD, OPTIONS, POST, PUT, TRACE,
    ];
    activities.map(|activity| {
        let event = HttpActivity::new(activity, 0, ocsf::objects::Product::default());
        head(&event)
    })
}

/// `http_activity::ocsf_method` of a request's method (exactly as OCSF names it: `GET`,
/// not `get`), with its activity id as an index of [`http_heads`]: one comparison
/// instead of a search and a second match.
#[inline(always)]
pub(crate) fn ocsf_method_activity(method: &str) -> Option<(&'static str, usize)> {
    use ocsf::network::http_activity;
    let (method, (id, _)) = match method.as_bytes() {
        b"GET" => ("GET", http_activity::GET),
        b"POST" => ("POST", http_activity::POST),
        b"PUT" => ("PUT", http_activity::PUT),
        b"DELETE" => ("DELETE", http_activity::DELETE),
        b"HEAD" => ("HEAD", http_activity::HEAD),
        b"OPTIONS" => ("OPTIONS", http_activity::OPTIONS),
        b"CONNECT" => ("CONNECT", http_activity::CONNECT),
        b"TRACE" => ("TRACE", http_activity::TRACE),
        _ => return None,
    };
    Some((method, usize::try_from(id).ok()?))
}

/// Where `write` wrote in `out` (a value the event holds twice is escaped once and the
/// second time copied from there).
pub(crate) fn written(out: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>)) -> Range<usize> {
    let start = out.len();
    write(out);
    start..out.len()
}

/// The JSON string body of a plain record (see `crate::delimiters`) whose `"` are at
/// `quotes`, without the string's own quotes: its parts between them as they are, each
/// quote escaped (nothing else in a plain record needs it).
#[inline]
pub(crate) fn put_plain(out: &mut impl Put, record: &[u8], quotes: &[u32]) {
    let mut from = 0;
    for &q in quotes {
        let q = q as usize;
        out.put(&record[from..q]);
        out.put(b"\\\"");
        from = q + 1;
    }
    out.put(&record[from..]);
}

/// Where a template writes its event: the event's `Vec` itself (any record), or
/// [`Room`] (a record whose event has a known bound and nothing to escape).
pub(crate) trait Put {
    /// Append `b`.
    fn put(&mut self, b: &[u8]);
    /// Append `s` as a JSON string (`clean`: as `ocsf::json::write_str_known`); where it
    /// was written.
    fn put_str(&mut self, s: &str, clean: bool) -> Range<usize>;
    /// Append a copy of the bytes written at `at`.
    fn put_copy(&mut self, at: Range<usize>);
    /// The bytes written at `at`.
    fn written(&self, at: Range<usize>) -> &[u8];

    /// Append `v` as JSON.
    #[inline(always)]
    fn put_int(&mut self, v: i64) {
        self.put(itoa::Buffer::new().format(v).as_bytes());
    }
}

impl Put for Vec<u8> {
    #[inline(always)]
    fn put(&mut self, b: &[u8]) {
        self.extend_from_slice(b);
    }

    #[inline(always)]
    fn put_str(&mut self, s: &str, clean: bool) -> Range<usize> {
        written(self, |out| ocsf::json::write_str_known(out, s, clean))
    }

    #[inline(always)]
    fn put_copy(&mut self, at: Range<usize>) {
        self.extend_from_within(at);
    }

    #[inline(always)]
    fn written(&self, at: Range<usize>) -> &[u8] {
        &self[at]
    }
}

/// An event written into room made before (a buffer kept from record to record, as
/// large as the record's bound), through a slice: each piece costs a bounds test and a
/// copy, where `Vec` also loads and stores its length and capacity. What does not fit,
/// and a string that needs escaping, is not written but marks the room `spoilt`: the
/// caller then writes the event into its `Vec` instead.
pub(crate) struct Room<'r> {
    buf: &'r mut [u8],
    at: usize,
    spoilt: bool,
}

impl<'r> Room<'r> {
    /// Room of at least `bound` bytes in `buf` (grown when smaller; its bytes are
    /// overwritten before they are read).
    pub(crate) fn new(buf: &'r mut Vec<u8>, bound: usize) -> Self {
        if buf.len() < bound {
            buf.resize(bound, 0);
        }
        Room {
            buf,
            at: 0,
            spoilt: false,
        }
    }

    /// The event, when it was written whole.
    pub(crate) fn event(&self) -> Option<&[u8]> {
        match self.spoilt {
            false => self.buf.get(..self.at),
            true => None,
        }
    }
}

impl Put for Room<'_> {
    #[inline(always)]
    fn put(&mut self, b: &[u8]) {
        match self.buf.get_mut(self.at..self.at + b.len()) {
            Some(to) => to.copy_from_slice(b),
            None => self.spoilt = true,
        }
        self.at += b.len();
    }

    #[inline(always)]
    fn put_str(&mut self, s: &str, clean: bool) -> Range<usize> {
        let start = self.at;
        let n = s.len();
        match self.buf.get_mut(start..start + n + 2) {
            Some(to) if clean => {
                debug_assert!(
                    !s.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\'),
                    "{s:?} is not clean"
                );
                to[0] = b'"';
                to[1..=n].copy_from_slice(s.as_bytes());
                to[n + 1] = b'"';
            }
            _ => self.spoilt = true,
        }
        self.at += n + 2;
        start..self.at
    }

    #[inline(always)]
    fn put_copy(&mut self, at: Range<usize>) {
        let n = at.len();
        if at.end <= self.at && self.at + n <= self.buf.len() {
            self.buf.copy_within(at, self.at);
        } else {
            self.spoilt = true;
        }
        self.at += n;
    }

    #[inline(always)]
    fn written(&self, at: Range<usize>) -> &[u8] {
        self.buf.get(at).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_writes_what_vec_writes_or_says_it_cannot() {
        let write = |p: &mut dyn Put| {
            p.put(b"{\"a\":");
            let s = p.put_str("text", true);
            p.put(b",\"b\":");
            p.put_copy(s);
            p.put(b",\"n\":");
            p.put_int(-42);
            p.put(b"}");
        };
        let mut vec = Vec::new();
        write(&mut vec);
        assert_eq!(vec, b"{\"a\":\"text\",\"b\":\"text\",\"n\":-42}");
        let mut buf = Vec::new();
        let mut room = Room::new(&mut buf, 64);
        write(&mut room);
        assert_eq!(room.event(), Some(&vec[..]));
        // Too small: spoilt, whatever the size, and never a panic.
        for bound in 0..vec.len() {
            let mut buf = Vec::new();
            let mut room = Room::new(&mut buf, bound);
            write(&mut room);
            assert_eq!(room.event(), None, "{bound}");
        }
        // A string with something to escape is not written in room.
        let mut buf = Vec::new();
        let mut room = Room::new(&mut buf, 64);
        room.put_str("a\"b", false);
        assert_eq!(room.event(), None);
    }

    #[test]
    fn methods_are_ocsf_methods_with_their_activity() {
        use ocsf::network::http_activity;
        for method in [
            "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE", "get", "Get",
            "PATCH", "", "-", "GETX", "GE", "PROPFIND",
        ] {
            let want = http_activity::ocsf_method(method)
                .map(|m| (m, http_activity::from_method(m).0 as usize));
            assert_eq!(ocsf_method_activity(method), want, "{method:?}");
        }
    }

    #[test]
    fn pieces_are_the_typed_writers() {
        let heads = http_heads();
        for (id, head) in heads.iter().enumerate() {
            let text = String::from_utf8_lossy(head);
            assert!(
                text.starts_with(&format!("{{\"activity_id\":{id},")),
                "{text}"
            );
            assert!(text.ends_with(",\"time\":"), "{text}");
        }
        assert!(String::from_utf8_lossy(&heads[3]).contains("\"type_name\":\"HTTP Activity: Get\""));
        assert_eq!(
            status(Status::Failure),
            b",\"status_id\":2,\"status\":\"Failure\""
        );
        assert_eq!(
            String::from_utf8_lossy(&up_to_value(Observable::ip("src_endpoint.ip", "".into()))),
            "{\"name\":\"src_endpoint.ip\",\"type_id\":2,\"type\":\"IP Address\",\"value\":"
        );
        let mut out = b"ab".to_vec();
        assert_eq!(written(&mut out, |o| o.extend_from_slice(b"cde")), 2..5);
    }
}
