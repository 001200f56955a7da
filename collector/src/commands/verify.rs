//! `speaksafe verify URL --manifest FILE --public-key NAME.pub [--survey ID]…`: checks that a live
//! collector serves the published release, byte for byte.
//!
//! 1. The manifest (a release's dist/manifest.json, from wherever it was published) must carry
//!    the release key's signature (`FILE.sig`, or `--signature`); without that nothing else is
//!    worth checking.
//! 2. The manifest the collector serves at `/.well-known/speaksafe/manifest.json` must be it.
//! 3. Every file the manifest lists, fetched as a browser gets it (plain, and as the brotli and
//!    gzip twins the collector sends browsers that take them), must have the manifest's SHA-384.
//! 4. Every page (the build's HTML, the first screen at `/`, each `--survey`'s, alone and in a
//!    frame) may load only files the manifest lists, each with the manifest's hash as its
//!    `integrity`; its inline script and stylesheet must be those the manifest names; and its
//!    Content-Security-Policy (the header and the page's own) may allow no script, style or
//!    worker from anywhere else, nor inline code but by those hashes.
//! 5. Each `--survey`'s definition (`/surveys/ID.json`, which its first screen and its embed both
//!    load), fetched as each kind of browser gets it (plain, gzip, brotli: the collector keeps a
//!    compressed copy of its own), must name one and the same token key when the survey takes
//!    access codes: its fingerprint is printed, to compare with the console's and with what
//!    `speaksafe codes issue` said. A collector giving some browsers a key of their own could tell
//!    their tokens apart.
//!
//! One line a check: `ok`, or `DIFFERS`/`UNEXPECTED`/`MISSING` and what. Exit status 0 when
//! everything matches, 1 when anything does not (or the signature fails), 2 for a usage error.

use super::release::{check_manifest, check_signature, read_public_key};
use crate::serve::surveys::fingerprint;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::Value;
use sha2::{Digest, Sha256, Sha384};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Where a collector serves the release manifest (see `serve::pages`).
const WELL_KNOWN: &str = "/.well-known/speaksafe/manifest.json";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The collector's address, such as https://survey.city.example
    pub url: String,
    /// The release's manifest.json, as published (not as the collector serves it).
    #[arg(long, value_name = "FILE")]
    pub manifest: PathBuf,
    /// Its signature; default: FILE.sig beside it.
    #[arg(long, value_name = "FILE.sig")]
    pub signature: Option<PathBuf>,
    /// The release key's public half (from `speaksafe release keygen`), as published.
    #[arg(long = "public-key", value_name = "NAME.pub")]
    pub public_key: PathBuf,
    /// A survey whose first screens, and whose token key (for a survey with access codes), to
    /// check too (the first screen at `/` always is). Repeat for more.
    #[arg(long = "survey", value_name = "ID")]
    pub surveys: Vec<String>,
}

/// The parts of a manifest that `verify` checks against.
#[derive(Debug)]
struct Manifest {
    /// `/path` → `sha384-…`.
    files: BTreeMap<String, String>,
    /// CSP sources (`'sha256-…'`) of the first screens' inline scripts and stylesheets.
    scripts: Vec<String>,
    styles: Vec<String>,
}

/// The lines said so far, and whether any was a failure.
#[derive(Debug, Default)]
struct Report {
    failed: bool,
}

impl Report {
    fn ok(&mut self, what: &str) {
        println!("ok          {what}");
    }
    fn bad(&mut self, kind: &str, what: &str) {
        self.failed = true;
        println!("{kind:<11} {what}");
    }
}

pub fn run(args: &Args) -> ExitCode {
    match verify(args) {
        Ok(true) => {
            println!("speaksafe verify: {} serves the signed release", args.url);
            ExitCode::SUCCESS
        }
        Ok(false) => {
            println!("speaksafe verify: {} does NOT serve the signed release (see above)", args.url);
            ExitCode::FAILURE
        }
        Err(message) => {
            eprintln!("speaksafe verify: {message}");
            ExitCode::FAILURE
        }
    }
}

