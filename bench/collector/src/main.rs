//! Loads `speaksafe serve` on 127.0.0.1 and reports submissions per second and latency, on each
//! store in one run: SQLite, PostgreSQL with one collector, PostgreSQL with two collectors.
//!
//! For each, it starts the built collector (`speaksafe`, beside this program in target/release/)
//! on a new database, then N keep-alive connections each post sealed-looking envelopes of the
//! shape the widget sends (1, 2 or 4 KiB buckets: 1.4 to 5.5 KB of text, 3.1 KB on average) one
//! after another, for a fixed time. Every 201 counted is durable: the collector answers after its
//! batch's commit (SQLite `synchronous=FULL`; PostgreSQL `synchronous_commit=on`, `fsync=on`).
//! With two collectors the connections are shared between them, as a load balancer would.
//!
//! PostgreSQL is a throwaway cluster the benchmark starts itself from Debian's `postgresql`
//! (/usr/lib/postgresql/*/bin; as the `postgres` user when run as root), in its default
//! configuration, on the same machine: the collectors, PostgreSQL and the load share its cores.
//!
//! ```text
//! cargo build --release -p speaksafe-collector -p speaksafe-bench-collector
//! target/release/speaksafe-bench-collector [--stores sqlite,postgres,postgres-2] [--connections 64]
//!     [--seconds 10] [--dir /tmp] [--speaksafe PATH]
//! ```
//!
//! Bounded: each run stops after `--seconds` (plus one second of warm-up), stops the collectors
//! with SIGTERM, and removes its folder and cluster. Traffic goes to 127.0.0.1 only.

#[path = "../../../collector/tests/common/postgres.rs"]
mod postgres;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RESPONSES: &str = "/api/v1/surveys/youth-voice/responses";
const WARM_UP: Duration = Duration::from_secs(1);

struct Settings {
    stores: Vec<Run>,
    connections: usize,
    seconds: u64,
    dir: PathBuf,
    speaksafe: PathBuf,
}

/// One run: a store, and how many collectors share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    Sqlite,
    Postgres { collectors: usize },
}

impl Run {
    fn parse(name: &str) -> Result<Run, String> {
        match name {
            "sqlite" => Ok(Run::Sqlite),
            "postgres" => Ok(Run::Postgres { collectors: 1 }),
            "postgres-2" => Ok(Run::Postgres { collectors: 2 }),
            other => Err(format!("--stores: unknown store {other:?} (sqlite, postgres, postgres-2)")),
        }
    }

    fn name(self) -> String {
        match self {
            Run::Sqlite => "SQLite, 1 collector".into(),
            Run::Postgres { collectors: 1 } => "PostgreSQL, 1 collector".into(),
            Run::Postgres { collectors } => format!("PostgreSQL, {collectors} collectors"),
        }
    }
}

fn settings() -> Result<Settings, String> {
    let mut s = Settings {
        stores: vec![Run::Sqlite, Run::Postgres { collectors: 1 }, Run::Postgres { collectors: 2 }],
        connections: 64,
        seconds: 10,
        dir: std::env::temp_dir(),
        speaksafe: std::env::current_exe().map_err(|e| e.to_string())?.with_file_name("speaksafe"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--stores" => s.stores = value()?.split(',').map(Run::parse).collect::<Result<_, _>>()?,
            "--connections" => s.connections = value()?.parse().map_err(|_| "--connections: a number")?,
            "--seconds" => s.seconds = value()?.parse().map_err(|_| "--seconds: a number")?,
            "--dir" => s.dir = value()?.into(),
            "--speaksafe" => s.speaksafe = value()?.into(),
            _ => return Err(format!("unknown argument {arg}; see the top of bench/collector/src/main.rs")),
        }
    }
    if !(1..=1024).contains(&s.connections) || !(1..=120).contains(&s.seconds) {
        return Err("--connections 1 to 1024, --seconds 1 to 120".into());
    }
    Ok(s)
}

