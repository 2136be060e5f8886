//! [`Page`] → [`MethodSpec`]: finds the method, its parameters, its answer and its errors,
//! and does all per-page validation. Every problem of a page is collected (see
//! [`Ctxt`]), not just the first.
//!
//! The tables are the first source of truth; the JSON examples (the `cURL (Webhook)` body
//! and the `## Response Handling` answer) settle what the tables leave vague.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::diag::{Ctxt, Diag};
use crate::model::{ErrorCode, Field, FieldType, MethodSpec, Response, Source};
use crate::page::{self, Block, Page, Row, Section, Table};
use crate::types::{self, TypeText};

/// What one page turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum PageOutcome {
    /// An index, tutorial, event or type page: silently not a method.
    NotAMethod,
    /// A method page that validated.
    Method(Box<MethodSpec>),
    /// A method page with defects: every problem found, in page order.
    Rejected(Vec<Diag>),
}

/// Nested structures are followed at most this deep (guards against self-references).
const MAX_DEPTH: usize = 6;

/// Builds the spec of one page.
pub fn build(page: &Page<'_>, path: &Path, rel_path: &str) -> PageOutcome {
    let (h1, h1_line) = page.h1.unwrap_or(("", 0));
    let Some((title, name)) = split_method(h1) else {
        if params_section(page).is_some() && !is_event_title(h1) {
            return PageOutcome::Rejected(vec![Diag {
                path: path.to_path_buf(),
                line: h1_line,
                message: "no method name in the H1 title: end the title with the method \
                          name, e.g. `# Add Contact crm.contact.add`"
                    .to_string(),
            }]);
        }
        return PageOutcome::NotAMethod;
    };
    let mut cx = Ctxt::new(path);
    for table in page.sections.iter().flat_map(tables) {
        if !table.closed {
            cx.error(
                table.line,
                "table opened here is never closed with `|#`: add a `|#` line after its last row",
            );
        }
    }
    let (scope, who_can_execute, description) = header(page);
    let params = params(&mut cx, page);
    let response = response(&mut cx, page, name);
    let errors = errors(page);
    let spec = MethodSpec {
        name: name.to_string(),
        title: title.to_string(),
        source: Source {
            path: path.to_path_buf(),
            rel_path: rel_path.to_string(),
            line: h1_line,
        },
        scope,
        who_can_execute,
        description,
        params,
        response,
        errors,
    };
    match cx.check() {
        Ok(()) => PageOutcome::Method(Box::new(spec)),
        Err(diags) => PageOutcome::Rejected(diags),
    }
}

/// `Add Contact crm.contact.add` → (`Add Contact`, `crm.contact.add`).
fn split_method(h1: &str) -> Option<(&str, &str)> {
    let h1 = h1.trim();
    let (title, last) = h1.rsplit_once(char::is_whitespace).unwrap_or(("", h1));
    let name = last.trim_matches('`');
    is_method_name(name).then_some((title.trim(), name))
}

/// Dotted words: `crm.item.productrow.fields`, `crm.activity.type.add`, `crm.dealcategory.stage.list`.
pub(crate) fn is_method_name(s: &str) -> bool {
    let mut parts = s.split('.');
    let first_ok = parts
        .next()
        .is_some_and(|p| p.bytes().next().is_some_and(|b| b.is_ascii_lowercase()));
    let mut n = 1;
    let rest_ok = parts.all(|p| {
        n += 1;
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    first_ok
        && rest_ok
        && n >= 2
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}

/// Event pages (`# Event onCrmLeadAdd`) document callbacks, not methods.
fn is_event_title(h1: &str) -> bool {
    h1.starts_with("Event")
        || h1.split_whitespace().any(|w| {
            w.strip_prefix("on")
                .is_some_and(|r| r.bytes().next().is_some_and(|b| b.is_ascii_uppercase()))
        })
}

fn tables<'s>(section: &'s Section<'_>) -> impl Iterator<Item = &'s Table> {
    section.blocks.iter().filter_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    })
}

/// The section and every deeper section after it, up to the next one of the same level.
fn region<'p, 'a>(page: &'p Page<'a>, at: usize) -> &'p [Section<'a>] {
    let Some(head) = page.sections.get(at) else {
        return &[];
    };
    let end = page
        .sections
        .iter()
        .enumerate()
        .skip(at + 1)
        .find(|(_, s)| s.level <= head.level)
        .map_or(page.sections.len(), |(i, _)| i);
    page.sections.get(at..end).unwrap_or(&[])
}

