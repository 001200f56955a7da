//! The condition language: SurveyJS-compatible expressions such as
//! `{age} >= 18 and {consent} = true`, parsed once (tokenizer + recursive descent)
//! and evaluated against answers without ever panicking.
//!
//! Semantics: Empty (unanswered, blank text, empty list) equals only Empty; ordering with
//! Empty or a list is false; numbers and numeric texts compare numerically, other texts
//! case-insensitively; `true`/`false` also match "yes"/"no"; a list equals an array as a
//! set and a scalar only when it is exactly `[scalar]`. Limits: [`MAX_LENGTH`] characters,
//! [`MAX_DEPTH`] levels of parentheses and `not`, checked while parsing.

use std::cmp::Ordering;

/// Longest accepted source, in characters.
pub const MAX_LENGTH: usize = 2000;
/// Deepest accepted nesting of parentheses and `not`.
pub const MAX_DEPTH: usize = 32;

/// A parsed condition, parsed once when the survey loads.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    source: String,
    references: Vec<Reference>,
    expr: Expr,
}

/// A `{question}` or `{matrix.row}` reference; `column` is the 1-based character
/// column where the name starts (for `{agee} = 1` that is 2).
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub question: String,
    pub row: Option<String>,
    pub column: usize,
}

/// A parse error; `column` is the 1-based character column.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message} at column {column}")]
pub struct ConditionError {
    pub message: String,
    pub column: usize,
}

/// What the evaluator sees for a reference. Unanswered or hidden questions are Empty.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    List(Vec<String>),
}

/// Supplies the current answers to [`Condition::evaluate`].
pub trait Lookup {
    fn value(&self, question: &str, row: Option<&str>) -> Value;
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
    NotContains,
    AnyOf,
    AllOf,
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Ref(usize),
    Lit(Value),
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Compare(Operand, Op, Operand),
    /// `x empty` (false) or `x notempty` (true).
    IsEmpty(Operand, bool),
    /// A bare value used as a condition, e.g. `{consent}` or `true`.
    Truthy(Operand),
}

fn error(message: impl Into<String>, column: usize) -> ConditionError {
    ConditionError { message: message.into(), column }
}

// ---------------------------------------------------------------- tokenizer

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Ref(Reference),
    Num(f64),
    Str(String),
    Bool(bool),
    Op(Op),
    Empty(bool),
    And,
    Or,
    Not,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    End,
}

/// A token, its 1-based column and its text as written.
#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    col: usize,
    text: String,
}

fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

fn lex(chars: &[char]) -> Result<Vec<Token>, ConditionError> {
    let mut lexer = Lexer { chars, i: 0 };
    let mut tokens = Vec::new();
    while lexer.i < chars.len() {
        let (start, c) = (lexer.i, chars[lexer.i]);
        lexer.i += 1;
        let kind = match c {
            c if c.is_whitespace() => continue,
            '(' => Kind::LParen,
            ')' => Kind::RParen,
            '[' => Kind::LBracket,
            ']' => Kind::RBracket,
            ',' => Kind::Comma,
            '{' => lexer.reference()?,
            '\'' | '"' => lexer.string(c, start)?,
            '0'..='9' | '-' if c != '-' || lexer.at(lexer.i).is_ascii_digit() => lexer.number(start)?,
            '=' | '<' | '>' | '!' | '&' | '|' => lexer.operator(start)?,
            c if c.is_alphabetic() || c == '_' => lexer.word(start)?,
            other => return Err(error(format!("unexpected character \"{other}\""), start + 1)),
        };
        tokens.push(Token { kind, col: start + 1, text: chars[start..lexer.i].iter().collect() });
    }
    let end = tokens.last().map_or(1, |t| t.col + t.text.chars().count());
    tokens.push(Token { kind: Kind::End, col: end, text: String::new() });
    Ok(tokens)
}

/// Reads one token at a time; `i` is just past the token's first character when a method is
/// called, and just past the token when it returns.
struct Lexer<'a> {
    chars: &'a [char],
    i: usize,
}

impl Lexer<'_> {
    fn at(&self, j: usize) -> char {
        self.chars.get(j).copied().unwrap_or('\0')
    }

    fn text(&self, from: usize) -> String {
        self.chars[from..self.i].iter().collect()
    }

    /// `{question}` or `{matrix.row}`, after the `{`.
    fn reference(&mut self) -> Result<Kind, ConditionError> {
        let name_start = self.i;
        while is_id_char(self.at(self.i)) {
            self.i += 1;
        }
        if self.i == name_start {
            return Err(error("expected question name after \"{\"", self.i + 1));
        }
        let question = self.text(name_start);
        let mut row = None;
        if self.at(self.i) == '.' {
            self.i += 1;
            let row_start = self.i;
            while is_id_char(self.at(self.i)) || self.at(self.i) == '.' {
                self.i += 1;
            }
            if self.i == row_start {
                return Err(error("expected row name after \".\"", self.i + 1));
            }
            row = Some(self.text(row_start));
        }
        if self.at(self.i) != '}' {
            let what = if row.is_some() { "row" } else { "question" };
            return Err(error(format!("expected \"}}\" after {what} name"), self.i + 1));
        }
        self.i += 1;
        Ok(Kind::Ref(Reference { question, row, column: name_start + 1 }))
    }

    /// A string in `quote`s, with `\quote` and `\\` escapes.
    fn string(&mut self, quote: char, start: usize) -> Result<Kind, ConditionError> {
        let mut s = String::new();
        loop {
            match self.chars.get(self.i) {
                None => return Err(error("unterminated string", start + 1)),
                Some('\\') if self.at(self.i + 1) == quote || self.at(self.i + 1) == '\\' => {
                    s.push(self.chars[self.i + 1]);
                    self.i += 2;
                }
                Some(&q) if q == quote => break,
                Some(&other) => {
                    s.push(other);
                    self.i += 1;
                }
            }
        }
        self.i += 1;
        Ok(Kind::Str(s))
    }

    /// A number: digits, perhaps a `-` before and a fraction after.
    fn number(&mut self, start: usize) -> Result<Kind, ConditionError> {
        while self.at(self.i).is_alphanumeric() || self.at(self.i) == '.' || self.at(self.i) == '_' {
            self.i += 1;
        }
        let text = self.text(start);
        let digits = text.strip_prefix('-').unwrap_or(&text);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
        let valid = [int, frac].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        match crate::number::parse(&text) {
            Some(n) if valid => Ok(Kind::Num(n)),
            _ => Err(error(format!("invalid number \"{text}\""), start + 1)),
        }
    }

    /// A comparison, `&&`, `||`, or a lone `!` (not).
    fn operator(&mut self, start: usize) -> Result<Kind, ConditionError> {
        while "=<>!&|".contains(self.at(self.i)) {
            self.i += 1;
        }
        let text = self.text(start);
        Ok(match text.as_str() {
            "=" | "==" => Kind::Op(Op::Eq),
            "<>" | "!=" => Kind::Op(Op::Ne),
            "<" => Kind::Op(Op::Lt),
            "<=" => Kind::Op(Op::Le),
            ">" => Kind::Op(Op::Gt),
            ">=" => Kind::Op(Op::Ge),
            "&&" => Kind::And,
            "||" => Kind::Or,
            _ if text.starts_with('!') => {
                self.i = start + 1; // `!!x`, `!(…)`: a lone `!` is `not`
                Kind::Not
            }
            _ => return Err(error(format!("unknown operator \"{text}\""), start + 1)),
        })
    }

    /// A keyword (`and`, `contains`, `true`, …), in any case.
    fn word(&mut self, start: usize) -> Result<Kind, ConditionError> {
        while self.at(self.i).is_alphanumeric() || self.at(self.i) == '_' {
            self.i += 1;
        }
        let word = self.text(start);
        Ok(match word.to_ascii_lowercase().as_str() {
            "and" => Kind::And,
            "or" => Kind::Or,
            "not" => Kind::Not,
            "true" => Kind::Bool(true),
            "false" => Kind::Bool(false),
            "empty" => Kind::Empty(false),
            "notempty" => Kind::Empty(true),
            "contains" => Kind::Op(Op::Contains),
            "notcontains" => Kind::Op(Op::NotContains),
            "anyof" => Kind::Op(Op::AnyOf),
            "allof" => Kind::Op(Op::AllOf),
            _ => {
                let next = self.chars[self.i..].iter().find(|c| !c.is_whitespace());
                let what = if next == Some(&'(') { "unknown function" } else { "unknown word" };
                return Err(error(format!("{what} \"{word}\""), start + 1));
            }
        })
    }
}

