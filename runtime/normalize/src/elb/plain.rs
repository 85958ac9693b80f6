//! The fields of a plain line (ASCII, no control character, no `\`: see [`Delimiters`]) cut
//! from the positions of its quotes and spaces, found in one pass, instead of searching the
//! line field by field; and its `raw_data` written from the same positions.
//!
//! The cut is [`super::split`]'s, read off the positions: a plain line has no escapes, so
//! a quoted field ends at the next quote. It takes a line only when every quote of it
//! opens or closes a field: then no field holds a `"` (nor, the line being plain,
//! anything else JSON escapes), and each is written as it is. A line with a quote inside
//! a field (`ECDHE"x`, NLB's `"h2","http/1.1"`) is left to `split` (`None`). Debug builds
//! cut every line taken here with `split` too and compare.

use crate::delimiters::{Ascii, Delimiters};
use crate::template;
use std::borrow::Cow;

/// Cut `line` (all of it, untrimmed), whose delimiters `d` found plain, into `out` as
/// `super::split` cuts `line.trim()`; `None` (with `out` in any state) when a quote of
/// the line is inside a field. Returns how many quotes open or close a field: all of them.
pub(super) fn split<'a>(
    line: Ascii<'a>,
    d: &Delimiters,
    out: &mut Vec<Cow<'a, str>>,
) -> Option<usize> {
    let b = line.bytes();
    let (all_quotes, mut spaces) = (d.quotes(), d.spaces());
    // `trim`: the only white space of a plain line is ` `; the trailing ones are the
    // last positions. (Leading ones are stepped over like any run of spaces.)
    let mut end = b.len();
    while let [rest @ .., last] = spaces {
        if *last as usize + 1 != end {
            break;
        }
        end -= 1;
        spaces = rest;
    }
    let b = &b[..end];
    let at = |p: &u32| *p as usize;
    // The quotes and spaces not yet passed, and where the next field may start.
    let mut quotes = all_quotes;
    let mut i = 0;
    loop {
        let next_quote = quotes.first().map_or(b.len(), at);
        // The fields before the next quote end at a space each (a run of spaces makes
        // empty fields, which are none).
        while let [space, rest @ ..] = spaces {
            let space = at(space);
            if space > next_quote {
                break;
            }
            if space > i {
                out.push(Cow::Borrowed(line.cut(i, space)));
            }
            i = space + 1;
            spaces = rest;
        }
        if next_quote == b.len() {
            // No quote left: the last field runs to the end.
            if i < b.len() {
                out.push(Cow::Borrowed(line.cut(i, end)));
            }
            return Some(all_quotes.len());
        }
        if i != next_quote {
            // A quote inside an unquoted field (`a"b`).
            return None;
        }
        match quotes {
            // `"…"` followed by a space or the end: the field between the quotes.
            [_, close, rest @ ..] => {
                let j = at(close);
                if b.get(j + 1).is_some_and(|&c| c != b' ') {
                    // A quote inside a field (`"a"b`).
                    return None;
                }
                out.push(Cow::Borrowed(line.cut(i + 1, j)));
                quotes = rest;
                i = j + 2;
                // Past the spaces inside the field and the one after it.
                while spaces.first().is_some_and(|p| at(p) < i) {
                    spaces = &spaces[1..];
                }
            }
            // An unterminated quote takes the rest of the line.
            _ => {
                out.push(Cow::Borrowed(line.cut(i + 1, end)));
                return Some(all_quotes.len());
            }
        }
    }
}

/// How many fields a usual Classic line has (see [`classic`]).
pub(super) const CLASSIC_FIELDS: usize = 15;

/// The fields of a plain line of the usual Classic shape, cut from its delimiters `d`
/// without walking them one by one: eleven words, the quoted request and user agent, two
/// words (the TLS cipher and protocol), one space between any two, none before or after,
/// and no other quote. Into `f` go the fields [`split`] (and `super::split`) would cut;
/// any other line is `None` (`f` in any state) and cut by them. (`f` is the caller's: an
/// array returned would be copied out.) With the fields, where the request's two spaces
/// are in it when it has exactly two (`METHOD URL VERSION`: its cut, no search needed).
pub(super) fn classic<'a>(
    line: Ascii<'a>,
    d: &Delimiters,
    f: &mut [&'a str; CLASSIC_FIELDS],
) -> Option<Option<(usize, usize)>> {
    let [q0, q1, q2, q3] = *d.quotes() else {
        return None;
    };
    let (q0, q1, q2, q3) = (q0 as usize, q1 as usize, q2 as usize, q3 as usize);
    let spaces = d.spaces();
    // The eleven words: each ends at a space, and the next starts one past it, not empty.
    let words: &[u32; 11] = spaces.get(..11)?.try_into().ok()?;
    let mut from = 0;
    for (field, &space) in f.iter_mut().zip(words) {
        let space = space as usize;
        if space <= from {
            return None;
        }
        *field = line.cut(from, space);
        from = space + 1;
    }
    // The request opens right after the eleventh space; the user agent one past its
    // closing quote and a space; the agent's closing quote is followed by a space.
    let len = line.bytes().len();
    if q0 != from || q2 != q1 + 2 || line.bytes().get(q1 + 1) != Some(&b' ') {
        return None;
    }
    f[11] = line.cut(q0 + 1, q1);
    f[12] = line.cut(q2 + 1, q3);
    // The spaces after the user agent: the one after its quote, and one between the words.
    let [after, between] = spaces[spaces.len().checked_sub(2)?..] else {
        return None;
    };
    let (after, between) = (after as usize, between as usize);
    if after != q3 + 1 || between <= after + 1 || between + 1 >= len {
        return None;
    }
    f[13] = line.cut(after + 1, between);
    f[14] = line.cut(between + 1, len);
    // The spaces after the eleventh: two inside the request, then the one after it.
    let request = match spaces[11..] {
        [i, j, after, ..] if after as usize == q1 + 1 => {
            Some((i as usize - from - 1, j as usize - from - 1))
        }
        _ => None,
    };
    Some(request)
}

