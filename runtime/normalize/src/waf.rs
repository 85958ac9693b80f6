//! AWS WAF (v2, and Classic best effort) logs to OCSF HTTP Activity (4002).
//!
//! Input: JSON objects one per line or concatenated with no separator (Firehose delivers
//! both), split by [`crate::json::for_each_value`]. Numbers may come as strings. The
//! mapping table is `runtime/docs/mapping-waf.md`; it follows the OCSF reference mapping
//! of WAF at 1.1.0, with the differences that table lists.

use crate::json::{self, Item, Members, Text};
use crate::Out;
use ocsf::network::{http_activity, HttpActivity};
use ocsf::objects::*;
use serde::Deserialize;
use std::borrow::Cow;
use std::io::{self, BufRead};

/// Normalize WAF log records (see the module docs).
pub fn normalize<R: BufRead>(input: R, out: &mut Out<'_>) -> io::Result<()> {
    json::for_each_value(input, |n, item| match item {
        Item::Value(bytes) | Item::Record(bytes) => record(n, bytes, out),
        Item::Broken(bytes, why) => out.reject(n, why, bytes),
    })
}

/// Top-level members the mapping uses (the rest go to `unmapped`).
const MAPPED: &[&str] = &[
    "timestamp",
    "formatVersion",
    "webaclId",
    "terminatingRuleId",
    "terminatingRuleType",
    "action",
    "httpSourceName",
    "httpSourceId",
    "httpRequest",
    "labels",
    "responseCodeSent",
];

fn record(n: u64, bytes: &[u8], out: &mut Out<'_>) {
    let Some(text) = crate::utf8(bytes) else {
        let reason = match std::str::from_utf8(bytes) {
            Err(e) => format!("invalid UTF-8 in a JSON record: {e}"),
            Ok(_) => "invalid UTF-8 in a JSON record".to_owned(),
        };
        return out.reject(n, reason, bytes);
    };
    let m = match Members::parse(text) {
        Ok(m) => m,
        Err(e) => return out.reject(n, json::error_reason(&e), bytes),
    };
    if m.0.is_empty() {
        return out.reject(n, "not a WAF record: a JSON object was expected", bytes);
    }
    let Some(req_raw) = m.raw("httpRequest") else {
        return out.reject(n, "not a WAF record: no httpRequest", bytes);
    };
    let Some(time) = m.int("timestamp") else {
        return out.reject(n, "not a WAF record: no numeric timestamp", bytes);
    };
    // httpRequest is read once into its members: the mapped ones below, the rest kept.
    let req_members = Members::parse(req_raw.get()).unwrap_or_default();
    let req = Request::of(&req_members);
    let event = map(&m, &req, &req_members, time);
    out.event_with_raw_text(text, &event);
}

/// The members of `httpRequest` the mapping reads.
const REQUEST_MAPPED: [&str; 10] = [
    "clientIp",
    "country",
    "headers",
    "uri",
    "args",
    "httpVersion",
    "httpMethod",
    "requestId",
    "scheme",
    "host",
];

impl<'a> Request<'a> {
    /// Each member read on its own, so one odd member (headers not a list) costs only itself.
    fn of(m: &Members<'a>) -> Request<'a> {
        Request {
            client_ip: m.text("clientIp"),
            country: m.text("country"),
            headers: m.nested("headers"),
            uri: m.text("uri"),
            args: m.text("args"),
            http_version: m.text("httpVersion"),
            http_method: m.text("httpMethod"),
            request_id: m.text("requestId"),
            scheme: m.text("scheme"),
            host: m.text("host"),
        }
    }
}

struct Request<'a> {
    client_ip: Text<'a>,
    country: Text<'a>,
    headers: Vec<Header<'a>>,
    uri: Text<'a>,
    args: Text<'a>,
    http_version: Text<'a>,
    http_method: Text<'a>,
    request_id: Text<'a>,
    scheme: Text<'a>,
    host: Text<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Header<'a> {
    #[serde(borrow)]
    name: Text<'a>,
    #[serde(borrow)]
    value: Text<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MatchDetail<'a> {
    #[serde(borrow, rename = "conditionType")]
    condition_type: Text<'a>,
    #[serde(borrow)]
    location: Text<'a>,
    #[serde(borrow, rename = "matchedData")]
    matched_data: Vec<Text<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RuleGroup<'a> {
    #[serde(borrow, rename = "terminatingRule")]
    terminating_rule: Option<TerminatingRule<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TerminatingRule<'a> {
    #[serde(borrow, rename = "ruleId")]
    rule_id: Text<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RateRule<'a> {
    #[serde(borrow, rename = "maxRateAllowed")]
    max_rate_allowed: Text<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Label<'a> {
    #[serde(borrow)]
    name: Text<'a>,
}

