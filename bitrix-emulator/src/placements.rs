//! `placement.list` over the placement catalog: `api-reference/widgets/placements.md`,
//! embedded with the pages, lists every placement code with the scope it needs besides
//! `placement` ("not required" for the global ones).
//!
//! - `SCOPE` given: the catalog's codes of that scope, with the codes of the page's example
//!   answer when they are that scope's (`placement.list`'s example answers `SCOPE: crm`
//!   with the `CRM_XXX_…` codes spelled out; the catalog leaves `XXX` to each placement's
//!   page, so its templates are not answered as codes);
//! - `FULL: true` without `SCOPE`: every code of the catalog and of the example;
//! - neither: the page's example answer, as before the catalog (the pages do not say which
//!   scopes an application holds beyond the call's).

use std::sync::OnceLock;

use bitrix_docs::page::Block;
use serde_json::Value;

use super::answer::{Answer, ApiError};
use super::methods::Env;
use super::params;
use super::schema::example_result;

/// Where the catalog is, relative to `docs/`.
const CATALOG: &str = "api-reference/widgets/placements.md";

/// The methods this module answers.
pub(crate) fn serves(method: &str) -> bool {
    method == "placement.list"
}

/// Answers `placement.list` (its parameters already checked against its page).
pub(crate) fn run(env: &Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let example: Vec<String> = env
        .catalog
        .get("placement.list")
        .and_then(|spec| example_result(spec))
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let scope = params::get(p, "SCOPE")
        .and_then(params::text)
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    let mut codes = match scope {
        Some(scope) => {
            let prefix = format!("{}_", scope.to_uppercase());
            let mut codes = of_scope(catalog(), Some(&scope));
            if example.iter().all(|c| c.starts_with(&prefix)) {
                codes.extend(example);
            }
            codes
        }
        None if params::flag(params::get(p, "FULL")) => {
            let mut codes = of_scope(catalog(), None);
            codes.extend(example);
            codes
        }
        None => example,
    };
    codes.sort();
    codes.dedup();
    Ok(Answer::of(Value::from(codes)))
}

/// The rows of the shipped catalog, read once.
fn catalog() -> &'static [(String, Option<String>)] {
    static ROWS: OnceLock<Vec<(String, Option<String>)>> = OnceLock::new();
    ROWS.get_or_init(|| {
        super::pages::embedded_text(CATALOG)
            .map(rows)
            .unwrap_or_default()
    })
}

/// The catalog's codes (templates with `XXX` left out) of `scope`, or all of them.
fn of_scope(catalog: &[(String, Option<String>)], scope: Option<&str>) -> Vec<String> {
    catalog
        .iter()
        .filter(|(code, _)| !code.contains("XXX"))
        .filter(|(_, needs)| scope.is_none() || needs.as_deref() == scope)
        .map(|(code, _)| code.clone())
        .collect()
}

/// The rows of the page's table headed `Code`, read with the pages' own table parser:
/// (code, the scope it needs besides `placement`, `None` for "not required"). A code cell
/// may be a link to the placement's page (`[CODE](./…)`, as the official catalog has it).
fn rows(text: &str) -> Vec<(String, Option<String>)> {
    let page = bitrix_docs::page::parse(text);
    page.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Table(t) if t.header().first().is_some_and(|h| h == "code") => Some(t),
            _ => None,
        })
        .flat_map(|t| t.body())
        .filter_map(|row| {
            let code = row.cells.first()?.text.trim_start_matches('[');
            let code = code.split(']').next().filter(|c| !c.is_empty())?;
            let needs = row.cells.last()?.text.split('`').nth(1);
            Some((
                code.to_owned(),
                needs.filter(|s| !s.is_empty()).map(str::to_owned),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "\
#|
|| **Code** | **Where it shows** | **Scope besides `placement`** ||
|| LEFT_MENU | An entry of the main menu | not required ||
|| TASK_VIEW_TAB | A widget in the task card | `task` ||
|| CRM_XXX_DETAIL_TAB | A tab of a card | `crm` ||
|| CRM_DETAIL_SEARCH | A source for finding clients | `crm` ||
|#";

    #[test]
    fn reads_codes_and_scopes_from_the_table() {
        let all = rows(TABLE);
        assert_eq!(all.len(), 4, "{all:?}");
        assert_eq!(all[0], ("LEFT_MENU".to_owned(), None));
        assert_eq!(
            all[1],
            ("TASK_VIEW_TAB".to_owned(), Some("task".to_owned()))
        );
        assert_eq!(of_scope(&all, Some("task")), ["TASK_VIEW_TAB"]);
        // Templates are no codes.
        assert_eq!(of_scope(&all, Some("crm")), ["CRM_DETAIL_SEARCH"]);
        assert_eq!(of_scope(&all, None).len(), 3);
    }

    /// Our catalog (written in our words) lists every official code with the official
    /// scope: `bitrix-docs diff` reads method pages only, so this is its facts check.
    #[test]
    #[ignore = "needs ../shared/b24restdocs"]
    fn the_shipped_catalog_has_the_official_codes_and_scopes() {
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let docs = std::env::var_os("B24RESTDOCS")
            .map(std::path::PathBuf::from)
            .or_else(|| {
                let mut up = manifest.ancestors().map(|a| a.join("shared/b24restdocs"));
                up.find(|p| p.is_dir())
            })
            .expect("the official docs: ../shared/b24restdocs or B24RESTDOCS");
        let official =
            std::fs::read_to_string(docs.join(CATALOG)).expect("the official placement catalog");
        let sorted = |text: &str| {
            let mut all = rows(text);
            all.sort();
            all
        };
        let theirs = sorted(&official);
        assert!(theirs.len() >= 40, "{theirs:?}");
        let ours = super::super::pages::embedded_text(CATALOG).expect("our catalog is embedded");
        assert_eq!(sorted(ours), theirs);
    }

    #[test]
    fn the_shipped_catalog_lists_the_task_placements() {
        let task = of_scope(catalog(), Some("task"));
        assert!(task.len() >= 7, "{task:?}");
        assert!(task.iter().all(|c| c.starts_with("TASK_")), "{task:?}");
    }
}
