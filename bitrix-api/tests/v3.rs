//! REST 3.0 over HTTP: the `/rest/api/…` address for webhooks and OAuth, the one answer
//! shape and both error shapes. Exactly-once writes are `v3_idempotency.rs`.

mod common;

use std::sync::Arc;

use bitrix_api::{ApiCode, CallOptions, Client, Error, OAuthApp, RetryPolicy, Tokens};
use common::v3::{item, CrmLeadAdd, Document, NoteDocumentAdd, NoteDocumentGet, Seen};
use common::{client, fast_retry, serve, Reply, CODE};
use serde_json::{json, Value};

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