// ------------------------------------------------------------------- parser

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    refs: Vec<Reference>,
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    /// The error for the current token when something else was expected.
    fn unexpected(&self) -> ConditionError {
        let tok = self.peek();
        let prev = self.pos.checked_sub(1).map(|p| &self.tokens[p]);
        let message = match prev.map(|p| &p.kind) {
            Some(Kind::Op(_) | Kind::LBracket | Kind::Comma) => {
                format!("expected a value after \"{}\"", prev.map_or("", |p| &p.text))
            }
            Some(Kind::And | Kind::Or | Kind::Not | Kind::LParen) => {
                format!("expected a condition after \"{}\"", prev.map_or("", |p| &p.text))
            }
            _ if tok.kind == Kind::End => "unexpected end of condition".to_string(),
            _ => format!("unexpected \"{}\"", tok.text),
        };
        error(message, tok.col)
    }

    /// Enters one nesting level (a `(` or `not`) at the current token.
    fn enter(&mut self) -> Result<usize, ConditionError> {
        let col = self.peek().col;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(error("condition is too deeply nested", col));
        }
        self.pos += 1;
        Ok(col)
    }

    fn list(&mut self, and: bool) -> Result<Expr, ConditionError> {
        let next = |p: &mut Self| if and { p.not() } else { p.list(true) };
        let mut items = vec![next(self)?];
        let sep = if and { Kind::And } else { Kind::Or };
        while self.peek().kind == sep {
            self.pos += 1;
            items.push(next(self)?);
        }
        Ok(match items.len() {
            1 => items.remove(0),
            _ if and => Expr::And(items),
            _ => Expr::Or(items),
        })
    }

    fn not(&mut self) -> Result<Expr, ConditionError> {
        let expr = match self.peek().kind {
            Kind::Not => {
                self.enter()?;
                Expr::Not(Box::new(self.not()?))
            }
            Kind::LParen => {
                let col = self.enter()?;
                let inner = self.list(false)?;
                match self.peek().kind {
                    Kind::RParen => self.pos += 1,
                    Kind::End => return Err(error("unclosed \"(\"", col)),
                    _ => return Err(self.unexpected()),
                }
                inner
            }
            _ => return self.comparison(),
        };
        self.depth -= 1;
        Ok(expr)
    }

    fn comparison(&mut self) -> Result<Expr, ConditionError> {
        let (left, left_col) = self.operand()?;
        let tok = self.peek().clone();
        let is_array = |o: &Operand| matches!(o, Operand::Lit(Value::List(_)));
        match tok.kind {
            Kind::Op(op) => {
                self.pos += 1;
                let (right, right_col) = self.operand()?;
                if matches!(op, Op::Lt | Op::Le | Op::Gt | Op::Ge) {
                    for (o, col) in [(&left, left_col), (&right, right_col)] {
                        if is_array(o) {
                            let message = format!("an array cannot be compared with \"{}\"", tok.text);
                            return Err(error(message, col));
                        }
                    }
                }
                Ok(Expr::Compare(left, op, right))
            }
            _ if is_array(&left) => Err(error("an array needs an operator such as anyof", left_col)),
            Kind::Empty(negated) => {
                self.pos += 1;
                Ok(Expr::IsEmpty(left, negated))
            }
            _ => Ok(Expr::Truthy(left)),
        }
    }

    fn operand(&mut self) -> Result<(Operand, usize), ConditionError> {
        let tok = self.peek().clone();
        let operand = match tok.kind {
            Kind::Ref(r) => {
                self.refs.push(r);
                Operand::Ref(self.refs.len() - 1)
            }
            Kind::LBracket => {
                self.pos += 1;
                let mut items = Vec::new();
                while self.peek().kind != Kind::RBracket || !items.is_empty() {
                    if self.peek().kind == Kind::End {
                        return Err(error("unclosed \"[\"", tok.col));
                    }
                    items.push(match self.literal() {
                        Some(Value::Number(n)) => crate::number::text(n),
                        Some(Value::Bool(b)) => b.to_string(),
                        Some(Value::Text(s)) => s,
                        _ => return Err(self.unexpected()),
                    });
                    self.pos += 1;
                    match self.peek().kind {
                        Kind::Comma => self.pos += 1,
                        Kind::RBracket => break,
                        Kind::End => return Err(error("unclosed \"[\"", tok.col)),
                        _ => return Err(self.unexpected()),
                    }
                }
                Operand::Lit(Value::List(items))
            }
            _ => Operand::Lit(self.literal().ok_or_else(|| self.unexpected())?),
        };
        self.pos += 1;
        Ok((operand, tok.col))
    }

    fn literal(&self) -> Option<Value> {
        match &self.peek().kind {
            Kind::Num(n) => Some(Value::Number(*n)),
            Kind::Str(s) => Some(Value::Text(s.clone())),
            Kind::Bool(b) => Some(Value::Bool(*b)),
            _ => None,
        }
    }
}

