//! Events: the app's handlers (`event.bind` / `event.unbind` / `event.get`), the events
//! the portal's own changes fire, their delivery, and the offline queue
//! (`event.offline.get` / `.clear` / `.error` / `.list`), per api-reference/events/.
//!
//! - Only an app may call these methods (an OAuth token); a webhook gets 401
//!   `WRONG_AUTH_TYPE` (`Current authorization type is denied for this method`), what a
//!   cloud portal answers; the pages only say "works only within the context of
//!   application authorization".
//! - The portal has one app (the one of [`Portal::oauth_app`](super::Portal::oauth_app)),
//!   so handlers and the offline queue are that app's. Event codes are stored upper case
//!   and matched case-insensitively; binding the same `event` + `handler` twice is 400
//!   `ERROR_HANDLER_ALREADY_BINDED`, unbinding nothing answers `{"count": 0}`.
//! - Which changes fire what: `<entity>.add/update/delete` of the entity store and the
//!   hand-written `crm.lead.add` / `crm.contact.add` fire `ON`, the entity without dots
//!   and the operation (`crm.deal.add` → `ONCRMDEALADD`), with `data[FIELDS][ID]`;
//!   `crm.item.*` on a classic type fires the classic type's event, on a smart process
//!   `ONCRMDYNAMICITEM<OP>_<entityTypeId>` then `ONCRMDYNAMICITEM<OP>` (with
//!   `data[FIELDS][ENTITY_TYPE_ID]`), crm/universal/events/. Link and user-field methods
//!   fire nothing.
//! - Online: one form POST per handler (PHP keys, the body of the event pages), from one
//!   background task per portal, in order, each after the builder's queue delay; a
//!   handler that fails or times out (5 s) is skipped, nothing is retried. `auth` carries
//!   a fresh token pair for the user who made the change.
//! - Offline: one record per event (however many offline bindings), `EVENT_DATA` the
//!   `data` object; `event.offline.get` takes up to `limit` (default 50) records not
//!   reserved, or those of the given `process_id`; with `clear=1` (default) it deletes
//!   them, with `clear=0` it reserves them under a new `process_id`. The queue is split
//!   by the binding's `auth_connector` (one record per connector bound); `get` and
//!   `list` answer the records of the connector given, or those without one.
//!   `event.offline.list` takes `limit` only (no `filter`, `order`, `start`).

use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::answer::{Answer, ApiError};
use crate::auth::{Auth, Caller};
use crate::clock::datetime;
use crate::delivery::Delivery;
use crate::params;

mod form;

pub(crate) use form::{app_event, form, ordered_object};

/// One `event.bind`.
#[derive(Debug, Clone)]
struct Binding {
    event: String,
    handler: String,
    auth_type: i64,
    offline: bool,
    auth_connector: Option<String>,
    id: i64,
}

/// One queued offline event.
#[derive(Debug, Clone)]
struct Offline {
    id: i64,
    ts: f64,
    name: String,
    data: Value,
    /// The `auth_connector` of the binding: the queue is split by it.
    connector: Option<String>,
    process_id: Option<String>,
    error: bool,
}

/// The app's handlers, its offline queue and its application token.
#[derive(Debug)]
pub(crate) struct Events {
    bindings: Vec<Binding>,
    offline: Vec<Offline>,
    next_id: i64,
    next_process: u64,
    pub(crate) application_token: String,
    /// Where `ONAPPINSTALL` went, when the app was installed with `Portal::install_app`.
    pub(crate) install_url: Option<String>,
    rng: fastrand::Rng,
    outbox: Option<mpsc::UnboundedSender<Delivery>>,
}

/// What a call may need: who calls, the token issuer, and the portal's address.
pub(crate) struct Ctx<'a> {
    pub caller: &'a Caller,
    pub auth: &'a mut Auth,
    pub origin: &'a str,
    pub now: f64,
}

