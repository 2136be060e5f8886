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

/// Part 2: both clients against the `bitrix-emulator` binary, with scaled limits.
async fn compare_with_python(
    a: &Args,
    counter: &RefusalCounter,
) -> Result<(), Box<dyn std::error::Error>> {
    let emu_args = vec![
        "--rps".to_owned(),
        a.rps.to_string(),
        "--burst".to_owned(),
        a.portal_burst.unwrap_or(a.burst).to_string(),
    ];
    let dir = std::env::temp_dir().join(format!("bitrix-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let total = LEADS * CONTACTS_PER_LEAD;
    let fastest = ceiling_seconds(a.rps, a.burst, total);
    let mut rows = Vec::new();
    let (mut ours_t, mut theirs_t, mut ours_scaled_t) = (Vec::new(), Vec::new(), Vec::new());
    let mut chart_ours: Vec<Option<Vec<(f64, f64)>>> = vec![None, None];
    let mut chart_theirs = None;
    for run in 1..=a.runs {
        // Ours, as a user of a portal with these limits would configure it.
        for (variant, scaled) in [
            ("bitrix-api, time_scale", true),
            ("bitrix-api, Limits::custom", false),
        ] {
            let emu = EmulatorProcess::start(&a.emulator, &emu_args)?;
            let limits = if scaled {
                // The same bucket in real time, described as the Others plan on a ×(rps/2)
                // clock: the safety margin is then one *portal* second's drain (2 calls).
                Limits::custom(2.0, a.burst)
            } else {
                Limits::custom(a.rps, a.burst)
            };
            let client = Client::builder()
                .webhook(&emu.webhook)
                .limits(limits)
                .time_scale(if scaled { a.rps / 2.0 } else { 1.0 })
                .build()?;
            let workload = seed_over_rest(&client).await?;
            settle(a).await;
            counter.reset();
            let ours = run_ours(&client, &workload, a.concurrency).await;
            let (saw_503, retries) = counter.get();
            settle(a).await;
            let state = check_over_rest(&client, &workload).await?;
            if scaled {
                ours_scaled_t.push(ours.elapsed);
            } else {
                ours_t.push(ours.elapsed);
            }
            rows.push(row(
                run,
                variant,
                ours.elapsed,
                fastest,
                total,
                saw_503,
                &format!("{retries} retries"),
                ours.failed,
                state,
                ours.already_linked,
            ));
            let slot = &mut chart_ours[usize::from(!scaled)];
            if slot.is_none() {
                *slot = Some(ours.timeline);
            }
        }
        // Theirs, same emulator flags, a fresh process.
        let emu = EmulatorProcess::start(&a.emulator, &emu_args)?;
        let client = Client::builder()
            .webhook(&emu.webhook)
            .limits(Limits::custom(a.rps, a.burst))
            .build()?;
        let workload = seed_over_rest(&client).await?;
        let work_file = dir.join("workload.json");
        let out_file = dir.join("theirs.json");
        workload.save(&work_file)?;
        settle(a).await;
        let status = std::process::Command::new(&a.python)
            .arg(&a.script)
            .arg(&emu.webhook)
            .arg(&work_file)
            .arg(a.their_rps.unwrap_or(a.rps).to_string())
            .arg(a.their_pool.unwrap_or(a.burst as usize).to_string())
            .arg(&out_file)
            .arg(a.their_connections.to_string())
            .stderr(std::process::Stdio::null())
            .status()?;
        if !status.success() {
            return Err(format!(
                "{} {} failed: {status}",
                a.python.display(),
                a.script.display()
            )
            .into());
        }
        let theirs: Theirs = serde_json::from_slice(&std::fs::read(&out_file)?)?;
        settle(a).await;
        let state = check_over_rest(&client, &workload).await?;
        if let Some(e) = &theirs.error {
            println!("fast_bitrix24 run {run} raised: {e}");
        }
        let refused = theirs.statuses.get("503").copied().unwrap_or(0);
        let other: Vec<String> = theirs
            .statuses
            .iter()
            .filter(|(k, _)| k.as_str() != "200" && k.as_str() != "503")
            .map(|(k, v)| format!("{v}×{k}"))
            .collect();
        theirs_t.push(theirs.elapsed);
        rows.push(row(
            run,
            "fast_bitrix24",
            theirs.elapsed,
            fastest,
            total,
            refused,
            &if other.is_empty() {
                "-".to_owned()
            } else {
                other.join(", ")
            },
            total - theirs.ok.min(total) - theirs.already_linked,
            state,
            theirs.already_linked,
        ));
        let _ = theirs.answered;
        if chart_theirs.is_none() {
            let mut n = 0.0;
            let pts = std::iter::once((0.0, 0.0))
                .chain(theirs.answers.iter().filter(|x| x.1 == 200).map(|&(t, _)| {
                    n += 50.0;
                    (t, n)
                }))
                .collect();
            chart_theirs = Some(pts);
        }
    }
    println!(
        "bulk, side by side: crm.lead.contact.add ×{total}, bitrix-emulator binary --rps {} --burst {} (real-time clock), both clients told {} /s and {}",
        a.rps, a.burst, a.rps, a.burst
    );
    print_table(
        &[
            "run",
            "client",
            "s",
            "items / s",
            "fastest possible ÷ this",
            "QUERY_LIMIT_EXCEEDED",
            "other errors / retries",
            "failed",
            "lost",
            "written twice",
        ],
        &rows,
    );
    let (o, s, t) = (median(ours_t), median(ours_scaled_t), median(theirs_t));
    println!(
        "median s: bitrix-api time_scale {s:.3}, bitrix-api Limits::custom {o:.3}, fast_bitrix24 {t:.3}; fastest possible {fastest:.3}; fast_bitrix24 s ÷ bitrix-api s = {:.2}× (time_scale), {:.2}× (Limits::custom) — meaningful only when every fast_bitrix24 run completed",
        t / s,
        t / o
    );
    if let ([Some(ours), Some(plain)], Some(theirs)) = (
        <[_; 2]>::try_from(chart_ours).unwrap_or([None, None]),
        chart_theirs,
    ) {
        if let Some(parent) = a.svg.parent() {
            std::fs::create_dir_all(parent)?;
        }
        chart::records_over_time(
            &a.svg,
            &format!(
                "crm.lead.contact.add ×{total}: records written, emulator {}/s drain, threshold {}",
                a.rps, a.burst
            ),
            &[
                Series {
                    label: "bitrix-api bulk(), Others plan + time_scale".into(),
                    points: ours,
                },
                Series {
                    label: "bitrix-api bulk(), Limits::custom(rps, burst)".into(),
                    points: plain,
                },
                Series {
                    label: "fast_bitrix24 call()".into(),
                    points: theirs,
                },
            ],
            a.rps,
            a.burst,
            total,
        )?;
        println!("chart: {}", a.svg.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
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

/// One client configuration of the `write` comparison.
#[derive(Clone, Copy)]
enum Writer {
    Ours,
    /// fast_bitrix24 told the plan's numbers: `(requests_per_second, request_pool_size,
    /// batch_size, operating_time_limit)`.
    Theirs(f64, usize, usize, u32),
}

/// The `crm.deal.add` workload: `n` deals, nothing to seed.
fn deal_fields(n: usize) -> serde_json::Value {
    json!({
        "TITLE": format!("Deal {n}"),
        "STAGE_ID": "NEW",
        "CURRENCY_ID": "USD",
        "OPPORTUNITY": (n % 1000) as f64 * 10.0,
    })
}

/// Part 3 (`crm.deal.add` is deprecated for `crm.item.add`, but it is the workload asked
/// for): both clients at the Others plan's real numbers (2/s, threshold 50) on a
/// real-time clock, the emulator binary with its latency model on (`--latency`).
async fn write_at_plan(
    a: &Args,
    counter: &RefusalCounter,
) -> Result<(), Box<dyn std::error::Error>> {
    let (drain, threshold) = (2.0, 50.0);
    let total = LEADS * CONTACTS_PER_LEAD;
    // The bucket's bound, plus the last batch's answer (a batch of 50 at the model's mean).
    let last_answer = bitrix_emulator::Latency::portal()
        .delay_for(50)
        .as_secs_f64();
    let fastest = ceiling_seconds(drain, threshold, total) + last_answer;
    let dir = std::env::temp_dir().join(format!("bitrix-bench-write-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let writers = [
        ("bitrix-api bulk(), Plan::Others", Writer::Ours),
        (
            "fast_bitrix24, the plan's numbers (rps 2, pool 50 = its defaults)",
            Writer::Theirs(2.0, 50, 50, 480),
        ),
        (
            "fast_bitrix24, README's settings for errors (rps 1, pool 20, batch 20, operating 100)",
            Writer::Theirs(1.0, 20, 20, 100),
        ),
    ];
    let mut rows = Vec::new();
    let mut ratios: Vec<(&str, &str, usize, f64, bool)> = Vec::new();
    for run in 1..=a.runs {
        for workload_name in ["crm.lead.contact.add", "crm.deal.add"] {
            if a.skip.iter().any(|s| workload_name.contains(s.as_str())) {
                continue;
            }
            for (label, writer) in writers {
                if a.skip.iter().any(|s| label.contains(s.as_str())) {
                    continue;
                }
                let emu_args: Vec<String> = [
                    "--rps",
                    "2",
                    "--burst",
                    "50",
                    "--latency",
                    "--latency-seed",
                    &run.to_string(),
                ]
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
                let emu = EmulatorProcess::start(&a.emulator, &emu_args)?;
                let client = Client::builder()
                    .webhook(&emu.webhook)
                    .limits(Limits::from(bitrix_api::Plan::Others))
                    .build()?;
                let leads = workload_name == "crm.lead.contact.add";
                let workload = if leads {
                    let w = seed_over_rest(&client).await?;
                    tokio::time::sleep(Duration::from_secs_f64((threshold + 2.0) / drain + 0.5))
                        .await;
                    Some(w)
                } else {
                    None
                };
                counter.reset();
                let (elapsed, failed, twice, refused, other, note) = match writer {
                    Writer::Ours => {
                        let started = Instant::now();
                        let (failed, twice) = if let Some(w) = &workload {
                            let o = run_ours(&client, w, a.concurrency).await;
                            (o.failed, o.already_linked)
                        } else {
                            let results = client
                                .bulk((0..total).map(bitrix_bench::deal))
                                .concurrency(a.concurrency)
                                .await;
                            (results.iter().filter(|r| r.is_err()).count(), 0)
                        };
                        let (saw_503, retries) = counter.get();
                        (
                            started.elapsed().as_secs_f64(),
                            failed,
                            twice,
                            saw_503,
                            format!("{retries} retries"),
                            String::new(),
                        )
                    }
                    Writer::Theirs(rps, pool, batch, operating) => {
                        let work_file = dir.join("workload.json");
                        let out_file = dir.join("theirs.json");
                        match &workload {
                            Some(w) => w.save(&work_file)?,
                            None => {
                                let items: Vec<serde_json::Value> = (0..total)
                                    .map(|n| json!({"fields": deal_fields(n)}))
                                    .collect();
                                std::fs::write(
                                    &work_file,
                                    serde_json::to_vec(
                                        &json!({"method": "crm.deal.add", "items": items}),
                                    )?,
                                )?;
                            }
                        }
                        let status = tokio::process::Command::new(&a.python)
                            .arg(&a.script)
                            .arg(&emu.webhook)
                            .arg(&work_file)
                            .arg(rps.to_string())
                            .arg(pool.to_string())
                            .arg(&out_file)
                            .arg("0")
                            .arg(batch.to_string())
                            .arg(operating.to_string())
                            .arg(a.cap.to_string())
                            .stderr(std::process::Stdio::null())
                            .status()
                            .await?;
                        if !status.success() {
                            return Err(format!("{} failed: {status}", a.script.display()).into());
                        }
                        let t: Theirs = serde_json::from_slice(&std::fs::read(&out_file)?)?;
                        let refused = t.statuses.get("503").copied().unwrap_or(0);
                        let other: Vec<String> = t
                            .statuses
                            .iter()
                            .filter(|(k, _)| k.as_str() != "200" && k.as_str() != "503")
                            .map(|(k, v)| format!("{v}×{k}"))
                            .collect();
                        (
                            t.elapsed,
                            total - t.ok.min(total) - t.already_linked,
                            t.already_linked,
                            refused,
                            if other.is_empty() {
                                "-".to_owned()
                            } else {
                                other.join(", ")
                            },
                            t.error.unwrap_or_default(),
                        )
                    }
                };
                tokio::time::sleep(Duration::from_secs_f64((threshold + 2.0) / drain + 0.5)).await;
                let state = match &workload {
                    Some(w) => check_over_rest(&client, w).await?,
                    None => {
                        let page = client
                            .call_envelope::<serde_json::Value>(
                                "crm.deal.list",
                                json!({"select": ["ID"], "start": 0}),
                            )
                            .await?;
                        let held = page.total.unwrap_or(0) as usize;
                        StateCheck {
                            lost: total.saturating_sub(held),
                            extra: held.saturating_sub(total),
                        }
                    }
                };
                let complete = failed == 0 && state.lost == 0 && note.is_empty();
                ratios.push((workload_name, label, run, elapsed, complete));
                rows.push(vec![
                    run.to_string(),
                    workload_name.to_owned(),
                    label.to_owned(),
                    format!("{elapsed:.1}"),
                    format!("{:.1}", (total - failed.min(total)) as f64 / elapsed),
                    if complete {
                        format!("**{:.3}**", fastest / elapsed)
                    } else {
                        "(did not complete)".to_owned()
                    },
                    refused.to_string(),
                    other,
                    failed.to_string(),
                    state.lost.to_string(),
                    (state.extra + twice).to_string(),
                    if note.is_empty() {
                        "-".to_owned()
                    } else {
                        note
                    },
                ]);
                eprintln!("write: run {run} {workload_name} {label}: {elapsed:.1} s");
            }
        }
    }
    println!(
        "write at the plan's limits: 10,000 items per workload, bitrix-emulator --rps 2 --burst 50 --latency (real-time clock; 100 ms + 10 ms per command, ±30%); fastest possible {fastest:.1} s = (200 − 51) / 2 + one batch answer ({last_answer:.1} s)"
    );
    print_table(
        &[
            "run",
            "method",
            "client",
            "s",
            "items / s",
            "fastest possible ÷ this (goal ≥ 0.95)",
            "QUERY_LIMIT_EXCEEDED",
            "other errors / retries",
            "failed",
            "lost",
            "written twice",
            "note",
        ],
        &rows,
    );
    for (workload, label, run, elapsed, complete) in &ratios {
        let ours = ratios
            .iter()
            .find(|r| r.0 == *workload && r.2 == *run && r.1.starts_with("bitrix-api"));
        if let (true, Some(ours)) = (label.starts_with("fast_bitrix24"), ours) {
            if *complete {
                println!(
                    "run {run} {workload}: {label}: its s ÷ ours = {:.2}×",
                    elapsed / ours.3
                );
            } else {
                println!("run {run} {workload}: {label}: did not complete, no finite ratio");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
