//! Which screen of the studio is open.

/// What the organiser is looking at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Nothing open yet: start blank, from an example or from a file.
    Start,
    /// The survey's own settings: title, intro, languages, help lines, the quick exit.
    Settings,
    /// One page and its questions.
    Page(usize),
    /// Every text in every language.
    Translations,
}
