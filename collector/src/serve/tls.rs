//! HTTPS in the collector itself (`--tls-cert FILE --tls-key FILE`), for a collector with no proxy
//! in front of it. rustls, with ring's cryptography; TLS 1.2 and 1.3; HTTP/1.1 only (ALPN).
//!
//! The certificate and key are PEM files: the certificate chain (the server's certificate first,
//! then the intermediates, as Let's Encrypt's `fullchain.pem`), and its private key (PKCS #8,
//! PKCS #1 or SEC 1). On SIGHUP both are read again and new connections get the new ones;
//! connections already open keep the certificate they began with and are not dropped. A reload
//! that fails (a file half-written, a key that does not match) keeps the old certificate and says
//! why on stderr.
//!
//! With TLS on, every response carries `Strict-Transport-Security` ([`HSTS`]).

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

/// `Strict-Transport-Security` with TLS on: browsers use HTTPS only for this host for two years.
/// Not `includeSubDomains` nor `preload`: the collector cannot know what else the domain serves.
pub const HSTS: &str = "max-age=63072000";

/// The certificate in use, and where to read it again.
pub struct Certificates {
    cert: PathBuf,
    key: PathBuf,
    current: RwLock<Arc<ServerConfig>>,
}

impl Certificates {
    /// Reads the certificate chain and key; an error says which file and what is wrong.
    pub fn load(cert: &Path, key: &Path) -> Result<Certificates, String> {
        let config = server_config(cert, key)?;
        Ok(Certificates { cert: cert.to_path_buf(), key: key.to_path_buf(), current: RwLock::new(Arc::new(config)) })
    }

    /// Reads the files again; new connections get what they now hold. On error the certificate
    /// in use stays.
    pub fn reload(&self) -> Result<(), String> {
        let config = server_config(&self.cert, &self.key)?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(config);
        Ok(())
    }

    /// What a new connection's handshake uses.
    pub fn acceptor(&self) -> TlsAcceptor {
        TlsAcceptor::from(self.current.read().unwrap_or_else(|e| e.into_inner()).clone())
    }
}

fn server_config(cert: &Path, key: &Path) -> Result<ServerConfig, String> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| format!("--tls-cert {}: {}", cert.display(), pem_error(&e)))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("--tls-cert {}: {}", cert.display(), pem_error(&e)))?;
    if chain.is_empty() {
        return Err(format!("--tls-cert {}: no certificate in it (a PEM file with BEGIN CERTIFICATE)", cert.display()));
    }
    let private = PrivateKeyDer::from_pem_file(key).map_err(|e| {
        format!(
            "--tls-key {}: no private key read from it (a PEM file with BEGIN PRIVATE KEY): {}",
            key.display(),
            pem_error(&e)
        )
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_no_client_auth()
        .with_single_cert(chain, private)
        .map_err(|e| {
            format!(
                "--tls-cert {} with --tls-key {}: {e} (is it this certificate's key?)",
                cert.display(),
                key.display()
            )
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// What is wrong with a PEM file, in words: the parser's own message shows a marker line as a
/// list of byte values.
fn pem_error(e: &rustls_pki_types::pem::Error) -> String {
    use rustls_pki_types::pem::Error;
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).trim().chars().take(80).collect::<String>();
    match e {
        Error::MissingSectionEnd { end_marker } => {
            format!("a section does not end (no \"-----END {}-----\" line): is the file cut short?", text(end_marker))
        }
        Error::IllegalSectionStart { line } => {
            format!("a section starts with a line that is not a PEM marker: \"{}\"", text(line))
        }
        Error::Base64Decode(why) => format!("a section is not base64 ({why})"),
        Error::Io(e) => e.to_string(),
        Error::NoItemsFound => "nothing of the kind wanted is in it".into(),
        other => other.to_string(),
    }
}

/// Reloads `certificates` on every SIGHUP, for as long as the collector runs.
pub async fn reload_on_hangup(certificates: Arc<Certificates>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let Ok(mut hangups) = signal(SignalKind::hangup()) else {
            eprintln!("speaksafe: cannot listen for SIGHUP: the certificate will not be reloaded");
            return;
        };
        while hangups.recv().await.is_some() {
            match certificates.reload() {
                Ok(()) => eprintln!("speaksafe: certificate reloaded"),
                Err(message) => eprintln!("speaksafe: certificate not reloaded, the old one stays: {message}"),
            }
        }
    }
    #[cfg(not(unix))]
    std::future::pending::<()>().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pem_file_cut_short_is_said_in_words_not_bytes() {
        let dir = std::env::temp_dir().join(format!("speaksafe-tls-pem-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cert = dir.join("cut.pem");
        std::fs::write(&cert, "-----BEGIN CERTIFICATE-----\nMIIB\n").unwrap();
        let message = server_config(&cert, &cert).unwrap_err();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(message.contains("\"-----END CERTIFICATE-----\""), "{message}");
        assert!(!message.contains("[45, 45"), "{message}");
    }
}
