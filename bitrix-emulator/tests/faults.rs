//! Every fault kind as a client sees it, and whether the method was applied.

mod common;

use std::time::{Duration, Instant};

use bitrix_emulator::{Fault, FaultPlan, Limits, Portal};
use common::*;
use serde_json::json;

fn add_url(portal: &Portal) -> String {
    format!("{}crm.lead.add", portal.webhook_url())
}

async fn send(portal: &Portal) -> Result<reqwest::Response, reqwest::Error> {
    client()
        .post(add_url(portal))
        .json(&json!({"fields": {"TITLE": "f"}}))
        .send()
        .await
}

#[tokio::test]
async fn query_limit_fault_is_a_503_without_effect() {
    let portal = portal().await;
    portal.fail_next(1, Fault::QueryLimit);
    let (s, v) = answer(send(&portal).await.unwrap()).await;
    assert_eq!(
        (s, v["error"].clone()),
        (503, json!("QUERY_LIMIT_EXCEEDED"))
    );
    assert!(portal.leads().is_empty());
    assert_eq!(
        answer(send(&portal).await.unwrap()).await.0,
        200,
        "only the next one"
    );
}

#[tokio::test]
async fn server_error_fault_is_an_html_500_without_effect() {
    let portal = portal().await;
    portal.fail_next(1, Fault::ServerError);
    let resp = send(&portal).await.unwrap();
    assert_eq!(resp.status().as_u16(), 500);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(resp.text().await.unwrap().contains("<html>"));
    assert!(portal.leads().is_empty());
}

#[tokio::test]
async fn dropped_connection_before_applying() {
    let portal = portal().await;
    portal.fail_next(1, Fault::Drop);
    let e = send(&portal).await.expect_err("no answer");
    assert!(e.is_request() || e.is_connect() || e.is_body(), "{e:?}");
    assert!(portal.leads().is_empty());
    assert_eq!(
        answer(send(&portal).await.unwrap()).await.0,
        200,
        "the client recovers"
    );
}

#[tokio::test]
async fn dropped_connection_after_applying_loses_the_answer_only() {
    let portal = portal().await;
    portal.fail_next(1, Fault::DropAfterApply);
    assert!(send(&portal).await.is_err());
    assert_eq!(portal.leads().len(), 1, "applied but answer lost");
    let log = portal.requests();
    assert_eq!(log[0].fault, Some(Fault::DropAfterApply));
    assert_eq!(log[0].status, 200);
}

#[tokio::test]
async fn delay_fault_answers_late_but_normally() {
    let portal = portal().await;
    portal.fail_next(1, Fault::Delay(Duration::from_millis(300)));
    let t = Instant::now();
    let (s, _) = answer(send(&portal).await.unwrap()).await;
    assert_eq!(s, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert_eq!(portal.leads().len(), 1);

    portal.fail_next(1, Fault::Delay(Duration::from_secs(5)));
    let quick = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let e = quick
        .post(add_url(&portal))
        .json(&json!({"fields": {}}))
        .send()
        .await
        .unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
}

#[tokio::test]
async fn truncated_body_is_applied_and_unreadable() {
    let portal = portal().await;
    portal.fail_next(1, Fault::Truncate);
    let resp = send(&portal).await.expect("headers arrive");
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.content_length().unwrap_or(0) > 0);
    let e = resp.bytes().await.expect_err("body breaks off");
    assert!(e.is_body() || e.is_decode() || e.is_request(), "{e:?}");
    assert_eq!(portal.leads().len(), 1);
}

#[tokio::test]
async fn fault_plan_is_seeded_and_logged() {
    async fn run(seed: u64) -> Vec<Option<Fault>> {
        let portal = Portal::builder()
            .limits(Limits::off())
            .faults(
                FaultPlan::new(0.4, seed)
                    .kinds([
                        Fault::QueryLimit,
                        Fault::ServerError,
                        Fault::Drop,
                        Fault::Truncate,
                    ])
                    .apply_then_drop(true),
            )
            .start()
            .await
            .unwrap();
        for _ in 0..60 {
            let _ = send(&portal).await.map(|r| async { r.bytes().await });
        }
        let log = portal.requests();
        let applied = log
            .iter()
            .filter(|r| r.fault.is_none_or(|f| f.applies_method()))
            .count();
        assert_eq!(
            portal.leads().len(),
            applied,
            "applied exactly when the fault says so"
        );
        log.into_iter().map(|r| r.fault).collect()
    }
    let a = run(11).await;
    assert_eq!(a.len(), 60);
    assert!(a.iter().flatten().count() > 5, "{a:?}");
    assert!(
        !a.contains(&Some(Fault::Drop)),
        "apply_then_drop turns drops into DropAfterApply"
    );
    assert_eq!(a, run(11).await, "same seed, same faults");
}
