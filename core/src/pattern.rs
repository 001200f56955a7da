//! Patterns for the `pattern` validation rule: the regular expressions survey authors write,
//! read and matched here rather than by a regex crate (regex-lite was 18 KB of the widget's
//! gzipped wasm, more than anything else in it but Yew).
//!
//! The syntax is the common part of regular expressions: literal characters, `.`, `^` and `$`,
//! classes like `[A-Za-z0-9]` and `[^,]`, `\d \w \s` and their negations `\D \W \S`, groups
//! `(…)` and `(?:…)`, alternatives `a|b`, and repetition `* + ? {n} {n,} {n,m}` (a `?` after
//! one, which asks for the shortest match, changes nothing here). `\d`, `\w` and `\s` mean their
//! ASCII characters, `.` is any character but a line break, `^` and `$` are the start and the
//! end of the answer. Anything else (flags such as `(?i)`, `\b`, `\p{…}`, nested classes) is
//! refused with a message that says what and where, never guessed at.
//!
//! Every pattern this module accepts is read by regex-lite too, and matches exactly the same
//! answers (`tests/pattern.rs` checks that on random patterns and answers). Matching follows
//! every way through the pattern at once (a Thompson NFA), so the time it takes grows with the
//! length of the answer times the size of the pattern, never faster: no pattern, however it is
//! written, can hang a respondent's phone.

use std::fmt;

/// How many copies a repetition may make of what it repeats (`{n,m}` with m at most this).
const MAX_REPEAT: u32 = 1_000;
/// How large a pattern may grow once its repetitions are spelled out (in steps).
const MAX_STEPS: usize = 10_000;
/// How deeply groups may nest.
const MAX_DEPTH: usize = 64;

/// A pattern read and ready to match.
#[derive(Clone, PartialEq)]
pub struct Pattern {
    source: String,
    steps: Vec<Step>,
}

/// Why a pattern could not be read: what, and at which character (counting from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub at: usize,
    pub problem: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.problem, self.at)
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", self.source)
    }
}

impl Pattern {
    /// Reads a pattern.
    pub fn new(source: &str) -> Result<Pattern, PatternError> {
        let chars: Vec<char> = source.chars().collect();
        let mut parser = Parser { chars: &chars, at: 0, depth: 0 };
        let tree = parser.alternatives()?;
        if let Some(&c) = parser.peek() {
            // Only a ')' stops the outermost alternatives early.
            debug_assert_eq!(c, ')');
            return Err(parser.error("this ')' closes no group; to mean the character itself, write \\)"));
        }
        let mut steps = Vec::new();
        compile(&tree, &mut steps).map_err(|()| PatternError {
            at: 1,
            problem: format!("it is too large once its repetitions are counted out (more than {MAX_STEPS} steps); use smaller {{n,m}} counts"),
        })?;
        steps.push(Step::Matched);
        Ok(Pattern { source: source.to_string(), steps })
    }

    /// The pattern as it was written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether some part of `text` matches (all of it, when the pattern starts with `^` and ends
    /// with `$`).
    pub fn is_match(&self, text: &str) -> bool {
        let mut now = Threads::new(self.steps.len());
        let mut next = Threads::new(self.steps.len());
        let mut chars = text.char_indices().peekable();
        let mut at = 0;
        loop {
            // A match may start anywhere: a new thread at every position.
            if self.follow(&mut now, 0, at == 0, at == text.len()) {
                return true;
            }
            let Some((_, c)) = chars.next() else { return false };
            at = chars.peek().map_or(text.len(), |&(i, _)| i);
            next.clear();
            for &step in &now.list {
                let takes = match &self.steps[step] {
                    Step::Char(class) => class.contains(c),
                    _ => false,
                };
                if takes && self.follow(&mut next, step + 1, false, at == text.len()) {
                    return true;
                }
            }
            std::mem::swap(&mut now, &mut next);
        }
    }

    /// Adds `from` and every step reachable from it without reading a character; true when that
    /// reaches the end of the pattern.
    fn follow(&self, threads: &mut Threads, from: usize, at_start: bool, at_end: bool) -> bool {
        let mut stack = vec![from];
        while let Some(step) = stack.pop() {
            if !threads.insert(step) {
                continue;
            }
            match self.steps[step] {
                Step::Matched => return true,
                Step::Char(_) => {}
                Step::Jump(to) => stack.push(to),
                Step::Either(a, b) => stack.extend([b, a]),
                Step::Start if at_start => stack.push(step + 1),
                Step::End if at_end => stack.push(step + 1),
                Step::Start | Step::End => {}
            }
        }
        false
    }
}

