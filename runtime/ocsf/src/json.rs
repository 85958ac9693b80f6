//! The events' JSON writer: [`WriteJson`] (derived with `#[derive(WriteJson)]` from
//! `ocsf-derive`) writes compact JSON straight into a `Vec<u8>`, byte for byte what
//! `serde_json::to_writer` writes for the same struct's `#[derive(Serialize)]`.
//!
//! Two writers for one struct, because the normalizers' speed is mostly this: an event
//! is 1 to 3 KB of JSON out of a 150-byte log line. serde keeps its place as the reference
//! (and for any caller that wants serde); this writer is what the normalizers use, and
//! debug builds of `normalize` compare the two for every event they write.

use serde_json::value::RawValue;
use std::borrow::Cow;

/// A value that writes itself as compact JSON.
pub trait WriteJson {
    fn write_json(&self, out: &mut Vec<u8>);
}

/// A struct's members without the braces, so a `#[serde(flatten)]` struct can write its
/// fields into its parent's object. `first` is true until the object has a member.
pub trait WriteFields {
    fn write_fields(&self, out: &mut Vec<u8>, first: &mut bool);
}

/// The `&'static str` fields of the OCSF structs: the schema's captions and names, written
/// without the escaping pass (they have nothing to escape; debug builds check it).
pub trait WriteConstant {
    fn write_constant(&self, out: &mut Vec<u8>);
}

impl WriteConstant for &'static str {
    #[inline]
    fn write_constant(&self, out: &mut Vec<u8>) {
        debug_assert!(
            !self.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\'),
            "{self:?}"
        );
        if self.len() < 16 {
            quote_small(out, Window::of_short(self.as_bytes()), self.len());
        } else {
            quote_verbatim(out, self.as_bytes());
        }
    }
}

impl WriteConstant for Option<&'static str> {
    #[inline]
    fn write_constant(&self, out: &mut Vec<u8>) {
        match self {
            Some(s) => s.write_constant(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl WriteConstant for Vec<&'static str> {
    fn write_constant(&self, out: &mut Vec<u8>) {
        write_array(out, self, |out, s| s.write_constant(out));
    }
}

/// `[a,b,...]`, each element written by `each`.
#[inline]
pub fn write_array<T>(out: &mut Vec<u8>, items: &[T], mut each: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        each(out, item);
    }
    out.push(b']');
}

/// Write an object key that may be the object's first (`alone`) or not (`with_comma`).
#[inline(always)]
pub fn key<const W: usize, const A: usize>(
    out: &mut Vec<u8>,
    first: &mut bool,
    with_comma: &[u8; W],
    alone: &[u8; A],
) {
    if *first {
        out.extend_from_slice(alone);
    } else {
        out.extend_from_slice(with_comma);
    }
    *first = false;
}

/// Serialize with [`WriteJson`] into a new vector.
pub fn to_vec<T: WriteJson + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    value.write_json(&mut out);
    out
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out)
    }
}

impl WriteJson for str {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self)
    }
}

impl WriteJson for String {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self)
    }
}

impl WriteJson for Cow<'_, str> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self)
    }
}

impl WriteJson for bool {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        if *self {
            out.extend_from_slice(b"true");
        } else {
            out.extend_from_slice(b"false");
        }
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl WriteJson for $t {
            #[inline]
            fn write_json(&self, out: &mut Vec<u8>) {
                // Most are ids and enums below ten: one byte, no formatting.
                #[allow(unused_comparisons)]
                if *self >= 0 && *self < 10 {
                    out.push(b'0' + *self as u8);
                } else {
                    extend_small(out, itoa::Buffer::new().format(*self).as_bytes());
                }
            }
        }
    )*};
}
integers!(i8, i16, i32, i64, u8, u16, u32, u64, usize);