impl Condition {
    /// Parses `source`; errors carry a short message and a 1-based column.
    pub fn parse(source: &str) -> Result<Condition, ConditionError> {
        let chars: Vec<char> = source.chars().collect();
        if chars.len() > MAX_LENGTH {
            let message = format!("condition is longer than {MAX_LENGTH} characters");
            return Err(error(message, MAX_LENGTH + 1));
        }
        let tokens = lex(&chars)?;
        if tokens.len() == 1 {
            return Err(error("empty condition", 1));
        }
        let mut parser = Parser { tokens, pos: 0, depth: 0, refs: Vec::new() };
        let expr = parser.list(false)?;
        if parser.peek().kind != Kind::End {
            return Err(parser.unexpected());
        }
        Ok(Condition { source: source.to_string(), references: parser.refs, expr })
    }

    /// The text this condition was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every `{reference}`, in source order.
    pub fn references(&self) -> &[Reference] {
        &self.references
    }

    /// Evaluates against the current answers. Never panics.
    pub fn evaluate(&self, answers: &dyn Lookup) -> bool {
        self.eval(&self.expr, answers)
    }

    fn eval(&self, expr: &Expr, answers: &dyn Lookup) -> bool {
        let value = |o: &Operand| match o {
            Operand::Lit(v) => v.clone(),
            Operand::Ref(i) => {
                self.references.get(*i).map_or(Value::Empty, |r| answers.value(&r.question, r.row.as_deref()))
            }
        };
        match expr {
            Expr::Or(items) => items.iter().any(|e| self.eval(e, answers)),
            Expr::And(items) => items.iter().all(|e| self.eval(e, answers)),
            Expr::Not(e) => !self.eval(e, answers),
            Expr::Compare(l, op, r) => compare(&value(l), *op, &value(r)),
            Expr::IsEmpty(o, negated) => items(&value(o)).is_empty() != *negated,
            Expr::Truthy(o) => match value(o) {
                Value::Empty => false,
                Value::Bool(b) => b,
                Value::Number(n) => n != 0.0 && !n.is_nan(),
                Value::Text(s) => bool_word(&s).unwrap_or(!s.trim().is_empty()),
                Value::List(l) => !l.is_empty(),
            },
        }
    }
}

// --------------------------------------------------------------- semantics

/// One scalar: a text, number or boolean (list elements are texts).
#[derive(Clone, Copy)]
enum S<'a> {
    T(&'a str),
    N(f64),
    B(bool),
}

/// A value as scalars: none for Empty, blank text or an empty list.
fn items(v: &Value) -> Vec<S<'_>> {
    match v {
        Value::Empty => vec![],
        Value::Text(t) if t.trim().is_empty() => vec![],
        Value::Text(t) => vec![S::T(t)],
        Value::Number(n) => vec![S::N(*n)],
        Value::Bool(b) => vec![S::B(*b)],
        Value::List(l) => l.iter().map(|t| S::T(t)).collect(),
    }
}

fn bool_word(t: &str) -> Option<bool> {
    match t.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" => Some(true),
        "false" | "no" => Some(false),
        _ => None,
    }
}

/// A number, or a text that is a plain decimal number (`"12"`, `" 3.5 "`).
fn number(s: S) -> Option<f64> {
    match s {
        S::N(n) => Some(n),
        S::T(t) => {
            let t = t.trim();
            let plain =
                t.bytes().any(|b| b.is_ascii_digit()) && t.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
            crate::number::parse(t).filter(|_| plain)
        }
        S::B(_) => None,
    }
}

fn text(s: S) -> String {
    match s {
        S::T(t) => crate::case::lowercase(t),
        S::N(n) => crate::number::text(n),
        S::B(b) => b.to_string(),
    }
}

fn scalar_eq(x: S, y: S) -> bool {
    match (x, y) {
        (S::B(p), S::B(q)) => p == q,
        (S::B(p), S::N(n)) | (S::N(n), S::B(p)) => n == if p { 1.0 } else { 0.0 },
        (S::B(p), S::T(t)) | (S::T(t), S::B(p)) => bool_word(t) == Some(p),
        _ => match (number(x), number(y)) {
            (Some(p), Some(q)) => p == q,
            _ => match (x, y) {
                // The common case without allocating: two ASCII texts, compared ignoring case.
                (S::T(p), S::T(q)) if p.is_ascii() && q.is_ascii() => p.eq_ignore_ascii_case(q),
                _ => text(x) == text(y),
            },
        },
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    let (x, y) = (items(a), items(b));
    let list_vs_scalar = matches!(a, Value::List(_)) != matches!(b, Value::List(_));
    if list_vs_scalar && !x.is_empty() && !y.is_empty() && x.len() + y.len() != 2 {
        return false; // a list equals a scalar only when it is exactly [scalar]
    }
    let within = |p: &[S], q: &[S]| p.iter().all(|&e| q.iter().any(|&f| scalar_eq(e, f)));
    within(&x, &y) && within(&y, &x)
}

fn order(a: &Value, b: &Value) -> Option<Ordering> {
    if matches!(a, Value::List(_)) || matches!(b, Value::List(_)) {
        return None;
    }
    let (x, y) = (*items(a).first()?, *items(b).first()?);
    match (number(x), number(y)) {
        (Some(p), Some(q)) => p.partial_cmp(&q),
        _ => Some(text(x).cmp(&text(y))),
    }
}

fn contains(a: &Value, b: &Value) -> bool {
    let needles = items(b);
    if needles.is_empty() {
        return false;
    }
    match a {
        Value::Empty => false,
        Value::List(list) => needles.iter().all(|&n| list.iter().any(|e| scalar_eq(S::T(e), n))),
        _ => items(a).first().is_some_and(|&h| {
            let hay = text(h);
            needles.iter().all(|&n| hay.contains(&text(n)))
        }),
    }
}

fn compare(a: &Value, op: Op, b: &Value) -> bool {
    let ord = || order(a, b);
    match op {
        Op::Eq => equal(a, b),
        Op::Ne => !equal(a, b),
        Op::Lt => ord() == Some(Ordering::Less),
        Op::Le => matches!(ord(), Some(Ordering::Less | Ordering::Equal)),
        Op::Gt => ord() == Some(Ordering::Greater),
        Op::Ge => matches!(ord(), Some(Ordering::Greater | Ordering::Equal)),
        Op::Contains => contains(a, b),
        Op::NotContains => !contains(a, b),
        Op::AnyOf => {
            let (x, y) = (items(a), items(b));
            x.iter().any(|&e| y.iter().any(|&f| scalar_eq(e, f)))
        }
        Op::AllOf => {
            let (x, y) = (items(a), items(b));
            !x.is_empty() && y.iter().all(|&f| x.iter().any(|&e| scalar_eq(e, f)))
        }
    }
}

// ------------------------------------------------------------------ clauses

/// How a condition's clauses go together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// Every clause must hold (`and`).
    All,
    /// One clause is enough (`or`).
    Any,
}

