//! Every kind of answer a portal (or the way to it) can give, decoded into the right
//! [`Error`], over real HTTP on 127.0.0.1.

mod common;

use std::time::Duration;

use bitrix_api::error::{AnswerKind, Stage};
use bitrix_api::{ApiCode, ApiError, Error, RetryPolicy};
use common::{client_no_retry, http_answer, serve, serve_raw, Raw, Reply};
use serde_json::json;

async fn answer(reply: fn() -> Reply) -> Error {
    let server = serve(move |_| reply()).await;
    client_no_retry(&server)
        .call_raw("crm.lead.get", json!({"id": 1}))
        .await
        .unwrap_err()
}

#[tokio::test]
async fn system_errors_by_code_and_status() {
    let cases: &[(u16, &str, ApiCode)] = &[
        (503, "QUERY_LIMIT_EXCEEDED", ApiCode::QueryLimitExceeded),
        (503, "OVERLOAD_LIMIT", ApiCode::OverloadLimit),
        (429, "OPERATION_TIME_LIMIT", ApiCode::OperationTimeLimit),
        (401, "expired_token", ApiCode::ExpiredToken),
        (401, "NO_AUTH_FOUND", ApiCode::NoAuthFound),
        (403, "INVALID_CREDENTIALS", ApiCode::InvalidCredentials),
        (403, "insufficient_scope", ApiCode::InsufficientScope),
        (403, "ACCESS_DENIED", ApiCode::AccessDenied),
        (400, "NOT_FOUND", ApiCode::NotFound),
        (404, "ERROR_NOT_FOUND", ApiCode::NotFound),
        (400, "INVALID_REQUEST", ApiCode::InvalidRequest),
        (
            400,
            "ERROR_BATCH_LENGTH_EXCEEDED",
            ApiCode::BatchLengthExceeded,
        ),
        (
            405,
            "ERROR_BATCH_METHOD_NOT_ALLOWED",
            ApiCode::BatchMethodNotAllowed,
        ),
        (404, "ERROR_METHOD_NOT_FOUND", ApiCode::MethodNotFound),
        (500, "INTERNAL_SERVER_ERROR", ApiCode::InternalServerError),
        (500, "ERROR_UNEXPECTED_ANSWER", ApiCode::UnexpectedAnswer),
        (500, "PORTAL_DELETED", ApiCode::PortalDeleted),
        (403, "user_access_error", ApiCode::UserAccessError),
    ];
    let server = serve(|req| {
        let code = req.body["code"].as_str().unwrap().to_owned();
        let status = req.body["status"].as_u64().unwrap() as u16;
        Reply::error(status, &code, "described")
    })
    .await;
    let client = client_no_retry(&server);
    for (status, code, expected) in cases {
        let err = client
            .call_raw("crm.lead.get", json!({"code": code, "status": status}))
            .await
            .unwrap_err();
        match &err {
            Error::Api(ApiError {
                code: c,
                raw_code,
                status: s,
                description,
                method,
                ..
            }) => {
                assert_eq!(c, expected, "{code}");
                assert_eq!(raw_code, code);
                assert_eq!(*s, Some(*status));
                assert_eq!(description, "described");
                assert_eq!(method, "crm.lead.get");
            }
            other => panic!("{code}: {other:?}"),
        }
        assert_eq!(err.code(), Some(*code));
        assert_eq!(err.status(), Some(*status));
    }
}

#[tokio::test]
async fn unknown_code_is_kept_verbatim() {
    let err = answer(|| {
        Reply::error(
            400,
            "ERROR_HANDLER_ALREADY_EXIST",
            "Handler already exists!",
        )
    })
    .await;
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.code, ApiCode::Other);
    assert_eq!(api.raw_code, "ERROR_HANDLER_ALREADY_EXIST");
    assert_eq!(api.description, "Handler already exists!");
    assert_eq!(err.status(), Some(400));
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("ERROR_HANDLER_ALREADY_EXIST"));
}

#[tokio::test]
async fn empty_code_is_an_api_error_with_empty_code() {
    let err =
        answer(|| Reply::json(400, json!({"error": "", "error_description": "something"}))).await;
    assert_eq!(err.code(), Some(""));
    assert_eq!(err.status(), Some(400));
    let err = answer(|| Reply::json(400, json!({"error": null}))).await;
    assert_eq!(err.code(), Some(""));
}

