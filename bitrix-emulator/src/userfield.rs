//! The user-field registry: `<entity>.userfield.add / list / get / update / delete`
//! (crm/deals/user-defined-fields/*.md) and `user.userfield.*` (user/userfields/*.md). A
//! registered field is accepted, answered and listed by the entity store.
//!
//! - `FIELD_NAME` becomes `UF_CRM_<NAME>` (`UF_X` → `UF_CRM_X`, `UF_CRM_X` stays), upper
//!   case, a user's `UF_USR_<NAME>`; more than 50 characters, characters outside
//!   `A-Z0-9_`, or a name already taken are 400 `ERROR_CORE`; a missing `FIELD_NAME` / `USER_TYPE_ID` is 400 with an empty
//!   code (`The 'FIELD_NAME' field is not found.`); a `USER_TYPE_ID` the add page does not
//!   list is 400 `ERROR_CORE` `Incorrect custom type specified.`
//! - Unknown IDs are 400 `ERROR_NOT_FOUND` `The entity with ID '<id>' is not found`.
//! - `SETTINGS` starts as the pages document the type's defaults (`uf_settings.rs`);
//!   `update` merges given settings into them.
//! - `update` cannot change `FIELD_NAME`, `USER_TYPE_ID`, `ENTITY_ID` or `ID`; `delete`
//!   also removes the field's values from the records.

use serde_json::{Map, Value};

use super::answer::{Answer, ApiError};
use super::listing;
use super::methods::Env;
use super::params;
use super::state::{stored, UserField};
use super::uf_settings;

pub(crate) fn run(
    env: &mut Env<'_>,
    method: &str,
    entity: &str,
    op: &str,
    p: &Value,
) -> Result<Answer, ApiError> {
    match op {
        "add" => add(env, method, entity, p),
        "get" => {
            let uf = find(env, entity, p)?;
            Ok(Answer::of(Value::Object(uf.record.clone())))
        }
        "list" => {
            let rows: Vec<&Map<String, Value>> =
                env.crm.userfields_of(entity).map(|u| &u.record).collect();
            // `SETTINGS` and `LIST` are part of every row, not multiple fields.
            let shape = listing::Shape {
                multiple: Vec::new(),
                star_is_everything: true,
            };
            let mut answer = listing::list_shaped(rows.into_iter(), p, &shape)?;
            answer.total = None;
            answer.next = None;
            Ok(answer)
        }
        "update" => {
            let id = find(env, entity, p)?.id;
            let fields = fields_param(p)?;
            if let Some(uf) = env.crm.userfields.iter_mut().find(|u| u.id == id) {
                for (k, v) in fields {
                    let key = k.to_uppercase();
                    if ["ID", "ENTITY_ID", "FIELD_NAME", "USER_TYPE_ID"].contains(&key.as_str()) {
                        continue;
                    }
                    // Given settings change those keys; the others stay.
                    if let (Some(Value::Object(old)), Value::Object(new)) = (
                        uf.record.get_mut("SETTINGS").filter(|_| key == "SETTINGS"),
                        &v,
                    ) {
                        old.extend(new.iter().map(|(k, v)| (k.clone(), v.clone())));
                        continue;
                    }
                    uf.record.insert(key, stored(&v));
                }
            }
            Ok(Answer::of(true.into()))
        }
        _ => {
            let uf = find(env, entity, p)?.clone();
            env.crm.userfields.retain(|u| u.id != uf.id);
            let tables: Vec<String> = env.crm.tables_of(entity).map(|(n, _)| n.clone()).collect();
            for table in tables {
                let ids: Vec<i64> = env.crm.rows(&table).map(|(id, _)| *id).collect();
                for id in ids {
                    if let Some(r) = env.crm.record_mut(&table, id) {
                        r.remove(uf.name());
                    }
                }
            }
            Ok(Answer::of(true.into()))
        }
    }
}

fn fields_param(p: &Value) -> Result<Map<String, Value>, ApiError> {
    match params::get(p, "fields") {
        Some(v) => {
            params::object(v).ok_or_else(|| ApiError::crm("Parameter 'fields' must be array"))
        }
        None => Err(ApiError::required("fields")),
    }
}

fn find<'a>(env: &'a Env<'_>, entity: &'a str, p: &Value) -> Result<&'a UserField, ApiError> {
    let id = params::get(p, "id")
        .and_then(params::int)
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::crm("ID is not defined or invalid"))?;
    env.crm
        .userfields_of(entity)
        .find(|u| u.id == id)
        .ok_or_else(|| {
            ApiError::new(
                400,
                "ERROR_NOT_FOUND",
                format!("The entity with ID '{id}' is not found"),
            )
        })
}

/// The prefix + the code, per the add pages: `UF_USR_` for users (user.userfield.add),
/// `UF_CRM_` for the CRM's entities.
pub(crate) fn full_name(entity: &str, code: &str) -> String {
    let prefix = if entity == "user" {
        "UF_USR_"
    } else {
        "UF_CRM_"
    };
    let code = code.trim().to_uppercase();
    if code.starts_with(prefix) {
        code
    } else if let Some(rest) = code.strip_prefix("UF_") {
        format!("{prefix}{rest}")
    } else {
        format!("{prefix}{code}")
    }
}