impl WriteJson for f64 {
    /// Written by serde_json itself (floats are rare in events: CVSS scores,
    /// coordinates), so the digits are exactly its own; `null` for NaN and infinities.
    fn write_json(&self, out: &mut Vec<u8>) {
        if serde_json::to_writer(&mut *out, self).is_err() {
            out.extend_from_slice(b"null");
        }
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.write_json(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_array(out, self, |out, item| item.write_json(out));
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        self.as_slice().write_json(out)
    }
}

impl WriteJson for RawValue {
    /// Verbatim when on one line (the common, fast case). Pretty-printed input is written
    /// again compactly, because an event must stay one line of JSON.
    fn write_json(&self, out: &mut Vec<u8>) {
        let text = self.get();
        if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
            out.extend_from_slice(text.as_bytes());
            return;
        }
        let written = serde_json::from_str::<serde_json::Value>(text)
            .and_then(|v| serde_json::to_writer(&mut *out, &v));
        if written.is_err() {
            // Not reachable for a RawValue (serde_json checked it); still valid output.
            write_str(out, text);
        }
    }
}

impl WriteJson for Box<RawValue> {
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out)
    }
}

/// Append `s` as a JSON string, escaped byte for byte as serde_json escapes it.
#[inline]
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    // Most strings are short and have nothing to escape: that case inline, no call.
    let n = s.len();
    if n < 16 {
        let window = Window::of_short(s.as_bytes());
        if short_masks(window, n).0 == 0 {
            return quote_small(out, window, n);
        }
    }
    write_str_long(out, s);
}

/// Append `s` as a JSON string, as it is between quotes when the caller knows it has
/// nothing to escape (`clean`: say, it is a part of a text whose escaping lengthened
/// it by nothing else), else by [`write_str`]. Debug builds check the claim.
#[inline]
pub fn write_str_known(out: &mut Vec<u8>, s: &str, clean: bool) {
    if !clean {
        return write_str(out, s);
    }
    debug_assert!(
        !s.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\'),
        "{s:?} is not clean"
    );
    let n = s.len();
    if n < 16 {
        quote_small(out, Window::of_short(s.as_bytes()), n);
    } else {
        quote_verbatim(out, s.as_bytes());
    }
}

/// Append the first `n` (< 16) bytes of `window` between quotes: the opening quote and
/// the bytes are one 16-byte store made in registers, cut back to `n + 1`.
#[inline(always)]
fn quote_small(out: &mut Vec<u8>, window: Window, n: usize) {
    let at = out.len();
    out.extend_from_slice(&(u128::from(b'"') | window.bits() << 8).to_le_bytes());
    out.truncate(at + 1 + n);
    out.push(b'"');
}

/// Append `b`, which needs no escaping, between quotes.
#[inline(always)]
fn quote_verbatim(out: &mut Vec<u8>, b: &[u8]) {
    out.reserve(b.len() + 2);
    out.push(b'"');
    out.extend_from_slice(b);
    out.push(b'"');
}

/// [`write_str`] for strings of 16 bytes or more, or with something to escape.
///
/// Most such strings need no escape at all, and a record in `raw_data` has a `"` every
/// few bytes: both must be fast. The output is written into zeroed room for the worst
/// case of `"` and `\\` (every byte two), so that every piece is a fixed 16-byte copy
/// with no capacity test, then cut back to the length written. Sixteen bytes at a time
/// are tested at once (SSE2 on x86_64, [`escapes`] elsewhere) into a mask of the bytes to
/// escape; see [`escape_runs`]. A control character, which serde_json may write as six
/// bytes, sends the string to [`write_str_with_controls`] instead.
fn write_str_long(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    // The clean start (most strings are clean to the end): tested, then one copy.
    let clean = clean_prefix(b);
    let start = out.len();
    if clean == b.len() {
        return quote_verbatim(out, b);
    }
    out.resize(start + clean + 2 * (b.len() - clean) + 18, 0);
    out[start] = b'"';
    out[start + 1..start + 1 + clean].copy_from_slice(&b[..clean]);
    // The rest is escaped as a string of its own whose opening quote lands on the last
    // clean byte's place, which is then written back.
    let at = start + clean;
    let last = out[at];
    match escape_into(&mut out[at..], &b[clean..]) {
        Some(written) => {
            out[at] = last;
            out.truncate(at + written);
        }
        None => {
            out.truncate(start);
            write_str_with_controls(out, s);
        }
    }
}

