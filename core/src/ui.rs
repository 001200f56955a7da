//! The interface's own words (buttons, progress, errors): everything on screen that is not the
//! survey's own text.
//!
//! English is built in, as the words of last resort. Every other language's words are data: a
//! survey's `interface` block gives them (or overrides English), and the collector adds the
//! built-in words of `core/words/` for the survey's languages to the definition it serves
//! ([`built_in`], behind the `built-in-words` feature). So a survey in English never downloads
//! Tamil, and the widget's wasm does not grow with the number of languages.

/// Declares the words once: the struct, the keys as written in an `interface` block and in
/// `core/words/*.json` (the field's name, or the given key where the name is a Rust keyword),
/// and the English wording.
macro_rules! words {
    ($($field:ident $(as $key:literal)? = $english:expr,)*) => {
        /// Every word's key, as an `interface` block names it.
        pub const KEYS: &[&str] = &[$(words!(@key $field $($key)?),)*];

        /// The English wording of every word, in the order of [`KEYS`].
        pub const ENGLISH: &[&str] = &[$($english,)*];

        /// Each word's place in [`KEYS`].
        #[allow(non_camel_case_types, dead_code)]
        enum Place { $($field,)* }

        impl Words {
            $(
                #[doc = concat!("\"", $english, "\"")]
                pub fn $field(&self) -> &str {
                    &self.0[Place::$field as usize]
                }
            )*
        }
    };
    (@key $field:ident $key:literal) => { $key };
    (@key $field:ident) => { stringify!($field) };
}

/// Every interface word, in one language, in the order of [`KEYS`]. `{n}`, `{k}`, `{min}`,
/// `{max}`, `{reason}` are filled in with [`fill`]. One list rather than a field each: the
/// widget downloads the code that handles them, and a list is handled by one loop.
#[derive(Debug, Clone, PartialEq)]
pub struct Words(Vec<String>);

impl Words {
    /// The English words.
    pub fn english() -> Words {
        Words(ENGLISH.iter().map(|w| w.to_string()).collect())
    }

    /// Sets the word with `key`; false when there is no such word.
    pub fn set(&mut self, key: &str, wording: String) -> bool {
        match KEYS.iter().position(|k| *k == key) {
            Some(at) => {
                self.0[at] = wording;
                true
            }
            None => false,
        }
    }

    /// The word with `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        KEYS.iter().position(|k| *k == key).map(|at| self.0[at].as_str())
    }
}

words! {
    skip_to_content = "Skip to main content",
    leave = "Leave this site",
    leave_hint = "or press Esc",
    start = "Start",
    continue_ as "continue" = "Continue",
    back = "Back",
    skip_page = "Skip this page",
    content_note = "Before you go on",
    page_of = "Page {k} of {n}",
    problem = "There is a problem",
    error_prefix = "Error:",
    check_title = "Check your answers",
    check_intro = "Nothing is sent until you press Submit. You can change any answer.",
    change = "Change",
    not_answered = "Not answered",
    submit = "Submit",
    complete_title = "Thank you",
    support_title = "Help and support",
    language = "Language",
    easy_read = "Easy read",
    read_aloud = "Read aloud",
    stop = "Stop",
    prefer_not_to_say = "Prefer not to say",
    yes = "Yes",
    no = "No",
    other_detail = "Please say",
    or = "or",
    choose = "Choose an answer",
    clear = "Clear this answer",
    characters_left = "You have {n} characters left",
    characters_over = "You have {n} characters too many",
    call = "Call",
    safety_title = "Staying safe",
    sending = "Sending your answers…",
    not_sent_yet = "Could not send yet — keep this page open, we are trying again.",
    next_try = "Next try in {n} seconds.",
    try_again = "Try again",
    refused = "Your answers could not be sent ({reason}). Please tell the people who run this survey.",
    loading = "Loading…",
    cannot_show = "This survey cannot be shown",
    cannot_show_intro =
        "Something is wrong with this survey, so it cannot be shown. Please tell the people who run it. What is wrong:",
    error_choose = "Choose an answer",
    error_enter = "Enter an answer",
    error_every_row = "Answer every row",
    error_number = "Enter a number, like 12",
    error_whole_number = "Enter a whole number, like 12",
    error_at_least = "Enter a number that is {min} or more",
    error_at_most = "Enter a number that is {max} or less",
    error_between = "Enter a number between {min} and {max}",
    error_too_long = "Your answer must be {max} characters or fewer",
    could_not_start = "This survey could not start. Nothing was saved or sent.",
    closed_title = "This survey has closed",
    closed = "It is no longer taking answers. Thank you for wanting to take part.",
    closed_not_sent = "This survey closed before your answers were sent, so they were not sent. Thank you for your time.",
    // A survey with access codes: its intro's field, and what is said when a code does not work
    // (kind, and naming no one).
    code_label = "Your access code",
    code_hint = "It is on the card you were given, like 7KQM-2XHD-9RTA. When you press Start, the code is checked by the service that collects this survey’s answers. That is the only thing sent before you press Submit, and it cannot be linked to your answers.",
    code_checking = "Checking your code…",
    code_enter = "Enter the access code from your card",
    code_mistyped = "Check the code: it is 12 letters and numbers, as on your card",
    code_unknown = "This code does not work for this survey. Check it against your card, or ask the person who gave you the card for another one.",
    code_used = "This code has already been used. Each code works once. If you have not used it, ask the person who gave you the card for another one.",
    code_withdrawn = "This code no longer works. Ask the person who gave you the card for a new one.",
    code_not_checked = "Your code could not be checked just now. Nothing else was sent. Please try again in a moment.",
    // The browser tab's and the history's title unless the survey sets its own: it says
    // nothing of what the survey is about.
    neutral_title = "Survey",
}

