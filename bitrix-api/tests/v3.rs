//! REST 3.0 over HTTP: the `/rest/api/…` address for webhooks and OAuth, the one answer
//! shape, both error shapes, and exactly-once writes (`Idempotency-Key` on writes only, the
//! same key on every resend, `Idempotent-Replayed` surfaced, key errors typed).

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bitrix_api::error::Stage;
use bitrix_api::{
    ApiCode, ApiVersion, CallOptions, Client, Error, Method, MethodInfo, OAuthApp, RetryPolicy,
    Tokens,
};
use common::{
    fast_retry, http_answer, http_answer_with, serve, serve_raw, serve_raw_seen, Raw, Reply, CODE,
};
use serde_json::{json, Value};

/// A REST 3.0 request type as the generator will write it (`VERSION = V3`).
#[derive(serde::Serialize)]
struct NoteDocumentGet {
    id: i64,
}

/// The answer's `result`: REST 3.0 puts a single object under `item`.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct DocumentAnswer {
    item: Document,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Document {
    id: i64,
    title: String,
}

bitrix_api::__wire_via_serde!(DocumentAnswer);

static INFO: MethodInfo = MethodInfo {
    name: "note.document.get",
    title: "Get a document",
    page: "note/document/note-document-get.md",
    line: 1,
    scope: Some("note"),
    params: &[],
    version: ApiVersion::V3,
    deprecated: None,
};

impl Method for NoteDocumentGet {
    const NAME: &'static str = "note.document.get";
    const VERSION: ApiVersion = ApiVersion::V3;
    type Response = DocumentAnswer;
    fn info() -> &'static MethodInfo {
        &INFO
    }
}

/// A REST 3.0 write, typed.
#[derive(serde::Serialize)]
struct NoteDocumentAdd {
    fields: Value,
}

impl Method for NoteDocumentAdd {
    const NAME: &'static str = "note.document.add";
    const VERSION: ApiVersion = ApiVersion::V3;
    type Response = Value;
    fn info() -> &'static MethodInfo {
        &INFO
    }
}

/// A REST 2 write, typed (the default version).
#[derive(serde::Serialize)]
struct CrmLeadAdd {}

impl Method for CrmLeadAdd {
    const NAME: &'static str = "crm.lead.add";
    type Response = Value;
    fn info() -> &'static MethodInfo {
        &INFO
    }
}

