//! Failed POSTs from the portal to an app say why: the handler's status and the first KB
//! of its answer (install, uninstall and bound events), or the transport error.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::routing::post;
use bitrix_emulator::{DeliveryError, EmulatorError, Portal};
use serde_json::json;

/// A handler on 127.0.0.1: `/bad` answers 400 with a JSON reason, `/long` 500 with 5000
/// bytes of two-byte characters plus one, `/echo` 403 with the form it received.
async fn handler() -> String {
    let app = axum::Router::new()
        .route(
            "/bad",
            post(|| async { (StatusCode::BAD_REQUEST, r#"{"error":"unknown member_id"}"#) }),
        )
        .route(
            "/long",
            post(|| async {
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("x{}", "é".repeat(2500)),
                )
            }),
        )
        .route(
            "/echo",
            post(|body: String| async move { (StatusCode::FORBIDDEN, body) }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

fn delivery(err: EmulatorError) -> DeliveryError {
    match err {
        EmulatorError::Delivery(d) => d,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn install_to_a_handler_answering_400_shows_status_and_answer() {
    let portal = common::portal().await;
    let base = handler().await;
    let err = portal
        .install_app(&format!("{base}/bad"))
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("HTTP 400"), "{text}");
    assert!(text.contains("unknown member_id"), "{text}");
    assert!(text.contains("ONAPPINSTALL"), "{text}");
    let d = delivery(err);
    assert_eq!(d.status, Some(400));
    assert_eq!(d.body, r#"{"error":"unknown member_id"}"#);
    assert_eq!(d.url, format!("{base}/bad"));
}

#[tokio::test]
async fn long_answers_are_cut_to_a_kb_on_a_character_boundary() {
    let portal = common::portal().await;
    let base = handler().await;
    let d = delivery(
        portal
            .install_app(&format!("{base}/long"))
            .await
            .unwrap_err(),
    );
    assert_eq!(d.status, Some(500));
    // 1 + 2 × 511 = 1023 bytes: the 512th `é` would end at byte 1025.
    assert_eq!(d.body.len(), 1023);
    assert!(d.body.starts_with('x') && d.body[1..].chars().all(|c| c == 'é'));
}

#[tokio::test]
async fn tokens_echoed_by_the_handler_are_masked() {
    let portal = common::portal().await;
    let base = handler().await;
    let d = delivery(
        portal
            .install_app(&format!("{base}/echo"))
            .await
            .unwrap_err(),
    );
    assert_eq!(d.status, Some(403));
    let token = portal.application_token();
    assert!(d.body.contains("ONAPPINSTALL"), "{}", d.body);
    assert!(!d.body.contains(&token), "{}", d.body);
    assert!(!d.to_string().contains(&token));
    for key in ["access_token", "refresh_token", "application_token"] {
        assert!(d.body.contains(&format!("{key}%5D=***")), "{}", d.body);
    }
}

#[tokio::test]
async fn unreachable_handler_gives_the_transport_error() {
    let portal = common::portal().await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let d = delivery(
        portal
            .install_app(&format!("http://{addr}/gone"))
            .await
            .unwrap_err(),
    );
    assert_eq!(d.status, None);
    assert!(!d.message.is_empty());
    assert!(d.to_string().ends_with(&d.message), "{d}");
}

#[tokio::test]
async fn uninstall_to_a_failing_handler_shows_status_and_answer() {
    let portal = common::portal().await;
    let base = handler().await;
    let _ = portal.install_app(&format!("{base}/bad")).await;
    let d = delivery(portal.uninstall_app().await.unwrap_err());
    assert_eq!((d.event.as_str(), d.status), ("ONAPPUNINSTALL", Some(400)));
    assert!(d.body.contains("unknown member_id"));
}

#[tokio::test]
async fn failed_event_deliveries_are_kept_with_status_and_answer() {
    let portal = Portal::builder()
        .event_delay(Duration::ZERO)
        .start()
        .await
        .unwrap();
    let base = handler().await;
    let token = portal
        .issue_tokens(&["crm"])
        .access_token
        .expose()
        .to_owned();
    let (status, body) = common::post(
        &format!("{}event.bind?auth={token}", portal.rest_url()),
        json!({"event": "ONCRMDEALADD", "handler": format!("{base}/bad")}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    common::post(
        &format!("{}crm.deal.add", portal.webhook_url()),
        json!({"fields": {"TITLE": "t"}}),
    )
    .await;
    let started = Instant::now();
    let failed = loop {
        let failed = portal.failed_deliveries();
        if !failed.is_empty() || started.elapsed() > Duration::from_secs(5) {
            break failed;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let [d] = failed.as_slice() else {
        panic!("{failed:?}")
    };
    assert_eq!(d.event, "ONCRMDEALADD");
    assert_eq!(d.status, Some(400));
    assert_eq!(d.body, r#"{"error":"unknown member_id"}"#);
    assert!(d.to_string().contains("HTTP 400"));
}
