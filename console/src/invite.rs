//! An invitation link, `/console/#invite=TOKEN`: the token is taken from the address's fragment
//! and the fragment removed at once, with no history entry (`boot.js` does it before the console
//! loads; [`watch`] when a link is opened in a console already open).

use gloo_events::EventListener;

/// The token of an invitation fragment (`#invite=TOKEN`, base64url), if it is one.
pub fn token(fragment: &str) -> Option<String> {
    let token = fragment.strip_prefix("#invite=")?;
    let valid = !token.is_empty()
        && token.len() <= 200
        && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then(|| token.to_string())
}

/// The fragment `boot.js` took from the address, taken in turn (nothing of it is left in the
/// page's globals): the invitation's token, if it was one.
pub fn taken_at_start() -> Option<String> {
    let global = js_sys::global();
    let key = wasm_bindgen::JsValue::from_str("speaksafeFragment");
    let fragment = js_sys::Reflect::get(&global, &key).ok().and_then(|v| v.as_string());
    let _ = js_sys::Reflect::delete_property(&global, &key);
    fragment.as_deref().and_then(token)
}

/// An invitation link opened while the console is open (only the fragment changes): its token
/// goes to `invited`, and the fragment leaves the address.
pub fn watch(invited: impl Fn(String) + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    Some(EventListener::new(&window.clone(), "hashchange", move |_| {
        let location = window.location();
        let fragment = location.hash().unwrap_or_default();
        if fragment.is_empty() {
            return;
        }
        let path = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
        if let Some(token) = token(&fragment) {
            invited(token);
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_invitation_fragment_gives_a_token() {
        assert_eq!(token("#invite=Ab-9_z").as_deref(), Some("Ab-9_z"));
        assert_eq!(token("#invite="), None);
        assert_eq!(token("#invite=a b"), None);
        assert_eq!(token("#invite=<script>"), None);
        assert_eq!(token("#main"), None);
        assert_eq!(token(&format!("#invite={}", "a".repeat(201))), None);
    }
}
