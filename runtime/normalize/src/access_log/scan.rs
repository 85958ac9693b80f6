//! Byte-level checks the access-log and Squid paths run several times per line, written
//! to give exactly the answers of the std / `ocsf` functions they stand in for (the tests
//! compare them on many generated strings), only without their per-call overhead.

/// `s.parse::<std::net::IpAddr>().is_ok()`, with the IPv4 case (nearly every log line)
/// checked here in one pass. Only an IPv6 address has a `:`: the rest goes to std.
pub(crate) fn is_ip(s: &str) -> bool {
    let b = s.as_bytes();
    is_ipv4(b) || (b.contains(&b':') && s.parse::<std::net::Ipv6Addr>().is_ok())
}

/// std's IPv4 grammar: four dot-separated decimal octets of 1 to 3 digits, at most 255,
/// no leading zero (`01` is refused). Read from a copy padded past the end, so that no
/// read needs a bounds test (an octet starts at 12 at most, so `i & 15` is `i`).
#[inline]
pub(crate) fn is_ipv4(b: &[u8]) -> bool {
    let n = b.len();
    if !(7..=15).contains(&n) {
        return false;
    }
    // What follows the text is no digit and no dot. Copied as its first and last eight
    // (or four) bytes, which overlap: fixed moves, no call.
    let mut buf = [b' '; 16];
    if let (Some(first), Some(last)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        buf[..8].copy_from_slice(first);
        buf[n - 8..n].copy_from_slice(last);
    } else if let (Some(first), Some(last)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        buf[..4].copy_from_slice(first);
        buf[n - 4..n].copy_from_slice(last);
    }
    // The digit at `i`, 10 or more for any other byte.
    let d = |i: usize| buf[i & 15].wrapping_sub(b'0');
    let mut i = 0;
    for octet in 0..4 {
        let (d0, d1) = (d(i), d(i + 1));
        i += if d0 > 9 {
            return false;
        } else if d1 > 9 {
            1
        } else if d0 == 0 {
            return false;
        } else {
            let d2 = d(i + 2);
            if d2 > 9 {
                2
            } else if d(i + 3) <= 9
                || u32::from(d0) * 100 + u32::from(d1) * 10 + u32::from(d2) > 255
            {
                return false;
            } else {
                3
            }
        };
        if octet < 3 {
            if buf[i & 15] != b'.' {
                return false;
            }
            i += 1;
        }
    }
    i == n
}

/// Whether the digits an integer was read from (a sign, if any, first) are the text the
/// integer writer writes for it: no sign, no leading zero (`0` alone), and fewer than 19
/// digits (any 18 fit `i64`), so they can be copied instead of formatted.
#[inline(always)]
pub(crate) fn written_as_read(digits: &[u8]) -> bool {
    matches!(digits, [b'1'..=b'9', ..] | [b'0']) && digits.len() < 19
}

/// Whether the eight bytes of `w` are ASCII digits: each has the high nibble 3, and a low
/// nibble that does not carry when 6 is added.
#[inline(always)]
pub(crate) fn is_eight_digits(w: u64) -> bool {
    const HIGH: u64 = 0xf0f0_f0f0_f0f0_f0f0;
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    w & HIGH == ZEROS && w.wrapping_add(0x0606_0606_0606_0606) & HIGH == ZEROS
}

/// The number the eight ASCII digits of `w` write ([`is_eight_digits`]; the first digit,
/// the most significant, in the lowest byte): pairs, then fours, then the eight, each
/// step one multiplication.
#[inline(always)]
pub(crate) fn eight_digits_value(w: u64) -> u64 {
    let w = w.wrapping_sub(0x3030_3030_3030_3030);
    let pairs = w.wrapping_mul(10).wrapping_add(w >> 8) & 0x00ff_00ff_00ff_00ff;
    let fours = pairs.wrapping_mul(100).wrapping_add(pairs >> 16) & 0x0000_ffff_0000_ffff;
    fours.wrapping_mul(10_000).wrapping_add(fours >> 32) & 0xffff_ffff
}

/// `s.parse::<i64>().ok()`: an optional sign, then one or more ASCII digits, no overflow.
pub(crate) fn parse_i64(s: &str) -> Option<i64> {
    let (negative, digits) = match s.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    if digits.is_empty() {
        return None;
    }
    // Accumulated negatively, so that i64::MIN fits.
    let mut v = 0i64;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v.checked_mul(10)?.checked_sub(i64::from(d))?;
    }
    if negative {
        Some(v)
    } else {
        v.checked_neg()
    }
}

/// `s.parse::<u16>().ok()`: [`parse_i64`] in the range of `u16`, without a `-` sign
/// (which `u16` refuses even on zero).
pub(crate) fn parse_u16(s: &str) -> Option<u16> {
    if s.starts_with('-') {
        return None;
    }
    parse_i64(s).and_then(|v| u16::try_from(v).ok())
}