/// A comparison of an answer with a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Is,
    IsNot,
    Less,
    AtMost,
    More,
    AtLeast,
    Includes,
    Excludes,
}

impl Comparison {
    /// As the condition language writes it.
    pub fn operator(self) -> &'static str {
        match self {
            Comparison::Is => "=",
            Comparison::IsNot => "!=",
            Comparison::Less => "<",
            Comparison::AtMost => "<=",
            Comparison::More => ">",
            Comparison::AtLeast => ">=",
            Comparison::Includes => "contains",
            Comparison::Excludes => "notcontains",
        }
    }
}

/// What a clause tests of an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Compare(Comparison, Literal),
    /// The answer is one of these (`anyof`).
    OneOf(Vec<Literal>),
    Answered,
    NotAnswered,
}

/// One simple test of one answer (`{q} = 'x'`, `{m.row} anyof ['a', 'b']`, `{q} notempty`): what
/// the studio's condition builder offers without any syntax.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub question: String,
    pub row: Option<String>,
    pub test: Test,
}

impl Condition {
    /// The condition as simple clauses all joined the same way, if it is one (it may be
    /// anything the language allows: nesting, `not`, comparisons of two answers…).
    pub fn clauses(&self) -> Option<(Join, Vec<Clause>)> {
        let (join, items) = match &self.expr {
            Expr::And(items) => (Join::All, items.as_slice()),
            Expr::Or(items) => (Join::Any, items.as_slice()),
            single => (Join::All, std::slice::from_ref(single)),
        };
        let literal = |v: &Value| match v {
            Value::Text(t) => Some(Literal::Text(t.clone())),
            Value::Number(n) => Some(Literal::Number(*n)),
            Value::Bool(b) => Some(Literal::Bool(*b)),
            _ => None,
        };
        let clauses = items.iter().map(|item| {
            let (reference, test) = match item {
                Expr::IsEmpty(Operand::Ref(r), filled) => {
                    (*r, if *filled { Test::Answered } else { Test::NotAnswered })
                }
                Expr::Compare(Operand::Ref(r), Op::AnyOf, Operand::Lit(Value::List(values))) => {
                    (*r, Test::OneOf(values.iter().map(|v| Literal::Text(v.clone())).collect()))
                }
                Expr::Compare(Operand::Ref(r), op, Operand::Lit(v)) => {
                    let comparison = match op {
                        Op::Eq => Comparison::Is,
                        Op::Ne => Comparison::IsNot,
                        Op::Lt => Comparison::Less,
                        Op::Le => Comparison::AtMost,
                        Op::Gt => Comparison::More,
                        Op::Ge => Comparison::AtLeast,
                        Op::Contains => Comparison::Includes,
                        Op::NotContains => Comparison::Excludes,
                        Op::AnyOf | Op::AllOf => return None,
                    };
                    (*r, Test::Compare(comparison, literal(v)?))
                }
                _ => return None,
            };
            let Reference { question, row, .. } = self.references.get(reference)?.clone();
            Some(Clause { question, row, test })
        });
        Some((join, clauses.collect::<Option<Vec<Clause>>>()?))
    }
}

/// Clauses as the condition language writes them.
pub fn write_clauses(join: Join, clauses: &[Clause]) -> String {
    let literal = |l: &Literal| match l {
        Literal::Text(t) => quote(t),
        Literal::Number(n) => crate::number::text(*n),
        Literal::Bool(b) => b.to_string(),
    };
    let written: Vec<String> = clauses
        .iter()
        .map(|c| {
            let subject = match &c.row {
                Some(row) => format!("{{{}.{row}}}", c.question),
                None => format!("{{{}}}", c.question),
            };
            match &c.test {
                Test::Compare(comparison, value) => format!("{subject} {} {}", comparison.operator(), literal(value)),
                Test::OneOf(values) => {
                    format!("{subject} anyof [{}]", values.iter().map(literal).collect::<Vec<_>>().join(", "))
                }
                Test::Answered => format!("{subject} notempty"),
                Test::NotAnswered => format!("{subject} empty"),
            }
        })
        .collect();
    written.join(if join == Join::All { " and " } else { " or " })
}

// ------------------------------------------------------------------ rewrite

/// A value a condition compares an answer with, as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Text(String),
    Number(f64),
    Bool(bool),
}

/// What [`rewrite`] changes in a condition's text: the names of questions and rows, and the
/// values compared with a question's answer. Each method returns the new text, or `None` to
/// keep what is there.
pub trait Rewrite {
    /// The question (and row) to name in place of `{question}` or `{question.row}`.
    fn reference(&self, _question: &str, _row: Option<&str>) -> Option<(String, Option<String>)> {
        None
    }

    /// The text value to compare with in place of `literal`, where it is compared with the answer
    /// to `question` (`{question} = 'x'`, `{question} anyof ['x', 'y']`, `{question} = true`).
    fn literal(&self, _question: &str, _row: Option<&str>, _literal: &Literal) -> Option<String> {
        None
    }
}

