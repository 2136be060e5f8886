//! Bulk writes at the portal's ceiling.
//!
//! ```sh
//! # 1. bitrix-api alone: 10,000 crm.lead.contact.add through bulk() against the embedded
//! #    emulator with the Others plan (2/s drain, threshold 50) on a ×50 clock
//! cargo run --release -p bitrix-bench --bin bulk -- ceiling
//! # 2. the same workload through bitrix-api and fast_bitrix24 against the bitrix-emulator
//! #    binary with scaled limits (real-time clock); see bench/run.sh
//! cargo run --release -p bitrix-bench --bin bulk -- compare --python target/bench-venv/bin/python
//! # 3. real-time plan limits (2/s, threshold 50) with the latency model on: 10,000
//! #    crm.lead.contact.add and 10,000 crm.deal.add through both clients
//! cargo run --release -p bitrix-bench --bin bulk -- write --runs 1 --python target/bench-venv/bin/python
//! ```

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bitrix_api::{Client, Limits};
use bitrix_bench::chart::{self, Series};
use bitrix_bench::{
    ceiling_seconds, check_over_rest, compare, median, print_table, seed_over_rest, sibling_binary,
    EmulatorProcess, RefusalCounter, StateCheck, Workload, CONTACTS_PER_LEAD, LEADS,
};
use bitrix_emulator::Portal;
use serde_json::json;

mod compare;
mod write;

use compare::compare_with_python;
use write::write_at_plan;

type Timeline = Arc<Mutex<Vec<(f64, f64)>>>;

struct Args {
    mode: String,
    runs: usize,
    clock: f64,
    rps: f64,
    burst: f64,
    concurrency: usize,
    their_pool: Option<usize>,
    portal_burst: Option<f64>,
    their_rps: Option<f64>,
    their_connections: usize,
    python: PathBuf,
    emulator: PathBuf,
    script: PathBuf,
    svg: PathBuf,
    cap: f64,
    skip: Vec<String>,
}

