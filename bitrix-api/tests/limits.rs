//! The client-side limits against servers that enforce the portal's: a leaky bucket on a
//! sped-up clock, and per-method `operating` budgets.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bitrix_api::{Client, Limiter, Limits, Plan, RetryPolicy};
use common::{serve, Reply};
use serde_json::json;

/// The portal's bucket as its docs describe it: every request raises the counter, which
/// drops by `drain` once per (scaled) second, in whole steps; a request that finds the
/// counter above `threshold` is refused with 503 `QUERY_LIMIT_EXCEEDED`.
struct Bucket {
    counter: f64,
    started: Instant,
    ticks_applied: u64,
}

impl Bucket {
    fn admit(&mut self, drain: f64, threshold: f64, scale: f64) -> bool {
        let ticks = (self.started.elapsed().as_secs_f64() * scale) as u64;
        self.counter = (self.counter - (ticks - self.ticks_applied) as f64 * drain).max(0.0);
        self.ticks_applied = ticks;
        if self.counter >= threshold {
            return false;
        }
        self.counter += 1.0;
        true
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn burst_of_500_stays_under_the_portals_bucket() {
    const SCALE: f64 = 50.0;
    let bucket = Arc::new(Mutex::new(Bucket {
        counter: 0.0,
        started: Instant::now(),
        ticks_applied: 0,
    }));
    let refused = Arc::new(AtomicUsize::new(0));
    let (b, r) = (bucket.clone(), refused.clone());
    let server = serve(move |_| {
        if b.lock().unwrap().admit(2.0, 50.0, SCALE) {
            Reply::ok(json!(true))
        } else {
            r.fetch_add(1, Ordering::SeqCst);
            Reply::error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
        }
    })
    .await;
    let client = Client::builder()
        .webhook(server.webhook())
        .limits(Plan::Others)
        .time_scale(SCALE)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let calls = (0..500).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.call_raw("crm.lead.get", json!({"id": 1})).await })
    });
    let results = futures_util::future::join_all(calls).await;
    let failed: Vec<_> = results
        .into_iter()
        .filter_map(|r| r.unwrap().err())
        .collect();
    assert!(
        failed.is_empty(),
        "{} failed, first: {:?}",
        failed.len(),
        failed.first()
    );
    assert_eq!(refused.load(Ordering::SeqCst), 0);
    assert_eq!(server.hits(), 500);
}

#[tokio::test]
async fn without_the_limiter_the_same_burst_is_refused() {
    // The control experiment: proves the server above really enforces its bucket.
    const SCALE: f64 = 50.0;
    let bucket = Arc::new(Mutex::new(Bucket {
        counter: 0.0,
        started: Instant::now(),
        ticks_applied: 0,
    }));
    let server = serve(move |_| {
        if bucket.lock().unwrap().admit(2.0, 50.0, SCALE) {
            Reply::ok(json!(true))
        } else {
            Reply::error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
        }
    })
    .await;
    let client = Client::builder()
        .webhook(server.webhook())
        .limits(Limits::off())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let calls = (0..200).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.call_raw("crm.lead.get", json!({})).await })
    });
    let refused = futures_util::future::join_all(calls)
        .await
        .into_iter()
        .filter(|r| matches!(r, Ok(Err(e)) if e.code() == Some("QUERY_LIMIT_EXCEEDED")))
        .count();
    assert!(refused > 0);
}

#[tokio::test]
async fn a_shared_limiter_counts_both_clients() {
    let created = Instant::now();
    let limiter = Limiter::with_time_scale(Limits::custom(1.0, 8.0), 1.0);
    let server = serve(|_| Reply::ok(json!(1))).await;
    let a = Client::builder()
        .webhook(server.webhook())
        .limiter(limiter.clone())
        .build()
        .unwrap();
    let b = Client::builder()
        .webhook(server.webhook())
        .limiter(limiter.clone())
        .build()
        .unwrap();
    // Capacity 8 - 1 - 2 = 5: five calls pass at once, the sixth waits about a second.
    for c in [&a, &b, &a, &b, &a] {
        c.call_raw("x.y.get", json!({})).await.unwrap();
    }
    b.call_raw("x.y.get", json!({})).await.unwrap();
    // The sixth needs one request drained: not before a second after the bucket began.
    assert!(
        created.elapsed() >= Duration::from_secs(1),
        "{:?}",
        created.elapsed()
    );
}

