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
        version: crate::ApiVersion::V2,
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
        request_example: request_example(page).map(|v| v.to_string()),
        deprecated: None,
        warnings: Vec::new(),
        notes: Vec::new(),
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

impl RawField {
    /// A field with only a name: no type, no description.
    fn named(name: &str, line: usize) -> Self {
        RawField {
            name: name.to_string(),
            required: false,
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
    /// The structure sections of a region (the sections after its first).
    fn of(region: &'t [Section<'t>]) -> Self {
        let mut entries = Vec::new();
        for section in region.iter().skip(1) {
            let Some(table) = tables(section).next() else {
                continue;
            };
            let mut keys: Vec<String> = parameter_heading(section.title).into_iter().collect();
            keys.extend(section.anchor.map(str::to_string));
            keys.extend(type_heading(section.title));
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

/// `section`, `` `uf_enum_element` Type ``, `Type document` → the type name.
fn type_heading(title: &str) -> Option<String> {
    let t = title.trim();
    let t = t
        .strip_suffix(" Type")
        .or_else(|| t.strip_suffix(" type"))
        .or_else(|| t.strip_prefix("Type "))
        .unwrap_or(t)
        .trim()
        .trim_matches('`');
    is_field_name(t).then(|| t.to_string())
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
    fn fields(&mut self, raw: Vec<RawField>, examples: &[&Value], depth: usize) -> Vec<Field> {
        raw.into_iter()
            .map(|f| {
                let ex = child_examples(examples, &f.name);
                self.field(f, &ex, depth)
            })
            .collect()
    }

    fn field(&mut self, raw: RawField, ex: &[&Value], depth: usize) -> Field {
        let text = types::parse(&raw.type_text);
        let ty = self.settle(&raw, &text, ex, depth);
        Field {
            pattern: false,
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
    fn nested(&mut self, raw: &RawField, ex: &[&Value], depth: usize) -> Option<Vec<Field>> {
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
                .map(|k| RawField::named(k, raw.line))
                .collect();
            return Some(self.fields(rows, &objs, depth + 1));
        }
        None
    }

    /// The fields from a structure section describing `raw`, if there is one.
    fn structure(&mut self, raw: &RawField, ex: &[&Value], depth: usize) -> Option<Vec<Field>> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let table = self.structures.take(raw)?;
        let objs = objects(ex);
        Some(self.fields(read_rows(table), &objs, depth + 1))
    }

    fn settle(
        &mut self,
        raw: &RawField,
        text: &TypeText,
        ex: &[&Value],
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
        let names: Vec<String> = rows.iter().map(|r| format!("`{}`", r.name)).collect();
        cx.error(
            entry.line,
            format!(
                "section `### {}` describes a parameter the table does not have: name one \
                 of the table's parameters ({}) in the heading, or add the parameter to the table",
                entry.title,
                names.join(", ")
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
    // "## Response Handling", "## Response on Success", sometimes a level-3 heading.
    let at = page
        .sections
        .iter()
        .position(|s| s.level >= 2 && s.title.to_ascii_lowercase().starts_with("response"));
    let Some(at) = at else {
        return Response {
            ty: FieldType::Any,
            description: String::new(),
            line: 0,
            example: None,
        };
    };
    let end = page
        .sections
        .iter()
        .enumerate()
        .skip(at + 1)
        .find(|(_, s)| s.level <= 2)
        .map_or(page.sections.len(), |(i, _)| i);
    let region = page.sections.get(at..end).unwrap_or(&[]);
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
    let examples: Vec<&Value> = result_value.iter().collect();
    let all_tables: Vec<&Table> = region.iter().flat_map(tables).collect();
    let found = all_tables.iter().enumerate().find_map(|(i, t)| {
        let rows = read_rows(t);
        let at = rows.iter().position(|r| r.name == "result")?;
        Some((i, at, rows))
    });
    let Some((index, at, rows)) = found else {
        // No `result` row: a table of the result's own fields, or only the example.
        let ty = match &result_value {
            Some(Value::Object(_)) | None if method.ends_with(".fields") => FieldType::FieldMap,
            Some(Value::Bool(_)) => FieldType::Boolean,
            Some(value) => fields_table_of(&all_tables, value).map_or(FieldType::Any, |rows| {
                let raw = RawField {
                    bullet_fields: rows,
                    ..RawField::named("result", head_line)
                };
                let mut resolver = Resolver {
                    structures: Structures::of(region),
                };
                resolver.field(raw, &examples, 0).ty
            }),
            None => FieldType::Any,
        };
        return Response {
            ty,
            description: String::new(),
            line: head_line,
            example,
        };
    };
    let Some(row) = rows.get(at) else {
        return Response {
            ty: FieldType::Any,
            description: String::new(),
            line: head_line,
            example,
        };
    };
    let mut raw = row.clone();
    let text = types::parse(&raw.type_text);
    let is_object = matches!(text, TypeText::Object | TypeText::Missing | TypeText::Any)
        && examples.iter().all(|v| v.is_object());
    if method.ends_with(".fields") && is_object {
        return Response {
            ty: FieldType::FieldMap,
            description: row.description.clone(),
            line: row.line,
            example,
        };
    }
    if raw.bullet_fields.is_empty() {
        raw.bullet_fields = result_fields(&rows, at, &all_tables, index, &examples);
    }
    let structured = matches!(
        text,
        TypeText::Object | TypeText::Array | TypeText::ArrayOf(_) | TypeText::Missing
    );
    if !structured {
        raw.bullet_fields.clear();
    }
    let mut resolver = Resolver {
        structures: Structures::of(region),
    };
    let mut ty = resolver.field(raw, &examples, 0).ty;
    if ty == FieldType::Any {
        // `object` in the table, `true` in the example: the example settles it.
        if let Some(Value::Bool(_)) = result_value {
            ty = FieldType::Boolean;
        }
    }
    Response {
        ty,
        description: row.description.clone(),
        line: row.line,
        example,
    }
}

/// The first table whose rows are all keys of the example result (or of its elements).
fn fields_table_of(tables: &[&Table], result: &Value) -> Option<Vec<RawField>> {
    let sample = match result {
        Value::Array(items) => items.first()?,
        other => other,
    };
    let keys = sample.as_object()?;
    tables.iter().find_map(|t| {
        let rows: Vec<RawField> = read_rows(t)
            .into_iter()
            .filter(|r| !matches!(r.name.as_str(), "time" | "total" | "next"))
            .collect();
        let all_known = !rows.is_empty() && rows.iter().all(|r| keys.contains_key(&r.name));
        all_known.then_some(rows)
    })
}

/// The fields of `result` when its own cell lists none: the rows after it in the same
/// table (`result` → `item`, when the example's result has those keys), else the next
/// table ("The result is an array of objects, each containing the following fields:").
fn result_fields(
    rows: &[RawField],
    at: usize,
    tables: &[&Table],
    index: usize,
    examples: &[&Value],
) -> Vec<RawField> {
    let siblings: Vec<RawField> = rows
        .iter()
        .skip(at + 1)
        .filter(|r| !matches!(r.name.as_str(), "time" | "total" | "next"))
        .cloned()
        .collect();
    let confirmed = examples.iter().all(|v| {
        v.as_object()
            .is_some_and(|m| siblings.iter().all(|r| m.contains_key(&r.name)))
    });
    if !siblings.is_empty() && confirmed {
        return siblings;
    }
    tables
        .get(index + 1)
        .map(|t| read_rows(t))
        .unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/b24restdocs");
    const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/seeds");
    const COMM: &str = "api-reference/crm/leads/management-communication";

    fn outcome(text: &str) -> PageOutcome {
        build(&page::parse(text), Path::new("t.md"), "t.md")
    }

    fn method(text: &str) -> MethodSpec {
        match outcome(text) {
            PageOutcome::Method(spec) => *spec,
            other => panic!("not a method: {other:?}"),
        }
    }

    fn rejected(text: &str) -> Vec<(usize, String)> {
        match outcome(text) {
            PageOutcome::Rejected(diags) => {
                diags.into_iter().map(|d| (d.line, d.message)).collect()
            }
            other => panic!("not rejected: {other:?}"),
        }
    }

    fn official(file: &str) -> MethodSpec {
        let path = format!("{DOCS}/{COMM}/{file}");
        let text = std::fs::read_to_string(&path).expect("official docs copy is readable");
        match build(&page::parse(&text), Path::new(&path), file) {
            PageOutcome::Method(spec) => *spec,
            other => panic!("{path}: {other:?}"),
        }
    }

    fn seed(prefix: &str) -> MethodSpec {
        let dir = std::fs::read_dir(SEEDS).expect("seeds dir is readable");
        let path = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
            })
            .expect("seed file exists");
        let text = std::fs::read_to_string(&path).expect("seed is readable");
        match build(&page::parse(&text), &path, "seed.md") {
            PageOutcome::Method(spec) => *spec,
            other => panic!("{}: {other:?}", path.display()),
        }
    }

    fn field<'f>(fields: &'f [Field], name: &str) -> &'f Field {
        fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no field {name} in {fields:#?}"))
    }

    fn object(ty: &FieldType) -> &[Field] {
        match ty {
            FieldType::Object(fields) => fields,
            FieldType::Array(inner) => object(inner),
            other => panic!("not an object: {other:?}"),
        }
    }

    /// (name, type, required) of each field, for compact assertions.
    fn shape(fields: &[Field]) -> Vec<(&str, FieldType, bool)> {
        fields
            .iter()
            .map(|f| (f.name.as_str(), f.ty.clone(), f.required))
            .collect()
    }

    fn contact_binding(required_contact: bool) -> Vec<(&'static str, FieldType, bool)> {
        vec![
            ("CONTACT_ID", FieldType::Integer, required_contact),
            ("SORT", FieldType::Integer, false),
            ("IS_PRIMARY", FieldType::YesNo, false),
        ]
    }

    fn errors_of(spec: &MethodSpec) -> Vec<&str> {
        spec.errors.iter().map(|e| e.code.as_str()).collect()
    }

    const STANDARD_ERRORS: [&str; 4] = ["ACCESS_DENIED", "NOT_FOUND", "", ""];

    // ------------------------------------------------ the seed and official pages

    fn check_items_set(spec: &MethodSpec) {
        assert_eq!(spec.name, "crm.lead.contact.items.set");
        assert_eq!(spec.scope.as_deref(), Some("crm"));
        assert_eq!(spec.who_can_execute.as_deref(), Some("any user"));
        let names: Vec<_> = spec.params.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["id", "items"]);
        assert_eq!(spec.params[0].ty, FieldType::Integer);
        assert!(spec.params[0].required);
        let items = field(&spec.params, "items");
        assert!(items.required);
        assert_eq!(items.type_text, "object");
        assert_eq!(
            items.ty,
            FieldType::Array(Box::new(FieldType::Object(field_list(contact_binding(
                true
            ))))),
            "{items:#?}"
        );
        assert_eq!(spec.response.ty, FieldType::Boolean);
        assert_eq!(errors_of(spec), STANDARD_ERRORS);
    }

    /// Compares shapes through `shape` so descriptions don't matter.
    fn field_list(expected: Vec<(&str, FieldType, bool)>) -> Vec<Field> {
        expected
            .into_iter()
            .map(|(name, ty, required)| Field {
                name: name.to_string(),
                ty,
                required,
                type_text: String::new(),
                description: String::new(),
                default: None,
                allowed: Vec::new(),
                line: 0,
            })
            .collect()
    }

    fn assert_items_shape(spec: &MethodSpec) {
        let items = field(&spec.params, "items");
        assert!(matches!(items.ty, FieldType::Array(_)), "{:?}", items.ty);
        assert_eq!(shape(object(&items.ty)), contact_binding(true));
    }

    #[test]
    fn seed_items_set() {
        let spec = seed("001_");
        assert_items_shape(&spec);
        let mut spec = spec;
        strip_details(&mut spec.params);
        check_items_set(&spec);
    }

    #[test]
    fn official_items_set() {
        let mut spec = official("crm-lead-contact-items-set.md");
        assert_items_shape(&spec);
        strip_details(&mut spec.params);
        check_items_set(&spec);
    }

    /// Clears what `field_list` does not compare (descriptions, lines, type texts of nested fields).
    fn strip_details(fields: &mut [Field]) {
        for f in fields {
            if let FieldType::Array(inner) = &mut f.ty {
                if let FieldType::Object(nested) = inner.as_mut() {
                    for n in nested.iter_mut() {
                        n.type_text.clear();
                        n.description.clear();
                        n.default = None;
                        n.allowed.clear();
                        n.line = 0;
                    }
                }
            }
        }
    }

    fn check_add(spec: &MethodSpec) {
        assert_eq!(spec.name, "crm.lead.contact.add");
        assert_eq!(spec.title, "Add Contact Binding to Lead");
        assert_eq!(spec.scope.as_deref(), Some("crm"));
        assert_eq!(
            spec.description,
            "This method adds a contact binding to the specified lead."
        );
        let names: Vec<_> = spec.params.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["id", "fields"]);
        let fields = field(&spec.params, "fields");
        assert!(fields.required);
        assert_eq!(shape(object(&fields.ty)), contact_binding(true));
        assert!(matches!(fields.ty, FieldType::Object(_)));
        let nested = object(&fields.ty);
        assert_eq!(field(nested, "SORT").default.as_deref(), Some("10"));
        let primary = field(nested, "IS_PRIMARY");
        assert_eq!(primary.default.as_deref(), Some("N"));
        assert_eq!(primary.type_text, "string");
        assert_eq!(
            primary.allowed,
            [
                ("Y".to_string(), "yes".to_string()),
                ("N".to_string(), "no".to_string())
            ]
        );
        assert_eq!(spec.response.ty, FieldType::Boolean);
        assert!(spec
            .response
            .example
            .as_deref()
            .is_some_and(|e| e.contains("\"result\": true")));
        assert_eq!(errors_of(spec), STANDARD_ERRORS);
        assert_eq!(
            spec.errors[0].description.trim_end_matches('.'),
            "Insufficient permissions"
        );
    }

    #[test]
    fn seed_add() {
        check_add(&seed("003_"));
    }

    #[test]
    fn official_add() {
        let spec = official("crm-lead-contact-add.md");
        check_add(&spec);
        assert_eq!(spec.source.line, 1);
        assert_eq!(spec.params[1].line, 24);
    }

    #[test]
    fn official_delete() {
        let spec = official("crm-lead-contact-delete.md");
        assert_eq!(spec.name, "crm.lead.contact.delete");
        let fields = field(&spec.params, "fields");
        assert_eq!(
            shape(object(&fields.ty)),
            [("CONTACT_ID", FieldType::Integer, true)]
        );
        assert_eq!(spec.response.ty, FieldType::Boolean);
        assert_eq!(errors_of(&spec), STANDARD_ERRORS);
    }

    #[test]
    fn official_items_get() {
        let spec = official("crm-lead-contact-items-get.md");
        assert_eq!(spec.name, "crm.lead.contact.items.get");
        assert_eq!(shape(&spec.params), [("id", FieldType::Integer, true)]);
        let FieldType::Array(inner) = &spec.response.ty else {
            panic!("{:?}", spec.response.ty);
        };
        assert_eq!(
            shape(object(inner)),
            [
                ("CONTACT_ID", FieldType::Integer, false),
                ("SORT", FieldType::Integer, false),
                ("ROLE_ID", FieldType::Integer, false),
                ("IS_PRIMARY", FieldType::YesNo, false),
            ]
        );
        assert_eq!(errors_of(&spec), STANDARD_ERRORS);
    }

    #[test]
    fn official_items_delete() {
        let spec = official("crm-lead-contact-items-delete.md");
        assert_eq!(spec.name, "crm.lead.contact.items.delete");
        assert_eq!(shape(&spec.params), [("id", FieldType::Integer, true)]);
        assert_eq!(spec.response.ty, FieldType::Boolean);
        assert_eq!(spec.response.description, "Operation result");
    }

    #[test]
    fn official_fields() {
        let spec = official("crm-lead-contact-fields.md");
        assert_eq!(spec.name, "crm.lead.contact.fields");
        assert!(spec.params.is_empty());
        assert_eq!(spec.response.ty, FieldType::FieldMap);
        assert!(spec.errors.is_empty());
    }

    #[test]
    fn index_page_is_not_a_method() {
        let path = format!("{DOCS}/{COMM}/index.md");
        let text = std::fs::read_to_string(path).expect("readable");
        assert_eq!(outcome(&text), PageOutcome::NotAMethod);
    }

    // ------------------------------------------------ tricky snippets

    const HEAD: &str = "# Do Things crm.thing.do\n\n> Scope: [`crm`](s.md), [`user`](s.md)\n>\n> Who can execute the method: `any user`\n\nIntro text.\n\n## Method Parameters\n\n";

    fn with_params(rows: &str) -> String {
        format!("{HEAD}#|\n|| **Name**\n`type` | **Description** ||\n{rows}|#\n")
    }

    #[test]
    fn header_and_intro() {
        let spec = method(&with_params("|| **id** `integer` | x ||\n"));
        assert_eq!(spec.name, "crm.thing.do");
        assert_eq!(spec.title, "Do Things");
        assert_eq!(spec.scope.as_deref(), Some("crm"));
        assert_eq!(spec.who_can_execute.as_deref(), Some("any user"));
        assert_eq!(spec.description, "Intro text.");
    }

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
    fn defaults_and_allowed_values() {
        let spec = method(&with_params(
            "|| **a**\n`integer` | A. Defaults to `10` ||\n|| **b**\n`string` | B. Default — `asc` ||\n|| **c**\n`string` | C:\n- `Y` — yes\n- `N` — no\n\nBy default, `N` ||\n|| **d**\n`integer` | D. Default value is `0` ||\n",
        ));
        let defaults: Vec<_> = spec.params.iter().map(|f| f.default.as_deref()).collect();
        assert_eq!(defaults, [Some("10"), Some("asc"), Some("N"), Some("0")]);
        let c = field(&spec.params, "c");
        assert_eq!(c.ty, FieldType::YesNo);
        assert_eq!(c.allowed.len(), 2);
    }

    #[test]
    fn missing_type_is_settled_by_the_example_or_rejected() {
        let rows = "|| **id*** | Id ||\n";
        let curl = "\n## Code Examples\n\n{% list tabs %}\n\n- cURL (Webhook)\n\n    ```bash\n    curl -X POST \\\n    -d '{\"id\":5}' \\\n    https://x/rest/crm.thing.do\n    ```\n\n{% endlist %}\n";
        let spec = method(&format!("{}{curl}", with_params(rows)));
        assert_eq!(shape(&spec.params), [("id", FieldType::Integer, true)]);
        let diags = rejected(&with_params(rows));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].0, 14);
        assert!(diags[0].1.contains("`id` has no type"), "{diags:?}");
    }

