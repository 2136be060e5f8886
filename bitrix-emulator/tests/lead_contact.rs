//! The six `crm.lead.contact.*` methods, per their pages and the family's index page.

mod common;

use bitrix_emulator::Portal;
use common::*;
use serde_json::{json, Value};

async fn setup(contacts: usize) -> (Portal, i64, Vec<i64>) {
    let portal = portal().await;
    let lead = portal.add_lead(json!({"TITLE": "L"}));
    let ids = (0..contacts)
        .map(|i| portal.add_contact(json!({"NAME": format!("C{i}")})))
        .collect();
    (portal, lead, ids)
}

async fn items(portal: &Portal, lead: i64) -> Value {
    ok(portal, "crm.lead.contact.items.get", json!({"id": lead})).await
}

#[tokio::test]
async fn first_link_is_primary_and_written_to_contact_id() {
    let (portal, lead, c) = setup(2).await;
    assert_eq!(
        ok(
            &portal,
            "crm.lead.contact.add",
            json!({"id": lead, "fields": {"CONTACT_ID": c[0]}})
        )
        .await,
        json!(true)
    );
    assert_eq!(
        items(&portal, lead).await,
        json!([{"CONTACT_ID": c[0], "SORT": 10, "ROLE_ID": 0, "IS_PRIMARY": "Y"}]),
        "defaults: SORT 10; primary because the lead had none"
    );
    ok(
        &portal,
        "crm.lead.contact.add",
        json!({"id": lead, "fields": {"CONTACT_ID": c[1], "SORT": 5}}),
    )
    .await;
    assert_eq!(
        items(&portal, lead).await,
        json!([
            {"CONTACT_ID": c[1], "SORT": 5, "ROLE_ID": 0, "IS_PRIMARY": "N"},
            {"CONTACT_ID": c[0], "SORT": 10, "ROLE_ID": 0, "IS_PRIMARY": "Y"},
        ]),
        "SORT order; IS_PRIMARY defaults to N once a primary exists"
    );
    let lead_json = ok(&portal, "crm.lead.get", json!({"id": lead})).await;
    assert_eq!(lead_json["CONTACT_ID"], json!(c[0].to_string()));
}

#[tokio::test]
async fn explicit_primary_takes_over_and_stays_unique() {
    let (portal, lead, c) = setup(3).await;
    for (i, id) in c.iter().enumerate() {
        let primary = if i == 2 { "Y" } else { "N" };
        ok(&portal, "crm.lead.contact.add", json!({"id": lead, "fields": {"CONTACT_ID": id, "SORT": 10 * (i + 1), "IS_PRIMARY": primary}})).await;
    }
    let got = items(&portal, lead).await;
    let flags: Vec<&str> = got
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["IS_PRIMARY"].as_str().unwrap())
        .collect();
    assert_eq!(flags, ["N", "N", "Y"]);
    assert_eq!(portal.lead(lead).unwrap().contact_id, Some(c[2]));
}

#[tokio::test]
async fn adding_an_existing_link_answers_false_and_changes_nothing() {
    let (portal, lead, c) = setup(1).await;
    ok(
        &portal,
        "crm.lead.contact.add",
        json!({"id": lead, "fields": {"CONTACT_ID": c[0]}}),
    )
    .await;
    let again = ok(
        &portal,
        "crm.lead.contact.add",
        json!({"id": lead, "fields": {"CONTACT_ID": c[0], "SORT": 99}}),
    )
    .await;
    assert_eq!(again, json!(false));
    assert_eq!(portal.lead_contacts(lead)[0].sort, 10);
}

#[tokio::test]
async fn items_set_replaces_everything() {
    let (portal, lead, c) = setup(4).await;
    ok(
        &portal,
        "crm.lead.contact.items.set",
        json!({"id": lead, "items": [{"CONTACT_ID": c[0]}, {"CONTACT_ID": c[1]}]}),
    )
    .await;
    assert_eq!(
        portal.lead(lead).unwrap().contact_id,
        Some(c[0]),
        "no Y: the first item is primary"
    );

    ok(
        &portal,
        "crm.lead.contact.items.set",
        json!({"id": lead, "items": [
            {"CONTACT_ID": c[2], "SORT": 30},
            {"CONTACT_ID": c[3], "SORT": 20, "IS_PRIMARY": "Y"},
        ]}),
    )
    .await;
    assert_eq!(
        items(&portal, lead).await,
        json!([
            {"CONTACT_ID": c[3], "SORT": 20, "ROLE_ID": 0, "IS_PRIMARY": "Y"},
            {"CONTACT_ID": c[2], "SORT": 30, "ROLE_ID": 0, "IS_PRIMARY": "N"},
        ])
    );

    // Items given as a PHP map (`items[0]…`) are read the same way.
    ok(
        &portal,
        "crm.lead.contact.items.set",
        json!({"id": lead, "items": {"0": {"CONTACT_ID": c[1]}}}),
    )
    .await;
    assert_eq!(portal.lead_contacts(lead).len(), 1);

    ok(
        &portal,
        "crm.lead.contact.items.set",
        json!({"id": lead, "items": []}),
    )
    .await;
    assert!(portal.lead_contacts(lead).is_empty());
    assert_eq!(portal.lead(lead).unwrap().contact_id, None);
}

