//! Size of the generated code for a docs tree, as `bind!` would emit it, pretty-printed:
//! what every user of the crate compiles.
//!
//! `cargo run -p bitrix-codegen --example expansion_size -- [DOCS_DIR] [OUT_FILE]`
//! (default: the workspace's `docs/api-reference/crm`); writes the pretty-printed expansion
//! to `OUT_FILE` when given.

use std::path::PathBuf;

use bitrix_codegen::{expand, Output};

fn main() {
    let mut args = std::env::args_os().skip(1);
    let root = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/api-reference/crm")
    });
    let loaded = match bitrix_docs::load(&root) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{}: {e:?}", root.display());
            std::process::exit(2);
        }
    };
    let tokens = expand(&Output {
        methods: &loaded.methods,
        events: &loaded.events,
        groups: &[],
        skipped: Vec::new(),
        warnings: Vec::new(),
        shared_call: true,
    });
    let file: syn::File = match syn::parse2(tokens) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("generated code does not parse: {e}");
            std::process::exit(1);
        }
    };
    let pretty = prettyplease::unparse(&file);
    let methods = loaded.methods.len().max(1);
    println!(
        "{}: {} methods, {} events, {} bytes pretty-printed ({} per method), {} enums, {} required structs",
        root.display(),
        loaded.methods.len(),
        loaded.events.len(),
        pretty.len(),
        pretty.len() / methods,
        pretty.matches("pub enum ").count(),
        pretty
            .lines()
            .filter(|l| l.contains("pub struct ") && l.ends_with("Required {"))
            .count(),
    );
    if let Some(out) = args.next() {
        if let Err(e) = std::fs::write(&out, &pretty) {
            eprintln!("{}: {e}", PathBuf::from(out).display());
            std::process::exit(2);
        }
    }
}
