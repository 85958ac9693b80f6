//! Splitting a stream of JSON into records without parsing it twice or holding it whole.
//!
//! A small scanner tracks strings, escapes and nesting depth (with `memchr` to jump
//! through string contents) and hands each record's bytes to a callback: borrowed from
//! the reader's buffer when the record lies inside it, copied otherwise. The callback
//! then deserializes just that record with serde (borrowed, `RawValue` for pass-through).
//!
//! - [`for_each_value`]: JSON lines and objects concatenated with or without newlines
//!   (WAF via Firehose, EventBridge events, Suricata EVE).
//! - [`for_each_record`]: the elements of a top-level `{"Records": [...]}` array
//!   (CloudTrail), of a top-level array, or top-level objects that are not such a container.
//! - [`for_each_record_in_place`]: the same, and a record that lies in the read buffer is
//!   first offered to the caller's own reader ([`InPlace`]), so its bytes are read once.
//!
//! [`Reader`] is that one-pass reader: strict (it accepts a subset of what serde_json
//! accepts and reads it the same way), borrowing, no allocation. When it gives up
//! ([`GiveUp`]: invalid JSON, escaped keys, odd numbers, deep nesting) the caller uses
//! serde_json, which reads the record or says precisely what is wrong with it.

use serde::Deserialize;
use serde_json::value::RawValue;
use std::io::{self, BufRead};

