//! REST 3.0 lists walked to the end and the REST 3.0 `batch`, against the emulator with
//! the REST 3.0 fixture pages (`tests/fixtures/v3`, `demo.note.*`): paging over several
//! pages and none, typed records (raw and through a generated call's `stream()`), a
//! batch of reads and writes with one `Idempotency-Key` (replayed on resend), a failing
//! step, the old `cmd` format refused, and OAuth (the token in `Authorization`).

use std::path::Path;

use bitrix_api::{ApiVersion, Client, Error, Limits};
use bitrix_emulator::Portal;
use futures_util::TryStreamExt;
use serde_json::{json, Map, Value};

mod demo {
    bitrix_api::bind!("fixtures/v3");
}

async fn portal() -> Portal {
    let portal = Portal::builder()
        .limits(Limits::off())
        .webhook(1, &["demo"])
        .pages(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/v3"))
        .start()
        .await
        .unwrap();
    assert!(
        portal.rejected_pages().is_empty(),
        "{:?}",
        portal.rejected_pages()
    );
    portal
}

fn client(portal: &Portal) -> Client {
    Client::builder()
        .webhook(portal.webhook_url())
        .limits(Limits::off())
        .build()
        .unwrap()
}

async fn add_notes(client: &Client, n: usize) {
    for i in 0..n {
        client
            .v3()
            .call_raw(
                "demo.note.add",
                json!({"fields": {"title": format!("note-{i}"), "pinned": i % 3 == 0}}),
            )
            .await
            .unwrap();
    }
}

fn lists_sent(portal: &Portal) -> usize {
    portal.count("demo.note.list")
}

#[tokio::test]
async fn a_list_of_120_streams_in_pages_of_50() {
    let portal = portal().await;
    let client = client(&portal);
    add_notes(&client, 120).await;
    portal.reset_log();

    let notes: Vec<Value> = client
        .v3()
        .stream_raw(
            "demo.note.list",
            json!({"select": ["id", "title"], "order": {"id": "asc"}, "pagination": {"limit": 50}}),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(notes.len(), 120);
    let ids: Vec<i64> = notes.iter().map(|n| n["id"].as_i64().unwrap()).collect();
    assert_eq!(
        ids,
        (1..=120).collect::<Vec<_>>(),
        "every record once, in order"
    );
    assert_eq!(notes[119]["title"], "note-119");
    // 50 + 50 + 20: the short page ends the walk.
    assert_eq!(lists_sent(&portal), 3);

    // Filtered, typed, and starting from the caller's page 2 (offset 20 with limit 20).
    let pinned: Vec<Map<String, Value>> = client
        .v3()
        .stream(
            "demo.note.list",
            json!({"filter": [["pinned", "=", true]], "order": {"id": "asc"},
                   "pagination": {"page": 2, "limit": 20}}),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pinned.len(), 40 - 20, "40 pinned notes, from the 21st");
    assert_eq!(pinned[0]["id"], 61);
}

#[tokio::test]
async fn an_empty_list_and_a_one_page_list() {
    let portal = portal().await;
    let client = client(&portal);
    let none: Vec<Value> = client
        .v3()
        .stream_raw("demo.note.list", json!({}))
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(lists_sent(&portal), 1);

    add_notes(&client, 7).await;
    portal.reset_log();
    let seven: Vec<Value> = client
        .v3()
        .stream_raw("demo.note.list", json!({"select": ["id"]}))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(seven.len(), 7);
    // The first page cannot tell whether the portal lowered the limit: one more request.
    assert_eq!(lists_sent(&portal), 2);
}

#[tokio::test]
async fn generated_list_calls_stream_typed_records() {
    use demo::prelude::*;
    let portal = portal().await;
    let client = client(&portal);
    add_notes(&client, 60).await;

    let notes: Vec<_> = client
        .v3()
        .demo_note_list()
        .select(vec!["id".into(), "title".into()])
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(notes.len(), 60);

    // A record that does not fit the asked type names itself.
    let err = client
        .v3()
        .stream::<i64>("demo.note.list", json!({}))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    match err {
        Error::Decode { method, path, .. } => {
            assert_eq!(method, "demo.note.list");
            assert_eq!(path, "result.items[0]");
        }
        other => panic!("{other:?}"),
    }
    // Errors of the portal end the stream.
    let err = client
        .v3()
        .stream_raw("demo.note.list", json!({"filter": [["nope", "=", 1]]}))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some("BITRIX_REST_V3_EXCEPTION_UNKNOWNDTOPROPERTYEXCEPTION")
    );
}

#[tokio::test]
async fn a_batch_of_reads_and_writes_answers_in_order_once() {
    use bitrix_api::Method;
    use demo::v3::{DemoNoteAdd, DemoNoteAddFields, DemoNoteGet};
    let portal = portal().await;
    let client = client(&portal);
    add_notes(&client, 2).await;
    portal.reset_log();

    let build = || {
        let mut batch = client.v3().batch();
        let got = batch.add(&DemoNoteGet::new(1));
        let added = batch.add(&DemoNoteAdd::new(DemoNoteAddFields::new("from a batch")));
        let list = batch.add_raw("demo.note.list", json!({"select": ["id"]}));
        batch.idempotency_key("batch-order-1");
        (batch, got, added, list)
    };
    assert_eq!(DemoNoteAdd::VERSION, ApiVersion::V3);
    let (batch, got, added, list) = build();
    assert_eq!(batch.len(), 3);
    let results = batch.send().await.unwrap();
    assert!(!results.replayed());
    assert_eq!(results.len(), 3);
    let got = results.get(&got).unwrap();
    assert_eq!(got["item"]["id"], 1);
    assert_eq!(results.get(&added).unwrap()["item"]["id"], 3);
    assert_eq!(
        results.get(&list).unwrap()["items"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    let log = portal.requests();
    assert_eq!(log.len(), 1, "one request");
    assert_eq!(log[0].method, "batch");
    assert_eq!(
        log[0].inner_methods,
        ["demo.note.get", "demo.note.add", "demo.note.list"]
    );

    // The same batch with the same key: the stored answer, no second write.
    let (batch, _, added, _) = build();
    let again = batch.await.unwrap();
    assert!(again.replayed());
    assert_eq!(again.get(&added).unwrap()["item"]["id"], 3);
    assert_eq!(portal.records("demo.note").len(), 3);
}

#[tokio::test]
async fn writes_get_a_fresh_key_reads_none() {
    let portal = portal().await;
    let client = client(&portal);
    let mut reads = client.v3().batch();
    reads.add_raw("demo.note.list", json!({}));
    reads.send().await.unwrap();
    let mut writes = client.v3().batch();
    let a = writes.add_raw("demo.note.add", json!({"fields": {"title": "a"}}));
    let b = writes.add_raw("demo.note.add", json!({"fields": {"title": "b"}}));
    let results = writes.send().await.unwrap();
    assert_eq!(results.get(&a).unwrap()["item"]["id"], 1);
    assert_eq!(results.get(&b).unwrap()["item"]["id"], 2);
    // A second send of an equal batch without a key of the caller's is a new write.
    let mut again = client.v3().batch();
    again.add_raw("demo.note.add", json!({"fields": {"title": "a"}}));
    again.send().await.unwrap();
    assert_eq!(portal.records("demo.note").len(), 3);
}

#[tokio::test]
async fn a_failing_step_fails_the_batch_with_its_error() {
    let portal = portal().await;
    let client = client(&portal);
    add_notes(&client, 1).await;

    let mut batch = client.v3().batch();
    batch.add_raw("demo.note.get", json!({"id": 1}));
    batch.add_raw("demo.note.get", json!({"id": 999}));
    batch.add_raw("demo.note.add", json!({"fields": {"title": "never"}}));
    let err = batch.send().await.unwrap_err();
    assert_eq!(
        err.code(),
        Some("BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION")
    );
    assert_eq!(err.status(), Some(400));
    assert_eq!(
        portal.records("demo.note").len(),
        1,
        "later steps did not run"
    );

    let mut batch = client.v3().batch();
    batch.add_raw("demo.note.get", json!({}));
    let err = batch.send().await.unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(
        api.raw_code,
        "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION"
    );
    assert_eq!(api.validation[0].field.as_deref(), Some("id"));

    let mut batch = client.v3().batch();
    batch.add_raw("crm.lead.get", json!({"id": 1}));
    let err = batch.send().await.unwrap_err();
    assert_eq!(err.code(), Some("ERROR_METHOD_NOT_FOUND"));

    // A REST 2 method is refused before anything is sent.
    let before = portal.requests().len();
    let mut batch = client.v3().batch();
    batch.add(&bitrix_api::methods::CrmLeadContactItemsGet::new(1));
    assert!(matches!(batch.send().await, Err(Error::Config(_))));
    assert_eq!(portal.requests().len(), before);
}

#[tokio::test]
async fn the_old_cmd_format_is_refused() {
    let portal = portal().await;
    let http = reqwest::Client::new();
    let url = format!("{}batch", portal.v3_webhook_url());
    for body in [
        json!({"halt": 0, "cmd": {"a": "demo.note.get?id=1"}}),
        json!(["demo.note.get?id=1"]),
        json!([{"method": "demo.note.get"}]),
    ] {
        let answer = http.post(&url).json(&body).send().await.unwrap();
        assert_eq!(answer.status(), 400);
        let body: Value = answer.json().await.unwrap();
        assert_eq!(
            body["error"]["code"],
            "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION"
        );
        assert!(body.get("result").is_none());
    }
    // The documented shape works from any HTTP client.
    let answer = http
        .post(&url)
        .json(&json!([{"method": "demo.note.list", "query": {}}]))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["result"], json!([{"items": []}]));
}

#[tokio::test]
async fn oauth_batches_send_the_token_in_a_header() {
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
    let mut batch = client.v3().batch();
    let added = batch.add_raw("demo.note.add", json!({"fields": {"title": "by app"}}));
    let results = batch.send().await.unwrap();
    assert_eq!(results.get(&added).unwrap()["item"]["id"], 1);
    // And a stream through OAuth, for good measure.
    let notes: Vec<Value> = client
        .v3()
        .stream_raw("demo.note.list", json!({}))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(notes.len(), 1);
}
