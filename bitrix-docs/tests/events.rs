//! Every event page of the official api-reference parses into an [`EventSpec`], and the
//! ones this repo documents in its own words type `data` as the official ones do. Reads
//! `../shared` beside the workspace at run time (see `common`).

mod common;

use bitrix_docs::{parse_page, EventSpec, FieldType, PageOutcome};

/// Pages whose H1 names an event (`… onCrmDealAdd`), by the same rule the parser uses
/// loosely: a word starting `on`/`On` and an upper-case letter.
fn names_an_event(text: &str) -> bool {
    text.lines()
        .find(|l| l.starts_with("# "))
        .is_some_and(|h1| {
            h1.split_whitespace().any(|w| {
                let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
                (w.starts_with("on") || w.starts_with("On"))
                    && w[2..].starts_with(|c: char| c.is_ascii_uppercase())
            })
        })
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn every_official_event_page_parses() {
    let root = common::docs_root().join("api-reference");
    let mut events: Vec<EventSpec> = Vec::new();
    let mut failed = Vec::new();
    for path in common::md_files(&root) {
        let text = std::fs::read_to_string(&path).expect("readable");
        if !names_an_event(&text) {
            continue;
        }
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        match parse_page(&text, &path, &rel) {
            PageOutcome::Event(spec) => events.push(*spec),
            other => failed.push(format!("{rel}: {other:?}")),
        }
    }
    let total = events.len() + failed.len();
    let typed = events.iter().filter(|e| !e.data.is_empty()).count();
    eprintln!(
        "{} of {total} official event pages parse ({typed} with typed data fields)",
        events.len()
    );
    for f in &failed {
        eprintln!("  {f}");
    }
    assert!(
        total >= 90,
        "only {total} event pages found under {}",
        root.display()
    );
    assert!(
        events.len() * 100 >= total * 99,
        "{} of {total} parse:\n{}",
        events.len(),
        failed.join("\n")
    );
    let deal_add = events
        .iter()
        .find(|e| e.name == "onCrmDealAdd")
        .expect("onCrmDealAdd");
    assert_eq!(deal_add.code, "ONCRMDEALADD");
    let fields = deal_add
        .data
        .iter()
        .find(|f| f.name == "FIELDS")
        .expect("FIELDS");
    let FieldType::Object(inner) = &fields.ty else {
        panic!("{fields:?}")
    };
    assert_eq!(
        (inner[0].name.as_str(), &inner[0].ty),
        ("ID", &FieldType::Integer)
    );
}

#[test]
fn this_repos_event_pages_all_bind() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let loaded = bitrix_docs::load(&root).expect("docs");
    let bad: Vec<String> = loaded
        .rejected
        .iter()
        .filter(|d| d.message.starts_with("event"))
        .map(ToString::to_string)
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert!(loaded.events.len() >= 80, "{}", loaded.events.len());
    let names: Vec<&str> = loaded.events.iter().map(|e| e.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    for name in [
        "onCrmDealAdd",
        "OnAppInstall",
        "onAppUninstall",
        "onOfflineEvent",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
}