/// How many bytes at the start of `b` are whole 16-byte windows with nothing to escape,
/// or all of `b` when nothing in it needs escaping.
#[inline(always)]
fn clean_prefix(b: &[u8]) -> usize {
    let mut chunks = b.chunks_exact(16);
    let mut clean = 0;
    for chunk in &mut chunks {
        if escape_masks(Window::of16(chunk.try_into().expect("16 bytes"))).0 != 0 {
            return clean;
        }
        clean += 16;
    }
    let rest = chunks.remainder();
    if short_masks(Window::of_short(rest), rest.len()).0 == 0 {
        b.len()
    } else {
        clean
    }
}

/// `b` as a JSON string at the start of `dst`, which has at least `2 * b.len() + 18`
/// bytes; the length written, or `None` when `b` has a control character.
#[inline(always)]
fn escape_into(dst: &mut [u8], b: &[u8]) -> Option<usize> {
    dst[0] = b'"';
    let mut o = 1;
    let mut i = 0;
    let mut chunks = b.chunks_exact(16);
    for chunk in &mut chunks {
        let chunk: &[u8; 16] = chunk.try_into().expect("16 bytes");
        let (mask, controls) = escape_masks(Window::of16(chunk));
        if mask == 0 {
            dst[o..o + 16].copy_from_slice(chunk);
            o += 16;
        } else if controls != 0 {
            return None;
        } else {
            // The runs are read from the input itself where it has 32 bytes left: bytes
            // just stored on the stack would be read back before the stores retire.
            o = match b.get(i..i + 32) {
                Some(runs) => escape_runs(dst, o, runs.try_into().expect("32 bytes"), mask, 16),
                None => escape_runs(dst, o, &padded32(&b[i..]), mask, 16),
            };
        }
        i += 16;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let window = Window::of_short(rest);
        let (mask, controls) = short_masks(window, rest.len());
        if controls != 0 {
            return None;
        }
        if mask == 0 {
            dst[o..o + 16].copy_from_slice(&window.bits().to_le_bytes());
            o += rest.len();
        } else {
            o = escape_runs(dst, o, &padded32(rest), mask, rest.len());
        }
    }
    dst[o] = b'"';
    Some(o + 1)
}

/// Write the first `n` bytes of `runs` at `dst[o..]`, a `\\` before each byte whose bit
/// is set in `mask`; the new end. Each run is a 16-byte copy that starts with the escaped
/// byte itself, just after its backslash; what it writes past the run is overwritten
/// next (the room is there: see [`escape_into`]).
#[inline(always)]
fn escape_runs(dst: &mut [u8], mut o: usize, runs: &[u8; 32], mut mask: u32, n: usize) -> usize {
    let mut from = 0;
    while mask != 0 {
        let j = mask.trailing_zeros() as usize;
        dst[o..o + 16].copy_from_slice(&runs[from..from + 16]);
        o += j - from;
        dst[o] = b'\\';
        o += 1;
        from = j;
        mask &= mask - 1;
    }
    dst[o..o + 16].copy_from_slice(&runs[from..from + 16]);
    o + n - from
}

/// Fewer than 32 bytes, zero-padded to 32.
#[inline(always)]
fn padded32(b: &[u8]) -> [u8; 32] {
    let mut padded = [0u8; 32];
    padded[..b.len()].copy_from_slice(b);
    padded
}

