//! SurveyJS JSON (survey-core 1.x and 2.x) to `speaksafe/1`.
//!
//! | SurveyJS | speaksafe |
//! | --- | --- |
//! | `radiogroup` | `single_choice` (`showOtherItem` → `other`) |
//! | `dropdown` | `dropdown` (`showOtherItem` → `other`) |
//! | `checkbox`, `tagbox` | `multiple_choice` (`showOtherItem` → `other`, `showNoneItem` → an exclusive option) |
//! | `text` | `short_text`, or `number` with `inputType: "number"` (`min`, `max`) |
//! | `comment` | `long_text` (`maxLength`) |
//! | `rating` | `scale` (`rateMin`/`rateMax` and their descriptions, or `rateValues`) |
//! | `boolean` | `yes_no` (`{q} = true` becomes `{q} = 'yes'`) |
//! | `matrix` | `matrix` |
//! | `html` | `info`, as plain text |
//! | `panel` | flattened: its title an `info` block, its condition on each question in it |
//!
//! A localizable string `{"default": …, "pl": …}` is a text; `default` is the survey's first
//! language (its `locale`, English if none). Names that speaksafe cannot take as ids ("Travel
//! Mode", "Option 1") are made usable, and every condition is rewritten to match.

mod keys;

use super::html;
use super::{date_hint, text_value, ImportError, Options, Report};
use crate::condition::{rewrite, Condition, Literal, Rewrite};
use crate::definition::{FORMAT, OTHER, PREFER_NOT_TO_SAY};
use crate::names::Names;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Element types dropped because they identify or locate a respondent or fetch from the network.
const PRIVATE: &[(&str, &str)] = &[
    ("file", "an uploaded file can identify the respondent"),
    ("signaturepad", "a signature identifies the respondent"),
    ("image", "an image is loaded from the network"),
];

/// Element types speaksafe has nothing for.
const UNSUPPORTED: &[(&str, &str)] = &[
    ("paneldynamic", "dynamic panels (repeated groups) are not supported"),
    ("matrixdynamic", "dynamic matrices are not supported"),
    ("multipletext", "several text boxes in one question are not supported; ask each as its own question"),
    ("ranking", "ranking is not supported"),
    ("imagepicker", "choosing images is not supported"),
    ("expression", "calculated values are not supported"),
];

pub(super) fn import(bytes: &[u8], options: &Options, report: &mut Report) -> Result<Value, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::Broken("the file is not UTF-8 text".into()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Value = serde_json::from_str(text).map_err(|e| ImportError::Broken(format!("not valid JSON: {e}")))?;
    let Value::Object(root) = root else {
        return Err(ImportError::NotASurvey("the JSON is not an object".into()));
    };
    let pages: Vec<Value> = match (root.get("pages"), root.get("elements").or_else(|| root.get("questions"))) {
        (Some(Value::Array(pages)), _) => pages.clone(),
        (None, Some(Value::Array(elements))) => vec![json!({ "name": "page1", "elements": elements })],
        _ => return Err(ImportError::NotASurvey("it has no \"pages\" and no \"elements\"".into())),
    };
    let mut languages =
        vec![root.get("locale").and_then(Value::as_str).filter(|l| !l.is_empty()).unwrap_or("en").to_string()];
    collect_languages(&Value::Object(root.clone()), &mut languages);
    let mut importer = Importer {
        report,
        options,
        multilingual: languages.len() > 1,
        languages,
        questions: Names::default(),
        pages: Names::default(),
        values: HashMap::new(),
        rows: HashMap::new(),
        booleans: HashMap::new(),
        left_out: Default::default(),
    };
    importer.questions.reserve(PREFER_NOT_TO_SAY);
    importer.survey(&root, &pages)
}

/// Every language a localizable string has, after the default.
fn collect_languages(value: &Value, languages: &mut Vec<String>) {
    match value {
        Value::Object(map) if map.contains_key("default") && map.values().all(Value::is_string) => {
            for code in map.keys().filter(|k| *k != "default") {
                let usable = code.len() <= 12 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                if usable && !languages.contains(code) {
                    languages.push(code.clone());
                }
            }
        }
        Value::Object(map) => map.values().for_each(|v| collect_languages(v, languages)),
        Value::Array(items) => items.iter().for_each(|v| collect_languages(v, languages)),
        _ => {}
    }
}

struct Importer<'r> {
    report: &'r mut Report,
    options: &'r Options,
    /// The default first.
    languages: Vec<String>,
    multilingual: bool,
    /// Question names → ids.
    questions: Names,
    pages: Names,
    /// Question id → its options' (or a matrix's columns') values, original → usable.
    values: HashMap<String, Names>,
    /// Matrix id → its rows' values, original → usable.
    rows: HashMap<String, Names>,
    /// Yes/no question id → what SurveyJS stores for yes and for no.
    booleans: HashMap<String, (Value, Value)>,
    /// Elements left out, by name: a condition naming one cannot come across.
    left_out: std::collections::HashSet<String>,
}

