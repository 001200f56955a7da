//! Texts a respondent reads, in one or several languages.

/// A text the respondent sees: the same in every language, or one per language.
/// Always plain text: the widget renders it as text nodes, never as markup.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text {
    /// `(language code, text)`; the code is empty for a text that is the same in every language.
    entries: Vec<(String, String)>,
    /// The easy-read version (short sentences, common words), where the survey gives one: the
    /// `easy` field beside the text.
    easy: Option<Box<Text>>,
}

impl Text {
    /// A text that reads the same in every language.
    pub fn plain(text: impl Into<String>) -> Self {
        Text { entries: vec![(String::new(), text.into())], easy: None }
    }

    /// A text with one entry per language code.
    pub fn translated(entries: Vec<(String, String)>) -> Self {
        Text { entries, easy: None }
    }

    /// The text with an easy-read version.
    pub fn with_easy(mut self, easy: Text) -> Self {
        self.easy = Some(Box::new(easy));
        self
    }

    /// The easy-read version, if the survey gives one.
    pub fn easy(&self) -> Option<&Text> {
        self.easy.as_deref()
    }

    /// What a respondent reading `language` is shown: the easy-read version when they asked for
    /// easy read and it is written in their language, else the text itself (never another
    /// language's easy read: the respondent's own language comes first).
    pub fn version(&self, easy: bool, language: &str) -> &Text {
        match &self.easy {
            Some(version) if easy && version.has(language) => version,
            _ => self,
        }
    }

    /// The text in `language`, else in `default`, else the first there is.
    pub fn get(&self, language: &str, default: &str) -> &str {
        let find = |code: &str| self.entries.iter().find(|(c, _)| c == code || c.is_empty());
        find(language).or_else(|| find(default)).or(self.entries.first()).map_or("", |(_, text)| text.as_str())
    }

    /// The text in `language` as [`Text::get`] finds it, with the language it is really in when
    /// that is another (a fallback): the page marks it, so that a screen reader reads it in the
    /// right voice.
    pub fn get_marked<'a>(&'a self, language: &str, default: &'a str) -> (&'a str, Option<&'a str>) {
        if self.has(language) {
            return (self.get(language, default), None);
        }
        let found = self.entries.iter().find(|(c, _)| c == default).or(self.entries.first());
        found.map_or(("", None), |(code, text)| (text.as_str(), Some(code.as_str())))
    }

    /// Whether the text has its own wording for `language` (a plain text has every language).
    pub fn has(&self, language: &str) -> bool {
        self.entries.iter().any(|(c, _)| c.is_empty() || c == language)
    }

    /// Every `(language code, text)`; the code is empty for a text that is the same in every language.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(c, t)| (c.as_str(), t.as_str()))
    }

    /// Whether the text reads the same in every language.
    pub fn is_plain(&self) -> bool {
        self.entries.len() == 1 && self.entries[0].0.is_empty()
    }
}

/// Which way a language is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    LeftToRight,
    RightToLeft,
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub fn attribute(self) -> &'static str {
        match self {
            Direction::LeftToRight => "ltr",
            Direction::RightToLeft => "rtl",
        }
    }

    /// The usual direction for a language code (its primary subtag).
    pub fn of(code: &str) -> Direction {
        let primary = code.split('-').next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "ar" | "he" | "fa" | "ur" | "ps" | "yi" | "dv" | "ckb" | "sd" | "ug" => Direction::RightToLeft,
            _ => Direction::LeftToRight,
        }
    }
}

/// A language a survey is offered in.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    /// A language code such as `en`, `ar`, `pt-BR`: becomes the page's `lang` attribute.
    pub code: String,
    /// The language's name in itself, for the language switcher.
    pub name: String,
    pub direction: Direction,
}

impl Language {
    pub fn new(code: &str) -> Language {
        Language {
            code: code.to_string(),
            name: known_name(code).unwrap_or(code).to_string(),
            direction: Direction::of(code),
        }
    }
}

/// The names, in themselves, of the languages speaksafe has interface words for (as in
/// `core/words/`, which a test compares with this).
fn known_name(code: &str) -> Option<&'static str> {
    let primary = code.split('-').next().unwrap_or("");
    let code = match code {
        "zh-Hans" | "zh-Hant" => code,
        _ => primary,
    };
    Some(match code {
        "en" => "English",
        "cy" => "Cymraeg",
        "pl" => "Polski",
        "ro" => "Română",
        "pt" => "Português",
        "es" => "Español",
        "fr" => "Français",
        "it" => "Italiano",
        "lt" => "Lietuvių",
        "tr" => "Türkçe",
        "so" => "Soomaali",
        "ar" => "العربية",
        "ur" => "اردو",
        "fa" => "فارسی",
        "bn" => "বাংলা",
        "pa" => "ਪੰਜਾਬੀ",
        "gu" => "ગુજરાતી",
        "ta" => "தமிழ்",
        "zh-Hans" => "简体中文",
        "zh-Hant" => "繁體中文",
        _ => return None,
    })
}

/// The name of a language in itself, where speaksafe knows it.
pub fn language_name(code: &str) -> Option<&'static str> {
    known_name(code)
}

/// Text for HTML content and attribute values (the collector's first screen, the report):
/// markup characters as references, control characters but newline and tab replaced.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_the_default_language_then_the_first() {
        let t = Text::translated(vec![("en".into(), "Hello".into()), ("ar".into(), "مرحبا".into())]);
        assert_eq!(t.get("ar", "en"), "مرحبا");
        assert_eq!(t.get("pl", "en"), "Hello");
        let only_ar = Text::translated(vec![("ar".into(), "مرحبا".into())]);
        assert_eq!(only_ar.get("en", "en"), "مرحبا");
        assert_eq!(Text::plain("Same").get("ar", "en"), "Same");
        assert!(!t.has("pl") && t.has("ar") && Text::plain("x").has("pl"));
        assert_eq!(t.get_marked("pl", "en"), ("Hello", Some("en")));
        assert_eq!(t.get_marked("ar", "en"), ("مرحبا", None));
        assert_eq!(Text::plain("Same").get_marked("pl", "en"), ("Same", None));
    }

    #[test]
    fn easy_read_is_shown_only_when_asked_for_and_written_in_the_language() {
        let hard = Text::translated(vec![("en".into(), "Hard".into()), ("ar".into(), "صعب".into())]);
        let t = hard.clone().with_easy(Text::translated(vec![("en".into(), "Easy".into())]));
        assert_eq!(t.version(true, "en").get("en", "en"), "Easy");
        assert_eq!(t.version(false, "en").get("en", "en"), "Hard");
        assert_eq!(t.version(true, "ar").get("ar", "en"), "صعب", "Arabic, not English easy read");
        assert_eq!(hard.version(true, "en").get("en", "en"), "Hard", "no easy read: the text itself");
    }

    #[test]
    fn right_to_left_languages_are_known() {
        assert_eq!(Direction::of("ar"), Direction::RightToLeft);
        assert_eq!(Direction::of("ur-PK"), Direction::RightToLeft);
        assert_eq!(Direction::of("en"), Direction::LeftToRight);
        assert_eq!(Language::new("ar").direction.attribute(), "rtl");
    }
}
