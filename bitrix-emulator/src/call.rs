//! One REST request from arrival to answer, in the portal's order of checks:
//! request rate (503) → authorization (401) → method lookup (404) → scope (403) →
//! `operating` budget (429) → the method itself.

use std::time::Instant;

use serde_json::{json, Value};

use super::answer::{envelope, Answer, ApiError, Timing};
use super::auth::{Caller, Credentials};
use super::basic;
use super::batch;
use super::log::RequestLog;
use super::methods::Env;
use super::route::{self, Route, Section, ServedBy};
use super::world::{Shared, World};
use super::{
    calendar_views, chats, disk, entity, events, example, flat, history, iblock, im_search, item,
    link, pairs, placements, tasks, userfield,
};

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
    let mut log = RequestLog::new(call.method.clone(), 200);
    let outcome = run(shared, world, &call, &mut log);
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
    log: &mut RequestLog,
) -> Result<Value, ApiError> {
    let now = shared.clock.now();
    if let Some(e) = world.outage {
        return Err(e.error());
    }
    if !world.bucket.admit(now) {
        return Err(ApiError::query_limit());
    }
    let caller = world.auth.authenticate(&call.creds, now)?;
    if call.method == "batch" {
        log.served_by = Some(ServedBy::Handler);
        return Ok(batch::run(
            shared,
            world,
            &caller,
            &call.params,
            call.cmd_order.as_deref(),
            log,
        ));
    }
    let (answer, timing, served_by) =
        run_method(shared, world, &caller, &call.method, &call.params)?;
    log.served_by = Some(served_by);
    Ok(envelope(answer, timing))
}

/// Runs one method (directly or inside a batch) and accounts its `operating` time.
pub(crate) fn run_method(
    shared: &Shared,
    world: &mut World,
    caller: &Caller,
    method: &str,
    params: &Value,
) -> Result<(Answer, Timing, ServedBy), ApiError> {
    let now = shared.clock.now();
    let mut ctx = events::Ctx {
        caller,
        auth: &mut world.auth,
        origin: &shared.origin,
        now,
    };
    if let Some(outcome) = world.events.run(&mut ctx, method, params) {
        return outcome.map(|answer| (answer, Timing::instant(now), ServedBy::Handler));
    }
    if let Some(answer) = basic::run(&shared.catalog, caller, method, params, now) {
        return Ok((answer, Timing::instant(now), ServedBy::Handler));
    }
    let (route, scope) = route::resolve(&shared.apps, &shared.catalog, method)
        .ok_or_else(ApiError::method_not_found)?;
    if scope.is_some_and(|s| !caller.has_scope(&s)) {
        return Err(ApiError::insufficient_scope(
            "The request requires higher privileges than provided by the webhook token",
        ));
    }
    // A handler the app registered answers as it likes; otherwise a page that needs an
    // application refuses webhooks.
    let refused = match route {
        Route::App(_) => None,
        _ => shared
            .catalog
            .get(method)
            .and_then(|s| caller.refused_by(s)),
    };
    if let Some(refused) = refused {
        return Err(refused);
    }
    if let Some(described) = world.crm.described.get(method) {
        return Ok((
            Answer::of(described.clone()),
            Timing::instant(now),
            ServedBy::Handler,
        ));
    }
    let served_by = route.served_by();
    let start = shared.clock.now();
    if !world.operating.admit(&caller.client, method, start) {
        return Err(ApiError::operation_time_limit());
    }
    let real = Instant::now();
    let watch = matches!(route, Route::Entity { .. } | Route::Handler(_))
        .then(|| history::watch(&world.crm, method, params))
        .flatten();
    let mut env = Env {
        crm: &mut world.crm,
        catalog: &shared.catalog,
        user_id: caller.user_id,
        now: start,
        origin: &shared.origin,
    };
    let fires = fired_by(&route, method, params);
    let outcome = match route {
        Route::App(handler) => handler(params)
            .map(Answer::of)
            .map_err(|e| ApiError::new(e.status.unwrap_or(400), e.raw_code, e.description)),
        Route::Handler(def) => (def.handler)(&mut env, params),
        Route::Entity { entity, op } => entity::run(&mut env, &entity, &op, params),
        Route::Link { owner, target, op } => {
            link::run(&mut env, method, &owner, &target, &op, params)
        }
        Route::UserField { entity, op } => userfield::run(&mut env, method, &entity, &op, params),
        Route::Flat { family, op } => {
            checked(&env, method, params).and_then(|()| flat::run(&mut env, &family, &op, params))
        }
        Route::Pair { family, op } => {
            checked(&env, method, params).and_then(|()| pairs::run(&mut env, &family, &op, params))
        }
        Route::Iblock => iblock::run(&mut env, method, params),
        Route::Section(Section::Tasks) => tasks::run(&mut env, method, params),
        Route::Section(Section::Disk) => disk::run(&mut env, method, params),
        Route::Section(Section::Chats) => chats::run(&mut env, method, params),
        Route::Section(Section::ImSearch) => im_search::run(&env, method, params),
        Route::Section(Section::Calendar) => calendar_views::run(&env, method, params),
        Route::Section(Section::Placements) => {
            checked(&env, method, params).and_then(|()| placements::run(&env, params))
        }
        Route::Example(spec) => example::run(&spec, params),
    };
    let cost = shared.clock.scale(real.elapsed()) + shared.method_cost;
    let usage = world.operating.record(&caller.client, method, start, cost);
    let timing = Timing {
        start,
        finish: start + cost,
        processing: cost,
        operating: usage.operating,
        operating_reset_at: usage.reset_at,
    };
    let answer = outcome?;
    if let Some(w) = watch {
        history::record(&mut world.crm, w, &answer.result, start);
    }
    if let Some(fires) = fires {
        if let Some(id) = events::changed_id(&fires.op, params, &answer.result) {
            let mut ctx = events::Ctx {
                caller,
                auth: &mut world.auth,
                origin: &shared.origin,
                now: start,
            };
            let mut fields = json!({ "ID": id });
            if let Some(type_id) = fires.dynamic_type {
                fields["ENTITY_TYPE_ID"] = type_id.into();
            }
            for code in &fires.codes {
                let data = json!({ "FIELDS": fields });
                world.events.fire(&mut ctx, code, data);
            }
        }
    }
    Ok((answer, timing, served_by))
}

