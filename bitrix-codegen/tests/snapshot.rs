//! The generated code, reviewed like hand-written code.

use std::path::Path;

use bitrix_codegen::{expand, Group, Output};

/// The generated code for the crate's own pages, reviewed like hand-written code:
/// `UPDATE_EXPECT=1 cargo test -p bitrix-codegen` accepts a change.
#[test]
fn snapshot_of_the_six_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let loaded = bitrix_docs::load(&root).expect("docs/ loads");
    assert!(loaded.rejected.is_empty(), "{:?}", loaded.rejected);
    // The six pages the snapshot is about, not the whole (growing) docs tree.
    let six: Vec<_> = loaded
        .methods
        .into_iter()
        .filter(|m| m.name.starts_with("crm.lead.contact."))
        .collect();
    assert_eq!(six.len(), 6);
    let tokens = expand(&Output {
        methods: &six,
        events: &[],
        groups: &[],
        skipped: Vec::new(),
        warnings: Vec::new(),
        shared_call: false,
    });
    let file: syn::File = syn::parse2(tokens).expect("generated code parses");
    expect_test::expect_file!["../snapshots/crm-lead-contact.rs"]
        .assert_eq(&prettyplease::unparse(&file));
}

/// An enumerated field (`USER_TYPE_ID` of `crm.deal.userfield.add`) and required values
/// that share a type (`entityTypeId`, `id` of `crm.item.get`), as generated.
#[test]
fn snapshot_of_enums_and_required_structs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let loaded = bitrix_docs::load(&root).expect("docs/ loads");
    let two: Vec<_> = loaded
        .methods
        .into_iter()
        .filter(|m| m.name == "crm.deal.userfield.add" || m.name == "crm.item.get")
        .collect();
    assert_eq!(two.len(), 2);
    let tokens = expand(&Output {
        methods: &two,
        events: &[],
        groups: &[],
        skipped: Vec::new(),
        warnings: Vec::new(),
        shared_call: false,
    });
    let file: syn::File = syn::parse2(tokens).expect("generated code parses");
    expect_test::expect_file!["../snapshots/enums-and-required.rs"]
        .assert_eq(&prettyplease::unparse(&file));
}

/// The events of the fixture pages (`tests/fixtures/events`), one in a gated folder.
#[test]
fn snapshot_of_the_fixture_events() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/events");
    let loaded = bitrix_docs::load(&root).expect("fixtures load");
    assert!(loaded.rejected.is_empty(), "{:?}", loaded.rejected);
    assert_eq!(loaded.events.len(), 3);
    let groups = [Group::new("crm/widgets", Some("crm-widget".into()))];
    let tokens = expand(&Output {
        methods: &[],
        events: &loaded.events,
        groups: &groups,
        skipped: Vec::new(),
        warnings: Vec::new(),
        shared_call: false,
    });
    let file: syn::File = syn::parse2(tokens).expect("generated code parses");
    expect_test::expect_file!["../snapshots/events.rs"].assert_eq(&prettyplease::unparse(&file));
}

/// Every bindable official crm page expands into syntactically valid Rust (the corpus
/// crate in `tests/` also type-checks it).
#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn corpus_expands_to_valid_rust() {
    // `shared/` beside the workspace, however deep the checkout is (a worktree is deeper).
    // `$B24RESTDOCS` first, when set.
    let crm = "shared/b24restdocs/api-reference/crm";
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = match std::env::var_os("B24RESTDOCS") {
        Some(docs) => Path::new(&docs).join("api-reference/crm"),
        None => manifest
            .ancestors()
            .map(|a| a.join(crm))
            .find(|p| p.is_dir())
            .unwrap_or_else(|| manifest.join("../..").join(crm)),
    };
    assert!(
        root.is_dir(),
        "{} is missing: the official docs belong beside the workspace",
        root.display()
    );
    let loaded = bitrix_docs::load(&root).expect("corpus loads");
    // Gated like the crate's own groups, to expand the `cfg` paths too.
    let groups = [Group::new("deals", Some("crm-deal".into()))];
    let tokens = expand(&Output {
        methods: &loaded.methods,
        events: &loaded.events,
        groups: &groups,
        skipped: Vec::new(),
        warnings: Vec::new(),
        shared_call: false,
    });
    let file: syn::File = syn::parse2(tokens).expect("generated code parses");
    eprintln!(
        "{} methods expand to {} items",
        loaded.methods.len(),
        file.items.len()
    );
    assert!(
        loaded.methods.len() > 400,
        "{} methods",
        loaded.methods.len()
    );
}
