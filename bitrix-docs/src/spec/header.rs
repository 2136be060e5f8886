//! The page head: which method the page documents and how it introduces it — the H1 title
//! and the method name, `> Scope:`, "Who can execute the method", the intro before the
//! first `##` section, the deprecation banner and the REST version note.
//!
//! The method name is, in this order: the last word of the H1 (`# Add Contact
//! crm.contact.add`); the one dotted method name inside the H1 (`# Get
//! crm.documentgenerator.template.getfields Document Template Fields`; but where every
//! example calls one method below it, `# Pin a Chat at the Top of the im.recent List` →
//! `im.recent.pin`, that one); or the one method
//! every code example calls (cURL URLs, `callMethod('…')`, `call('…')`, `method: '…'`).
//! The last two only on a page with method sections (parameters, code examples, response).
//!
//! Not method pages: event pages (`# Event onCrmDealAdd`, `# OnOrderDeleted Event When
//! Deleting an Order`: the event name first or last); placement pages (`# Calendar View
//! CALENDAR_GRIDVIEW`, see `placement.rs`); pages of the browser SDK (`# Get the Widget
//! Execution Context BX24.placement.info`); pages organised in sections none of which
//! documents a method, whatever name ends their title (`# API Change Log for imbot.v2`,
//! `# Migration from imbot to imbot.v2`: overviews of an API family); and how-tos whose
//! examples call several methods.

use crate::model::ApiVersion;
use crate::page::{Block, Page};

use super::rows::{clean_text, first_code_span};
use super::{find_section, placement};

/// Which method a page documents, if any.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Naming {
    /// The method and the title without its name.
    Method { name: String, title: String },
    /// An index, tutorial, event or type page.
    NotAMethod,
    /// A placement page: the placement codes it documents.
    Placement(Vec<String>),
    /// A page with method sections whose method cannot be told.
    Unnamed,
}

/// The method a page documents (see the module docs for where the name is taken from).
pub(super) fn naming(page: &Page<'_>) -> Naming {
    if is_js_command(page) {
        return Naming::NotAMethod;
    }
    let h1 = page.h1.map_or("", |(t, _)| t).trim();
    let (title, last) = h1.rsplit_once(char::is_whitespace).unwrap_or(("", h1));
    let last = last.trim_matches('`');
    if is_method_name(last) {
        // An overview of an API family (`# API Change Log for imbot.v2`) ends in a name
        // too; its sections tell it apart.
        if documents_a_method(page) {
            return named(last, title.trim());
        }
        return Naming::NotAMethod;
    }
    if is_event_title(h1) || is_sdk_call(last) {
        return Naming::NotAMethod;
    }
    if let Some(codes) = placement::codes(page) {
        return Naming::Placement(codes);
    }
    if !has_method_sections(page) {
        return Naming::NotAMethod;
    }
    let inside: Vec<&str> = h1
        .split_whitespace()
        .filter(|w| is_method_name(trim_word(w)))
        .collect();
    let mut called = example_calls(page);
    called.sort_unstable();
    called.dedup();
    if let [word] = inside.as_slice() {
        // `# Pin a Chat at the Top of the im.recent List`: the name inside the title is the
        // family's; the method is the one every example calls within it (`im.recent.pin`).
        if let [one] = called.as_slice() {
            if one
                .strip_prefix(trim_word(word))
                .is_some_and(|r| r.starts_with('.'))
            {
                return named(one, h1);
            }
        }
        let title: Vec<&str> = h1.split_whitespace().filter(|w| w != word).collect();
        return named(trim_word(word), &title.join(" "));
    }
    match called.as_slice() {
        [one] => named(one, h1),
        [] if super::params_section(page).is_some() => Naming::Unnamed,
        // Several methods: a how-to that walks through a flow, not a method page.
        _ => Naming::NotAMethod,
    }
}

/// A widget's JS command (`> Who can execute the command:`, the CALL_CARD `getStatus`):
/// sent with `BX24.placement.call`, never to `/rest/`, so no method.
fn is_js_command(page: &Page<'_>) -> bool {
    page.sections.first().is_some_and(|s| {
        s.blocks.iter().any(
            |b| matches!(b, Block::Text { text, .. } if text.contains("Who can execute the command")),
        )
    })
}

