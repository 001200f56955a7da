//! A matrix: a table of radio buttons, one row a thing asked about.

use super::{Control, Field, Matrix};
use crate::components::matrix::Matrix as Table;
use speaksafe_core::Input;
use yew::prelude::*;

pub fn control(kind: &Matrix, field: &Field) -> Control {
    let on_row = field.on_input.reform(|(row, column): (String, String)| Input::Row { row, column: Some(column) });
    Control::Grouped(html! {
        <Table name={field.name()} rows={kind.rows.clone()} columns={kind.columns.clone()}
            answer={field.answer.cloned()} {on_row} />
    })
}