fn find_section(page: &Page<'_>, pred: impl Fn(&str) -> bool) -> Option<usize> {
    page.sections
        .iter()
        .position(|s| s.level == 2 && pred(&s.title.to_ascii_lowercase()))
}

fn params_section(page: &Page<'_>) -> Option<usize> {
    find_section(page, |t| {
        t == "parameters" || t.starts_with("method parameters")
    })
}

// ---------------------------------------------------------------- header

/// `> Scope:`, `> Who can execute the method:` and the intro text after them.
fn header(page: &Page<'_>) -> (Option<String>, Option<String>, String) {
    let (mut scope, mut who) = (None, None);
    let mut intro = Vec::new();
    for block in page.sections.first().map_or(&[][..], |s| &s.blocks) {
        let Block::Text { text, .. } = block else {
            continue;
        };
        let line = text.trim_start_matches('>').trim();
        let is_header = if let Some(at) = line.find("Scope") {
            scope = scope.or_else(|| first_code_span(line.get(at..).unwrap_or("")));
            true
        } else {
            false
        };
        let who_at = line
            .find("Who can")
            .or_else(|| line.find("Execution Rights"));
        if let Some(at) = who_at {
            let value = line
                .get(at..)
                .and_then(|s| s.split_once(':'))
                .map(|(_, v)| v);
            let value = value.map(|v| v.split(" | ").next().unwrap_or(v));
            let value = value.map(|v| v.replace(['`', '*'], "").trim().to_string());
            who = who.or(value.filter(|v| !v.is_empty()));
        }
        if is_header || who_at.is_some() || text.starts_with('>') {
            intro.clear(); // the intro starts after the header
        } else {
            intro.push(*text);
        }
    }
    (scope, who, clean_text(&intro.join("\n")))
}

fn first_code_span(s: &str) -> Option<String> {
    let (_, rest) = s.split_once('`')?;
    let (code, _) = rest.split_once('`')?;
    let code = code.trim();
    (!code.is_empty()).then(|| code.to_string())
}

