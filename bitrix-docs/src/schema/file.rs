//! `bitrix-schema.json`: writing it in its one canonical form, reading it back with
//! errors that name the file, the line and the format versions.

use std::path::Path;

use serde_json::{Map, Value};

use super::{PortalSchema, FORMAT};

/// Why a schema file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// The file as the caller named it.
    pub file: String,
    /// The line of the problem (1-based), when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for SchemaError {}

/// The file's text: `format` and `host` first, every other map sorted by key, lists in
/// id order ([`PortalSchema::sort`]), two-space indent, one trailing newline.
pub fn write(schema: &PortalSchema) -> String {
    let mut sorted = schema.clone();
    sorted.sort();
    let value = serde_json::to_value(&sorted).unwrap_or(Value::Null);
    let mut top = match canonical(value) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let mut out = Map::new();
    for key in ["format", "host"] {
        if let Some(v) = top.remove(key) {
            out.insert(key.into(), v);
        }
    }
    out.extend(top);
    let mut text = serde_json::to_string_pretty(&Value::Object(out)).unwrap_or_default();
    text.push('\n');
    text
}

/// Every object's keys in sorted order (the workspace's serde_json keeps insertion order).
fn canonical(value: Value) -> Value {
    match value {
        Value::Object(m) => {
            let mut pairs: Vec<(String, Value)> = m.into_iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(pairs.into_iter().map(|(k, v)| (k, canonical(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

/// Reads the file at `path`; errors name it as given.
pub fn read(path: &Path) -> Result<PortalSchema, SchemaError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| SchemaError {
        file: shown.clone(),
        line: None,
        message: format!("cannot read: {e}"),
    })?;
    read_str(&text, &shown)
}

/// Reads a schema from its text; `file` names it in errors.
pub fn read_str(text: &str, file: &str) -> Result<PortalSchema, SchemaError> {
    let err = |line: Option<usize>, message: String| SchemaError {
        file: file.to_owned(),
        line,
        message,
    };
    #[derive(serde::Deserialize)]
    struct Head {
        format: Option<Value>,
    }
    let head: Head = serde_json::from_str(text)
        .map_err(|e| err(Some(e.line()), format!("not a schema file: {e}")))?;
    match head.format.as_ref().and_then(Value::as_u64) {
        Some(n) if n == u64::from(FORMAT) => {}
        Some(n) => {
            return Err(err(
                None,
                format!(
                    "format {n}, but this bitrix-api reads format {FORMAT}: pull the schema \
                     again with this version's `bitrix-api schema pull`"
                ),
            ))
        }
        None => {
            return Err(err(
                Some(1),
                format!("no \"format\": a schema file starts with \"format\": {FORMAT}"),
            ))
        }
    }
    serde_json::from_str(text).map_err(|e| err(Some(e.line()), e.to_string()))
}