/// `s.parse::<u32>().ok()`: [`parse_i64`] in the range of `u32`, without a `-` sign.
pub(crate) fn parse_u32(s: &str) -> Option<u32> {
    if s.starts_with('-') {
        return None;
    }
    parse_i64(s).and_then(|v| u32::try_from(v).ok())
}

/// Index of the first `a` or `c` in `b`: the first 32 bytes eight at a time (most quoted
/// fields end there), the rest by `memchr2`.
pub(crate) fn find_byte2(a: u8, c: u8, b: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let (pa, pc) = (u64::from_ne_bytes([a; 8]), u64::from_ne_bytes([c; 8]));
    let zeros = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut at = 0;
    for chunk in b.chunks_exact(8).take(4) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // As in `find_byte`: the lowest flag of each test is a true match.
        let found = zeros(w ^ pa) | zeros(w ^ pc);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    memchr::memchr2(a, c, &b[at..]).map(|i| at + i)
}

/// Index of the first `c` in `b`, eight bytes at a time: for the short fields (addresses,
/// numbers, names) where a `memchr` call's set-up costs more than the search itself.
#[inline]
pub(crate) fn find_byte(c: u8, b: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let pattern = u64::from_ne_bytes([c; 8]);
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // A zero byte of `x` is a `c` of the chunk; the lowest flagged byte is the first
        // zero (a false flag can only sit above a true one).
        let x = u64::from_le_bytes(word) ^ pattern;
        let zeros = x.wrapping_sub(ONES) & !x & HIGHS;
        if zeros != 0 {
            return Some(at + (zeros.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&x| x == c)
        .map(|i| at + i)
}

/// `ocsf::dns::is_hostname` in one pass: dot-separated labels, each non-empty, of ASCII
/// letters, digits and `-`, beginning and ending with a letter or digit.
pub(crate) fn is_hostname(s: &str) -> bool {
    let b = s.as_bytes();
    // `prev` is the byte before the current one (`.` at a label start).
    let mut prev = b'.';
    for &c in b {
        let ok = match c {
            b'.' => prev.is_ascii_alphanumeric(),
            b'-' => prev != b'.',
            _ => c.is_ascii_alphanumeric(),
        };
        if !ok {
            return false;
        }
        prev = c;
    }
    prev.is_ascii_alphanumeric()
}

/// `code.to_string()` without an allocation for the three-digit codes (100..=999).
#[inline]
pub(crate) fn status_text(code: u16) -> std::borrow::Cow<'static, str> {
    match code {
        100..=999 => {
            let i = usize::from(code) * 3;
            std::borrow::Cow::Borrowed(&CODES[i..i + 3])
        }
        _ => std::borrow::Cow::Owned(code.to_string()),
    }
}

/// `"000001002...999"`: the text of code `n` is at `3n..3n+3`.
const CODES: &str = match std::str::from_utf8(&code_digits()) {
    Ok(s) => s,
    Err(_) => panic!("ASCII digits are UTF-8"),
};

const fn code_digits() -> [u8; 3000] {
    let mut out = [0u8; 3000];
    let mut n = 0;
    while n < 1000 {
        out[3 * n] = b'0' + (n / 100) as u8;
        out[3 * n + 1] = b'0' + (n / 10 % 10) as u8;
        out[3 * n + 2] = b'0' + (n % 10) as u8;
        n += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings built from the bytes that matter to addresses and host names.
    fn samples() -> Vec<String> {
        let pieces = [
            "", "0", "1", "9", "00", "01", "10", "25", "255", "256", "199", "300", "1000", ".",
            ":", "::", "a", "f", "g", "-", "x", "[", "]", "%", "é", " ", "+", "\u{2003}", "ffff",
            "1.2.3.4",
        ];
        let mut out = Vec::new();
        // Deterministic pseudo-random concatenations (xorshift), plus the classics.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200_000 {
            let mut s = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let n = (state % 9) as usize;
            let mut r = state;
            for _ in 0..n {
                s.push_str(pieces[(r % pieces.len() as u64) as usize]);
                r /= pieces.len() as u64;
                if r == 0 {
                    r = state.rotate_left(17);
                }
            }
            out.push(s);
        }
        for s in [
            "0.0.0.0",
            "255.255.255.255",
            "256.1.1.1",
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "1.2.3.04",
            "1..2.3",
            ".1.2.3",
            "1.2.3.",
            "::1",
            "2001:db8::1",
            "::ffff:1.2.3.4",
            "fe80::1%eth0",
            "example.com",
            "a-b.c",
            "-a.com",
            "a-.com",
            "a..b",
            "example.com.",
            "localhost",
            "10.0.0.1",
        ] {
            out.push(s.to_owned());
        }
        out
    }

    #[test]
    fn is_ipv4_is_std() {
        let octets = [
            "0", "1", "9", "00", "01", "10", "25", "199", "249", "255", "256", "260", "300", "999",
            "1000", "", "a", "-1", "+1", "\u{e9}",
        ];
        let separators = [
            ".", ".", ".", ".", ".", ".", ".", ".", "..", ":", " ", "/", "",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut ips = 0;
        for _ in 0..100_000 {
            // Three to five parts, mostly dotted, sometimes with a byte before or after.
            let mut text = String::new();
            for part in 0..[3, 4, 4, 4, 5][next(5)] {
                if part > 0 {
                    text.push_str(separators[next(separators.len())]);
                }
                text.push_str(octets[next(octets.len())]);
            }
            if next(8) == 0 {
                text.insert(0, ' ');
            }
            if next(8) == 0 {
                text.push('.');
            }
            let fast = is_ipv4(text.as_bytes());
            ips += usize::from(fast);
            assert_eq!(fast, text.parse::<std::net::Ipv4Addr>().is_ok(), "{text:?}");
        }
        assert!(ips > 200, "only {ips} addresses");
        for text in [
            "0.0.0.0",
            "255.255.255.255",
            "1.2.3.4",
            "10.0.0.255",
            "192.168.100.200",
        ] {
            assert!(is_ipv4(text.as_bytes()), "{text}");
        }
        for text in [
            "256.1.1.1",
            "1.2.3.04",
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.4 ",
            "01.2.3.4",
            "1..2.3",
        ] {
            assert!(!is_ipv4(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn written_as_read_is_the_integer_writers_text() {
        let mut texts: Vec<String> = [
            "0",
            "00",
            "01",
            "-0",
            "+0",
            "-1",
            "+1",
            "10",
            "9",
            "123456789012345678",
            "999999999999999999",
            "1000000000000000000",
            "9223372036854775807",
            "007",
        ]
        .map(String::from)
        .to_vec();
        texts.extend((0..2000).map(|n| n.to_string()));
        texts.extend((0..100).map(|n| format!("{n:03}")));
        for text in texts {
            let n = parse_i64(&text).expect("a number");
            // (Negative numbers, and 19 digits, are formatted: never wrong, only slower.)
            let same = n >= 0 && n.to_string() == text && text.len() < 19;
            assert_eq!(written_as_read(text.as_bytes()), same, "{text}");
        }
    }

    #[test]
    fn eight_digits_are_read_as_a_byte_loop_reads_them() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Mostly digits, sometimes any byte.
            let bytes = state.to_le_bytes().map(|r| match r % 8 {
                0 => r.rotate_left(3),
                _ => b'0' + r % 10,
            });
            let digits = bytes.iter().all(u8::is_ascii_digit);
            let w = u64::from_le_bytes(bytes);
            assert_eq!(is_eight_digits(w), digits, "{bytes:?}");
            if digits {
                let value = bytes.iter().fold(0, |n, &c| n * 10 + u64::from(c - b'0'));
                assert_eq!(eight_digits_value(w), value, "{bytes:?}");
            }
        }
        assert_eq!(
            eight_digits_value(u64::from_le_bytes(*b"99999999")),
            99_999_999
        );
        assert_eq!(eight_digits_value(u64::from_le_bytes(*b"00000001")), 1);
    }

    #[test]
    fn is_ip_is_std() {
        for s in samples() {
            assert_eq!(is_ip(&s), s.parse::<std::net::IpAddr>().is_ok(), "{s:?}");
        }
    }

    #[test]
    fn is_hostname_is_ocsf() {
        for s in samples() {
            assert_eq!(is_hostname(&s), ocsf::dns::is_hostname(&s), "{s:?}");
        }
    }

    #[test]
    fn numbers_are_std() {
        let mut cases = samples();
        for s in [
            "0",
            "-0",
            "+0",
            "+",
            "-",
            "",
            "+-1",
            "--1",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "65535",
            "65536",
            "4294967295",
            "4294967296",
            "+4294967295",
            "+65535",
            "0000000000065535",
            "00000000000655350",
            "-1",
            " 1",
            "1 ",
            "١",
            "12x",
            "99999999999999999999999",
        ] {
            cases.push(s.to_owned());
        }
        for s in cases {
            assert_eq!(parse_i64(&s), s.parse::<i64>().ok(), "{s:?}");
            assert_eq!(parse_u16(&s), s.parse::<u16>().ok(), "{s:?}");
            assert_eq!(parse_u32(&s), s.parse::<u32>().ok(), "{s:?}");
            for c in [b' ', b':', b'.', b'1', 0xff] {
                assert_eq!(
                    find_byte(c, s.as_bytes()),
                    s.bytes().position(|x| x == c),
                    "{s:?} {c}"
                );
                let both = s.bytes().position(|x| x == c || x == b'0');
                assert_eq!(find_byte2(c, b'0', s.as_bytes()), both, "{s:?} {c}");
            }
        }
    }

    #[test]
    fn status_texts() {
        for code in [0u16, 7, 42, 99, 100, 200, 404, 599, 999, 1000, 65535] {
            assert_eq!(status_text(code), code.to_string());
        }
    }
}