fn code_spans(s: &str) -> Vec<&str> {
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
pub(crate) fn clean_text(s: &str) -> String {
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
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    let mut joined = lines.join("\n");
    while joined.contains("\n\n\n") {
        joined = joined.replace("\n\n\n", "\n\n");
    }
    joined.trim().to_string()
}

/// `**CONTACT_ID^*^**`, `**id***`, `**x**^*^`, `` `x` ``, `[x](y)`, `x\_y` → (name, required).
fn parse_name(cell_first: &str) -> (String, bool, &str) {
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

fn clean_name(s: &str) -> String {
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
fn is_field_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

// ---------------------------------------------------------------- field rows

/// A table row read as a field, before types are settled.
#[derive(Debug, Clone)]
struct RawField {
    name: String,
    required: bool,
    type_text: String,
    description: String,
    default: Option<String>,
    allowed: Vec<(String, String)>,
    /// `- **FIELD** — …` items of the description cell.
    bullet_fields: Vec<RawField>,
    /// Quoted keys of a `{ "KEY": … }` code block in the description cell.
    code_keys: Vec<String>,
    /// `#anchor` link targets of the type and description cells.
    links: Vec<String>,
    line: usize,
}

/// Which cell holds what.
struct Columns {
    ty: Option<usize>,
    desc: usize,
    default: Option<usize>,
}

fn columns(table: &Table) -> Columns {
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

fn read_rows(table: &Table) -> Vec<RawField> {
    let cols = columns(table);
    table
        .body()
        .iter()
        .filter_map(|row| read_row(row, &cols))
        .collect()
}

fn read_row(row: &Row, cols: &Columns) -> Option<RawField> {
    let cell = |i: usize| row.cells.get(i).map_or("", |c| c.text.as_str());
    let name_cell = cell(0);
    let (name, required, rest) = parse_name(name_cell);
    if name.is_empty() {
        return None;
    }
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
        required,
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

/// `[below](#fields)` → `fields`.
fn anchor_links(s: &str) -> impl Iterator<Item = &str> {
    s.split("](#")
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(a, _)| a.trim()))
}

fn nonempty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// The type written under a name: code spans joined by `|` (`[`string`](…)\|[`lang_map`](…)`).
fn type_text(s: &str) -> String {
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
fn default_of(description: &str) -> Option<String> {
    let lower = description.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower.get(from..).and_then(|s| s.find("default")) {
        let start = from + at + "default".len();
        from = start;
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

type Allowed = Vec<(String, String)>;

/// Bullet items of a description: `` `Y` — yes `` → allowed values, `**F** — …` → fields.
fn bullet_items(text: &str, line: usize) -> (Allowed, Vec<RawField>) {
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
fn split_dash(item: &str) -> (&str, &str) {
    for sep in [" — ", " – ", " - ", ": "] {
        if let Some((a, b)) = item.split_once(sep) {
            return (a.trim(), b.trim());
        }
    }
    (item.trim(), "")
}

/// Quoted keys at the first brace level of a code block: `fields: { "CONTACT_ID": "value" }`.
/// Placeholder keys (`field_1`, `field_N`) mean the block shows a shape, not fields.
fn code_keys(code: &str) -> Vec<String> {
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

// ---------------------------------------------------------------- types

/// The tables of the sections that describe structures (`### Parameter fields {#fields}`,
/// `### Section Parameter {#section}`), found by parameter name, anchor or type name.
struct Structures<'t> {
    entries: Vec<Structure<'t>>,
}

struct Structure<'t> {
    /// Lowercase names this section answers to: the parameter named in the heading, its anchor.
    keys: Vec<String>,
    table: &'t Table,
    title: &'t str,
    line: usize,
    used: bool,
}

impl<'t> Structures<'t> {
    fn none() -> Self {
        Structures {
            entries: Vec::new(),
        }
    }

    /// The structure sections of a region (the sections after its first).
    fn of(region: &'t [Section<'t>]) -> Self {
        let mut entries = Vec::new();
        for section in region.iter().skip(1) {
            let Some(table) = tables(section).next() else {
                continue;
            };
            let mut keys: Vec<String> = parameter_heading(section.title).into_iter().collect();
            keys.extend(section.anchor.map(str::to_string));
            for k in &mut keys {
                k.make_ascii_lowercase();
            }
            if !keys.is_empty() {
                entries.push(Structure {
                    keys,
                    table,
                    title: section.title,
                    line: section.line,
                    used: false,
                });
            }
        }
        Structures { entries }
    }

    /// The table describing `raw`: by its name, then by the anchors it links to, then by
    /// the name of its type.
    fn take(&mut self, raw: &RawField) -> Option<&'t Table> {
        let type_name = raw.type_text.trim_end_matches("[]").to_ascii_lowercase();
        let wanted = std::iter::once(raw.name.to_ascii_lowercase())
            .chain(raw.links.iter().map(|l| l.to_ascii_lowercase()))
            .chain(std::iter::once(type_name));
        for key in wanted {
            if key.is_empty() {
                continue;
            }
            if let Some(entry) = self.entries.iter_mut().find(|e| e.keys.contains(&key)) {
                entry.used = true;
                return Some(entry.table);
            }
        }
        None
    }
}

/// `Parameter fields`, `Parameter FIELDS`, `extras Parameter`, `Fields Parameter` → the name.
fn parameter_heading(title: &str) -> Option<String> {
    let t = title.trim();
    let name = if let Some(rest) = t.strip_prefix("Parameter ") {
        rest.trim()
            .strip_suffix(" Parameter")
            .unwrap_or(rest)
            .trim()
    } else {
        t.strip_suffix(" Parameter")?.trim()
    };
    let name = name.trim_matches('`');
    (is_field_name(name)).then(|| name.to_string())
}

/// Values an example gives for one field, gathered across array elements.
fn child_examples<'v>(parents: &[&'v Value], key: &str) -> Vec<&'v Value> {
    let mut out = Vec::new();
    for v in parents {
        match v {
            Value::Object(map) => out.extend(map.get(key)),
            Value::Array(items) => {
                for item in items {
                    if let Some(v) = item.as_object().and_then(|m| m.get(key)) {
                        out.push(v);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Example objects of an object-like field (the elements, when the examples are arrays).
fn objects<'v>(values: &[&'v Value]) -> Vec<&'v Value> {
    values
        .iter()
        .flat_map(|v| match v {
            Value::Array(items) => items.iter().collect::<Vec<_>>(),
            other => vec![*other],
        })
        .collect()
}

fn elements<'v>(values: &[&'v Value]) -> Vec<&'v Value> {
    values
        .iter()
        .filter_map(|v| v.as_array())
        .flatten()
        .collect()
}

/// Settles the type of a field from its type text, nested fields and example values.
struct Resolver<'t> {
    structures: Structures<'t>,
}

