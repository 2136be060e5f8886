//! The production soak (issue 23): one app installed on 20 emulated portals, served by 4
//! worker processes that share a token store (PostgreSQL or SQLite) and a Redis limiter.
//! Access tokens are expired every few seconds, workers are killed (SIGKILL) and
//! restarted at random, and at the end every portal is called once more through the
//! store. Prints a table: lost portals, refreshes per expiry, `QUERY_LIMIT_EXCEEDED`
//! answers, throughput per portal as a ratio of its ceiling.
//!
//! ```text
//! cargo run --release -p bitrix-bench --features prod --bin soak_prod -- [--store postgres|sqlite] [--secs 90]
//! ```
//!
//! Needs PostgreSQL (trust auth, user `postgres`, database `test`) and Redis on 127.0.0.1
//! for `--store postgres`; Redis only for `--store sqlite`. Every run uses tables and keys
//! of its own (`soak_<pid>_…`), dropped or left to expire afterwards.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bitrix_api::events::{Installation, Installations, PortalStore};
use bitrix_api::limit::RedisLimits;
use bitrix_api::store::{PostgresStore, SqliteStore};
use bitrix_api::{Limits, OAuthApp, Secret};
use bitrix_emulator::Portal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const PORTALS: usize = 20;
const WORKERS: usize = 4;
/// Calls in flight per portal in each worker.
const TASKS_PER_PORTAL: usize = 2;
/// The emulated plan: drains 5 requests a second, refuses above 50.
const DRAIN: f64 = 5.0;
const THRESHOLD: f64 = 50.0;
/// Every portal's access tokens are expired this often (staggered between portals).
const EXPIRE_EVERY: Duration = Duration::from_secs(3);
/// A killed worker's lease blocks its portal at most this long.
const LEASE: Duration = Duration::from_secs(2);
const CLIENT_ID: &str = "app.soak.0000000001";
const CLIENT_SECRET: &str = "soak-client-secret-0123456789";
const POSTGRES: &str = "host=127.0.0.1 port=5432 user=postgres dbname=test";
const REDIS: &str = "redis://127.0.0.1:6379/";

/// What the orchestrator hands every worker.
#[derive(Serialize, Deserialize)]
struct Plan {
    store: String,
    sqlite_path: String,
    prefix: String,
    members: Vec<String>,
    /// Unix milliseconds at which workers stop calling.
    stop_at: u64,
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn limits() -> Limits {
    Limits::custom(DRAIN, THRESHOLD)
}

fn open_store(
    plan: &Plan,
) -> Result<Arc<dyn PortalStore>, Box<dyn std::error::Error + Send + Sync>> {
    Ok(match plan.store.as_str() {
        "sqlite" => {
            Arc::new(SqliteStore::open_with_prefix(&plan.sqlite_path, &plan.prefix)?.lease(LEASE))
        }
        _ => Arc::new(PostgresStore::connect_with_prefix(POSTGRES, &plan.prefix)?.lease(LEASE)),
    })
}

/// A `PortalStore` behind an `Arc`, so one opened store serves `Installations`.
struct Shared(Arc<dyn PortalStore>);

impl PortalStore for Shared {
    fn save(&self, i: &Installation) -> Result<(), bitrix_api::events::StoreError> {
        self.0.save(i)
    }
    fn load(&self, m: &str) -> Result<Option<Installation>, bitrix_api::events::StoreError> {
        self.0.load(m)
    }
    fn remove(&self, m: &str) -> Result<(), bitrix_api::events::StoreError> {
        self.0.remove(m)
    }
    fn token_store(&self, m: &str) -> Option<Box<dyn bitrix_api::TokenStore>> {
        self.0.token_store(m)
    }
}

fn installations(plan: &Plan) -> Result<Installations, Box<dyn std::error::Error + Send + Sync>> {
    let redis = RedisLimits::new(REDIS)?
        .key_prefix(format!("{}limit:", plan.prefix))
        .workers(WORKERS as u32);
    Ok(Installations::new(
        OAuthApp::new(CLIENT_ID, CLIENT_SECRET),
        Shared(open_store(plan)?),
    )
    .limiter_per_portal(move |member| redis.limiter(member, limits())))
}

/// A worker process: calls every portal until `stop_at`, printing one line per error.
async fn worker(plan: Plan) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let portals = installations(&plan)?;
    let stop_at = plan.stop_at;
    let mut tasks = Vec::new();
    for member in &plan.members {
        for _ in 0..TASKS_PER_PORTAL {
            let (portals, member) = (portals.clone(), member.clone());
            tasks.push(tokio::spawn(async move {
                while unix_ms() < stop_at {
                    let outcome = match portals.client(&member) {
                        Ok(c) => c
                            .call_raw("crm.lead.contact.fields", json!({}))
                            .await
                            .map(drop),
                        Err(e) => Err(e),
                    };
                    if let Err(e) = outcome {
                        let code = e.code().unwrap_or("other").to_owned();
                        println!("err {member} {code} {e}");
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                }
            }));
        }
    }
    for t in tasks {
        t.await?;
    }
    Ok(())
}

/// Errors the workers printed, by code.
type Errors = Arc<Mutex<BTreeMap<String, u64>>>;

fn spawn_worker(plan_json: &str, errors: &Errors) -> std::io::Result<Child> {
    let mut child = Command::new(std::env::current_exe()?)
        .arg("worker")
        .arg(plan_json)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    if let Some(out) = child.stdout.take() {
        let errors = Arc::clone(errors);
        tokio::spawn(async move {
            let mut lines = BufReader::new(out).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let code = line.split(' ').nth(2).unwrap_or("?").to_owned();
                if errors.lock().map(|e| e.len()).unwrap_or(0) < 50 {
                    eprintln!("worker: {line}");
                }
                if let Ok(mut e) = errors.lock() {
                    *e.entry(code).or_default() += 1;
                }
            }
        });
    }
    Ok(child)
}

