//! REST 3.0 list walks and `batch` on the wire, against scripted answers the emulator does
//! not give: cursor paging (`nextCursor`, `hasMore` + `afterCursor`), a portal that
//! ignores the offset or repeats a cursor, the batch's `Idempotency-Key` (none for reads,
//! one for writes, the same on every retry), OAuth's `Authorization` header, per-step
//! error entries and an answer with the wrong number of results. The emulator side is
//! `tests/tests/v3_lists_batch.rs`.

mod common;

use std::sync::{Arc, Mutex};

use bitrix_api::{Client, Error, OAuthApp, RetryPolicy, Tokens};
use common::{client, fast_retry, serve, Reply, Req};
use futures_util::TryStreamExt;
use serde_json::{json, Value};

/// Records every request and answers with `script`.
async fn recorded(
    script: impl Fn(&Req) -> Reply + Send + Sync + 'static,
) -> (common::Server, Arc<Mutex<Vec<Req>>>) {
    let seen: Arc<Mutex<Vec<Req>>> = Arc::default();
    let log = seen.clone();
    let server = serve(move |req| {
        let reply = script(&req);
        log.lock().unwrap().push(req);
        reply
    })
    .await;
    (server, seen)
}

#[tokio::test]
async fn next_cursor_pages_until_null() {
    let (server, seen) = recorded(|req| {
        let after = &req.body["pagination"]["afterCursor"];
        match after["id"].as_i64() {
            None => Reply::ok(
                json!({"items": [{"id": 1}, {"id": 2}], "nextCursor": {"position": 2, "id": 2}}),
            ),
            Some(2) => Reply::ok(json!({"items": [{"id": 3}], "nextCursor": null})),
            Some(_) => Reply::ok(json!({"items": []})),
        }
    })
    .await;
    let ids: Vec<i64> = client(server.webhook(), RetryPolicy::none())
        .v3()
        .stream_raw("note.collection.list", json!({"pagination": {"limit": 2}}))
        .map_ok(|n| n["id"].as_i64().unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [1, 2, 3]);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body, json!({"pagination": {"limit": 2}}));
    assert_eq!(
        seen[1].body,
        json!({"pagination": {"limit": 2, "afterCursor": {"position": 2, "id": 2}}})
    );
}

#[tokio::test]
async fn has_more_sends_after_cursor_back() {
    let (server, seen) = recorded(|req| {
        if req.body["pagination"]["afterCursor"].is_null() {
            Reply::ok(json!({"items": [{"callId": "a"}], "hasMore": true,
                             "afterCursor": {"startDate": "2026-01-02T00:00:00Z", "id": 7}}))
        } else {
            Reply::ok(json!({"items": [{"callId": "b"}], "hasMore": false, "afterCursor": null}))
        }
    })
    .await;
    let calls: Vec<Value> = client(server.webhook(), RetryPolicy::none())
        .v3()
        .stream_raw("call.followup.list", json!({"select": ["callId"]}))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(calls, [json!({"callId": "a"}), json!({"callId": "b"})]);
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen[1].body["pagination"]["afterCursor"],
        json!({"startDate": "2026-01-02T00:00:00Z", "id": 7})
    );
}

