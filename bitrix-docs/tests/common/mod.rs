//! Where the official pages are: `$B24RESTDOCS` when set (its parent holds `seeds/`), else
//! `shared/b24restdocs` beside the workspace (the repo's `../shared`). A git worktree
//! checked out deeper (`wt/<branch>`) finds the same `shared/` one or more levels further
//! up, so every ancestor of the workspace is tried. The tests that call this are
//! `#[ignore = "needs ../shared/b24restdocs"]`; missing data fails them with the places
//! looked at, never a silent pass.

#![allow(dead_code)] // each test file uses the part it needs

use std::path::{Path, PathBuf};

/// `<ancestor>/shared/<what>` for the nearest ancestor of the workspace that has it.
fn shared(what: &str) -> PathBuf {
    let tried: Vec<PathBuf> = match std::env::var_os("B24RESTDOCS") {
        Some(docs) => vec![Path::new(&docs).join("..").join(what)],
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .ancestors()
            .skip(1)
            .map(|a| a.join("shared").join(what))
            .collect(),
    };
    match tried.iter().find(|p| p.is_dir()) {
        Some(found) => found.clone(),
        None => panic!(
            "this test needs the official pages in ../shared/{what} beside the workspace; \
             looked in: {}",
            tried
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The official docs tree (`…/shared/b24restdocs`).
pub fn docs_root() -> PathBuf {
    shared("b24restdocs")
}

/// The seed pages (`…/shared/seeds`).
pub fn seeds_dir() -> PathBuf {
    shared("seeds")
}

/// Every `*.md` file under `dir`, sorted.
pub fn md_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}
