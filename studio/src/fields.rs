//! Where an editable field is in the page, and what the check says of it.

use speaksafe_core::read::Findings;
use std::collections::BTreeMap;

/// The id of the field that edits what is at `path` (`pages[1].title` → `f-pages-1-title`):
/// the check's links go there.
pub fn field_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        match c {
            '[' | '.' => id.push('-'),
            ']' => {}
            c if c.is_ascii_alphanumeric() || c == '_' || c == '-' => id.push(c),
            _ => id.push('_'),
        }
    }
    id
}

/// "single choice" → "Single choice".
pub fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// What the check says, by path: (is it an error, the message). In order of path, so that what
/// is said of one part of the survey is found without looking at the rest.
pub type Problems = BTreeMap<String, Vec<(bool, String)>>;

pub fn problems(findings: &Findings) -> Problems {
    let mut by_path: Problems = BTreeMap::new();
    for (error, list) in [(true, &findings.errors), (false, &findings.warnings)] {
        for problem in list {
            by_path.entry(problem.path.clone()).or_default().push((error, problem.message.clone()));
        }
    }
    by_path
}

/// What is said of `path` and of everything inside it (`pages[1]` holds `pages[1].title`, not
/// `pages[10]`).
pub fn problems_within<'p>(
    problems: &'p Problems,
    path: &'p str,
) -> impl Iterator<Item = (&'p String, &'p Vec<(bool, String)>)> + 'p {
    problems
        .range::<str, _>((std::ops::Bound::Included(path), std::ops::Bound::Unbounded))
        .take_while(move |(at, _)| at.starts_with(path))
        .filter(move |(at, _)| at[path.len()..].is_empty() || at[path.len()..].starts_with(['.', '[']))
}

/// The page a path is on (`pages[3].questions[0].text` → 3).
pub fn page_of(path: &str) -> Option<usize> {
    path.strip_prefix("pages[")?.split(']').next()?.parse().ok()
}

/// The field a problem is shown at: the path itself, or the nearest field above it that the
/// studio has (a problem about `pages[0].questions[1]` as a whole shows at its text).
pub fn nearest_field(path: &str) -> String {
    if path.ends_with(']') {
        if path.ends_with("pages[0]") || path.contains("questions[") {
            return format!("{path}.text");
        }
        return format!("{path}.title");
    }
    if path.is_empty() {
        return "title".into();
    }
    path.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_make_usable_ids() {
        assert_eq!(field_id("pages[1].questions[0].options[2].text"), "f-pages-1-questions-0-options-2-text");
        assert_eq!(page_of("pages[12].questions[0].text"), Some(12));
        assert_eq!(page_of("title"), None);
        assert_eq!(nearest_field("pages[2].questions[1]"), "pages[2].questions[1].text");
    }

    #[test]
    fn what_is_said_within_a_part_leaves_out_its_neighbours_of_like_name() {
        let said = |at: &str| (at.to_string(), vec![(true, format!("at {at}"))]);
        let problems: Problems = [
            said("pages[1]"),
            said("pages[1].questions[0].text"),
            said("pages[1].questions[10].id"),
            said("pages[1].questions[1].id"),
            said("pages[1].title"),
            said("pages[10].title"),
        ]
        .into_iter()
        .collect();
        let within = |path: &str| problems_within(&problems, path).map(|(at, _)| at.clone()).collect::<Vec<_>>();
        assert_eq!(within("pages[1].questions[1]"), ["pages[1].questions[1].id"]);
        assert_eq!(within("pages[1]").len(), 5);
    }
}
