//! Client overhead and bulk memory.
//!
//! ```sh
//! # our typed client vs a bare reqwest POST + serde_json decode of the same answers,
//! # N small calls on loopback, emulator limits off, same concurrency, interleaved rounds
//! cargo run --release -p bitrix-bench --bin overhead -- calls
//! # peak memory of bulk() over 10,000 and 100,000 items (a child process each, against
//! # the bitrix-emulator binary with limits off)
//! cargo run --release -p bitrix-bench --bin overhead -- memory
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use bitrix_api::methods::{CrmLeadContactAdd, CrmLeadContactAddFields};
use bitrix_api::ClientMethods;
use bitrix_api::{Client, Limits};
use bitrix_bench::{median, print_table, sibling_binary, EmulatorProcess};
use bitrix_emulator::Portal;
use serde_json::json;

/// Counts live heap bytes and their peak (the child's measure of `bulk` memory).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What a hand-written client would decode: the typed `result`, `time` as JSON.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct BareAnswer {
    result: Vec<BareLink>,
    time: serde_json::Value,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct BareLink {
    #[serde(rename = "CONTACT_ID")]
    contact_id: i64,
    #[serde(rename = "SORT")]
    sort: i64,
    #[serde(rename = "IS_PRIMARY")]
    is_primary: String,
}

const CALLS: usize = 4_000;
const CONCURRENCY: usize = 8;
const ROUNDS: usize = 9;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("calls") => calls(false).await,
        // Only our side, for a profiler: `perf record -g -- overhead profile`.
        Some("profile") => calls(true).await,
        Some("memory") => memory(),
        Some("child") => child(&args[1], args[2].parse()?).await,
        _ => {
            eprintln!("usage: overhead calls|memory");
            std::process::exit(2)
        }
    }
}

/// The same `crm.lead.contact.items.get` answers, fetched `CALLS` times with `CONCURRENCY`
/// tasks, through `run_one`.
async fn timed<F, Fut>(run_one: F) -> f64
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = usize> + Send,
{
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for t in 0..CONCURRENCY {
        let run_one = run_one.clone();
        tasks.spawn(async move {
            let mut links = 0;
            for i in (t..CALLS).step_by(CONCURRENCY) {
                links += run_one(i).await;
            }
            links
        });
    }
    let mut links = 0;
    while let Some(n) = tasks.join_next().await {
        links += n.unwrap_or(0);
    }
    assert_eq!(links, CALLS * 3, "every call must see the lead's 3 links");
    CALLS as f64 / started.elapsed().as_secs_f64()
}

async fn calls(profile: bool) -> Result<(), Box<dyn std::error::Error>> {
    let portal = Portal::builder()
        .limits(bitrix_api::Limits::off())
        .start()
        .await?;
    let leads: Vec<i64> = (0..16).map(|_| portal.add_lead(json!({}))).collect();
    let contacts: Vec<i64> = (0..3).map(|_| portal.add_contact(json!({}))).collect();
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Limits::off())
        .build()?;
    for &lead in &leads {
        for &c in &contacts {
            client
                .call(&CrmLeadContactAdd::new(
                    lead,
                    CrmLeadContactAddFields::new(c),
                ))
                .await?;
        }
    }
    let leads = Arc::new(leads);
    let ours = {
        let (client, leads) = (client.clone(), leads.clone());
        move |i: usize| {
            let (client, lead) = (client.clone(), leads[i % leads.len()]);
            async move {
                client
                    .crm_lead_contact_items_get(lead)
                    .await
                    .map(|v| v.len())
                    .unwrap_or(0)
            }
        }
    };
    let bare = {
        let http = reqwest::Client::new();
        let url = format!("{}crm.lead.contact.items.get", portal.webhook_url());
        let leads = leads.clone();
        move |i: usize| {
            let (http, url, lead) = (http.clone(), url.clone(), leads[i % leads.len()]);
            async move {
                let Ok(resp) = http.post(url).json(&json!({"id": lead})).send().await else {
                    return 0;
                };
                let Ok(bytes) = resp.bytes().await else {
                    return 0;
                };
                let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
                v["result"].as_array().map_or(0, Vec::len)
            }
        }
    };
    if profile {
        for _ in 0..10 {
            timed(ours.clone()).await;
        }
        return Ok(());
    }
    let typed = {
        let http = reqwest::Client::new();
        let url = format!("{}crm.lead.contact.items.get", portal.webhook_url());
        let leads = leads.clone();
        move |i: usize| {
            let (http, url, lead) = (http.clone(), url.clone(), leads[i % leads.len()]);
            async move {
                let Ok(resp) = http.post(url).json(&json!({"id": lead})).send().await else {
                    return 0;
                };
                let Ok(bytes) = resp.bytes().await else {
                    return 0;
                };
                serde_json::from_slice::<BareAnswer>(&bytes).map_or(0, |a| a.result.len())
            }
        }
    };
    // Warm both connection pools, then interleave the rounds so drift hits both alike.
    timed(ours.clone()).await;
    timed(bare.clone()).await;
    timed(typed.clone()).await;
    let mut rows = Vec::new();
    let mut ratios = Vec::new();
    let mut typed_ratios = Vec::new();
    for round in 1..=ROUNDS {
        let (o, b, t) = if round % 2 == 1 {
            let o = timed(ours.clone()).await;
            let b = timed(bare.clone()).await;
            (o, b, timed(typed.clone()).await)
        } else {
            let t = timed(typed.clone()).await;
            let b = timed(bare.clone()).await;
            (timed(ours.clone()).await, b, t)
        };
        ratios.push(o / b);
        typed_ratios.push(o / t);
        rows.push(vec![
            round.to_string(),
            format!("{o:.0}"),
            format!("{b:.0}"),
            format!("{t:.0}"),
            format!("{:.3}", o / b),
            format!("{:.3}", o / t),
        ]);
    }
    println!(
        "client overhead: {CALLS} crm.lead.contact.items.get calls (3 links each), {CONCURRENCY} tasks, embedded emulator with limits off, client limiter off"
    );
    print_table(
        &[
            "round",
            "bitrix-api calls/s",
            "bare: reqwest + serde_json::Value calls/s",
            "bare: reqwest + #[derive(Deserialize)] calls/s",
            "ours ÷ bare Value (goal ≥ 0.9)",
            "ours ÷ bare derive",
        ],
        &rows,
    );
    println!(
        "median ours ÷ bare Value: {:.3}; ours ÷ bare derive: {:.3}",
        median(ratios),
        median(typed_ratios)
    );
    Ok(())
}

