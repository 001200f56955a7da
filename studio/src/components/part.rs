//! One part of the draft, drawn again only when it changes: a question, or a page's own fields.
//!
//! Every field reads the studio from one context, and a context that changes draws every field
//! that reads it. With a thousand questions open, drawing a page's twenty question forms again
//! for each key pressed in one of them is most of the keystroke. So each part has a context of
//! its own, equal from one change to the next unless something the part shows has changed
//! ([`crate::scope::Scope`]). That context is a [`FieldCtx`], which holds no studio state to go
//! stale: what a field reads of the rest of the draft, it reads when it is used (the draft is one
//! document, always the latest; see [`FieldCtx::draft`]).

use super::{use_field_ctx, FieldCtx};
use crate::scope::Scope;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PartProps {
    /// Where the part is: `pages[0].questions[2]`, or `pages[0]` (without its questions).
    pub path: AttrValue,
    pub children: Html,
}

#[function_component]
pub fn Part(props: &PartProps) -> Html {
    let ctx = use_field_ctx();
    // The context last given, kept while the part is the same.
    let last = use_mut_ref(|| None::<FieldCtx>);
    let scoped = {
        let mut last = last.borrow_mut();
        let draft = ctx.draft();
        let path = props.path.as_str();
        match &*last {
            Some(kept)
                if kept.scope().is_some_and(|s| s.still(&draft, path, &ctx.language, &ctx.problems, &ctx.subjects)) =>
            {
                kept.clone()
            }
            _ => {
                let made = ctx.within(Scope::of(&draft, path, &ctx.language, &ctx.problems, &ctx.subjects));
                *last = Some(made.clone());
                made
            }
        }
    };
    html! {
        <ContextProvider<FieldCtx> context={scoped}>{ props.children.clone() }</ContextProvider<FieldCtx>>
    }
}
