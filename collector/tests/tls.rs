//! HTTPS in the collector: the built `speaksafe serve --tls-cert … --tls-key …` answers over TLS
//! with the certificate given, sends `Strict-Transport-Security`, and on SIGHUP takes a new
//! certificate for new connections while a connection opened before keeps working.
//!
//! The certificates are made here: a test authority, and two server certificates it signs for
//! `localhost`. The client is rustls trusting only that authority. All on 127.0.0.1.

mod common;

use common::{Server, Temp};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{self, ClientConfig, ClientConnection, RootCertStore, StreamOwned};

/// A test certificate authority.
struct Authority(CertifiedIssuer<'static, KeyPair>);

impl Authority {
    fn new() -> Authority {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(rcgen::DnType::CommonName, "speaksafe test authority");
        Authority(CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap())
    }

    /// A certificate for `localhost` and its key, as PEM files in `dir`; the certificate's DER.
    fn issue(&self, dir: &Path) -> Vec<u8> {
        let key = KeyPair::generate().unwrap();
        let params = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
        let certificate = params.signed_by(&key, &self.0).unwrap();
        // Written whole, then renamed, as a certificate tool would: a reload never reads half a file.
        for (name, text) in [("cert.pem", certificate.pem()), ("key.pem", key.serialize_pem())] {
            std::fs::write(dir.join(format!("{name}.new")), text).unwrap();
            std::fs::rename(dir.join(format!("{name}.new")), dir.join(name)).unwrap();
        }
        certificate.der().to_vec()
    }

    fn client(&self) -> Arc<ClientConfig> {
        let mut roots = RootCertStore::empty();
        roots.add(self.0.der().clone()).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        Arc::new(
            ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_root_certificates(roots)
                .with_no_client_auth(),
        )
    }
}

/// A TLS connection to the collector, as a browser trusting the test authority would make.
struct Https(BufReader<StreamOwned<ClientConnection, TcpStream>>);

impl Https {
    fn open(address: SocketAddr, config: Arc<ClientConfig>) -> Https {
        let tcp = TcpStream::connect(address).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let name = ServerName::try_from("localhost").unwrap();
        let connection = ClientConnection::new(config, name).unwrap();
        let mut stream = StreamOwned::new(connection, tcp);
        while stream.conn.is_handshaking() {
            stream.conn.complete_io(&mut stream.sock).expect("the TLS handshake");
        }
        Https(BufReader::new(stream))
    }

    /// The certificate the server presented (DER).
    fn certificate(&self) -> Vec<u8> {
        let chain: &[CertificateDer] = self.0.get_ref().conn.peer_certificates().expect("a certificate");
        chain[0].to_vec()
    }

    /// GET `path` on this connection: the status and the headers (lower-case names).
    fn get(&mut self, path: &str) -> (u16, Vec<(String, String)>) {
        let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        self.0.get_mut().write_all(request.as_bytes()).unwrap();
        let mut status = String::new();
        self.0.read_line(&mut status).unwrap();
        let code = status.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("{status:?}"));
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            self.0.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
        }
        let length: usize = headers.iter().find(|(n, _)| n == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
        let mut body = vec![0; length];
        self.0.read_exact(&mut body).unwrap();
        (code, headers)
    }
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn start(dir: &Path, tls: bool) -> Server {
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(dir.join("dist/index.html"), "<!doctype html><title>Survey</title>").unwrap();
    let surveys = Path::new(env!("CARGO_MANIFEST_DIR")).join("../surveys").display().to_string();
    let (db, dist) = (dir.join("responses.db").display().to_string(), dir.join("dist").display().to_string());
    let (cert, key) = (dir.join("cert.pem").display().to_string(), dir.join("key.pem").display().to_string());
    let mut args = vec!["serve", "--db", &db, "--surveys", &surveys, "--static", &dist];
    if tls {
        args.extend(["--tls-cert", &cert, "--tls-key", &key]);
    }
    Server::start(&args)
}

#[test]
fn https_with_hsts_and_a_new_certificate_on_sighup_without_dropping_connections() {
    let temp = Temp::new("tls");
    let authority = Authority::new();
    let first = authority.issue(temp.path());
    let server = start(temp.path(), true);
    let client = authority.client();

    let mut before = Https::open(server.address, client.clone());
    assert_eq!(before.certificate(), first);
    let (status, headers) = before.get("/");
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "strict-transport-security"), Some("max-age=63072000"));
    assert_eq!(header(&headers, "cache-control"), Some("no-store"), "the other headers stay");
    let (status, headers) = before.get("/surveys/youth-voice.json");
    assert_eq!(status, 200);
    assert!(header(&headers, "strict-transport-security").is_some());

    // Plain HTTP to the TLS port is no conversation.
    let mut plain = TcpStream::connect(server.address).unwrap();
    plain.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    plain.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    let _ = plain.read_to_end(&mut answer);
    assert!(!String::from_utf8_lossy(&answer).contains("200 OK"));

    // A new certificate, then SIGHUP.
    let second = authority.issue(temp.path());
    assert_ne!(first, second);
    let pid = server.child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-HUP", &pid]).status().unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if Https::open(server.address, client.clone()).certificate() == second {
            break;
        }
        assert!(Instant::now() < deadline, "new connections still get the old certificate 10 s after SIGHUP");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The connection made before the reload was not dropped: it still has the old certificate and
    // is answered.
    assert_eq!(before.certificate(), first);
    assert_eq!(before.get("/").0, 200);

    // A reload that cannot read the files keeps the certificate in use.
    std::fs::write(temp.path().join("key.pem"), "not a key").unwrap();
    assert!(std::process::Command::new("kill").args(["-HUP", &pid]).status().unwrap().success());
    std::thread::sleep(Duration::from_millis(300));
    let mut after = Https::open(server.address, client);
    assert_eq!(after.certificate(), second);
    assert_eq!(after.get("/").0, 200);
}

#[test]
fn without_tls_plain_http_and_no_hsts() {
    let temp = Temp::new("plain");
    let server = start(temp.path(), false);
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(!answer.to_ascii_lowercase().contains("strict-transport-security"), "{answer}");
}

#[test]
fn a_certificate_that_cannot_be_read_stops_the_collector_at_start_saying_which() {
    let temp = Temp::new("bad-cert");
    std::fs::write(temp.path().join("cert.pem"), "not a certificate").unwrap();
    std::fs::write(temp.path().join("key.pem"), "not a key").unwrap();
    let surveys = Path::new(env!("CARGO_MANIFEST_DIR")).join("../surveys");
    std::fs::create_dir_all(temp.path().join("dist")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_speaksafe"))
        .arg("serve")
        .arg("--db")
        .arg(temp.path().join("responses.db"))
        .arg("--surveys")
        .arg(surveys)
        .arg("--static")
        .arg(temp.path().join("dist"))
        .arg("--tls-cert")
        .arg(temp.path().join("cert.pem"))
        .arg("--tls-key")
        .arg(temp.path().join("key.pem"))
        .args(["--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("--tls-cert") && message.contains("cert.pem"), "{message}");
    // --tls-cert without --tls-key is a usage error.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_speaksafe"))
        .args(["serve", "--tls-cert", "cert.pem"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
