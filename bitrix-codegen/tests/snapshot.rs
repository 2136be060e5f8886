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
    // The seeds' six methods: the rest of docs/ is covered by the corpus tests.
    let six: Vec<_> = loaded
        .methods
        .into_iter()
        .filter(|m| m.name.starts_with("crm.lead.contact."))
        .collect();
    assert_eq!(six.len(), 6);
    let tokens = expand(&Output {
        methods: &six,
        groups: &[],
        skipped: Vec::new(),
        warnings: Vec::new(),
    });
    let file: syn::File = syn::parse2(tokens).expect("generated code parses");
    expect_test::expect_file!["../snapshots/crm-lead-contact.rs"]
        .assert_eq(&prettyplease::unparse(&file));
}

/// Every bindable official crm page expands into syntactically valid Rust (the corpus
/// crate in `tests/` also type-checks it).
#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn corpus_expands_to_valid_rust() {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/b24restdocs/api-reference/crm");
    assert!(
        root.is_dir(),
        "{} is missing: the official docs belong beside the workspace",
        root.display()
    );
    let loaded = bitrix_docs::load(&root).expect("corpus loads");
    // Gated like the crate's own groups, to expand the `cfg` paths too.
    let groups = [Group {
        prefix: "deals".into(),
        feature: Some("crm-deal".into()),
    }];
    let tokens = expand(&Output {
        methods: &loaded.methods,
        groups: &groups,
        skipped: Vec::new(),
        warnings: Vec::new(),
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
