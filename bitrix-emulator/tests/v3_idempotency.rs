//! REST 3.0 exactly-once writes on the emulator, over raw HTTP with the fixture pages of
//! `tests/fixtures/v3`: a repeated key replays the stored answer, keys are checked, answers
//! are kept 24 emulated hours, and faults lose answers that are then replayed.

mod common;

use std::time::Duration;

use bitrix_emulator::{Fault, ServedBy};
use serde_json::json;

use common::v3::{call, error_code, got, keyed, portal, post};

#[tokio::test]
async fn a_repeated_write_with_its_key_replays_the_stored_answer() {
    let portal = portal().await;
    let body = json!({"fields": {"title": "Once"}});
    let first = keyed(&portal, "demo.note.add", body.clone(), "order-1842").await;
    assert_eq!(first.status, 200);
    assert_eq!(
        (first.key.as_deref(), first.replayed.as_deref()),
        (Some("order-1842"), None)
    );
    let again = keyed(&portal, "demo.note.add", body.clone(), "order-1842").await;
    assert_eq!(again.status, 200);
    assert_eq!(
        (again.key.as_deref(), again.replayed.as_deref()),
        (Some("order-1842"), Some("true"))
    );
    assert_eq!(again.body, first.body, "the stored answer, time included");
    assert_eq!(portal.records("demo.note").len(), 1);
    let served: Vec<_> = portal.requests().iter().map(|r| r.served_by).collect();
    assert_eq!(served, [Some(ServedBy::Entity), Some(ServedBy::Replay)]);

    // Reads keep nothing: the header is only taken into account by writes.
    for _ in 0..2 {
        let read = keyed(&portal, "demo.note.get", json!({"id": 1}), "read-1").await;
        assert_eq!(
            (read.status, read.replayed.as_deref(), read.key.as_deref()),
            (200, None, Some("read-1"))
        );
    }
    // The same key in another method is another call; the OAuth app is another caller.
    let other = keyed(&portal, "demo.note.delete", json!({"id": 1}), "order-1842").await;
    assert_eq!((other.status, other.replayed), (200, None));
    let reused = keyed(
        &portal,
        "demo.note.add",
        json!({"fields": {"title": "Twice"}}),
        "order-1842",
    )
    .await;
    assert_eq!(
        (reused.status, error_code(&reused)),
        (
            422,
            "BITRIX_REST_V3_EXCEPTION_IDEMPOTENCYKEYREUSEDEXCEPTION"
        )
    );
    assert_eq!(reused.key.as_deref(), Some("order-1842"));
    let tokens = portal.issue_tokens(&["demo"]);
    let oauth = format!("{}api/demo.note.add", portal.rest_url());
    let mut as_app = body.clone();
    as_app["auth"] = tokens.access_token.expose().into();
    let app = post(&oauth, as_app, Some("order-1842")).await;
    assert_eq!((app.status, app.replayed), (200, None));
    assert_eq!(
        portal.records("demo.note").len(),
        1,
        "one deleted, one added by the app"
    );
}

#[tokio::test]
async fn keys_must_be_printable_ascii_of_1_to_255() {
    let portal = portal().await;
    let url = format!("{}demo.note.add", portal.v3_webhook_url());
    let long = "k".repeat(256);
    for bad in [&b""[..], long.as_bytes(), "ключ".as_bytes(), b"tab\there"] {
        let resp = reqwest::Client::new()
            .post(&url)
            .header(
                "Idempotency-Key",
                reqwest::header::HeaderValue::from_bytes(bad).unwrap(),
            )
            .json(&json!({"fields": {"title": "A"}}))
            .send()
            .await
            .unwrap();
        let g = got(resp).await;
        assert_eq!(
            (g.status, error_code(&g)),
            (
                400,
                "BITRIX_REST_V3_EXCEPTION_INVALIDIDEMPOTENCYKEYEXCEPTION"
            ),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
    let ok = keyed(
        &portal,
        "demo.note.add",
        json!({"fields": {"title": "A"}}),
        &"k".repeat(255),
    )
    .await;
    assert_eq!(ok.status, 200);
    assert_eq!(portal.records("demo.note").len(), 1);
}

#[tokio::test]
async fn answers_are_kept_24_emulated_hours_and_errors_not_at_all() {
    let portal = portal().await;
    let body = json!({"fields": {"title": "Daily"}});
    let first = keyed(&portal, "demo.note.add", body.clone(), "day-1").await;
    portal.advance_clock(Duration::from_secs(24 * 3600 - 60));
    let kept = keyed(&portal, "demo.note.add", body.clone(), "day-1").await;
    assert_eq!(
        (kept.replayed.as_deref(), &kept.body),
        (Some("true"), &first.body)
    );
    portal.advance_clock(Duration::from_secs(120));
    let expired = keyed(&portal, "demo.note.add", body.clone(), "day-1").await;
    assert_eq!((expired.status, expired.replayed), (200, None));
    assert_eq!(expired.body["result"]["item"]["id"], 2);

    // A failed call is not kept: the same key and body run again once they can succeed.
    let gone = keyed(&portal, "demo.note.delete", json!({"id": 3}), "del-3").await;
    assert_eq!(gone.status, 400);
    call(
        &portal,
        "demo.note.add",
        json!({"fields": {"title": "Third"}}),
    )
    .await;
    let now = keyed(&portal, "demo.note.delete", json!({"id": 3}), "del-3").await;
    assert_eq!((now.status, now.replayed), (200, None));
}

#[tokio::test]
async fn faults_apply_and_a_lost_answer_is_replayed() {
    let portal = portal().await;
    let url = format!("{}demo.note.add", portal.v3_webhook_url());
    let body = json!({"fields": {"title": "Lost"}});
    portal.fail_next(1, Fault::ServerError);
    let html = reqwest::Client::new()
        .post(&url)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(html.status(), 500);
    assert!(html.text().await.unwrap().contains("<html>"));
    portal.fail_next(1, Fault::DropAfterApply);
    let lost = reqwest::Client::new()
        .post(&url)
        .header("Idempotency-Key", "lost-1")
        .json(&body)
        .send()
        .await;
    assert!(lost.is_err(), "the connection closes");
    let again = keyed(&portal, "demo.note.add", body, "lost-1").await;
    assert_eq!(
        (again.status, again.replayed.as_deref()),
        (200, Some("true"))
    );
    assert_eq!(portal.records("demo.note").len(), 1);
    let log = portal.requests();
    let executed = log
        .iter()
        .filter(|r| r.served_by == Some(ServedBy::Entity))
        .count();
    assert_eq!((log.len(), executed), (3, 1));
    assert_eq!(log[1].fault, Some(Fault::DropAfterApply));
}
