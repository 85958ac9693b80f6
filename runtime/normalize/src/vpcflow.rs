//! Amazon VPC Flow Logs (and Transit Gateway flow logs) to OCSF Network Activity (4001).
//!
//! Text files with space-separated fields. The header line names the fields (default v2
//! and any custom format v3–v8, hyphens or underscores); a file without a header is read
//! as the default v2 format when a line has its 14 fields, and its other lines are
//! rejected ("no header"). Lines delivered through a CloudWatch Logs subscription (a JSON
//! envelope with `logEvents`) are read the same way. `-` means no value. The mapping table
//! is `runtime/docs/mapping-vpcflow.md`; it follows the OCSF reference mapping of VPC
//! Flow Logs at 1.1.0.

use crate::json::Text;
use crate::lines::{self, fields};
use crate::Out;
use ocsf::network::{network_activity, NetworkActivity};
use ocsf::objects::*;
use serde::Deserialize;
use std::borrow::Cow;
use std::io::{self, BufRead};

/// The fields of the default (version 2) format, in order.
const DEFAULT_V2: &str = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

/// Normalize VPC flow log text (see the module docs).
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    let mut header: Option<Header> = None;
    let default = Header::parse(DEFAULT_V2);
    lines::for_each_line(input, |n, line| {
        // Valid UTF-8 (the common case) is checked fast; anything else is decoded lossily.
        let text = crate::utf8(line)
            .map_or_else(|| String::from_utf8_lossy(line), std::borrow::Cow::Borrowed);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return;
        }
        if trimmed.starts_with('#') {
            return out.skip("vpcflow comment line");
        }
        if trimmed.starts_with('{') {
            return envelope(
                n,
                line,
                trimmed,
                header.as_ref().unwrap_or(&default),
                header.is_some(),
                out,
            );
        }
        if Header::looks_like(trimmed) {
            header = Some(Header::parse(trimmed));
            return out.skip("vpcflow header line");
        }
        // The line as text when it was valid UTF-8, for raw_data without a second check.
        let whole = match &text {
            Cow::Borrowed(t) => Some(*t),
            Cow::Owned(_) => None,
        };
        let line = Line {
            raw: line,
            whole,
            fields: trimmed,
        };
        flow_line(
            n,
            line,
            header.as_ref().unwrap_or(&default),
            header.is_some(),
            None,
            out,
        );
    })
}

/// Whether a first line looks like a VPC flow log (header or default v2 record).
pub fn looks_like(line: &[u8]) -> bool {
    let Some(text) = crate::utf8(line) else {
        return false;
    };
    if Header::looks_like(text) {
        return true;
    }
    let f: Vec<&[u8]> = fields(line).collect();
    f.len() == 14
        && f[0] == b"2"
        && f[1].len() == 12
        && f[1].iter().all(u8::is_ascii_digit)
        && f[2].starts_with(b"eni-")
}

/// A CloudWatch Logs subscription envelope: each `logEvents[].message` is a flow line.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Envelope<'a> {
    #[serde(borrow, rename = "logEvents")]
    log_events: Vec<LogEvent<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LogEvent<'a> {
    #[serde(borrow)]
    message: Text<'a>,
    timestamp: Option<i64>,
}

fn envelope(n: u64, raw: &[u8], text: &str, header: &Header, named: bool, out: &mut Out<'_>) {
    let env: Envelope = match serde_json::from_str(text) {
        Ok(e) => e,
        Err(e) => return out.reject(n, crate::json::error_reason(&e), raw),
    };
    if env.log_events.is_empty() {
        return out.reject(n, "not a flow log: a JSON line without logEvents", raw);
    }
    for ev in env.log_events {
        let msg = ev.message.get().unwrap_or("");
        let line = Line {
            raw: msg.as_bytes(),
            whole: Some(msg),
            fields: msg.trim(),
        };
        flow_line(n, line, header, named, ev.timestamp, out);
    }
}

// ---------------------------------------------------------------------------------------
// Header: field names to known fields.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum F {
    Version,
    AccountId,
    InterfaceId,
    SrcAddr,
    DstAddr,
    SrcPort,
    DstPort,
    Protocol,
    Packets,
    Bytes,
    Start,
    End,
    Action,
    LogStatus,
    VpcId,
    SubnetId,
    InstanceId,
    TcpFlags,
    Type,
    PktSrcAddr,
    PktDstAddr,
    Region,
    AzId,
    PktSrcAwsService,
    PktDstAwsService,
    FlowDirection,
    TrafficPath,
    /// Any other field: kept in `unmapped` under its header name.
    Other,
}

