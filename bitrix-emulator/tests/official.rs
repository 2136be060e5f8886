//! The official deal, company, contact and `crm.item` pages, served with `.pages(dir)`
//! and driven over raw JSON calls (`bitrix_api::Client::call_raw`): what the generic
//! stores make of the real pages.
//!
//! The pages are copied at test time from `../shared/b24restdocs` beside the workspace
//! (`B24RESTDOCS` may point elsewhere); they are never part of the repository.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_tree, fastrand_suffix, official_docs};

use bitrix_api::{Client, Limits};
use bitrix_emulator::{Portal, ServedBy};
use serde_json::{json, Value};

/// Deals, companies, contacts and the `crm.item.*` pages in a fresh temp dir.
fn official_pages() -> PathBuf {
    let crm = official_docs().join("api-reference/crm");
    let tmp = std::env::temp_dir().join(format!(
        "bitrix-emulator-official-{}-{}",
        std::process::id(),
        fastrand_suffix()
    ));
    for part in ["deals", "companies", "contacts"] {
        copy_tree(&crm.join(part), &tmp.join(part));
    }
    let universal = tmp.join("universal");
    std::fs::create_dir_all(&universal).unwrap();
    for entry in std::fs::read_dir(crm.join("universal")).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("crm-item-") && name.ends_with(".md") {
            std::fs::copy(entry.path(), universal.join(name)).unwrap();
        }
    }
    tmp
}

struct Setup {
    portal: Portal,
    client: Client,
    pages: PathBuf,
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.pages);
    }
}

async fn setup() -> Setup {
    let pages = official_pages();
    let portal = Portal::builder()
        .limits(Limits::off())
        .pages(&pages)
        .start()
        .await
        .expect("portal starts");
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Limits::off())
        .build()
        .unwrap();
    Setup {
        portal,
        client,
        pages,
    }
}

impl Setup {
    async fn ok(&self, method: &str, params: Value) -> Value {
        match self.client.call_raw(method, params.clone()).await {
            Ok(v) => v,
            Err(e) => panic!("{method} {params}: {e}"),
        }
    }

    async fn err(&self, method: &str, params: Value) -> bitrix_api::Error {
        match self.client.call_raw(method, params.clone()).await {
            Ok(v) => panic!("{method} {params}: expected an error, got {v}"),
            Err(e) => e,
        }
    }

    fn served(&self) -> Option<ServedBy> {
        self.portal.requests().last().and_then(|r| r.served_by)
    }

    /// `total` and `next` need the whole envelope.
    async fn list(&self, method: &str, params: Value) -> bitrix_api::Response<Value> {
        self.client
            .call_envelope::<Value>(method, params)
            .await
            .unwrap()
    }
}

/// The names the add page documents in its `fields` table (placeholders left out).
fn add_page_fields(pages: &Path, method: &str) -> Vec<String> {
    let loaded = bitrix_docs::load(pages).unwrap();
    let add = loaded.methods.iter().find(|m| m.name == method).unwrap();
    let fields = add.params.iter().find(|p| p.name == "fields").unwrap();
    let bitrix_docs::FieldType::Object(fields) = &fields.ty else {
        panic!("{method}: fields is not an object")
    };
    fields
        .iter()
        .map(|f| f.name.clone())
        .filter(|n| !n.contains("...") && !n.starts_with("UF_"))
        .collect()
}

