//! The emulator's filter table (`bitrix-emulator/tests/filters.rs`) written with the typed
//! builder (issue 22): each case is a `Filter<Deal>` or `Filter<Contact>` sent through the
//! generated `crm_deal_list()` / `crm_contact_list()` or through `client.items::<Deal>()`
//! (`crm.item.list`), against a portal holding the same records, and compared with the
//! table's ids. Each case also pins the JSON the typed filter writes: where it is the
//! table's own case ([`Src::Table`]) that JSON is the table's text, found verbatim in
//! filters.rs; where the typed builder writes the same question differently
//! ([`Src::Variant`]) the reason is given. Orders, a narrowed select, and raw JSON refused
//! before it is sent (the portal sees no call) follow.
//!
//! `cargo test -p bitrix-tests --test typed_filters -- --nocapture` prints the counts.

#![allow(deprecated)] // crm.deal.* and crm.contact.* are deprecated in favour of crm.item.*.

mod typed_cases;

use bitrix_api::typed::{custom_field, Dialect, Filter, Order, Select};
use bitrix_api::{Client, Error};
use bitrix_emulator::Portal;
use bitrix_tests::crm::records::{Contact, Deal};
use bitrix_tests::crm::ClientMethods;
use futures_util::TryStreamExt;
use serde_json::{json, Value};
use typed_cases::{Case, Query, Src, CONTACTS, DEALS, DEAL_USER_FIELDS, NOT_TYPED};

/// The table this file mirrors: [`Src::Table`] cases must appear in it verbatim.
const TABLE: &str = include_str!("../../bitrix-emulator/tests/filters.rs");

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A portal holding the table's deals (with the `UF_CRM_RATING` field) and contacts.
async fn seeded() -> (Portal, Client) {
    let (portal, client) = bitrix_tests::local().await;
    for uf in DEAL_USER_FIELDS {
        client
            .call_raw("crm.deal.userfield.add", json!({"fields": parse(uf)}))
            .await
            .expect("user field");
    }
    for (i, deal) in DEALS.iter().enumerate() {
        let id = client
            .call_raw("crm.deal.add", json!({"fields": parse(deal)}))
            .await
            .expect("deal");
        assert_eq!(id, json!(i + 1));
    }
    for (i, contact) in CONTACTS.iter().enumerate() {
        let id = client
            .call_raw("crm.contact.add", json!({"fields": parse(contact)}))
            .await
            .expect("contact");
        assert_eq!(id, json!(i + 1));
    }
    (portal, client)
}

fn deal_ids(records: Vec<Deal>) -> Vec<i64> {
    records.iter().filter_map(|d| d.id).collect()
}

/// Sends the case's typed filter the way an app would; the ids answered, in order.
async fn run(client: &Client, query: &Query) -> Result<Vec<i64>, Error> {
    Ok(match query {
        Query::Deals(f) => deal_ids(
            client
                .crm_deal_list()
                .filter(f.clone())
                .stream()
                .try_collect()
                .await?,
        ),
        Query::Contacts(f) => {
            let records: Vec<Contact> = client
                .crm_contact_list()
                .filter(f.clone())
                .stream()
                .try_collect()
                .await?;
            records.iter().filter_map(|c| c.id).collect()
        }
        Query::Items(f) => deal_ids(
            client
                .items::<Deal>()
                .list()
                .filter(f.clone())
                .stream()
                .try_collect()
                .await?,
        ),
    })
}