const COUNT: usize = F::Other as usize;

struct Header {
    fields: Vec<(F, String)>,
}

impl Header {
    fn looks_like(line: &str) -> bool {
        let mut known = false;
        for name in line.split_ascii_whitespace() {
            if !name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
            {
                return false;
            }
            if !name.bytes().any(|b| b.is_ascii_lowercase()) {
                return false;
            }
            known |= kind(&name.replace('_', "-")) != F::Other;
        }
        known
    }

    fn parse(line: &str) -> Header {
        Header {
            fields: line
                .split_ascii_whitespace()
                .map(|name| {
                    let name = name.replace('_', "-");
                    (kind(&name), name)
                })
                .collect(),
        }
    }
}

fn kind(name: &str) -> F {
    match name {
        "version" => F::Version,
        "account-id" => F::AccountId,
        "interface-id" => F::InterfaceId,
        "srcaddr" => F::SrcAddr,
        "dstaddr" => F::DstAddr,
        "srcport" => F::SrcPort,
        "dstport" => F::DstPort,
        "protocol" => F::Protocol,
        "packets" => F::Packets,
        "bytes" => F::Bytes,
        "start" => F::Start,
        "end" => F::End,
        "action" => F::Action,
        "log-status" => F::LogStatus,
        "vpc-id" => F::VpcId,
        "subnet-id" => F::SubnetId,
        "instance-id" => F::InstanceId,
        "tcp-flags" => F::TcpFlags,
        "type" => F::Type,
        "pkt-srcaddr" => F::PktSrcAddr,
        "pkt-dstaddr" => F::PktDstAddr,
        "region" => F::Region,
        "az-id" => F::AzId,
        "pkt-src-aws-service" => F::PktSrcAwsService,
        "pkt-dst-aws-service" => F::PktDstAwsService,
        "flow-direction" => F::FlowDirection,
        "traffic-path" => F::TrafficPath,
        _ => F::Other,
    }
}

// ---------------------------------------------------------------------------------------
// One line.

/// One flow line: its bytes as read (kept whole in a reject), the same as text when they
/// are valid UTF-8, and the trimmed text its fields are read from.
struct Line<'a> {
    raw: &'a [u8],
    whole: Option<&'a str>,
    fields: &'a str,
}

