//! The fixture portal and raw-HTTP helpers of the REST 3.0 tests (`v3.rs`,
//! `v3_idempotency.rs`).

use std::path::{Path, PathBuf};

use bitrix_emulator::{Limits, Portal};
use serde_json::Value;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/v3")
}

pub async fn portal() -> Portal {
    Portal::builder()
        .limits(Limits::off())
        .webhook(1, &["demo"])
        .seed(3)
        .pages(fixtures())
        .start()
        .await
        .expect("portal starts")
}

/// Status, the two idempotency headers, and the JSON body.
pub struct Got {
    pub status: u16,
    pub key: Option<String>,
    pub replayed: Option<String>,
    pub body: Value,
}

pub async fn got(resp: reqwest::Response) -> Got {
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (key, replayed) = (header("idempotency-key"), header("idempotent-replayed"));
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    Got {
        status,
        key,
        replayed,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
    }
}

pub async fn post(url: &str, body: Value, key: Option<&str>) -> Got {
    let mut req = reqwest::Client::new().post(url).json(&body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    got(req.send().await.unwrap()).await
}

pub async fn call(portal: &Portal, method: &str, body: Value) -> Got {
    post(&format!("{}{method}", portal.v3_webhook_url()), body, None).await
}

pub async fn keyed(portal: &Portal, method: &str, body: Value, key: &str) -> Got {
    post(
        &format!("{}{method}", portal.v3_webhook_url()),
        body,
        Some(key),
    )
    .await
}

pub fn error_code(g: &Got) -> &str {
    g.body["error"]["code"].as_str().unwrap_or_default()
}
