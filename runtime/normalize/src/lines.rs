//! Line reading for text formats: zero-copy when a line sits in the reader's buffer,
//! CRLF and a missing final newline handled, any line length, bytes passed as read
//! (invalid UTF-8 is the parser's business: decode lossily, never fail on it).

use std::io::{self, BufRead};

/// Call `f(line_number, line)` for every line of `input` (1-based numbers; the line
/// without its `\n` or `\r\n`). The last line counts even without a final newline; an
/// empty input calls nothing. Lines of any length are delivered whole.
pub fn for_each_line<R: BufRead>(mut input: R, mut f: impl FnMut(u64, &[u8])) -> io::Result<()> {
    let mut no = 0u64;
    // Holds a line that spans buffer refills; empty otherwise.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            if !carry.is_empty() {
                no += 1;
                f(no, trim_cr(&carry));
            }
            return Ok(());
        }
        let len = buf.len();
        let mut start = 0;
        if !carry.is_empty() {
            match memchr::memchr(b'\n', buf) {
                Some(i) => {
                    carry.extend_from_slice(&buf[..i]);
                    no += 1;
                    f(no, trim_cr(&carry));
                    carry.clear();
                    start = i + 1;
                }
                None => {
                    carry.extend_from_slice(buf);
                    input.consume(len);
                    continue;
                }
            }
        }
        let base = start;
        for i in memchr::memchr_iter(b'\n', &buf[base..]) {
            let end = base + i;
            no += 1;
            f(no, trim_cr(&buf[start..end]));
            start = end + 1;
        }
        // What is left after the last newline is a partial line.
        carry.extend_from_slice(&buf[start..]);
        input.consume(len);
    }
}

/// The first line of `head` (up to `\n`, without `\r`), for source detection.
pub fn first_line(head: &[u8]) -> &[u8] {
    let end = memchr::memchr(b'\n', head).unwrap_or(head.len());
    trim_cr(&head[..end])
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Splits `line` on runs of spaces (and tabs), like `str::split_ascii_whitespace` on bytes
/// but only for the two separators log formats use.
pub fn fields(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|b| *b == b' ' || *b == b'\t')
        .filter(|f| !f.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(input: &[u8], cap: usize) -> Vec<(u64, Vec<u8>)> {
        let mut got = Vec::new();
        let reader = io::BufReader::with_capacity(cap, input);
        for_each_line(reader, |n, l| got.push((n, l.to_vec()))).unwrap();
        got
    }

    #[test]
    fn lines_with_crlf_no_final_newline_and_tiny_buffers() {
        let input = b"a\r\nbb\n\nccc\xff\r\nlast";
        let want: Vec<(u64, Vec<u8>)> = vec![
            (1, b"a".to_vec()),
            (2, b"bb".to_vec()),
            (3, b"".to_vec()),
            (4, b"ccc\xff".to_vec()),
            (5, b"last".to_vec()),
        ];
        for cap in [1, 2, 3, 5, 64] {
            assert_eq!(collect(input, cap), want, "capacity {cap}");
        }
    }

    #[test]
    fn a_ten_megabyte_line_is_delivered_whole() {
        let mut input = vec![b'x'; 10 * 1024 * 1024];
        input.extend_from_slice(b"\nnext\n");
        let got = collect(&input, 64 * 1024);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1.len(), 10 * 1024 * 1024);
        assert_eq!(got[1], (2, b"next".to_vec()));
    }

    #[test]
    fn empty_input_has_no_lines() {
        assert!(collect(b"", 8).is_empty());
        assert_eq!(collect(b"\n", 8), vec![(1, vec![])]);
    }
}
