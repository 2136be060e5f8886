//! How a binding compiles its catalog: one string per method (the form below), decoded
//! into [`MethodInfo`]s the first time [`catalog`](crate::catalog) is asked for. A literal
//! per method costs rustc far less than a nested struct expression per method and per
//! parameter (the whole API's catalog was ~90 MB of the build's peak memory).
//!
//! An entry is its fields split by `U+001F`: name, title, page, line, scope, version (`2`
//! or `3`), deprecation note, parameters. An absent scope or note is `-`, a present one
//! `+` and its text. The parameters are split by `U+001E`, in page order, nested fields
//! after their parent; each is depth, `1` if required, name and type, split by `U+001D`.
//! `bitrix-codegen` writes the same form (`expand::catalog_entry`).

use std::sync::OnceLock;

use super::{MethodInfo, ParamInfo};
use crate::ApiVersion;

const FIELD: char = '\u{1f}';
const PARAM: char = '\u{1e}';
const PART: char = '\u{1d}';

/// A binding's catalog as generated code holds it: the entries' text, decoded once.
#[doc(hidden)]
pub struct Catalog {
    entries: &'static [&'static str],
    decoded: OnceLock<Box<[MethodInfo]>>,
}

impl Catalog {
    /// The catalog of these entries (sorted by name, then version).
    pub const fn new(entries: &'static [&'static str]) -> Self {
        Catalog {
            entries,
            decoded: OnceLock::new(),
        }
    }

    /// Every entry, decoded on the first call. Parameter lists live as long as the
    /// program, as the literals they come from do.
    pub fn get(&'static self) -> &'static [MethodInfo] {
        self.decoded
            .get_or_init(|| self.entries.iter().map(|e| decode(e)).collect())
    }
}

fn decode(entry: &'static str) -> MethodInfo {
    let mut f = entry.split(FIELD);
    let mut next = || f.next().unwrap_or_default();
    let (name, title, page, line) = (next(), next(), next(), next());
    let scope = optional(next());
    let version = match next() {
        "3" => ApiVersion::V3,
        _ => ApiVersion::V2,
    };
    let deprecated = optional(next());
    let rows: Vec<(usize, ParamInfo)> = next()
        .split(PARAM)
        .filter(|p| !p.is_empty())
        .map(param)
        .collect();
    MethodInfo {
        name,
        title,
        page,
        line: line.parse().unwrap_or_default(),
        scope,
        params: tree(&rows, 0).0,
        version,
        deprecated,
    }
}

fn optional(text: &'static str) -> Option<&'static str> {
    text.strip_prefix('+')
}

fn param(text: &'static str) -> (usize, ParamInfo) {
    let mut p = text.split(PART);
    let mut next = || p.next().unwrap_or_default();
    let depth = next().parse().unwrap_or_default();
    let required = next() == "1";
    let (name, ty) = (next(), next());
    let info = ParamInfo {
        name,
        ty,
        required,
        fields: &[],
    };
    (depth, info)
}

/// The parameters of one level from `rows` (preorder, with depths): each with the deeper
/// rows after it as its fields. Answers the level and how many rows it took.
fn tree(rows: &[(usize, ParamInfo)], depth: usize) -> (&'static [ParamInfo], usize) {
    let mut level = Vec::new();
    let mut i = 0;
    while let Some((d, info)) = rows.get(i) {
        if *d < depth {
            break;
        }
        let (fields, taken) = tree(&rows[i + 1..], depth + 1);
        level.push(ParamInfo { fields, ..*info });
        i += 1 + taken;
    }
    if level.is_empty() {
        return (&[], i);
    }
    (Box::leak(level.into_boxed_slice()), i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_decodes_with_its_nested_parameters() {
        static ENTRIES: &[&str] = &[
            "crm.lead.contact.add\u{1f}Link a Contact\u{1f}api-reference/x.md\u{1f}1\u{1f}+crm\u{1f}2\u{1f}-\u{1f}\
             0\u{1d}1\u{1d}id\u{1d}integer\u{1e}0\u{1d}1\u{1d}fields\u{1d}object\u{1e}\
             1\u{1d}1\u{1d}CONTACT_ID\u{1d}integer\u{1e}1\u{1d}0\u{1d}SORT\u{1d}integer\u{1e}\
             0\u{1d}0\u{1d}tail\u{1d}string",
            "tasks.task.list\u{1f}T\u{1f}p.md\u{1f}7\u{1f}-\u{1f}3\u{1f}+use tasks.task.get\u{1f}",
        ];
        static CATALOG: Catalog = Catalog::new(ENTRIES);
        let [a, b] = CATALOG.get() else {
            panic!("two entries");
        };
        assert_eq!(
            (a.name, a.title, a.page, a.line),
            (
                "crm.lead.contact.add",
                "Link a Contact",
                "api-reference/x.md",
                1
            )
        );
        assert_eq!(
            (a.scope, a.version, a.deprecated),
            (Some("crm"), ApiVersion::V2, None)
        );
        let names: Vec<&str> = a.params.iter().map(|p| p.name).collect();
        assert_eq!(names, ["id", "fields", "tail"]);
        let fields = a.params[1].fields;
        assert_eq!(fields.len(), 2);
        assert_eq!(
            (fields[0].name, fields[0].ty, fields[0].required),
            ("CONTACT_ID", "integer", true)
        );
        assert_eq!((fields[1].name, fields[1].required), ("SORT", false));
        assert!(a.params[0].fields.is_empty() && a.params[2].fields.is_empty());
        assert_eq!(
            (b.scope, b.version, b.deprecated),
            (None, ApiVersion::V3, Some("use tasks.task.get"))
        );
        assert!(b.params.is_empty());
        assert!(std::ptr::eq(CATALOG.get(), CATALOG.get()), "decoded once");
    }
}