/// One piece of the input, as cut by the scanner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item<'b> {
    /// A complete JSON value (balanced; not yet validated beyond that).
    Value(&'b [u8]),
    /// An element of a `"Records"` array or of a top-level array
    /// ([`for_each_record`] only).
    Record(&'b [u8]),
    /// Bytes that cannot be a JSON value, with the reason.
    Broken(&'b [u8], &'static str),
}

/// Call `f(n, item)` for every top-level JSON value in `input` (n counts items from 1).
/// Values may be separated by newlines, other whitespace or nothing at all. Text that is
/// not JSON runs to the end of its line and comes out as [`Item::Broken`]. A line break
/// inside a string, or a `{` at the start of a line while an object is still open, ends
/// the broken value there, so one truncated line does not swallow the records after it.
pub fn for_each_value<R: BufRead>(input: R, f: impl FnMut(u64, Item<'_>)) -> io::Result<()> {
    Scanner::new(false).run(input, Each(f))
}

/// Call `f(n, item)` for every record of a CloudTrail-style container: each element of
/// the array under the top-level key `"Records"` (streamed; the container is never held
/// whole) or of a top-level array comes as [`Item::Record`]; a top-level object without
/// a `"Records"` array (a digest file, a single bare record) comes whole as
/// [`Item::Value`]; anything else as [`Item::Broken`].
pub fn for_each_record<R: BufRead>(input: R, f: impl FnMut(u64, Item<'_>)) -> io::Result<()> {
    Scanner::new(true).run(input, Each(f))
}

/// [`for_each_record`] for a reader that can also read a record in place, so the bytes
/// of most records are read once, not scanned by the splitter and then parsed again.
pub fn for_each_record_in_place<R: BufRead>(input: R, handler: impl InPlace) -> io::Result<()> {
    Scanner::new(true).run(input, handler)
}

/// What [`for_each_record_in_place`] hands records to.
pub trait InPlace {
    /// Record `n` may start at the start of `text` (the rest of the read buffer, as far
    /// as it is valid UTF-8). Read one JSON value from there and handle it completely,
    /// returning its length; or return `None` without handling anything (the value does
    /// not end in `text`, is not valid JSON, ...): the splitter then cuts the record as
    /// usual and gives it to [`InPlace::item`].
    fn in_place(&mut self, n: u64, text: &str) -> Option<usize>;

    /// An item cut by the splitter, as [`for_each_record`] gives it.
    fn item(&mut self, n: u64, item: Item<'_>);
}

impl<T: InPlace + ?Sized> InPlace for &mut T {
    fn in_place(&mut self, n: u64, text: &str) -> Option<usize> {
        (**self).in_place(n, text)
    }
    fn item(&mut self, n: u64, item: Item<'_>) {
        (**self).item(n, item)
    }
}

/// How the scanner hands out what it finds.
trait Handler {
    /// Whether to offer records for reading in place.
    const IN_PLACE: bool;
    fn in_place(&mut self, n: u64, text: &str) -> Option<usize>;
    fn item(&mut self, n: u64, item: Item<'_>);
}

/// A plain callback: every item is cut by the scanner.
struct Each<F>(F);

impl<F: FnMut(u64, Item<'_>)> Handler for Each<F> {
    const IN_PLACE: bool = false;
    fn in_place(&mut self, _: u64, _: &str) -> Option<usize> {
        None
    }
    fn item(&mut self, n: u64, item: Item<'_>) {
        (self.0)(n, item)
    }
}

impl<T: InPlace> Handler for T {
    const IN_PLACE: bool = true;
    fn in_place(&mut self, n: u64, text: &str) -> Option<usize> {
        InPlace::in_place(self, n, text)
    }
    fn item(&mut self, n: u64, item: Item<'_>) {
        InPlace::item(self, n, item)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between top-level values.
    Between,
    /// Inside a top-level value (or container).
    Value,
    /// Inside text that is not JSON, up to the end of its line.
    Garbage,
}

/// What the bytes being collected will become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Collect {
    /// Nothing is being collected (inside a container, between its records).
    Nothing,
    /// The whole top-level value.
    TopLevel,
    /// One element of the records array.
    Element,
}

struct Scanner {
    /// Descend into `{"Records": [...]}` and top-level arrays.
    records: bool,
    state: State,
    depth: u32,
    in_str: bool,
    esc: bool,
    /// Only whitespace since the last newline (for the resync rule).
    line_start: bool,
    /// The top-level value is an object (the resync rule applies to objects only).
    top_is_object: bool,
    collect: Collect,
    /// Depth of the records array's elements (1: top-level array, 2: under "Records").
    elem_depth: u32,
    /// Inside the records array, an element started with a scalar (ends at `,`/`]`).
    elem_scalar: bool,
    /// The current value's bytes when it spans reads.
    cur: Vec<u8>,
    /// The last string seen at depth 1 (a key of the top-level object), capped.
    key: Vec<u8>,
    key_capture: bool,
    n: u64,
}

const KEY_CAP: usize = 16;

impl Scanner {
    fn new(records: bool) -> Self {
        Scanner {
            records,
            state: State::Between,
            depth: 0,
            in_str: false,
            esc: false,
            line_start: false,
            top_is_object: false,
            collect: Collect::Nothing,
            elem_depth: 0,
            elem_scalar: false,
            cur: Vec::new(),
            key: Vec::new(),
            key_capture: false,
            n: 0,
        }
    }

    fn run<R: BufRead>(mut self, mut input: R, mut f: impl Handler) -> io::Result<()> {
        loop {
            let buf = match input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                self.finish(&mut f);
                return Ok(());
            }
            let len = buf.len();
            self.chunk(buf, &mut f);
            input.consume(len);
        }
    }

    /// Hand out `buf[seg..end]` (plus what `cur` holds from earlier reads) as one item.
    fn emit(&mut self, buf: &[u8], seg: usize, end: usize, record: bool, f: &mut impl Handler) {
        let kind = |b| {
            if record {
                Item::Record(b)
            } else {
                Item::Value(b)
            }
        };
        self.n += 1;
        if self.cur.is_empty() {
            f.item(self.n, kind(&buf[seg..end]));
        } else {
            self.cur.extend_from_slice(&buf[seg..end]);
            f.item(self.n, kind(&self.cur));
            self.cur.clear();
        }
    }

    fn emit_broken(
        &mut self,
        buf: &[u8],
        seg: usize,
        end: usize,
        why: &'static str,
        f: &mut impl Handler,
    ) {
        self.n += 1;
        let bytes: &[u8] = if self.cur.is_empty() {
            &buf[seg..end]
        } else {
            self.cur.extend_from_slice(&buf[seg..end]);
            &self.cur
        };
        f.item(self.n, Item::Broken(trim_end(bytes), why));
        self.cur.clear();
    }

    fn start_value(&mut self, b: u8) {
        self.state = State::Value;
        self.depth = 1;
        self.in_str = false;
        self.esc = false;
        self.line_start = false;
        self.top_is_object = b == b'{';
        self.collect = Collect::TopLevel;
        self.key.clear();
        self.key_capture = false;
        if self.records && b == b'[' {
            // A bare array of records: its elements are the records.
            self.collect = Collect::Nothing;
            self.elem_depth = 1;
        } else {
            self.elem_depth = 0;
        }
    }

    fn chunk<F: Handler>(&mut self, buf: &[u8], f: &mut F) {
        let len = buf.len();
        // Start of the bytes being collected in this read (when collecting).
        let mut seg = 0usize;
        // Start of the key being captured in this read.
        let mut key_seg = 0usize;
        // The buffer as text (up to its first invalid or cut UTF-8 sequence), for records
        // read in place; computed when the first record starts.
        let mut text: Option<&str> = None;
        let mut i = 0usize;
        while i < len {
            match self.state {
                State::Between => {
                    let b = buf[i];
                    if !b.is_ascii_whitespace() {
                        seg = i;
                        if b == b'{' || b == b'[' {
                            self.start_value(b);
                        } else {
                            self.state = State::Garbage;
                        }
                    }
                    i += 1;
                }
                State::Garbage => match memchr::memchr(b'\n', &buf[i..]) {
                    Some(j) => {
                        let end = i + j;
                        self.emit_broken(buf, seg, end, "not JSON: expected an object", f);
                        self.state = State::Between;
                        i = end + 1;
                    }
                    None => i = len,
                },
                State::Value if self.in_str => {
                    if self.esc {
                        self.esc = false;
                        if buf[i] != b'\n' {
                            i += 1;
                            continue;
                        }
                    } else {
                        match memchr::memchr3(b'"', b'\\', b'\n', &buf[i..]) {
                            Some(j) => i += j,
                            None => {
                                i = len;
                                continue;
                            }
                        }
                    }
                    match buf[i] {
                        b'"' => {
                            self.in_str = false;
                            if self.key_capture {
                                self.push_key(&buf[key_seg..i]);
                                self.key_capture = false;
                            }
                        }
                        b'\\' => self.esc = true,
                        _ => {
                            // A raw line break cannot be inside a JSON string: the record
                            // was cut. Give out what there is and look for the next one.
                            self.broken_here(
                                buf,
                                seg,
                                i,
                                "truncated JSON: a line break inside a string",
                                f,
                            );
                            seg = i;
                        }
                    }
                    i += 1;
                }
                State::Value => {
                    let b = buf[i];
                    // Inside a records array, between elements: find the next element.
                    if self.elem_depth > 0
                        && self.depth == self.elem_depth
                        && self.collect == Collect::Nothing
                    {
                        match b {
                            b' ' | b'\t' | b'\r' | b'\n' | b',' => {}
                            b']' | b'}' => {
                                self.depth -= 1;
                                self.elem_depth = 0;
                                if self.depth == 0 {
                                    // The container ends: its records are out already.
                                    self.state = State::Between;
                                }
                            }
                            b'{' if F::IN_PLACE && self.cur.is_empty() => {
                                let text = *text.get_or_insert_with(|| valid_prefix(buf));
                                // `{` is ASCII, so `i` is a char boundary (or past the text).
                                let read = text.get(i..).and_then(|t| f.in_place(self.n + 1, t));
                                match read {
                                    Some(n) => {
                                        self.n += 1;
                                        i += n;
                                    }
                                    None => {
                                        // The splitter cuts this one.
                                        seg = i;
                                        self.collect = Collect::Element;
                                        self.elem_scalar = false;
                                        self.depth += 1;
                                        i += 1;
                                    }
                                }
                                continue;
                            }
                            _ => {
                                seg = i;
                                self.collect = Collect::Element;
                                self.elem_scalar = b != b'{' && b != b'[';
                                if b == b'"' {
                                    self.in_str = true;
                                } else if !self.elem_scalar {
                                    self.depth += 1;
                                }
                            }
                        }
                        i += 1;
                        continue;
                    }
                    match b {
                        b'"' => {
                            self.in_str = true;
                            self.line_start = false;
                            if self.records && self.depth == 1 && self.top_is_object {
                                self.key.clear();
                                self.key_capture = true;
                                key_seg = i + 1;
                            }
                        }
                        b'{' | b'[' => {
                            if b == b'{' && self.line_start && self.top_is_object && !self.records {
                                self.broken_here(
                                    buf,
                                    seg,
                                    i,
                                    "truncated JSON: a new object starts before this one ended",
                                    f,
                                );
                                seg = i;
                                self.start_value(b);
                                i += 1;
                                continue;
                            }
                            self.line_start = false;
                            self.depth += 1;
                            if b == b'['
                                && self.records
                                && self.depth == 2
                                && self.top_is_object
                                && self.key == b"Records"
                            {
                                // Into the records array: the container's own bytes so far
                                // (`{"Records":`) are not a record.
                                self.cur.clear();
                                self.collect = Collect::Nothing;
                                self.elem_depth = 2;
                            }
                        }
                        b'}' | b']' => {
                            self.line_start = false;
                            if self.collect == Collect::Element
                                && self.elem_scalar
                                && self.depth == self.elem_depth
                            {
                                self.end_scalar_element(buf, seg, i, f);
                                continue; // Re-read the closing bracket between elements.
                            }
                            self.depth = self.depth.saturating_sub(1);
                            if self.collect == Collect::Element && self.depth == self.elem_depth {
                                self.emit(buf, seg, i + 1, true, f);
                                self.collect = Collect::Nothing;
                            } else if self.depth == 0 {
                                if self.collect == Collect::TopLevel {
                                    self.emit(buf, seg, i + 1, false, f);
                                }
                                self.collect = Collect::Nothing;
                                self.state = State::Between;
                            }
                        }
                        b',' if self.collect == Collect::Element
                            && self.elem_scalar
                            && self.depth == self.elem_depth =>
                        {
                            self.end_scalar_element(buf, seg, i, f);
                            continue;
                        }
                        b'\n' => self.line_start = true,
                        b' ' | b'\t' | b'\r' => {}
                        _ => self.line_start = false,
                    }
                    i += 1;
                }
            }
        }
        // Keep the partial item (and key) for the next read.
        if self.key_capture {
            let tail = &buf[key_seg.min(len)..];
            self.push_key(tail);
        }
        if self.collecting() {
            self.cur.extend_from_slice(&buf[seg.min(len)..]);
        }
    }

    fn collecting(&self) -> bool {
        match self.state {
            State::Between => false,
            State::Garbage => true,
            State::Value => self.collect != Collect::Nothing,
        }
    }

    fn push_key(&mut self, part: &[u8]) {
        let room = (KEY_CAP + 1).saturating_sub(self.key.len());
        self.key.extend_from_slice(&part[..part.len().min(room)]);
    }

    /// A scalar element of the records array ended at `buf[i]` (a `,` or `]`).
    fn end_scalar_element(&mut self, buf: &[u8], seg: usize, i: usize, f: &mut impl Handler) {
        self.emit_broken(buf, seg, i, "record is not a JSON object", f);
        self.collect = Collect::Nothing;
        self.elem_scalar = false;
    }

    /// The current value was cut at `buf[i]`: hand out what was collected as broken and
    /// return to looking for the next value.
    fn broken_here(
        &mut self,
        buf: &[u8],
        seg: usize,
        i: usize,
        why: &'static str,
        f: &mut impl Handler,
    ) {
        if self.collecting() {
            self.emit_broken(buf, seg, i, why, f);
        } else {
            // Inside a container between records: nothing collected, count the damage.
            self.n += 1;
            f.item(self.n, Item::Broken(b"", why));
        }
        self.cur.clear();
        self.state = State::Between;
        self.in_str = false;
        self.esc = false;
        self.depth = 0;
        self.elem_depth = 0;
        self.collect = Collect::Nothing;
        self.key_capture = false;
    }

    fn finish(&mut self, f: &mut impl Handler) {
        match self.state {
            State::Between => {}
            State::Garbage => self.emit_broken(&[], 0, 0, "not JSON: expected an object", f),
            State::Value => {
                if self.collecting() {
                    self.emit_broken(
                        &[],
                        0,
                        0,
                        "truncated JSON: the input ends inside this value",
                        f,
                    );
                } else {
                    self.n += 1;
                    f.item(
                        self.n,
                        Item::Broken(
                            b"",
                            "truncated JSON: the input ends inside the Records array",
                        ),
                    );
                }
            }
        }
    }
}

/// The longest prefix of `buf` that is valid UTF-8.
fn valid_prefix(buf: &[u8]) -> &str {
    match std::str::from_utf8(buf) {
        Ok(t) => t,
        // `valid_up_to` ends at a char boundary, so the second check cannot fail.
        Err(e) => std::str::from_utf8(&buf[..e.valid_up_to()]).unwrap_or_default(),
    }
}

fn trim_end(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    &b[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(input: &str, cap: usize, records: bool) -> Vec<String> {
        let mut got = Vec::new();
        let reader = io::BufReader::with_capacity(cap, input.as_bytes());
        let push = |n: u64, item: Item<'_>| {
            got.push(match item {
                Item::Value(b) => format!("{n} V {}", String::from_utf8_lossy(b)),
                Item::Record(b) => format!("{n} R {}", String::from_utf8_lossy(b)),
                Item::Broken(b, why) => format!("{n} B {} | {why}", String::from_utf8_lossy(b)),
            })
        };
        if records {
            for_each_record(reader, push).unwrap();
        } else {
            for_each_value(reader, push).unwrap();
        }
        got
    }

    fn all_caps(input: &str, records: bool) -> Vec<String> {
        let want = values(input, 1 << 16, records);
        for cap in [1, 2, 3, 7, 64] {
            assert_eq!(values(input, cap, records), want, "capacity {cap}");
        }
        want
    }

    #[test]
    fn json_lines_and_concatenated_objects() {
        let got = all_caps(
            "{\"a\":1}\n{\"b\":\"}{\\\"\"}{\"c\":[1,{}]}\r\n\n  {\"d\":2}",
            false,
        );
        assert_eq!(
            got,
            vec![
                "1 V {\"a\":1}",
                "2 V {\"b\":\"}{\\\"\"}",
                "3 V {\"c\":[1,{}]}",
                "4 V {\"d\":2}",
            ]
        );
    }

    #[test]
    fn truncated_and_garbage_lines_do_not_swallow_the_next_records() {
        let got = all_caps(
            "{\"a\":\"cut\n{\"b\":1}\n{\"c\":{\"x\":1}\n{\"d\":1}\nnot json\n{\"e\":",
            false,
        );
        assert_eq!(
            got,
            vec![
                "1 B {\"a\":\"cut | truncated JSON: a line break inside a string",
                "2 V {\"b\":1}",
                "3 B {\"c\":{\"x\":1} | truncated JSON: a new object starts before this one ended",
                "4 V {\"d\":1}",
                "5 B not json | not JSON: expected an object",
                "6 B {\"e\": | truncated JSON: the input ends inside this value",
            ]
        );
    }

    #[test]
    fn pretty_printed_object_is_one_value() {
        let got = all_caps("{\n  \"a\": {\n    \"b\": [1, 2]\n  }\n}\n", false);
        assert_eq!(got, vec!["1 V {\n  \"a\": {\n    \"b\": [1, 2]\n  }\n}"]);
    }

    #[test]
    fn records_array_is_streamed_element_by_element() {
        let got = all_caps("{\"Records\": [ {\"eventID\":\"1\",\"x\":\"]}\"},\n{\"eventID\":\"2\",\"y\":[{}]} , 7, \"s,]\" ]}", true);
        assert_eq!(
            got,
            vec![
                "1 R {\"eventID\":\"1\",\"x\":\"]}\"}",
                "2 R {\"eventID\":\"2\",\"y\":[{}]}",
                "3 B 7 | record is not a JSON object",
                "4 B \"s,]\" | record is not a JSON object",
            ]
        );
    }

    #[test]
    fn container_variants() {
        // Empty Records, a digest-like object, a bare array, Records after other keys.
        let got = all_caps(
            "{\"Records\":[]}\n{\"awsAccountId\":\"1\",\"logFiles\":[{\"a\":1}]}\n[{\"r\":1},{\"r\":2}]\n{\"meta\":\"Records\",\"Records\":[{\"r\":3}]}",
            true,
        );
        assert_eq!(
            got,
            vec![
                "1 V {\"awsAccountId\":\"1\",\"logFiles\":[{\"a\":1}]}",
                "2 R {\"r\":1}",
                "3 R {\"r\":2}",
                "4 R {\"r\":3}",
            ]
        );
    }

    #[test]
    fn a_ten_megabyte_object_is_one_value() {
        let big = format!(
            "{{\"a\":\"{}\"}}\n{{\"b\":1}}",
            "x".repeat(10 * 1024 * 1024)
        );
        let mut sizes = Vec::new();
        let reader = io::BufReader::with_capacity(64 * 1024, big.as_bytes());
        for_each_value(reader, |_, item| match item {
            Item::Value(b) => sizes.push(b.len()),
            other => panic!("{other:?}"),
        })
        .unwrap();
        assert_eq!(sizes, vec![10 * 1024 * 1024 + 8, 7]);
    }

    #[test]
    fn truncated_records_file_reports_the_cut_record() {
        let got = all_caps(
            "{\"Records\":[{\"eventID\":\"1\"},{\"eventID\":\"2\",\"x",
            true,
        );
        assert_eq!(
            got,
            vec![
                "1 R {\"eventID\":\"1\"}",
                "2 B {\"eventID\":\"2\",\"x | truncated JSON: the input ends inside this value",
            ]
        );
    }

    /// Reads each record in place with [`Reader::raw`] (a record is a whole value).
    struct RawInPlace(Vec<String>);

    impl InPlace for RawInPlace {
        fn in_place(&mut self, n: u64, text: &str) -> Option<usize> {
            let mut rd = Reader::new(text);
            let raw = rd.raw().ok()?;
            self.0.push(format!("{n} R {raw}"));
            Some(rd.pos())
        }
        fn item(&mut self, n: u64, item: Item<'_>) {
            self.0.push(match item {
                Item::Value(b) => format!("{n} V {}", String::from_utf8_lossy(b)),
                Item::Record(b) => format!("{n} R {}", String::from_utf8_lossy(b)),
                Item::Broken(b, why) => format!("{n} B {} | {why}", String::from_utf8_lossy(b)),
            });
        }
    }

    #[test]
    fn records_read_in_place_come_out_as_the_splitter_cuts_them() {
        for input in [
            "{\"Records\": [ {\"eventID\":\"1\",\"x\":\"]}\"},\n{\"eventID\":\"2\",\"y\":[{}]} , 7, \"s,]\" ]}",
            "{\"Records\":[{\"eventID\":\"1\"},{\"eventID\":\"2\",\"x",
            "{\"Records\":[{\"a\":01},{\"b\":\"\\q\"},{\"c\":\"\u{e9}\\u00e9\"},{\"d\":[1,]},{\"e\":1}]}",
            "[{\"r\":1},{\"r\":2}]\n{\"meta\":\"Records\",\"Records\":[{\"r\":3}]}",
            "{\"Records\":[{\"r\":\"cut\n{\"r\":2}]}",
        ] {
            let want = values(input, 1 << 16, true);
            for cap in [1, 2, 3, 7, 64, 1 << 16] {
                let mut got = RawInPlace(Vec::new());
                for_each_record_in_place(io::BufReader::with_capacity(cap, input.as_bytes()), &mut got).unwrap();
                assert_eq!(got.0, want, "capacity {cap}: {input}");
            }
        }
        // Invalid UTF-8 in the buffer: the record before it is read in place, the one
        // holding it is cut by the splitter.
        let input = b"{\"Records\":[{\"a\":1},{\"b\":\"\xff\"}]}";
        let mut got = RawInPlace(Vec::new());
        for_each_record_in_place(&input[..], &mut got).unwrap();
        assert_eq!(got.0, vec!["1 R {\"a\":1}", "2 R {\"b\":\"\u{fffd}\"}"]);
    }

    #[test]
    fn reader_is_as_strict_as_serde() {
        // Each of these is a value serde_json reads; the fast reader must read it the same
        // or give up, never accept what serde rejects.
        let good = [
            "{}",
            "[]",
            "{\"a\":[1,-2.5e+3,0,true,false,null,\"x\",{\"b\":{}}]}",
            "\"\\u00e9\\n\"",
            "-0",
            "123456789012345678901234567890",
            " 1 ",
            "{\"\\u0061\":1}",
            "\"\u{7f}\u{e9}\"",
            " { \"a\" : [ 1 , { \"b\" :\tnull } , \"x\\\"y\" ] ,\r\n\"c\":{ } } ",
        ];
        let bad = [
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "01",
            "1.",
            "1e",
            "-",
            "tru",
            "nul",
            "\"\u{1}\"",
            "\"\\x\"",
            "\"\\u12g4\"",
            "[1 2]",
            "{1:2}",
            "{\"a\":1 \"b\":2}",
            "\"abc",
            "]",
            "",
        ];
        for text in good.iter().chain(&bad) {
            let serde: Result<Box<RawValue>, _> = serde_json::from_str(text);
            let mut rd = Reader::new(text);
            let fast = rd.raw().ok().filter(|_| rd.at_end());
            if let Some(raw) = fast {
                assert_eq!(
                    Some(raw),
                    serde.as_ref().ok().map(|r| r.get().trim()),
                    "{text:?}"
                );
            }
            assert_eq!(serde.is_ok(), good.contains(text), "{text:?}");
        }
        // Deep nesting: the reader gives up, serde decides.
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(Reader::new(&deep).raw().is_err());
        // raw_value: the value only, the reader right after it.
        for (text, raw) in [
            (" {\"a\":[1, 2]} ,1", "{\"a\":[1, 2]}"),
            ("true}", "true"),
            ("12]", "12"),
            ("\"x\"\"y\"", "\"x\""),
        ] {
            let mut rd = Reader::new(text);
            assert_eq!(rd.raw_value().map(RawValue::get), Ok(raw), "{text:?}");
            assert_eq!(&text[rd.pos() - raw.len()..rd.pos()], raw);
        }
        for text in ["[1,]", "tru", "1.", "{\"a\":1"] {
            assert!(Reader::new(text).raw_value().is_err(), "{text:?}");
        }
        // Text: as the serde impl reads it.
        for text in [
            "\"a\\\"b\"",
            "12",
            "-7",
            "1.50",
            "1e2",
            "-0",
            "99999999999999999999",
            "true",
            "null",
            "{\"a\":1}",
            "[1]",
        ] {
            let serde: Text<'_> = serde_json::from_str(text).unwrap();
            assert_eq!(Reader::new(text).text(), Ok(serde), "{text:?}");
        }
    }

    /// All keys and values of an object, read with `key_or_hint(hint)` for every key
    /// (`hint` is `,"key":`; its key is `key`).
    fn members_with_hint(text: &str, hint: &'static str, key: &str) -> Fast<Vec<(String, String)>> {
        let mut rd = Reader::new(text);
        assert!(rd.begin_object()?);
        let mut first = true;
        let mut got = Vec::new();
        while let Some(k) = rd.key_or_hint(&mut first, hint)? {
            let k = match k {
                Key::Hint => key,
                Key::Other(k) => k,
            };
            got.push((k.to_owned(), rd.raw()?.to_owned()));
        }
        Ok(got)
    }

    #[test]
    fn key_hints_never_change_what_is_read() {
        let texts = [
            r#"{"a":1,"b":2}"#,
            r#"{ "a" :1 , "b":2}"#,
            r#"{"ab":1,"a":2}"#,
            r#"{"a":1,"a":2}"#,
            r#"{}"#,
            r#"{ }"#,
            r#"{"a\u0041":1}"#,
            r#"{"a":1,}"#,
            r#"{"a"1}"#,
            r#"{"a":"#,
            r#"{"a""#,
            r#"{"a":1"b":2}"#,
            r#"{"b":1,"a":2}"#,
            r#"{"aé":1,"a":2}"#,
            "{\"a\":1,\n\"b\":2}",
            r#"{"":1,"a":2}"#,
            r#"{"a":1,"":2}"#,
            r#"{"a":1,"#,
        ];
        for text in texts {
            let plain = members_with_hint(text, ",\"\":", "");
            for (hint, key) in [
                (",\"a\":", "a"),
                (",\"b\":", "b"),
                (",\"ab\":", "ab"),
                (",\"a\u{e9}\":", "a\u{e9}"),
            ] {
                assert_eq!(
                    members_with_hint(text, hint, key),
                    plain,
                    "{text} with hint {hint}"
                );
            }
        }
    }

    #[test]
    fn same_bytes_is_eq() {
        let a = b"0123456789abcdefghijklmnopqrstuvwxyz";
        for n in 0..=a.len() {
            for m in 0..=a.len() {
                assert_eq!(same_bytes(&a[..n], &a[..m]), n == m);
            }
            for flip in 0..n {
                let mut b = a[..n].to_vec();
                b[flip] ^= 1;
                assert!(!same_bytes(&a[..n], &b), "{n} {flip}");
            }
        }
    }

    #[test]
    fn special_bytes_are_found_at_every_offset() {
        for len in 0..40 {
            for at in 0..len {
                for c in [b'"', b'\\', 0u8, 0x1f] {
                    let mut b = vec![b'a'; len];
                    b[at] = c;
                    if at + 1 < len {
                        b[at + 1] = b'"';
                    }
                    assert_eq!(find_special(&b), Some(at), "{len} {at} {c}");
                }
            }
            assert_eq!(find_special(&vec![0xe9; len]), None);
            assert_eq!(find_special(&vec![b' '; len]), None);
        }
    }
}

/// A JSON value read as text, whatever its type: strings are borrowed when they have no
/// escapes, numbers and booleans become their JSON text, `null`, objects and arrays are
/// `None`. Lets a record with an odd type in one field still become an event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text<'a>(pub Option<std::borrow::Cow<'a, str>>);

impl<'a> Text<'a> {
    /// The text, `None` when absent, null, not a scalar, or empty.
    #[inline]
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref().filter(|s| !s.is_empty())
    }

    /// The text as an owned-or-borrowed `Cow`, `None` when absent or empty. Borrowed
    /// text (nearly all of it) is copied as a reference, without `Cow::clone`.
    #[inline]
    pub fn cow(&self) -> Option<std::borrow::Cow<'a, str>> {
        use std::borrow::Cow;
        match &self.0 {
            Some(Cow::Borrowed(s)) if !s.is_empty() => Some(Cow::Borrowed(s)),
            Some(Cow::Owned(s)) if !s.is_empty() => Some(Cow::Owned(s.clone())),
            _ => None,
        }
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor(std::marker::PhantomData))
    }
}

struct TextVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> serde::de::Visitor<'de> for TextVisitor<'a> {
    type Value = Text<'a>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'a>, E> {
        Ok(Text(Some(std::borrow::Cow::Borrowed(v))))
    }
    fn visit_str<E>(self, v: &str) -> Result<Text<'a>, E> {
        Ok(Text(Some(std::borrow::Cow::Owned(v.to_owned()))))
    }
    fn visit_string<E>(self, v: String) -> Result<Text<'a>, E> {
        Ok(Text(Some(std::borrow::Cow::Owned(v))))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Text<'a>, E> {
        Ok(Text(Some(std::borrow::Cow::Borrowed(if v {
            "true"
        } else {
            "false"
        }))))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Text<'a>, E> {
        Ok(Text(Some(std::borrow::Cow::Owned(
            itoa::Buffer::new().format(v).to_owned(),
        ))))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Text<'a>, E> {
        Ok(Text(Some(std::borrow::Cow::Owned(
            itoa::Buffer::new().format(v).to_owned(),
        ))))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Text<'a>, E> {
        Ok(Text(Some(std::borrow::Cow::Owned(v.to_string()))))
    }
    fn visit_unit<E>(self) -> Result<Text<'a>, E> {
        Ok(Text(None))
    }
    fn visit_none<E>(self) -> Result<Text<'a>, E> {
        Ok(Text(None))
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Text<'a>, D::Error> {
        d.deserialize_any(TextVisitor(std::marker::PhantomData))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Text<'a>, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Text(None))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Text<'a>, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Text(None))
    }
}