fn main() {
    let settings = match settings() {
        Ok(s) => s,
        Err(message) => {
            eprintln!("speaksafe-bench-collector: {message}");
            std::process::exit(2);
        }
    };
    if !settings.speaksafe.is_file() {
        eprintln!(
            "speaksafe-bench-collector: no collector at {}; build it first: cargo build --release -p speaksafe-collector",
            settings.speaksafe.display()
        );
        std::process::exit(2);
    }
    // Other work on the machine shares its cores with the run: say how busy it was.
    let load = || std::fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split(' ').next().map(str::to_string));
    let load_before = load();
    let mut outcomes = Vec::new();
    for run in &settings.stores {
        let dir = settings.dir.join(format!("speaksafe-bench-collector-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("dist")).expect("create the bench folder");
        std::fs::write(dir.join("dist/index.html"), "<!doctype html><title>Survey</title>").unwrap();
        // A public key, so that the collector serves usable definitions and warns about nothing.
        std::fs::write(dir.join("bench.pub"), "q83vEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0Vng\n").unwrap();
        println!("{}:", run.name());
        let result = bench(&settings, *run, &dir);
        let _ = std::fs::remove_dir_all(&dir);
        match result {
            Ok(outcome) => outcomes.push((*run, outcome)),
            Err(message) => {
                eprintln!("speaksafe-bench-collector: {}: {message}", run.name());
                std::process::exit(1);
            }
        }
    }
    println!();
    if let (Some(before), Some(after)) = (load_before, load()) {
        println!("Load average (1 min) before the runs: {before}; after: {after}.");
    }
    println!("| store | durable submissions/s | p50 | p99 | collectors' CPU (cores) | machine CPU busy |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (run, o) in &outcomes {
        println!(
            "| {} | {:.0} | {:.1} ms | {:.1} ms | {:.2} | {:.0} % |",
            run.name(),
            o.per_second,
            o.p50,
            o.p99,
            o.collector_cpu,
            o.machine_busy * 100.0
        );
    }
}

/// What one run measured.
struct Outcome {
    per_second: f64,
    p50: f64,
    p99: f64,
    collector_cpu: f64,
    machine_busy: f64,
}

/// A running collector.
struct Collector {
    child: std::process::Child,
    stdout: BufReader<std::process::ChildStdout>,
    address: SocketAddr,
}

fn start_collector(settings: &Settings, dir: &Path, db: &str) -> Result<Collector, String> {
    let surveys = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../surveys");
    let mut child = Command::new(&settings.speaksafe)
        .arg("serve")
        .arg("--db")
        .arg(db)
        .arg("--surveys")
        .arg(&surveys)
        .arg("--static")
        .arg(dir.join("dist"))
        .arg("--public-key")
        .arg(dir.join("bench.pub"))
        .args(["--listen", "127.0.0.1:0", "--rate-limit", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", settings.speaksafe.display()))?;
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).map_err(|e| e.to_string())?;
    let Some(address) =
        line.split("http://").nth(1).and_then(|rest| rest.trim().trim_end_matches('/').parse::<SocketAddr>().ok())
    else {
        let _ = child.kill();
        return Err(format!("the collector did not start: {line:?}"));
    };
    Ok(Collector { child, stdout, address })
}

/// The machine's busy and total CPU time so far, in ticks (Linux `/proc/stat`).
fn machine_ticks() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<u64> = stat.lines().next()?.split_whitespace().skip(1).filter_map(|f| f.parse().ok()).collect();
    let total: u64 = fields.iter().take(8).sum();
    let idle = fields.get(3)? + fields.get(4)?;
    Some((total - idle, total))
}

fn bench(settings: &Settings, run: Run, dir: &Path) -> Result<Outcome, String> {
    let (cluster, databases) = match run {
        Run::Sqlite => (None, vec![dir.join("responses.db").display().to_string()]),
        Run::Postgres { collectors } => {
            let cluster = postgres::Postgres::start();
            (Some(cluster), vec![String::new(); collectors])
        }
    };
    let databases: Vec<String> = match &cluster {
        Some(cluster) => databases.iter().map(|_| cluster.url()).collect(),
        None => databases,
    };
    let mut collectors = Vec::new();
    for db in &databases {
        collectors.push(start_collector(settings, dir, db)?);
    }
    let addresses: Vec<SocketAddr> = collectors.iter().map(|c| c.address).collect();

    let start = Instant::now();
    let measure_from = start + WARM_UP;
    let measure_until = measure_from + Duration::from_secs(settings.seconds);
    let threads: Vec<_> = (0..settings.connections)
        .map(|t| {
            let address = addresses[t % addresses.len()];
            std::thread::spawn(move || load(address, t as u64, measure_from, measure_until))
        })
        .collect();
    std::thread::sleep(measure_from.saturating_duration_since(Instant::now()));
    let cpu = || collectors.iter().map(|c| cpu_seconds(c.child.id())).sum::<Option<f64>>();
    let (cpu_before, machine_before) = (cpu(), machine_ticks());
    std::thread::sleep(measure_until.saturating_duration_since(Instant::now()));
    let (cpu_after, machine_after) = (cpu(), machine_ticks());
    let mut latencies = Vec::new();
    let (mut ok, mut failed, mut bytes) = (0u64, 0u64, 0u64);
    for thread in threads {
        let result = thread.join().map_err(|_| "a load thread panicked")?;
        latencies.extend(result.latencies);
        ok += result.ok;
        failed += result.failed;
        bytes += result.bytes;
    }
    let mut said = Vec::new();
    for mut collector in collectors {
        let _ = Command::new("kill").args(["-TERM", &collector.child.id().to_string()]).status();
        let mut rest = String::new();
        let _ = collector.stdout.read_to_string(&mut rest);
        let _ = collector.child.wait();
        said.extend(rest.lines().map(str::to_string));
    }
    drop(cluster);
    let db_bytes: u64 = ["responses.db", "responses.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum();

    latencies.sort_unstable();
    let seconds = settings.seconds as f64;
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0)
    };
    println!(
        "  {} keep-alive connections, {} s measured after {} s warm-up, envelopes 1.4-5.5 KB (3.1 KB mean)",
        settings.connections,
        settings.seconds,
        WARM_UP.as_secs()
    );
    println!("  {:.0} submissions/s stored durably (201), {failed} other answers or errors", ok as f64 / seconds);
    println!("  {:.1} MiB/s of envelopes", bytes as f64 / seconds / 1024.0 / 1024.0);
    println!(
        "  latency: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(pct(0.50)),
        ms(pct(0.90)),
        ms(pct(0.99)),
        ms(latencies.last().copied().unwrap_or(0))
    );
    let collector_cpu = match (cpu_before, cpu_after) {
        (Some(before), Some(after)) => (after - before) / seconds,
        _ => f64::NAN,
    };
    let machine_busy = match (machine_before, machine_after) {
        (Some((busy0, total0)), Some((busy1, total1))) if total1 > total0 => {
            (busy1 - busy0) as f64 / (total1 - total0) as f64
        }
        _ => f64::NAN,
    };
    println!(
        "  collectors' CPU: {collector_cpu:.2} cores; the machine's {} cores {:.0} % busy (load, collectors and database)",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        machine_busy * 100.0
    );
    if run == Run::Sqlite {
        println!("  database and log: {:.1} MiB", db_bytes as f64 / 1024.0 / 1024.0);
    }
    for line in said {
        println!("  collector: {line}");
    }
    Ok(Outcome { per_second: ok as f64 / seconds, p50: ms(pct(0.50)), p99: ms(pct(0.99)), collector_cpu, machine_busy })
}

