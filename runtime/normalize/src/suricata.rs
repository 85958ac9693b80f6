//! Suricata EVE JSON to OCSF: `alert` → Detection Finding (2004), `dns` → DNS Activity
//! (4003, EVE dns formats v1, v2 and v3), `tls` and `flow` → Network Activity (4001),
//! `http` → HTTP Activity (4002). Every other event type (`stats`, `engine`, `fileinfo`,
//! `anomaly`, `dnp3`...) is skipped and counted as `suricata <event_type>`.
//!
//! Members of a record that the mapping does not use are kept in `unmapped` verbatim.
//! The mapping is documented in `runtime/docs/mapping-suricata.md`.

mod alert;
mod dns;
mod net;

use crate::access_log::time;
use crate::json::{for_each_value, Item};
use crate::securityhub::obj::Obj;
use crate::Out;
use ocsf::objects::*;
use std::borrow::Cow;
use std::io::{self, BufRead};

/// Normalize Suricata EVE JSON (one object per line, or concatenated).
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    for_each_value(input, |no, item| match item {
        Item::Value(bytes) | Item::Record(bytes) => record(no, bytes, out),
        Item::Broken(bytes, why) => out.reject(no, why, bytes),
    })
}

fn record(no: u64, bytes: &[u8], out: &mut Out<'_>) {
    let mut o = match Obj::parse(bytes) {
        Ok(o) => o,
        Err(e) => return out.reject(no, e, bytes),
    };
    let Some(event_type) = o.text("event_type") else {
        return out.reject(no, "EVE record without event_type", bytes);
    };
    let result = match &*event_type {
        "alert" => Envelope::take(&mut o, bytes, out)
            .and_then(|env| alert::event(env, o).map(|e| out.event(&e))),
        "dns" => Envelope::take(&mut o, bytes, out)
            .and_then(|env| dns::event(env, o).map(|e| out.event(&e))),
        "tls" | "flow" => Envelope::take(&mut o, bytes, out)
            .and_then(|env| net::network(env, o, &event_type).map(|e| out.event(&e))),
        "http" => Envelope::take(&mut o, bytes, out)
            .and_then(|env| net::http(env, o).map(|e| out.event(&e))),
        other => {
            out.skip(&format!("suricata {other}"));
            Ok(())
        }
    };
    if let Err(reason) = result {
        out.reject(no, reason, bytes);
    }
}

/// The members every EVE record has: time, the flow's endpoints, protocol, sensor.
pub(crate) struct Envelope<'a> {
    pub time: i64,
    pub offset: Option<i32>,
    pub original_time: Cow<'a, str>,
    pub src: NetworkEndpoint<'a>,
    pub dst: NetworkEndpoint<'a>,
    pub connection: Option<ConnectionInfo<'a>>,
    pub device: Option<Device<'a>>,
    /// `flow_id`: ties the alert, protocol and flow records of one flow together.
    pub flow_id: Option<Cow<'a, str>>,
    pub app_proto: Option<Cow<'a, str>>,
    pub raw: Option<Cow<'a, str>>,
}

impl<'a> Envelope<'a> {
    fn take(o: &mut Obj<'a>, bytes: &'a [u8], out: &Out<'_>) -> Result<Envelope<'a>, String> {
        let ts = o.text("timestamp").ok_or("EVE record without timestamp")?;
        let (time, offset) =
            time::parse_iso8601(&ts).ok_or_else(|| format!("invalid timestamp {ts:?}"))?;
        let mut src = NetworkEndpoint::default();
        let mut dst = NetworkEndpoint::default();
        endpoint(&mut src, o.text("src_ip"), o.int("src_port"));
        endpoint(&mut dst, o.text("dest_ip"), o.int("dest_port"));
        if let Some(ether_raw) = o.raw("ether") {
            let mut ether = Obj::from_raw(ether_raw).unwrap_or_default();
            src.mac = ether.text("src_mac").filter(|m| is_mac(m));
            dst.mac = ether.text("dest_mac").filter(|m| is_mac(m));
            if !ether.is_empty() {
                // More than the two MACs (newer Suricata logs lists): keep it all.
                o.put(Cow::Borrowed("ether"), ether_raw);
            }
        }
        let proto = o.text("proto");
        let community_id = o.text("community_id");
        let connection = (proto.is_some() || community_id.is_some()).then(|| ConnectionInfo {
            protocol_num: proto.as_deref().and_then(protocol_number),
            protocol_name: proto.map(|p| Cow::Owned(p.to_ascii_lowercase())),
            uid: community_id,
            ..ConnectionInfo::default()
        });
        let device = o.text("host").map(|h| {
            let mut d = Device {
                type_id: 0,
                ..Device::default()
            };
            if ocsf::dns::is_hostname(&h) {
                d.hostname = Some(h);
            } else {
                d.name = Some(h);
            }
            d.interface_name = o.text("in_iface");
            d
        });
        Ok(Envelope {
            time,
            offset,
            original_time: ts,
            src,
            dst,
            connection,
            device,
            flow_id: o.text("flow_id"),
            app_proto: o.text("app_proto"),
            raw: out.raw(bytes),
        })
    }

    /// Fill the base event attributes the envelope knows.
    pub fn fill_base(&mut self, base: &mut Base<'a>) {
        base.timezone_offset = self.offset;
        base.metadata.original_time = Some(self.original_time.clone());
        base.metadata.correlation_uid = self.flow_id.clone();
        base.raw_data = self.raw.take();
        if let Some(ip) = &self.src.ip {
            base.observables
                .push(Observable::ip("src_endpoint.ip", ip.clone()));
        }
        if let Some(ip) = &self.dst.ip {
            base.observables
                .push(Observable::ip("dst_endpoint.ip", ip.clone()));
        }
        if self.device.is_some() {
            base.add_profile(profile::HOST);
        }
    }
}

/// `metadata.product` of every Suricata event.
pub(crate) fn product() -> Product<'static> {
    Product {
        name: Some(Cow::Borrowed("Suricata")),
        vendor_name: Cow::Borrowed("OISF"),
        ..Product::default()
    }
}

fn endpoint<'a>(ep: &mut NetworkEndpoint<'a>, ip: Option<Cow<'a, str>>, port: Option<i64>) {
    if let Some(ip) = ip {
        crate::access_log::set_endpoint(ep, ip);
    }
    ep.port = port.and_then(|p| u16::try_from(p).ok()).map(u32::from);
}

/// IANA protocol number of the protocol names Suricata writes.
fn protocol_number(p: &str) -> Option<i32> {
    Some(match p.to_ascii_uppercase().as_str() {
        "ICMP" => 1,
        "IGMP" => 2,
        "TCP" => 6,
        "UDP" => 17,
        "GRE" => 47,
        "ESP" => 50,
        "AH" => 51,
        "IPV6-ICMP" | "ICMPV6" => 58,
        "SCTP" => 132,
        n => return n.parse().ok(),
    })
}

/// OCSF `mac_t`: six hex pairs separated by `:` or `-`.
fn is_mac(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 17
        && b.chunks(3).all(|c| {
            c[0].is_ascii_hexdigit()
                && c[1].is_ascii_hexdigit()
                && (c.len() == 2 || c[2] == b':' || c[2] == b'-')
        })
}