/// The events a route's success fires (see `events.rs`).
struct Fires {
    codes: Vec<String>,
    op: String,
    /// A smart process's `entityTypeId` (its events carry `ENTITY_TYPE_ID`).
    dynamic_type: Option<i64>,
}

fn fired_by(route: &Route, method: &str, params: &Value) -> Option<Fires> {
    let (entity, op) = match route {
        Route::Handler(_) if matches!(method, "crm.lead.add" | "crm.contact.add") => {
            method.rsplit_once('.')?
        }
        Route::Entity { entity, op } => (entity.as_str(), op.as_str()),
        _ => return None,
    };
    let mut dynamic_type = None;
    let codes = if entity == "crm.item" {
        let type_id = crate::params::get(params, "entityTypeId").and_then(crate::params::int)?;
        match item::classic(type_id) {
            Some(classic) => vec![events::code_of(classic, op)?],
            None => {
                // items/events: ONCRMDYNAMICITEMADD, and ONCRMDYNAMICITEMADD_<type> for
                // handlers of one smart process.
                dynamic_type = Some(type_id);
                let code = events::code_of("crm.dynamicitem", op)?;
                vec![format!("{code}_{type_id}"), code]
            }
        }
    } else {
        vec![events::code_of(entity, op)?]
    };
    Some(Fires {
        codes,
        op: op.to_owned(),
        dynamic_type,
    })
}

/// The request checked against its page, for the families that read no more of the page
/// than their keys (flat records, set/get pairs).
fn checked(env: &Env<'_>, method: &str, params: &Value) -> Result<(), ApiError> {
    match env.catalog.get(method) {
        Some(spec) => example::validate(spec, params),
        None => Ok(()),
    }
}