#[tokio::test]
async fn html_error_page() {
    let err = answer(|| {
        let page = format!(
            "<html><head><title>500 Internal Server Error</title></head><body>{}</body></html>",
            "x".repeat(400)
        );
        Reply::text(500, page)
    })
    .await;
    let Error::UnexpectedAnswer {
        status,
        kind,
        excerpt,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!((*status, *kind), (500, AnswerKind::NotJson));
    assert!(excerpt.starts_with("<html>"));
    assert!(excerpt.chars().count() <= 200);
    assert!(err.is_retryable() && err.maybe_applied());
}

#[tokio::test]
async fn truncated_json() {
    let err = answer(|| Reply::text(200, r#"{"result":{"ID":"1","TITLE":"#)).await;
    assert!(
        matches!(
            err,
            Error::UnexpectedAnswer {
                kind: AnswerKind::Truncated,
                status: 200,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.maybe_applied());
}

#[tokio::test]
async fn body_shorter_than_declared() {
    let server = serve_raw(|_| Raw::Write(http_answer(200, 500, r#"{"result":{"ID":"1""#))).await;
    let err = client_no_retry(&server)
        .call_raw("crm.lead.get", json!({}))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                stage: Stage::Receive,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.maybe_applied() && err.is_retryable());
}

#[tokio::test]
async fn empty_body() {
    let err = answer(|| Reply::text(200, "")).await;
    assert!(
        matches!(
            err,
            Error::UnexpectedAnswer {
                kind: AnswerKind::Empty,
                ..
            }
        ),
        "{err:?}"
    );
    let err = answer(|| Reply::text(502, "  ")).await;
    assert!(
        matches!(
            err,
            Error::UnexpectedAnswer {
                kind: AnswerKind::Empty,
                status: 502,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn json_without_result() {
    let err = answer(|| Reply::json(200, json!({"time": {}}))).await;
    assert!(
        matches!(
            err,
            Error::UnexpectedAnswer {
                kind: AnswerKind::NoResult,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn connection_dropped_after_the_request() {
    let server = serve_raw(|_| Raw::Drop).await;
    let err = client_no_retry(&server)
        .call_raw("crm.lead.add", json!({}))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                stage: Stage::Send,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.maybe_applied(), "the portal may have stored it");
}

#[tokio::test]
async fn connection_refused() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = bitrix_api::Client::builder()
        .webhook(format!("http://{addr}/rest/1/{}/", common::CODE))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .call_raw("crm.lead.add", json!({}))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                stage: Stage::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.maybe_applied() && err.is_retryable());
}

#[tokio::test]
async fn timeout() {
    let server = serve(|_| Reply::ok(json!(1)).after(Duration::from_secs(3))).await;
    let client = bitrix_api::Client::builder()
        .webhook(server.webhook())
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .call_raw("crm.lead.get", json!({}))
        .await
        .unwrap_err();
    let Error::Timeout { after, stage, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*after, Duration::from_millis(200));
    assert_eq!(*stage, Stage::Send);
    assert!(err.maybe_applied() && err.is_retryable());
}

#[tokio::test]
async fn decode_error_names_method_and_field() {
    #[derive(Debug)]
    #[allow(dead_code)]
    struct Lead {
        id: i64,
    }
    impl bitrix_api::wire::Wire for Lead {
        fn from_wire(v: serde_json::Value) -> Result<Self, bitrix_api::wire::WireError> {
            let mut fields = bitrix_api::wire::object(v)?;
            Ok(Lead {
                id: bitrix_api::wire::take(&mut fields, "ID")?,
            })
        }
    }
    let server = serve(|_| Reply::ok(json!([{"ID": "1"}, {"ID": "seven"}]))).await;
    let err = client_no_retry(&server)
        .call_envelope::<Vec<Lead>>("crm.lead.list", json!({}))
        .await
        .unwrap_err();
    let Error::Decode {
        method,
        path,
        message,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(method, "crm.lead.list");
    assert_eq!(path, "result[1].ID");
    assert!(message.contains("seven"), "{message}");
}

#[tokio::test]
async fn envelope_fields_arrive() {
    let server = serve(|_| {
        Reply::json(200, json!({
            "result": [1, 2],
            "total": "120",
            "next": 50,
            "time": {"start": "1.5", "finish": 2.5, "duration": 1.0, "processing": 0.9,
                     "date_start": "2024-08-29T10:34:19+03:00", "operating": "3.3", "operating_reset_at": 1778747792}
        }))
    })
    .await;
    let page = client_no_retry(&server)
        .call_envelope::<Vec<i64>>("crm.lead.list", json!({}))
        .await
        .unwrap();
    assert_eq!(page.result, vec![1, 2]);
    assert_eq!((page.total, page.next), (Some(120), Some(50)));
    let time = page.time.unwrap();
    assert_eq!(time.start, Some(1.5));
    assert_eq!(time.operating, Some(3.3));
    assert_eq!(time.operating_reset_at, Some(1_778_747_792.0));
    assert_eq!(
        time.date_start.as_deref(),
        Some("2024-08-29T10:34:19+03:00")
    );
    assert_eq!(time.date_finish, None);
}

#[tokio::test]
async fn requests_are_json_posts_to_the_method_url() {
    let server = serve(|req| {
        assert_eq!(req.path, format!("/rest/1/{}/crm.lead.get", common::CODE));
        Reply::ok(req.body)
    })
    .await;
    let echoed = client_no_retry(&server)
        .call_raw("crm.lead.get", json!({"id": 7, "select": ["ID"]}))
        .await
        .unwrap();
    assert_eq!(echoed, json!({"id": 7, "select": ["ID"]}));
}

#[tokio::test]
async fn plain_http_is_refused_unless_loopback_or_allowed() {
    let err =
        bitrix_api::Client::webhook("http://example.bitrix24.com/rest/1/abcdef123/").unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(
        err.to_string().contains("http://") && !err.to_string().contains("abcdef123"),
        "{err}"
    );
    let err = bitrix_api::Client::builder()
        .oauth(
            "http://example.bitrix24.com",
            bitrix_api::OAuthApp::new("a", "s"),
            bitrix_api::Tokens::new("t", "r"),
        )
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    // Loopback is fine (the emulator), and so is an explicit opt-in.
    let server = serve(|_| Reply::ok(json!(1))).await;
    assert!(client_no_retry(&server)
        .call_raw("x.get", json!({}))
        .await
        .is_ok());
    assert!(bitrix_api::Client::builder()
        .webhook("http://example.bitrix24.com/rest/1/abcdef123/")
        .allow_insecure_http(true)
        .build()
        .is_ok());
}
