//! Placement pages: a widget page documents a place in the portal's interface where an app
//! embeds (`# Calendar View CALENDAR_GRIDVIEW`, `# Tab in the Detail Form of CRM Entity
//! CRM_XXX_DETAIL_TAB, CRM_DYNAMIC_XXX_DETAIL_TAB`). Its H1 names the placement codes, and
//! its sections say where the widget appears and what its handler receives. The page's
//! examples call `placement.bind` to register the code, but the page documents the code,
//! not that method: it binds nothing.

use crate::page::Page;

use super::find_section;

/// The placement codes a placement page documents, in H1 order; `None` when the page is
/// not one (its H1 names no code, or no section describes the widget or its handler).
pub(super) fn codes(page: &Page<'_>) -> Option<Vec<String>> {
    let h1 = page.h1.map_or("", |(t, _)| t);
    let codes: Vec<String> = h1
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, '`' | '"' | '\'' | ',' | ':' | ';' | '(' | ')'))
        })
        .filter(|w| is_placement_code(w))
        .map(str::to_string)
        .collect();
    if codes.is_empty() {
        return None;
    }
    let describes_a_widget = find_section(page, |t| {
        t.starts_with("where the widget is") || t.starts_with("what the handler receives")
    })
    .is_some();
    describes_a_widget.then_some(codes)
}

/// `CALENDAR_GRIDVIEW`, `CRM_XXX_DETAIL_TAB`, `LANDING_BLOCK_*`: upper-case words joined
/// by `_`, a trailing `*` for a family of codes.
fn is_placement_code(word: &str) -> bool {
    let code = word.strip_suffix('*').unwrap_or(word);
    code.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && code.contains('_')
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::testkit::*;
    use crate::spec::PageOutcome;

    /// A widget page as the official ones are: its examples register the code with
    /// `placement.bind`, so without the placement rule it would bind as that method.
    const CALENDAR: &str = "# Calendar View CALENDAR_GRIDVIEW\n\n> Scope: [`placement`](s.md)\n\nThe widget adds a view to the calendar.\n\n## Where the Widget is Embedded\n\nIn the calendar.\n\n## What the Handler Receives\n\n```json\n{\"PLACEMENT\": \"CALENDAR_GRIDVIEW\"}\n```\n\n## Code Examples\n\n```js\nBX24.callMethod('placement.bind', {PLACEMENT: 'CALENDAR_GRIDVIEW', HANDLER: 'https://x'});\n```\n";

    #[test]
    fn a_widget_page_is_a_placement_not_placement_bind() {
        assert_eq!(
            outcome(CALENDAR),
            PageOutcome::Placement(vec!["CALENDAR_GRIDVIEW".to_string()])
        );
        let two = CALENDAR.replace(
            "# Calendar View CALENDAR_GRIDVIEW",
            "# Tab in the Detail Form of CRM_XXX_DETAIL_TAB, CRM_DYNAMIC_XXX_DETAIL_TAB",
        );
        assert_eq!(
            outcome(&two),
            PageOutcome::Placement(vec![
                "CRM_XXX_DETAIL_TAB".to_string(),
                "CRM_DYNAMIC_XXX_DETAIL_TAB".to_string()
            ])
        );
        // Lower-case section titles, a family of codes.
        let family = CALENDAR
            .replace(
                "# Calendar View CALENDAR_GRIDVIEW",
                "# Editing the LANDING_BLOCK_* Point",
            )
            .replace(
                "## Where the Widget is Embedded",
                "## Where the widget is integrated",
            );
        assert_eq!(
            outcome(&family),
            PageOutcome::Placement(vec!["LANDING_BLOCK_*".to_string()])
        );
    }

    #[test]
    fn the_method_page_that_registers_placements_stays_a_method() {
        let bind = CALENDAR.replace(
            "# Calendar View CALENDAR_GRIDVIEW",
            "# Register a Widget Handler placement.bind",
        );
        assert_eq!(method(&bind).name, "placement.bind");
        // A code in the title but no widget sections: not a placement page.
        let handler_url =
            "# Calculate Delivery Costs CALCULATE_URL\n\n## Request Parameters\n\nText.\n";
        assert_eq!(outcome(handler_url), PageOutcome::NotAMethod);
    }

    #[test]
    fn placement_codes() {
        for ok in [
            "CALENDAR_GRIDVIEW",
            "CRM_XXX_DETAIL_TAB",
            "LANDING_BLOCK_*",
            "IM_SIDEBAR",
        ] {
            assert!(is_placement_code(ok), "{ok}");
        }
        for bad in [
            "CRM",
            "Calendar_View",
            "placement.bind",
            "_",
            "ONVOXIMPLANTCALLSTART",
            "A-B_C",
        ] {
            assert!(!is_placement_code(bad), "{bad}");
        }
    }
}
