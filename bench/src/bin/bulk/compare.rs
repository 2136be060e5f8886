//! Part 2 of the bulk bench: both clients against the `bitrix-emulator` binary, with
//! scaled limits.

use super::*;
/// Part 2: both clients against the `bitrix-emulator` binary, with scaled limits.
pub async fn compare_with_python(
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
