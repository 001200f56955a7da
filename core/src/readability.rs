//! How hard an English text is to read: the Flesch–Kincaid grade (a US school grade: 6 is read
//! by most 11-year-olds), for the organiser's check that each question and option suits the
//! survey's audience. Only in the organiser's builds (the `checks` feature): the respondent's
//! widget never measures anything.
//!
//! The formula is the standard one; what it needs is a count of syllables. Written here rather
//! than taken from a crate: those on crates.io (`textstat`, `kincaid`) count a syllable for
//! every group of vowels, so "asked", "describes" and "sometimes" come out at two, three and
//! three syllables, and a plain question such as "Have you asked someone?" is rated years too
//! hard. The rules below (a silent "e", "-ed" and "-es" that add no syllable, compounds of
//! "some", "any" and "every") are the ones those words need, and the tests hold them to
//! dictionary counts.

/// Fewer words than this are not rated: the formula is made for running text, and on a
/// fragment one long word decides the grade ("Never" would be grade 8.4, "Sometimes" 8.4 too).
pub const MIN_WORDS: usize = 4;

/// Whom a survey is for: `audience` in the definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Young people of these ages, youngest first ("11-16").
    Ages(u8, u8),
    /// The general public.
    Adults,
}

/// The grade that plain-language guidance asks of texts for the general public (a reading age
/// of about 13).
const ADULTS_GRADE: u8 = 8;

impl Audience {
    /// Reads `"adults"` or an age range such as `"11-16"`.
    pub fn parse(text: &str) -> Option<Audience> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("adults") {
            return Some(Audience::Adults);
        }
        let (from, to) = text.split_once('-')?;
        let (from, to): (u8, u8) = (from.trim().parse().ok()?, to.trim().parse().ok()?);
        (6..=120).contains(&from).then_some(())?;
        (from <= to && to <= 120).then_some(Audience::Ages(from, to))
    }

    /// The highest Flesch–Kincaid grade the audience reads with ease: for young people, the
    /// school grade of the youngest (a US grade is the age less five: 11-year-olds are in
    /// grade 6); for adults, grade 8.
    pub fn grade(self) -> u8 {
        match self {
            Audience::Ages(from, _) => from.saturating_sub(5).clamp(1, ADULTS_GRADE),
            Audience::Adults => ADULTS_GRADE,
        }
    }

    /// The audience in the organiser's words.
    pub fn words(self) -> String {
        match self {
            Audience::Ages(from, to) => format!("ages {from} to {to}"),
            Audience::Adults => "adults".to_string(),
        }
    }
}

/// What a text holds, as the formula counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextCounts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl TextCounts {
    /// The Flesch–Kincaid grade: 0.39 × words a sentence + 11.8 × syllables a word − 15.59.
    pub fn grade(self) -> f64 {
        let words = self.words.max(1) as f64;
        0.39 * words / self.sentences.max(1) as f64 + 11.8 * self.syllables as f64 / words - 15.59
    }

    /// Words a sentence, on average.
    pub fn sentence_length(self) -> f64 {
        self.words as f64 / self.sentences.max(1) as f64
    }
}

/// TextCounts the words, sentences and syllables of a text. A sentence ends at `.`, `!` or `?` (not
/// a decimal point) or at a blank line; a text with no end is one sentence.
pub fn counts(text: &str) -> TextCounts {
    let words: Vec<&str> = words(text).collect();
    let mut sentences = 0;
    for paragraph in text.split("\n\n").filter(|p| p.chars().any(char::is_alphanumeric)) {
        let chars: Vec<char> = paragraph.trim_end().chars().collect();
        let mut ends = 0;
        let mut in_end = false;
        for (i, &c) in chars.iter().enumerate() {
            let decimal = c == '.'
                && i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            let end = matches!(c, '.' | '!' | '?') && !decimal;
            if end && !in_end {
                ends += 1;
            }
            in_end = end;
        }
        // Words after the last full stop (or a paragraph with none) are a sentence too.
        let last_end = chars.iter().rposition(|c| matches!(c, '.' | '!' | '?'));
        let tail = last_end.map_or(&chars[..], |at| &chars[at + 1..]);
        sentences += ends + usize::from(tail.iter().any(|c| c.is_alphanumeric()));
    }
    TextCounts { words: words.len(), sentences, syllables: words.iter().map(|w| syllables(w)).sum() }
}

/// The Flesch–Kincaid grade of a text, or `None` for one of fewer than [`MIN_WORDS`] words.
pub fn grade(text: &str) -> Option<f64> {
    let counts = counts(text);
    (counts.words >= MIN_WORDS).then(|| counts.grade())
}

