//! Nested required markers stay in their table: the emulator accepts `crm.type.add` without
//! `fields.entityTypeId`, which its page marks required only inside `relations`, and
//! bitrix-docs keeps the marker where the page puts it.

use super::common::*;
use serde_json::json;

#[tokio::test]
async fn a_required_marker_inside_a_nested_table_stays_there() {
    let portal = portal().await;
    // crm.type.add marks `entityTypeId` required only inside `relations`.
    let added = ok(
        &portal,
        "crm.type.add",
        json!({"fields": {"title": "Orders"}}),
    )
    .await;
    assert_eq!(added["type"]["title"], "Orders", "{added}");
    assert_eq!(
        added["type"]["entityTypeId"],
        json!(1030),
        "the portal assigns one"
    );
    let got = ok(
        &portal,
        "crm.type.get",
        json!({"id": added["type"]["id"].clone()}),
    )
    .await;
    assert_eq!(got["type"]["entityTypeId"], json!(1030), "read back: {got}");
    let next = ok(
        &portal,
        "crm.type.add",
        json!({"fields": {"title": "Trips"}}),
    )
    .await;
    assert_eq!(
        next["type"]["entityTypeId"],
        json!(1032),
        "the next free even one"
    );
    let chosen = json!({"fields": {"title": "Own", "entityTypeId": 1030 + 100}});
    let own = ok(&portal, "crm.type.add", chosen).await;
    assert_eq!(
        own["type"]["entityTypeId"],
        json!(1130),
        "a given one is kept"
    );
    let (status, _, description) = err(&portal, "crm.type.add", json!({"fields": {}})).await;
    assert_eq!(
        (status, description.as_str()),
        (400, "Required fields not provided: title.")
    );
    // Inside `relations`, each relation needs its entityTypeId.
    let relation = json!({"fields": {"title": "Linked",
        "relations": {"parent": [{"isChildrenListEnabled": "true"}]}}});
    let (status, _, description) = err(&portal, "crm.type.add", relation).await;
    assert_eq!(status, 400);
    assert!(description.contains("entityTypeId"), "{description}");
    let relation = json!({"fields": {"title": "Linked",
        "relations": {"parent": [{"entityTypeId": 2, "isChildrenListEnabled": "true"}]}}});
    let linked = ok(&portal, "crm.type.add", relation).await;
    assert_eq!(linked["type"]["entityTypeId"], json!(1034), "{linked}");
    let relation = &linked["type"]["relations"]["parent"][0];
    assert_eq!(
        relation["isChildrenListEnabled"], "Y",
        "as the example answers: {linked}"
    );
}

/// bitrix-docs keeps the marker where the page puts it: `relations.parent[].entityTypeId`
/// is required, `fields.entityTypeId` is not.
#[test]
fn bitrix_docs_keeps_nested_required_markers_in_their_table() {
    use bitrix_docs::{Field, FieldType, PageOutcome};
    let rel = "api-reference/crm/universal/user-defined-object-types/crm-type-add.md";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs")
        .join(rel);
    let text = std::fs::read_to_string(&path).expect("page");
    let PageOutcome::Method(spec) = bitrix_docs::parse_page(&text, &path, rel) else {
        panic!("{rel} is a method page");
    };
    let inner = |fields: &[Field], name: &str| -> Field {
        fields.iter().find(|f| f.name == name).cloned().expect(name)
    };
    let object = |f: &Field| -> Vec<Field> {
        match &f.ty {
            FieldType::Object(fs) => fs.clone(),
            FieldType::Array(inner) => match inner.as_ref() {
                FieldType::Object(fs) => fs.clone(),
                other => panic!("{}: {other:?}", f.name),
            },
            other => panic!("{}: {other:?}", f.name),
        }
    };
    let fields = object(&inner(&spec.params, "fields"));
    assert!(!inner(&fields, "entityTypeId").required);
    let relations = object(&inner(&fields, "relations"));
    let parent = object(&inner(&relations, "parent"));
    assert!(inner(&parent, "entityTypeId").required);
}
