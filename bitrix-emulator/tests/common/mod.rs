//! Raw-HTTP helpers shared by the `emulator_*` tests.
#![allow(dead_code)]

use bitrix_emulator::{Limits, Portal};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A portal without the rate limit (tests that need it turn it on).
pub async fn portal() -> Portal {
    Portal::builder()
        .limits(Limits::off())
        .seed(7)
        .start()
        .await
        .expect("portal starts")
}

/// A portal without the rate limit whose webhook (user 1) holds `scopes`.
pub async fn portal_with(scopes: &[&str]) -> Portal {
    Portal::builder()
        .limits(Limits::off())
        .webhook(1, scopes)
        .start()
        .await
        .expect("portal starts")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::new()
}

/// Status and JSON body (Null when the body is not JSON).
pub async fn answer(resp: reqwest::Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// POST a JSON body to `url`.
pub async fn post(url: &str, body: Value) -> (u16, Value) {
    answer(client().post(url).json(&body).send().await.expect("send")).await
}

/// POST a form body (already PHP-style encoded) to `url`.
pub async fn form(url: &str, body: &str) -> (u16, Value) {
    let resp = client()
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
        .send()
        .await
        .expect("send");
    answer(resp).await
}

/// GET `url`.
pub async fn get(url: &str) -> (u16, Value) {
    answer(client().get(url).send().await.expect("send")).await
}

/// Calls `method` through the portal's default webhook with a JSON body.
pub async fn call(portal: &Portal, method: &str, body: Value) -> (u16, Value) {
    post(&format!("{}{method}", portal.webhook_url()), body).await
}

/// Calls `method` as the application: the portal's OAuth access token with `scopes`.
pub async fn call_as_app(
    portal: &Portal,
    scopes: &[&str],
    method: &str,
    mut body: Value,
) -> (u16, Value) {
    let tokens = portal.issue_tokens(scopes);
    body["auth"] = tokens.access_token.expose().into();
    post(&format!("{}{method}", portal.rest_url()), body).await
}

/// Calls `method` and expects 200; returns `result`.
pub async fn ok(portal: &Portal, method: &str, body: Value) -> Value {
    let (status, v) = call(portal, method, body).await;
    assert_eq!(status, 200, "{method}: {v}");
    v["result"].clone()
}

/// Calls `method` and expects an error; returns (status, error, error_description).
pub async fn err(portal: &Portal, method: &str, body: Value) -> (u16, String, String) {
    let (status, v) = call(portal, method, body).await;
    assert_ne!(status, 200, "{method}: {v}");
    (
        status,
        v["error"].as_str().unwrap_or("<none>").to_owned(),
        v["error_description"]
            .as_str()
            .unwrap_or("<none>")
            .to_owned(),
    )
}

/// POST JSON text as it is (a `serde_json::Value` would sort object keys, and `batch`
/// runs `cmd` in the order the client wrote it).
pub async fn post_text(url: &str, json_text: &str) -> (u16, Value) {
    let resp = client()
        .post(url)
        .header("Content-Type", "application/json")
        .body(json_text.to_owned())
        .send()
        .await
        .expect("send");
    answer(resp).await
}

/// `../shared/b24restdocs` beside the workspace (or `B24RESTDOCS`), for the tests marked
/// `#[ignore = "needs ../shared/b24restdocs"]`.
pub fn official_docs() -> PathBuf {
    let dir = std::env::var_os("B24RESTDOCS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            // `shared/` beside the workspace, however deep the checkout is.
            let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
            manifest
                .ancestors()
                .map(|a| a.join("shared/b24restdocs"))
                .find(|p| p.is_dir())
                .unwrap_or_else(|| manifest.join("../../shared/b24restdocs"))
        });
    assert!(
        dir.join("api-reference/crm").is_dir(),
        "the official docs are not at {} (set B24RESTDOCS)",
        dir.display()
    );
    dir
}

/// Copies the `*.md` files of a tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else if path.extension().is_some_and(|e| e == "md") {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

/// A suffix that makes temp dirs unique.
pub fn fastrand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos()
}
pub mod v3;