/// Up to sixteen bytes as two little-endian words, zero-padded, loaded straight from the
/// input into registers (never staged on the stack, where a 16-byte load of bytes stored
/// a moment before as smaller pieces waits for those stores to retire).
#[derive(Clone, Copy)]
struct Window {
    lo: u64,
    hi: u64,
}

impl Window {
    #[inline(always)]
    fn of16(chunk: &[u8; 16]) -> Self {
        Window {
            lo: word(&chunk[..8]),
            hi: word(&chunk[8..]),
        }
    }

    /// Fewer than 16 bytes, with overlapping fixed-size loads (no `memcpy` call: for
    /// pieces this short a call costs more than the copy).
    #[inline(always)]
    fn of_short(b: &[u8]) -> Self {
        let n = b.len();
        if n >= 8 {
            // The last eight bytes, shifted down past those the first word already has.
            let hi = word(&b[n - 8..])
                .checked_shr(8 * (16 - n) as u32)
                .unwrap_or(0);
            Window {
                lo: word(&b[..8]),
                hi,
            }
        } else if n >= 4 {
            let half = |s: &[u8]| u64::from(u32::from_le_bytes(s.try_into().expect("4 bytes")));
            // The overlapping bytes are the same, so OR-ing the halves is exact.
            Window {
                lo: half(&b[..4]) | half(&b[n - 4..]) << (8 * (n - 4)),
                hi: 0,
            }
        } else {
            Window {
                lo: b.iter().rev().fold(0, |w, &c| w << 8 | u64::from(c)),
                hi: 0,
            }
        }
    }

    #[inline(always)]
    fn bits(self) -> u128 {
        u128::from(self.lo) | u128::from(self.hi) << 64
    }
}

/// [`write_str`] for a string with control characters (rare: a line break in a
/// pretty-printed record, a tab in a log line), escaped one window at a time.
fn write_str_with_controls(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 16) {
        let chunk: &[u8; 16] = chunk.try_into().expect("16 bytes");
        let mut mask = escape_masks(Window::of16(chunk)).0;
        let mut start = 0;
        while mask != 0 {
            let j = mask.trailing_zeros() as usize;
            out.extend_from_slice(&chunk[start..j]);
            escape_byte(out, chunk[j]);
            start = j + 1;
            mask &= mask - 1;
        }
        out.extend_from_slice(&chunk[start..]);
        i += 16;
    }
    for &c in &b[i..] {
        if c < 0x20 || c == b'"' || c == b'\\' {
            escape_byte(out, c);
        } else {
            out.push(c);
        }
    }
    out.push(b'"');
}

/// Append `b`; fewer than 16 bytes are one 16-byte store made in registers, cut back
/// to length (no `memcpy` call).
#[inline(always)]
pub fn extend_small(out: &mut Vec<u8>, b: &[u8]) {
    let n = b.len();
    if n >= 16 {
        return out.extend_from_slice(b);
    }
    out.extend_from_slice(&Window::of_short(b).bits().to_le_bytes());
    out.truncate(out.len() - 16 + n);
}

/// Bit `k` set in the first mask when byte `k` of the window must be escaped, in the
/// second when it is a control character (below 0x20): SSE2 compares on x86_64 (the hot
/// loop of every event), [`escapes`] on the two words elsewhere.
#[inline(always)]
fn escape_masks(window: Window) -> (u32, u32) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of the x86_64 baseline: every x86_64 CPU has it and every
    // x86_64 Rust target enables it, so the target-feature function is sound to call.
    let masks = unsafe { sse2::escape_masks(window.lo, window.hi) };
    #[cfg(not(target_arch = "x86_64"))]
    let masks = escape_masks_swar(window);
    masks
}

/// [`escape_masks`] of a window of `n` (< 16) bytes: only its own bytes' bits (the zeros
/// after them would count as control characters).
#[inline(always)]
fn short_masks(window: Window, n: usize) -> (u32, u32) {
    let (all, controls) = escape_masks(window);
    let in_string = (1 << n) - 1;
    (all & in_string, controls & in_string)
}

