//! A matrix: rows answered on one scale of columns. A table on wide screens; each row stacks on
//! narrow ones. Every radio's label names its row and column.

use crate::dom;
use crate::say::use_say;
use speaksafe_core::{Answer, Choice};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MatrixProps {
    pub name: String,
    pub rows: Vec<Choice>,
    pub columns: Vec<Choice>,
    pub answer: Option<Answer>,
    /// A row answered: (the row's value, the column's).
    pub on_row: Callback<(String, String)>,
}

#[function_component]
pub fn Matrix(props: &MatrixProps) -> Html {
    let say = use_say();
    let given = match &props.answer {
        Some(Answer::Matrix(rows)) => Some(rows),
        _ => None,
    };
    html! {
        <table class="ss-matrix">
            <thead>
                <tr>
                    <td></td>
                    { for props.columns.iter().map(|c| html! { <th scope="col">{ say.show(&c.text) }</th> }) }
                </tr>
            </thead>
            <tbody>
                { for props.rows.iter().enumerate().map(|(r, row)| {
                    let row_text = say.text(&row.text).to_string();
                    let chosen = given.and_then(|g| g.get(&row.value));
                    html! {
                        <tr class="ss-matrix__row">
                            <th scope="row" class="ss-matrix__question">{ say.show(&row.text) }</th>
                            { for props.columns.iter().enumerate().map(|(c, column)| {
                                let id = dom::cell(&props.name, (r, &row.value), (c, &column.value));
                                let onchange = {
                                    let answer = (row.value.clone(), column.value.clone());
                                    props.on_row.reform(move |_: Event| answer.clone())
                                };
                                html! {
                                    <td class="ss-matrix__cell">
                                        <div class="ss-radios__item">
                                            <input class="ss-radios__input" type="radio" id={id.clone()}
                                                name={format!("{}.{}", props.name, row.value)} value={column.value.clone()}
                                                checked={chosen == Some(&column.value)} {onchange} />
                                            <label class="ss-radios__label" for={id}>
                                                <span class="ss-visually-hidden">{ format!("{row_text}: ") }</span>
                                                { say.show(&column.text) }
                                            </label>
                                        </div>
                                    </td>
                                }
                            }) }
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}
