//! Part 3 of the bulk bench: `crm.deal.add` and `crm.lead.contact.add` through both
//! clients at the Others plan's real numbers.

use super::*;
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
pub async fn write_at_plan(
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