#[tokio::test]
async fn portals_that_repeat_themselves_end_the_walk_with_an_error() {
    // The offset is ignored: the same full page comes back.
    let (server, _) = recorded(|_| Reply::ok(json!({"items": [{"id": 1}, {"id": 2}]}))).await;
    let v3 = client(server.webhook(), RetryPolicy::none()).v3();
    let got: Vec<Result<Value, Error>> =
        futures_util::StreamExt::collect(v3.stream_raw("tasks.task.list", json!({}))).await;
    assert_eq!(got.len(), 3, "two records, then the error: {got:?}");
    assert!(matches!(got[2], Err(Error::Decode { .. })));

    // The same cursor twice.
    let (server, seen) =
        recorded(|_| Reply::ok(json!({"items": [{"id": 1}], "nextCursor": {"id": 1}}))).await;
    let err = client(server.webhook(), RetryPolicy::none())
        .v3()
        .stream_raw("note.collection.list", json!({}))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("same cursor"), "{err}");
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn batches_are_an_array_with_a_key_only_when_a_step_writes() {
    let (server, seen) = recorded(|req| {
        let n = req.body.as_array().map_or(0, Vec::len);
        Reply::ok(Value::Array(vec![json!({"item": {"id": 1}}); n]))
    })
    .await;
    let v3 = client(server.webhook(), RetryPolicy::none()).v3();
    let mut reads = v3.batch();
    reads.add_raw(
        "tasks.task.get",
        json!({"id": 289, "select": ["id", "title"]}),
    );
    reads.add_raw(
        "tasks.task.get",
        json!({"id": 429, "select": ["id", "title"]}),
    );
    reads.send().await.unwrap();
    let mut writes = v3.batch();
    writes.add_raw("tasks.task.get", json!({"id": 1}));
    writes.add_raw("tasks.task.add", json!({"fields": {"title": "x"}}));
    writes.send().await.unwrap();
    // An empty batch sends nothing.
    assert!(v3.batch().send().await.unwrap().is_empty());

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert!(
        seen[0]
            .path
            .ends_with("/rest/api/1/s3cr3tw3bh00kc0de/batch"),
        "{}",
        seen[0].path
    );
    // The overview's own example, byte for byte in meaning.
    assert_eq!(
        seen[0].body,
        json!([{"method":"tasks.task.get","query":{"id":289,"select":["id","title"]}},
               {"method":"tasks.task.get","query":{"id":429,"select":["id","title"]}}])
    );
    assert_eq!(seen[0].header("idempotency-key"), None);
    assert_eq!(seen[1].header("idempotency-key").map(str::len), Some(32));
}

#[tokio::test]
async fn a_batch_keeps_its_key_on_every_retry() {
    let (server, seen) = recorded(|req| {
        if req.n < 3 {
            Reply::text(503, "<html>Service Unavailable</html>")
        } else {
            Reply::ok(json!([{"item": {"id": 9}}]))
        }
    })
    .await;
    let mut batch = client(server.webhook(), fast_retry()).v3().batch();
    let added = batch.add_raw("tasks.task.add", json!({"fields": {}}));
    let results = batch.await.unwrap();
    assert_eq!(results.get(&added).unwrap()["item"]["id"], 9);
    let seen = seen.lock().unwrap();
    let keys: Vec<_> = seen.iter().map(|r| r.header("idempotency-key")).collect();
    assert_eq!(keys.len(), 3);
    assert!(
        keys[0].is_some() && keys.iter().all(|k| *k == keys[0]),
        "{keys:?}"
    );
}

#[tokio::test]
async fn oauth_batches_carry_the_token_in_authorization() {
    let (server, seen) = recorded(|_| Reply::ok(json!([{"items": []}]))).await;
    let client = Client::builder()
        .oauth(
            server.base(),
            OAuthApp::new("app.1", "cl13nt-s3cret"),
            Tokens::new("acc3ss-t0ken", "r3fresh-t0ken"),
        )
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let mut batch = client.v3().batch();
    batch.add_raw("tasks.task.list", json!({}));
    batch.send().await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].path, "/rest/api/batch");
    assert_eq!(
        seen[0].body,
        json!([{"method": "tasks.task.list", "query": {}}])
    );
    assert_eq!(seen[0].header("authorization"), Some("Bearer acc3ss-t0ken"));
    // Not in Debug either.
    assert!(!format!("{batch_debug:?}", batch_debug = client.v3().batch()).contains("acc3ss"));
}

#[tokio::test]
async fn step_errors_and_short_answers_are_typed() {
    let (server, _) = recorded(|req| {
        if req.body.as_array().map_or(0, Vec::len) == 2 {
            Reply::ok(json!([
                {"item": {"id": 1}},
                {"error": {"code": "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION", "message": "Access denied"}}
            ]))
        } else {
            Reply::ok(json!([]))
        }
    })
    .await;
    let v3 = client(server.webhook(), RetryPolicy::none()).v3();
    let mut batch = v3.batch();
    let ok = batch.add_raw("tasks.task.get", json!({"id": 1}));
    let denied = batch.add_raw("tasks.task.get", json!({"id": 2}));
    let results = batch.send().await.unwrap();
    assert_eq!(results.get(&ok).unwrap()["item"]["id"], 1);
    let err = results.get(&denied).unwrap_err();
    assert_eq!(
        err.code(),
        Some("BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION")
    );
    assert_eq!(err.api().unwrap().method, "tasks.task.get");

    let mut batch = v3.batch();
    batch.add_raw("tasks.task.get", json!({"id": 1}));
    assert!(matches!(
        batch.send().await,
        Err(Error::UnexpectedAnswer { .. })
    ));
}