struct Args {
    store: String,
    secs: u64,
}

fn args() -> Args {
    let mut a = Args {
        store: "postgres".into(),
        secs: 90,
    };
    let argv: Vec<String> = std::env::args().collect();
    for pair in argv.windows(2) {
        match pair[0].as_str() {
            "--store" => a.store = pair[1].clone(),
            "--secs" => a.secs = pair[1].parse().unwrap_or(a.secs),
            _ => {}
        }
    }
    a
}

async fn orchestrate(args: Args) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut portals = Vec::new();
    for i in 0..PORTALS {
        portals.push(
            Portal::builder()
                .app(CLIENT_ID, CLIENT_SECRET)
                .seed(1000 + i as u64)
                .limits(limits())
                .log_capacity(100)
                .start()
                .await?,
        );
    }
    let prefix = format!("soak_{}_", std::process::id());
    let sqlite_path = std::env::temp_dir()
        .join(format!("{prefix}.db"))
        .display()
        .to_string();
    let run = Duration::from_secs(args.secs);
    let mut plan = Plan {
        store: args.store.clone(),
        sqlite_path,
        prefix,
        members: portals.iter().map(Portal::member_id).collect(),
        stop_at: 0,
    };
    let store = open_store(&plan)?;
    for p in &portals {
        let mut inst = Installation::new(p.member_id(), p.rest_url());
        inst.server_endpoint = Some(format!("{}rest/", p.base_url()));
        inst.application_token = Some(Secret::new(format!("app-token-{}", p.member_id())));
        inst.tokens = Some(p.issue_tokens(&["crm"]));
        store.save(&inst)?;
    }
    let started = Instant::now();
    plan.stop_at = unix_ms() + run.as_millis() as u64;
    let plan_json = serde_json::to_string(&plan)?;
    let errors: Errors = Arc::default();
    let mut workers: Vec<Option<Child>> = (0..WORKERS)
        .map(|_| spawn_worker(&plan_json, &errors).map(Some))
        .collect::<Result<_, _>>()?;

    let mut expiries = vec![0u64; PORTALS];
    // Portal i expires i × (period / portals) into each period.
    let mut next_expiry: Vec<Instant> = (0..PORTALS)
        .map(|i| started + EXPIRE_EVERY + EXPIRE_EVERY * i as u32 / PORTALS as u32)
        .collect();
    let mut kills = 0u32;
    let tick = Duration::from_millis(50);
    let mut next_kill = started + Duration::from_millis(fastrand::u64(5000..12000));
    let mut restart_at: Option<(usize, Instant)> = None;
    while started.elapsed() < run {
        let now = Instant::now();
        for (i, p) in portals.iter().enumerate() {
            if now >= next_expiry[i] {
                p.expire_access_tokens();
                expiries[i] += 1;
                next_expiry[i] += EXPIRE_EVERY;
            }
        }
        if restart_at.is_none()
            && now >= next_kill
            && run.saturating_sub(started.elapsed()) > Duration::from_secs(3)
        {
            let victim = fastrand::usize(..WORKERS);
            if let Some(mut child) = workers[victim].take() {
                child.start_kill()?;
                let _ = child.wait().await;
                kills += 1;
            }
            restart_at = Some((
                victim,
                now + Duration::from_millis(fastrand::u64(300..1000)),
            ));
            next_kill = now + Duration::from_millis(fastrand::u64(5000..12000));
        }
        if let Some((victim, at)) = restart_at {
            if now >= at {
                workers[victim] = Some(spawn_worker(&plan_json, &errors)?);
                restart_at = None;
            }
        }
        tokio::time::sleep(tick).await;
    }
    for w in workers.iter_mut().flatten() {
        let _ = tokio::time::timeout(Duration::from_secs(10), w.wait()).await;
    }
    let elapsed = started.elapsed().as_secs_f64();

    // What the portals counted, before the final check adds to it.
    let counts: Vec<(u64, u64, u64, u64)> = portals
        .iter()
        .map(|p| {
            let (admitted, refused) = p.rate_counts();
            (admitted, refused, p.refresh_count(), p.refused_refreshes())
        })
        .collect();
    // Lost portals: a fresh worker (a restart after the last deploy) must be able to call
    // each portal through the store, with a refresh first.
    let check = installations(&plan)?;
    let mut lost = 0;
    for p in &portals {
        p.expire_access_tokens();
        let ok = match check.client(&p.member_id()) {
            Ok(c) => c
                .call_raw("crm.lead.contact.fields", json!({}))
                .await
                .is_ok(),
            Err(_) => false,
        };
        if !ok {
            lost += 1;
        }
    }
    report(
        &args, elapsed, &counts, &expiries, kills, lost, &errors, &portals,
    );
    if args.store == "sqlite" {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", plan.sqlite_path));
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn report(
    args: &Args,
    elapsed: f64,
    counts: &[(u64, u64, u64, u64)],
    expiries: &[u64],
    kills: u32,
    lost: usize,
    errors: &Errors,
    portals: &[Portal],
) {
    let calls: u64 = counts.iter().map(|c| c.0).sum();
    let refused: u64 = counts.iter().map(|c| c.1).sum();
    let refreshes: u64 = counts.iter().map(|c| c.2).sum();
    let spent: u64 = counts.iter().map(|c| c.3).sum();
    let total_expiries: u64 = expiries.iter().sum();
    let per_expiry: Vec<f64> = counts
        .iter()
        .zip(expiries)
        .map(|(c, e)| c.2 as f64 / (*e).max(1) as f64)
        .collect();
    let ceiling = THRESHOLD + 1.0 + DRAIN * elapsed;
    let mut ratios: Vec<f64> = counts.iter().map(|c| c.0 as f64 / ceiling).collect();
    ratios.sort_by(f64::total_cmp);
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let max = |v: &[f64]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let peak = portals.iter().map(Portal::peak_level).fold(0.0, f64::max);
    let errors = errors.lock().map(|e| e.clone()).unwrap_or_default();
    let errors = if errors.is_empty() {
        "none".to_owned()
    } else {
        errors
            .iter()
            .map(|(k, v)| format!("{k} × {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "\nstore {}, {PORTALS} portals × {WORKERS} workers, plan {DRAIN}/s threshold {THRESHOLD}, {elapsed:.1} s, tokens expired every {} s, {kills} workers killed (SIGKILL) and restarted\n",
        args.store,
        EXPIRE_EVERY.as_secs()
    );
    println!("| measure | goal | result |");
    println!("|---|---|---|");
    println!("| lost portals | 0 | {lost} of {PORTALS} |");
    println!(
        "| refreshes per expiry | exactly 1 | {:.3} ({refreshes} refreshes / {total_expiries} expiries; per portal {:.2}–{:.2}) |",
        refreshes as f64 / total_expiries.max(1) as f64,
        min(&per_expiry),
        max(&per_expiry)
    );
    println!("| refresh tokens refused (`invalid_grant`) | 0 | {spent} |");
    println!("| `QUERY_LIMIT_EXCEEDED` answers | 0 | {refused} (peak counter {peak:.0} of {THRESHOLD}) |");
    println!(
        "| throughput per portal / ceiling ({THRESHOLD} + 1 + {DRAIN}/s × {elapsed:.1} s = {ceiling:.0}) | ≥ 0.9 | min {:.3}, median {:.3}, max {:.3} |",
        min(&ratios),
        ratios[ratios.len() / 2],
        max(&ratios)
    );
    println!("| calls the portals answered | ≥ 5,000 | {calls} |");
    println!("| errors the workers saw | — | {errors} |");
}

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some("worker") {
        let plan: Plan = serde_json::from_str(argv.get(2).map_or("", String::as_str))?;
        return rt.block_on(worker(plan));
    }
    rt.block_on(orchestrate(args()))
}