/// Append `,"raw_data":"…"` of a plain `line` whose quotes are at `quotes`
/// ([`template::put_plain`]), then `end` (the closing quote, with the caller's next piece).
#[inline(always)]
pub(super) fn write_raw(out: &mut Vec<u8>, line: &str, quotes: &[u32], end: &[u8]) {
    out.extend_from_slice(b",\"raw_data\":\"");
    template::put_plain(out, line.as_bytes(), quotes);
    out.extend_from_slice(end);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `split` of a line, or `None` when it is not plain or is refused.
    fn cut(line: &str) -> Option<(Vec<String>, usize)> {
        let mut d = Delimiters::default();
        let ascii = d.ascii_up_to(line.as_bytes(), usize::MAX)?;
        let mut f = Vec::new();
        let quotes = split(ascii, &d, &mut f)?;
        Some((f.into_iter().map(Cow::into_owned).collect(), quotes))
    }

    /// What `super::super::split` makes of the trimmed line.
    fn old(line: &str) -> (Vec<String>, usize) {
        let mut f = Vec::new();
        let quotes = super::super::split(line.trim(), &mut f);
        (f.into_iter().map(Cow::into_owned).collect(), quotes)
    }

    #[test]
    fn plain_lines_are_cut_as_split_cuts_them() {
        for line in [
            r#"a "b c" "" - "d e""#,
            r#"a "unterminated b"#,
            r#"a "unterminated b  "#,
            "  a   b  ",
            "",
            "   ",
            r#"""#,
            r#"" "#,
            r#""-" "" "" "-""#,
            r#"x "" y"#,
            r#"x ""  "#,
            r#""a"  "b"   c "#,
            r#"h2 2024-01-01T00:00:00.123456Z app/x 1.2.3.4:1 "GET http://h/ HTTP/1.1" "Mozilla/5.0 (X; Y)" - TID_1"#,
        ] {
            assert_eq!(cut(line), Some(old(line)), "{line:?}");
        }
    }

    #[test]
    fn quotes_inside_fields_are_refused() {
        for line in [
            r#"a "h2","http/1.1" b"#,
            r#"ECDHE"x y"#,
            r#"a"b"#,
            r#""-"x "" "-""#,
            r#"a "b"c"#,
            r#"a "b" c"d"#,
            r#"a "b"""#,
        ] {
            assert_eq!(cut(line), None, "{line:?}");
        }
        // And lines that are not plain never get here.
        for line in ["a \"b\\\" c\"", "a\tb", "caf\u{e9}", "a\u{1}"] {
            assert!(
                Delimiters::default()
                    .text_up_to(line.as_bytes(), usize::MAX)
                    .is_none(),
                "{line:?}"
            );
        }
    }

    #[test]
    fn random_plain_lines_are_cut_as_split_cuts_them_or_refused() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut taken = 0;
        for n in 0..20_000 {
            let len = n % 40;
            let line: String = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    ['a', ' ', '"', '-', 'b', ' '][(x >> 10) as usize % 6]
                })
                .collect();
            let (fields, quotes) = old(&line);
            match cut(&line) {
                Some(got) => {
                    taken += 1;
                    assert_eq!(got, (fields, quotes), "{line:?}");
                }
                // Refused: a quote is not an opening or closing one.
                None => assert!(quotes < line.matches('"').count(), "{line:?}"),
            }
        }
        assert!(taken > 5_000, "{taken}");
    }

    /// `classic` of a line, or `None` when it is not plain or is refused.
    fn classic_cut(line: &str) -> Option<Vec<String>> {
        let mut d = Delimiters::default();
        let ascii = d.ascii_up_to(line.as_bytes(), usize::MAX)?;
        let mut f = [""; CLASSIC_FIELDS];
        let request = classic(ascii, &d, &mut f)?;
        // The request's cut, when given, is at its two spaces, and it has no other.
        if let Some((i, j)) = request {
            let r = f[11];
            let spaces: Vec<usize> = r.match_indices(' ').map(|(k, _)| k).collect();
            assert_eq!(spaces, [i, j], "{line:?}");
        } else {
            assert!(f[11].matches(' ').count() != 2, "{line:?}");
        }
        Some(f.iter().map(|s| s.to_string()).collect())
    }

    const CLASSIC: &str = r#"2024-01-01T00:00:00.123456Z sds-clb 1.2.3.4:5 10.0.0.1:80 0.000073 0.00387 0.000057 200 200 0 3002 "GET http://h:80/a?b HTTP/1.1" "Mozilla/5.0 (X; Y)" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2"#;

    #[test]
    fn usual_classic_lines_are_cut_as_split_cuts_them() {
        for line in [
            CLASSIC,
            &CLASSIC.replace("\"GET http://h:80/a?b HTTP/1.1\"", "\"-\""),
            &CLASSIC.replace("\"GET http://h:80/a?b HTTP/1.1\"", "\"\""),
            &CLASSIC.replace("\"Mozilla/5.0 (X; Y)\"", "\"\""),
            &CLASSIC.replace("\"Mozilla/5.0 (X; Y)\"", "\"-\""),
            &CLASSIC.replace("ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2", "- -"),
            "a b c d e f g h i j k \"\" \"\" l m",
        ] {
            let want = old(line).0;
            assert_eq!(want.len(), CLASSIC_FIELDS, "{line:?}");
            assert_eq!(classic_cut(line), Some(want), "{line:?}");
        }
    }

    /// Each assumption of `classic`, broken once: the line is left to `split`.
    #[test]
    fn other_shapes_are_not_cut_as_classic() {
        for line in [
            // Leading, trailing and double spaces (empty fields, which `split` drops).
            &format!(" {CLASSIC}"),
            &format!("{CLASSIC} "),
            &CLASSIC.replacen(' ', "  ", 1),
            &CLASSIC.replace(" 3002 ", " 3002  "),
            &CLASSIC.replace("\" \"", "\"  \""),
            &CLASSIC.replace("\" ECDHE", "\"  ECDHE"),
            &CLASSIC.replace(" TLSv1.2", "  TLSv1.2"),
            // Too few or too many words before the request, or after the user agent.
            &CLASSIC.replace(" 3002 ", " "),
            &CLASSIC.replace(" 3002 ", " 3002 x "),
            &CLASSIC.replace(" TLSv1.2", ""),
            &CLASSIC.replace(" TLSv1.2", " TLSv1.2 x"),
            // Quotes: fewer, more, or inside a field.
            &CLASSIC.replace("\"Mozilla/5.0 (X; Y)\"", "-"),
            &CLASSIC.replace("\"Mozilla/5.0 (X; Y)\"", "\"a\" \"b\""),
            &CLASSIC.replace("\"Mozilla/5.0 (X; Y)\"", "\"a\"b"),
            &CLASSIC.replace("\" \"Mozilla", "\"x \"Mozilla"),
            &CLASSIC.replace("\" \"Mozilla", "\"\"Mozilla"),
            &CLASSIC.replace("\" ECDHE", "\"ECDHE"),
            &CLASSIC.replace("sds-clb", "sds\"clb"),
            &CLASSIC.replace("3002 \"GET", "3002\"GET"),
            &CLASSIC.replace("TLSv1.2", "TLS\"v1.2"),
            // An unterminated user agent.
            r#"a b c d e f g h i j k "" "m n"#,
        ] {
            assert_eq!(classic_cut(line), None, "{line:?}");
        }
    }

    #[test]
    fn random_classic_like_lines_are_cut_as_split_cuts_them_or_refused() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut taken = 0;
        for _ in 0..20_000 {
            // The usual line with a few of its bytes replaced by delimiters or letters.
            let mut line = CLASSIC.as_bytes().to_vec();
            for _ in 0..(x % 3) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let at = (x >> 8) as usize % line.len();
                line[at] = [b' ', b'"', b'a', b'-'][(x >> 40) as usize % 4];
            }
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let line = String::from_utf8(line).expect("ASCII");
            if let Some(got) = classic_cut(&line) {
                taken += 1;
                assert_eq!(got, old(&line).0, "{line:?}");
            }
        }
        assert!(taken > 5_000, "{taken}");
    }

    #[test]
    fn raw_data_is_the_escaped_line() {
        for line in [
            r#"a "b c" "" - "d e""#,
            r#"""#,
            "",
            "no quotes",
            r#"a"b"c"d "#,
        ] {
            let mut d = Delimiters::default();
            assert!(d.text_up_to(line.as_bytes(), usize::MAX).is_some());
            let mut got = Vec::new();
            write_raw(&mut got, line, d.quotes(), b"\"");
            let mut want = b",\"raw_data\":".to_vec();
            ocsf::json::write_str(&mut want, line);
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
        }
    }
}
