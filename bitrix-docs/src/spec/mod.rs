//! [`Page`] → [`MethodSpec`]: the per-page pipeline. Each stage is one module and owns
//! one question; [`build`] runs them in order and owns the outcome ([`PageOutcome`]).
//!
//! | stage | owns |
//! |---|---|
//! | `header.rs` | whether the page is a method page, and its name (H1, or the examples); scope, who can execute, the intro, the deprecation banner, the REST version |
//! | `placement.rs` | placement pages: the widget codes a page documents (`CALENDAR_GRIDVIEW`) |
//! | `rows.rs` | reading table rows and cells: names and placeholder rows, required markers, type text, defaults, bullets |
//! | `structures.rs` | the nested `### … {#anchor}` sections that describe an object field |
//! | `shown.rs` | what an example value shows: a field's values across the example objects, whether the wire reads a value as a type, placeholders, wrappers, keys by id |
//! | `resolve.rs` | settling a field's type: the type text, its nested fields, and the examples (which win contradictions, with a note) |
//! | `params.rs` | finding the parameter table, and its checks |
//! | `response.rs` | the answer: the `result` row or table, the answer example, which fields every answer carries |
//! | `errors.rs` | the error-code table |
//! | `listed.rs` | the fields a `*.fields` page lists in a `Returned Data` table of their own ([`MethodSpec::listed`]); the model has no `result` row there |
//! | `tabs.rs` | every tab of a tabbed structure section (`SETTINGS` per field type), for consumers; the model keeps the first |
//! | `event.rs` | event pages: the event name, the payload example and the `data` fields |
//!
//! Every finding of a page is collected (see `diag::Ctxt`), not just the first, as one of
//! three kinds: an error rejects the page (an unclosed table, a parameter listed twice, a
//! structure section naming no parameter, a method page without a method name); a warning
//! binds it weaker than it says ([`MethodSpec::warnings`]); a note records which source won
//! where the page contradicts itself ([`MethodSpec::notes`]). The tables are the first
//! source of truth; the JSON examples (the `cURL (Webhook)` body and the `## Response
//! Handling` answer) settle what the tables leave vague.

mod errors;
mod event;
mod header;
pub mod listed;
mod params;
mod placement;
mod resolve;
mod response;
mod rows;
mod shown;
mod structures;
pub mod tabs;
#[cfg(test)]
mod testkit;

use std::path::Path;

use crate::diag::{Ctxt, Diag};
use crate::model::{EventSpec, MethodSpec, Source};
use crate::page::{Block, Page, Section, Table};

/// What one page turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum PageOutcome {
    /// An index, tutorial, overview, change-log or type page, or a page of the browser SDK
    /// (`BX24.placement.info`): silently neither a method nor an event.
    NotAMethod,
    /// A method page that validated.
    Method(Box<MethodSpec>),
    /// An event page that validated (`# Event When Creating a Deal onCrmDealAdd`).
    Event(Box<EventSpec>),
    /// A placement page (`# Calendar View CALENDAR_GRIDVIEW`): where an app's widget
    /// embeds, registered with `placement.bind`; the placement codes it documents, in
    /// title order. It binds nothing.
    Placement(Vec<String>),
    /// A method or event page with defects: every problem found, in page order.
    Rejected(Vec<Diag>),
}

/// Nested structures are followed at most this deep (guards against self-references).
const MAX_DEPTH: usize = 6;

/// Builds the spec of one page.
pub fn build(page: &Page<'_>, path: &Path, rel_path: &str) -> PageOutcome {
    let h1_line = page.h1.map_or(0, |(_, line)| line);
    let (name, title) = match header::naming(page) {
        header::Naming::Method { name, title } => (name, title),
        header::Naming::NotAMethod => {
            return event::build(page, path, rel_path).unwrap_or(PageOutcome::NotAMethod)
        }
        header::Naming::Placement(codes) => return PageOutcome::Placement(codes),
        header::Naming::Unnamed => {
            return PageOutcome::Rejected(vec![Diag {
                path: path.to_path_buf(),
                line: h1_line,
                message: "no method name in the H1 title, and no code example calls one: \
                          end the title with the method name, e.g. `# Add Contact \
                          crm.contact.add`"
                    .to_string(),
            }]);
        }
    };
    let mut cx = Ctxt::new(path);
    check_tables(&mut cx, page);
    let head = header::head(page);
    let params = params::params(&mut cx, page, &name);
    let response = response::response(&mut cx, page, &name);
    let listed = if crate::entity::fields_base(&name).is_some() {
        listed::listed_in(page)
    } else {
        Vec::new()
    };
    let errors = errors::errors(page);
    let request_example = resolve::request_example(page).map(|v| v.to_string());
    match cx.check() {
        Ok(findings) => PageOutcome::Method(Box::new(MethodSpec {
            name,
            title,
            version: head.version,
            deprecated: head.deprecated,
            source: Source {
                path: path.to_path_buf(),
                rel_path: rel_path.to_string(),
                line: h1_line,
            },
            scope: head.scope,
            who_can_execute: head.who_can_execute,
            description: head.description,
            params,
            response,
            listed,
            errors,
            request_example,
            warnings: findings.warnings,
            notes: findings.notes,
        })),
        Err(diags) => PageOutcome::Rejected(diags),
    }
}

/// Every table must be closed: an unclosed one swallows the rest of the page.
fn check_tables(cx: &mut Ctxt<'_>, page: &Page<'_>) {
    for table in page.sections.iter().flat_map(tables) {
        if !table.closed {
            cx.error(
                table.line,
                "table opened here is never closed with `|#`: add a `|#` line after its last row",
            );
        }
    }
}

pub(super) fn tables<'s>(section: &'s Section<'_>) -> impl Iterator<Item = &'s Table> {
    section.blocks.iter().filter_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    })
}

/// The section and every deeper section after it, up to the next one of the same level. A
/// later `#` heading (`# Method Parameters` on some pages) counts as `##`.
pub(super) fn region<'p, 'a>(page: &'p Page<'a>, at: usize) -> &'p [Section<'a>] {
    let Some(head) = page.sections.get(at) else {
        return &[];
    };
    let level = if at == 0 {
        head.level
    } else {
        head.level.max(2)
    };
    let end = page
        .sections
        .iter()
        .enumerate()
        .skip(at + 1)
        .find(|(_, s)| s.level <= level)
        .map_or(page.sections.len(), |(i, _)| i);
    page.sections.get(at..end).unwrap_or(&[])
}

/// The first `##` section (or later `#` heading) whose lowercase title `pred` accepts.
pub(super) fn find_section(page: &Page<'_>, pred: impl Fn(&str) -> bool) -> Option<usize> {
    page.sections
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, s)| s.level <= 2 && pred(&s.title.to_ascii_lowercase()))
        .map(|(i, _)| i)
}

pub(super) fn params_section(page: &Page<'_>) -> Option<usize> {
    find_section(page, |t| {
        t == "parameters" || t.starts_with("method parameters")
    })
}

#[cfg(test)]
mod tests {
    use super::testkit::*;

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
}
