//! Build cost users feel: debug builds of an app that depends on bitrix-api with the default
//! features, with one entity group (`crm-deal`) and with the whole CRM (`crm`), clean (only
//! bitrix-api and the app rebuilt; their dependencies are built once, as after the first
//! build of any project) and incremental (one line of the app's `main.rs` changed). Runs are
//! interleaved (default, crm-deal, crm, default, …) so that machine noise hits all alike.
//!
//! `cargo run --release -p bitrix-bench --bin build_cost -- [--runs N]`

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const CONFIGS: [(&str, &str); 3] = [("default", ""), ("crm-deal", "crm-deal"), ("crm", "crm")];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace root")
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .status()
        .expect("run cargo");
    assert!(
        status.success(),
        "cargo {args:?} in {} failed",
        dir.display()
    );
    started.elapsed()
}

/// A scratch app under `target/bench-build/<name>` using bitrix-api with `features`.
fn app(name: &str, features: &str) -> PathBuf {
    let dir = workspace().join("target/bench-build").join(name);
    std::fs::create_dir_all(dir.join("src")).expect("app dir");
    let api = workspace().join("bitrix-api");
    let features = if features.is_empty() {
        String::new()
    } else {
        format!(", features = [{features:?}]")
    };
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"bench-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nbitrix-api = {{ path = {api:?}{features} }}\ntokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n\n[workspace]\n"
        ),
    )
    .expect("manifest");
    let _ = std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock"));
    write_main(&dir, 0);
    dir
}

fn write_main(dir: &Path, n: usize) {
    let main = format!(
        "use bitrix_api::ClientMethods;\n\n#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {{\n    \
         let client = bitrix_api::Client::webhook(\"http://127.0.0.1:9/rest/1/x/\").expect(\"url\");\n    \
         let _call = client.crm_lead_contact_items_get(1);\n    \
         println!(\"{{}} methods ({n})\", bitrix_api::catalog().len());\n}}\n"
    );
    std::fs::write(dir.join("src/main.rs"), main).expect("main.rs");
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3usize);
    let target = workspace().join("target/bench-build/target");
    let apps: Vec<(&str, PathBuf)> = CONFIGS
        .iter()
        .map(|(name, features)| (*name, app(name, features)))
        .collect();
    eprintln!("warming up: building every app once (dependencies)");
    for (_, dir) in &apps {
        cargo(dir, &target, &["build", "--quiet"]);
    }
    let mut clean: Vec<Vec<Duration>> = vec![Vec::new(); apps.len()];
    let mut incremental: Vec<Vec<Duration>> = vec![Vec::new(); apps.len()];
    for run in 0..runs {
        for (i, (name, dir)) in apps.iter().enumerate() {
            let pkg = format!("bench-{name}");
            cargo(
                dir,
                &target,
                &["clean", "--quiet", "-p", "bitrix-api", "-p", &pkg],
            );
            let c = cargo(dir, &target, &["build", "--quiet"]);
            write_main(dir, run + 1);
            let inc = cargo(dir, &target, &["build", "--quiet"]);
            eprintln!(
                "run {} {name}: clean {:.1} s, incremental {:.1} s",
                run + 1,
                c.as_secs_f64(),
                inc.as_secs_f64()
            );
            clean[i].push(c);
            incremental[i].push(inc);
        }
    }
    let base = median(clean[0].clone()).as_secs_f64();
    println!("| features | clean build of bitrix-api + app, median s | over default, s | incremental (app edit), median s | runs |");
    println!("|---|---|---|---|---|");
    for (i, (name, _)) in apps.iter().enumerate() {
        let c = median(clean[i].clone()).as_secs_f64();
        let inc = median(incremental[i].clone()).as_secs_f64();
        println!(
            "| `{name}` | {c:.1} | {:+.1} | {inc:.2} | {runs} |",
            c - base
        );
    }
}
