//! REST 3.0 (`api-reference/rest-v3.md`): `/rest/api/{user_id}/{code}/{method}` (webhook)
//! and `/rest/api/{method}` (OAuth, `auth` in the JSON body), for every REST 3.0 page the
//! portal has (`version == V3`) plus `rest.documentation.openapi` (synonym
//! `documentation`) and `rest.scope.list`.
//!
//! One request, in the portal's order of checks: a moved portal's 302 and faults (as for
//! REST 2) → the body, JSON
//! only (400 `…INVALIDJSONEXCEPTION`) → request rate (503) → authorization (401) → method
//! lookup (404 `ERROR_METHOD_NOT_FOUND`: REST 2 methods are not at this address) → scope
//! (403 `…INSUFFICIENTSCOPEEXCEPTION`) → `Idempotency-Key` (400 for a bad key, the stored
//! answer or 422 for a known one; `idempotency.rs`) → `operating` budget (429) → the
//! request against the page (400 `…REQUESTVALIDATIONEXCEPTION`) → the method (`store.rs`,
//! `openapi.rs`).
//!
//! `batch` (a JSON array of `{method, query}` at the root) is `batch.rs`: its steps run
//! through the same lookup, scope check and method as single calls.
//!
//! Where the pages leave a choice open:
//! - the query string is never read (not even `auth`), for GET as for POST: `GET
//!   …/note.document.get?id=5` is the validation error for the missing `id`, as the
//!   overview shows; a GET without a body is a call without parameters;
//! - an OAuth token is also read from `Authorization: Bearer …`, before `auth` in the
//!   body: a `batch` body is an array, with no room for `auth`;
//! - a body is JSON whatever its `Content-Type`, except a form or multipart type, which
//!   is refused with `…INVALIDJSONEXCEPTION` like a body that does not parse (or is not
//!   a JSON object);
//! - every error is `{"error": {code, message[, validation]}}`, the platform's too
//!   (`NO_AUTH_FOUND` 401, `expired_token` 401, `QUERY_LIMIT_EXCEEDED` 503,
//!   `ERROR_METHOD_NOT_FOUND` 404, `OPERATION_TIME_LIMIT` 429) with their REST 2 codes;
//! - a missing top-level parameter is `…REQUESTVALIDATIONEXCEPTION` ("Required field `id`
//!   is not specified", field `id`); a missing or mistyped field inside an object
//!   parameter is `…DTOVALIDATIONEXCEPTION` ("Object validation error", field `title`), as
//!   the method pages show.

mod batch;
mod idempotency;
mod openapi;
mod records;
mod store;

use std::sync::Arc;
use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::Response;
use bitrix_docs::MethodSpec;
use serde_json::{json, Map, Value};

use super::answer::{envelope, Answer, ApiError, Timing};
use super::auth::{Caller, Credentials};
use super::call;
use super::log::RequestLog;
use super::methods::Env;
use super::route::ServedBy;
use super::server;
use super::world::{Shared, World};

pub(crate) use idempotency::Keys;

/// A REST 3.0 error: status, `code`, `message`, `validation` entries (field, message).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct V3Error {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub validation: Vec<(Option<String>, String)>,
}

const PREFIX: &str = "BITRIX_REST_V3_EXCEPTION_";