/// Rewrites a condition's text, changing only what `rules` asks for and keeping everything else
/// (spacing, words, order) as written. Used when a question or an option is renamed (in the
/// studio, and when a survey is brought in from another format).
pub fn rewrite(source: &str, rules: &impl Rewrite) -> Result<String, ConditionError> {
    let chars: Vec<char> = source.chars().collect();
    let tokens = lex(&chars)?;
    let mut out = String::with_capacity(source.len());
    let mut copied = 0; // chars of the source written so far
    let mut subject: Option<(String, Option<String>)> = None;
    let mut comparing = false;
    for (n, token) in tokens.iter().enumerate() {
        let start = token.col - 1;
        let replacement = match &token.kind {
            Kind::Ref(r) => {
                let next_is_op = matches!(tokens.get(n + 1).map(|t| &t.kind), Some(Kind::Op(_)));
                subject = next_is_op.then(|| (r.question.clone(), r.row.clone()));
                comparing = false;
                rules.reference(&r.question, r.row.as_deref()).map(|(question, row)| match row {
                    Some(row) => format!("{{{question}.{row}}}"),
                    None => format!("{{{question}}}"),
                })
            }
            Kind::Op(_) => {
                comparing = subject.is_some();
                None
            }
            Kind::Str(_) | Kind::Num(_) | Kind::Bool(_) if comparing => {
                let literal = match &token.kind {
                    Kind::Str(s) => Literal::Text(s.clone()),
                    Kind::Num(n) => Literal::Number(*n),
                    Kind::Bool(b) => Literal::Bool(*b),
                    _ => unreachable!("matched above"),
                };
                let (question, row) = subject.as_ref().expect("comparing has a subject");
                rules.literal(question, row.as_deref(), &literal).map(|value| quote(&value))
            }
            Kind::LBracket | Kind::Comma => None,
            _ => {
                subject = None;
                comparing = false;
                None
            }
        };
        if let Some(replacement) = replacement {
            out.extend(&chars[copied..start]);
            out.push_str(&replacement);
            copied = start + token.text.chars().count();
        }
    }
    out.extend(&chars[copied..]);
    Ok(out)
}

