//! One rate limit per portal across workers, kept in Redis (needs the server on
//! 127.0.0.1:6379, ignored by default). Each "worker" has its own `RedisLimits` (its own
//! connection), as separate processes have.

#![cfg(feature = "redis")]

use std::time::{Duration, Instant};

use bitrix_api::limit::RedisLimits;
use bitrix_api::{Client, Limits};
use bitrix_emulator::Portal;
use serde_json::json;

const REDIS: &str = "redis://127.0.0.1:6379/";

/// Keys of their own for each test and run.
fn prefix(test: &str) -> String {
    format!("test:{test}:{}:{}:", std::process::id(), fastrand::u64(..))
}

/// `workers` clients hammer one portal for `secs`; what the portal counted.
async fn hammer(portal: &Portal, limiters: Vec<bitrix_api::Limiter>, secs: f64) -> (u64, u64) {
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let tasks = limiters.into_iter().flat_map(|limiter| {
        let client = Client::builder()
            .webhook(portal.webhook_url())
            .limiter(limiter)
            .build()
            .unwrap();
        (0..6).map(move |_| {
            let client = client.clone();
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    client
                        .call_raw("crm.lead.contact.fields", json!({}))
                        .await
                        .unwrap();
                }
            })
        })
    });
    for t in tasks.collect::<Vec<_>>() {
        t.await.unwrap();
    }
    portal.rate_counts()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs postgres and redis on 127.0.0.1"]
async fn four_workers_keep_one_portal_within_its_limit() {
    let limits = Limits::custom(20.0, 20.0);
    let portal = Portal::builder().limits(limits).start().await.unwrap();
    let key = prefix("share");
    let limiters = (0..4)
        .map(|_| {
            RedisLimits::new(REDIS)
                .unwrap()
                .key_prefix(key.clone())
                .workers(4)
                .limiter("portal-1", limits)
        })
        .collect();
    let secs = 3.0;
    let (admitted, refused) = hammer(&portal, limiters, secs).await;
    assert_eq!(refused, 0, "QUERY_LIMIT_EXCEEDED answers");
    // The most the portal lets through: the threshold at once, then its drain.
    let ceiling = 21.0 + 20.0 * secs;
    let ratio = admitted as f64 / ceiling;
    assert!(ratio >= 0.85, "{admitted} of {ceiling}: {ratio:.2}");
    assert!(portal.peak_level() <= 20.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs postgres and redis on 127.0.0.1"]
async fn without_redis_each_worker_keeps_to_its_share() {
    let limits = Limits::custom(20.0, 20.0);
    let portal = Portal::builder().limits(limits).start().await.unwrap();
    // Nothing listens on port 1: every worker falls back to 1/4 of the limits.
    let limiter = RedisLimits::new("redis://127.0.0.1:1/")
        .unwrap()
        .workers(4)
        .limiter("portal-1", limits);
    let started = Instant::now();
    let (admitted, refused) = hammer(&portal, vec![limiter], 2.0).await;
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(refused, 0);
    // 1/4: drains 5/s, threshold 5 (capacity 2), and the calls go on.
    let share = 2.0 + 5.0 * secs;
    assert!(
        admitted >= 5 && admitted as f64 <= share + 1.0,
        "{admitted} in {secs:.2} s (share {share:.1})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs postgres and redis on 127.0.0.1"]
async fn an_operating_pause_holds_for_every_worker() {
    // The portal's operating budget is tiny and each call costs more than it: the worker
    // that sees it run low pauses the method in Redis, and the other worker waits too.
    let portal = Portal::builder()
        .limits(Limits::off())
        .operating_limit(Duration::from_secs(1))
        .method_cost(Duration::from_secs(2))
        .clock_speed(600.0)
        .start()
        .await
        .unwrap();
    let key = prefix("operating");
    let client = |n: u32| {
        let _ = n;
        Client::builder()
            .webhook(portal.webhook_url())
            .time_scale(600.0)
            .operating_limit(1.0)
            .limiter(
                RedisLimits::new(REDIS)
                    .unwrap()
                    .key_prefix(key.clone())
                    .time_scale(600.0)
                    .limiter("portal-1", Limits::custom(1000.0, 1000.0)),
            )
            .build()
            .unwrap()
    };
    let (a, b) = (client(1), client(2));
    a.call_raw("crm.lead.contact.fields", json!({}))
        .await
        .unwrap();
    // `a` paused the method until the portal's window resets (600 s portal, 1 s real).
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    b.call_raw("crm.lead.contact.fields", json!({}))
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
}
