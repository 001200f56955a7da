//! HTML from another format's survey (SurveyJS's `html` blocks and `completedHtml`) as the plain
//! text speaksafe shows: tags taken out, paragraphs kept as blank lines, entities read.

/// The longest entity read, `&` to `;` (`&#x10FFFF;`): no `;` is looked for further than this.
const LONGEST_ENTITY: usize = 10;

/// The text of some HTML: what a reader sees, with a blank line between blocks.
///
/// Linear in the length of the HTML, whatever it holds: the text is lowercased once (ASCII only,
/// so every byte stays where it was) and each search starts where the last one ended, or looks
/// only a few bytes ahead. A file of 10 MiB is the most an import reads, and a search to the end
/// of the text for every `&` or `<script` took an hour on it.
pub fn text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::new();
    let mut at = 0;
    while let Some(open) = html[at..].find('<').map(|i| at + i) {
        entities(&html[at..open], &mut out);
        // A tag runs to its `>`, or to the end of the text if it has none.
        let (inside_end, close) = html[open..].find('>').map_or((html.len(), html.len()), |i| (open + i, open + i + 1));
        let inside = lower[open + 1..inside_end].trim_start_matches('/');
        let name_end = inside.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(inside.len());
        let name = &inside[..name_end];
        // What a script or a style says is not text a reader sees.
        if name == "script" || name == "style" {
            let end = format!("</{name}");
            let skip = lower[open..].find(&end).map_or(html.len(), |i| open + i);
            at = html[skip..].find('>').map_or(html.len(), |i| skip + i + 1);
            continue;
        }
        if matches!(name, "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table" | "section") {
            out.push_str("\n\n");
        } else if matches!(name, "br" | "li" | "tr") {
            out.push('\n');
        }
        at = close;
    }
    entities(&html[at..], &mut out);
    // Paragraphs: blank lines between blocks, single spaces within.
    let paragraphs: Vec<String> = out
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    paragraphs.join("\n\n")
}

/// `text` with its entities read, onto `out`.
fn entities(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let end = after.bytes().take(LONGEST_ENTITY + 1).position(|b| b == b';');
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
        assert_eq!(text("<SCRIPT>x</Script>y<p>z"), "y\n\nz");
        assert_eq!(text("&#x10FFFF;&#x110000;"), "\u{10FFFF}&#x110000;");
        assert_eq!(text("&amp &lt;"), "&amp <");
        assert_eq!(text("a <é"), "a");
    }
}
