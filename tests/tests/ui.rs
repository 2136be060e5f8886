//! trybuild cases: apps that must compile (`ui/pass`) and apps that must not (`ui/fail`,
//! with reviewed `.stderr`; `TRYBUILD=overwrite` writes new ones for review).

#[test]
fn ui() {
    // Fixture paths in `bind!` are relative to this crate, not to trybuild's scratch crate.
    std::env::set_var("BITRIX_BIND_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
