//! [`WireError`]: what did not fit, and where.

use std::fmt;

use serde_json::Value;

/// A value that does not fit its type: the message says what arrived, the path where
/// (`items[2].CONTACT_ID`, outermost first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError {
    /// Innermost segment first: each enclosing decoder pushes its own.
    rev_path: Vec<Segment>,
    message: String,
    /// The innermost generated record the value belongs to (`Deal`).
    record: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl WireError {
    /// An error at the value being decoded.
    pub fn new(message: impl Into<String>) -> Self {
        WireError {
            rev_path: Vec::new(),
            message: message.into(),
            record: None,
        }
    }

    /// `expected …, got …`, showing a short form of what arrived.
    pub fn unexpected(expected: &str, got: &Value) -> Self {
        WireError::new(format!("expected {expected}, got {}", show(got)))
    }

    /// The same error, inside the object key `key`.
    pub fn at_key(mut self, key: &str) -> Self {
        self.rev_path.push(Segment::Key(key.to_owned()));
        self
    }

    /// The same error, inside the array element `index`.
    pub fn at_index(mut self, index: usize) -> Self {
        self.rev_path.push(Segment::Index(index));
        self
    }

    /// The same error, naming the record it happened in (`Deal`), unless an inner record
    /// already did: generated records call it, so a misfit names record and field.
    pub fn in_record(mut self, name: &'static str) -> Self {
        self.record.get_or_insert(name);
        self
    }

    /// The innermost record the misfit is in, if a generated record named itself.
    pub fn record(&self) -> Option<&'static str> {
        self.record
    }

    /// The path, outermost first: `items[2].CONTACT_ID`; empty at the top.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.rev_path.iter().rev() {
            match segment {
                Segment::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    /// What went wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path() {
            p if p.is_empty() => f.write_str(&self.message)?,
            p => write!(f, "{p}: {}", self.message)?,
        }
        match self.record {
            Some(record) => write!(f, " (a field of `{record}`)"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for WireError {}

/// A value as an error shows it: its JSON kind and at most 40 characters of it.
pub(crate) fn show(v: &Value) -> String {
    let kind = match v {
        Value::Null => return "null".to_owned(),
        Value::Bool(b) => return format!("boolean {b}"),
        Value::Number(n) => return format!("number {n}"),
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let text = match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    };
    if text.chars().count() > 40 {
        let cut: String = text.chars().take(40).collect();
        format!("{kind} {cut}…")
    } else {
        format!("{kind} {text}")
    }
}
