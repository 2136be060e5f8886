//! The leaky bucket and the `operating` budget, on an emulated clock.

mod common;

use std::time::Duration;

use bitrix_emulator::{Limits, Plan, Portal};
use common::*;
use serde_json::json;

#[tokio::test]
async fn bucket_refuses_past_the_threshold_and_recovers() {
    // A drain this slow makes the burst count exact whatever the machine's speed.
    let portal = Portal::builder()
        .limits(Limits::custom(0.001, 5.0))
        .start()
        .await
        .unwrap();
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(call(&portal, "crm.lead.contact.fields", json!({})).await.0);
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 200, 503, 503, 503, 503]);
    let (_, v) = call(&portal, "crm.lead.list", json!({})).await;
    assert_eq!(
        (v["error"].clone(), v["error_description"].clone()),
        (json!("QUERY_LIMIT_EXCEEDED"), json!("Too many requests"))
    );
    portal.advance_clock(Duration::from_secs(10_000));
    assert_eq!(call(&portal, "crm.lead.list", json!({})).await.0, 200);
}

#[tokio::test]
async fn a_fast_clock_drains_the_bucket_in_real_time() {
    let portal = Portal::builder()
        .limits(Limits::custom(1.0, 3.0))
        .clock_speed(20.0)
        .start()
        .await
        .unwrap();
    // Burst until refused (a fast machine gets there in a few requests).
    let mut refused = false;
    for _ in 0..10_000 {
        if call(&portal, "crm.lead.contact.fields", json!({})).await.0 == 503 {
            refused = true;
            break;
        }
    }
    assert!(refused, "the bucket never filled");
    // 500 ms real = 10 s emulated = 10 drained: open again (at real speed only 0.5 would
    // have drained, and the counter would still be above the threshold).
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        call(&portal, "crm.lead.contact.fields", json!({})).await.0,
        200
    );
}

#[tokio::test]
async fn presets_and_off() {
    // The presets are the client's: one type for both sides of the wire.
    assert_eq!(Limits::from(Plan::Others), Limits::custom(2.0, 50.0));
    assert_eq!(Limits::from(Plan::Enterprise), Limits::custom(5.0, 250.0));
    let portal = portal().await;
    for _ in 0..300 {
        assert_eq!(
            call(&portal, "crm.lead.contact.fields", json!({})).await.0,
            200
        );
    }
    // Threshold 1, (almost) no drain: two pass from empty, the third is refused.
    portal.set_limits(Limits::custom(0.0, 1.0));
    for _ in 0..2 {
        assert_eq!(
            call(&portal, "crm.lead.contact.fields", json!({})).await.0,
            200
        );
    }
    assert_eq!(
        call(&portal, "crm.lead.contact.fields", json!({})).await.0,
        503
    );
}

#[tokio::test]
async fn operating_budget_blocks_a_method_until_the_window_resets() {
    let portal = Portal::builder()
        .limits(Limits::off())
        .method_cost(Duration::from_secs(100))
        .operating_limit(Duration::from_secs(480))
        .start()
        .await
        .unwrap();
    let mut seen = Vec::new();
    for _ in 0..5 {
        let (s, v) = call(&portal, "crm.lead.list", json!({})).await;
        assert_eq!(s, 200);
        seen.push(v["time"]["operating"].as_f64().unwrap());
        let start = v["time"]["start"].as_f64().unwrap();
        let reset = v["time"]["operating_reset_at"].as_f64().unwrap();
        assert!(
            reset > start && reset <= start + 601.0,
            "{reset} vs {start}"
        );
    }
    assert!(seen.windows(2).all(|w| w[1] > w[0]), "{seen:?}");
    assert!(seen[4] >= 500.0);
    let (s, v) = call(&portal, "crm.lead.list", json!({})).await;
    assert_eq!(
        (s, v["error"].clone()),
        (429, json!("OPERATION_TIME_LIMIT"))
    );
    assert_eq!(
        call(&portal, "crm.lead.contact.fields", json!({})).await.0,
        200,
        "other methods still work"
    );
    let other_hook = portal.add_webhook(1, &["crm"]);
    assert_eq!(
        post(&format!("{other_hook}crm.lead.list"), json!({}))
            .await
            .0,
        200,
        "other clients still work"
    );

    portal.advance_clock(Duration::from_secs(601));
    assert_eq!(call(&portal, "crm.lead.list", json!({})).await.0, 200);
}

#[tokio::test]
async fn batch_inner_calls_count_toward_their_methods() {
    let portal = Portal::builder()
        .limits(Limits::off())
        .method_cost(Duration::from_secs(100))
        .start()
        .await
        .unwrap();
    let (s, v) = call(&portal, "batch", json!({"cmd": ["crm.lead.list", "crm.lead.list", "crm.lead.list", "crm.lead.list", "crm.lead.list", "crm.lead.list"]})).await;
    assert_eq!(s, 200);
    assert_eq!(
        v["result"]["result_error"]["5"]["error"],
        "OPERATION_TIME_LIMIT"
    );
    assert_eq!(v["time"]["operating"], 0.0, "batch itself is not counted");
    let (s, _) = call(&portal, "crm.lead.list", json!({})).await;
    assert_eq!(s, 429);
}

#[tokio::test]
async fn time_stamps_follow_the_portal_clock() {
    let portal = portal().await;
    let (_, a) = call(&portal, "crm.lead.list", json!({})).await;
    portal.advance_clock(Duration::from_secs(7200));
    let (_, b) = call(&portal, "crm.lead.list", json!({})).await;
    let gap = b["time"]["start"].as_f64().unwrap() - a["time"]["start"].as_f64().unwrap();
    assert!(gap >= 7200.0, "{gap}");
    assert_ne!(a["time"]["date_start"], b["time"]["date_start"]);
}
