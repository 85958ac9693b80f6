//! Timestamp parsers for the host and finding sources, all to epoch milliseconds (UTC).
//!
//! Hand-written because every format here is fixed-width or nearly so, and the access-log
//! path runs once per line at hundreds of MB/s: no allocation, no locale, no panics.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// A broken-down UTC-or-offset time, checked for ranges.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    millis: u32,
}

impl Civil {
    /// Epoch milliseconds, `offset_minutes` east of UTC subtracted; `None` when out of range.
    fn to_epoch_ms(&self, offset_minutes: i32) -> Option<i64> {
        if !(1..=12).contains(&self.month)
            || self.day == 0
            || self.day > days_in_month(self.year, self.month)
            || self.hour > 23
            || self.minute > 59
            || self.second > 60
        {
            return None;
        }
        // Years are 0..=9999 in every format here; checked anyway, so a hostile date is
        // `None`, never an overflow.
        if !(0..=9999).contains(&self.year) {
            return None;
        }
        let days = days_from_civil(self.year, self.month, self.day);
        let secs = days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(offset_minutes) * 60;
        secs.checked_mul(1000)?.checked_add(i64::from(self.millis))
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Month from its English three-letter abbreviation (any case).
fn month_abbr(b: &[u8]) -> Option<u32> {
    const MONTHS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    if b.len() != 3 {
        return None;
    }
    let lower = [
        b[0].to_ascii_lowercase(),
        b[1].to_ascii_lowercase(),
        b[2].to_ascii_lowercase(),
    ];
    MONTHS
        .iter()
        .position(|m| **m == lower)
        .map(|i| i as u32 + 1)
}

/// `+0330` / `-07:00` / `Z` to minutes east of UTC.
fn offset(b: &[u8]) -> Option<i32> {
    match b {
        b"Z" | b"z" | b"GMT" | b"UTC" => return Some(0),
        _ => {}
    }
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let rest = &b[1..];
    let (h, m) = match rest.len() {
        4 => (digits(&rest[..2])?, digits(&rest[2..])?),
        5 if rest[2] == b':' => (digits(&rest[..2])?, digits(&rest[3..])?),
        2 => (digits(rest)?, 0),
        _ => return None,
    };
    if h > 23 || m > 59 {
        return None;
    }
    Some(sign * (h * 60 + m) as i32)
}

/// Milliseconds of a fraction of a second, any number of digits (`.5`, `.123456789`).
fn fraction_ms(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut ms = 0u32;
    for i in 0..3 {
        ms = ms * 10 + b.get(i).map_or(0, |c| u32::from(c - b'0'));
    }
    Some(ms)
}

/// The NCSA log time `10/Oct/2000:13:55:36 -0700` (also with a space or `T` between date and
/// time, and without the offset, which then means UTC), to (epoch ms, offset minutes).
pub(crate) fn parse_clf(b: &[u8]) -> Option<(i64, Option<i32>)> {
    clf_with(b, clf_days, offset)
}

/// [`parse_clf`] for the lines of one log: the last time text and its result are
/// remembered (busy servers write many lines per second), and so are the days of the last
/// date and the minutes of the last zone, which consecutive lines nearly always share (the
/// date is what costs: month name, calendar).
#[derive(Debug, Default)]
pub(crate) struct ClfClock {
    /// The last time text (when it fit) and what it parsed to.
    last: [u8; 32],
    last_len: usize,
    last_result: (i64, Option<i32>),
    /// The `dd/Mon/yyyy` of `days`, when `days` is set.
    date: [u8; 11],
    days: Option<i64>,
    /// The last zone (`+0000`, up to 6 bytes) and its minutes, when `zone_len` > 0.
    zone: [u8; 6],
    zone_len: usize,
    minutes: i32,
}

/// `a == b` for slices of the same length; 16 to 32 bytes (the usual time text is 26)
/// compared as two overlapping 16-byte words, in registers rather than by a `memcmp` call.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    let word = |s: &[u8], at: usize| {
        s.get(at..at + 16)
            .and_then(|w| <[u8; 16]>::try_from(w).ok())
            .map(u128::from_ne_bytes)
    };
    match a.len() {
        16..=32 if a.len() == b.len() => {
            let last = a.len() - 16;
            word(a, 0) == word(b, 0) && word(a, last) == word(b, last)
        }
        _ => a == b,
    }
}

