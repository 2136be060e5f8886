//! `crm.catalog.*` (outdated): the product catalogs the portal's products live in. No
//! method writes a catalog; the catalogs a portal answers are the ones its products and
//! product sections name by `CATALOG_ID` (`crm.product.add`, `crm.productsection.add`),
//! each a record of the fields crm.catalog.fields lists (`ID`, `NAME`, `XML_ID`, …;
//! `null` but the id: the pages give a catalog no other value). `get` of a catalog no
//! product names is `Not found`; `list` filters, orders and pages as every list does;
//! `fields` describes the listed fields as every `*.fields` does.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::listing;
use super::methods::Env;
use super::params;
use super::shaped::fields_answer;

/// The families whose records name a catalog.
const NAMING: &[&str] = &["crm.product", "crm.productsection"];

/// The catalog records, by id.
fn catalogs(env: &Env<'_>) -> Vec<Map<String, Value>> {
    let schema = env.catalog.schema("crm.catalog");
    let ids: BTreeSet<i64> = NAMING
        .iter()
        .flat_map(|table| env.crm.rows(table))
        .filter_map(|(_, r)| listing::field(r, "CATALOG_ID").and_then(params::int))
        .filter(|id| *id > 0)
        .collect();
    let system = schema.system();
    ids.into_iter()
        .map(|id| {
            let mut record: Map<String, Value> = schema
                .fields
                .iter()
                .filter(|f| f.name == "ID" || !system.contains(&f.name.as_str()))
                .map(|f| (f.name.clone(), Value::Null))
                .collect();
            record.insert("ID".into(), json!(id.to_string()));
            record
        })
        .collect()
}

/// Answers `crm.catalog.list`.
pub(crate) fn list(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let rows = catalogs(env);
    listing::list(rows.iter(), p)
}

/// Answers `crm.catalog.get`.
pub(crate) fn get(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let id =
        params::required_id(p, "id").map_err(|_| ApiError::crm("ID is not defined or invalid."))?;
    catalogs(env)
        .into_iter()
        .find(|r| r.get("ID").and_then(params::int) == Some(id))
        .map(|r| Answer::of(Value::Object(r)))
        .ok_or_else(|| ApiError::crm("Not found"))
}

/// Answers `crm.catalog.fields`.
pub(crate) fn fields(env: &mut Env<'_>, _: &Value) -> Result<Answer, ApiError> {
    let schema = env.catalog.schema("crm.catalog");
    Ok(Answer::of(fields_answer(env, &schema, None)))
}
