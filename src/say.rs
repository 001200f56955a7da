//! What every component needs to put words on screen: the survey and the respondent's language.

use speaksafe_core::ui::Words;
use speaksafe_core::{Direction, Survey, Text};
use std::rc::Rc;
use yew::{html, AttrValue, Html};

/// The survey's texts in the respondent's language, and how they read them. Shared through a
/// Yew context.
#[derive(Clone, Debug)]
pub struct Say {
    pub survey: Rc<Survey>,
    pub language: AttrValue,
    /// The respondent chose easy read: each text's easy-read version, where it has one.
    pub easy: bool,
    /// Questions can be read aloud: a voice on the device speaks the page's language (and, in
    /// the studio's preview, the organiser turned it on).
    pub read_aloud: bool,
}

impl PartialEq for Say {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.survey, &other.survey)
            && self.language == other.language
            && self.easy == other.easy
            && self.read_aloud == other.read_aloud
    }
}

impl Say {
    /// A survey text in the respondent's language (its easy-read version if they chose it).
    pub fn text<'a>(&'a self, text: &'a Text) -> &'a str {
        self.version(text).get(&self.language, &self.survey.default_language().code)
    }

    /// The text as this respondent reads it: its easy-read version when they chose easy read
    /// and it has one in their language.
    fn version<'a>(&self, text: &'a Text) -> &'a Text {
        text.version(self.easy, &self.language)
    }

    /// The language a text is really shown in, when it is not the respondent's (a text not yet
    /// translated falls back to the default language): its `lang` and `dir`, so that a screen
    /// reader reads it in the right voice and it runs the right way.
    pub fn marks(&self, text: &Text) -> (Option<AttrValue>, Option<AttrValue>) {
        let (_, fallback) = self.version(text).get_marked(&self.language, &self.survey.default_language().code);
        match fallback {
            Some(code) if !code.is_empty() => {
                (Some(AttrValue::from(code.to_string())), Some(AttrValue::Static(Direction::of(code).attribute())))
            }
            _ => (None, None),
        }
    }

    /// A survey text as it goes on screen: in a `<span lang dir>` of its own language when it
    /// falls back to another.
    pub fn show(&self, text: &Text) -> Html {
        let words = self.text(text).to_string();
        match self.marks(text) {
            (Some(lang), dir) => html! { <span {lang} {dir}>{ words }</span> },
            _ => Html::from(words),
        }
    }

    /// A survey text of paragraphs (a blank line starts one), marked as [`Say::show`] marks.
    pub fn paragraphs(&self, text: &Text) -> Html {
        let (lang, dir) = self.marks(text);
        let words = AttrValue::from(self.text(text).to_string());
        html! { <crate::components::paragraphs::Paragraphs text={words} {lang} {dir} /> }
    }

    /// Digits as the respondent's language writes them (`Intl.NumberFormat`, where the browser
    /// knows the language): "Page 2 of 7" is "الصفحة ٢ من ٧" in Arabic and "পৃষ্ঠা ২" in Bengali.
    /// For the interface's own words (progress, counts, messages), never for answers.
    pub fn digits(&self, text: &str) -> String {
        match zero_digit(&self.language) {
            Some(zero) if zero != '0' => text
                .chars()
                .map(|c| match c.to_digit(10).filter(|_| c.is_ascii_digit()) {
                    Some(d) => char::from_u32(zero as u32 + d).unwrap_or(c),
                    None => c,
                })
                .collect(),
            _ => text.to_string(),
        }
    }

    /// The interface words in the respondent's language (the survey carries them: the
    /// collector adds the built-in words of its languages).
    pub fn words(&self) -> &Words {
        self.survey.words(&self.language)
    }
}

thread_local! {
    /// The last language asked about, and its zero: a survey is read in one language at a time.
    static ZERO: std::cell::RefCell<Option<(String, Option<char>)>> = const { std::cell::RefCell::new(None) };
}

/// How a language writes zero, by the browser's `Intl.NumberFormat` (asked again only when the
/// language changes). Every numbering system it uses for these languages has its ten digits in a
/// row from zero. None when the browser cannot say (an unknown tag is an exception there, caught
/// here).
fn zero_digit(language: &str) -> Option<char> {
    if let Some(known) = ZERO.with(|z| z.borrow().as_ref().filter(|(l, _)| l == language).map(|(_, c)| *c)) {
        return known;
    }
    let ask = || -> Option<char> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let constructor = js_sys::Reflect::get(&intl, &"NumberFormat".into()).ok()?;
        let constructor: &js_sys::Function = wasm_bindgen::JsCast::dyn_ref(&constructor)?;
        let format = js_sys::Reflect::construct(constructor, &js_sys::Array::of1(&language.into())).ok()?;
        let call = js_sys::Reflect::get(&format, &"format".into()).ok()?;
        let call: &js_sys::Function = wasm_bindgen::JsCast::dyn_ref(&call)?;
        let zero = call.call1(&format, &0.into()).ok()?.as_string()?;
        let mut chars = zero.chars();
        let digit = chars.next().filter(|c| c.is_numeric())?;
        chars.next().is_none().then_some(digit)
    };
    let zero = ask();
    ZERO.with(|z| *z.borrow_mut() = Some((language.to_string(), zero)));
    zero
}

/// The survey's words in the respondent's language, from the survey's context: every component
/// of the survey is inside it.
#[yew::hook]
pub fn use_say() -> Say {
    yew::use_context::<Say>().expect("inside a survey: SurveyView provides the words")
}