fn client(webhook: String, policy: RetryPolicy) -> Client {
    Client::builder()
        .webhook(webhook)
        .retry(policy)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn item(id: i64) -> Reply {
    Reply::ok(json!({ "item": { "id": id, "title": "Runbook" } }))
}

/// What the portal saw of each request: path and `Idempotency-Key`.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

#[tokio::test]
async fn webhook_calls_go_to_rest_api_and_the_answer_is_unwrapped() {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let server = serve(move |req| {
        log.lock().unwrap().push((
            req.path.clone(),
            req.header("content-type").map(str::to_owned),
        ));
        assert_eq!(req.body, json!({ "id": 7 }));
        item(7)
    })
    .await;
    let client = client(server.webhook(), RetryPolicy::none());
    let raw = client
        .v3()
        .call_response_raw("note.document.get", json!({ "id": 7 }))
        .await
        .unwrap();
    assert_eq!(
        raw.result,
        json!({ "item": { "id": 7, "title": "Runbook" } })
    );
    assert!(raw.time.is_some() && !raw.replayed);
    let typed = client.call(&NoteDocumentGet { id: 7 }).await.unwrap();
    assert_eq!(
        typed.item,
        Document {
            id: 7,
            title: "Runbook".into()
        }
    );
    let seen = seen.lock().unwrap();
    let path = format!("/rest/api/1/{CODE}/note.document.get");
    assert_eq!(
        *seen,
        vec![
            (path.clone(), Some("application/json".to_owned())),
            (path, Some("application/json".to_owned()))
        ]
    );
}

#[tokio::test]
async fn rest2_methods_keep_their_address() {
    let server = serve(|req| Reply::ok(json!(req.path))).await;
    let client = client(server.webhook(), RetryPolicy::none());
    let path = client.call(&CrmLeadAdd {}).await.unwrap();
    assert_eq!(path, json!(format!("/rest/1/{CODE}/crm.lead.add")));
    let path = client.call_raw("crm.lead.get", json!({})).await.unwrap();
    assert_eq!(path, json!(format!("/rest/1/{CODE}/crm.lead.get")));
}

#[tokio::test]
async fn oauth_calls_go_to_rest_api_with_auth_in_the_body() {
    let server = serve(|req| {
        Reply::ok(
            json!({ "path": req.path, "body": req.body, "key": req.header("idempotency-key") }),
        )
    })
    .await;
    let client = Client::builder()
        .oauth(
            server.base(),
            OAuthApp::new("app.1", "cl13nt-s3cret"),
            Tokens::new("acc3ss-t0ken", "r3fresh-t0ken"),
        )
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let got = client
        .v3()
        .call_raw("mail.message.get", json!({ "id": 15 }))
        .await
        .unwrap();
    assert_eq!(got["path"], "/rest/api/mail.message.get");
    assert_eq!(got["body"], json!({ "id": 15, "auth": "acc3ss-t0ken" }));
    assert_eq!(got["key"], Value::Null);
    let got = client
        .call(&NoteDocumentAdd {
            fields: json!({ "title": "x" }),
        })
        .await
        .unwrap();
    assert_eq!(got["path"], "/rest/api/note.document.add");
    assert_eq!(
        got["body"],
        json!({ "fields": { "title": "x" }, "auth": "acc3ss-t0ken" })
    );
    assert_eq!(got["key"].as_str().map(str::len), Some(32));
}

#[tokio::test]
async fn rest3_errors_are_typed_with_status_validation_and_no_retry() {
    let server = serve(|req| match req.method.as_str() {
        "tasks.task.get" => Reply::v3_error(
            400,
            "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
            "Error validating request object",
            json!([{ "message": "Required field `id` is not specified", "field": "id" }]),
        ),
        "note.document.update" => Reply::v3_error(
            403,
            "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION",
            "Access denied",
            Value::Null,
        ),
        "mail.message.list" => Reply::v3_error(
            403,
            "BITRIX_REST_V3_EXCEPTION_INSUFFICIENTSCOPEEXCEPTION",
            "Insufficient scope",
            Value::Null,
        ),
        "note.document.delete" => Reply::v3_error(
            400,
            "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION",
            "Document not found",
            Value::Null,
        ),
        _ => Reply::v3_error(400, "BITRIX_REST_V3_EXCEPTION_BRANDNEW", "New", Value::Null),
    })
    .await;
    let v3 = client(server.webhook(), fast_retry()).v3();
    let err = v3.call_raw("tasks.task.get", json!({})).await.unwrap_err();
    assert_eq!(
        err.code(),
        Some("BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION")
    );
    assert_eq!(err.status(), Some(400));
    assert!(!err.is_retryable() && !err.maybe_applied());
    let api = err.api().unwrap();
    assert_eq!(api.code, ApiCode::RequestValidation);
    assert_eq!(api.description, "Error validating request object");
    assert_eq!(api.validation.len(), 1);
    assert_eq!(api.validation[0].field.as_deref(), Some("id"));
    assert_eq!(
        api.validation[0].message,
        "Required field `id` is not specified"
    );
    assert!(
        err.to_string()
            .contains("REQUESTVALIDATIONEXCEPTION: Error validating request object (HTTP 400) [id: Required field"),
        "{err}"
    );
    for (method, code, status) in [
        ("note.document.update", ApiCode::V3AccessDenied, 403),
        ("mail.message.list", ApiCode::V3InsufficientScope, 403),
        ("note.document.delete", ApiCode::EntityNotFound, 400),
        ("x.y.add", ApiCode::Other, 400),
    ] {
        let err = v3.call_raw(method, json!({})).await.unwrap_err();
        assert_eq!(err.api().map(|a| a.code), Some(code), "{method}");
        assert_eq!(err.status(), Some(status), "{method}");
        assert!(!err.is_retryable(), "{method}");
    }
    assert_eq!(
        v3.call_raw("x.y.add", json!({})).await.unwrap_err().code(),
        Some("BITRIX_REST_V3_EXCEPTION_BRANDNEW")
    );
    // Nothing 4xx was retried: one request per call.
    assert_eq!(server.hits(), 6);
}

#[tokio::test]
async fn rest2_errors_at_the_rest3_address_keep_their_rules() {
    let server = serve(|req| match req.method.as_str() {
        "note.document.get" if req.n < 3 => {
            Reply::error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
        }
        "note.document.get" => item(1),
        _ => Reply::error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!"),
    })
    .await;
    let v3 = client(server.webhook(), fast_retry()).v3();
    let got = v3
        .call_raw("note.document.get", json!({ "id": 1 }))
        .await
        .unwrap();
    assert_eq!(got["item"]["id"], 1);
    assert_eq!(server.hits(), 3);
    let err = v3.call_raw("no.such.get", json!({})).await.unwrap_err();
    assert_eq!(err.api().map(|a| a.code), Some(ApiCode::MethodNotFound));
    assert_eq!(err.status(), Some(404));
    assert!(!err.is_retryable());
    assert_eq!(server.hits(), 4);
}

#[tokio::test]
async fn writes_carry_a_fresh_key_and_reads_none() {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let server = serve(move |req| {
        log.lock().unwrap().push((
            req.method.clone(),
            req.header("idempotency-key").map(str::to_owned),
        ));
        item(1)
    })
    .await;
    let client = client(server.webhook(), RetryPolicy::none());
    let v3 = client.v3();
    for method in [
        "note.document.add",
        "note.document.add",
        "note.document.get",
        "note.document.list",
        "mail.recipient.listcontacts",
        "humanresources.node.member.set",
        "mail.message.send",
    ] {
        v3.call_raw(method, json!({})).await.unwrap();
    }
    client
        .call(&NoteDocumentAdd { fields: json!({}) })
        .await
        .unwrap();
    client.call(&NoteDocumentGet { id: 1 }).await.unwrap();
    // REST 2 never carries one.
    client.call(&CrmLeadAdd {}).await.unwrap();
    let seen = seen.lock().unwrap();
    let keyed: Vec<(&str, bool)> = seen
        .iter()
        .map(|(m, k)| (m.as_str(), k.is_some()))
        .collect();
    assert_eq!(
        keyed,
        [
            ("note.document.add", true),
            ("note.document.add", true),
            ("note.document.get", false),
            ("note.document.list", false),
            ("mail.recipient.listcontacts", false),
            ("humanresources.node.member.set", true),
            ("mail.message.send", true),
            ("note.document.add", true),
            ("note.document.get", false),
            ("crm.lead.add", false),
        ]
    );
    let keys: Vec<&str> = seen.iter().filter_map(|(_, k)| k.as_deref()).collect();
    for key in &keys {
        assert_eq!(key.len(), 32, "{key}");
        assert!(key.bytes().all(|b| b.is_ascii_hexdigit()), "{key}");
    }
    let mut unique = keys.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "one fresh key per call: {keys:?}");
}

