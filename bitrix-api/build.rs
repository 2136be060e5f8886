//! New pages under `docs/` must be bound on the next `cargo build`: the `bind!` macro tracks
//! every page it read, but only cargo can notice a file that did not exist yet.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=docs");
    // `docs` is a link to the workspace's `docs/` in the repository; watch the real directory too.
    if let Ok(real) = std::fs::canonicalize("docs") {
        println!("cargo:rerun-if-changed={}", real.display());
    }
}
