//! Bulk export: 100,000 deals read back through the typed list stream, side by side with
//! fast_bitrix24's `get_all` and `get_by_ID`, against one portal with the Others plan's
//! limits (2/s, threshold 50) on a real-time clock and the latency model on.
//!
//! ```sh
//! cargo run --release -p bitrix-bench --bin export -- --python target/bench-venv/bin/python
//! ```
//!
//! The portal is the embedded emulator, on a runtime (and thread) of its own; the deals are
//! seeded over REST with its limits and latency off, then limits and latency are switched
//! on. Export is read-only, so every client reads the same 100,000 deals, one after the
//! other, with the bucket drained in between. Peak heap is counted only on the client's
//! threads (a thread-local flag in the counting allocator), so the portal's own memory is
//! left out.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::PathBuf;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use bitrix_api::{Client, Limits};
use bitrix_bench::chart::{self, Series};
use bitrix_bench::{median, print_table};
use bitrix_emulator::{Latency, Portal};
use futures_util::StreamExt;

struct Counting;

thread_local! {
    static COUNTED: Cell<bool> = const { Cell::new(false) };
}
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn counted() -> bool {
    COUNTED.try_with(Cell::get).unwrap_or(false)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && counted() {
            let now =
                LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed) + layout.size() as isize;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if counted() {
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The fields every client asks for.
const SELECT: [&str; 6] = [
    "ID",
    "TITLE",
    "STAGE_ID",
    "OPPORTUNITY",
    "CURRENCY_ID",
    "DATE_CREATE",
];

struct Args {
    runs: usize,
    deals: usize,
    cap: f64,
    rps: f64,
    burst: f64,
    latency: bool,
    python: PathBuf,
    script: PathBuf,
    svg: PathBuf,
    skip: Vec<String>,
    ranges: usize,
}

fn args() -> Args {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut a = Args {
        runs: 1,
        deals: 100_000,
        cap: 150.0,
        rps: 2.0,
        burst: 50.0,
        latency: true,
        python: PathBuf::from("python3"),
        script: root.join("fast_bitrix24_export.py"),
        svg: root.join("../benchmarks/export.svg"),
        skip: Vec::new(),
        ranges: 8,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_default();
        match flag.as_str() {
            "--runs" => a.runs = value().parse().unwrap_or(1),
            "--deals" => a.deals = value().parse().unwrap_or(100_000),
            "--cap" => a.cap = value().parse().unwrap_or(150.0),
            "--rps" => a.rps = value().parse().unwrap_or(2.0),
            "--burst" => a.burst = value().parse().unwrap_or(50.0),
            "--no-latency" => a.latency = false,
            "--python" => a.python = value().into(),
            "--svg" => a.svg = value().into(),
            // `--skip get_by_ID` (repeatable): leave a client out.
            "--skip" => a.skip.push(value()),
            "--ranges" => a.ranges = value().parse().unwrap_or(8),
            other => {
                eprintln!("usage: export [--runs N] [--deals N] [--cap SECONDS] [--rps X] [--burst X] [--no-latency] [--python PATH] [--svg PATH] [--skip ours|ours-ranges|get_all|get_by_ID] [--ranges N]; unknown {other}");
                std::process::exit(2)
            }
        }
    }
    a
}

/// One export run, whoever made it.
struct Run {
    client: String,
    elapsed: f64,
    records: usize,
    unique: Option<usize>,
    requests: usize,
    refused: usize,
    note: String,
    peak_heap: Option<f64>,
    timeline: Vec<(f64, f64)>,
    /// Ours, walking id ranges side by side: the row the ratios are taken against.
    baseline: bool,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = args();
    let portal_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("portal")
        .enable_all()
        .build()?;
    let portal = portal_rt.block_on(Portal::builder().limits(Limits::off()).start())?;
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("client")
        .on_thread_start(|| COUNTED.with(|c| c.set(true)))
        .enable_all()
        .build()?;
    let result = client_rt.block_on(run(&a, &portal));
    drop(portal);
    result
}

async fn run(a: &Args, portal: &Portal) -> Result<(), Box<dyn std::error::Error>> {
    let seed_client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Limits::off())
        .build()?;
    let started = Instant::now();
    let seeded = seed_client
        .bulk((0..a.deals).map(bitrix_bench::deal))
        .concurrency(2)
        .await;
    let ids: Vec<i64> = seeded
        .iter()
        .filter_map(|r| r.as_ref().ok().copied())
        .collect();
    eprintln!(
        "seeded {} deals in {:.1} s",
        ids.len(),
        started.elapsed().as_secs_f64()
    );
    if ids.len() != a.deals {
        return Err(format!("seeding: {} of {} deals", ids.len(), a.deals).into());
    }
    portal.set_limits(Limits::custom(a.rps, a.burst));
    let latency = if a.latency {
        Latency::portal()
    } else {
        Latency::off()
    };
    portal.set_latency(latency);
    let dir = std::env::temp_dir().join(format!("bitrix-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let ids_file = dir.join("ids.json");
    std::fs::write(&ids_file, serde_json::to_vec(&ids)?)?;

    let mut runs: Vec<Run> = Vec::new();
    for round in 1..=a.runs {
        // Alternate who goes first, so neither always meets a fresher portal.
        let mut order = vec!["ours-ranges", "get_all", "ours", "get_by_ID"];
        if round % 2 == 0 {
            order.reverse();
        }
        for who in order {
            if a.skip.iter().any(|s| s == who) {
                continue;
            }
            settle(a).await;
            portal.set_latency(latency);
            portal.reset_log();
            let mut r = if who.starts_with("ours") {
                ours(a, portal, (who == "ours-ranges").then_some(a.ranges)).await?
            } else {
                theirs(a, portal, who, &dir, &ids_file).await?
            };
            let log = portal.requests();
            r.requests = log.len();
            r.refused = log
                .iter()
                .filter(|l| l.error_code.as_deref() == Some("QUERY_LIMIT_EXCEEDED"))
                .count();
            eprintln!(
                "round {round}: {} {} records in {:.1} s",
                r.client, r.records, r.elapsed
            );
            runs.push(r);
        }
    }
    report(a, &runs)?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Waits until the portal's bucket is empty again.
async fn settle(a: &Args) {
    tokio::time::sleep(Duration::from_secs_f64((a.burst + 2.0) / a.rps + 0.5)).await;
}

/// Our export: the one `>ID` walk (`list_stream_by_id`), or `ranges` of ids walked side
/// by side (`list_stream_by_id_ranges`).
async fn ours(
    a: &Args,
    portal: &Portal,
    ranges: Option<usize>,
) -> Result<Run, Box<dyn std::error::Error>> {
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Limits::custom(a.rps, a.burst))
        .build()?;
    // Allocated before the heap is counted, and big enough not to grow.
    let mut seen = std::collections::HashSet::with_capacity(a.deals * 2);
    COUNTED.with(|c| c.set(true));
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(a.cap);
    // The generated `crm_deal_list()` has only the typed `stream()` here: the page's answer
    // names no record fields, so no `stream_by_id()` is generated. `list_stream_by_id`
    // (`_ranges`) is the same `>ID` walk (`list/`), records as `serde_json::Value`.
    let params = serde_json::json!({ "select": SELECT });
    let mut stream = match ranges {
        None => Box::pin(client.list_stream_by_id("crm.deal.list", params, "ID")).left_stream(),
        Some(n) => Box::pin(client.list_stream_by_id_ranges("crm.deal.list", params, "ID", n))
            .right_stream(),
    };
    let mut records = 0usize;
    let mut timeline = vec![(0.0, 0.0)];
    let mut note = String::new();
    loop {
        let next = tokio::time::timeout_at(deadline.into(), stream.next()).await;
        match next {
            Err(_) => {
                note = format!("cut at the {:.0} s cap", a.cap);
                break;
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                note = format!("error: {e}");
                break;
            }
            Ok(Some(Ok(deal))) => {
                records += 1;
                let id = deal["ID"]
                    .as_str()
                    .and_then(|s| s.parse().ok())
                    .or_else(|| deal["ID"].as_i64())
                    .unwrap_or(0);
                seen.insert(id);
                if records.is_multiple_of(50) {
                    timeline.push((started.elapsed().as_secs_f64(), records as f64));
                }
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    timeline.push((elapsed, records as f64));
    drop(stream);
    let peak = (PEAK.load(Ordering::Relaxed) - base).max(0) as f64;
    COUNTED.with(|c| c.set(false));
    let client = match ranges {
        None => "bitrix-api `list_stream_by_id(\"crm.deal.list\")`".to_string(),
        Some(n) => format!("bitrix-api `list_stream_by_id_ranges(\"crm.deal.list\", {n})`"),
    };
    Ok(Run {
        client,
        elapsed,
        records,
        unique: Some(seen.len()),
        baseline: ranges.is_some(),
        requests: 0,
        refused: 0,
        note,
        peak_heap: Some(peak),
        timeline,
    })
}

/// What the Python side wrote.
#[derive(serde::Deserialize)]
struct Theirs {
    elapsed: f64,
    records: Option<usize>,
    unique: Option<usize>,
    answers: Vec<(f64, u16, usize)>,
    error: Option<String>,
}

async fn theirs(
    a: &Args,
    portal: &Portal,
    mode: &str,
    dir: &std::path::Path,
    ids: &std::path::Path,
) -> Result<Run, Box<dyn std::error::Error>> {
    let out = dir.join(format!("{mode}.json"));
    let mut cmd = tokio::process::Command::new(&a.python);
    cmd.arg(&a.script)
        .arg(portal.webhook_url())
        .arg(mode)
        .arg(a.rps.to_string())
        .arg((a.burst as usize).to_string())
        .arg(a.cap.to_string())
        .arg(&out)
        .stderr(std::process::Stdio::null());
    if mode == "get_by_ID" {
        cmd.arg(ids);
    }
    let status = tokio::time::timeout(Duration::from_secs_f64(a.cap + 120.0), cmd.status())
        .await
        .map_err(|_| format!("{} did not end", a.script.display()))??;
    if !status.success() {
        return Err(format!("{} {mode} failed: {status}", a.script.display()).into());
    }
    let t: Theirs = serde_json::from_slice(&std::fs::read(&out)?)?;
    let mut n = 0.0;
    let timeline: Vec<(f64, f64)> = std::iter::once((0.0, 0.0))
        .chain(t.answers.iter().filter(|x| x.1 == 200).map(|&(s, _, k)| {
            n += k as f64;
            (s, n)
        }))
        .collect();
    // A run cut by the cap returns nothing: count what its answers carried.
    let records = t.records.unwrap_or(n as usize);
    Ok(Run {
        client: format!(
            "fast_bitrix24 `{}`",
            if mode == "get_all" {
                "get_all(\"crm.deal.list\")"
            } else {
                "get_by_ID(\"crm.deal.get\", ids)"
            }
        ),
        elapsed: t.elapsed,
        records,
        unique: t.unique,
        requests: 0,
        refused: 0,
        note: t.error.unwrap_or_default(),
        peak_heap: None,
        timeline,
        baseline: false,
    })
}

fn report(a: &Args, runs: &[Run]) -> Result<(), Box<dyn std::error::Error>> {
    println!(
        "export: {} deals, select {} fields; embedded emulator, {} /s drain, threshold {}, real-time clock, latency {}; every client told {} /s and {}; cap {:.0} s per run",
        a.deals,
        SELECT.len(),
        a.rps,
        a.burst,
        if a.latency { "Latency::portal() (100 ms + 10 ms per command, ±30%)" } else { "off" },
        a.rps,
        a.burst,
        a.cap
    );
    let rate = |r: &Run| r.records as f64 / r.elapsed;
    let ours: Vec<f64> = runs.iter().filter(|r| r.baseline).map(rate).collect();
    let ours = median(ours);
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| {
            vec![
                r.client.clone(),
                format!("{:.1}", r.elapsed),
                r.records.to_string(),
                r.unique.map_or("—".into(), |u| u.to_string()),
                format!("{:.0}", rate(r)),
                if r.baseline {
                    "1.00".into()
                } else {
                    format!("{:.2}", ours / rate(r))
                },
                r.requests.to_string(),
                format!("{:.0}", r.records as f64 / r.requests.max(1) as f64),
                r.refused.to_string(),
                r.peak_heap.map_or("—".into(), |p| {
                    format!(
                        "{:.2} MB ({:.3} MB per 10,000)",
                        p / 1e6,
                        p / 1e6 / (r.records.max(1) as f64 / 1e4)
                    )
                }),
                if r.note.is_empty() {
                    "-".into()
                } else {
                    r.note.clone()
                },
            ]
        })
        .collect();
    print_table(
        &[
            "client",
            "s",
            "records",
            "distinct IDs",
            "records / s",
            "ours ÷ this (records / s; goal ≥ 1.5)",
            "HTTP requests",
            "records / request",
            "QUERY_LIMIT_EXCEEDED",
            "peak heap (client threads)",
            "note",
        ],
        &rows,
    );
    let series: Vec<Series> = runs
        .iter()
        .map(|r| Series {
            label: r.client.replace('`', ""),
            points: r.timeline.clone(),
        })
        .collect();
    if let Some(parent) = a.svg.parent() {
        std::fs::create_dir_all(parent)?;
    }
    chart::records_over_time_per_call(
        &a.svg,
        &format!(
            "crm.deal.list export of {}: records read, {}/s drain, threshold {}, latency on",
            a.deals, a.rps, a.burst
        ),
        "records read",
        &series,
        (a.rps, a.burst, 2500.0),
        a.deals,
    )?;
    println!("chart: {}", a.svg.display());
    Ok(())
}
