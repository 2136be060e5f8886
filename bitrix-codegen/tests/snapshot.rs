//! The generated code, reviewed like hand-written code.

use std::path::Path;

use bitrix_codegen::{expand, Attach, Output};

/// The generated code for the crate's own pages, reviewed like hand-written code:
/// `UPDATE_EXPECT=1 cargo test -p bitrix-codegen` accepts a change.
#[test]
fn snapshot_of_the_six_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let loaded = bitrix_docs::load(&root).expect("docs/ loads");
    assert!(loaded.rejected.is_empty(), "{:?}", loaded.rejected);
    let tokens = expand(&Output {
        methods: &loaded.methods,
        attach: Attach::Inherent,
        skipped: None,
    });
    let file: syn::File = syn::parse2(tokens).expect("generated code parses");
    expect_test::expect_file!["../snapshots/crm-lead-contact.rs"]
        .assert_eq(&prettyplease::unparse(&file));
}

/// Every bindable official crm page expands into syntactically valid Rust (the corpus
/// crate in `tests/` also type-checks it).
#[test]
fn corpus_expands_to_valid_rust() {
    let Some(root) = std::env::var_os("BITRIX_DOCS_CORPUS") else {
        eprintln!("corpus expansion skipped: BITRIX_DOCS_CORPUS is not set");
        return;
    };
    let loaded = bitrix_docs::load(Path::new(&root)).expect("corpus loads");
    let tokens = expand(&Output {
        methods: &loaded.methods,
        attach: Attach::Trait,
        skipped: Some(Vec::new()),
    });
    let file: syn::File = syn::parse2(tokens).expect("generated code parses");
    eprintln!(
        "{} methods expand to {} items",
        loaded.methods.len(),
        file.items.len()
    );
}