fn add(env: &mut Env<'_>, method: &str, entity: &str, p: &Value) -> Result<Answer, ApiError> {
    let fields = fields_param(p)?;
    let given = Value::Object(fields.clone());
    let text = |k: &str| {
        params::get(&given, k)
            .and_then(params::text)
            .filter(|s| !s.is_empty())
    };
    let code =
        text("FIELD_NAME").ok_or_else(|| ApiError::crm("The 'FIELD_NAME' field is not found."))?;
    let kind = text("USER_TYPE_ID")
        .ok_or_else(|| ApiError::crm("The 'USER_TYPE_ID' field is not found."))?;
    let core = |msg: &str| ApiError::new(400, "ERROR_CORE", msg);
    let name = full_name(entity, &code);
    if name.len() > 50 {
        return Err(core("Field name is too long (more than 50 characters)."));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(core(
            "Field name contains invalid characters. Allowed characters are: A-Z, 0-9 and _.",
        ));
    }
    if !allowed_types(env, method).is_empty() && !allowed_types(env, method).contains(&kind) {
        return Err(core("Incorrect custom type specified."));
    }
    if env.crm.userfields_of(entity).any(|u| u.name() == name) {
        return Err(core(&format!(
            "A field with the code {name} already exists."
        )));
    }
    env.crm.last_userfield += 1;
    let id = env.crm.last_userfield;
    let mut record = Map::new();
    record.insert("ID".into(), id.to_string().into());
    record.insert(
        "ENTITY_ID".into(),
        entity.replace('.', "_").to_uppercase().into(),
    );
    record.insert("FIELD_NAME".into(), name.clone().into());
    record.insert("USER_TYPE_ID".into(), kind.clone().into());
    record.insert("XML_ID".into(), Value::Null);
    for (k, d) in [
        ("SORT", "100"),
        ("MULTIPLE", "N"),
        ("MANDATORY", "N"),
        ("SHOW_FILTER", "N"),
        ("SHOW_IN_LIST", "N"),
        ("EDIT_IN_LIST", "Y"),
        ("IS_SEARCHABLE", "N"),
    ] {
        record.insert(k.into(), d.into());
    }
    // Every record of the list page's example has `SETTINGS` and the five labels: the
    // type's settings as the pages document their defaults, the given ones over them
    // (`uf_settings.rs`), and the given `LABEL` (else `null`).
    let given_settings = params::get(&given, "SETTINGS").and_then(params::object);
    let settings = uf_settings::settings(env.catalog, method, &kind, given_settings.as_ref());
    record.insert("SETTINGS".into(), Value::Object(settings));
    let label = given.get("LABEL").cloned().unwrap_or(Value::Null);
    for k in [
        "EDIT_FORM_LABEL",
        "LIST_COLUMN_LABEL",
        "LIST_FILTER_LABEL",
        "ERROR_MESSAGE",
        "HELP_MESSAGE",
    ] {
        let start = if k.ends_with("_LABEL") {
            label.clone()
        } else {
            Value::Null
        };
        record.insert(k.into(), start);
    }
    for (k, v) in &fields {
        let key = k.to_uppercase();
        let set_above = [
            "ID",
            "ENTITY_ID",
            "FIELD_NAME",
            "USER_TYPE_ID",
            "LABEL",
            "SETTINGS",
        ];
        if !set_above.contains(&key.as_str()) {
            let kept = if v.is_object() {
                v.clone()
            } else {
                flag_text(v)
            };
            record.insert(key, kept);
        }
    }
    env.crm.userfields.push(UserField {
        id,
        entity: entity.to_owned(),
        record,
    });
    Ok(Answer::of(id.into()))
}

/// `true`/`false` as `Y`/`N`, numbers as text.
fn flag_text(v: &Value) -> Value {
    match v {
        Value::Bool(b) => Value::String(if *b { "Y" } else { "N" }.into()),
        other => stored(other),
    }
}

/// The `USER_TYPE_ID` values the add page lists.
fn allowed_types(env: &Env<'_>, method: &str) -> Vec<String> {
    let Some(spec) = env.catalog.get(method) else {
        return Vec::new();
    };
    let fields = spec
        .params
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case("fields"));
    match fields.map(|f| &f.ty) {
        Some(bitrix_docs::FieldType::Object(fs)) => fs
            .iter()
            .find(|f| f.name == "USER_TYPE_ID")
            .map(|f| f.allowed.iter().map(|(v, _)| v.clone()).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_get_the_crm_prefix() {
        assert_eq!(full_name("crm.deal", "manager_note"), "UF_CRM_MANAGER_NOTE");
        assert_eq!(
            full_name("crm.deal", "UF_MANAGER_NOTE"),
            "UF_CRM_MANAGER_NOTE"
        );
        assert_eq!(
            full_name("crm.deal", "UF_CRM_MANAGER_NOTE"),
            "UF_CRM_MANAGER_NOTE"
        );
        // user.userfield.add: `DEALS` and `UF_DEALS` both become `UF_USR_DEALS`.
        assert_eq!(full_name("user", "DEALS"), "UF_USR_DEALS");
        assert_eq!(full_name("user", "UF_DEALS"), "UF_USR_DEALS");
        assert_eq!(full_name("user", "UF_USR_DEALS"), "UF_USR_DEALS");
    }
}
