//! Conformance of the pages' query examples (issue 22): every list method of `docs/` whose
//! answer is linked to a record type, and whose cURL (webhook) examples carry a `filter`,
//! `order` or `select`, has that JSON checked with `check_filter` / `check_order` /
//! `check_select` for its record type and dialect. Each refusal is listed in [`KNOWN`]
//! with its reason, and the list is asserted exactly. Then the deal, contact, lead,
//! company and item examples are rebuilt with the typed builder, and the JSON it writes is
//! compared with the example's (key order included).
//!
//! `cargo test -p bitrix-tests --test query_examples -- --nocapture` prints the counts.

#![allow(deprecated)]

use std::path::Path;

use bitrix_api::typed::{check_filter, check_order, check_select, Dialect, Entity};
use bitrix_api::typed::{Filter, Order, Select};
use bitrix_api::Error;
use bitrix_tests::crm::records::*;
use chrono::{DateTime, NaiveDate};
use serde_json::{json, Map, Value};

/// The day the deal list example's shell substitution (`$(date …)`) stands for here.
const SHELL_DATE: &str = "2025-01-01";

/// Refusals of page examples: (method, part, field, operator, why the page and the check
/// disagree).
const KNOWN: &[(&str, &str, &str, &str, &str)] = &[
    ("crm.activity.list", "select", "STORAGE_ELEMENT_IDS", "", "the example selects a field crm.activity.fields does not list"),
    ("crm.contact.list", "filter", "IMPORT", "", "the example filters by IMPORT, which crm.contact.fields does not list (its `>=DATE_CREATE` is a placeholder too; the check stops at the first refusal)"),
    ("crm.deal.recurring.list", "order", "deal_id", "asc", "the example orders by `deal_id` in lower case; the fields page spells DEAL_ID"),
    ("crm.invoice.list", "select", "CURRENCY_ID", "", "the example selects CURRENCY_ID; crm.invoice.fields lists the invoice's currency as CURRENCY"),
    ("crm.measure.list", "select", "STAGE_ID", "", "the example selects STAGE_ID, which crm.measure.fields does not list (a measure has no stage)"),
    ("crm.product.list", "filter", "CATALOG_ID", "", "the example's value is the placeholder \"your_catalog_id\", not an id"),
];

/// `body[key]` in any case (`FILTER`, `filter`: REST 2 reads parameters case-insensitively).
fn part<'a>(body: &'a Value, key: &str) -> Option<&'a Value> {
    body.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// One of `check_filter`, `check_order`, `check_select` for a record type.
type Check = fn(&str, &Value, Dialect) -> Result<(), Error>;

/// Every query part of the example checked; the refusals.
fn check<E: Entity>(method: &str, body: &Value, d: Dialect) -> Vec<Error> {
    let checks: [(&str, Check); 3] = [
        ("filter", check_filter::<E>),
        ("order", check_order::<E>),
        ("select", check_select::<E>),
    ];
    checks
        .iter()
        .filter_map(|(key, f)| part(body, key).and_then(|v| f(method, v, d).err()))
        .collect()
}

