//! The methods the portal knows, and what each one does to the CRM.
//!
//! Errors follow the pages: the CRM's own failures have an empty `error` code and
//! status 400 (`"Required fields not provided: id."`, `"Parameter 'fields' must be
//! array."`), unknown leads or contacts in `crm.lead.contact.*` are 400 `NOT_FOUND`.

use std::borrow::Cow;

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::filter::{Dialect, Fields};
use super::listing;
use super::pages::Catalog;
use super::params;
use super::state::{Crm, Entity, NewLink};
use super::typed;

/// What a handler may touch.
pub(crate) struct Env<'a> {
    pub crm: &'a mut Crm,
    pub catalog: &'a Catalog,
    pub user_id: i64,
    pub now: f64,
    /// `http://127.0.0.1:PORT`, for the URLs answers hold (`DOWNLOAD_URL`).
    pub origin: &'a str,
}

type Handler = fn(&mut Env<'_>, &Value) -> Result<Answer, ApiError>;

/// A REST method: its lower-case name, the scope it needs, its handler.
pub(crate) struct MethodDef {
    pub name: &'static str,
    pub scope: &'static str,
    pub handler: Handler,
}

const METHODS: &[MethodDef] = &[
    MethodDef {
        name: "crm.status.entity.types",
        scope: "crm",
        handler: super::status_types::entity_types,
    },
    MethodDef {
        name: "crm.lead.add",
        scope: "crm",
        handler: lead_add,
    },
    MethodDef {
        name: "crm.lead.get",
        scope: "crm",
        handler: lead_get,
    },
    MethodDef {
        name: "crm.lead.list",
        scope: "crm",
        handler: lead_list,
    },
    MethodDef {
        name: "crm.contact.add",
        scope: "crm",
        handler: contact_add,
    },
    MethodDef {
        name: "crm.contact.get",
        scope: "crm",
        handler: contact_get,
    },
    MethodDef {
        name: "crm.contact.list",
        scope: "crm",
        handler: contact_list,
    },
    MethodDef {
        name: "crm.lead.contact.add",
        scope: "crm",
        handler: link_add,
    },
    MethodDef {
        name: "crm.lead.contact.delete",
        scope: "crm",
        handler: link_delete,
    },
    MethodDef {
        name: "crm.lead.contact.fields",
        scope: "crm",
        handler: link_fields,
    },
    MethodDef {
        name: "crm.lead.contact.items.get",
        scope: "crm",
        handler: links_get,
    },
    MethodDef {
        name: "crm.lead.contact.items.set",
        scope: "crm",
        handler: links_set,
    },
    MethodDef {
        name: "crm.lead.contact.items.delete",
        scope: "crm",
        handler: links_delete,
    },
    MethodDef {
        name: "crm.dealcategory.status",
        scope: "crm",
        handler: super::funnels::status,
    },
    MethodDef {
        name: "crm.dealcategory.stage.list",
        scope: "crm",
        handler: super::funnels::stage_list,
    },
    MethodDef {
        name: "crm.catalog.list",
        scope: "crm",
        handler: super::catalogs::list,
    },
    MethodDef {
        name: "crm.catalog.get",
        scope: "crm",
        handler: super::catalogs::get,
    },
    MethodDef {
        name: "crm.catalog.fields",
        scope: "crm",
        handler: super::catalogs::fields,
    },
    MethodDef {
        name: "crm.productrow.list",
        scope: "crm",
        handler: super::productrows::list,
    },
    MethodDef {
        name: "crm.stagehistory.list",
        scope: "crm",
        handler: super::history::list,
    },
];

/// Looks a method up by its lower-case name.
pub(crate) fn find(name: &str) -> Option<&'static MethodDef> {
    METHODS.iter().find(|m| m.name == name)
}

fn fields_param(p: &Value) -> Result<Map<String, Value>, ApiError> {
    let v = params::get(p, "fields").ok_or_else(|| ApiError::required("fields"))?;
    params::object(v).ok_or_else(|| ApiError::crm("Parameter 'fields' must be array."))
}

fn add(env: &mut Env<'_>, p: &Value, entity: Entity) -> Result<Answer, ApiError> {
    let fields = params::get(p, "fields")
        .and_then(params::object)
        .ok_or_else(|| ApiError::crm("Parameter 'fields' must be array."))?;
    if let Some(opts) = params::get(p, "params") {
        params::object(opts).ok_or_else(|| ApiError::crm("Parameter 'params' must be array."))?;
    }
    let fields = typed::prepare(&env.catalog.schema(entity.name()), &fields, false)?;
    let id = env.crm.add(entity, &fields, env.user_id, env.now);
    Ok(Answer::of(id.into()))
}

fn get(env: &mut Env<'_>, p: &Value, entity: Entity) -> Result<Answer, ApiError> {
    let id =
        params::required_id(p, "id").map_err(|_| ApiError::crm("ID is not defined or invalid."))?;
    let record = env
        .crm
        .get(entity, id)
        .ok_or_else(|| ApiError::crm("Not found"))?;
    Ok(Answer::of(Value::Object(record.clone())))
}

fn lead_add(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    add(env, p, Entity::Lead)
}

fn lead_get(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    get(env, p, Entity::Lead)
}

fn lead_list(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    list(env, p, Entity::Lead)
}

/// A hand-written entity's list, typed by its pages' fields.
fn list(env: &mut Env<'_>, p: &Value, entity: Entity) -> Result<Answer, ApiError> {
    let ufs: Vec<_> = env.crm.userfields_of(entity.name()).cloned().collect();
    let fields = Fields::of_schema(&env.catalog.schema(entity.name()), &ufs);
    let rows = env.crm.all(entity).map(|(_, r)| r);
    let shape = listing::Shape::default();
    listing::list_typed(rows, p, &shape, Cow::Borrowed, &fields, Dialect::Classic)
}