fn args() -> Args {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut a = Args {
        mode: String::new(),
        runs: 3,
        clock: 50.0,
        rps: 100.0,
        burst: 50.0,
        concurrency: 4,
        their_pool: None,
        portal_burst: None,
        their_rps: None,
        their_connections: 0,
        python: PathBuf::from("python3"),
        emulator: sibling_binary("bitrix-emulator"),
        script: root.join("fast_bitrix24_bulk.py"),
        svg: root.join("../benchmarks/bulk.svg"),
        cap: 150.0,
        skip: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_default();
        match flag.as_str() {
            "--runs" => a.runs = value().parse().unwrap_or(3),
            "--clock" => a.clock = value().parse().unwrap_or(50.0),
            "--rps" => a.rps = value().parse().unwrap_or(100.0),
            "--burst" => a.burst = value().parse().unwrap_or(50.0),
            "--concurrency" => a.concurrency = value().parse().unwrap_or(4),
            "--their-connections" => a.their_connections = value().parse().unwrap_or(0),
            "--their-rps" => a.their_rps = value().parse().ok(),
            "--portal-burst" => a.portal_burst = value().parse().ok(),
            "--their-pool" => a.their_pool = value().parse().ok(),
            "--python" => a.python = value().into(),
            "--emulator" => a.emulator = value().into(),
            "--svg" => a.svg = value().into(),
            "--cap" => a.cap = value().parse().unwrap_or(150.0),
            // `write`: leave out a workload or client (`deal`, `lead-contact`, `readme`, …).
            "--skip" => a.skip.push(value()),
            m if !m.starts_with('-') && a.mode.is_empty() => a.mode = m.to_owned(),
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = args();
    let counter = RefusalCounter::install();
    match a.mode.as_str() {
        "ceiling" => ceiling(&a, &counter).await,
        "compare" => compare_with_python(&a, &counter).await,
        "write" => write_at_plan(&a, &counter).await,
        _ => {
            eprintln!("usage: bulk ceiling|compare|write [--runs N] [--clock X] [--rps X] [--burst X] [--concurrency N] [--python PATH] [--emulator PATH] [--svg PATH]");
            std::process::exit(2)
        }
    }
}

/// One bulk run through our client.
struct Ours {
    elapsed: f64,
    failed: usize,
    already_linked: usize,
    timeline: Vec<(f64, f64)>,
}

async fn run_ours(client: &Client, workload: &Workload, concurrency: usize) -> Ours {
    let timeline: Timeline = Arc::default();
    let started = Instant::now();
    let t = timeline.clone();
    let results = client
        .bulk(workload.requests())
        .concurrency(concurrency)
        .on_progress(move |done, _| {
            let now = started.elapsed().as_secs_f64();
            t.lock().unwrap().push((now, done as f64));
        })
        .await;
    let elapsed = started.elapsed().as_secs_f64();
    let timeline = std::mem::take(&mut *timeline.lock().unwrap());
    Ours {
        elapsed,
        failed: results.iter().filter(|r| r.is_err()).count(),
        already_linked: results.iter().filter(|r| matches!(r, Ok(false))).count(),
        timeline: std::iter::once((0.0, 0.0)).chain(timeline).collect(),
    }
}

/// Part 1: the embedded emulator with the Others plan on a scaled clock.
async fn ceiling(a: &Args, counter: &RefusalCounter) -> Result<(), Box<dyn std::error::Error>> {
    let limits = bitrix_api::Limits::from(bitrix_api::Plan::Others);
    let (drain, threshold) = (
        limits.drain_per_sec().unwrap_or(2.0),
        limits.threshold().unwrap_or(50.0),
    );
    let mut rows = Vec::new();
    let mut ratios = Vec::new();
    for run in 1..=a.runs {
        let portal = Portal::builder()
            .limits(limits)
            .clock_speed(a.clock)
            .log_capacity(100_000)
            .start()
            .await?;
        let leads: Vec<i64> = (0..LEADS).map(|_| portal.add_lead(json!({}))).collect();
        let contacts: Vec<i64> = (0..CONTACTS_PER_LEAD)
            .map(|_| portal.add_contact(json!({})))
            .collect();
        let workload = Workload::new(&leads, &contacts);
        let total = workload.items.len();
        let client = Client::builder()
            .webhook(portal.webhook_url())
            .limits(Limits::custom(drain, threshold))
            .time_scale(a.clock)
            .build()?;
        counter.reset();
        let ours = run_ours(&client, &workload, a.concurrency).await;
        let (client_saw_503, _) = counter.get();
        let log = portal.requests();
        let refused = log
            .iter()
            .filter(|r| r.error_code.as_deref() == Some("QUERY_LIMIT_EXCEEDED"))
            .count();
        let executed = portal.count("crm.lead.contact.add");
        let held: HashSet<(i64, i64)> = leads
            .iter()
            .flat_map(|&l| {
                portal
                    .lead_contacts(l)
                    .into_iter()
                    .map(move |k| (l, k.contact_id))
            })
            .collect();
        let state = compare(&workload, &held);
        let emulated = ours.elapsed * a.clock;
        let per_sec = total as f64 / emulated;
        let fastest = ceiling_seconds(drain, threshold, total);
        let vs_ceiling = fastest / emulated;
        ratios.push(vs_ceiling);
        // Steady state: the slope between 25% and 90% of the items, vs 50 × drain.
        let slope = slope(&ours.timeline, total as f64 * 0.25, total as f64 * 0.9) / a.clock;
        rows.push(vec![
            run.to_string(),
            total.to_string(),
            format!("{:.2}", ours.elapsed),
            format!("{emulated:.1}"),
            format!("{per_sec:.1}"),
            format!("{fastest:.1}"),
            format!("**{vs_ceiling:.3}**"),
            format!("{:.3}", slope / (50.0 * drain)),
            format!("{refused} ({client_saw_503})"),
            format!("{}", ours.failed),
            format!("{}", state.lost),
            format!(
                "{}",
                state.extra + ours.already_linked + executed.saturating_sub(total)
            ),
            portal.count("batch").to_string(),
        ]);
    }
    println!(
        "bulk at the ceiling: crm.lead.contact.add ×10,000 via bulk(), concurrency {}, emulator Others plan ({} /s drain, threshold {}), clock ×{}",
        a.concurrency, drain, threshold, a.clock
    );
    print_table(
        &[
            "run",
            "items",
            "real s",
            "emulated s",
            "items / emulated s",
            "fastest possible, emulated s",
            "fastest ÷ ours (goal ≥ 0.95)",
            "steady slope ÷ (50 × drain)",
            "QUERY_LIMIT_EXCEEDED (seen by client)",
            "failed",
            "lost",
            "written twice",
            "batch calls",
        ],
        &rows,
    );
    println!("median fastest ÷ ours: {:.3}", median(ratios));
    Ok(())
}

/// Records per second between two record counts of a timeline (real seconds).
fn slope(timeline: &[(f64, f64)], from: f64, to: f64) -> f64 {
    let at = |n: f64| timeline.iter().find(|p| p.1 >= n).copied();
    match (at(from), at(to)) {
        (Some(a), Some(b)) if b.0 > a.0 => (b.1 - a.1) / (b.0 - a.0),
        _ => f64::NAN,
    }
}

/// What the Python side wrote.
#[derive(serde::Deserialize)]
struct Theirs {
    elapsed: f64,
    answered: usize,
    ok: usize,
    already_linked: usize,
    statuses: std::collections::BTreeMap<String, usize>,
    answers: Vec<(f64, u16)>,
    error: Option<String>,
}

/// Waits until the emulator's bucket is empty again (seeding and checking use it).
async fn settle(a: &Args) {
    tokio::time::sleep(Duration::from_secs_f64((a.burst + 2.0) / a.rps + 0.1)).await;
}

#[allow(clippy::too_many_arguments)]
fn row(
    run: usize,
    client: &str,
    elapsed: f64,
    fastest: f64,
    total: usize,
    refused: usize,
    other: &str,
    failed: usize,
    state: StateCheck,
    twice: usize,
) -> Vec<String> {
    vec![
        run.to_string(),
        client.to_owned(),
        format!("{elapsed:.3}"),
        format!("{:.0}", total as f64 / elapsed),
        format!("{:.3}", fastest / elapsed),
        refused.to_string(),
        other.to_owned(),
        failed.to_string(),
        state.lost.to_string(),
        (state.extra + twice).to_string(),
    ]
}
