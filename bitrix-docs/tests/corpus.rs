//! Binds the official docs: `cargo test -p bitrix-docs --test corpus -- --include-ignored
//! --nocapture`. Needs `../shared/b24restdocs` beside the workspace (see `common`), so the
//! tests are ignored by default and fail, naming the places looked at, when it is missing.
//! Each prints the figures, every rejected page with its reasons and every warning; the
//! whole-reference test also prints every note (where a page contradicts itself and which
//! source won).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bitrix_docs::{Diag, Loaded};

/// What one tree bound.
struct Figures {
    bound: usize,
    warned: usize,
    /// Rejected pages, with their reasons.
    rejected: BTreeMap<PathBuf, Vec<Diag>>,
}

impl Figures {
    fn pages(&self) -> usize {
        self.bound + self.rejected.len()
    }

    fn percent(&self) -> f64 {
        match self.pages() {
            0 => 0.0,
            n => 100.0 * self.bound as f64 / n as f64,
        }
    }
}

fn load(under: &str) -> (PathBuf, Loaded) {
    let root = common::docs_root().join(under);
    let loaded = bitrix_docs::load(&root)
        .unwrap_or_else(|e| panic!("{}: cannot load the official pages: {e}", root.display()));
    (root, loaded)
}

/// Prints the figures, every rejection and warning (and, with `notes`, every note).
fn report(root: &Path, loaded: &Loaded, notes: bool) -> Figures {
    let mut rejected: BTreeMap<PathBuf, Vec<Diag>> = BTreeMap::new();
    for diag in &loaded.rejected {
        rejected
            .entry(diag.path.clone())
            .or_default()
            .push(diag.clone());
    }
    let figures = Figures {
        bound: loaded.methods.len(),
        warned: loaded
            .methods
            .iter()
            .filter(|m| !m.warnings.is_empty())
            .count(),
        rejected,
    };
    let warnings: usize = loaded.methods.iter().map(|m| m.warnings.len()).sum();
    let noted: usize = loaded.methods.iter().map(|m| m.notes.len()).sum();
    // One print per test: the two tests run side by side.
    let mut out = format!(
        "{}\n  files read:          {}\n  method pages:        {}\n  bound:               {} \
         ({:.1}%)\n  bound with warnings: {} ({warnings} warnings)\n  notes:               \
         {noted}\n  rejected:            {}\n",
        root.display(),
        loaded.files.len(),
        figures.pages(),
        figures.bound,
        figures.percent(),
        figures.warned,
        figures.rejected.len()
    );
    for (path, diags) in &figures.rejected {
        out.push_str(&format!("  rejected {}\n", path.display()));
        for d in diags {
            out.push_str(&format!("    line {}: {}\n", d.line, d.message));
        }
    }
    for w in loaded.methods.iter().flat_map(|m| &m.warnings) {
        out.push_str(&format!("  warning {w}\n"));
    }
    if notes {
        for n in loaded.methods.iter().flat_map(|m| &m.notes) {
            out.push_str(&format!("  note {n}\n"));
        }
    }
    print!("{out}");
    figures
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn every_current_crm_page_binds() {
    let (root, loaded) = load("api-reference/crm");
    let figures = report(&root, &loaded, false);
    assert!(
        figures.pages() > 400,
        "only {} method pages under {}",
        figures.pages(),
        root.display()
    );
    let current: Vec<&PathBuf> = figures
        .rejected
        .keys()
        .filter(|p| !p.components().any(|c| c.as_os_str() == "outdated"))
        .collect();
    assert!(
        current.is_empty(),
        "pages outside outdated/ rejected: {current:?}"
    );
    assert!(
        figures.percent() >= 99.0,
        "only {:.1}% of crm method pages bound",
        figures.percent()
    );
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn the_whole_api_reference_binds() {
    let (root, loaded) = load("api-reference");
    let figures = report(&root, &loaded, true);
    assert!(
        figures.pages() > 500,
        "only {} method pages under {}",
        figures.pages(),
        root.display()
    );
    assert!(
        figures.percent() >= 99.0,
        "only {:.1}% of method pages bound",
        figures.percent()
    );
}
