//! Squid's native `access.log` to OCSF HTTP Activity (4002).
//!
//! `time elapsed client code/status bytes method URL rfc931 peerstatus/peerhost type`,
//! fields separated by runs of spaces (Squid pads `elapsed`), `-` for absent values, and
//! any trailing fields (a custom `logformat` that appends to `squid`) kept in
//! `unmapped.extra_fields`. The mapping is in `runtime/docs/mapping-squid.md`.
//!
//! Speed: a plain line (ASCII, no control character, no `\`: nearly all of them) is cut at
//! the spaces found in one pass over it (`crate::delimiters`), and, having nothing to
//! escape but its quotes, written without escaping. Any other line is decoded once (its
//! `raw_data` is that same text) and its fields cut eight bytes at a time (`Words`, which
//! is `split_ascii_whitespace` without its adapters). URLs, addresses and numbers go
//! through the access-log module's byte-level helpers.
//! A line of the usual shape (nearly all of them) has its event written as a template from
//! its fields (`usual`); the typed event, built for every other line, stays the reference
//! (compared byte for byte with the template's in debug builds).

mod usual;

use crate::access_log::scan::{eight_digits_value, is_eight_digits, parse_i64, parse_u16};
use crate::access_log::{set_endpoint, set_method, set_status, set_url, time, Spare};
use crate::delimiters::{Ascii, Delimiters};
use crate::{lines, Out};
use ocsf::network::{http_activity, HttpActivity, HTTP_ACTIVITY};
use ocsf::objects::*;
use std::borrow::Cow;
use std::io::{self, BufRead};

/// Normalize a Squid native access log.
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    let mut state = State::new(out.options().raw_data);
    lines::for_each_line(input, |no, line| {
        state.line(no, line, out);
    })
}

/// What one file's lines reuse: the template, the typed event's spare vectors and the
/// delimiters' positions.
struct State {
    spare: Spare,
    template: usual::Template,
    delimiters: Delimiters,
}

impl State {
    fn new(raw_data: bool) -> State {
        State {
            spare: Spare::default(),
            template: usual::Template::new(raw_data),
            delimiters: Delimiters::default(),
        }
    }

    /// Handle line `no`. True when it went the plain way (`plain_fields`): the tests
    /// check which lines do.
    fn line(&mut self, no: u64, line: &[u8], out: &mut Out<'_>) -> bool {
        // A plain line (ASCII, no control character, no `\`) of exactly the ten fields: cut
        // from the spaces found in one pass (all of them: an eleventh field must be seen),
        // with nothing to escape but its quotes.
        if let Some(ascii) = self.delimiters.ascii_up_to(line, usize::MAX) {
            if let Some(f) = plain_fields(ascii, self.delimiters.spaces()) {
                let quotes = Some(self.delimiters.quotes());
                let text = Cow::Borrowed(ascii.text());
                let (spare, template) = (&mut self.spare, &self.template);
                if let Err(reason) = emit(&text, &f, quotes, spare, template, out) {
                    out.reject(no, reason, line);
                }
                return true;
            }
        }
        // Any other line: decoded and split the general way.
        // `from_utf8` first: its ASCII fast path beats the lossy decoder on valid lines.
        let text = match crate::utf8(line) {
            Some(s) => Cow::Borrowed(s),
            None => String::from_utf8_lossy(line),
        };
        // Only the start matters: blank (all whitespace) or a comment.
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return false;
        }
        if trimmed.starts_with('#') {
            out.skip("squid comment line");
            return false;
        }
        let (spare, template) = (&mut self.spare, &self.template);
        if let Err(reason) = parse(&text).and_then(|f| emit(&text, &f, None, spare, template, out))
        {
            out.reject(no, reason, line);
        }
        false
    }
}

/// The ten native fields and what follows them.
#[derive(Debug, PartialEq, Eq)]
struct Fields<'t> {
    time: &'t str,
    elapsed: &'t str,
    client: &'t str,
    result: &'t str,
    bytes: &'t str,
    method: &'t str,
    url: &'t str,
    user: &'t str,
    hierarchy: &'t str,
    content_type: &'t str,
    extra: Vec<&'t str>,
}