/// One step of a compiled pattern.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// Read one character of the class, then go on to the next step.
    Char(Class),
    Jump(usize),
    /// Go on both ways.
    Either(usize, usize),
    Start,
    End,
    Matched,
}

/// A set of characters: ranges, or everything outside them.
#[derive(Debug, Clone, PartialEq)]
struct Class {
    negated: bool,
    ranges: Vec<(char, char)>,
}

impl Class {
    fn of(ranges: &[(char, char)], negated: bool) -> Class {
        Class { negated, ranges: ranges.to_vec() }
    }

    fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= c && c <= b) != self.negated
    }

    /// The characters of the class as ranges, negation undone (for `\D` and the like inside a
    /// class).
    fn positive_ranges(&self) -> Vec<(char, char)> {
        let mut ranges = self.ranges.clone();
        ranges.sort_unstable();
        if !self.negated {
            return ranges;
        }
        let mut out = Vec::new();
        let mut next = '\0';
        for (a, b) in ranges {
            if a > next {
                out.push((next, before(a)));
            }
            if b >= next {
                next = match after(b) {
                    Some(c) => c,
                    None => return out,
                };
            }
        }
        out.push((next, char::MAX));
        out
    }
}

fn before(c: char) -> char {
    match c {
        '\u{E000}' => '\u{D7FF}',
        c => char::from_u32(c as u32 - 1).unwrap_or('\0'),
    }
}

fn after(c: char) -> Option<char> {
    match c {
        '\u{D7FF}' => Some('\u{E000}'),
        char::MAX => None,
        c => char::from_u32(c as u32 + 1),
    }
}

const DIGIT: &[(char, char)] = &[('0', '9')];
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
const SPACE: &[(char, char)] = &[('\t', '\r'), (' ', ' ')];

/// A pattern read into its parts.
enum Tree {
    Char(Class),
    Start,
    End,
    Sequence(Vec<Tree>),
    Alternatives(Vec<Tree>),
    Repeat { tree: Box<Tree>, min: u32, max: Option<u32> },
}