/// Parse a nested object kept as raw JSON into a lenient struct; anything that is not
/// such an object (null, a string...) gives the default.
pub fn nested<'a, T: Deserialize<'a> + Default>(raw: Option<&'a RawValue>) -> T {
    raw.and_then(|r| serde_json::from_str(r.get()).ok())
        .unwrap_or_default()
}

/// [`nested`] for raw JSON text (valid JSON, as [`Reader::raw`] gives it).
pub fn nested_text<'a, T: Deserialize<'a> + Default>(raw: Option<&'a str>) -> T {
    raw.and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or_default()
}

/// The members `names` of the JSON object `raw` as [`Text`], read by [`Reader`] as a
/// serde-derived struct of `Text` fields with `#[serde(default)]` reads them. [`GiveUp`]
/// for anything else (not an object, a name twice, escaped keys...): the caller then
/// asks serde ([`nested_text`]).
pub fn text_fields<'a, const N: usize>(raw: &'a str, names: [&str; N]) -> Fast<[Text<'a>; N]> {
    let mut fields: [Text<'a>; N] = std::array::from_fn(|_| Text::default());
    let mut seen = [false; N];
    let mut rd = Reader::new(raw);
    if !rd.begin_object()? {
        return Err(GiveUp);
    }
    let mut first = true;
    while let Some(key) = rd.next_key(&mut first)? {
        match names.iter().position(|n| *n == key) {
            // serde refuses a field given twice.
            Some(i) if seen[i] => return Err(GiveUp),
            Some(i) => {
                seen[i] = true;
                fields[i] = rd.text()?;
            }
            None => rd.skip()?,
        }
    }
    if !rd.at_end() {
        return Err(GiveUp);
    }
    Ok(fields)
}

/// Whether raw JSON is `null` (or absent).
pub fn is_null(raw: Option<&serde_json::value::RawValue>) -> bool {
    raw.is_none_or(|r| r.get() == "null")
}

/// A short reason from a serde_json error, for rejects.
pub fn error_reason(e: &serde_json::Error) -> String {
    format!("invalid JSON: {e}")
}

/// A JSON object read as its members with raw values, in input order: each value is
/// parsed only when a mapping asks for it, and the members nobody asked for go to
/// `unmapped` untouched. Anything but an object reads as no members.
#[derive(Debug, Default)]
pub struct Members<'a>(pub Vec<(Text<'a>, &'a RawValue)>);

impl<'a> Members<'a> {
    /// Parse `raw` (one JSON object) into its members.
    pub fn parse(raw: &'a str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(raw)
    }

    /// The raw value of member `key`.
    pub fn raw(&self, key: &str) -> Option<&'a RawValue> {
        self.0
            .iter()
            .find(|(k, _)| k.0.as_deref() == Some(key))
            .map(|(_, v)| *v)
    }

    /// Member `key` read as [`Text`] (any scalar; `None` for objects, arrays, null).
    pub fn text(&self, key: &str) -> Text<'a> {
        self.raw(key)
            .and_then(|r| serde_json::from_str(r.get()).ok())
            .unwrap_or_default()
    }

    /// Member `key` as an integer, also when it is a string ("120").
    pub fn int(&self, key: &str) -> Option<i64> {
        self.text(key).get().and_then(|s| s.trim().parse().ok())
    }

    /// Member `key` parsed into a lenient struct (default when absent or not an object).
    pub fn nested<T: Deserialize<'a> + Default>(&self, key: &str) -> T {
        nested(self.raw(key))
    }

    /// Push every member whose key is not in `mapped` into `unmapped`, skipping empty ones
    /// (null, `[]`, `{}`, `""`: nothing is lost by leaving them out).
    pub fn rest_into(&self, mapped: &[&str], unmapped: &mut ocsf::objects::Fields<'a>) {
        for (k, v) in &self.0 {
            if let Some(key) = &k.0 {
                let empty = matches!(v.get(), "null" | "[]" | "{}" | "\"\"");
                if !mapped.contains(&key.as_ref()) && !empty {
                    unmapped.push(key.clone(), ocsf::objects::Json::Raw(v));
                }
            }
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Members<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(MembersVisitor(std::marker::PhantomData))
    }
}