#[tokio::test]
async fn deletes_promote_and_clear() {
    let (portal, lead, c) = setup(3).await;
    ok(
        &portal,
        "crm.lead.contact.items.set",
        json!({"id": lead, "items": [
            {"CONTACT_ID": c[0], "SORT": 10, "IS_PRIMARY": "Y"},
            {"CONTACT_ID": c[1], "SORT": 30},
            {"CONTACT_ID": c[2], "SORT": 20},
        ]}),
    )
    .await;
    assert_eq!(
        ok(
            &portal,
            "crm.lead.contact.delete",
            json!({"id": lead, "fields": {"CONTACT_ID": c[0]}})
        )
        .await,
        json!(true)
    );
    assert_eq!(
        portal.lead(lead).unwrap().contact_id,
        Some(c[2]),
        "next in SORT order becomes primary"
    );
    assert_eq!(
        ok(
            &portal,
            "crm.lead.contact.delete",
            json!({"id": lead, "fields": {"CONTACT_ID": c[0]}})
        )
        .await,
        json!(false)
    );
    assert_eq!(
        ok(
            &portal,
            "crm.lead.contact.items.delete",
            json!({"id": lead})
        )
        .await,
        json!(true)
    );
    assert_eq!(items(&portal, lead).await, json!([]));
    assert_eq!(
        ok(&portal, "crm.lead.get", json!({"id": lead})).await["CONTACT_ID"],
        Value::Null
    );
}

#[tokio::test]
async fn unknown_lead_or_contact_is_not_found() {
    let (portal, lead, c) = setup(1).await;
    let cases = [
        (
            "crm.lead.contact.add",
            json!({"id": 999, "fields": {"CONTACT_ID": c[0]}}),
        ),
        (
            "crm.lead.contact.add",
            json!({"id": lead, "fields": {"CONTACT_ID": 999}}),
        ),
        (
            "crm.lead.contact.delete",
            json!({"id": 999, "fields": {"CONTACT_ID": c[0]}}),
        ),
        ("crm.lead.contact.items.get", json!({"id": 999})),
        (
            "crm.lead.contact.items.set",
            json!({"id": 999, "items": [{"CONTACT_ID": c[0]}]}),
        ),
        (
            "crm.lead.contact.items.set",
            json!({"id": lead, "items": [{"CONTACT_ID": 999}]}),
        ),
        ("crm.lead.contact.items.delete", json!({"id": 999})),
    ];
    for (method, body) in cases {
        let got = err(&portal, method, body.clone()).await;
        assert_eq!(
            got,
            (400, "NOT_FOUND".into(), "Not found.".into()),
            "{method} {body}"
        );
    }
    assert!(
        portal.lead_contacts(lead).is_empty(),
        "a failed items.set changes nothing"
    );
}

#[tokio::test]
async fn missing_required_fields_name_the_field() {
    let (portal, lead, c) = setup(1).await;
    let cases = [
        (
            "crm.lead.contact.add",
            json!({"fields": {"CONTACT_ID": c[0]}}),
            "Required fields not provided: id.",
        ),
        (
            "crm.lead.contact.add",
            json!({"id": lead}),
            "Required fields not provided: fields.",
        ),
        (
            "crm.lead.contact.add",
            json!({"id": lead, "fields": {"SORT": 1}}),
            "Required fields not provided: CONTACT_ID.",
        ),
        (
            "crm.lead.contact.add",
            json!({"id": "abc", "fields": {"CONTACT_ID": c[0]}}),
            "The parameter id is invalid or not defined.",
        ),
        (
            "crm.lead.contact.delete",
            json!({"id": lead, "fields": {}}),
            "Required fields not provided: CONTACT_ID.",
        ),
        (
            "crm.lead.contact.items.get",
            json!({}),
            "Required fields not provided: id.",
        ),
        (
            "crm.lead.contact.items.set",
            json!({"id": lead}),
            "Required fields not provided: items.",
        ),
        (
            "crm.lead.contact.items.set",
            json!({"id": lead, "items": [{"SORT": 1}]}),
            "Required fields not provided: CONTACT_ID.",
        ),
        (
            "crm.lead.contact.items.delete",
            json!({"id": 0}),
            "The parameter id is invalid or not defined.",
        ),
    ];
    for (method, body, text) in cases {
        let got = err(&portal, method, body.clone()).await;
        assert_eq!(
            got,
            (400, String::new(), text.to_owned()),
            "{method} {body}"
        );
    }
}

#[tokio::test]
async fn fields_answers_the_documented_description() {
    let portal = portal().await;
    let f = |kind: &str, required: bool, title: &str| {
        json!({"type": kind, "isRequired": required, "isReadOnly": false, "isImmutable": false,
               "isMultiple": false, "isDynamic": false, "title": title})
    };
    assert_eq!(
        ok(&portal, "crm.lead.contact.fields", json!({})).await,
        json!({
            "SORT": f("integer", false, "Sorting"),
            "IS_PRIMARY": f("char", false, "Primary"),
            "CONTACT_ID": f("integer", true, "Contact"),
        })
    );
}

#[tokio::test]
async fn ids_may_come_as_strings() {
    let (portal, lead, c) = setup(1).await;
    let r = ok(
        &portal,
        "crm.lead.contact.add",
        json!({"id": lead.to_string(), "fields": {"CONTACT_ID": c[0].to_string(), "SORT": "7"}}),
    )
    .await;
    assert_eq!(r, json!(true));
    assert_eq!(portal.lead_contacts(lead)[0].sort, 7);
}
