//! Which keys of a SurveyJS file the importer reads, which only lay a survey out, and why the
//! others are left out: every key that is neither read nor layout gets a line in the report, so
//! that nothing is dropped without a word (a tracker image as `logo`, an answer filled in
//! beforehand as `defaultValue`).

use serde_json::{Map, Value};

/// Keys the importer reads, at each level, by element type (besides those every element has).
pub(super) const SURVEY: &[&str] = &[
    "title",
    "description",
    "locale",
    "pages",
    "elements",
    "questions",
    "surveyId",
    "name",
    "completedHtml",
    "firstPageIsStarted",
    "firstPageIsStartPage",
];
pub(super) const PAGE: &[&str] = &["name", "title", "description", "visible", "visibleIf", "elements", "questions"];
pub(super) const ELEMENT: &[&str] =
    &["type", "name", "title", "description", "visible", "visibleIf", "isRequired", "requiredIf", "validators"];
const CHOICE: &[&str] = &[
    "choices",
    "showOtherItem",
    "hasOther",
    "otherText",
    "showNoneItem",
    "hasNone",
    "noneText",
    "showDontKnowItem",
    "dontKnowText",
    "showRefuseItem",
    "refuseText",
];
pub(super) const ITEM: &[&str] = &["value", "text", "isExclusive"];
pub(super) const VALIDATOR: &[&str] = &["type", "text", "minValue", "maxValue", "minLength", "maxLength", "regex"];

/// The keys a kind of element reads beyond [`ELEMENT`].
pub(super) fn of_kind(kind: &str) -> &'static [&'static [&'static str]] {
    match kind {
        "radiogroup" | "dropdown" | "checkbox" | "tagbox" => &[CHOICE],
        "text" => &[&["inputType", "min", "max", "step", "maxLength", "placeholder"]],
        "comment" => &[&["maxLength", "placeholder"]],
        "rating" => &[
            &["rateValues", "rateMin", "rateMax", "rateCount", "rateStep", "minRateDescription", "maxRateDescription"],
            &["choices", "showRefuseItem", "refuseText"],
        ],
        "boolean" => &[&["labelTrue", "labelFalse", "valueTrue", "valueFalse"]],
        "matrix" => &[&["rows", "columns", "isAllRowRequired"]],
        "html" => &[&["html"]],
        "panel" => &[&["elements", "questions"]],
        _ => &[],
    }
}

/// Keys that only say how the survey looks or moves (where titles go, widths, numbering, the words
/// on buttons speaksafe words itself, a page of answers to check before sending, which speaksafe
/// always shows): nothing a respondent is asked or told is lost with them.
const LAYOUT: &[&str] = &[
    "allowClear",
    "allowCompleteSurveyAutomatic",
    "allowResize",
    "allowResizeComment",
    "alternateRows",
    "autocomplete",
    "autoGrow",
    "autoGrowComment",
    "checkErrorsMode",
    "colCount",
    "cols",
    "columnMinWidth",
    "completeText",
    "descriptionLocation",
    "displayMode",
    "displayRateDescriptionsAsExtremes",
    "editText",
    "errorLocation",
    "fitToContainer",
    "focusFirstQuestionAutomatic",
    "focusOnFirstError",
    "goNextPageAutomatic",
    "headerView",
    "hideNumber",
    "indent",
    "innerIndent",
    "isSinglePage",
    "itemComponent",
    "loadingHtml",
    "logoFit",
    "logoHeight",
    "logoPosition",
    "logoWidth",
    "maxWidth",
    "minWidth",
    "navigationButtonsLocation",
    "navigationButtonsVisibility",
    "pageNextText",
    "pagePrevText",
    "previewText",
    "progressBarShowPageNumbers",
    "progressBarShowPageTitles",
    "progressBarType",
    "questionDescriptionLocation",
    "questionErrorLocation",
    "questionsOnPageMode",
    "questionStartIndex",
    "questionTitleLocation",
    "questionTitlePattern",
    "rateColorMode",
    "rateDisplayMode",
    "rateType",
    "renderAs",
    "requiredText",
    "scaleColorMode",
    "$schema",
    "searchEnabled",
    "separateSpecialChoices",
    "showBrandInfo",
    "showClearButton",
    "showCompleteButton",
    "showHeader",
    "showInvisibleElements",
    "showNavigationButtons",
    "showNumber",
    "showPageNumbers",
    "showPageTitles",
    "showPrevButton",
    "showPreviewBeforeComplete",
    "showProgressBar",
    "showQuestionNumbers",
    "showTitle",
    "showTOC",
    "size",
    "startSurveyText",
    "startWithNewLine",
    "state",
    "textUpdateMode",
    "titleLocation",
    "tocLocation",
    "verticalAlign",
    "width",
    "widthMode",
];

