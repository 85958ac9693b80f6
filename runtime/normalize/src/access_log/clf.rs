//! Byte-level parser of NCSA access-log lines: common, combined, vhost_combined, nginx's
//! `main` (a trailing X-Forwarded-For field), Apache's `ssl_request_log`, and the odd
//! variants real servers write (address lists, `-` fields, unescaped quotes, truncation).
//!
//! Works on raw bytes and borrows from the line: no allocation, no UTF-8 assumption.
//! Field order is found from the `[dd/Mon/yyyy:...]` timestamp, which every variant has:
//! what precedes it is `[vhost] [xff] client ident user`, what follows it is
//! `"request" status bytes ["referer" "user-agent"] [extra...]`.

use memchr::{memchr, memchr_iter};

/// One access-log line, split into its fields (still escaped, `-` already turned to `None`).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// `%v` / `$host` of vhost formats, possibly with `:port`.
    pub vhost: Option<&'a [u8]>,
    /// A quoted X-Forwarded-For list written before the client address.
    pub xff: Option<&'a [u8]>,
    /// `%h` / `$remote_addr`: an address, a host name, or a `, `-separated list.
    pub client: Option<&'a [u8]>,
    pub ident: Option<&'a [u8]>,
    pub user: Option<&'a [u8]>,
    /// The text between the brackets.
    pub time: &'a [u8],
    /// The request line, between its quotes, still escaped; `None` for `"-"` and `""`.
    pub request: Option<&'a [u8]>,
    pub status: Option<u16>,
    pub bytes: Option<u64>,
    pub referer: Option<&'a [u8]>,
    pub user_agent: Option<&'a [u8]>,
    /// `ssl_request_log`: protocol and cipher.
    pub tls: Option<(&'a [u8], &'a [u8])>,
    /// Whatever follows the user agent (X-Forwarded-For, response time...), trimmed.
    pub rest: &'a [u8],
    /// The last quoted field had no closing quote (a truncated line).
    pub truncated: bool,
    /// How many `"` the parser read as the quotes around fields (request, referer, user
    /// agent). Every other `"` of the line is inside a field, so when the line's JSON
    /// string is longer than the line by just these (and its two own quotes), no field
    /// has anything to escape.
    pub quotes: u8,
    /// A field that is unescaped later (request, referer, user agent, user, `rest`) may
    /// hold a `\\`. False means surely not: the quote searches look for backslashes on the
    /// way, so the line needs no search of its own.
    pub backslash: bool,
}

/// Why a line is not an access-log line. The texts end up in rejects, for people.
pub(crate) type Error = &'static str;

/// Parse one line (without its line terminator).
#[cfg(test)]
pub(crate) fn parse(line: &[u8]) -> Result<Line<'_>, Error> {
    let mut out = Line::default();
    parse_into(line, &mut out).map(|()| out)
}

/// [`parse`] into `out`, a `Line::default()` (filled in place: the struct is large enough
/// for a copy out of a `Result` to show in the profile).
pub(crate) fn parse_into<'a>(line: &'a [u8], out: &mut Line<'a>) -> Result<(), Error> {
    let open = find_timestamp(line).ok_or(
        "no [dd/Mon/yyyy:HH:MM:SS zone] timestamp: not an NCSA common/combined access-log line",
    )?;
    let close = open + memchr(b']', &line[open..]).ok_or("timestamp has no closing ']'")?;
    out.time = &line[open + 1..close];
    let prefix = trim(&line[..open]);
    let mut rest = &line[close + 1..];

    if prefix.is_empty() {
        // Apache ssl_request_log: `[time] client protocol cipher "request" bytes`.
        let (client, r) = token(rest);
        let (proto, r) = token(r);
        let (cipher, r) = token(r);
        if client.is_empty() || cipher.is_empty() {
            return Err("nothing before the timestamp and not an ssl_request_log line");
        }
        out.client = dash(client);
        out.tls = Some((proto, cipher));
        let (request, r) = quoted_request(r, &mut out.backslash)?;
        out.request = request;
        out.quotes = 2;
        let (bytes, r) = token(r);
        out.bytes = number(bytes, "invalid bytes field")?;
        out.rest = trim(r);
        out.backslash |= has_backslash(out.rest);
        return Ok(());
    }

    prefix_fields(prefix, out)?;

    let (request, r) = quoted_request(rest, &mut out.backslash)?;
    out.request = request;
    out.quotes = 2;
    rest = match status_and_bytes(r) {
        Some((status, bytes, after)) => {
            (out.status, out.bytes) = (Some(status), Some(bytes));
            after
        }
        None => {
            let (status, r) = token(r);
            out.status = status_code(status)?;
            let (bytes, r) = token(r);
            out.bytes = number(bytes, "invalid bytes field (expected digits or '-')")?;
            r
        }
    };

    // Combined: "referer" "user-agent", both optional.
    for slot in [&mut out.referer, &mut out.user_agent] {
        let r = trim_start(rest);
        if r.first() != Some(&b'"') {
            break;
        }
        match closing_quote_noting(&r[1..], &mut out.backslash) {
            Some(end) => {
                *slot = dash(&r[1..1 + end]);
                rest = &r[end + 2..];
                out.quotes += 2;
            }
            None => {
                *slot = dash(&r[1..]);
                out.quotes += 1;
                out.truncated = true;
                rest = &[];
            }
        }
    }
    out.rest = trim(rest);
    out.backslash |= has_backslash(out.rest) || out.user.is_some_and(has_backslash);
    Ok(())
}

