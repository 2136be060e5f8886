//! The generic stores over small fixture pages (`tests/fixtures/widgets`, written for
//! these tests): entity rules, links, user fields, canned answers and `served_by`.

mod common;

use bitrix_emulator::{Limits, Portal, ServedBy};
use common::*;
use serde_json::{json, Value};

async fn widgets() -> Portal {
    Portal::builder()
        .limits(Limits::off())
        .pages(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/widgets"
        ))
        .start()
        .await
        .expect("portal starts")
}

fn last_served(portal: &Portal) -> Option<ServedBy> {
    portal.requests().last().and_then(|r| r.served_by)
}

#[tokio::test]
async fn add_applies_the_schema() {
    let portal = widgets().await;
    assert!(
        portal.rejected_pages().is_empty(),
        "{:?}",
        portal.rejected_pages()
    );
    let (s, e, d) = err(
        &portal,
        "crm.widget.add",
        json!({"fields": {"COLOR": "red"}}),
    )
    .await;
    assert_eq!(
        (s, e.as_str(), d.as_str()),
        (400, "", "Required fields not provided: NAME.")
    );

    let id = ok(
        &portal,
        "crm.widget.add",
        json!({"fields": {"NAME": "Cog", "SIZE": 7, "BOGUS": 1, "ID": 99, "CODE": "x", "DATE_CREATE": "1999"}}),
    )
    .await;
    assert_eq!(id, json!(1));
    assert_eq!(last_served(&portal), Some(ServedBy::Entity));
    let w = ok(&portal, "crm.widget.get", json!({"id": 1})).await;
    assert_eq!(w["ID"], "1", "read-only: filled by the portal");
    assert_eq!(w["NAME"], "Cog");
    assert_eq!(w["SIZE"], "7", "numbers are answered as strings");
    assert_eq!(w["ACTIVE"], "Y", "documented default");
    assert_eq!(w["TITLE"], "Widget #1", "title template");
    assert_eq!(w["COLOR"], Value::Null, "documented, unset: null");
    assert_eq!(
        w["NOTE"],
        Value::Null,
        "a field only the get page documents"
    );
    assert_eq!(
        w["CODE"],
        Value::Null,
        "read-only per the fields page: the given value is ignored"
    );
    assert!(w.get("BOGUS").is_none(), "unknown fields are dropped");
    assert!(
        w.get("UF_CRM_THEIRS").is_none(),
        "the example's user fields are not ours"
    );
    assert_ne!(w["DATE_CREATE"], "1999");
    assert_eq!(w["CREATED_BY_ID"], "1");
    let records = portal.records("crm.widget");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["NAME"], "Cog");
}

#[tokio::test]
async fn update_merges_list_filters_and_delete_removes() {
    let portal = widgets().await;
    for (name, size) in [("a", 1), ("b", 2), ("c", 3)] {
        ok(
            &portal,
            "crm.widget.add",
            json!({"fields": {"NAME": name, "SIZE": size}}),
        )
        .await;
    }
    assert_eq!(
        ok(
            &portal,
            "crm.widget.update",
            json!({"id": 2, "fields": {"COLOR": "blue", "NOPE": 1}})
        )
        .await,
        json!(true)
    );
    let w = ok(&portal, "crm.widget.get", json!({"id": 2})).await;
    assert_eq!(
        (w["NAME"].as_str(), w["COLOR"].as_str()),
        (Some("b"), Some("blue"))
    );
    assert!(w.get("NOPE").is_none());

    let (s, v) = call(
        &portal,
        "crm.widget.list",
        json!({"filter": {">=SIZE": 2}, "order": {"SIZE": "DESC"}, "select": ["ID", "NAME"]}),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        v["result"],
        json!([{"ID": "3", "NAME": "c"}, {"ID": "2", "NAME": "b"}])
    );
    assert_eq!(v["total"], 2);

    assert_eq!(
        ok(&portal, "crm.widget.delete", json!({"id": 1})).await,
        json!(true)
    );
    assert_eq!(
        err(&portal, "crm.widget.get", json!({"id": 1})).await.2,
        "Not found"
    );
    assert_eq!(
        err(&portal, "crm.widget.delete", json!({"id": 1})).await.2,
        "Not found"
    );
    let ids: Vec<Value> = portal
        .records("crm.widget")
        .iter()
        .map(|r| r["ID"].clone())
        .collect();
    assert_eq!(ids, [json!("2"), json!("3")]);
}

