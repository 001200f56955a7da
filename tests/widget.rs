//! Component tests in a real browser (wasm-bindgen-test, headless Chromium): each question kind
//! renders its label or legend, reports the answer the respondent gives, and shows its error.
#![cfg(target_arch = "wasm32")]

use speaksafe::components::question::QuestionField;
use speaksafe::say::Say;
use speaksafe_core::{read, Answer, Input, Survey};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const SURVEY: &str = r#"{
  "format": "speaksafe/1", "id": "kinds", "languages": ["en", "ar"],
  "interface": { "ar": { "no": "لا" } },
  "title": "Kinds", "intro": "Intro", "completion": "Done",
  "exit": { "url": "https://www.bbc.co.uk/weather" }, "support": [{ "name": "Line", "phone": "0800 000 0000" }],
  "pages": [{ "id": "p", "title": "Page", "questions": [
    { "id": "single", "kind": "single_choice", "text": "Pick one", "hint": "Just one",
      "options": [{ "value": "a", "text": "Apple" }, { "value": "b", "text": "Banana" }], "prefer_not_to_say": true },
    { "id": "multi", "kind": "multiple_choice", "text": "Pick any", "other": "Something else",
      "options": [{ "value": "x", "text": "Ex" }, { "value": "none", "text": "None of these", "exclusive": true }] },
    { "id": "drop", "kind": "dropdown", "text": "Choose a borough", "options": [{ "value": "n", "text": "Newham" }, { "value": "h", "text": "Hackney" }] },
    { "id": "short", "kind": "short_text", "text": "Your area", "sensitive": true },
    { "id": "long", "kind": "long_text", "text": "Tell us more", "max_length": 10 },
    { "id": "num", "kind": "number", "text": "How old are you?", "min": 11, "max": 16, "integer": true },
    { "id": "scale", "kind": "scale", "text": "How safe do you feel?", "min": 1, "max": 5, "min_label": "Not safe", "max_label": "Very safe" },
    { "id": "agree", "kind": "scale", "text": "Police listen", "options": [{ "value": "agree", "text": "Agree" }, { "value": "disagree", "text": "Disagree" }] },
    { "id": "grid", "kind": "matrix", "text": "How safe is each place?",
      "rows": [{ "value": "school", "text": "School" }, { "value": "bus", "text": "Bus" }],
      "columns": [{ "value": "safe", "text": "Safe" }, { "value": "unsafe", "text": "Unsafe" }] },
    { "id": "yn", "kind": "yes_no", "text": "Have you told anyone?", "yes": { "en": "Yes", "ar": "نعم" } },
    { "id": "note", "kind": "info", "title": "About this part", "text": "You can skip anything." },
    { "id": "travel", "kind": "single_choice", "text": "How did you come?", "sensitive": true,
      "options": [{ "value": "bus", "text": "By bus" }], "other": "Another way", "prefer_not_to_say": true },
    { "id": "borough", "kind": "dropdown", "text": "Which borough?",
      "options": [{ "value": "n", "text": "Newham" }], "other": "Somewhere else" }
  ]}]
}"#;

fn survey() -> Rc<Survey> {
    Rc::new(read(SURVEY).expect("the test survey reads").survey)
}

#[derive(Properties, PartialEq)]
struct HostProps {
    say: Say,
    index: usize,
    answer: Option<Answer>,
    error: Option<AttrValue>,
    on_input: Callback<(String, Input)>,
}

#[function_component]
fn Host(props: &HostProps) -> Html {
    html! {
        <ContextProvider<Say> context={props.say.clone()}>
            <QuestionField page={0} index={props.index} answer={props.answer.clone()} error={props.error.clone()}
                on_input={props.on_input.clone()} />
        </ContextProvider<Say>>
    }
}