fn ms(micros: u64) -> f64 {
    micros as f64 / 1000.0
}

/// The user and system CPU time of a process so far, in seconds (Linux).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

struct Load {
    latencies: Vec<u64>,
    ok: u64,
    failed: u64,
    bytes: u64,
}

/// One keep-alive connection posting submissions until `until`; counts those answered within
/// [`from`, `until`).
fn load(address: SocketAddr, thread: u64, from: Instant, until: Instant) -> Load {
    let mut result = Load { latencies: Vec::with_capacity(1 << 16), ok: 0, failed: 0, bytes: 0 };
    let mut random = Random(0x9e37_79b9_7f4a_7c15 ^ (thread + 1).wrapping_mul(0xbf58_476d_1ce4_e5b9));
    let mut connection: Option<BufReader<TcpStream>> = None;
    let mut request = Vec::with_capacity(8192);
    while Instant::now() < until {
        let stream = match &mut connection {
            Some(stream) => stream,
            None => match TcpStream::connect(address) {
                Ok(stream) => {
                    let _ = stream.set_nodelay(true);
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                    connection.insert(BufReader::new(stream))
                }
                Err(_) => {
                    result.failed += 1;
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
            },
        };
        // A response padded to 1, 2 or 4 KiB (a quarter, a half, a quarter): 1.4, 2.8 or 5.5 KB
        // of envelope text, 3.1 KB on average.
        let bucket = [1024, 2048, 2048, 4096][(random.next() % 4) as usize];
        request.clear();
        let id = format!("{:016x}{:016x}", random.next(), random.next());
        let mut envelope = String::with_capacity(bucket * 4 / 3 + 128);
        envelope.push_str("v1.");
        random.base64url(&mut envelope, 32);
        envelope.push('.');
        random.base64url(&mut envelope, bucket + 16);
        let body = format!(r#"{{"submission_id":"{id}","envelope":"{envelope}"}}"#);
        let _ = write!(
            request,
            "POST {RESPONSES} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let sent = Instant::now();
        match exchange(stream, &request) {
            Ok(code) => {
                let done = Instant::now();
                if sent >= from && done < until {
                    if code == 201 {
                        result.ok += 1;
                        result.bytes += envelope.len() as u64;
                        result.latencies.push(done.duration_since(sent).as_micros() as u64);
                    } else {
                        result.failed += 1;
                    }
                }
            }
            Err(_) => {
                result.failed += 1;
                connection = None;
            }
        }
    }
    result
}

fn exchange(stream: &mut BufReader<TcpStream>, request: &[u8]) -> std::io::Result<u16> {
    stream.get_mut().write_all(request)?;
    let mut line = String::new();
    if stream.read_line(&mut line)? == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let code = line.split(' ').nth(1).and_then(|c| c.parse().ok()).ok_or(std::io::ErrorKind::InvalidData)?;
    let mut length = 0usize;
    loop {
        line.clear();
        if stream.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().map_err(|_| std::io::ErrorKind::InvalidData)?;
            }
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body)?;
    Ok(code)
}

/// splitmix64: enough randomness for ids and envelope bytes in a benchmark.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Appends `bytes` random bytes in base64url without padding.
    fn base64url(&mut self, out: &mut String, bytes: usize) {
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let data: Vec<u8> = (0..bytes.div_ceil(8)).flat_map(|_| self.next().to_le_bytes()).take(bytes).collect();
        for chunk in data.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..=chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
    }
}
