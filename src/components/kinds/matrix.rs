//! A matrix: a table of radio buttons, one row a thing asked about.

use super::{Control, Answering, Matrix};
use crate::components::matrix::Matrix as Table;
use speaksafe_core::Input;
use yew::prelude::*;

pub fn control(kind: &Matrix, answering: &Answering) -> Control {
    let on_row = answering.on_input.reform(|(row, column): (String, String)| Input::Row { row, column: Some(column) });
    Control::Grouped(html! {
        <Table name={answering.name()} rows={kind.rows.clone()} columns={kind.columns.clone()}
            answer={answering.answer.cloned()} {on_row} />
    })
}
