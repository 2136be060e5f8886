//! New pages under `docs/` must be bound on the next `cargo build`: the `bind!` macro tracks
//! every page it read, but only cargo can notice a file that did not exist yet.
//!
//! It tells `bind!` that `docs/` is watched here (`BITRIX_BIND_WATCHED`), so that the macro
//! does not embed every page with `include_bytes!` to track it.
//!
//! It also tells `bind!` which features this build has (`BITRIX_BIND_FEATURES`), so that the
//! sections that are off cost nothing: their items are not emitted at all, rather than
//! emitted under a `cfg` rustc would read and strip.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=docs");
    // `docs` is a link to the workspace's `docs/` in the repository; watch the real directory too.
    if let Ok(real) = std::fs::canonicalize("docs") {
        println!("cargo:rerun-if-changed={}", real.display());
        // Watched here, so `bind!` need not embed every page to track it.
        println!("cargo:rustc-env=BITRIX_BIND_WATCHED={}", real.display());
    }
    let mut on: Vec<String> = std::env::vars()
        .filter_map(|(k, _)| k.strip_prefix("CARGO_FEATURE_").map(str::to_owned))
        .collect();
    on.sort();
    println!("cargo:rustc-env=BITRIX_BIND_FEATURES={}", on.join(","));
}