struct Parser<'a> {
    chars: &'a [char],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&char> {
        self.chars.get(self.at)
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(&c);
        self.at += usize::from(found);
        found
    }

    /// An error at the current character.
    fn error(&self, problem: impl Into<String>) -> PatternError {
        self.error_at(self.at, problem)
    }

    fn error_at(&self, at: usize, problem: impl Into<String>) -> PatternError {
        PatternError { at: at + 1, problem: problem.into() }
    }

    /// `a|b|…`, up to a ')' or the end.
    fn alternatives(&mut self) -> Result<Tree, PatternError> {
        let mut options = vec![self.sequence()?];
        while self.eat('|') {
            options.push(self.sequence()?);
        }
        Ok(if options.len() == 1 { options.remove(0) } else { Tree::Alternatives(options) })
    }

    /// Parts one after another, up to a '|', a ')' or the end.
    fn sequence(&mut self) -> Result<Tree, PatternError> {
        let mut parts = Vec::new();
        while let Some(&c) = self.peek() {
            let part = match c {
                '|' | ')' => break,
                '(' => self.group()?,
                '[' => Tree::Char(self.class()?),
                '^' => {
                    self.at += 1;
                    Tree::Start
                }
                '$' => {
                    self.at += 1;
                    Tree::End
                }
                '.' => {
                    self.at += 1;
                    Tree::Char(Class::of(&[('\n', '\n')], true))
                }
                '\\' => Tree::Char(self.escape()?),
                '*' | '+' | '?' | '{' => {
                    return Err(self.error(format!(
                    "'{c}' repeats what comes before it, and nothing does; to mean the character itself, write \\{c}"
                )))
                }
                ']' | '}' => return Err(self.error(format!("to mean '{c}' itself, write \\{c}"))),
                c => {
                    self.at += 1;
                    Tree::Char(Class::of(&[(c, c)], false))
                }
            };
            parts.push(self.repetition(part)?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Tree::Sequence(parts) })
    }

    /// `(…)` or `(?:…)`.
    fn group(&mut self) -> Result<Tree, PatternError> {
        let open = self.at;
        self.at += 1;
        if self.eat('?') && !self.eat(':') {
            return Err(self.error_at(
                open,
                "speaksafe patterns know '(' and '(?:' but no other '(?' (such as the flag (?i)); for either case, list both, like [Aa]",
            ));
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_at(open, format!("groups nest more than {MAX_DEPTH} deep")));
        }
        let inside = self.alternatives()?;
        self.depth -= 1;
        if !self.eat(')') {
            return Err(self.error_at(open, "unclosed '(': it needs a ')' to close it"));
        }
        Ok(inside)
    }

    /// A repetition after `part`, if there is one.
    fn repetition(&mut self, part: Tree) -> Result<Tree, PatternError> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => return self.counted(part),
            _ => return Ok(part),
        };
        self.at += 1;
        self.finish_repetition(part, min, max)
    }

    fn finish_repetition(&mut self, part: Tree, min: u32, max: Option<u32>) -> Result<Tree, PatternError> {
        self.eat('?'); // shortest match first: the same answers match
        if let Some(&c @ ('*' | '+' | '?' | '{')) = self.peek() {
            return Err(self.error(format!("'{c}' repeats a repetition; put the part in a group first, like (ab+){c}")));
        }
        Ok(Tree::Repeat { tree: Box::new(part), min, max })
    }

    /// `{n}`, `{n,}` or `{n,m}` after `part`.
    fn counted(&mut self, part: Tree) -> Result<Tree, PatternError> {
        let open = self.at;
        self.at += 1;
        let bad = |p: &Self| {
            p.error_at(
                open,
                "a '{' must start a count like {2}, {2,} or {2,5}; to mean the character itself, write \\{",
            )
        };
        let min = self.number().ok_or_else(|| bad(self))?;
        let max = if self.eat(',') {
            if self.peek() == Some(&'}') {
                None
            } else {
                Some(self.number().ok_or_else(|| bad(self))?)
            }
        } else {
            Some(min)
        };
        if !self.eat('}') {
            return Err(bad(self));
        }
        if max.is_some_and(|max| max < min) {
            return Err(
                self.error_at(open, format!("the count {{{min},{}}} has its larger number first", max.unwrap_or(0)))
            );
        }
        if min.max(max.unwrap_or(0)) > MAX_REPEAT {
            return Err(self.error_at(open, format!("a count can be at most {MAX_REPEAT}")));
        }
        self.finish_repetition(part, min, max)
    }

    /// Decimal digits, if there are any (and they fit).
    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        while self.peek().is_some_and(char::is_ascii_digit) {
            self.at += 1;
        }
        if self.at == start || self.at - start > 9 {
            return None;
        }
        self.chars[start..self.at].iter().collect::<String>().parse().ok()
    }

    /// `\d`, `\.` and the like, at a '\'.
    fn escape(&mut self) -> Result<Class, PatternError> {
        let at = self.at;
        self.at += 1;
        let Some(&c) = self.peek() else {
            return Err(self.error_at(at, "the pattern ends with a '\\'; to mean the character itself, write \\\\"));
        };
        self.at += 1;
        let one = |c: char| Ok(Class::of(&[(c, c)], false));
        match c {
            'd' | 'D' => Ok(Class::of(DIGIT, c == 'D')),
            'w' | 'W' => Ok(Class::of(WORD, c == 'W')),
            's' | 'S' => Ok(Class::of(SPACE, c == 'S')),
            'n' => one('\n'),
            't' => one('\t'),
            'r' => one('\r'),
            '\\' | '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$' | '-' | '/' | '#' | '&' | '~' => one(c),
            _ => Err(self.error_at(
                at,
                format!("speaksafe patterns do not know \\{c}; they know \\d \\w \\s \\D \\W \\S \\n \\t \\r, and a '\\' before a sign such as . + * ? ( ) [ ] {{ }} | ^ $ means the sign itself"),
            )),
        }
    }

    /// `[…]` or `[^…]`.
    fn class(&mut self) -> Result<Class, PatternError> {
        let open = self.at;
        self.at += 1;
        let negated = self.eat('^');
        let mut ranges = Vec::new();
        let first = self.at;
        loop {
            let Some(&c) = self.peek() else {
                return Err(self.error_at(open, "unclosed '[': it needs a ']' to close it"));
            };
            let at = self.at;
            match c {
                ']' if self.at == first => {
                    return Err(self.error_at(open, "the class [] is empty; to mean ']' itself, write \\]"))
                }
                ']' => break,
                '[' => return Err(self.error("speaksafe patterns do not nest classes; to mean '[' itself, write \\[")),
                _ if self.doubled_sign() => return Err(self.doubled_sign_error()),
                '\\' => {
                    let class = self.escape()?;
                    if class.negated || class.ranges.len() > 1 || class.ranges[0].0 != class.ranges[0].1 {
                        ranges.extend(class.positive_ranges());
                        continue;
                    }
                    self.range(class.ranges[0].0, at, &mut ranges)?;
                }
                c => {
                    self.at += 1;
                    self.range(c, at, &mut ranges)?;
                }
            }
        }
        self.at += 1;
        Ok(Class { negated, ranges })
    }

    /// `&&`, `~~` or `--` in a class: what the regex crate reads as set operations.
    fn doubled_sign(&self) -> bool {
        matches!(self.peek(), Some(&c @ ('&' | '~' | '-')) if self.chars.get(self.at + 1) == Some(&c))
    }

    fn doubled_sign_error(&self) -> PatternError {
        let c = self.chars[self.at];
        self.error(format!(
            "'{c}{c}' inside a class is not something speaksafe patterns know; write \\{c} for the character"
        ))
    }

    /// `c` alone, or the range `c-d` when a '-' and a character follow.
    fn range(&mut self, c: char, at: usize, ranges: &mut Vec<(char, char)>) -> Result<(), PatternError> {
        if self.doubled_sign() {
            return Err(self.doubled_sign_error());
        }
        if self.peek() != Some(&'-') || matches!(self.chars.get(self.at + 1), Some(']') | None) {
            ranges.push((c, c));
            return Ok(());
        }
        self.at += 1;
        if self.doubled_sign() {
            return Err(self.doubled_sign_error());
        }
        let end = match self.peek() {
            Some('\\') => {
                let class = self.escape()?;
                match class.ranges.as_slice() {
                    [(a, b)] if a == b && !class.negated => *a,
                    _ => return Err(self.error_at(at, "a range like a-z needs one character at each end")),
                }
            }
            Some('[') => {
                return Err(self.error("speaksafe patterns do not nest classes; to mean '[' itself, write \\["))
            }
            Some(&end) => {
                self.at += 1;
                end
            }
            None => unreachable!("checked above"),
        };
        if end < c {
            return Err(self.error_at(at, format!("the range {c}-{end} runs backwards; write {end}-{c}")));
        }
        ranges.push((c, end));
        Ok(())
    }
}

