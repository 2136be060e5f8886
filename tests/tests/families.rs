//! Typed batch and bulk per crm family (issue 12), against `Portal::start()`: for each
//! family, one typed `client.batch()` holding an add and a get of the record it made (the
//! get's id is a `$result[…]` reference to the add), then a `client.bulk(…)` of 20 typed
//! adds; the answers are the generated types, and the portal holds what was written.
//!
//! Where a page documents its answer only as an object without fields (`crm.company.get`,
//! `crm.quote.get`, `crm.timeline.comment.get`, …), the generated
//! type is `serde_json::Value` and the test reads the documented field names from it.

#![allow(deprecated)] // crm.deal.*, crm.lead.*, … are deprecated in favour of crm.item.*.

use bitrix_api::batch::{BatchRef, Ref};
use bitrix_api::{Client, Method};
use bitrix_emulator::Portal;
use bitrix_tests::crm::*;
use serde_json::{json, Value};

const BULK: usize = 20;

async fn setup() -> (Portal, Client) {
    bitrix_tests::local().await
}

/// What one family's run answered, typed.
struct Run<A: Method, G: Method> {
    added: A::Response,
    got: G::Response,
    bulk: Vec<A::Response>,
}

/// One batch (`add`, then `get` with `refer(add)` merged into its parameters: the id as a
/// `$result` reference), then a bulk of [`BULK`] adds made by `add(0..BULK)`.
async fn run<A, G>(
    client: &Client,
    add: impl Fn(usize) -> A + Send + 'static,
    get: G,
    refer: impl Fn(&BatchRef<A::Response>) -> Value,
) -> Run<A, G>
where
    A: Method + 'static,
    G: Method,
{
    let mut batch = client.batch();
    batch.halt(true);
    let added = batch.add("add", &add(BULK));
    let extra = refer(&added);
    let got = batch.add_with("get", &get, extra);
    let mut answers = batch.send().await.expect("the batch is sent");
    let added = answers
        .take(&added)
        .unwrap_or_else(|e| panic!("{}: {e}", A::NAME));
    let got = answers
        .take(&got)
        .unwrap_or_else(|e| panic!("{}: {e}", G::NAME));
    let bulk = client
        .bulk((0..BULK).map(add))
        .await
        .into_iter()
        .enumerate()
        .map(|(i, r)| r.unwrap_or_else(|e| panic!("{} #{i}: {e}", A::NAME)))
        .collect();
    Run { added, got, bulk }
}

/// A documented id field of an answer typed as JSON (`"42"` or `42`).
fn id_of(v: &Value, field: &str) -> i64 {
    bitrix_api::wire::from_value(v[field].clone()).unwrap_or_else(|e| panic!("{field} of {v}: {e}"))
}

fn id_ref<T>(r: &BatchRef<T>) -> Value {
    json!({ "id": r.result() })
}

/// Ids in the order they were answered: all distinct and ascending.
fn assert_ascending(ids: &[i64]) {
    assert_eq!(ids.len(), BULK);
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "bulk answers in input order: {ids:?}"
    );
}

#[tokio::test]
async fn deals() {
    let (portal, client) = setup().await;
    let r = run(
        &client,
        |i| CrmDealAdd::new().fields(CrmDealAddFields::new().title(format!("Deal {i}"))),
        CrmDealGet::new(0),
        id_ref,
    )
    .await;
    assert_eq!(r.got.id, Some(r.added));
    assert_eq!(r.got.title.as_deref(), Some("Deal 20"));
    assert_ascending(&r.bulk);
    assert_eq!(portal.records("crm.deal").len(), BULK + 1);
}

#[tokio::test]
async fn leads() {
    let (portal, client) = setup().await;
    let r = run(
        &client,
        |i| CrmLeadAdd::new().fields(CrmLeadAddFields::new().title(format!("Lead {i}"))),
        CrmLeadGet::new(0),
        id_ref,
    )
    .await;
    assert_eq!(r.got.id, Some(r.added));
    assert_eq!(r.got.title.as_deref(), Some("Lead 20"));
    assert_ascending(&r.bulk);
    assert_eq!(portal.leads().len(), BULK + 1);
}

#[tokio::test]
async fn contacts() {
    let (portal, client) = setup().await;
    let r = run(
        &client,
        |i| CrmContactAdd::new().fields(CrmContactAddFields::new().name(format!("Contact {i}"))),
        CrmContactGet::new(0),
        id_ref,
    )
    .await;
    assert_eq!(r.got.id, Some(r.added));
    assert_eq!(r.got.name.as_deref(), Some("Contact 20"));
    assert_ascending(&r.bulk);
    assert_eq!(portal.contacts().len(), BULK + 1);
}

#[tokio::test]
async fn companies() {
    let (portal, client) = setup().await;
    let r = run(
        &client,
        |i| CrmCompanyAdd::new(CrmCompanyAddFields::new().title(format!("Company {i}"))),
        CrmCompanyGet::new(0),
        id_ref,
    )
    .await;
    assert_eq!(r.got.id, Some(r.added));
    assert_eq!(r.got.title.as_deref(), Some("Company 20"));
    assert_ascending(&r.bulk);
    assert_eq!(portal.records("crm.company").len(), BULK + 1);
}

