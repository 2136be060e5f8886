//! Table rows and cells → [`RawField`]s: names and required markers, the type text, the
//! description, defaults, allowed values, and the fields a cell lists as bullets or in a
//! code block. Nothing here decides a type; `resolve.rs` does.

use crate::page::{self, Row, Table};

pub(super) fn first_code_span(s: &str) -> Option<String> {
    let (_, rest) = s.split_once('`')?;
    let (code, _) = rest.split_once('`')?;
    let code = code.trim();
    (!code.is_empty()).then(|| code.to_string())
}

pub(super) fn code_spans(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some((_, after)) = rest.split_once('`') {
        let Some((code, tail)) = after.split_once('`') else {
            break;
        };
        out.push(code.trim());
        rest = tail;
    }
    out
}

// ---------------------------------------------------------------- text cleaning

/// Description markdown without YFM directives and `{#…}` anchors.
pub(super) fn clean_text(s: &str) -> String {
    if !s.contains('{') && !s.contains("\n\n\n") && !s.contains(" \n") {
        return s.trim().to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let next = match (rest.find("{%"), rest.find("{#")) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let Some(at) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(rest.get(..at).unwrap_or(""));
        let tail = rest.get(at..).unwrap_or("");
        let close = if tail.starts_with("{%") { "%}" } else { "}" };
        match tail.find(close) {
            Some(end) => rest = tail.get(end + close.len()..).unwrap_or(""),
            None => {
                out.push_str(tail);
                break;
            }
        }
    }
    // Trailing spaces go, and runs of blank lines become one.
    let mut joined = String::with_capacity(out.len());
    let mut blank_run = 0;
    for line in out.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        if !joined.is_empty() || !line.is_empty() {
            joined.push_str(line);
            joined.push('\n');
        }
    }
    joined.trim_end().to_string()
}

/// `**CONTACT_ID^*^**`, `**id***`, `**x**^*^`, `` `x` ``, `[x](y)`, `x\_y` → (name, required).
pub(super) fn parse_name(cell_first: &str) -> (String, bool, &str) {
    let s = cell_first.trim();
    let (inner, rest) = match s.strip_prefix("**") {
        Some(after) => match after.find("**") {
            Some(at) => (
                after.get(..at).unwrap_or(""),
                after.get(at + 2..).unwrap_or(""),
            ),
            None => (after, ""),
        },
        None => match s.strip_prefix('`').and_then(|a| a.split_once('`')) {
            Some((code, rest)) => (code, rest),
            None => (s, ""),
        },
    };
    let rest_trim = rest.trim_start();
    let mut required = inner.ends_with('*') || inner.contains("^*^");
    let mut rest = rest;
    for marker in ["^*^", "\\*", "*"] {
        if let Some(after) = rest_trim.strip_prefix(marker) {
            required = true;
            rest = after;
            break;
        }
    }
    (clean_name(inner), required, rest)
}