fn verify(args: &Args) -> Result<bool, String> {
    let base = args.url.trim_end_matches('/').to_string();
    if !(base.starts_with("https://") || base.starts_with("http://")) {
        return Err(format!("{base}: give the collector's address, such as https://survey.city.example"));
    }
    for id in &args.surveys {
        if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Err(format!("--survey {id}: a survey id is letters, digits, '-' and '_'"));
        }
    }
    let key = read_public_key(&args.public_key)?;
    let bytes = std::fs::read(&args.manifest).map_err(|e| format!("{}: cannot read: {e}", args.manifest.display()))?;
    let signature_path = args.signature.clone().unwrap_or_else(|| {
        let mut path = args.manifest.clone().into_os_string();
        path.push(".sig");
        PathBuf::from(path)
    });
    let signature = std::fs::read_to_string(&signature_path)
        .map_err(|e| format!("{}: cannot read the signature: {e}", signature_path.display()))?;
    let mut report = Report::default();
    if let Err(why) = check_signature(&key, &bytes, &signature) {
        report.bad("BAD SIGNATURE", &format!("{}: {why}", args.manifest.display()));
        return Ok(false);
    }
    report.ok(&format!("{} is signed by the release key", args.manifest.display()));
    check_manifest(&bytes).map_err(|e| format!("{}: {e}", args.manifest.display()))?;
    let manifest = read_manifest(&bytes)?;

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let get = |path: &str, encoding: &str| -> Result<Served, String> {
        let response = agent
            .get(format!("{base}{path}"))
            .header("Accept-Encoding", encoding)
            .call()
            .map_err(|e| format!("{base}{path}: {e}"))?;
        let status = response.status().as_u16();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let (policy, coding) = (header("content-security-policy"), header("content-encoding"));
        let body = response
            .into_body()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .map_err(|e| format!("{base}{path}: {e}"))?;
        Ok(Served { status, policy, coding, body })
    };

    // The manifest the collector serves.
    match get(WELL_KNOWN, "identity") {
        Ok(served) if served.status == 200 && served.body == bytes => {
            report.ok(&format!("{WELL_KNOWN} is this manifest"))
        }
        Ok(served) if served.status == 200 => report.bad("DIFFERS", &format!("{WELL_KNOWN} is another manifest")),
        Ok(served) => report.bad("MISSING", &format!("{WELL_KNOWN}: the collector answered {}", served.status)),
        Err(e) => report.bad("MISSING", &e),
    }

    // Every file, as each kind of browser gets it.
    let mut pages = Vec::new();
    for (path, want) in &manifest.files {
        let mut fine = true;
        let mut note = "";
        for encoding in ["identity", "br", "gzip"] {
            let served = match get(path, encoding) {
                Ok(served) => served,
                Err(e) => {
                    report.bad("MISSING", &e);
                    fine = false;
                    break;
                }
            };
            if served.status != 200 {
                report.bad("MISSING", &format!("{path}: the collector answered {}", served.status));
                fine = false;
                break;
            }
            // `/index.html` is the first screen wherever the collector has a survey for it:
            // checked as a page below.
            if path == "/index.html" && is_first_screen(&served.body) {
                note = " (served as a survey's first screen: checked as a page below)";
                break;
            }
            let got = sri(&served.body);
            if &got != want {
                let how = served.coding.map_or_else(String::new, |c| format!(" (sent as {c})"));
                report.bad("DIFFERS", &format!("{path}{how}: served {got}, the manifest says {want}"));
                fine = false;
                break;
            }
        }
        if fine {
            report.ok(&format!("{path}{note}"));
        }
        if path.ends_with(".html") {
            pages.push(path.clone());
        }
    }

    // The pages: what they load, run inline, and allow.
    let mut addresses: Vec<String> = pages;
    addresses.push("/".into());
    for id in &args.surveys {
        addresses.push(format!("/?survey={id}"));
        addresses.push(format!("/?survey={id}&embed=1"));
    }
    for address in addresses {
        let served = match get(&address, "identity") {
            Ok(served) if served.status == 200 => served,
            Ok(served) => {
                report.bad("MISSING", &format!("{address}: the collector answered {}", served.status));
                continue;
            }
            Err(e) => {
                report.bad("MISSING", &e);
                continue;
            }
        };
        let html = String::from_utf8_lossy(&served.body);
        let first = is_first_screen(&served.body);
        let problems = page_problems(&address, &html, served.policy.as_deref(), first, &manifest);
        if problems.is_empty() {
            let what = if first { "first screen" } else { "page" };
            report.ok(&format!("{address} ({what}: loads, inline code and CSP as the manifest says)"));
        }
        for (kind, problem) in problems {
            report.bad(kind, &format!("{address}: {problem}"));
        }
    }

    // The token key each survey names, as each kind of browser is given it.
    for id in &args.surveys {
        let path = format!("/surveys/{id}.json");
        let ways: Vec<(&str, Result<Vec<u8>, String>)> = DEFINITION_WAYS
            .iter()
            .map(|(way, encoding)| {
                let served = match get(&path, encoding) {
                    Ok(served) if served.status == 200 => Ok(served.body),
                    Ok(served) => Err(format!("the collector answered {}", served.status)),
                    Err(e) => Err(e),
                };
                (*way, served)
            })
            .collect();
        for (kind, line) in token_key_lines(&path, &ways) {
            match kind {
                "ok" => report.ok(&line),
                _ => report.bad(kind, &line),
            }
        }
    }
    Ok(!report.failed)
}

