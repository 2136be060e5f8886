//! Retries over HTTP: what is retried, what is not, and that retrying stops.

mod common;

use std::time::{Duration, Instant};

use bitrix_api::error::Stage;
use bitrix_api::{Client, Error, Resend, RetryPolicy};
use common::{client, fast_retry, serve, serve_raw, Raw, Reply};
use serde_json::json;

#[tokio::test]
async fn query_limit_exceeded_is_retried_until_it_passes() {
    let server = serve(|req| {
        if req.n < 3 {
            Reply::error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
        } else {
            Reply::ok(json!("done"))
        }
    })
    .await;
    // Not idempotent, but the error proves nothing was applied.
    let v = client(server.webhook(), fast_retry())
        .call_raw("crm.lead.add", json!({}))
        .await
        .unwrap();
    assert_eq!(v, json!("done"));
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn retries_stop_at_the_attempt_count() {
    let server = serve(|_| Reply::error(500, "INTERNAL_SERVER_ERROR", "boom")).await;
    let err = client(server.webhook(), fast_retry().max_attempts(4))
        .call_raw("crm.lead.get", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("INTERNAL_SERVER_ERROR"));
    assert_eq!(server.hits(), 4);
}

#[tokio::test]
async fn retries_stop_at_the_time_budget() {
    let server = serve(|_| Reply::error(500, "INTERNAL_SERVER_ERROR", "")).await;
    let policy = RetryPolicy::default()
        .max_attempts(1000)
        .base_delay(Duration::from_millis(50))
        .max_delay(Duration::from_millis(50))
        .max_elapsed(Duration::from_millis(400));
    let started = Instant::now();
    let err = client(server.webhook(), policy)
        .call_raw("crm.lead.get", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("INTERNAL_SERVER_ERROR"));
    // Each wait is 25..50 ms: at most ~17 attempts fit in 400 ms (fewer on a slow machine).
    assert!((3..=20).contains(&server.hits()), "{}", server.hits());
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn query_limit_exceeded_slows_the_whole_client() {
    let server = serve(|req| {
        if req.n == 1 {
            Reply::error(503, "QUERY_LIMIT_EXCEEDED", "")
        } else {
            Reply::ok(json!(1))
        }
    })
    .await;
    let c = Client::builder()
        .webhook(server.webhook())
        .retry(RetryPolicy::none())
        .time_scale(10.0)
        .build()
        .unwrap();
    assert!(c.call_raw("crm.lead.get", json!({})).await.is_err());
    // The portal said the bucket is full: the next call waits for a slot (0.5 s / 10).
    let started = Instant::now();
    c.call_raw("crm.lead.get", json!({})).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(45),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn errors_that_cannot_succeed_are_not_retried() {
    for (status, code) in [
        (403, "ACCESS_DENIED"),
        (400, "NOT_FOUND"),
        (503, "OVERLOAD_LIMIT"),
        (400, "ERROR_CORE"),
    ] {
        let server = serve(move |_| Reply::error(status, code, "")).await;
        let err = client(server.webhook(), fast_retry())
            .call_raw("crm.lead.get", json!({}))
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some(code));
        assert_eq!(server.hits(), 1, "{code}");
    }
}

#[tokio::test]
async fn lost_answers_are_resent_only_for_idempotent_methods() {
    let server = serve_raw(|n| {
        if n == 1 {
            Raw::Drop
        } else {
            Raw::Write(common::http_answer(200, 12, r#"{"result":7}"#))
        }
    })
    .await;
    let c = client(server.webhook(), fast_retry());
    // A read is safe to repeat.
    assert_eq!(
        c.call_raw("crm.lead.get", json!({})).await.unwrap(),
        json!(7)
    );
    assert_eq!(server.hits(), 2);

    let server = serve_raw(|n| {
        if n == 1 {
            Raw::Drop
        } else {
            Raw::Write(common::http_answer(200, 12, r#"{"result":7}"#))
        }
    })
    .await;
    let c = client(server.webhook(), fast_retry());
    // An add is not: the lead may exist already.
    let err = c.call_raw("crm.lead.add", json!({})).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                stage: Stage::Send,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.maybe_applied());
    assert_eq!(server.hits(), 1);

    // Unless the caller accepts duplicates.
    let c = client(server.webhook(), fast_retry().resend(Resend::Always));
    assert_eq!(
        c.call_raw("crm.lead.add", json!({})).await.unwrap(),
        json!(7)
    );
}

#[tokio::test]
async fn timeouts_are_retried_for_reads() {
    let server = serve(|req| {
        if req.n == 1 {
            Reply::ok(json!(0)).after(Duration::from_secs(2))
        } else {
            Reply::ok(json!(1))
        }
    })
    .await;
    let c = Client::builder()
        .webhook(server.webhook())
        .retry(fast_retry())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    assert_eq!(
        c.call_raw("crm.lead.list", json!({})).await.unwrap(),
        json!(1)
    );
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn refused_connections_are_retried_then_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = client(
        format!("http://{addr}/rest/1/code/"),
        fast_retry().max_attempts(3),
    );
    let err = c.call_raw("crm.lead.add", json!({})).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                stage: Stage::Connect,
                ..
            }
        ),
        "{err:?}"
    );
}