/// Runs a child per size against one emulator binary and prints the peaks.
fn memory() -> Result<(), Box<dyn std::error::Error>> {
    let emu = EmulatorProcess::start(
        &sibling_binary("bitrix-emulator"),
        &["--plan".into(), "off".into()],
    )?;
    let me = std::env::current_exe()?;
    let mut rows = Vec::new();
    let mut peaks = Vec::new();
    for n in [10_000usize, 100_000] {
        let out = std::process::Command::new(&me)
            .args(["child", &emu.webhook, &n.to_string()])
            .output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        let v: serde_json::Value =
            serde_json::from_str(text.trim()).map_err(|e| format!("child said {text:?}: {e}"))?;
        let heap = v["heap_peak"].as_f64().unwrap_or(0.0);
        let rss = v["vm_hwm_kb"].as_f64().unwrap_or(0.0);
        let req = v["request_bytes"].as_f64().unwrap_or(0.0);
        let res = v["result_bytes"].as_f64().unwrap_or(0.0);
        peaks.push((n as f64, heap, rss));
        rows.push(vec![
            n.to_string(),
            format!("{:.1}", heap / 1e6),
            format!("{:.1}", rss / 1e3),
            format!("{:.1}", n as f64 * req / 1e6),
            format!("{:.1}", n as f64 * res / 1e6),
            v["ok"].to_string(),
        ]);
    }
    println!(
        "bulk memory: crm.lead.contact.add through bulk() (concurrency 2) in a child process, bitrix-emulator binary with limits off"
    );
    print_table(
        &[
            "items",
            "peak heap, MB",
            "peak RSS (VmHWM), MB",
            "the input held once would be, MB",
            "the results vector, MB",
            "ok",
        ],
        &rows,
    );
    let (a, b) = (peaks[0], peaks[1]);
    println!(
        "heap growth per extra item: {:.0} bytes (100k peak ÷ 10k peak = {:.2}×; items ×10)",
        (b.1 - a.1) / (b.0 - a.0),
        b.1 / a.1
    );
    Ok(())
}

/// One bulk run of `n` items; prints its memory as JSON.
async fn child(webhook: &str, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .webhook(webhook)
        .limits(Limits::off())
        .build()?;
    // The portal needs the records; a few leads and contacts are enough for distinct links.
    let mut leads = Vec::new();
    for _ in 0..n.div_ceil(100) {
        let v = client
            .call_raw("crm.lead.add", json!({"fields": {}}))
            .await?;
        leads.push(v.as_i64().unwrap_or(0));
    }
    let mut contacts = Vec::new();
    for _ in 0..100 {
        let v = client
            .call_raw("crm.contact.add", json!({"fields": {}}))
            .await?;
        contacts.push(v.as_i64().unwrap_or(0));
    }
    let sample = CrmLeadContactAdd::new(1, CrmLeadContactAddFields::new(1).sort(10));
    let request_bytes = std::mem::size_of_val(&sample) + serde_json::to_vec(&sample)?.len();
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let requests = (0..n).map(move |i| {
        CrmLeadContactAdd::new(
            leads[i / 100],
            CrmLeadContactAddFields::new(contacts[i % 100]).sort((i % 100) as i64),
        )
    });
    let results = client.bulk(requests).await;
    let ok = results.iter().filter(|r| matches!(r, Ok(true))).count();
    let result_bytes = std::mem::size_of_val(&results[0]);
    let heap_peak = PEAK.load(Ordering::Relaxed) - base;
    drop(results);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    println!(
        "{}",
        json!({"heap_peak": heap_peak, "vm_hwm_kb": hwm, "ok": ok,
               "request_bytes": request_bytes, "result_bytes": result_bytes})
    );
    Ok(())
}
