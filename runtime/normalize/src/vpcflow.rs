//! vpcflow: work in progress (the aws helper is writing it).

use crate::Out;
use std::io::{self, BufRead};

/// Normalize vpcflow input (see the crate docs for the module contract).
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    crate::lines::for_each_line(input, |no, line| {
        if !line.is_empty() {
            out.reject(no, "not implemented yet", line);
        }
    })
}

/// Whether a first line looks like a VPC flow log (header or default v2 record).
pub fn looks_like(line: &[u8]) -> bool {
    let mut f = crate::lines::fields(line);
    match (f.next(), f.next()) {
        (Some(a), Some(b)) => (a == b"version" && b == b"account-id") || (a == b"2" && b.iter().all(u8::is_ascii_digit) && b.len() == 12),
        _ => false,
    }
}
