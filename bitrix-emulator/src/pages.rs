//! The method pages a portal serves: the ones bitrix-api ships (embedded at build time,
//! parsed once per process) and any directories given with [`PortalBuilder::pages`]
//! (parsed at start). A later page of the same method wins.
//!
//! [`PortalBuilder::pages`]: super::PortalBuilder::pages

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use bitrix_docs::{ApiVersion, MethodSpec, PageOutcome};

use super::schema::Schema;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/pages.rs"));
}

/// Every page the portal knows, by lower-case method name.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    methods: HashMap<String, Arc<MethodSpec>>,
    /// REST 3.0 pages (`version == V3`), served only at `/rest/api/` (a V2 and a V3 page
    /// may document the same name).
    v3: HashMap<String, Arc<MethodSpec>>,
    /// Diagnostics of pages that did not parse (they are not served).
    pub rejected: Vec<String>,
    /// Entity schemas, built on first use (union of several pages).
    schemas: Mutex<HashMap<String, Arc<Schema>>>,
    /// The events the pages document: the code sent in `event` (`ONCRMDEALADD`) and the
    /// scope the page names, for `events`.
    events: Vec<(String, Option<String>)>,
}

/// What the embedded pages give: methods, events (code, scope), rejections.
type Parsed = (
    Vec<Arc<MethodSpec>>,
    Vec<(String, Option<String>)>,
    Vec<String>,
);

/// The embedded pages, parsed once: every portal of the process shares them.
fn embedded() -> &'static Parsed {
    static PARSED: OnceLock<Parsed> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut methods = Vec::new();
        let mut events = Vec::new();
        let mut rejected = Vec::new();
        for (rel, text) in embedded::EMBEDDED {
            let path = Path::new("docs").join(rel);
            match bitrix_docs::parse_page(text, &path, rel) {
                PageOutcome::Method(spec) => methods.push(Arc::new(*spec)),
                PageOutcome::Rejected(diags) => {
                    rejected.extend(diags.iter().map(ToString::to_string))
                }
                PageOutcome::Event(spec) => events.push((spec.code.clone(), spec.scope.clone())),
                PageOutcome::NotAMethod | PageOutcome::Placement(_) => {}
            }
        }
        (methods, events, rejected)
    })
}

impl Catalog {
    /// The embedded pages plus every page under `dirs` (in order; later ones win).
    pub(crate) fn load(dirs: &[PathBuf]) -> Result<Catalog, (PathBuf, String)> {
        let (methods, events, rejected) = embedded();
        let mut catalog = Catalog {
            rejected: rejected.clone(),
            events: events.clone(),
            ..Catalog::default()
        };
        for spec in methods {
            catalog.insert(spec.clone());
        }
        for dir in dirs {
            let loaded = bitrix_docs::load(dir).map_err(|d| (dir.clone(), d.message))?;
            catalog
                .rejected
                .extend(loaded.rejected.iter().map(ToString::to_string));
            for spec in loaded.methods {
                catalog.insert(Arc::new(spec));
            }
            let more = loaded.events.into_iter().map(|e| (e.code, e.scope));
            catalog.events.extend(more);
        }
        Ok(catalog)
    }

    fn insert(&mut self, spec: Arc<MethodSpec>) {
        let map = match spec.version {
            ApiVersion::V3 => &mut self.v3,
            _ => &mut self.methods,
        };
        let name = spec.name.to_lowercase();
        // A page titled with its first word doubled (`department.department.delete`, as
        // the official page spells `department.delete`) also answers the method's name.
        let words: Vec<&str> = name.split('.').collect();
        if words.len() >= 3 && words[0] == words[1] {
            let spec = Arc::new(MethodSpec {
                name: words[1..].join("."),
                ..(*spec).clone()
            });
            map.entry(spec.name.clone()).or_insert(spec);
        }
        map.insert(name, spec);
    }

    /// The REST 3.0 page of a method (lower-case name).
    pub(crate) fn get_v3(&self, method: &str) -> Option<&Arc<MethodSpec>> {
        self.v3.get(method)
    }

    /// Every REST 3.0 page, by method name.
    pub(crate) fn v3_pages(&self) -> impl Iterator<Item = &Arc<MethodSpec>> {
        let mut pages: Vec<&Arc<MethodSpec>> = self.v3.values().collect();
        pages.sort_by(|a, b| a.name.cmp(&b.name));
        pages.into_iter()
    }

    /// The codes of the documented events (`ONCRMDEALADD`) that `keep` takes by scope
    /// (`None`: a page naming no scope), sorted, each once.
    pub(crate) fn event_codes(&self, keep: impl Fn(Option<&str>) -> bool) -> Vec<String> {
        let mut codes: Vec<String> = self
            .events
            .iter()
            .filter(|(code, scope)| !code.is_empty() && keep(scope.as_deref()))
            .map(|(code, _)| code.to_uppercase())
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }

    /// The page of a method (lower-case name).
    pub(crate) fn get(&self, method: &str) -> Option<&Arc<MethodSpec>> {
        self.methods.get(method)
    }

    /// The markdown of a method's page (lower-case name): the embedded text, or the file
    /// a `pages` directory gave, read again. `None` when there is no page or it cannot be
    /// read now.
    pub(crate) fn text(&self, method: &str) -> Option<Cow<'static, str>> {
        let source = &self.get(method)?.source;
        let embedded = embedded::EMBEDDED
            .iter()
            .find(|(rel, _)| *rel == source.rel_path && Path::new("docs").join(rel) == source.path);
        match embedded {
            Some((_, text)) => Some(Cow::Borrowed(text)),
            None => std::fs::read_to_string(&source.path).ok().map(Cow::Owned),
        }
    }

    /// Every scope the portal offers: those its method pages name (`crm`, `user`, …) and
    /// those the scope page lists (`api-reference/scopes/permissions.md`, each code in
    /// bold: `**sonet_group, socialnetwork**`).
    pub(crate) fn scopes(&self) -> impl Iterator<Item = String> + '_ {
        let listed = embedded::EMBEDDED
            .iter()
            .filter(|(rel, _)| Path::new(rel).ends_with("scopes/permissions.md"))
            .flat_map(|(_, text)| text.split("**").skip(1).step_by(2))
            .flat_map(|bold| bold.split(", "))
            .filter(|code| {
                code.starts_with(|c: char| c.is_ascii_lowercase())
                    && code
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.".contains(c))
            })
            .map(str::to_owned);
        self.methods
            .values()
            .chain(self.v3.values())
            .filter_map(|m| m.scope.clone())
            .chain(listed)
    }

    /// Whether a page documents `method`.
    #[cfg(test)]
    pub(crate) fn has(&self, method: &str) -> bool {
        self.methods.contains_key(method)
    }

    /// The schema of an entity (`crm.deal`), from its pages; built once.
    pub(crate) fn schema(&self, entity: &str) -> Arc<Schema> {
        let mut cache = self.schemas.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(entity.to_owned())
            .or_insert_with(|| Arc::new(Schema::from_pages(self, entity)))
            .clone()
    }
}

/// The text of an embedded page that is no method page (`api-reference/widgets/placements.md`),
/// by its path relative to `docs/`.
pub(crate) fn embedded_text(rel: &str) -> Option<&'static str> {
    embedded::EMBEDDED
        .iter()
        .find(|(path, _)| *path == rel)
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_pages_are_embedded_and_parse() {
        let catalog = Catalog::load(&[]).unwrap();
        assert!(catalog.has("crm.lead.contact.items.set"));
        assert!(catalog.rejected.is_empty(), "{:?}", catalog.rejected);
    }
}
