//! Methods of the `basic` scope that answer about the caller and the portal itself, not
//! from their pages' examples (which show another portal's values):
//!
//! - `scope` answers the scopes of the caller's webhook or token; `scope {full: true}`
//!   every scope the portal's pages name (the caller's own included);
//! - `server.time` answers the portal's time now (`2026-12-07T11:12:48+00:00`), on the
//!   emulated clock.
//! - `events` answers the codes of the events the pages document: those of `SCOPE`, every
//!   one with `FULL`, else those of the caller's scopes and those no scope guards.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::answer::Answer;
use super::auth::Caller;
use super::clock;
use super::pages::Catalog;
use super::params;

/// The answer of `method` when this module serves it.
pub(crate) fn run(
    catalog: &Catalog,
    caller: &Caller,
    method: &str,
    p: &Value,
    now: f64,
) -> Option<Answer> {
    let result = match method {
        "scope" => {
            let full = params::flag(params::get(p, "full"));
            let mut scopes: BTreeSet<String> = caller.scopes.iter().cloned().collect();
            if full {
                scopes.extend(catalog.scopes());
            }
            scopes.remove("basic");
            json!(scopes)
        }
        "server.time" => clock::datetime(now).into(),
        // The events an application may bind: those of `SCOPE`, every one with `FULL`,
        // else those of the caller's scopes and the ones no scope guards (ONAPPINSTALL).
        "events" => {
            let scope = params::get(p, "SCOPE")
                .and_then(params::text)
                .filter(|s| !s.is_empty());
            let full = params::flag(params::get(p, "FULL"));
            json!(catalog.event_codes(|s| match (&scope, s) {
                (Some(wanted), s) => s == Some(wanted.as_str()),
                (None, _) if full => true,
                (None, None) => true,
                (None, Some(s)) => caller.has_scope(s),
            }))
        }
        _ => return None,
    };
    Some(Answer::of(result))
}
