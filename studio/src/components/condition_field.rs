//! A condition, without syntax: pick a question, a test that fits its kind and a value from its
//! options, as many rules as needed, all or any of them. The condition as written shows beside
//! it, and can be edited there; what is wrong with it (core's parser, and the check) shows at it
//! as it is typed.

use super::text_input::TextInput;
use super::use_ctx;
use crate::fields::field_id;
use crate::state::Edit;
use serde_json::{json, Value};
use speaksafe_core::condition::{write_clauses, Clause, Comparison, Condition, Join, Literal, Test};
use speaksafe_core::{draft, Shape, Survey};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConditionFieldProps {
    /// Where the condition is: `pages[0].questions[2].visible_if`.
    pub path: String,
    /// The question it belongs to (it cannot test its own answer).
    pub owner: Option<String>,
    pub label: AttrValue,
}

/// What a rule can test: a question (or a matrix's row), the page it is on, and what its answers
/// are.
#[derive(Clone, PartialEq, Eq)]
pub struct Subject {
    question: String,
    row: Option<String>,
    page: usize,
    label: String,
    answers: Answers,
}

/// Everything a condition can test, in the survey's order, with the pages' names: worked out
/// once for each version of the survey, and shared by every condition on the screen.
#[derive(PartialEq, Eq, Default)]
pub struct Subjects {
    list: Vec<Subject>,
    /// Each page's name in the list of pages: "3. Police and courts".
    pages: Vec<String>,
}

#[derive(Clone, PartialEq, Eq)]
enum Answers {
    /// One option of these (value, words).
    One(Vec<(String, String)>),
    /// Any of these.
    Many(Vec<(String, String)>),
    /// One point of a numbered scale: these, in order.
    Ordered(Vec<(String, String)>),
    Number,
    Text,
}

impl Answers {
    fn tests(&self) -> &'static [(&'static str, &'static str)] {
        match self {
            Answers::One(_) => &[
                ("is", "is"),
                ("is_not", "is not"),
                ("one_of", "is one of"),
                ("answered", "is answered"),
                ("unanswered", "is not answered"),
            ],
            Answers::Many(_) => &[
                ("includes", "includes"),
                ("excludes", "does not include"),
                ("answered", "is answered"),
                ("unanswered", "is not answered"),
            ],
            // Numbers and a numbered scale's points compare alike.
            Answers::Ordered(_) | Answers::Number => &[
                ("is", "is"),
                ("is_not", "is not"),
                ("less", "is less than"),
                ("at_most", "is at most"),
                ("more", "is more than"),
                ("at_least", "is at least"),
                ("answered", "is answered"),
                ("unanswered", "is not answered"),
            ],
            Answers::Text => {
                &[("is", "is"), ("is_not", "is not"), ("answered", "is answered"), ("unanswered", "is not answered")]
            }
        }
    }

    fn options(&self) -> &[(String, String)] {
        match self {
            Answers::One(o) | Answers::Many(o) | Answers::Ordered(o) => o,
            _ => &[],
        }
    }
}

impl Subjects {
    /// The rule "Add a rule" adds to a condition of `owner` (which cannot test itself): about
    /// the first question it can test. None when there is none.
    pub fn new_rule(&self, owner: Option<&str>) -> Option<Clause> {
        self.list.iter().find(|s| Some(s.question.as_str()) != owner).map(first_clause)
    }
}

/// Every question a condition can test, in order.
pub fn subjects(survey: &Survey, language: &str) -> Subjects {
    let first = &survey.languages[0].code;
    let words = |t: &speaksafe_core::Text| t.get(language, first).to_string();
    let list = |choices: &[speaksafe_core::Choice]| {
        choices.iter().map(|c| (c.value.clone(), words(&c.text))).collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    for (page, q) in survey.questions().filter(|(_, q)| q.is_answerable()) {
        let text = words(&q.text);
        let subject = |row: Option<String>, label: String, answers: Answers| Subject {
            question: q.id.clone(),
            row,
            page,
            label,
            answers,
        };
        match q.kind.shape() {
            // A numbered scale's points are numbers, in order: "at most 3" means something.
            Shape::Chosen(options)
                if matches!(q.kind, speaksafe_core::Kind::Scale(_))
                    && options
                        .iter()
                        .filter(|c| c.value != speaksafe_core::PREFER_NOT_TO_SAY)
                        .all(|c| c.value.parse::<f64>().is_ok()) =>
            {
                out.push(subject(None, text, Answers::Ordered(list(options))))
            }
            Shape::Chosen(options) => out.push(subject(None, text, Answers::One(list(options)))),
            Shape::Ticked { options, .. } => out.push(subject(None, text, Answers::Many(list(options)))),
            Shape::Typed { number: true } => out.push(subject(None, text, Answers::Number)),
            Shape::Typed { number: false } => out.push(subject(None, text, Answers::Text)),
            Shape::Rows { rows, columns } => {
                for row in rows {
                    out.push(subject(
                        Some(row.value.clone()),
                        format!("{text} — {}", words(&row.text)),
                        Answers::One(list(columns)),
                    ));
                }
            }
            Shape::Nothing => {}
        }
    }
    let pages = survey.pages.iter().enumerate().map(|(p, page)| format!("{}. {}", p + 1, words(&page.title))).collect();
    Subjects { list: out, pages }
}

fn test_name(test: &Test) -> &'static str {
    match test {
        Test::Compare(Comparison::Is, _) => "is",
        Test::Compare(Comparison::IsNot, _) => "is_not",
        Test::Compare(Comparison::Less, _) => "less",
        Test::Compare(Comparison::AtMost, _) => "at_most",
        Test::Compare(Comparison::More, _) => "more",
        Test::Compare(Comparison::AtLeast, _) => "at_least",
        Test::Compare(Comparison::Includes, _) => "includes",
        Test::Compare(Comparison::Excludes, _) => "excludes",
        Test::OneOf(_) => "one_of",
        Test::Answered => "answered",
        Test::NotAnswered => "unanswered",
    }
}

