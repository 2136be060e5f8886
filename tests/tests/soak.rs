//! Reliability soak against the emulator on a scaled clock (each test well under a minute
//! on two cores):
//!
//! - 10,000 `crm.lead.contact.add` through `bulk` while the portal faults 10% of the
//!   requests at random (fixed seed): 503 `QUERY_LIMIT_EXCEEDED`, 500 with an HTML page,
//!   dropped connections (before and after the portal applied the batch), truncated JSON
//!   bodies, 2 s delays (scaled). Every item is then held exactly once, or its answer is
//!   an error — and an error for an item the portal did apply says "may have been
//!   applied". A reconciliation pass (read back, resend only what is missing) then brings
//!   the portal to exactly the 10,000 links, each executed once.
//! - 50 concurrent calls on an expired OAuth token: exactly one refresh.
//! - 500 calls in one burst at the Others plan's limits: no `QUERY_LIMIT_EXCEEDED`.

use std::collections::{BTreeSet, HashSet};
use std::time::Duration;

use bitrix_api::methods::{CrmLeadContactAdd, CrmLeadContactAddFields};
use bitrix_api::ClientMethods;
use bitrix_api::{Client, Error, Limits, Plan};
use bitrix_emulator::{Fault, FaultPlan, Portal};
use serde_json::json;

/// How much faster than real time the portal's clock runs.
const CLOCK: f64 = 50.0;
const LEADS: usize = 1_000;
const CONTACTS_PER_LEAD: usize = 10;

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