impl V3Error {
    pub(crate) fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        V3Error {
            status,
            code: code.to_owned(),
            message: message.into(),
            validation: Vec::new(),
        }
    }

    /// `BITRIX_REST_V3_EXCEPTION_<NAME>`.
    pub(crate) fn v3(status: u16, name: &str, message: impl Into<String>) -> Self {
        Self::new(status, &format!("{PREFIX}{name}"), message)
    }

    /// 400 `…VALIDATION_REQUESTVALIDATIONEXCEPTION` about one request field.
    pub(crate) fn request(field: &str, message: impl Into<String>) -> Self {
        let mut e = Self::v3(
            400,
            "VALIDATION_REQUESTVALIDATIONEXCEPTION",
            "Error validating request object",
        );
        e.validation.push((Some(field.to_owned()), message.into()));
        e
    }

    /// 400 `…VALIDATION_DTOVALIDATIONEXCEPTION` about one field of an object parameter.
    pub(crate) fn dto(field: &str, message: impl Into<String>) -> Self {
        let mut e = Self::v3(
            400,
            "VALIDATION_DTOVALIDATIONEXCEPTION",
            "Object validation error",
        );
        e.validation.push((Some(field.to_owned()), message.into()));
        e
    }

    pub(crate) fn invalid_json() -> Self {
        Self::v3(
            400,
            "INVALIDJSONEXCEPTION",
            "Invalid JSON in the request body",
        )
    }

    pub(crate) fn not_found(id: &Value) -> Self {
        Self::v3(
            400,
            "ENTITYNOTFOUNDEXCEPTION",
            format!("Object with id `{id}` is not found"),
        )
    }

    pub(crate) fn method_not_found() -> Self {
        Self::new(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
    }

    /// Body of the error answer.
    pub(crate) fn body(&self) -> Value {
        let mut error = Map::new();
        error.insert("code".into(), self.code.clone().into());
        error.insert("message".into(), self.message.clone().into());
        if !self.validation.is_empty() {
            let list = self
                .validation
                .iter()
                .map(|(field, message)| match field {
                    Some(f) => json!({"message": message, "field": f}),
                    None => json!({"message": message}),
                })
                .collect();
            error.insert("validation".into(), Value::Array(list));
        }
        json!({ "error": error })
    }
}

impl From<ApiError> for V3Error {
    /// A platform error (authorization, limits, outages) keeps its REST 2 code and status.
    fn from(e: ApiError) -> Self {
        V3Error::new(e.status, &e.code, e.description)
    }
}

/// What answers a REST 3.0 method.
enum Target {
    /// `rest.documentation.openapi` / `documentation`.
    OpenApi,
    /// `rest.scope.list`.
    ScopeList,
    /// A REST 3.0 page.
    Page(Arc<MethodSpec>),
    /// `batch`: its steps, each run as a call of its own.
    Batch(Vec<batch::Step>),
}

fn resolve(shared: &Shared, method: &str) -> Option<Target> {
    match method {
        "rest.documentation.openapi" | "documentation" => Some(Target::OpenApi),
        "rest.scope.list" => Some(Target::ScopeList),
        _ => shared.catalog.get_v3(method).cloned().map(Target::Page),
    }
}

/// One parsed REST 3.0 request.
struct Request {
    method: String,
    webhook: Option<(String, String)>,
    content_type: String,
    body: Vec<u8>,
    /// The raw `Idempotency-Key` header, if sent.
    key: Option<Vec<u8>>,
    /// The token of an `Authorization: Bearer` header, if sent.
    bearer: Option<String>,
}

/// The answer and what goes with it.
struct Reply {
    status: u16,
    body: Value,
    headers: Vec<(&'static str, String)>,
    log: RequestLog,
}

/// Every `/rest/api/…` request; `tail` is the path after `/rest/api/`.
pub(crate) async fn serve(shared: Arc<Shared>, parts: Parts, tail: &str, body: Body) -> Response {
    let segments: Vec<&str> = tail.trim_end_matches('/').split('/').collect();
    let (webhook, method) = match segments.as_slice() {
        [method] => (None, *method),
        [user, code, method] => (Some(((*user).to_owned(), (*code).to_owned())), *method),
        _ => {
            let e = V3Error::method_not_found();
            return server::json_response(e.status, &e.body());
        }
    };
    let request = Request {
        method: call::normalize(&server::percent_decoded(method)),
        webhook,
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
        body: to_bytes(body, server::BODY_LIMIT)
            .await
            .unwrap_or_default()
            .to_vec(),
        key: parts
            .headers
            .get("idempotency-key")
            .map(|v| v.as_bytes().to_vec()),
        bearer: parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().to_owned()),
    };
    let moved = shared.world().moved_to.clone();
    if let Some(origin) = moved {
        // As for REST 2 (change-domen.md): the same path and query on the new origin.
        let target = match parts.uri.path_and_query() {
            Some(pq) => format!("{origin}{pq}"),
            None => origin,
        };
        shared
            .world()
            .log
            .push(RequestLog::new(request.method, 302));
        return server::redirect(&target);
    }
    let fault = match server::fault_before(&shared, &request.method).await {
        Ok(fault) => fault,
        Err(refused) => return *refused,
    };
    let Reply {
        status,
        body,
        headers,
        mut log,
    } = {
        let mut world = shared.world();
        let reply = handle(&shared, &mut world, &request);
        drop(world);
        reply
    };
    log.fault = fault;
    shared.world().log.push(log);
    server::deliver(fault, status, &body, &headers)
}

