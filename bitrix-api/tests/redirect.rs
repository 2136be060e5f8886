//! A portal whose address changed answers with a redirect to the new domain.

mod common;

use bitrix_api::{Client, Error};
use common::{serve, Reply, CODE};
use serde_json::json;

/// The old portal (127.0.0.1) redirects every call to the new one (`localhost`, another
/// host name for the same machine).
async fn moved() -> (common::Server, common::Server) {
    let new = serve(|req| Reply::ok(json!({"method": req.method, "body": req.body}))).await;
    let target = format!("http://localhost:{}", new.addr.port());
    let old = serve(move |req| Reply::redirect(302, format!("{target}{}", req.path))).await;
    (old, new)
}

#[tokio::test]
async fn another_domain_is_reported_without_secrets() {
    let (old, new) = moved().await;
    let client = Client::webhook(old.webhook()).unwrap();
    let err = client
        .call_raw("crm.lead.add", json!({"fields": {}}))
        .await
        .unwrap_err();
    let Error::Redirected { from, to, status } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(from, &format!("127.0.0.1:{}", old.addr.port()));
    assert_eq!(to, &format!("localhost:{}", new.addr.port()));
    assert_eq!(*status, 302);
    assert_eq!(err.status(), Some(302));
    assert!(!format!("{err} {err:?}").contains(CODE));
    assert_eq!(new.hits(), 0, "nothing was sent to the new domain");
}

#[tokio::test]
async fn following_moves_the_client_and_keeps_the_post_body() {
    let (old, new) = moved().await;
    let client = Client::builder()
        .webhook(old.webhook())
        .follow_domain_change(true)
        .build()
        .unwrap();
    let clone = client.clone();
    let v = client
        .call_raw("crm.lead.add", json!({"fields": {"TITLE": "x"}}))
        .await
        .unwrap();
    assert_eq!(
        v,
        json!({"method": "crm.lead.add", "body": {"fields": {"TITLE": "x"}}})
    );
    assert_eq!(clone.host(), format!("localhost:{}", new.addr.port()));
    // The next call goes straight to the new domain.
    clone.call_raw("crm.lead.get", json!({})).await.unwrap();
    assert_eq!(old.hits(), 1);
    assert_eq!(new.hits(), 2);
}

#[tokio::test]
async fn redirect_to_plain_http_elsewhere_is_refused() {
    let old = serve(|req| Reply::redirect(301, format!("http://example.com{}", req.path))).await;
    let client = Client::builder()
        .webhook(old.webhook())
        .follow_domain_change(true)
        .build()
        .unwrap();
    let err = client
        .call_raw("crm.lead.get", json!({}))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(!err.to_string().contains(CODE));
}