#[tokio::test]
#[ignore = "needs ../shared/b24restdocs"]
async fn deal_crud_on_the_official_pages() {
    let s = setup().await;
    assert!(
        s.portal
            .rejected_pages()
            .iter()
            .all(|r| !r.contains("crm-deal-")),
        "{:?}",
        s.portal.rejected_pages()
    );
    let id = s
        .ok(
            "crm.deal.add",
            json!({"fields": {"TITLE": "First", "OPPORTUNITY": 150.5, "CURRENCY_ID": "EUR", "NOT_A_FIELD": 1, "ID": 77}}),
        )
        .await;
    assert_eq!(id, json!(1));
    assert_eq!(s.served(), Some(ServedBy::Entity));

    let deal = s.ok("crm.deal.get", json!({"id": 1})).await;
    for name in add_page_fields(&s.pages, "crm.deal.add") {
        assert!(
            deal.get(&name).is_some(),
            "crm.deal.get lacks documented field {name}: {deal}"
        );
    }
    for name in [
        "ID",
        "DATE_CREATE",
        "DATE_MODIFY",
        "CREATED_BY_ID",
        "MODIFY_BY_ID",
        "STAGE_SEMANTIC_ID",
    ] {
        assert!(deal.get(name).is_some(), "{name}: {deal}");
    }
    assert_eq!(deal["ID"], "1");
    assert_eq!(deal["TITLE"], "First");
    assert_eq!(
        deal["OPPORTUNITY"], "150.50",
        "money as the get page shows it"
    );
    assert_eq!(deal["OPENED"], "Y", "documented default");
    assert_eq!(deal["CLOSED"], "N", "documented default");
    assert_eq!(deal["COMMENTS"], Value::Null);
    assert!(
        deal.get("NOT_A_FIELD").is_none(),
        "unknown fields are dropped"
    );
    assert_eq!(deal["CREATED_BY_ID"], "1");

    let untitled = s.ok("crm.deal.add", json!({"fields": {}})).await;
    assert_eq!(
        s.ok("crm.deal.get", json!({"id": untitled})).await["TITLE"],
        "Deal #2"
    );

    assert_eq!(
        s.ok(
            "crm.deal.update",
            json!({"id": 1, "fields": {"OPPORTUNITY": 300}})
        )
        .await,
        json!(true)
    );
    let deal = s.ok("crm.deal.get", json!({"id": 1})).await;
    assert_eq!(
        (deal["TITLE"].as_str(), deal["OPPORTUNITY"].as_str()),
        (Some("First"), Some("300.00"))
    );

    for i in 0..58 {
        s.ok(
            "crm.deal.add",
            json!({"fields": {"TITLE": format!("bulk {i}"), "OPPORTUNITY": i}}),
        )
        .await;
    }
    let page = s
        .list(
            "crm.deal.list",
            json!({"filter": {">OPPORTUNITY": 250}, "select": ["ID", "TITLE"]}),
        )
        .await;
    assert_eq!(page.result, json!([{"ID": "1", "TITLE": "First"}]));
    assert_eq!(page.total, Some(1));
    let first = s.list("crm.deal.list", json!({"select": ["ID"]})).await;
    assert_eq!((first.total, first.next), (Some(60), Some(50)));
    let second = s
        .list("crm.deal.list", json!({"select": ["ID"], "start": 50}))
        .await;
    assert_eq!(second.result.as_array().unwrap().len(), 10);
    assert_eq!(second.next, None);
    let fast = s
        .list("crm.deal.list", json!({"select": ["ID"], "start": -1}))
        .await;
    assert_eq!((fast.total, fast.next), (Some(0), None));

    assert_eq!(s.ok("crm.deal.delete", json!({"id": 2})).await, json!(true));
    let gone = s.err("crm.deal.get", json!({"id": 2})).await;
    assert_eq!(gone.status(), Some(400));
    let ids: Vec<Value> = s
        .portal
        .records("crm.deal")
        .iter()
        .take(3)
        .map(|d| d["ID"].clone())
        .collect();
    assert_eq!(ids, [json!("1"), json!("3"), json!("4")]);
    assert_eq!(s.portal.records("crm.deal").len(), 59);

    let fields = s.ok("crm.deal.fields", json!({})).await;
    assert_eq!(fields["ID"]["isReadOnly"], true);
    assert!(fields["TITLE"].is_object());
}