/// Whether `b` has a `\\` (for the short or rare fields the quote searches do not cover).
fn has_backslash(b: &[u8]) -> bool {
    !b.is_empty() && memchr(b'\\', b).is_some()
}

/// Position of the `[` that opens a `dd/Mon/...` timestamp.
fn find_timestamp(line: &[u8]) -> Option<usize> {
    memchr_iter(b'[', line).find(|&i| {
        line.len() > i + 7
            && line[i + 1].is_ascii_digit()
            && line[i + 3] == b'/'
            && line[i + 7] == b'/'
    })
}

/// `[vhost] ["xff"] client ident user`: fields separated by spaces, where a field that ends
/// with `,` continues into the next one (address lists) and a quoted field is one field.
fn prefix_fields<'a>(prefix: &'a [u8], out: &mut Line<'a>) -> Result<(), Error> {
    if let Some([client, ident, user]) = three_fields(prefix) {
        (out.client, out.ident, out.user) = (dash(client), dash(ident), dash(user));
        return Ok(());
    }
    prefix_fields_general(prefix, out, &mut [(&[], false); 6])
}

/// [`prefix_fields`] field by field: lists, quotes, vhosts.
fn prefix_fields_general<'a>(
    mut prefix: &'a [u8],
    out: &mut Line<'a>,
    fields: &mut [(&'a [u8], bool); 6],
) -> Result<(), Error> {
    let mut n = 0;
    loop {
        prefix = trim_start(prefix);
        if prefix.is_empty() {
            break;
        }
        if n == fields.len() {
            return Err("too many fields before the timestamp");
        }
        if prefix[0] == b'"' {
            let end =
                closing_quote(&prefix[1..]).ok_or("unterminated quote before the timestamp")?;
            fields[n] = (&prefix[1..1 + end], true);
            prefix = &prefix[end + 2..];
        } else {
            // Extend over `a, b, c` lists.
            let mut end = 0;
            loop {
                end += short_find(b' ', &prefix[end..]).unwrap_or(prefix.len() - end);
                if end > 0 && prefix[end - 1] == b',' && end < prefix.len() {
                    end += 1;
                    continue;
                }
                break;
            }
            fields[n] = (&prefix[..end], false);
            prefix = &prefix[end..];
        }
        n += 1;
    }
    match n {
        0 => return Err("nothing before the timestamp"),
        // A LogFormat without %l %u is not one of the NCSA formats: which field is which
        // cannot be told, so the line is rejected rather than guessed.
        1 | 2 => {
            return Err(
                "fewer than three fields before the timestamp: expected `client ident user`",
            )
        }
        _ => {
            out.client = dash(fields[n - 3].0);
            out.ident = dash(fields[n - 2].0);
            out.user = dash(fields[n - 1].0);
            match &fields[..n - 3] {
                [] => {}
                [(f, true)] => out.xff = dash(f),
                [(f, false)] => out.vhost = dash(f),
                [(v, _), (x, _)] => {
                    out.vhost = dash(v);
                    out.xff = dash(x);
                }
                _ => return Err("too many fields before the client address"),
            }
        }
    }
    Ok(())
}

/// `client ident user` split in one pass, when the prefix is just that (three fields, one
/// space apart, no quote, comma or tab): what the general loop of [`prefix_fields`] makes
/// of such a prefix, without its per-field searches. `None` for anything else.
fn three_fields(p: &[u8]) -> Option<[&[u8]; 3]> {
    let mut spaces = [0; 2];
    let mut k = 0;
    for (i, &c) in p.iter().enumerate() {
        match c {
            b' ' if k < 2 => {
                spaces[k] = i;
                k += 1;
            }
            b' ' | b'"' | b',' | b'\t' => return None,
            _ => {}
        }
    }
    let [a, b] = spaces;
    // Two spaces, no field empty (a run of spaces is the general loop's to read).
    if k < 2 || a == 0 || b == a + 1 || b + 1 == p.len() {
        return None;
    }
    Some([&p[..a], &p[a + 1..b], &p[b + 1..]])
}

/// The quoted request line and what follows it. A request may hold an unescaped `"`
/// (old servers, hostile clients): the closing quote is the one followed by a status.
fn quoted_request<'a>(
    rest: &'a [u8],
    backslash: &mut bool,
) -> Result<(Option<&'a [u8]>, &'a [u8]), Error> {
    let r = trim_start(rest);
    if r.first() != Some(&b'"') {
        return Err("expected a quoted request line after the timestamp");
    }
    let body = &r[1..];
    let mut from = 0;
    let mut first = None;
    while let Some(q) = closing_quote_noting(&body[from..], backslash).map(|q| q + from) {
        first.get_or_insert(q);
        let after = &body[q + 1..];
        if looks_like_status(after) {
            return Ok((dash(&body[..q]), after));
        }
        from = q + 1;
    }
    // No quote followed by a status: the first closing quote it is (the status check will
    // report what is wrong), or no closing quote at all.
    match first {
        Some(q) => Ok((dash(&body[..q]), &body[q + 1..])),
        None => Err("unterminated request line (no closing quote)"),
    }
}

