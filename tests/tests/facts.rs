//! The crate's own pages are written in our words, with the official facts: `bitrix-docs
//! diff` from the official crm and departments sections (`../shared`, read at test time) to
//! `docs/` shows wording only, and every current official method of them has its page here
//! (and the outdated crm ones we ship say what theirs say).

use bitrix_docs::diff::{self, Kind};
use bitrix_docs::Loaded;
use bitrix_tests::{official, workspace};

/// Drops what lives under an `outdated/` folder but the outdated pages we ship (`ours`:
/// the `crm.enum.*` activity enumerations, bound `#[deprecated]`).
fn current(mut loaded: Loaded, ours: &Loaded) -> Loaded {
    let outdated = |rel: &str| rel.split('/').any(|part| part == "outdated");
    let shipped = |name: &str| ours.methods.iter().any(|m| m.name == name);
    loaded
        .methods
        .retain(|m| !outdated(&m.source.rel_path) || shipped(&m.name));
    loaded
        .rejected
        .retain(|d| !d.path.components().any(|c| c.as_os_str() == "outdated"));
    loaded
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn our_crm_pages_say_what_the_official_ones_say() {
    let ours = bitrix_docs::load(&workspace().join("docs/api-reference/crm")).expect("docs/ loads");
    let official_crm =
        bitrix_docs::load(&official("api-reference/crm")).expect("official crm loads");
    let theirs = current(official_crm, &ours);
    let report = diff::diff(&theirs, &ours);
    let facts: Vec<String> = report
        .changes
        .iter()
        .filter(|c| c.kind != Kind::Wording)
        .map(|c| c.to_string())
        .collect();
    println!(
        "{} official methods, {} ours, {} changes (wording only expected)",
        theirs.methods.len(),
        ours.methods.len(),
        report.changes.len()
    );
    assert!(
        theirs.methods.len() >= 352,
        "the official crm section has at least 352 current method pages: {}",
        theirs.methods.len()
    );
    assert!(
        report.rejected_new.is_empty() && report.rejected_old.is_empty(),
        "pages the parser rejects: ours {:#?}, official {:#?}",
        report.rejected_new,
        report.rejected_old
    );
    assert!(
        facts.is_empty(),
        "{} facts differ (a removed method is an official method we lack):\n{}",
        facts.len(),
        facts.join("\n")
    );
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn our_departments_pages_say_what_the_official_ones_say() {
    let ours = bitrix_docs::load(&workspace().join("docs/api-reference/departments"))
        .expect("docs/ loads");
    let theirs = bitrix_docs::load(&official("api-reference/departments"))
        .expect("official departments loads");
    let report = diff::diff(&theirs, &ours);
    let facts: Vec<String> = report
        .changes
        .iter()
        .filter(|c| c.kind != Kind::Wording)
        .map(|c| c.to_string())
        .collect();
    println!(
        "{} official methods, {} ours, {} changes (wording only expected)",
        theirs.methods.len(),
        ours.methods.len(),
        report.changes.len()
    );
    // 5 department.* and 24 REST 3.0 humanresources.* pages.
    assert!(
        theirs.methods.len() >= 29,
        "the official departments section has at least 29 method pages: {}",
        theirs.methods.len()
    );
    assert!(
        report.rejected_new.is_empty() && report.rejected_old.is_empty(),
        "pages the parser rejects: ours {:#?}, official {:#?}",
        report.rejected_new,
        report.rejected_old
    );
    assert!(
        facts.is_empty(),
        "{} facts differ (a removed method is an official method we lack):\n{}",
        facts.len(),
        facts.join("\n")
    );
}
