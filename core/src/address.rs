//! Web addresses in a survey: the quick exit's neutral site, help lines' sites, and where answers
//! are sent. Each is checked when the survey is read, so that a browser can always open it: the
//! quick exit calls `location.replace(url)`, which throws on an address the browser cannot parse,
//! and a respondent who pressed Escape would then stay on the survey.
//!
//! What passes is a strict subset of what browsers (the WHATWG URL standard) accept, so that
//! everything accepted here opens there; `tests/widget.rs` checks that in a real browser (all but
//! which letters an `xn--` name may stand for: see [`check_punycode`]). The
//! `url` crate would parse exactly as browsers do, but its international domain name tables
//! would add about 100 KB to the widget's first load; the subset is small enough to write out.

/// The longest address accepted, in characters.
pub const MAX_ADDRESS_CHARS: usize = 2_000;

/// Characters that do not show, or that reorder what is shown: in an address or the exit
/// button's words they can make it read as something it is not.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00ad}'                      // soft hyphen
            | '\u{061c}'                    // Arabic letter mark
            | '\u{115f}' | '\u{1160}'       // Hangul fillers
            | '\u{180e}'                    // Mongolian vowel separator
            | '\u{200b}'..='\u{200f}'       // zero-width space, joiners, left-to-right and right-to-left marks
            | '\u{202a}'..='\u{202e}'       // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}'       // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}'       // bidi isolates
            | '\u{3164}'                    // Hangul filler
            | '\u{fe00}'..='\u{fe0f}'       // variation selectors
            | '\u{feff}'                    // zero-width no-break space
            | '\u{ffa0}'                    // halfwidth Hangul filler
        )
}

/// Characters that turn text around on screen (bidi embeddings, overrides and isolates): in a
/// survey's texts they can make "or press Esc" read backwards.
pub fn is_reordering(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Checks a full `https://` (or `http://`) address; why not, in words an organiser can act on.
pub fn check_web_address(address: &str) -> Result<(), String> {
    let count = address.chars().count();
    if count > MAX_ADDRESS_CHARS {
        return Err(format!("is {count} characters long; the most speaksafe takes is {MAX_ADDRESS_CHARS}"));
    }
    if let Some(c) = address.chars().find(|&c| is_hidden(c) || c.is_whitespace()) {
        return Err(format!("contains {}, which cannot be in a web address", name_of(c)));
    }
    let starts = |scheme: &str| {
        address.as_bytes().get(..scheme.len()).is_some_and(|b| b.eq_ignore_ascii_case(scheme.as_bytes()))
    };
    let rest = if starts("https://") {
        &address[8..]
    } else if starts("http://") {
        &address[7..]
    } else {
        return Err("does not start with https:// (or http://)".into());
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    check_authority(authority)?;
    check_tail(tail)
}

/// Checks where answers are sent: a path on the collector that served the survey
/// (`/api/v1/surveys/ID/responses`) or a full web address.
pub fn check_endpoint(endpoint: &str) -> Result<(), String> {
    if !endpoint.starts_with('/') {
        return check_web_address(endpoint);
    }
    // `//host/x` and `/\host/x` are read by browsers as another site's address, not a path.
    if endpoint.starts_with("//") || endpoint.starts_with("/\\") {
        return Err("starts like another site's address (\"//\"); use a path such as \"/api/v1/surveys/ID/responses\" or a full https:// address".into());
    }
    if let Some(c) = endpoint.chars().find(|&c| is_hidden(c) || c.is_whitespace()) {
        return Err(format!("contains {}, which cannot be in a web address", name_of(c)));
    }
    check_tail(endpoint)
}

fn check_authority(authority: &str) -> Result<(), String> {
    if authority.contains('@') {
        return Err("has a user name before \"@\"; such addresses are used to disguise where they go".into());
    }
    if authority.contains('\\') {
        return Err("has \"\\\" where the site's name is".into());
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let close = v6.find(']').ok_or("has \"[\" with no \"]\"")?;
            check_ipv6(&v6[..close])?;
            match &v6[close + 1..] {
                "" => (None, None),
                p => (None, Some(p.strip_prefix(':').ok_or("has something after \"]\" that is not a port")?)),
            }
        }
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(authority), None),
        },
    };
    if let Some(host) = host {
        check_host(host)?;
    }
    if let Some(port) = port {
        let number = (!port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()))
            .then(|| port.parse::<u32>().ok())
            .flatten();
        if number.is_none_or(|n| n > 65_535) {
            return Err(format!("has the port \"{port}\"; a port is a number from 0 to 65535"));
        }
    }
    Ok(())
}

