//! Throughput on loopback: `cargo test --release -p bitrix-emulator --test throughput --
//! --ignored --nocapture`. Prints requests/s; asserts nothing
//! about speed (CI machines vary).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bitrix_emulator::{Limits, Portal};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "measurement; run with --ignored --nocapture"]
async fn requests_per_second() {
    let portal = Portal::builder()
        .limits(Limits::off())
        .start()
        .await
        .unwrap();
    let lead = portal.add_lead(json!({}));
    let contacts: Vec<i64> = (0..50).map(|_| portal.add_contact(json!({}))).collect();
    let hook = portal.webhook_url();
    for concurrency in [1usize, 16, 64, 256] {
        let done = Arc::new(AtomicU64::new(0));
        let deadline = Instant::now() + Duration::from_secs(2);
        let mut tasks = tokio::task::JoinSet::new();
        for t in 0..concurrency {
            let (hook, done, contacts) = (hook.clone(), done.clone(), contacts.clone());
            tasks.spawn(async move {
                let client = reqwest::Client::new();
                let mut i = t;
                while Instant::now() < deadline {
                    let resp = if i % 2 == 0 {
                        client
                            .post(format!("{hook}crm.lead.contact.items.get"))
                            .json(&json!({"id": lead}))
                            .send()
                            .await
                    } else {
                        let c = contacts[i % contacts.len()];
                        client
                            .post(format!("{hook}crm.lead.contact.add"))
                            .json(&json!({"id": lead, "fields": {"CONTACT_ID": c}}))
                            .send()
                            .await
                    };
                    let ok = resp.unwrap().status().is_success();
                    assert!(ok);
                    done.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            });
        }
        let start = Instant::now();
        while let Some(r) = tasks.join_next().await {
            r.unwrap();
        }
        let n = done.load(Ordering::Relaxed);
        println!(
            "{concurrency:>4} clients: {n} requests in {:.2}s = {:.0} requests/s",
            start.elapsed().as_secs_f64(),
            n as f64 / start.elapsed().as_secs_f64()
        );
    }
}
