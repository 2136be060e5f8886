//! The REST 3.0 twin of `soak.rs`: exactly-once writes without a read-back pass.
//!
//! 10,000 `demo.note.add` (a REST 3.0 fixture page, `tests/fixtures/v3`) through
//! concurrent raw `client.v3()` calls, 24 in flight (REST 3.0 has no REST 2 `batch`),
//! while the portal faults 10% of the requests at random (fixed seeds): 503
//! `QUERY_LIMIT_EXCEEDED`, 500 with an HTML page, dropped connections (before the write
//! ran in the first half, after it in the second), truncated JSON bodies, 2 s delays
//! (scaled). Every call carries one `Idempotency-Key` on all its attempts, so a lost
//! answer is resent and the portal replays it. At the end exactly 10,000 notes exist,
//! each created by one execution (the portal's log), every call answered, with no
//! reconciliation: the answers alone are the truth.
//!
//! Figures (for BENCHMARKS.md) go to stderr:
//! `cargo test -p bitrix-tests --test soak_v3 -- --nocapture`.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bitrix_api::{Client, Limits, RetryPolicy};
use bitrix_emulator::{Fault, FaultPlan, Portal, ServedBy};
use serde_json::json;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// How much faster than real time the portal's (and the client's) clock runs.
const CLOCK: f64 = 50.0;
const WRITES: usize = 10_000;
const IN_FLIGHT: usize = 24;

fn faults(seed: u64, apply_then_drop: bool) -> FaultPlan {
    FaultPlan::new(0.10, seed)
        .kinds([
            Fault::QueryLimit,
            Fault::ServerError,
            Fault::Drop,
            Fault::Truncate,
            // The portal's 2 s, on the ×50 clock.
            Fault::Delay(Duration::from_secs_f64(2.0 / CLOCK)),
        ])
        .apply_then_drop(apply_then_drop)
}

/// Creates notes `range` concurrently; each result is the note's title and the `id` the
/// answer gave, or the error.
async fn create(
    client: &Client,
    range: std::ops::Range<usize>,
) -> Vec<(String, Result<i64, bitrix_api::Error>)> {
    let gate = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = JoinSet::new();
    for i in range {
        let (client, gate) = (client.clone(), gate.clone());
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.expect("semaphore open");
            let title = format!("note-{i}");
            let answer = client
                .v3()
                .call_raw("demo.note.add", json!({ "fields": { "title": title } }))
                .await
                .map(|r| r["item"]["id"].as_i64().expect("an id in result.item"));
            (title, answer)
        });
    }
    let mut out = Vec::new();
    while let Some(done) = tasks.join_next().await {
        out.push(done.expect("task panicked"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_rest3_writes_under_faults_each_run_once_without_read_back() {
    let started = Instant::now();
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/v3");
    let portal = Portal::builder()
        // REST 3.0 has no batch: 10,000 single calls would take minutes at a plan's rate.
        .limits(Limits::off())
        .clock_speed(CLOCK)
        .webhook(1, &["demo"])
        .seed(7)
        .pages(pages)
        .start()
        .await
        .unwrap();
    assert!(
        portal.rejected_pages().is_empty(),
        "{:?}",
        portal.rejected_pages()
    );
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Limits::off())
        .time_scale(CLOCK)
        .retry(
            RetryPolicy::default()
                .max_attempts(10)
                .max_elapsed(Duration::from_secs(3600)),
        )
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();

    // One of each dropped connection for sure, on top of the random 10%.
    portal.fail_next(1, Fault::Drop);
    portal.set_fault_plan(Some(faults(21, false)));
    let mut results = create(&client, 0..WRITES / 2).await;
    portal.set_fault_plan(Some(faults(22, true)));
    portal.fail_next(1, Fault::DropAfterApply);
    results.extend(create(&client, WRITES / 2..WRITES).await);
    portal.set_fault_plan(None);
    let log = portal.requests();

    let seen = |kind: fn(&Fault) -> bool| {
        log.iter()
            .filter(|r| r.fault.as_ref().is_some_and(kind))
            .count()
    };
    let kinds = [
        ("503", seen(|f| *f == Fault::QueryLimit)),
        ("500 html", seen(|f| *f == Fault::ServerError)),
        ("drop", seen(|f| *f == Fault::Drop)),
        ("drop after apply", seen(|f| *f == Fault::DropAfterApply)),
        ("truncated", seen(|f| *f == Fault::Truncate)),
        ("delay", seen(|f| matches!(f, Fault::Delay(_)))),
    ];
    eprintln!("soak_v3: faults {kinds:?} in {} requests", log.len());
    for (kind, n) in kinds {
        assert!(n > 0, "the soak never saw a {kind} fault");
    }

    let adds: Vec<_> = log.iter().filter(|r| r.method == "demo.note.add").collect();
    let executed = adds
        .iter()
        .filter(|r| r.served_by == Some(ServedBy::Entity) && r.status == 200)
        .count();
    let replayed = adds
        .iter()
        .filter(|r| r.served_by == Some(ServedBy::Replay))
        .count();
    let retried = adds.len() - WRITES;
    let failed: Vec<_> = results.iter().filter(|(_, r)| r.is_err()).collect();
    let records = portal.records("demo.note");
    let titles: Vec<&str> = records
        .iter()
        .map(|r| r["title"].as_str().unwrap_or_default())
        .collect();
    let distinct: HashSet<&str> = titles.iter().copied().collect();
    let executed_twice = titles.len() - distinct.len();
    eprintln!(
        "soak_v3: {WRITES} writes, {IN_FLIGHT} in flight: created {}, executed {executed}, \
         executed twice {executed_twice}, replayed {replayed}, retried {retried}, failed {}, \
         {:.1} s",
        records.len(),
        failed.len(),
        started.elapsed().as_secs_f64()
    );

    assert!(
        failed.is_empty(),
        "every call is answered: {:?}",
        failed.first()
    );
    assert_eq!(records.len(), WRITES, "exactly one note per write");
    assert_eq!(executed_twice, 0, "no write ran twice");
    assert_eq!(executed, WRITES, "the log shows one execution per write");
    // Each answer lost after the method ran (or replayed) is followed by exactly one replay.
    let lost = adds
        .iter()
        .filter(|r| matches!(r.fault, Some(Fault::DropAfterApply | Fault::Truncate)))
        .filter(|r| matches!(r.served_by, Some(ServedBy::Entity | ServedBy::Replay)))
        .count();
    assert!(replayed > 0, "lost answers were replayed");
    assert_eq!(replayed, lost, "one replay per lost answer");
    // The answers alone tell where every note is: no read-back needed.
    let answered: HashSet<i64> = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok().copied())
        .collect();
    let stored: HashSet<i64> = records.iter().filter_map(|r| r["id"].as_i64()).collect();
    assert_eq!(
        answered, stored,
        "each answer names the note its call created"
    );
    let title_of: HashMap<i64, &str> = records
        .iter()
        .filter_map(|r| Some((r["id"].as_i64()?, r["title"].as_str()?)))
        .collect();
    for (title, id) in &results {
        let id = *id.as_ref().expect("answered");
        assert_eq!(title_of.get(&id), Some(&title.as_str()), "note {id}");
    }
}
