//! `speaksafe serve`: the collector. It serves the widget (the Trunk build) and the survey
//! definitions, and stores the sealed responses browsers send, which it cannot open.
//!
//! ```text
//! speaksafe serve --db responses.db|postgres://user@host/dbname --surveys surveys/ --static dist/ \
//!     --listen 127.0.0.1:8080 [--frame-ancestors "https://partner.example https://school.example"] \
//!     [--public-key NAME.pub] [--rate-limit 200] [--tls-cert FULLCHAIN.pem --tls-key KEY.pem]
//! ```
//!
//! `--db` is a SQLite file or a PostgreSQL URL ([`crate::store`]); several
//! collectors may share one PostgreSQL database. With `--tls-cert`/`--tls-key` the collector
//! speaks HTTPS itself ([`tls`]: reread on SIGHUP, `Strict-Transport-Security` on every
//! answer); without them plain HTTP, for use behind a proxy that does TLS. docs/deploy.md is the
//! operator's guide.
//!
//! # Endpoints
//!
//! - `POST /api/v1/surveys/{id}/responses`, body `{"submission_id": "<32 lowercase hex>",
//!   "envelope": "v1.<base64url>.<base64url>"}` (nothing else, at most 64 KiB; the envelope's
//!   shape is checked as `speaksafe_core::envelope::Envelope::from_text` reads it):
//!   - `201 {"status":"stored"}` once the response is on disk; the same submission sent again
//!     gets the same answer and is stored once;
//!   - `409` the submission id is already stored with another envelope;
//!   - `400` the body is not such JSON; `404` no such survey; `405` another method;
//!     `413` the body is over 64 KiB; `429` (with `Retry-After`, seconds) too many submissions
//!     this second, across all respondents; `503` (with `Retry-After`) the store could not
//!     write: send it again.
//!
//!   Every error is JSON: `{"error": "what is wrong"}`.
//! - `GET /surveys/{id}.json`: a definition read from `--surveys` at start (checked, with
//!   `--public-key` written into `submit.public_key`). Nothing else under `/surveys/` is served,
//!   not even a copy in `--static`.
//! - `GET /embed.js`: the partner's one-line embed, from `--static`, as
//!   `text/javascript` with `Cross-Origin-Resource-Policy: cross-origin`: it is meant to be
//!   loaded by other sites' pages (even those that require CORP of what they load), and
//!   `Access-Control-Allow-Origin: *`, so that a partner's `<script integrity crossorigin>` can
//!   check its hash.
//! - `GET /.well-known/speaksafe/manifest.json` and `manifest.json.sig`: the build's release
//!   manifest (every file's SHA-384, scripts/manifest.mjs) and its Ed25519 signature
//!   (`speaksafe release sign`), readable from any site; `speaksafe verify` checks a collector
//!   against them.
//! - `GET` anything else: a file from `--static` (`/` is `index.html`).
//!
//! Compressed for browsers that accept it (respondents are on slow phones): a file from
//! `--static` (and `/embed.js`) as its `.br` or `.gz` twin when the build made one
//! (`scripts/finish-build.mjs`, run by Trunk after every build), a definition gzipped once at
//! start. Such answers carry `Content-Encoding` and `Vary: Accept-Encoding`.
//!
//! `--frame-ancestors` is the CSP `frame-ancestors` of every response, the survey page
//! included: a site not listed gets no survey in a frame (the browser refuses to show it).
//! `Cross-Origin-Opener-Policy: same-origin` applies to the survey page only when it is the
//! top-level page; in a partner's frame browsers ignore it, so it does not stop embedding.
//!
//! Every response carries the security headers of [`security_headers`], and `Cache-Control:
//! no-store`: a shared school computer keeps nothing. Every error, whoever made it (a handler, the
//! static files, the connection gate), has a JSON body: `{"error": "what is wrong"}`.
//!
//! # Slow and junk clients
//!
//! Each connection passes through the gate ([`gate`]): a request's head must arrive within
//! `--header-timeout` seconds of its first byte (else 408), and a connection with nothing going
//! either way for `--idle-timeout` seconds is closed. A submission's body must arrive within
//! `--body-timeout` seconds (else 408). At most `--max-connections` are open at once (kept below
//! the open-file limit, which is raised to its maximum at start); beyond that, new connections
//! wait to be accepted.
//!
//! Every limit here (connections, the rate limit, the store's queue) is this process's own: with
//! several collectors behind a load balancer the service takes their sum.
//!
//! A submission is read and checked before it takes one of the `--rate-limit` tokens, so junk
//! never takes a real response's place. Refused requests have a budget of their own (as many per
//! second as the rate limit): past it they get 429 at once.
//!
//! Addresses are percent-decoded once, before routing: `/%73urveys/x.json` is `/surveys/x.json`,
//! and a path that would decode to something else again (`%25`) or holds anything a file name
//! here cannot is 404.
//!
//! # What the collector never records
//!
//! No address, no user agent, no time of a request. This is enforced here, in one place:
//! - [`run`] serves through [`connections::serve_tls`], which drops the peer's address as the
//!   connection is accepted, so no handler can even see it;
//! - [`router::router`] adds no request-logging layer (no `tower_http::trace::TraceLayer`, whose default
//!   fields include the URI, headers and timing), and no handler reads request headers other
//!   than `Content-Length`;
//! - the only output is the address listened on, at start, and counts, at the end. Counts are not
//!   printed as they happen, since a log line's timestamp would date a submission.
//! - the store keeps the day only ([`crate::store`]).