pub(super) fn clean_name(s: &str) -> String {
    let s = clean_text(s);
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '^' | '[' => {}
            ']' => {
                // `[x](y)`: drop `(y)`
                if chars.peek() == Some(&'(') {
                    for c in chars.by_ref() {
                        if c == ')' {
                            break;
                        }
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

/// A wire name: letters, digits, `_` (rows like `UF_...` are patterns, not names).
pub(super) fn is_field_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

// ---------------------------------------------------------------- field rows

/// A table row read as a field, before types are settled.
#[derive(Debug, Clone)]
pub(super) struct RawField {
    /// The wire name, or the key prefix of a placeholder row (`UF_CRM_...` → `UF_CRM_`).
    pub(super) name: String,
    pub(super) required: bool,
    /// A placeholder row: a family of keys, not one field (see [`pattern_prefix`]).
    pub(super) pattern: bool,
    pub(super) type_text: String,
    pub(super) description: String,
    pub(super) default: Option<String>,
    pub(super) allowed: Vec<(String, String)>,
    /// `- **FIELD** — …` items of the description cell.
    pub(super) bullet_fields: Vec<RawField>,
    /// Quoted keys of a `{ "KEY": … }` code block in the description cell.
    pub(super) code_keys: Vec<String>,
    /// `#anchor` link targets of the type and description cells.
    pub(super) links: Vec<String>,
    pub(super) line: usize,
}

impl RawField {
    /// A field with only a name: no type, no description.
    pub(super) fn named(name: &str, line: usize) -> Self {
        RawField {
            name: name.to_string(),
            required: false,
            pattern: false,
            type_text: String::new(),
            description: String::new(),
            default: None,
            allowed: Vec::new(),
            bullet_fields: Vec::new(),
            code_keys: Vec::new(),
            links: Vec::new(),
            line,
        }
    }
}

/// Which cell holds what.
pub(super) struct Columns {
    pub(super) ty: Option<usize>,
    pub(super) desc: usize,
    pub(super) default: Option<usize>,
}

pub(super) fn columns(table: &Table) -> Columns {
    let header = table.header();
    let find = |word: &str| header.iter().skip(1).position(|h| h == word).map(|i| i + 1);
    let desc = header
        .iter()
        .skip(1)
        .position(|h| h.contains("description"))
        .map_or(1, |i| i + 1);
    Columns {
        ty: find("type"),
        desc,
        default: find("default"),
    }
}

pub(super) fn read_rows(table: &Table) -> Vec<RawField> {
    let cols = columns(table);
    let mut out: Vec<RawField> = Vec::new();
    for row in table.body().iter().filter_map(|row| read_row(row, &cols)) {
        // `fields.CONTACT_ID` right after `fields`: a field of that parameter.
        if let Some((parent, child)) = row.name.split_once('.') {
            if let Some(p) = out.iter_mut().find(|p| p.name == parent) {
                p.bullet_fields.push(RawField {
                    name: child.to_string(),
                    ..row
                });
                continue;
            }
        }
        out.push(row);
    }
    out
}

pub(super) fn read_row(row: &Row, cols: &Columns) -> Option<RawField> {
    let cell = |i: usize| row.cells.get(i).map_or("", |c| c.text.as_str());
    let name_cell = cell(0);
    let (name, required, rest) = parse_name(name_cell);
    if name.is_empty() {
        return None;
    }
    let (name, pattern) = match pattern_prefix(&name) {
        Some(prefix) => (prefix.to_string(), true),
        None => (name, false),
    };
    let type_source = match cols.ty {
        Some(i) => cell(i),
        None => rest,
    };
    let type_text = type_text(type_source);
    let desc_raw = cell(cols.desc);
    let description = clean_text(desc_raw);
    let default = cols
        .default
        .and_then(|i| first_code_span(cell(i)).or_else(|| nonempty(clean_text(cell(i)))))
        .or_else(|| default_of(&description));
    let (allowed, bullet_fields) = bullet_items(desc_raw, row.line);
    // A list of file extensions ("Allowed extensions: `wav`, `mp3`") says what a file name
    // may end with, not the values the field takes.
    let allowed = match desc_raw.to_ascii_lowercase().contains("extensions:") {
        true => Vec::new(),
        false => allowed,
    };
    let code_keys = page::code_blocks(desc_raw)
        .first()
        .map(|c| code_keys(c))
        .unwrap_or_default();
    let links = anchor_links(type_source)
        .chain(anchor_links(desc_raw))
        .map(str::to_string)
        .collect();
    Some(RawField {
        name,
        // A family of keys is never required: no one key of it has to be sent.
        required: required && !pattern,
        pattern,
        type_text,
        description,
        default,
        allowed,
        bullet_fields,
        code_keys,
        links,
        line: row.line,
    })
}

/// A placeholder row's key prefix: `UF_CRM_...`, `UF_CRM_xxx`, `PARENT_ID_…`,
/// `parentId{entityTypeId}`, `ufCrm...` → `UF_CRM_`, `UF_CRM_`, `PARENT_ID_`, `parentId`,
/// `ufCrm`. `None` for an ordinary name (`UF_CRM_3_DIGIT` is one field).
pub(super) fn pattern_prefix(name: &str) -> Option<&str> {
    let cut = name
        .find("...")
        .or_else(|| name.find('…'))
        .or_else(|| name.find('{'))
        .or_else(|| {
            let lower = name.to_ascii_lowercase();
            lower
                .strip_suffix("xxx")
                .filter(|head| head.ends_with('_'))
                .map(str::len)
        })?;
    let prefix = name.get(..cut)?;
    is_field_name(prefix).then_some(prefix)
}

/// `[below](#fields)` → `fields`.
pub(super) fn anchor_links(s: &str) -> impl Iterator<Item = &str> {
    s.split("](#")
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(a, _)| a.trim()))
}

pub(super) fn nonempty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// The type written under a name: code spans joined by `|` (`[`string`](…)\|[`lang_map`](…)`).
pub(super) fn type_text(s: &str) -> String {
    let spans = code_spans(s);
    if spans.is_empty() {
        let plain = clean_name(s);
        return if plain.split_whitespace().count() == 1 {
            plain
        } else {
            String::new()
        };
    }
    spans.join("|")
}

/// "Defaults to `10`", "Default — `N`", "By default, `Y`", "Default value is `0`".
pub(super) fn default_of(description: &str) -> Option<String> {
    let lower = description.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower.get(from..).and_then(|s| s.find("default")) {
        let start = from + at + "default".len();
        from = start;
        // A value that happens to be spelled DEFAULT (`NAME=DEFAULT`, `` `DEFAULT` — …``)
        // is no default.
        let before = lower[..from - "default".len()].chars().next_back();
        let after = lower[start..].chars().next();
        if before.is_some_and(|c| c == '`' || c == '=' || c == '_' || c.is_alphanumeric())
            || after.is_some_and(|c| c == '`' || c == '_' || c == '=')
        {
            continue;
        }
        let mut rest = description.get(start..)?;
        loop {
            let trimmed = rest.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | ':' | '—' | '–' | '-' | 's')
            });
            let mut next = trimmed;
            for word in ["to ", "is ", "value ", "values "] {
                if trimmed.len() >= word.len()
                    && trimmed
                        .get(..word.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(word))
                {
                    next = trimmed.get(word.len()..).unwrap_or("");
                }
            }
            if next.len() == rest.len() {
                break;
            }
            rest = next;
        }
        if rest.starts_with('`') {
            if let Some(value) = first_code_span(rest) {
                return Some(value);
            }
        }
    }
    None
}

