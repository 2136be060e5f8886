//! Webhooks, scopes, OAuth tokens, expiry and the OAuth server's refresh exchange.

mod common;

use std::time::Duration;

use bitrix_emulator::{Limits, Portal};
use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn wrong_webhook_code_or_user_is_no_auth_found() {
    let portal = portal().await;
    let good = portal.webhook_url();
    let wrong_code = good.replace(
        good.trim_end_matches('/').rsplit('/').next().unwrap(),
        "wrongcode",
    );
    let (s, v) = post(&format!("{wrong_code}crm.lead.list"), json!({})).await;
    assert_eq!(
        (s, v["error"].clone(), v["error_description"].clone()),
        (
            401,
            json!("NO_AUTH_FOUND"),
            json!("Wrong authorization data")
        )
    );
    let wrong_user = good.replace("/rest/1/", "/rest/2/");
    let (s, _) = post(&format!("{wrong_user}crm.lead.list"), json!({})).await;
    assert_eq!(s, 401);
}

#[tokio::test]
async fn webhook_without_crm_scope_is_insufficient_scope() {
    let portal = portal().await;
    let hook = portal.add_webhook(5, &["user"]);
    assert!(hook.contains("/rest/5/"));
    let (s, v) = post(
        &format!("{hook}crm.lead.contact.items.get"),
        json!({"id": 1}),
    )
    .await;
    assert_eq!((s, v["error"].clone()), (403, json!("insufficient_scope")));
    let (s, v) = post(
        &format!("{hook}batch"),
        json!({"cmd": {"a": "crm.lead.list"}}),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        v["result"]["result_error"]["a"],
        json!({"error": "insufficient_scope", "error_description": ""})
    );

    let scoped = Portal::builder()
        .webhook(3, &["task"])
        .limits(Limits::off())
        .start()
        .await
        .unwrap();
    let (s, _) = call(&scoped, "crm.lead.list", json!({})).await;
    assert_eq!(s, 403);
}

#[tokio::test]
async fn oauth_calls_need_a_known_token_with_scope() {
    let portal = portal().await;
    let rest = portal.rest_url();
    let (s, v) = post(&format!("{rest}crm.lead.list"), json!({})).await;
    assert_eq!((s, v["error"].clone()), (401, json!("NO_AUTH_FOUND")));
    let (s, _) = post(&format!("{rest}crm.lead.list"), json!({"auth": "nope"})).await;
    assert_eq!(s, 401);
    let weak = portal.issue_tokens(&["user"]);
    let (s, v) = post(
        &format!("{rest}crm.lead.list"),
        json!({"auth": weak.access_token.expose()}),
    )
    .await;
    assert_eq!((s, v["error"].clone()), (403, json!("insufficient_scope")));
}

async fn refresh(portal: &Portal, params: &[(&str, &str)]) -> (u16, Value) {
    let resp = client()
        .get(portal.oauth_server_url())
        .query(params)
        .send()
        .await
        .unwrap();
    answer(resp).await
}

#[tokio::test]
async fn tokens_expire_and_refresh_through_the_oauth_server() {
    let portal = Portal::builder()
        .limits(Limits::off())
        .token_lifetime(Duration::from_secs(3600))
        .clock_speed(10.0)
        .start()
        .await
        .unwrap();
    let tokens = portal.issue_tokens(&["crm"]);
    let app = portal.oauth_app();
    assert_eq!(tokens.expires_in, Some(3600));
    let rest = portal.rest_url();
    let list = |token: String| {
        let url = format!("{rest}crm.lead.list");
        async move { post(&url, json!({"auth": token})).await }
    };
    assert_eq!(list(tokens.access_token.expose().to_owned()).await.0, 200);

    portal.advance_clock(Duration::from_secs(3601));
    let (s, v) = list(tokens.access_token.expose().to_owned()).await;
    assert_eq!((s, v["error"].clone()), (401, json!("expired_token")));

    let (s, fresh) = refresh(
        &portal,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &app.client_id),
            ("client_secret", app.client_secret.expose()),
            ("refresh_token", tokens.refresh_token.expose()),
        ],
    )
    .await;
    assert_eq!(s, 200, "{fresh}");
    for key in [
        "access_token",
        "expires",
        "expires_in",
        "scope",
        "domain",
        "server_endpoint",
        "status",
        "client_endpoint",
        "member_id",
        "user_id",
        "refresh_token",
    ] {
        assert!(fresh.get(key).is_some(), "{key} missing: {fresh}");
    }
    assert_eq!(fresh["scope"], "crm");
    assert_eq!(fresh["client_endpoint"], json!(portal.rest_url()));
    assert_eq!(fresh["member_id"], json!(tokens.member_id.unwrap()));
    assert_eq!(portal.refresh_count(), 1);
    assert_eq!(
        list(fresh["access_token"].as_str().unwrap().to_owned())
            .await
            .0,
        200
    );

    // The used refresh token is gone; the new one works, also by POST form.
    let (s, v) = refresh(
        &portal,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &app.client_id),
            ("client_secret", app.client_secret.expose()),
            ("refresh_token", tokens.refresh_token.expose()),
        ],
    )
    .await;
    assert_eq!((s, v["error"].clone()), (400, json!("invalid_grant")));
    let body = format!(
        "grant_type=refresh_token&client_id={}&client_secret={}&refresh_token={}",
        app.client_id,
        app.client_secret.expose(),
        fresh["refresh_token"].as_str().unwrap()
    );
    let (s, _) = form(&portal.oauth_server_url(), &body).await;
    assert_eq!(s, 200);
    assert_eq!(portal.refresh_count(), 2);
}