impl Importer<'_> {
    /// The report's name for a source element: its name and where it is.
    fn at(name: &str, path: &str) -> String {
        format!("{name} ({path})")
    }

    fn survey(&mut self, root: &Map<String, Value>, pages: &[Value]) -> Result<Value, ImportError> {
        for (key, why) in keys::unread(root, &[keys::SURVEY]) {
            self.report.dropped(key, why);
        }
        let mut out = Map::new();
        out.insert("format".into(), json!(FORMAT));
        let own = root.get("surveyId").or_else(|| root.get("name")).and_then(Value::as_str);
        out.insert("id".into(), json!(super::survey_id(own, self.options)));
        out.insert("languages".into(), json!(self.languages));
        let title = self.text(root.get("title")).unwrap_or_else(|| {
            self.report.rewritten("title", "the survey has no title: \"Survey\" was put in; write your own");
            json!("Survey")
        });
        out.insert("title".into(), title.clone());
        let mut pages = pages.to_vec();
        let start_page =
            root.get("firstPageIsStarted").or_else(|| root.get("firstPageIsStartPage")) == Some(&json!(true));
        let start = if start_page && !pages.is_empty() { Some(pages.remove(0)) } else { None };
        let intro = self
            .text(root.get("description"))
            .or_else(|| start.as_ref().and_then(|page| self.start_text(page)))
            .unwrap_or_else(|| {
                self.report
                    .rewritten("description", "the survey has no introduction: a short one was put in; write your own");
                json!("Thank you for taking part. You can skip any question.")
            });
        out.insert("intro".into(), intro);
        let completion = self
            .html_text(root.get("completedHtml"))
            .unwrap_or_else(|| json!("Thank you. Your answers have been sent."));
        out.insert("completion".into(), completion);
        let first = usize::from(start.is_some());
        let from_elements = !root.contains_key("pages");
        let pages: Vec<Value> = pages
            .iter()
            .enumerate()
            .filter_map(|(i, page)| {
                let path = if from_elements { String::new() } else { format!("pages[{}]", i + first) };
                self.page(page, i, &path, &title)
            })
            .collect();
        out.insert("pages".into(), Value::Array(pages));
        let mut definition = Value::Object(out);
        self.rewrite_conditions(&mut definition);
        Ok(definition)
    }

    /// The words of a start page (its html blocks), as the survey's introduction.
    fn start_text(&mut self, page: &Value) -> Option<Value> {
        let elements = page.get("elements")?.as_array()?;
        let html: Vec<&Value> = elements
            .iter()
            .filter(|e| e.get("type").and_then(Value::as_str) == Some("html"))
            .filter_map(|e| e.get("html"))
            .collect();
        let first = html.first()?;
        self.report.rewritten("the start page", "its text is the survey's introduction");
        self.html_text(Some(first))
    }

    /// A page; `path` is where it is in the source ("" for a survey of elements without pages).
    fn page(&mut self, page: &Value, index: usize, path: &str, survey_title: &Value) -> Option<Value> {
        let name = page.get("name").and_then(Value::as_str).map(str::to_string).unwrap_or(format!("page{}", index + 1));
        let label = if path.is_empty() { format!("page {name}") } else { Self::at(&format!("page {name}"), path) };
        let mut out = Map::new();
        let id = self.pages.name(&name, &format!("page{}", index + 1));
        self.report.source(&id, label.clone());
        out.insert("id".into(), json!(id));
        if let Some(page) = page.as_object() {
            for (key, why) in keys::unread(page, &[keys::PAGE]) {
                self.report.dropped(super::part(&label, key), why);
            }
        }
        // SurveyJS works `visibleIf` out again on every change and sets `visible` from it:
        // `visible: false` alone hides for good, with a condition it is only where it starts.
        if page.get("visible") == Some(&json!(false)) && page.get("visibleIf").is_none() {
            self.report.dropped(label, "it is never shown (visible: false)");
            return None;
        }
        // SurveyJS shows no heading on a page without a title (never its name, "page3"); a
        // speaksafe page has one, so it is the survey's, as on every page of a paper form.
        let title = self.text(page.get("title")).unwrap_or_else(|| {
            self.report.rewritten(&label, "it has no title: the survey's title heads it; write your own");
            survey_title.clone()
        });
        out.insert("title".into(), title);
        if let Some(intro) = self.text(page.get("description")) {
            out.insert("intro".into(), intro);
        }
        if let Some(condition) = page.get("visibleIf").and_then(Value::as_str) {
            out.insert("visible_if".into(), json!(condition));
        }
        let mut questions = Vec::new();
        let key = if page.get("elements").is_some() { "elements" } else { "questions" };
        for (i, element) in page.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
            let here = if path.is_empty() { format!("{key}[{i}]") } else { format!("{path}.{key}[{i}]") };
            self.element(element, &here, None, &mut questions);
        }
        if questions.is_empty() {
            self.report.dropped(label, "nothing on it could be brought in");
            return None;
        }
        out.insert("questions".into(), Value::Array(questions));
        Some(Value::Object(out))
    }

    /// One element (at `path` in the source), into `questions`; a panel's elements each in
    /// turn, under its condition.
    fn element(&mut self, element: &Value, path: &str, panel_condition: Option<&str>, questions: &mut Vec<Value>) {
        let element = &*keys::current(element);
        let kind = element.get("type").and_then(Value::as_str).unwrap_or("");
        let name = element.get("name").and_then(Value::as_str).unwrap_or(kind).to_string();
        let label = Self::at(&name, path);
        if let Some((_, why)) = PRIVATE.iter().chain(UNSUPPORTED).find(|(k, _)| *k == kind) {
            self.report.dropped(&label, format!("type \"{kind}\": {why}"));
            self.left_out.insert(name);
            return;
        }
        if kind == "matrixdropdown" && element.get("columns").and_then(Value::as_array).is_none_or(|c| c.len() != 1) {
            self.report.dropped(
                &label,
                "a matrix of dropdowns with several columns is not supported; ask each column as a matrix",
            );
            self.left_out.insert(name);
            return;
        }
        // SurveyJS works `visibleIf` out again on every change and sets `visible` from it:
        // `visible: false` alone hides for good, with a condition it is only where it starts.
        if element.get("visible") == Some(&json!(false)) && element.get("visibleIf").is_none() {
            self.report.dropped(&label, "it is never shown (visible: false)");
            self.left_out.insert(name);
            return;
        }
        if let Some(object) = element.as_object() {
            let read: Vec<&[&str]> = [keys::ELEMENT].into_iter().chain(keys::of_kind(kind).iter().copied()).collect();
            for (key, why) in keys::unread(object, &read) {
                self.report.dropped(Self::at(&super::part(&name, key), path), why);
            }
        }
        let own = element.get("visibleIf").and_then(Value::as_str);
        let condition = match (panel_condition, own) {
            (Some(p), Some(o)) => Some(format!("({p}) and ({o})")),
            (Some(p), None) => Some(p.to_string()),
            (None, o) => o.map(str::to_string),
        };
        if kind == "panel" {
            let key = if element.get("elements").is_some() { "elements" } else { "questions" };
            let children: Vec<&Value> = element.get(key).and_then(Value::as_array).into_iter().flatten().collect();
            let title = self.text(element.get("title")).or_else(|| self.text(element.get("description")));
            // One question whose own title is blank: SurveyJS shows no title on it, and the
            // panel's title is what it asks.
            let blank = |c: &Value| c.get("title").and_then(Value::as_str).is_some_and(|t| t.trim().is_empty());
            let asks = match (&title, children.as_slice()) {
                (Some(text), [only]) if blank(only) && only.get("type").and_then(Value::as_str) != Some("panel") => {
                    Some(text.clone())
                }
                _ => None,
            };
            let start = questions.len();
            let mut heading = None;
            if let (Some(text), None) = (title, &asks) {
                let mut info = Map::new();
                let id = self.questions.name(&name, "panel");
                self.report.source(&id, label.clone());
                info.insert("id".into(), json!(id));
                info.insert("kind".into(), json!("info"));
                info.insert("text".into(), text);
                if let Some(c) = &condition {
                    info.insert("visible_if".into(), json!(c));
                }
                questions.push(Value::Object(info));
                heading = Some(id);
            }
            if panel_condition.is_none() && own.is_some() {
                self.report
                    .rewritten(&label, "a panel: its questions are on the page, each under the panel's condition");
            }
            for (i, child) in children.iter().enumerate() {
                self.element(child, &format!("{path}.{key}[{i}]"), condition.as_deref(), questions);
            }
            if let (Some(text), [question]) = (asks, &mut questions[start..]) {
                question["text"] = text;
                let name = self.report.name_of(question["id"].as_str().unwrap_or_default());
                self.report.rewritten(name, "its title is blank, as SurveyJS shows it: the panel's title is its words");
            }
            if let Some(id) = heading {
                let under = questions[start + 1..].iter().filter_map(|q| q["id"].as_str()).map(str::to_string);
                self.report.heading(&id, under.collect());
            }
            return;
        }
        match self.question(element, kind, &name, &label, condition) {
            Some(question) => questions.push(question),
            None => {
                self.left_out.insert(name);
            }
        }
    }

    /// A question from an element named `name`, `label` in the report.
    fn question(
        &mut self,
        element: &Value,
        kind: &str,
        name: &str,
        label: &str,
        condition: Option<String>,
    ) -> Option<Value> {
        let id = self.report.question_id(&mut self.questions, name, label, &format!("\"{name}\""));
        let name = label;
        let mut out = Map::new();
        out.insert("id".into(), json!(id));
        let fields = match kind {
            "radiogroup" | "dropdown" => self.choice(element, &id, name, kind),
            "checkbox" | "tagbox" => self.checkbox(element, &id, name),
            "text" => self.typed(element, name),
            "comment" => {
                let mut fields = vec![("kind", json!("long_text"))];
                if let Some(n) = element.get("maxLength").and_then(Value::as_u64) {
                    fields.push(("max_length", json!(n)));
                }
                Some(fields)
            }
            "rating" => self.rating(element, &id, name),
            "boolean" => self.boolean(element, &id),
            "matrix" => self.matrix(element, &id, name),
            "matrixdropdown" => self.matrix_of_one_column(element, &id, name),
            "html" => {
                let (title, text) = self.html_block(element.get("html"));
                out.insert("kind".into(), json!("info"));
                // A block that is only a heading (what the questions after it are about) is
                // that heading as its words.
                let (title, text) = match (title, text) {
                    (Some(title), None) => (None, Some(title)),
                    both => both,
                };
                if let Some(title) = title {
                    out.insert("title".into(), title);
                }
                let Some(text) = text else {
                    let html = element.get("html").map(Value::to_string).unwrap_or_default().to_ascii_lowercase();
                    let what = if html.contains("<iframe") {
                        "an html block holding only a frame: it would load another site into the survey, which could see who opened it"
                    } else {
                        "an html block with no words: images and other embedded content are loaded from the network, which speaksafe never does"
                    };
                    self.report.dropped(name, what);
                    return None;
                };
                out.insert("text".into(), text);
                if let Some(c) = condition {
                    out.insert("visible_if".into(), json!(c));
                }
                return Some(Value::Object(out));
            }
            other => {
                self.report.dropped(name, format!("\"{other}\" is not a kind of question speaksafe has"));
                None
            }
        }?;
        let own_name = element.get("name").and_then(Value::as_str).unwrap_or(&id);
        let text = self.text(element.get("title")).unwrap_or_else(|| json!(own_name));
        out.insert("text".into(), text);
        // A box's placeholder ("e.g. 25") says what to write: a hint, if there is no other; a
        // kind's own hint (what to write in a box that was a date) comes last.
        let placeholder = matches!(kind, "text" | "comment").then(|| element.get("placeholder")).flatten();
        let own_hint = fields.iter().find(|(k, _)| *k == "hint").map(|(_, h)| h.clone());
        if let Some(hint) = self.text(element.get("description")).or_else(|| self.text(placeholder)).or(own_hint) {
            out.insert("hint".into(), hint);
        }
        for (key, value) in fields.into_iter().filter(|(k, _)| *k != "hint") {
            out.insert(key.into(), value);
        }
        if element.get("isRequired") == Some(&json!(true)) || element.get("isAllRowRequired") == Some(&json!(true)) {
            out.insert("required".into(), json!(true));
        }
        if let Some(c) = element.get("requiredIf").and_then(Value::as_str) {
            out.insert("required_if".into(), json!(c));
        }
        if let Some(c) = condition {
            out.insert("visible_if".into(), json!(c));
        }
        let rules = self.validators(element, name);
        if !rules.is_empty() {
            out.insert("validation".into(), Value::Array(rules));
        }
        Some(Value::Object(out))
    }

    /// Options from `choices` (a bare string is its own value and text), with usable values;
    /// `isExclusive` kept where options may be exclusive. An option `prefer_not_to_say` (as
    /// speaksafe writes it for SurveyJS) is left for [`Importer::prefer_not`].
    fn choices(&mut self, list: Option<&Value>, id: &str, name: &str, exclusive_allowed: bool) -> Vec<Value> {
        let names = self.values.entry(id.to_string()).or_default();
        names.reserve(OTHER);
        names.reserve(PREFER_NOT_TO_SAY);
        let mut out = Vec::new();
        let mut renamed = Vec::new();
        for choice in list.and_then(Value::as_array).into_iter().flatten() {
            let (value, text, exclusive) = match choice {
                Value::Object(c) => {
                    let value = c.get("value").map(plain).unwrap_or_default();
                    for (key, why) in keys::unread(c, &[keys::ITEM]) {
                        self.report.dropped(super::part(name, &format!("{value}.{key}")), why);
                    }
                    (value, c.get("text").cloned(), c.get("isExclusive") == Some(&json!(true)))
                }
                other => (plain(other), None, false),
            };
            // SurveyJS reads "ok|Yes" as the value `ok` with the words "Yes" (an item's value
            // is cut at its first "|"); conditions name `ok`.
            let (whole, value, text) = match value.split_once('|') {
                Some((own, words)) => (Some(value.clone()), own.to_string(), text.or_else(|| Some(json!(words)))),
                None => (None, value, text),
            };
            if value.is_empty() || value == PREFER_NOT_TO_SAY {
                continue;
            }
            let names = self.values.get_mut(id).expect("made above");
            let usable = names.name(&value, "option");
            if let Some(whole) = whole {
                names.alias(&whole, &usable);
            }
            if usable != value {
                renamed.push(format!("\"{value}\" → {usable}"));
            }
            let text = text.and_then(|t| self.text(Some(&t))).unwrap_or_else(|| json!(value));
            let mut option = json!({ "value": usable, "text": text });
            if exclusive && exclusive_allowed {
                option["exclusive"] = json!(true);
            }
            out.push(option);
        }
        if !renamed.is_empty() {
            self.report.rewritten(name, format!("values made usable as names: {}", renamed.join(", ")));
        }
        out
    }

    fn choice(&mut self, element: &Value, id: &str, name: &str, kind: &str) -> Option<Vec<(&'static str, Value)>> {
        let mut options = self.choices(element.get("choices"), id, name, false);
        self.extra_items(element, id, &mut options, false);
        let other = self.other_item(element, id);
        let values: Vec<&str> = options.iter().filter_map(|o| o["value"].as_str()).collect();
        let mut fields = if kind == "radiogroup" && values == ["yes", "no"] && other.is_none() {
            // Yes and no, with "Prefer not to say" (which SurveyJS's boolean cannot have).
            self.report.rewritten(name, "a choice of yes and no is a yes/no question");
            let mut fields = vec![("kind", json!("yes_no"))];
            let defaults = [("yes", "yes"), ("no", "no")];
            for (option, (key, word)) in options.iter().zip(defaults) {
                if !self.is_built_in(&option["text"], word) {
                    fields.push((key, option["text"].clone()));
                }
            }
            fields
        } else {
            let kind = if kind == "dropdown" { "dropdown" } else { "single_choice" };
            vec![("kind", json!(kind)), ("options", Value::Array(options))]
        };
        fields.extend(other);
        self.refuse_item(element, id, &mut fields);
        Some(fields)
    }

    fn checkbox(&mut self, element: &Value, id: &str, name: &str) -> Option<Vec<(&'static str, Value)>> {
        let mut options = self.choices(element.get("choices"), id, name, true);
        self.extra_items(element, id, &mut options, true);
        let mut fields = vec![("kind", json!("multiple_choice")), ("options", Value::Array(options))];
        fields.extend(self.other_item(element, id));
        self.refuse_item(element, id, &mut fields);
        Some(fields)
    }

    /// "Other (describe)" (`showOtherItem`, or the older `hasOther`): speaksafe's `other`, with
    /// its words. Its value is `other` in both, so conditions naming it need no change.
    fn other_item(&mut self, element: &Value, id: &str) -> Option<(&'static str, Value)> {
        if element.get("showOtherItem").or_else(|| element.get("hasOther")) != Some(&json!(true)) {
            return None;
        }
        self.values.entry(id.to_string()).or_default();
        Some(("other", self.text(element.get("otherText")).unwrap_or_else(|| json!("Other"))))
    }

    /// "None" and "Don't know" as options.
    fn extra_items(&mut self, element: &Value, id: &str, options: &mut Vec<Value>, multiple: bool) {
        let items = [
            ("showNoneItem", "hasNone", "none", "noneText", "None"),
            ("showDontKnowItem", "", "dontknow", "dontKnowText", "Don't know"),
        ];
        for (flag, old_flag, value, words_key, default_words) in items {
            let shown = element.get(flag).or_else(|| element.get(old_flag)) == Some(&json!(true));
            if !shown {
                continue;
            }
            let usable = self.values.entry(id.to_string()).or_default().name(value, value);
            let words = self.text(element.get(words_key)).unwrap_or_else(|| json!(default_words));
            let mut option = json!({ "value": usable, "text": words });
            if multiple {
                option["exclusive"] = json!(true);
            }
            options.push(option);
        }
    }

    /// "Prefer not to say": an option of that value, or SurveyJS's "Refuse to answer".
    fn refuse_item(&mut self, element: &Value, id: &str, fields: &mut Vec<(&'static str, Value)>) {
        let listed = ["choices", "rateValues"]
            .iter()
            .filter_map(|key| element.get(*key).and_then(Value::as_array))
            .flatten()
            .find(|c| c.get("value").and_then(Value::as_str) == Some(PREFER_NOT_TO_SAY));
        if let Some(choice) = listed {
            let words = self.text(choice.get("text")).unwrap_or(json!(true));
            let built_in = self.is_built_in(&words, "prefer_not_to_say");
            fields.push(("prefer_not_to_say", if built_in { json!(true) } else { words }));
        } else if element.get("showRefuseItem") == Some(&json!(true)) {
            let words = self.text(element.get("refuseText")).unwrap_or(json!(true));
            fields.push(("prefer_not_to_say", words));
            if let Some(names) = self.values.get_mut(id) {
                names.alias("refused", PREFER_NOT_TO_SAY);
            }
        }
    }

    fn typed(&mut self, element: &Value, name: &str) -> Option<Vec<(&'static str, Value)>> {
        let input = element.get("inputType").and_then(Value::as_str).unwrap_or("text");
        match input {
            "number" | "range" => {
                let mut fields = vec![("kind", json!("number"))];
                for (from, to) in [("min", "min"), ("max", "max")] {
                    match element.get(from) {
                        Some(Value::Number(n)) => fields.push((to, json!(n))),
                        Some(Value::String(s)) if s.trim().parse::<f64>().is_ok() => {
                            fields.push((to, json!(s.trim().parse::<f64>().unwrap_or_default())))
                        }
                        Some(other) => self.report.dropped(super::part(name, from), format!("{other} is not a number")),
                        None => {}
                    }
                }
                if element.get("step") == Some(&json!(1)) {
                    fields.push(("integer", json!(true)));
                    self.report.rewritten(super::part(name, "step"), "a step of 1 is read as whole numbers only");
                }
                Some(fields)
            }
            "text" | "" if self.numeric_check(element).is_some() => {
                self.report.rewritten(name, "a text box whose check takes only numbers is a number question");
                Some(vec![("kind", json!("number"))])
            }
            "text" | "" => {
                let mut fields = vec![("kind", json!("short_text"))];
                if let Some(n) = element.get("maxLength").and_then(Value::as_u64) {
                    fields.push(("max_length", json!(n)));
                }
                Some(fields)
            }
            "email" | "tel" => {
                let asked = if input == "tel" { "a phone number" } else { "an e-mail address" };
                if !self.options.keep_identifying {
                    self.report.dropped(
                        name,
                        format!("a box for {asked} asks for something that identifies the respondent (--keep-identifying keeps it)"),
                    );
                    return None;
                }
                self.report.rewritten(name, format!("a box for {asked} is an ordinary text box here"));
                Some(vec![("kind", json!("short_text"))])
            }
            "date" | "datetime" | "datetime-local" | "time" | "month" | "week" => {
                let (hint, note) = date_hint(input);
                self.report.rewritten(name, note);
                Some(vec![("kind", json!("short_text")), ("hint", json!(hint))])
            }
            other => {
                self.report.rewritten(name, format!("a text box of type \"{other}\" is an ordinary text box here"));
                Some(vec![("kind", json!("short_text"))])
            }
        }
    }

    fn rating(&mut self, element: &Value, id: &str, name: &str) -> Option<Vec<(&'static str, Value)>> {
        let mut fields = vec![("kind", json!("scale"))];
        if let Some(values) = element.get("rateValues").and_then(Value::as_array).filter(|v| !v.is_empty()) {
            let options = self.choices(Some(&Value::Array(values.clone())), id, name, false);
            match numbered(&options) {
                // Points that are their own numbers, one apart: a numbered scale.
                Some((min, max)) => {
                    fields.push(("min", json!(min)));
                    fields.push(("max", json!(max)));
                }
                None => fields.push(("options", Value::Array(options))),
            }
        } else {
            let min = element.get("rateMin").and_then(Value::as_i64).unwrap_or(1);
            let max = element
                .get("rateMax")
                .and_then(Value::as_i64)
                .or_else(|| element.get("rateCount").and_then(Value::as_i64).map(|n| min + n - 1))
                .unwrap_or(5);
            let step = element.get("rateStep").and_then(Value::as_i64).unwrap_or(1);
            if step != 1 || !(1..=10).contains(&(max - min)) {
                // Not a scale speaksafe draws: its points as labelled options.
                let points: Vec<Value> =
                    (0..=((max - min) / step.max(1)).clamp(0, 20)).map(|i| json!(min + i * step.max(1))).collect();
                self.report.rewritten(name, format!("a rating from {min} to {max} by {step} is a scale of its points"));
                let options = self.choices(Some(&Value::Array(points)), id, name, false);
                fields.push(("options", Value::Array(options)));
            } else {
                fields.push(("min", json!(min)));
                fields.push(("max", json!(max)));
            }
        }
        if let Some(low) = self.text(element.get("minRateDescription")) {
            fields.push(("min_label", low));
        }
        if let Some(high) = self.text(element.get("maxRateDescription")) {
            fields.push(("max_label", high));
        }
        self.refuse_item(element, id, &mut fields);
        Some(fields)
    }

    fn boolean(&mut self, element: &Value, id: &str) -> Option<Vec<(&'static str, Value)>> {
        let mut fields = vec![("kind", json!("yes_no"))];
        // Words of their own only: "Yes" is speaksafe's anyway, in the respondent's language.
        for (key, label, word) in [("yes", "labelTrue", "yes"), ("no", "labelFalse", "no")] {
            if let Some(text) = self.text(element.get(label)).filter(|t| !self.is_built_in(t, word)) {
                fields.push((key, text));
            }
        }
        let yes = element.get("valueTrue").cloned().unwrap_or(json!(true));
        let no = element.get("valueFalse").cloned().unwrap_or(json!(false));
        self.booleans.insert(id.to_string(), (yes, no));
        Some(fields)
    }

    fn matrix(&mut self, element: &Value, id: &str, name: &str) -> Option<Vec<(&'static str, Value)>> {
        let columns = self.choices(element.get("columns"), id, name, false);
        let has_rows = element.get("rows").and_then(Value::as_array).is_some_and(|r| !r.is_empty());
        if !has_rows {
            // A matrix with no rows is one question on its columns: SurveyJS draws it as one row.
            return Some(match numbered(&columns) {
                Some((min, max)) if max - min <= 10 => {
                    self.report.rewritten(name, "a matrix with no rows is a numbered scale of its columns");
                    vec![("kind", json!("scale")), ("min", json!(min)), ("max", json!(max))]
                }
                _ => {
                    self.report.rewritten(name, "a matrix with no rows is a single choice among its columns");
                    vec![("kind", json!("single_choice")), ("options", Value::Array(columns))]
                }
            });
        }
        let rows_key = format!("{id}\u{0}rows");
        let rows = self.choices(element.get("rows"), &rows_key, name, false);
        if let Some(names) = self.values.remove(&rows_key) {
            self.rows.insert(id.to_string(), names);
        }
        Some(vec![("kind", json!("matrix")), ("rows", Value::Array(rows)), ("columns", Value::Array(columns))])
    }

    /// A matrix of dropdowns with one column: each row answered from that column's choices,
    /// which is a matrix.
    fn matrix_of_one_column(&mut self, element: &Value, id: &str, name: &str) -> Option<Vec<(&'static str, Value)>> {
        let column = element.get("columns").and_then(|c| c.get(0))?;
        let cell =
            column.get("cellType").or_else(|| element.get("cellType")).and_then(Value::as_str).unwrap_or("dropdown");
        if !matches!(cell, "dropdown" | "radiogroup") {
            self.report.dropped(name, format!("a matrix whose cells are \"{cell}\" is not supported"));
            return None;
        }
        let choices = column.get("choices").or_else(|| element.get("choices"));
        let columns = self.choices(choices, id, name, false);
        let rows_key = format!("{id}\u{0}rows");
        let rows = self.choices(element.get("rows"), &rows_key, name, false);
        if let Some(names) = self.values.remove(&rows_key) {
            self.rows.insert(id.to_string(), names);
        }
        let column_name = column.get("name").map(plain).unwrap_or_default();
        self.report.rewritten(
            name,
            format!("a matrix of one dropdown column (\"{column_name}\") is a matrix of its choices; conditions naming a cell of it name the row"),
        );
        Some(vec![("kind", json!("matrix")), ("rows", Value::Array(rows)), ("columns", Value::Array(columns))])
    }

    fn validators(&mut self, element: &Value, name: &str) -> Vec<Value> {
        let mut rules = Vec::new();
        for (i, validator) in element.get("validators").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let kind = validator.get("type").and_then(Value::as_str).unwrap_or("");
            if let Some(object) = validator.as_object().filter(|_| matches!(kind, "text" | "numeric" | "regex")) {
                for (key, why) in keys::unread(object, &[keys::VALIDATOR]) {
                    self.report.dropped(super::part(name, &format!("validators[{i}].{key}")), why);
                }
            }
            let message = self.text(validator.get("text"));
            let number = |key: &str| validator.get(key).and_then(Value::as_f64);
            let (rule, default_message) = match kind {
                "text" => {
                    let (min, max) = (number("minLength"), number("maxLength"));
                    (json!({ "rule": "length", "min": min, "max": max }), "Check how long your answer is")
                }
                "numeric" => {
                    let (min, max) = (number("minValue"), number("maxValue"));
                    if min.is_none() && max.is_none() {
                        self.report.dropped(
                            super::part(name, &format!("validators[{i}]")),
                            "a number question takes only numbers, and says so in speaksafe's words",
                        );
                        continue;
                    }
                    (json!({ "rule": "range", "min": min, "max": max }), "Enter a number in the range asked for")
                }
                "regex" => match validator.get("regex").and_then(Value::as_str) {
                    Some(pattern) => {
                        (json!({ "rule": "pattern", "pattern": pattern }), "Check the format of your answer")
                    }
                    None => continue,
                },
                other => {
                    self.report
                        .dropped(super::part(name, "validators"), format!("the check \"{other}\" is not supported"));
                    continue;
                }
            };
            let mut rule = rule;
            if let Value::Object(map) = &mut rule {
                map.retain(|_, v| !v.is_null());
            }
            rule["message"] = message.unwrap_or_else(|| {
                self.report.rewritten(
                    super::part(name, "validators"),
                    "a check with no message of its own was given one: translate it",
                );
                json!(default_message)
            });
            rules.push(rule);
        }
        rules
    }

    /// A `numeric` check among the element's validators: its answer must be a number.
    fn numeric_check<'e>(&self, element: &'e Value) -> Option<&'e Value> {
        let validators = element.get("validators").and_then(Value::as_array)?;
        validators.iter().find(|v| v.get("type").and_then(Value::as_str) == Some("numeric"))
    }

    /// A localizable string (`"text"` or `{"default": …, "pl": …}`) as a text.
    fn text(&self, value: Option<&Value>) -> Option<Value> {
        match value? {
            Value::String(s) => text_value(&[(self.languages[0].clone(), s.clone())], self.multilingual),
            Value::Object(map) => {
                let entries: Vec<(String, String)> = map
                    .iter()
                    .filter_map(|(code, text)| {
                        let code = if code == "default" { self.languages[0].clone() } else { code.clone() };
                        text.as_str().map(|t| (code, t.to_string()))
                    })
                    .collect();
                text_value(&entries, self.multilingual)
            }
            _ => None,
        }
    }

    /// Whether a text is what speaksafe says anyway, in each language it is given in.
    fn is_built_in(&self, text: &Value, word: &str) -> bool {
        match text {
            Value::String(s) => *s == crate::ui::built_in_word(&self.languages[0], word),
            Value::Object(map) => {
                !map.is_empty()
                    && map.iter().all(|(code, t)| t.as_str() == Some(crate::ui::built_in_word(code, word).as_str()))
            }
            _ => false,
        }
    }

    /// An html block as an information block's heading (a leading `<h1>`…`<h6>`) and words.
    fn html_block(&self, value: Option<&Value>) -> (Option<Value>, Option<Value>) {
        let split = |html: &str| -> (Option<String>, String) {
            let trimmed = html.trim_start();
            let lower = trimmed.to_ascii_lowercase();
            let level = (1..=6).find(|n| lower.starts_with(&format!("<h{n}")));
            let Some(n) = level else { return (None, html.to_string()) };
            match lower.find(&format!("</h{n}>")) {
                Some(end) => (Some(html::text(&trimmed[..end])), trimmed[end + 5..].to_string()),
                None => (None, html.to_string()),
            }
        };
        match value {
            Some(Value::String(s)) => {
                let (title, rest) = split(s);
                (title.and_then(|t| self.text(Some(&json!(t)))), self.html_text(Some(&json!(rest))))
            }
            Some(Value::Object(map)) => {
                let parts: Vec<(String, Option<String>, String)> = map
                    .iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), split(s))))
                    .map(|(k, (t, r))| (k, t, r))
                    .collect();
                let titles: Map<String, Value> =
                    parts.iter().filter_map(|(k, t, _)| t.as_ref().map(|t| (k.clone(), json!(t)))).collect();
                let rests: Map<String, Value> = parts.iter().map(|(k, _, r)| (k.clone(), json!(r))).collect();
                let title = (!titles.is_empty()).then(|| self.text(Some(&Value::Object(titles)))).flatten();
                (title, self.html_text(Some(&Value::Object(rests))))
            }
            _ => (None, None),
        }
    }

    /// An HTML string (perhaps localizable) as plain text.
    fn html_text(&self, value: Option<&Value>) -> Option<Value> {
        let plain = match value? {
            Value::String(s) => Value::String(html::text(s)),
            Value::Object(map) => Value::Object(
                map.iter().filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), Value::String(html::text(s))))).collect(),
            ),
            _ => return None,
        };
        self.text(Some(&plain))
    }

    /// Every condition, with names and values as they are now. A `visible_if` that uses what
    /// speaksafe does not have (a function, a variable, a question left out) takes its question
    /// or page out with it, unless the organiser asked to show such questions always; a
    /// `required_if` is dropped, and the question is optional.
    fn rewrite_conditions(&mut self, definition: &mut Value) {
        let names = Renamed {
            questions: &self.questions,
            values: &self.values,
            rows: &self.rows,
            booleans: &self.booleans,
            left_out: &self.left_out,
        };
        let show = self.options.show_when_condition_lost;
        let mut notes: Vec<(String, String)> = Vec::new();
        let lost = |owner: &mut Value, key: &str, what: &str, notes: &mut Vec<(String, String)>| -> bool {
            let Some(source) = owner.get(key).and_then(Value::as_str).map(str::to_string) else { return true };
            let id = owner.get("id").and_then(Value::as_str).unwrap_or("").to_string();
            match translate(&source, &names) {
                Ok(condition) => {
                    owner[key] = json!(condition);
                    true
                }
                Err(why) if key == "visible_if" && !show => {
                    notes.push((id, format!("its condition \"{source}\" cannot come across: {why}; shown to everyone, the {what} would reach people it was not meant for, so it is left out (--show-when-condition-lost keeps it, shown always)")));
                    false
                }
                Err(why) => {
                    if let Value::Object(map) = owner {
                        map.remove(key);
                    }
                    let then = if key == "visible_if" { "shown always" } else { "not required" };
                    notes.push((format!("{id}\u{0}{key}"), format!("\"{source}\": {why}; the {what} is kept, {then}")));
                    true
                }
            }
        };
        if let Some(pages) = definition.get_mut("pages").and_then(Value::as_array_mut) {
            pages.retain_mut(|page| {
                if !lost(page, "visible_if", "page", &mut notes) {
                    return false;
                }
                if let Some(questions) = page.get_mut("questions").and_then(Value::as_array_mut) {
                    questions.retain_mut(|q| {
                        lost(q, "required_if", "question", &mut notes);
                        lost(q, "visible_if", "question", &mut notes)
                    });
                }
                true
            });
        }
        for (element, why) in notes {
            let element = match element.split_once('\u{0}') {
                Some((id, key)) => format!("{}.{key}", self.report.name_of(id)),
                None => self.report.name_of(&element),
            };
            self.report.dropped(element, why);
        }
    }
}