impl<'t> Resolver<'t> {
    fn fields<'v>(
        &mut self,
        raw: Vec<RawField>,
        examples: &[&'v Value],
        depth: usize,
    ) -> Vec<Field> {
        raw.into_iter()
            .map(|f| {
                let ex = child_examples(examples, &f.name);
                self.field(f, &ex, depth)
            })
            .collect()
    }

    fn field<'v>(&mut self, raw: RawField, ex: &[&'v Value], depth: usize) -> Field {
        let text = types::parse(&raw.type_text);
        let ty = self.settle(&raw, &text, ex, depth);
        Field {
            name: raw.name,
            ty,
            required: raw.required,
            type_text: raw.type_text,
            description: raw.description,
            default: raw.default,
            allowed: raw.allowed,
            line: raw.line,
        }
    }

    /// The fields of an object-like field: its `### Parameter X` table, else its bullet
    /// list, else the keys of its code block.
    fn nested<'v>(&mut self, raw: &RawField, ex: &[&'v Value], depth: usize) -> Option<Vec<Field>> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let objs = objects(ex);
        if let Some(fields) = self.structure(raw, ex, depth) {
            return Some(fields);
        }
        if !raw.bullet_fields.is_empty() {
            return Some(self.fields(raw.bullet_fields.clone(), &objs, depth + 1));
        }
        if !raw.code_keys.is_empty() {
            let rows = raw
                .code_keys
                .iter()
                .map(|k| RawField {
                    name: k.clone(),
                    required: false,
                    type_text: String::new(),
                    description: String::new(),
                    default: None,
                    allowed: Vec::new(),
                    bullet_fields: Vec::new(),
                    code_keys: Vec::new(),
                    links: Vec::new(),
                    line: raw.line,
                })
                .collect();
            return Some(self.fields(rows, &objs, depth + 1));
        }
        None
    }

    /// The fields from a structure section describing `raw`, if there is one.
    fn structure<'v>(
        &mut self,
        raw: &RawField,
        ex: &[&'v Value],
        depth: usize,
    ) -> Option<Vec<Field>> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let table = self.structures.take(raw)?;
        let objs = objects(ex);
        Some(self.fields(read_rows(table), &objs, depth + 1))
    }

    fn settle<'v>(
        &mut self,
        raw: &RawField,
        text: &TypeText,
        ex: &[&'v Value],
        depth: usize,
    ) -> FieldType {
        let object = |fields: Option<Vec<Field>>| fields.map_or(FieldType::Any, FieldType::Object);
        let examples_are_arrays = !ex.is_empty() && ex.iter().all(|v| v.is_array());
        match text {
            TypeText::Scalar(FieldType::String) if is_yes_no(&raw.allowed, ex) => FieldType::YesNo,
            TypeText::Scalar(t) => t.clone(),
            TypeText::Any => match self.structure(raw, ex, depth) {
                Some(f) if examples_are_arrays => FieldType::Array(Box::new(FieldType::Object(f))),
                Some(f) => FieldType::Object(f),
                None => FieldType::Any,
            },
            TypeText::Object => {
                let fields = self.nested(raw, ex, depth);
                if examples_are_arrays
                    && ex
                        .iter()
                        .any(|v| v.as_array().is_some_and(|a| a.iter().all(Value::is_object)))
                {
                    FieldType::Array(Box::new(object(fields)))
                } else {
                    object(fields)
                }
            }
            TypeText::Array => {
                let fields = self.nested(raw, ex, depth);
                let inner = match fields {
                    Some(f) => FieldType::Object(f),
                    None => elements(ex)
                        .first()
                        .map_or(FieldType::Any, |v| types::of_value(v)),
                };
                FieldType::Array(Box::new(inner))
            }
            TypeText::ArrayOf(inner) => {
                let elems = elements(ex);
                let inner = match inner.as_ref() {
                    TypeText::Object | TypeText::Missing => {
                        // `object[]`: the element fields are the field's own nested fields.
                        object(self.nested(raw, ex, depth))
                    }
                    TypeText::Any => object(self.structure(raw, ex, depth)),
                    other => {
                        let element = RawField {
                            allowed: raw.allowed.clone(),
                            ..raw.clone()
                        };
                        self.settle(&element, other, &elems, depth + 1)
                    }
                };
                FieldType::Array(Box::new(inner))
            }
            TypeText::Missing => {
                let fields = self.nested(raw, ex, depth);
                match (fields, ex.first()) {
                    (Some(f), Some(Value::Array(_))) => {
                        FieldType::Array(Box::new(FieldType::Object(f)))
                    }
                    (Some(f), _) => FieldType::Object(f),
                    (None, Some(v)) => match types::of_value(v) {
                        FieldType::YesNo | FieldType::String if !is_yes_no(&raw.allowed, ex) => {
                            FieldType::String
                        }
                        t => t,
                    },
                    (None, None) if is_yes_no(&raw.allowed, ex) => FieldType::YesNo,
                    (None, None) => FieldType::Any,
                }
            }
        }
    }
}