    #[test]
    fn no_parameters() {
        let spec = method("# Fields crm.thing.fields\n\nNo parameters.\n\n## Response Handling\n\n```json\n{\"result\": {\"ID\": {\"type\": \"integer\"}}}\n```\n");
        assert!(spec.params.is_empty());
        assert_eq!(spec.response.ty, FieldType::FieldMap);
    }

    #[test]
    fn nested_section_and_code_block_names() {
        let text = format!(
            "{}\n### Parameter FIELDS {{#fields}}\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **TITLE***\n`string` | T ||\n|#\n",
            with_params("|| **fields***\n`object` | See below:\n\n```js\nfields: { \"OTHER\": \"value\" }\n```\n ||\n|| **params**\n`object` | Shape:\n```\n{ \"A\": 1, \"B\": 2 }\n```\n ||\n")
        );
        let spec = method(&text);
        assert_eq!(
            shape(object(&field(&spec.params, "fields").ty)),
            [("TITLE", FieldType::String, true)]
        );
        let params = field(&spec.params, "params");
        assert_eq!(
            shape(object(&params.ty)),
            [("A", FieldType::Any, false), ("B", FieldType::Any, false)]
        );
    }

    #[test]
    fn unknown_nested_section_is_rejected() {
        let text = format!(
            "{}\n### Parameter foo\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **X**\n`string` | x ||\n|#\n",
            with_params("|| **id**\n`integer` | x ||\n")
        );
        let diags = rejected(&text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0]
            .1
            .contains("`### Parameter foo` describes a parameter the table does not have"));
        assert_eq!(diags[0].0, 18);
    }

    #[test]
    fn duplicates_and_unclosed_tables_are_all_reported() {
        let text = format!(
            "{}\n## Response Handling\n\n#|\n|| a | b ||\n",
            with_params("|| **id**\n`integer` | x ||\n|| **id**\n`string` | y ||\n")
        );
        let diags = rejected(&text);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(diags[0].0, 22);
        assert!(diags[0].1.contains("never closed with `|#`"));
        assert_eq!(diags[1].0, 16);
        assert!(diags[1].1.contains("`id` is listed twice"));
    }

    #[test]
    fn h1_without_method_name() {
        let diags = rejected("# Add Contact\n\n## Method Parameters\n\nNo parameters.\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].0, 1);
        assert!(diags[0].1.starts_with("no method name in the H1 title"));
        assert_eq!(
            outcome("# Overview\n\n## Methods\n"),
            PageOutcome::NotAMethod
        );
        assert_eq!(
            outcome("# Event onCrmLeadAdd\n\n## Parameters\n\n#|\n|| a ||\n|#\n"),
            PageOutcome::NotAMethod
        );
    }

    #[test]
    fn dotted_rows_are_fields_of_their_parameter() {
        let spec = method(&with_params(
            "|| **fields***\n`object` | F ||\n|| **fields.CONTACT_ID***\n`integer` | C ||\n",
        ));
        assert_eq!(spec.params.len(), 1);
        assert_eq!(
            shape(object(&spec.params[0].ty)),
            [("CONTACT_ID", FieldType::Integer, true)]
        );
    }

    #[test]
    fn method_names() {
        for ok in [
            "crm.item.productrow.fields",
            "crm.activity.type.add",
            "crm.entity.mergeBatch",
            "salescenter.payment.getPublicUrl",
            "crm.a_b.c2",
        ] {
            assert!(is_method_name(ok), "{ok}");
        }
        for bad in [
            "onCrmLeadAdd",
            "crm",
            "Crm.lead",
            "crm..add",
            "crm.lead.",
            "crm.lead.add()",
        ] {
            assert!(!is_method_name(bad), "{bad}");
        }
    }

    #[test]
    fn result_from_follow_up_table_and_example() {
        let text = format!(
            "{}\n## Response Handling\n\n```json\n{{\"result\": [{{\"ID\": 1, \"ACTIVE\": \"Y\"}}, {{\"ID\": 2, \"ACTIVE\": \"N\"}}]}}\n```\n\n### Returned Data\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **result**\n`array` | Items ||\n|| **total**\n`integer` | n ||\n|#\n\nEach item:\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **ID**\n`integer` | Id ||\n|| **ACTIVE**\n`string` | Active ||\n|#\n",
            with_params("|| **id**\n`integer` | x ||\n")
        );
        let spec = method(&text);
        assert_eq!(
            shape(object(&spec.response.ty)),
            [
                ("ID", FieldType::Integer, false),
                ("ACTIVE", FieldType::YesNo, false)
            ]
        );
        assert!(matches!(spec.response.ty, FieldType::Array(_)));
        assert_eq!(spec.response.description, "Items");
    }

    #[test]
    fn error_tables_with_status_columns() {
        let text = format!(
            "{}\n### Possible Error Codes\n\n#|\n|| **Status** | **Code** | **Description** | **Value** ||\n|| `400` | Empty value | `Access denied.` | No rights ||\n|| `400` | `BAD` | Bad | Bad input ||\n|#\n",
            with_params("|| **id**\n`integer` | x ||\n")
        );
        let spec = method(&text);
        let errors: Vec<_> = spec
            .errors
            .iter()
            .map(|e| (e.code.as_str(), e.description.as_str()))
            .collect();
        assert_eq!(
            errors,
            [
                ("", "`Access denied.` — No rights"),
                ("BAD", "Bad — Bad input")
            ]
        );
    }
}