/// How browsers are given a survey's definition: by name, and the `Accept-Encoding` they send.
const DEFINITION_WAYS: [(&str, &str); 3] = [("plain", "identity"), ("gzip", "gzip"), ("brotli", "br")];

/// What a survey's definition, as each way served it, says of its token key: one line, `ok`
/// when every way names the same key (or the survey takes no codes), `DIFFERS` when they name
/// different keys, `MISSING` when one could not be had or a survey with codes names none.
fn token_key_lines(path: &str, ways: &[(&str, Result<Vec<u8>, String>)]) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    // Per way: whether the survey takes codes, and the key it names.
    let mut named: Vec<(&str, bool, Option<String>)> = Vec::new();
    for (way, served) in ways {
        let body = match served {
            Ok(body) => body,
            Err(e) => {
                lines.push(("MISSING", format!("{path} ({way}): {e}")));
                continue;
            }
        };
        let Ok(definition) = serde_json::from_slice::<Value>(body) else {
            lines.push(("MISSING", format!("{path} ({way}): not a survey definition (JSON)")));
            continue;
        };
        let codes = definition.get("access").and_then(Value::as_str) == Some("codes");
        let key = definition.pointer("/submit/token_key").and_then(Value::as_str).map(str::to_string);
        named.push((way, codes, key));
    }
    let Some((_, _, first)) = named.first() else { return lines };
    let shown = |key: &Option<String>| key.as_deref().map_or("none".to_string(), fingerprint);
    if named.iter().any(|(_, _, key)| key != first) {
        let each: Vec<String> = named.iter().map(|(way, _, key)| format!("{way} {}", shown(key))).collect();
        lines.push((
            "DIFFERS",
            format!(
                "{path} names different token keys to different browsers ({}): their tokens could be told apart",
                each.join(", ")
            ),
        ));
    } else if let Some(key) = first {
        let ways: Vec<&str> = named.iter().map(|(way, _, _)| *way).collect();
        lines.push((
            "ok",
            format!(
                "{path} names one token key for everyone ({}): fingerprint {} (the console and `speaksafe codes \
                 issue` show the survey's own)",
                ways.join(", "),
                fingerprint(key)
            ),
        ));
    } else if named.iter().any(|(_, codes, _)| *codes) {
        lines.push((
            "MISSING",
            format!(
                "{path} takes access codes but names no token key: no code can be redeemed until codes are issued \
                 (`speaksafe codes issue`)"
            ),
        ));
    } else {
        lines.push(("ok", format!("{path} takes no access codes (no token key)")));
    }
    lines
}