fn contact_add(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    add(env, p, Entity::Contact)
}

fn contact_get(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    get(env, p, Entity::Contact)
}

fn contact_list(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    list(env, p, Entity::Contact)
}

/// The lead of a `crm.lead.contact.*` call, which must exist.
fn lead_id(env: &Env<'_>, p: &Value) -> Result<i64, ApiError> {
    let id = params::required_id(p, "id")?;
    existing(env, Entity::Lead, id)?;
    Ok(id)
}

fn existing(env: &Env<'_>, entity: Entity, id: i64) -> Result<(), ApiError> {
    env.crm
        .get(entity, id)
        .map(|_| ())
        .ok_or_else(ApiError::not_found)
}

/// A link description: `CONTACT_ID` (required, existing), `SORT` (default 10),
/// `IS_PRIMARY` (only `"Y"` means yes; default `N`).
fn new_link(fields: &Map<String, Value>) -> Result<NewLink, ApiError> {
    let v = Value::Object(fields.clone());
    let contact_id = params::required_id(&v, "CONTACT_ID")?;
    let sort = params::get(&v, "SORT").and_then(params::int).unwrap_or(10);
    let primary = params::get(&v, "IS_PRIMARY").and_then(Value::as_str) == Some("Y");
    Ok(NewLink {
        contact_id,
        sort,
        primary,
    })
}

fn link_add(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let id = params::required_id(p, "id")?;
    let link = new_link(&fields_param(p)?)?;
    existing(env, Entity::Lead, id)?;
    existing(env, Entity::Contact, link.contact_id)?;
    Ok(Answer::of(env.crm.add_link(id, link).into()))
}

fn link_delete(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let id = params::required_id(p, "id")?;
    let fields = Value::Object(fields_param(p)?);
    let contact = params::required_id(&fields, "CONTACT_ID")?;
    existing(env, Entity::Lead, id)?;
    existing(env, Entity::Contact, contact)?;
    Ok(Answer::of(env.crm.delete_link(id, contact).into()))
}

fn link_fields(_: &mut Env<'_>, _: &Value) -> Result<Answer, ApiError> {
    let field = |kind: &str, required: bool, title: &str| {
        json!({
            "type": kind,
            "isRequired": required,
            "isReadOnly": false,
            "isImmutable": false,
            "isMultiple": false,
            "isDynamic": false,
            "title": title,
        })
    };
    Ok(Answer::of(json!({
        "SORT": field("integer", false, "Sorting"),
        "IS_PRIMARY": field("char", false, "Primary"),
        "CONTACT_ID": field("integer", true, "Contact"),
    })))
}

fn links_get(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let id = lead_id(env, p)?;
    let items = env
        .crm
        .links(id)
        .into_iter()
        .map(|l| {
            json!({
                "CONTACT_ID": l.contact_id,
                "SORT": l.sort,
                "ROLE_ID": 0,
                "IS_PRIMARY": if l.is_primary { "Y" } else { "N" },
            })
        })
        .collect();
    Ok(Answer::of(Value::Array(items)))
}

fn links_set(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let id = params::required_id(p, "id")?;
    let items = params::get(p, "items").ok_or_else(|| ApiError::required("items"))?;
    let items =
        params::list(items).ok_or_else(|| ApiError::crm("Parameter 'items' must be array."))?;
    let links = items
        .into_iter()
        .map(|item| {
            let fields = params::object(item).ok_or_else(|| ApiError::required("CONTACT_ID"))?;
            new_link(&fields)
        })
        .collect::<Result<Vec<_>, _>>()?;
    existing(env, Entity::Lead, id)?;
    for link in &links {
        existing(env, Entity::Contact, link.contact_id)?;
    }
    env.crm.set_links(id, links);
    Ok(Answer::of(true.into()))
}

fn links_delete(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let id = lead_id(env, p)?;
    env.crm.clear_links(id);
    Ok(Answer::of(true.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(crm: &mut Crm, method: &str, p: Value) -> Result<Answer, ApiError> {
        let def = find(method).expect("known method");
        (def.handler)(
            &mut Env {
                crm,
                catalog: &Catalog::default(),
                user_id: 1,
                now: 0.0,
                origin: "",
            },
            &p,
        )
    }

    #[test]
    fn link_methods_validate_in_documented_order() {
        let mut crm = Crm::default();
        call(&mut crm, "crm.lead.add", json!({"fields": {"TITLE": "x"}})).unwrap();
        let err = call(&mut crm, "crm.lead.contact.add", json!({"id": 1})).unwrap_err();
        assert_eq!(
            (err.status, err.code.as_str(), err.description.as_str()),
            (400, "", "Required fields not provided: fields.")
        );
        let err = call(
            &mut crm,
            "crm.lead.contact.add",
            json!({"id": 1, "fields": {"SORT": 1}}),
        )
        .unwrap_err();
        assert_eq!(err.description, "Required fields not provided: CONTACT_ID.");
        let err = call(
            &mut crm,
            "crm.lead.contact.add",
            json!({"id": 1, "fields": {"CONTACT_ID": 9}}),
        )
        .unwrap_err();
        assert_eq!(err.code, "NOT_FOUND");
        let err = call(
            &mut crm,
            "crm.lead.contact.add",
            json!({"id": 2, "fields": {"CONTACT_ID": 9}}),
        )
        .unwrap_err();
        assert_eq!(err.code, "NOT_FOUND");
    }
}
