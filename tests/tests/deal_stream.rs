//! A typed stream of 10,000 deals (issue 12): seeded through a typed bulk of
//! `crm.deal.add`, then read back with the generated list call's `stream()` (the portal's
//! `start`/`next` paging) and the `>ID` walk (`start: -1`). Both return exactly the 10,000
//! ids, in ascending order, each record decoded as the typed `Deal`; four id ranges
//! walked side by side (`list_stream_by_id_ranges`) return the same ids, once each.
//!
//! crm.deal.list's page types `result` as `deal[]`, a link to crm.deal.get's `deal`
//! object; the generator does not follow links between pages, so the list's record type is
//! JSON and its call has no `stream_by_id()` (generated only for records with an `ID`).
//! The walk by id therefore goes through `Client::list_stream_by_id`, and both streams'
//! records are decoded as the type the page links to.

#![allow(deprecated)] // crm.deal.* is deprecated in favour of crm.item.*.

use bitrix_api::typed::Select;
use bitrix_api::{Client, Limits};
use bitrix_emulator::Portal;
use bitrix_tests::crm::records::Deal;
use bitrix_tests::crm::{ClientMethods, CrmDealAdd, CrmDealAddFields};
use futures_util::TryStreamExt;
use serde_json::json;

const DEALS: usize = 10_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_deals_stream_back_complete_and_in_order() {
    let started = std::time::Instant::now();
    let portal = Portal::builder()
        .limits(Limits::off())
        .log_capacity(100)
        .start()
        .await
        .expect("portal starts");
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Limits::off())
        .build()
        .expect("client");
    let added: Vec<i64> = client
        .bulk((0..DEALS).map(|i| {
            CrmDealAdd::new().fields(
                CrmDealAddFields::new()
                    .title(format!("Deal {i}"))
                    .opportunity(i as f64),
            )
        }))
        .concurrency(2)
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("every deal added");
    // Two batches run at a time, so ids ascend per batch, not across the whole input.
    let mut added = added;
    added.sort_unstable();
    added.dedup();
    assert_eq!(added.len(), DEALS, "10,000 distinct ids");
    let seeded = started.elapsed();

    let select = || Select::new().field(Deal::ID).field(Deal::TITLE);
    let typed = |records: Vec<serde_json::Value>| -> Vec<Deal> {
        records
            .into_iter()
            .map(|r| bitrix_api::wire::from_value(r).expect("a deal record"))
            .collect()
    };
    let paged: Vec<Deal> = client
        .crm_deal_list()
        .select(select())
        .stream()
        .try_collect()
        .await
        .expect("stream()");
    let walked = started.elapsed();
    let by_id: Vec<Deal> = client
        .crm_deal_list()
        .select(select())
        .stream_by_id()
        .try_collect()
        .await
        .expect("stream_by_id()");
    let ranged = started.elapsed();
    let mut by_ranges = typed(
        client
            .list_stream_by_id_ranges(
                "crm.deal.list",
                json!({ "select": ["ID", "TITLE"] }),
                "ID",
                4,
            )
            .try_collect()
            .await
            .expect("list_stream_by_id_ranges()"),
    );
    // Ranges interleave; each record comes once.
    by_ranges.sort_by_key(|d| d.id);
    for (how, deals) in [
        ("stream()", &paged),
        ("stream_by_id()", &by_id),
        ("by id ranges", &by_ranges),
    ] {
        let ids: Vec<i64> = deals.iter().filter_map(|d| d.id).collect();
        assert_eq!(ids, added, "{how}: every id once, ascending");
        assert!(
            deals
                .iter()
                .all(|d| d.title.as_deref().is_some_and(|t| t.starts_with("Deal "))),
            "{how}: typed records with their titles"
        );
    }
    eprintln!(
        "seeded {DEALS} deals in {seeded:.1?}; stream() in {:.1?}, by id in {:.1?}, \
         4 id ranges in {:.1?}",
        walked - seeded,
        ranged - walked,
        started.elapsed() - ranged
    );
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
}

/// The generated `stream_by_id_ranges(n)` of a list whose records have an `ID`
/// (crm.stagehistory.list's `{"items": […]}`): the emulator writes a record each time a
/// deal is created or changes stage, and the walk returns each of them once, typed.
#[tokio::test]
async fn a_typed_list_walks_id_ranges() {
    let (_portal, client) = bitrix_tests::local().await;
    for (title, moves) in [("a", 1), ("b", 2), ("c", 0)] {
        let id = client
            .call_raw(
                "crm.deal.add",
                json!({"fields": {"TITLE": title, "STAGE_ID": "NEW"}}),
            )
            .await
            .expect("crm.deal.add");
        for stage in ["PREPARATION", "WON"].into_iter().take(moves) {
            client
                .call_raw(
                    "crm.deal.update",
                    json!({"id": id, "fields": {"STAGE_ID": stage}}),
                )
                .await
                .expect("crm.deal.update");
        }
    }
    let items: Vec<_> = client
        .crm_stagehistory_list()
        .entity_type_id(2)
        .stream_by_id_ranges(4)
        .try_collect()
        .await
        .expect("stream_by_id_ranges()");
    let mut ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        ids.len(),
        6,
        "3 creations and 3 moves, once each: {items:?}"
    );
    assert_eq!(ids.len(), items.len());
}