/// `operating` climbs by 100 s per call; at 480 the method is blocked for 120 portal
/// seconds (`operating_reset_at - finish`), at ×100.
#[tokio::test]
async fn operating_budget_pauses_the_method_until_reset() {
    let calls = Arc::new(Mutex::new(Vec::<(String, Instant)>::new()));
    let log = calls.clone();
    let server = serve(move |req| {
        let mut log = log.lock().unwrap();
        log.push((req.method.clone(), Instant::now()));
        let used = 100.0 * log.iter().filter(|(m, _)| *m == req.method).count() as f64;
        Reply::json(200, json!({
            "result": true,
            "time": {"start": 1000.0, "finish": 1001.0, "duration": 1.0, "operating": used, "operating_reset_at": 1121}
        }))
    })
    .await;
    let client = Client::builder()
        .webhook(server.webhook())
        .time_scale(100.0)
        .build()
        .unwrap();
    for _ in 0..5 {
        client.call_raw("crm.item.list", json!({})).await.unwrap();
    }
    // Another method is not held back.
    let other = Instant::now();
    client.call_raw("crm.item.get", json!({})).await.unwrap();
    assert!(other.elapsed() < Duration::from_millis(1000));
    client.call_raw("crm.item.list", json!({})).await.unwrap();
    let log = calls.lock().unwrap();
    let list: Vec<Instant> = log
        .iter()
        .filter(|(m, _)| m == "crm.item.list")
        .map(|(_, t)| *t)
        .collect();
    // After the fifth call (500 s used) the sixth waited ~1.2 s (120 portal s at ×100).
    let gap = list[5] - list[4];
    assert!(gap >= Duration::from_millis(1150), "{gap:?}");
}

#[tokio::test]
async fn operation_time_limit_waits_for_reset_then_retries() {
    let server = serve(|req| match req.n {
        1 => Reply::json(200, json!({
            "result": 1,
            "time": {"finish": 1000.0, "duration": 0.5, "operating": 10.0, "operating_reset_at": 1050}
        })),
        2 => Reply::error(429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit."),
        _ => Reply::ok(json!(3)),
    })
    .await;
    let client = Client::builder()
        .webhook(server.webhook())
        .time_scale(100.0)
        .build()
        .unwrap();
    let started = Instant::now();
    client.call_raw("crm.item.list", json!({})).await.unwrap();
    let v = client.call_raw("crm.item.list", json!({})).await.unwrap();
    assert_eq!(v, json!(3));
    // Waited for the reset the first answer announced (50 portal s at ×100: 0.5 s after
    // it), not a blind backoff.
    assert!(
        started.elapsed() >= Duration::from_millis(490),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.hits(), 3);
}

/// The same burst against the emulator's own bucket (cloud limits, clock ×50).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn burst_of_500_against_the_emulator() {
    use bitrix_emulator::Portal;
    let portal = Portal::builder()
        .limits(bitrix_api::Limits::from(bitrix_api::Plan::Others))
        .clock_speed(50.0)
        .start()
        .await
        .unwrap();
    let lead = portal.add_lead(json!({"TITLE": "L"}));
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Plan::Others)
        .time_scale(50.0)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let calls = (0..500).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.call_raw("crm.lead.get", json!({"id": lead})).await })
    });
    let failed = futures_util::future::join_all(calls)
        .await
        .into_iter()
        .filter(|r| !matches!(r, Ok(Ok(_))))
        .count();
    assert_eq!(failed, 0);
    assert_eq!(portal.count("crm.lead.get"), 500);
}

/// A bucket that drains faster per second than its threshold (the Others plan on a ×50
/// clock, told as real-time limits): the client keeps only a tenth of the threshold free,
/// not a second's drain, and still never meets the portal's refusal (real-time clock).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn burst_of_1000_at_100_per_second_against_the_emulator() {
    use bitrix_emulator::Portal;
    let portal = Portal::builder()
        .limits(bitrix_api::Limits::custom(100.0, 50.0))
        .start()
        .await
        .unwrap();
    let lead = portal.add_lead(json!({"TITLE": "L"}));
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Limits::custom(100.0, 50.0))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let calls = (0..1000).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.call_raw("crm.lead.get", json!({"id": lead})).await })
    });
    let failed: Vec<_> = futures_util::future::join_all(calls)
        .await
        .into_iter()
        .filter_map(|r| r.unwrap().err())
        .collect();
    assert!(
        failed.is_empty(),
        "{} failed (no retries: a QUERY_LIMIT_EXCEEDED fails the call), first: {:?}",
        failed.len(),
        failed.first()
    );
    let refused = portal
        .requests()
        .iter()
        .filter(|r| r.error_code.as_deref() == Some("QUERY_LIMIT_EXCEEDED"))
        .count();
    assert_eq!(refused, 0);
    assert_eq!(portal.count("crm.lead.get"), 1000);
    // The portal takes 51 at once, then 100/s: (1000 − 51) / 100 = 9.49 s at best.
    let elapsed = started.elapsed().as_secs_f64();
    assert!(
        elapsed >= 9.0,
        "faster than the portal allows: {elapsed:.2} s"
    );
}
