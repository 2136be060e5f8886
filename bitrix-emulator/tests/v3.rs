//! REST 3.0 over raw HTTP, with the fixture pages of `tests/fixtures/v3` (`demo.note.*`,
//! written for these tests in the official format): the two addresses, the one answer
//! shape, both error shapes at their statuses, JSON only, OpenAPI and the scope map
//! (`Idempotency-Key` and faults: `v3_idempotency.rs`); and (ignored: needs
//! `../shared/b24restdocs`) every official REST 3.0 page served.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

use bitrix_emulator::{Fault, Limits, Portal, ServedBy};
use serde_json::{json, Value};

use common::v3::{call, error_code, got, portal, post};

#[tokio::test]
async fn both_addresses_answer_in_the_uniform_shape() {
    let portal = portal().await;
    assert!(
        portal.rejected_pages().is_empty(),
        "{:?}",
        portal.rejected_pages()
    );
    let added = call(
        &portal,
        "demo.note.add",
        json!({"fields": {"title": "A", "text": "t"}}),
    )
    .await;
    assert_eq!(added.status, 200, "{}", added.body);
    // The add page's example shows only `id`.
    assert_eq!(added.body["result"], json!({"item": {"id": 1}}));
    for key in [
        "start",
        "finish",
        "duration",
        "operating_reset_at",
        "operating",
    ] {
        assert!(added.body["time"].get(key).is_some(), "time.{key}");
    }

    let tokens = portal.issue_tokens(&["demo"]);
    let oauth = format!("{}api/demo.note.get", portal.rest_url());
    let got = post(
        &oauth,
        json!({"id": 1, "auth": tokens.access_token.expose()}),
        None,
    )
    .await;
    assert_eq!(got.status, 200, "{}", got.body);
    let item = &got.body["result"]["item"];
    assert_eq!(
        (item["id"].clone(), item["title"].clone()),
        (json!(1), json!("A"))
    );
    assert_eq!(item["pinned"], Value::Null);
    assert_eq!(item["createdBy"], 1);
    assert!(item["createdAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(portal.records("demo.note").len(), 1);

    let list = call(
        &portal,
        "demo.note.list",
        json!({"filter": [["title", "=", "A"]], "select": ["id"]}),
    )
    .await;
    assert_eq!(list.body["result"], json!({"items": [{"id": 1}]}));
    portal.advance_clock(Duration::from_secs(86_400));
    let changed = call(
        &portal,
        "demo.note.update",
        json!({"id": 1, "fields": {"pinned": true, "bogus": 1}}),
    )
    .await;
    let item = &changed.body["result"]["item"];
    assert_eq!(
        (item["pinned"].clone(), item["title"].clone()),
        (json!(true), json!("A"))
    );
    assert!(item.get("bogus").is_none(), "unknown fields are left out");
    assert!(item["updatedAt"].as_str() > item["createdAt"].as_str());
    let list = call(
        &portal,
        "demo.note.list",
        json!({"filter": [["pinned", "=", true]], "select": ["id", "pinned"]}),
    )
    .await;
    assert_eq!(
        list.body["result"],
        json!({"items": [{"id": 1, "pinned": true}]}),
        "{}",
        list.body
    );
    let pinned = call(&portal, "demo.note.pin", json!({"id": 1})).await;
    assert_eq!(pinned.body["result"], json!({"result": true}));
    let deleted = call(&portal, "demo.note.delete", json!({"id": 1})).await;
    assert_eq!(deleted.body["result"], json!({"result": true}));
    assert!(portal.records("demo.note").is_empty());

    let served: Vec<Option<ServedBy>> = portal.requests().iter().map(|r| r.served_by).collect();
    assert_eq!(
        served,
        [
            ServedBy::Entity,
            ServedBy::Entity,
            ServedBy::Entity,
            ServedBy::Entity,
            ServedBy::Entity,
            ServedBy::Example,
            ServedBy::Entity
        ]
        .map(Some)
    );
}

#[tokio::test]
async fn rest3_only_methods_are_not_at_rest_and_rest2_ones_not_at_rest_api() {
    let portal = portal().await;
    let (status, body) = {
        let resp = reqwest::Client::new()
            .post(format!("{}demo.note.add", portal.webhook_url()))
            .json(&json!({"fields": {"title": "A"}}))
            .send()
            .await
            .unwrap();
        (resp.status().as_u16(), resp.json::<Value>().await.unwrap())
    };
    assert_eq!(
        (status, body["error"].clone()),
        (404, json!("ERROR_METHOD_NOT_FOUND"))
    );
    let got = call(&portal, "crm.lead.contact.fields", json!({})).await;
    assert_eq!(
        (got.status, error_code(&got)),
        (404, "ERROR_METHOD_NOT_FOUND")
    );
    assert!(portal.records("demo.note").is_empty());
}

#[tokio::test]
async fn errors_have_the_rest3_shape_and_status() {
    let portal = portal().await;
    let got = call(&portal, "demo.note.get", json!({})).await;
    assert_eq!(got.status, 400);
    assert_eq!(
        got.body,
        json!({"error": {
            "code": "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
            "message": "Error validating request object",
            "validation": [{"message": "Required field `id` is not specified", "field": "id"}],
        }})
    );
    let got = call(&portal, "demo.note.get", json!({"id": "5"})).await;
    assert_eq!(got.status, 400);
    assert!(got.body["error"]["validation"][0]["message"]
        .as_str()
        .unwrap()
        .contains("requires data type `integer`"));
    let got = call(
        &portal,
        "demo.note.add",
        json!({"fields": {"text": "no title"}}),
    )
    .await;
    assert_eq!(
        (got.status, error_code(&got)),
        (
            400,
            "BITRIX_REST_V3_EXCEPTION_VALIDATION_DTOVALIDATIONEXCEPTION"
        )
    );
    assert_eq!(got.body["error"]["validation"][0]["field"], "title");
    let got = call(&portal, "demo.note.get", json!({"id": 99})).await;
    assert_eq!(
        (got.status, error_code(&got)),
        (400, "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION")
    );
    assert!(got.body.get("result").is_none());
    let got = call(
        &portal,
        "demo.note.list",
        json!({"filter": [["title", "~", "A"]]}),
    )
    .await;
    assert_eq!(
        error_code(&got),
        "BITRIX_REST_V3_EXCEPTION_UNKNOWNFILTEROPERATOREXCEPTION"
    );

    let crm_only = portal
        .add_webhook(1, &["crm"])
        .replacen("/rest/", "/rest/api/", 1);
    let got = post(
        &format!("{crm_only}demo.note.add"),
        json!({"fields": {"title": "A"}}),
        None,
    )
    .await;
    assert_eq!(
        (got.status, error_code(&got)),
        (403, "BITRIX_REST_V3_EXCEPTION_INSUFFICIENTSCOPEEXCEPTION")
    );
    let wrong = portal
        .v3_webhook_url()
        .replacen("/rest/api/1/", "/rest/api/1/x", 1);
    let got = post(&format!("{wrong}demo.note.add"), json!({}), None).await;
    assert_eq!((got.status, error_code(&got)), (401, "NO_AUTH_FOUND"));
    assert!(portal.records("demo.note").is_empty());
}

#[tokio::test]
async fn only_json_bodies_are_read_and_never_the_query() {
    let portal = portal().await;
    let url = format!("{}demo.note.add", portal.v3_webhook_url());
    let form = reqwest::Client::new()
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("fields[title]=A")
        .send()
        .await
        .unwrap();
    let form = got(form).await;
    assert_eq!(
        (form.status, error_code(&form)),
        (400, "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION")
    );
    let broken = reqwest::Client::new()
        .post(&url)
        .header("Content-Type", "application/json")
        .body("{\"fields\":")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(&got(broken).await),
        "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION"
    );

    let get = reqwest::get(format!("{}demo.note.get?id=5", portal.v3_webhook_url()))
        .await
        .unwrap();
    let get = got(get).await;
    assert_eq!(
        (get.status, error_code(&get)),
        (
            400,
            "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION"
        )
    );
    assert_eq!(get.body["error"]["validation"][0]["field"], "id");
    // A method without parameters works with GET.
    let doc = reqwest::get(format!(
        "{}rest.documentation.openapi",
        portal.v3_webhook_url()
    ))
    .await
    .unwrap();
    assert_eq!(doc.status(), 200);
    assert!(portal.records("demo.note").is_empty());
}

#[tokio::test]
async fn openapi_lists_the_served_rest3_methods_and_scopes_map_them() {
    let portal = portal().await;
    let doc = call(&portal, "rest.documentation.openapi", json!({})).await;
    assert_eq!(doc.status, 200);
    let doc = &doc.body["result"];
    assert_eq!(doc["openapi"], "3.0.0");
    assert_eq!(doc["info"]["title"], "Bitrix24 REST V3 API");
    let paths = doc["paths"].as_object().unwrap();
    for m in ["add", "get", "list", "update", "delete", "pin"] {
        assert!(paths[&format!("/demo.note.{m}")]["post"].is_object(), "{m}");
    }
    assert!(
        !paths.contains_key("/crm.lead.add"),
        "REST 2 methods are not listed"
    );
    let add = &paths["/demo.note.add"]["post"];
    assert_eq!(add["tags"], json!(["demo"]));
    let schema = &add["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(schema["required"], json!(["fields"]));
    assert_eq!(
        schema["properties"]["fields"]["properties"]["title"]["type"],
        "string"
    );
    assert_eq!(schema["properties"]["fields"]["required"], json!(["title"]));
    assert!(doc["tags"]
        .as_array()
        .unwrap()
        .contains(&json!({"name": "demo", "description": "demo module methods"})));
    let synonym = call(&portal, "documentation", json!({})).await;
    assert_eq!(&synonym.body["result"], doc);

    let scopes = call(&portal, "rest.scope.list", json!({})).await;
    let items = scopes.body["result"]["items"].as_array().unwrap();
    assert!(items.contains(&json!({"method": "demo.note.add", "scope": "demo"})));
    // The six demo.note methods, beside the REST 3.0 pages of the shipped docs
    // (humanresources.*): every served REST 3.0 method has its scope.
    let demo = items.iter().filter(|i| i["scope"] == "demo").count();
    assert_eq!(demo, 6);
    assert!(items
        .iter()
        .all(|i| i["scope"].is_string() && i["method"].is_string()));
    assert!(items.len() <= paths.len(), "scopes only of listed methods");
    // Both are REST 3.0 only.
    let (status, _) = {
        let r = reqwest::get(format!("{}rest.scope.list", portal.webhook_url()))
            .await
            .unwrap();
        (r.status().as_u16(), ())
    };
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_client_speaks_rest3_to_the_portal_oauth_refresh_and_replays_included() {
    use bitrix_api::{CallOptions, Client, Error};

    let portal = portal().await;
    let client = Client::builder()
        .oauth(
            portal.rest_url(),
            portal.oauth_app(),
            portal.issue_tokens(&["demo"]),
        )
        .oauth_server(portal.oauth_server_url())
        .limits(Limits::off())
        .build()
        .unwrap();
    let v3 = client.v3();
    let added = v3
        .call_raw("demo.note.add", json!({"fields": {"title": "A"}}))
        .await
        .unwrap();
    assert_eq!(added, json!({"item": {"id": 1}}));

    // An expired token answered in REST 3.0's shape is refreshed, and the call goes through.
    portal.expire_access_tokens();
    let got = v3
        .call_raw("demo.note.get", json!({"id": 1}))
        .await
        .unwrap();
    assert_eq!(got["item"]["title"], "A");
    assert_eq!(portal.refresh_count(), 1);

    // A lost answer is resent with the same key and replayed: one note.
    portal.fail_next(1, Fault::DropAfterApply);
    let resent = v3
        .call_response_raw_with(
            "demo.note.add",
            json!({"fields": {"title": "B"}}),
            CallOptions::new().idempotency_key("b-1"),
        )
        .await
        .unwrap();
    assert!(resent.replayed);
    assert_eq!(portal.records("demo.note").len(), 2);

    let err = v3
        .call_raw_with_key("demo.note.add", json!({"fields": {"title": "C"}}), "b-1")
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), err.status()),
        (
            Some("BITRIX_REST_V3_EXCEPTION_IDEMPOTENCYKEYREUSEDEXCEPTION"),
            Some(422)
        )
    );
    match v3.call_raw("demo.note.get", json!({})).await.unwrap_err() {
        Error::Api(e) => {
            assert_eq!(e.status, Some(400));
            assert_eq!(e.validation[0].field.as_deref(), Some("id"));
        }
        other => panic!("{other}"),
    }
}