fn map<'a>(
    m: &Members<'a>,
    req: &Request<'a>,
    req_members: &Members<'a>,
    time: i64,
) -> HttpActivity<'a> {
    let method = req.http_method.get().unwrap_or("");
    let mut product = Product::aws("Amazon WAF");
    let web_acl = m.text("webaclId");
    product.version = m.text("formatVersion").cow();
    product.feature = Some(Feature {
        name: Some(Cow::Borrowed("WAF")),
        uid: web_acl.cow(),
        version: None,
    });
    let mut ev = HttpActivity::new(http_activity::from_method(method), time, product);
    ev.base.metadata.uid = req.request_id.cow();
    let labels: Vec<Label> = m.nested("labels");
    ev.base.metadata.labels = labels.into_iter().filter_map(|l| l.name.cow()).collect();

    // cloud: account and region come from the web ACL's ARN (WAF Classic ids are not ARNs).
    let (region, account) = web_acl
        .cow()
        .map(arn_region_account)
        .unwrap_or((None, None));
    ev.base.set_cloud(Cloud::aws(account, region));

    // Disposition from the terminating action.
    let action = m.text("action");
    let (disposition, act) = match action.get().map(str::to_ascii_uppercase).as_deref() {
        Some("ALLOW") => (Disposition::Allowed, Action::Allowed),
        Some("BLOCK") => (Disposition::Blocked, Action::Denied),
        Some("COUNT") => (Disposition::Count, Action::Allowed),
        Some("CAPTCHA") => (Disposition::Captcha, Action::Denied),
        Some("CHALLENGE") => (Disposition::Challenge, Action::Denied),
        Some(_) => (Disposition::Other, Action::Other),
        None => (Disposition::Unknown, Action::Unknown),
    };
    ev.set_disposition(disposition, act);

    // firewall_rule: the terminating rule and what it matched.
    let details: Vec<MatchDetail> = m.nested("terminatingRuleMatchDetails");
    // Rule groups are most of a record and rarely end the evaluation: read them only
    // when one has a terminating rule.
    let groups: Vec<RuleGroup> = match m.raw("ruleGroupList") {
        Some(raw) if has_terminating_rule(raw.get()) => json::nested(Some(raw)),
        _ => Vec::new(),
    };
    let rates: Vec<RateRule> = m.nested("rateBasedRuleList");
    let group_rule = groups
        .into_iter()
        .find_map(|g| g.terminating_rule.and_then(|t| t.rule_id.cow()));
    let first = details.first();
    let rule = FirewallRule {
        uid: m.text("terminatingRuleId").cow(),
        name: group_rule,
        r#type: m.text("terminatingRuleType").cow(),
        condition: first.and_then(|d| d.condition_type.cow()),
        match_location: first.and_then(|d| d.location.cow()),
        match_details: details
            .iter()
            .flat_map(|d| d.matched_data.iter().filter_map(Text::cow))
            .collect(),
        // The limit only says something when a rate-based rule ended the evaluation.
        rate_limit: (m.text("terminatingRuleType").get() == Some("RATE_BASED"))
            .then(|| {
                rates
                    .iter()
                    .find_map(|r| r.max_rate_allowed.get().and_then(|v| v.trim().parse().ok()))
            })
            .flatten(),
        ..FirewallRule::default()
    };
    // OCSF needs a uid or a name to identify the rule.
    if rule.uid.is_some() || rule.name.is_some() {
        ev.control.firewall_rule = Some(Box::new(rule));
    }

    // http_request and the endpoints.
    let mut http = HttpRequest {
        http_method: http_activity::ocsf_method(method).map(Cow::Borrowed),
        version: req.http_version.cow(),
        uid: req.request_id.cow(),
        args: req.args.cow(),
        ..HttpRequest::default()
    };
    let mut url = Url {
        path: req.uri.cow().or(Some(Cow::Borrowed("/"))),
        query_string: req.args.cow(),
        scheme: req.scheme.cow(),
        hostname: req.host.cow().filter(|h| is_hostname(h)),
        ..Url::default()
    };
    for h in &req.headers {
        let (Some(name), Some(value)) = (h.name.cow(), h.value.0.clone()) else {
            continue;
        };
        match name.to_ascii_lowercase().as_str() {
            "user-agent" => http.user_agent = Some(value.clone()),
            "referer" => http.referrer = Some(value.clone()),
            "host" if url.hostname.is_none() => {
                url.hostname = Some(host_only(&value)).filter(|h| is_hostname(h))
            }
            "x-forwarded-for" => http.x_forwarded_for = forwarded_ips(&value),
            "x-forwarded-port" => url.port = value.trim().parse().ok(),
            _ => {}
        }
        http.http_headers.push(HttpHeader { name, value });
    }
    http.url = Some(url);

    let mut src = NetworkEndpoint {
        ip: req.client_ip.cow(),
        ..NetworkEndpoint::default()
    };
    if let Some(country) = req.country.cow().filter(|c| c != "-") {
        src.location = Some(Box::new(Location {
            country: Some(country),
            ..Location::default()
        }));
    }
    if let Some(ip) = &src.ip {
        ev.base
            .observables
            .push(Observable::ip("src_endpoint.ip", ip.clone()));
    }
    if !src.is_identified() {
        src.name = Some(Cow::Borrowed("unknown"));
    }
    // The protected resource (ALB, CloudFront distribution, API stage...) is the
    // destination; the reference mapping puts it on src_endpoint, see the mapping doc.
    let mut dst = NetworkEndpoint {
        hostname: http.url.as_ref().and_then(|u| u.hostname.clone()),
        uid: m.text("httpSourceId").cow().filter(|v| v != "-"),
        svc_name: m.text("httpSourceName").cow().filter(|v| v != "-"),
        ..NetworkEndpoint::default()
    };
    if let Some(host) = &dst.hostname {
        ev.base
            .observables
            .push(Observable::hostname("dst_endpoint.hostname", host.clone()));
    }
    if !dst.is_identified() {
        dst.name = Some(Cow::Borrowed("unknown"));
    }

    // WAF does not log the origin's answer: the code is the one WAF sent itself, or 0
    // (unknown) when the request went on to the origin.
    let sent = m.int("responseCodeSent");
    let code = sent.map(|c| c as i32).unwrap_or(match disposition {
        Disposition::Blocked => 403,
        Disposition::Captcha => 405,
        Disposition::Challenge => 202,
        _ => 0,
    });
    ev.http_response = HttpResponse {
        code,
        ..HttpResponse::default()
    };
    if code != 0 {
        ev.http_status = Some(code);
    }

    ev.http_request = http;
    ev.src_endpoint = src;
    ev.dst_endpoint = dst;
    m.rest_into(MAPPED, &mut ev.base.unmapped);
    if http_activity::ocsf_method(method).is_none() {
        if let Some(v) = req.http_method.cow() {
            ev.base
                .unmapped
                .push("httpRequest.httpMethod", Json::Str(v));
        }
    }
    // httpRequest members without an OCSF home (fragment, ja3, ...).
    let mut extra = Fields::new();
    req_members.rest_into(&REQUEST_MAPPED, &mut extra);
    if !extra.is_empty() {
        ev.base.unmapped.push("httpRequest", Json::Object(extra));
    }
    ev
}

