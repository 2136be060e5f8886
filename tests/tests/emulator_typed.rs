//! The generated client against the running emulator: the six crm.lead.contact.* methods'
//! documented semantics, typed batches, limits on a scaled clock, faults, and OAuth refresh.

use std::time::Duration;

use bitrix_api::limit::{Limits, Plan};
use bitrix_api::methods::{
    CrmLeadContactAdd, CrmLeadContactAddFields, CrmLeadContactDeleteFields, CrmLeadContactItemsGet,
    CrmLeadContactItemsSet, CrmLeadContactItemsSetItem,
};
use bitrix_api::ClientMethods;
use bitrix_api::{Client, Error};
use bitrix_emulator::{Fault, Portal};
use serde_json::json;

/// A portal without rate limits, a client for it, a lead and `n` contacts.
async fn setup(n: usize) -> (Portal, Client, i64, Vec<i64>) {
    let (portal, client) = bitrix_tests::local().await;
    let lead = portal.add_lead(json!({"TITLE": "Typed"}));
    let contacts = (0..n)
        .map(|i| portal.add_contact(json!({"NAME": format!("C{i}")})))
        .collect();
    (portal, client, lead, contacts)
}

/// (contact, sort, primary) of each link; every answer carries all three.
fn links(items: &[bitrix_api::records::LeadContact]) -> Vec<(i64, i64, bool)> {
    items
        .iter()
        .map(|i| match (i.contact_id, i.sort, i.is_primary) {
            (Some(c), Some(s), Some(p)) => (c, s, p),
            _ => panic!("a link without contact, sort or primary flag: {i:?}"),
        })
        .collect()
}

#[tokio::test]
async fn items_set_defaults_primary_rule_and_sort_order() {
    let (portal, client, lead, c) = setup(3).await;
    // No IS_PRIMARY anywhere: the first link becomes primary because the lead has none yet;
    // SORT defaults to 10; items.get answers in SORT order.
    let ok = client
        .crm_lead_contact_items_set(
            lead,
            vec![
                CrmLeadContactItemsSetItem::new(c[0]).sort(30),
                CrmLeadContactItemsSetItem::new(c[1]),
                CrmLeadContactItemsSetItem::new(c[2]).sort(20),
            ],
        )
        .await
        .expect("items.set");
    assert!(ok);
    let got = client
        .crm_lead_contact_items_get(lead)
        .await
        .expect("items.get");
    assert_eq!(
        links(&got),
        vec![(c[1], 10, false), (c[2], 20, false), (c[0], 30, true)]
    );
    assert_eq!(
        got.iter().filter(|i| i.is_primary == Some(true)).count(),
        1,
        "at most one primary"
    );
    assert_eq!(
        portal.lead(lead).expect("lead").contact_id,
        Some(c[0]),
        "primary is the lead's CONTACT_ID"
    );
    assert_eq!(portal.lead_contacts(lead).len(), 3);
}

#[tokio::test]
async fn add_as_primary_moves_the_primary_and_delete_removes_one() {
    let (portal, client, lead, c) = setup(3).await;
    client
        .crm_lead_contact_items_set(
            lead,
            vec![CrmLeadContactItemsSetItem::new(c[0]).is_primary(true)],
        )
        .await
        .expect("items.set");
    client
        .crm_lead_contact_add(
            lead,
            CrmLeadContactAddFields::new(c[1]).sort(5).is_primary(true),
        )
        .await
        .expect("add");
    client
        .crm_lead_contact_add(lead, CrmLeadContactAddFields::new(c[2]))
        .await
        .expect("add");
    let got = client
        .crm_lead_contact_items_get(lead)
        .await
        .expect("items.get");
    assert_eq!(
        links(&got),
        vec![(c[1], 5, true), (c[0], 10, false), (c[2], 10, false)]
    );
    assert_eq!(portal.lead(lead).expect("lead").contact_id, Some(c[1]));

    client
        .crm_lead_contact_delete(lead, CrmLeadContactDeleteFields::new(c[0]))
        .await
        .expect("delete");
    let got = client
        .crm_lead_contact_items_get(lead)
        .await
        .expect("items.get");
    assert_eq!(
        links(&got).iter().map(|l| l.0).collect::<Vec<_>>(),
        vec![c[1], c[2]]
    );

    assert!(client
        .crm_lead_contact_items_delete(lead)
        .await
        .expect("items.delete"));
    assert!(client
        .crm_lead_contact_items_get(lead)
        .await
        .expect("items.get")
        .is_empty());
    assert_eq!(portal.lead(lead).expect("lead").contact_id, None);
}

#[tokio::test]
async fn unknown_lead_or_contact_is_a_typed_not_found() {
    let (_portal, client, lead, _) = setup(0).await;
    let err = client
        .crm_lead_contact_items_get(999_999)
        .await
        .expect_err("unknown lead");
    assert_eq!(err.code(), Some("NOT_FOUND"));
    assert_eq!(err.status(), Some(400));
    assert!(!err.is_retryable());
    let err = client
        .crm_lead_contact_add(lead, CrmLeadContactAddFields::new(424_242))
        .await
        .expect_err("unknown contact");
    assert_eq!(err.code(), Some("NOT_FOUND"));
}

