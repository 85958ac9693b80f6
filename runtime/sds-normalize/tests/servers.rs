//! Real servers write the logs: nginx, Apache httpd and Squid (Debian packages, installed
//! by `.ci/install-tools`) run on loopback ports with their stock log formats (nginx
//! `combined`, Apache's `combined` as Debian's apache2.conf defines it, Squid's native
//! `squid`), in private temp dirs. The test sends each a few hundred varied requests over
//! raw TCP (odd paths, quotes, backslashes, non-ASCII and invalid UTF-8 bytes, large
//! headers, IPv6 loopback; for Squid proxied GETs to an nginx origin, CONNECT tunnels and
//! denied requests), stops the server, normalizes its access log with `sds-normalize`
//! and checks that line N became an event whose method, URL, status and client address
//! are those of request N.
//!
//! Everything is on 127.0.0.1 / [::1]; loops are bounded; servers are stopped on drop.
//! Outside CI a missing server binary skips with a note; under `CI=true` it fails.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server process, stopped (SIGTERM, then SIGKILL) when dropped.
struct Server {
    name: &'static str,
    child: Option<Child>,
    dir: PathBuf,
}

impl Server {
    fn start(name: &'static str, dir: &Path, cmd: &mut Command, addrs: &[SocketAddr]) -> Server {
        let log = fs::File::create(dir.join(format!("{name}.out"))).expect("server output file");
        let child = cmd
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("dup"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("{name} starts: {e}"));
        let mut s = Server {
            name,
            child: Some(child),
            dir: dir.to_path_buf(),
        };
        for a in addrs {
            if !wait_listening(*a, Duration::from_secs(20)) {
                let out = s.output();
                s.stop();
                panic!("{name} does not listen on {a} after 20 s:\n{out}");
            }
        }
        s
    }

    /// What the server printed and logged about itself, for failure messages.
    fn output(&self) -> String {
        let mut s = String::new();
        for f in [
            "nginx.out",
            "apache.out",
            "squid.out",
            "error.log",
            "cache.log",
        ] {
            if let Ok(t) = fs::read_to_string(self.dir.join(f)) {
                let _ = writeln!(s, "--- {f}\n{t}");
            }
        }
        s
    }

    /// Graceful stop (servers flush their logs on SIGTERM), bounded in time.
    fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("{} did not stop on SIGTERM; killing it", self.name);
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn wait_listening(addr: SocketAddr, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// A port free on 127.0.0.1 and on [::1] (when IPv6 loopback exists).
fn free_port(v6: bool) -> u16 {
    for _ in 0..50 {
        let l4 = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
        let port = l4.local_addr().expect("local addr").port();
        if !v6 || TcpListener::bind((Ipv6Addr::LOCALHOST, port)).is_ok() {
            return port;
        }
    }
    panic!("no port free on both loopbacks after 50 tries");
}

fn has_ipv6_loopback() -> bool {
    TcpListener::bind((Ipv6Addr::LOCALHOST, 0)).is_ok()
}

/// A private, world-writable temp dir (the servers drop privileges to their users).
fn server_dir(name: &str) -> tempfile::TempDir {
    let d = tempfile::Builder::new()
        .prefix(&format!("sds-{name}-"))
        .tempdir()
        .expect("temp dir");
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(d.path(), fs::Permissions::from_mode(0o777)).expect("chmod temp dir");
    d
}

/// A server binary, or `None` with a note (CI: fail).
fn server_binary(path: &str) -> Option<PathBuf> {
    let p = PathBuf::from(path);
    if p.exists() {
        return Some(p);
    }
    let msg = format!("{path} is missing; .ci/install-tools installs nginx, apache2 and squid");
    assert!(!common::in_ci(), "{msg}");
    eprintln!("SKIPPED: {msg}");
    None
}

/// One request as sent, and what the server answered.
#[derive(Debug, Clone)]
struct Sent {
    client: IpAddr,
    method: String,
    /// Request target as sent (origin-form path, absolute URL, or host:port).
    target: Vec<u8>,
    status: u16,
}

/// Sends `request` on a fresh connection and returns the response status. Reads until
/// the server closes (`Connection: close`), or, for CONNECT, until the response head.
fn exchange(addr: SocketAddr, request: &[u8], head_only: bool) -> std::io::Result<u16> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    s.set_write_timeout(Some(Duration::from_secs(10)))?;
    s.write_all(request)?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let n = match s.read(&mut chunk) {
            Ok(n) => n,
            // A server that answers early (400 on a huge header) may reset the rest.
            Err(e) if !buf.is_empty() && e.kind() == std::io::ErrorKind::ConnectionReset => 0,
            Err(e) => return Err(e),
        };
        buf.extend_from_slice(&chunk[..n]);
        if n == 0 || (head_only && buf.windows(4).any(|w| w == b"\r\n\r\n")) || buf.len() > 1 << 20
        {
            break;
        }
    }
    let line = buf.split(|&b| b == b'\n').next().unwrap_or_default();
    let status = std::str::from_utf8(line)
        .ok()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| {
            std::io::Error::other(format!(
                "no status line in {:?}",
                String::from_utf8_lossy(&buf[..buf.len().min(200)])
            ))
        })?;
    Ok(status)
}

