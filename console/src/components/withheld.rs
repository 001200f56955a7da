//! What the ledger of releases refused, in place of the tables: its words (which earlier release
//! it is too soon after, and when the next is possible), what publishing anyway gives away, and
//! a button that does it, recorded in the ledger as forced. Focus moves to it when it appears.

use super::error_summary::focus;
use crate::results::{Download, Withheld, Withholding};
use yew::prelude::*;

/// The heading's id: focused when a refusal appears.
pub const WITHHELD: &str = "cs-withheld";

#[derive(Properties, PartialEq)]
pub struct WithheldProps {
    pub withheld: Withheld,
    /// Publish it anyway.
    pub onpublish: Callback<()>,
}

#[function_component]
pub fn WithheldSection(props: &WithheldProps) -> Html {
    use_effect_with(props.withheld.serial, |_| focus(WITHHELD));
    let (title, button) = match props.withheld.what {
        Withholding::Summary => ("This summary is not shown yet", "Show this summary anyway"),
        Withholding::File(Download::Xlsx) => ("The spreadsheet was not made yet", "Download the spreadsheet anyway"),
        Withholding::File(_) => ("The report was not made yet", "Download the report anyway"),
    };
    let onclick = props.onpublish.reform(|_| ());
    html! {
        <section class="cs-warning" aria-labelledby={WITHHELD}>
            <h2 class="ss-heading-m" id={WITHHELD} tabindex="-1">{ title }</h2>
            <p class="ss-body cs-words">{ props.withheld.words.clone() }</p>
            <p class="ss-body">{ "Its counts, set beside those of the earlier release, would show what the few people who answered in between said. You can wait for more responses, or choose the same tables as before." }</p>
            <p class="ss-body">{ format!("If you choose \u{201c}{button}\u{201d}, it is published, and the ledger of releases records it as forced, with these words.") }</p>
            <button type="button" class="ss-button ss-button--warning" {onclick}>{ button }</button>
        </section>
    }
}
