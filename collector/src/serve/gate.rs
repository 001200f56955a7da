//! The gate every connection passes through before hyper reads it: request heads are read and
//! checked here first, with time limits, so that a slow or malformed client costs little and is
//! answered like every other client.
//!
//! Why not leave it to hyper: hyper answers a head it cannot parse (400), one that is too large
//! (431) or a target that is too long (414) by itself, with a bare response that carries none of
//! the collector's security headers, and it has no limit on the time a request's head may take
//! to arrive once it has started. Here:
//!
//! - a head must arrive whole within `head_time` of its first byte, and be at most `head_bytes`
//!   long with at most [`MAX_HEADERS`] headers; its target at most `target_bytes`;
//! - a connection with nothing going either way for `idle_time` is closed (a client that opens a
//!   connection and sends nothing, or stops reading what it is sent);
//! - a head is checked as hyper will read it (httparse, the request target as `http::Uri`, one
//!   `Content-Length`, no `Transfer-Encoding`), so hyper never has to refuse one itself.
//!
//! Under pressure (more than three quarters of the connections the collector takes are open:
//! [`Load`]), a head must arrive within `busy_head_time` and a connection waiting for its next
//! request (a new one, or one kept alive) is closed after `busy_idle_time`: so a crowd of clients
//! that hold connections open and reconnect as soon as they are closed cannot keep a respondent
//! waiting for more than about those times, and idle connections go first.
//!
//! A head the gate refuses is not answered by the gate: it hands hyper, in its place, a request
//! for [`REFUSED_PATH`]`/STATUS` with `Connection: close`, and the router answers that like any
//! other request, with every header and a JSON body, after any response still being written on
//! the same connection (so nothing is interleaved). Bodies are passed through as they come; the
//! time a body may take is the handler's to limit (`serve`).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};

/// Where the router answers a request the gate refused: `/.speaksafe/refused/431` and so on.
pub const REFUSED_PATH: &str = "/.speaksafe/refused";
/// The most headers a request may have.
pub const MAX_HEADERS: usize = 64;

/// The gate's limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The longest request head, in bytes.
    pub head_bytes: usize,
    /// The longest request target (path and query), in bytes.
    pub target_bytes: usize,
    /// How long a head may take to arrive, from its first byte.
    pub head_time: Duration,
    /// How long a connection may stay with nothing read or written.
    pub idle_time: Duration,
    /// Under pressure: how long a head may take, and how long a connection may wait for its
    /// next request.
    pub busy_head_time: Duration,
    pub busy_idle_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            head_bytes: 16 * 1024,
            target_bytes: 2048,
            head_time: Duration::from_secs(10),
            idle_time: Duration::from_secs(30),
            busy_head_time: Duration::from_secs(1),
            busy_idle_time: Duration::from_millis(500),
        }
    }
}

/// How full the collector is: the connections it takes ([`crate::serve::connections`]'s
/// permits), shared by every gate.
#[derive(Debug, Clone)]
pub struct Load {
    permits: Arc<Semaphore>,
    max: usize,
}

/// How often a waiting connection looks again at the load once the collector is half full, so
/// that it is shed soon after the pressure comes.
const RECHECK: Duration = Duration::from_millis(200);

impl Load {
    pub fn new(permits: Arc<Semaphore>, max: usize) -> Load {
        Load { permits, max: max.max(1) }
    }

    fn open(&self) -> usize {
        self.max.saturating_sub(self.permits.available_permits())
    }

    /// More than three quarters of the connections taken are open.
    pub fn busy(&self) -> bool {
        self.open() * 4 > self.max * 3
    }

    /// Half of them or more: waiting connections look at the load again often.
    fn rising(&self) -> bool {
        self.open() * 2 >= self.max
    }
}

/// A connection, as hyper sees it through the gate.
pub struct Gate<S> {
    inner: S,
    limits: Limits,
    /// Bytes read and not yet handed on: the start of the next head (and what follows it).
    head: Vec<u8>,
    /// When the head in `head` started to arrive.
    head_started: Option<Instant>,
    /// Checked bytes for hyper, and how many of them it has taken.
    release: Vec<u8>,
    released: usize,
    /// Body bytes still to pass through before the next head.
    body_left: u64,
    /// A refusal was handed on: nothing more is read from this connection.
    refused: bool,
    /// How full the collector is, when it sheds load.
    load: Option<Load>,
    /// When anything was last read or written.
    active: Instant,
    read_timer: Pin<Box<Sleep>>,
    write_timer: Pin<Box<Sleep>>,
}

impl<S> Gate<S> {
    pub fn new(inner: S, limits: Limits) -> Gate<S> {
        Gate::with_load(inner, limits, None)
    }

    /// A gate that sheds load when the collector is busy.
    pub fn with_load(inner: S, limits: Limits, load: Option<Load>) -> Gate<S> {
        let now = Instant::now();
        Gate {
            inner,
            limits,
            head: Vec::new(),
            head_started: None,
            release: Vec::new(),
            released: 0,
            body_left: 0,
            refused: false,
            load,
            active: now,
            read_timer: Box::pin(tokio::time::sleep_until(now + limits.idle_time)),
            write_timer: Box::pin(tokio::time::sleep_until(now + limits.idle_time)),
        }
    }