/// Renders one question and returns its root element and the actions it reports.
async fn render(
    index: usize,
    answer: Option<Answer>,
    error: Option<&str>,
    language: &str,
) -> (Element, Rc<RefCell<Vec<(String, Input)>>>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let actions = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&actions);
    let props = HostProps {
        say: Say { survey: survey(), language: AttrValue::from(language.to_string()), easy: false, read_aloud: false },
        index,
        answer,
        error: error.map(|e| AttrValue::from(e.to_string())),
        on_input: Callback::from(move |a| sink.borrow_mut().push(a)),
    };
    yew::Renderer::<Host>::with_root_and_props(root.clone(), props).render();
    settle().await;
    (root, actions)
}

async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn find<T: JsCast>(root: &Element, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .dyn_into::<T>()
        .unwrap()
}

fn text(root: &Element, selector: &str) -> String {
    find::<Element>(root, selector).text_content().unwrap_or_default()
}

fn click(root: &Element, selector: &str) {
    find::<HtmlElement>(root, selector).click();
}

fn type_into(element: &web_sys::EventTarget) {
    let event = web_sys::InputEvent::new("input").unwrap();
    element.dispatch_event(&event).unwrap();
}

fn change(element: &web_sys::EventTarget) {
    element.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn single_choice_has_a_legend_hint_options_and_reports_the_choice() {
    let (root, actions) = render(0, None, None, "en").await;
    assert_eq!(text(&root, "legend"), "Pick one");
    assert_eq!(text(&root, ".ss-hint"), "Just one");
    let labels: Vec<String> =
        (0..3).map(|i| root.query_selector_all("label").unwrap().get(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(labels, ["Apple", "Banana", "Prefer not to say"]);
    assert_eq!(find::<Element>(&root, "fieldset").get_attribute("aria-describedby").as_deref(), Some("q-single-hint"));
    click(&root, "#q-single-b");
    assert_eq!(actions.borrow().last(), Some(&("single".into(), Input::Choose("b".into()))));
}

#[wasm_bindgen_test]
async fn a_chosen_radio_can_be_cleared_so_every_question_stays_skippable() {
    let (root, actions) = render(0, Some(Answer::choice("a")), None, "en").await;
    assert!(find::<HtmlInputElement>(&root, "#q-single").checked());
    click(&root, ".ss-clear");
    assert_eq!(actions.borrow().last(), Some(&("single".into(), Input::Give(None))));
}

#[wasm_bindgen_test]
async fn an_error_shows_beside_the_field_and_is_announced_with_it() {
    let (root, _) = render(0, None, Some("Choose an answer"), "en").await;
    assert!(find::<Element>(&root, ".ss-form-group").class_list().contains("ss-form-group--error"));
    assert_eq!(text(&root, "#q-single-error"), "Error: Choose an answer");
    assert_eq!(
        find::<Element>(&root, "fieldset").get_attribute("aria-describedby").as_deref(),
        Some("q-single-hint q-single-error")
    );
}

#[wasm_bindgen_test]
async fn multiple_choice_ticks_options_and_puts_exclusive_ones_after_or() {
    let (root, actions) = render(1, None, None, "en").await;
    assert_eq!(text(&root, "legend"), "Pick any");
    assert_eq!(text(&root, ".ss-checkboxes__divider"), "or");
    click(&root, "#q-multi");
    assert_eq!(actions.borrow().last(), Some(&("multi".into(), Input::Tick { value: "x".into(), on: true })));
    click(&root, "#q-multi-none");
    assert_eq!(actions.borrow().last(), Some(&("multi".into(), Input::Tick { value: "none".into(), on: true })));
}

#[wasm_bindgen_test]
async fn other_reveals_a_text_box_that_reports_what_is_typed() {
    let (root, _) = render(1, None, None, "en").await;
    assert!(root.query_selector("#q-multi-other-text-input").unwrap().is_none(), "hidden until Other is ticked");
    let answer = Answer::Choices { chosen: vec!["other".into()], other: String::new() };
    let (root, actions) = render(1, Some(answer), None, "en").await;
    let input = find::<HtmlInputElement>(&root, "#q-multi-other-text-input");
    assert_eq!(text(&root, ".ss-conditional label"), "Please say");
    input.set_value("my aunt");
    type_into(&input);
    assert_eq!(actions.borrow().last(), Some(&("multi".into(), Input::Other("my aunt".into()))));
}

#[wasm_bindgen_test]
async fn other_on_a_single_choice_reveals_a_text_box_after_it_that_reports_what_is_typed() {
    let (root, actions) = render(11, None, None, "en").await;
    let labels: Vec<String> =
        (0..3).map(|i| root.query_selector_all("label").unwrap().get(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(labels, ["By bus", "Another way", "Prefer not to say"], "Other before Prefer not to say");
    assert!(root.query_selector("#q-travel-other-text-input").unwrap().is_none(), "hidden until Other is chosen");
    click(&root, "#q-travel-other");
    assert_eq!(actions.borrow().last(), Some(&("travel".into(), Input::Choose("other".into()))));

    let answer = Answer::Choice { chosen: "other".into(), other: "Bike".into() };
    let (root, actions) = render(11, Some(answer), None, "en").await;
    let radio = find::<HtmlInputElement>(&root, "#q-travel-other");
    assert!(radio.checked());
    assert_eq!(radio.get_attribute("aria-controls").as_deref(), Some("q-travel-other-text"));
    // The box comes right after Other, before Prefer not to say: Tab from Other reaches it.
    let next = radio.parent_element().unwrap().next_element_sibling().unwrap();
    assert_eq!(next.id(), "q-travel-other-text");
    assert_eq!(text(&root, ".ss-conditional label"), "Please say");
    let input = find::<HtmlInputElement>(&root, "#q-travel-other-text-input");
    assert_eq!(input.value(), "Bike", "what was typed is shown again");
    assert_eq!(input.get_attribute("spellcheck").as_deref(), Some("false"), "a sensitive question");
    assert_eq!(input.get_attribute("autocomplete").as_deref(), Some("off"));
    input.set_value("Bicycle");
    type_into(&input);
    assert_eq!(actions.borrow().last(), Some(&("travel".into(), Input::Other("Bicycle".into()))));

    // Another option chosen: the box goes (what was typed stays in the answer, not on screen).
    let answer = Answer::Choice { chosen: "bus".into(), other: "Bike".into() };
    let (root, _) = render(11, Some(answer), None, "en").await;
    assert!(root.query_selector(".ss-conditional").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn other_on_a_dropdown_reveals_a_labelled_text_box_after_the_list() {
    let (root, actions) = render(12, None, None, "en").await;
    let select = find::<HtmlSelectElement>(&root, "#q-borough");
    assert!(root.query_selector(".ss-conditional").unwrap().is_none(), "hidden until Other is chosen");
    select.set_value("other");
    change(&select);
    assert_eq!(actions.borrow().last(), Some(&("borough".into(), Input::Choose("other".into()))));

    let answer = Answer::Choice { chosen: "other".into(), other: String::new() };
    let (root, actions) = render(12, Some(answer), None, "en").await;
    let select = find::<HtmlSelectElement>(&root, "#q-borough");
    assert_eq!(select.value(), "other");
    assert_eq!(select.get_attribute("aria-controls").as_deref(), Some("q-borough-other-text"));
    assert_eq!(select.next_element_sibling().unwrap().id(), "q-borough-other-text");
    assert_eq!(text(&root, "label[for=q-borough-other-text-input]"), "Please say");
    let input = find::<HtmlInputElement>(&root, "#q-borough-other-text-input");
    assert_eq!(input.get_attribute("spellcheck").as_deref(), Some("true"));
    input.set_value("Ealing");
    type_into(&input);
    assert_eq!(actions.borrow().last(), Some(&("borough".into(), Input::Other("Ealing".into()))));
}

#[wasm_bindgen_test]
async fn dropdown_has_a_label_starts_on_choose_and_reports_the_choice() {
    let (root, actions) = render(2, None, None, "en").await;
    assert_eq!(text(&root, "label[for=q-drop]"), "Choose a borough");
    let select = find::<HtmlSelectElement>(&root, "#q-drop");
    assert_eq!(select.value(), "");
    select.set_value("h");
    change(&select);
    assert_eq!(actions.borrow().last(), Some(&("drop".into(), Input::Choose("h".into()))));
}

#[wasm_bindgen_test]
async fn short_text_on_a_sensitive_question_is_not_spellchecked_or_autocompleted() {
    let (root, actions) = render(3, None, None, "en").await;
    assert_eq!(text(&root, "label[for=q-short]"), "Your area");
    let input = find::<HtmlInputElement>(&root, "#q-short");
    assert_eq!(input.get_attribute("spellcheck").as_deref(), Some("false"));
    assert_eq!(input.get_attribute("autocomplete").as_deref(), Some("off"));
    input.set_value("E16");
    type_into(&input);
    assert_eq!(actions.borrow().last(), Some(&("short".into(), Input::Give(Some(Answer::Text("E16".into()))))));
}

#[wasm_bindgen_test]
async fn long_text_counts_characters_left_and_over() {
    let (root, actions) = render(4, Some(Answer::Text("abc".into())), None, "en").await;
    assert_eq!(text(&root, "label[for=q-long]"), "Tell us more");
    assert_eq!(text(&root, ".ss-character-count"), "You have 7 characters left");
    let area = find::<HtmlTextAreaElement>(&root, "#q-long");
    area.set_value("abcdef");
    type_into(&area);
    assert_eq!(actions.borrow().last(), Some(&("long".into(), Input::Give(Some(Answer::Text("abcdef".into()))))));
    let (root, _) = render(4, Some(Answer::Text("abcdefghijkl".into())), None, "en").await;
    assert_eq!(text(&root, ".ss-character-count"), "You have 2 characters too many");
}

#[wasm_bindgen_test]
async fn number_uses_a_numeric_keypad_and_reports_what_is_typed() {
    let (root, actions) = render(5, None, Some("Enter a number between 11 and 16"), "en").await;
    let input = find::<HtmlInputElement>(&root, "#q-num");
    assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(text(&root, "#q-num-error"), "Error: Enter a number between 11 and 16");
    input.set_value("14");
    type_into(&input);
    assert_eq!(actions.borrow().last(), Some(&("num".into(), Input::Give(Some(Answer::Text("14".into()))))));
}

#[wasm_bindgen_test]
async fn numbered_scale_labels_its_ends_and_reports_the_point() {
    let (root, actions) = render(6, None, None, "en").await;
    assert_eq!(text(&root, "legend"), "How safe do you feel?");
    assert_eq!(text(&root, "label[for=q-scale]"), "1 – Not safe");
    assert_eq!(text(&root, "label[for=q-scale-5]"), "5 – Very safe");
    click(&root, "#q-scale-4");
    assert_eq!(actions.borrow().last(), Some(&("scale".into(), Input::Choose("4".into()))));
}

#[wasm_bindgen_test]
async fn labelled_scale_shows_its_labels() {
    let (root, actions) = render(7, None, None, "en").await;
    assert_eq!(text(&root, "label[for=q-agree]"), "Agree");
    click(&root, "#q-agree-disagree");
    assert_eq!(actions.borrow().last(), Some(&("agree".into(), Input::Choose("disagree".into()))));
}

#[wasm_bindgen_test]
async fn matrix_labels_each_radio_with_its_row_and_reports_the_row() {
    let (root, actions) = render(8, None, None, "en").await;
    assert_eq!(text(&root, "legend"), "How safe is each place?");
    assert_eq!(text(&root, "label[for=q-grid-bus-unsafe]"), "Bus: Unsafe");
    click(&root, "#q-grid-bus-unsafe");
    assert_eq!(
        actions.borrow().last(),
        Some(&("grid".into(), Input::Row { row: "bus".into(), column: Some("unsafe".into()) }))
    );
}

#[wasm_bindgen_test]
async fn yes_no_reads_in_the_respondents_language() {
    let (root, actions) = render(9, None, None, "ar").await;
    assert_eq!(text(&root, "label[for=q-yn]"), "نعم");
    assert_eq!(text(&root, "label[for=q-yn-no]"), "لا");
    click(&root, "#q-yn-no");
    assert_eq!(actions.borrow().last(), Some(&("yn".into(), Input::Choose("no".into()))));
}

#[wasm_bindgen_test]
async fn an_information_block_is_text_with_no_input() {
    let (root, _) = render(10, None, None, "en").await;
    assert_eq!(text(&root, "h2"), "About this part");
    assert!(root.query_selector("input, select, textarea").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn survey_text_is_never_markup() {
    let json = SURVEY.replace("Pick one", "<img src=x onerror=alert(1)><b>Pick one</b>");
    let survey = Rc::new(read(&json).unwrap().survey);
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = HostProps {
        say: Say { survey, language: "en".into(), easy: false, read_aloud: false },
        index: 0,
        answer: None,
        error: None,
        on_input: Callback::noop(),
    };
    yew::Renderer::<Host>::with_root_and_props(root.clone(), props).render();
    settle().await;
    assert!(root.query_selector("img, b").unwrap().is_none());
    assert_eq!(text(&root, "legend"), "<img src=x onerror=alert(1)><b>Pick one</b>");
}

/// A partner's theme values are checked before they become CSS custom properties, so
/// that nothing but a colour or a font family list can be set.
#[wasm_bindgen_test]
fn embed_theme_values_are_checked() {
    use speaksafe::embed::{valid_colour, valid_font};
    for good in ["#fff", "#1d70b8", "#ABCDEF"] {
        assert!(valid_colour(good), "{good}");
    }
    for bad in ["fff", "#ffff", "#12345g", "red", "#fff;background:url(x)", "#fff !important", ""] {
        assert!(!valid_colour(bad), "{bad}");
    }
    for good in ["Georgia, serif", "\"Noto Sans\", Arial, sans-serif", "'Gill Sans', system-ui"] {
        assert!(valid_font(good), "{good}");
    }
    for bad in ["x; background: url(https://a.example/)", "a}b", "url(x)", "a\\62", "", "  "] {
        assert!(!valid_font(bad), "{bad}");
    }
}

/// The quick exit drops every answer: that includes a response waiting at Submit to be sealed
/// (the seal module still on its way). Without the exit it would be sealed (here the module
/// cannot be fetched, so it waits); after it, there is nothing left to seal or send.
#[wasm_bindgen_test]
async fn the_quick_exit_wipes_a_response_waiting_to_be_sealed() {
    use speaksafe::sealer::Failure;
    use speaksafe::submission::{forget_unsealed, prepare};
    let json = SURVEY.replace(
        r#""support": ["#,
        r#""submit": { "endpoint": "/api/v1/surveys/kinds/responses", "public_key": "QxDul9iM8PCIpVdsd6sM9cOseX89lRObbIS1QpxZZio" }, "support": ["#,
    );
    let survey = read(&json).expect("the test survey with a key reads").survey;
    let response = speaksafe_core::Response::from_json(
        r#"{"format": "speaksafe/1", "survey": "kinds", "language": "en", "answers": {"short": "E16"}}"#,
    )
    .unwrap();

    let waiting = prepare(&survey, &response, None).unwrap();
    assert_eq!(waiting.body().await, Err(Failure::Unavailable), "kept, to be sealed once the module comes");

    let left = prepare(&survey, &response, None).unwrap();
    forget_unsealed();
    match left.body().await {
        Err(Failure::Refused(reason)) => assert!(reason.contains("cleared"), "{reason}"),
        other => panic!("expected nothing left to seal, got {other:?}"),
    }
}

/// Every address `check` accepts is one this browser can open: the quick exit's
/// `location.replace` would throw on any other, and leave the respondent on the survey. Checked
/// on addresses written to be awkward, and on thousands made by changing them at random.
#[wasm_bindgen_test]
fn every_address_check_accepts_the_browser_opens() {
    use speaksafe_core::address::check_web_address;
    let seeds = [
        "https://www.bbc.co.uk/weather",
        "http://example.com",
        "HTTPS://Example.COM/a?b=c#d",
        "https://example.com:8443/",
        "https://127.0.0.1:8080/x",
        "https://[::1]:8443/",
        "https://[2001:db8::1]/p",
        "https://xn--bcher-kva.example/",
        "https://example.com/caf\u{e9}",
        "https://a-b.c_d.example/%41",
        "https://example.com:65535",
        "https://example.com:0/",
        "https://1.2.3.4/",
        "https://example.com/a b",
        "https://example.com:65536/",
        "https://0x7f.1/",
        "https://1.2.3/",
        "https://exa\u{200b}mple.com/",
        "https://example.com/%zz",
        "https://example.com/\\x",
        "https://[::1::2]/",
        "https://example..com/",
        "https:/example.com",
        "https://@example.com/",
        "https://example.com:/",
    ];
    let alphabet: Vec<char> = "aZ0.:/-_%[]@?#\\ \u{e9}\u{202e}x9".chars().collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut accepted = 0;
    for round in 0..20_000 {
        let seed = seeds[round % seeds.len()];
        let mut chars: Vec<char> = seed.chars().collect();
        if round >= seeds.len() {
            for _ in 0..1 + next(3) {
                let at = next(chars.len() + 1);
                match next(3) {
                    0 if at < chars.len() => {
                        chars.remove(at);
                    }
                    1 if at < chars.len() => chars[at] = alphabet[next(alphabet.len())],
                    _ => chars.insert(at, alphabet[next(alphabet.len())]),
                }
            }
        }
        let address: String = chars.into_iter().collect();
        if check_web_address(&address).is_ok() {
            accepted += 1;
            let url = web_sys::Url::new(&address)
                .unwrap_or_else(|_| panic!("check accepts {address:?}, the browser cannot parse it"));
            assert!(url.protocol() == "https:" || url.protocol() == "http:", "{address:?}");
            assert!(!url.hostname().is_empty(), "{address:?}");
        }
    }
    assert!(accepted > 2000, "only {accepted} addresses were accepted: the test checks too little");
}

/// Should the browser ever refuse the exit address, the quick exit goes to the default neutral
/// site instead of leaving the respondent where they were.
#[wasm_bindgen_test]
fn a_refused_exit_address_falls_back_to_the_neutral_site() {
    use speaksafe::quick_exit::replace_or_default;
    use speaksafe_core::definition::DEFAULT_EXIT_URL;
    let tried = RefCell::new(Vec::new());
    // As `location.replace` does with an address it cannot parse: it throws.
    let replace = |url: &str| {
        tried.borrow_mut().push(url.to_string());
        if url == DEFAULT_EXIT_URL {
            Ok(())
        } else {
            Err(js_sys::Error::new("SyntaxError").into())
        }
    };
    replace_or_default("https://example.com:99999/", replace);
    assert_eq!(*tried.borrow(), ["https://example.com:99999/", DEFAULT_EXIT_URL]);
    tried.borrow_mut().clear();
    replace_or_default("https://www.example.org/", |url| {
        tried.borrow_mut().push(url.to_string());
        Ok(())
    });
    assert_eq!(*tried.borrow(), ["https://www.example.org/"]);
}