/// A line on standard output that never stops the collector, should nobody read it any more
/// (`println!` panics when its pipe is closed).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod app;
pub mod bucket;
pub mod codes;
pub mod connections;
pub mod console;
pub mod counters;
pub mod first_screen;
pub mod gate;
pub mod headers;
mod pages;
pub mod refusal;
pub mod router;
pub mod submit;
pub mod surveys;
pub mod tls;

pub use counters::Counters;
pub use router::{router, router_with_counts, Options};

use crate::store;
use connections::Settings;
use gate::Limits;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tls::Certificates;

/// How long shutdown waits for open requests before it stops anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the responses are kept: a SQLite file (created if missing), or a PostgreSQL URL
    /// (postgres://user@host/dbname; its table is created or brought up to date at start).
    #[arg(long, value_name = "FILE|URL", default_value = "responses.db", env = "SPEAKSAFE_DB", hide_env_values = true)]
    pub db: store::Location,
    /// The folder of survey definitions (*.json) to serve; every one must be valid.
    #[arg(long, value_name = "DIR", default_value = "surveys")]
    pub surveys: PathBuf,
    /// The folder of the built widget (Trunk's dist/).
    #[arg(long = "static", value_name = "DIR", default_value = "dist")]
    pub static_dir: PathBuf,
    /// The address and port to listen on.
    #[arg(long, value_name = "ADDRESS:PORT", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The sites allowed to embed the survey in a frame, separated by spaces
    /// (e.g. "https://partner.example https://school.example"); none when not given.
    #[arg(long, value_name = "SOURCES")]
    pub frame_ancestors: Option<String>,
    /// A public key file (43 characters of base64url, from `speaksafe keygen`) written into
    /// every served definition's submit.public_key.
    #[arg(long, value_name = "NAME.pub")]
    pub public_key: Option<PathBuf>,
    /// The most submissions accepted per second, across all respondents (0: no limit).
    #[arg(long, value_name = "PER_SECOND", default_value_t = 200)]
    pub rate_limit: u32,
    /// The most connections open at once (kept below the open-file limit).
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub max_connections: usize,
    /// Seconds a request's head may take to arrive, from its first byte.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub header_timeout: u64,
    /// Seconds a submission's body may take to arrive.
    #[arg(long, value_name = "SECONDS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub body_timeout: u64,
    /// Seconds a connection may stay with nothing sent or received.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout: u64,
    /// Where organisers reach this service, e.g. https://survey.city.example: the console's
    /// passkeys belong to it (a host name, not an IP address). Default: http://localhost:PORT.
    #[arg(long, value_name = "URL", env = "SPEAKSAFE_ORIGIN")]
    pub origin: Option<String>,
    /// Serve HTTPS with this certificate chain (PEM; reread on SIGHUP). Needs --tls-key. Without
    /// it, plain HTTP, for use behind a proxy that does TLS.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM; reread on SIGHUP).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

