//! Calendar views computed from the events the portal holds (`calendar.event.add`'s
//! records), not answered from their pages' examples:
//! - `calendar.accessibility.get {users, from, to}`: per user id, the events that user owns
//!   or attends and that overlap the days `from`..`to`, each in the shape of the page's
//!   example entry (`ID`, `NAME`, `DATE_FROM`, …); a user with none gets `[]`;
//! - `calendar.event.get.nearest {type, ownerId, days = 60, maxEventsCount}`: the events of
//!   that calendar (the caller's when `ownerId` is left out) from today to `days` ahead, in
//!   the shape `calendar.event.get` answers them, earliest first.
//!
//! Days compare as `YYYY-MM-DD`; stored dates written `DD.MM.YYYY …` (the pages' own
//! format) are read as that day.

use serde_json::{Map, Value};

use super::answer::{Answer, ApiError};
use super::clock::iso_utc;
use super::methods::Env;
use super::params;
use super::schema::example_result;

const EVENTS: &str = "flat:calendar.event";

/// The methods this module answers.
pub(crate) fn serves(method: &str) -> bool {
    matches!(
        method,
        "calendar.accessibility.get" | "calendar.event.get.nearest"
    )
}

pub(crate) fn run(env: &Env<'_>, method: &str, p: &Value) -> Result<Answer, ApiError> {
    if let Some(spec) = env.catalog.get(method) {
        super::example::validate(spec, p)?;
    }
    let get = env.catalog.get("calendar.event.get").cloned();
    let template = super::flat::template(get.as_deref(), None);
    let events: Vec<Map<String, Value>> = env
        .crm
        .rows(EVENTS)
        .map(|(id, _)| super::flat::read(env, EVENTS, *id, &template))
        .collect();
    if method == "calendar.event.get.nearest" {
        return Ok(Answer::of(nearest(env, p, events)));
    }
    let from = text(p, "from");
    let to = text(p, "to");
    let shown = entry_shape(env);
    let users: Vec<i64> = match params::get(p, "users") {
        Some(Value::Array(ids)) => ids.iter().filter_map(params::int).collect(),
        Some(one) => params::int(one).into_iter().collect(),
        None => Vec::new(),
    };
    let by_user: Map<String, Value> = users
        .into_iter()
        .map(|user| {
            let busy = events
                .iter()
                .filter(|e| involves(e, user) && overlaps(e, &from, &to))
                .map(|e| Value::Object(like(e, &shown)))
                .collect();
            (user.to_string(), Value::Array(busy))
        })
        .collect();
    Ok(Answer::of(Value::Object(by_user)))
}

fn nearest(env: &Env<'_>, p: &Value, events: Vec<Map<String, Value>>) -> Value {
    let owner = params::get(p, "ownerId")
        .and_then(params::int)
        .unwrap_or(env.user_id);
    let days = params::get(p, "days").and_then(params::int).unwrap_or(60);
    let max = params::get(p, "maxEventsCount")
        .and_then(params::int)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(usize::MAX);
    #[allow(clippy::cast_precision_loss)]
    let until = env.now + days as f64 * 86_400.0;
    let (from, to) = (day_of(&iso_utc(env.now)), day_of(&iso_utc(until)));
    let mut found: Vec<Map<String, Value>> = events
        .into_iter()
        .filter(|e| involves(e, owner) && overlaps(e, &from, &to))
        .collect();
    found.sort_by_key(|e| day_of(&field_text(e, "DATE_FROM")));
    Value::Array(found.into_iter().take(max).map(Value::Object).collect())
}

/// The keys of the accessibility page's fullest example entry.
fn entry_shape(env: &Env<'_>) -> Map<String, Value> {
    let Some(Value::Object(users)) = env
        .catalog
        .get("calendar.accessibility.get")
        .and_then(|s| example_result(s))
    else {
        return Map::new();
    };
    users
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(Value::as_object)
        .max_by_key(|e| e.len())
        .cloned()
        .unwrap_or_default()
}

/// An event as an accessibility entry: the example entry's keys, the event's values.
fn like(event: &Map<String, Value>, shown: &Map<String, Value>) -> Map<String, Value> {
    if shown.is_empty() {
        return event.clone();
    }
    shown
        .iter()
        .map(|(k, v)| {
            let value = super::listing::field(event, k)
                .cloned()
                .unwrap_or(v.clone());
            (k.clone(), value)
        })
        .collect()
}

/// Whether `user` owns the event or is among its attendees (`3` or `"U3"`).
fn involves(event: &Map<String, Value>, user: i64) -> bool {
    let is_user = |v: &Value| {
        params::int(v) == Some(user)
            || v.as_str()
                .and_then(|s| s.strip_prefix('U'))
                .and_then(|n| n.parse::<i64>().ok())
                == Some(user)
    };
    let owner = super::listing::field(event, "OWNER_ID").is_some_and(is_user);
    let attends = ["attendees", "ATTENDEES_CODES"].iter().any(|k| {
        super::listing::field(event, k)
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(is_user))
    });
    owner || attends
}

/// Whether the event's days meet `from`..`to` (either end open when empty).
fn overlaps(event: &Map<String, Value>, from: &str, to: &str) -> bool {
    let starts = day_of(&field_text(event, "DATE_FROM"));
    let ends = day_of(&field_text(event, "DATE_TO"));
    let ends = if ends.is_empty() {
        starts.clone()
    } else {
        ends
    };
    (from.is_empty() || ends.as_str() >= from) && (to.is_empty() || starts.as_str() <= to)
}

fn text(p: &Value, key: &str) -> String {
    day_of(
        &params::get(p, key)
            .and_then(params::text)
            .unwrap_or_default(),
    )
}

fn field_text(event: &Map<String, Value>, key: &str) -> String {
    super::listing::field(event, key)
        .and_then(params::text)
        .unwrap_or_default()
}

/// `YYYY-MM-DD` of a date written `YYYY-MM-DD…` or `DD.MM.YYYY…`.
fn day_of(text: &str) -> String {
    let t = text.trim();
    match t.get(..10) {
        Some(d) if d.as_bytes().get(2) == Some(&b'.') && d.as_bytes().get(5) == Some(&b'.') => {
            format!("{}-{}-{}", &d[6..10], &d[3..5], &d[..2])
        }
        Some(d) => d.to_owned(),
        None => t.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_either_written_form() {
        assert_eq!(day_of("02.12.2024 11:00:00"), "2024-12-02");
        assert_eq!(day_of("2024-12-02T11:00:00+03:00"), "2024-12-02");
        assert_eq!(day_of(""), "");
    }
}
