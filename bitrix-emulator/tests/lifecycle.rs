//! Starting, sharing a runtime, and stopping portals.

mod common;

use std::time::Duration;

use bitrix_emulator::{EmulatorError, Portal};
use common::*;
use serde_json::json;

async fn refused(url: &str) -> bool {
    // Bounded wait: the listener closes right after the stop signal is seen.
    for _ in 0..100 {
        let fresh = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        if fresh.get(url).send().await.is_err() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

#[tokio::test]
async fn shutdown_waits_and_closes_the_port() {
    let portal = portal().await;
    let url = format!("{}crm.lead.list", portal.webhook_url());
    assert_eq!(get(&url).await.0, 200);
    portal.shutdown().await;
    assert!(refused(&url).await);
}

#[tokio::test]
async fn dropping_the_portal_stops_it() {
    let portal = portal().await;
    let url = format!("{}crm.lead.list", portal.webhook_url());
    let client = client();
    assert!(
        client.get(&url).send().await.is_ok(),
        "a kept-alive connection exists"
    );
    drop(portal);
    assert!(refused(&url).await);
}

#[tokio::test]
async fn portals_are_independent() {
    // `portal()` seeds its codes; an unseeded portal gets a random one.
    let (a, b) = (portal().await, Portal::start().await.unwrap());
    assert_ne!(a.base_url(), b.base_url());
    a.add_lead(json!({}));
    assert_eq!((a.leads().len(), b.leads().len()), (1, 0));
    let (s, _) = post(
        &format!(
            "{}crm.lead.list",
            b.webhook_url().replace(&b.base_url(), &a.base_url())
        ),
        json!({}),
    )
    .await;
    assert_eq!(s, 401, "b's webhook means nothing to a");
}

#[tokio::test]
async fn a_taken_port_is_a_bind_error() {
    let a = portal().await;
    let err = Portal::builder()
        .port(a.addr().port())
        .start()
        .await
        .unwrap_err();
    assert!(matches!(err, EmulatorError::Bind { .. }));
    assert!(err.to_string().contains(&a.addr().port().to_string()));
}

#[tokio::test]
async fn urls_have_the_documented_shapes() {
    let p = Portal::builder().seed(1).start().await.unwrap();
    let base = p.base_url();
    assert!(base.starts_with("http://127.0.0.1:") && base.ends_with('/'));
    assert!(p.webhook_url().starts_with(&format!("{base}rest/1/")));
    assert_eq!(p.rest_url(), format!("{base}rest/"));
    assert_eq!(p.oauth_server_url(), format!("{base}oauth/token/"));
    let q = Portal::builder().seed(1).start().await.unwrap();
    let code = |u: String| u.rsplit('/').nth(1).unwrap().to_owned();
    assert_eq!(
        code(p.webhook_url()),
        code(q.webhook_url()),
        "same seed, same webhook code"
    );
}
