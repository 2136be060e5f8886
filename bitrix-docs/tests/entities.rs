//! Issue 22's count: of the CRM's get/list methods whose answer refers to a fields page,
//! how many have a typed record ([`RecordLink`]). Reads the repo's own `docs/` (no
//! `../shared`); `cargo test -p bitrix-docs --test entities -- --nocapture` prints the
//! table and the entity list.
//!
//! A method counts when its name ends in `.get`, `.list`, `.getlist` or `.items.get` and
//! either its family has a fields page (`crm.deal.list` and `crm.deal.fields`) or its
//! answer's own text (the intro, the `result` row's description, the description of the
//! one key the answer wraps its records in) links to a `*-fields.md` page or names a
//! `*.fields` method. A link elsewhere on the page does not count it: under "Continue
//! learning" (crm.quote.productrows.get links to the quote's fields, its records are
//! product rows) or in a nested field's row (crm.requisite.userfield.get: what a user
//! field's `LIST` holds), it says nothing about the records. Every miss is listed with its
//! reason, and the misses are pinned: a new miss or a new link fails the test until the
//! list below is updated.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use bitrix_docs::entity::{survey, Survey};
use bitrix_docs::{load, FieldType, MethodSpec};

/// The misses measured on the repo's docs (the table printed says why for each).
const MISSES: &[&str] = &[
    // Answers one record per language (`{"de": {…}, "en": {…}}`): a map, not one place.
    "crm.currency.localizations.get",
    // `getfields` answers the fields of the document's template (`documentFields`: title,
    // value, chain), not a field map of the document record.
    "crm.documentgenerator.document.get",
    "crm.documentgenerator.document.list",
    "crm.documentgenerator.template.get",
    "crm.documentgenerator.template.list",
    // The fields page answers a list of `{entityTypeId, fieldCode}`, with a `// …`
    // comment in the JSON.
    "crm.duplicate.volatileType.list",
    // Outdated families whose fields page shows neither an example answer nor a table of
    // fields (the official pages neither): nothing to type the record from.
    "crm.paysystem.list",
    "crm.persontype.list",
    "crm.product.property.get",
    "crm.product.property.list",
    "crm.productrow.list",
];

fn docs() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

/// `X.get` → `X`, `X.list`/`X.getList` → `X`, `X.items.get` → `X`.
fn family(method: &str) -> Option<&str> {
    let (base, last) = method.rsplit_once('.')?;
    match last.to_ascii_lowercase().as_str() {
        "get" => Some(base.strip_suffix(".items").unwrap_or(base)),
        "list" | "getlist" => Some(base),
        _ => None,
    }
}

/// The `*-fields.md` pages `text` links to (file names), and the `*.fields` methods it
/// names.
fn fields_links(text: &str) -> BTreeSet<String> {
    let links = text
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split([')', '#', ' ']).next())
        .filter(|t| t.ends_with("fields.md"))
        .map(|t| t.rsplit('/').next().unwrap_or(t).to_string());
    let names = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| w.contains('.') && w.to_ascii_lowercase().ends_with(".fields"))
        .map(str::to_string);
    links.chain(names).collect()
}

/// The texts that say what the answer holds: the intro, the `result` row's description,
/// and the description of the one key the answer wraps its records in (`items`).
fn answer_texts(spec: &MethodSpec) -> String {
    let mut texts = vec![
        spec.description.as_str(),
        spec.response.description.as_str(),
    ];
    if let FieldType::Object(fields) = &spec.response.ty {
        if let [wrapper] = fields.as_slice() {
            texts.push(&wrapper.description);
        }
    }
    texts.join("\n")
}

struct Row<'a> {
    spec: &'a MethodSpec,
    why_counted: String,
    outcome: Result<String, String>,
}

