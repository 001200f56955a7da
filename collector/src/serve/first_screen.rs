//! A survey's first screen as HTML, sent with the page: its title, intro, safety advice and help
//! lines in the respondent's language, and "Leave this site" as a real link to the survey's exit
//! address. The respondent can read the survey and leave it before the widget's wasm has arrived
//! (on a slow phone, seconds later), and with JavaScript off. `exit.js`, inline at the top of the
//! page (so that it needs no request of its own: one round trip less on a slow network), arms
//! Escape and Shift ×3 meanwhile; the widget takes the page over when it has started.
//!
//! Rendered once per survey, language and kind of page (alone, or in a partner's frame) when the
//! collector starts, not per request. The screen is drawn by the widget's own components
//! (`widget::render`, Yew's server-side rendering: src/components/first_screen.rs), so that it is
//! the markup the widget draws when it takes the page over, and the page does not move. Every
//! survey text is escaped: text stays text. The stylesheet and exit.js are inline, each under a
//! CSP hash (no 'unsafe-inline'), so that the screen paints, and Escape leaves, with the page's
//! first bytes. The files it loads (boot.js, the widget's glue, the wasm's preload) carry
//! `integrity`, with the hashes the build's manifest.json names: the browser refuses any other
//! bytes.

use sha2::{Digest, Sha256};
use speaksafe_core::text::escape_html as escape;
use speaksafe_core::Survey;
use std::collections::BTreeMap;
use std::rc::Rc;
pub use widget::components::first_screen::Opening;

/// One first screen's page as sent, and its gzip twin.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: bytes::Bytes,
    pub gzipped: bytes::Bytes,
}

/// Every survey's first screens, by (survey id, language code, in a frame).
#[derive(Debug, Default)]
pub struct FirstScreens {
    pages: BTreeMap<(String, String, bool), Rendered>,
    /// Each survey's default language.
    defaults: BTreeMap<String, String>,
    /// The survey served at `/` without `?survey=`.
    default_survey: Option<String>,
    /// `'sha256-…'` of the inline stylesheet, for the page's Content-Security-Policy.
    pub style_hash: String,
    /// `'sha256-…'` of the inline exit.js, for the page's Content-Security-Policy.
    pub script_hash: String,
}

/// The survey the widget loads when the address names none (boot.js).
pub const DEFAULT_SURVEY: &str = "survivor-consultation";

impl FirstScreens {
    /// Renders every survey's pages with `css` (the widget's main.css) and `exit_js` (the
    /// build's exit.js) inline; `gzip` makes each page's compressed twin. None when `exit_js`
    /// could end its own script element early (then the page is not safe to write).
    pub fn render(
        surveys: &[Survey],
        css: &str,
        exit_js: &str,
        gzip: impl Fn(&[u8]) -> Vec<u8>,
    ) -> Option<FirstScreens> {
        FirstScreens::render_with(surveys, css, exit_js, &BTreeMap::new(), gzip)
    }

    /// [`FirstScreens::render`], with `integrity` on what the page loads: `integrity` maps a
    /// build file's name (`boot.js`) to its `sha384-…`; a file it does not name is loaded
    /// without.
    pub fn render_with(
        surveys: &[Survey],
        css: &str,
        exit_js: &str,
        integrity: &BTreeMap<String, String>,
        gzip: impl Fn(&[u8]) -> Vec<u8>,
    ) -> Option<FirstScreens> {
        let lower = exit_js.to_ascii_lowercase();
        if lower.contains("</script") || lower.contains("<!--") || css.to_ascii_lowercase().contains("</style") {
            return None;
        }
        let hash = |text: &str| format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())));
        let (style_hash, script_hash) = (hash(css), hash(exit_js));
        let inline = Inline { css, exit_js, style_hash: &style_hash, script_hash: &script_hash, integrity };
        let mut pages = BTreeMap::new();
        let mut defaults = BTreeMap::new();
        for survey in surveys {
            defaults.insert(survey.id.clone(), survey.default_language().code.clone());
            // Every survey opens on its intro: a survey with another first screen is given its
            // `Opening` here.
            let (survey, opening) = (Rc::new(survey.clone()), Opening::Intro);
            for language in &survey.languages {
                for framed in [false, true] {
                    let html = page(&survey, &language.code, framed, opening, &inline);
                    let gzipped = bytes::Bytes::from(gzip(html.as_bytes()));
                    pages.insert(
                        (survey.id.clone(), language.code.clone(), framed),
                        Rendered { html: html.into(), gzipped },
                    );
                }
            }
        }
        let default_survey = surveys
            .iter()
            .find(|s| s.id == DEFAULT_SURVEY)
            .or(if surveys.len() == 1 { surveys.first() } else { None })
            .map(|s| s.id.clone());
        Some(FirstScreens { pages, defaults, default_survey, style_hash, script_hash })
    }

    /// The page for an address's query (`survey=`, `lang=`, `embed=`): the survey's default
    /// language when it has not the one asked for. None for a survey this collector does not
    /// serve (the widget then says so itself).
    pub fn find(&self, survey: Option<&str>, language: Option<&str>, framed: bool) -> Option<&Rendered> {
        let survey = survey.or(self.default_survey.as_deref())?;
        let default = self.defaults.get(survey)?;
        let at = |code: &str| self.pages.get(&(survey.to_string(), code.to_string(), framed));
        language.and_then(at).or_else(|| at(default))
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// Standard base64 with padding, as CSP hashes are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// What every page holds inline, with the hashes its policy allows them by.
struct Inline<'a> {
    css: &'a str,
    exit_js: &'a str,
    style_hash: &'a str,
    script_hash: &'a str,
    integrity: &'a BTreeMap<String, String>,
}

impl Inline<'_> {
    /// ` integrity="sha384-…"` for a build file, when the build names its hash.
    fn integrity(&self, file: &str) -> String {
        self.integrity
            .get(file)
            .filter(|h| {
                h.starts_with("sha384-") && h[7..].bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
            })
            .map_or_else(String::new, |h| format!(" integrity=\"{h}\""))
    }
}

/// The page around a first screen: its head (the policy, exit.js and the stylesheet inline, and
/// the widget's files loaded early when the widget follows), and the screen itself, drawn by the
/// widget's components (`widget::render`).
fn page(survey: &Rc<Survey>, code: &str, framed: bool, opening: Opening, inline: &Inline) -> String {
    let language = survey.languages.iter().find(|l| l.code == code).unwrap_or(survey.default_language());
    let title = survey.neutral_title.get(code, &survey.default_language().code);
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {script}; style-src 'self' {style}; img-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'",
        script = inline.script_hash,
        style = inline.style_hash,
    );
    let widget = if opening.widget_follows() {
        format!(
            "<link rel=\"modulepreload\" href=\"widget.js\"{glue}>\
             <link rel=\"preload\" href=\"widget_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin{wasm}>\
             <script type=\"module\" src=\"boot.js\"{boot}></script>",
            glue = inline.integrity("widget.js"),
            wasm = inline.integrity("widget_bg.wasm"),
            boot = inline.integrity("boot.js"),
        )
    } else {
        String::new()
    };
    format!(
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\
         <script>{exit_js}</script><title>{title}</title><style>{css}</style>\
         <link rel=\"icon\" href=\"icon.svg\" type=\"image/svg+xml\">{widget}</head>\
         <body>{screen}</body></html>",
        lang = escape(code),
        dir = language.direction.attribute(),
        title = escape(title),
        exit_js = inline.exit_js,
        css = inline.css,
        screen = widget::render::first_screen(survey, code, framed, opening),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_csp_writes_it() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn markup_in_text_stays_text() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