#[tokio::test]
async fn typed_filters_answer_the_table_ids() {
    let cases = typed_cases::cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let (_portal, client) = seeded().await;
    let (mut same, mut wrong) = (0, Vec::new());
    for Case {
        query,
        json,
        ids,
        src,
    } in &cases
    {
        // The JSON the typed filter writes, in the dialect of the method it goes to.
        let written = query.to_json();
        if written != parse(json) {
            wrong.push(format!("{query:?}: writes {written}, the case says {json}"));
        }
        match src {
            Src::Table if !TABLE.contains(&format!("r#\"{json}\"#")) => {
                wrong.push(format!("{json}: not a case of filters.rs"))
            }
            Src::Table => same += 1,
            Src::Variant(reason) => assert!(!reason.is_empty()),
        }
        match run(&client, query).await {
            Ok(got) if got == *ids => {}
            other => wrong.push(format!("{json}: expected {ids:?}, got {other:?}")),
        }
    }
    println!(
        "typed filter cases: {} run, {} pass ({same} the table's own JSON, {} written differently); {} table cases not typed",
        cases.len(),
        cases.len() - wrong.len(),
        cases.len() - same,
        NOT_TYPED.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The table's cases the typed builder cannot write refuse it at compile time (LIKE on a
/// status or integer field) or have no typed operator; as raw JSON the LIKE ones are
/// refused before sending, the others pass the check and go to the portal as written.
#[test]
fn untyped_table_cases_are_checked_as_raw_json() {
    for (list, json, why) in NOT_TYPED {
        assert!(TABLE.contains(&format!("r#\"{json}\"#")), "{json}");
        let v = parse(json);
        let checked = match *list {
            "deal" => bitrix_api::typed::check_filter::<Deal>("crm.deal.list", &v, Dialect::Rest2),
            "contact" => {
                bitrix_api::typed::check_filter::<Contact>("crm.contact.list", &v, Dialect::Rest2)
            }
            _ => bitrix_api::typed::check_filter::<Deal>("crm.item.list", &v, Dialect::Item),
        };
        assert_eq!(
            checked.is_err(),
            why.starts_with("LIKE on"),
            "{json}: {why}: {checked:?}"
        );
    }
}

#[tokio::test]
async fn typed_orders_sort_as_the_table_says() {
    let (_portal, client) = seeded().await;
    let deals = |order: Order<Deal>| client.crm_deal_list().order(order).stream();
    let table: Vec<(Order<Deal>, &str, &[i64], bool)> = vec![
        (
            Order::new().desc(Deal::OPPORTUNITY),
            r#"{"OPPORTUNITY": "DESC"}"#,
            &[2, 3, 4, 1, 5],
            true,
        ),
        // The table writes `{"title": "asc"}`; typed orders write the field's own name.
        (
            Order::new().asc(Deal::TITLE),
            r#"{"TITLE": "ASC"}"#,
            &[4, 2, 5, 1, 3],
            false,
        ),
        (
            Order::new().asc(Deal::BEGINDATE).desc(Deal::ID),
            r#"{"BEGINDATE": "ASC", "ID": "DESC"}"#,
            &[2, 1, 5, 4, 3],
            true,
        ),
        (
            Order::new().desc(Deal::PROBABILITY),
            r#"{"PROBABILITY": "DESC"}"#,
            &[3, 2, 1, 5, 4],
            true,
        ),
        // First key first: sorted by type, then by id descending (not by id alone, which
        // is what a key order lost in the JSON map would give: [5, 4, 3, 2, 1]).
        (
            Order::new().asc(Deal::TYPE_ID).desc(Deal::ID),
            r#"{"TYPE_ID": "ASC", "ID": "DESC"}"#,
            &[2, 4, 5, 3, 1],
            false,
        ),
    ];
    for (order, json, ids, in_table) in table {
        let written = order.to_json(Dialect::Rest2);
        assert_eq!(written, parse(json));
        assert_eq!(
            serde_json::to_string(&written).unwrap(),
            serde_json::to_string(&parse(json)).unwrap(),
            "key order kept"
        );
        assert_eq!(
            TABLE.contains(&format!("r#\"{json}\"#")),
            in_table,
            "{json}"
        );
        let got: Vec<Deal> = deals(order).try_collect().await.expect("ordered list");
        assert_eq!(deal_ids(got), ids, "{json}");
    }
    let items: Vec<(Order<Deal>, &str, &[i64])> = vec![
        (
            Order::new().asc(Deal::OPPORTUNITY),
            r#"{"opportunity": "ASC"}"#,
            &[5, 1, 4, 3, 2],
        ),
        (
            Order::new().asc(Deal::TYPE_ID).desc(Deal::ID),
            r#"{"typeId": "ASC", "id": "DESC"}"#,
            &[2, 4, 5, 3, 1],
        ),
    ];
    for (order, json, ids) in items {
        assert_eq!(order.to_json(Dialect::Item), parse(json));
        let got: Vec<Deal> = client
            .items::<Deal>()
            .list()
            .order(order)
            .stream()
            .try_collect()
            .await
            .expect("items");
        assert_eq!(deal_ids(got), ids, "{json}");
    }
    // The walk by id keeps the filter (and orders by id itself).
    let big = || Filter::new().and(Deal::OPPORTUNITY.gt(4925));
    let walked: Vec<Deal> = client
        .crm_deal_list()
        .filter(big())
        .stream_by_id()
        .try_collect()
        .await
        .expect("walk");
    assert_eq!(deal_ids(walked), [2, 3, 4]);
    let walked: Vec<Deal> = client
        .items::<Deal>()
        .list()
        .filter(big())
        .stream_by_id()
        .try_collect()
        .await
        .expect("walk");
    assert_eq!(deal_ids(walked), [2, 3, 4]);
}

#[tokio::test]
async fn a_narrowed_select_decodes_with_the_rest_absent() {
    let (_portal, client) = seeded().await;
    let select = || Select::new().field(Deal::ID).field(Deal::TITLE);
    assert_eq!(select().to_json(Dialect::Rest2), json!(["ID", "TITLE"]));
    assert_eq!(select().to_json(Dialect::Item), json!(["id", "title"]));
    let one = || Filter::new().and(Deal::ID.eq(1));
    let listed: Vec<Deal> = client
        .crm_deal_list()
        .filter(one())
        .select(select())
        .stream()
        .try_collect()
        .await
        .expect("list");
    let items: Vec<Deal> = client
        .items::<Deal>()
        .list()
        .filter(one())
        .select(select())
        .stream()
        .try_collect()
        .await
        .expect("items");
    for deal in [&listed[..], &items[..]].concat() {
        assert_eq!(
            (deal.id, deal.title.as_deref()),
            (Some(1), Some("Molar Deal"))
        );
        assert_eq!(
            (
                deal.opportunity.clone(),
                deal.stage_id.clone(),
                deal.begindate
            ),
            (None, None, None)
        );
        assert!(deal.custom.is_empty(), "{deal:?}");
    }
    // Custom fields: `UF_*` in REST 2; decoded by name.
    let uf = Select::new().field(Deal::ID).custom_fields();
    let listed: Vec<Deal> = client
        .crm_deal_list()
        .filter(one())
        .select(uf)
        .stream()
        .try_collect()
        .await
        .expect("uf");
    assert_eq!(
        listed[0]
            .custom
            .get_as::<bitrix_api::typed::Decimal>("UF_CRM_RATING")
            .unwrap()
            .map(|d| d.to_string()),
        Some("9.5".into())
    );
    assert_eq!(listed[0].title, None);
    // The whole record: money keeps the portal's digits.
    let full: Vec<Deal> = client
        .crm_deal_list()
        .filter(one())
        .stream()
        .try_collect()
        .await
        .expect("full");
    assert_eq!(
        full[0].opportunity.as_ref().map(|d| d.as_str()),
        Some("4925.00")
    );
}

/// Raw JSON misuse: refused with `Error::Query` naming the field and operator, and the
/// portal got no call.
#[tokio::test]
async fn raw_misuse_is_refused_before_sending() {
    let (portal, client) = seeded().await;
    let before = (portal.count("crm.deal.list"), portal.count("crm.item.list"));
    let deal_filters = [
        (json!({">=OPORTUNITY": 5000}), "OPORTUNITY", ">="),
        (json!({"%STAGE_ID": "NEW"}), "STAGE_ID", "%"),
        (json!({"=%COMPANY_ID": "5%"}), "COMPANY_ID", "=%"),
        (json!({">OPPORTUNITY": "lots"}), "OPPORTUNITY", ">"),
        (
            json!({"logic": "OR", "TYPE_ID": "GOODS", "ASSIGNED_BY_ID": 3}),
            "logic",
            "logic",
        ),
        (
            json!({"0": {"logic": "OR", "0": {"TITLE": "x"}, "1": {"ID": 1}}}),
            "0",
            "group",
        ),
    ];
    let mut refused = 0;
    for (filter, field, op) in deal_filters {
        let got = client.crm_deal_list().filter(filter.clone()).send().await;
        assert_query(got.map(drop), "crm.deal.list", "filter", field, op);
        let streamed: Result<Vec<Deal>, Error> = client
            .crm_deal_list()
            .filter(filter)
            .stream()
            .try_collect()
            .await;
        assert_query(streamed.map(drop), "crm.deal.list", "filter", field, op);
        refused += 2;
    }
    // A typed OR group is written, then refused for crm.deal.list (only crm.item.list
    // has groups in REST 2).
    let or = Filter::any([Deal::TYPE_ID.eq("GOODS"), Deal::ASSIGNED_BY_ID.eq(3)]);
    assert_query(
        client
            .crm_deal_list()
            .filter(or.clone())
            .send()
            .await
            .map(drop),
        "crm.deal.list",
        "filter",
        "0",
        "group",
    );
    let parts = [
        (
            client
                .crm_deal_list()
                .order(json!({"OPORTUNITY": "DESC"}))
                .send()
                .await
                .map(drop),
            "order",
            "OPORTUNITY",
            "desc",
        ),
        (
            client
                .crm_deal_list()
                .order(json!({"TITLE": "UP"}))
                .send()
                .await
                .map(drop),
            "order",
            "TITLE",
            "",
        ),
        (
            client
                .crm_deal_list()
                .select(json!(["ID", "OPORTUNITY"]))
                .send()
                .await
                .map(drop),
            "select",
            "OPORTUNITY",
            "",
        ),
    ];
    for (got, part, field, op) in parts {
        assert_query(got, "crm.deal.list", part, field, op);
    }
    refused += 4;
    let items: Result<Vec<Deal>, Error> = client
        .items::<Deal>()
        .list()
        .filter(json!({"noSuchField": 1}))
        .stream()
        .try_collect()
        .await;
    assert_query(
        items.map(drop),
        "crm.item.list",
        "filter",
        "noSuchField",
        "",
    );
    let items = client
        .items::<Deal>()
        .list()
        .filter(json!({">opportunity": "lots"}))
        .page()
        .await;
    assert_query(
        items.map(drop),
        "crm.item.list",
        "filter",
        "opportunity",
        ">",
    );
    refused += 2;
    assert_eq!(
        (portal.count("crm.deal.list"), portal.count("crm.item.list")),
        before,
        "the portal saw none of them"
    );
    // The same OR group is what crm.item.list takes.
    let got: Vec<Deal> = client
        .items::<Deal>()
        .list()
        .filter(Filter::new().and(or))
        .stream()
        .try_collect()
        .await
        .expect("or");
    assert_eq!(deal_ids(got), [4, 5]);
    // Custom fields by name: the prefix is checked.
    assert!(matches!(
        custom_field::<Deal>("RATING"),
        Err(Error::Query { .. })
    ));
    println!("raw misuse: {refused} calls refused before sending, 0 reached the portal");
}

fn assert_query(got: Result<(), Error>, method: &str, part: &str, field: &str, op: &str) {
    match got {
        Err(Error::Query {
            method: m,
            part: p,
            field: f,
            operator: o,
            reason,
        }) => {
            assert_eq!(
                (m.as_str(), p, f.as_str(), o.as_str()),
                (method, part, field, op),
                "{reason}"
            );
            assert!(!reason.is_empty());
        }
        other => panic!("{method} {part} {field} {op}: expected Error::Query, got {other:?}"),
    }
}