impl Events {
    pub(crate) fn new(seed: u64, outbox: Option<mpsc::UnboundedSender<Delivery>>) -> Self {
        let mut rng = fastrand::Rng::with_seed(seed ^ 0x6576_656e_7473);
        Events {
            bindings: Vec::new(),
            offline: Vec::new(),
            next_id: 0,
            next_process: 0,
            application_token: hex(&mut rng),
            install_url: None,
            rng,
            outbox,
        }
    }

    /// A new application token (a reinstall), and no handlers or queue left.
    pub(crate) fn reset(&mut self) {
        self.bindings.clear();
        self.offline.clear();
        self.application_token = hex(&mut self.rng);
        self.install_url = None;
    }

    /// The handler URLs bound to `event`, upper case.
    pub(crate) fn handlers_of(&self, event: &str) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| !b.offline && b.event == event)
            .map(|b| b.handler.clone())
            .collect()
    }

    fn id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// Runs `event.*`; `None` when `method` is not one of them.
    pub(crate) fn run(
        &mut self,
        ctx: &mut Ctx<'_>,
        method: &str,
        p: &Value,
    ) -> Option<Result<Answer, ApiError>> {
        let op = method.strip_prefix("event.")?;
        if !OPS.contains(&op) {
            return None;
        }
        if !ctx.caller.client.starts_with("app:") {
            return Some(Err(ApiError::new(
                401,
                "WRONG_AUTH_TYPE",
                "Current authorization type is denied for this method",
            )));
        }
        Some(match op {
            "bind" => self.bind(ctx, p),
            "unbind" => Ok(self.unbind(p)),
            "get" => Ok(self.get()),
            "offline.get" => self.offline_get(p),
            "offline.clear" => Ok(self.offline_clear(p)),
            "offline.error" => Ok(self.offline_error(p)),
            _ => Ok(self.offline_list(p)),
        })
    }

    fn bind(&mut self, ctx: &Ctx<'_>, p: &Value) -> Result<Answer, ApiError> {
        let event = text(p, "event").map(|e| e.to_uppercase());
        let Some(event) = event.filter(|e| e.starts_with("ON")) else {
            return Err(ApiError::new(
                400,
                "ERROR_EVENT_NOT_FOUND",
                "Event not found",
            ));
        };
        let offline = text(p, "event_type").is_some_and(|t| t.eq_ignore_ascii_case("offline"));
        // User 1 is the portal's administrator (the one who installed the app).
        let admin = ctx.caller.user_id == 1;
        if offline && !admin {
            return Err(ApiError::new(
                403,
                "ACCESS_DENIED",
                "Access denied! Offline events binding requires administrator access rights",
            ));
        }
        let handler = text(p, "handler").unwrap_or_default();
        if !offline && !handler.starts_with("http://") && !handler.starts_with("https://") {
            return Err(ApiError::new(
                400,
                "ERROR_HANDLER_URL_MISMATCH",
                "Handler URL host doesn't match application url",
            ));
        }
        let auth_type = params::get(p, "auth_type")
            .and_then(params::int)
            .unwrap_or(0);
        if auth_type != 0 && auth_type != ctx.caller.user_id && !admin {
            return Err(ApiError::new(
                403,
                "ACCESS_DENIED",
                "Access denied! Event binding with AUTH_TYPE requires administrator access rights",
            ));
        }
        let connector = text(p, "auth_connector");
        if self.bindings.iter().any(|b| {
            b.event == event
                && b.handler == handler
                && b.offline == offline
                && b.auth_connector == connector
        }) {
            return Err(ApiError::new(
                400,
                "ERROR_HANDLER_ALREADY_BINDED",
                "Handler already binded",
            ));
        }
        let id = self.id();
        self.bindings.push(Binding {
            event,
            handler,
            auth_type,
            offline,
            auth_connector: connector,
            id,
        });
        Ok(Answer::of(true.into()))
    }

    fn unbind(&mut self, p: &Value) -> Answer {
        let event = text(p, "event").map(|e| e.to_uppercase());
        let handler = text(p, "handler");
        let offline = text(p, "event_type").is_some_and(|t| t.eq_ignore_ascii_case("offline"));
        let before = self.bindings.len();
        self.bindings.retain(|b| {
            let hit = event.as_ref().is_some_and(|e| *e == b.event)
                && handler.as_ref().is_none_or(|h| *h == b.handler)
                && b.offline == offline;
            !hit
        });
        Answer::of(json!({ "count": before - self.bindings.len() }))
    }

    fn get(&self) -> Answer {
        let list: Vec<Value> = self
            .bindings
            .iter()
            .map(|b| {
                let mut v = json!({
                    "event": b.event,
                    "handler": b.handler,
                    "auth_type": b.auth_type.to_string(),
                    "offline": i64::from(b.offline),
                });
                if let Some(c) = &b.auth_connector {
                    v["auth_connector"] = c.clone().into();
                }
                v
            })
            .collect();
        Answer::of(list.into())
    }

    /// Fires `event` (upper case) with `data` for the change a caller made.
    pub(crate) fn fire(&mut self, ctx: &mut Ctx<'_>, event: &str, data: Value) {
        let online: Vec<(String, i64)> = self
            .bindings
            .iter()
            .filter(|b| !b.offline && b.event == event)
            .map(|b| (b.handler.clone(), b.id))
            .collect();
        let mut connectors: Vec<Option<String>> = Vec::new();
        for b in self
            .bindings
            .iter()
            .filter(|b| b.offline && b.event == event)
        {
            if !connectors.contains(&b.auth_connector) {
                connectors.push(b.auth_connector.clone());
            }
        }
        for connector in connectors {
            let id = self.id();
            self.offline.push(Offline {
                id,
                ts: ctx.now,
                name: event.to_owned(),
                data: data.clone(),
                connector,
                process_id: None,
                error: false,
            });
        }
        for (url, handler_id) in online {
            let user = ctx.caller.user_id;
            let scopes = ctx.caller.scopes.clone();
            let (access, refresh) = ctx.auth.issue(user, scopes.clone(), ctx.now);
            let auth = vec![
                ("access_token", access.into()),
                ("expires_in", (ctx.auth.lifetime().round() as i64).into()),
                ("scope", scopes.join(",").into()),
                ("domain", domain(ctx.origin).into()),
                ("server_endpoint", format!("{}/rest/", ctx.origin).into()),
                ("status", "L".into()),
                ("client_endpoint", format!("{}/rest/", ctx.origin).into()),
                ("member_id", ctx.auth.member_id.clone().into()),
                ("refresh_token", refresh.into()),
                ("application_token", self.application_token.clone().into()),
            ];
            let body = vec![
                ("event", event.into()),
                ("event_handler_id", handler_id.to_string().into()),
                ("data", data.clone()),
                ("ts", (ctx.now.floor() as i64).to_string().into()),
                ("auth", Value::Object(ordered_object(auth))),
            ];
            self.send(event, url, form(&body));
        }
    }

    /// Queues one POST (dropped when the portal has no delivery task).
    fn send(&self, event: &str, url: String, form: String) {
        if let Some(out) = &self.outbox {
            let event = event.to_owned();
            let _ = out.send(Delivery { event, url, form });
        }
    }

    fn offline_get(&mut self, p: &Value) -> Result<Answer, ApiError> {
        let clear = params::get(p, "clear").and_then(params::int).unwrap_or(1) != 0;
        let with_errors = params::get(p, "error").and_then(params::int).unwrap_or(0) != 0;
        let limit = limit(p);
        let process = text(p, "process_id");
        let connector = text(p, "auth_connector");
        let picked: Vec<i64> = self
            .offline
            .iter()
            .filter(|e| e.connector == connector)
            .filter(|e| match &process {
                Some(id) => e.process_id.as_deref() == Some(id.as_str()),
                None => e.process_id.is_none(),
            })
            .filter(|e| with_errors || !e.error)
            .take(limit)
            .map(|e| e.id)
            .collect();
        let process_id = if clear || picked.is_empty() {
            None
        } else {
            process.clone().or_else(|| {
                self.next_process += 1;
                Some(format!("{:x}{:08x}", self.rng.u64(..), self.next_process))
            })
        };
        let events: Vec<Value> = self
            .offline
            .iter()
            .filter(|e| picked.contains(&e.id))
            .map(record)
            .collect();
        if clear {
            self.offline.retain(|e| !picked.contains(&e.id));
        } else {
            for e in self.offline.iter_mut().filter(|e| picked.contains(&e.id)) {
                e.process_id.clone_from(&process_id);
            }
        }
        Ok(Answer::of(json!({
            "process_id": process_id,
            "events": events,
        })))
    }

    fn offline_clear(&mut self, p: &Value) -> Answer {
        let process = text(p, "process_id");
        let ids = id_list(p);
        self.offline.retain(|e| {
            let hit = e.process_id.is_some()
                && e.process_id == process
                && (ids.is_empty() || ids.contains(&e.id));
            !hit
        });
        Answer::of(true.into())
    }

    fn offline_error(&mut self, p: &Value) -> Answer {
        let process = text(p, "process_id");
        let ids = id_list(p);
        for e in self.offline.iter_mut() {
            if e.process_id.is_some() && e.process_id == process && ids.contains(&e.id) {
                e.error = true;
                e.process_id = None;
            }
        }
        Answer::of(true.into())
    }

    fn offline_list(&self, p: &Value) -> Answer {
        let connector = text(p, "auth_connector");
        let events: Vec<Value> = self
            .offline
            .iter()
            .filter(|e| e.connector == connector)
            .take(limit(p))
            .map(|e| {
                let mut r = record(e);
                r["PROCESS_ID"] = e.process_id.clone().unwrap_or_default().into();
                r["ERROR"] = i64::from(e.error).into();
                r
            })
            .collect();
        Answer::of(events.into())
    }
}