impl<'t> Fields<'t> {
    /// The ten words in the format's order, and what follows them.
    fn of(words: [&'t str; 10], extra: Vec<&'t str>) -> Self {
        let [time, elapsed, client, result, bytes, method, url, user, hierarchy, content_type] =
            words;
        Fields {
            time,
            elapsed,
            client,
            result,
            bytes,
            method,
            url,
            user,
            hierarchy,
            content_type,
            extra,
        }
    }
}

fn parse(text: &str) -> Result<Fields<'_>, &'static str> {
    // The ten fields, cut at ASCII whitespace like `split_ascii_whitespace` (see `Words`).
    let b = text.as_bytes();
    let mut words = [""; 10];
    let mut i = 0;
    for word in &mut words {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if i == b.len() {
            return Err("fewer than the 10 fields of Squid's native access.log format");
        }
        let end = word_end(b, i);
        *word = &text[i..end];
        // Past the whitespace byte that ended the word (one loop turn fewer per field).
        i = (end + 1).min(b.len());
    }
    let mut it = Words(&text[i..]);
    // Past a few dozen, the rest of the line stays one string (a hostile line of a million
    // fields must not become a million values).
    let mut extra: Vec<&str> = it
        .by_ref()
        .take(crate::access_log::MAX_EXTRA_FIELDS)
        .collect();
    if let Some(next) = it.next() {
        let start = next.as_ptr() as usize - text.as_ptr() as usize;
        extra.push(text[start..].trim_end());
    }
    Ok(Fields::of(words, extra))
}

/// The fields of a plain line (see `State::line`) when it has exactly the ten, cut at
/// its `spaces` (all of them, in order): a plain line has no other ASCII whitespace, so
/// these are the words `parse` finds (debug builds check). `None` for any other line
/// (blank, a comment, fewer or more fields): `parse` then handles it.
fn plain_fields<'t>(text: Ascii<'t>, spaces: &[u32]) -> Option<Fields<'t>> {
    let mut words = [""; 10];
    let mut n = 0;
    let mut start = 0;
    let mut cut = |start: usize, end: usize| {
        // Runs of spaces (Squid pads `elapsed`) give empty pieces, which are no words.
        if end > start {
            *words.get_mut(n)? = text.cut(start, end);
            n += 1;
        }
        Some(())
    };
    for &space in spaces {
        let space = space as usize;
        cut(start, space)?;
        start = space + 1;
    }
    cut(start, text.bytes().len())?;
    if n < 10 || words[0].starts_with('#') {
        return None;
    }
    let f = Fields::of(words, Vec::new());
    debug_assert_eq!(Ok(&f), parse(text.text()).as_ref(), "{text:?}");
    Some(f)
}

/// `str::split_ascii_whitespace` as a byte loop (the std one goes through generic split
/// and filter adapters, several times slower on these short fields).
struct Words<'t>(&'t str);

impl<'t> Iterator for Words<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        // Cuts at ASCII bytes only, so at char boundaries.
        let b = self.0.as_bytes();
        let start = b.iter().position(|c| !c.is_ascii_whitespace())?;
        let end = word_end(b, start);
        let word = &self.0[start..end];
        self.0 = &self.0[end..];
        Some(word)
    }
}

/// The end of the word that starts at `start`: the next ASCII whitespace byte, or `b.len()`.
#[inline(always)]
fn word_end(b: &[u8], start: usize) -> usize {
    let mut end = start;
    loop {
        end += first_control_or_space(&b[end..]);
        // A control byte that is not whitespace (say \x0b) belongs to the word.
        if end == b.len() || b[end].is_ascii_whitespace() {
            return end;
        }
        end += 1;
    }
}

/// Index of the first byte <= b' ' (or `b.len()`), eight bytes at a time: in a word `w`,
/// `(w - 0x21..) & !w & 0x80..` has its lowest set bit in the first byte below 0x21 (a
/// borrow only runs upwards from such a byte, and bytes >= 0x80 are masked by `!w`).
#[inline(always)]
fn first_control_or_space(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut i = 0;
    while let Some(chunk) = b[i..].first_chunk::<8>() {
        let w = u64::from_le_bytes(*chunk);
        let found = w.wrapping_sub(ONES * 0x21) & !w & (ONES * 0x80);
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i..]
        .iter()
        .position(|&c| c <= b' ')
        .unwrap_or(b.len() - i)
}

