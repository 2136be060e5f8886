//! Rustdoc text from a page: generated items read like the official page, and each names the
//! page and line it came from.

use bitrix_docs::page::Fence;
use bitrix_docs::{Field, FieldType, MethodSpec};

/// Where the official pages live online; relative links in pages resolve against it.
const DOCS_SITE: &str = "https://apidocs.bitrix24.com/";

/// The one line the client method and the call builder carry, with a link to the request
/// type that holds the page's text.
pub fn summary(spec: &MethodSpec, request_type: &str) -> String {
    let title = if spec.title.is_empty() {
        &spec.name
    } else {
        &spec.title
    };
    format!(
        "{title} (`{}`): parameters, answer and errors on [`{request_type}`].",
        spec.name
    )
}

/// The doc of a request struct's `new`: the method's request, or a nested object (`what`
/// is then e.g. "The `fields` parameter"); `named` is the `…Required` struct when the
/// required values come by name.
pub fn constructor_doc(what: Option<&str>, named: Option<&str>) -> String {
    let made = match what {
        None => "the request from its required parameters".to_owned(),
        Some(w) => format!(
            "{} from its required fields",
            w.strip_prefix("The ")
                .map_or_else(|| w.to_owned(), |rest| format!("the {rest}"))
        ),
    };
    match named {
        None => format!("Creates {made}, in page order; set optional ones with the setters."),
        Some(named) => format!(
            "Creates {made}, named in a [`{named}`] struct literal (two or more share a type, so \
             passing them in order could swap them unnoticed); set optional ones with the setters."
        ),
    }
}

/// The short doc of a field of a `…Required` struct: the first sentence of the page's
/// description and the wire name (the full text is on the request type, with the page's).
pub fn required_field_doc(f: &Field, spec: &MethodSpec) -> String {
    let desc = field_description(f, &spec.source.rel_path);
    let first = desc.trim().lines().next().unwrap_or_default();
    let sentence = first
        .split_inclusive(". ")
        .next()
        .unwrap_or_default()
        .trim();
    let sentence = if sentence.is_empty() {
        format!("`{}`.", f.name)
    } else {
        sentence.to_owned()
    };
    format!(
        "{sentence}\n\nOn the wire: `{}`; the page's full text is on the method's request type.",
        f.name
    )
}

/// The full page text, once, for the request type.
pub fn method_doc(spec: &MethodSpec) -> String {
    let mut out = String::new();
    let title = if spec.title.is_empty() {
        &spec.name
    } else {
        &spec.title
    };
    page_head(
        &mut out,
        &format!("{title} (`{}`)", spec.name),
        &spec.description,
        &spec.source.rel_path,
        &[
            ("Scope", spec.scope.as_ref().map(|s| format!("`{s}`"))),
            ("Who can execute the method", spec.who_can_execute.clone()),
        ],
    );
    out.push_str("# Parameters\n\n");
    if spec.params.is_empty() {
        out.push_str("No parameters.\n\n");
    } else {
        for f in &spec.params {
            field_item(&mut out, f, 0, &spec.source.rel_path);
        }
        out.push('\n');
    }
    out.push_str("# Returns\n\n");
    let resp = clean(&spec.response.description, &spec.source.rel_path);
    out.push_str(&format!("`{}`", spec.response.ty.label()));
    if !resp.trim().is_empty() {
        out.push_str(": ");
        out.push_str(&indent(resp.trim(), 0));
    }
    out.push_str("\n\n");
    if let Some(fields) = object_fields(&spec.response.ty) {
        for f in fields {
            field_item(&mut out, f, 0, &spec.source.rel_path);
        }
        out.push('\n');
    }
    if let Some(example) = &spec.response.example {
        out.push_str("<details><summary>Example answer</summary>\n\n```json\n");
        out.push_str(example.trim());
        out.push_str("\n```\n\n</details>\n\n");
    }
    if !spec.errors.is_empty() {
        out.push_str("# Errors\n\n");
        for e in &spec.errors {
            let code = if e.code.trim().is_empty() {
                "(no code)".to_owned()
            } else {
                format!("`{}`", e.code.trim())
            };
            let d = clean(&e.description, &spec.source.rel_path);
            out.push_str(&format!("- {code}: {}\n", indent(d.trim(), 2)));
        }
        out.push('\n');
    }
    out.push_str(&source_line(spec, spec.source.line));
    out
}