#[tokio::test]
#[ignore = "needs ../shared/b24restdocs"]
async fn deal_contacts_user_fields_and_companies() {
    let s = setup().await;
    let deal = s
        .ok("crm.deal.add", json!({"fields": {"TITLE": "D"}}))
        .await;
    let a = s
        .ok("crm.contact.add", json!({"fields": {"NAME": "A"}}))
        .await;
    let b = s
        .ok("crm.contact.add", json!({"fields": {"NAME": "B"}}))
        .await;
    let set =
        json!({"id": deal, "items": [{"CONTACT_ID": a}, {"CONTACT_ID": b, "IS_PRIMARY": "Y"}]});
    assert_eq!(s.ok("crm.deal.contact.items.set", set).await, json!(true));
    assert_eq!(s.served(), Some(ServedBy::Link));
    let items = s
        .ok("crm.deal.contact.items.get", json!({"id": deal}))
        .await;
    assert_eq!(
        items,
        json!([
            {"CONTACT_ID": a, "SORT": 10, "ROLE_ID": 0, "IS_PRIMARY": "N"},
            {"CONTACT_ID": b, "SORT": 20, "ROLE_ID": 0, "IS_PRIMARY": "Y"},
        ])
    );
    assert_eq!(
        s.ok("crm.deal.get", json!({"id": deal})).await["CONTACT_ID"],
        json!(b.to_string())
    );
    // CONTACT_IDS on add (and update) set the links, CONTACT_ID first and primary.
    let with_ids = s
        .ok(
            "crm.deal.add",
            json!({"fields": {"TITLE": "W", "CONTACT_ID": b, "CONTACT_IDS": [a, b]}}),
        )
        .await;
    let items = s
        .ok("crm.deal.contact.items.get", json!({"id": with_ids}))
        .await;
    let linked: Vec<(Value, Value)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["CONTACT_ID"].clone(), i["IS_PRIMARY"].clone()))
        .collect();
    assert_eq!(linked, [(b.clone(), json!("Y")), (a.clone(), json!("N"))]);
    s.ok(
        "crm.deal.update",
        json!({"id": with_ids, "fields": {"CONTACT_IDS": [a]}}),
    )
    .await;
    let after = s.ok("crm.deal.get", json!({"id": with_ids})).await;
    assert_eq!(after["CONTACT_ID"], json!(a.to_string()));
    assert_eq!(after["CONTACT_IDS"], json!([a.to_string()]));
    let e = s.err("crm.deal.contact.items.get", json!({"id": 99})).await;
    assert_eq!(
        (e.status(), e.to_string().contains("Not found.")),
        (Some(400), true)
    );

    let uf = s
        .ok(
            "crm.deal.userfield.add",
            json!({"fields": {"FIELD_NAME": "RATING", "USER_TYPE_ID": "string"}}),
        )
        .await;
    assert_eq!(s.served(), Some(ServedBy::UserField));
    let field = s.ok("crm.deal.userfield.get", json!({"id": uf})).await;
    assert_eq!(field["FIELD_NAME"], "UF_CRM_RATING");
    assert_eq!(field["ENTITY_ID"], "CRM_DEAL");
    let rated = s
        .ok(
            "crm.deal.add",
            json!({"fields": {"TITLE": "R", "UF_CRM_RATING": "5"}}),
        )
        .await;
    assert_eq!(
        s.ok("crm.deal.get", json!({"id": rated})).await["UF_CRM_RATING"],
        "5"
    );
    let bad = s
        .err(
            "crm.deal.userfield.add",
            json!({"fields": {"FIELD_NAME": "X", "USER_TYPE_ID": "no_such_type"}}),
        )
        .await;
    assert_eq!(bad.code(), Some("ERROR_CORE"));

    let company = s
        .ok(
            "crm.company.add",
            json!({"fields": {"TITLE": "Co", "EMAIL": [{"VALUE": "a@b.c"}]}}),
        )
        .await;
    assert_eq!(s.served(), Some(ServedBy::Entity));
    let c = s.ok("crm.company.get", json!({"id": company})).await;
    assert_eq!(c["EMAIL"][0]["VALUE"], "a@b.c");
    assert_eq!(c["HAS_EMAIL"], "Y");
    let link = json!({"id": a, "fields": {"COMPANY_ID": company}});
    assert_eq!(s.ok("crm.contact.company.add", link).await, json!(true));
    assert_eq!(
        s.portal.contact(a.as_i64().unwrap()).unwrap().fields["COMPANY_ID"],
        json!(company.to_string())
    );
}

