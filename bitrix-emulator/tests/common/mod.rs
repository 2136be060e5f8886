//! Raw-HTTP helpers shared by the `emulator_*` tests.
#![allow(dead_code)]

use bitrix_emulator::{Limits, Portal};
use serde_json::Value;

/// A portal without the rate limit (tests that need it turn it on).
pub async fn portal() -> Portal {
    Portal::builder()
        .limits(Limits::off())
        .seed(7)
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