/// A string whose documented values, or example values, are exactly `Y` and `N`.
fn is_yes_no(allowed: &[(String, String)], ex: &[&Value]) -> bool {
    let yn = |s: &str| s == "Y" || s == "N";
    if !allowed.is_empty() {
        return allowed.len() == 2
            && allowed.iter().all(|(v, _)| yn(v))
            && allowed.first().map(|a| &a.0) != allowed.get(1).map(|a| &a.0);
    }
    !ex.is_empty() && ex.iter().all(|v| v.as_str().is_some_and(yn))
}

// ---------------------------------------------------------------- parameters

fn params(cx: &mut Ctxt<'_>, page: &Page<'_>) -> Vec<Field> {
    let Some(at) = params_section(page) else {
        return Vec::new();
    };
    let region = region(page, at);
    let Some(table) = region.first().and_then(|s| tables(s).next()) else {
        return Vec::new(); // "No parameters."
    };
    let structures = Structures::of(region);
    let rows = read_rows(table);
    check_duplicates(cx, &rows);
    let body = request_example(page);
    let examples: Vec<&Value> = body.iter().collect();
    let mut resolver = Resolver { structures };
    let fields = resolver.fields(rows.clone(), &examples, 0);
    for (raw, field) in rows.iter().zip(&fields) {
        let no_example = child_examples(&examples, &raw.name).is_empty();
        if raw.type_text.is_empty() && no_example && field.ty == FieldType::Any {
            cx.error(
                raw.line,
                format!(
                    "parameter `{}` has no type: write it on the line under the name, e.g. \
                     [`integer`](../data-types.md), or show it in the cURL example",
                    raw.name
                ),
            );
        }
    }
    for entry in resolver.structures.entries.iter().filter(|e| !e.used) {
        if parameter_heading(entry.title).is_none() {
            continue; // an anchored section that is not about a parameter
        }
        check_duplicates(cx, &read_rows(entry.table));
        cx.error(
            entry.line,
            format!(
                "section `### {}` describes a parameter the table does not have: \
                 rename the section or add the parameter",
                entry.title
            ),
        );
    }
    fields
}

fn check_duplicates(cx: &mut Ctxt<'_>, rows: &[RawField]) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for row in rows {
        if let Some(first) = seen.insert(&row.name, row.line) {
            cx.error(
                row.line,
                format!(
                    "parameter `{}` is listed twice in one table (first on line {first}): \
                     remove or rename one of the rows",
                    row.name
                ),
            );
        }
    }
}

/// The JSON body of the `cURL (Webhook)` example, when it parses.
fn request_example(page: &Page<'_>) -> Option<Value> {
    let mut after_tab = false;
    for block in page.sections.iter().flat_map(|s| &s.blocks) {
        match block {
            Block::Text { text, .. } if text.contains("cURL (Webhook)") => after_tab = true,
            Block::Code(code) if after_tab => return curl_body(&code.body),
            _ => {}
        }
    }
    None
}