#[tokio::test]
async fn the_same_key_is_sent_on_every_retry_after_a_503() {
    let keys: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let log = keys.clone();
    let server = serve(move |req| {
        log.lock()
            .unwrap()
            .push(req.header("idempotency-key").map(str::to_owned));
        if req.n < 3 {
            Reply::text(503, "<html>Service Unavailable</html>")
        } else {
            item(9).header("idempotency-key", req.header("idempotency-key").unwrap())
        }
    })
    .await;
    let got = client(server.webhook(), fast_retry())
        .v3()
        .call_raw("note.document.add", json!({ "fields": {} }))
        .await
        .unwrap();
    assert_eq!(got["item"]["id"], 9);
    let keys = keys.lock().unwrap();
    assert_eq!(keys.len(), 3);
    assert!(keys[0].is_some());
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
}

#[tokio::test]
async fn a_lost_answer_of_a_rest3_write_is_resent_with_the_same_key_and_replayed() {
    let keys: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let log = keys.clone();
    let stored = r#"{"result":{"item":{"id":5,"title":"Runbook"}},"time":{"start":1.0}}"#;
    let server = serve_raw_seen(move |n, req| {
        let key = req.header("idempotency-key").map(str::to_owned);
        log.lock().unwrap().push(key.clone());
        match n {
            // The portal stored the document, then the connection broke.
            1 => Raw::Drop,
            // The replayed answer, cut short.
            2 => Raw::Write(http_answer(200, stored.len(), &stored[..20])),
            _ => Raw::Write(http_answer_with(
                200,
                stored.len(),
                stored,
                &[
                    "idempotent-replayed: true",
                    &format!("idempotency-key: {}", key.unwrap_or_default()),
                ],
            )),
        }
    })
    .await;
    let answer = client(server.webhook(), fast_retry())
        .v3()
        .call_response_raw("note.document.add", json!({ "fields": {} }))
        .await
        .unwrap();
    assert_eq!(answer.result["item"]["id"], 5);
    assert!(answer.replayed);
    let keys = keys.lock().unwrap();
    assert_eq!(keys.len(), 3);
    assert!(keys[0].is_some());
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
}