fn flow_line(
    n: u64,
    line: Line<'_>,
    header: &Header,
    named: bool,
    fallback_time: Option<i64>,
    out: &mut Out<'_>,
) {
    let (raw, text) = (line.raw, line.fields);
    // Each value straight into its slot (no list of values per line).
    let mut row: [Option<&str>; COUNT] = [None; COUNT];
    let mut others: Vec<(&str, &str)> = Vec::new();
    let mut values = text.split_ascii_whitespace();
    let mut count = 0;
    for ((k, name), v) in header.fields.iter().zip(values.by_ref()) {
        count += 1;
        if v == "-" {
            continue;
        }
        match k {
            F::Other => others.push((name.as_str(), v)),
            k => row[*k as usize] = Some(v),
        }
    }
    let count = count + values.count();
    if count != header.fields.len() {
        let reason = if named {
            format!(
                "{count} fields, but the header names {}",
                header.fields.len()
            )
        } else {
            format!("no header: {count} fields, and the default format without a header has 14")
        };
        return out.reject(n, reason, raw);
    }
    let get = |f: F| row[f as usize];

    // The numeric fields, parsed once. One that is not a number means a damaged line:
    // say which field.
    let mut numbers: [Option<i64>; COUNT] = [None; COUNT];
    for f in [
        F::SrcPort,
        F::DstPort,
        F::Protocol,
        F::Packets,
        F::Bytes,
        F::Start,
        F::End,
        F::TcpFlags,
    ] {
        if let Some(v) = get(f) {
            match v.parse::<i64>() {
                Ok(number) => numbers[f as usize] = Some(number),
                Err(_) => {
                    let name = header
                        .fields
                        .iter()
                        .find(|(k, _)| *k == f)
                        .map_or("?", |(_, n)| n.as_str());
                    return out.reject(n, format!("field {name} is not a number: {v:?}"), raw);
                }
            }
        }
    }
    let int = |f: F| numbers[f as usize];

    // Seconds to milliseconds; a value too large for that is damage, not a time.
    let mut millis = [None, None];
    for (slot, f) in millis.iter_mut().zip([F::Start, F::End]) {
        if let Some(s) = int(f) {
            match s.checked_mul(1000) {
                Some(ms) => *slot = Some(ms),
                None => {
                    return out.reject(
                        n,
                        format!(
                            "field {} is out of range: {s}",
                            if f == F::Start { "start" } else { "end" }
                        ),
                        raw,
                    )
                }
            }
        }
    }
    let [start, end] = millis;
    let status = get(F::LogStatus);
    let action = get(F::Action);
    let activity = match (action, status) {
        (Some("ACCEPT"), _) => network_activity::TRAFFIC,
        (Some("REJECT"), _) => network_activity::REFUSE,
        (None, Some("NODATA" | "SKIPDATA")) => network_activity::OTHER,
        (None, _) => network_activity::TRAFFIC,
        (Some(_), _) => network_activity::OTHER,
    };
    let time = start.or(end).or(fallback_time);
    let mut product = Product::aws("Amazon VPC");
    product.version = get(F::Version).map(Cow::Borrowed);
    product.feature = Some(Feature {
        name: Some(Cow::Borrowed("Flowlogs")),
        ..Feature::default()
    });
    let mut ev = NetworkActivity::new(activity, time.unwrap_or(0), product);
    if time.is_none() {
        ev.base
            .metadata
            .labels
            .push(Cow::Borrowed("sds:time-missing"));
    }
    ev.base.start_time = start;
    ev.base.end_time = end;
    let mut cloud = Cloud::aws(
        get(F::AccountId).map(Cow::Borrowed),
        get(F::Region).map(Cow::Borrowed),
    );
    cloud.zone = get(F::AzId).map(Cow::Borrowed);
    ev.base.set_cloud(cloud);

    // Status from log-status: OK, NODATA (no traffic in the window), SKIPDATA (records lost).
    ev.base.status_code = status.map(Cow::Borrowed);
    match status {
        Some("OK") | Some("NODATA") => ev.base.set_status(Status::Success),
        Some("SKIPDATA") => {
            ev.base.set_status(Status::Failure);
            ev.base.status_detail = Some(Cow::Borrowed(
                "flow records were skipped during the capture window",
            ));
        }
        Some(_) => ev.base.set_status(Status::Other),
        None => {}
    }
    match action {
        Some("ACCEPT") => ev.set_disposition(Disposition::Allowed, Action::Allowed),
        Some("REJECT") => ev.set_disposition(Disposition::Blocked, Action::Denied),
        _ => {}
    }

    // Endpoints: the packet's own addresses when they differ from the interface's
    // (NAT, load balancers), with the interface's address as intermediate.
    let mut src = NetworkEndpoint::default();
    let mut dst = NetworkEndpoint::default();
    endpoint(&mut src, get(F::SrcAddr), get(F::PktSrcAddr));
    endpoint(&mut dst, get(F::DstAddr), get(F::PktDstAddr));
    let proto = int(F::Protocol);
    // ICMP has no ports (flow logs write 0); ports are kept for every other protocol.
    if !matches!(proto, Some(1) | Some(58)) {
        src.port = int(F::SrcPort).and_then(|p| u32::try_from(p).ok());
        dst.port = int(F::DstPort).and_then(|p| u32::try_from(p).ok());
    }
    src.svc_name = get(F::PktSrcAwsService).map(Cow::Borrowed);
    dst.svc_name = get(F::PktDstAwsService).map(Cow::Borrowed);

    // The interface the flow was captured on: the destination of ingress traffic, the
    // source of egress traffic (and of traffic whose direction the format does not say).
    let direction = match get(F::FlowDirection) {
        Some("ingress") => direction::INBOUND,
        Some("egress") => direction::OUTBOUND,
        _ => direction::UNKNOWN,
    };
    {
        let side = if direction == direction::INBOUND {
            &mut dst
        } else {
            &mut src
        };
        side.interface_uid = get(F::InterfaceId).map(Cow::Borrowed);
        side.vpc_uid = get(F::VpcId).map(Cow::Borrowed);
        side.subnet_uid = get(F::SubnetId).map(Cow::Borrowed);
        side.instance_uid = get(F::InstanceId).map(Cow::Borrowed);
    }
    for (e, name) in [(&src, "src_endpoint.ip"), (&dst, "dst_endpoint.ip")] {
        if let Some(ip) = &e.ip {
            ev.base.observables.push(Observable::ip(name, ip.clone()));
        }
    }
    // A NODATA/SKIPDATA record names only the interface: both ends are that interface.
    if !dst.is_identified() {
        dst.interface_uid = get(F::InterfaceId).map(Cow::Borrowed);
    }
    if !src.is_identified() {
        src.interface_uid = get(F::InterfaceId).map(Cow::Borrowed);
    }
    for e in [&mut src, &mut dst] {
        if !e.is_identified() {
            e.name = Some(Cow::Borrowed("unknown"));
        }
    }

    let tcp_flags = int(F::TcpFlags);
    let boundary = get(F::TrafficPath)
        .and_then(|p| p.parse::<i32>().ok())
        .map(boundary_of);
    ev.connection_info = Some(ConnectionInfo {
        direction_id: direction,
        direction: Some(Cow::Borrowed(ocsf::objects::direction::caption(direction))),
        protocol_num: proto.map(|p| p as i32),
        protocol_name: proto.and_then(protocol_name).map(Cow::Borrowed),
        protocol_ver: get(F::Type).map(Cow::Borrowed),
        protocol_ver_id: match get(F::Type) {
            Some("IPv4") => Some(4),
            Some("IPv6") => Some(6),
            _ => None,
        },
        boundary_id: boundary.map(|b| b.0),
        boundary: boundary.map(|b| Cow::Borrowed(b.1)),
        tcp_flags: tcp_flags.map(|f| f as i32),
        ..ConnectionInfo::default()
    });
    if let Some(flags) = tcp_flags {
        let names = tcp_flag_names(flags);
        if !names.is_empty() {
            ev.base.unmapped.push(
                "tcp_flags_names",
                Json::Array(
                    names
                        .into_iter()
                        .map(|s| Json::Str(Cow::Borrowed(s)))
                        .collect(),
                ),
            );
        }
    }
    let traffic = Traffic {
        bytes: int(F::Bytes),
        packets: int(F::Packets),
        ..Traffic::default()
    };
    if !traffic.is_empty() {
        ev.traffic = Some(traffic);
    }
    ev.src_endpoint = src;
    ev.dst_endpoint = dst;
    for (name, v) in others {
        ev.base.unmapped.push(name, Json::Str(Cow::Borrowed(v)));
    }
    match line.whole {
        Some(whole) => out.event_with_raw_text(whole, &ev),
        None => out.event_with_raw(raw, &ev),
    }
}

