//! `bind!(schema = …)`'s output: a snapshot of a small schema's module, reviewed like
//! hand-written code, and the size of the example app's module.

use std::path::Path;

use bitrix_codegen::expand_schema;
use proc_macro2::{Ident, Span};

fn expanded(file: &Path) -> syn::File {
    let schema = bitrix_docs::schema::read(file).expect("schema reads");
    let tokens = expand_schema(
        &schema,
        &Ident::new("portal", Span::call_site()),
        "bitrix-schema.json",
        "bitrix-schema.json",
    );
    syn::parse2(tokens).expect("generated code parses")
}

/// `UPDATE_EXPECT=1 cargo test -p bitrix-codegen --test portal` accepts a reviewed change.
#[test]
fn snapshot_of_the_drift_fixture_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/schema/base.json");
    expect_test::expect_file!["../snapshots/portal-schema.rs"]
        .assert_eq(&prettyplease::unparse(&expanded(&root)));
}

/// What every app compiles per field stays small: the example's 24 user fields, 4 list
/// enums, 5 funnels and 2 smart processes.
#[test]
fn the_example_module_stays_small() {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../bitrix-api/examples/bitrix-schema.json");
    let text = prettyplease::unparse(&expanded(&root));
    let lines = text.lines().count();
    eprintln!(
        "example schema module: {} bytes, {lines} lines (prettyplease)",
        text.len()
    );
    assert!(text.len() < 80_000, "{} bytes", text.len());
}