/// One answer of the collector.
#[derive(Debug)]
struct Served {
    status: u16,
    policy: Option<String>,
    coding: Option<String>,
    body: Vec<u8>,
}

fn read_manifest(bytes: &[u8]) -> Result<Manifest, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("the manifest: {e}"))?;
    let files = value
        .get("files")
        .and_then(Value::as_object)
        .map(|files| {
            files.iter().filter_map(|(p, h)| Some((p.clone(), h.as_str()?.to_string()))).collect::<BTreeMap<_, _>>()
        })
        .unwrap_or_default();
    if let Some(path) = files.keys().find(|p| !p.starts_with('/') || p.contains("..") || p.contains("//")) {
        return Err(format!("the manifest lists \"{path}\", which is not a path on a site"));
    }
    let list = |name: &str| -> Vec<String> {
        value
            .pointer(&format!("/first_screen/{name}"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default()
    };
    Ok(Manifest { files, scripts: list("script"), styles: list("style") })
}

/// `sha384-…` of `bytes`, as Subresource Integrity writes it.
fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", STANDARD.encode(Sha384::digest(bytes)))
}

/// `'sha256-…'` of `text`, as CSP writes it.
fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", STANDARD.encode(Sha256::digest(text.as_bytes())))
}

/// A collector's first screen (serve/first_screen.rs), rather than the build's index.html.
fn is_first_screen(body: &[u8]) -> bool {
    String::from_utf8_lossy(body).contains("<div id=\"ss-first\">")
}

/// What is wrong with a page: each a kind (`UNEXPECTED`, `DIFFERS`) and what.
fn page_problems(
    address: &str,
    html: &str,
    header_policy: Option<&str>,
    first_screen: bool,
    manifest: &Manifest,
) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    let inline_allowed: Vec<&str> = if first_screen {
        manifest.scripts.iter().chain(&manifest.styles).map(String::as_str).collect()
    } else {
        Vec::new()
    };
    match header_policy {
        Some(policy) => problems.extend(
            policy_problems(policy, &inline_allowed).into_iter().map(|p| ("UNEXPECTED", format!("the CSP header {p}"))),
        ),
        None => problems.push(("UNEXPECTED", "no Content-Security-Policy header".to_string())),
    }
    // The directory the page's relative addresses start from.
    let dir = match address.split('?').next().unwrap_or("/").rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => "/".to_string(),
    };
    let lower = html.to_ascii_lowercase();
    for element in ["iframe", "object", "embed", "base", "frame"] {
        if lower.contains(&format!("<{element}")) {
            problems.push(("UNEXPECTED", format!("a <{element}> element")));
        }
    }
    for tag in tags(html) {
        let name = tag.name.as_str();
        let attribute = |key: &str| tag.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        match name {
            "meta" if attribute("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy")) => {
                let policy = attribute("content").unwrap_or("");
                problems.extend(
                    policy_problems(policy, &inline_allowed)
                        .into_iter()
                        .map(|p| ("UNEXPECTED", format!("the page's own CSP {p}"))),
                );
            }
            "script" | "link" | "style" => {}
            _ => continue,
        }
        let url = if name == "script" {
            attribute("src")
        } else if name == "link" {
            attribute("href")
        } else {
            None
        };
        if name == "link" {
            let rel = attribute("rel").unwrap_or("").to_ascii_lowercase();
            // An icon is an image: no code, no integrity (img-src 'self' keeps it on this site).
            if !["stylesheet", "modulepreload", "preload", "prefetch", "import"].contains(&rel.as_str()) {
                continue;
            }
        }
        match url {
            Some(url) => {
                let path = if url.starts_with('/') || url.contains(':') {
                    url.to_string()
                } else {
                    format!("{dir}{}", url.trim_start_matches("./"))
                };
                let path = path.split(['?', '#']).next().unwrap_or("").to_string();
                match manifest.files.get(&path) {
                    None => {
                        problems.push(("UNEXPECTED", format!("<{name}> loads {url}, which the manifest does not list")))
                    }
                    Some(want) => match attribute("integrity") {
                        Some(got) if got == want => {}
                        Some(got) => problems.push((
                            "DIFFERS",
                            format!("<{name}> loads {url} with integrity {got}; the manifest says {want}"),
                        )),
                        None => problems.push(("UNEXPECTED", format!("<{name}> loads {url} without integrity"))),
                    },
                }
            }
            None if name == "script" || name == "style" => {
                let hash = csp_hash(&tag.content);
                let listed = if name == "script" { &manifest.scripts } else { &manifest.styles };
                if !first_screen || !listed.contains(&hash) {
                    problems.push(("DIFFERS", format!("inline <{name}> {hash}, which the manifest does not list")));
                }
            }
            None => {}
        }
    }
    problems
}