fn looks_like_status(after: &[u8]) -> bool {
    // Only look at the next 5 bytes: scanning further per quote would be quadratic on a
    // hostile line full of quotes.
    match after {
        [b' ', b'-', rest @ ..] => matches!(rest.first(), None | Some(b' ')),
        [b' ', a, b, c, rest @ ..] => {
            [a, b, c].iter().all(|d| d.is_ascii_digit())
                && matches!(rest.first(), None | Some(b' '))
        }
        _ => false,
    }
}

/// [`closing_quote`], and `backslash` set when the text before that quote (or all of `b`,
/// when there is none) has a `\\`: one search for both instead of a second one over the line.
fn closing_quote_noting(b: &[u8], backslash: &mut bool) -> Option<usize> {
    // `""` and `"-"` without a search, as in `closing_quote`.
    match b {
        [b'"', ..] => return Some(0),
        [c, b'"', ..] if *c != b'\\' => return Some(1),
        _ => {}
    }
    match memchr::memchr2(b'"', b'\\', b) {
        Some(i) if b[i] == b'"' => Some(i),
        Some(_) => {
            *backslash = true;
            closing_quote(b)
        }
        None => None,
    }
}

/// Index of the first `"` not escaped by a backslash.
pub(crate) fn closing_quote(b: &[u8]) -> Option<usize> {
    // `""` and `"-"` (absent referers, users...) without a memchr call.
    match b {
        [b'"', ..] => return Some(0),
        [c, b'"', ..] if *c != b'\\' => return Some(1),
        _ => {}
    }
    let mut from = 0;
    while let Some(q) = memchr(b'"', &b[from..]).map(|q| q + from) {
        let backslashes = b[from..q].iter().rev().take_while(|&&c| c == b'\\').count();
        if backslashes % 2 == 0 {
            return Some(q);
        }
        from = q + 1;
    }
    None
}

/// ` 200 1234` (one space before each, the number followed by a space or the end), the
/// usual shape, read in place: status, bytes and what follows, exactly as the `token`,
/// `status_code` and `number` steps read them. `None` for any other shape (`-`, tabs,
/// runs of spaces...), which those steps then read.
pub(crate) fn status_and_bytes(r: &[u8]) -> Option<(u16, u64, &[u8])> {
    let [b' ', a, b, c, b' ', tail @ ..] = r else {
        return None;
    };
    let status = status_code(&[*a, *b, *c]).ok()??;
    let (mut bytes, mut n) = (0u64, 0);
    for &d in tail {
        let d = d.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        if n == 19 {
            return None;
        }
        (bytes, n) = (bytes * 10 + u64::from(d), n + 1);
    }
    if n == 0 || !matches!(tail.get(n), None | Some(b' ')) {
        return None;
    }
    Some((status, bytes, &tail[n..]))
}

fn status_code(tok: &[u8]) -> Result<Option<u16>, Error> {
    match tok {
        b"-" | b"" => Ok(None),
        [a, b, c] if [a, b, c].iter().all(|d| d.is_ascii_digit()) => Ok(Some(
            u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0'),
        )),
        _ => Err("invalid status field (expected three digits or '-')"),
    }
}

