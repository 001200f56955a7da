//! Numbers as respondents type them and as people read them. Without core's float parser and
//! formatter, whose tables and code were about 25 KB of the widget's wasm: a phone on a
//! slow network downloads every one of those bytes before the first question.

/// Powers of ten that an f64 holds exactly.
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// A number as a respondent types it: [`parse`] after the surrounding spaces, and with the
/// digits of other scripts read as digits. A phone set to Arabic, Persian or Bengali types
/// "١٢" or "۱۲" or "১২" for 12, and that is an answer of 12, not a mistake.
pub fn parse_typed(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_ascii() {
        return parse(text);
    }
    let ascii: String = text.chars().map(ascii_digit).collect();
    parse(&ascii)
}

/// The ASCII digit (or point, or minus) a character of another script stands for.
fn ascii_digit(c: char) -> char {
    // The first digit, zero, of each run of ten digits that phones' keyboards type.
    const ZEROS: [u32; 10] = [0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0BE6, 0x0E50, 0x1040, 0xFF10];
    let code = c as u32;
    if let Some(zero) = ZEROS.iter().find(|&&z| (z..z + 10).contains(&code)) {
        return char::from(b'0' + (code - zero) as u8);
    }
    match c {
        '\u{066B}' => '.', // the Arabic decimal separator
        '\u{2212}' => '-', // the minus sign
        other => other,
    }
}

