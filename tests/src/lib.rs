//! Helpers for the cross-crate tests: scratch app crates that depend on `bitrix-api` and are
//! built by a real `cargo`, the way a user's crate is.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Every page of the workspace's `docs/` (all of bitrix-api's crm pages), bound here with
/// `bind!` as an app binds its own pages, for the tests that call every crm family
/// (`conformance`, `families.rs`, `deal_stream.rs`). Binding here rather than turning
/// on bitrix-api's `crm` feature keeps the trybuild cases on bitrix-api's default six
/// crm methods.
#[allow(deprecated, missing_docs)]
pub mod crm {
    bitrix_api::bind!("../docs", skip_invalid);
}

/// An embedded portal without rate limits and a webhook client for it, without limits
/// either: the start of most tests that call the emulator.
pub async fn local() -> (bitrix_emulator::Portal, bitrix_api::Client) {
    let portal = started(bitrix_emulator::Portal::builder()).await;
    let client = webhook_client(&portal).build().expect("client");
    (portal, client)
}

/// The emulator `builder` describes, started with its rate limits off, and a webhook
/// client for it with no limiter and no retries (a refused call fails at once): the start
/// of the tests that walk a section's families or pages.
pub async fn serve(
    builder: bitrix_emulator::PortalBuilder,
) -> (bitrix_emulator::Portal, bitrix_api::Client) {
    let portal = started(builder).await;
    let client = webhook_client(&portal)
        .retry(bitrix_api::RetryPolicy::none())
        .build()
        .expect("client");
    (portal, client)
}

/// The portal `builder` describes, started with its rate limits off.
async fn started(builder: bitrix_emulator::PortalBuilder) -> bitrix_emulator::Portal {
    builder
        .limits(bitrix_api::Limits::off())
        .start()
        .await
        .expect("portal starts")
}

/// A client of `portal`'s webhook without a limiter.
fn webhook_client(portal: &bitrix_emulator::Portal) -> bitrix_api::ClientBuilder {
    bitrix_api::Client::builder()
        .webhook(portal.webhook_url())
        .limits(bitrix_api::Limits::off())
}

/// An application's client for `portal` (OAuth, an access token with `scopes`), with no
/// limiter and no retries: for the methods whose pages refuse webhooks ("Application
/// context required": `entity.*`, `placement.bind`, `app.option.*`, …).
pub fn app_client(portal: &bitrix_emulator::Portal, scopes: &[&str]) -> bitrix_api::Client {
    bitrix_api::Client::builder()
        .oauth(
            portal.rest_url(),
            portal.oauth_app(),
            portal.issue_tokens(scopes),
        )
        .oauth_server(portal.oauth_server_url())
        .limits(bitrix_api::Limits::off())
        .retry(bitrix_api::RetryPolicy::none())
        .build()
        .expect("oauth client")
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace root")
}

/// The shared target directory of scratch apps (separate from the workspace's, whose lock the
/// running `cargo test` may hold).
pub fn apps_target() -> PathBuf {
    workspace().join("target").join("tests").join("apps")
}

/// A scratch crate under `target/tests/apps-src/<name>` that depends on `bitrix-api` by path.
pub struct App {
    /// The crate's directory.
    pub dir: PathBuf,
}

impl App {
    /// Creates (or recreates) the crate with the given `src/main.rs` and `build.rs` watching
    /// `watch` (a path relative to the crate, e.g. `docs`).
    pub fn new(name: &str, main_rs: &str, watch: Option<&str>) -> App {
        App::with_deps(name, main_rs, watch, "")
    }

    /// Like [`App::new`], with more `[dependencies]` lines (e.g. `bitrix-docs = { path = … }`).
    pub fn with_deps(name: &str, main_rs: &str, watch: Option<&str>, deps: &str) -> App {
        let dir = workspace()
            .join("target")
            .join("tests")
            .join("apps-src")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).expect("create app dir");
        let api = workspace().join("bitrix-api");
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nbitrix-api = {{ path = {api:?} }}\n{deps}\n\n[workspace]\n"
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).expect("write manifest");
        // The workspace's lock file pins the same versions, so nothing is resolved anew.
        let _ = std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock"));
        std::fs::write(dir.join("src/main.rs"), main_rs).expect("write main.rs");
        if let Some(w) = watch {
            std::fs::write(
                dir.join("build.rs"),
                format!("fn main() {{ println!(\"cargo:rerun-if-changed={w}\"); }}\n"),
            )
            .expect("write build.rs");
        }
        App { dir }
    }

    /// Runs `cargo <args>` in the crate with the shared scratch target directory.
    pub fn cargo(&self, args: &[&str]) -> Output {
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", apps_target())
            .env_remove("RUSTFLAGS")
            .output()
            .expect("run cargo")
    }
}

/// stdout and stderr of a finished command, for assertion messages.
pub fn text(out: &Output) -> String {
    format!(
        "status: {}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The official docs (`$B24RESTDOCS/<rel>`, else `shared/b24restdocs/<rel>` beside the
/// workspace or an ancestor of it). Tests that need them are
/// `#[ignore = "needs ../shared/b24restdocs"]`; a missing directory fails them.
pub fn official(rel: &str) -> PathBuf {
    let root = std::env::var_os("B24RESTDOCS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let ws = workspace();
            ws.ancestors()
                .map(|a| a.join("shared/b24restdocs"))
                .find(|p| p.is_dir())
                .unwrap_or_else(|| ws.join("../shared/b24restdocs"))
        });
    let dir = root.join(rel);
    assert!(
        dir.exists(),
        "{} is missing: run the tests that need the official docs with ../shared beside the workspace",
        dir.display()
    );
    dir.canonicalize().expect("official docs path")
}