/// The first and last points, if options are whole numbers one apart, each its own text, 2 to
/// 11 of them (a scale speaksafe draws numbered).
fn numbered(options: &[Value]) -> Option<(i64, i64)> {
    let numbers: Vec<i64> = options
        .iter()
        .map(|o| {
            let value = o["value"].as_str()?;
            (o["text"].as_str() == Some(value)).then(|| value.parse::<i64>().ok()).flatten()
        })
        .collect::<Option<_>>()?;
    let ones_apart = numbers.windows(2).all(|w| w[1] == w[0] + 1);
    (ones_apart && (2..=11).contains(&numbers.len())).then(|| (numbers[0], numbers[numbers.len() - 1]))
}

/// A JSON value as the plain text SurveyJS compares it as.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A SurveyJS expression in speaksafe's condition language, with names and values renamed.
fn translate(source: &str, names: &Renamed) -> Result<String, String> {
    // Curly quotes, as a word processor writes them, are quotes.
    let source = source.replace(['‘', '’'], "'").replace(['“', '”'], "\"");
    let source = source.as_str();
    // Names in braces first: SurveyJS allows spaces and other characters in them, which
    // speaksafe's lexer does not, so they are replaced before the condition is read.
    let mut text = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("a \"{\" is not closed")?;
        let inside = after[..close].trim();
        text.push('{');
        text.push_str(&names.reference(inside)?);
        text.push('}');
        rest = &after[close + 1..];
    }
    text.push_str(rest);
    let rewritten = rewrite(&text, names).map_err(|e| readable(&e.to_string()))?;
    Condition::parse(&rewritten).map_err(|e| readable(&e.to_string()))?;
    Ok(rewritten)
}

