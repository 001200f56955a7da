//! How the collector takes connections: at most so many at once, each through the gate
//! ([`crate::gate`]) with its time limits, and all of them finished gracefully on stop.
//!
//! When the cap is reached the collector stops accepting until a connection closes: new clients
//! wait in the kernel's queue (back-pressure) rather than each costing a file and a task. The
//! cap is kept below the process's open-file limit, which is raised to its maximum at start, so
//! that the database and the files served always find a file descriptor.
//!
//! The peer's address is never looked at: `accept`'s address is dropped unread.
//!
//! With TLS ([`crate::tls`]), the handshake comes first, in the connection's own task, and must
//! finish within the gate's `head_time`; the gate then reads the decrypted stream as it would a
//! plain one. Each handshake takes the certificate in force when the connection came, so a
//! reload changes only connections made after it.

use super::gate::{Gate, Limits, Load};
use super::tls::Certificates;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// File descriptors kept back from connections: the database, its journal, files being served.
const RESERVED_FILES: u64 = 64;

/// How connections are taken.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// The most connections open at once.
    pub max: usize,
    pub limits: Limits,
}

/// Raises this process's open-file limit to the most it may have; the limit now.
pub fn raise_file_limit() -> u64 {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit,
        Err(_) => rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(1024, |(soft, _)| soft),
    }
}

/// The most connections to take with this many files open at most, and `wanted`.
pub fn cap(wanted: usize, file_limit: u64) -> usize {
    let room = file_limit.saturating_sub(RESERVED_FILES).max(1);
    wanted.min(usize::try_from(room).unwrap_or(usize::MAX)).max(1)
}

/// Serves `router` on `listener` until `stop` completes, then lets the open connections finish
/// what they are doing (the caller bounds how long it waits).
pub async fn serve(listener: TcpListener, router: Router, settings: Settings, stop: impl Future<Output = ()>) {
    serve_tls(listener, router, settings, None, stop).await;
}

/// [`serve`], over TLS with `certificates` when given.
pub async fn serve_tls(
    listener: TcpListener,
    router: Router,
    settings: Settings,
    certificates: Option<Arc<Certificates>>,
    stop: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(settings.max));
    let load = Load::new(permits.clone(), settings.max);
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    // The gate times heads itself; hyper's own timer is only a backstop behind it.
    http.timer(TokioTimer::new())
        .header_read_timeout(settings.limits.head_time + Duration::from_secs(5))
        .keep_alive(true);
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let tcp = match accepted {
            Ok((tcp, _address_never_read)) => tcp,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it was taken: wait a
                // moment rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        match &certificates {
            None => {
                let gate = Gate::with_load(tcp, settings.limits, Some(load.clone()));
                let connection = http.serve_connection(TokioIo::new(gate), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                    drop(permit);
                });
            }
            Some(certificates) => {
                let acceptor = certificates.acceptor();
                let (http, watcher, load) = (http.clone(), graceful.watcher(), load.clone());
                tokio::spawn(async move {
                    // A client that never finishes its handshake holds its place no longer than
                    // one that never finishes its request's head.
                    let time = if load.busy() { settings.limits.busy_head_time } else { settings.limits.head_time };
                    if let Ok(Ok(tls)) = tokio::time::timeout(time, acceptor.accept(tcp)).await {
                        let gate = Gate::with_load(tls, settings.limits, Some(load));
                        let connection = http.serve_connection(TokioIo::new(gate), service);
                        let _ = watcher.watch(connection).await;
                    }
                    drop(permit);
                });
            }
        }
    }
    drop(listener);
    graceful.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_for_the_database_and_files() {
        assert_eq!(cap(1024, 256), 192);
        assert_eq!(cap(100, 1_000_000), 100);
        assert_eq!(cap(1024, 10), 1);
    }
}
