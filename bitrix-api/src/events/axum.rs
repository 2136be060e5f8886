//! A handler to mount (feature `axum`): event POSTs are decoded, verified against the
//! application token stored for their `member_id`, answered `200` at once and handed to
//! the app through a channel; forged or malformed bodies get a 4xx and never reach it.
//!
//! ```no_run
//! # async fn run() {
//! use bitrix_api::events::{axum::router, Installations, RawEvent};
//! use bitrix_api::OAuthApp;
//!
//! let portals = Installations::in_memory(OAuthApp::new("app.1", "secret"));
//! let (tx, mut rx) = tokio::sync::mpsc::channel::<bitrix_api::events::Incoming<RawEvent>>(1024);
//! let app = axum::Router::new().nest("/bitrix", router(portals.clone(), tx));
//! tokio::spawn(async move {
//!     while let Some(incoming) = rx.recv().await {
//!         let client = portals.client(&incoming.member_id); // call the portal back
//!         # let _ = client;
//!     }
//! });
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
//! axum::serve(listener, app).await.unwrap();
//! # }
//! ```

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use tokio::sync::mpsc;

use super::{is_verification_failure, EventSet, Incoming, Installations, MAX_BODY};
use crate::Error;

struct Shared<E> {
    installations: Installations,
    events: mpsc::Sender<Incoming<E>>,
}

impl<E> Clone for Shared<E> {
    fn clone(&self) -> Self {
        Shared {
            installations: self.installations.clone(),
            events: self.events.clone(),
        }
    }
}

/// `POST /`: the event handler URL (give it to `event.bind`; nested under `/bitrix` it is
/// `/bitrix`, without a trailing slash). `POST /install`: the app's
/// install URL (the install callback; it answers a page that calls
/// `BX24.installFinish()`, which an app with a setup page must do in the browser).
///
/// Answers: `200` (accepted, handed to the channel); `400` malformed body; `401` not
/// verified (forged token, no `auth`, unknown portal); `415` wrong content type; `503`
/// the channel is full or closed (the portal may deliver again).
pub fn router<E: EventSet>(
    installations: Installations,
    events: mpsc::Sender<Incoming<E>>,
) -> Router {
    Router::new()
        .route("/", post(event::<E>))
        .route("/install", post(install::<E>))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(Shared {
            installations,
            events,
        })
}

fn refused(err: &Error) -> Response {
    let status = match err {
        e if is_verification_failure(e) => StatusCode::UNAUTHORIZED,
        Error::Decode { path, .. } if path == "content-type" => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Error::Decode { .. } => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    tracing::warn!(status = status.as_u16(), error = %err, "event refused");
    (status, err.to_string()).into_response()
}

fn content_type(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

async fn event<E: EventSet>(
    State(s): State<Shared<E>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let incoming = match s.installations.receive::<E>(content_type(&headers), &body) {
        Ok(i) => i,
        Err(e) => return refused(&e),
    };
    match s.events.try_send(incoming) {
        Ok(()) => StatusCode::OK.into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the app is not taking events now",
        )
            .into_response(),
    }
}

/// The page an install callback answers with: it finishes the installation in the
/// admin's browser (without it an app with a setup page gets no events).
const FINISH: &str = "<!doctype html><html><head><script src=\"//api.bitrix24.com/api/v1/\"></script></head><body><script>BX24.init(function(){BX24.installFinish();});</script></body></html>";

async fn install<E: EventSet>(
    State(s): State<Shared<E>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !content_type(&headers).starts_with("application/x-www-form-urlencoded") {
        return (StatusCode::UNSUPPORTED_MEDIA_TYPE, "expected a form").into_response();
    }
    let Ok(form) = std::str::from_utf8(&body) else {
        return (StatusCode::BAD_REQUEST, "the form is not UTF-8").into_response();
    };
    match s
        .installations
        .install_request(query.as_deref().unwrap_or(""), form)
    {
        Ok(_) => Html(FINISH).into_response(),
        Err(e) => refused(&e),
    }
}
