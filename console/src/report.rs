//! The report as the console shows it: its one inline stylesheet taken out, to be given to its
//! frame through the CSSOM (the console's Content Security Policy forbids inline styles).

/// The report without its `<style>` element, and that element's CSS.
pub fn split_style(report: &str) -> (String, String) {
    let Some(start) = report.find("<style>") else { return (report.to_string(), String::new()) };
    let Some(length) = report[start..].find("</style>") else { return (report.to_string(), String::new()) };
    let css = report[start + "<style>".len()..start + length].to_string();
    let page = format!("{}{}", &report[..start], &report[start + length + "</style>".len()..]);
    (page, css)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_comes_out_whole_and_the_page_is_left_without_it() {
        let report = "<head><title>T</title><style>body { color: red }</style></head><body><h1>T</h1></body>";
        let (page, css) = split_style(report);
        assert_eq!(page, "<head><title>T</title></head><body><h1>T</h1></body>");
        assert_eq!(css, "body { color: red }");
        assert_eq!(split_style("<p>no style</p>"), ("<p>no style</p>".to_string(), String::new()));
    }
}