/// The record type and dialect of each linked list method whose example carries a query;
/// `None` for a method the table does not cover (a failure).
fn checked(method: &str, body: &Value) -> Option<Vec<Error>> {
    use Dialect::{Item as I, Rest2 as R};
    let m = method;
    Some(match m {
        "crm.activity.list" => check::<Activity>(m, body, R),
        "crm.address.list" => check::<Address>(m, body, R),
        "crm.automatedsolution.list" => check::<Automatedsolution>(m, body, I),
        "crm.category.list" => check::<Category>(m, body, I),
        "crm.company.list" => check::<Company>(m, body, R),
        "crm.contact.list" => check::<Contact>(m, body, R),
        "crm.currency.list" => check::<Currency>(m, body, R),
        "crm.deal.list" => check::<Deal>(m, body, R),
        "crm.deal.recurring.list" => check::<DealRecurring>(m, body, R),
        "crm.dealcategory.list" => check::<Dealcategory>(m, body, R),
        "crm.invoice.list" => check::<Invoice>(m, body, R),
        "crm.invoice.recurring.list" => check::<InvoiceRecurring>(m, body, R),
        "crm.measure.list" => check::<Measure>(m, body, R),
        "crm.product.list" => check::<Product>(m, body, R),
        // crm.item.list serves the record of its entityTypeId.
        "crm.item.list" => match part(body, "entityTypeId").and_then(Value::as_i64) {
            Some(1) => check::<Lead>(m, body, I),
            Some(2) => check::<Deal>(m, body, I),
            Some(3) => check::<Contact>(m, body, I),
            Some(4) => check::<Company>(m, body, I),
            _ => check::<Item>(m, body, I),
        },
        "crm.item.productrow.list" => check::<ItemProductrow>(m, body, I),
        "crm.lead.list" => check::<Lead>(m, body, R),
        "crm.orderentity.list" => check::<Orderentity>(m, body, I),
        "crm.quote.list" => check::<Quote>(m, body, R),
        "crm.requisite.bankdetail.list" => check::<RequisiteBankdetail>(m, body, R),
        "crm.requisite.link.list" => check::<RequisiteLink>(m, body, R),
        "crm.requisite.list" => check::<Requisite>(m, body, R),
        "crm.requisite.preset.list" => check::<RequisitePreset>(m, body, R),
        "crm.status.list" => check::<Status>(m, body, R),
        "crm.timeline.bindings.list" => check::<TimelineBindings>(m, body, R),
        "crm.timeline.comment.list" => check::<TimelineComment>(m, body, R),
        "crm.type.list" => check::<Type>(m, body, I),
        "crm.vat.list" => check::<Vat>(m, body, R),
        _ => return None,
    })
}

/// The JSON bodies of a page's cURL webhook examples (`-d '…'`, OAuth ones left out), with
/// a `$(date …)` substitution replaced by [`SHELL_DATE`].
fn curl_bodies(page: &str) -> Vec<Value> {
    let mut bodies = Vec::new();
    let mut rest = page;
    // A body runs from `-d '` to the next lone `'`, over lines (catalog.document.list);
    // a shell date inside it (`'"$(date …)"'`) becomes a fixed one.
    while let Some(at) = rest.find("-d '") {
        rest = &rest[at + 4..];
        let mut text = String::new();
        let mut tail = rest;
        while let Some(q) = tail.find('\'') {
            text.push_str(&tail[..q]);
            if tail[q..].starts_with("'\"$(") {
                let Some(close) = tail[q..].find(")\"'") else {
                    break;
                };
                text.push_str(SHELL_DATE);
                tail = &tail[q + close + 3..];
            } else {
                tail = &tail[q + 1..];
                break;
            }
        }
        rest = tail;
        let body = serde_json::from_str::<Value>(&text).ok();
        bodies.extend(body.filter(|b| b.get("auth").is_none()));
    }
    bodies
}

#[test]
fn every_linked_list_example_passes_the_checks_or_is_known() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let loaded = bitrix_docs::load(&docs).expect("docs load");
    let (mut examples, mut methods, mut refused, mut uncovered) = (0, 0, Vec::new(), Vec::new());
    for link in loaded.records.iter().filter(|l| l.list) {
        let spec = loaded
            .methods
            .iter()
            .find(|m| m.name == link.method && m.version == link.version)
            .expect("a linked method has a page");
        // The crm's lists, whose record types the table above names; the other sections'
        // linked lists are not covered yet.
        if !spec.source.rel_path.starts_with("api-reference/crm/") {
            continue;
        }
        let page = std::fs::read_to_string(&spec.source.path).expect("page");
        let mut bodies = curl_bodies(&page);
        if let Some(ex) = spec.request_example.as_deref() {
            let ex: Value = serde_json::from_str(ex).expect("request_example is JSON");
            assert!(
                bodies.contains(&ex),
                "{}: request_example is one of the cURL bodies",
                link.method
            );
        }
        bodies.retain(|b| {
            ["filter", "order", "select"]
                .iter()
                .any(|k| part(b, k).is_some())
        });
        if bodies.is_empty() {
            continue;
        }
        methods += 1;
        for body in &bodies {
            examples += 1;
            match checked(&link.method, body) {
                None => uncovered.push(link.method.clone()),
                Some(errors) => refused.extend(errors.into_iter().map(|e| match e {
                    Error::Query {
                        method,
                        part,
                        field,
                        operator,
                        ..
                    } => (method, part, field, operator),
                    other => panic!("{other}"),
                })),
            }
        }
    }
    println!(
        "query examples: {examples} examples of {methods} linked list methods checked, {} refusals, all known",
        refused.len()
    );
    assert!(uncovered.is_empty(), "no record type for {uncovered:?}");
    let known: Vec<(String, &str, String, String)> = KNOWN
        .iter()
        .map(|(m, p, f, o, _)| (m.to_string(), *p, f.to_string(), o.to_string()))
        .collect();
    assert_eq!(refused, known);
    assert!(examples >= 20, "{examples} examples");
}

