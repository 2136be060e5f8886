//! Bulk runs over HTTP: order, per-item errors, streaming input, lost answers, limit
//! refusals inside batches.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bitrix_api::methods::{CrmLeadContactAdd, CrmLeadContactAddFields};
use bitrix_api::{Client, Error, Limits, Method, MethodInfo};
use bitrix_emulator::Portal;
use common::{fast_retry, serve, serve_raw, Raw, Reply};
use serde_json::{json, Map};

/// A test method: `test.echo.add` answers its `n`.
#[derive(serde::Serialize)]
struct Echo {
    n: usize,
}

static ECHO: MethodInfo = MethodInfo {
    name: "test.echo.add",
    title: "",
    page: "",
    line: 0,
    scope: None,
    params: &[],
    version: bitrix_api::ApiVersion::V2,
    deprecated: None,
};

impl Method for Echo {
    const NAME: &'static str = "test.echo.add";
    type Response = i64;
    fn info() -> &'static MethodInfo {
        &ECHO
    }
}

/// Answers a batch of `test.echo.add?n=N` with `N` per key; `refuse` decides per (call
/// number, n) to answer `OPERATION_TIME_LIMIT` instead.
fn echo_batch(req: &common::Req, refuse: impl Fn(usize, i64) -> bool) -> Reply {
    let mut results = Map::new();
    let mut errors = Map::new();
    for (key, cmd) in req.body["cmd"].as_object().unwrap() {
        let query = cmd.as_str().unwrap().split_once('?').unwrap().1;
        let n: i64 = bitrix_api::query::decode(query)["n"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        if refuse(req.n, n) {
            errors.insert(
                key.clone(),
                json!({"error": "OPERATION_TIME_LIMIT", "error_description": "later"}),
            );
        } else if n % 7 == 3 {
            errors.insert(
                key.clone(),
                json!({"error": "ERROR_CORE", "error_description": format!("bad {n}")}),
            );
        } else {
            results.insert(key.clone(), json!(n));
        }
    }
    Reply::json(
        200,
        json!({"result": {"result": results, "result_error": errors, "result_total": [], "result_next": [], "result_time": []}}),
    )
}

#[tokio::test]
async fn results_come_back_in_input_order_with_per_item_errors() {
    let server = serve(|req| echo_batch(&req, |_, _| false)).await;
    let client = Client::builder()
        .webhook(server.webhook())
        .limits(Limits::off())
        .build()
        .unwrap();
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = progress.clone();
    let results = client
        .bulk((0..1234).map(|n| Echo { n }))
        .concurrency(4)
        .batch_size(50)
        .on_progress(move |done, total| seen.lock().unwrap().push((done, total)))
        .await;
    assert_eq!(results.len(), 1234);
    for (n, r) in results.iter().enumerate() {
        if n % 7 == 3 {
            let err = r.as_ref().unwrap_err();
            assert_eq!(err.code(), Some("ERROR_CORE"));
            assert!(err.to_string().contains(&format!("bad {n}")), "{err}");
        } else {
            assert_eq!(*r.as_ref().unwrap(), n as i64);
        }
    }
    assert_eq!(server.hits(), 25);
    let progress = progress.lock().unwrap();
    assert_eq!(progress.len(), 25);
    assert_eq!(*progress.last().unwrap(), (1234, Some(1234)));
    assert!(progress.windows(2).all(|w| w[0].0 < w[1].0));
}

#[tokio::test]
async fn input_is_streamed_not_collected() {
    let pulled = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicUsize::new(0));
    let max_ahead = Arc::new(AtomicUsize::new(0));
    let (p, a, m) = (pulled.clone(), answered.clone(), max_ahead.clone());
    let server = serve(move |req| {
        let n = req.body["cmd"].as_object().unwrap().len();
        a.fetch_add(n, Ordering::SeqCst);
        echo_batch(&req, |_, _| false)
    })
    .await;
    let client = Client::builder()
        .webhook(server.webhook())
        .limits(Limits::off())
        .build()
        .unwrap();
    let input = (0..100_000).map(move |n| {
        let ahead = p.fetch_add(1, Ordering::SeqCst) + 1 - answered.load(Ordering::SeqCst);
        m.fetch_max(ahead, Ordering::SeqCst);
        Echo { n }
    });
    let results = client.bulk(input).concurrency(3).await;
    assert_eq!(results.len(), 100_000);
    assert_eq!(pulled.load(Ordering::SeqCst), 100_000);
    // At most the batches in flight plus the one being read: (3 + 1) × 50.
    assert!(
        max_ahead.load(Ordering::SeqCst) <= 200,
        "{}",
        max_ahead.load(Ordering::SeqCst)
    );
}

#[tokio::test]
async fn lost_answers_of_adds_are_reported_not_resent() {
    let server = serve_raw(|_| Raw::Drop).await;
    let client = Client::builder()
        .webhook(server.webhook())
        .retry(fast_retry())
        .limits(Limits::off())
        .build()
        .unwrap();
    let results = client
        .bulk((0..120).map(|n| Echo { n }))
        .concurrency(1)
        .await;
    assert_eq!(results.len(), 120);
    for r in &results {
        let err = r.as_ref().unwrap_err();
        assert!(err.maybe_applied(), "{err:?}");
        assert!(
            matches!(err, Error::Transport { method, .. } if method == "test.echo.add"),
            "{err:?}"
        );
    }
    assert_eq!(server.hits(), 3, "one call per batch, none resent");

    // Opting in resends (up to the policy's attempts).
    let server = serve_raw(|_| Raw::Drop).await;
    let client = Client::builder()
        .webhook(server.webhook())
        .retry(fast_retry().max_attempts(2))
        .limits(Limits::off())
        .build()
        .unwrap();
    let results = client
        .bulk((0..10).map(|n| Echo { n }))
        .resend_maybe_applied(true)
        .await;
    assert!(results.iter().all(|r| r.is_err()));
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn commands_refused_for_the_operating_limit_are_resent() {
    // The first call refuses odd numbers; later calls run everything.
    let server = serve(|req| echo_batch(&req, |call, n| call == 1 && n % 2 == 1)).await;
    let client = Client::builder()
        .webhook(server.webhook())
        .limits(Limits::off())
        .time_scale(1000.0)
        .build()
        .unwrap();
    let results = client.bulk((0..40).map(|n| Echo { n })).await;
    for (n, r) in results.iter().enumerate() {
        if n % 7 != 3 {
            assert_eq!(*r.as_ref().unwrap(), n as i64, "{n}");
        }
    }
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn bulk_against_the_emulator() {
    let portal = Portal::builder()
        .limits(bitrix_api::Limits::off())
        .seed(5)
        .start()
        .await
        .unwrap();
    let lead = portal.add_lead(json!({"TITLE": "L"}));
    let contacts: Vec<i64> = (0..60)
        .map(|i| portal.add_contact(json!({"NAME": format!("c{i}")})))
        .collect();
    let client = Client::webhook(portal.webhook_url()).unwrap();
    // Every fifth request names a lead that does not exist.
    let requests = contacts.iter().enumerate().map(|(i, &c)| {
        let target = if i % 5 == 4 { 999_999 } else { lead };
        CrmLeadContactAdd::new(target, CrmLeadContactAddFields::new(c))
    });
    let results = client.bulk(requests.collect::<Vec<_>>()).await;
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r.is_err(), i % 5 == 4, "{i}: {r:?}");
    }
    assert_eq!(portal.lead_contacts(lead).len(), 48);
    assert_eq!(portal.count("batch"), 2);
}
