//! The facts of a page that no signature shows but a faithful rewrite must keep: defaults,
//! allowed values, type texts, the scope, the deprecation, the error codes and the example
//! JSON.
//!
//! Each function answers the places that differ, as the report names them
//! (`default of \`fields.SORT\``); the caller gathers them into one [`super::Kind::Fact`].

use serde_json::Value;

use crate::{Field, MethodSpec};

/// The method-level facts that differ: scope, deprecation, error codes, example request
/// and answer.
pub(super) fn method(old: &MethodSpec, new: &MethodSpec) -> Vec<String> {
    let mut out = Vec::new();
    if old.deprecated != new.deprecated {
        out.push(format!(
            "deprecation {} → {}",
            old.deprecated.as_deref().unwrap_or("none"),
            new.deprecated.as_deref().unwrap_or("none")
        ));
    }
    if old.scope != new.scope {
        out.push(format!(
            "scope {} → {}",
            old.scope.as_deref().unwrap_or("none"),
            new.scope.as_deref().unwrap_or("none")
        ));
    }
    let codes = |m: &MethodSpec| m.errors.iter().map(|e| e.code.clone()).collect::<Vec<_>>();
    if codes(old) != codes(new) {
        out.push(format!(
            "error codes [{}] → [{}]",
            codes(old).join(", "),
            codes(new).join(", ")
        ));
    }
    if !same_json(
        old.request_example.as_deref(),
        new.request_example.as_deref(),
    ) {
        out.push("example request".into());
    }
    if !same_json(
        old.response.example.as_deref(),
        new.response.example.as_deref(),
    ) {
        out.push("example answer".into());
    }
    out
}

/// The facts of one parameter or response field both pages have.
pub(super) fn field(old: &Field, new: &Field, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    if old.default != new.default {
        out.push(format!(
            "default of `{path}` {} → {}",
            old.default.as_deref().unwrap_or("none"),
            new.default.as_deref().unwrap_or("none")
        ));
    }
    let values = |f: &Field| f.allowed.iter().map(|a| a.0.clone()).collect::<Vec<_>>();
    if values(old) != values(new) {
        out.push(format!(
            "allowed values of `{path}` [{}] → [{}]",
            values(old).join(", "),
            values(new).join(", ")
        ));
    }
    if !old
        .type_text
        .split_whitespace()
        .eq(new.type_text.split_whitespace())
    {
        out.push(format!(
            "type text of `{path}` `{}` → `{}`",
            old.type_text, new.type_text
        ));
    }
    out
}

/// The same JSON value (formatting aside), or the same text when either does not parse.
fn same_json(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => match (
            serde_json::from_str::<Value>(a),
            serde_json::from_str::<Value>(b),
        ) {
            (Ok(x), Ok(y)) => x == y,
            _ => a.split_whitespace().eq(b.split_whitespace()),
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_compares_by_value_not_layout() {
        assert!(same_json(
            Some("{\"a\": [1, 2]}"),
            Some("{\n  \"a\": [1,2]\n}")
        ));
        assert!(!same_json(Some("{\"a\": 1}"), Some("{\"a\": \"1\"}")));
        assert!(!same_json(Some("{}"), None));
        assert!(same_json(Some("not json  here"), Some("not json here")));
    }
}
