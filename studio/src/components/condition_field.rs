//! A condition, without syntax: pick a question, a test that fits its kind and a value from its
//! options, as many rules as needed, all or any of them. The condition as written shows beside
//! it, and can be edited there; what is wrong with it (core's parser, and the check) shows at it
//! as it is typed.

use super::select_field::SelectField;
use super::text_input::TextInput;
use super::use_field_ctx;
use crate::fields::field_id;
use crate::state::Edit;
use crate::subjects::{first_clause, make_test, test_name, value_of, Answers, Subject, Subjects};
use serde_json::{json, Value};
use speaksafe_core::condition::{write_clauses, Clause, Comparison, Condition, Join, Literal, Test};
use speaksafe_core::draft;
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

#[function_component]
pub fn ConditionField(props: &ConditionFieldProps) -> Html {
    let ctx = use_field_ctx();
    let source = draft::get(&ctx.draft(), &props.path).and_then(Value::as_str).unwrap_or("").to_string();
    let id = field_id(&props.path);
    let set = {
        let path = props.path.clone();
        ctx.editing(move |text: String| Edit::Set(path.clone(), json!(text)))
    };
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
    // (The part around this field is drawn again when this changes.)
    let new_rule = ctx.subjects.new_rule(owner.as_deref());
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
                        <Rule id={format!("{id}-rule-{i}")} number={i + 1} clause={clause.clone()} owner={owner.clone()}
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
    /// The question the condition belongs to, which it cannot test.
    owner: Option<String>,
    /// The rule changed, or (None) removed.
    on_change: Callback<Option<Clause>>,
}

/// One rule: a question, a test, a value. It reads what it can test from the studio's context
/// and is drawn again when that changes; its long lists (the pages, a page's questions) are
/// drawn again only when they change themselves.
#[function_component]
fn Rule(props: &RuleProps) -> Html {
    let subjects = use_context::<Rc<Subjects>>().unwrap_or_default();
    // The latest list, for the callbacks, which are kept from one drawing to the next.
    let latest = use_mut_ref(Rc::default);
    *latest.borrow_mut() = Rc::clone(&subjects);
    let clause = &props.clause;
    let owner = props.owner.clone();
    let testable = |s: &Subject| Some(&s.question) != owner.as_ref();
    let found = subjects.by_page.iter().enumerate().find_map(|(p, list)| {
        list.iter().position(|s| s.question == clause.question && s.row == clause.row).map(|i| (p, i))
    });
    let name = format!("Rule {}", props.number);
    // A question is picked in two steps, its page and then itself, so that no list is longer
    // than a page's questions, however long the survey.
    let choosable: Vec<usize> =
        subjects.by_page.iter().enumerate().filter(|(_, list)| list.iter().any(testable)).map(|(p, _)| p).collect();
    let page_options = use_memo((Rc::clone(&subjects.pages), choosable), |(pages, choosable)| {
        choosable.iter().filter_map(|&p| pages.get(p).cloned()).collect::<Vec<_>>()
    });
    let here = found.map(|(p, _)| Rc::clone(&subjects.by_page[p])).unwrap_or_default();
    let question_options = use_memo((Rc::clone(&here), owner.clone()), |(here, owner)| {
        here.iter()
            .enumerate()
            .filter(|(_, s)| Some(&s.question) != owner.as_ref())
            .map(|(i, s)| (i.to_string(), s.label.clone()))
            .collect::<Vec<_>>()
    });
    let choose_page = {
        let latest = latest.clone();
        use_callback((props.on_change.clone(), owner.clone()), move |page: String, (on_change, owner)| {
            let subjects = Rc::clone(&latest.borrow());
            let list = page.parse::<usize>().ok().and_then(|p| subjects.by_page.get(p).cloned());
            if let Some(s) = list.as_ref().and_then(|l| l.iter().find(|s| Some(&s.question) != owner.as_ref())) {
                on_change.emit(Some(first_clause(s)));
            }
        })
    };
    let choose_subject = use_callback((props.on_change.clone(), Rc::clone(&here)), |i: String, (on_change, here)| {
        if let Some(s) = i.parse::<usize>().ok().and_then(|i| here.get(i)) {
            on_change.emit(Some(first_clause(s)));
        }
    });
    let remove = props.on_change.reform(|_: MouseEvent| None);
    let Some((page, position)) = found else {
        return html! {
            <div class="st-rule">
                <p class="ss-error-message">{ format!("{name} tests \"{}\", which is not a question the survey has now.", clause.question) }</p>
                <button type="button" class="ss-button ss-button--secondary" onclick={remove}>{ "Remove" }<span class="ss-visually-hidden">{ format!(" {name}") }</span></button>
            </div>
        };
    };
    html! {
        <div class="st-rule" role="group" aria-label={name.clone()}>
            if page_options.len() > 1 {
                <SelectField id={format!("{}-page", props.id)} label={format!("{name}: page")} wide=true
                    options={Rc::clone(&page_options)} selected={page.to_string()} on_change={choose_page} />
            }
            <SelectField id={format!("{}-question", props.id)} label={format!("{name}: question")} wide=true
                options={Rc::clone(&question_options)} selected={position.to_string()} on_change={choose_subject} />
            <RuleTest id={props.id.clone()} name={name.clone()} clause={clause.clone()}
                answers={here[position].answers.clone()} on_change={props.on_change.clone()} />
            <button type="button" class="ss-button ss-button--secondary" onclick={remove}>
                { "Remove" }<span class="ss-visually-hidden">{ format!(" {name}") }</span>
            </button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RuleTestProps {
    id: String,
    name: String,
    clause: Clause,
    /// What the question's answers are.
    answers: Answers,
    on_change: Callback<Option<Clause>>,
}

/// A rule's test and the value it compares with: drawn again only when they, or the answers
/// the question takes, change (not when a question's words change elsewhere on its page).
#[function_component]
fn RuleTest(props: &RuleTestProps) -> Html {
    let clause = &props.clause;
    let name = &props.name;
    let test = test_name(&clause.test);
    let value = value_of(&clause.test);
    let choose_test = {
        let (answers, on_change, clause, value) =
            (props.answers.clone(), props.on_change.clone(), clause.clone(), value.clone());
        Callback::from(move |e: Event| {
            let name = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let value = if value.is_empty() {
                answers.options().first().map(|(v, _)| v.clone()).unwrap_or_default()
            } else {
                value.clone()
            };
            on_change
                .emit(Some(Clause { test: make_test(&name, &answers, &value, vec![value.clone()]), ..clause.clone() }));
        })
    };
    let set_value = {
        let (answers, on_change, clause) = (props.answers.clone(), props.on_change.clone(), clause.clone());
        Callback::from(move |value: String| {
            let name = test_name(&clause.test);
            on_change
                .emit(Some(Clause { test: make_test(name, &answers, &value, vec![value.clone()]), ..clause.clone() }));
        })
    };
    let needs_value = !matches!(clause.test, Test::Answered | Test::NotAnswered);
    let value_control = match (&clause.test, &props.answers) {
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
                numeric={props.answers == Answers::Number} on_change={set_value.clone()} />
        },
    };
    html! {
        <>
            <div class="ss-form-group">
                <label class="ss-label" for={format!("{}-test", props.id)}>{ format!("{name}: test") }</label>
                <select class="ss-select" id={format!("{}-test", props.id)} onchange={choose_test}>
                    { for props.answers.tests().iter().map(|(n, words)| html! { <option value={*n} selected={*n == test}>{ *words }</option> }) }
                </select>
            </div>
            { value_control }
        </>
    }
}