const OPS: &[&str] = &[
    "bind",
    "unbind",
    "get",
    "offline.get",
    "offline.clear",
    "offline.error",
    "offline.list",
];

/// The event a successful change fires: `crm.deal` + `add` → `ONCRMDEALADD`.
pub(crate) fn code_of(entity: &str, op: &str) -> Option<String> {
    if !matches!(op, "add" | "update" | "delete") || entity.contains("userfield") {
        return None;
    }
    Some(format!("ON{}{}", entity.replace('.', ""), op).to_uppercase())
}

/// The `ID` of the record a change touched: the answer of `add`, else the `id` param.
pub(crate) fn changed_id(op: &str, p: &Value, result: &Value) -> Option<i64> {
    if op == "add" {
        params::int(result).or_else(|| result.pointer("/item/id").and_then(params::int))
    } else {
        params::get(p, "id").and_then(params::int)
    }
}

fn record(e: &Offline) -> Value {
    json!({
        "ID": e.id.to_string(),
        "TIMESTAMP_X": datetime(e.ts),
        "EVENT_NAME": e.name,
        "EVENT_DATA": e.data,
        "EVENT_ADDITIONAL": {"user_id": "1"},
        "MESSAGE_ID": e.id.to_string(),
    })
}

fn limit(p: &Value) -> usize {
    params::get(p, "limit")
        .and_then(params::int)
        .filter(|n| *n > 0)
        .map_or(50, |n| n.min(1000) as usize)
}