/// Keys left out with a reason of their own; any other key is left out as something speaksafe
/// has nothing for.
const LEFT_OUT: &[(&str, &str)] = &[
    ("logo", "an image loaded from the network when the survey opens, which can tell another site who opened it"),
    ("imageLink", "an image loaded from the network, which can tell another site who opened the survey"),
    ("defaultValue", "answers are never filled in beforehand: each respondent starts with nothing chosen"),
    ("defaultValueExpression", "answers are never filled in beforehand: each respondent starts with nothing chosen"),
    ("setValueExpression", "answers are never filled in for the respondent"),
    ("correctAnswer", "answers are not marked right or wrong"),
    ("cookieName", "a cookie would mark this device as having taken the survey"),
    ("completedBeforeHtml", "it needs a cookie marking the device, which speaksafe never sets"),
    ("navigateToUrl", "leaving for another site at the end is not done: the respondent is shown the completion page"),
    ("navigateToUrlOnCondition", "leaving for another site at the end is not done"),
    ("calculatedValues", "calculated values are not supported"),
    ("triggers", "triggers are not supported"),
    ("enableIf", "questions are always answerable in speaksafe"),
    ("readOnly", "questions are always answerable in speaksafe"),
    ("mode", "questions are always answerable in speaksafe"),
    ("requiredErrorText", "speaksafe says \"Choose an answer\" or \"Enter an answer\" in the respondent's language"),
    ("choicesByUrl", "choices loaded from a web address would be a request from the respondent's browser"),
    ("showSelectAllItem", "\"Select all\" is not offered: each option is ticked on its own"),
    ("hasSelectAll", "\"Select all\" is not offered: each option is ticked on its own"),
    ("maxSelectedChoices", "limits on how many may be ticked are not supported"),
    ("minSelectedChoices", "limits on how many may be ticked are not supported"),
    ("maxTimeToFinish", "speaksafe has no time limits: a respondent who is interrupted must not lose answers"),
    ("maxTimeToFinishPage", "speaksafe has no time limits: a respondent who is interrupted must not lose answers"),
    ("showTimerPanel", "speaksafe shows no timer"),
    ("showTimer", "speaksafe shows no timer"),
    ("choicesOrder", "options are shown in the order they are written"),
    ("questionsOrder", "questions are shown in the order they are written"),
    ("choicesVisibleIf", "every option is shown: options shown by a condition are not supported"),
    ("choicesEnableIf", "every option can be chosen"),
    ("hasComment", "the extra comment box beside the question is not brought in"),
    ("showCommentArea", "the extra comment box beside the question is not brought in"),
    ("commentText", "the extra comment box beside the question is not brought in"),
    ("placeholder", "speaksafe shows no placeholder in a list or box: put what it says in the question's hint"),
    ("sendResultOnPageNext", "answers are sent once, at Submit, never page by page"),
    ("storeOthersAsComment", "what is typed for \"Other\" is kept apart from the options anyway"),
    ("clearInvisibleValues", "answers to questions that are hidden again are never sent anyway"),
    ("allowDigits", "a check that an answer has no digits is not supported"),
];

/// Where a key's value sets nothing (false, empty): not worth a line, unless `false` says
/// something there: an answer filled in beforehand, or digits not allowed (true by default).
fn sets_nothing(key: &str, value: &Value) -> bool {
    let answer = matches!(key, "defaultValue" | "correctAnswer" | "allowDigits");
    if key == "mode" && value == "edit" {
        return true;
    }
    match value {
        Value::Null => true,
        Value::Bool(false) => !answer,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// Older names SurveyJS still reads for a key (its serializer's `alternativeName`): (old, new).
const ALTERNATIVE: &[(&str, &str)] = &[
    ("mininumRateDescription", "minRateDescription"),
    ("maximumRateDescription", "maxRateDescription"),
    ("placeHolder", "placeholder"),
];

/// The element with its keys as SurveyJS reads them: an older name as the key it stands for
/// (unless the element has that key too, which SurveyJS then reads instead).
pub(super) fn current(element: &Value) -> std::borrow::Cow<'_, Value> {
    let Some(object) = element.as_object() else { return std::borrow::Cow::Borrowed(element) };
    if !ALTERNATIVE.iter().any(|(old, _)| object.contains_key(*old)) {
        return std::borrow::Cow::Borrowed(element);
    }
    let mut object = object.clone();
    for (old, new) in ALTERNATIVE {
        if let Some(value) = object.remove(*old) {
            object.entry(new.to_string()).or_insert(value);
        }
    }
    std::borrow::Cow::Owned(Value::Object(object))
}

/// Each key of `object` that is neither in `read` nor layout, with why it is left out.
pub(super) fn unread<'o>(object: &'o Map<String, Value>, read: &[&[&str]]) -> Vec<(&'o str, &'static str)> {
    object
        .iter()
        .filter(|(key, value)| {
            !read.iter().any(|keys| keys.contains(&key.as_str()))
                && !LAYOUT.contains(&key.as_str())
                && !sets_nothing(key, value)
        })
        .map(|(key, _)| {
            let why = LEFT_OUT.iter().find(|(k, _)| k == key).map_or("speaksafe has nothing for it", |(_, why)| *why);
            (key.as_str(), why)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_read_or_left_out_with_a_reason_is_taken_for_layout() {
        // (A key can be read for one kind and left out with a reason for others: placeholder.)
        let read = [SURVEY, PAGE, ELEMENT, CHOICE, ITEM, VALIDATOR].into_iter().chain(
            ["text", "comment", "rating", "boolean", "matrix", "html", "panel"].into_iter().flat_map(of_kind).copied(),
        );
        for keys in read {
            for key in keys {
                assert!(!LAYOUT.contains(key), "{key}");
            }
        }
        for (key, _) in LEFT_OUT {
            assert!(!LAYOUT.contains(key), "{key}");
        }
    }
}
