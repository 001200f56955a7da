//! The headers every answer carries (a strict CSP with the operator's `--frame-ancestors`, no
//! referrer, no caching), and what a request's `Accept-Encoding` takes.

use axum::extract::Request;
use axum::http::header::{self, HeaderName, HeaderValue};

/// Checks `--frame-ancestors`: CSP sources separated by spaces. Each is `'self'`, or a scheme
/// and host (`https://school.example`, `https://*.example.org`, with a port if needed), or a
/// scheme alone (`https:`). An empty list means `'none'`.
pub fn frame_ancestors(list: &str) -> Result<Vec<String>, String> {
    let mut sources = Vec::new();
    for source in list.split_ascii_whitespace() {
        let valid = source == "'self'"
            || source == "'none'"
            || (source.len() <= 255
                && source.split_once(':').is_some_and(|(scheme, rest)| {
                    !scheme.is_empty()
                        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                        && (rest.is_empty()
                            || rest.strip_prefix("//").is_some_and(|host| {
                                !host.is_empty()
                                    && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-*:/[]_".contains(c))
                            }))
                }));
        if !valid {
            return Err(format!(
                "--frame-ancestors: \"{}\" is not a source; use addresses such as \"https://school.example\", separated by spaces",
                source.escape_default()
            ));
        }
        sources.push(source.to_string());
    }
    if sources.len() > 1 && sources.iter().any(|s| s == "'none'") {
        return Err("--frame-ancestors: 'none' cannot be listed with other sources".into());
    }
    Ok(sources)
}

/// Whether the request's `Accept-Encoding` accepts `coding` (named, or `*`, without `q=0`).
pub fn accepts(request: &Request, coding: &str) -> bool {
    let Some(accept) = request.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    accept.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let refused = parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.parse::<f32>().map_or(true, |q| q <= 0.0)));
        (name.eq_ignore_ascii_case(coding) || name == "*") && !refused
    })
}

/// The headers every response carries.
pub fn security_headers(frame_ancestors: &[String]) -> Vec<(HeaderName, HeaderValue)> {
    let csp = |ancestors: &str| {
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
        )
    };
    let ancestors = if frame_ancestors.is_empty() { "'none'".to_string() } else { frame_ancestors.join(" ") };
    // frame_ancestors() admits only header-safe text; anything else fails closed, to 'none'.
    let policy = HeaderValue::from_str(&csp(&ancestors))
        .unwrap_or_else(|_| HeaderValue::from_str(&csp("'none'")).expect("ASCII"));
    vec![
        (header::CONTENT_SECURITY_POLICY, policy),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
        // The survey needs none of these: no page here may ask for them.
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), \
                 idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), \
                 screen-wake-lock=(), serial=(), usb=()",
            ),
        ),
    ]
}

/// The headers of the organisers' pages and API (the studio, the console): no site may frame
/// them (a partner's may frame only the survey), they may start workers of their own (the
/// console opens responses in one) and use passkeys.
pub fn organiser_headers() -> Vec<(HeaderName, HeaderValue)> {
    vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; \
                 connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
                 frame-ancestors 'none'",
            ),
        ),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
        (HeaderName::from_static("x-frame-options"), HeaderValue::from_static("DENY")),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), \
                 idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), \
                 publickey-credentials-create=(self), publickey-credentials-get=(self), screen-wake-lock=(), serial=(), \
                 usb=()",
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_ancestor_sources() {
        assert_eq!(frame_ancestors("").unwrap(), Vec::<String>::new());
        assert_eq!(frame_ancestors(" https://a.example  https://*.b.example:8443 'self' https: ").unwrap().len(), 4);
        for bad in [
            "https://a.example; script-src *",
            "https://a.example,https://b",
            "'unsafe-inline'",
            "a.example",
            "'none' https://a.example",
            "https://é.example",
        ] {
            assert!(frame_ancestors(bad).is_err(), "{bad}");
        }
    }
}
