//! One pass over a text line that finds its delimiters (`"` and ` `) and tells whether it
//! is plain: ASCII with no control character and no `\\` (so no field of it has anything
//! to unescape, nothing but its quotes to escape in JSON, and every cut is a char
//! boundary).
//!
//! The line formats' usual path splits the line from these positions instead of
//! searching field by field: a search costs a call and a set-up per field, while this
//! looks at sixteen bytes per step once (SSE2 on x86_64, word arithmetic elsewhere).

/// Positions of a line's quotes and spaces, reused from line to line.
#[derive(Debug, Default)]
pub(crate) struct Delimiters {
    quotes: Vec<u32>,
    spaces: Vec<u32>,
}

/// A line the delimiter pass found to be ASCII (only it makes one): valid UTF-8, and every
/// position in it is a char boundary, so it is cut into `&str` fields without the boundary
/// tests (and the out-of-line call) of `&text[a..b]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ascii<'a>(&'a [u8]);

impl<'a> Ascii<'a> {
    /// The whole line.
    #[inline(always)]
    pub(crate) fn text(self) -> &'a str {
        // SAFETY: every byte is below 0x80 (see `ascii_up_to`): ASCII is valid UTF-8.
        unsafe { std::str::from_utf8_unchecked(self.0) }
    }

    /// The bytes `from..to` (panics, as slicing does, when out of bounds).
    #[inline(always)]
    pub(crate) fn cut(self, from: usize, to: usize) -> &'a str {
        let part = &self.0[from..to];
        // SAFETY: a part of ASCII text is ASCII, which is valid UTF-8.
        unsafe { std::str::from_utf8_unchecked(part) }
    }

    /// The line's bytes.
    #[inline(always)]
    pub(crate) fn bytes(self) -> &'a [u8] {
        self.0
    }
}

/// Longer lines are never plain: their positions would not fit `u32`, and no usual line
/// comes near this.
const MAX_LEN: usize = 1 << 20;

impl Delimiters {
    /// Whether `line` is plain, with all its delimiters found (the tests' shorthand).
    #[cfg(test)]
    pub(crate) fn find(&mut self, line: &[u8]) -> bool {
        self.text_up_to(line, usize::MAX).is_some()
    }

    /// The line as text when it is plain (the tests' shorthand for `ascii_up_to`).
    #[cfg(test)]
    pub(crate) fn text_up_to<'a>(&mut self, line: &'a [u8], spaces: usize) -> Option<&'a str> {
        self.ascii_up_to(line, spaces).map(Ascii::text)
    }

    /// The line as [`Ascii`] text when it is plain (ASCII, so UTF-8: no validation of its
    /// own), else `None` (a byte below 0x20, a `\\`, a byte above 0x7f, or longer than
    /// 1 MiB; the positions are then partial). Its quotes are found, and its spaces in the
    /// 64-byte blocks that start before the `spaces`th space is found (so at least that
    /// many, when the line has them): for formats whose later spaces are inside a last
    /// quoted field.
    pub(crate) fn ascii_up_to<'a>(&mut self, line: &'a [u8], spaces: usize) -> Option<Ascii<'a>> {
        if !self.find_up_to(line, spaces) {
            return None;
        }
        debug_assert!(line.is_ascii());
        // `find_up_to` returned true, so every byte of `line` is below 0x80 (the `special`
        // mask has each byte's high bit).
        Some(Ascii(line))
    }

    fn find_up_to(&mut self, line: &[u8], spaces: usize) -> bool {
        self.quotes.clear();
        self.spaces.clear();
        if line.len() > MAX_LEN {
            return false;
        }
        let mut at = 0u32;
        for block in line.chunks_exact(64) {
            let block: &[u8; 64] = block.try_into().expect("64 bytes");
            if !self.block(block, at, u64::MAX, spaces) {
                return false;
            }
            at += 64;
        }
        let n = line.len() % 64;
        if n == 0 {
            return true;
        }
        match line.len().checked_sub(64) {
            // The last 64 bytes, of which only the `n` not seen yet count.
            Some(last) => {
                let block = line[last..].try_into().expect("64 bytes");
                self.block(block, last as u32, !0 << (64 - n), spaces)
            }
            // A short line, padded with zeros (control characters) that do not count.
            None => {
                let mut padded = [0u8; 64];
                padded[..n].copy_from_slice(line);
                self.block(&padded, 0, (1 << n) - 1, spaces)
            }
        }
    }

    /// The `"` positions, in order.
    pub(crate) fn quotes(&self) -> &[u32] {
        &self.quotes
    }

    /// The ` ` positions, in order.
    pub(crate) fn spaces(&self) -> &[u32] {
        &self.spaces
    }

    /// One 64-byte block starting at `at`, of which the bytes of `valid` count.
    #[inline(always)]
    fn block(&mut self, block: &[u8; 64], at: u32, valid: u64, spaces_wanted: usize) -> bool {
        let mut quotes = 0u64;
        let mut spaces = 0u64;
        let mut special = 0u64;
        for (k, chunk) in block.chunks_exact(16).enumerate() {
            let lo = u64::from_le_bytes(chunk[..8].try_into().expect("8 bytes"));
            let hi = u64::from_le_bytes(chunk[8..].try_into().expect("8 bytes"));
            let m = masks(lo, hi);
            quotes |= u64::from(m.quotes) << (16 * k);
            spaces |= u64::from(m.spaces) << (16 * k);
            special |= u64::from(m.special) << (16 * k);
        }
        if special & valid != 0 {
            return false;
        }
        push_bits(&mut self.quotes, quotes & valid, at);
        if self.spaces.len() < spaces_wanted {
            push_bits(&mut self.spaces, spaces & valid, at);
        }
        true
    }
}

