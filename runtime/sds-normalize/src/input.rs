//! Opening inputs: files or stdin, plain or gzip (detected by magic bytes, not by name).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

/// Buffer size for file and decompressor readers: large enough that a 1 MB/s syscall
/// rate is never the bottleneck, small enough to keep memory flat.
pub const BUF_BYTES: usize = 256 * 1024;

/// How many bytes `--source auto` looks at.
pub const HEAD_BYTES: usize = 64 * 1024;

/// The gzip magic number (RFC 1952 ID1 ID2).
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// An input as the normalizer reads it: decompressed bytes, buffered.
pub type Input = Box<dyn BufRead>;

/// Opens `path` (or stdin for `None`), transparently decompressing gzip. Concatenated
/// gzip members (as some writers append) are all read: `MultiGzDecoder`.
pub fn open(path: Option<&Path>) -> io::Result<Input> {
    let raw: Box<dyn Read> = match path {
        Some(p) => Box::new(File::open(p)?),
        None => Box::new(io::stdin()),
    };
    decode(raw)
}

/// Wraps any byte reader: gzip when it starts with the gzip magic, plain otherwise.
pub fn decode(mut raw: Box<dyn Read>) -> io::Result<Input> {
    let mut first = [0u8; 2];
    let n = read_up_to(&mut raw, &mut first)?;
    // Put the peeked bytes back in front of the rest.
    let replay = Cursor::new(first[..n].to_vec()).chain(raw);
    let buffered = BufReader::with_capacity(BUF_BYTES, replay);
    if first[..n] == GZIP_MAGIC {
        let gz = MultiGzDecoder::new(buffered);
        Ok(Box::new(BufReader::with_capacity(BUF_BYTES, gz)))
    } else {
        Ok(Box::new(buffered))
    }
}

/// Fills `buf` unless EOF comes first (a pipe may deliver one byte at a time); returns
/// how many bytes it got.
fn read_up_to(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Reads up to [`HEAD_BYTES`] from `input` for source detection and gives back a reader
/// that still yields every byte, the head first.
pub fn split_head(mut input: Input) -> io::Result<(Vec<u8>, Input)> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut input)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)?;
    let rest = Cursor::new(head.clone()).chain(input);
    Ok((head, Box::new(BufReader::with_capacity(BUF_BYTES, rest))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(data).expect("in-memory write");
        e.finish().expect("in-memory finish")
    }

    fn read_all(mut i: Input) -> io::Result<Vec<u8>> {
        let mut v = Vec::new();
        i.read_to_end(&mut v)?;
        Ok(v)
    }

    #[test]
    fn plain_passes_through() {
        let i = decode(Box::new(Cursor::new(b"hello\n".to_vec()))).expect("decode");
        assert_eq!(read_all(i).expect("read"), b"hello\n");
    }

    #[test]
    fn gzip_is_detected_by_magic_and_members_are_concatenated() {
        let mut data = gz(b"one\n");
        data.extend(gz(b"two\n"));
        let i = decode(Box::new(Cursor::new(data))).expect("decode");
        assert_eq!(read_all(i).expect("read"), b"one\ntwo\n");
    }

    #[test]
    fn truncated_gzip_is_an_io_error() {
        let data = gz(&b"line of text that compresses\n".repeat(1000));
        let cut = data[..data.len() / 2].to_vec();
        let i = decode(Box::new(Cursor::new(cut))).expect("decode");
        assert!(read_all(i).is_err());
    }

    #[test]
    fn empty_input_is_plain_and_empty() {
        let i = decode(Box::new(Cursor::new(Vec::new()))).expect("decode");
        assert_eq!(read_all(i).expect("read"), b"");
    }

    #[test]
    fn split_head_keeps_every_byte() {
        let data: Vec<u8> = (0..200_000u32).map(|n| (n % 251) as u8).collect();
        let i = decode(Box::new(Cursor::new(data.clone()))).expect("decode");
        let (head, rest) = split_head(i).expect("head");
        assert_eq!(head.len(), HEAD_BYTES);
        assert_eq!(read_all(rest).expect("read"), data);
    }
}