/// The placeholders a word may hold.
pub const PLACEHOLDERS: &[&str] = &["n", "k", "min", "max", "reason"];

/// The placeholders in a wording, in order of appearance: `"Page {k} of {n}"` → `["k", "n"]`.
/// Anything else in braces is not a placeholder.
pub fn placeholders(wording: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = wording;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if PLACEHOLDERS.contains(&&after[..close]) => {
                found.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    found
}

/// What is wrong with a wording's placeholders, compared with English's: missing, extra or
/// repeated ones.
pub fn placeholder_problem(key: &str, wording: &str) -> Option<String> {
    let english = KEYS.iter().position(|k| *k == key).map(|i| ENGLISH[i])?;
    let (expected, found) = (placeholders(english), placeholders(wording));
    let count = |list: &[&str], name: &str| list.iter().filter(|p| **p == name).count();
    let braces = |names: &[&str]| names.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join(", ");
    // Counted, not sorted: each placeholder as often as in English.
    let missing: Vec<&str> = PLACEHOLDERS.iter().copied().filter(|p| count(&found, p) < count(&expected, p)).collect();
    let extra: Vec<&str> = PLACEHOLDERS.iter().copied().filter(|p| count(&found, p) > count(&expected, p)).collect();
    if missing.is_empty() && extra.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("is missing {}", braces(&missing)));
    }
    if !extra.is_empty() {
        parts.push(format!("has {} that the English does not", braces(&extra)));
    }
    let wanted = if expected.is_empty() { "no placeholder".to_string() } else { braces(&expected) };
    Some(format!("{}; it must hold exactly {wanted}, as \"{english}\" does", parts.join(" and ")))
}

/// Fills `{name}` placeholders: `fill("Page {k} of {n}", &[("k", "2"), ("n", "5")])`.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The languages speaksafe has built-in words for (`core/words/`), and whether a native
/// speaker has reviewed them. Only this list is in every build; the words themselves are in
/// [`built_in`].
pub const BUILT_IN: &[(&str, bool)] = &[
    ("en", true),
    ("cy", false),
    ("pl", false),
    ("ro", false),
    ("pt", false),
    ("es", false),
    ("fr", false),
    ("it", false),
    ("lt", false),
    ("tr", false),
    ("so", false),
    ("ar", false),
    ("ur", false),
    ("fa", false),
    ("bn", false),
    ("pa", false),
    ("gu", false),
    ("ta", false),
    ("zh-Hans", false),
    ("zh-Hant", false),
];

/// Which built-in words a language code takes: its own, else those of its script or primary
/// language (`pt-BR` → `pt`; `zh-TW` → `zh-Hant`; `zh`, `zh-CN` → `zh-Hans`).
pub fn built_in_code(code: &str) -> Option<&'static str> {
    let lower = code.to_ascii_lowercase();
    let find = |c: &str| BUILT_IN.iter().map(|(b, _)| *b).find(|b| b.eq_ignore_ascii_case(c));
    if let Some(exact) = find(&lower) {
        return Some(exact);
    }
    let mut parts = lower.split('-');
    let primary = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    if primary == "zh" {
        let traditional = rest.iter().any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
        return find(if traditional { "zh-Hant" } else { "zh-Hans" });
    }
    find(primary)
}

/// Whether a native speaker has reviewed the built-in words a language code takes; `None` when
/// there are none.
pub fn reviewed(code: &str) -> Option<bool> {
    let built_in = built_in_code(code)?;
    BUILT_IN.iter().find(|(b, _)| *b == built_in).map(|(_, reviewed)| *reviewed)
}

/// One language's built-in words, as in `core/words/CODE.json`.
#[cfg(feature = "built-in-words")]
#[derive(Debug, Clone)]
pub struct BuiltIn {
    pub code: String,
    /// The language's name, in itself.
    pub name: String,
    pub reviewed: bool,
    /// Every word, by key, in the order of [`KEYS`].
    pub words: Vec<(String, String)>,
}