/// A text value as a condition writes it: in single quotes, with `'` and `\` escaped.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cell::Cell;

    struct Answers(Vec<(&'static str, Value)>);

    impl Lookup for Answers {
        fn value(&self, question: &str, row: Option<&str>) -> Value {
            let key = row.map_or(question.to_string(), |r| format!("{question}.{r}"));
            self.0.iter().find(|(k, _)| *k == key).map_or(Value::Empty, |(_, v)| v.clone())
        }
    }

    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }
    fn n(x: f64) -> Value {
        Value::Number(x)
    }
    fn l(items: &[&str]) -> Value {
        Value::List(items.iter().map(|s| s.to_string()).collect())
    }

    fn ev(src: &str, answers: &[(&'static str, Value)]) -> bool {
        let c = Condition::parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        c.evaluate(&Answers(answers.to_vec()))
    }

    fn err(src: &str) -> String {
        Condition::parse(src).expect_err(src).to_string()
    }

    #[test]
    fn literals() {
        assert!(ev("3 = 3", &[]));
        assert!(ev("-2 < 0", &[]));
        assert!(ev("4.5 > 4", &[]));
        assert!(ev("{a} = -2", &[("a", n(-2.0))]));
        assert!(ev("{a} = 4.5", &[("a", n(4.5))]));
        assert!(ev("{a} = 'yes' and {a} = \"YES\"", &[("a", t("yes"))]));
        assert!(ev(r#"{a} = 'it\'s' and {b} = 'say "hi"'"#, &[("a", t("it's")), ("b", t("say \"hi\""))]));
        assert!(ev(r#"{a} = "say \"hi\"" and {b} = 'back\\'"#, &[("a", t("say \"hi\"")), ("b", t("back\\"))]));
        assert!(ev("true", &[]) && !ev("false", &[]) && ev("TRUE and not False", &[]));
        assert!(ev("{a} = ['x', \"y\", 1, true]", &[("a", l(&["true", "1", "y", "x"]))]));
        assert!(ev("{a} = []", &[]));
        assert!(ev("{a} = ''", &[]) && ev("{a} = \"\"", &[]));
    }

    #[test]
    fn comparisons() {
        let a = [("a", n(5.0))];
        for (src, want) in [
            ("{a} = 5", true),
            ("{a} == 5", true),
            ("{a} <> 5", false),
            ("{a} != 5", false),
            ("{a} < 6", true),
            ("{a} < 5", false),
            ("{a} <= 5", true),
            ("{a} <= 4", false),
            ("{a} > 4", true),
            ("{a} > 5", false),
            ("{a} >= 5", true),
            ("{a} >= 6", false),
            ("{a}=5", true),
            ("5 = {a}", true),
            ("{a} = '5'", true),
        ] {
            assert_eq!(ev(src, &a), want, "{src}");
        }
    }

    #[test]
    fn numbers_and_texts() {
        assert!(ev("{a} > 9", &[("a", t("12"))])); // numeric, not "12" < "9"
        assert!(ev("{a} = 3.5", &[("a", t(" 3.5 "))]));
        assert!(ev("{a} = 'ABC'", &[("a", t("abc"))]));
        assert!(ev("{a} < 'B'", &[("a", t("a"))])); // case-insensitive ordering
        assert!(!ev("{a} = 'abc '", &[("a", t("abc"))]));
        assert!(ev("{a} > 'apple'", &[("a", t("banana"))]));
        assert!(!ev("{a} = 1", &[("a", t("nan"))]) && !ev("{a} < -5", &[("a", t("-inf"))])); // not numbers
                                                                                             // Case is ignored beyond ASCII too, and the ASCII shortcut does not join what differs.
        assert!(ev("{a} = 'ÉTÉ'", &[("a", t("été"))]));
        assert!(!ev("{a} = 'ete'", &[("a", t("été"))]));
        assert!(ev("{a} = 'ŁÓDŹ'", &[("a", t("łódź"))]));
        assert!(ev("{a} = 'ΟΔΟΣ'", &[("a", t("οδος"))]), "a final sigma is a sigma");
        assert!(ev("{a} contains 'ПОЛІЦ'", &[("a", t("Поліція"))]));
        assert!(!ev("{a} = 'abd'", &[("a", t("ABC"))]));
    }

    #[test]
    fn a_number_compared_with_a_text_is_compared_as_that_text() {
        assert!(
            ev("{a} = '16'", &[("a", n(16.0))])
                && ev("{a} = '0.5'", &[("a", n(0.5))])
                && ev("{a} = 'x'", &[("a", t("x"))])
        );
    }

    #[test]
    fn booleans() {
        for v in ["true", "'true'", "'yes'", "'YES'"] {
            assert!(ev(&format!("{{a}} = {v}"), &[("a", Value::Bool(true))]), "{v}");
            assert!(!ev(&format!("{{a}} = {v}"), &[("a", Value::Bool(false))]), "{v}");
        }
        for v in ["false", "'false'", "'no'"] {
            assert!(ev(&format!("{{a}} = {v}"), &[("a", Value::Bool(false))]), "{v}");
        }
        assert!(ev("{a} <> 'no'", &[("a", Value::Bool(true))]));
        assert!(ev("{a} = true", &[("a", t("Yes"))]));
        assert!(ev("{a}", &[("a", Value::Bool(true))]) && !ev("{a}", &[]) && !ev("{a}", &[("a", t("no"))]));
        assert!(ev("{a} and {b}", &[("a", n(1.0)), ("b", l(&["x"]))]) && !ev("{a}", &[("a", n(0.0))]));
    }

    #[test]
    fn empty_semantics() {
        for (src, want) in [
            ("{q} = ''", true),
            ("{q} <> ''", false),
            ("{q} = 'a'", false),
            ("{q} <> 'a'", true),
            ("{q} = []", true),
            ("{q} < 5", false),
            ("{q} > 5", false),
            ("{q} <= 5", false),
            ("{q} >= 5", false),
            ("{q} empty", true),
            ("{q} notempty", false),
            ("{q} = 0", false),
            ("{q} contains 'a'", false),
            ("{q} notcontains 'a'", true),
            ("{q} anyof ['a']", false),
            ("{q} allof ['a']", false),
        ] {
            assert_eq!(ev(src, &[]), want, "{src}");
        }
        assert!(ev("{a} empty and {b} empty and {c} notempty", &[("a", t("  ")), ("b", l(&[])), ("c", n(0.0))]));
        assert!(ev("{a} = {b}", &[("a", t("")), ("b", l(&[]))]));
    }

    #[test]
    fn lists_and_arrays() {
        let ab = [("a", l(&["a", "b"]))];
        for (src, want) in [
            ("{a} = ['b', 'a']", true),
            ("{a} = ['a']", false),
            ("{a} = 'a'", false),
            ("{a} <> ['a']", true),
            ("{a} contains 'A'", true),
            ("{a} contains 'c'", false),
            ("{a} notcontains 'c'", true),
            ("{a} contains ['a', 'b']", true),
            ("{a} anyof ['x', 'b']", true),
            ("{a} anyof ['x']", false),
            ("{a} allof ['b']", true),
            ("{a} allof ['a', 'c']", false),
            ("{a} > 'a'", false),
        ] {
            assert_eq!(ev(src, &ab), want, "{src}");
        }
        assert!(ev("{a} = 'a' and {a} = ['A']", &[("a", l(&["a"]))]));
        assert!(ev("{a} = 3 and {a} anyof [1, 3]", &[("a", l(&["3"]))]));
        assert!(ev("{a} anyof ['x', 'y'] and {a} allof ['x']", &[("a", t("x"))]));
        assert!(ev("{a} anyof [1, 2]", &[("a", n(2.0))]));
        assert!(ev("{a} anyof {b}", &[("a", t("x")), ("b", l(&["y", "x"]))]));
        assert!(ev("{a} contains 'WORLD' and {a} notcontains 'moon'", &[("a", t("Hello world"))]));
        assert!(ev("{a} contains 2", &[("a", n(123.0))]));
    }

    #[test]
    fn nan_and_infinity_never_panic() {
        let nan = [("a", n(f64::NAN))];
        for src in ["{a} < 1", "{a} <= 1", "{a} > 1", "{a} >= 1", "{a} = 1", "{a}", "{a} = {a}"] {
            assert!(!ev(src, &nan), "{src}");
        }
        assert!(ev("{a} <> 1", &nan));
        assert!(ev("{a} > 1000000", &[("a", n(f64::INFINITY))]));
        assert!(ev("{a} < -1000000", &[("a", n(f64::NEG_INFINITY))]));
    }

    #[test]
    fn precedence_and_parentheses() {
        let v = [("a", n(1.0)), ("b", n(0.0)), ("c", n(0.0))];
        assert!(ev("{a} = 1 or {b} = 1 and {c} = 1", &v)); // or binds loosest
        assert!(!ev("({a} = 1 or {b} = 1) and {c} = 1", &v));
        assert!(!ev("not {a} = 1", &v)); // not binds looser than comparison
        let v = [("a", n(1.0)), ("b", n(3.0))];
        assert!(!ev("not {a} = 1 and {b} = 2", &v)); // (not a=1) and b=2
        assert!(ev("not ({a} = 1 and {b} = 2)", &v));
        assert!(ev("not not {a} = 1", &v) && ev("!!{a} = 1", &v) && !ev("!({a} = 1)", &v));
        assert!(ev("{a} = 1 && {b} = 3 || {b} = 9", &v) && ev("{b} = 9 || {a} = 1", &v));
        assert!(ev("((({a} = 1)))", &v));
    }

    #[test]
    fn keywords_are_case_insensitive() {
        let v = [("a", n(1.0)), ("c", l(&["x"]))];
        assert!(ev("{a} = 1 AND NOT {b} NotEmpty Or {c} ANYOF ['y']", &v));
        assert!(ev("{b} EMPTY and {c} Contains 'X' and {c} NOTCONTAINS 'z' and {c} AllOf ['x'] and TRUE", &v));
    }

    #[test]
    fn references_with_rows_and_columns() {
        let c = Condition::parse("{agee} = 1").unwrap();
        assert_eq!(c.source(), "{agee} = 1");
        assert_eq!(c.references(), &[Reference { question: "agee".into(), row: None, column: 2 }]);
        let c = Condition::parse("{m.r1} = 'x' and {m.r.2} anyof [1] or {q-1_b} empty").unwrap();
        let refs: Vec<_> = c.references().iter().map(|r| (r.question.as_str(), r.row.as_deref(), r.column)).collect();
        assert_eq!(refs, [("m", Some("r1"), 2), ("m", Some("r.2"), 19), ("q-1_b", None, 40)]);
        let c = Condition::parse("'ééé' = {q}").unwrap(); // columns count characters, not bytes
        assert_eq!(c.references()[0].column, 10);
        assert!(ev("{m.r1} = 'x' and {m} empty", &[("m.r1", t("x"))]));
    }

    #[test]
    fn error_messages() {
        for (src, want) in [
            ("{agee} =", "expected a value after \"=\" at column 9"),
            ("  ({a}", "unclosed \"(\" at column 3"),
            ("{a} => 1", "unknown operator \"=>\" at column 5"),
            ("{a} & {b}", "unknown operator \"&\" at column 5"),
            ("{a} = 'yes", "unterminated string at column 7"),
            ("", "empty condition at column 1"),
            ("   ", "empty condition at column 1"),
            ("{agee = 1", "expected \"}\" after question name at column 6"),
            ("{m.r = 1", "expected \"}\" after row name at column 5"),
            ("{} = 1", "expected question name after \"{\" at column 2"),
            ("{m.} = 1", "expected row name after \".\" at column 4"),
            ("and {a}", "unexpected \"and\" at column 1"),
            ("{a} and", "expected a condition after \"and\" at column 8"),
            ("{a} OR )", "expected a condition after \"OR\" at column 8"),
            ("not", "expected a condition after \"not\" at column 4"),
            ("()", "expected a condition after \"(\" at column 2"),
            ("{a} contains", "expected a value after \"contains\" at column 13"),
            ("{a} = 1)", "unexpected \")\" at column 8"),
            ("{a} {b}", "unexpected \"{b}\" at column 5"),
            ("{a} = 1 = 2", "unexpected \"=\" at column 9"),
            ("{a} empty = 1", "unexpected \"=\" at column 11"),
            ("({a} {b})", "unexpected \"{b}\" at column 6"),
            ("{a} = yes", "unknown word \"yes\" at column 7"),
            ("age({b}) > 3", "unknown function \"age\" at column 1"),
            ("{a} = 1a", "invalid number \"1a\" at column 7"),
            ("{a} = 1.", "invalid number \"1.\" at column 7"),
            ("{a} = -", "unexpected character \"-\" at column 7"),
            ("{a} @ 1", "unexpected character \"@\" at column 5"),
            ("{a} anyof ['x',", "unclosed \"[\" at column 11"),
            ("{a} anyof ['x',]", "expected a value after \",\" at column 16"),
            ("{a} anyof ['x' 'y']", "unexpected \"'y'\" at column 16"),
            ("{a} anyof [{b}]", "expected a value after \"[\" at column 12"),
            ("{a} < [1]", "an array cannot be compared with \"<\" at column 7"),
            ("['a']", "an array needs an operator such as anyof at column 1"),
            ("['a'] empty", "an array needs an operator such as anyof at column 1"),
        ] {
            assert_eq!(err(src), want, "{src}");
        }
        let long = "{a} = 1 or ".repeat(200);
        assert_eq!(err(&long), "condition is longer than 2000 characters at column 2001");
        let e = Condition::parse("{a} =").unwrap_err();
        assert_eq!((e.message.as_str(), e.column), ("expected a value after \"=\"", 6));
    }

    #[test]
    fn nesting_limit() {
        let nested = |d: usize| format!("{}{{a}} = 1{}", "(".repeat(d), ")".repeat(d));
        assert!(Condition::parse(&nested(MAX_DEPTH)).is_ok());
        assert_eq!(err(&nested(MAX_DEPTH + 1)), "condition is too deeply nested at column 33");
        assert!(Condition::parse(&format!("{}{{a}}", "not ".repeat(MAX_DEPTH))).is_ok());
        assert_eq!(err(&format!("{}{{a}}", "not ".repeat(33))), "condition is too deeply nested at column 129");
        assert_eq!(err(&format!("{}{{a}}", "not (".repeat(17))), "condition is too deeply nested at column 81");
        // long flat chains are not nesting
        assert!(Condition::parse(&vec!["{a} = 1"; 150].join(" and ")).is_ok());
    }

    #[test]
    fn hostile_depth_is_an_error_not_a_crash() {
        for unit in ["(", "not ", "!", "( not ", "["] {
            let deep = unit.repeat(10_000);
            assert!(err(&deep).starts_with("condition is longer than 2000 characters"), "{unit}");
            // at the length limit the nesting guard has to catch it, before the stack does
            let e = Condition::parse(&deep[..MAX_LENGTH]).unwrap_err();
            let want = if unit == "[" { "expected a value after \"[\"" } else { "condition is too deeply nested" };
            assert_eq!(e.message, want, "{unit}");
        }
    }

    struct Cycle(Vec<Value>, Cell<usize>);

    impl Lookup for Cycle {
        fn value(&self, _: &str, _: Option<&str>) -> Value {
            let i = self.1.get();
            self.1.set(i + 1);
            self.0.get(i % self.0.len().max(1)).cloned().unwrap_or(Value::Empty)
        }
    }

    fn any_value() -> impl Strategy<Value = Value> {
        let texts = ["", "  ", " 3.5 ", "12", "-0", "yes", "No", "NaN", "inf", "1e400", "a"];
        let floats = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 1.0];
        prop_oneof![
            Just(Value::Empty),
            any::<String>().prop_map(Value::Text),
            prop::sample::select(texts.to_vec()).prop_map(|s| Value::Text(s.into())),
            any::<f64>().prop_map(Value::Number),
            prop::sample::select(floats.to_vec()).prop_map(Value::Number),
            any::<bool>().prop_map(Value::Bool),
            prop::collection::vec(prop::sample::select(texts.to_vec()).prop_map(String::from), 0..4)
                .prop_map(Value::List),
        ]
    }

    const ALPHABET: &[&str] = &[
        "{", "}", "q1", "{q1}", "{m.r}", "'a'", "\"b\"", "=", "<>", "<", ">=", "and", "or", "not", "!", "&&", "||",
        "(", ")", "[", ",", "]", "0", "7", "-3", "4.5", " ", "é", "漢", "contains", "anyof", "allof", "empty",
        "notempty", "true", ".", "\\", "'",
    ];

    /// Random tokens, plus well-formed conditions with one random token spliced in,
    /// so that a good share parses and gets evaluated.
    fn token_soup() -> impl Strategy<Value = String> {
        let token = || prop::sample::select(ALPHABET.to_vec());
        let operand = prop::sample::select(vec![
            "{q1}", "{m.r}", "'a'", "\"B\"", "7", "-3", "4.5", "true", "''", "['a', 1]", "[]",
        ]);
        let op = prop::sample::select(vec![
            "=",
            "==",
            "<>",
            "!=",
            "<",
            "<=",
            ">",
            ">=",
            "contains",
            "notcontains",
            "anyof",
            "allof",
        ]);
        let leaf = prop_oneof![
            (operand.clone(), op, operand.clone()).prop_map(|(a, o, b)| format!("{a} {o} {b}")),
            (operand.clone(), prop::sample::select(vec!["empty", "NotEmpty"])).prop_map(|(a, e)| format!("{a} {e}")),
            operand.prop_map(String::from),
        ];
        let condition = leaf.prop_recursive(5, 40, 4, |inner| {
            prop_oneof![
                (inner.clone(), prop::sample::select(vec!["and", "or", "&&", "||", "AND"]), inner.clone())
                    .prop_map(|(a, o, b)| format!("{a} {o} {b}")),
                inner.clone().prop_map(|a| format!("not {a}")),
                inner.prop_map(|a| format!("({a})")),
            ]
        });
        prop_oneof![
            (prop::collection::vec(token(), 0..40), any::<bool>())
                .prop_map(|(tokens, spaced)| tokens.join(if spaced { " " } else { "" })),
            condition.clone(),
            (condition, token(), any::<usize>()).prop_map(|(c, t, at)| {
                let mut words: Vec<&str> = c.split(' ').collect();
                words.insert(at % (words.len() + 1), t);
                words.join(" ")
            }),
        ]
    }

    /// Runs `cases` fuzz cases; returns how many ran and how many parsed.
    fn fuzz(source: impl Strategy<Value = String>) -> (usize, usize) {
        let (ran, parsed) = (Cell::new(0), Cell::new(0));
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(20_000));
        let inputs = (source, prop::collection::vec(any_value(), 0..6));
        let result = runner.run(&inputs, |(src, values)| {
            ran.set(ran.get() + 1);
            let chars: Vec<char> = src.chars().collect();
            match Condition::parse(&src) {
                Ok(c) => {
                    parsed.set(parsed.get() + 1);
                    c.evaluate(&Cycle(values, Cell::new(0)));
                    for r in c.references() {
                        prop_assert_eq!(chars.get(r.column.wrapping_sub(2)), Some(&'{'));
                    }
                }
                Err(e) => {
                    prop_assert!(e.column >= 1 && e.column <= chars.len() + 1, "{}", e);
                    prop_assert!(e.message.starts_with(|c: char| c.is_lowercase()), "{}", e);
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
        (ran.get(), parsed.get())
    }

    #[test]
    fn arbitrary_strings_never_panic() {
        let (ran, _) = fuzz(any::<String>());
        assert!(ran >= 20_000, "{ran}");
    }

    #[test]
    fn token_soup_never_panics() {
        let (ran, parsed) = fuzz(token_soup());
        eprintln!("token soup: {ran} cases, {parsed} parsed");
        assert!(ran >= 20_000 && parsed >= 4_000, "{ran} cases, {parsed} parsed");
    }

    struct Renames;

    impl Rewrite for Renames {
        fn reference(&self, question: &str, row: Option<&str>) -> Option<(String, Option<String>)> {
            (question == "Travel Mode").then(|| ("travel".into(), row.map(str::to_string)))
        }

        fn literal(&self, question: &str, _row: Option<&str>, literal: &Literal) -> Option<String> {
            match (question, literal) {
                ("Travel Mode", Literal::Text(t)) if t == "On foot" => Some("walk".into()),
                ("consent", Literal::Bool(true)) => Some("yes".into()),
                ("consent", Literal::Bool(false)) => Some("no".into()),
                _ => None,
            }
        }
    }

    #[test]
    fn rewrite_changes_names_and_compared_values_and_keeps_the_rest() {
        let rewritten = rewrite("{Travel Mode} anyof ['On foot', 'bus']  and {consent} = true", &Renames);
        // "Travel Mode" has a space, which a reference cannot: it is not a reference, so the
        // condition does not lex; the importer makes names usable first.
        assert!(rewritten.is_err());
        assert_eq!(
            rewrite("{consent} = true and not ({age} >= 16 or {consent} != false)", &Renames).unwrap(),
            "{consent} = 'yes' and not ({age} >= 16 or {consent} != 'no')"
        );
        assert_eq!(rewrite("true = {consent}", &Renames).unwrap(), "true = {consent}");
        assert_eq!(quote("it's \\ here"), "'it\\'s \\\\ here'");
    }

    struct Values;

    impl Rewrite for Values {
        fn reference(&self, question: &str, row: Option<&str>) -> Option<(String, Option<String>)> {
            (question == "q1").then(|| ("travel".into(), row.map(str::to_string)))
        }

        fn literal(&self, question: &str, row: Option<&str>, literal: &Literal) -> Option<String> {
            match (question, row, literal) {
                ("q1", None, Literal::Text(t)) => Some(t.to_lowercase().replace(' ', "_")),
                ("grid", Some("r1"), Literal::Number(n)) => Some(format!("c{n}")),
                _ => None,
            }
        }
    }

    #[test]
    fn rewrite_maps_every_value_in_a_list_and_rows_of_a_matrix() {
        assert_eq!(
            rewrite("{q1} anyof ['On Foot','By Bus'] or {grid.r1} = 2 or {other} = 'On Foot'", &Values).unwrap(),
            "{travel} anyof ['on_foot','by_bus'] or {grid.r1} = 'c2' or {other} = 'On Foot'"
        );
        let parsed = Condition::parse(&rewrite("{q1} = 'A B'", &Values).unwrap()).unwrap();
        assert_eq!(parsed.references()[0].question, "travel");
    }

    #[test]
    fn simple_conditions_read_as_clauses_and_write_back_the_same() {
        for source in [
            "{safe} = 'no'",
            "{age} >= 16 and {consent} = 'yes'",
            "{travel} anyof ['walk', 'bike'] or {worries} contains 'dark' or {grid.school} != 'safe'",
            "{why} notempty",
            "{why} empty and {age} < 12.5",
        ] {
            let condition = Condition::parse(source).unwrap();
            let (join, clauses) = condition.clauses().unwrap_or_else(|| panic!("{source}"));
            assert_eq!(write_clauses(join, &clauses), source);
        }
        for complex in ["not ({a} = 1)", "{a} = 1 and ({b} = 2 or {c} = 3)", "{a} = {b}", "{a}"] {
            assert!(Condition::parse(complex).unwrap().clauses().is_none(), "{complex}");
        }
    }
}