pub(super) type Allowed = Vec<(String, String)>;

/// Bullet items of a description: `` `Y` — yes `` → allowed values, `**F** — …` → fields.
pub(super) fn bullet_items(text: &str, line: usize) -> (Allowed, Vec<RawField>) {
    let mut allowed = Vec::new();
    let mut fields = Vec::new();
    for item in page::bullets(text) {
        let (head, meaning) = split_dash(item);
        if head.starts_with('`') {
            if let Some(value) = first_code_span(head) {
                allowed.push((value, clean_text(meaning)));
            }
        } else if head.starts_with("**") {
            let (name, required, rest) = parse_name(head);
            if is_field_name(&name) {
                let description = clean_text(meaning);
                fields.push(RawField {
                    name,
                    required,
                    pattern: false,
                    type_text: type_text(rest),
                    default: default_of(&description),
                    description,
                    allowed: Vec::new(),
                    bullet_fields: Vec::new(),
                    code_keys: Vec::new(),
                    links: Vec::new(),
                    line,
                });
            }
        }
    }
    (allowed, fields)
}

/// `x — y`, `x - y`, `x: y` → (x, y).
pub(super) fn split_dash(item: &str) -> (&str, &str) {
    for sep in [" — ", " – ", " - ", ": "] {
        if let Some((a, b)) = item.split_once(sep) {
            return (a.trim(), b.trim());
        }
    }
    (item.trim(), "")
}