#[tokio::test]
async fn oauth_server_errors_are_documented_codes() {
    let portal = portal().await;
    let t = portal.issue_tokens(&["crm"]);
    let app = portal.oauth_app();
    let (s, v) = refresh(
        &portal,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &app.client_id),
            ("client_secret", "bad"),
            ("refresh_token", t.refresh_token.expose()),
        ],
    )
    .await;
    assert_eq!((s, v["error"].clone()), (400, json!("invalid_client")));
    let (s, v) = refresh(
        &portal,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &app.client_id),
            ("client_secret", app.client_secret.expose()),
            ("refresh_token", "bad"),
        ],
    )
    .await;
    assert_eq!((s, v["error"].clone()), (400, json!("invalid_grant")));
    let (s, v) = refresh(&portal, &[("grant_type", "password")]).await;
    assert_eq!((s, v["error"].clone()), (400, json!("invalid_request")));
    assert_eq!(portal.refresh_count(), 0);
    assert!(v["error_description"].is_string());
}

#[tokio::test]
async fn expire_access_tokens_for_tests() {
    let portal = portal().await;
    let t = portal.issue_tokens(&["crm"]);
    portal.expire_access_tokens();
    let (s, v) = get(&format!(
        "{}crm.lead.list?auth={}",
        portal.rest_url(),
        t.access_token.expose()
    ))
    .await;
    assert_eq!((s, v["error"].clone()), (401, json!("expired_token")));
    let again = portal.issue_tokens(&["crm"]);
    let (s, _) = get(&format!(
        "{}crm.lead.list?auth={}",
        portal.rest_url(),
        again.access_token.expose()
    ))
    .await;
    assert_eq!(s, 200, "tokens issued afterwards are fresh");
}

#[tokio::test]
async fn authorization_codes_are_exchanged_once_for_a_pair() {
    let portal = portal().await;
    let app = portal.oauth_app();
    let code = portal.authorization_code(&["crm"]);
    let exchange = |code: String| {
        let (portal, app) = (&portal, &app);
        async move {
            refresh(
                portal,
                &[
                    ("grant_type", "authorization_code"),
                    ("client_id", &app.client_id),
                    ("client_secret", app.client_secret.expose()),
                    ("code", &code),
                ],
            )
            .await
        }
    };
    let (s, pair) = exchange(code.clone()).await;
    assert_eq!(s, 200, "{pair}");
    assert_eq!(
        pair["server_endpoint"],
        json!(format!("{}oauth/rest/", portal.base_url()))
    );
    assert_eq!(pair["client_endpoint"], json!(portal.rest_url()));
    assert_eq!(pair["scope"], "crm");
    let token = pair["access_token"].as_str().unwrap();
    let (s, _) = get(&format!("{}crm.lead.list?auth={token}", portal.rest_url())).await;
    assert_eq!(s, 200);
    assert_eq!(portal.refresh_count(), 0, "an exchange is not a refresh");

    let (s, v) = exchange(code).await;
    assert_eq!(
        (s, v["error"].clone()),
        (400, json!("invalid_grant")),
        "used"
    );
    let (s, v) = exchange("not-a-code".into()).await;
    assert_eq!(
        (s, v["error"].clone()),
        (400, json!("invalid_grant")),
        "wrong"
    );
    let late = portal.authorization_code(&["crm"]);
    portal.advance_clock(Duration::from_secs(31));
    let (s, v) = exchange(late).await;
    assert_eq!(
        (s, v["error"].clone()),
        (400, json!("invalid_grant")),
        "expired after 30 s"
    );
    let (s, v) = refresh(&portal, &[("grant_type", "authorization_code")]).await;
    assert_eq!(
        (s, v["error"].clone()),
        (400, json!("invalid_request")),
        "no code"
    );
}
