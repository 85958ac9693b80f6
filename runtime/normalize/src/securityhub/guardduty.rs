//! GuardDuty's `ProductFields` (flat `aws/guardduty/service/action/...` keys) to
//! Detection Finding `evidences[]`, after the OCSF reference mapping of GuardDuty findings
//! in Security Hub: the remote and local addresses, the API call, the DNS request.
//! `ProductFields` itself stays whole in `unmapped`.

use super::obj::Obj;
use ocsf::dns::DnsQuery;
use ocsf::findings::Evidence;
use ocsf::objects::*;
use std::borrow::Cow;

const ACTION: &str = "aws/guardduty/service/action/";

/// The evidence a GuardDuty finding's `ProductFields` describe, if any.
pub(super) fn evidence<'a>(pf: &Obj<'a>) -> Option<Evidence<'a>> {
    let get = |key: &str| -> Option<Cow<'a, str>> {
        let raw = pf.get(format!("{ACTION}{key}").as_str())?;
        let s: Cow<'a, str> = serde_json::from_str::<super::obj::Str<'a>>(raw.get())
            .ok()?
            .0;
        (!s.is_empty()).then_some(s)
    };
    let mut ev = Evidence::default();

    // The remote party of whichever action the finding is about.
    const REMOTE: [&str; 4] = [
        "awsApiCallAction",
        "networkConnectionAction",
        "kubernetesApiCallAction",
        "portProbeAction/portProbeDetails/0",
    ];
    let action = REMOTE
        .iter()
        .find(|a| get(&format!("{a}/remoteIpDetails/ipAddressV4")).is_some());
    let mut remote = NetworkEndpoint::default();
    let mut local = NetworkEndpoint::default();
    if let Some(a) = action {
        remote.ip = get(&format!("{a}/remoteIpDetails/ipAddressV4"))
            .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok());
        remote.port = get(&format!("{a}/remotePortDetails/port")).and_then(|p| p.parse().ok());
        local.ip = get(&format!("{a}/localIpDetails/ipAddressV4"))
            .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok());
        local.port = get(&format!("{a}/localPortDetails/port")).and_then(|p| p.parse().ok());
    }
    let direction = get("networkConnectionAction/connectionDirection");
    let protocol =
        get("networkConnectionAction/protocol").or_else(|| get("dnsRequestAction/protocol"));
    if direction.is_some() || protocol.is_some() {
        let direction_id = match direction.as_deref() {
            Some("INBOUND") => direction::INBOUND,
            Some("OUTBOUND") => direction::OUTBOUND,
            Some(_) => direction::OTHER,
            None => direction::UNKNOWN,
        };
        ev.connection_info = Some(ConnectionInfo {
            direction_id,
            protocol_name: protocol.map(|p| Cow::Owned(p.to_ascii_lowercase())),
            ..ConnectionInfo::default()
        });
    }
    // Outbound: the remote end is the destination; otherwise it is the source.
    let (src, dst) = if direction.as_deref() == Some("OUTBOUND") {
        (local, remote)
    } else {
        (remote, local)
    };
    ev.src_endpoint = src.is_identified().then_some(src);
    ev.dst_endpoint = dst.is_identified().then_some(dst);

    let operation = get("awsApiCallAction/api").or_else(|| get("kubernetesApiCallAction/verb"));
    if let Some(operation) = operation {
        ev.api = Some(Api {
            operation,
            service: get("awsApiCallAction/serviceName").map(|name| Service {
                name: Some(name),
                ..Service::default()
            }),
            version: None,
            request: None,
            response: None,
        });
    }
    if let Some(domain) = get("dnsRequestAction/domain").filter(|d| ocsf::dns::is_hostname(d)) {
        ev.query = Some(DnsQuery {
            hostname: domain,
            ..DnsQuery::default()
        });
    }
    ev.is_identified().then_some(ev)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_call_and_dns() {
        let pf = Obj::parse(br#"{"aws/guardduty/service/action/awsApiCallAction/api":"DeleteTrail","aws/guardduty/service/action/awsApiCallAction/serviceName":"cloudtrail.amazonaws.com","aws/guardduty/service/action/awsApiCallAction/remoteIpDetails/ipAddressV4":"198.51.100.7"}"#).unwrap();
        let e = evidence(&pf).unwrap();
        assert_eq!(e.api.as_ref().map(|a| &*a.operation), Some("DeleteTrail"));
        assert_eq!(
            e.src_endpoint.and_then(|s| s.ip).as_deref(),
            Some("198.51.100.7")
        );
        let pf = Obj::parse(br#"{"aws/guardduty/service/action/dnsRequestAction/domain":"c2.example.net","aws/guardduty/service/action/dnsRequestAction/protocol":"UDP"}"#).unwrap();
        let e = evidence(&pf).unwrap();
        assert_eq!(
            e.query.map(|q| q.hostname.into_owned()),
            Some("c2.example.net".to_owned())
        );
        assert!(evidence(&Obj::parse(br#"{"other":"x"}"#).unwrap()).is_none());
    }
}
