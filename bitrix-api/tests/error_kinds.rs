//! `Error::kind()` against the emulator: every kind a portal can be made to answer, on
//! REST 2 and REST 3.0, as the caller sees it (kind, shortcut, one-line `Display`).

use std::path::{Path, PathBuf};

use bitrix_api::error::{AuthReason, ErrorKind};
use bitrix_api::{Client, Error, RetryPolicy};
use bitrix_emulator::{Fault, Limits, Portal, SystemError};
use serde_json::json;

fn client(url: impl AsRef<str>) -> Client {
    Client::builder()
        .webhook(url)
        .retry(RetryPolicy::none())
        .build()
        .expect("client")
}

/// The REST 3.0 fixture pages (`demo.note.*`, scope `demo`).
fn v3_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/v3")
}

async fn portal_with(scopes: &[&str]) -> Portal {
    Portal::builder()
        .webhook(1, scopes)
        .pages(v3_fixtures())
        .start()
        .await
        .expect("portal starts")
}

/// The text has no empty parts: no double spaces, no `: :`, nothing before `(HTTP`.
fn assert_clean(err: &Error) {
    let text = err.to_string();
    assert!(
        !text.contains("  ") && !text.contains(": :") && !text.contains(":  ("),
        "{text}"
    );
}

#[tokio::test]
async fn missing_deal_is_not_found_on_rest2() {
    let portal = Portal::start().await.unwrap();
    let err = client(portal.webhook_url())
        .call_raw("crm.deal.get", json!({"id": 999_999}))
        .await
        .unwrap_err();
    // What the crm pages document and the emulator sends: 400, empty code, `Not found`.
    assert_eq!(err.code(), Some(""));
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.is_not_found());
    assert!(!err.is_retryable());
    assert_eq!(err.to_string(), "crm.deal.get: Not found (HTTP 400)");
}

/// The call of issue 20 (`crm.deal.get` is deprecated in favour of `crm.item.get`, and
/// still answered).
#[cfg(feature = "crm-deal")]
#[allow(deprecated)]
#[tokio::test]
async fn typed_deal_get_of_a_missing_id_is_not_found() {
    use bitrix_api::ClientMethods;
    let portal = Portal::start().await.unwrap();
    let err = client(portal.webhook_url())
        .crm_deal_get(999_999)
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.to_string(), "crm.deal.get: Not found (HTTP 400)");
}

#[tokio::test]
async fn missing_note_is_not_found_on_rest3() {
    let portal = portal_with(&["demo", "crm"]).await;
    assert!(
        portal.rejected_pages().is_empty(),
        "{:?}",
        portal.rejected_pages()
    );
    let err = client(portal.webhook_url())
        .v3()
        .call_raw("demo.note.get", json!({"id": 999_999}))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some("BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION")
    );
    assert!(err.is_not_found(), "{err:?}");
    assert_clean(&err);
}

#[tokio::test]
async fn unknown_method_is_method_not_found_on_both_versions() {
    let portal = portal_with(&["demo", "crm"]).await;
    let client = client(portal.webhook_url());
    let err = client
        .call_raw("crm.nothing.here", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MethodNotFound);
    assert!(err.is_method_not_found() && !err.is_not_found());
    assert_eq!(
        err.to_string(),
        "crm.nothing.here: ERROR_METHOD_NOT_FOUND: Method not found! (HTTP 404)"
    );
    // A REST 2 method at the REST 3.0 address.
    let err = client
        .v3()
        .call_raw("crm.deal.get", json!({"id": 1}))
        .await
        .unwrap_err();
    assert!(err.is_method_not_found(), "{err:?}");
}

#[tokio::test]
async fn missing_scope_is_insufficient_scope_on_both_versions() {
    let portal = portal_with(&["user"]).await;
    let client = client(portal.webhook_url());
    let err = client
        .call_raw("crm.deal.get", json!({"id": 1}))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientScope);
    assert!(err.is_access_denied());
    assert_clean(&err);
    let err = client
        .v3()
        .call_raw("demo.note.get", json!({"id": 1}))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientScope, "{err:?}");
}

#[tokio::test]
async fn system_access_errors_are_access_denied() {
    let portal = Portal::start().await.unwrap();
    let client = client(portal.webhook_url());
    for system in [
        SystemError::RestUnavailable,
        SystemError::InvalidCredentials,
        SystemError::UserAccessError,
    ] {
        portal.fail_next(1, Fault::System(system));
        let err = client
            .call_raw("crm.deal.get", json!({"id": 1}))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AccessDenied, "{system:?}");
        assert!(err.is_access_denied());
    }
    portal.fail_next(1, Fault::System(SystemError::InternalServerError));
    let err = client
        .call_raw("crm.deal.get", json!({"id": 1}))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PortalInternal);
    portal.fail_next(1, Fault::ServerError);
    let err = client
        .call_raw("crm.deal.get", json!({"id": 1}))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PortalInternal, "{err:?}");
}

#[tokio::test]
async fn wrong_webhook_and_revoked_token_are_auth() {
    let portal = Portal::start().await.unwrap();
    let url = portal.webhook_url();
    let code = url.trim_end_matches('/').rsplit('/').next().unwrap();
    let wrong = url.replace(code, "wrongcode123");
    let err = client(wrong)
        .call_raw("crm.deal.get", json!({"id": 1}))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth(AuthReason::Invalid));
    assert!(err.is_auth());
    assert!(!err.to_string().contains("wrongcode123"), "{err}");

    let tokens = portal.issue_tokens(&["crm"]);
    let oauth = Client::builder()
        .oauth(portal.base_url(), portal.oauth_app(), tokens)
        .oauth_server(portal.oauth_server_url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    portal.uninstall_app().await.unwrap();
    let err = oauth
        .call_raw("crm.deal.get", json!({"id": 1}))
        .await
        .unwrap_err();
    assert!(err.is_auth(), "{err:?}");
}

#[tokio::test]
async fn a_full_bucket_is_rate_limited() {
    let portal = Portal::builder()
        .limits(Limits::custom(0.01, 1.0))
        .start()
        .await
        .unwrap();
    let client = client(portal.webhook_url());
    let mut refused = None;
    for _ in 0..5 {
        if let Err(e) = client.call_raw("crm.deal.list", json!({})).await {
            refused = Some(e);
            break;
        }
    }
    let err = refused.expect("the portal's bucket refuses a burst");
    assert_eq!(err.code(), Some("QUERY_LIMIT_EXCEEDED"));
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert!(err.is_rate_limited() && err.is_retryable());
    portal.fail_next(1, Fault::System(SystemError::Overload));
    portal.set_limits(Limits::off());
    let err = client
        .call_raw("crm.deal.list", json!({}))
        .await
        .unwrap_err();
    assert!(err.is_rate_limited() && !err.is_retryable(), "{err:?}");
}

#[tokio::test]
async fn bad_parameters_are_validation_naming_the_field() {
    let portal = portal_with(&["demo", "crm"]).await;
    let client = client(portal.webhook_url());
    let err = client
        .call_raw("crm.deal.get", json!({"id": 0}))
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Validation {
            field: Some("ID".into())
        },
        "{err}"
    );
    assert!(err.is_validation());
    assert_clean(&err);
    let err = client
        .v3()
        .call_raw("demo.note.get", json!({}))
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Validation {
            field: Some("id".into())
        },
        "{err}"
    );
}
