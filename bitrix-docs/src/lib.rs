//! Reads Bitrix24 REST method pages (YFM markdown, as in the official docs) into
//! [`MethodSpec`]s.
//!
//! Pipeline, one stage per module: `page.rs` (markdown → [`page::Page`]) → `types.rs`
//! (type text → [`FieldType`]) → `spec/` (page → [`MethodSpec`], or [`EventSpec`] for an
//! event page: all per-page validation, one stage per file, see [`spec`]) → [`load`] (the
//! docs tree, cross-page checks: one page per method and REST version) → consumers
//! (`bitrix-codegen` emits tokens for `bitrix-macros`; [`diff`]
//! compares two trees for the `bitrix-docs diff` drift report).
//!
//! ```no_run
//! let loaded = bitrix_docs::load(std::path::Path::new("docs")).expect("docs dir is readable");
//! for diag in &loaded.rejected {
//!     eprintln!("{diag}");
//! }
//! for method in &loaded.methods {
//!     println!("{} ({} params)", method.name, method.params.len());
//!     for warning in &method.warnings {
//!         eprintln!("{warning}"); // bound, but weaker than the page says
//!     }
//! }
//! ```

pub mod diag;
pub mod diff;
pub mod entity;
pub mod lenient;
pub mod model;
pub mod page;
pub mod schema;
pub mod spec;
pub mod types;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use diag::Diag;
pub use entity::{Entity, EntityField, FieldKind, RecordLink};
pub use model::{
    ApiVersion, ErrorCode, EventSpec, ExampleAnswer, Field, FieldType, MethodSpec, Response, Source,
};
pub use spec::PageOutcome;

/// The outcome of loading a docs tree.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Every method page that validated, sorted by method name (REST 2 before REST 3.0).
    pub methods: Vec<MethodSpec>,
    /// Every event page that validated, sorted by event name.
    pub events: Vec<EventSpec>,
    /// Every method or event page that did not, with the reasons (a page may have several).
    pub rejected: Vec<Diag>,
    /// Every markdown file read (method pages and others), for rebuild tracking.
    pub files: Vec<PathBuf>,
    /// The record types the `*.fields` pages describe, sorted by name (see [`entity`]).
    pub entities: Vec<Entity>,
    /// The methods whose answers hold records of an entity, sorted by method.
    pub records: Vec<RecordLink>,
}

/// Parses one page's text. `path` is used in diagnostics and [`Source::path`], `rel_path`
/// is the page's path relative to the docs root (with `/`). Never panics.
///
/// ```
/// use bitrix_docs::{parse_page, FieldType, PageOutcome};
/// let text = "# Delete Deal crm.deal.delete\n\n## Method Parameters\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **id***\n[`integer`](../data-types.md) | Deal id ||\n|#\n";
/// let PageOutcome::Method(spec) = parse_page(text, "d.md".as_ref(), "d.md") else { panic!() };
/// assert_eq!(spec.name, "crm.deal.delete");
/// assert_eq!(spec.params[0].ty, FieldType::Integer);
/// assert!(spec.params[0].required);
/// ```
pub fn parse_page(text: &str, path: &Path, rel_path: &str) -> PageOutcome {
    spec::build(&page::parse(text), path, rel_path)
}

/// Loads every `*.md` page under `root`, recursively, in sorted path order. Pages that
/// document no method and no event (indexes, tutorials, change logs, placement pages) are
/// read but bind nothing. A page that cannot be read, that names a method an earlier page
/// of the same REST version already named (a REST 2 and a REST 3.0 page of one name are
/// two methods), or an event an earlier page already named, is rejected with a
/// diagnostic. `Err` only when `root` itself cannot be read. Never panics.
pub fn load(root: &Path) -> Result<Loaded, Diag> {
    load_where(root, |_| true)
}

/// [`load`], reading only the pages whose `/`-separated path under `root` `keep` accepts
/// (a binding whose sections are behind features that are off reads none of their pages).
/// The others are neither read nor listed in [`Loaded::files`].
pub fn load_where(root: &Path, keep: impl Fn(&str) -> bool) -> Result<Loaded, Diag> {
    let mut files = Vec::new();
    walk(root, &mut files).map_err(|e| Diag {
        path: root.to_path_buf(),
        line: 0,
        message: format!("cannot read the docs directory: {e}"),
    })?;
    files.retain(|path| keep(&rel_path(root, path)));
    let mut loaded = Loaded::default();
    let mut first_seen: HashMap<(String, ApiVersion), Source> = HashMap::new();
    let mut first_event: HashMap<String, Source> = HashMap::new();
    for path in files {
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                loaded.rejected.push(Diag {
                    path: path.clone(),
                    line: 0,
                    message: format!("cannot read the page: {e}"),
                });
                loaded.files.push(path);
                continue;
            }
        };
        let rel = rel_path(root, &path);
        match parse_page(&text, &path, &rel) {
            PageOutcome::NotAMethod | PageOutcome::Placement(_) => {}
            PageOutcome::Event(spec) => match first_event.get(&spec.name) {
                Some(first) => loaded.rejected.push(Diag {
                    path: path.clone(),
                    line: spec.source.line,
                    message: format!(
                        "event `{}` is already documented by {}:{} in the same docs tree: \
                         delete one of the two pages, or correct the event name at the end \
                         of this page's H1 title",
                        spec.name, first.rel_path, first.line
                    ),
                }),
                None => {
                    first_event.insert(spec.name.clone(), spec.source.clone());
                    loaded.events.push(*spec);
                }
            },
            PageOutcome::Rejected(diags) => loaded.rejected.extend(diags),
            PageOutcome::Method(spec) => match first_seen.get(&(spec.name.clone(), spec.version)) {
                Some(first) => loaded.rejected.push(Diag {
                    path: path.clone(),
                    line: spec.source.line,
                    message: format!(
                        "method `{}` is already documented by {}:{} in the same docs \
                         tree: delete one of the two pages, or correct the method name at \
                         the end of this page's H1 title",
                        spec.name, first.rel_path, first.line
                    ),
                }),
                None => {
                    first_seen.insert((spec.name.clone(), spec.version), spec.source.clone());
                    loaded.methods.push(*spec);
                }
            },
        }
        loaded.files.push(path);
    }
    loaded
        .methods
        .sort_by(|a, b| (&a.name, a.version).cmp(&(&b.name, b.version)));
    loaded.events.sort_by(|a, b| a.name.cmp(&b.name));
    (loaded.entities, loaded.records) = entity::link(&loaded.methods);
    Ok(loaded)
}

/// Collects `*.md` files under `dir`, sorted. Unreadable subdirectories are skipped: only
/// the root itself must be readable.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            let _ = walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