fn held(portal: &Portal, leads: &[i64]) -> HashSet<(i64, i64)> {
    leads
        .iter()
        .flat_map(|&l| {
            portal
                .lead_contacts(l)
                .into_iter()
                .map(move |k| (l, k.contact_id))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_writes_under_faults_are_never_lost_silently_nor_doubled() {
    let portal = Portal::builder()
        .limits(bitrix_api::Limits::from(bitrix_api::Plan::Others))
        .clock_speed(CLOCK)
        .seed(7)
        .start()
        .await
        .unwrap();
    let leads: Vec<i64> = (0..LEADS).map(|_| portal.add_lead(json!({}))).collect();
    let contacts: Vec<i64> = (0..CONTACTS_PER_LEAD)
        .map(|_| portal.add_contact(json!({})))
        .collect();
    let items: Vec<(i64, i64)> = leads
        .iter()
        .flat_map(|&l| contacts.iter().map(move |&c| (l, c)))
        .collect();
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Plan::Others)
        .time_scale(CLOCK)
        .build()
        .unwrap();
    let requests = |items: Vec<(i64, i64)>| {
        items
            .into_iter()
            .map(|(l, c)| CrmLeadContactAdd::new(l, CrmLeadContactAddFields::new(c)))
    };

    // Two halves: a dropped connection means "not applied" in the first, "applied, answer
    // lost" in the second.
    let (first, second) = items.split_at(items.len() / 2);
    // One of each dropped connection for sure, on top of the random 10%.
    portal.fail_next(1, Fault::Drop);
    portal.set_fault_plan(Some(faults(11, false)));
    let mut results = client.bulk(requests(first.to_vec())).concurrency(4).await;
    let mut log = portal.requests();
    portal.set_fault_plan(Some(faults(12, true)));
    portal.reset_log();
    portal.fail_next(1, Fault::DropAfterApply);
    results.extend(client.bulk(requests(second.to_vec())).concurrency(4).await);
    portal.set_fault_plan(None);
    log.extend(portal.requests());
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
    eprintln!("soak: faults {kinds:?} in {} requests", log.len());
    for (kind, n) in kinds {
        assert!(n > 0, "the soak never saw a {kind} fault");
    }
    assert_eq!(results.len(), items.len());

    let state = held(&portal, &leads);
    let mut failed = Vec::new();
    let (mut ok, mut failed_applied) = (0, 0);
    for (&(l, c), r) in items.iter().zip(&results) {
        let is_held = state.contains(&(l, c));
        match r {
            Ok(true) => {
                assert!(is_held, "lead {l} contact {c}: answered ok but not held");
                ok += 1;
            }
            Ok(false) => {
                panic!("lead {l} contact {c}: executed twice (the portal said already linked)")
            }
            Err(e) => {
                assert!(
                    !is_held || e.maybe_applied(),
                    "lead {l} contact {c}: held, but the error says it was not applied: {e}"
                );
                failed_applied += usize::from(is_held);
                failed.push((l, c, e.clone()));
            }
        }
    }
    assert_eq!(
        state.len(),
        ok + failed_applied,
        "no link outside the workload"
    );
    // Each execution of a new link adds it; a second execution would leave the count
    // above the links held.
    let executed: usize = log.iter().map(|r| r.calls("crm.lead.contact.add")).sum();
    assert_eq!(executed, state.len(), "some item was executed twice");
    eprintln!(
        "soak: {ok} ok, {} failed ({failed_applied} of them applied), {executed} executed",
        failed.len()
    );
    assert!(
        failed.iter().all(|(_, _, e)| e.maybe_applied()),
        "only lost answers may fail; the rest is retried: {:?}",
        failed.iter().find(|(_, _, e)| !e.maybe_applied())
    );

    // Reconciliation, as the README's "Delivery guarantees" describes it: read back the
    // leads of the failed items (reads are idempotent, retried through faults), resend
    // only the links that are missing. Bounded rounds; faults stay on.
    portal.reset_log();
    portal.set_fault_plan(Some(faults(13, true)));
    let mut pending: Vec<(i64, i64)> = failed.iter().map(|(l, c, _)| (*l, *c)).collect();
    let (mut read_back, mut resent) = (0usize, 0usize);
    for _round in 0..10 {
        if pending.is_empty() {
            break;
        }
        let mut missing = Vec::new();
        let affected: BTreeSet<i64> = pending.iter().map(|p| p.0).collect();
        let mut unknown = HashSet::new();
        let mut present = HashSet::new();
        for &lead in &affected {
            read_back += 1;
            match client.crm_lead_contact_items_get(lead).await {
                Ok(links) => {
                    present.extend(links.iter().filter_map(|k| Some((lead, k.contact_id?))))
                }
                Err(_) => {
                    unknown.insert(lead);
                }
            }
        }
        for &(l, c) in &pending {
            if unknown.contains(&l) || !present.contains(&(l, c)) {
                missing.push((l, c));
            }
        }
        // Items whose lead could not be read stay pending without being resent.
        let (to_send, keep): (Vec<_>, Vec<_>) =
            missing.into_iter().partition(|(l, _)| !unknown.contains(l));
        resent += to_send.len();
        let answers = client.bulk(requests(to_send.clone())).await;
        pending = keep;
        for (item, r) in to_send.into_iter().zip(answers) {
            match r {
                Ok(true) => {}
                Ok(false) => panic!("{item:?}: resent although it was held"),
                Err(_) => pending.push(item),
            }
        }
    }
    portal.set_fault_plan(None);
    assert!(
        pending.is_empty(),
        "still pending after reconciliation: {pending:?}"
    );
    let state = held(&portal, &leads);
    assert_eq!(state.len(), items.len(), "every link held");
    let executed = executed + portal.count("crm.lead.contact.add");
    assert_eq!(executed, items.len(), "every link executed exactly once");
    eprintln!(
        "soak: reconciled with {read_back} read-back calls and {resent} items resent; \
         {} held, {executed} executed, 0 twice",
        state.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_calls_on_an_expired_token_refresh_once() {
    let portal = Portal::builder()
        .limits(bitrix_api::Limits::off())
        .start()
        .await
        .unwrap();
    let lead = portal.add_lead(json!({}));
    let t = portal.issue_tokens(&["crm"]);
    let client = Client::builder()
        .oauth(portal.rest_url(), portal.oauth_app(), t)
        .oauth_server(portal.oauth_server_url())
        .limits(Limits::off())
        .build()
        .unwrap();
    client.crm_lead_contact_items_get(lead).await.unwrap();
    portal.expire_access_tokens();
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.crm_lead_contact_items_get(lead).await })
    });
    for r in futures_join(calls).await {
        r.unwrap();
    }
    assert_eq!(portal.refresh_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_500_calls_is_never_refused_for_the_rate() {
    let portal = Portal::builder()
        .limits(bitrix_api::Limits::from(bitrix_api::Plan::Others))
        .clock_speed(CLOCK)
        .start()
        .await
        .unwrap();
    let lead = portal.add_lead(json!({}));
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Plan::Others)
        .time_scale(CLOCK)
        .build()
        .unwrap();
    let calls = (0..500).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.crm_lead_contact_items_get(lead).await })
    });
    let results: Vec<Result<_, Error>> = futures_join(calls).await;
    assert!(results.iter().all(Result::is_ok));
    let refused = portal
        .requests()
        .iter()
        .filter(|r| r.error_code.as_deref() == Some("QUERY_LIMIT_EXCEEDED"))
        .count();
    assert_eq!(refused, 0);
    assert_eq!(portal.count("crm.lead.contact.items.get"), 500);
}

/// Awaits spawned tasks in order.
async fn futures_join<T>(tasks: impl IntoIterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.expect("task panicked"));
    }
    out
}
