//! Timestamps to epoch milliseconds, without a date library on the hot path: the shapes
//! AWS logs use are fixed, so a small exact parser is both faster and clearer.

/// Parse an RFC 3339 / ISO 8601 timestamp: `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM|±HHMM]`
/// (also with a space instead of `T`; no zone means UTC). Returns epoch milliseconds, or
/// `None` when the text is not such a timestamp or names an impossible date.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if b[10] != b'T' && b[10] != b't' && b[10] != b' ' {
        return None;
    }
    let year = digits(&b[0..4])? as i64;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let hour = digits(&b[11..13])?;
    let min = digits(&b[14..16])?;
    let sec = digits(&b[17..19])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    // 60 allows a leap second; it folds into the next second.
    if hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut millis = 0i64;
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        // Milliseconds: the first three digits, padded; finer digits are truncated.
        for i in 0..3 {
            millis = millis * 10
                + frac
                    .get(i)
                    .filter(|_| i < n)
                    .map_or(0, |d| (d - b'0') as i64);
        }
        rest = &frac[n..];
    }
    let offset_secs = match rest {
        [] | [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let h = digits(&[*h1, *h2])? as i64;
            let m = digits(&[*m1, *m2])? as i64;
            if h > 23 || m > 59 {
                return None;
            }
            let v = h * 3600 + m * 60;
            if *sign == b'-' {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour as i64 * 3600 + min as i64 * 60 + sec as i64 - offset_secs;
    Some(secs * 1000 + millis)
}

/// Epoch seconds as text (`1418530010`, or `1418530010.123`) to milliseconds.
pub fn parse_epoch_secs_ms(s: &str) -> Option<i64> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int.is_empty() || int.len() > 12 || !int.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let secs: i64 = int.parse().ok()?;
    let mut millis = 0i64;
    for i in 0..3 {
        millis = millis * 10 + frac.as_bytes().get(i).map_or(0, |d| (d - b'0') as i64);
    }
    Some(secs * 1000 + millis)
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as u32;
    }
    Some(v)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_shapes_aws_uses() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2014-03-06T21:22:54Z"),
            Some(1_394_140_974_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2018-07-02T22:23:00.186641Z"),
            Some(1_530_570_180_186)
        );
        assert_eq!(
            parse_rfc3339_ms("2018-12-20T02:59:40"),
            Some(1_545_274_780_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2018-12-20 02:59:40.5"),
            Some(1_545_274_780_500)
        );
        assert_eq!(
            parse_rfc3339_ms("2024-02-29T12:00:00+02:00"),
            Some(1_709_200_800_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2024-02-29T12:00:00-0130"),
            Some(1_709_213_400_000)
        );
    }

    #[test]
    fn rfc3339_rejects_nonsense() {
        for s in [
            "",
            "2014-03-06",
            "2014-13-06T21:22:54Z",
            "2023-02-29T00:00:00Z",
            "2014-03-06T25:22:54Z",
            "2014-03-06T21:22:54.Z",
            "2014-03-06T21:22:54ZZ",
            "<<TIME>>",
            "2014-03-06T21:22:54+2",
            "२०१४-03-06T21:22:54Z",
            "20x4-03-06T21:22:54Z",
            "2014-03-06T21:22:5aZ",
            "2014-03-/6T21:22:54Z",
            "2014-03-06T21:22:54+2a:00",
        ] {
            assert_eq!(parse_rfc3339_ms(s), None, "{s}");
        }
    }

    #[test]
    fn epoch_seconds() {
        assert_eq!(parse_epoch_secs_ms("1418530010"), Some(1_418_530_010_000));
        assert_eq!(
            parse_epoch_secs_ms("1418530010.12"),
            Some(1_418_530_010_120)
        );
        assert_eq!(parse_epoch_secs_ms("-"), None);
        assert_eq!(parse_epoch_secs_ms("12a"), None);
        assert_eq!(parse_epoch_secs_ms(""), None);
    }
}
