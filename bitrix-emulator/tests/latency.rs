//! The latency model delays answers without changing what the bucket counts.

use std::time::{Duration, Instant};

use bitrix_emulator::{Latency, Limits, Portal};

async fn call(url: &str) -> u16 {
    match reqwest::get(format!("{url}crm.lead.contact.fields")).await {
        Ok(r) => r.status().as_u16(),
        Err(_) => 0,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delayed_answers_are_counted_on_arrival() {
    let portal = Portal::builder()
        .limits(Limits::custom(0.001, 5.0))
        .latency(
            Latency::off()
                .per_request(Duration::from_millis(300))
                .jitter(0.0),
        )
        .start()
        .await
        .unwrap();
    let url = portal.webhook_url();
    let started = Instant::now();
    // Ten at once: the bucket counts each on arrival (threshold 5: six pass, four refused,
    // the same split as without the model), and the delayed answers do not hold the
    // portal: they wait side by side.
    let statuses = futures_util::future::join_all((0..10).map(|_| call(&url))).await;
    let elapsed = started.elapsed();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        6,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 503).count(),
        4,
        "{statuses:?}"
    );
    // Concurrent answers wait side by side, not one after another.
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
}

#[tokio::test]
async fn batch_waits_per_command() {
    let portal = Portal::builder()
        .limits(Limits::off())
        .latency(
            Latency::off()
                .per_command(Duration::from_millis(20))
                .jitter(0.0),
        )
        .start()
        .await
        .unwrap();
    let cmd: serde_json::Map<String, serde_json::Value> = (0..10)
        .map(|i| (format!("c{i}"), "crm.lead.contact.fields".into()))
        .collect();
    let started = Instant::now();
    let answer = reqwest::Client::new()
        .post(format!("{}batch", portal.webhook_url()))
        .json(&serde_json::json!({ "cmd": cmd }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(200),
        "10 commands × 20 ms: {elapsed:?}"
    );
    // Off by default: the same batch without the model answers at once.
    let fast = Portal::builder()
        .limits(Limits::off())
        .start()
        .await
        .unwrap();
    let started = Instant::now();
    let _ = reqwest::Client::new()
        .post(format!("{}batch", fast.webhook_url()))
        .json(&serde_json::json!({ "cmd": cmd }))
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_millis(200));
}
