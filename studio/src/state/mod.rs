//! The one place the studio's state lives: the draft (a definition, as a JSON document) and the
//! studio around it (`studio`), the edits the fields make (`edit`), and undo and redo
//! (`history`).

mod edit;
mod history;
mod studio;
mod view;

pub use edit::Edit;
pub use studio::{Draft, Msg, Studio};
pub use view::View;
