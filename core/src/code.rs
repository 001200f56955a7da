//! Access codes as people type them: 12 characters from an alphabet with no look-alikes (no 0, 1,
//! I or O), shown in three groups of four (`7KQM-2XHD-9RTA`); the last is a check character
//! (Luhn mod 32), so that a mistyped character or two swapped neighbours are caught in the
//! browser, before anything is sent.
//!
//! The widget reads what the respondent typed with [`read`]; the collector makes codes with
//! [`from_random`].

/// The characters a code is made of: digits 2 to 9 and the letters without I and O.
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Characters in a code, the check character included.
pub const LENGTH: usize = 12;

/// What is wrong with a code as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mistyped {
    /// Not 12 characters (spaces and dashes aside).
    Length,
    /// A character that no code has (0, 1, I, O, punctuation…).
    Character,
    /// The check character does not match: a character is wrong, or two are swapped.
    Check,
}

fn value(c: u8) -> Option<usize> {
    ALPHABET.iter().position(|&a| a == c)
}

/// The check character for `body` (Luhn mod 32: from the right, every other value doubled and
/// its digits in base 32 summed).
fn check_value(body: &[usize]) -> usize {
    let mut sum = 0;
    for (i, &v) in body.iter().rev().enumerate() {
        let v = if i % 2 == 0 { v * 2 } else { v };
        sum += v / 32 + v % 32;
    }
    (32 - sum % 32) % 32
}

/// Reads a code as typed (any case, spaces and dashes anywhere): the code in its one written
/// form, `XXXX-XXXX-XXXX`.
pub fn read(typed: &str) -> Result<String, Mistyped> {
    let mut values = Vec::with_capacity(LENGTH);
    for c in typed.chars() {
        if c.is_whitespace() || c == '-' || c == '\u{2010}' || c == '\u{2011}' || c == '\u{2013}' {
            continue;
        }
        if values.len() == LENGTH {
            return Err(Mistyped::Length);
        }
        let upper = c.to_ascii_uppercase();
        let v = (upper.is_ascii() && upper as u32 <= 0x7f).then(|| value(upper as u8)).flatten();
        values.push(v);
    }
    if values.len() != LENGTH {
        return Err(Mistyped::Length);
    }
    let values: Vec<usize> = values.into_iter().collect::<Option<_>>().ok_or(Mistyped::Character)?;
    if check_value(&values[..LENGTH - 1]) != values[LENGTH - 1] {
        return Err(Mistyped::Check);
    }
    Ok(written(&values))
}

fn written(values: &[usize]) -> String {
    let mut text = String::with_capacity(LENGTH + 2);
    for (i, &v) in values.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            text.push('-');
        }
        text.push(ALPHABET[v] as char);
    }
    text
}

/// A code from 11 random bytes (one character from each, 55 random bits), with its check
/// character.
pub fn from_random(random: &[u8; LENGTH - 1]) -> String {
    let mut values: Vec<usize> = random.iter().map(|&b| usize::from(b) % 32).collect();
    values.push(check_value(&values));
    written(&values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_made_code_reads_back_in_any_case_and_spacing() {
        let code = from_random(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 200]);
        assert_eq!(code.len(), 14);
        assert_eq!(read(&code), Ok(code.clone()));
        assert_eq!(read(&code.to_lowercase().replace('-', " ")), Ok(code.clone()));
        assert_eq!(read(&code.replace('-', "")), Ok(code.clone()));
    }

    #[test]
    fn every_single_change_and_every_swap_of_neighbours_is_caught() {
        for seed in 0..64u8 {
            let random: [u8; 11] = std::array::from_fn(|i| seed.wrapping_mul(37).wrapping_add(i as u8 * 11));
            let code: Vec<u8> = from_random(&random).replace('-', "").into_bytes();
            for at in 0..LENGTH {
                for &other in ALPHABET.iter().filter(|&&a| a != code[at]) {
                    let mut typo = code.clone();
                    typo[at] = other;
                    assert_eq!(read(std::str::from_utf8(&typo).unwrap()), Err(Mistyped::Check));
                }
                if at + 1 < LENGTH && code[at] != code[at + 1] {
                    let mut swapped = code.clone();
                    swapped.swap(at, at + 1);
                    // Luhn misses one swap only: the two values whose doubled sums coincide.
                    let pair = (value(code[at]).unwrap(), value(code[at + 1]).unwrap());
                    if pair != (0, 31) && pair != (31, 0) {
                        assert_eq!(read(std::str::from_utf8(&swapped).unwrap()), Err(Mistyped::Check), "{:?}", pair);
                    }
                }
            }
        }
    }

    #[test]
    fn look_alikes_and_wrong_lengths_say_what_is_wrong() {
        assert_eq!(read("0KQM-2XHD-9RTA"), Err(Mistyped::Character));
        assert_eq!(read("IKQM-2XHD-9RTA"), Err(Mistyped::Character));
        assert_eq!(read("7KQM-2XHD-9RT"), Err(Mistyped::Length));
        assert_eq!(read("7KQM-2XHD-9RTAA"), Err(Mistyped::Length));
        assert_eq!(read(""), Err(Mistyped::Length));
        assert_eq!(read("7KQM-2XHD-9RT\u{e9}"), Err(Mistyped::Character));
    }
}