/// Spells `tree` out as steps; Err when that would take more than [`MAX_STEPS`].
fn compile(tree: &Tree, steps: &mut Vec<Step>) -> Result<(), ()> {
    if steps.len() > MAX_STEPS {
        return Err(());
    }
    match tree {
        Tree::Char(class) => steps.push(Step::Char(class.clone())),
        Tree::Start => steps.push(Step::Start),
        Tree::End => steps.push(Step::End),
        Tree::Sequence(parts) => {
            for part in parts {
                compile(part, steps)?;
            }
        }
        Tree::Alternatives(options) => {
            // Either(option, next Either) … each option jumps to the end.
            let mut jumps = Vec::new();
            for (i, option) in options.iter().enumerate() {
                let either = steps.len();
                if i + 1 < options.len() {
                    steps.push(Step::Either(either + 1, 0));
                }
                compile(option, steps)?;
                if i + 1 < options.len() {
                    jumps.push(steps.len());
                    steps.push(Step::Jump(0));
                    let next = steps.len();
                    steps[either] = Step::Either(either + 1, next);
                }
            }
            let end = steps.len();
            for jump in jumps {
                steps[jump] = Step::Jump(end);
            }
        }
        Tree::Repeat { tree, min, max } => {
            for _ in 0..*min {
                let before = steps.len();
                compile(tree, steps)?;
                if steps.len() == before {
                    break; // an empty part repeated is still empty
                }
            }
            match max {
                None => {
                    // loop: Either(body, out); body; Jump(loop)
                    let either = steps.len();
                    steps.push(Step::Either(either + 1, 0));
                    compile(tree, steps)?;
                    steps.push(Step::Jump(either));
                    let out = steps.len();
                    steps[either] = Step::Either(either + 1, out);
                }
                Some(max) => {
                    // Each optional copy may be skipped to the end.
                    let mut skips = Vec::new();
                    for _ in *min..*max {
                        skips.push(steps.len());
                        steps.push(Step::Either(0, 0));
                        compile(tree, steps)?;
                    }
                    let end = steps.len();
                    for skip in skips {
                        steps[skip] = Step::Either(skip + 1, end);
                    }
                }
            }
        }
    }
    if steps.len() > MAX_STEPS {
        return Err(());
    }
    Ok(())
}

