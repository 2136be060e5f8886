//! REST 3.0 exactly-once writes over HTTP: `Idempotency-Key` on writes only, the same key
//! on every resend, `Idempotent-Replayed` surfaced, key errors typed.

mod common;

use std::sync::Arc;
use std::time::Duration;

use bitrix_api::error::Stage;
use bitrix_api::{ApiCode, CallOptions, Client, Error, RetryPolicy};
use common::v3::{item, keyed_portal, CrmLeadAdd, Keys, NoteDocumentAdd, NoteDocumentGet, Seen};
use common::{
    client, fast_retry, http_answer, http_answer_with, serve, serve_raw, serve_raw_seen, Raw, Reply,
};
use serde_json::{json, Value};

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
    let (server, keys) = keyed_portal(move |req| {
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
    let keys = Keys::default();
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
    let (server, keys) = keyed_portal(move |req| {
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

#[tokio::test]
async fn a_timed_out_rest3_write_is_resent_with_the_same_key() {
    let (server, keys) = keyed_portal(move |req| {
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
