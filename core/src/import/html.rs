//! HTML from another format's survey (SurveyJS's `html` blocks and `completedHtml`) as the plain
//! text speaksafe shows: tags taken out, paragraphs kept as blank lines, entities read.

/// The text of some HTML: what a reader sees, with a blank line between blocks.
pub fn text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&entities(&rest[..open]));
        let after = &rest[open..];
        let close = after.find('>').map_or(after.len(), |i| i + 1);
        let tag = after[1..close.saturating_sub(1).max(1)].trim_start_matches('/').to_ascii_lowercase();
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        // What a script or a style says is not text a reader sees.
        if name == "script" || name == "style" {
            let end = format!("</{name}");
            let skip = after.to_ascii_lowercase().find(&end).unwrap_or(after.len());
            rest = &after[skip..];
            let close = rest.find('>').map_or(rest.len(), |i| i + 1);
            rest = &rest[close..];
            continue;
        }
        if matches!(
            name.as_str(),
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table" | "section"
        ) {
            out.push_str("\n\n");
        } else if matches!(name.as_str(), "br" | "li" | "tr") {
            out.push('\n');
        }
        rest = &after[close..];
    }
    out.push_str(&entities(rest));
    // Paragraphs: blank lines between blocks, single spaces within.
    let paragraphs: Vec<String> = out
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    paragraphs.join("\n\n")
}

fn entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let end = after.find(';').filter(|&i| i <= 10);
        let decoded = end.and_then(|end| {
            let name = &after[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_paragraphs_and_entities_stay_as_text() {
        assert_eq!(
            text("<h3>Before you start</h3><p>It takes <b>10</b>&nbsp;minutes.</p><p>A &amp; B &lt;ok&gt;</p>"),
            "Before you start\n\nIt takes 10 minutes.\n\nA & B <ok>"
        );
        assert_eq!(text("<script>alert(1)</script>Hi<style>p{}</style>"), "Hi");
        assert_eq!(text("no tags &#233; &#x41;"), "no tags é A");
        assert_eq!(text("<img src=x onerror=alert(1)>"), "");
        assert_eq!(text("a < b"), "a");
    }
}