/// The value a clause compares with, as text.
fn value_of(test: &Test) -> String {
    match test {
        Test::Compare(_, Literal::Text(t)) => t.clone(),
        Test::Compare(_, Literal::Number(n)) => speaksafe_core::number::text(*n),
        Test::Compare(_, Literal::Bool(b)) => b.to_string(),
        Test::OneOf(values) => {
            values.first().map(|v| value_of(&Test::Compare(Comparison::Is, v.clone()))).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// A test of a subject, by name, with a value.
fn make_test(name: &str, subject: &Subject, value: &str, values: Vec<String>) -> Test {
    let literal = || match subject.answers {
        Answers::Number | Answers::Ordered(_) => {
            value.trim().parse::<f64>().map_or_else(|_| Literal::Text(value.to_string()), Literal::Number)
        }
        _ => Literal::Text(value.to_string()),
    };
    match name {
        "is_not" => Test::Compare(Comparison::IsNot, literal()),
        "less" => Test::Compare(Comparison::Less, literal()),
        "at_most" => Test::Compare(Comparison::AtMost, literal()),
        "more" => Test::Compare(Comparison::More, literal()),
        "at_least" => Test::Compare(Comparison::AtLeast, literal()),
        "includes" => Test::Compare(Comparison::Includes, literal()),
        "excludes" => Test::Compare(Comparison::Excludes, literal()),
        "one_of" => Test::OneOf(values.into_iter().map(Literal::Text).collect()),
        "answered" => Test::Answered,
        "unanswered" => Test::NotAnswered,
        _ => Test::Compare(Comparison::Is, literal()),
    }
}

/// A new rule about a subject: its first test, with its first option.
fn first_clause(subject: &Subject) -> Clause {
    let (name, _) = subject.answers.tests()[0];
    let value = subject.answers.options().first().map(|(v, _)| v.clone()).unwrap_or_default();
    Clause {
        question: subject.question.clone(),
        row: subject.row.clone(),
        test: make_test(name, subject, &value, vec![value.clone()]),
    }
}

#[function_component]
pub fn ConditionField(props: &ConditionFieldProps) -> Html {
    let ctx = use_ctx();
    let studio = &ctx.studio;
    let source = draft::get(&studio.draft(), &props.path).and_then(Value::as_str).unwrap_or("").to_string();
    let id = field_id(&props.path);
    let set = {
        let path = props.path.clone();
        ctx.editing(move |text: String| Edit::Set(path.clone(), json!(text)))
    };
    // Drawn again when what conditions can test changes, without the rest of the part.
    let subjects = use_context::<Rc<Subjects>>().unwrap_or_else(|| ctx.subjects.clone());
    let owner = props.owner.clone();
    // The builder shows a condition it can show whole.
    let built: Option<(Join, Vec<Clause>)> = if source.trim().is_empty() {
        Some((Join::All, Vec::new()))
    } else {
        Condition::parse(&source).ok().and_then(|c| c.clauses())
    };
    let write = {
        let set = set.clone();
        Callback::from(move |(join, clauses): (Join, Vec<Clause>)| set.emit(write_clauses(join, &clauses)))
    };
    let new_rule = subjects.new_rule(owner.as_deref());
    let builder = match (&built, new_rule.is_none()) {
        (_, true) => html! {
            <p class="ss-hint">{ "Rules can be picked here once the survey has a question to test and no errors; until then, write the condition below." }</p>
        },
        (None, _) => html! {
            <p class="ss-hint">{ "This condition says more than rules picked here can; change it as written, below." }</p>
        },
        (Some((join, clauses)), false) => {
            let (join, clauses) = (*join, clauses.clone());
            let add = {
                let (write, clauses) = (write.clone(), clauses.clone());
                Callback::from(move |_: MouseEvent| {
                    let mut clauses = clauses.clone();
                    clauses.extend(new_rule.clone());
                    write.emit((join, clauses));
                })
            };
            let choose_join = {
                let (write, clauses) = (write.clone(), clauses.clone());
                Callback::from(move |e: Event| {
                    let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                    write.emit((if value == "any" { Join::Any } else { Join::All }, clauses.clone()));
                })
            };
            html! {
                <div class="st-rules">
                    if clauses.len() > 1 {
                        <div class="ss-form-group">
                            <label class="ss-label" for={format!("{id}-join")}>{ "Which rules must hold" }</label>
                            <select class="ss-select" id={format!("{id}-join")} onchange={choose_join}>
                                <option value="all" selected={join == Join::All}>{ "All of them" }</option>
                                <option value="any" selected={join == Join::Any}>{ "Any of them" }</option>
                            </select>
                        </div>
                    }
                    { for clauses.iter().enumerate().map(|(i, clause)| html! {
                        <Rule id={format!("{id}-rule-{i}")} number={i + 1} clause={clause.clone()} subjects={subjects.clone()} owner={owner.clone()}
                            on_change={{ let (write, clauses) = (write.clone(), clauses.clone());
                                Callback::from(move |new: Option<Clause>| {
                                    let mut clauses = clauses.clone();
                                    match new { Some(c) => clauses[i] = c, None => { clauses.remove(i); } }
                                    write.emit((join, clauses));
                                }) }} />
                    }) }
                    <button type="button" class="ss-button ss-button--secondary" onclick={add}>
                        { if clauses.is_empty() { "Add a rule" } else { "Add another rule" } }
                        <span class="ss-visually-hidden">{ format!(": {}", props.label) }</span>
                    </button>
                </div>
            }
        }
    };
    html! {
        <fieldset class="ss-fieldset st-section st-condition">
            <legend class="ss-legend">{ props.label.clone() }</legend>
            if source.trim().is_empty() {
                <p class="ss-body">{ "Always." }</p>
            }
            { builder }
            <TextInput id={id.clone()} label="The condition, as written"
                hint="For example {safe} = 'no'. You can write it here directly."
                value={source} problems={ctx.problems_at(&props.path)} on_input={set} />
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct RuleProps {
    id: String,
    number: usize,
    clause: Clause,
    subjects: Rc<Subjects>,
    /// The question the condition belongs to, which it cannot test.
    owner: Option<String>,
    /// The rule changed, or (None) removed.
    on_change: Callback<Option<Clause>>,
}

/// One rule: a question, a test, a value.
#[function_component]
fn Rule(props: &RuleProps) -> Html {
    let clause = &props.clause;
    let list = &props.subjects.list;
    let position = list.iter().position(|s| s.question == clause.question && s.row == clause.row);
    let subject = position.map(|p| list[p].clone());
    let name = format!("Rule {}", props.number);
    // A question is picked in two steps, its page and then itself, so that no list is longer
    // than a page's questions, however long the survey.
    let testable = |s: &&Subject| Some(&s.question) != props.owner.as_ref();
    let mut pages: Vec<usize> = list.iter().filter(testable).map(|s| s.page).collect();
    pages.dedup();
    let choose_subject = {
        let (subjects, on_change) = (props.subjects.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let i: usize = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(0);
            if let Some(s) = subjects.list.get(i) {
                on_change.emit(Some(first_clause(s)));
            }
        })
    };
    let choose_page = {
        let (subjects, on_change, owner) = (props.subjects.clone(), props.on_change.clone(), props.owner.clone());
        Callback::from(move |e: Event| {
            let page: usize = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(0);
            if let Some(s) = subjects.list.iter().find(|s| s.page == page && Some(&s.question) != owner.as_ref()) {
                on_change.emit(Some(first_clause(s)));
            }
        })
    };
    let remove = props.on_change.reform(|_: MouseEvent| None);
    let Some(subject) = subject else {
        return html! {
            <div class="st-rule">
                <p class="ss-error-message">{ format!("{name} tests \"{}\", which is not a question the survey has now.", clause.question) }</p>
                <button type="button" class="ss-button ss-button--secondary" onclick={remove}>{ "Remove" }<span class="ss-visually-hidden">{ format!(" {name}") }</span></button>
            </div>
        };
    };
    let test = test_name(&clause.test);
    let value = value_of(&clause.test);
    let choose_test = {
        let (subject, on_change, clause, value) =
            (subject.clone(), props.on_change.clone(), clause.clone(), value.clone());
        Callback::from(move |e: Event| {
            let name = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let value = if value.is_empty() {
                subject.answers.options().first().map(|(v, _)| v.clone()).unwrap_or_default()
            } else {
                value.clone()
            };
            on_change
                .emit(Some(Clause { test: make_test(&name, &subject, &value, vec![value.clone()]), ..clause.clone() }));
        })
    };
    let set_value = {
        let (subject, on_change, clause) = (subject.clone(), props.on_change.clone(), clause.clone());
        Callback::from(move |value: String| {
            let name = test_name(&clause.test);
            on_change
                .emit(Some(Clause { test: make_test(name, &subject, &value, vec![value.clone()]), ..clause.clone() }));
        })
    };
    let needs_value = !matches!(clause.test, Test::Answered | Test::NotAnswered);
    let value_control = match (&clause.test, &subject.answers) {
        (_, _) if !needs_value => Html::default(),
        (Test::OneOf(chosen), answers) => {
            let chosen: Vec<String> =
                chosen.iter().map(|l| value_of(&Test::Compare(Comparison::Is, l.clone()))).collect();
            html! {
                <fieldset class="ss-fieldset">
                    <legend class="ss-label">{ format!("{name}: any of these answers") }</legend>
                    <div class="ss-checkboxes">
                        { for answers.options().iter().enumerate().map(|(k, (v, words))| {
                            let checked = chosen.contains(v);
                            let onchange = {
                                let (chosen, v, on_change, clause) = (chosen.clone(), v.clone(), props.on_change.clone(), clause.clone());
                                Callback::from(move |e: Event| {
                                    let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                                    let mut values: Vec<String> = chosen.iter().filter(|c| **c != v).cloned().collect();
                                    if on { values.push(v.clone()); }
                                    on_change.emit(Some(Clause { test: Test::OneOf(values.into_iter().map(Literal::Text).collect()), ..clause.clone() }));
                                })
                            };
                            let id = format!("{}-v{k}", props.id);
                            html! {
                                <div class="ss-checkboxes__item">
                                    <input class="ss-checkboxes__input" type="checkbox" id={id.clone()} {checked} {onchange} />
                                    <label class="ss-checkboxes__label" for={id}>{ words.clone() }</label>
                                </div>
                            }
                        }) }
                    </div>
                </fieldset>
            }
        }
        (_, Answers::One(options) | Answers::Many(options) | Answers::Ordered(options)) => {
            let onchange = set_value.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
            html! {
                <div class="ss-form-group">
                    <label class="ss-label" for={format!("{}-value", props.id)}>{ format!("{name}: answer") }</label>
                    <select class="ss-select" id={format!("{}-value", props.id)} {onchange}>
                        { for options.iter().map(|(v, words)| html! { <option value={v.clone()} selected={*v == value}>{ words.clone() }</option> }) }
                    </select>
                </div>
            }
        }
        (_, Answers::Number | Answers::Text) => html! {
            <TextInput id={format!("{}-value", props.id)} label={format!("{name}: value")} value={value.clone()}
                numeric={subject.answers == Answers::Number} on_change={set_value.clone()} />
        },
    };
    html! {
        <div class="st-rule" role="group" aria-label={name.clone()}>
            if pages.len() > 1 {
                <div class="ss-form-group">
                    <label class="ss-label" for={format!("{}-page", props.id)}>{ format!("{name}: page") }</label>
                    <select class="ss-select st-select-wide" id={format!("{}-page", props.id)} onchange={choose_page}>
                        { for pages.iter().map(|&p| html! {
                            <option value={p.to_string()} selected={p == subject.page}>{ props.subjects.pages[p].clone() }</option>
                        }) }
                    </select>
                </div>
            }
            <div class="ss-form-group">
                <label class="ss-label" for={format!("{}-question", props.id)}>{ format!("{name}: question") }</label>
                <select class="ss-select st-select-wide" id={format!("{}-question", props.id)} onchange={choose_subject}>
                    { for list.iter().enumerate().filter(|(_, s)| s.page == subject.page && testable(s)).map(|(i, s)| html! {
                        <option value={i.to_string()} selected={Some(i) == position}>{ s.label.clone() }</option>
                    }) }
                </select>
            </div>
            <div class="ss-form-group">
                <label class="ss-label" for={format!("{}-test", props.id)}>{ format!("{name}: test") }</label>
                <select class="ss-select" id={format!("{}-test", props.id)} onchange={choose_test}>
                    { for subject.answers.tests().iter().map(|(n, words)| html! { <option value={*n} selected={*n == test}>{ *words }</option> }) }
                </select>
            </div>
            { value_control }
            <button type="button" class="ss-button ss-button--secondary" onclick={remove}>
                { "Remove" }<span class="ss-visually-hidden">{ format!(" {name}") }</span>
            </button>
        </div>
    }
}