/// `-d '{…}'` → the JSON value. Tries each closing quote, since bodies may contain `'`.
fn curl_body(code: &str) -> Option<Value> {
    let start = code
        .find("-d '")
        .map(|i| i + 4)
        .or_else(|| code.find("--data '").map(|i| i + 8))?;
    let body = code.get(start..)?;
    for (i, _) in body.match_indices('\'') {
        let json = body.get(..i)?;
        if let Ok(v) = serde_json::from_str::<Value>(json) {
            return v.is_object().then_some(v);
        }
    }
    None
}

// ---------------------------------------------------------------- response

fn response(cx: &mut Ctxt<'_>, page: &Page<'_>, method: &str) -> Response {
    let _ = cx;
    let Some(at) = find_section(page, |t| t.starts_with("response")) else {
        return Response {
            ty: FieldType::Any,
            description: String::new(),
            line: 0,
            example: None,
        };
    };
    let region = region(page, at);
    let head_line = region.first().map_or(0, |s| s.line);
    let codes = region
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Code(c) => Some(c),
            _ => None,
        });
    let mut example = None;
    let mut result_value = None;
    for code in codes {
        if let Ok(Value::Object(mut map)) = serde_json::from_str::<Value>(&code.body) {
            if let Some(result) = map.remove("result") {
                result_value = Some(result);
                example = Some(code.body.trim_end().to_string());
                break;
            }
        }
        if example.is_none() && code.lang == "json" {
            example = Some(code.body.trim_end().to_string());
        }
    }
    let all_tables: Vec<&Table> = region.iter().flat_map(tables).collect();
    let found = all_tables.iter().enumerate().find_map(|(i, t)| {
        read_rows(t)
            .into_iter()
            .find(|r| r.name == "result")
            .map(|r| (i, r))
    });
    let Some((index, row)) = found else {
        return Response {
            ty: FieldType::Any,
            description: String::new(),
            line: head_line,
            example,
        };
    };
    // "The result is an array of objects, each containing the following fields:" + table.
    let follow_up = all_tables.get(index + 1).map(|t| read_rows(t));
    let mut raw = row.clone();
    if raw.bullet_fields.is_empty() {
        if let Some(rows) = follow_up {
            raw.bullet_fields = rows;
        }
    }
    let text = types::parse(&raw.type_text);
    let examples: Vec<&Value> = result_value.iter().collect();
    let is_object = matches!(text, TypeText::Object | TypeText::Missing | TypeText::Any)
        && examples.iter().all(|v| v.is_object());
    let ty = if method.ends_with(".fields") && is_object {
        FieldType::FieldMap
    } else {
        let structured = matches!(
            text,
            TypeText::Object | TypeText::Array | TypeText::ArrayOf(_) | TypeText::Missing
        );
        if !structured {
            raw.bullet_fields.clear();
        }
        let mut resolver = Resolver {
            structures: Structures::none(),
        };
        resolver.field(raw.clone(), &examples, 0).ty
    };
    Response {
        ty,
        description: row.description,
        line: row.line,
        example,
    }
}

// ---------------------------------------------------------------- errors

fn errors(page: &Page<'_>) -> Vec<ErrorCode> {
    let Some(section) = page.sections.iter().find(|s| {
        let t = s.title.to_ascii_lowercase();
        t.contains("error codes") || t == "possible errors"
    }) else {
        return Vec::new();
    };
    let Some(table) = tables(section).next() else {
        return Vec::new();
    };
    let header = table.header();
    let code_col = header.iter().position(|h| h.contains("code")).unwrap_or(0);
    let status_col = header.iter().position(|h| h.contains("status"));
    table
        .body()
        .iter()
        .map(|row| {
            let cell = |i: usize| row.cells.get(i).map_or("", |c| c.text.as_str());
            let raw_code = cell(code_col);
            let code = code_spans(raw_code)
                .first()
                .map_or_else(|| clean_name(raw_code), |c| c.to_string());
            let code = if code.eq_ignore_ascii_case("empty value") {
                String::new()
            } else {
                code
            };
            let description = row
                .cells
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != code_col && Some(*i) != status_col)
                .map(|(_, c)| clean_text(&c.text))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" — ");
            ErrorCode { code, description }
        })
        .collect()
}