/// Append the positions of the set bits of `bits`, lowest first, at offset `at`.
#[inline(always)]
fn push_bits(to: &mut Vec<u32>, mut bits: u64, at: u32) {
    // (Counting the bits first to reserve once costs more: x86_64's baseline has no
    // `popcnt` instruction.)
    while bits != 0 {
        to.push(at + bits.trailing_zeros());
        bits &= bits - 1;
    }
}

/// Bit `k` set when byte `k` of sixteen is a `"`, a ` `, or not plain.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
struct Masks {
    quotes: u16,
    spaces: u16,
    special: u16,
}

/// The sixteen bytes `hi:lo` (little-endian) classified.
#[inline(always)]
fn masks(lo: u64, hi: u64) -> Masks {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of the x86_64 baseline: every x86_64 CPU has it and every
    // x86_64 Rust target enables it, so the target-feature function is sound to call.
    let m = unsafe { sse2::masks(lo, hi) };
    #[cfg(not(target_arch = "x86_64"))]
    let m = masks_swar(lo, hi);
    m
}

/// [`masks`] in portable code (also the x86_64 tests' reference).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn masks_swar(lo: u64, hi: u64) -> Masks {
    let both = |f: fn(u64) -> u64| gather(f(lo)) | gather(f(hi)) << 8;
    Masks {
        quotes: both(|w| is_zero(w ^ (ONES * u64::from(b'"')))),
        spaces: both(|w| is_zero(w ^ (ONES * u64::from(b' ')))),
        special: both(|w| {
            // (c & 0x7f) + 0x60 reaches the high bit exactly when c & 0x7f >= 0x20.
            let control = !((w & LOW7) + ONES * 0x60) & HIGH;
            is_zero(w ^ (ONES * u64::from(b'\\'))) | control | (w & HIGH)
        }),
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each zero byte of `x`, and no other bit (exact: the low seven bits
/// are added without carrying into the next byte).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn is_zero(x: u64) -> u64 {
    !(((x & LOW7) + LOW7) | x) & HIGH
}

/// The high bits of the eight bytes of `h` as eight bits (byte `k` to bit `k`).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn gather(h: u64) -> u16 {
    (((h >> 7) & ONES).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u16
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::Masks;
    use std::arch::x86_64::*;

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn masks(lo: u64, hi: u64) -> Masks {
        let v = _mm_set_epi64x(hi as i64, lo as i64);
        let is = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
        // Unsigned c < 0x20 exactly when max(c, 0x1f) == 0x1f; movemask of `v` itself
        // is the bytes above 0x7f.
        let control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
        let special = _mm_or_si128(_mm_or_si128(is(b'\\'), control), v);
        Masks {
            quotes: _mm_movemask_epi8(is(b'"')) as u16,
            spaces: _mm_movemask_epi8(is(b' ')) as u16,
            special: _mm_movemask_epi8(special) as u16,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(c: u8) -> bool {
        (0x20..0x80).contains(&c) && c != b'\\'
    }

    /// What `find` must say, the slow way.
    fn reference(line: &[u8]) -> Option<(Vec<u32>, Vec<u32>)> {
        if !line.iter().all(|&c| plain(c)) {
            return None;
        }
        let at = |d: u8| {
            (0..line.len() as u32)
                .filter(|&i| line[i as usize] == d)
                .collect()
        };
        Some((at(b'"'), at(b' ')))
    }

    #[test]
    fn ascii_cuts_are_str_slices() {
        let mut d = Delimiters::default();
        let line = "10.0.0.1 - - [29/Feb/2024:12:00:00 +0100] \"GET / HTTP/1.1\" 200 5";
        let ascii = d.ascii_up_to(line.as_bytes(), 8).expect("plain");
        assert_eq!(ascii.text(), line);
        assert_eq!(ascii.bytes(), line.as_bytes());
        for from in 0..=line.len() {
            for to in from..=line.len() {
                assert_eq!(ascii.cut(from, to), &line[from..to]);
            }
        }
        // Only a plain line becomes `Ascii`.
        assert!(d.ascii_up_to("caf\u{e9}".as_bytes(), 8).is_none());
        assert!(d.ascii_up_to(b"a\\b", 8).is_none());
    }

    #[test]
    fn finds_what_a_byte_loop_finds() {
        let alphabet = b"a \"\\\t\x00\x1f\x7f\x80\xc3\xa9\xff~!-[]";
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut d = Delimiters::default();
        for n in 0..300 {
            for _ in 0..40 {
                let line: Vec<u8> = (0..n)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        // Mostly plain bytes, so that many lines are plain.
                        if state.is_multiple_of(16) {
                            alphabet[(state >> 8) as usize % alphabet.len()]
                        } else {
                            b"ab \"x/"[(state >> 8) as usize % 6]
                        }
                    })
                    .collect();
                let found = d.find(&line);
                let text = d.text_up_to(&line, usize::MAX).map(str::as_bytes);
                assert_eq!(text, found.then_some(&line[..]));
                match reference(&line) {
                    Some((quotes, spaces)) => {
                        assert!(found, "{line:?}");
                        assert_eq!((d.quotes(), d.spaces()), (&quotes[..], &spaces[..]));
                    }
                    None => assert!(!found, "{line:?}"),
                }
            }
        }
    }

    #[test]
    fn every_byte_value_in_every_place() {
        let mut d = Delimiters::default();
        for c in 0..=255u8 {
            for len in [1, 15, 16, 17, 63, 64, 65, 130] {
                for at in [0, len / 2, len - 1] {
                    let mut line = vec![b'x'; len];
                    line[at] = c;
                    assert_eq!(d.find(&line), plain(c), "{c} at {at} of {len}");
                    if plain(c) {
                        assert_eq!(d.quotes() == [at as u32], c == b'"');
                        assert_eq!(d.spaces() == [at as u32], c == b' ');
                    }
                }
            }
        }
    }

    #[test]
    fn portable_masks_are_the_sse2_masks() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let (lo, hi) = (state, state.rotate_left(29) ^ 0x2220_5c22_2020_1f7f);
            assert_eq!(masks(lo, hi), masks_swar(lo, hi));
        }
    }

    #[test]
    fn find_up_to_records_the_first_spaces() {
        let line: Vec<u8> = b"a \"b c\" ".repeat(40);
        let (mut all, mut some) = (Delimiters::default(), Delimiters::default());
        assert!(all.find(&line));
        for wanted in [0, 1, 5, 20, 60, 80, 200] {
            assert_eq!(
                some.text_up_to(&line, wanted).map(str::as_bytes),
                Some(&line[..])
            );
            assert_eq!(some.quotes(), all.quotes());
            let n = some.spaces().len();
            assert!(n >= wanted.min(all.spaces().len()), "{wanted}: {n}");
            assert_eq!(some.spaces(), &all.spaces()[..n]);
        }
    }

    #[test]
    fn long_lines_are_never_plain() {
        let mut d = Delimiters::default();
        assert!(d.find(&vec![b'a'; MAX_LEN]));
        assert!(!d.find(&vec![b'a'; MAX_LEN + 1]));
    }
}
