//! What `--db` names: a SQLite file or a PostgreSQL URL, printed without its password.

use std::fmt;
use std::path::PathBuf;

/// Where the responses are kept, as `--db` names it: a SQLite file, or a PostgreSQL URL
/// (`postgres://user@host/dbname` or `postgresql://…`, as libpq reads it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl std::str::FromStr for Location {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() {
            return Err("an empty --db: give a database file or a postgres:// URL".into());
        }
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            super::postgres::config(text)?;
            Ok(Location::Postgres(text.to_string()))
        } else if lower.contains("://") {
            Err(format!("{}: only postgres:// URLs and file paths are databases here", redacted(text)))
        } else {
            Ok(Location::Sqlite(PathBuf::from(text)))
        }
    }
}

impl fmt::Display for Location {
    /// The file's path, or the URL without its password: safe to print.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&redacted(url)),
        }
    }
}

/// A URL with any password in it (`user:password@`, `?password=`) replaced by `***`.
fn redacted(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let base = match base.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            match authority.rsplit_once('@') {
                Some((user, host)) if user.contains(':') => {
                    format!("{scheme}://{}:***@{host}{path}", user.split(':').next().unwrap_or(""))
                }
                _ => base.to_string(),
            }
        }
        None => base.to_string(),
    };
    let Some(query) = query else { return base };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if name.eq_ignore_ascii_case("password") => format!("{name}=***"),
            _ => pair.to_string(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_locations_and_their_printed_names() {
        let parse = |text: &str| text.parse::<Location>();
        assert_eq!(parse("responses.db"), Ok(Location::Sqlite("responses.db".into())));
        assert_eq!(parse("/var/lib/speaksafe/r.db"), Ok(Location::Sqlite("/var/lib/speaksafe/r.db".into())));
        for url in ["postgres://speaksafe@localhost/speaksafe", "postgresql://u@%2Frun%2Fpostgresql/db"] {
            assert_eq!(parse(url), Ok(Location::Postgres(url.into())), "{url}");
        }
        assert!(parse("").is_err());
        assert!(parse("mysql://root@db/x").unwrap_err().contains("only postgres:// URLs"));
        assert!(parse("postgres://u@h:notaport/d").is_err());
        let shown = |text: &str| parse(text).unwrap().to_string();
        assert_eq!(
            shown("postgres://org:s3cret@db.internal:5432/speaksafe"),
            "postgres://org:***@db.internal:5432/speaksafe"
        );
        assert_eq!(
            shown("postgres://org@db/x?password=s3cret&sslmode=disable"),
            "postgres://org@db/x?password=***&sslmode=disable"
        );
        assert_eq!(shown("postgres://org@db/x"), "postgres://org@db/x");
        assert_eq!(shown("responses.db"), "responses.db");
    }
}
