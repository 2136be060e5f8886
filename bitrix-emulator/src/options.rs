//! Settings stores (`app.option.*`, `user.option.*`): one map of named values per
//! application (per user for `user.option`), as their pages describe:
//! - `set {options: {name: value, …}}` adds or replaces those names, keeps the others, and
//!   answers what its page shows (`true`);
//! - `get {option: name}` answers that value (`null` when never set); `get {}` the whole
//!   map (`[]` while it is empty, as PHP writes an empty array).

use serde_json::{Map, Value};

use super::answer::{Answer, ApiError};
use super::methods::Env;
use super::pairs::Kept;
use super::params;

/// Whether `family` is a settings store.
pub(crate) fn serves(family: &str) -> bool {
    matches!(family, "app.option" | "user.option")
}

pub(crate) fn run(
    env: &mut Env<'_>,
    family: &str,
    op: &str,
    p: &Value,
) -> Result<Answer, ApiError> {
    // `user.option` is kept per user; `app.option` once for the application.
    let owner = if family == "user.option" {
        env.user_id.to_string()
    } else {
        String::new()
    };
    let slot = (family.to_owned(), owner);
    match op {
        "get" => {
            let kept = env.crm.kept.get(&slot).map(|k| &k.value);
            let answer = match (params::get(p, "option").and_then(params::text), kept) {
                (Some(name), kept) => kept
                    .and_then(|m| m.get(&name).cloned())
                    .unwrap_or(Value::Null),
                (None, Some(map)) if !map.is_empty() => Value::Object(map.clone()),
                (None, _) => Value::Array(Vec::new()),
            };
            Ok(Answer::of(answer))
        }
        "set" => {
            let given = params::get(p, "options")
                .and_then(params::object)
                .ok_or_else(|| ApiError::required("options"))?;
            let (by, at) = (env.user_id, env.now);
            let kept = env.crm.kept.entry(slot).or_insert_with(|| Kept {
                value: Map::new(),
                by,
                at,
                ids: Vec::new(),
            });
            kept.value.extend(given);
            kept.by = by;
            kept.at = at;
            Ok(Answer::of(Value::Bool(true)))
        }
        _ => Err(ApiError::method_not_found()),
    }
}