#[tokio::test]
async fn multifields_are_stored_updated_by_id_and_filtered() {
    let portal = widgets().await;
    ok(
        &portal,
        "crm.widget.add",
        json!({"fields": {"NAME": "p", "PHONE": [{"VALUE": "+100", "VALUE_TYPE": "MOBILE"}, {"VALUE": "+200"}]}}),
    )
    .await;
    ok(&portal, "crm.widget.add", json!({"fields": {"NAME": "q"}})).await;
    let w = ok(&portal, "crm.widget.get", json!({"id": 1})).await;
    assert_eq!(
        w["PHONE"],
        json!([
            {"ID": "1", "VALUE_TYPE": "MOBILE", "VALUE": "+100", "TYPE_ID": "PHONE"},
            {"ID": "2", "VALUE_TYPE": "WORK", "VALUE": "+200", "TYPE_ID": "PHONE"},
        ])
    );
    assert_eq!(w["HAS_PHONE"], "Y");
    let q = ok(&portal, "crm.widget.get", json!({"id": 2})).await;
    assert_eq!(q["HAS_PHONE"], "N");

    let found = ok(
        &portal,
        "crm.widget.list",
        json!({"filter": {"PHONE": "+200"}, "select": ["ID"]}),
    )
    .await;
    assert_eq!(found, json!([{"ID": "1"}]));
    let none = ok(
        &portal,
        "crm.widget.list",
        json!({"filter": {"PHONE": "+20"}}),
    )
    .await;
    assert_eq!(none, json!([]), "phone filters match exactly");

    ok(
        &portal,
        "crm.widget.update",
        json!({"id": 1, "fields": {"PHONE": [{"ID": "1", "DELETE": "Y"}, {"ID": "2", "VALUE": "+201"}]}}),
    )
    .await;
    let w = ok(&portal, "crm.widget.get", json!({"id": 1})).await;
    assert_eq!(
        w["PHONE"],
        json!([{"ID": "2", "VALUE_TYPE": "WORK", "VALUE": "+201", "TYPE_ID": "PHONE"}])
    );
    ok(
        &portal,
        "crm.widget.update",
        json!({"id": 1, "fields": {"PHONE": [{"ID": 2, "DELETE": "Y"}]}}),
    )
    .await;
    assert_eq!(
        ok(&portal, "crm.widget.get", json!({"id": 1})).await["HAS_PHONE"],
        "N"
    );
}

#[tokio::test]
async fn links_follow_the_lead_contact_rules() {
    let portal = widgets().await;
    ok(&portal, "crm.widget.add", json!({"fields": {"NAME": "w"}})).await;
    let a = portal.add_contact(json!({"NAME": "A"}));
    let b = portal.add_contact(json!({"NAME": "B"}));
    let set = json!({"id": 1, "items": [{"CONTACT_ID": a}, {"CONTACT_ID": b, "IS_PRIMARY": "Y"}]});
    assert_eq!(
        ok(&portal, "crm.widget.contact.items.set", set).await,
        json!(true)
    );
    assert_eq!(last_served(&portal), Some(ServedBy::Link));
    let items = ok(&portal, "crm.widget.contact.items.get", json!({"id": 1})).await;
    assert_eq!(
        items,
        json!([
            {"CONTACT_ID": a, "SORT": 10, "ROLE_ID": 0, "IS_PRIMARY": "N"},
            {"CONTACT_ID": b, "SORT": 20, "ROLE_ID": 0, "IS_PRIMARY": "Y"},
        ])
    );
    assert_eq!(
        ok(&portal, "crm.widget.get", json!({"id": 1})).await["CONTACT_ID"],
        json!(b.to_string())
    );

    let bad = json!({"id": 1, "items": [{"CONTACT_ID": 999}]});
    assert_eq!(
        err(&portal, "crm.widget.contact.items.set", bad).await.1,
        "NOT_FOUND"
    );
    let (s, _, d) = err(&portal, "crm.widget.contact.items.get", json!({"id": 5})).await;
    assert_eq!((s, d.as_str()), (400, "Not found."));
    let (_, _, d) = err(&portal, "crm.widget.contact.items.get", json!({})).await;
    assert_eq!(
        d,
        "The parameter 'ownerEntityID' is invalid or not defined."
    );
}