fn handle(shared: &Shared, world: &mut World, req: &Request) -> Reply {
    let mut log = RequestLog::new(req.method.clone(), 200);
    let mut headers = Vec::new();
    // Echoed on every answer to a request that carried one (when it is text at all).
    if let Some(key) = req.key.as_deref().and_then(|k| std::str::from_utf8(k).ok()) {
        headers.push(("idempotency-key", key.to_owned()));
    }
    let (status, body) = match run(shared, world, req, &mut log) {
        Ok((body, replayed)) => {
            if replayed {
                headers.push(("idempotent-replayed", "true".to_owned()));
            }
            (200, body)
        }
        Err(e) => {
            log.error_code = Some(e.code.clone());
            (e.status, e.body())
        }
    };
    log.status = status;
    Reply {
        status,
        body,
        headers,
        log,
    }
}

/// The whole answer body and whether it is a replay.
fn run(
    shared: &Shared,
    world: &mut World,
    req: &Request,
    log: &mut RequestLog,
) -> Result<(Value, bool), V3Error> {
    let now = shared.clock.now();
    if let Some(e) = world.outage {
        return Err(e.error().into());
    }
    let is_batch = req.method == "batch";
    let mut params = if is_batch {
        batch::body(&req.content_type, &req.body)?
    } else {
        Value::Object(body_params(&req.content_type, &req.body)?)
    };
    if !world.bucket.admit(now) {
        return Err(ApiError::query_limit().into());
    }
    let body_auth = params
        .as_object_mut()
        .and_then(|m| m.remove("auth"))
        .and_then(|v| v.as_str().map(str::to_owned));
    let creds = match &req.webhook {
        Some((user_id, code)) => Credentials::Webhook {
            user_id: user_id.clone(),
            code: code.clone(),
        },
        None => Credentials::Token(req.bearer.clone().or(body_auth)),
    };
    let caller = world.auth.authenticate(&creds, now)?;
    let target = if is_batch {
        Target::Batch(batch::steps(&params)?)
    } else {
        resolve(shared, &req.method).ok_or_else(V3Error::method_not_found)?
    };
    check_scope(&caller, &target)?;
    let key = match &req.key {
        Some(raw) => Some(idempotency::parse(raw)?),
        None => None,
    };
    // Only writes keep their answers (rest-v3.md: reads do not need the header).
    let slot = key
        .filter(|_| bitrix_api::needs_idempotency_key(&req.method))
        .map(|key| idempotency::Slot::new(&caller, &req.method, key));
    if let Some(slot) = &slot {
        if let Some(stored) = world.v3_keys.lookup(slot, &params, now)? {
            log.served_by = Some(ServedBy::Replay);
            return Ok((stored, true));
        }
    }
    let body = execute(shared, world, &caller, req, &target, &params, log)?;
    if let Some(slot) = slot {
        world.v3_keys.store(slot, params, body.clone(), now);
    }
    Ok((body, false))
}