#[tokio::test]
async fn a_lost_answer_of_a_rest2_add_is_not_resent() {
    let server = serve_raw(|_| Raw::Drop).await;
    let err = client(server.webhook(), fast_retry())
        .call(&CrmLeadAdd {})
        .await
        .unwrap_err();
    assert!(err.maybe_applied(), "{err:?}");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_keyed_write_that_keeps_failing_says_maybe_applied_only_if_the_last_answer_was_lost() {
    let dropped = serve_raw(|_| Raw::Drop).await;
    let err = client(dropped.webhook(), fast_retry().max_attempts(3))
        .v3()
        .call_raw_with_key("note.document.add", json!({}), "job-1")
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Transport {
            stage: Stage::Send | Stage::Receive,
            ..
        }
    ));
    assert!(err.maybe_applied());
    assert_eq!(dropped.hits(), 3);

    let limited = serve(|req| {
        if req.n == 1 {
            Reply::text(502, "<html>Bad Gateway</html>")
        } else {
            Reply::error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
        }
    })
    .await;
    let err = client(limited.webhook(), fast_retry().max_attempts(3))
        .v3()
        .call_raw("note.document.add", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("QUERY_LIMIT_EXCEEDED"));
    assert!(!err.maybe_applied());
    assert_eq!(limited.hits(), 3);
}

#[tokio::test]
async fn replayed_answers_are_visible_on_the_response() {
    let server = serve(|req| {
        let key = req.header("idempotency-key").unwrap_or_default().to_owned();
        let reply = item(3).header("idempotency-key", key.clone());
        if key == "seen-before" {
            reply.header("idempotent-replayed", "true")
        } else {
            reply
        }
    })
    .await;
    let client = client(server.webhook(), RetryPolicy::none());
    let v3 = client.v3();
    let first = v3
        .call_response_raw_with(
            "note.document.add",
            json!({}),
            CallOptions::new().idempotency_key("first-time"),
        )
        .await
        .unwrap();
    assert!(!first.replayed);
    let again = v3
        .call_response_raw_with(
            "note.document.add",
            json!({}),
            CallOptions::new().idempotency_key("seen-before"),
        )
        .await
        .unwrap();
    assert!(again.replayed);
    let typed = client
        .call_response_with(
            &NoteDocumentAdd { fields: json!({}) },
            CallOptions::new().idempotency_key("seen-before"),
        )
        .await
        .unwrap();
    assert!(typed.replayed);
    assert_eq!(typed.result["item"]["id"], 3);
}