fn id_list(p: &Value) -> Vec<i64> {
    match params::get(p, "message_id").or_else(|| params::get(p, "id")) {
        Some(Value::Array(a)) => a.iter().filter_map(params::int).collect(),
        Some(Value::Object(m)) => m.values().filter_map(params::int).collect(),
        Some(v) => params::int(v).into_iter().collect(),
        None => Vec::new(),
    }
}

fn text(p: &Value, name: &str) -> Option<String> {
    params::get(p, name)
        .and_then(|v| match v {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .filter(|s| !s.is_empty())
}

/// `127.0.0.1:PORT` from `http://127.0.0.1:PORT`.
pub(crate) fn domain(origin: &str) -> &str {
    origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/')
}

fn hex(rng: &mut fastrand::Rng) -> String {
    (0..32)
        .map(|_| char::from_digit(rng.u32(0..16), 16).unwrap_or('0'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_ids() {
        assert_eq!(code_of("crm.deal", "add").as_deref(), Some("ONCRMDEALADD"));
        assert_eq!(code_of("crm.deal", "get"), None);
        assert_eq!(changed_id("add", &json!({}), &json!(7)), Some(7));
        assert_eq!(
            changed_id("add", &json!({}), &json!({"item": {"id": 3}})),
            Some(3)
        );
        assert_eq!(
            changed_id("update", &json!({"id": "5"}), &json!(true)),
            Some(5)
        );
    }

    #[test]
    fn offline_queue_reserves_and_clears() {
        let mut ev = Events::new(1, None);
        let caller = Caller {
            client: "app:x".into(),
            user_id: 1,
            scopes: vec!["crm".into()],
        };
        let mut auth = Auth::new(1, 3600.0);
        let mut ctx = Ctx {
            caller: &caller,
            auth: &mut auth,
            origin: "http://127.0.0.1:1",
            now: 0.0,
        };
        let bind = json!({"event": "onCrmDealAdd", "event_type": "offline"});
        assert!(ev.run(&mut ctx, "event.bind", &bind).unwrap().is_ok());
        ev.fire(&mut ctx, "ONCRMDEALADD", json!({"FIELDS": {"ID": 1}}));
        ev.fire(&mut ctx, "ONCRMDEALADD", json!({"FIELDS": {"ID": 2}}));
        let got = ev
            .run(
                &mut ctx,
                "event.offline.get",
                &json!({"clear": 0, "limit": 1}),
            )
            .unwrap()
            .unwrap()
            .result;
        let process = got["process_id"].as_str().unwrap().to_owned();
        assert_eq!(got["events"].as_array().unwrap().len(), 1);
        let clear = json!({"process_id": process});
        ev.run(&mut ctx, "event.offline.clear", &clear);
        let rest = ev
            .run(&mut ctx, "event.offline.get", &json!({}))
            .unwrap()
            .unwrap()
            .result;
        assert_eq!(rest["events"][0]["EVENT_DATA"]["FIELDS"]["ID"], 2);
        let empty = ev
            .run(&mut ctx, "event.offline.get", &json!({}))
            .unwrap()
            .unwrap()
            .result;
        assert_eq!(empty["events"], json!([]));

        let bind =
            json!({"event": "ONCRMDEALADD", "event_type": "offline", "auth_connector": "c1"});
        assert!(ev.run(&mut ctx, "event.bind", &bind).unwrap().is_ok());
        ev.fire(&mut ctx, "ONCRMDEALADD", json!({"FIELDS": {"ID": 3}}));
        let get = |ev: &mut Events, ctx: &mut Ctx<'_>, p: Value| {
            ev.run(ctx, "event.offline.get", &p)
                .unwrap()
                .unwrap()
                .result["events"]
                .as_array()
                .map_or(0, Vec::len)
        };
        assert_eq!(get(&mut ev, &mut ctx, json!({"auth_connector": "c1"})), 1);
        assert_eq!(get(&mut ev, &mut ctx, json!({"auth_connector": "c1"})), 0);
        assert_eq!(get(&mut ev, &mut ctx, json!({})), 1);
    }
}