/// Quoted keys at the first brace level of a code block: `fields: { "CONTACT_ID": "value" }`.
/// Placeholder keys (`field_1`, `field_N`) mean the block shows a shape, not fields.
pub(super) fn code_keys(code: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut in_str = false;
    let mut cur = String::new();
    let mut last_str: Option<String> = None;
    for c in code.chars() {
        if in_str {
            match c {
                '"' => {
                    in_str = false;
                    last_str = Some(std::mem::take(&mut cur));
                }
                _ => cur.push(c),
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            ':' if depth == 1 => {
                if let Some(k) = last_str.take() {
                    keys.push(k);
                }
            }
            c if !c.is_whitespace() => last_str = None,
            _ => {}
        }
    }
    let placeholder = keys.iter().any(|k| {
        let l = k.to_ascii_lowercase();
        l.starts_with("field_") || l.starts_with("value_") || l.contains("...")
    });
    if placeholder || !keys.iter().all(|k| is_field_name(k)) {
        return Vec::new();
    }
    keys
}

#[cfg(test)]
mod tests {
    use crate::model::FieldType;
    use crate::spec::testkit::*;

    #[test]
    fn required_markers() {
        let spec = method(&with_params(
            "|| **a***\n`integer` | x ||\n|| **B^*^**\n`integer` | x ||\n|| **c**^*^\n`integer` | x ||\n|| **d**\n`integer` | x ||\n",
        ));
        let req: Vec<_> = spec
            .params
            .iter()
            .map(|f| (f.name.as_str(), f.required))
            .collect();
        assert_eq!(req, [("a", true), ("B", true), ("c", true), ("d", false)]);
    }

    #[test]
    fn names_lose_anchors_escapes_and_links() {
        let spec = method(&with_params(
            "|| **UF\\_CRM\\_1** {#uf}\n`string` | x ||\n|| **[link](#x)**\n`string` | x ||\n",
        ));
        let names: Vec<_> = spec.params.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["UF_CRM_1", "link"]);
    }

    #[test]
    fn types_unions_arrays_and_multi_line_rows() {
        let spec = method(&with_params(
            "|| **label**\n[`string`](t.md)\\|[`lang_map`](t.md) | Label.\n\nSecond paragraph ||\n|| **ids**\n[`integer[]`](t.md) | Ids ||\n|| **list**\n[`array`](t.md) | List ||\n|| **when**\n`datetime` | When ||\n|| **flag**\n`char` | Flag ||\n|| **opt**\n`string | null` | Opt ||\n",
        ));
        assert_eq!(
            shape(&spec.params),
            [
                ("label", FieldType::Any, false),
                ("ids", FieldType::Array(Box::new(FieldType::Integer)), false),
                ("list", FieldType::Array(Box::new(FieldType::Any)), false),
                ("when", FieldType::DateTime, false),
                ("flag", FieldType::YesNo, false),
                ("opt", FieldType::String, false),
            ]
        );
        assert_eq!(spec.params[0].type_text, "string|lang_map");
        assert_eq!(spec.params[0].description, "Label.\n\nSecond paragraph");
    }

    #[test]
    fn indented_table_in_tabs_with_trailing_spaces() {
        let text = format!(
            "{HEAD}{{% list tabs %}}\n\n- One\n\n    #|   \n    || **Name**\n    `type` | **Description** ||  \n    || **id***   \n    [`integer`](t.md) | Id   ||   \n    |#   \n\n{{% endlist %}}\n"
        );
        let spec = method(&text);
        assert_eq!(shape(&spec.params), [("id", FieldType::Integer, true)]);
    }

    #[test]
    fn directives_never_leak() {
        let spec = method(&with_params(
            "|| **id**\n`integer` | Id.\n\n{% note warning \"\" %}\n\nCareful.\n\n{% endnote %}\n\n{% include [x](../_includes/missing.md) %} See [{#T}](a.md) ||\n",
        ));
        let d = &spec.params[0].description;
        assert!(!d.contains("{%") && !d.contains("{#"), "{d}");
        assert!(d.contains("Careful.") && d.starts_with("Id."), "{d}");
    }

    #[test]
    fn file_extensions_are_no_listed_values() {
        let spec = method(&with_params(
            "|| **FILENAME**\n`string` | Name of the file.\n\nAllowed extensions:\n- `wav`\n- `mp3` ||\n|| **MODE**\n`string` | Mode:\n- `wav` — a wave ||\n",
        ));
        assert!(field(&spec.params, "FILENAME").allowed.is_empty());
        assert_eq!(field(&spec.params, "FILENAME").ty, FieldType::String);
        assert_eq!(field(&spec.params, "MODE").allowed.len(), 1);
    }

    #[test]
    fn defaults_and_allowed_values() {
        let spec = method(&with_params(
            "|| **a**\n`integer` | A. Defaults to `10` ||\n|| **b**\n`string` | B. Default — `asc` ||\n|| **c**\n`string` | C:\n- `Y` — yes\n- `N` — no\n\nBy default, `N` ||\n|| **d**\n`integer` | D. Default value is `0` ||\n",
        ));
        let defaults: Vec<_> = spec.params.iter().map(|f| f.default.as_deref()).collect();
        assert_eq!(defaults, [Some("10"), Some("asc"), Some("N"), Some("0")]);
        // A value spelled DEFAULT is not the word "default".
        assert_eq!(
            super::default_of("Mode:\n- `DEFAULT` — sends the `MESSAGE` text"),
            None
        );
        assert_eq!(
            super::default_of("Text for the `NAME=DEFAULT` mode. By default, `hi`"),
            Some("hi".into())
        );
        let c = field(&spec.params, "c");
        assert_eq!(c.ty, FieldType::YesNo);
        assert_eq!(c.allowed.len(), 2);
    }

    #[test]
    fn placeholder_rows_are_patterns_never_required() {
        let spec = method(&with_params(
            "|| **UF_CRM_...**\n`string` | User fields ||\n|| **UF_xxx***\n`string` | x ||\n|| **PARENT_ID_...**\n`crm_entity` | Parents ||\n|| **parentId{entityTypeId}**\n`integer` | p ||\n|| **ufCrm...**\n`string` | u ||\n|| **UF_CRM_3_DIGIT**\n`string` | one field ||\n",
        ));
        let rows: Vec<_> = spec
            .params
            .iter()
            .map(|f| (f.name.as_str(), f.pattern, f.required))
            .collect();
        assert_eq!(
            rows,
            [
                ("UF_CRM_", true, false),
                ("UF_", true, false),
                ("PARENT_ID_", true, false),
                ("parentId", true, false),
                ("ufCrm", true, false),
                ("UF_CRM_3_DIGIT", false, false),
            ]
        );
    }

    #[test]
    fn pattern_prefixes() {
        use super::pattern_prefix;
        assert_eq!(pattern_prefix("UF_..."), Some("UF_"));
        assert_eq!(pattern_prefix("DYNAMIC_…"), Some("DYNAMIC_"));
        assert_eq!(pattern_prefix("PARENT_ID_xxx"), Some("PARENT_ID_"));
        assert_eq!(pattern_prefix("ID"), None);
        assert_eq!(pattern_prefix("maxxx"), None);
        assert_eq!(pattern_prefix("..."), None);
    }
}