/// Runs `speaksafe serve`.
pub fn run(args: &Args) -> ExitCode {
    match serve(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("speaksafe serve: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: &Args) -> Result<(), String> {
    let frame_ancestors = headers::frame_ancestors(args.frame_ancestors.as_deref().unwrap_or(""))?;
    let public_key = match &args.public_key {
        Some(path) => Some(surveys::read_public_key(path)?),
        None => None,
    };
    let (surveys, warnings) = surveys::load_surveys(&args.surveys, public_key.as_deref()).map_err(|problems| {
        let mut message = format!("cannot serve the surveys in {}:", args.surveys.display());
        for problem in problems {
            let _ = write!(message, "\n  {problem}");
        }
        message
    })?;
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    if !args.static_dir.is_dir() {
        return Err(format!(
            "--static {}: not a folder (build the widget with `trunk build --release`)",
            args.static_dir.display()
        ));
    }
    let store = store::open(&args.db, store::Access::Collect).map_err(|e| format!("--db {e}"))?;
    let counts = Arc::new(Counters::default());
    let certificates = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(Arc::new(Certificates::load(cert, key)?)),
        _ => None,
    };
    let origin = match &args.origin {
        Some(origin) => origin.trim_end_matches('/').to_string(),
        None => format!("http://localhost:{}", args.listen.port()),
    };
    if let Err(why) = console::passkeys::relying_party(&origin) {
        eprintln!("warning: {why}; organisers cannot sign in to the console until it is set right");
    }
    let records = store::Records::open(&args.db, store::Access::Collect).map_err(|e| format!("--db {e}"))?;
    let options = Options {
        static_dir: args.static_dir.clone(),
        frame_ancestors,
        rate_limit: args.rate_limit,
        body_timeout: Duration::from_secs(args.body_timeout),
        hsts: certificates.is_some(),
        public_key,
        origin: origin.clone(),
    };
    let ids: Vec<String> = surveys.iter().map(|s| s.id.clone()).collect();
    let files = connections::raise_file_limit();
    let settings = Settings {
        max: connections::cap(args.max_connections, files),
        limits: Limits {
            head_time: Duration::from_secs(args.header_timeout),
            idle_time: Duration::from_secs(args.idle_timeout),
            ..Limits::default()
        },
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("speaksafe-serve")
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    let served = runtime.block_on(async {
        let app = router_with_counts(store.clone(), Some(Arc::new(records)), surveys, &options, counts.clone());
        let listener = tokio::net::TcpListener::bind(args.listen).await.map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        // Our own address, so that a test or a supervisor can find the port: never a client's.
        let scheme = if certificates.is_some() { "https" } else { "http" };
        say!("speaksafe: serving {} on {scheme}://{address}/", ids.join(", "));
        say!("speaksafe: up to {} connections at once", settings.max);
        say!("speaksafe: the organisers' console is at {origin}/console/");
        let _ = std::io::Write::flush(&mut std::io::stdout());

        let stop = Arc::new(tokio::sync::Notify::new());
        let stopping = {
            let stop = stop.clone();
            async move {
                shutdown_signal().await;
                // notify_one keeps a permit, so the deadline below starts even if it is not yet waiting.
                stop.notify_one();
            }
        };
        // No connect info reaches the router, so no handler can see an address.
        if let Some(certificates) = &certificates {
            tokio::spawn(tls::reload_on_hangup(certificates.clone()));
        }
        let server = connections::serve_tls(listener, app, settings, certificates.clone(), stopping);
        let deadline = async {
            stop.notified().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        tokio::select! {
            () = server => Ok(()),
            () = deadline => {
                eprintln!("speaksafe: requests still open {} s after the signal; stopping anyway", SHUTDOWN_GRACE.as_secs());
                Ok(())
            }
        }
    });
    // Every acknowledged submission is already on disk; write what is still waiting, then stop.
    store.close();
    runtime.shutdown_timeout(Duration::from_secs(1));
    say!("speaksafe: stopped; {}", counts.summary());
    served
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