    /// Hands hyper, in place of the request, one for the router's refusal with this status.
    fn refuse(&mut self, status: u16) {
        self.release = format!("GET {REFUSED_PATH}/{status} HTTP/1.1\r\nconnection: close\r\n\r\n").into_bytes();
        self.released = 0;
        self.head.clear();
        self.head_started = None;
        self.body_left = 0;
        self.refused = true;
    }

    /// Looks at the head gathered so far: hands it on when it is whole and sound.
    fn check_head(&mut self) {
        match read_head(&self.head, &self.limits) {
            Head::Partial if self.head.len() >= self.limits.head_bytes => self.refuse(431),
            Head::Partial => {}
            Head::Refused(status) => self.refuse(status),
            Head::Complete { length, body } => {
                let rest = self.head.split_off(length);
                let mut release = std::mem::replace(&mut self.head, rest);
                // What came after the head is its body, then perhaps the next request's head.
                let in_hand = (self.head.len() as u64).min(body) as usize;
                release.extend(self.head.drain(..in_hand));
                self.release = release;
                self.released = 0;
                self.body_left = body - in_hand as u64;
                self.head_started = (!self.head.is_empty()).then(Instant::now);
            }
        }
    }
}

enum Head {
    Partial,
    Complete { length: usize, body: u64 },
    Refused(u16),
}

/// Reads a request head as hyper will, and decides whether to hand it on.
fn read_head(bytes: &[u8], limits: &Limits) -> Head {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let length = match request.parse(bytes) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => {
            // A target longer than allowed is refused as soon as it is seen to be.
            let line = bytes.split(|&b| b == b'\n').next().unwrap_or(bytes);
            let target = line.splitn(3, |&b| b == b' ').nth(1).unwrap_or(&[]);
            return if target.len() > limits.target_bytes { Head::Refused(414) } else { Head::Partial };
        }
        Err(httparse::Error::TooManyHeaders) => return Head::Refused(431),
        Err(_) => return Head::Refused(400),
    };
    if length > limits.head_bytes {
        return Head::Refused(431);
    }
    let target = request.path.unwrap_or("");
    if target.len() > limits.target_bytes {
        return Head::Refused(414);
    }
    if target.parse::<http::Uri>().is_err() || request.method == Some("CONNECT") {
        return Head::Refused(400);
    }
    let mut body: Option<u64> = None;
    for header in request.headers.iter() {
        if header.name.eq_ignore_ascii_case("transfer-encoding") {
            // Browsers send a body's length; a chunked request is refused rather than framed here.
            return Head::Refused(411);
        }
        if header.name.eq_ignore_ascii_case("content-length") {
            let value = std::str::from_utf8(header.value).ok().map(str::trim);
            let parsed = value
                .filter(|v| !v.is_empty() && v.len() <= 19 && v.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|v| v.parse::<u64>().ok());
            match (parsed, body) {
                (None, _) => return Head::Refused(400),
                (Some(n), Some(seen)) if n != seen => return Head::Refused(400),
                (Some(n), _) => body = Some(n),
            }
        }
    }
    Head::Complete { length, body: body.unwrap_or(0) }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for Gate<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if this.released < this.release.len() {
                let n = buf.remaining().min(this.release.len() - this.released);
                buf.put_slice(&this.release[this.released..this.released + n]);
                this.released += n;
                return Poll::Ready(Ok(()));
            }
            if this.body_left > 0 {
                let mut chunk = [0u8; 8192];
                let limit = usize::try_from(this.body_left).unwrap_or(usize::MAX).min(buf.remaining()).min(chunk.len());
                let mut part = ReadBuf::new(&mut chunk[..limit]);
                match Pin::new(&mut this.inner).poll_read(cx, &mut part) {
                    Poll::Ready(Ok(())) => {
                        let n = part.filled().len();
                        buf.put_slice(part.filled());
                        this.body_left -= n as u64;
                        if n > 0 {
                            this.active = Instant::now();
                        }
                        return Poll::Ready(Ok(()));
                    }
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                    Poll::Pending => return this.wait_idle(cx),
                }
            }
            if this.refused {
                // Nothing more is read: hyper answers the refusal and closes the connection.
                return this.wait_idle(cx);
            }
            if !this.head.is_empty() {
                this.check_head();
                if this.released < this.release.len() || this.refused {
                    continue;
                }
            }
            let mut chunk = [0u8; 4096];
            let mut read = ReadBuf::new(&mut chunk);
            match Pin::new(&mut this.inner).poll_read(cx, &mut read) {
                Poll::Ready(Ok(())) if read.filled().is_empty() => return Poll::Ready(Ok(())),
                Poll::Ready(Ok(())) => {
                    let now = Instant::now();
                    this.active = now;
                    if this.head.is_empty() {
                        this.head_started = Some(now);
                    }
                    this.head.extend_from_slice(read.filled());
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => {
                    let busy = this.load.as_ref().is_some_and(Load::busy);
                    let deadline = match this.head_started {
                        // Waiting for a request (a new connection, or one kept alive).
                        None if busy => this.active + this.limits.busy_idle_time,
                        None => this.active + this.limits.idle_time,
                        Some(started) if busy => started + this.limits.busy_head_time,
                        Some(started) => started + this.limits.head_time,
                    };
                    // Should the pressure come meanwhile, look again soon rather than at the
                    // deadline of a quiet time.
                    let recheck = Instant::now() + RECHECK;
                    let looks_again = deadline > recheck && this.load.as_ref().is_some_and(Load::rising);
                    this.read_timer.as_mut().reset(if looks_again { recheck } else { deadline });
                    if this.read_timer.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    if looks_again {
                        continue;
                    }
                    match this.head_started {
                        // Idle too long: reads as closed.
                        None => return Poll::Ready(Ok(())),
                        // The head did not arrive in time.
                        Some(_) => this.refuse(408),
                    }
                }
            }
        }
    }
}