fn endpoint<'a>(e: &mut NetworkEndpoint<'a>, addr: Option<&'a str>, pkt_addr: Option<&'a str>) {
    match (addr, pkt_addr) {
        (Some(a), Some(p)) if a != p => {
            e.ip = Some(Cow::Borrowed(p));
            e.intermediate_ips.push(Cow::Borrowed(a));
        }
        (a, p) => e.ip = p.or(a).map(Cow::Borrowed),
    }
}

/// `traffic-path` to OCSF's `boundary_id` (and caption).
fn boundary_of(path: i32) -> (i32, &'static str) {
    match path {
        1 => (4, "Same VPC"),
        2 => (5, "Internet/VPC Gateway"),
        3 => (6, "Virtual Private Gateway"),
        4 => (7, "Intra-region VPC"),
        5 => (8, "Inter-region VPC"),
        6 => (9, "Local Gateway"),
        7 => (10, "Gateway VPC"),
        8 => (11, "Internet Gateway"),
        _ => (99, "Other"),
    }
}

fn protocol_name(num: i64) -> Option<&'static str> {
    Some(match num {
        1 => "icmp",
        2 => "igmp",
        4 => "ipip",
        6 => "tcp",
        17 => "udp",
        41 => "ipv6",
        47 => "gre",
        50 => "esp",
        51 => "ah",
        58 => "ipv6-icmp",
        89 => "ospf",
        132 => "sctp",
        _ => return None,
    })
}

/// The TCP flags of a bitmask (flow logs OR the flags of a window: 18 = SYN+ACK).
fn tcp_flag_names(flags: i64) -> Vec<&'static str> {
    const NAMES: [(i64, &str); 8] = [
        (1, "FIN"),
        (2, "SYN"),
        (4, "RST"),
        (8, "PSH"),
        (16, "ACK"),
        (32, "URG"),
        (64, "ECE"),
        (128, "CWR"),
    ];
    NAMES
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, n)| *n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_headers() {
        assert_eq!(tcp_flag_names(18), vec!["SYN", "ACK"]);
        assert_eq!(tcp_flag_names(19), vec!["FIN", "SYN", "ACK"]);
        assert!(tcp_flag_names(0).is_empty());
        assert!(Header::looks_like(DEFAULT_V2));
        assert!(Header::looks_like("instance_id interface_id srcaddr"));
        assert!(!Header::looks_like(
            "2 123456789010 eni-1 - - - - - - - 1 2 - NODATA"
        ));
        assert!(!Header::looks_like("hello world"));
        assert!(looks_like(
            b"2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA"
        ));
    }
}