struct MembersVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> serde::de::Visitor<'de> for MembersVisitor<'a> {
    type Value = Members<'a>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Members<'a>, A::Error> {
        let mut m = Vec::new();
        while let Some(k) = map.next_key::<Text<'a>>()? {
            let v: &'de RawValue = map.next_value()?;
            m.push((k, v));
        }
        Ok(Members(m))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Members<'a>, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Members(Vec::new()))
    }
    fn visit_str<E>(self, _: &str) -> Result<Members<'a>, E> {
        Ok(Members(Vec::new()))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Members<'a>, E> {
        Ok(Members(Vec::new()))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Members<'a>, E> {
        Ok(Members(Vec::new()))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Members<'a>, E> {
        Ok(Members(Vec::new()))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Members<'a>, E> {
        Ok(Members(Vec::new()))
    }
    fn visit_unit<E>(self) -> Result<Members<'a>, E> {
        Ok(Members(Vec::new()))
    }
}

/// A nested object read in the same pass as its parent, leniently: `Some` when the value
/// is an object (read into `T`, whose fields should all be optional), `None` for null, a
/// scalar or an array, instead of failing the whole record.
#[derive(Debug, Clone, Default)]
pub struct Lenient<T>(pub Option<T>);

impl<T: Default> Lenient<T> {
    /// The object, or `T::default()` when there was none.
    pub fn or_default(self) -> T {
        self.0.unwrap_or_default()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LenientVisitor(std::marker::PhantomData))
    }
}

