//! trybuild cases: apps that must compile (`ui/pass`) and apps that must not (`ui/fail`,
//! with reviewed `.stderr`; `TRYBUILD=overwrite` writes new ones for review).

#[test]
fn ui() {
    // trybuild builds each case in a scratch crate under `target/`: the cases name their
    // fixtures relative to their own file, which `bind!` falls back to.
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