fn check_host(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("has no site name after https://".into());
    }
    if !host.is_ascii() {
        return Err(format!("has the site name \"{host}\" with letters outside A to Z; write it as the browser shows it in punycode (\"xn--…\")"));
    }
    if host.len() > 253 {
        return Err("has a site name longer than 253 characters".into());
    }
    let labels: Vec<&str> = host.split('.').collect();
    for label in &labels {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(format!(
                "has the site name \"{host}\", which is not one: use letters, digits and \"-\" between dots"
            ));
        }
        check_punycode(host, label)?;
    }
    // Browsers read a name whose last part is a number as an IPv4 address.
    let last = labels.last().copied().unwrap_or("");
    let numeric = last.bytes().all(|b| b.is_ascii_digit()) || last.to_ascii_lowercase().starts_with("0x");
    if numeric {
        let dotted_quad = labels.len() == 4
            && labels.iter().all(|l| {
                l.len() <= 3
                    && l.bytes().all(|b| b.is_ascii_digit())
                    && (l.len() == 1 || !l.starts_with('0'))
                    && l.parse::<u16>().is_ok_and(|n| n <= 255)
            });
        if !dotted_quad {
            return Err(format!("has \"{host}\", which a browser would read as an IP address and cannot"));
        }
    }
    Ok(())
}

/// A part of a site's name written in punycode (`xn--…`, a name with letters outside A to Z, as
/// browsers send it) must stand for such a name: a browser decodes it before opening the address
/// and refuses it otherwise, and every way of leaving the survey would land on the browser's error
/// page. Refused here: what does not decode, and what decodes to characters a browser never takes
/// in a name (capitals, invisible or control characters, private use ones and non-characters).
/// (One that would stand for A to Z alone ends with "-", which `check_host` refuses already.)
/// Which characters Unicode has assigned, and which of them a name may hold in which order, is
/// the browser's to know (Unicode's IDNA tables, about 100 KB): of 8,212 one-letter typos in
/// real `xn--` names that Node.js's URL parser refuses, 4,990 are refused here, and the others
/// decode to characters only those tables rule out.
fn check_punycode(host: &str, label: &str) -> Result<(), String> {
    let lower = label.to_ascii_lowercase();
    let Some(encoded) = lower.strip_prefix("xn--") else { return Ok(()) };
    let not_one = |why: &str| {
        format!(
            "has the site name \"{host}\", whose part \"{label}\" {why}: a browser cannot open it. Copy the \
             address from the browser's address bar, or write the name with its own letters"
        )
    };
    let Some(decoded) = crate::punycode::decode(encoded) else {
        return Err(not_one("is not valid punycode (\"xn--\" and what follows stand for a name)"));
    };
    let refused = |c: &char| {
        let code = *c as u32;
        is_hidden(*c)
            || c.is_whitespace()
            || is_capital(*c)
            || (0xe000..=0xf8ff).contains(&code)
            || code >= 0xf0000
            || (0xfdd0..=0xfdef).contains(&code)
            || code & 0xfffe == 0xfffe
    };
    if let Some(c) = decoded.iter().find(|c| refused(c)) {
        return Err(not_one(&format!("stands for a name with U+{:04X}, which cannot be in a site's name", *c as u32)));
    }
    Ok(())
}

/// Whether a browser changes `c` before it encodes a name (Unicode's lowercase), so that an
/// `xn--` part can never stand for it. Two exceptions: the final sigma 'ς' is a letter of its own
/// in a name, and Cherokee keeps its capitals and changes its small letters to them.
fn is_capital(c: char) -> bool {
    let mut bytes = [0; 4];
    let one = &*c.encode_utf8(&mut bytes);
    match c {
        'ς' | '\u{13a0}'..='\u{13f5}' => false,
        '\u{13f8}'..='\u{13fd}' | '\u{ab70}'..='\u{abbf}' => true,
        _ => crate::case::lowercase(one) != one,
    }
}

fn check_ipv6(inside: &str) -> Result<(), String> {
    let groups: Vec<&str> = inside.split(':').collect();
    let ok = inside.contains(':')
        && inside.matches("::").count() <= 1
        && !inside.contains(":::")
        && groups.len() <= 8
        && (groups.len() == 8 || inside.contains("::"))
        && groups.iter().all(|g| g.len() <= 4 && g.bytes().all(|b| b.is_ascii_hexdigit()))
        // A lone ":" may not start or end it; "::" may.
        && (!inside.starts_with(':') || inside.starts_with("::"))
        && (!inside.ends_with(':') || inside.ends_with("::"));
    if ok {
        Ok(())
    } else {
        Err(format!("has \"[{inside}]\", which is not an IPv6 address"))
    }
}

