//! The first screen the collector sends at `/`: the survey's intro and "Leave this site" as
//! plain HTML before any script runs. What a survey's author writes there is text, never markup;
//! the page's inline stylesheet is allowed by its hash and nothing else inline is; an address the
//! collector cannot answer gets the build's own index.html.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::Temp;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use speaksafe_collector::serve::first_screen::FirstScreens;
use speaksafe_collector::serve::{self, Options};
use speaksafe_collector::store::SqliteStore;
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;

const KEY: &str = "q83vEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0Vng";
const CSS: &str = ".ss-page{margin:0 auto}\n";
const EXIT_JS: &str = "(function () { /* exit */ })();\n";

/// What the security review put into every text field: each must come out as the same text.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "'><iframe src=javascript:alert(1)>",
    "</style><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "&lt;b&gt;already escaped&lt;/b&gt;",
    "<!--",
    "]]><![CDATA[<script>alert(1)</script>",
    "<a href=\"javascript:alert(1)\">click</a>",
];

/// For the exit button, when a payload is longer than it allows.
const SHORT: &str = "\"><svg onload=alert(1)>";

fn youth_voice() -> Value {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../surveys/youth-voice.json"));
    serde_json::from_str(&text.unwrap()).unwrap()
}

/// The Youth Voice survey with `payload` in every text the first screen shows, in both languages.
fn hostile(payload: &str) -> speaksafe_core::Survey {
    let mut survey = youth_voice();
    let both = |p: &str| json!({ "en": format!("EN {p}"), "ar": format!("AR {p}") });
    survey["title"] = both(payload);
    survey["neutral_title"] = both(payload);
    survey["intro"] = json!({ "en": format!("First {payload}\n\nSecond {payload}"), "ar": format!("AR {payload}") });
    survey["safety"] = both(payload);
    // The exit button takes at most 40 characters.
    survey["exit"]["button"] = both(if payload.chars().count() <= 37 { payload } else { SHORT });
    survey["support"] = json!([
        { "name": both(payload), "phone": "0800 000 0000", "url": "https://help.example.org", "text": both(payload) },
        { "name": both(payload), "text": both(payload) },
    ]);
    survey["languages"][1]["name"] = json!(format!("AR {payload}"));
    let checked = speaksafe_core::read(&survey.to_string());
    checked.unwrap_or_else(|e| panic!("the hostile survey should read: {e:?}")).survey
}

/// The text a browser reads from escaped HTML (the entities an escaper writes; `&amp;` last, so
/// that an escaped entity reads back as the entity).
fn unescaped(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The opening tag of the element with this id.
fn tag_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html.find(&format!(" id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let start = html[..at].rfind('<').unwrap();
    &html[start..at + html[at..].find('>').unwrap() + 1]
}

/// An attribute's value in an opening tag, as a browser reads it.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let value = tag.split(&format!(" {name}=\"")).nth(1)?;
    Some(unescaped(value.split('"').next()?))
}

/// Every element name the page opens, in order.
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect();
            (!name.is_empty()).then(|| name.to_ascii_lowercase())
        })
        .collect()
}

fn page_text(screens: &FirstScreens, language: &str, framed: bool) -> String {
    let page = screens.find(Some("youth-voice"), Some(language), framed).expect("a page");
    String::from_utf8(page.html.to_vec()).unwrap()
}

#[test]
fn markup_written_into_a_survey_is_shown_as_text_on_the_first_screen() {
    let allowed = [
        "!doctype", "html", "head", "meta", "title", "style", "link", "script", "body", "div", "a", "span", "nav",
        "ul", "li", "main", "h1", "h2", "p", "button", "noscript", "aside", "strong",
    ];
    for payload in PAYLOADS {
        let screens = FirstScreens::render(&[hostile(payload)], CSS, EXIT_JS, |b| b.to_vec()).unwrap();
        for (language, framed) in [("en", false), ("en", true), ("ar", false), ("ar", true)] {
            let html = page_text(&screens, language, framed);
            let context = format!("{payload:?} in {language}, framed {framed}");
            // The only scripts are the page's own two: exit.js inline, the widget's boot.
            assert_eq!(html.matches("<script").count(), 2, "{context}");
            assert!(html.contains(&format!("<script>{EXIT_JS}</script>")), "{context}");
            assert!(html.contains("<script type=\"module\" src=\"boot.js\"></script>"), "{context}");
            for tag in tags(&html) {
                assert!(allowed.contains(&tag.as_str()), "<{tag}> from {context}");
            }
            assert!(!html.contains(payload), "{context}: written as markup");
            let prefix = if language == "en" { "EN" } else { "AR" };
            // Escaped, the payload reads back as it was written: title, neutral title, safety,
            // the helplines' names and texts, each once at least.
            let shown = format!("{prefix} {payload}");
            let times = unescaped(&html).matches(&shown).count();
            assert!(times >= 6, "{context}: {times} times");
            let label = if payload.chars().count() <= 37 { payload } else { SHORT };
            let label = format!("{prefix} {label}");
            let exit = tag_with_id(&html, "ss-first-exit");
            assert_eq!(attribute(exit, "data-label").as_deref(), Some(label.as_str()), "{context}: the exit's label");
            let words = html.split(exit).nth(1).unwrap().trim_start_matches("<span>");
            let text = words.split('<').next().unwrap();
            assert_eq!(unescaped(text), label, "{context}: the exit's text");
        }
    }
}

