//! The generic link store: `<owner>.<target>.add / delete / fields / items.get /
//! items.set / items.delete` (deal, quote and company contacts, contact companies, …),
//! with the `crm.lead.contact.*` rules of [`Crm`](super::state::Crm) for every pair.
//!
//! Errors, as the deal–contact pages list them (empty code, HTTP 400): an `id` below 1 or
//! missing → `The parameter 'ownerEntityID' is invalid or not defined.`; an unknown owner
//! → `Not found.`; `fields` not an object → `The parameter 'fields' must be array.`; a
//! missing or non-positive `<TARGET>_ID` → `The parameter 'fields' is not valid.`;
//! `items` not a list → `The parameter items must be array.`. An unknown target record is
//! 400 `NOT_FOUND` / `Not found.`, as for lead–contact links. `items.set` numbers missing
//! `SORT`s `(i + 1) * 10`, as the deal page documents; `add` defaults `SORT` to 10.

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::methods::Env;
use super::params;
use super::schema::example_result;
use super::state::{NewLink, Pair};

pub(crate) fn run(
    env: &mut Env<'_>,
    method: &str,
    owner: &str,
    target: &str,
    op: &str,
    p: &Value,
) -> Result<Answer, ApiError> {
    let pair: Pair = (owner.to_owned(), target.to_owned());
    let target_field = format!("{}_ID", target.to_uppercase());
    match op {
        "fields" => Ok(Answer::of(fields(env, method, &target_field))),
        "add" => {
            let id = owner_id(env, owner, p)?;
            let link = new_link(&fields_param(p)?, &target_field, 10)?;
            target_exists(env, target, link.contact_id)?;
            Ok(Answer::of(env.crm.add_link_of(&pair, id, link).into()))
        }
        "delete" => {
            let id = owner_id(env, owner, p)?;
            let link = new_link(&fields_param(p)?, &target_field, 10)?;
            Ok(Answer::of(
                env.crm.delete_link_of(&pair, id, link.contact_id).into(),
            ))
        }
        "items.get" => {
            let id = owner_id(env, owner, p)?;
            let items = env
                .crm
                .links_of(&pair, id)
                .into_iter()
                .map(|l| {
                    json!({
                        target_field.as_str(): l.contact_id,
                        "SORT": l.sort,
                        "ROLE_ID": 0,
                        "IS_PRIMARY": if l.is_primary { "Y" } else { "N" },
                    })
                })
                .collect();
            Ok(Answer::of(Value::Array(items)))
        }
        "items.set" => {
            let id = owner_id(env, owner, p)?;
            let items = params::get(p, "items")
                .and_then(params::list)
                .ok_or_else(|| ApiError::crm("The parameter items must be array."))?;
            let mut links = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let fields = params::object(item)
                    .ok_or_else(|| ApiError::crm("The parameter items must be array."))?;
                links.push(new_link(&fields, &target_field, (i as i64 + 1) * 10)?);
            }
            for link in &links {
                target_exists(env, target, link.contact_id)?;
            }
            env.crm.set_links_of(&pair, id, links);
            Ok(Answer::of(true.into()))
        }
        _ => {
            let id = owner_id(env, owner, p)?;
            env.crm.clear_links_of(&pair, id);
            Ok(Answer::of(true.into()))
        }
    }
}

fn owner_id(env: &Env<'_>, owner: &str, p: &Value) -> Result<i64, ApiError> {
    let id = params::get(p, "id")
        .and_then(params::int)
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::crm("The parameter 'ownerEntityID' is invalid or not defined."))?;
    env.crm
        .record(owner, id)
        .map(|_| id)
        .ok_or_else(|| ApiError::crm("Not found."))
}

fn target_exists(env: &Env<'_>, target: &str, id: i64) -> Result<(), ApiError> {
    env.crm
        .record(&format!("crm.{target}"), id)
        .map(|_| ())
        .ok_or_else(ApiError::not_found)
}

fn fields_param(p: &Value) -> Result<Map<String, Value>, ApiError> {
    params::get(p, "fields")
        .and_then(params::object)
        .ok_or_else(|| ApiError::crm("The parameter 'fields' must be array."))
}

/// `<TARGET>_ID` (required, positive), `SORT` (else `sort`), `IS_PRIMARY` (only `"Y"`).
fn new_link(
    fields: &Map<String, Value>,
    target_field: &str,
    sort: i64,
) -> Result<NewLink, ApiError> {
    let v = Value::Object(fields.clone());
    let contact_id = params::get(&v, target_field)
        .and_then(params::int)
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::crm("The parameter 'fields' is not valid."))?;
    Ok(NewLink {
        contact_id,
        sort: params::get(&v, "SORT")
            .and_then(params::int)
            .unwrap_or(sort),
        primary: params::get(&v, "IS_PRIMARY").and_then(Value::as_str) == Some("Y"),
    })
}

/// The page's example when it has one, else the three link fields.
fn fields(env: &Env<'_>, method: &str, target_field: &str) -> Value {
    if let Some(v) = env.catalog.get(method).and_then(|s| example_result(s)) {
        return v;
    }
    let field = |kind: &str, required: bool, title: &str| {
        json!({
            "type": kind, "isRequired": required, "isReadOnly": false, "isImmutable": false,
            "isMultiple": false, "isDynamic": false, "title": title,
        })
    };
    json!({
        "SORT": field("integer", false, "Sorting"),
        "IS_PRIMARY": field("char", false, "Primary"),
        target_field: field("integer", true, target_field),
    })
}
