//! Embeds the method pages bitrix-api ships (`docs/`, a link to the workspace's `docs/`; the
//! packaged crate carries the files themselves), so a portal from crates.io serves them too.
//!
//! Writes `$OUT_DIR/pages.rs`: `EMBEDDED: &[(&str, &str)]`, (path relative to `docs/`,
//! text) per `*.md` file in sorted path order, each an `include_str!` so that editing a page
//! rebuilds; the `rerun-if-changed` lines pick up new pages.

use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let docs = manifest.join("docs");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=docs");
    if let Ok(real) = std::fs::canonicalize(&docs) {
        println!("cargo:rerun-if-changed={}", real.display());
    }
    let mut files = Vec::new();
    walk(&docs, &mut files);
    files.sort();
    let mut out = String::from("/// Every page under `docs/`: (path relative to `docs/`, text).\n");
    out.push_str("pub(crate) const EMBEDDED: &[(&str, &str)] = &[\n");
    for file in &files {
        let rel = file
            .strip_prefix(&docs)
            .unwrap_or(file)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("pages.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}

/// `*.md` files under `dir`; a missing `docs/` embeds nothing (the portal then serves only
/// its hand-written methods and the pages it is given).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}