/// The words of a text: what lies between spaces, with a letter or digit in it.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric))
}

/// The words of three syllables or more, in order, each once: what to try saying more simply.
pub fn long_words(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for word in words(text) {
        let bare: String = word.chars().filter(|c| c.is_alphanumeric() || *c == '\'' || *c == '-').collect();
        let bare = bare.trim_matches(|c| c == '\'' || c == '-').to_string();
        if syllables(&bare) >= 3 && !found.iter().any(|f| f.eq_ignore_ascii_case(&bare)) {
            found.push(bare);
        }
    }
    found
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// The syllables of one English word, by rule: groups of vowels, less a silent "e" (at the end,
/// or before -ly, -ty, -ful, -ment, -ness, -less), an "-ed" or "-es" that is not said as one, and
/// with "ia", "io", "iu", "ua" and a final "ea" said as two where they usually are (me-di-a,
/// vi-o-lent, u-su-al, a-re-a; not so-cial, na-tion, qual-i-ty). Compounds of "some", "any" and "every" count their
/// parts. A word with no letters (a number) counts one.
pub fn syllables(word: &str) -> usize {
    let letters: Vec<u8> =
        word.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase() as u8).collect();
    if letters.is_empty() {
        return usize::from(word.chars().any(char::is_alphanumeric));
    }
    for (prefix, count) in [("some", 1), ("any", 2), ("every", 2)] {
        if let Some(rest) = letters.strip_prefix(prefix.as_bytes()) {
            const PARTS: &[&str] = &["", "one", "thing", "times", "time", "where", "body", "how", "day", "way"];
            if PARTS.iter().any(|p| p.as_bytes() == rest) {
                return count + if rest.is_empty() { 0 } else { by_rule(rest) };
            }
        }
    }
    by_rule(&letters)
}