fn rows<'a>(methods: &'a [MethodSpec], survey: &Survey) -> Vec<Row<'a>> {
    let fields_families: BTreeSet<&str> = methods
        .iter()
        .filter_map(|m| {
            let (base, last) = m.name.rsplit_once('.')?;
            matches!(last.to_ascii_lowercase().as_str(), "fields" | "getfields").then_some(base)
        })
        .collect();
    let mut out = Vec::new();
    for spec in methods {
        if !spec.source.rel_path.starts_with("api-reference/crm/") {
            continue;
        }
        let Some(base) = family(&spec.name) else {
            continue;
        };
        let links = fields_links(&answer_texts(spec));
        let why_counted = if fields_families.contains(base) {
            format!("family has {base}.fields")
        } else if !links.is_empty() {
            format!(
                "page links to {}",
                links.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        } else {
            continue;
        };
        let link = survey
            .records
            .iter()
            .find(|r| r.method == spec.name && r.version == spec.version);
        let outcome = match link {
            Some(r) => Ok(format!(
                "{} at result{}{}",
                r.entity,
                r.path.iter().map(|k| format!(".{k}")).collect::<String>(),
                if r.list { "[]" } else { "" }
            )),
            None => Err(survey
                .unlinked
                .iter()
                .find(|u| u.method == spec.name && u.version == spec.version)
                .map_or_else(
                    || {
                        "no fields page in its family, and the answer's own text (intro, \
                         `result` description) names none: the link is elsewhere on the page"
                            .to_string()
                    },
                    |u| u.reason.clone(),
                )),
        };
        out.push(Row {
            spec,
            why_counted,
            outcome,
        });
    }
    out
}

#[test]
fn crm_get_and_list_methods_have_typed_records() {
    let loaded = load(&docs()).expect("docs/ is readable");
    let survey = survey(&loaded.methods);
    assert_eq!(
        (&survey.entities, &survey.records),
        (&loaded.entities, &loaded.records),
        "load fills the same entities and links as entity::survey"
    );
    let rows = rows(&loaded.methods, &survey);
    println!("| method | counted because | record |");
    println!("|---|---|---|");
    for row in &rows {
        let record = match &row.outcome {
            Ok(r) => r.clone(),
            Err(why) => format!("MISS: {why}"),
        };
        println!("| {} | {} | {} |", row.spec.name, row.why_counted, record);
    }
    let linked = rows.iter().filter(|r| r.outcome.is_ok()).count();
    println!(
        "\n{linked} of {} CRM get/list methods whose answer refers to a fields page have a \
         typed record ({}%)",
        rows.len(),
        linked * 100 / rows.len().max(1)
    );
    println!("\n| entity | fields method | fields | camel |\n|---|---|---|---|");
    for e in &loaded.entities {
        println!(
            "| {} | {} | {} | {} |",
            e.name,
            e.method,
            e.fields.len(),
            e.camel
        );
    }
    for skip in &survey.no_entity {
        println!(
            "no entity: {} ({}): {}",
            skip.method, skip.rel_path, skip.reason
        );
    }
    let misses: Vec<&str> = rows
        .iter()
        .filter(|r| r.outcome.is_err())
        .map(|r| r.spec.name.as_str())
        .collect();
    assert_eq!(
        misses, MISSES,
        "the misses changed: update MISSES (and say why)"
    );
    assert_eq!((linked, rows.len()), (66, 77));
}

/// Every page of the official reference, every section: how many entities and links the
/// whole API yields, and that no page makes the reader or the linker panic.
#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn whole_official_reference() {
    let root = common::docs_root().join("api-reference");
    let loaded = load(&root).expect("the official reference is readable");
    let survey = survey(&loaded.methods);
    let fields_pages = survey.entities.len() + survey.no_entity.len();
    println!(
        "{} methods: {fields_pages} fields pages, {} entities ({} fields), {} links, \
         {} candidates unlinked",
        loaded.methods.len(),
        survey.entities.len(),
        survey
            .entities
            .iter()
            .map(|e| e.fields.len())
            .sum::<usize>(),
        survey.records.len(),
        survey.unlinked.len()
    );
    for e in &survey.entities {
        println!(
            "entity {} ({}, {} fields)",
            e.name,
            e.method,
            e.fields.len()
        );
    }
    for skip in &survey.no_entity {
        println!("no entity: {}: {}", skip.method, skip.reason);
    }
    for skip in &survey.unlinked {
        println!("unlinked: {}: {}", skip.method, skip.reason);
    }
    let names: BTreeSet<&str> = survey.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names.len(),
        survey.entities.len(),
        "entity names are unique"
    );
    assert!(survey.entities.len() >= 36, "at least the CRM's entities");
    assert!(survey
        .records
        .iter()
        .all(|r| names.contains(r.entity.as_str())));
}
