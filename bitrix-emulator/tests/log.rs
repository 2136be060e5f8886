//! The request log, and consistency under many concurrent calls.

mod common;

use std::collections::HashSet;

use bitrix_emulator::Fault;
use common::*;
use serde_json::json;

#[tokio::test]
async fn every_request_is_logged() {
    let portal = portal().await;
    call(&portal, "crm.lead.add", json!({"fields": {}})).await;
    call(&portal, "crm.lead.get", json!({"id": 9})).await;
    call(
        &portal,
        "batch",
        json!({"cmd": ["crm.lead.get?id=1", "crm.lead.contact.fields"]}),
    )
    .await;
    get(&format!("{}CRM.LEAD.LIST.json", portal.webhook_url())).await;
    portal.fail_next(1, Fault::QueryLimit);
    call(&portal, "crm.lead.list", json!({})).await;

    let log = portal.requests();
    let summary: Vec<(&str, u16, Option<&str>)> = log
        .iter()
        .map(|r| (r.method.as_str(), r.status, r.error_code.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            ("crm.lead.add", 200, None),
            ("crm.lead.get", 400, Some("")),
            ("batch", 200, None),
            ("crm.lead.list", 200, None),
            ("crm.lead.list", 503, Some("QUERY_LIMIT_EXCEEDED")),
        ]
    );
    assert_eq!(
        log[2].inner_methods,
        ["crm.lead.get", "crm.lead.contact.fields"]
    );
    assert_eq!(log[4].fault, Some(Fault::QueryLimit));
    assert_eq!(portal.count("crm.lead.get"), 2);
    assert_eq!(portal.count("CRM.LEAD.LIST"), 2);
    portal.reset_log();
    assert!(portal.requests().is_empty());
    assert_eq!(portal.count("crm.lead.get"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_links_are_all_kept_once() {
    let portal = portal().await;
    let leads: Vec<i64> = (0..100).map(|_| portal.add_lead(json!({}))).collect();
    let contacts: Vec<i64> = (0..10).map(|_| portal.add_contact(json!({}))).collect();
    let url = format!("{}crm.lead.contact.add", portal.webhook_url());
    let client = client();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, &lead) in leads.iter().enumerate() {
        for (j, &contact) in contacts.iter().enumerate() {
            let (client, url) = (client.clone(), url.clone());
            let primary = if (i + j) % 7 == 0 { "Y" } else { "N" };
            tasks.spawn(async move {
                let body = json!({"id": lead, "fields": {"CONTACT_ID": contact, "SORT": 10 * (j + 1), "IS_PRIMARY": primary}});
                let resp = client.post(url).json(&body).send().await.unwrap();
                assert_eq!(resp.status().as_u16(), 200);
            });
        }
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap();
    }
    assert_eq!(portal.count("crm.lead.contact.add"), 1000);
    for &lead in &leads {
        let links = portal.lead_contacts(lead);
        let ids: HashSet<i64> = links.iter().map(|l| l.contact_id).collect();
        assert_eq!(ids.len(), 10, "every link once");
        let primaries: Vec<i64> = links
            .iter()
            .filter(|l| l.is_primary)
            .map(|l| l.contact_id)
            .collect();
        assert_eq!(primaries.len(), 1, "exactly one primary on lead {lead}");
        assert_eq!(portal.lead(lead).unwrap().contact_id, Some(primaries[0]));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_items_set_leaves_one_whole_set() {
    let portal = portal().await;
    let lead = portal.add_lead(json!({}));
    let contacts: Vec<i64> = (0..20).map(|_| portal.add_contact(json!({}))).collect();
    let url = format!("{}crm.lead.contact.items.set", portal.webhook_url());
    let client = client();
    let mut tasks = tokio::task::JoinSet::new();
    for k in 0..500 {
        let (client, url) = (client.clone(), url.clone());
        // Set k: three consecutive contacts, the middle one primary.
        let set: Vec<i64> = (0..3).map(|d| contacts[(k + d) % 20]).collect();
        tasks.spawn(async move {
            let items: Vec<_> = set
                .iter()
                .enumerate()
                .map(|(d, c)| json!({"CONTACT_ID": c, "SORT": (d + 1) * 10, "IS_PRIMARY": if d == 1 { "Y" } else { "N" }}))
                .collect();
            let resp = client.post(url).json(&json!({"id": lead, "items": items})).send().await.unwrap();
            assert_eq!(resp.status().as_u16(), 200);
        });
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap();
    }
    let links = portal.lead_contacts(lead);
    assert_eq!(links.len(), 3);
    let first = contacts
        .iter()
        .position(|c| *c == links[0].contact_id)
        .unwrap();
    let expected: Vec<i64> = (0..3).map(|d| contacts[(first + d) % 20]).collect();
    assert_eq!(
        links.iter().map(|l| l.contact_id).collect::<Vec<_>>(),
        expected,
        "one whole set, not a mix"
    );
    assert!(links[1].is_primary && !links[0].is_primary && !links[2].is_primary);
    assert_eq!(portal.count("crm.lead.contact.items.set"), 500);
}