fn number(tok: &[u8], err: Error) -> Result<Option<u64>, Error> {
    if tok.is_empty() || tok == b"-" {
        return Ok(None);
    }
    if tok.len() > 19 {
        return Err(err);
    }
    let mut v = 0u64;
    for &c in tok {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return Err(err);
        }
        v = v * 10 + u64::from(d);
    }
    Ok(Some(v))
}

/// Next space-separated token (leading spaces skipped) and the rest after it.
fn token(b: &[u8]) -> (&[u8], &[u8]) {
    let b = trim_start(b);
    let end = short_find(b' ', b).unwrap_or(b.len());
    (&b[..end], &b[end..])
}

/// `memchr` for the short fields (addresses, numbers) where its set-up costs more than a
/// plain loop.
fn short_find(c: u8, b: &[u8]) -> Option<usize> {
    b.iter().position(|&x| x == c)
}

fn dash(b: &[u8]) -> Option<&[u8]> {
    match b {
        b"-" | b"" => None,
        _ => Some(b),
    }
}

fn trim_start(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t'))
        .unwrap_or(b.len());
    &b[start..]
}

pub(crate) fn trim(b: &[u8]) -> &[u8] {
    let b = trim_start(b);
    let end = b
        .iter()
        .rposition(|c| !matches!(c, b' ' | b'\t' | b'\r'))
        .map_or(0, |e| e + 1);
    &b[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combined() {
        let l = parse(br#"1.2.3.4 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "http://x/" "UA 1""#).unwrap();
        assert_eq!(l.client, Some(&b"1.2.3.4"[..]));
        assert_eq!(l.user, Some(&b"frank"[..]));
        assert_eq!(l.ident, None);
        assert_eq!(l.request, Some(&b"GET /a.gif HTTP/1.0"[..]));
        assert_eq!((l.status, l.bytes), (Some(200), Some(2326)));
        assert_eq!(l.user_agent, Some(&b"UA 1"[..]));
        assert_eq!(l.rest, b"");
        assert_eq!(l.quotes, 6);
        let common =
            parse(br#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /a"b HTTP/1.0" 200 2326"#)
                .unwrap();
        assert_eq!(
            (common.request, common.quotes),
            (Some(&br#"GET /a"b HTTP/1.0"#[..]), 2)
        );
        let dashes =
            parse(br#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2 "-" "-""#)
                .unwrap();
        assert_eq!(
            (dashes.referer, dashes.user_agent, dashes.quotes),
            (None, None, 6)
        );
    }

    #[test]
    fn lists_vhosts_and_quotes() {
        let l = parse(br#"example.com:80 "10.5.102.222, 175.16.199.1" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] "GET /x HTTP/1.1" 200 1 "-" "CF""#).unwrap();
        assert_eq!(l.vhost, Some(&b"example.com:80"[..]));
        assert_eq!(l.xff, Some(&b"10.5.102.222, 175.16.199.1"[..]));
        assert_eq!(l.client, Some(&b"10.2.1.185"[..]));
        let l = parse(br#"10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:11:05:07 +0100] "GET /o HTTP/1.1" 200 571 "-" "UA""#).unwrap();
        assert_eq!(l.client, Some(&b"10.0.0.2, 10.0.0.1, 127.0.0.1"[..]));
        let l = parse(br#"::1 - - [26/Dec/2016:16:16:48 +0200] "GET /a\"b" HTTP/1.1" 408 - "-" "x \"y\"" "-" 0.003"#).unwrap();
        assert_eq!(l.request, Some(&br#"GET /a\"b" HTTP/1.1"#[..]));
        assert_eq!((l.status, l.bytes), (Some(408), None));
        assert_eq!(l.user_agent, Some(&br#"x \"y\""#[..]));
        assert_eq!(l.rest, br#""-" 0.003"#);
        assert!(l.backslash);
        // Each field that is unescaped later is covered by the backslash flag.
        for line in [
            &br#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "-""#[..],
            br#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /\x41 HTTP/1.1" 200 1 "-" "-""#,
            br#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "a\"b" "-""#,
            br#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "u\\a""#,
            br#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "trunc\"#,
            br#"1.2.3.4 - us\er [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "-""#,
            br#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "-" "x\y""#,
            br#"[10/Aug/2018:09:45:56 +0200] 1.2.3.4 TLSv1.2 ECDHE "GET /\" HTTP/1.1" 1375"#,
            br#"h\ost 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "-""#,
        ] {
            let l = parse(line).unwrap();
            let fields = [l.request, l.referer, l.user_agent, l.user, Some(l.rest)];
            let any = fields.iter().flatten().any(|f| f.contains(&b'\\'));
            assert!(l.backslash || !any, "{}", String::from_utf8_lossy(line));
        }
    }

    #[test]
    fn quotes() {
        for (b, want) in [
            (&b"\""[..], Some(0)),
            (b"-\"", Some(1)),
            (b"\\\"", None),
            (b"\\\"\"", Some(2)),
            (b"ab\\\\\"c", Some(4)),
            (b"a\\\\\\\"b\"c", Some(6)),
            (b"", None),
            (b"x", None),
            (b"x\\\\\"", Some(3)),
        ] {
            assert_eq!(closing_quote(b), want, "{}", String::from_utf8_lossy(b));
            let mut backslash = false;
            assert_eq!(
                closing_quote_noting(b, &mut backslash),
                want,
                "{}",
                String::from_utf8_lossy(b)
            );
            let before = &b[..want.unwrap_or(b.len())];
            assert_eq!(
                backslash,
                before.contains(&b'\\'),
                "{}",
                String::from_utf8_lossy(b)
            );
        }
    }

    #[test]
    fn three_fields_is_the_general_loop() {
        // The general loop alone: a prefix it reads as three fields gives the same.
        fn general(p: &[u8]) -> (Result<(), Error>, [Option<&[u8]>; 5]) {
            let mut out = Line::default();
            let r = prefix_fields_general(p, &mut out, &mut [(&[], false); 6]);
            (r, [out.client, out.ident, out.user, out.vhost, out.xff])
        }
        for p in [
            &b"1.2.3.4 - -"[..],
            b"1.2.3.4 - frank",
            b"a b c",
            b"a  b c",
            b"a b  c",
            b"a b c d",
            b"a b",
            b"a, b c d",
            b"\"x\" b c d",
            b"a\tb c d",
            b"a b c ",
            b" a b c",
            b"- - -",
            b"a b\rc d",
            b"1.2.3.4 - \"u\"",
        ] {
            if let Some([c, i, u]) = three_fields(p) {
                assert_eq!(
                    general(p),
                    (Ok(()), [dash(c), dash(i), dash(u), None, None]),
                    "{}",
                    String::from_utf8_lossy(p)
                );
            }
        }
        assert!(three_fields(b"1.2.3.4 - -").is_some());
    }

    #[test]
    fn status_and_bytes_is_the_token_path() {
        type Read = Result<(Option<u16>, Option<u64>, Vec<u8>), Error>;
        let token_path = |r: &[u8]| -> Read {
            let (status, r) = token(r);
            let status = status_code(status)?;
            let (bytes, r) = token(r);
            Ok((status, number(bytes, "bytes")?, r.to_vec()))
        };
        for r in [
            &b" 200 1234"[..],
            b" 200 1234 \"-\"",
            b" 200  1234",
            b"  200 1234",
            b" 200\t1234",
            b" 200 1234\t",
            b" 200 -",
            b" - 12",
            b" 200 12x",
            b" 200 ",
            b" 200",
            b" 2000 1",
            b" 20x 1",
            b" 404 0 x",
            b" 200 9999999999999999999",
            b" 200 99999999999999999999 ",
            b" 200 01",
            b"",
            b" 200 1234\"",
        ] {
            if let Some((status, bytes, after)) = status_and_bytes(r) {
                assert_eq!(
                    token_path(r),
                    Ok((Some(status), Some(bytes), after.to_vec())),
                    "{}",
                    String::from_utf8_lossy(r)
                );
            }
        }
        assert!(status_and_bytes(b" 200 1234 \"-\"").is_some());
    }

    #[test]
    fn ugly() {
        assert!(parse(b"").is_err());
        assert!(parse(b"hello").is_err());
        assert!(parse(b"[").is_err());
        assert!(parse(b"x [10/Oct/2000:13:55:36 -0700").is_err());
        assert!(parse(b"a b [10/Oct/2000:13:55:36 -0700] \"GET /\" 200 1").is_err());
        let l = parse(b"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\" 200 1 \"-\" \"trunc")
            .unwrap();
        assert!(l.truncated);
        assert_eq!(l.user_agent, Some(&b"trunc"[..]));
        let l = parse(b"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"\" 400 0").unwrap();
        assert_eq!(l.request, None);
        assert!(parse(b"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\" 2000 1").is_err());
        let l = parse(
            b"[10/Aug/2018:09:45:56 +0200] 172.30.0.119 TLSv1.2 ECDHE \"GET / HTTP/1.1\" 1375",
        )
        .unwrap();
        assert_eq!(l.tls, Some((&b"TLSv1.2"[..], &b"ECDHE"[..])));
        assert_eq!(l.bytes, Some(1375));
    }
}