fn hash(text: &str) -> String {
    format!("'sha256-{}'", base64_check::encode(&Sha256::digest(text.as_bytes())))
}

#[test]
fn the_inline_stylesheet_and_script_are_the_ones_their_hashes_allow() {
    let screens = FirstScreens::render(&[hostile("plain")], CSS, EXIT_JS, |b| b.to_vec()).unwrap();
    assert_eq!(screens.style_hash, hash(CSS));
    assert_eq!(screens.script_hash, hash(EXIT_JS));
    let html = page_text(&screens, "en", false);
    assert!(html.contains(&format!("<style>{CSS}</style>")));
    assert_eq!(html.matches("<style").count(), 1);
    assert!(!html.contains(" style=\""), "no inline style attribute: the hash does not allow one");
    let handler = html.split(" on").skip(1).find(|rest| {
        let name: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
        !name.is_empty() && rest[name.len()..].starts_with('=')
    });
    assert!(handler.is_none(), "no inline event handler (the hash does not allow one): on{handler:?}");
    // The page's own policy (for a server that drops the header) names both hashes.
    let policy = html.split("http-equiv=\"Content-Security-Policy\" content=\"").nth(1).unwrap();
    let policy = policy.split('"').next().unwrap();
    assert!(policy.contains(&format!("script-src 'self' 'wasm-unsafe-eval' {}", hash(EXIT_JS))), "{policy}");
    assert!(policy.contains(&format!("style-src 'self' {}", hash(CSS))), "{policy}");
}

#[test]
fn a_script_that_could_close_its_element_early_is_not_inlined() {
    for script in ["x = '</script><script>alert(1)';", "x = '</SCRIPT >';", "<!-- <script>"] {
        assert!(FirstScreens::render(&[hostile("plain")], CSS, script, |b| b.to_vec()).is_none(), "{script}");
    }
    assert!(FirstScreens::render(&[hostile("plain")], "a{} </style><script>", EXIT_JS, |b| b.to_vec()).is_none());
}

/// Standard base64, written here so that the test does not check the collector against itself.
mod base64_check {
    pub fn encode(bytes: &[u8]) -> String {
        const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut bits = String::new();
        for b in bytes {
            bits.push_str(&format!("{b:08b}"));
        }
        let mut out = String::new();
        for chunk in bits.as_bytes().chunks(6) {
            let mut six = String::from_utf8(chunk.to_vec()).unwrap();
            while six.len() < 6 {
                six.push('0');
            }
            out.push(ABC[usize::from_str_radix(&six, 2).unwrap()] as char);
        }
        while !out.len().is_multiple_of(4) {
            out.push('=');
        }
        out
    }
}

#[test]
fn each_language_has_its_own_page_and_an_unknown_one_gets_the_surveys_first() {
    let screens = FirstScreens::render(&[hostile("plain")], CSS, EXIT_JS, |b| b.to_vec()).unwrap();
    let arabic = page_text(&screens, "ar", false);
    assert!(arabic.starts_with("<!doctype html><html lang=\"ar\" dir=\"rtl\">"));
    assert!(arabic.contains("AR plain"));
    assert!(!arabic.contains("EN plain"));
    let unknown = page_text(&screens, "xx", false);
    assert!(unknown.starts_with("<!doctype html><html lang=\"en\" dir=\"ltr\">"));
    // In a frame, the link takes the whole tab; outside one, the tab it is in.
    let link = |html: &str| tag_with_id(html, "ss-first-exit").to_string();
    assert_eq!(attribute(&link(&page_text(&screens, "en", true)), "target").as_deref(), Some("_top"));
    assert_eq!(attribute(&link(&page_text(&screens, "en", false)), "target"), None);
    assert_eq!(attribute(&link(&unknown), "href").as_deref(), Some("https://www.bbc.co.uk/weather"));
    assert_eq!(attribute(&link(&unknown), "rel").as_deref(), Some("noreferrer"));
    assert!(screens.find(Some("no-such-survey"), None, false).is_none());
}