#[tokio::test]
async fn fields_answers_the_documented_description() {
    let (_portal, client, _, _) = setup(0).await;
    let fields = client.crm_lead_contact_fields().await.expect("fields");
    let contact = &fields["CONTACT_ID"];
    assert!(contact.is_required && !contact.is_read_only);
    assert_eq!(contact.type_name, "integer");
    assert_eq!(fields["IS_PRIMARY"].type_name, "char");
    assert_eq!(fields["SORT"].type_name, "integer");
    assert!(!fields["SORT"].is_required);
}

#[tokio::test]
async fn a_typed_batch_answers_each_command_with_its_own_type_or_error() {
    let (_portal, client, lead, c) = setup(2).await;
    let mut batch = client.batch();
    let set = batch.add(
        "set",
        &CrmLeadContactItemsSet::new(lead, vec![CrmLeadContactItemsSetItem::new(c[0])]),
    );
    let bad = batch.add(
        "bad",
        &CrmLeadContactAdd::new(777_777, CrmLeadContactAddFields::new(c[1])),
    );
    let get = batch.add("get", &CrmLeadContactItemsGet::new(lead));
    let results = batch.send().await.expect("batch");
    assert!(results.get(&set).expect("set answered"));
    let err = results.get(&bad).expect_err("unknown lead fails alone");
    assert_eq!(err.code(), Some("NOT_FOUND"));
    let items = results.get(&get).expect("get answered");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].contact_id, Some(c[0]));
}

#[tokio::test]
async fn a_burst_of_500_calls_gets_no_query_limit_exceeded() {
    // The Others plan (2/s drain, threshold 50) on a clock 100× real time, on both sides.
    let speed = 100.0;
    let portal = Portal::builder()
        .limits(bitrix_api::Limits::from(bitrix_api::Plan::Others))
        .clock_speed(speed)
        .start()
        .await
        .expect("portal starts");
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Plan::Others)
        .time_scale(speed)
        .build()
        .expect("client");
    let lead = portal.add_lead(json!({"TITLE": "Burst"}));
    let calls = (0..500).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.crm_lead_contact_items_get(lead).await })
    });
    for call in futures_join(calls).await {
        call.expect("task").expect("call succeeds");
    }
    let limited = portal
        .requests()
        .iter()
        .filter(|r| r.error_code.as_deref() == Some("QUERY_LIMIT_EXCEEDED"))
        .count();
    assert_eq!(
        limited, 0,
        "the client-side bucket keeps the portal's bucket from overflowing"
    );
    assert_eq!(portal.count("crm.lead.contact.items.get"), 500);
}

#[tokio::test]
async fn injected_faults_are_retried_until_the_call_succeeds() {
    let (portal, client, lead, _) = setup(0).await;
    portal.fail_next(1, Fault::QueryLimit);
    portal.fail_next(1, Fault::ServerError);
    portal.fail_next(1, Fault::Truncate);
    let items = client
        .crm_lead_contact_items_get(lead)
        .await
        .expect("retried to success");
    assert!(items.is_empty());
    assert_eq!(portal.count("crm.lead.contact.items.get"), 4);
}

#[tokio::test]
async fn an_unretryable_error_is_not_retried() {
    let (portal, client, _, _) = setup(0).await;
    let err: Error = client
        .crm_lead_contact_items_get(123_456)
        .await
        .expect_err("not found");
    assert!(!err.is_retryable());
    assert_eq!(portal.count("crm.lead.contact.items.get"), 1);
}

#[tokio::test]
async fn fifty_calls_on_an_expired_token_cause_exactly_one_refresh() {
    let portal = Portal::builder()
        .limits(bitrix_api::Limits::off())
        .start()
        .await
        .expect("portal starts");
    let issued = portal.issue_tokens(&["crm"]);
    let app = portal.oauth_app();
    let client = Client::builder()
        .oauth(portal.rest_url(), app, issued.clone())
        .oauth_server(portal.oauth_server_url())
        .limits(Limits::off())
        .build()
        .expect("oauth client");
    let lead = portal.add_lead(json!({"TITLE": "OAuth"}));
    client
        .crm_lead_contact_items_get(lead)
        .await
        .expect("the fresh token works");
    portal.expire_access_tokens();
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.crm_lead_contact_items_get(lead).await })
    });
    for call in futures_join(calls).await {
        call.expect("task")
            .expect("call succeeds after the refresh");
    }
    assert_eq!(portal.refresh_count(), 1);
    let tokens = client.tokens().expect("oauth tokens");
    assert_ne!(
        tokens.access_token.expose(),
        issued.access_token.expose(),
        "the new pair is in use"
    );
}

async fn futures_join<T>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<Result<T, tokio::task::JoinError>> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await);
    }
    out
}

#[tokio::test]
async fn slow_answers_within_the_timeout_arrive() {
    let (portal, client, lead, _) = setup(0).await;
    portal.fail_next(1, Fault::Delay(Duration::from_millis(200)));
    assert!(client
        .crm_lead_contact_items_get(lead)
        .await
        .expect("delayed answer")
        .is_empty());
}
