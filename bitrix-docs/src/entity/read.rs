//! A fields page's example answer → [`Entity`].
//!
//! The answer is `{"result": {NAME: DESCRIPTION, …}}`, or the same map under one key
//! (`{"result": {"fields": {…}}}`: `crm.item.fields`, `crm.type.fields`; `{"orderEntity":
//! {…}}`, `{"vat": {…}}`: the `getFields` methods). A description is an object with a
//! string `type` (`TYPE` on some pages) and the flags `isRequired`, `isReadOnly`,
//! `isImmutable`, `isMultiple`, `isDynamic`, plus `title`, `statusType`, `items`.
//! A fields page with no example answer that lists its fields in a table of their own
//! ([`MethodSpec::listed`]: the outdated CRM pages) gives the entity from the table's
//! rows: name, type text, and the required, read-only, immutable and multiple marks the
//! row carries. Anything else gives no entity, with the reason.

use crate::model::{ListedField, MethodSpec};

use super::kind::kind_of;
use super::name::entity_name;
use super::ordered::Node;
use super::{Entity, EntityField};

/// The entity `spec` (a fields method) describes, or why it describes none.
pub(crate) fn read(spec: &MethodSpec) -> Result<Entity, String> {
    let Some(example) = &spec.response.example else {
        return from_table(spec);
    };
    let Some(answer) = Node::parse(example) else {
        return Err("the example answer is not JSON".into());
    };
    let Some(result) = answer.get("result") else {
        return Err("the example answer has no `result`".into());
    };
    let map = field_map(result)?;
    let fields: Vec<EntityField> = map
        .iter()
        .filter(|(name, desc)| !custom(name, desc))
        .map(|(name, desc)| field(name, desc))
        .collect();
    if fields.is_empty() {
        return Err("every field the example lists is a custom field".into());
    }
    Ok(entity(spec, spec.response.line, fields))
}

/// The entity of a fields page that shows no example answer, from the table of fields it
/// lists.
fn from_table(spec: &MethodSpec) -> Result<Entity, String> {
    let Some(first) = spec.listed.first() else {
        return Err("the page shows no example answer, nor a table of the fields it lists".into());
    };
    let fields: Vec<EntityField> = spec
        .listed
        .iter()
        .filter(|f| !custom_name(&f.name) && plain_name(&f.name))
        .map(listed_field)
        .collect();
    if fields.is_empty() {
        return Err("every field its table lists is a custom field".into());
    }
    Ok(entity(spec, first.line, fields))
}

fn entity(spec: &MethodSpec, line: usize, fields: Vec<EntityField>) -> Entity {
    let lower = fields
        .iter()
        .filter(|f| f.name.chars().any(|c| c.is_ascii_lowercase()))
        .count();
    Entity {
        name: entity_name(&spec.name),
        method: spec.name.clone(),
        rel_path: spec.source.rel_path.clone(),
        line,
        camel: lower * 2 > fields.len(),
        fields,
    }
}

/// A wire name, not a placeholder row (`UF_CRM_...`) or prose.
fn plain_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn listed_field(f: &ListedField) -> EntityField {
    // A table row has no short label: the description's first sentence stands in.
    let title = f
        .description
        .split(['.', '\n'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    EntityField {
        name: f.name.clone(),
        kind: kind_of(&f.type_text),
        type_text: f.type_text.clone(),
        title,
        required: f.required,
        read_only: f.read_only,
        immutable: f.immutable,
        multiple: f.multiple,
        status_type: None,
        values: Vec::new(),
        from: None,
    }
}

/// The map of field descriptions in `result`: `result` itself, or its one value.
fn field_map(result: &Node) -> Result<&[(String, Node)], String> {
    match result {
        Node::Object(entries) if is_field_map(entries) => Ok(entries),
        Node::Object(entries) => match entries.as_slice() {
            [(_, Node::Object(inner))] if is_field_map(inner) => Ok(inner),
            [] => Err("`result` is an empty object".into()),
            _ if entries.iter().all(|(_, v)| v.as_str().is_some()) => {
                Err("`result` maps field names to titles: the page gives no types".into())
            }
            _ => {
                let at = entries
                    .iter()
                    .find(|(_, v)| description_type(v).is_none())
                    .map_or("", |(k, _)| k.as_str());
                Err(format!(
                    "`result` is not a map of field descriptions (`{at}` has no `type`)"
                ))
            }
        },
        Node::Array(_) => Err("`result` is a list, not a map of field descriptions".into()),
        Node::Scalar(_) => Err("`result` is not an object".into()),
    }
}

fn is_field_map(entries: &[(String, Node)]) -> bool {
    !entries.is_empty() && entries.iter().all(|(_, v)| description_type(v).is_some())
}

/// The `type` of a field description; `None` when `node` is not one.
fn description_type(node: &Node) -> Option<&str> {
    node.get("type")
        .or_else(|| node.get("TYPE"))
        .and_then(Node::as_str)
}

/// Custom fields (`UF_*`, `ufCrm*`, `isDynamic`) and per-portal parent links
/// (`PARENT_ID_156`, `parentId1248`): kept by name at run time, not typed.
fn custom(name: &str, desc: &Node) -> bool {
    custom_name(name) || flag(desc, "isDynamic")
}

/// A custom field or per-portal parent link by its name alone.
pub(crate) fn custom_name(name: &str) -> bool {
    let numbered = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    name.starts_with("UF_")
        || name.starts_with("ufCrm")
        || numbered("PARENT_ID_")
        || numbered("parentId")
}

fn flag(desc: &Node, key: &str) -> bool {
    desc.get(key).and_then(Node::as_flag).unwrap_or(false)
}

fn text(desc: &Node, key: &str) -> Option<String> {
    desc.get(key)
        .and_then(Node::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn field(name: &str, desc: &Node) -> EntityField {
    let type_text = description_type(desc).unwrap_or_default().to_owned();
    EntityField {
        name: name.to_owned(),
        kind: kind_of(&type_text),
        type_text,
        title: text(desc, "title")
            .or_else(|| text(desc, "formLabel"))
            .or_else(|| text(desc, "listLabel"))
            .unwrap_or_default(),
        required: flag(desc, "isRequired"),
        read_only: flag(desc, "isReadOnly"),
        immutable: flag(desc, "isImmutable"),
        multiple: flag(desc, "isMultiple"),
        status_type: text(desc, "statusType"),
        values: values(desc),
        from: None,
    }
}

/// `items: [{ID, VALUE}]` (list fields) or `values: {code: title}` (`enum` fields).
fn values(desc: &Node) -> Vec<(String, String)> {
    match (desc.get("items"), desc.get("values")) {
        (Some(Node::Array(items)), _) => items
            .iter()
            .filter_map(|item| {
                let id = item.get("ID").or_else(|| item.get("id"))?.scalar_text()?;
                let value = item
                    .get("VALUE")
                    .or_else(|| item.get("value"))
                    .and_then(Node::scalar_text)
                    .unwrap_or_default();
                Some((id, value))
            })
            .collect(),
        (_, Some(Node::Object(entries))) => entries
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.scalar_text()?)))
            .collect(),
        _ => Vec::new(),
    }
}
