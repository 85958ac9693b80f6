//! DNS Activity (4003), category Network Activity (4), with `dns_query` and `dns_answer`,
//! and [`is_hostname`], the check OCSF's `hostname_t` applies.

use crate::network::SecurityControl;
use crate::objects::*;
use ocsf_derive::WriteJson;
use serde::Serialize;

/// DNS Activity, 4003.
pub const DNS_ACTIVITY: Class = Class {
    uid: 4003,
    name: "DNS Activity",
    category_uid: 4,
    category_name: "Network Activity",
};

/// `activity_id` of DNS Activity (4003).
pub mod dns_activity {
    pub const UNKNOWN: (i32, &str) = (0, "Unknown");
    pub const QUERY: (i32, &str) = (1, "Query");
    pub const RESPONSE: (i32, &str) = (2, "Response");
    pub const TRAFFIC: (i32, &str) = (6, "Traffic");
    pub const OTHER: (i32, &str) = (99, "Other");
}

crate::impl_event!(DnsActivity);

/// DNS Activity (4003): a DNS query, a response, or both.
#[derive(Debug, Clone, Serialize, WriteJson)]
pub struct DnsActivity<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    pub src_endpoint: NetworkEndpoint<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dst_endpoint: Option<NetworkEndpoint<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<DnsQuery<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<DnsAnswer<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rcode_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rcode: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_info: Option<ConnectionInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic: Option<Traffic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_name: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<Device<'a>>,
    #[serde(flatten)]
    pub control: SecurityControl<'a>,
}

impl<'a> DnsActivity<'a> {
    pub fn new(activity: (i32, &'static str), time: i64, product: Product<'a>) -> Self {
        DnsActivity {
            base: Base::new(DNS_ACTIVITY, activity, time, product),
            src_endpoint: NetworkEndpoint::default(),
            dst_endpoint: None,
            query: None,
            answers: Vec::new(),
            rcode_id: None,
            rcode: None,
            query_time: None,
            response_time: None,
            connection_info: None,
            traffic: None,
            app_name: None,
            device: None,
            control: SecurityControl::default(),
        }
    }

    /// Set `rcode_id` and `rcode` from a response code name (`NOERROR`, `NXDOMAIN`...);
    /// a name OCSF does not list is Other (99), with the name kept in `rcode`.
    pub fn set_rcode(&mut self, name: Str<'a>) {
        let (id, caption) = rcode_from_name(&name);
        self.rcode_id = Some(id);
        self.rcode = Some(match caption {
            Some(c) => std::borrow::Cow::Borrowed(c),
            None => name,
        });
    }

    /// Set disposition and action (security_control profile).
    pub fn set_disposition(&mut self, d: Disposition, a: Action) {
        self.control.set(d, a);
        self.base.add_profile(profile::SECURITY_CONTROL);
    }
}

/// `rcode_id` and its OCSF caption for a DNS response code name (case-insensitive).
pub fn rcode_from_name(name: &str) -> (i32, Option<&'static str>) {
    const CODES: [(&str, i32, &str); 22] = [
        ("NOERROR", 0, "NoError"),
        ("FORMERR", 1, "FormError"),
        ("SERVFAIL", 2, "ServError"),
        ("NXDOMAIN", 3, "NXDomain"),
        ("NOTIMP", 4, "NotImp"),
        ("REFUSED", 5, "Refused"),
        ("YXDOMAIN", 6, "YXDomain"),
        ("YXRRSET", 7, "YXRRSet"),
        ("NXRRSET", 8, "NXRRSet"),
        ("NOTAUTH", 9, "NotAuth"),
        ("NOTZONE", 10, "NotZone"),
        ("DSOTYPENI", 11, "DSOTYPENI"),
        ("BADVERS", 16, "BADSIG_VERS"),
        ("BADSIG", 16, "BADSIG_VERS"),
        ("BADKEY", 17, "BADKEY"),
        ("BADTIME", 18, "BADTIME"),
        ("BADMODE", 19, "BADMODE"),
        ("BADNAME", 20, "BADNAME"),
        ("BADALG", 21, "BADALG"),
        ("BADTRUNC", 22, "BADTRUNC"),
        ("BADCOOKIE", 23, "BADCOOKIE"),
        ("NOTIMPL", 4, "NotImp"),
    ];
    CODES
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .map_or((99, None), |&(_, id, caption)| (id, Some(caption)))
}

/// `dns_query` (`hostname` required, and it must be a valid [`is_hostname`]).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct DnsQuery<'a> {
    pub hostname: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opcode_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opcode: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packet_uid: Option<i64>,
}

/// `dns_answer` (`rdata` required).
#[derive(Debug, Clone, Default, Serialize, WriteJson)]
pub struct DnsAnswer<'a> {
    pub rdata: Str<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<Str<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flag_ids: Vec<i32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packet_uid: Option<i64>,
}

/// `dns_answer.flag_ids` values with their captions.
pub mod dns_flag {
    pub const AUTHORITATIVE_ANSWER: (i32, &str) = (1, "Authoritative Answer");
    pub const TRUNCATED_RESPONSE: (i32, &str) = (2, "Truncated Response");
    pub const RECURSION_DESIRED: (i32, &str) = (3, "Recursion Desired");
    pub const RECURSION_AVAILABLE: (i32, &str) = (4, "Recursion Available");
    pub const AUTHENTIC_DATA: (i32, &str) = (5, "Authentic Data");
    pub const CHECKING_DISABLED: (i32, &str) = (6, "Checking Disabled");
}

/// The `hostname_t` check (`dns_query.hostname` must pass it), re-exported from
/// [`crate::objects`] where it lives for every class.
pub use crate::objects::is_hostname;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostnames() {
        assert!(is_hostname("www.example.com"));
        assert!(is_hostname("localhost"));
        assert!(is_hostname("10.0.0.1"));
        assert!(!is_hostname("_sip._tcp.example.com"));
        assert!(!is_hostname("example.com."));
        assert!(!is_hostname("unix:"));
        assert!(!is_hostname("-bad.example"));
        assert!(!is_hostname(""));
    }

    #[test]
    fn rcodes() {
        assert_eq!(rcode_from_name("NXDOMAIN"), (3, Some("NXDomain")));
        assert_eq!(rcode_from_name("noerror"), (0, Some("NoError")));
        assert_eq!(rcode_from_name("WEIRD"), (99, None));
    }
}
