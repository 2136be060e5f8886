//! The names a flat family gives its operations. Registrations name `add` and `delete`
//! otherwise: `ai.engine.register` / `unregister`, `placement.bind` / `unbind`,
//! `crm.duplicate.volatileType.register` / `unregister`. A family answers them as it
//! answers `add` and `delete` when it has no `add` page of its own, the page that registers
//! takes no `fields` object (those are entities, `crm.requisite.link.register {fields}`),
//! and its reads answer a list (records, or the codes registered), or a map of codes to names
//! (`imconnector.list`: the portal's own connectors, `{"livechat": "Live Chat"}`, and those
//! registered).

use bitrix_docs::MethodSpec;
use serde_json::Value;

use crate::pages::Catalog;
use crate::schema::example_result;

/// Each operation with its other names, its own first.
const NAMES: &[(&str, &[&str])] = &[
    ("add", &["add", "register", "bind"]),
    ("delete", &["delete", "unregister", "unbind"]),
];

/// The operation `op` stands for (`register` → `add`), when it is a registration's name.
pub(crate) fn canonical(op: &str) -> &str {
    NAMES
        .iter()
        .find(|(_, names)| names[1..].contains(&op))
        .map_or(op, |(own, _)| own)
}

/// The method of `family` that performs `op`: `family.op`, else, for `add` and `delete`
/// of a registration family, `family.register` / `family.unregister` and the like.
pub(crate) fn method(catalog: &Catalog, family: &str, op: &str) -> Option<String> {
    let own = format!("{family}.{op}");
    if catalog.get(&own).is_some() {
        return Some(own);
    }
    let names = NAMES.iter().find(|(o, _)| *o == op)?.1;
    if catalog.get(&format!("{family}.add")).is_some() || !registers(catalog, family) {
        return None;
    }
    names[1..]
        .iter()
        .map(|n| format!("{family}.{n}"))
        .find(|m| catalog.get(m).is_some())
}

/// Whether `family` is a registration family (see the module's text).
fn registers(catalog: &Catalog, family: &str) -> bool {
    let page = |op: &str| catalog.get(&format!("{family}.{op}"));
    let Some(add) = ["register", "bind"].iter().find_map(|op| page(op)) else {
        return false;
    };
    let takes_fields = add
        .params
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case("fields"));
    let reads_list = ["list", "get"]
        .iter()
        .filter_map(|op| page(op))
        .any(|s| matches!(example_result(s), Some(Value::Array(_))) || names_codes(Some(s)));
    !takes_fields && reads_list
}

/// The parameter that names a registered code in a family whose list answers codes
/// (`bizproc.robot.list` → `["sms_robot"]`): the one its `delete` requires that its `add`
/// takes (`CODE`).
pub(crate) fn code_param(add: Option<&MethodSpec>, delete: Option<&MethodSpec>) -> Option<String> {
    let (add, delete) = (add?, delete?);
    delete
        .params
        .iter()
        .filter(|d| d.required)
        .find(|d| {
            add.params
                .iter()
                .any(|a| a.name.eq_ignore_ascii_case(&d.name))
        })
        .map(|d| d.name.clone())
}

/// Whether a page's example answers a list of codes (strings).
pub(crate) fn lists_codes(spec: Option<&MethodSpec>) -> bool {
    matches!(
        spec.and_then(example_result),
        Some(Value::Array(items)) if items.first().is_some_and(Value::is_string)
    )
}

/// Whether a page's example answers a map of codes to names (`imconnector.list` →
/// `{"livechat": "Live Chat", …}`).
pub(crate) fn names_codes(spec: Option<&MethodSpec>) -> bool {
    matches!(
        spec.and_then(example_result),
        Some(Value::Object(map)) if map.len() > 1 && map.values().all(Value::is_string)
    )
}
