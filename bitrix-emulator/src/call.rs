//! One REST request from arrival to answer, in the portal's order of checks:
//! request rate (503) → authorization (401) → method lookup (404) → scope (403) →
//! `operating` budget (429) → the method itself.

use std::time::Instant;

use serde_json::Value;

use super::answer::{envelope, Answer, ApiError, Timing};
use super::auth::{Caller, Credentials};
use super::batch;
use super::log::RequestLog;
use super::methods::{self, Env};
use super::world::{Shared, World};

/// A parsed REST request.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    /// Lower case, without `.json`.
    pub method: String,
    pub creds: Credentials,
    pub params: Value,
    /// The order of `cmd` keys, for `batch` (JSON objects lose it).
    pub cmd_order: Option<Vec<String>>,
}

/// The HTTP answer and its log entry.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: Value,
    pub log: RequestLog,
}

/// The method name as the portal matches it: case-insensitive, `.json` optional.
pub(crate) fn normalize(method: &str) -> String {
    let m = method.trim().to_lowercase();
    m.strip_suffix(".json").map(str::to_owned).unwrap_or(m)
}

pub(crate) fn handle(shared: &Shared, world: &mut World, call: Call) -> Reply {
    let mut log = RequestLog {
        method: call.method.clone(),
        status: 200,
        error_code: None,
        inner_methods: Vec::new(),
        fault: None,
    };
    let outcome = run(shared, world, &call, &mut log.inner_methods);
    let (status, body) = match outcome {
        Ok(body) => (200, body),
        Err(e) => {
            log.error_code = Some(e.code.to_owned());
            (e.status, e.body())
        }
    };
    log.status = status;
    Reply { status, body, log }
}

fn run(
    shared: &Shared,
    world: &mut World,
    call: &Call,
    inner: &mut Vec<String>,
) -> Result<Value, ApiError> {
    let now = shared.clock.now();
    if !world.bucket.admit(now) {
        return Err(ApiError::query_limit());
    }
    let caller = world.auth.authenticate(&call.creds, now)?;
    if call.method == "batch" {
        return Ok(batch::run(
            shared,
            world,
            &caller,
            &call.params,
            call.cmd_order.as_deref(),
            inner,
        ));
    }
    let (answer, timing) = run_method(shared, world, &caller, &call.method, &call.params)?;
    Ok(envelope(answer, timing))
}

/// Runs one method (directly or inside a batch) and accounts its `operating` time.
pub(crate) fn run_method(
    shared: &Shared,
    world: &mut World,
    caller: &Caller,
    method: &str,
    params: &Value,
) -> Result<(Answer, Timing), ApiError> {
    let def = methods::find(method).ok_or_else(ApiError::method_not_found)?;
    if !caller.has_scope(def.scope) {
        return Err(ApiError::insufficient_scope(
            "The request requires higher privileges than provided by the webhook token",
        ));
    }
    let start = shared.clock.now();
    if !world.operating.admit(&caller.client, def.name, start) {
        return Err(ApiError::operation_time_limit());
    }
    let real = Instant::now();
    let mut env = Env {
        crm: &mut world.crm,
        user_id: caller.user_id,
        now: start,
    };
    let outcome = (def.handler)(&mut env, params);
    let cost = shared.clock.scale(real.elapsed()) + shared.method_cost;
    let usage = world
        .operating
        .record(&caller.client, def.name, start, cost);
    let timing = Timing {
        start,
        finish: start + cost,
        processing: cost,
        operating: usage.operating,
        operating_reset_at: usage.reset_at,
    };
    outcome.map(|answer| (answer, timing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_method_names() {
        assert_eq!(normalize("CRM.Lead.Get.json"), "crm.lead.get");
        assert_eq!(normalize("batch"), "batch");
    }
}