/// [`escape_masks`] in portable code (also the x86_64 tests' reference).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn escape_masks_swar(window: Window) -> (u32, u32) {
    let (lo, hi) = (escapes(window.lo), escapes(window.hi));
    let all = gather(lo.0 | lo.1) | gather(hi.0 | hi.1) << 8;
    (all, gather(lo.1) | gather(hi.1) << 8)
}

/// The high bits of the eight bytes of `h` as eight bits (byte `k` to bit `k`): each
/// product term lands on its own bit, and those of byte `k` meet at bit 56 + `k`.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn gather(h: u64) -> u32 {
    (((h >> 7) & ONES).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::*;

    /// Bit `k` of the first mask set when byte `k` of `hi:lo` is `"`, `\\` or below 0x20,
    /// of the second when it is below 0x20.
    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn escape_masks(lo: u64, hi: u64) -> (u32, u32) {
        let v = _mm_set_epi64x(hi as i64, lo as i64);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        // Unsigned c < 0x20 exactly when max(c, 0x1f) == 0x1f.
        let control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
        let all = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)) as u32;
        (all, _mm_movemask_epi8(control) as u32)
    }
}

#[inline(always)]
fn word(b: &[u8]) -> u64 {
    u64::from_le_bytes(b.try_into().expect("8 bytes"))
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` (little-endian) that is `"` or `\\`, and of each that
/// is below 0x20, and no other bit. Exact: the low seven bits of a byte are added without
/// carrying into the next byte.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn escapes(w: u64) -> (u64, u64) {
    let is_zero = |x: u64| !(((x & LOW7) + LOW7) | x) & HIGH;
    let quote = is_zero(w ^ (ONES * u64::from(b'"')));
    let backslash = is_zero(w ^ (ONES * u64::from(b'\\')));
    // (c & 0x7f) + 0x60 reaches the high bit exactly when c >= 0x20 (or c >= 0x80).
    let control = !(((w & LOW7) + ONES * 0x60) | w) & HIGH;
    (quote | backslash, control)
}

