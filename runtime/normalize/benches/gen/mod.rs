//! Deterministic, realistic inputs for every source, for the benchmarks and for the
//! large-file timing (`cargo run --release -p sds-normalize --example gen-logs`).
//! Shapes follow the AWS documentation and the servers' stock formats; values vary with
//! a fixed-seed xorshift so runs are comparable.

#![allow(dead_code)] // the bench and the example use different parts

use std::io::{self, Write};

/// Every source the generator knows, by `--source` name: all of them.
pub fn sources() -> [&'static str; 12] {
    normalize::Source::ALL.map(normalize::Source::name)
}

/// xorshift64*: small, fast, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
    pub fn ip(&mut self) -> String {
        format!(
            "{}.{}.{}.{}",
            1 + self.below(223),
            self.below(256),
            self.below(256),
            1 + self.below(254)
        )
    }
    pub fn hex(&mut self, n: usize) -> String {
        let mut s = String::with_capacity(n);
        while s.len() < n {
            s.push_str(&format!("{:016x}", self.next()));
        }
        s.truncate(n);
        s
    }
}

const PATHS: [&str; 8] = [
    "/",
    "/index.html",
    "/api/v1/orders?id=42&sort=desc",
    "/static/app.3f9c1b.js",
    "/login",
    "/search?q=caf%C3%A9+cr%C3%A8me",
    "/products/8812/reviews",
    "/wp-login.php",
];
const AGENTS: [&str; 4] = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "curl/8.4.0",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "python-requests/2.31.0",
];
const METHODS: [&str; 5] = ["GET", "GET", "GET", "POST", "PUT"];
const STATUSES: [u16; 6] = [200, 200, 200, 304, 404, 500];

/// Epoch seconds of 2024-01-01T00:00:00Z.
const T0: u64 = 1_704_067_200;