/// Request targets with the shapes access logs get wrong.
fn odd_targets() -> Vec<Vec<u8>> {
    let mut t: Vec<Vec<u8>> = vec![
        b"/".to_vec(),
        b"/index.html".to_vec(),
        b"/search?q=a+b&lang=fr&empty=".to_vec(),
        b"/odd%20path/%E2%9C%93/file.txt".to_vec(),
        b"/quote\"in\"path".to_vec(),
        b"/back\\slash\\".to_vec(),
        "/non-ascii/caf\u{e9}/\u{65e5}\u{672c}".as_bytes().to_vec(),
        b"/invalid-utf8/\xe9\xff\xfe".to_vec(),
        b"/semi;colon,comma".to_vec(),
        b"/brackets[1]{2}|pipe".to_vec(),
        b"/%00null%0d%0a".to_vec(),
        b"/dash-only/-".to_vec(),
        b"//double//slashes".to_vec(),
    ];
    t.push(format!("/long/{}", "x".repeat(4000)).into_bytes());
    t
}

/// The ways a server may log `target` and a parser may give it back: as sent (lossy
/// UTF-8), or with nginx's `\xHH` / Apache's `\"`, `\\`, `\xhh` escapes still in.
fn acceptable_urls(target: &[u8]) -> Vec<String> {
    let mut nginx = String::new();
    let mut apache = String::new();
    for &b in target {
        match b {
            b'"' => {
                nginx.push_str("\\x22");
                apache.push_str("\\\"");
            }
            b'\\' => {
                nginx.push_str("\\x5C");
                apache.push_str("\\\\");
            }
            0x20..=0x7e => {
                nginx.push(b as char);
                apache.push(b as char);
            }
            _ => {
                let _ = write!(nginx, "\\x{b:02X}");
                let _ = write!(apache, "\\x{b:02x}");
            }
        }
    }
    vec![String::from_utf8_lossy(target).into_owned(), nginx, apache]
}

