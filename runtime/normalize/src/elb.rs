//! elb: work in progress (the aws helper is writing it).

use crate::Out;
use std::io::{self, BufRead};

/// Normalize elb input (see the crate docs for the module contract).
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    crate::lines::for_each_line(input, |no, line| {
        if !line.is_empty() {
            out.reject(no, "not implemented yet", line);
        }
    })
}

/// Which load balancer a first line comes from, if it is an access-log line.
pub fn looks_like(line: &[u8]) -> Option<crate::Source> {
    let mut f = crate::lines::fields(line);
    let first = f.next()?;
    match first {
        b"http" | b"https" | b"h2" | b"ws" | b"wss" | b"grpcs" => Some(crate::Source::Alb),
        b"tls" => Some(crate::Source::Nlb),
        _ if first.len() >= 20 && first[4] == b'-' && first[10] == b'T' => {
            let name = f.next()?;
            (!name.contains(&b'/')).then_some(crate::Source::Elb)
        }
        _ => None,
    }
}
