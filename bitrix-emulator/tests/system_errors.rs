//! Every documented system error on demand (a fault once, or a portal state), and what
//! bitrix-api's client makes of each: code, status, whether it retries.

use std::time::{Duration, Instant};

use bitrix_api::{Client, Error, Limits, RetryPolicy};
use bitrix_emulator::{Fault, Portal, SystemError};
use serde_json::json;

async fn portal() -> Portal {
    Portal::builder()
        .limits(Limits::off())
        .seed(3)
        .start()
        .await
        .unwrap()
}

fn client(url: String, retry: RetryPolicy) -> Client {
    Client::builder()
        .webhook(url)
        .limits(Limits::off())
        .retry(
            retry
                .base_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(5)),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn each_system_error_reaches_the_client_with_its_code_and_status() {
    let portal = portal().await;
    let once = client(portal.webhook_url(), RetryPolicy::none());
    for e in SystemError::ALL {
        let (status, code, _) = e.parts();
        portal.fail_next(1, Fault::System(e));
        let err = once.call_raw("crm.lead.list", json!({})).await.unwrap_err();
        assert_eq!(
            (err.code(), err.status()),
            (Some(code), Some(status)),
            "{e:?}: {err}"
        );
        let retryable = matches!(
            e,
            SystemError::InternalServerError | SystemError::UnexpectedAnswer
        );
        assert_eq!(err.is_retryable(), retryable, "{e:?}");
        assert_eq!(
            portal.requests().last().unwrap().error_code.as_deref(),
            Some(code)
        );
        assert_eq!(
            portal.requests().last().unwrap().served_by,
            None,
            "not applied"
        );
    }
    // A retrying client gets past a one-off 500 INTERNAL_SERVER_ERROR of a read.
    let retrying = client(portal.webhook_url(), RetryPolicy::default());
    portal.fail_next(1, Fault::System(SystemError::InternalServerError));
    assert!(retrying.call_raw("crm.lead.list", json!({})).await.is_ok());
}

#[tokio::test]
async fn an_overloaded_portal_ends_a_retrying_client_quickly() {
    let portal = portal().await;
    portal.set_outage(Some(SystemError::Overload));
    // Even a policy that would retry many times stops: OVERLOAD_LIMIT is not retryable.
    let c = client(
        portal.webhook_url(),
        RetryPolicy::default().max_attempts(50),
    );
    let started = Instant::now();
    let err = c.call_raw("crm.lead.list", json!({})).await.unwrap_err();
    assert_eq!(
        (err.code(), err.status()),
        (Some("OVERLOAD_LIMIT"), Some(503))
    );
    assert!(!err.is_retryable());
    assert_eq!(portal.count("crm.lead.list"), 1, "no retries");
    assert!(started.elapsed() < Duration::from_secs(5));

    // A raw HTTP client that retries every 503 still ends: the state is reported
    // the same way every time, and clearing it lets calls through.
    let url = format!("{}crm.lead.list", portal.webhook_url());
    for _ in 0..5 {
        assert_eq!(reqwest::get(&url).await.unwrap().status(), 503);
    }
    portal.set_outage(None);
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 200);

    portal.set_outage(Some(SystemError::PortalDeleted));
    let err = c.call_raw("crm.lead.list", json!({})).await.unwrap_err();
    assert_eq!(
        (err.code(), err.status(), err.is_retryable()),
        (Some("PORTAL_DELETED"), Some(500), false)
    );
}

#[tokio::test]
async fn an_expired_webhook_is_invalid_credentials() {
    let portal = portal().await;
    let extra = portal.add_webhook(2, &["crm"]);
    assert!(portal.expire_webhook(&extra));
    assert!(!portal.expire_webhook("http://127.0.0.1/rest/1/unknown/"));
    let err = client(extra, RetryPolicy::default())
        .call_raw("crm.lead.list", json!({}))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), err.status(), err.is_retryable()),
        (Some("INVALID_CREDENTIALS"), Some(401), false)
    );
    // The default webhook still works.
    let ok = client(portal.webhook_url(), RetryPolicy::none());
    assert!(ok.call_raw("crm.lead.list", json!({})).await.is_ok());
}

#[tokio::test]
async fn a_changed_domain_answers_302_and_a_following_client_moves() {
    // The same seed: the new address knows the same webhook code.
    let old = portal().await;
    let new = portal().await;
    let new_origin = format!("http://localhost:{}", new.addr().port());
    old.move_to(Some(&new_origin));

    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = raw
        .post(format!("{}crm.lead.add?x=1", old.webhook_url()))
        .json(&json!({"fields": {"TITLE": "t"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&new_origin) && location.ends_with("/crm.lead.add?x=1"),
        "{location}"
    );
    assert!(old.records("crm.lead").is_empty());

    let plain = client(old.webhook_url(), RetryPolicy::none());
    let err = plain
        .call_raw("crm.lead.add", json!({"fields": {"TITLE": "t"}}))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Redirected { status: 302, .. }),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(302));

    let following = Client::builder()
        .webhook(old.webhook_url())
        .limits(Limits::off())
        .follow_domain_change(true)
        .build()
        .unwrap();
    let id = following
        .call_raw("crm.lead.add", json!({"fields": {"TITLE": "moved"}}))
        .await
        .unwrap();
    assert_eq!(id, json!(1));
    assert_eq!(
        new.lead(1).unwrap().title,
        "moved",
        "the POST body survived the move"
    );
    assert!(old.records("crm.lead").is_empty());
}