/// A `##` section (or later `#` heading) that documents a method: its parameters, code
/// examples or response.
fn has_method_sections(page: &Page<'_>) -> bool {
    find_section(page, |t| {
        t == "parameters"
            || t.starts_with("method parameters")
            || t.starts_with("code example")
            || t.starts_with("response")
    })
    .is_some()
}

/// Whether a page whose title ends in a method name documents it: it has no `##` sections
/// (a short page, judged by its title), or one of them shows the method's parameters,
/// examples, answer or errors. An overview of an API family has sections, none of these.
fn documents_a_method(page: &Page<'_>) -> bool {
    const SHOWN: [&str; 8] = [
        "parameters",
        "method parameters",
        "request parameters",
        "code example",
        "example",
        "response",
        "returned data",
        "error",
    ];
    let sectioned = page.sections.iter().skip(1).any(|s| s.level <= 2);
    !sectioned || find_section(page, |t| SHOWN.iter().any(|p| t.starts_with(p))).is_some()
}

/// A call of the browser SDK, `BX24.placement.info`: a dotted name whose object is
/// capitalised. The SDK runs in the page, it is no REST method.
fn is_sdk_call(s: &str) -> bool {
    s.split_once('.').is_some_and(|(object, rest)| {
        object
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_uppercase())
            && object.bytes().all(|b| b.is_ascii_alphanumeric())
            && is_method_name(rest)
    })
}

fn named(name: &str, title: &str) -> Naming {
    Naming::Method {
        name: name.to_string(),
        title: title.trim().to_string(),
    }
}

/// A word of a title without the quotes and punctuation around it (not dots: `e.g.` must
/// stay unlike a method name).
fn trim_word(w: &str) -> &str {
    w.trim_matches(|c: char| {
        matches!(
            c,
            '`' | '"' | '\'' | ',' | ':' | ';' | '(' | ')' | '«' | '»'
        )
    })
}

/// Dotted words: `crm.item.productrow.fields`, `crm.activity.type.add`, `crm.dealcategory.stage.list`.
pub(super) fn is_method_name(s: &str) -> bool {
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

/// A name an example calls: a method name, or one lowercase word (`events`, `batch`).
fn is_called_name(s: &str) -> bool {
    is_method_name(s)
        || (s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

/// Which names a place in an example may call.
type NameTest = fn(&str) -> bool;

/// Every method name the page's code examples call, in page order, repeats included.
fn example_calls(page: &Page<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for block in page.sections.iter().flat_map(|s| &s.blocks) {
        let Block::Code(code) = block else {
            continue;
        };
        let body = code.body.as_str();
        // cURL and fetch URLs: `…/rest/<user>/<hook>/crm.status.fields`, `…/rest/api/…`.
        for (at, _) in body.match_indices("/rest/") {
            let url = body.get(at..).unwrap_or("");
            let end = url
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '\'' | '"' | '`' | '\\' | ')' | '?')
                })
                .unwrap_or(url.len());
            let last = url
                .get(..end)
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("");
            if is_called_name(last) && last != "api" {
                out.push(last.to_string());
            }
        }
        // SDK calls: `callMethod('x'`, `->call('x'`, `CRest::call("x"`; and `method: 'x'`,
        // dotted names only there (`method: 'post'` is an HTTP verb).
        let needles: [(&str, NameTest); 4] = [
            ("callMethod(", is_called_name),
            ("call(", is_called_name),
            ("method:", is_method_name),
            ("\"method\":", is_method_name),
        ];
        for (needle, accepts) in needles {
            for (at, _) in body.match_indices(needle) {
                let rest = body.get(at + needle.len()..).unwrap_or("").trim_start();
                if let Some(name) = quoted(rest).filter(|n| accepts(n)) {
                    out.push(name.to_string());
                }
            }
        }
    }
    out
}

/// `'x'…` or `"x"…` → `x`.
fn quoted(s: &str) -> Option<&str> {
    let quote = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let rest = s.get(1..)?;
    rest.split_once(quote).map(|(inside, _)| inside)
}

