//! `crm.lead.*` and `crm.contact.*`: add/get/list, paging, filters.

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn add_answers_an_integer_and_get_answers_strings() {
    let portal = portal().await;
    let id = ok(
        &portal,
        "crm.lead.add",
        json!({"fields": {"TITLE": "T", "NAME": "N", "OPPORTUNITY": 15, "UF_CRM_X": "custom"}}),
    )
    .await;
    assert_eq!(id, json!(1));
    let lead = ok(&portal, "crm.lead.get", json!({"id": 1})).await;
    assert_eq!(lead["ID"], "1");
    assert_eq!(lead["TITLE"], "T");
    assert_eq!(lead["NAME"], "N");
    assert_eq!(
        lead["OPPORTUNITY"], "15.00",
        "money as the portal formats it"
    );
    assert_eq!(
        lead["UF_CRM_X"], "custom",
        "arbitrary given fields are stored"
    );
    assert_eq!(lead["CONTACT_ID"], Value::Null);
    assert!(lead["DATE_CREATE"].is_string());

    let untitled = ok(&portal, "crm.lead.add", json!({"fields": {}})).await;
    assert_eq!(
        ok(&portal, "crm.lead.get", json!({"id": untitled})).await["TITLE"],
        "Lead #2"
    );

    let c = ok(
        &portal,
        "crm.contact.add",
        json!({"fields": {"NAME": "Ann", "LAST_NAME": "Lee"}}),
    )
    .await;
    assert_eq!(c, json!(1));
    let contact = ok(&portal, "crm.contact.get", json!({"ID": "1"})).await;
    assert_eq!(
        (contact["ID"].clone(), contact["LAST_NAME"].clone()),
        (json!("1"), json!("Lee"))
    );
}

#[tokio::test]
async fn get_and_add_errors_follow_the_pages() {
    let portal = portal().await;
    assert_eq!(
        err(&portal, "crm.lead.get", json!({"id": 5})).await,
        (400, String::new(), "Not found".into())
    );
    assert_eq!(
        err(&portal, "crm.lead.get", json!({})).await,
        (400, String::new(), "ID is not defined or invalid.".into())
    );
    assert_eq!(
        err(&portal, "crm.contact.get", json!({"id": 5})).await.2,
        "Not found"
    );
    assert_eq!(
        err(&portal, "crm.contact.add", json!({"fields": "x"})).await,
        (
            400,
            String::new(),
            "Parameter 'fields' must be array.".into()
        )
    );
    assert_eq!(
        err(&portal, "crm.lead.list", json!({"filter": "x"}))
            .await
            .2,
        "Parameter 'filter' must be array."
    );
}

#[tokio::test]
async fn lead_add_with_contact_id_links_it_and_marks_repeat_lead() {
    let portal = portal().await;
    let c = portal.add_contact(json!({}));
    let id = ok(
        &portal,
        "crm.lead.add",
        json!({"fields": {"TITLE": "r", "CONTACT_ID": c}}),
    )
    .await;
    let lead = ok(&portal, "crm.lead.get", json!({"id": id})).await;
    assert_eq!(lead["CONTACT_ID"], json!(c.to_string()));
    assert_eq!(lead["IS_RETURN_CUSTOMER"], "Y");
    assert!(portal.lead_contacts(id.as_i64().unwrap())[0].is_primary);
}

#[tokio::test]
async fn lead_list_pages_by_50_with_next_and_total() {
    let portal = portal().await;
    for i in 0..120 {
        portal.add_lead(json!({"TITLE": format!("L{i}")}));
    }
    let (_, first) = call(&portal, "crm.lead.list", json!({})).await;
    assert_eq!(first["result"].as_array().unwrap().len(), 50);
    assert_eq!(
        (first["next"].clone(), first["total"].clone()),
        (json!(50), json!(120))
    );
    assert_eq!(first["result"][0]["ID"], "1");

    let (_, last) = call(&portal, "crm.lead.list", json!({"start": 100})).await;
    assert_eq!(last["result"].as_array().unwrap().len(), 20);
    assert!(last.get("next").is_none());
    assert_eq!(last["total"], 120);

    // start=-1: no counting (total 0, as the huge-data page shows) and no next.
    let (_, fast) = call(&portal, "crm.lead.list", json!({"start": -1})).await;
    assert_eq!(fast["result"].as_array().unwrap().len(), 50);
    assert!(fast.get("next").is_none());
    assert_eq!(fast["total"], 0);
}

#[tokio::test]
async fn huge_data_loop_by_id_filter_sees_every_lead_once() {
    let portal = portal().await;
    for _ in 0..137 {
        portal.add_lead(json!({}));
    }
    let mut last = 0;
    let mut seen: Vec<i64> = Vec::new();
    loop {
        let page = ok(
            &portal,
            "crm.lead.list",
            json!({"order": {"ID": "ASC"}, "filter": {">ID": last}, "select": ["ID"], "start": -1}),
        )
        .await;
        let ids: Vec<i64> = page
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["ID"].as_str().unwrap().parse().unwrap())
            .collect();
        seen.extend(&ids);
        if ids.len() < 50 {
            break;
        }
        last = *ids.last().unwrap();
    }
    assert_eq!(seen, (1..=137).collect::<Vec<_>>());
}

#[tokio::test]
async fn list_filters_orders_and_selects() {
    let portal = portal().await;
    for (title, name) in [("b", "Ann"), ("a", "Bob"), ("c", "Ann")] {
        portal.add_lead(json!({"TITLE": title, "NAME": name}));
    }
    let r = ok(
        &portal,
        "crm.lead.list",
        json!({"filter": {"NAME": "Ann"}, "order": {"ID": "DESC"}, "select": ["ID", "TITLE"]}),
    )
    .await;
    assert_eq!(
        r,
        json!([{"ID": "3", "TITLE": "c"}, {"ID": "1", "TITLE": "b"}])
    );
    let r = ok(
        &portal,
        "crm.lead.list",
        json!({"filter": {"=ID": 2}, "select": ["TITLE"]}),
    )
    .await;
    assert_eq!(r, json!([{"TITLE": "a"}]));
    let r = ok(
        &portal,
        "crm.lead.list",
        json!({"filter": {"@ID": [1, 3], "<=ID": "2"}, "select": ["ID"]}),
    )
    .await;
    assert_eq!(r, json!([{"ID": "1"}]));
    let r = ok(
        &portal,
        "crm.lead.list",
        json!({"order": {"TITLE": "asc"}, "select": ["*"]}),
    )
    .await;
    assert_eq!(r[0]["TITLE"], "a");
    assert!(r[0].get("DATE_CREATE").is_some());

    // GET form of the same request.
    let (s, v) = get(&format!(
        "{}crm.lead.list?filter[%3EID]=1&select[]=ID",
        portal.webhook_url()
    ))
    .await;
    assert_eq!(s, 200);
    assert_eq!(v["result"], json!([{"ID": "2"}, {"ID": "3"}]));
    assert_eq!(v["total"], 2);
}

#[tokio::test]
async fn contact_list_pages_too() {
    let portal = portal().await;
    for i in 0..55 {
        portal.add_contact(json!({"NAME": format!("C{i}")}));
    }
    let (_, v) = call(
        &portal,
        "crm.contact.list",
        json!({"select": ["ID", "NAME"]}),
    )
    .await;
    assert_eq!(
        (v["next"].clone(), v["total"].clone()),
        (json!(50), json!(55))
    );
    assert_eq!(v["result"][0], json!({"ID": "1", "NAME": "C0"}));
}