#[tokio::test]
async fn key_reuse_and_invalid_keys_are_typed_errors() {
    let server = serve(|req| match req.header("idempotency-key") {
        Some("reused") => Reply::v3_error(
            422,
            "BITRIX_REST_V3_EXCEPTION_IDEMPOTENCYKEYREUSEDEXCEPTION",
            "The key was used with a different request",
            Value::Null,
        ),
        _ => Reply::v3_error(
            400,
            "BITRIX_REST_V3_EXCEPTION_INVALIDIDEMPOTENCYKEYEXCEPTION",
            "Invalid idempotency key",
            Value::Null,
        ),
    })
    .await;
    let v3 = client(server.webhook(), fast_retry()).v3();
    let err = v3
        .call_raw_with_key("note.document.add", json!({ "fields": {} }), "reused")
        .await
        .unwrap_err();
    assert_eq!(
        err.api().map(|a| a.code),
        Some(ApiCode::IdempotencyKeyReused)
    );
    assert_eq!(err.status(), Some(422));
    assert!(!err.is_retryable() && !err.maybe_applied());
    let err = v3
        .call_raw_with_key("note.document.add", json!({}), "a key the portal dislikes")
        .await
        .unwrap_err();
    assert_eq!(
        err.api().map(|a| a.code),
        Some(ApiCode::InvalidIdempotencyKey)
    );
    assert_eq!(err.status(), Some(400));
    assert!(!err.is_retryable());
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn keys_are_checked_before_anything_is_sent() {
    let server = serve(|_| item(1)).await;
    let client = client(server.webhook(), RetryPolicy::none());
    let v3 = client.v3();
    let long = "k".repeat(256);
    for bad in ["", " padded", "tab\there", "ключ", long.as_str()] {
        let err = v3
            .call_raw_with_key("note.document.add", json!({}), bad)
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidIdempotencyKey { .. }),
            "{bad:?}: {err:?}"
        );
        assert!(!err.is_retryable());
    }
    let err = client
        .call_with(&CrmLeadAdd {}, CallOptions::new().idempotency_key("k-1"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("REST 2"), "{err}");
    assert_eq!(server.hits(), 0);
    let ok = "~".repeat(255);
    v3.call_raw_with_key("note.document.add", json!({}), &ok)
        .await
        .unwrap();
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_key_given_by_the_caller_is_sent_as_is_on_every_attempt() {
    let keys: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let log = keys.clone();
    let server = serve(move |req| {
        log.lock()
            .unwrap()
            .push(req.header("idempotency-key").map(str::to_owned));
        if req.n == 1 {
            Reply::error(500, "INTERNAL_SERVER_ERROR", "boom")
        } else {
            item(1)
        }
    })
    .await;
    let client = client(server.webhook(), fast_retry());
    client
        .call_with(
            &NoteDocumentAdd { fields: json!({}) },
            CallOptions::new().idempotency_key("9f1c1a7e-5f1b-4a1e-9a2c-2f5f2b6c7d80"),
        )
        .await
        .unwrap();
    let want = Some("9f1c1a7e-5f1b-4a1e-9a2c-2f5f2b6c7d80".to_owned());
    assert_eq!(*keys.lock().unwrap(), vec![want.clone(), want]);
}

#[test]
fn decode_answer_reads_rest3_bodies() {
    let body = br#"{"result":{"item":{"id":42,"title":"Prepare report"}},"time":{"start":1787219542,"duration":0.88}}"#;
    let answer = bitrix_api::decode_answer::<NoteDocumentGet>(body).unwrap();
    assert_eq!(answer.result.item.id, 42);
    assert!(!answer.replayed);
    let body = br#"{"error":{"code":"BITRIX_REST_V3_EXCEPTION_UNKNOWNDTOPROPERTYEXCEPTION","message":"Unknown field `stageId` for entity `UserDto`"}}"#;
    let err = bitrix_api::decode_answer::<NoteDocumentGet>(body).unwrap_err();
    assert_eq!(err.api().map(|a| a.code), Some(ApiCode::UnknownDtoProperty));
    let body = br#"{"result":{"item":{"id":"x","title":"t"}}}"#;
    let err = bitrix_api::decode_answer::<NoteDocumentGet>(body).unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn no_secret_in_the_new_types() {
    const ACCESS: &str = "acc3ss-t0ken-value";
    let server = serve(move |req| {
        // A portal that quotes the address and the token back in its messages.
        Reply::v3_error(
            400,
            "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
            &format!("bad call to {}", req.path),
            json!([{ "field": "auth", "message": format!("token {} from {}", req.body["auth"], req.path) }]),
        )
    })
    .await;
    let webhook = client(server.webhook(), RetryPolicy::none());
    let oauth = Client::builder()
        .oauth(
            server.base(),
            OAuthApp::new("app.1", "cl13nt-s3cret-value"),
            Tokens::new(ACCESS, "r3fresh-t0ken-value"),
        )
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let secrets = [CODE, ACCESS, "cl13nt-s3cret-value", "r3fresh-t0ken-value"];
    for client in [webhook, oauth] {
        let v3 = client.v3();
        let err = v3
            .call_raw("note.document.add", json!({}))
            .await
            .unwrap_err();
        let texts = [
            format!("{v3:?}"),
            format!("{err}"),
            format!("{err:?}"),
            format!("{:?}", CallOptions::new().idempotency_key("k")),
        ];
        for text in &texts {
            for s in secrets {
                assert!(!text.contains(s), "{text} leaks {s}");
            }
        }
        assert!(texts[1].contains("/rest/api/"), "{}", texts[1]);
    }
}

#[tokio::test]
async fn a_timed_out_rest3_write_is_resent_with_the_same_key() {
    let keys: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let log = keys.clone();
    let server = serve(move |req| {
        log.lock()
            .unwrap()
            .push(req.header("idempotency-key").map(str::to_owned));
        let reply = item(8);
        if req.n == 1 {
            // Applied, but the answer comes after the client stopped waiting.
            reply.after(Duration::from_millis(800))
        } else {
            reply.header("idempotent-replayed", "true")
        }
    })
    .await;
    let client = Client::builder()
        .webhook(server.webhook())
        .retry(fast_retry())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let answer = client
        .v3()
        .call_response_raw("humanresources.node.add", json!({ "fields": {} }))
        .await
        .unwrap();
    assert!(answer.replayed);
    let keys = keys.lock().unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys[0].is_some() && keys[0] == keys[1], "{keys:?}");
}

#[tokio::test]
async fn resend_never_holds_for_rest3_writes_too() {
    let server = serve_raw(|_| Raw::Drop).await;
    let err = client(
        server.webhook(),
        fast_retry().resend(bitrix_api::Resend::Never),
    )
    .v3()
    .call_raw("note.document.add", json!({}))
    .await
    .unwrap_err();
    assert!(err.maybe_applied());
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn rest3_methods_are_refused_where_only_rest2_works() {
    use futures_util::StreamExt;

    let server = serve(|_| Reply::ok(json!({}))).await;
    let client = client(server.webhook(), RetryPolicy::none());
    let refused = |err: &Error| matches!(err, Error::Config(text) if text.contains("REST 3.0"));

    let mut batch = client.batch();
    let doc = batch.add("doc", &NoteDocumentGet { id: 1 });
    let mut answers = batch.send().await.unwrap();
    let err = answers.take(&doc).unwrap_err();
    assert!(refused(&err), "{err:?}");

    let results = client
        .bulk(vec![NoteDocumentAdd { fields: json!({}) }])
        .await;
    assert_eq!(results.len(), 1);
    assert!(refused(results[0].as_ref().unwrap_err()));

    let mut records = Box::pin(bitrix_api::list::typed::<_, Value>(
        &client,
        &NoteDocumentGet { id: 1 },
        None,
    ));
    let first = records.next().await.unwrap();
    assert!(refused(first.as_ref().unwrap_err()), "{first:?}");
    assert_eq!(server.hits(), 0);
}
