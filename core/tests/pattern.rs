//! The `pattern` rule's patterns against regex-lite, the regex crate speaksafe used before it
//! read patterns itself: every pattern speaksafe accepts, regex-lite must accept too, and the
//! two must agree on every answer. Patterns come two ways: built from the syntax speaksafe
//! documents (all of which must be accepted), and as soup of the characters patterns are made
//! of (most of which is refused, and what is accepted must still agree).
//!
//! `cargo test -p speaksafe-core --test pattern -- --nocapture` prints how many cases ran.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use speaksafe_core::pattern::Pattern;
use std::cell::Cell;

/// Answers: the characters the patterns below are about, a letter outside ASCII, a line break.
fn answers() -> impl Strategy<Value = Vec<String>> {
    let piece = prop::sample::select(vec![
        "a", "b", "B", "z", "é", "0", "7", "9", "-", "_", " ", "\n", "\t", "\r", "\u{b}", "\u{c}", ",", "!", "[", "]",
        "{", "}", "^", ".", "\\",
    ]);
    prop::collection::vec(prop::collection::vec(piece, 0..9).prop_map(|p| p.concat()), 12)
}

/// A pattern in the syntax speaksafe documents.
fn documented() -> impl Strategy<Value = String> {
    let class_item = prop::sample::select(vec![
        "a", "b", "z", "0-9", "a-z", "A-Z", "é", "\\d", "\\w", "\\s", "\\D", "\\-", "\\]", "\\\\", ",", "_", "!",
        "\\^", ".",
    ]);
    let class = (any::<bool>(), prop::collection::vec(class_item, 1..4))
        .prop_map(|(negated, items)| format!("[{}{}]", if negated { "^" } else { "" }, items.concat()));
    let single = prop::sample::select(vec![
        "a", "b", "é", "0", "-", ",", " ", ".", "\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "\\.", "\\-", "\\[", "\\{",
        "\\n", "\\t", "^", "$",
    ])
    .prop_map(String::from);
    let atom = prop_oneof![3 => single, 2 => class];
    let repeat =
        || prop::sample::select(vec!["", "", "", "*", "+", "?", "{2}", "{0,2}", "{1,}", "{2,3}", "*?", "+?", "??"]);
    let leaf = (atom, repeat()).prop_map(|(a, r)| format!("{a}{r}")).boxed();
    leaf.prop_recursive(4, 24, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|parts| parts.concat()),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|options| options.join("|")),
            (inner, any::<bool>(), repeat()).prop_map(|(p, plain, r)| {
                let grouped = if plain { format!("({p})") } else { format!("(?:{p})") };
                format!("{grouped}{r}")
            }),
        ]
    })
}

/// Characters patterns are made of, in any order.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "a", "b", "é", "0", "1", "2", "9", ",", "-", "[", "]", "^", "$", "(", ")", "(?:", "(?", "|", "*", "+", "?",
        "{", "}", ".", "\\", "d", "w", "s", "D", "n", "b", " ", "&&", "--", ":", "i",
    ]);
    prop::collection::vec(piece, 0..12).prop_map(|p| p.concat())
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config { cases, failure_persistence: None, max_shrink_iters: 4_000, ..Config::default() })
}

/// speaksafe's answer agrees with regex-lite's on every answer; `must_accept` for patterns of
/// the documented syntax. Returns whether speaksafe accepted the pattern.
fn agrees(pattern: &str, answers: &[String], must_accept: bool) -> Result<bool, TestCaseError> {
    let ours = match Pattern::new(pattern) {
        Ok(ours) => ours,
        Err(e) => {
            prop_assert!(!must_accept, "refused {pattern:?}: {e}");
            prop_assert!(
                !e.problem.is_empty() && e.at >= 1 && e.at <= pattern.chars().count().max(1),
                "{pattern:?}: {e:?}"
            );
            return Ok(false);
        }
    };
    let theirs = regex_lite::Regex::new(pattern);
    prop_assert!(theirs.is_ok(), "speaksafe accepts {pattern:?}, regex-lite refuses it: {:?}", theirs.err());
    let theirs = theirs.unwrap();
    for answer in answers {
        prop_assert_eq!(ours.is_match(answer), theirs.is_match(answer), "pattern {:?}, answer {:?}", pattern, answer);
    }
    Ok(true)
}

fn run(name: &str, cases: u32, patterns: impl Strategy<Value = String>, must_accept: bool) {
    let (ran, accepted) = (Cell::new(0), Cell::new(0));
    let result = runner(cases).run(&(patterns, answers()), |(pattern, answers)| {
        ran.set(ran.get() + 1);
        accepted.set(accepted.get() + usize::from(agrees(&pattern, &answers, must_accept)?));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    eprintln!("{name}: {} patterns, {} accepted, each tried on 12 answers", ran.get(), accepted.get());
    assert!(accepted.get() * 20 >= ran.get(), "{name}: too few patterns accepted to say anything");
}

#[test]
fn documented_patterns_match_as_regex_lite_does() {
    run("documented syntax", 20_000, documented(), true);
}

#[test]
fn pattern_soup_is_refused_or_matches_as_regex_lite_does() {
    run("soup", 40_000, soup(), false);
}

#[test]
fn patterns_organisers_write() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("^[A-Za-z]{1,2}[0-9][0-9A-Za-z]?$", &["E16", "SW1A", "n1"], &["E", "E16 4AB", "1AB"]),
        (r"^\d{4}$", &["2009"], &["209", "20090"]),
        (r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", &["sam@example.org"], &["sam@", "sam @example.org", "sam@example"]),
        (r"^(yes|no)$", &["yes", "no"], &["yesno", "maybe"]),
        (r"^\+?[0-9 ]{7,15}$", &["+44 20 7946 0000", "07946000000"], &["phone", "12"]),
    ];
    for (pattern, good, bad) in cases {
        let ours = Pattern::new(pattern).unwrap();
        let theirs = regex_lite::Regex::new(pattern).unwrap();
        for answer in good.iter().chain(bad.iter()) {
            assert_eq!(ours.is_match(answer), good.contains(answer), "{pattern} on {answer}");
            assert_eq!(ours.is_match(answer), theirs.is_match(answer), "{pattern} on {answer}");
        }
    }
}