/// The first webhook cURL body of a page under `docs/api-reference/crm/`.
fn example(rel: &str, nth: usize) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/api-reference/crm")
        .join(rel);
    let page = std::fs::read_to_string(&path).expect("page");
    curl_bodies(&page).swap_remove(nth)
}

/// `value` as the example writes it, key order included.
fn same(what: &str, written: Value, example: &Value) {
    assert_eq!(&written, example, "{what}");
    assert_eq!(
        written.to_string(),
        example.to_string(),
        "{what}: key order"
    );
}

/// The example's part without `keys` (what the typed builder cannot write, see the test).
fn without(v: &Value, keys: &[&str]) -> Value {
    let map: Map<String, Value> = v
        .as_object()
        .expect("object")
        .iter()
        .filter(|(k, _)| !keys.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::Object(map)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day")
}

#[test]
fn page_examples_rebuilt_with_the_typed_builder_write_the_same_json() {
    let mut rebuilt = 0;
    // crm.deal.list: every condition, order and select as the page writes them.
    let ex = example("deals/crm-deal-list.md", 0);
    let filter = Filter::new()
        .and(Deal::TITLE.like_pattern("%a"))
        .and(Deal::CATEGORY_ID.eq(1))
        .and(Deal::TYPE_ID.eq("COMPLEX"))
        .and(Deal::STAGE_ID.eq("C1:NEW"))
        .and(Deal::OPPORTUNITY.gt(10000))
        .and(Deal::OPPORTUNITY.le(20000))
        .and(Deal::IS_MANUAL_OPPORTUNITY.eq(true))
        .and(Deal::ASSIGNED_BY_ID.is_in([1, 6]))
        .and(Deal::DATE_CREATE.gt(day(SHELL_DATE)));
    same("deal filter", filter.to_rest2().unwrap(), &ex["FILTER"]);
    same(
        "deal order",
        Order::new()
            .asc(Deal::TITLE)
            .asc(Deal::OPPORTUNITY)
            .to_json(Dialect::Rest2),
        &ex["ORDER"],
    );
    let select = [
        "ID",
        "TITLE",
        "TYPE_ID",
        "CATEGORY_ID",
        "STAGE_ID",
        "OPPORTUNITY",
        "IS_MANUAL_OPPORTUNITY",
        "ASSIGNED_BY_ID",
        "DATE_CREATE",
    ];
    let typed = Select::new()
        .field(Deal::ID)
        .field(Deal::TITLE)
        .field(Deal::TYPE_ID)
        .field(Deal::CATEGORY_ID)
        .field(Deal::STAGE_ID)
        .field(Deal::OPPORTUNITY)
        .field(Deal::IS_MANUAL_OPPORTUNITY)
        .field(Deal::ASSIGNED_BY_ID)
        .field(Deal::DATE_CREATE);
    same("deal select", typed.to_json(Dialect::Rest2), &json!(select));
    same("deal select", typed.to_json(Dialect::Rest2), &ex["SELECT"]);
    rebuilt += 1;

    // crm.contact.list: all but IMPORT (no such field) and the placeholder date.
    let ex = example("contacts/crm-contact-list.md", 0);
    let filter = Filter::new()
        .and(Contact::SOURCE_ID.eq("CRM_FORM"))
        .and(Contact::NAME.ne(""))
        .and(Contact::LAST_NAME.ne(""))
        .and(Contact::NAME.like_pattern("I%"))
        .and(Contact::LAST_NAME.like_pattern("I%"))
        .and(Contact::EMAIL.eq("special-for@example.com"))
        .and(Contact::ASSIGNED_BY_ID.is_in([1, 6]));
    same(
        "contact filter",
        filter.to_rest2().unwrap(),
        &without(&ex["FILTER"], &["IMPORT", ">=DATE_CREATE"]),
    );
    same(
        "contact order",
        Order::new()
            .asc(Contact::LAST_NAME)
            .asc(Contact::NAME)
            .to_json(Dialect::Rest2),
        &ex["ORDER"],
    );
    let typed = Select::new()
        .field(Contact::ID)
        .field(Contact::NAME)
        .field(Contact::LAST_NAME)
        .field(Contact::EMAIL)
        .field(Contact::EXPORT)
        .field(Contact::ASSIGNED_BY_ID)
        .field(Contact::DATE_CREATE);
    same(
        "contact select",
        typed.to_json(Dialect::Rest2),
        &ex["SELECT"],
    );
    rebuilt += 1;

    // crm.company.list: a datetime field filtered by a day.
    let ex = example("companies/crm-company-list.md", 0);
    let filter = Filter::new()
        .and(Company::COMPANY_TYPE.eq("CUSTOMER"))
        .and(Company::DATE_CREATE.ge(day("2025-01-01")));
    same("company filter", filter.to_rest2().unwrap(), &ex["FILTER"]);
    same(
        "company order",
        Order::new()
            .asc(Company::DATE_CREATE)
            .to_json(Dialect::Rest2),
        &ex["ORDER"],
    );
    let typed = Select::new()
        .field(Company::TITLE)
        .field(Company::ASSIGNED_BY_ID)
        .field(Company::PHONE);
    same(
        "company select",
        typed.to_json(Dialect::Rest2),
        &ex["SELECT"],
    );
    rebuilt += 1;

    // crm.lead.list: the page writes `=OPPORTUNITY`; the typed `eq` writes no prefix (the
    // same condition), so the key is compared without its `=`.
    let ex = example("leads/crm-lead-list.md", 0);
    let filter = Filter::new().and(Lead::OPPORTUNITY.eq(15000));
    assert_eq!(ex["filter"], json!({"=OPPORTUNITY": 15000}));
    same(
        "lead filter",
        filter.to_rest2().unwrap(),
        &json!({"OPPORTUNITY": 15000}),
    );
    same(
        "lead order",
        Order::new().asc(Lead::STATUS_ID).to_json(Dialect::Rest2),
        &ex["order"],
    );
    same(
        "lead select",
        Select::<Lead>::new()
            .all()
            .custom_fields()
            .to_json(Dialect::Rest2),
        &ex["select"],
    );
    rebuilt += 1;

    // crm.item.list, leads (entityTypeId 1): a lead's STATUS_ID is crm.item's `stageId`.
    let ex = example("universal/crm-item-list.md", 0);
    assert_eq!(ex["entityTypeId"], 1);
    let filter = Filter::new()
        .and(Lead::NAME.ne("").or(Lead::LAST_NAME.ne("")))
        .and(Lead::STATUS_ID.is_in(["NEW", "IN_PROCESS"]))
        .and(Lead::SOURCE_ID.is_in(["WEB", "ADVERTISING"]))
        .and(Lead::ASSIGNED_BY_ID.is_in([1, 6]))
        .and(Lead::OPPORTUNITY.between(5000, 20000))
        .and(Lead::IS_MANUAL_OPPORTUNITY.eq(true));
    same("item filter", filter.to_item().unwrap(), &ex["filter"]);
    same(
        "item order",
        Order::new()
            .asc(Lead::LAST_NAME)
            .asc(Lead::NAME)
            .to_json(Dialect::Item),
        &ex["order"],
    );
    rebuilt += 1;

    // crm.item.list, deals (entityTypeId 2): two OR-ed day ranges of createdTime.
    let ex = example("universal/crm-item-list.md", 1);
    assert_eq!(ex["entityTypeId"], 2);
    let at = |s: &str| DateTime::parse_from_rfc3339(s).expect("moment");
    let range = |a: &str, b: &str| {
        Filter::new()
            .and(Deal::DATE_CREATE.ge(at(a)))
            .and(Deal::DATE_CREATE.lt(at(b)))
    };
    let filter = Filter::new().and(Filter::any([
        range("2025-10-31T00:00:00+02:00", "2025-11-01T00:00:00+02:00"),
        range("2025-02-28T00:00:00+02:00", "2025-03-01T00:00:00+02:00"),
    ]));
    same("item filter", filter.to_item().unwrap(), &ex["filter"]);
    let typed = Select::new()
        .field(Deal::ID)
        .field(Deal::TITLE)
        .field(Deal::DATE_CREATE);
    same("item select", typed.to_json(Dialect::Item), &ex["select"]);
    rebuilt += 1;
    println!("query examples rebuilt with the typed builder: {rebuilt} (deal, contact, company, lead, 2 item)");
}
