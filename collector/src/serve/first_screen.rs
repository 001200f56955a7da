//! A survey's first screen as HTML, sent with the page: its title, intro, safety advice and help
//! lines in the respondent's language, and "Leave this site" as a real link to the survey's exit
//! address. The respondent can read the survey and leave it before the widget's wasm has arrived
//! (on a slow phone, seconds later), and with JavaScript off. `exit.js`, inline at the top of the
//! page (so that it needs no request of its own: one round trip less on a slow network), arms
//! Escape and Shift ×3 meanwhile; the widget takes the page over when it has started.
//!
//! Rendered once per survey, language and kind of page (alone, or in a partner's frame) when the
//! collector starts, not per request. The markup is the widget's intro screen's (same elements,
//! classes and order: src/components/{survey,intro,support,language_switcher}.rs), so that the
//! page does not move when the widget replaces it. Every survey text is escaped here: text stays
//! text. The stylesheet and exit.js are inline, each under a CSP hash (no 'unsafe-inline'), so
//! that the screen paints, and Escape leaves, with the page's first bytes.

use sha2::{Digest, Sha256};
use speaksafe_core::read::MAX_EXIT_LABEL_CHARS;
pub use speaksafe_core::text::escape_html as escape;
use speaksafe_core::{Direction, Survey, Text};
use std::collections::BTreeMap;
use std::fmt::Write;

/// One rendered page, and its gzip twin.
#[derive(Debug, Clone)]
pub struct Page {
    pub html: bytes::Bytes,
    pub gzipped: bytes::Bytes,
}