impl<S> Gate<S> {
    /// Pending, unless the connection has been idle too long: then it reads as closed.
    fn wait_idle(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.read_timer.as_mut().reset(self.active + self.limits.idle_time);
        match self.read_timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Ok(())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Gate<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, data) {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    this.active = Instant::now();
                }
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => {
                // A client that stops reading what it is sent holds the connection no longer
                // than one that sends nothing.
                this.write_timer.as_mut().reset(this.active + this.limits.idle_time);
                match this.write_timer.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading")))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn limits() -> Limits {
        Limits {
            head_bytes: 1024,
            target_bytes: 64,
            head_time: Duration::from_millis(200),
            idle_time: Duration::from_millis(400),
            busy_head_time: Duration::from_millis(100),
            busy_idle_time: Duration::from_millis(100),
        }
    }

    /// What hyper would read through the gate from a client that sends `sent` and then waits.
    async fn through(sent: &[u8]) -> Vec<u8> {
        let (mut client, server) = tokio::io::duplex(64 * 1024);
        client.write_all(sent).await.unwrap();
        let mut gate = Gate::new(server, limits());
        let mut out = Vec::new();
        let mut chunk = [0u8; 7]; // small reads, as a stress on the bookkeeping
        loop {
            match tokio::time::timeout(Duration::from_millis(600), gate.read(&mut chunk)).await {
                Ok(Ok(0)) | Err(_) => break,
                Ok(Ok(n)) => out.extend_from_slice(&chunk[..n]),
                Ok(Err(e)) => panic!("{e}"),
            }
            if out.ends_with(b"connection: close\r\n\r\n") {
                break;
            }
        }
        drop(client);
        out
    }

    fn refused(status: u16) -> Vec<u8> {
        format!("GET {REFUSED_PATH}/{status} HTTP/1.1\r\nconnection: close\r\n\r\n").into_bytes()
    }

    #[tokio::test]
    async fn sound_requests_pass_whole_with_their_bodies_one_after_another() {
        let two = b"POST /a HTTP/1.1\r\ncontent-length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\nhost: x\r\n\r\n";
        assert_eq!(through(two).await, two.to_vec());
    }

    #[tokio::test]
    async fn a_head_that_does_not_arrive_in_time_is_refused_408() {
        assert_eq!(through(b"GET / HTTP/1.1\r\nhost: x\r\n").await, refused(408));
    }

    #[tokio::test]
    async fn malformed_oversized_and_chunked_heads_are_refused_with_their_status() {
        assert_eq!(through(b"GET / HTTP/1.1\r\nbad header\r\n\r\n").await, refused(400));
        assert_eq!(through(b"GET /\x01 HTTP/1.1\r\n\r\n").await, refused(400));
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(100));
        assert_eq!(through(long.as_bytes()).await, refused(414));
        let big = format!("GET / HTTP/1.1\r\nx: {}\r\n\r\n", "a".repeat(2000));
        assert_eq!(through(big.as_bytes()).await, refused(431));
        let many: String = (0..70).map(|i| format!("h{i}: v\r\n")).collect();
        assert_eq!(through(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()).await, refused(431));
        assert_eq!(through(b"POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n").await, refused(411));
        assert_eq!(through(b"POST / HTTP/1.1\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n").await, refused(400));
        assert_eq!(through(b"POST / HTTP/1.1\r\ncontent-length: -1\r\n\r\n").await, refused(400));
    }

    #[tokio::test]
    async fn a_refusal_after_a_sound_request_keeps_the_sound_one() {
        let sent = b"GET /a HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nbad\r\n\r\n";
        let mut want = b"GET /a HTTP/1.1\r\n\r\n".to_vec();
        want.extend(refused(400));
        assert_eq!(through(sent).await, want);
    }

    #[tokio::test]
    async fn an_idle_connection_reads_as_closed() {
        let (_client, server) = tokio::io::duplex(1024);
        let mut gate = Gate::new(server, limits());
        let mut chunk = [0u8; 16];
        let n =
            tokio::time::timeout(Duration::from_secs(2), gate.read(&mut chunk)).await.expect("closed in time").unwrap();
        assert_eq!(n, 0);
    }
}