#[tokio::test]
async fn a_moved_portal_redirects_rest3_calls_too() {
    let (old, new) = (portal().await, portal().await);
    old.move_to(Some(&new.base_url()));
    let resp = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}demo.note.get", old.v3_webhook_url()))
        .json(&json!({"id": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    let location = resp.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with(&new.base_url()) && location.contains("/rest/api/"),
        "{location}"
    );
}

/// The official REST 3.0 sections (note, mail, departments, event-log) in a temp dir.
fn official_v3_pages() -> PathBuf {
    let api = common::official_docs().join("api-reference");
    let tmp = std::env::temp_dir().join(format!(
        "bitrix-emulator-v3-{}-{}",
        std::process::id(),
        common::fastrand_suffix()
    ));
    for part in ["note", "mail", "departments", "event-log"] {
        common::copy_tree(&api.join(part), &tmp.join(part));
    }
    tmp
}

#[tokio::test]
#[ignore = "needs ../shared/b24restdocs"]
async fn every_official_rest3_page_is_served_with_its_request_example() {
    let dir = official_v3_pages();
    let loaded = bitrix_docs::load(&dir).unwrap();
    let pages: Vec<_> = loaded
        .methods
        .iter()
        .filter(|m| m.version == bitrix_docs::ApiVersion::V3)
        .collect();
    assert!(pages.len() >= 70, "{} REST 3.0 pages", pages.len());
    let portal = Portal::builder()
        .limits(Limits::off())
        .pages(&dir)
        .start()
        .await
        .unwrap();
    // rest.scope.list needs no scope: it tells which ones the webhook needs.
    let scopes = call(&portal, "rest.scope.list", json!({})).await;
    let needed: BTreeSet<String> = scopes.body["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["scope"].as_str().map(str::to_owned))
        .collect();
    let names: Vec<&str> = needed.iter().map(String::as_str).collect();
    let hook = portal
        .add_webhook(1, &names)
        .replacen("/rest/", "/rest/api/", 1);
    let doc = call(&portal, "documentation", json!({})).await;
    let paths = doc.body["result"]["paths"].as_object().unwrap();

    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    for spec in &pages {
        assert!(
            paths.contains_key(&format!("/{}", spec.name)),
            "{} in openapi",
            spec.name
        );
        let body: Value = spec
            .request_example
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_else(|| json!({}));
        let got = post(&format!("{hook}{}", spec.name), body, None).await;
        let outcome = if got.status == 200 {
            // A few pages show a bare `"result": true`; they are served as they show it.
            match got.body["result"].is_object() {
                true => "200".to_owned(),
                false => format!("200, not uniform on its page: {}", spec.name),
            }
        } else {
            let code = error_code(&got);
            assert!(
                (400..500).contains(&got.status) && code.starts_with("BITRIX_REST_V3_EXCEPTION_"),
                "{}: {} {}",
                spec.name,
                got.status,
                got.body
            );
            format!("{} {code}", got.status)
        };
        *outcomes.entry(outcome).or_default() += 1;
    }
    eprintln!(
        "{} REST 3.0 pages ({} rejected: {:?}): {outcomes:?}",
        pages.len(),
        loaded.rejected.len(),
        loaded
            .rejected
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
    assert!(
        outcomes.get("200").copied().unwrap_or(0) * 2 > pages.len(),
        "most answer 200"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