/// The top of a page's rustdoc: its title line, its intro, and `**label:** value` facts
/// (scope, who may call or subscribe) on one line.
pub fn page_head(
    out: &mut String,
    title_line: &str,
    description: &str,
    page: &str,
    facts: &[(&str, Option<String>)],
) {
    out.push_str(title_line);
    out.push_str("\n\n");
    let desc = clean(description, page);
    if !desc.trim().is_empty() {
        out.push_str(desc.trim());
        out.push_str("\n\n");
    }
    let facts: Vec<String> = facts
        .iter()
        .filter_map(|(label, value)| value.as_ref().map(|v| format!("**{label}:** {v}")))
        .collect();
    if !facts.is_empty() {
        out.push_str(&facts.join(" · "));
        out.push_str("\n\n");
    }
}

/// The doc of one field, for a struct field or setter: the page's description (which
/// already lists allowed values and defaults, so they are not repeated), then the wire
/// name and form as the Rust type sends or reads it.
pub fn field_doc(f: &Field, spec: &MethodSpec) -> String {
    let mut out = field_description(f, &spec.source.rel_path)
        .trim()
        .to_owned();
    if out.is_empty() {
        out = format!("`{}`", f.name);
    }
    out.push_str(&format!(
        "\n\nOn the wire: `{}`, {}",
        f.name,
        wire_form(&f.ty)
    ));
    if f.required {
        out.push_str(", required");
    }
    if let Some(d) = f
        .default
        .as_ref()
        .filter(|d| !out.contains(&format!("`{d}`")))
    {
        out.push_str(&format!("; defaults to `{d}`"));
    }
    out.push_str(".\n\n");
    out.push_str(&field_line(spec, f.line));
    out
}

/// How a value of this type travels, in the words of the Rust side.
fn wire_form(ty: &FieldType) -> String {
    match ty {
        FieldType::YesNo => {
            "sent as `\"Y\"`/`\"N\"` (read from `Y`/`N`, `1`/`0` or `true`/`false`)".into()
        }
        FieldType::Boolean => "`true`/`false` (also read from `Y`/`N` and `1`/`0`)".into(),
        FieldType::Integer => "a number (also read from a string such as `\"42\"`)".into(),
        FieldType::Double => "a decimal number (also read from a string)".into(),
        FieldType::String => "a string".into(),
        FieldType::Date => "a date, `YYYY-MM-DD`".into(),
        FieldType::DateTime => "a date and time, `YYYY-MM-DDThh:mm:ss±hh:mm`".into(),
        FieldType::Object(fs) if fs.is_empty() => "any JSON object".into(),
        FieldType::Object(_) => "an object with the fields below".into(),
        FieldType::Array(inner) => format!("a list, each element {}", wire_form(inner)),
        FieldType::Map(inner) => format!("an object keyed by id, each value {}", wire_form(inner)),
        FieldType::FieldMap => "an object of field descriptions keyed by field name".into(),
        FieldType::Any => "any JSON value (the page does not settle its type)".into(),
        FieldType::Multifield => {
            "a multi-field value `{ID, VALUE_TYPE, VALUE, TYPE_ID}` ([`bitrix_api::types::Multifield`])".into()
        }
        FieldType::File => "a file: an id or `{fileData: [name, base64]}` when sent, an object describing the file when read ([`bitrix_api::types::File`])".into(),
        FieldType::Timestamp => "seconds since 1970-01-01 UTC, a number".into(),
    }
}

/// "Page: `path`, line N."
pub fn source_line(spec: &MethodSpec, line: usize) -> String {
    format!(
        "Documented in `{}`, line {line} ([online]({})).",
        spec.source.rel_path,
        page_url(&spec.source.rel_path)
    )
}

/// "From line N of `page.md`.": where a field's row is. Short, as it is repeated for every
/// field and setter; the type's own doc names the whole path and links the page online.
pub fn field_line(spec: &MethodSpec, line: usize) -> String {
    let file = spec.source.rel_path.rsplit('/').next().unwrap_or_default();
    format!("From line {line} of `{file}`.")
}

/// The fields of an object, or of the elements of an array of objects.
pub fn object_fields(ty: &FieldType) -> Option<&[Field]> {
    match ty {
        FieldType::Object(fs) => Some(fs),
        FieldType::Array(inner) | FieldType::Map(inner) => match inner.as_ref() {
            FieldType::Object(fs) => Some(fs),
            _ => None,
        },
        _ => None,
    }
}

fn field_item(out: &mut String, f: &Field, depth: usize, page: &str) {
    let pad = "  ".repeat(depth);
    let desc = field_description(f, page);
    let ty = type_text(f);
    out.push_str(&format!(
        "{pad}- `{}` (`{ty}`{}): {}",
        f.name,
        if f.required { ", required" } else { "" },
        indent(desc.trim(), depth * 2 + 2)
    ));
    if let Some(d) = f
        .default
        .as_ref()
        .filter(|d| !desc.contains(&format!("`{d}`")))
    {
        out.push_str(&format!(" Defaults to `{d}`."));
    }
    out.push('\n');
    if let Some(fs) = object_fields(&f.ty) {
        if depth < 4 {
            for sub in fs {
                field_item(out, sub, depth + 1, page);
            }
        }
    }
}

