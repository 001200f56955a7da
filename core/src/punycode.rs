//! Punycode decoding (RFC 3492): what an `xn--` part of a site's name stands for.
//!
//! A browser decodes every `xn--` label of an address before it opens it, and refuses the address
//! when a label does not decode (`https://xn--a.example/` never opens: Chromium shows its error
//! page with the address on it). `check` decodes them the same way to refuse such an exit address.
//! Written out here rather than taken from a crate: the decoder is forty lines, and the crates
//! that have one (`idna`) bring the international domain name tables with them, about 100 KB of
//! the widget's first load.

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

/// The characters `encoded` (the part after `xn--`, in lower case or not) stands for; None when
/// it is not Punycode: a digit that is not one, a number too large, or a character that does not
/// exist.
pub fn decode(encoded: &str) -> Option<Vec<char>> {
    if !encoded.is_ascii() {
        return None;
    }
    // The characters before the last "-" stand for themselves; the digits after it say where
    // each other character goes.
    let (basic, digits) = match encoded.rfind('-') {
        Some(at) => (&encoded[..at], &encoded[at + 1..]),
        None => ("", encoded),
    };
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut digits = digits.bytes().peekable();
    while digits.peek().is_some() {
        let (old_i, mut weight) = (i, 1u32);
        let mut k = BASE;
        loop {
            let digit = value(digits.next()?)?;
            i = i.checked_add(digit.checked_mul(weight)?)?;
            let t = if k <= bias {
                T_MIN
            } else if k >= bias + T_MAX {
                T_MAX
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            weight = weight.checked_mul(BASE - t)?;
            k += BASE;
        }
        let length = output.len() as u32 + 1;
        bias = adapt(i - old_i, length, old_i == 0);
        n = n.checked_add(i / length)?;
        i %= length;
        output.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(output)
}

/// A Punycode digit's value: `a`–`z` (or `A`–`Z`) are 0–25, `0`–`9` are 26–35.
fn value(byte: u8) -> Option<u32> {
    match byte {
        b'a'..=b'z' => Some(u32::from(byte - b'a')),
        b'A'..=b'Z' => Some(u32::from(byte - b'A')),
        b'0'..=b'9' => Some(u32::from(byte - b'0') + 26),
        _ => None,
    }
}

/// The bias after each character (RFC 3492, 6.1).
fn adapt(delta: u32, length: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / length;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(encoded: &str) -> Option<String> {
        decode(encoded).map(|c| c.into_iter().collect())
    }

    #[test]
    fn decodes_rfc_3492s_samples() {
        for (encoded, text) in [
            ("egbpdaj6bu4bxfgehfvwxn", "ليهمابتكلموشعربي؟"),
            ("ihqwcrb4cv8a8dqg056pqjye", "他们为什么不说中文"),
            ("Proprostnemluvesky-uyb24dma41a", "Pročprostěnemluvíčesky"),
            ("3B-ww4c5e180e575a65lsy2b", "3年B組金八先生"),
            ("2-u9tlzr9756bt3uc0v", "ひとつ屋根の下2"),
            ("d9juau41awczczp", "そのスピードで"),
            ("-> $1.00 <--", "-> $1.00 <-"),
            ("bcher-kva", "bücher"),
            ("BCHER-KVA", "BüCHER"),
        ] {
            assert_eq!(decoded(encoded).as_deref(), Some(text), "{encoded}");
        }
    }

    #[test]
    fn refuses_what_is_not_punycode() {
        // A digit that is not one, digits that stop half way, numbers past any character.
        for bad in ["bcher-k!a", "bcher-kv", "bcher-99999999999", "bücher-kva"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