/// 403 `…INSUFFICIENTSCOPEEXCEPTION` when the caller lacks the page's scope.
fn check_scope(caller: &Caller, target: &Target) -> Result<(), V3Error> {
    if let Target::Page(spec) = target {
        if let Some(scope) = spec.scope.as_deref().filter(|s| !caller.has_scope(s)) {
            return Err(V3Error::v3(
                403,
                "INSUFFICIENTSCOPEEXCEPTION",
                format!("The method requires the `{scope}` scope, which the webhook or application does not have"),
            ));
        }
    }
    Ok(())
}

/// Runs the method and accounts its `operating` time; the success body.
fn execute(
    shared: &Shared,
    world: &mut World,
    caller: &Caller,
    req: &Request,
    target: &Target,
    params: &Value,
    log: &mut RequestLog,
) -> Result<Value, V3Error> {
    let method = req.method.as_str();
    let start = shared.clock.now();
    if !world.operating.admit(&caller.client, method, start) {
        return Err(ApiError::operation_time_limit().into());
    }
    let real = Instant::now();
    let (outcome, served_by) = match target {
        Target::Batch(steps) => (
            batch::run(shared, world, caller, steps, start, log),
            ServedBy::Handler,
        ),
        _ => dispatch(shared, world, caller, target, params, start),
    };
    let cost = shared.clock.scale(real.elapsed()) + shared.method_cost;
    let usage = world.operating.record(&caller.client, method, start, cost);
    let result = outcome?;
    log.served_by = Some(served_by);
    let timing = Timing {
        start,
        finish: start + cost,
        processing: cost,
        operating: usage.operating,
        operating_reset_at: usage.reset_at,
    };
    Ok(envelope(Answer::of(result), timing))
}

/// Runs one call of `target` (not a batch): the `result` and what served it.
fn dispatch(
    shared: &Shared,
    world: &mut World,
    caller: &Caller,
    target: &Target,
    params: &Value,
    now: f64,
) -> (Result<Value, V3Error>, ServedBy) {
    match target {
        Target::OpenApi => (
            Ok(openapi::document(&shared.catalog, &shared.origin)),
            ServedBy::Handler,
        ),
        Target::ScopeList => (Ok(openapi::scopes(&shared.catalog)), ServedBy::Handler),
        Target::Page(spec) if world.crm.described.contains_key(&spec.name) => (
            Ok(world.crm.described[&spec.name].clone()),
            ServedBy::Handler,
        ),
        Target::Page(spec) => {
            let mut env = Env {
                crm: &mut world.crm,
                catalog: &shared.catalog,
                user_id: caller.user_id,
                now,
                origin: &shared.origin,
            };
            store::run(&mut env, spec, params)
        }
        Target::Batch(_) => (Err(V3Error::method_not_found()), ServedBy::Handler),
    }
}

/// The parameters: the JSON object of the body (none for an empty body).
fn body_params(content_type: &str, body: &[u8]) -> Result<Map<String, Value>, V3Error> {
    if body.trim_ascii().is_empty() {
        return Ok(Map::new());
    }
    if content_type.to_ascii_lowercase().contains("form") {
        return Err(V3Error::invalid_json());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(V3Error::invalid_json()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_json_objects_only() {
        assert_eq!(body_params("", b"").unwrap(), Map::new());
        assert_eq!(
            body_params("application/json", b" {\"id\":1}").unwrap()["id"],
            1
        );
        for (ct, body) in [
            ("application/x-www-form-urlencoded", &b"id=1"[..]),
            ("multipart/form-data; boundary=x", b"--x--"),
            ("application/json", b"id=1"),
            ("application/json", b"[1]"),
        ] {
            assert_eq!(
                body_params(ct, body).unwrap_err().code,
                "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION"
            );
        }
    }

    #[test]
    fn errors_have_the_uniform_shape() {
        let e = V3Error::request("id", "Required field `id` is not specified");
        assert_eq!(
            e.body(),
            json!({"error": {
                "code": "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
                "message": "Error validating request object",
                "validation": [{"message": "Required field `id` is not specified", "field": "id"}],
            }})
        );
        assert!(V3Error::method_not_found().body()["error"]
            .get("validation")
            .is_none());
    }
}