/// `hay.contains(needle)` for the short result codes, without `str`'s two-way searcher.
fn has(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    // Only where the rest of `hay` is long enough.
    let last = h.len().checked_sub(n.len());
    last.is_some_and(|last| (0..=last).any(|i| h[i] == first && h[i + 1..].starts_with(rest)))
}

/// `-` means absent.
fn present(s: &str) -> Option<&str> {
    (s != "-" && !s.is_empty()).then_some(s)
}

/// `product` of every event.
fn product() -> Product<'static> {
    Product {
        name: Some(Cow::Borrowed("Squid")),
        vendor_name: Cow::Borrowed("Squid Cache"),
        ..Product::default()
    }
}

/// `proxy.svc_name` of every event.
const SERVICE: &str = "squid";

/// What the typed event and the template both need, read (and rejected on) first: the
/// time, the Squid result code and the HTTP status (`None` for `-`).
fn head<'t>(f: &Fields<'t>) -> Result<(i64, &'t str, Option<u16>), &'static str> {
    let time = epoch_ms(f.time.as_bytes())
        .ok_or("invalid time (expected epoch seconds like 1525344856.899)")?;
    let slash =
        find_byte(f.result, b'/').ok_or("result field is not CODE/STATUS (like TCP_MISS/200)")?;
    let (code, status) = (&f.result[..slash], &f.result[slash + 1..]);
    let status = match status {
        "-" => None,
        // Three digits, as nearly always, without `parse_u16`'s sign and range tests.
        s => Some(match *s.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(u8::is_ascii_digit) => {
                u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0')
            }
            _ => parse_u16(s).ok_or("invalid HTTP status in the result field")?,
        }),
    };
    Ok((time, code, status))
}

/// `time::parse_epoch_seconds`, the usual `1525344856.899` read with its middle eight
/// digits as one word.
fn epoch_ms(b: &[u8]) -> Option<i64> {
    if let Ok(&[b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b'.', f0, f1, f2]) =
        <&[u8; 14]>::try_from(b)
    {
        let word = u64::from_le_bytes([b2, b3, b4, b5, b6, b7, b8, b9]);
        let digit = |c: u8| c.wrapping_sub(b'0');
        if is_eight_digits(word) && [b0, b1, f0, f1, f2].iter().all(|&c| digit(c) <= 9) {
            let seconds = i64::from(digit(b0)) * 1_000_000_000
                + i64::from(digit(b1)) * 100_000_000
                + eight_digits_value(word) as i64;
            let ms = i64::from(digit(f0)) * 100 + i64::from(digit(f1)) * 10 + i64::from(digit(f2));
            return Some(seconds * 1000 + ms);
        }
    }
    time::parse_epoch_seconds(b)
}

/// The first `c` in `s` (a short field: eight bytes at a time beats a byte loop and
/// `memchr`'s set-up).
fn find_byte(s: &str, c: u8) -> Option<usize> {
    crate::access_log::scan::find_byte(c, s.as_bytes())
}

/// Write the event of one line to `out`: as a template when the line has the usual
/// shape (`usual`), else as the typed event. `quotes`: the positions of the line's `"`
/// when it is plain (see `State::line`). (Emitted here, not returned: moving a
/// multi-KB event costs more than parsing the line.)
// `&Cow` on purpose: `raw_data` is the `Cow` itself (borrowed, or the lossy decoding).
#[allow(clippy::ptr_arg)]
fn emit<'a>(
    text: &Cow<'a, str>,
    f: &Fields<'a>,
    quotes: Option<&'a [u32]>,
    spare: &mut Spare,
    template: &usual::Template,
    out: &mut Out<'_>,
) -> Result<(), &'static str> {
    let (time, code, status) = head(f)?;
    match usual::Usual::of(text, f, quotes, time, code, status) {
        Some(usual) => {
            out.written_event(HTTP_ACTIVITY.uid, |buf| usual.write(template, buf));
            if cfg!(debug_assertions) {
                let head = (time, code, status);
                out.check_template(|o| typed(text, f, head, &mut Spare::default(), o));
            }
        }
        None => typed(text, f, (time, code, status), spare, out),
    }
    Ok(())
}

