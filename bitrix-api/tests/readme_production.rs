//! The README's "Running an app in production" block is `examples/production_app.rs` (from
//! its first `use` on), so the block compiles whenever the example does.

#[test]
fn the_readme_block_is_the_example() {
    let readme = include_str!("../../README.md");
    let example = include_str!("../examples/production_app.rs");
    let section = readme
        .split("## Running an app in production")
        .nth(1)
        .expect("the README has the section");
    let block = section
        .split("```rust\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("the section has a rust block");
    let code = &example[example
        .find("use bitrix_api::events")
        .expect("example code")..];
    assert_eq!(block.trim_end(), code.trim_end());
}