/// A collector serving a build that has the widget's stylesheet and exit.js.
fn collector(temp: &Temp) -> axum::Router {
    let dist = temp.0.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>The build's own page</title>").unwrap();
    std::fs::write(dist.join("main.css"), CSS).unwrap();
    std::fs::write(dist.join("exit.js"), EXIT_JS).unwrap();
    let surveys = Path::new(env!("CARGO_MANIFEST_DIR")).join("../surveys");
    let (surveys, _warnings) = serve::surveys::load_surveys(&surveys, Some(KEY)).unwrap();
    let store = Arc::new(SqliteStore::open(temp.0.join("responses.db")).unwrap());
    serve::router(store, surveys, &Options { static_dir: dist, ..Options::default() })
}

async fn get(router: &axum::Router, path: &str, gzip: bool) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut request = Request::builder().uri(path);
    if gzip {
        request = request.header(header::ACCEPT_ENCODING, "gzip");
    }
    let response = router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec())
}

#[tokio::test]
async fn the_collector_sends_the_first_screen_with_a_policy_that_allows_only_its_own_inline_style_and_script() {
    let temp = Temp::new("first-screen");
    let router = collector(&temp);
    let (status, headers, body) = get(&router, "/", false).await;
    assert_eq!(status, StatusCode::OK);
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("Your voice on ending violence against women and girls"), "the default survey");
    let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
    let directive = |name: &str| policy.split(';').map(str::trim).find(|d| d.starts_with(name)).unwrap().to_string();
    assert_eq!(directive("style-src"), format!("style-src 'self' {}", hash(CSS)));
    assert_eq!(directive("script-src"), format!("script-src 'self' 'wasm-unsafe-eval' {}", hash(EXIT_JS)));

    let (_, _, body) = get(&router, "/?survey=youth-voice&lang=ar&embed=1", false).await;
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">") && html.contains("target=\"_top\""));

    let (status, headers, body) = get(&router, "/index.html?survey=youth-voice", true).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    let mut html = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut html).unwrap();
    assert!(html.contains("Youth Voice: feeling safe"));

    // A survey this collector does not serve: the build's page, whose widget says so itself.
    let (status, headers, body) = get(&router, "/?survey=no-such-survey", false).await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&body).contains("The build's own page"));
    let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
    assert!(!policy.contains("sha256"), "the build's page allows nothing inline: {policy}");
}

#[tokio::test]
async fn what_the_first_screen_loads_carries_the_hashes_of_the_builds_manifest_not_of_the_files_on_disk() {
    let temp = Temp::new("first-screen-integrity");
    let dist = temp.0.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("main.css"), CSS).unwrap();
    std::fs::write(dist.join("exit.js"), EXIT_JS).unwrap();
    // boot.js on disk is not what the manifest names: the page names the manifest's hash, so that
    // the browser refuses the file on disk.
    std::fs::write(dist.join("boot.js"), "changed on the server").unwrap();
    let manifest = json!({ "files": {
        "/boot.js": "sha384-Qm9vdEJvb3RCb290Qm9vdEJvb3RCb290Qm9vdEJvb3RCb290Qm9vdEJvb3RCb290",
        "/widget.js": "sha384-R2x1ZUdsdWVHbHVlR2x1ZUdsdWVHbHVlR2x1ZUdsdWVHbHVlR2x1ZUdsdWVHbHVl",
        "/widget_bg.wasm": "sha384-\"><script>alert(1)</script>",
    }});
    std::fs::write(dist.join("manifest.json"), manifest.to_string()).unwrap();
    let surveys = Path::new(env!("CARGO_MANIFEST_DIR")).join("../surveys");
    let (surveys, _warnings) = serve::surveys::load_surveys(&surveys, Some(KEY)).unwrap();
    let store = Arc::new(SqliteStore::open(temp.0.join("responses.db")).unwrap());
    let router = serve::router(store, surveys, &Options { static_dir: dist, ..Options::default() });
    let (_, _, body) = get(&router, "/?survey=youth-voice", false).await;
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains(
        "<script type=\"module\" src=\"boot.js\" integrity=\"sha384-Qm9vdEJvb3RCb290Qm9vdEJvb3RCb290Qm9vdEJvb3RCb290Qm9vdEJvb3RCb290\"></script>"
    ));
    assert!(html.contains(
        "<link rel=\"modulepreload\" href=\"widget.js\" integrity=\"sha384-R2x1ZUdsdWVHbHVlR2x1ZUdsdWVHbHVlR2x1ZUdsdWVHbHVlR2x1ZUdsdWVHbHVl\">"
    ));
    // A hash that is not one is left out, never written into the page.
    assert!(html.contains("href=\"widget_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>"));
    assert!(!html.contains("alert(1)"));
}
