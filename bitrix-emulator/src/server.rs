//! HTTP: the accept loop, request parsing, and turning replies and faults into bytes.
//!
//! The loop is hyper's HTTP/1.1 connection driver around an axum router, rather than
//! `axum::serve`, for two reasons: a handler can make the connection abort for real
//! (dropped-connection and truncated-body faults), and shutdown is graceful per
//! connection and waits for every connection task.
//!
//! Accepted forms, as on a cloud portal:
//! - `/rest/{user_id}/{code}/{method}` (webhook) and `/rest/{method}` (OAuth, `auth=` in
//!   the query or body), with or without `.json` and a trailing `/`; method names are
//!   case-insensitive;
//! - GET or POST; parameters from the query string, plus the body (JSON, PHP-style form
//!   or `multipart/form-data`; see `decode.rs`). Body parameters win over query
//!   parameters of the same name;
//! - `/rest/api/{user_id}/{code}/{method}` and `/rest/api/{method}`: REST 3.0, JSON only
//!   (`v3/`), with the same faults.

use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt;

use super::auth::Credentials;
use super::call::{self, Call, Reply};
use super::decode;
use super::faults::{Fault, ERROR_PAGE};
use super::log::RequestLog;
use super::world::Shared;
use bitrix_api::query;

/// The largest request body read (bigger ones are cut, like a misconfigured proxy would).
pub(crate) const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// Marks a response whose connection must be closed instead of answered.
#[derive(Debug, Clone, Copy)]
struct Abort;

#[derive(Debug)]
struct Aborted;

impl fmt::Display for Aborted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by the emulator's fault plan")
    }
}

impl std::error::Error for Aborted {}

/// Serves until `stop` changes or its sender is dropped, then closes every connection
/// gracefully and returns when they are all gone.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<()>,
) {
    let router = Router::new()
        .route("/oauth/token", any(oauth))
        .route("/oauth/token/", any(oauth))
        .fallback(rest)
        .with_state(shared);
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors or similar: back off instead of spinning.
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                conns.spawn(connection(stream, router.clone(), stop.clone()));
            }
            _ = stop.changed() => break,
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    drop(listener);
    while conns.join_next().await.is_some() {}
}

async fn connection(stream: tokio::net::TcpStream, router: Router, mut stop: watch::Receiver<()>) {
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let router = router.clone();
        async move {
            let resp = router
                .oneshot(req)
                .await
                .unwrap_or_else(|e: Infallible| match e {});
            if resp.extensions().get::<Abort>().is_some() {
                Err(Aborted)
            } else {
                Ok(resp)
            }
        }
    });
    let conn =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// Every `/rest/…` request (and anything else, which gets a plain 404).
async fn rest(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Some(path) = parts.uri.path().strip_prefix("/rest/") else {
        return plain(StatusCode::NOT_FOUND, "Not Found");
    };
    if path == "download.json" || path == "upload.json" {
        return super::disk_http::serve(&shared, &parts, body).await;
    }
    if let Some(tail) = path.strip_prefix("api/") {
        let tail = tail.to_owned();
        return super::v3::serve(shared, parts, &tail, body).await;
    }
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let (webhook, method) = match segments.as_slice() {
        [method] => (None, *method),
        [user, code, method] => (Some((*user, *code)), *method),
        _ => return json_response(404, &super::answer::ApiError::method_not_found().body()),
    };
    let bytes = to_bytes(body, BODY_LIMIT).await.unwrap_or_default();
    let (mut params, cmd_order) = decode::params(parts.uri.query(), &parts.headers, &bytes);
    let token = params
        .as_object_mut()
        .and_then(|m| m.remove("auth"))
        .and_then(|v| v.as_str().map(str::to_owned));
    let creds = match webhook {
        Some((user_id, code)) => Credentials::Webhook {
            user_id: user_id.to_owned(),
            code: code.to_owned(),
        },
        None => Credentials::Token(token),
    };
    let call = Call {
        method: call::normalize(&percent_decoded(method)),
        creds,
        params,
        cmd_order,
    };

    let moved = shared.world().moved_to.clone();
    if let Some(origin) = moved {
        // settings/how-to-call-rest-api/change-domen.md: the old address redirects every
        // call to the same path on the new one.
        let target = match parts.uri.path_and_query() {
            Some(pq) => format!("{origin}{pq}"),
            None => origin,
        };
        shared.world().log.push(RequestLog::new(call.method, 302));
        return redirect(&target);
    }
    let fault = match fault_before(&shared, &call.method).await {
        Ok(fault) => fault,
        Err(refused) => return *refused,
    };

    // A page whose answer is the file itself (`file_answer.rs`).
    let file = shared
        .catalog
        .get(&call.method)
        .filter(|s| s.response.file)
        .map(|s| s.name.clone());
    let Reply {
        status,
        body,
        mut log,
    } = {
        let mut world = shared.world();
        let reply = call::handle(&shared, &mut world, call);
        drop(world);
        reply
    };
    log.fault = fault;
    let commands = match (&log.served_by, log.method.as_str()) {
        (None, _) => 0,
        (Some(_), "batch") => log.inner_methods.len(),
        (Some(_), _) => 1,
    };
    let delay = {
        let mut world = shared.world();
        world.log.push(log);
        world.delays.next(commands)
    };
    // After the bucket counted the request (on arrival, in `call::handle`) and outside the
    // lock: the portal is busy with this answer, not closed to others.
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    // A fault that only delayed the answer (waited out above) leaves the file whole; one
    // that drops or cuts the answer is `deliver`'s.
    let whole = !matches!(fault, Some(Fault::DropAfterApply | Fault::Truncate));
    match (file, body.get("result")) {
        (Some(method), Some(result)) if status == 200 && whole => {
            super::file_answer::download(&method, result)
        }
        _ => deliver(fault, status, &body, &[]),
    }
}

