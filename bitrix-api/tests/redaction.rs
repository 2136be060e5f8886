//! Secrets never show: not in `Debug` or `Display` of the client or of any error, and not
//! in tracing output.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bitrix_api::{Client, OAuthApp, RetryPolicy, Tokens};
use common::{http_answer, serve, serve_raw, Raw, Reply, CODE};
use serde_json::json;

const ACCESS: &str = "acc3ss-t0ken-value";
const REFRESH: &str = "r3fresh-t0ken-value";
const CLIENT_SECRET: &str = "cl13nt-s3cret-value";
const SECRETS: [&str; 4] = [CODE, ACCESS, REFRESH, CLIENT_SECRET];

fn assert_clean(what: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{what} leaks {s}: {text}");
    }
}

/// A writer the tracing subscriber writes into.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_error_kind_shows_a_secret() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // An answer for every kind, each echoing what it received (the webhook path, the
    // access token) the way a broken proxy might.
    let server = serve(move |req| {
        let echo = format!(
            "https://x{}?auth={}",
            req.path,
            req.body["auth"].as_str().unwrap_or_default()
        );
        match req.method.as_str() {
            "html" => Reply::text(500, format!("<html>{echo}</html>")),
            "api" => Reply::json(
                403,
                json!({"error": "ACCESS_DENIED", "error_description": echo}),
            ),
            "truncated" => Reply::text(200, format!("{{\"result\":\"{echo}")),
            "v3api" => Reply::json(
                400,
                json!({"error": {
                    "code": "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION",
                    "message": echo,
                    "validation": [{"field": "auth", "message": echo}],
                }}),
            ),
            "slow" => Reply::ok(json!(1)).after(Duration::from_secs(2)),
            "decode" => Reply::ok(json!(echo)),
            "moved" => Reply::redirect(302, format!("http://localhost:1/rest/1/{CODE}/x")),
            _ => Reply::ok(json!(1)),
        }
    })
    .await;
    let webhook = Client::builder()
        .webhook(server.webhook())
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let oauth = Client::builder()
        .oauth(
            server.base(),
            OAuthApp::new("app", CLIENT_SECRET),
            Tokens::new(ACCESS, REFRESH),
        )
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let dropper = serve_raw(|_| Raw::Drop).await;
    let short = serve_raw(|_| Raw::Write(http_answer(200, 100, "{"))).await;
    let dropping = Client::builder()
        .webhook(dropper.webhook())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let shorting = Client::builder()
        .webhook(short.webhook())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();

    let mut errors = Vec::new();
    for client in [&webhook, &oauth] {
        assert_clean("client Debug", &format!("{client:?} {client:#?}"));
        for method in ["html", "api", "truncated", "slow", "moved"] {
            errors.push(client.call_raw(method, json!({})).await.unwrap_err());
        }
        errors.push(
            client
                .call_envelope::<i64>("decode", json!({}))
                .await
                .unwrap_err(),
        );
        // The same through REST 3.0's address (`/rest/api/1/{code}/…`) and error shape.
        let v3 = client.v3();
        assert_clean("V3Client Debug", &format!("{v3:?} {v3:#?}"));
        for method in ["html", "api", "truncated", "v3api"] {
            errors.push(v3.call_raw(method, json!({})).await.unwrap_err());
        }
    }
    errors.push(dropping.call_raw("x", json!({})).await.unwrap_err());
    errors.push(shorting.call_raw("x", json!({})).await.unwrap_err());
    errors.push(Client::webhook(format!("http://example.com/rest/1/{CODE}/")).unwrap_err());
    errors.push(Client::webhook(format!("https://example.com/rest/x/{CODE}/")).unwrap_err());
    errors.push(Client::webhook(format!("https://example.com/api/{CODE}")).unwrap_err());
    // A failed refresh.
    let refusing = serve(|req| {
        if req.path.starts_with("/oauth") {
            Reply::text(
                500,
                format!("<html>{}</html>", req.query.unwrap_or_default()),
            )
        } else {
            Reply::error(401, "expired_token", "")
        }
    })
    .await;
    let refreshing = Client::builder()
        .oauth(
            refusing.base(),
            OAuthApp::new("app", CLIENT_SECRET),
            Tokens::new(ACCESS, REFRESH),
        )
        .oauth_server(format!("{}/oauth/token/", refusing.base()))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    errors.push(refreshing.call_raw("x", json!({})).await.unwrap_err());

    assert_eq!(errors.len(), 26);
    for err in &errors {
        assert_clean(
            "error",
            &format!(
                "{err} | {err:?} | {err:#?} | {:?}",
                std::error::Error::source(err)
            ),
        );
    }
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("bitrix.call"),
        "the spans were captured: {log}"
    );
    assert_clean("tracing output", &log);
}

#[test]
fn builder_and_tokens_debug_are_clean() {
    let builder = Client::builder().webhook(format!("https://x.bitrix24.com/rest/1/{CODE}/"));
    assert_clean("builder", &format!("{builder:?}"));
    let builder = Client::builder().oauth(
        "x.bitrix24.com",
        OAuthApp::new("a", CLIENT_SECRET),
        Tokens::new(ACCESS, REFRESH),
    );
    assert_clean("builder", &format!("{builder:?}"));
    assert_clean("tokens", &format!("{:?}", Tokens::new(ACCESS, REFRESH)));
    assert_clean("app", &format!("{:?}", OAuthApp::new("a", CLIENT_SECRET)));
}
