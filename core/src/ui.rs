//! The interface's own words (buttons, progress, errors) in each language speaksafe knows.
//! A survey's own texts come from its definition; these are the words around them.

/// Every interface word, in one language. `{n}`, `{k}`, `{min}`, `{max}` are filled in with [`fill`].
#[derive(Debug)]
pub struct Words {
    pub skip_to_content: &'static str,
    pub leave: &'static str,
    pub leave_hint: &'static str,
    pub start: &'static str,
    pub continue_: &'static str,
    pub back: &'static str,
    pub skip_page: &'static str,
    pub content_note: &'static str,
    pub page_of: &'static str,
    pub problem: &'static str,
    pub error_prefix: &'static str,
    pub check_title: &'static str,
    pub check_intro: &'static str,
    pub change: &'static str,
    pub not_answered: &'static str,
    pub submit: &'static str,
    pub complete_title: &'static str,
    pub support_title: &'static str,
    pub language: &'static str,
    pub prefer_not_to_say: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub other_detail: &'static str,
    pub or: &'static str,
    pub choose: &'static str,
    pub clear: &'static str,
    pub characters_left: &'static str,
    pub characters_over: &'static str,
    pub call: &'static str,
    pub safety_title: &'static str,
    pub sending: &'static str,
    pub not_sent_yet: &'static str,
    pub next_try: &'static str,
    pub try_again: &'static str,
    pub refused: &'static str,
    pub loading: &'static str,
    pub cannot_show: &'static str,
    pub cannot_show_intro: &'static str,
    pub error_choose: &'static str,
    pub error_enter: &'static str,
    pub error_every_row: &'static str,
    pub error_number: &'static str,
    pub error_whole_number: &'static str,
    pub error_at_least: &'static str,
    pub error_at_most: &'static str,
    pub error_between: &'static str,
    pub error_too_long: &'static str,
}

pub const EN: Words = Words {
    skip_to_content: "Skip to main content",
    leave: "Leave this site",
    leave_hint: "or press Esc",
    start: "Start",
    continue_: "Continue",
    back: "Back",
    skip_page: "Skip this page",
    content_note: "Before you go on",
    page_of: "Page {k} of {n}",
    problem: "There is a problem",
    error_prefix: "Error:",
    check_title: "Check your answers",
    check_intro: "Nothing is sent until you press Submit. You can change any answer.",
    change: "Change",
    not_answered: "Not answered",
    submit: "Submit",
    complete_title: "Thank you",
    support_title: "Help and support",
    language: "Language",
    prefer_not_to_say: "Prefer not to say",
    yes: "Yes",
    no: "No",
    other_detail: "Please say",
    or: "or",
    choose: "Choose an answer",
    clear: "Clear this answer",
    characters_left: "You have {n} characters left",
    characters_over: "You have {n} characters too many",
    call: "Call",
    safety_title: "Staying safe",
    sending: "Sending your answers…",
    not_sent_yet: "Could not send yet — keep this page open, we are trying again.",
    next_try: "Next try in {n} seconds.",
    try_again: "Try again",
    refused: "Your answers could not be sent ({reason}). Please tell the people who run this survey.",
    loading: "Loading…",
    cannot_show: "This survey cannot be shown",
    cannot_show_intro:
        "Something is wrong with this survey, so it cannot be shown. Please tell the people who run it. What is wrong:",
    error_choose: "Choose an answer",
    error_enter: "Enter an answer",
    error_every_row: "Answer every row",
    error_number: "Enter a number, like 12",
    error_whole_number: "Enter a whole number, like 12",
    error_at_least: "Enter a number that is {min} or more",
    error_at_most: "Enter a number that is {max} or less",
    error_between: "Enter a number between {min} and {max}",
    error_too_long: "Your answer must be {max} characters or fewer",
};

pub const AR: Words = Words {
    skip_to_content: "انتقل إلى المحتوى الرئيسي",
    leave: "غادر هذا الموقع",
    leave_hint: "أو اضغط على Esc",
    start: "ابدأ",
    continue_: "متابعة",
    back: "رجوع",
    skip_page: "تخطَّ هذه الصفحة",
    content_note: "قبل أن تتابع",
    page_of: "الصفحة {k} من {n}",
    problem: "هناك مشكلة",
    error_prefix: "خطأ:",
    check_title: "راجع إجاباتك",
    check_intro: "لا يُرسَل أي شيء حتى تضغط على إرسال. يمكنك تغيير أي إجابة.",
    change: "تغيير",
    not_answered: "لم تتم الإجابة",
    submit: "إرسال",
    complete_title: "شكرًا لك",
    support_title: "المساعدة والدعم",
    language: "اللغة",
    prefer_not_to_say: "أفضّل عدم القول",
    yes: "نعم",
    no: "لا",
    other_detail: "من فضلك اكتب",
    or: "أو",
    choose: "اختر إجابة",
    clear: "امسح هذه الإجابة",
    characters_left: "بقي لديك {n} حرفًا",
    characters_over: "لديك {n} حرفًا زيادة",
    call: "اتصل",
    safety_title: "ابقَ آمنًا",
    sending: "جارٍ إرسال إجاباتك…",
    not_sent_yet: "لم نتمكن من الإرسال بعد — أبقِ هذه الصفحة مفتوحة، نحن نحاول مرة أخرى.",
    next_try: "المحاولة التالية بعد {n} ثانية.",
    try_again: "حاول مرة أخرى",
    refused: "تعذّر إرسال إجاباتك ({reason}). من فضلك أخبر القائمين على هذا الاستبيان.",
    loading: "جارٍ التحميل…",
    cannot_show: "لا يمكن عرض هذا الاستبيان",
    cannot_show_intro: "هناك خطأ في هذا الاستبيان، لذلك لا يمكن عرضه. من فضلك أخبر القائمين عليه. ما الخطأ:",
    error_choose: "اختر إجابة",
    error_enter: "اكتب إجابة",
    error_every_row: "أجب عن كل سطر",
    error_number: "اكتب رقمًا، مثل 12",
    error_whole_number: "اكتب عددًا صحيحًا، مثل 12",
    error_at_least: "اكتب رقمًا يساوي {min} أو أكثر",
    error_at_most: "اكتب رقمًا يساوي {max} أو أقل",
    error_between: "اكتب رقمًا بين {min} و{max}",
    error_too_long: "يجب أن تكون إجابتك {max} حرفًا أو أقل",
};

/// The interface words for a language code (its primary subtag), English if speaksafe has none.
pub fn words(code: &str) -> &'static Words {
    match code.split('-').next().unwrap_or("") {
        "ar" => &AR,
        _ => &EN,
    }
}

/// Whether speaksafe has its own interface words for a language.
pub fn has_words_for(code: &str) -> bool {
    matches!(code.split('-').next().unwrap_or(""), "en" | "ar")
}

/// Fills `{name}` placeholders: `fill("Page {k} of {n}", &[("k", "2"), ("n", "5")])`.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_falls_back_to_english() {
        assert_eq!(fill(EN.page_of, &[("k", "3"), ("n", "8")]), "Page 3 of 8");
        assert_eq!(fill(AR.page_of, &[("k", "3"), ("n", "8")]), "الصفحة 3 من 8");
        assert_eq!(words("ar-EG").submit, "إرسال");
        assert_eq!(words("xx").submit, "Submit");
        assert!(has_words_for("ar") && !has_words_for("de"));
    }
}