#[tokio::test]
async fn quotes() {
    let (portal, client) = setup().await;
    let r = run(
        &client,
        |i| CrmQuoteAdd::new(CrmQuoteAddFields::new(format!("Quote {i}"))),
        CrmQuoteGet::new(0),
        id_ref,
    )
    .await;
    assert_eq!(r.got.id, Some(r.added));
    assert_eq!(r.got.title.as_deref(), Some("Quote 20"));
    assert_ascending(&r.bulk);
    assert_eq!(portal.records("crm.quote").len(), BULK + 1);
}

#[tokio::test]
async fn requisites() {
    let (portal, client) = setup().await;
    let company = client
        .crm_company_add(CrmCompanyAddFields::new().title("Owner"))
        .await
        .expect("company");
    let r = run(
        &client,
        move |i| {
            // The page documents `fields` as a plain object: no generated fields type.
            CrmRequisiteAdd::new(json!({
                "ENTITY_TYPE_ID": 4,
                "ENTITY_ID": company,
                "PRESET_ID": 1,
                "NAME": format!("Requisite {i}"),
                "RQ_COMPANY_NAME": "Owner Ltd",
            }))
        },
        CrmRequisiteGet::new(0),
        id_ref,
    )
    .await;
    // crm.requisite.get's example is not JSON; by name, its `result` is the record.
    assert_eq!(r.got.id, Some(r.added));
    assert_eq!(r.got.name.as_deref(), Some("Requisite 20"));
    assert_eq!(r.got.entity_type_id, Some(4));
    assert_eq!(r.got.entity_id, Some(company));
    assert_ascending(&r.bulk);
    assert_eq!(portal.records("crm.requisite").len(), BULK + 1);
}

/// crm.item for a smart process (`entityTypeId` 1038) and for deals in crm.item's
/// spelling (`entityTypeId` 2).
#[tokio::test]
async fn universal_items() {
    let (portal, client) = setup().await;
    for type_id in [1038, 2] {
        let r = run(
            &client,
            move |i| {
                CrmItemAdd::new(
                    type_id,
                    CrmItemAddFields::new().title(format!("Item {type_id}/{i}")),
                )
            },
            CrmItemGet::new(CrmItemGetRequired {
                entity_type_id: type_id,
                id: 0,
            }),
            |r| json!({ "id": Ref::new(r.key()).field("item").field("id") }),
        )
        .await;
        let item_id = |v: &Option<Value>| id_of(v.as_ref().expect("item"), "id");
        let got = r.got.item.as_ref().expect("item");
        assert_eq!(got.id, Some(item_id(&r.added.item)));
        assert_eq!(
            got.title.as_deref(),
            Some(format!("Item {type_id}/20").as_str())
        );
        let of_type = got
            .extra
            .get("entityTypeId")
            .cloned()
            .map(bitrix_api::wire::from_value::<i64>);
        assert_eq!(of_type.and_then(Result::ok), Some(type_id));
        let ids: Vec<i64> = r.bulk.iter().map(|a| item_id(&a.item)).collect();
        assert_ascending(&ids);
    }
    assert_eq!(portal.records("crm.deal").len(), BULK + 1);
}

#[tokio::test]
async fn timeline_comments() {
    let (portal, client) = setup().await;
    let deal = client
        .crm_deal_add()
        .fields(CrmDealAddFields::new().title("Commented"))
        .await
        .expect("deal");
    let r = run(
        &client,
        move |i| {
            CrmTimelineCommentAdd::new(CrmTimelineCommentAddFields::new(
                CrmTimelineCommentAddFieldsRequired {
                    entity_id: deal,
                    entity_type: "deal".into(),
                    comment: format!("Comment {i}"),
                },
            ))
        },
        CrmTimelineCommentGet::new(0),
        id_ref,
    )
    .await;
    assert_eq!(r.got.id, Some(r.added));
    assert_eq!(r.got.comment.as_deref(), Some("Comment 20"));
    assert_ascending(&r.bulk);
    assert_eq!(portal.records("crm.timeline.comment").len(), BULK + 1);
}

#[tokio::test]
async fn currencies() {
    let (portal, client) = setup().await;
    fn code(i: usize) -> String {
        format!("X{i:02}")
    }
    let r = run(
        &client,
        move |i| CrmCurrencyAdd::new(CrmCurrencyAddFields::new(code(i), 1, 1.5)),
        CrmCurrencyGet::new(),
        // Currencies are keyed by their code: nothing to refer to.
        |_| json!({ "id": code(BULK) }),
    )
    .await;
    assert_eq!(r.got.currency.as_deref(), Some(code(BULK).as_str()));
    assert_eq!(r.added, code(BULK));
    let codes: Vec<Value> = (0..BULK).map(|i| json!(code(i))).collect();
    assert_eq!(r.bulk, codes);
    assert!(portal.records("crm.currency").len() > BULK);
}

#[tokio::test]
async fn statuses() {
    let (portal, client) = setup().await;
    let r = run(
        &client,
        |i| {
            CrmStatusAdd::new(CrmStatusAddFields::new(CrmStatusAddFieldsRequired {
                entity_id: "SOURCE".into(),
                status_id: format!("S{i}"),
                name: format!("Source {i}"),
            }))
        },
        CrmStatusGet::new(0),
        id_ref,
    )
    .await;
    assert_eq!(r.got.id, Some(r.added));
    assert_eq!(r.got.status_id.as_deref(), Some("S20"));
    assert_ascending(&r.bulk);
    assert!(portal.records("crm.status").len() > BULK);
}