/// serde_json's escape of one byte: short forms where JSON has them, else `\u00xx`.
#[inline]
fn escape_byte(out: &mut Vec<u8>, c: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match c {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0A => b'n',
        0x0C => b'f',
        0x0D => b'r',
        _ => {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(c >> 4)],
                HEX[usize::from(c & 0xF)],
            ]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same<T: WriteJson + serde::Serialize + ?Sized>(v: &T) {
        let mine = String::from_utf8(to_vec(v)).unwrap();
        assert_eq!(mine, serde_json::to_string(v).unwrap());
    }

    #[test]
    fn scalars_match_serde() {
        same(&0i32);
        same(&i64::MIN);
        same(&u64::MAX);
        same(&true);
        for f in [
            0.0,
            -0.0,
            0.1,
            1e300,
            -2.5e-300,
            7.0,
            f64::NAN,
            f64::INFINITY,
        ] {
            same(&f);
        }
        same(&Some(3u16));
        same(&None::<u16>);
        same(&vec![Some("a"), None]);
        same(&Vec::<i32>::new());
    }

    #[test]
    fn raw_values_stay_one_line() {
        let raw = RawValue::from_string("{\n  \"a\": [1, 2]\n}".into()).unwrap();
        assert_eq!(to_vec(&raw), br#"{"a":[1,2]}"#);
        let raw = RawValue::from_string(r#"{"a": 1}"#.into()).unwrap();
        assert_eq!(to_vec(&raw), br#"{"a": 1}"#);
    }

    #[test]
    fn json_strings_match_serde() {
        for s in [
            "",
            "plain",
            r#"{"a":"b\\c"}"#,
            "tab\there",
            "nl\n\r",
            "\u{1}",
            "é \u{2028} 𝄞",
            "\"\"\\",
        ] {
            same(s);
        }
    }

    /// Strings made only of escapes (the most output per input byte), after other output.
    #[test]
    fn dense_escapes_match_serde() {
        for n in [1, 7, 8, 9, 31, 100] {
            for c in ["\"", "\\", "\n", "\u{1}", "\u{1f}é"] {
                let s = c.repeat(n);
                let mut out = b"prefix".to_vec();
                write_str(&mut out, &s);
                assert_eq!(
                    out,
                    [b"prefix".to_vec(), serde_json::to_vec(&s).unwrap()].concat(),
                    "{s:?}"
                );
            }
        }
    }

    /// Many pseudo-random strings of every length up to 80, escapes anywhere, one after
    /// another into one buffer (as events are written).
    #[test]
    fn random_strings_match_serde() {
        const ALPHABET: [&str; 10] = ["a", "b", "\"", "\\", "\n", "\u{1}", "é", "€", "𝄞", "/"];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut out = Vec::new();
        let mut want = Vec::new();
        for len in 0..80 {
            for _ in 0..40 {
                let s: String = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        // Mostly plain letters, as in real fields.
                        ALPHABET[if seed.is_multiple_of(4) {
                            (seed >> 8) as usize % 10
                        } else {
                            (seed >> 8) as usize % 2
                        }]
                    })
                    .collect();
                write_str(&mut out, &s);
                want.extend(serde_json::to_vec(&s).unwrap());
            }
        }
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&want)
        );
    }

    /// The SIMD and the portable masks agree with a byte-by-byte reference, for every
    /// byte value at every position, alone and with others.
    #[test]
    fn escape_masks_agree_with_portable_code() {
        let reference = |chunk: &[u8; 16]| {
            let bits = |f: &dyn Fn(u8) -> bool| {
                chunk
                    .iter()
                    .enumerate()
                    .fold(0u32, |m, (k, &b)| m | u32::from(f(b)) << k)
            };
            (
                bits(&|b| b < 0x20 || b == b'"' || b == b'\\'),
                bits(&|b| b < 0x20),
            )
        };
        for c in 0..=255u8 {
            for at in 0..16 {
                for fill in [b'a', 0xff, b'"', 0x00] {
                    let mut chunk = [fill; 16];
                    chunk[at] = c;
                    let window = Window::of16(&chunk);
                    assert_eq!(
                        escape_masks(window),
                        reference(&chunk),
                        "{c:#x} at {at}, fill {fill:#x}"
                    );
                    assert_eq!(
                        escape_masks_swar(window),
                        reference(&chunk),
                        "{c:#x} at {at}, fill {fill:#x}"
                    );
                }
            }
        }
    }

    /// A short window holds exactly its bytes, zero-padded, for every length.
    #[test]
    fn short_windows_are_zero_padded() {
        let bytes: Vec<u8> = (1..=16).collect();
        for n in 0..16 {
            let mut want = [0u8; 16];
            want[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(
                Window::of_short(&bytes[..n]).bits().to_le_bytes(),
                want,
                "{n}"
            );
            let mut out = b"x".to_vec();
            extend_small(&mut out, &bytes[..n]);
            assert_eq!(out[1..], bytes[..n]);
        }
    }

    /// Every byte that needs escaping, at every offset of an 8-byte word, next to others.
    #[test]
    fn escapes_match_serde_at_every_offset() {
        let specials: Vec<char> = (0u8..0x20)
            .map(char::from)
            .chain(['"', '\\', '\u{7f}', 'é', '/'])
            .collect();
        for c in specials {
            for pad in 0..20 {
                for tail in [0, 1, 7, 9] {
                    same(&format!(
                        "{}{c}{}{c}\"x{}",
                        "a".repeat(pad),
                        "b".repeat(tail),
                        "€".repeat(tail)
                    ));
                }
            }
        }
    }
}