fn by_rule(w: &[u8]) -> usize {
    let n = w.len();
    let mut count = 0;
    for i in 0..n {
        // A "y" before a vowel at the start of a word is a consonant ("you", "year").
        let vowel = |i: usize| is_vowel(w[i]) && !(i == 0 && w[i] == b'y' && n > 1 && is_vowel(w[1]));
        if !vowel(i) {
            continue;
        }
        let starts_group = i == 0 || !vowel(i - 1);
        // Two vowels said apart: me-di-a, vi-o-lent, u-su-al, a-re-a (not so-cial, na-tion,
        // qual-i-ty, read).
        let before = if i >= 2 { w[i - 2] } else { b' ' };
        let said_apart = i > 0
            && match (w[i - 1], w[i]) {
                (b'i', b'a' | b'o' | b'u') => !matches!(before, b'c' | b't' | b's' | b'x' | b'g'),
                (b'u', b'a') => !matches!(before, b'q' | b'g'),
                (b'e', b'a') => i == n - 1 && i >= 2,
                _ => false,
            };
        if starts_group || said_apart {
            count += 1;
        }
    }
    let ends = |s: &str| w.ends_with(s.as_bytes());
    let consonant_at = |i: usize| i < n && !is_vowel(w[i]);
    if count > 1 {
        // A final "e" is silent (not in ta-ble); "-ed" is said as a syllable only after t or d
        // (want-ed, not asked); "-es" only after a hissing sound (pla-ces, not makes).
        if n >= 3 {
            let before_end = w[n - 3];
            let silent_e = ends("e") && !(ends("le") && consonant_at(n - 3));
            let silent_ed = ends("ed") && consonant_at(n - 3) && !matches!(before_end, b't' | b'd');
            let silent_es = ends("es")
                && consonant_at(n - 3)
                && !matches!(before_end, b's' | b'x' | b'z' | b'c' | b'g')
                && !ends("ches")
                && !ends("shes");
            if silent_e || silent_ed || silent_es {
                count -= 1;
            }
        }
        // A silent "e" before a suffix: safe-ty, lone-ly, care-ful, state-ment.
        for suffix in ["ly", "ty", "ful", "ment", "ness", "less"] {
            let at = n.saturating_sub(suffix.len() + 1);
            if count > 1 && ends(suffix) && at >= 2 && w[at] == b'e' && consonant_at(at - 1) && is_vowel(w[at - 2]) {
                count -= 1;
            }
        }
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_as_a_dictionary_counts_them() {
        let words = [
            ("cat", 1),
            ("you", 1),
            ("year", 1),
            ("asked", 1),
            ("used", 1),
            ("wanted", 2),
            ("needed", 2),
            ("followed", 2),
            ("describes", 2),
            ("places", 2),
            ("changes", 2),
            ("lives", 1),
            ("make", 1),
            ("table", 2),
            ("people", 2),
            ("someone", 2),
            ("something", 2),
            ("sometimes", 2),
            ("everyone", 3),
            ("every", 2),
            ("anyone", 3),
            ("safety", 2),
            ("lonely", 2),
            ("careful", 2),
            ("media", 3),
            ("social", 2),
            ("nation", 2),
            ("violent", 3),
            ("usual", 3),
            ("quality", 3),
            ("uncomfortable", 5),
            ("relationships", 4),
            ("police", 2),
            ("the", 1),
            ("13", 1),
            ("don't", 1),
            ("school", 1),
            ("pictures", 2),
            ("area", 3),
            ("idea", 3),
            ("definitely", 4),
            ("family", 3),
            ("actually", 4),
        ];
        let wrong: Vec<String> = words
            .iter()
            .filter(|(w, n)| syllables(w) != *n)
            .map(|(w, n)| format!("{w}: {} not {n}", syllables(w)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
    }

    /// Texts whose words, sentences and syllables were counted by hand (syllables as a
    /// dictionary gives them), so their grades are known: the formula applied to those counts.
    #[test]
    fn grades_of_texts_counted_by_hand() {
        let known = [
            // 6 words, 1 sentence, 6 syllables: 0.39 × 6 + 11.8 × 1 − 15.59
            ("The cat sat on the mat.", (6, 1, 6), -1.45),
            // 7 words, 1 sentence, 7 syllables
            ("How safe do you feel at school?", (7, 1, 7), -1.06),
            // un-com-fort-a-ble, some-one, on-line, ev-er: 0.39 × 11 + 11.8 × 18 / 11 − 15.59
            ("Have you ever been made to feel uncomfortable by someone online?", (11, 1, 18), 8.01),
            ("If you need to leave quickly, press the Esc key or the button.", (13, 1, 15), 3.10),
            // Two sentences: 0.39 × 13 / 2 + 11.8 × 14 / 13 − 15.59
            ("This is not a test. There are no right or wrong answers here.", (13, 2, 14), -0.35),
            // Long words: in-de-pen-dent, ad-vis-ers, crim-i-nal, tri-al: 0.39 × 10 + 11.8 × 20 / 10 − 15.59
            ("Independent advisers can explain what happens at a criminal trial.", (10, 1, 20), 11.91),
        ];
        for (text, (words, sentences, syllables), grade) in known {
            let counts = counts(text);
            assert_eq!((counts.words, counts.sentences, counts.syllables), (words, sentences, syllables), "{text}");
            assert!((counts.grade() - grade).abs() < 0.05, "{text}: {} not {grade}", counts.grade());
        }
    }

    #[test]
    fn fragments_are_not_rated_and_long_words_are_named() {
        assert_eq!(grade("Sometimes"), None);
        assert_eq!(grade("Never"), None);
        assert!(grade("Lessons about kind and healthy relationships").is_some_and(|g| g > 9.0));
        assert_eq!(long_words("Lessons about healthy relationships, and relationships."), ["relationships"]);
        assert_eq!(counts("Decimal 3.5 is one sentence.").sentences, 1);
        assert_eq!(counts("A heading\n\nThen a sentence. And another").sentences, 3);
    }

    #[test]
    fn an_audience_is_adults_or_ages_and_has_a_grade() {
        assert_eq!(Audience::parse("11-16"), Some(Audience::Ages(11, 16)));
        assert_eq!(Audience::parse(" adults "), Some(Audience::Adults));
        assert_eq!(Audience::parse("11-16").map(Audience::grade), Some(6));
        assert_eq!(Audience::parse("adults").map(Audience::grade), Some(8));
        assert_eq!(Audience::parse("16-11"), None);
        assert_eq!(Audience::parse("teens"), None);
        assert_eq!(Audience::parse("3-5"), None);
    }

    proptest::proptest! {
        /// Any text at all is counted, never a panic: `check` rates whatever an organiser wrote.
        #[test]
        fn any_text_is_counted(text in "\\PC{0,80}", ascii in "[a-zA-Z .!?'-]{0,40}") {
            for text in [&text, &ascii] {
                let counts = counts(text);
                proptest::prop_assert!(counts.syllables >= counts.words);
                let _ = long_words(text);
                let _ = grade(text);
            }
        }
    }
}