#[tokio::test]
async fn user_fields_are_accepted_once_registered() {
    let portal = widgets().await;
    let before = ok(
        &portal,
        "crm.widget.add",
        json!({"fields": {"NAME": "x", "UF_CRM_SHADE": "dark"}}),
    )
    .await;
    let uf = json!({"fields": {"FIELD_NAME": "shade", "USER_TYPE_ID": "string"}});
    assert_eq!(
        ok(&portal, "crm.widget.userfield.add", uf.clone()).await,
        json!(1)
    );
    assert_eq!(last_served(&portal), Some(ServedBy::UserField));
    assert_eq!(
        err(&portal, "crm.widget.userfield.add", uf).await.1,
        "ERROR_CORE",
        "taken"
    );
    let bad = json!({"fields": {"FIELD_NAME": "x", "USER_TYPE_ID": "money"}});
    assert_eq!(
        err(&portal, "crm.widget.userfield.add", bad).await.2,
        "Incorrect custom type specified."
    );

    let id = ok(
        &portal,
        "crm.widget.add",
        json!({"fields": {"NAME": "y", "UF_CRM_SHADE": "dark"}}),
    )
    .await;
    let w = ok(&portal, "crm.widget.get", json!({"id": id})).await;
    assert_eq!(w["UF_CRM_SHADE"], "dark");
    let old = ok(&portal, "crm.widget.get", json!({"id": before})).await;
    assert_eq!(
        old["UF_CRM_SHADE"],
        Value::Null,
        "dropped before it was registered"
    );
    let listed = ok(
        &portal,
        "crm.widget.list",
        json!({"select": ["ID", "UF_*"]}),
    )
    .await;
    assert_eq!(listed[1], json!({"ID": "2", "UF_CRM_SHADE": "dark"}));
    let star = ok(&portal, "crm.widget.list", json!({"select": ["*"]})).await;
    assert!(
        star[1].get("UF_CRM_SHADE").is_none(),
        "select * leaves user fields out"
    );
    assert!(star[1].get("NAME").is_some());
    let default = ok(&portal, "crm.widget.list", json!({})).await;
    assert_eq!(default[1]["UF_CRM_SHADE"], "dark", "no select: * + UF_*");
    assert!(
        default[1].get("PHONE").is_none(),
        "multiple fields only when named"
    );
    let named = ok(
        &portal,
        "crm.widget.list",
        json!({"select": ["*", "PHONE"]}),
    )
    .await;
    assert_eq!(named[1]["PHONE"], Value::Null);
}

#[tokio::test]
async fn other_pages_answer_their_example_after_validation() {
    let portal = widgets().await;
    let ok_body = json!({"period": "day", "limit": "3", "options": {"group": "g"}});
    assert_eq!(
        ok(&portal, "crm.widget.stats.get", ok_body).await,
        json!({"count": 12, "period": "day"})
    );
    assert_eq!(last_served(&portal), Some(ServedBy::Example));
    let cases = [
        (json!({}), "Required fields not provided: period."),
        (
            json!({"period": "year"}),
            "The parameter period is invalid or not defined.",
        ),
        (
            json!({"period": "day", "limit": "many"}),
            "The parameter limit is invalid or not defined.",
        ),
        (
            json!({"period": "day", "options": {}}),
            "Required fields not provided: options.group.",
        ),
        (
            json!({"period": "day", "options": "x"}),
            "Parameter 'options' must be array.",
        ),
    ];
    for (body, text) in cases {
        let (s, code, d) = err(&portal, "crm.widget.stats.get", body.clone()).await;
        assert_eq!((s, code.as_str(), d.as_str()), (400, "", text), "{body}");
    }
    // The hand-written methods are still hand-written.
    ok(&portal, "crm.lead.add", json!({"fields": {"TITLE": "t"}})).await;
    assert_eq!(last_served(&portal), Some(ServedBy::Handler));
    assert_eq!(
        err(&portal, "crm.widget.nothing", json!({})).await.1,
        "ERROR_METHOD_NOT_FOUND"
    );
}

#[tokio::test]
async fn apps_register_their_own_handlers() {
    let portal = Portal::builder()
        .limits(Limits::off())
        .handler("crm.lead.add", |_| Ok(json!(4242)))
        .handler("my.fail", |_| {
            Err(bitrix_api::ApiError::new(
                "my.fail",
                Some(403),
                "ACCESS_DENIED",
                "no",
            ))
        })
        .start()
        .await
        .unwrap();
    assert_eq!(ok(&portal, "crm.lead.add", json!({})).await, json!(4242));
    assert_eq!(last_served(&portal), Some(ServedBy::App));
    assert!(portal.records("crm.lead").is_empty());
    assert_eq!(
        err(&portal, "my.fail", json!({})).await,
        (403, "ACCESS_DENIED".into(), "no".into())
    );
}

#[tokio::test]
async fn batch_logs_what_served_each_command() {
    let portal = widgets().await;
    let cmd = json!({"cmd": {"a": "crm.widget.add?fields[NAME]=n", "b": "crm.widget.stats.get?period=week", "c": "crm.lead.contact.fields"}});
    let (s, v) = call(&portal, "batch", cmd).await;
    assert_eq!(s, 200, "{v}");
    let log = portal.requests();
    let last = log.last().unwrap();
    assert_eq!(last.served_by, Some(ServedBy::Handler));
    let mut served = last.inner_served_by.clone();
    served.sort_by_key(|s| format!("{s:?}"));
    assert_eq!(
        served,
        [ServedBy::Entity, ServedBy::Example, ServedBy::Handler]
    );
}