impl ClfClock {
    /// Exactly [`parse_clf`].
    pub(crate) fn parse(&mut self, b: &[u8]) -> Option<(i64, Option<i32>)> {
        if self.last_len > 0 && b.len() == self.last_len {
            let last = &self.last[..self.last_len];
            if same(b, last) {
                return Some(self.last_result);
            }
            // The same minute, another second (`dd/Mon/yyyy:HH:MM:SS`, bytes 18 and 19): the
            // time moves by the difference, which is what parsing it again would give.
            if b.len() >= 20 && b[..18] == last[..18] && b[20..] == last[20..] {
                if let (Some(new), Some(old)) =
                    (two_digits(b[18], b[19]), two_digits(last[18], last[19]))
                {
                    if new <= 60 {
                        let ms = self.last_result.0 + (i64::from(new) - i64::from(old)) * 1000;
                        self.last[18..20].copy_from_slice(&b[18..20]);
                        self.last_result.0 = ms;
                        return Some(self.last_result);
                    }
                }
            }
        }
        let result = self.parse_new(b)?;
        if let Some(slot) = self.last.get_mut(..b.len()) {
            slot.copy_from_slice(b);
            (self.last_len, self.last_result) = (b.len(), result);
        }
        Some(result)
    }

    /// A time text other than the last one.
    fn parse_new(&mut self, b: &[u8]) -> Option<(i64, Option<i32>)> {
        let (date, days, zone) = (&mut self.date, &mut self.days, &mut self.zone);
        let (zone_len, minutes) = (&mut self.zone_len, &mut self.minutes);
        clf_with(
            b,
            |d| {
                if days.is_some() && d == date {
                    return *days;
                }
                let n = clf_days(d)?;
                date.copy_from_slice(d);
                *days = Some(n);
                Some(n)
            },
            |tz| {
                if *zone_len > 0 && tz == &zone[..*zone_len] {
                    return Some(*minutes);
                }
                let m = offset(tz)?;
                if tz.len() <= zone.len() {
                    zone[..tz.len()].copy_from_slice(tz);
                    (*zone_len, *minutes) = (tz.len(), m);
                }
                Some(m)
            },
        )
    }
}

