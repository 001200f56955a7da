//! Names as speaksafe takes them (ids and option values: letters, digits, `_` and `-`, up to 64),
//! made from what people write ("How often do you go?", "Travel Mode", "Option 1", "¿Edad?"):
//! by the importers, and by the studio when it suggests an id from a question's words.

use std::collections::HashMap;

/// A usable name from any text: lower case, runs of anything else as one `_`, at most 64
/// characters; `fallback` if nothing is left.
pub fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        let c = fold(c);
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_matches('_');
    let out: String = out.chars().take(64).collect();
    let out = out.trim_end_matches('_');
    if out.is_empty() {
        fallback.to_string()
    } else {
        out.to_string()
    }
}

/// Letters with accents as their plain letter, so "Niño" is `nino`, not `ni_o`.
pub(crate) fn fold(c: char) -> char {
    match c {
        'à'..='å' | 'À'..='Å' | 'ā' | 'ą' | 'ă' => 'a',
        'ç' | 'Ç' | 'ć' | 'č' => 'c',
        'è'..='ë' | 'È'..='Ë' | 'ę' | 'ė' | 'ē' | 'ě' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' | 'ı' | 'į' | 'ī' => 'i',
        'ñ' | 'Ñ' | 'ń' | 'ň' => 'n',
        'ò'..='ö' | 'Ò'..='Ö' | 'ø' | 'ő' | 'ō' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' | 'ū' | 'ű' | 'ų' | 'ů' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ś' | 'š' | 'ș' | 'ş' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' | 'Ł' => 'l',
        'ğ' => 'g',
        'ț' | 'ţ' => 't',
        other => other,
    }
}

/// Hands out distinct names in one scope (a survey's questions, one question's options),
/// remembering which original each came from.
#[derive(Debug, Default)]
pub struct Names {
    given: HashMap<String, String>,
    taken: Vec<String>,
}

impl Names {
    /// The name for `original`: the same each time it is asked, distinct from all others.
    pub fn name(&mut self, original: &str, fallback: &str) -> String {
        if let Some(name) = self.given.get(original) {
            return name.clone();
        }
        let name = self.free(&slug(original, fallback));
        self.given.insert(original.to_string(), name.clone());
        name
    }

    /// A name of its own for a second thing called `original` (a duplicate in the source):
    /// `original`'s `_2`, `_3`..., while `original` keeps the name it was given first.
    pub fn another(&mut self, original: &str, fallback: &str) -> String {
        let base = slug(original, fallback);
        let name = self.free(&format!("{base}_2"));
        if name == format!("{base}_2") {
            return name;
        }
        // `base_2` was taken: count on from the base.
        self.taken.pop();
        self.free(&base)
    }

    /// A name of its own for something with no original name: `base`, or `base_2`...
    pub fn fresh(&mut self, base: &str) -> String {
        self.free(&slug(base, "question"))
    }

    /// `base`, or `base_2`, `base_3`... if it is taken; taken from now on.
    fn free(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 2;
        while self.taken.contains(&name) {
            let suffix = format!("_{n}");
            name = format!("{}{suffix}", base.chars().take(64 - suffix.len()).collect::<String>());
            n += 1;
        }
        self.taken.push(name.clone());
        name
    }

    /// The name already given to `original`.
    pub fn get(&self, original: &str) -> Option<&str> {
        self.given.get(original).map(String::as_str)
    }

    /// Makes `original` stand for a name given otherwise (SurveyJS's `refused` for speaksafe's
    /// `prefer_not_to_say`).
    pub fn alias(&mut self, original: &str, name: &str) {
        self.given.insert(original.to_string(), name.to_string());
    }

    /// Reserves a name so that nothing else is given it.
    pub fn reserve(&mut self, name: &str) {
        self.taken.push(name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_usable_distinct_and_stable() {
        assert_eq!(slug("Travel Mode", "q"), "travel_mode");
        assert_eq!(slug("  ¿Qué edad tienes?  ", "q"), "que_edad_tienes");
        assert_eq!(slug("Option-1", "q"), "option-1");
        assert_eq!(slug("???", "q1"), "q1");
        assert_eq!(slug(&"x".repeat(100), "q").len(), 64);
        let mut names = Names::default();
        assert_eq!(names.name("A b", "q"), "a_b");
        assert_eq!(names.name("a-b", "q"), "a-b");
        assert_eq!(names.name("A  B", "q"), "a_b_2");
        assert_eq!(names.name("A b", "q"), "a_b");
        assert_eq!(names.get("A  B"), Some("a_b_2"));
    }
}
