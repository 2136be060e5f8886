//! Methods of the `basic` scope that answer about the caller and the portal itself, not
//! from their pages' examples (which show another portal's values):
//!
//! - `scope` answers the scopes of the caller's webhook or token; `scope {full: true}`
//!   every scope the portal's pages name (the caller's own included);
//! - `server.time` answers the portal's time now (`2026-12-07T11:12:48+00:00`), on the
//!   emulated clock.

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
        _ => return None,
    };
    Some(Answer::of(result))
}