/// The type as the page wrote it, marked as a list where the page's example settled that
/// (items.set says `object` and sends an array of objects).
pub fn type_text(f: &Field) -> String {
    if f.type_text.is_empty() {
        return f.ty.label();
    }
    let listed = f.type_text.contains("[]") || f.type_text.to_ascii_lowercase().contains("array");
    match &f.ty {
        FieldType::Array(_) if !listed => format!("{}[]", f.type_text),
        _ => f.type_text.clone(),
    }
}

/// A field's description without the bullets that list its nested fields: those are
/// rendered from the model, with their types and required marks.
fn field_description(f: &Field, page: &str) -> String {
    let desc = clean(&f.description, page);
    let Some(nested) = object_fields(&f.ty) else {
        return desc;
    };
    let describes_nested = |line: &str| {
        let t = line.trim_start();
        let Some(rest) = t.strip_prefix("- **").or_else(|| t.strip_prefix("* **")) else {
            return false;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        nested.iter().any(|n| n.name == name)
    };
    desc.lines()
        .filter(|l| !describes_nested(l))
        .collect::<Vec<_>>()
        .join("\n")
}

fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 || l.is_empty() {
                l.to_owned()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The online page for a docs-relative path.
pub fn page_url(rel_path: &str) -> String {
    let html = rel_path.strip_suffix(".md").map(|p| format!("{p}.html"));
    format!("{DOCS_SITE}{}", html.as_deref().unwrap_or(rel_path))
}

/// Makes page markdown safe and useful as rustdoc:
/// - relative links point at the online docs, so they work from `cargo doc`;
/// - code fences without a language become `text` and indentation is limited, so rustdoc
///   never mistakes a page's snippet for a Rust doctest.
pub fn clean(md: &str, page: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut fence: Option<(Fence, usize)> = None;
    for line in md.lines() {
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        if let Some((open, strip)) = &fence {
            if open.closes(trimmed) {
                out.push_str(&open.marker());
                fence = None;
            } else {
                let cut = line.char_indices().nth(*strip).map(|(i, _)| i).unwrap_or(0);
                let keep = if line[..cut].trim().is_empty() {
                    &line[cut..]
                } else {
                    trimmed
                };
                out.push_str(keep);
            }
            out.push('\n');
            continue;
        }
        if let Some((open, info)) = Fence::open(trimmed) {
            let lang = if info.is_empty() || info == "rust" {
                "text"
            } else {
                info
            };
            out.push_str(&format!("{}{lang}\n", open.marker()));
            fence = Some((open, lead));
            continue;
        }
        // `|>` (a merged YFM cell) leaves a lone `>` behind.
        if trimmed == ">" {
            continue;
        }
        out.push_str(&" ".repeat(lead.min(3)));
        out.push_str(&rewrite_links(trimmed, page));
        out.push('\n');
    }
    if let Some((open, _)) = fence {
        out.push_str(&open.marker());
        out.push('\n');
    }
    out
}

fn rewrite_links(line: &str, page: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(pos) = rest.find("](") {
        let (head, tail) = rest.split_at(pos + 2);
        out.push_str(head);
        let end = tail.find(')').unwrap_or(tail.len());
        let (target, after) = tail.split_at(end);
        out.push_str(&resolve(target.trim(), page));
        rest = after;
    }
    out.push_str(rest);
    out
}

fn resolve(target: &str, page: &str) -> String {
    if target.contains("://") || target.starts_with("mailto:") || target.is_empty() {
        return target.to_owned();
    }
    if let Some(anchor) = target.strip_prefix('#') {
        return format!("{}#{anchor}", page_url(page));
    }
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let url = page_url(&parts.join("/"));
    match anchor {
        Some(a) => format!("{url}#{a}"),
        None => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_point_online() {
        let page = "api-reference/crm/leads/management-communication/crm-lead-contact-add.md";
        assert_eq!(
            rewrite_links("see [list](../crm-lead-list.md) and [f](#fields)", page),
            "see [list](https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-list.html) \
             and [f](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-add.html#fields)"
        );
        assert_eq!(
            rewrite_links("[x](https://a.b/c)", page),
            "[x](https://a.b/c)"
        );
        assert_eq!(rewrite_links("broken ](", page), "broken ](");
    }

    #[test]
    fn code_never_becomes_a_doctest() {
        let md = "text\n\n    ```\n    fields: {}\n    ```\n\n        indented code\n";
        let c = clean(md, "a.md");
        assert!(c.contains("```text\nfields: {}\n```"), "{c}");
        assert!(c.contains("\n   indented code"), "{c}");
    }
}
