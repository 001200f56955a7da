//! What changes between a published survey and a new version of it that would break the
//! responses already collected, or make them hard to compare (`speaksafe check NEW --against
//! PUBLISHED`): a question removed or of another kind, an option, row or column removed or
//! renamed, a question id used again for a different question. Answers are stored by these
//! names: an option renamed from `walk` to `on_foot` leaves every earlier `walk` with no column.

use crate::definition::{Choice, Question, Survey};
use crate::kind::Shape;
use crate::read::Problem;

/// Every change from `published` to `new` that breaks or muddles what was collected, each with
/// where it is in `new` (or, if gone, where it was).
pub fn breaking_changes(new: &Survey, published: &Survey) -> Vec<Problem> {
    let mut problems = Vec::new();
    let text = |survey: &Survey, t: &crate::text::Text| {
        t.get(&survey.languages[0].code, &survey.languages[0].code).to_string()
    };
    for (p, page) in published.pages.iter().enumerate() {
        for (q, before) in page.questions.iter().enumerate().filter(|(_, q)| q.is_answerable()) {
            let was = format!("published pages[{p}].questions[{q}]");
            let Some((np, nq, now)) = find(new, &before.id) else {
                problems.push(Problem {
                    path: String::new(),
                    message: format!(
                        "question \"{}\" ({was}, \"{}\") is removed: the answers already collected to it will have no column",
                        before.id,
                        text(published, &before.text)
                    ),
                });
                continue;
            };
            let here = format!("pages[{np}].questions[{nq}]");
            if now.kind.name() != before.kind.name() {
                problems.push(Problem {
                    path: format!("{here}.kind"),
                    message: format!(
                        "\"{}\" was {} and is now {}: answers collected before will not read the same",
                        before.id,
                        before.kind.name(),
                        now.kind.name()
                    ),
                });
                continue;
            }
            let (old_text, new_text) = (text(published, &before.text), text(new, &now.text));
            if similarity(&old_text, &new_text) < 0.5 {
                problems.push(Problem {
                    path: format!("{here}.text"),
                    message: format!(
                        "the id \"{}\" now asks \"{new_text}\", but it asked \"{old_text}\": give a different question a new id, or answers to the two will be counted together",
                        before.id
                    ),
                });
            }
            for (field, old_list, new_list) in lists(before, now) {
                renamed_or_removed(
                    &mut problems,
                    &format!("{here}.{field}"),
                    field,
                    old_list,
                    new_list,
                    published,
                    new,
                );
            }
        }
    }
    problems
}

fn find<'s>(survey: &'s Survey, id: &str) -> Option<(usize, usize, &'s Question)> {
    survey.pages.iter().enumerate().find_map(|(p, page)| {
        page.questions.iter().enumerate().find(|(_, q)| q.id == id).map(|(q, question)| (p, q, question))
    })
}

/// The lists of values a question's answers are made of: options, or a matrix's rows and columns.
fn lists<'a>(before: &'a Question, now: &'a Question) -> Vec<(&'static str, &'a [Choice], &'a [Choice])> {
    match (before.kind.shape(), now.kind.shape()) {
        (Shape::Rows { rows: r0, columns: c0 }, Shape::Rows { rows: r1, columns: c1 }) => {
            vec![("rows", r0, r1), ("columns", c0, c1)]
        }
        (old, new) => vec![("options", old.options(), new.options())],
    }
}

/// Values gone from a list, each with the likely new name if there is one.
fn renamed_or_removed(
    problems: &mut Vec<Problem>,
    path: &str,
    field: &str,
    before: &[Choice],
    now: &[Choice],
    published: &Survey,
    new: &Survey,
) {
    let text =
        |survey: &Survey, c: &Choice| c.text.get(&survey.languages[0].code, &survey.languages[0].code).to_lowercase();
    let gone: Vec<&Choice> = before.iter().filter(|c| !now.iter().any(|n| n.value == c.value)).collect();
    let mut added: Vec<&Choice> = now.iter().filter(|c| !before.iter().any(|b| b.value == c.value)).collect();
    let what = match field {
        "rows" => "row",
        "columns" => "column",
        _ => "option",
    };
    for old in &gone {
        // The same words under a new value, or the one value added for the one removed, or the
        // closest words.
        let by_text = added.iter().position(|a| text(new, a) == text(published, old));
        let one_for_one = (gone.len() == 1 && added.len() == 1).then_some(0);
        let closest = added
            .iter()
            .enumerate()
            .map(|(i, a)| (similarity(&text(new, a), &text(published, old)), i))
            .filter(|(s, _)| *s >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, i)| i);
        let message = match by_text.or(one_for_one).or(closest) {
            Some(i) => {
                let renamed = added.remove(i);
                format!(
                    "{what} \"{}\" is gone; renamed `{}` → `{}`? answers already given as \"{}\" will not count as \"{}\"",
                    old.value, old.value, renamed.value, old.value, renamed.value
                )
            }
            None => format!(
                "{what} \"{}\" is removed: answers already given as \"{}\" will have no column",
                old.value, old.value
            ),
        };
        problems.push(Problem { path: path.to_string(), message });
    }
}

/// How alike two texts are: 1 for the same, 0 for nothing in common (by edit distance).
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (a.trim().to_lowercase(), b.trim().to_lowercase());
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 1.0;
    }
    1.0 - crate::read::distance(&a, &b) as f64 / longest as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_alike_and_not() {
        assert!(similarity("How do you get to school?", "How do you usually get to school?") > 0.7);
        assert!(similarity("How old are you?", "Which borough do you live in?") < 0.5);
    }
}