/// Draws the fault for one REST request (REST 2 and REST 3.0 alike). A fault that replaces
/// the answer (the method does not run) is logged and comes back as `Err(response)`; a
/// delay is waited out here; one that damages the answer (or none) comes back as `Ok` for
/// [`deliver`].
pub(crate) async fn fault_before(
    shared: &Shared,
    method: &str,
) -> Result<Option<Fault>, Box<Response>> {
    let fault = refusal(shared, method)?;
    if let Some(Fault::Delay(d)) = fault {
        tokio::time::sleep(d).await;
    }
    Ok(fault)
}

/// The drawn fault, or the answer of one that refuses the request outright.
fn refusal(shared: &Shared, method: &str) -> Result<Option<Fault>, Box<Response>> {
    let fault = shared.world().faults.next();
    let Some(f) = fault.filter(|f| !f.applies_method()) else {
        return Ok(fault);
    };
    let (status, code) = match f {
        Fault::QueryLimit => (503, Some("QUERY_LIMIT_EXCEEDED".to_owned())),
        Fault::ServerError => (500, None),
        Fault::System(e) => (e.parts().0, Some(e.parts().1.to_owned())),
        _ => (0, None),
    };
    shared.world().log.push(RequestLog {
        error_code: code,
        fault: Some(f),
        ..RequestLog::new(method, status)
    });
    Err(Box::new(match f {
        Fault::QueryLimit => json_response(503, &super::answer::ApiError::query_limit().body()),
        Fault::ServerError => html(StatusCode::INTERNAL_SERVER_ERROR, ERROR_PAGE),
        Fault::System(e) => json_response(status, &e.error().body()),
        _ => abort(),
    }))
}

/// The answer as the fault (if any) leaves it: dropped, cut halfway, or whole, with
/// `headers` added.
pub(crate) fn deliver(
    fault: Option<Fault>,
    status: u16,
    body: &Value,
    headers: &[(&'static str, String)],
) -> Response {
    let mut resp = match fault {
        Some(Fault::DropAfterApply) => return abort(),
        Some(Fault::Truncate) => truncated(status, body),
        _ => json_response(status, body),
    };
    for (name, value) in headers {
        if let Ok(v) = HeaderValue::from_str(value) {
            resp.headers_mut().insert(*name, v);
        }
    }
    resp
}

/// `/oauth/token/`: the authorization server's token exchange.
async fn oauth(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, BODY_LIMIT).await.unwrap_or_default();
    let (params, _) = decode::params(parts.uri.query(), &parts.headers, &bytes);
    let now = shared.clock.now();
    let mut world = shared.world();
    let (status, body) = match world.auth.exchange(&params, now) {
        Ok(issued) => {
            let lifetime = world.auth.lifetime();
            (
                200,
                json!({
                    "access_token": issued.access,
                    "refresh_token": issued.refresh,
                    "expires": (now + lifetime).floor() as i64,
                    "expires_in": lifetime.round() as u64,
                    "scope": issued.scopes.join(","),
                    "domain": shared.origin.trim_start_matches("http://"),
                    "server_endpoint": format!("{}/oauth/rest/", shared.origin),
                    "client_endpoint": format!("{}/rest/", shared.origin),
                    "status": "L",
                    "member_id": world.auth.member_id,
                    "user_id": issued.user_id,
                }),
            )
        }
        Err((status, body)) => (status, body),
    };
    world.log.push(RequestLog {
        error_code: body.get("error").and_then(Value::as_str).map(str::to_owned),
        ..RequestLog::new("oauth.token", status)
    });
    drop(world);
    json_response(status, &body)
}

pub(crate) fn percent_decoded(segment: &str) -> String {
    match query::decode(&format!("m={segment}")).get("m") {
        Some(Value::String(s)) => s.clone(),
        _ => segment.to_owned(),
    }
}

fn json_bytes(body: &Value) -> Bytes {
    Bytes::from(serde_json::to_vec(body).unwrap_or_default())
}

pub(crate) fn json_response(status: u16, body: &Value) -> Response {
    let mut resp = Response::new(Body::from(json_bytes(body)));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    resp
}

/// Status and `Content-Length` of the whole body, then half of it, then a broken stream:
/// hyper closes the connection and the client sees an incomplete body. The pause lets
/// hyper flush the head and the first half before the break, as a real cut would.
fn truncated(status: u16, body: &Value) -> Response {
    use futures_util::StreamExt;

    let bytes = json_bytes(body);
    let full = bytes.len();
    let half = bytes.slice(..full / 2);
    let first = futures_util::stream::once(async move { Ok::<_, std::io::Error>(half) });
    let cut = futures_util::stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "truncated by the emulator's fault plan",
        ))
    });
    let mut resp = json_response(status, &Value::Null);
    *resp.body_mut() = Body::from_stream(first.chain(cut));
    resp.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full));
    resp
}

pub(crate) fn redirect(location: &str) -> Response {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::FOUND;
    if let Ok(v) = HeaderValue::from_str(location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

fn abort() -> Response {
    let mut resp = Response::new(Body::empty());
    resp.extensions_mut().insert(Abort);
    resp
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut resp = Response::new(Body::from(text));
    *resp.status_mut() = status;
    resp
}

fn html(status: StatusCode, page: &'static str) -> Response {
    let mut resp = plain(status, page);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    resp
}
