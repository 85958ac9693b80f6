//! cloudtrail: work in progress (the aws helper is writing it).

use crate::Out;
use std::io::{self, BufRead};

/// Normalize cloudtrail input (see the crate docs for the module contract).
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    crate::lines::for_each_line(input, |no, line| {
        if !line.is_empty() {
            out.reject(no, "not implemented yet", line);
        }
    })
}