/// Sends the origin-server request mix to `addr`: every method and odd target, normal and
/// quoted and huge and non-ASCII headers. Returns what was sent, in order.
fn send_origin_requests(addr: SocketAddr, count: usize, sent: &mut Vec<Sent>) {
    let first = sent.len();
    let methods = [
        "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "GET", "GET",
    ];
    let targets = odd_targets();
    for i in 0..count {
        let method = methods[i % methods.len()];
        let mut target = targets[i % targets.len()].clone();
        // Make every request unique, so a reordered or lost line cannot pass.
        target.extend_from_slice(if target.contains(&b'?') {
            b"&n="
        } else {
            b"?n="
        });
        target.extend_from_slice((first + i).to_string().as_bytes());
        let mut req = Vec::new();
        req.extend_from_slice(method.as_bytes());
        req.push(b' ');
        req.extend_from_slice(&target);
        req.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        match i % 5 {
            0 => req.extend_from_slice(b"User-Agent: Mozilla/5.0 (X11; Linux x86_64) \"quoted\" \\ agent\r\n"),
            1 => req.extend_from_slice(b"User-Agent: caf\xc3\xa9-bot/1.0 \xff\r\nReferer: http://example.test/?a=\"b\"\r\n"),
            2 => {
                // Large header: just under the servers' 8 KiB limits for most, one over.
                let size = if i % 10 == 2 { 7000 } else { 12000 };
                req.extend_from_slice(format!("User-Agent: {}\r\n", "A".repeat(size)).as_bytes());
            }
            3 => req.extend_from_slice(b"X-Forwarded-For: 203.0.113.7, 10.0.0.1\r\n"),
            _ => {}
        }
        if matches!(method, "POST" | "PUT" | "PATCH") {
            req.extend_from_slice(b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 11\r\n\r\nhello=world");
        } else {
            req.extend_from_slice(b"\r\n");
        }
        match exchange(addr, &req, false) {
            Ok(status) => sent.push(Sent {
                client: addr.ip(),
                method: method.into(),
                target,
                status,
            }),
            Err(e) => panic!("request {i} to {addr} failed: {e}"),
        }
    }
}

/// Normalizes `log` as `source` and compares event N with request N.
fn check_log(source: &str, log: &Path, sent: &[Sent]) {
    let rejects = log.with_extension("rejects.jsonl");
    let out = common::run_json(source, log, &rejects);
    assert!(
        out.status.success(),
        "sds-normalize failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log_text = fs::read(log).expect("access log");
    let log_lines = common::lines(&log_text);
    let events: Vec<serde_json::Value> = common::lines(&out.stdout)
        .iter()
        .map(|l| serde_json::from_slice(l).expect("event is JSON"))
        .collect();
    let rejected = fs::read_to_string(&rejects).unwrap_or_default();
    if log_lines.len() != sent.len() {
        for l in &log_lines {
            println!("log: {}", short(&String::from_utf8_lossy(l)));
        }
    }
    assert_eq!(
        log_lines.len(),
        sent.len(),
        "{source}: {} log lines for {} requests",
        log_lines.len(),
        sent.len()
    );
    assert!(rejected.is_empty(), "{source}: rejects:\n{rejected}");
    assert_eq!(
        events.len(),
        sent.len(),
        "{source}: {} events for {} requests",
        events.len(),
        sent.len()
    );
    // Servers write lines in completion order, which is not always the sending order
    // (nginx logs a 400 after its lingering close): pair each request with an unused
    // event that has its method, URL, status and client.
    let fields: Vec<(String, String, u64, String)> = events
        .iter()
        .map(|e| {
            // OCSF 1.1.0 lists eight methods; others (PATCH) are kept in `unmapped`.
            let method = e["http_request"]["http_method"]
                .as_str()
                .or(e["unmapped"]["http_method"].as_str());
            (
                method.unwrap_or("").to_string(),
                e["http_request"]["url"]["url_string"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                e["http_response"]["code"].as_u64().unwrap_or(0),
                e["src_endpoint"]["ip"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut used = vec![false; events.len()];
    let mut problems = Vec::new();
    for (i, s) in sent.iter().enumerate() {
        let ok_urls = acceptable_urls(&s.target);
        let found = fields.iter().enumerate().position(|(j, (m, u, c, ip))| {
            !used[j]
                && *m == s.method
                && ok_urls.contains(u)
                && *c == u64::from(s.status)
                && *ip == s.client.to_string()
        });
        match found {
            Some(j) => used[j] = true,
            None => problems.push(format!(
                "request {i} ({} {} -> {} from {}) has no event",
                s.method,
                short(&ok_urls[0]),
                s.status,
                s.client
            )),
        }
    }
    for (j, f) in fields.iter().enumerate().filter(|(j, _)| !used[*j]) {
        let line =
            String::from_utf8_lossy(log_lines.get(j).copied().unwrap_or_default()).into_owned();
        problems.push(format!(
            "event {j} ({} {} -> {} from {}) matches no request\n    log line: {}",
            f.0,
            short(&f.1),
            f.2,
            f.3,
            short(&line)
        ));
    }
    println!(
        "{source}: {} requests, {} events, {} mismatches",
        sent.len(),
        events.len(),
        problems.len()
    );
    for p in problems.iter().take(30) {
        println!("  {p}");
    }
    assert!(
        problems.is_empty(),
        "{source}: {} event(s) do not match their request (listed above)",
        problems.len()
    );
}

/// At most 160 characters of `s`, for messages.
fn short(s: &str) -> String {
    if s.chars().count() <= 160 {
        return s.to_string();
    }
    let head: String = s.chars().take(150).collect();
    format!("{head}…({} chars)", s.chars().count())
}

fn nginx_conf(dir: &Path, port: u16, v6: bool) -> String {
    let d = dir.display();
    let listen6 = if v6 {
        format!("listen [::1]:{port};")
    } else {
        String::new()
    };
    format!(
        "daemon off;\nmaster_process off;\nuser root;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n  access_log {d}/access.log combined;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  \
         fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  \
         server {{\n    listen 127.0.0.1:{port};\n    {listen6}\n    location / {{ return 200 \"ok\\n\"; }}\n    \
         location /missing {{ return 404; }}\n  }}\n}}\n"
    )
}

fn start_nginx(dir: &Path, port: u16, v6: bool) -> Option<Server> {
    let bin = server_binary("/usr/sbin/nginx")?;
    let conf = dir.join("nginx.conf");
    fs::write(&conf, nginx_conf(dir, port, v6)).expect("write nginx.conf");
    let mut cmd = Command::new(bin);
    cmd.arg("-c")
        .arg(&conf)
        .arg("-p")
        .arg(dir)
        .arg("-e")
        .arg(dir.join("error.log"));
    let mut addrs = vec![SocketAddr::from((Ipv4Addr::LOCALHOST, port))];
    if v6 {
        addrs.push(SocketAddr::from((Ipv6Addr::LOCALHOST, port)));
    }
    Some(Server::start("nginx", dir, &mut cmd, &addrs))
}

#[test]
fn nginx_combined_log_matches_the_requests() {
    let dir = server_dir("nginx");
    let v6 = has_ipv6_loopback();
    let port = free_port(v6);
    let Some(mut server) = start_nginx(dir.path(), port, v6) else {
        return;
    };
    let mut sent = Vec::new();
    send_origin_requests(
        SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        140,
        &mut sent,
    );
    if v6 {
        send_origin_requests(SocketAddr::from((Ipv6Addr::LOCALHOST, port)), 70, &mut sent);
    }
    server.stop();
    check_log("nginx", &dir.path().join("access.log"), &sent);
}

fn apache_conf(dir: &Path, port: u16, v6: bool) -> String {
    let d = dir.display();
    let m = "/usr/lib/apache2/modules";
    let listen6 = if v6 {
        format!("Listen [::1]:{port}")
    } else {
        String::new()
    };
    format!(
        "ServerRoot {d}\nServerName localhost\nListen 127.0.0.1:{port}\n{listen6}\nPidFile {d}/apache.pid\n\
         DefaultRuntimeDir {d}\nMutex file:{d} default\nErrorLog {d}/error.log\nLogLevel warn\n\
         LoadModule mpm_event_module {m}/mod_mpm_event.so\nLoadModule authz_core_module {m}/mod_authz_core.so\n\
         LoadModule dir_module {m}/mod_dir.so\nLoadModule mime_module {m}/mod_mime.so\n\
         User www-data\nGroup www-data\nStartServers 1\nServerLimit 1\nThreadsPerChild 8\nMaxRequestWorkers 8\n\
         TypesConfig /etc/mime.types\nDocumentRoot {d}/htdocs\nDirectoryIndex index.html\n\
         <Directory {d}/htdocs>\n  Require all granted\n</Directory>\n\
         # The stock format, as Debian's /etc/apache2/apache2.conf defines it.\n\
         LogFormat \"%h %l %u %t \\\"%r\\\" %>s %O \\\"%{{Referer}}i\\\" \\\"%{{User-Agent}}i\\\"\" combined\n\
         CustomLog {d}/access.log combined\nHostnameLookups Off\n"
    )
}

#[test]
fn apache_combined_log_matches_the_requests() {
    let Some(bin) = server_binary("/usr/sbin/apache2") else {
        return;
    };
    let dir = server_dir("apache");
    let d = dir.path();
    let v6 = has_ipv6_loopback();
    let port = free_port(v6);
    fs::create_dir_all(d.join("htdocs")).expect("htdocs");
    fs::write(d.join("htdocs/index.html"), "ok\n").expect("index.html");
    fs::write(d.join("apache.conf"), apache_conf(d, port, v6)).expect("write apache.conf");
    let mut cmd = Command::new(bin);
    cmd.arg("-f").arg(d.join("apache.conf")).arg("-DFOREGROUND");
    let mut addrs = vec![SocketAddr::from((Ipv4Addr::LOCALHOST, port))];
    if v6 {
        addrs.push(SocketAddr::from((Ipv6Addr::LOCALHOST, port)));
    }
    let mut server = Server::start("apache", d, &mut cmd, &addrs);
    let mut sent = Vec::new();
    send_origin_requests(addrs[0], 140, &mut sent);
    if v6 {
        send_origin_requests(addrs[1], 70, &mut sent);
    }
    server.stop();
    check_log("apache", &d.join("access.log"), &sent);
}

fn squid_conf(dir: &Path, port: u16, origin_port: u16, v6: bool) -> String {
    let d = dir.display();
    let listen6 = if v6 {
        format!("http_port [::1]:{port}")
    } else {
        String::new()
    };
    format!(
        "http_port 127.0.0.1:{port}\n{listen6}\npid_filename {d}/squid.pid\n\
         access_log stdio:{d}/access.log squid\ncache_log {d}/cache.log\ncache_store_log none\n\
         coredump_dir {d}\ncache deny all\ncache_mem 8 MB\ncache_effective_user proxy\n\
         # Never a query leaves the machine: no DNS servers but loopback, no ICP/HTCP/SNMP.\n\
         dns_nameservers 127.0.0.1\nicp_port 0\nhtcp_port 0\nlogfile_rotate 0\nshutdown_lifetime 0 seconds\n\
         forwarded_for on\nvia on\n\
         # Log whole URLs (the default strips query strings), so they can be compared.\n\
         strip_query_terms off\n\
         acl SSL_ports port {origin_port}\nacl Safe_ports port {origin_port}\nacl CONNECT method CONNECT\n\
         acl denied dstdomain .denied.test\nacl local src 127.0.0.1/32 ::1\n\
         http_access deny !Safe_ports\nhttp_access deny CONNECT !SSL_ports\nhttp_access deny denied\n\
         http_access allow local\nhttp_access deny all\n"
    )
}

#[test]
fn squid_native_log_matches_the_requests() {
    let Some(bin) = server_binary("/usr/sbin/squid") else {
        return;
    };
    let v6 = has_ipv6_loopback();
    // The origin the proxy fetches from: an nginx of its own (its log is not checked here).
    let origin_dir = server_dir("squid-origin");
    let origin_port = free_port(false);
    let Some(_origin) = start_nginx(origin_dir.path(), origin_port, false) else {
        return;
    };

    let dir = server_dir("squid");
    let d = dir.path();
    let port = free_port(v6);
    fs::write(d.join("squid.conf"), squid_conf(d, port, origin_port, v6))
        .expect("write squid.conf");
    let mut cmd = Command::new(bin);
    cmd.arg("-N").arg("-f").arg(d.join("squid.conf"));
    let mut addrs = vec![SocketAddr::from((Ipv4Addr::LOCALHOST, port))];
    if v6 {
        addrs.push(SocketAddr::from((Ipv6Addr::LOCALHOST, port)));
    }
    // A probe connection would be logged (`error:transaction-end-before-headers`), so
    // readiness is read from cache.log instead.
    let mut server = Server::start("squid", d, &mut cmd, &[]);
    let deadline = Instant::now() + Duration::from_secs(30);
    let ready = |n: usize| {
        fs::read_to_string(d.join("cache.log"))
            .is_ok_and(|t| t.matches("Accepting HTTP Socket connections").count() >= n)
    };
    while !ready(addrs.len()) {
        assert!(
            Instant::now() < deadline,
            "squid not ready after 30 s:\n{}",
            server.output()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let paths = [
        "/",
        "/index.html",
        "/search?q=a+b&lang=fr",
        "/odd%20path/%E2%9C%93",
        "/missing/page",
        "/a;b,c",
    ];
    let mut sent = Vec::new();
    for i in 0..90usize {
        let proxy = addrs[i % addrs.len()];
        let (method, target, head_only): (&str, String, bool) = match i % 6 {
            // A tunnel to an allowed port, and one to a port the ACL denies.
            4 => ("CONNECT", format!("127.0.0.1:{origin_port}"), true),
            5 if i % 12 == 5 => ("CONNECT", "127.0.0.1:25".to_string(), false),
            // Denied by destination domain (no DNS is needed to deny it).
            5 => (
                "GET",
                format!("http://www.denied.test/blocked?n={i}"),
                false,
            ),
            k => {
                let sep = if paths[k].contains('?') { '&' } else { '?' };
                let m = if i % 4 == 1 { "HEAD" } else { "GET" };
                (
                    m,
                    format!("http://127.0.0.1:{origin_port}{}{sep}n={i}", paths[k]),
                    false,
                )
            }
        };
        let host = if method == "CONNECT" {
            target.clone()
        } else {
            format!("127.0.0.1:{origin_port}")
        };
        let req = format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: sds-test/1 \"q\"\r\nConnection: close\r\n\r\n");
        let status = exchange(proxy, req.as_bytes(), head_only)
            .unwrap_or_else(|e| panic!("proxy request {i}: {e}"));
        sent.push(Sent {
            client: proxy.ip(),
            method: method.into(),
            target: target.into_bytes(),
            status,
        });
    }
    server.stop();
    check_log("squid", &d.join("access.log"), &sent);
}