/// Event pages (`# Event onCrmLeadAdd`, `# OnOrderDeleted Event When Deleting an Order`)
/// document callbacks, not methods.
pub(super) fn is_event_title(h1: &str) -> bool {
    h1.starts_with("Event")
        || h1.split_whitespace().any(|w| {
            w.strip_prefix("on")
                .or_else(|| w.strip_prefix("On"))
                .is_some_and(|r| r.bytes().next().is_some_and(|b| b.is_ascii_uppercase()))
                || super::event::is_event_name(w)
        })
}

/// What the page head says besides the method name.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Head {
    pub(super) scope: Option<String>,
    pub(super) who_can_execute: Option<String>,
    pub(super) description: String,
    pub(super) deprecated: Option<String>,
    pub(super) version: ApiVersion,
}

/// Scope, who can execute, the intro, the deprecation and the REST version.
pub(super) fn head(page: &Page<'_>) -> Head {
    let (scope, who_can_execute, description) = header(page);
    Head {
        scope,
        who_can_execute,
        deprecated: deprecated(page),
        version: version(page),
        description,
    }
}

/// The page head's text lines (before the first `##` section), with their line numbers.
fn head_lines<'p>(page: &'p Page<'_>) -> impl Iterator<Item = (&'p str, usize)> {
    page.sections
        .first()
        .into_iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Text { text, line } => Some((*text, *line)),
            _ => None,
        })
}

/// V3 when the head says "This method belongs to REST 3.0".
fn version(page: &Page<'_>) -> ApiVersion {
    if head_lines(page).any(|(t, _)| t.contains("belongs to REST 3.0")) {
        ApiVersion::V3
    } else {
        ApiVersion::V2
    }
}

/// "Use X instead." from a `{% note warning "DEPRECATED" %}` banner in the page head, or
/// from an intro saying the method's development has been halted or that it is deprecated.
fn deprecated(page: &Page<'_>) -> Option<String> {
    let head_end = page.sections.get(1).map_or(usize::MAX, |s| s.line);
    let banner = page.notes.iter().find(|n| {
        n.line < head_end
            && (n.title.eq_ignore_ascii_case("deprecated")
                || head_lines(page)
                    .any(|(t, l)| l > n.line && l < n.end && t.trim() == "**DEPRECATED**"))
    });
    let text: Vec<&str> = match banner {
        Some(n) => head_lines(page)
            .filter(|(_, l)| *l > n.line && *l < n.end)
            .map(|(t, _)| t)
            .collect(),
        None => head_lines(page)
            .map(|(t, _)| t)
            .filter(|t| says_deprecated(t))
            .collect(),
    };
    if banner.is_none() && text.is_empty() {
        return None;
    }
    let text = text.join("\n");
    let pointers = replacements(&text);
    Some(if pointers.is_empty() {
        "Deprecated; the page names no replacement.".to_string()
    } else {
        format!("Use {} instead.", pointers.join(" or "))
    })
}

/// "Development of this method has been halted", "This method is deprecated".
fn says_deprecated(line: &str) -> bool {
    let l = line.to_ascii_lowercase();
    (l.contains("this method") || l.contains("the method"))
        && (l.contains("has been halted")
            || l.contains("has been discontinued")
            || l.contains("is deprecated")
            || l.contains("is outdated"))
}

/// The link texts (or code spans) of a banner that name methods, `crm.item.*` included;
/// failing those, its first link text (`Universal Methods for Invoices`).
fn replacements(text: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rest = text;
    while let Some((_, after)) = rest.split_once('[') {
        let Some((label, tail)) = after.split_once("](") else {
            break;
        };
        links.push(label.replace('`', "").trim().to_string());
        rest = tail;
    }
    let names_method = |s: &str| is_method_name(s.trim_end_matches(".*"));
    let mut methods: Vec<String> = links.iter().filter(|l| names_method(l)).cloned().collect();
    if methods.is_empty() {
        methods = super::rows::code_spans(text)
            .into_iter()
            .filter(|c| names_method(c))
            .map(str::to_string)
            .collect();
    }
    methods.dedup();
    if methods.is_empty() {
        methods.extend(links.into_iter().find(|l| !l.is_empty()));
    }
    methods
}

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

#[cfg(test)]
mod tests;