struct LenientVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for LenientVisitor<T> {
    type Value = Lenient<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Lenient<T>, A::Error> {
        T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(|t| Lenient(Some(t)))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Lenient<T>, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Lenient(None))
    }
    fn visit_str<E>(self, _: &str) -> Result<Lenient<T>, E> {
        Ok(Lenient(None))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Lenient<T>, E> {
        Ok(Lenient(None))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Lenient<T>, E> {
        Ok(Lenient(None))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Lenient<T>, E> {
        Ok(Lenient(None))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Lenient<T>, E> {
        Ok(Lenient(None))
    }
    fn visit_unit<E>(self) -> Result<Lenient<T>, E> {
        Ok(Lenient(None))
    }
    fn visit_none<E>(self) -> Result<Lenient<T>, E> {
        Ok(Lenient(None))
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Lenient<T>, D::Error> {
        d.deserialize_any(self)
    }
}

// ---------------------------------------------------------------------------------------
// A fast, strict reader for the hot paths.

/// The fast [`Reader`] stopped: the input is not valid JSON, or it holds something the
/// reader leaves to serde_json (an escaped key, a number that is not a plain integer,
/// deep nesting). The caller then reads the value with serde_json, which either reads it
/// exactly as the reader would have or says precisely what is wrong with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GiveUp;

/// What the fast [`Reader`] returns.
pub type Fast<T> = Result<T, GiveUp>;

/// Nesting the reader follows in a skipped value before it gives up (serde_json allows
/// 128 when it reads a value, any depth when it skips one).
const MAX_DEPTH: u32 = 64;

/// A key read by [`Reader::key_or_hint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    /// The expected key.
    Hint,
    /// Another key (or the expected one not written as expected).
    Other(&'a str),
}

/// A strict JSON reader over a value held in memory, one pass, no allocation: strings
/// without escapes are borrowed, nested values come out as their raw text (checked).
///
/// It accepts a subset of what serde_json accepts and reads what it accepts the same way,
/// so on [`GiveUp`] asking serde_json is always correct (and debug builds of the callers
/// compare the two readers on every record).
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Reader { text, pos: 0 }
    }

    /// Bytes read so far.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Skip whitespace and return the next byte, not consumed ([`GiveUp`] at the end).
    #[inline(always)]
    fn peek(&mut self) -> Fast<u8> {
        // Compact JSON has no whitespace between tokens: one test for that.
        match self.text.as_bytes().get(self.pos) {
            Some(&c) if c > b' ' => Ok(c),
            _ => self.peek_past_space(),
        }
    }

    #[inline(never)]
    fn peek_past_space(&mut self) -> Fast<u8> {
        let b = self.text.as_bytes();
        while let Some(&c) = b.get(self.pos) {
            match c {
                b' ' | b'\n' | b'\r' | b'\t' => self.pos += 1,
                _ => return Ok(c),
            }
        }
        Err(GiveUp)
    }

    #[inline]
    fn eat(&mut self, c: u8) -> Fast<()> {
        if self.peek()? == c {
            self.pos += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// Whether only whitespace is left.
    pub fn at_end(&mut self) -> bool {
        self.peek().is_err()
    }

    /// If the next value is an object, enter it and return true (then read its members
    /// with [`Reader::next_key`]); otherwise leave it unread and return false.
    pub fn begin_object(&mut self) -> Fast<bool> {
        if self.peek()? == b'{' {
            self.pos += 1;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// The next key of the object being read (its value must be read next), or `None`
    /// after its closing brace. `first` is true until the first key was read. Keys with
    /// escapes are left to serde_json.
    #[inline(always)]
    pub fn next_key(&mut self, first: &mut bool) -> Fast<Option<&'a str>> {
        let mut c = self.peek()?;
        if c == b'}' {
            // `{}` or the end of members; `{"a":1,}` does not get here (a key must follow).
            self.pos += 1;
            return Ok(None);
        }
        if !*first {
            if c != b',' {
                return Err(GiveUp);
            }
            self.pos += 1;
            c = self.peek()?;
        }
        *first = false;
        if c != b'"' {
            return Err(GiveUp);
        }
        let (start, end, escaped) = self.string()?;
        if escaped {
            return Err(GiveUp);
        }
        self.eat(b':')?;
        Ok(Some(&self.text[start..end]))
    }

    /// [`Reader::next_key`] that first tries `hint`, the key that usually comes next,
    /// written as it stands after a member in compact JSON: `,"key":` (a plain key, no
    /// `"` or `\\`). When the input has exactly that there (without the comma before the
    /// first key), it is taken in one comparison ([`Key::Hint`]: the caller need not
    /// compare the key again); otherwise the key is read as usual ([`Key::Other`], which
    /// may still be the hinted key, written with spaces, say).
    #[inline(always)]
    pub fn key_or_hint(&mut self, first: &mut bool, hint: &'static str) -> Fast<Option<Key<'a>>> {
        debug_assert!(
            hint.len() >= 4
                && hint.starts_with(",\"")
                && hint.ends_with("\":")
                && !hint[2..hint.len() - 2].contains(['"', '\\']),
            "{hint}"
        );
        let want = &hint.as_bytes()[usize::from(*first)..];
        if let Some(have) = self.text.as_bytes().get(self.pos..self.pos + want.len()) {
            if same_bytes(have, want) {
                self.pos += want.len();
                *first = false;
                return Ok(Some(Key::Hint));
            }
        }
        Ok(self.next_key(first)?.map(Key::Other))
    }

    /// Read the next value as [`Text`], as its serde `Deserialize` would.
    #[inline(always)]
    pub fn text(&mut self) -> Fast<Text<'a>> {
        // The common case inline: a string without escapes.
        if self.peek()? == b'"' {
            let at = self.pos;
            let (start, end, escaped) = self.string()?;
            if !escaped {
                return Ok(Text(Some(std::borrow::Cow::Borrowed(
                    &self.text[start..end],
                ))));
            }
            self.pos = at;
        }
        self.text_slow()
    }

    #[inline(never)]
    fn text_slow(&mut self) -> Fast<Text<'a>> {
        use std::borrow::Cow;
        Ok(Text(match self.peek()? {
            b'"' => {
                let (start, end, escaped) = self.string()?;
                if escaped {
                    // Rare: serde_json decodes the escapes (surrogate pairs and all).
                    let quoted = &self.text[start - 1..end + 1];
                    Some(Cow::Owned(
                        serde_json::from_str::<String>(quoted).map_err(|_| GiveUp)?,
                    ))
                } else {
                    Some(Cow::Borrowed(&self.text[start..end]))
                }
            }
            b'-' | b'0'..=b'9' => {
                let n = self.number()?;
                if is_plain_integer(n) {
                    // What serde's integer-to-text gives back: the same digits.
                    Some(Cow::Borrowed(n))
                } else {
                    // Fractions, exponents, -0, huge integers: serde_json's own reading.
                    serde_json::from_str::<Text<'_>>(n)
                        .map_err(|_| GiveUp)?
                        .0
                        .map(|c| Cow::Owned(c.into_owned()))
                }
            }
            b't' => {
                self.literal(b"true")?;
                Some(Cow::Borrowed("true"))
            }
            b'f' => {
                self.literal(b"false")?;
                Some(Cow::Borrowed("false"))
            }
            b'n' => {
                self.literal(b"null")?;
                None
            }
            b'{' | b'[' => {
                self.skip_value()?;
                None
            }
            _ => return Err(GiveUp),
        }))
    }

    /// The raw text of the next value (checked, not decoded).
    pub fn raw(&mut self) -> Fast<&'a str> {
        let c = self.peek()?;
        let start = self.pos;
        // Flags and nulls (readOnly, responseElements...) without the general skip.
        match c {
            b't' => self.literal(b"true")?,
            b'f' => self.literal(b"false")?,
            b'n' => self.literal(b"null")?,
            _ => self.skip_value()?,
        }
        Ok(&self.text[start..self.pos])
    }

    /// The next value as serde_json's `RawValue` (what events take for JSON passed
    /// through). Checked by the reader, then read again by serde_json: the only way to
    /// make a `RawValue`, and cheaper on the value alone than serde_json finding its end.
    pub fn raw_value(&mut self) -> Fast<&'a RawValue> {
        serde_json::from_str(self.raw()?).map_err(|_| GiveUp)
    }

    /// Skip the next value (checked).
    #[inline(always)]
    pub fn skip(&mut self) -> Fast<()> {
        // Most skipped values are plain strings: inline.
        if self.peek()? == b'"' {
            self.string()?;
            return Ok(());
        }
        self.skip_value()
    }

    /// Skip one value, without recursion: the kinds of the open containers are the bits
    /// of `open` (1 for an object), innermost lowest, so nesting is capped at 64. Works on
    /// a local position (kept in a register) with the `*_end` functions below.
    fn skip_value(&mut self) -> Fast<()> {
        let b = self.text.as_bytes();
        let mut pos = self.pos;
        let mut open = 0u64;
        let mut depth = 0u32;
        loop {
            // One value.
            pos = token(b, pos)?;
            match b[pos] {
                b'"' => pos = string_end(b, pos)?.0,
                c @ (b'{' | b'[') => {
                    let object = c == b'{';
                    pos = token(b, pos + 1)?;
                    if b[pos] == if object { b'}' } else { b']' } {
                        pos += 1;
                    } else {
                        if depth == MAX_DEPTH {
                            return Err(GiveUp);
                        }
                        open = open << 1 | u64::from(object);
                        depth += 1;
                        if object {
                            pos = member_key_end(b, pos)?;
                        }
                        continue;
                    }
                }
                b't' => pos = literal_end(b, pos, b"true")?,
                b'f' => pos = literal_end(b, pos, b"false")?,
                b'n' => pos = literal_end(b, pos, b"null")?,
                b'-' | b'0'..=b'9' => pos = number_end(b, pos)?,
                _ => return Err(GiveUp),
            }
            // After a value: close containers, or go on to the next member.
            loop {
                if depth == 0 {
                    self.pos = pos;
                    return Ok(());
                }
                let object = open & 1 == 1;
                pos = token(b, pos)?;
                match b[pos] {
                    b',' => {
                        pos += 1;
                        if object {
                            pos = member_key_end(b, token(b, pos)?)?;
                        }
                        break;
                    }
                    b'}' if object => {}
                    b']' if !object => {}
                    _ => return Err(GiveUp),
                }
                pos += 1;
                open >>= 1;
                depth -= 1;
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Fast<()> {
        self.pos = literal_end(self.text.as_bytes(), self.pos, word)?;
        Ok(())
    }

    /// A number in JSON's grammar; its text.
    fn number(&mut self) -> Fast<&'a str> {
        let start = self.pos;
        self.pos = number_end(self.text.as_bytes(), start)?;
        Ok(&self.text[start..self.pos])
    }

    /// A string whose opening quote is at `pos`: the body's start and end and whether it
    /// has escapes (checked as serde_json checks them); `pos` moves past the closing quote.
    #[inline(always)]
    fn string(&mut self) -> Fast<(usize, usize, bool)> {
        let start = self.pos + 1;
        let (end, escaped) = string_end(self.text.as_bytes(), self.pos)?;
        self.pos = end;
        Ok((start, end - 1, escaped))
    }
}

/// The position of the next token at or after `pos` (past whitespace); [`GiveUp`] at
/// the end.
#[inline(always)]
fn token(b: &[u8], pos: usize) -> Fast<usize> {
    // Compact JSON has no whitespace between tokens: one test for that.
    match b.get(pos) {
        Some(&c) if c > b' ' => Ok(pos),
        _ => token_past_space(b, pos),
    }
}

#[inline(never)]
fn token_past_space(b: &[u8], mut pos: usize) -> Fast<usize> {
    while let Some(&c) = b.get(pos) {
        match c {
            b' ' | b'\n' | b'\r' | b'\t' => pos += 1,
            _ => return Ok(pos),
        }
    }
    Err(GiveUp)
}

/// Past the literal `word` at `pos`.
#[inline(always)]
fn literal_end(b: &[u8], pos: usize, word: &[u8]) -> Fast<usize> {
    match b.get(pos..pos + word.len()) {
        Some(w) if w == word => Ok(pos + word.len()),
        _ => Err(GiveUp),
    }
}

/// Past a member's key (a string at `pos`, no escapes needed) and its colon.
#[inline(always)]
fn member_key_end(b: &[u8], pos: usize) -> Fast<usize> {
    if b[pos] != b'"' {
        return Err(GiveUp);
    }
    let pos = token(b, string_end(b, pos)?.0)?;
    if b[pos] != b':' {
        return Err(GiveUp);
    }
    Ok(pos + 1)
}

/// Past a number in JSON's grammar at `start`.
fn number_end(b: &[u8], start: usize) -> Fast<usize> {
    let digits = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut i = start + usize::from(b.get(start) == Some(&b'-'));
    i = match b.get(i) {
        Some(b'0') => i + 1,
        Some(b'1'..=b'9') => digits(i + 1),
        _ => return Err(GiveUp),
    };
    if b.get(i) == Some(&b'.') {
        let end = digits(i + 1);
        if end == i + 1 {
            return Err(GiveUp);
        }
        i = end;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let end = digits(i);
        if end == i {
            return Err(GiveUp);
        }
        i = end;
    }
    Ok(i)
}

/// Past the string whose opening quote is at `pos`, and whether it has escapes
/// (checked as serde_json checks them).
#[inline(always)]
fn string_end(b: &[u8], pos: usize) -> Fast<(usize, bool)> {
    let mut i = pos + 1;
    let mut escaped = false;
    loop {
        i += find_special(b.get(i..).ok_or(GiveUp)?).ok_or(GiveUp)?;
        match b[i] {
            b'"' => return Ok((i + 1, escaped)),
            b'\\' => {
                escaped = true;
                i += match b.get(i + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => 2,
                    Some(b'u')
                        if b.get(i + 2..i + 6)
                            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) =>
                    {
                        6
                    }
                    _ => return Err(GiveUp),
                };
            }
            // A raw control character: not allowed in a JSON string.
            _ => return Err(GiveUp),
        }
    }
}

/// Eight bytes as a little-endian word (`s` holds eight).
#[inline(always)]
fn word(s: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(s);
    u64::from_le_bytes(w)
}

/// `a == b` for slices of equal length, with overlapping word loads for the short keys
/// of [`Reader::key_or_hint`] instead of a `memcmp` call.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    let half = |s: &[u8], at: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&s[at..at + 4]);
        u32::from_ne_bytes(w)
    };
    let words = |at: usize| word(&a[at..at + 8]) == word(&b[at..at + 8]);
    if n != b.len() {
        false
    } else if (8..=16).contains(&n) {
        words(0) && words(n - 8)
    } else if (17..=32).contains(&n) {
        words(0) && words(8) && words(n - 16) && words(n - 8)
    } else if (4..8).contains(&n) {
        half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4)
    } else {
        a == b
    }
}