/// The steps live at one position of the text, each once, in the order they were reached.
struct Threads {
    list: Vec<usize>,
    seen: Vec<bool>,
}

impl Threads {
    fn new(steps: usize) -> Threads {
        Threads { list: Vec::new(), seen: vec![false; steps] }
    }

    fn insert(&mut self, step: usize) -> bool {
        let new = !std::mem::replace(&mut self.seen[step], true);
        if new {
            self.list.push(step);
        }
        new
    }

    fn clear(&mut self) {
        for &step in &self.list {
            self.seen[step] = false;
        }
        self.list.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        Pattern::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}")).is_match(text)
    }

    #[test]
    fn the_postcode_pattern_of_the_example_surveys() {
        let postcode = "^[A-Za-z]{1,2}[0-9][0-9A-Za-z]?$";
        for good in ["E16", "N1", "SW1A", "sw1a", "M60"] {
            assert!(matches(postcode, good), "{good}");
        }
        for bad in ["", "E", "16", "E16 4", "SW1AA", "É16", "E1!", "E16\n"] {
            assert!(!matches(postcode, bad), "{bad:?}");
        }
    }

    #[test]
    fn without_anchors_any_part_may_match() {
        assert!(matches("[0-9]", "flat 4b"));
        assert!(!matches("^[0-9]", "flat 4b"));
        assert!(matches("", "anything"));
        assert!(matches("a|^$", ""));
    }

    #[test]
    fn classes_and_escapes() {
        assert!(matches(r"^\d{3}-\d{4}$", "123-4567"));
        assert!(!matches(r"^\d+$", "١٢٣"), "\\d is ASCII digits only");
        assert!(matches(r"^[^\d\s]+$", "abc"));
        assert!(!matches(r"^[^\d\s]+$", "ab c"));
        assert!(matches(r"^[\W]$", "é"));
        assert!(matches(r"^[a\-z]+$", "-a-"));
        assert!(!matches(r"^[a\-z]+$", "b"));
        assert!(matches(r"^[-a]+$", "a-"));
        assert!(matches(r"^.$", "é"));
        assert!(!matches(r"^.$", "\n"));
        assert!(matches(r"^[^a]$", "\n"));
    }

    #[test]
    fn a_pattern_that_hangs_a_backtracking_matcher_is_answered_at_once() {
        let text = format!("{}!", "a".repeat(5_000));
        assert!(!matches("^(a+)+$", &text));
        assert!(!matches("^(a|aa)*$", &text));
        assert!(matches("(a|aa)*!", &text));
    }

    #[test]
    fn errors_say_what_and_where() {
        let error = |p: &str| Pattern::new(p).unwrap_err().to_string();
        assert_eq!(error("([a-z]"), "unclosed '(': it needs a ')' to close it (at character 1)");
        assert_eq!(error("ab[a-z"), "unclosed '[': it needs a ']' to close it (at character 3)");
        assert!(error("a)").starts_with("this ')' closes no group") && error("a)").ends_with("(at character 2)"));
        assert!(error("(?i)abc").contains("(?i)"));
        assert!(error("*a").contains("nothing does"));
        assert!(error("a**").contains("repeats a repetition") && error("a**").ends_with("(at character 3)"));
        assert!(error("[z-a]").contains("the range z-a runs backwards"));
        assert!(error(r"\bword").contains("do not know \\b;") && error(r"\bword").ends_with("(at character 1)"));
        assert!(error("a{3,1}").contains("larger number first"));
        assert!(error("a{2").contains("(at character 2)"));
        assert!(error("a{1001}").contains("at most 1000"));
        assert!(error("(a{1000}){1000}").contains("too large"));
        assert!(error(&"(".repeat(65)).contains("nest more than 64"));
        assert!(Pattern::new("((((){1000}){1000}){1000}){1000}").is_ok(), "empty parts repeated take no time");
        assert!(error("a\\").contains("ends with a '\\'"));
    }
}