/// What a CSP allows beyond this site and the manifest's inline hashes, each as a phrase.
fn policy_problems(policy: &str, inline_allowed: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let directives: BTreeMap<String, Vec<String>> = policy
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_ascii_whitespace();
            Some((words.next()?.to_ascii_lowercase(), words.map(str::to_string).collect()))
        })
        .collect();
    let code = [
        "script-src",
        "script-src-elem",
        "script-src-attr",
        "style-src",
        "style-src-elem",
        "style-src-attr",
        "worker-src",
        "default-src",
    ];
    if !directives.contains_key("script-src") && !directives.contains_key("default-src") {
        problems.push("sets no script-src nor default-src: any script may run".to_string());
    }
    for (name, sources) in &directives {
        if !code.contains(&name.as_str()) && name != "object-src" && name != "base-uri" {
            continue;
        }
        for source in sources {
            let fine = match source.to_ascii_lowercase().as_str() {
                "'self'" | "'none'" => true,
                "'wasm-unsafe-eval'" => name.starts_with("script-src") || name == "default-src",
                _ => {
                    (name.starts_with("script-src") || name.starts_with("style-src"))
                        && inline_allowed.contains(&source.as_str())
                }
            };
            if !fine {
                problems.push(format!("allows {source} in {name}, which the manifest does not list"));
            }
        }
    }
    if directives.get("object-src").is_none_or(|s| s != &["'none'"]) {
        problems.push("does not set object-src 'none'".to_string());
    }
    problems
}

/// An element's start tag: its name, attributes (names lowercased), and for a script or style
/// without src, its text.
#[derive(Debug)]
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
    content: String,
}

/// The start tags of `html`, read as browsers would for pages as plain as speaksafe's (quoted or
/// bare attribute values; a script's or style's text up to its end tag). Comments are skipped.
fn tags(html: &str) -> Vec<Tag> {
    let mut found = Vec::new();
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        if html[start..].starts_with("<!--") {
            at = html[start..].find("-->").map_or(html.len(), |end| start + end + 3);
            continue;
        }
        let mut i = start + 1;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let name = html[start + 1..i].to_ascii_lowercase();
        if name.is_empty() {
            at = start + 1;
            continue;
        }
        let mut attributes = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let key_start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"=>/".contains(&bytes[i]) {
                i += 1;
            }
            let key = html[key_start..i].to_ascii_lowercase();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i];
                    let end = html[i + 1..].find(quote as char).map_or(html.len(), |e| i + 1 + e);
                    value = html[i + 1..end].to_string();
                    i = (end + 1).min(html.len());
                } else {
                    let value_start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = html[value_start..i].to_string();
                }
            }
            if !key.is_empty() {
                attributes.push((key, unescape(&value)));
            }
        }
        let after = (i + 1).min(html.len());
        let mut content = String::new();
        at = after;
        if name == "script" || name == "style" {
            let end_tag = format!("</{name}");
            let end = html[after..].to_ascii_lowercase().find(&end_tag).map_or(html.len(), |e| after + e);
            content = html[after..end].to_string();
            at = end;
        }
        found.push(Tag { name, attributes, content });
    }
    found
}