/// The path, query and fragment.
fn check_tail(tail: &str) -> Result<(), String> {
    let bytes = tail.as_bytes();
    for (i, c) in tail.char_indices() {
        match c {
            '%' => {
                let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
                if !(hex(i + 1) && hex(i + 2)) {
                    return Err("has a \"%\" that is not followed by two hexadecimal digits".into());
                }
            }
            '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                return Err(format!("contains \"{c}\"; write it as %{:02X}", c as u32));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A character named so that an organiser can find it: `U+202E` and what it is.
fn name_of(c: char) -> String {
    let what = match c {
        ' ' => "a space",
        '\n' | '\r' => "a line break",
        '\t' => "a tab",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "a character that reverses text",
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => "an invisible character",
        c if c.is_control() => "a control character",
        _ => "a character that does not show",
    };
    format!("{what} (U+{:04X})", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_organisers_write() {
        for ok in [
            "https://www.bbc.co.uk/weather",
            "http://example.com",
            "HTTPS://Example.com/Path?q=a%20b#top",
            "https://example.com:8443/",
            "https://127.0.0.1:8080/x",
            "https://[::1]:8443/x",
            "https://[2001:db8::1]/",
            "https://xn--bcher-kva.example/",
            "https://example.com/caf\u{e9}",
        ] {
            assert_eq!(check_web_address(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_what_a_browser_cannot_open_or_what_disguises_itself() {
        for (bad, why) in [
            ("https://example.com:99999/", "port"),
            ("https://example.com:/", "port"),
            ("https://example.com:8o/", "port"),
            ("javascript:alert(1)", "https://"),
            ("https://", "no site name"),
            ("https:///path", "no site name"),
            ("https://exa mple.com", "a space"),
            ("https://example.com/\u{202e}moc", "reverses"),
            ("https://exam\u{200b}ple.com", "invisible"),
            ("https://bank.example@evil.example/", "user name"),
            ("https://1.2.3/", "IP address"),
            ("https://256.1.1.1/", "IP address"),
            ("https://0x7f.1/", "IP address"),
            ("https://-bad.example/", "not one"),
            ("https://b\u{fc}cher.example/", "punycode"),
            ("https://[::1/", "\"]\""),
            ("https://[12345::]/", "IPv6"),
            ("https://example.com/%zz", "hexadecimal"),
            ("https://example.com/a\\b", "%5C"),
            ("https://example.com\\evil.example", "\\"),
        ] {
            let err = check_web_address(bad).expect_err(bad);
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    /// A browser decodes every `xn--` part of a name and will not open the address if it does not
    /// decode to a name (each verdict here is what the WHATWG URL parser in Node.js says; Chromium
    /// opens its error page with the address on it). The quick exit would land there.
    #[test]
    fn a_punycode_name_must_decode_to_one() {
        for ok in [
            "https://xn--bcher-kva.example/",
            "https://XN--BCHER-KVA.example/",
            "https://www.xn--80ak6aa92e.com/",
            "https://xn--mgbh0fb.xn--kgbechtv/",
            "https://xn--ihqwcrb4cv8a8dqg056pqjye.example/",
            // Greek with a final sigma, and Cherokee in capitals.
            "https://xn--qxaegecap6byf.example/",
            "https://xn--f9dt7l.example/",
        ] {
            assert_eq!(check_web_address(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("https://xn--a.example/", "U+0080"),
            ("https://xn--abc.example/", "U+0082"),
            ("https://xn--zz.example/", "not valid punycode"),
            ("https://example.xn--99999999999/", "not valid punycode"),
            // "bÜcher": a capital, which a browser would have lowered before encoding.
            ("https://xn--bcher-2pa.example/", "U+00DC"),
            // Cherokee in small letters, which a browser would have made capitals.
            ("https://xn--tz9ata7l.example/", "U+ABB3"),
            // A zero-width joiner and a right-to-left override, hidden in a name.
            ("https://xn--bcher-kva5876c.example/", "U+200D"),
            ("https://xn--bcher-kva6107c.example/", "U+202E"),
        ] {
            let err = check_web_address(bad).expect_err(bad);
            assert!(err.contains(why) && err.contains("a browser cannot open it"), "{bad}: {err}");
        }
    }

    #[test]
    fn an_endpoint_is_a_path_here_or_a_full_address() {
        assert_eq!(check_endpoint("/api/v1/surveys/x/responses"), Ok(()));
        assert_eq!(check_endpoint("https://collector.example/api/v1/surveys/x/responses"), Ok(()));
        for bad in ["//evil.example/x", "/\\evil.example/x", "api/v1", "/a b", "/x\u{202e}"] {
            assert!(check_endpoint(bad).is_err(), "{bad}");
        }
    }
}