/// An integer whose text any integer reading gives back unchanged: no sign on zero, no
/// leading zero, small enough for i64.
fn is_plain_integer(n: &str) -> bool {
    let digits = n.strip_prefix('-').unwrap_or(n);
    match digits.as_bytes() {
        [b'0'] => n.len() == 1,
        all @ [b'1'..=b'9', ..] => all.len() <= 18 && all.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// The index of the first `"`, `\` or control character (below 0x20) in `b`. Sixteen
/// bytes at a time in two words: see [`special_bytes`].
#[inline]
fn find_special(b: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(pair) = b.get(at..at + 16) {
        let (lo, hi) = pair.split_at(8);
        let (lo, hi) = (special_bytes(word(lo)), special_bytes(word(hi)));
        if lo != 0 {
            return Some(at + (lo.trailing_zeros() / 8) as usize);
        }
        if hi != 0 {
            return Some(at + 8 + (hi.trailing_zeros() / 8) as usize);
        }
        at += 16;
    }
    if let Some(one) = b.get(at..at + 8) {
        let found = special_bytes(word(one));
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    b[at..]
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
        .map(|p| at + p)
}

/// The high bit of each byte of `x` (little-endian) that is `"`, `\` or below 0x20, and
/// maybe of bytes above such a one. Per byte, `(t - 1)` has its high bit set when
/// `t == 0` (so `t = x ^ c` finds `c`) and `x - 0x20` when `x < 0x20`, as long as `x`
/// is ASCII: the one `& !x` for all three tests drops the rest (`"` and `\` are ASCII,
/// so `x ^ c` has the high bit of `x`). A borrow only marks bytes above a real match,
/// so the lowest marked byte is exact.
#[inline(always)]
fn special_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let quote = x ^ (ONES * u64::from(b'"'));
    let backslash = x ^ (ONES * u64::from(b'\\'));
    (quote.wrapping_sub(ONES) | backslash.wrapping_sub(ONES) | x.wrapping_sub(ONES * 0x20))
        & !x
        & HIGH
}