/// The few character references the pages' attributes use.
fn unescape(value: &str) -> String {
    value.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest {
            files: BTreeMap::from([("/boot.js".to_string(), "sha384-B".to_string())]),
            scripts: vec![csp_hash("exit()")],
            styles: vec![csp_hash("a{}")],
        }
    }

    const POLICY: &str =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'";

    #[test]
    fn a_page_loading_only_listed_files_by_their_hash_passes() {
        let html = r#"<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; object-src 'none'"><script type="module" src="boot.js" integrity="sha384-B"></script><link rel="icon" href="icon.svg"></head></html>"#;
        assert!(page_problems("/", html, Some(POLICY), false, &manifest()).is_empty());
    }

    fn definition(key: Option<&str>) -> Result<Vec<u8>, String> {
        let mut value = serde_json::json!({ "id": "school", "access": "codes", "submit": { "endpoint": "/x" } });
        if let Some(key) = key {
            value["submit"]["token_key"] = key.into();
        }
        Ok(value.to_string().into_bytes())
    }

    #[test]
    fn one_token_key_for_every_browser_passes_and_its_fingerprint_is_printed() {
        let ways = [("plain", definition(Some("AAAA"))), ("gzip", definition(Some("AAAA")))];
        let lines = token_key_lines("/surveys/school.json", &ways);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(lines[0].0, "ok");
        assert!(lines[0].1.contains(&format!("fingerprint {}", fingerprint("AAAA"))), "{}", lines[0].1);
        let open = token_key_lines("/surveys/park.json", &[("plain", Ok(br#"{"id":"park"}"#.to_vec()))]);
        assert_eq!(open, vec![("ok", "/surveys/park.json takes no access codes (no token key)".to_string())]);
    }

    #[test]
    fn token_keys_that_differ_or_are_missing_fail() {
        let ways =
            [("plain", definition(Some("AAAA"))), ("gzip", definition(Some("BBBB"))), ("brotli", definition(None))];
        let lines = token_key_lines("/surveys/school.json", &ways);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(lines[0].0, "DIFFERS");
        for said in [fingerprint("AAAA"), fingerprint("BBBB"), "brotli none".to_string()] {
            assert!(lines[0].1.contains(&said), "{said} in {}", lines[0].1);
        }
        let lines = token_key_lines("/surveys/school.json", &[("plain", definition(None))]);
        assert_eq!(lines[0].0, "MISSING");
        assert!(lines[0].1.contains("names no token key"), "{}", lines[0].1);
        let lines = token_key_lines(
            "/surveys/school.json",
            &[("plain", definition(Some("AAAA"))), ("gzip", Err("gone".into()))],
        );
        assert_eq!(lines[0], ("MISSING", "/surveys/school.json (gzip): gone".to_string()));
    }

    #[test]
    fn what_a_page_may_not_do_is_named() {
        let m = manifest();
        let said = |html: &str, policy: &str, first: bool| {
            page_problems("/", html, Some(policy), first, &m).into_iter().map(|(_, p)| p).collect::<Vec<_>>().join("\n")
        };
        assert!(said(r#"<script src="boot.js"></script>"#, POLICY, false).contains("without integrity"));
        assert!(said(r#"<script src=boot.js integrity=sha384-X></script>"#, POLICY, false)
            .contains("the manifest says sha384-B"));
        assert!(said(r#"<script src="evil.js" integrity="sha384-B"></script>"#, POLICY, false).contains("evil.js"));
        assert!(said("<script>alert(1)</script>", POLICY, true).contains("inline <script>"));
        assert!(
            said("<script>exit()</script>", POLICY, false).contains("inline <script>"),
            "inline only on a first screen"
        );
        assert!(said("<script>exit()</script><style>a{}</style>", POLICY, true).is_empty());
        assert!(said("", "default-src 'self'; script-src 'self' https://cdn.example; object-src 'none'", false)
            .contains("https://cdn.example"));
        assert!(said("", "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'", false)
            .contains("'unsafe-inline'"));
        assert!(said("", "img-src 'self'", false).contains("no script-src"));
        assert!(said(r#"<iframe src="x"></iframe>"#, POLICY, false).contains("<iframe>"));
    }
}
