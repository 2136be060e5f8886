//! What a CRM record owns beyond its links, and what it means once the record is gone.
//!
//! - Deleting a record forgets its product rows: the value a `<entity>.<x>.set` pair keyed
//!   by the record's `id` wrote (`crm.deal.productrows.set`, `crm.quote.productrows.set`)
//!   and the `crm.item.productrow` records naming it as their owner (`ownerType` is the
//!   short code of its type, as the CRM data-types page lists them: `L`, `D`, `C`, `CO`,
//!   `Q`, `SI`, `T<hex type>`). Its stage history stays, as on a portal.
//! - Reading such a pair for a record that does not exist answers the page's not-found
//!   error (crm.deal.productrows.get lists `Not found`: 400, empty code), when the page
//!   lists one; a page that lists none keeps answering `[]`.

use serde_json::Value;

use super::answer::ApiError;
use super::item;
use super::methods::Env;
use super::params;
use super::state::Crm;

/// The table of product rows the universal methods keep (`crm.item.productrow.*`).
const PRODUCT_ROWS: &str = "crm.item.productrow";

/// Forgets what the deleted record `id` of `table` owned.
pub(crate) fn forget(crm: &mut Crm, table: &str, id: i64) {
    let owner_key = format!("id={id}");
    let prefix = format!("{table}.");
    crm.kept
        .retain(|(family, key), _| !(family.starts_with(&prefix) && *key == owner_key));
    let Some(code) = short_code(table) else {
        return;
    };
    let rows: Vec<i64> = crm
        .rows(PRODUCT_ROWS)
        .filter(|(_, r)| {
            r.get("ownerId").and_then(params::int) == Some(id)
                && r.get("ownerType").and_then(params::text).as_deref() == Some(code.as_str())
        })
        .map(|(row, _)| *row)
        .collect();
    for row in rows {
        crm.remove(PRODUCT_ROWS, row);
    }
}

/// The not-found error of a pair `<entity>.<x>.get` keyed by `id`, when `<entity>` is a
/// table with no record `id` and the page lists `Not found`.
pub(crate) fn missing_owner(env: &Env<'_>, family: &str, p: &Value) -> Option<ApiError> {
    let spec = env.catalog.get(&format!("{family}.get"))?;
    let lists_not_found = spec.errors.iter().any(|e| {
        e.code
            .trim_end_matches('.')
            .eq_ignore_ascii_case("not found")
    });
    let (owner, _) = family.rsplit_once('.')?;
    let id = params::get(p, "id").and_then(params::int)?;
    let stored = env.catalog.get(&format!("{owner}.add")).is_some();
    (lists_not_found && stored && env.crm.record(owner, id).is_none())
        .then(|| ApiError::crm("Not found"))
}

/// `crm.deal` → `D`, `crm.item:177` → `TB1`, as the CRM data-types page lists them.
pub(crate) fn short_code(table: &str) -> Option<String> {
    let type_id = match table.strip_prefix("crm.item:") {
        Some(t) => t.parse::<i64>().ok()?,
        None => (1..=7).find(|t| item::classic(*t) == Some(table))?,
    };
    Some(match type_id {
        1 => "L".into(),
        2 => "D".into(),
        3 => "C".into(),
        4 => "CO".into(),
        7 => "Q".into(),
        31 => "SI".into(),
        t => format!("T{t:x}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_codes_follow_the_data_types_page() {
        assert_eq!(short_code("crm.deal").as_deref(), Some("D"));
        assert_eq!(short_code("crm.company").as_deref(), Some("CO"));
        assert_eq!(short_code("crm.item:31").as_deref(), Some("SI"));
        assert_eq!(short_code("crm.item:128").as_deref(), Some("T80"));
        assert_eq!(short_code("crm.status"), None);
    }
}