/// Every survey's first screens, by (survey id, language code, in a frame).
#[derive(Debug, Default)]
pub struct FirstScreens {
    pages: BTreeMap<(String, String, bool), Page>,
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
        let lower = exit_js.to_ascii_lowercase();
        if lower.contains("</script") || lower.contains("<!--") || css.to_ascii_lowercase().contains("</style") {
            return None;
        }
        let hash = |text: &str| format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())));
        let (style_hash, script_hash) = (hash(css), hash(exit_js));
        let inline = Inline { css, exit_js, style_hash: &style_hash, script_hash: &script_hash };
        let mut pages = BTreeMap::new();
        let mut defaults = BTreeMap::new();
        for survey in surveys {
            defaults.insert(survey.id.clone(), survey.default_language().code.clone());
            for language in &survey.languages {
                for framed in [false, true] {
                    let html = page(survey, &language.code, framed, &inline);
                    let gzipped = bytes::Bytes::from(gzip(html.as_bytes()));
                    pages.insert(
                        (survey.id.clone(), language.code.clone(), framed),
                        Page { html: html.into(), gzipped },
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
    pub fn find(&self, survey: Option<&str>, language: Option<&str>, framed: bool) -> Option<&Page> {
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

/// A survey text in `language`, marked with its own language when it falls back to another (as
/// the widget's `Say::show`).
struct Say<'a> {
    survey: &'a Survey,
    language: &'a str,
}

impl Say<'_> {
    fn marks(&self, text: &Text) -> String {
        match text.get_marked(self.language, &self.survey.default_language().code).1 {
            Some(code) if !code.is_empty() => {
                format!(" lang=\"{}\" dir=\"{}\"", escape(code), Direction::of(code).attribute())
            }
            _ => String::new(),
        }
    }

    fn text(&self, text: &Text) -> String {
        escape(text.get(self.language, &self.survey.default_language().code))
    }

    /// `<span lang dir>` around a text that falls back, as the widget does.
    fn show(&self, text: &Text) -> String {
        match self.marks(text) {
            marks if marks.is_empty() => self.text(text),
            marks => format!("<span{marks}>{}</span>", self.text(text)),
        }
    }

    /// Paragraphs, split where the widget splits them (a blank line).
    fn paragraphs(&self, text: &Text) -> String {
        let marks = self.marks(text);
        let words = text.get(self.language, &self.survey.default_language().code);
        let mut out = String::new();
        for paragraph in words.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            let _ = write!(out, "<p class=\"ss-body\"{marks}>{}</p>", escape(paragraph));
        }
        out
    }
}

/// What every page holds inline, with the hashes its policy allows them by.
struct Inline<'a> {
    css: &'a str,
    exit_js: &'a str,
    style_hash: &'a str,
    script_hash: &'a str,
}

fn page(survey: &Survey, code: &str, framed: bool, inline: &Inline) -> String {
    let say = Say { survey, language: code };
    let words = survey.words(code);
    let language = survey.languages.iter().find(|l| l.code == code).unwrap_or(survey.default_language());
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {script}; style-src 'self' {style}; img-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'",
        script = inline.script_hash,
        style = inline.style_hash,
    );
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\
         <script>{exit_js}</script><title>{title}</title><style>{css}</style>\
         <link rel=\"icon\" href=\"icon.svg\" type=\"image/svg+xml\">\
         <link rel=\"modulepreload\" href=\"widget.js\">\
         <link rel=\"preload\" href=\"widget_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\
         <script type=\"module\" src=\"boot.js\"></script></head><body>",
        lang = escape(code),
        dir = language.direction.attribute(),
        title = say.text(&survey.neutral_title),
        exit_js = inline.exit_js,
        css = inline.css,
    );
    let exit_label: String = survey
        .exit
        .button
        .as_ref()
        .map_or_else(|| words.leave().to_string(), |t| t.get(code, &survey.default_language().code).to_string())
        .chars()
        .take(MAX_EXIT_LABEL_CHARS)
        .collect();
    let _ = write!(
        html,
        "<div id=\"ss-first\"><div class=\"ss-page\" lang=\"{lang}\" dir=\"{dir}\">\
         <a class=\"ss-skip-link\" href=\"#ss-first-main\">{skip}</a>\
         <a class=\"ss-exit\" id=\"ss-first-exit\" href=\"{url}\" rel=\"noreferrer\"{target} data-escape=\"{escape}\" \
         data-shift=\"{shift}\" data-label=\"{label}\">{label}",
        lang = escape(code),
        dir = language.direction.attribute(),
        skip = escape(words.skip_to_content()),
        url = escape(&survey.exit.url),
        // In a partner's frame, a click on the link takes the whole tab (the sandbox allows it).
        target = if framed { " target=\"_top\"" } else { "" },
        escape = survey.exit.escape,
        shift = survey.exit.shift_three_times,
        label = escape(&exit_label),
    );
    if survey.exit.escape {
        let _ = write!(html, "<span class=\"ss-exit__hint ss-exit__key\"> {}</span>", escape(words.leave_hint()));
    }
    html.push_str("</a>");
    if survey.languages.len() > 1 {
        let _ = write!(
            html,
            "<nav class=\"ss-language-nav\" aria-label=\"{}\"><ul class=\"ss-language\">",
            escape(words.language())
        );
        for other in &survey.languages {
            let current = if other.code == code { " aria-current=\"true\"" } else { "" };
            let embed = if framed { "&amp;embed=1" } else { "" };
            let _ = write!(
                html,
                "<li><a class=\"ss-link-button\" lang=\"{c}\" dir=\"{d}\" href=\"?survey={id}&amp;lang={c}{embed}\"{current}>{name}</a></li>",
                c = escape(&other.code),
                d = other.direction.attribute(),
                id = escape(&survey.id),
                name = escape(&other.name),
            );
        }
        html.push_str("</ul></nav>");
    }
    let _ = write!(
        html,
        "<main class=\"ss-main\" id=\"ss-first-main\" tabindex=\"-1\">\
         <h1 class=\"ss-heading-xl\" tabindex=\"-1\">{}</h1>{}",
        say.show(&survey.title),
        say.paragraphs(&survey.intro)
    );
    if let Some(safety) = &survey.safety {
        let _ = write!(
            html,
            "<div class=\"ss-inset ss-safety\"><h2 class=\"ss-heading-m\">{}</h2>{}</div>",
            escape(words.safety_title()),
            say.paragraphs(safety)
        );
    }
    // Start waits for the widget: it is enabled when the widget can act on it.
    let _ = write!(
        html,
        "<button type=\"button\" class=\"ss-button ss-button--start\" disabled>{start}</button>\
         <p class=\"ss-body\" id=\"ss-first-failed\" role=\"alert\" hidden>{failed}</p>\
         <noscript><p class=\"ss-body\">{failed}</p></noscript></main>",
        start = escape(words.start()),
        failed = escape(words.could_not_start()),
    );
    if !survey.support.is_empty() {
        let _ = write!(
            html,
            "<aside class=\"ss-support\" aria-labelledby=\"ss-first-support\"><h2 class=\"ss-heading-m\" \
             id=\"ss-first-support\">{}</h2><ul class=\"ss-support__list\">",
            escape(words.support_title())
        );
        for line in &survey.support {
            html.push_str("<li>");
            match &line.url {
                Some(url) => {
                    let _ = write!(
                        html,
                        "<a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">{}</a>",
                        escape(url),
                        say.show(&line.name)
                    );
                }
                None => {
                    let _ = write!(html, "<strong>{}</strong>", say.show(&line.name));
                }
            }
            if let Some(phone) = &line.phone {
                let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
                let _ = write!(
                    html,
                    " <a href=\"tel:{digits}\"><span class=\"ss-visually-hidden\">{call} {name}: </span>\
                     <span dir=\"ltr\">{phone}</span></a>",
                    digits = escape(&digits),
                    call = escape(words.call()),
                    name = say.text(&line.name),
                    phone = escape(phone),
                );
            }
            if let Some(text) = &line.text {
                let _ = write!(html, "<span class=\"ss-support__text\"> {}</span>", say.show(text));
            }
            html.push_str("</li>");
        }
        html.push_str("</ul></aside>");
    }
    let _ = write!(
        html,
        "</div></div><div id=\"speaksafe\" data-survey=\"{}\" hidden></div></body></html>",
        escape(&survey.id)
    );
    html
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