/// Days since the epoch of the `dd/Mon/yyyy` that starts a CLF time (11 bytes), checked.
fn clf_days(d: &[u8]) -> Option<i64> {
    if d.len() != 11 || d[2] != b'/' || d[6] != b'/' {
        return None;
    }
    let day = digits(&d[0..2])?;
    let month = month_abbr(&d[3..6])?;
    let year = i64::from(digits(&d[7..11])?);
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// A CLF time whose date part (the first 11 bytes) `days` turns into days since the epoch
/// and whose zone `zone` turns into minutes east of UTC.
fn clf_with(
    b: &[u8],
    days: impl FnOnce(&[u8]) -> Option<i64>,
    zone: impl FnOnce(&[u8]) -> Option<i32>,
) -> Option<(i64, Option<i32>)> {
    // dd/Mon/yyyy:HH:MM:SS is 20 bytes.
    if b.len() < 20 {
        return None;
    }
    let sep = b[11];
    if sep != b':' && sep != b' ' && sep != b'T' || b[14] != b':' || b[17] != b':' {
        return None;
    }
    let days = days(&b[..11])?;
    let (hour, minute, second) = (
        two_digits(b[12], b[13])?,
        two_digits(b[15], b[16])?,
        two_digits(b[18], b[19])?,
    );
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &b[20..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix(b".") {
        let end = frac
            .iter()
            .position(|c| !c.is_ascii_digit())
            .unwrap_or(frac.len());
        millis = fraction_ms(&frac[..end])?;
        rest = &frac[end..];
    }
    let off = match rest {
        [] => None,
        [b' ', tz @ ..] => Some(zone(tz)?),
        _ => return None,
    };
    let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second)
        - i64::from(off.unwrap_or(0)) * 60;
    let ms = secs.checked_mul(1000)?.checked_add(i64::from(millis))?;
    Some((ms, off))
}

fn two_digits(a: u8, b: u8) -> Option<u32> {
    let (a, b) = (a.wrapping_sub(b'0'), b.wrapping_sub(b'0'));
    (a <= 9 && b <= 9).then(|| u32::from(a) * 10 + u32::from(b))
}

/// ISO 8601 / RFC 3339 `2023-01-26T01:43:21.123Z`, also `2023-01-26 01:43:21.123456789`
/// (no zone means UTC) and `+02:00` / `+0200` offsets. Returns (epoch ms, offset minutes).
pub(crate) fn parse_iso8601(s: &str) -> Option<(i64, Option<i32>)> {
    let b = s.trim().as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let civil = Civil {
        year: i64::from(digits(&b[0..4])?),
        month: digits(&b[5..7])?,
        day: digits(&b[8..10])?,
        hour: digits(&b[11..13])?,
        minute: digits(&b[14..16])?,
        second: digits(&b[17..19])?,
        millis: 0,
    };
    let mut rest = &b[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix(b".").or_else(|| rest.strip_prefix(b",")) {
        let end = frac
            .iter()
            .position(|c| !c.is_ascii_digit())
            .unwrap_or(frac.len());
        millis = fraction_ms(&frac[..end])?;
        rest = &frac[end..];
    }
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let off = if rest.is_empty() {
        None
    } else {
        Some(offset(rest)?)
    };
    let ms = Civil { millis, ..civil }.to_epoch_ms(off.unwrap_or(0))?;
    Some((ms, off))
}

/// RFC 1123 / HTTP date `Thu, 26 Jan 2023 13:19:03 GMT` (AWS Health's `startTime`).
pub(crate) fn parse_rfc1123(s: &str) -> Option<i64> {
    let mut parts = s.trim().split_ascii_whitespace();
    let first = parts.next()?;
    // The weekday is optional and not checked: the date says which day it was.
    let day = if first.ends_with(',') {
        parts.next()?
    } else {
        first
    };
    let month = parts.next()?;
    let year = parts.next()?;
    let hms = parts.next()?.as_bytes();
    let zone = parts.next().unwrap_or("GMT");
    if parts.next().is_some() || hms.len() != 8 || hms[2] != b':' || hms[5] != b':' {
        return None;
    }
    let civil = Civil {
        year: i64::from(digits(year.as_bytes())?),
        month: month_abbr(month.as_bytes())?,
        day: digits(day.as_bytes())?,
        hour: digits(&hms[0..2])?,
        minute: digits(&hms[3..5])?,
        second: digits(&hms[6..8])?,
        millis: 0,
    };
    civil.to_epoch_ms(offset(zone.as_bytes())?)
}

/// `1525344856.899` (Squid) to epoch ms; at most 12 integer digits so it cannot overflow.
pub(crate) fn parse_epoch_seconds(b: &[u8]) -> Option<i64> {
    let (int, frac) = match memchr::memchr(b'.', b) {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    if int.is_empty() || int.len() > 12 {
        return None;
    }
    let mut s = 0i64;
    for &c in int {
        if !c.is_ascii_digit() {
            return None;
        }
        s = s * 10 + i64::from(c - b'0');
    }
    let ms = match frac {
        Some(f) if !f.is_empty() => i64::from(fraction_ms(f)?),
        Some(_) | None => 0,
    };
    Some(s * 1000 + ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_is_slice_equality() {
        for n in 0..40 {
            let a: Vec<u8> = (0..n as u8).map(|i| b'0' + i % 10).collect();
            assert!(same(&a, &a.clone()), "{n}");
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 1;
                assert!(!same(&a, &b), "{n} {at}");
            }
        }
    }

    #[test]
    fn clf_with_offset() {
        // 2000-10-10T20:55:36Z
        assert_eq!(
            parse_clf(b"10/Oct/2000:13:55:36 -0700"),
            Some((971_211_336_000, Some(-420)))
        );
        assert_eq!(
            parse_clf(b"22/Jan/2019:03:56:14 +0330").map(|t| t.1),
            Some(Some(210))
        );
        assert_eq!(
            parse_clf(b"29/Aug/2023 22:02:58"),
            Some((1_693_346_578_000, None))
        );
        assert_eq!(parse_clf(b"31/Feb/2023:00:00:00 +0000"), None);
        assert_eq!(parse_clf(b"10/Foo/2000:13:55:36 -0700"), None);
        assert_eq!(
            parse_clf(b"10/Oct/2000:13:55:36 -07"),
            Some((971_211_336_000, Some(-420)))
        );
        assert_eq!(parse_clf(b"10/Oct/2000:13:55"), None);
        assert_eq!(parse_clf(b""), None);
    }

    #[test]
    fn clock_is_parse_clf() {
        let mut clock = ClfClock::default();
        for t in [
            "10/Oct/2000:13:55:36 -0700",
            "10/Oct/2000:13:55:37 -0700",
            "10/Oct/2000 13:55:38",
            "10/oct/2000:13:55:36 +0100",
            "31/Feb/2023:00:00:00 +0000",
            "31/Feb/2023:00:00:01 +0000",
            "29/Feb/2024:23:59:60.123 +0000",
            "29/Feb/2023:23:59:59 +0000",
            "10/Oct/2000:24:00:00 -0700",
            "10/Oct/2000:13:55:36 -07",
            "00/Jan/2000:00:00:00",
            "10/Oct/2000:13:55",
            "",
            "10/Oct/2000:13:5x:36",
            "10/Oct/2000T13:55:36 Z",
            "10/Oct/2000:13:55:36 +2400",
            "10/Oct/2000:13:55:36 +02:00",
            "10/Oct/2000:13:55:36 +02:00",
            "10/Oct/2000:13:55:36 +0200x",
            "10/Oct/2000:13:55:36 +0200",
            "10/Oct/2000:13:55:36 +02:00:00",
            "10/Oct/2000:13:55:36 ",
            "10/Oct/2000:13:55:36 UTC",
            "10/Oct/2000:13:55:36 +02",
            // Seconds changing within a minute (the clock's shortcut), valid or not.
            "10/Oct/2000:13:55:36 -0700",
            "10/Oct/2000:13:55:00 -0700",
            "10/Oct/2000:13:55:59 -0700",
            "10/Oct/2000:13:55:60 -0700",
            "10/Oct/2000:13:55:61 -0700",
            "10/Oct/2000:13:55:3x -0700",
            "10/Oct/2000:13:55:07 -0700",
            "29/Feb/2024:23:59:59.250 +0000",
            "29/Feb/2024:23:59:58.250 +0000",
            "29/Feb/2023:23:59:58 +0000",
            "29/Feb/2023:23:59:57 +0000",
            "10/Oct/2000:13:55:08",
        ] {
            assert_eq!(clock.parse(t.as_bytes()), parse_clf(t.as_bytes()), "{t}");
            assert_eq!(
                clock.parse(t.as_bytes()),
                parse_clf(t.as_bytes()),
                "{t} again"
            );
        }
    }

    #[test]
    fn iso_forms() {
        assert_eq!(
            parse_iso8601("2023-01-26T01:43:21Z").map(|t| t.0),
            Some(1_674_697_401_000)
        );
        assert_eq!(
            parse_iso8601("2023-01-26T01:43:21.5Z").map(|t| t.0),
            Some(1_674_697_401_500)
        );
        assert_eq!(
            parse_iso8601("2023-01-26 01:43:21.123456789").map(|t| t.0),
            Some(1_674_697_401_123)
        );
        assert_eq!(
            parse_iso8601("2013-10-10T16:52:00+02:00").map(|t| t.0),
            Some(1_381_416_720_000)
        );
        assert_eq!(
            parse_iso8601("2018-11-27T01:30:00Z <<fill this time in GMT>>"),
            None
        );
        assert_eq!(parse_iso8601("2023-13-26T01:43:21Z"), None);
    }

    #[test]
    fn rfc1123_and_epoch() {
        assert_eq!(
            parse_rfc1123("Thu, 26 Jan 2023 13:19:03 GMT"),
            Some(1_674_739_143_000)
        );
        assert_eq!(parse_rfc1123("Thu, 26 Jan 2023 13:19 GMT"), None);
        assert_eq!(parse_rfc1123("Thu, 26 Jan 999999999 13:19:03 GMT"), None);
        assert_eq!(
            parse_epoch_seconds(b"1525344856.899"),
            Some(1_525_344_856_899)
        );
        assert_eq!(parse_epoch_seconds(b"1525344856"), Some(1_525_344_856_000));
        assert_eq!(parse_epoch_seconds(b"15253x4856"), None);
        assert_eq!(parse_epoch_seconds(b"99999999999999999999"), None);
    }
}