fn iso(secs: u64) -> String {
    // Days since 2024-01-01 within January..December 2024 is enough for generated data.
    let day = (secs - T0) / 86_400 % 28;
    let s = (secs - T0) % 86_400;
    format!(
        "2024-01-{:02}T{:02}:{:02}:{:02}Z",
        day + 1,
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// `iso` with microseconds, as the load balancers write their times: each its own.
fn iso_micros(secs: u64, r: &mut Rng) -> String {
    format!(
        "{}.{:06}Z",
        iso(secs).trim_end_matches('Z'),
        r.below(1_000_000)
    )
}

fn clf_time(secs: u64) -> String {
    let day = (secs - T0) / 86_400 % 28;
    let s = (secs - T0) % 86_400;
    format!(
        "{:02}/Jan/2024:{:02}:{:02}:{:02} +0000",
        day + 1,
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// One record of `source` (a line, or one JSON object for CloudTrail's array), no newline.
pub fn record(source: &str, i: u64, r: &mut Rng) -> String {
    let t = T0 + i / 4;
    match source {
        "cloudtrail" => cloudtrail(i, t, r),
        "waf" => waf(t, r),
        "vpcflow" => format!(
            "2 111122223333 eni-{} {} {} {} {} {} {} {} {} {} {} OK",
            r.hex(17), r.ip(), r.ip(), 1024 + r.below(60000), r.pick(&["443", "22", "80", "53", "3389"]),
            r.pick(&["6", "6", "17", "1"]), 1 + r.below(50), 40 + r.below(90000), t, t + 60, r.pick(&["ACCEPT", "ACCEPT", "REJECT"])
        ),
        "alb" => format!(
            "{} {} app/sds-alb/50dc6c495c0c9188 {}:{} 10.0.{}.{}:80 0.000 0.{:03} 0.000 {} {} {} {} \"{} https://shop.example.com:443{} HTTP/1.1\" \"{}\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/sds-tg/73e2d6bc24d8a067 \"Root=1-{}-{}\" \"shop.example.com\" \"arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012\" 0 {} \"forward\" \"-\" \"-\" \"10.0.1.{}:80\" \"200\" \"-\" \"-\" TID_{}",
            r.pick(&["https", "h2", "http"]), iso_micros(t, r), r.ip(), 1024 + r.below(60000), r.below(4), 1 + r.below(250),
            r.below(999), r.pick(&["200", "200", "404", "502"]), r.pick(&["200", "200", "404", "502"]), r.below(2000), r.below(20000),
            r.pick(&METHODS), r.pick(&PATHS), r.pick(&AGENTS), r.hex(8), r.hex(24), iso_micros(t, r), 1 + r.below(250), r.hex(32)
        ),
        "nlb" => format!(
            "tls 2.0 {} net/sds-nlb/{} {} {}:{} 10.0.0.{}:443 {} {} {} {} - arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012 - ECDHE-RSA-AES128-SHA tlsv12 - shop.example.com - - - {}",
            iso(t).replace('Z', ""), r.hex(16), r.hex(16), r.ip(), 1024 + r.below(60000), 1 + r.below(250), 1 + r.below(900), r.below(5),
            r.below(5000), r.below(50000), iso(t + 1).replace('Z', "")
        ),
        "elb" => format!(
            "{} sds-clb {}:{} 10.0.0.{}:80 0.000073 0.00{} 0.000057 {} {} 0 {} \"{} http://shop.example.com:80{} HTTP/1.1\" \"{}\" - -",
            iso_micros(t, r), r.ip(), 1024 + r.below(60000), 1 + r.below(250), r.below(999),
            r.pick(&["200", "404", "503"]), r.pick(&["200", "404", "503"]), r.below(20000), r.pick(&METHODS), r.pick(&PATHS), r.pick(&AGENTS)
        ),
        "health" => format!(
            r#"{{"version":"0","id":"{}-{}-{}-{}-{}","detail-type":"AWS Health Event","source":"aws.health","account":"111122223333","time":"{}","region":"us-east-1","resources":["i-{}"],"detail":{{"eventArn":"arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED_{}","service":"EC2","eventTypeCode":"{}","eventTypeCategory":"{}","startTime":"Mon, 01 Jan 2024 00:00:00 GMT","eventDescription":[{{"language":"en_US","latestDescription":"An EC2 instance in your account is scheduled for retirement."}}],"affectedEntities":[{{"entityValue":"i-{}"}}]}}}}"#,
            r.hex(8), r.hex(4), r.hex(4), r.hex(4), r.hex(12), iso(t), r.hex(17), r.hex(10),
            r.pick(&["AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED", "AWS_ABUSE_DOS_REPORT", "AWS_EBS_VOLUME_LOST"]),
            r.pick(&["scheduledChange", "issue"]), r.hex(17)
        ),
        "securityhub" => format!(
            r#"{{"version":"0","id":"{}","detail-type":"Security Hub Findings - Imported","source":"aws.securityhub","account":"111122223333","time":"{}","region":"us-east-1","resources":["arn:aws:securityhub:us-east-1::product/aws/securityhub/arn:aws:securityhub:us-east-1:111122223333:subscription/aws-foundational-security-best-practices/v/1.0.0/S3.1/finding/{}"],"detail":{{"findings":[{{"SchemaVersion":"2018-10-08","Id":"arn:aws:securityhub:us-east-1:111122223333:subscription/aws-foundational-security-best-practices/v/1.0.0/S3.1/finding/{}","ProductArn":"arn:aws:securityhub:us-east-1::product/aws/securityhub","GeneratorId":"aws-foundational-security-best-practices/v/1.0.0/S3.1","AwsAccountId":"111122223333","Types":["Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices"],"FirstObservedAt":"{}","LastObservedAt":"{}","CreatedAt":"{}","UpdatedAt":"{}","Severity":{{"Label":"{}","Normalized":40,"Original":"MEDIUM"}},"Title":"S3.1 S3 Block Public Access setting should be enabled","Description":"This control checks whether S3 Block Public Access is enabled.","Remediation":{{"Recommendation":{{"Text":"For directions on how to fix this issue, consult the documentation.","Url":"https://docs.aws.amazon.com/console/securityhub/S3.1/remediation"}}}},"ProductFields":{{"StandardsArn":"arn:aws:securityhub:::standards/aws-foundational-security-best-practices/v/1.0.0","ControlId":"S3.1","aws/securityhub/ProductName":"Security Hub"}},"Resources":[{{"Type":"AwsAccount","Id":"AWS::::Account:111122223333","Partition":"aws","Region":"us-east-1"}}],"Compliance":{{"Status":"{}"}},"WorkflowState":"NEW","Workflow":{{"Status":"NEW"}},"RecordState":"ACTIVE"}}]}}}}"#,
            r.hex(36), iso(t), r.hex(36), r.hex(36), iso(t), iso(t), iso(t), iso(t),
            r.pick(&["MEDIUM", "HIGH", "LOW", "CRITICAL"]), r.pick(&["FAILED", "PASSED"])
        ),
        "suricata" => suricata(t, r),
        "squid" => squid(t, r),
        "nginx" | "apache" => format!(
            "{} - {} [{}] \"{} {} HTTP/1.1\" {} {} \"{}\" \"{}\"",
            r.ip(), r.pick(&["-", "-", "alice"]), clf_time(t), r.pick(&METHODS), r.pick(&PATHS),
            STATUSES[r.below(6) as usize], r.below(30000), r.pick(&["-", "https://www.example.com/", "https://www.google.com/search?q=shop"]),
            r.pick(&AGENTS)
        ),
        _ => String::new(),
    }
}

/// A Squid native `access.log` line: mostly forwarded misses, with cache hits (no peer),
/// denials, revalidations and HTTPS tunnels (`CONNECT host:443`) among them.
fn squid(t: u64, r: &mut Rng) -> String {
    let host = r.pick(&["example.com", "cdn.example.net", "api.example.org"]);
    let url = format!("http://{host}{}", r.pick(&PATHS));
    let peer = format!("HIER_DIRECT/{}", r.ip());
    let (result, method, target, hierarchy, mime) = match r.below(10) {
        0 | 1 => (
            "TCP_TUNNEL/200",
            "CONNECT",
            format!("{host}:443"),
            peer,
            "-",
        ),
        2 => (
            "TCP_DENIED/403",
            r.pick(&["GET", "POST"]),
            url,
            "HIER_NONE/-".into(),
            "text/html",
        ),
        3 => (
            "TCP_MEM_HIT/200",
            "GET",
            url,
            "HIER_NONE/-".into(),
            "image/png",
        ),
        4 => ("TCP_REFRESH_UNMODIFIED/304", "GET", url, peer, "-"),
        _ => (
            "TCP_MISS/200",
            r.pick(&["GET", "GET", "POST"]),
            url,
            peer,
            r.pick(&["text/html", "application/json"]),
        ),
    };
    format!(
        "{t}.{:03} {:6} {} {result} {} {method} {target} {} {hierarchy} {mime}",
        r.below(1000),
        r.below(3000),
        r.ip(),
        r.below(50000),
        r.pick(&["-", "-", "-", "alice"])
    )
}

fn cloudtrail(i: u64, t: u64, r: &mut Rng) -> String {
    let (source, name) = *[
        ("s3.amazonaws.com", "GetObject"),
        ("ec2.amazonaws.com", "DescribeInstances"),
        ("sts.amazonaws.com", "AssumeRole"),
        ("iam.amazonaws.com", "CreateAccessKey"),
        ("signin.amazonaws.com", "ConsoleLogin"),
        ("kms.amazonaws.com", "Decrypt"),
        ("lambda.amazonaws.com", "Invoke"),
    ]
    .get(r.below(7) as usize)
    .unwrap_or(&("s3.amazonaws.com", "GetObject"));
    let error = if r.below(10) == 0 {
        r#","errorCode":"AccessDenied","errorMessage":"User is not authorized to perform this operation""#
    } else {
        ""
    };
    let event_type = if name == "ConsoleLogin" {
        "AwsConsoleSignIn"
    } else {
        "AwsApiCall"
    };
    format!(
        r#"{{"eventVersion":"1.08","userIdentity":{{"type":"AssumedRole","principalId":"AROA{}:session-{}","arn":"arn:aws:sts::111122223333:assumed-role/Admin/session-{}","accountId":"111122223333","accessKeyId":"ASIA{}","sessionContext":{{"sessionIssuer":{{"type":"Role","principalId":"AROA{}","arn":"arn:aws:iam::111122223333:role/Admin","accountId":"111122223333","userName":"Admin"}},"attributes":{{"creationDate":"{}","mfaAuthenticated":"true"}}}}}},"eventTime":"{}","eventSource":"{source}","eventName":"{name}","awsRegion":"{}","sourceIPAddress":"{}","userAgent":"{}","requestParameters":{{"bucketName":"sds-data","key":"reports/{}.csv","instancesSet":{{"items":[{{"instanceId":"i-{}"}}]}}}},"responseElements":null{error},"requestID":"{}","eventID":"{}-{}","readOnly":{},"eventType":"{event_type}","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","tlsDetails":{{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"{}.amazonaws.com"}}}}"#,
        r.hex(16).to_uppercase(),
        i,
        i,
        r.hex(16).to_uppercase(),
        r.hex(16).to_uppercase(),
        iso(t - 600),
        iso(t),
        r.pick(&["us-east-1", "eu-west-1", "ap-southeast-2"]),
        r.ip(),
        r.pick(&[
            "aws-cli/2.15.0 Python/3.11.6",
            "Boto3/1.34.0",
            "console.amazonaws.com"
        ]),
        i,
        r.hex(17),
        r.hex(16).to_uppercase(),
        r.hex(8),
        r.hex(27),
        name.starts_with("Get") || name.starts_with("Describe"),
        source.split('.').next().unwrap_or("s3")
    )
}

fn waf(t: u64, r: &mut Rng) -> String {
    let block = r.below(4) == 0;
    format!(
        r#"{{"timestamp":{}{:03},"formatVersion":1,"webaclId":"arn:aws:wafv2:us-east-1:111122223333:regional/webacl/sds-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111","terminatingRuleId":"{}","terminatingRuleType":"{}","action":"{}","terminatingRuleMatchDetails":[],"httpSourceName":"ALB","httpSourceId":"111122223333-app/sds-alb/50dc6c495c0c9188","ruleGroupList":[{{"ruleGroupId":"AWS#AWSManagedRulesCommonRuleSet","terminatingRule":null,"nonTerminatingMatchingRules":[],"excludedRules":null}}],"rateBasedRuleList":[],"nonTerminatingMatchingRules":[],"requestHeadersInserted":null,"responseCodeSent":null,"httpRequest":{{"clientIp":"{}","country":"{}","headers":[{{"name":"Host","value":"shop.example.com"}},{{"name":"User-Agent","value":"{}"}},{{"name":"Accept","value":"*/*"}}],"uri":"{}","args":"","httpVersion":"HTTP/1.1","httpMethod":"{}","requestId":"1-{}-{}"}},"labels":[{{"name":"awswaf:clientip:geo:country:{}"}}]}}"#,
        t,
        r.below(1000),
        if block {
            "AWS-AWSManagedRulesSQLiRuleSet"
        } else {
            "Default_Action"
        },
        if block {
            "MANAGED_RULE_GROUP"
        } else {
            "REGULAR"
        },
        if block { "BLOCK" } else { "ALLOW" },
        r.ip(),
        r.pick(&["US", "NL", "BR", "JP"]),
        r.pick(&AGENTS),
        r.pick(&PATHS).split('?').next().unwrap_or("/"),
        r.pick(&METHODS),
        r.hex(8),
        r.hex(24),
        r.pick(&["US", "NL"])
    )
}

fn suricata(t: u64, r: &mut Rng) -> String {
    let ts = iso(t).replace('Z', ".123456+0000");
    let (src, dst, sp) = (r.ip(), r.ip(), 1024 + r.below(60000));
    let flow = r.below(1u64 << 50);
    match r.below(5) {
        0 => format!(
            r#"{{"timestamp":"{ts}","flow_id":{flow},"in_iface":"eth0","event_type":"alert","src_ip":"{src}","src_port":{sp},"dest_ip":"{dst}","dest_port":80,"proto":"TCP","alert":{{"action":"allowed","gid":1,"signature_id":2100498,"rev":7,"signature":"GPL ATTACK_RESPONSE id check returned root","category":"Potentially Bad Traffic","severity":2}},"http":{{"hostname":"example.com","url":"/","http_user_agent":"curl/8.4.0","http_method":"GET","protocol":"HTTP/1.1","status":200,"length":120}},"app_proto":"http"}}"#
        ),
        1 => format!(
            r#"{{"timestamp":"{ts}","flow_id":{flow},"in_iface":"eth0","event_type":"dns","src_ip":"{src}","src_port":{sp},"dest_ip":"{dst}","dest_port":53,"proto":"UDP","dns":{{"version":2,"type":"answer","id":{},"flags":"8180","qr":true,"rd":true,"ra":true,"rrname":"www.example.com","rrtype":"A","rcode":"NOERROR","answers":[{{"rrname":"www.example.com","rrtype":"A","ttl":300,"rdata":"{}"}}]}}}}"#,
            r.below(65535),
            r.ip()
        ),
        2 => format!(
            r#"{{"timestamp":"{ts}","flow_id":{flow},"in_iface":"eth0","event_type":"flow","src_ip":"{src}","src_port":{sp},"dest_ip":"{dst}","dest_port":443,"proto":"TCP","app_proto":"tls","flow":{{"pkts_toserver":{},"pkts_toclient":{},"bytes_toserver":{},"bytes_toclient":{},"start":"{ts}","end":"{ts}","age":3,"state":"closed","reason":"timeout","alerted":false}},"tcp":{{"tcp_flags":"1b","tcp_flags_ts":"1b","tcp_flags_tc":"1b","syn":true,"fin":true,"psh":true,"ack":true,"state":"closed"}}}}"#,
            r.below(100),
            r.below(100),
            r.below(100000),
            r.below(100000)
        ),
        3 => format!(
            r#"{{"timestamp":"{ts}","flow_id":{flow},"in_iface":"eth0","event_type":"tls","src_ip":"{src}","src_port":{sp},"dest_ip":"{dst}","dest_port":443,"proto":"TCP","tls":{{"subject":"CN=www.example.com","issuerdn":"C=US, O=Let's Encrypt, CN=R3","serial":"04:2A:{}","fingerprint":"{}","sni":"www.example.com","version":"TLS 1.2","notbefore":"2024-01-01T00:00:00","notafter":"2024-04-01T00:00:00","ja3":{{"hash":"{}"}}}}}}"#,
            r.hex(6),
            r.hex(40),
            r.hex(32)
        ),
        _ => format!(
            r#"{{"timestamp":"{ts}","flow_id":{flow},"in_iface":"eth0","event_type":"http","src_ip":"{src}","src_port":{sp},"dest_ip":"{dst}","dest_port":80,"proto":"TCP","tx_id":0,"http":{{"hostname":"example.com","url":"{}","http_user_agent":"{}","http_content_type":"text/html","http_method":"GET","protocol":"HTTP/1.1","status":200,"length":{}}}}}"#,
            r.pick(&PATHS),
            r.pick(&AGENTS),
            r.below(100000)
        ),
    }
}

/// Writes about `target_bytes` of `source` data to `w` (never a partial record). Returns
/// the number of records written.
pub fn write(source: &str, target_bytes: u64, w: &mut dyn Write) -> io::Result<u64> {
    let mut r = Rng::new(0x5D5_u64 ^ source.len() as u64);
    let mut written = 0u64;
    let mut n = 0u64;
    if source == "cloudtrail" {
        w.write_all(b"{\"Records\":[")?;
    }
    if source == "vpcflow" {
        let h = b"version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n";
        w.write_all(h)?;
        written += h.len() as u64;
    }
    while written < target_bytes {
        let rec = record(source, n, &mut r);
        if source == "cloudtrail" && n > 0 {
            w.write_all(b",")?;
        }
        w.write_all(rec.as_bytes())?;
        if source != "cloudtrail" {
            w.write_all(b"\n")?;
        }
        written += rec.len() as u64 + 1;
        n += 1;
    }
    if source == "cloudtrail" {
        w.write_all(b"]}\n")?;
    }
    Ok(n)
}

/// The same, in memory.
pub fn generate(source: &str, target_bytes: u64) -> (Vec<u8>, u64) {
    let mut v = Vec::with_capacity(target_bytes as usize + 4096);
    let n = write(source, target_bytes, &mut v).unwrap_or(0);
    (v, n)
}