fn readable(error: &str) -> String {
    if error.contains("unknown function") {
        format!("it uses a function speaksafe does not have ({error})")
    } else {
        format!("speaksafe cannot read it ({error})")
    }
}

/// The renames made while importing, for conditions.
struct Renamed<'a> {
    questions: &'a Names,
    values: &'a HashMap<String, Names>,
    rows: &'a HashMap<String, Names>,
    booleans: &'a HashMap<String, (Value, Value)>,
    left_out: &'a std::collections::HashSet<String>,
}

impl Renamed<'_> {
    /// `{name}` or `{matrix.row}` as speaksafe names them.
    fn reference(&self, inside: &str) -> Result<String, String> {
        let element = inside.split('.').next().unwrap_or(inside);
        if self.left_out.contains(inside) || self.left_out.contains(element) {
            return Err(format!("it names \"{element}\", which is left out"));
        }
        if let Some(id) = self.questions.get(inside) {
            return Ok(id.to_string());
        }
        if let Some((question, row)) = inside.split_once('.') {
            if let Some(id) = self.questions.get(question) {
                let row = self.rows.get(id).and_then(|r| r.get(row)).unwrap_or(row);
                return Ok(format!("{id}.{row}"));
            }
        }
        Err(format!("it names \"{inside}\", which is not a question here"))
    }
}

impl Rewrite for Renamed<'_> {
    fn literal(&self, question: &str, row: Option<&str>, literal: &Literal) -> Option<String> {
        if let Some((yes, no)) = self.booleans.get(question) {
            let given = match literal {
                Literal::Bool(b) => json!(b),
                Literal::Text(t) => json!(t),
                Literal::Number(n) => json!(n),
            };
            let same = |stored: &Value| stored == &given || plain(stored) == plain(&given);
            return if same(yes) {
                Some("yes".into())
            } else if same(no) {
                Some("no".into())
            } else {
                None
            };
        }
        let _ = row;
        let text = match literal {
            Literal::Text(t) => t.clone(),
            Literal::Number(n) => crate::number::text(*n),
            Literal::Bool(b) => b.to_string(),
        };
        self.values.get(question).and_then(|names| names.get(&text)).map(str::to_string)
    }
}
