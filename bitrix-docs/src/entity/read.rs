//! A fields page's example answer → [`Entity`].
//!
//! The answer is `{"result": {NAME: DESCRIPTION, …}}`, or the same map under one key
//! (`{"result": {"fields": {…}}}`: `crm.item.fields`, `crm.type.fields`; `{"orderEntity":
//! {…}}`, `{"vat": {…}}`: the `getFields` methods). A description is an object with a
//! string `type` (`TYPE` on some pages) and the flags `isRequired`, `isReadOnly`,
//! `isImmutable`, `isMultiple`, `isDynamic`, plus `title`, `statusType`, `items`.
//! Anything else gives no entity, with the reason.

use crate::model::MethodSpec;

use super::kind::kind_of;
use super::name::entity_name;
use super::ordered::Node;
use super::{Entity, EntityField};

/// The entity `spec` (a fields method) describes, or why it describes none.
pub(crate) fn read(spec: &MethodSpec) -> Result<Entity, String> {
    let Some(example) = &spec.response.example else {
        return Err("the page shows no example answer".into());
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
    let lower = fields
        .iter()
        .filter(|f| f.name.chars().any(|c| c.is_ascii_lowercase()))
        .count();
    Ok(Entity {
        name: entity_name(&spec.name),
        method: spec.name.clone(),
        rel_path: spec.source.rel_path.clone(),
        line: spec.response.line,
        camel: lower * 2 > fields.len(),
        fields,
    })
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