/// A decimal number as `str::parse::<f64>` reads one ("12", "-3.5", ".5", "5.", "+1e3": a sign,
/// digits with at most one point, an exponent), but only a finite one: `None` for anything else,
/// "inf" and "NaN" included, and for a number too large for an f64. No surrounding spaces.
///
/// Exactly the standard library's value, the nearest f64: directly for up to 15 significant digits
/// with a decimal exponent within ±22 (every number a survey asks for), through serde_json's
/// correctly rounding parser (`float_roundtrip`) beyond that.
pub fn parse(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    // value = digits × 10^exponent, digits without leading zeros.
    let mut digits: Vec<u8> = Vec::new();
    let mut exponent: i64 = 0;
    let (mut any_digit, mut point) = (false, false);
    let mut i = 0;
    while let Some(&b) = rest.get(i) {
        match b {
            b'0'..=b'9' => {
                any_digit = true;
                if !(digits.is_empty() && b == b'0') {
                    digits.push(b);
                }
                if point {
                    exponent -= 1;
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if !any_digit {
        return None;
    }
    if let Some(b'e' | b'E') = rest.get(i) {
        i += 1;
        let sign = match rest.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        let mut written: i64 = 0;
        while let Some(&digit @ b'0'..=b'9') = rest.get(i) {
            // Saturates far beyond any f64: 1e400 is already infinite, 1e-400 zero.
            written = (written * 10 + i64::from(digit - b'0')).min(1_000_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent += sign * written;
    }
    if i != rest.len() {
        return None;
    }
    while digits.last() == Some(&b'0') {
        digits.pop();
        exponent += 1;
    }
    let signed = |x: f64| if negative { -x } else { x };
    if digits.is_empty() {
        return Some(signed(0.0));
    }
    // Clinger's fast path: an exact significand and an exact power of ten, one rounding.
    if digits.len() <= 15 && exponent.abs() <= 22 {
        let significand = digits.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) as f64;
        let power = EXACT_POWERS[exponent.unsigned_abs() as usize];
        return Some(signed(if exponent >= 0 { significand * power } else { significand / power }));
    }
    // Scientific notation for serde_json: d.ddd e(exponent of the first digit).
    let first = exponent + digits.len() as i64 - 1;
    if first > 309 {
        return None;
    }
    if first < -400 {
        return Some(signed(0.0));
    }
    let mut json = String::with_capacity(digits.len() + 8);
    json.push(digits[0] as char);
    if digits.len() > 1 {
        json.push('.');
        json.extend(digits[1..].iter().map(|&d| d as char));
    }
    json.push('e');
    json.push_str(&first.to_string());
    serde_json::from_str::<f64>(&json).ok().filter(|x| x.is_finite()).map(signed)
}

/// A number as text, the way a person writes it: 16, not 16.0; 0.5. Whole numbers are written
/// as integers and others as JSON writes them (shortest round trip), which keeps core's float
/// formatter out of the widget's wasm.
pub fn text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        (n as i64).to_string()
    } else {
        match serde_json::Number::from_f64(n) {
            Some(n) => n.to_string(),
            None if n.is_nan() => "NaN".to_string(),
            None => (if n < 0.0 { "-inf" } else { "inf" }).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn digits_of_other_scripts_are_numbers() {
        assert_eq!(parse_typed(" ١٢ "), Some(12.0));
        assert_eq!(parse_typed("۱۲٫۵"), Some(12.5));
        assert_eq!(parse_typed("১২"), Some(12.0));
        assert_eq!(parse_typed("\u{2212}３"), Some(-3.0));
        assert_eq!(parse_typed("12"), Some(12.0));
        assert_eq!(parse_typed("١٢x"), None);
        assert_eq!(parse_typed("ab"), None);
    }

    // Some literals have more digits than an f64 holds: what is checked is that the text, read,
    // rounds to the same number as the literal does.
    #[allow(clippy::excessive_precision)]
    #[test]
    fn what_respondents_type() {
        for (typed, want) in [
            ("12", 12.0),
            ("-3.5", -3.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("+1e3", 1000.0),
            ("1E-3", 0.001),
            ("007", 7.0),
            ("0.1", 0.1),
            ("0.30", 0.3),
            ("16", 16.0),
            ("1000000", 1e6),
            ("2.5e-7", 2.5e-7),
            ("1e22", 1e22),
            ("1e23", 1e23),
            ("123456789012345678", 123456789012345678.0),
            ("0.1234567890123456789", 0.1234567890123456789),
            ("1e-400", 0.0),
            ("00000", 0.0),
            ("9007199254740993", 9007199254740993.0),
        ] {
            assert_eq!(parse(typed), Some(want), "{typed}");
        }
        assert!(parse("-0").is_some_and(|z| z == 0.0 && z.is_sign_negative()));
        for not_a_number in [
            "", "-", "+", ".", "-.", "e5", "1e", "1e+", "1.2.3", "1,5", " 1", "1 ", "inf", "-inf", "NaN", "infinity",
            "0x10", "1e400", "١٢", "1_000", "--1", "+-1", "1e5.5",
        ] {
            assert_eq!(parse(not_a_number), None, "{not_a_number:?}");
        }
    }

    #[test]
    fn numbers_as_text_read_as_people_write_them() {
        for (x, want) in [
            (16.0, "16"),
            (-3.0, "-3"),
            (0.5, "0.5"),
            (-2.25, "-2.25"),
            (1e20, "1e+20"),
            (0.1 + 0.2, "0.30000000000000004"),
        ] {
            assert_eq!(text(x), want);
        }
        assert_eq!(
            (text(f64::NAN), text(f64::INFINITY), text(f64::NEG_INFINITY)),
            ("NaN".into(), "inf".into(), "-inf".into())
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Decimal numbers of every shape: exactly the standard library's value.
        #[test]
        fn the_standard_librarys_value(text in "[+-]?[0-9]{0,22}(\\.[0-9]{0,22})?([eE][+-]?[0-9]{1,3})?") {
            let std = text.parse::<f64>().ok().filter(|x| x.is_finite());
            let ours = parse(&text);
            match (std, ours) {
                (Some(s), Some(o)) => prop_assert_eq!(s.to_bits(), o.to_bits(), "{} std {} ours {}", text, s, o),
                (None, None) => {}
                // Very near f64's largest value, one side may round to infinity.
                (s, o) => prop_assert!(s.or(o).is_some_and(|x| x.abs() > 1e307), "{} std {:?} ours {:?}", text, s, o),
            }
        }

        /// Anything at all: never a panic, and a number only where the standard library sees one.
        #[test]
        fn any_text(text in "\\PC{0,12}") {
            if let Some(o) = parse(&text) {
                let s = text.parse::<f64>();
                prop_assert!(s.is_ok_and(|s| s.to_bits() == o.to_bits()), "{:?}", text);
            }
        }
    }
}