/// The typed event of a line that `head` accepted, as JSON (the tests' reference).
#[cfg(test)]
#[allow(clippy::ptr_arg)]
fn typed_json<'a>(text: &Cow<'a, str>, f: &Fields<'a>, opts: &crate::Options) -> Vec<u8> {
    crate::out::typed_bytes(crate::Source::Squid, opts, |out| {
        let head = head(f).expect("a line of a written event");
        typed(text, f, head, &mut Spare::default(), out);
    })
}

/// Build the typed event of one line and hand it to `out`.
#[allow(clippy::ptr_arg)]
fn typed<'a>(
    text: &Cow<'a, str>,
    f: &Fields<'_>,
    (time, code, status): (i64, &str, Option<u16>),
    spare: &mut Spare,
    out: &mut Out<'_>,
) {
    // Borrow from the line when it was valid UTF-8, else own.
    let s = |part: &str| -> Cow<'a, str> {
        match text {
            Cow::Borrowed(b) => {
                let start = part.as_ptr() as usize - b.as_ptr() as usize;
                Cow::Borrowed(&b[start..start + part.len()])
            }
            Cow::Owned(_) => Cow::Owned(part.to_owned()),
        }
    };
    let activity = http_activity::from_method(f.method);
    let mut ev = HttpActivity::new(activity, time, product());
    spare.lend(&mut ev.base);
    // `text` is the line lossily decoded, as `Out::raw` would make it.
    ev.base.raw_data = out.options().raw_data.then(|| text.clone());
    ev.base.metadata.original_time = Some(s(f.time));
    set_method(&mut ev, s(f.method));
    // Status 000 (no reply) takes its outcome from the Squid result code.
    set_status(&mut ev, status.filter(|&c| c != 0));
    if status == Some(0) || has(code, "ABORTED") || code.starts_with("ERR") {
        ev.base.set_status(Status::Failure);
    }
    ev.base.status_detail = Some(s(code));
    ev.base.duration = parse_i64(f.elapsed);
    if ev.base.duration.is_none() && present(f.elapsed).is_some() {
        ev.base.unmapped.push("elapsed", s(f.elapsed));
    }
    ev.base.start_time = ev.base.duration.and_then(|d| time.checked_sub(d));
    ev.base.end_time = ev.base.duration.map(|_| time);
    match present(f.bytes).map(parse_i64) {
        Some(Some(b)) => ev.http_response.length = Some(b),
        Some(None) => ev.base.unmapped.push("bytes", s(f.bytes)),
        None => {}
    }
    ev.http_response.content_type = present(f.content_type).map(s);

    // Built where it stays; taken out again below when it has neither host nor path.
    let url = ev.http_request.url.insert(Url::default());
    set_url(url, s(f.url), f.method == "CONNECT");
    if let Some(c) = present(f.client) {
        set_endpoint(&mut ev.src_endpoint, s(c));
    }
    if !ev.src_endpoint.is_identified() {
        ev.src_endpoint.name = Some(Cow::Borrowed("-"));
    }
    if let Some(ip) = ev.src_endpoint.ip.clone() {
        ev.base
            .observables
            .push(Observable::ip("src_endpoint.ip", ip));
    }

    // The server Squid went to: the hierarchy peer when there was one, else the URL's host.
    let (hier_code, peer) = match find_byte(f.hierarchy, b'/') {
        Some(i) => (&f.hierarchy[..i], &f.hierarchy[i + 1..]),
        None => (f.hierarchy, "-"),
    };
    ev.base.unmapped.push("hierarchy_code", s(hier_code));
    if let Some(peer) = present(peer) {
        set_endpoint(&mut ev.dst_endpoint, s(peer));
    }
    if !ev.dst_endpoint.is_identified() {
        if let Some(h) = &url.hostname {
            ev.dst_endpoint.hostname = Some(h.clone());
        }
    }
    let default_port = match url.scheme.as_deref() {
        Some("http") => Some(80),
        Some("https") => Some(443),
        Some("ftp") => Some(21),
        _ => None,
    };
    ev.dst_endpoint.port = url.port.or(default_port);
    if !ev.dst_endpoint.is_identified() {
        ev.dst_endpoint.name = Some(Cow::Borrowed("-"));
    }
    if let Some(ip) = ev.dst_endpoint.ip.clone() {
        ev.base
            .observables
            .push(Observable::ip("dst_endpoint.ip", ip));
    }
    if url.hostname.is_none() && url.path.is_none() {
        // `error:invalid-request` and friends: keep the text, OCSF needs a path or a URL.
        ev.http_request.url = None;
        ev.base.unmapped.push("url", s(f.url));
    }

    if let Some(user) = present(f.user) {
        ev.base
            .observables
            .push(Observable::user_name("actor.user.name", s(user)));
        // Filled in place (a struct literal of defaults is built aside and moved in).
        ev.actor
            .insert(Actor::default())
            .user
            .insert(User::default())
            .name = Some(s(user));
        ev.base.add_profile(profile::HOST);
    }
    ev.proxy.insert(NetworkProxy::default()).svc_name = Some(Cow::Borrowed(SERVICE));

    // Squid is an access control point: DENIED results are blocks.
    if has(code, "DENIED") {
        ev.set_disposition(Disposition::Blocked, Action::Denied);
    } else {
        ev.set_disposition(Disposition::Allowed, Action::Allowed);
    }
    if !f.extra.is_empty() {
        ev.base.unmapped.push(
            "extra_fields",
            Json::Array(f.extra.iter().map(|e| Json::Str(s(e))).collect()),
        );
    }
    out.event(&ev);
    spare.take_back(&mut ev.base);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_elapsed_does_not_overflow() {
        let line = b"1525344856.899 -9223372036854775808 10.0.0.1 TCP_MISS/200 1 GET http://x.example/ - HIER_DIRECT/192.0.2.1 -";
        let mut sink = Vec::new();
        struct S<'v>(&'v mut Vec<String>);
        impl crate::Sink for S<'_> {
            fn event(&mut self, _: u32, json: &[u8]) {
                self.0.push(String::from_utf8_lossy(json).into_owned());
            }
            fn reject(&mut self, r: crate::Reject) {
                self.0.push(r.reason);
            }
        }
        let opts = crate::Options::default();
        crate::normalize(crate::Source::Squid, &line[..], &opts, &mut S(&mut sink)).unwrap();
        assert_eq!(sink.len(), 1);
        assert!(!sink[0].contains("start_time"), "{}", sink[0]);
    }

    /// The straightforward split `parse` must agree with.
    fn reference(text: &str) -> Option<Vec<&str>> {
        let mut it = text.split_ascii_whitespace();
        let mut out: Vec<&str> = it.by_ref().take(10).collect();
        if out.len() < 10 {
            return None;
        }
        out.extend(it.by_ref().take(crate::access_log::MAX_EXTRA_FIELDS));
        if let Some(next) = it.next() {
            let start = next.as_ptr() as usize - text.as_ptr() as usize;
            out.push(text[start..].trim_end());
        }
        Some(out)
    }

    #[test]
    fn parse_splits_like_split_ascii_whitespace() {
        let pieces = [
            "1",
            "ab",
            " ",
            "  ",
            "\t",
            "\r",
            "\n",
            "\x0b",
            "\x0c",
            "\x01",
            "\u{a0}",
            "\u{2003}",
            "é",
            "TCP_MISS/200",
            "-",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            let mut line = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut r = state;
            for _ in 0..(r % 150) {
                r = r.rotate_left(5) ^ 0x5851_f42d;
                line.push_str(pieces[(r % pieces.len() as u64) as usize]);
            }
            let got = parse(&line).ok().map(|f| {
                let mut v = vec![
                    f.time,
                    f.elapsed,
                    f.client,
                    f.result,
                    f.bytes,
                    f.method,
                    f.url,
                    f.user,
                    f.hierarchy,
                    f.content_type,
                ];
                v.extend(f.extra);
                v
            });
            assert_eq!(got, reference(&line), "{line:?}");
        }
    }

    /// The golden log's lines of ten fields go the plain way (events and rejects alike);
    /// its line of twelve fields, its comment and its line of four go the general way.
    #[test]
    fn golden_lines_of_ten_fields_go_the_plain_way() {
        #[derive(Default)]
        struct Count(usize, usize, usize);
        impl crate::Sink for Count {
            fn event(&mut self, _: u32, _: &[u8]) {
                self.0 += 1;
            }
            fn reject(&mut self, _: crate::Reject) {
                self.1 += 1;
            }
            fn skipped(&mut self, _: &str) {
                self.2 += 1;
            }
        }
        let log = include_bytes!("../golden/squid/native.log");
        for raw_data in [true, false] {
            let opts = crate::Options { raw_data };
            let mut count = Count::default();
            let mut out = Out::new(crate::Source::Squid, &opts, &mut count);
            let mut state = State::new(raw_data);
            let mut plain = Vec::new();
            lines::for_each_line(&log[..], |no, line| {
                if state.line(no, line, &mut out) {
                    plain.push(no);
                }
            })
            .expect("in memory");
            drop(out);
            assert_eq!(plain, [1, 2, 3, 4, 5, 6, 8, 9, 10, 13, 14, 15]);
            assert_eq!((count.0, count.1, count.2), (10, 4, 1));
        }
    }

    /// The plain way's cut is `parse`'s on every plain line of ten fields, and refuses
    /// every other one (more or fewer fields, a comment).
    #[test]
    fn plain_fields_are_parse_fields() {
        let pieces = ["1", "ab", " ", "\"", "#", "-", "TCP_MISS/200", "~x.e"];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut d = Delimiters::default();
        let mut ten = 0;
        for _ in 0..20_000 {
            // About ten words of pieces (spaces among them), between runs of spaces.
            let mut line = " ".repeat(next(2));
            for _ in 0..next(5) + 8 {
                for _ in 0..next(3) + 1 {
                    line.push_str(pieces[next(pieces.len())]);
                }
                line.push_str(&" ".repeat(next(3) + 1));
            }
            line.truncate(line.len() - next(3).min(line.len()));
            let ascii = d.ascii_up_to(line.as_bytes(), usize::MAX).expect("plain");
            assert_eq!(ascii.text(), line, "plain");
            let general = parse(&line)
                .ok()
                .filter(|f| f.extra.is_empty() && !f.time.starts_with('#'));
            let fast = plain_fields(ascii, d.spaces());
            ten += usize::from(fast.is_some());
            assert_eq!(fast, general, "{line:?}");
        }
        assert!(ten > 500, "only {ten} lines of ten fields");
    }

    #[test]
    fn status_is_parse_u16() {
        for status in [
            "000", "200", "099", "999", "+20", "-20", "2x0", "20", "2000", "65535", "65536", "",
            "\u{e9}0", "2\u{e9}",
        ] {
            let line = format!("1709500000.123 1 192.0.2.1 TCP_MISS/{status} 5 GET / - NONE -");
            let f = parse(&line).expect("ten fields");
            let want = parse_u16(status).ok_or("invalid HTTP status in the result field");
            assert_eq!(head(&f).map(|h| h.2), want.map(Some), "{status:?}");
        }
    }

    #[test]
    fn fields() {
        let f = parse("1525344856.899  16867 10.170.72.111 TCP_TUNNEL/200 6256 CONNECT logs.example.com:443 - HIER_DIRECT/53.140.206.134 - x y").unwrap();
        assert_eq!(f.elapsed, "16867");
        assert_eq!(f.url, "logs.example.com:443");
        assert_eq!(f.extra, vec!["x", "y"]);
        assert!(parse("1525344856.899 1 10.0.0.1 TCP_MISS/200").is_err());
        for line in [
            "",
            " ",
            "a",
            " a  b\tc\r\nd\x0ce\x0bf ",
            "\u{2003}x y\u{a0}",
            "é é",
            "0123456789abcdef\x01 x",
            "01234567 89abcdef\x01x\x7f\u{85}y  ",
            "\u{100}\u{2020}\u{a0a0} \x1f\x20\x21\x00\u{120}",
        ] {
            assert_eq!(
                Words(line).collect::<Vec<_>>(),
                line.split_ascii_whitespace().collect::<Vec<_>>(),
                "{line:?}"
            );
        }
        for (hay, needle) in [
            ("TCP_DENIED", "DENIED"),
            ("TCP_MISS", "DENIED"),
            ("DENIE", "DENIED"),
            ("", "X"),
            ("ABORTED", "ABORTED"),
            ("TCP_MISS_ABORTED", "ABORTED"),
            ("AABORTED", "ABORTED"),
            ("ABORTE", "ABORTED"),
            ("ABORTEDX", "ABORTED"),
            ("x", ""),
            ("", ""),
        ] {
            assert_eq!(has(hay, needle), hay.contains(needle), "{hay} {needle}");
        }
    }
}
