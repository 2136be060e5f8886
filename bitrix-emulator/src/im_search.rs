//! The messenger's view of the portal's users (the `user.*` records, each in the shape of
//! the messenger pages' examples).
//!
//! `im.user.list.get {ID: [..]}` answers the users it names that exist, as an object keyed
//! by user id, or an array with `RESULT_TYPE: "array"`, as its page's parameter and result
//! tables say (its example shows the array form).
//!
//! `im.search.user.list` searches the portal's users (the `user.*` records, the
//! administrator included) rather than answering its page's example
//! (chats/search/im-search-user-list.md):
//! - `FIND` is matched, case-insensitively, against the start of each word of the user's
//!   name, last name, e-mail and position; missing or under 2 characters, it is the page's
//!   400 `FIND_SHORT`;
//! - `OFFSET` skips, `LIMIT` (default 10, at most 50) caps;
//! - the answer is an object keyed by user id, each user in the shape of the page's example
//!   (`id`, `name`, `first_name`, `last_name`, `work_position`, …, the example's values
//!   where the store has none); nothing found answers `[]`, as the page says.

use serde_json::{Map, Value};

use super::answer::{Answer, ApiError};
use super::methods::Env;
use super::params;

/// The methods this module answers.
pub(crate) fn serves(method: &str) -> bool {
    matches!(method, "im.search.user.list" | "im.user.list.get")
}

pub(crate) fn run(env: &Env<'_>, method: &str, p: &Value) -> Result<Answer, ApiError> {
    match method {
        "im.user.list.get" => list_get(env, p),
        _ => search(env, p),
    }
}

fn list_get(env: &Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let spec = env.catalog.get("im.user.list.get").cloned();
    if let Some(spec) = &spec {
        super::example::validate(spec, p)?;
    }
    let shown = first_user(spec.as_deref());
    let get = env.catalog.get("user.get").cloned();
    let template = super::flat::template(get.as_deref(), None);
    let wanted: Vec<i64> = params::get(p, "ID")
        .map(|v| match v {
            Value::Array(ids) => ids.iter().filter_map(params::int).collect(),
            one => params::int(one).into_iter().collect(),
        })
        .unwrap_or_default();
    let users = wanted
        .into_iter()
        .filter(|id| env.crm.record("flat:user", *id).is_some())
        .map(|id| {
            let user = super::flat::read(env, "flat:user", id, &template);
            (id.to_string(), Value::Object(im_user(id, &user, &shown)))
        });
    let as_array = params::get(p, "RESULT_TYPE")
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("array"));
    Ok(Answer::of(if as_array {
        Value::Array(users.map(|(_, u)| u).collect())
    } else {
        Value::Object(users.collect())
    }))
}

/// The first user of a page's example answer, whether keyed by id or listed.
fn first_user(spec: Option<&bitrix_docs::MethodSpec>) -> Map<String, Value> {
    let first = match spec.and_then(super::schema::example_result) {
        Some(Value::Object(m)) => m.into_iter().next().map(|(_, u)| u),
        Some(Value::Array(a)) => a.into_iter().next(),
        _ => None,
    };
    first
        .and_then(|u| u.as_object().cloned())
        .unwrap_or_default()
}

fn search(env: &Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    // The page's own error for a phrase missing or under 2 characters.
    let find = params::get(p, "FIND")
        .and_then(params::text)
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    if find.chars().count() < 2 {
        return Err(ApiError::new(
            400,
            "FIND_SHORT",
            "Too short a search phrase.",
        ));
    }
    let spec = env.catalog.get("im.search.user.list").cloned();
    if let Some(spec) = &spec {
        super::example::validate(spec, p)?;
    }
    let offset = params::get(p, "OFFSET").and_then(params::int).unwrap_or(0);
    let limit = params::get(p, "LIMIT")
        .and_then(params::int)
        .unwrap_or(10)
        .clamp(1, 50);
    let shown = first_user(spec.as_deref());
    let get = env.catalog.get("user.get").cloned();
    let template = super::flat::template(get.as_deref(), None);
    let ids: Vec<i64> = env.crm.rows("flat:user").map(|(id, _)| *id).collect();
    let mut found = Map::new();
    for id in ids {
        let user = super::flat::read(env, "flat:user", id, &template);
        if !matches(&user, &find) {
            continue;
        }
        found.insert(id.to_string(), Value::Object(im_user(id, &user, &shown)));
    }
    let page: Map<String, Value> = found
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(0))
        .take(usize::try_from(limit).unwrap_or(10))
        .collect();
    Ok(Answer::of(if page.is_empty() {
        Value::Array(Vec::new())
    } else {
        Value::Object(page)
    }))
}

/// Whether a word of the user's name, last name, e-mail or position starts with `find`.
fn matches(user: &Map<String, Value>, find: &str) -> bool {
    ["NAME", "LAST_NAME", "EMAIL", "WORK_POSITION"]
        .iter()
        .filter_map(|k| user.get(*k).and_then(Value::as_str))
        .flat_map(|t| t.split(|c: char| c.is_whitespace() || c == '@' || c == '.'))
        .any(|w| w.to_lowercase().starts_with(find))
}

/// A user in the page's shape: the example's keys, the store's values where it has them.
fn im_user(id: i64, user: &Map<String, Value>, shown: &Map<String, Value>) -> Map<String, Value> {
    let text = |k: &str| user.get(k).and_then(Value::as_str).unwrap_or_default();
    let mut out = shown.clone();
    let full = format!("{} {}", text("NAME"), text("LAST_NAME"));
    for (key, value) in [
        ("id", Value::from(id)),
        ("name", Value::from(full.trim())),
        ("first_name", Value::from(text("NAME"))),
        ("last_name", Value::from(text("LAST_NAME"))),
        ("work_position", Value::from(text("WORK_POSITION"))),
    ] {
        out.insert(key.to_owned(), value);
    }
    out
}
