//! OAuth over HTTP: `auth` in the body, refresh on `expired_token`, exactly one refresh
//! for many concurrent calls, the new pair saved, refresh failures reported.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bitrix_api::{ApiCode, Client, Error, MemoryTokenStore, OAuthApp, Tokens};
use common::{serve, serve_async, Reply, Server};
use serde_json::{json, Value};

/// A portal that accepts only `current` as the access token (answering `expired_token`
/// otherwise), and an OAuth server that swaps `refresh-1` for the pair `new-access` /
/// `refresh-2`, counting refreshes.
struct Setup {
    portal: Server,
    oauth: Server,
    refreshes: Arc<AtomicUsize>,
}

async fn setup() -> Setup {
    let current = Arc::new(Mutex::new(String::from("old-access")));
    let refreshes = Arc::new(AtomicUsize::new(0));
    let valid = current.clone();
    let portal = serve_async(move |req| {
        let valid = valid.clone();
        async move {
            // Make concurrent calls overlap the refresh.
            tokio::time::sleep(Duration::from_millis(20)).await;
            let token = req.body["auth"].as_str().unwrap_or_default().to_owned();
            if token == *valid.lock().unwrap() && token != "old-access" {
                Reply::ok(json!({"n": req.body["n"].clone()}))
            } else {
                Reply::error(
                    401,
                    "expired_token",
                    "The access token provided has expired.",
                )
            }
        }
    })
    .await;
    let counter = refreshes.clone();
    let oauth = serve_async(move |req| {
        let current = current.clone();
        let counter = counter.clone();
        async move {
            let query: Vec<(String, String)> = req
                .query
                .unwrap_or_default()
                .split('&')
                .filter_map(|kv| kv.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
                .collect();
            let get = |k: &str| query.iter().find(|(q, _)| q == k).map(|(_, v)| v.as_str()).unwrap_or_default();
            assert_eq!(get("grant_type"), "refresh_token");
            assert_eq!(get("client_id"), "app.42");
            if get("client_secret") != "client-secret-value" || get("refresh_token") != "refresh-1" {
                return Reply::error(400, "invalid_grant", "bad refresh token");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            counter.fetch_add(1, Ordering::SeqCst);
            *current.lock().unwrap() = String::from("new-access");
            Reply::json(
                200,
                json!({
                    "access_token": "new-access", "refresh_token": "refresh-2", "expires_in": 3600,
                    "client_endpoint": "https://portal.bitrix24.com/rest/", "domain": "oauth.bitrix.info",
                    "member_id": "m1", "scope": "crm", "user_id": 7
                }),
            )
        }
    })
    .await;
    Setup {
        portal,
        oauth,
        refreshes,
    }
}

fn client(s: &Setup, store: MemoryTokenStore, refresh: &str) -> Client {
    Client::builder()
        .oauth(
            s.portal.base(),
            OAuthApp::new("app.42", "client-secret-value"),
            Tokens::new("old-access", refresh),
        )
        .oauth_server(format!("{}/oauth/token/", s.oauth.base()))
        .token_store(store)
        .limits(bitrix_api::Limits::off())
        .build()
        .unwrap()
}

#[tokio::test]
async fn fifty_concurrent_calls_refresh_once() {
    let s = setup().await;
    let store = MemoryTokenStore::new();
    let client = client(&s, store.clone(), "refresh-1");
    let calls = (0..50).map(|n| {
        let client = client.clone();
        tokio::spawn(async move { client.call_raw("crm.lead.get", json!({"n": n})).await })
    });
    let results = futures_util::future::join_all(calls).await;
    for (n, r) in results.into_iter().enumerate() {
        assert_eq!(r.unwrap().unwrap(), json!({"n": n}));
    }
    assert_eq!(s.refreshes.load(Ordering::SeqCst), 1);
    let saved = store.latest().expect("the new pair is saved");
    assert_eq!(saved.access_token.expose(), "new-access");
    assert_eq!(saved.refresh_token.expose(), "refresh-2");
    assert_eq!(saved.expires_in, Some(3600));
    assert_eq!(saved.user_id, Some(7));
    assert_eq!(client.tokens().unwrap().refresh_token.expose(), "refresh-2");
    // 50 first tries, and a retry with the new token for those that met the old one.
    assert!((51..=100).contains(&s.portal.hits()), "{}", s.portal.hits());
}

#[tokio::test]
async fn access_token_goes_in_the_body_to_the_rest_base() {
    let server = serve(|req| {
        assert_eq!(req.path, "/rest/profile");
        Reply::ok(req.body)
    })
    .await;
    let client = Client::oauth(
        server.base(),
        OAuthApp::new("a", "s"),
        Tokens::new("tok-value", "r"),
    )
    .unwrap();
    let body = client.call_raw("profile", json!({"x": 1})).await.unwrap();
    assert_eq!(body, json!({"x": 1, "auth": "tok-value"}));
    let body = client.call_raw("profile", Value::Null).await.unwrap();
    assert_eq!(body, json!({"auth": "tok-value"}));
}

#[tokio::test]
async fn failed_refresh_is_reported_with_the_servers_code() {
    let s = setup().await;
    let client = client(&s, MemoryTokenStore::new(), "stale-refresh");
    let err = client
        .call_raw("crm.lead.get", json!({}))
        .await
        .unwrap_err();
    let Error::TokenRefresh { source } = &err else {
        panic!("{err:?}")
    };
    assert!(
        matches!(**source, Error::Api(ref a) if a.code == ApiCode::InvalidGrant),
        "{source:?}"
    );
    assert_eq!(err.code(), Some("invalid_grant"));
    let text = format!("{err} {err:?}");
    for secret in ["client-secret-value", "stale-refresh", "old-access"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

#[tokio::test]
async fn a_closure_can_store_tokens() {
    let s = setup().await;
    let saved = Arc::new(Mutex::new(Vec::new()));
    let sink = saved.clone();
    let client = Client::builder()
        .oauth(
            s.portal.base(),
            OAuthApp::new("app.42", "client-secret-value"),
            Tokens::new("old-access", "refresh-1"),
        )
        .oauth_server(format!("{}/oauth/token/", s.oauth.base()))
        .token_store(move |t: &Tokens| {
            sink.lock()
                .unwrap()
                .push(t.refresh_token.expose().to_owned())
        })
        .build()
        .unwrap();
    client
        .call_raw("crm.lead.get", json!({"n": 1}))
        .await
        .unwrap();
    assert_eq!(*saved.lock().unwrap(), vec![String::from("refresh-2")]);
}

#[tokio::test]
async fn webhook_clients_do_not_refresh() {
    let server = serve(|_| Reply::error(401, "expired_token", "")).await;
    let err = common::client_no_retry(&server)
        .call_raw("crm.lead.get", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("expired_token"));
    assert_eq!(server.hits(), 1);
}

/// The same against the emulator's portal and OAuth server, including a batch (where the
/// token rides next to `cmd`).
#[tokio::test]
async fn against_the_emulator_one_refresh_for_many_calls_and_batches() {
    use bitrix_emulator::Portal;
    let portal = Portal::builder()
        .limits(bitrix_api::Limits::off())
        .seed(11)
        .start()
        .await
        .unwrap();
    let lead = portal.add_lead(json!({"TITLE": "L"}));
    let issued = portal.issue_tokens(&["crm"]);
    let store = MemoryTokenStore::new();
    let client = Client::builder()
        .oauth(portal.rest_url(), portal.oauth_app(), issued.clone())
        .oauth_server(portal.oauth_server_url())
        .token_store(store.clone())
        .limits(bitrix_api::Limits::off())
        .build()
        .unwrap();
    client
        .call_raw("crm.lead.get", json!({"id": lead}))
        .await
        .unwrap();
    portal.expire_access_tokens();
    let calls = (0..30).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.call_raw("crm.lead.get", json!({"id": lead})).await })
    });
    for r in futures_util::future::join_all(calls).await {
        assert_eq!(r.unwrap().unwrap()["TITLE"], "L");
    }
    assert_eq!(portal.refresh_count(), 1);
    assert_ne!(
        store.latest().unwrap().refresh_token.expose(),
        issued.refresh_token.expose()
    );

    portal.expire_access_tokens();
    let mut batch = client.batch();
    let got = batch.add_raw("get", "crm.lead.get", json!({"id": lead}));
    let answers = batch.send().await.unwrap();
    assert_eq!(answers.get(&got).unwrap()["TITLE"], "L");
    assert_eq!(portal.refresh_count(), 2);
}
