//! The page head: the H1 title and the method name at its end, `> Scope:`, "Who can
//! execute the method" and the intro text before the first `##` section.

use crate::page::{Block, Page};

use super::rows::{clean_text, first_code_span};

/// `Add Contact crm.contact.add` → (`Add Contact`, `crm.contact.add`).
pub(super) fn split_method(h1: &str) -> Option<(&str, &str)> {
    let h1 = h1.trim();
    let (title, last) = h1.rsplit_once(char::is_whitespace).unwrap_or(("", h1));
    let name = last.trim_matches('`');
    is_method_name(name).then_some((title.trim(), name))
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

/// Event pages (`# Event onCrmLeadAdd`) document callbacks, not methods.
pub(super) fn is_event_title(h1: &str) -> bool {
    h1.starts_with("Event")
        || h1.split_whitespace().any(|w| {
            w.strip_prefix("on")
                .is_some_and(|r| r.bytes().next().is_some_and(|b| b.is_ascii_uppercase()))
        })
}

/// `> Scope:`, `> Who can execute the method:` and the intro text after them.
pub(super) fn header(page: &Page<'_>) -> (Option<String>, Option<String>, String) {
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
mod tests {
    use super::*;
    use crate::spec::testkit::*;
    use crate::spec::PageOutcome;

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
}
