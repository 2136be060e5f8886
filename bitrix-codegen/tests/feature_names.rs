//! What a generated item is called does not depend on which sections are on: `bind!` reads
//! only the pages of the features that are on, so the names of one section's items must be
//! the same whether it is bound alone or with every other section (`full`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use bitrix_codegen::{expand, Output};
use bitrix_docs::{EventSpec, MethodSpec};

/// `module path → names of its items`, for every per-page module (`__crm_deal_get`, …).
type Names = BTreeMap<String, Vec<String>>;

fn names(methods: &[MethodSpec], events: &[EventSpec]) -> Names {
    let tokens = expand(&Output {
        methods,
        events,
        groups: &[],
        skipped: Vec::new(),
        warnings: Vec::new(),
        shared_call: false,
    });
    let file: syn::File = syn::parse2(tokens).expect("generated code parses");
    let mut out = Names::new();
    collect(&file.items, "", &mut out);
    out
}

fn collect(items: &[syn::Item], path: &str, out: &mut Names) {
    for item in items {
        let syn::Item::Mod(m) = item else { continue };
        let Some((_, inner)) = &m.content else {
            continue;
        };
        let here = format!("{path}{}::", m.ident);
        if m.ident.to_string().starts_with("__") {
            let mut idents: Vec<String> = inner.iter().filter_map(ident_of).collect();
            idents.sort();
            out.insert(here.clone(), idents);
        }
        collect(inner, &here, out);
    }
}

fn ident_of(item: &syn::Item) -> Option<String> {
    Some(match item {
        syn::Item::Struct(s) => s.ident.to_string(),
        syn::Item::Enum(e) => e.ident.to_string(),
        syn::Item::Type(t) => t.ident.to_string(),
        syn::Item::Trait(t) => t.ident.to_string(),
        syn::Item::Const(c) => c.ident.to_string(),
        syn::Item::Fn(f) => f.sig.ident.to_string(),
        _ => return None,
    })
}

/// Every folder one or two levels under `api-reference/` (a section, or a group of one):
/// the units a feature switches on.
fn units(root: &Path) -> Vec<String> {
    let mut out = BTreeSet::new();
    let api = root.join("api-reference");
    for section in std::fs::read_dir(&api).expect("api-reference") {
        let section = section.expect("entry").path();
        if !section.is_dir() {
            continue;
        }
        let name = section.file_name().unwrap().to_string_lossy().into_owned();
        out.insert(format!("api-reference/{name}"));
        for group in std::fs::read_dir(&section).expect("section") {
            let group = group.expect("entry").path();
            if group.is_dir() {
                let g = group.file_name().unwrap().to_string_lossy().into_owned();
                out.insert(format!("api-reference/{name}/{g}"));
            }
        }
    }
    out.into_iter().collect()
}

#[test]
fn names_do_not_depend_on_the_sections_that_are_on() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let loaded = bitrix_docs::load(&root).expect("docs/ loads");
    let all = names(&loaded.methods, &loaded.events);
    let always = "api-reference/crm/leads/management-communication/";
    let mut checked = 0;
    for unit in units(&root) {
        let prefix = format!("{unit}/");
        let on = |rel: &str| rel.starts_with(&prefix) || rel.starts_with(always);
        let methods: Vec<MethodSpec> = loaded
            .methods
            .iter()
            .filter(|m| on(&m.source.rel_path))
            .cloned()
            .collect();
        let events: Vec<EventSpec> = loaded
            .events
            .iter()
            .filter(|e| on(&e.source.rel_path))
            .cloned()
            .collect();
        for (module, items) in names(&methods, &events) {
            assert_eq!(
                all.get(&module),
                Some(&items),
                "{module}: its items are named otherwise when only {unit} is on"
            );
            checked += 1;
        }
    }
    assert!(checked > 1_000, "{checked} modules compared");
}