#[tokio::test]
#[ignore = "needs ../shared/b24restdocs"]
async fn smart_process_items_on_the_official_pages() {
    let s = setup().await;
    let added = s
        .ok("crm.item.add", json!({"entityTypeId": 128, "fields": {"title": "S1", "opportunity": 5, "notAField": 1}}))
        .await;
    assert_eq!(s.served(), Some(ServedBy::Entity));
    let item = &added["item"];
    assert_eq!(
        (item["id"].clone(), item["entityTypeId"].clone()),
        (json!(1), json!(128))
    );
    assert_eq!(item["title"], "S1");
    assert!(item.get("notAField").is_none());
    assert!(item["createdTime"].is_string());
    s.ok(
        "crm.item.add",
        json!({"entityTypeId": 128, "fields": {"title": "S2"}}),
    )
    .await;
    s.ok(
        "crm.item.add",
        json!({"entityTypeId": 129, "fields": {"title": "other type"}}),
    )
    .await;

    let got = s
        .ok("crm.item.get", json!({"entityTypeId": 128, "id": 1}))
        .await;
    assert_eq!(got["item"]["title"], "S1");
    let updated = s
        .ok(
            "crm.item.update",
            json!({"entityTypeId": 128, "id": 1, "fields": {"opportunity": 9}}),
        )
        .await;
    assert_eq!(
        (
            updated["item"]["title"].as_str(),
            updated["item"]["opportunity"].as_i64()
        ),
        (Some("S1"), Some(9))
    );
    let list = s
        .ok(
            "crm.item.list",
            json!({"entityTypeId": 128, "filter": {"title": "S2"}}),
        )
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["id"], 2);
    assert_eq!(
        s.ok("crm.item.delete", json!({"entityTypeId": 128, "id": 2}))
            .await,
        json!([])
    );
    let e = s
        .err("crm.item.get", json!({"entityTypeId": 128, "id": 2}))
        .await;
    assert_eq!(e.code(), Some("NOT_FOUND"));
    // The classic types are the classic tables, in crm.item's spelling.
    let deal = s
        .ok(
            "crm.deal.add",
            json!({"fields": {"TITLE": "Classic", "OPPORTUNITY": 12.5}}),
        )
        .await;
    let as_item = s
        .ok("crm.item.get", json!({"entityTypeId": 2, "id": deal}))
        .await;
    assert_eq!(as_item["item"]["title"], "Classic");
    assert_eq!(as_item["item"]["opportunity"], 12.5);
    assert_eq!(as_item["item"]["id"], deal);
    assert_eq!(as_item["item"]["createdBy"], 1);
    let via_item = s
        .ok(
            "crm.item.add",
            json!({"entityTypeId": 2, "fields": {"title": "From item", "assignedById": 1}}),
        )
        .await;
    let id = via_item["item"]["id"].clone();
    assert_eq!(
        s.ok("crm.deal.get", json!({"id": id})).await["TITLE"],
        "From item"
    );
    s.ok(
        "crm.item.update",
        json!({"entityTypeId": 2, "id": id, "fields": {"opportunity": 7}}),
    )
    .await;
    assert_eq!(
        s.ok("crm.deal.get", json!({"id": id})).await["OPPORTUNITY"],
        "7.00"
    );
    let deals = s
        .ok(
            "crm.item.list",
            json!({"entityTypeId": 2, "select": ["id", "title"]}),
        )
        .await;
    assert_eq!(deals["items"].as_array().unwrap().len(), 2);
    assert_eq!(s.portal.records("crm.deal").len(), 2);

    let titles: Vec<Value> = s
        .portal
        .records("crm.item")
        .iter()
        .map(|i| i["title"].clone())
        .collect();
    assert_eq!(titles, [json!("S1"), json!("other type")]);
}

#[tokio::test]
#[ignore = "needs ../shared/b24restdocs"]
async fn other_official_pages_answer_their_examples() {
    let s = setup().await;
    let v = s
        .ok("crm.deal.details.configuration.get", json!({"scope": "P"}))
        .await;
    assert!(v.is_array(), "{v}");
    // A card configuration is a `*.set` → `*.get` pair: read back from the store (here the
    // default, as nothing was set), not the example answer.
    assert_eq!(s.served(), Some(ServedBy::Pair));
    let e = s
        .err("crm.deal.details.configuration.get", json!({"scope": "X"}))
        .await;
    assert_eq!(e.status(), Some(400));
}