/// Whether raw JSON may have a `"terminatingRule"` member that is not `null`. Errs only
/// towards yes (text that merely looks like the key), which costs the full read, no more.
fn has_terminating_rule(raw: &str) -> bool {
    const KEY: &str = "\"terminatingRule\"";
    memchr::memmem::find_iter(raw.as_bytes(), KEY).any(|at| {
        let after = raw[at + KEY.len()..].trim_start();
        let value = after.strip_prefix(':').map_or(after, str::trim_start);
        !value.starts_with("null")
    })
}

/// Region and account of an ARN (`arn:partition:service:region:account:...`).
fn arn_region_account(arn: Cow<'_, str>) -> (Option<Cow<'_, str>>, Option<Cow<'_, str>>) {
    let part = |i: usize| -> Option<Cow<'_, str>> {
        let s = arn.split(':').nth(i).filter(|s| !s.is_empty())?;
        Some(Cow::Owned(s.to_owned()))
    };
    if !arn.starts_with("arn:") {
        return (None, None);
    }
    (part(3), part(4))
}

/// A Host header without its port ("example.com:8443" -> "example.com", "[::1]:80" -> "::1").
fn host_only(v: &str) -> Cow<'static, str> {
    let v = v.trim();
    if let Some(rest) = v.strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            return Cow::Owned(rest[..end].to_owned());
        }
    }
    match v.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') && p.bytes().all(|b| b.is_ascii_digit()) => {
            Cow::Owned(h.to_owned())
        }
        _ => Cow::Owned(v.to_owned()),
    }
}

/// The addresses of an X-Forwarded-For header that are IPs (OCSF types them `ip_t`).
fn forwarded_ips(v: &str) -> Vec<Cow<'static, str>> {
    v.split(',')
        .map(str::trim)
        .filter(|s| s.parse::<std::net::IpAddr>().is_ok())
        .map(|s| Cow::Owned(s.to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_arns() {
        assert_eq!(host_only("example.com:8443"), "example.com");
        assert_eq!(host_only("[2001:db8::1]:443"), "2001:db8::1");
        assert_eq!(host_only("2001:db8::1"), "2001:db8::1");
        let (r, a) = arn_region_account(Cow::Borrowed(
            "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/x/y",
        ));
        assert_eq!(
            (r.as_deref(), a.as_deref()),
            (Some("eu-west-1"), Some("111122223333"))
        );
        assert_eq!(
            arn_region_account(Cow::Borrowed("385cb038-3a6f")),
            (None, None)
        );
        assert_eq!(
            forwarded_ips("1.2.3.4, unknown, 2001:db8::2"),
            vec!["1.2.3.4", "2001:db8::2"]
        );
    }

    #[test]
    fn terminating_rules_in_groups_are_found() {
        assert!(!has_terminating_rule(
            r#"[{"ruleGroupId":"a","terminatingRule":null},{"terminatingRule" : null}]"#
        ));
        assert!(has_terminating_rule(
            r#"[{"terminatingRule":null},{"terminatingRule": {"ruleId":"r"}}]"#
        ));
        assert!(!has_terminating_rule(
            r#"[{"ruleGroupId":"has \"terminatingRule\" in a string"}]"#
        ));
        assert!(!has_terminating_rule("[]"));
    }
}