#[cfg(feature = "built-in-words")]
const FILES: &[(&str, &str)] = &[
    ("en", include_str!("../words/en.json")),
    ("cy", include_str!("../words/cy.json")),
    ("pl", include_str!("../words/pl.json")),
    ("ro", include_str!("../words/ro.json")),
    ("pt", include_str!("../words/pt.json")),
    ("es", include_str!("../words/es.json")),
    ("fr", include_str!("../words/fr.json")),
    ("it", include_str!("../words/it.json")),
    ("lt", include_str!("../words/lt.json")),
    ("tr", include_str!("../words/tr.json")),
    ("so", include_str!("../words/so.json")),
    ("ar", include_str!("../words/ar.json")),
    ("ur", include_str!("../words/ur.json")),
    ("fa", include_str!("../words/fa.json")),
    ("bn", include_str!("../words/bn.json")),
    ("pa", include_str!("../words/pa.json")),
    ("gu", include_str!("../words/gu.json")),
    ("ta", include_str!("../words/ta.json")),
    ("zh-Hans", include_str!("../words/zh-Hans.json")),
    ("zh-Hant", include_str!("../words/zh-Hant.json")),
];

/// The built-in words a language code takes ([`built_in_code`]), read from `core/words/`.
#[cfg(feature = "built-in-words")]
pub fn built_in(code: &str) -> Option<BuiltIn> {
    let code = built_in_code(code)?;
    let (_, text) = FILES.iter().find(|(c, _)| *c == code)?;
    read_built_in(text).ok()
}

/// The words a language starts from, before a survey's `interface` block: its built-in words
/// where this build has them (the collector's, the organiser's tools', the studio's), else
/// English (the widget's, whose definition brings its languages' words with it).
pub fn base_words(code: &str) -> Words {
    #[cfg(feature = "built-in-words")]
    if let Some(built_in) = built_in(code) {
        let mut words = Words::english();
        for (key, wording) in built_in.words {
            words.set(&key, wording);
        }
        return words;
    }
    let _ = code;
    Words::english()
}

/// A word in a language: its built-in wording, else the English.
#[cfg(feature = "built-in-words")]
pub fn built_in_word(code: &str, key: &str) -> String {
    let own = built_in(code).and_then(|b| b.words.into_iter().find(|(k, _)| k == key).map(|(_, w)| w));
    own.or_else(|| Words::english().get(key).map(str::to_string)).unwrap_or_default()
}

/// Reads one file of `core/words/`; what is wrong with it, if anything.
#[cfg(feature = "built-in-words")]
pub fn read_built_in(text: &str) -> Result<BuiltIn, String> {
    use serde_json::Value;
    let file: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let string = |key: &str| file.get(key).and_then(Value::as_str).map(str::to_string).ok_or(format!("no \"{key}\""));
    let words = file.get("words").and_then(Value::as_object).ok_or("no \"words\" object")?;
    let mut list = Vec::new();
    for (key, wording) in words {
        let wording = wording.as_str().ok_or(format!("words.{key} is not a string"))?;
        list.push((key.clone(), wording.to_string()));
    }
    Ok(BuiltIn {
        code: string("code")?,
        name: string("name")?,
        reviewed: file.get("reviewed").and_then(Value::as_bool).ok_or("no \"reviewed\" true or false")?,
        words: list,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        assert_eq!(fill(Words::english().page_of(), &[("k", "3"), ("n", "8")]), "Page 3 of 8");
    }

    #[test]
    fn words_are_set_and_read_by_their_keys() {
        let mut words = Words::english();
        assert!(words.set("continue", "Dalej".into()));
        assert_eq!(words.continue_(), "Dalej");
        assert_eq!(words.get("continue"), Some("Dalej"));
        assert!(!words.set("continue_", "x".into()));
        assert_eq!(KEYS.len(), ENGLISH.len());
        assert_eq!(words.get("start"), Some("Start"));
    }

    #[test]
    fn placeholders_are_compared_with_the_english() {
        assert_eq!(placeholders("Page {k} of {n}, {x} {"), vec!["k", "n"]);
        assert_eq!(placeholder_problem("page_of", "Strona {k} z {n}"), None);
        assert_eq!(placeholder_problem("page_of", "{n} z {k}"), None);
        let missing = placeholder_problem("page_of", "Strona {k}").unwrap();
        assert!(missing.starts_with("is missing {n};"), "{missing}");
        let extra = placeholder_problem("start", "Start {n}").unwrap();
        assert!(extra.starts_with("has {n} that the English does not"), "{extra}");
        assert!(placeholder_problem("page_of", "{k} {k} {n}").unwrap().contains("has {k}"));
    }

    #[test]
    fn language_codes_find_their_built_in_words() {
        assert_eq!(built_in_code("pl"), Some("pl"));
        assert_eq!(built_in_code("pt-BR"), Some("pt"));
        assert_eq!(built_in_code("zh"), Some("zh-Hans"));
        assert_eq!(built_in_code("zh-TW"), Some("zh-Hant"));
        assert_eq!(built_in_code("zh-hant-hk"), Some("zh-Hant"));
        assert_eq!(built_in_code("de"), None);
        assert_eq!(reviewed("en"), Some(true));
        assert_eq!(reviewed("ur"), Some(false));
        assert_eq!(reviewed("de"), None);
    }
}
