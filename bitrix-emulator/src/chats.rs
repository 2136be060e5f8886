//! Chats and messages (`im.chat.add`, `im.chat.get`, `im.message.add`,
//! `im.message.update`, `im.message.delete`, `im.dialog.messages.get`) and system
//! notifications (`im.notify.system.add`, `im.notify.personal.add`), for a portal that
//! has the `chats/` pages.
//!
//! - `im.chat.add {TITLE, USERS, MESSAGE, ENTITY_TYPE, ENTITY_ID, …}` answers the chat's
//!   number; its members are the caller and `USERS`; a `MESSAGE` is its first message.
//! - `im.chat.get {ENTITY_TYPE, ENTITY_ID}` answers `{"ID": n}` of the chat tied to that
//!   object, `null` when none is.
//! - `im.message.add {DIALOG_ID, MESSAGE}` answers the message's number. `DIALOG_ID` is
//!   `chat<N>` for a chat, or a user's number for the private dialog with that user
//!   (made on first use, as the portal does).
//! - `im.dialog.messages.get {DIALOG_ID, LAST_ID, FIRST_ID, LIMIT}` answers
//!   `{chat_id, messages, users, files}` as its page shows: the newest first, at most
//!   `LIMIT` (default 20, at most 50), older than `LAST_ID` or newer than `FIRST_ID`;
//!   `users` holds the authors by number.
//! - `im.notify.system.add {USER_ID, MESSAGE}` keeps the notification (table
//!   `im:notify`, see [`Portal::records`](crate::Portal::records)) and answers its number.
//! - An unknown chat or message is 400 `ACCESS_ERROR` (`You do not have access to the
//!   specified dialog`), an empty message 400 `MESSAGE_EMPTY` (`Message can't be empty`),
//!   the codes the pages give.

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::clock;
use super::methods::Env;
use super::params;

const CHATS: &str = "im:chat";
const MESSAGES: &str = "im:message";
const NOTIFY: &str = "im:notify";

/// Whether this module answers `method` (given the portal has its page).
pub(crate) fn serves(method: &str) -> bool {
    matches!(
        method,
        "im.chat.add"
            | "im.chat.get"
            | "im.message.add"
            | "im.message.update"
            | "im.message.delete"
            | "im.dialog.messages.get"
            | "im.notify.system.add"
            | "im.notify.personal.add"
    )
}

fn no_access() -> ApiError {
    ApiError::new(
        400,
        "ACCESS_ERROR",
        "You do not have access to the specified dialog",
    )
}

fn text(p: &Value, key: &str) -> Option<String> {
    params::get(p, key)
        .and_then(params::text)
        .filter(|t| !t.trim().is_empty())
}

pub(crate) fn run(env: &mut Env<'_>, method: &str, p: &Value) -> Result<Answer, ApiError> {
    let now = clock::iso_utc(env.now);
    let me = env.user_id;
    let answer = match method {
        "im.chat.add" => {
            let mut users = vec![Value::from(me)];
            for u in params::get(p, "USERS")
                .and_then(params::list)
                .unwrap_or_default()
            {
                if let Some(u) = params::int(u).filter(|u| *u != me) {
                    users.push(u.into());
                }
            }
            let id = chat(env, text(p, "TITLE").unwrap_or_default(), users, "chat");
            if let Some(r) = env.crm.record_mut(CHATS, id) {
                for key in ["ENTITY_TYPE", "ENTITY_ID"] {
                    if let Some(v) = text(p, key) {
                        r.insert(key.to_ascii_lowercase(), v.into());
                    }
                }
            }
            if let Some(m) = text(p, "MESSAGE") {
                post(env, id, &m, &now);
            }
            id.into()
        }
        "im.chat.get" => {
            // The chat tied to an outside object; `null` when none is (or a key is missing).
            let wanted = (text(p, "ENTITY_TYPE"), text(p, "ENTITY_ID"));
            let tied = |r: &Map<String, Value>| {
                let has = |k: &str, v: &Option<String>| {
                    v.is_some() && r.get(k).and_then(Value::as_str) == v.as_deref()
                };
                has("entity_type", &wanted.0) && has("entity_id", &wanted.1)
            };
            match env.crm.rows(CHATS).find(|(_, r)| tied(r)) {
                Some((id, _)) => json!({ "ID": id }),
                None => Value::Null,
            }
        }
        "im.message.add" => {
            let id = chat_of(env, p)?;
            let m = text(p, "MESSAGE")
                .ok_or_else(|| ApiError::new(400, "MESSAGE_EMPTY", "Message can't be empty"))?;
            post(env, id, &m, &now).into()
        }
        "im.message.update" | "im.message.delete" => {
            let id = params::get(p, "MESSAGE_ID")
                .and_then(params::int)
                .filter(|i| env.crm.record(MESSAGES, *i).is_some())
                .ok_or_else(no_access)?;
            if method.ends_with("delete") {
                env.crm.remove(MESSAGES, id);
            } else if let Some(r) = env.crm.record_mut(MESSAGES, id) {
                r.insert("text".into(), text(p, "MESSAGE").unwrap_or_default().into());
            }
            true.into()
        }
        "im.dialog.messages.get" => {
            let id = chat_of(env, p)?;
            messages(env, id, p)
        }
        _ => {
            // im.notify.system.add, im.notify.personal.add
            let user = params::get(p, "USER_ID")
                .and_then(params::int)
                .ok_or_else(|| ApiError::required("USER_ID"))?;
            let m = text(p, "MESSAGE")
                .ok_or_else(|| ApiError::new(400, "MESSAGE_EMPTY", "Message can't be empty"))?;
            let id = env.crm.next_id(NOTIFY);
            let mut r = Map::new();
            r.insert("id".into(), id.into());
            r.insert("user_id".into(), user.into());
            r.insert(
                "author_id".into(),
                if method.contains("system") { 0 } else { me }.into(),
            );
            r.insert("text".into(), m.into());
            r.insert("date".into(), now.into());
            if let Some(tag) = text(p, "TAG") {
                r.insert("tag".into(), tag.into());
            }
            env.crm.insert(NOTIFY, id, r);
            id.into()
        }
    };
    Ok(Answer::of(answer))
}

fn chat(env: &mut Env<'_>, title: String, users: Vec<Value>, kind: &str) -> i64 {
    let id = env.crm.next_id(CHATS);
    let r = Map::from_iter([
        ("id".to_owned(), id.into()),
        ("title".to_owned(), title.into()),
        ("type".to_owned(), kind.into()),
        ("users".to_owned(), Value::Array(users)),
        ("owner".to_owned(), env.user_id.into()),
    ]);
    env.crm.insert(CHATS, id, r);
    id
}

/// The chat a `DIALOG_ID` (or `CHAT_ID`) names: `chat5`, or a user's private dialog.
fn chat_of(env: &mut Env<'_>, p: &Value) -> Result<i64, ApiError> {
    let dialog = params::get(p, "DIALOG_ID")
        .or_else(|| params::get(p, "CHAT_ID"))
        .and_then(params::text)
        .ok_or_else(|| ApiError::required("DIALOG_ID"))?;
    let by_chat_id = params::get(p, "DIALOG_ID").is_none();
    let chat_number = dialog
        .strip_prefix("chat")
        .or(by_chat_id.then_some(dialog.as_str()));
    if let Some(n) = chat_number {
        let id: i64 = n.parse().map_err(|_| no_access())?;
        let member = env.crm.record(CHATS, id).is_some_and(|r| {
            r["users"]
                .as_array()
                .is_some_and(|u| u.iter().any(|x| params::int(x) == Some(env.user_id)))
        });
        return member.then_some(id).ok_or_else(no_access);
    }
    let user: i64 = dialog.parse().map_err(|_| no_access())?;
    let me = env.user_id;
    let pair = |r: &Map<String, Value>| {
        r.get("type").and_then(Value::as_str) == Some("private")
            && r["users"].as_array().is_some_and(|u| {
                let ids: Vec<i64> = u.iter().filter_map(params::int).collect();
                ids.contains(&me) && ids.contains(&user)
            })
    };
    if let Some((id, _)) = env.crm.rows(CHATS).find(|(_, r)| pair(r)) {
        return Ok(*id);
    }
    Ok(chat(
        env,
        String::new(),
        vec![me.into(), user.into()],
        "private",
    ))
}

fn post(env: &mut Env<'_>, chat: i64, text: &str, now: &str) -> i64 {
    let id = env.crm.next_id(MESSAGES);
    let r = Map::from_iter([
        ("id".to_owned(), id.into()),
        ("chat_id".to_owned(), chat.into()),
        ("author_id".to_owned(), env.user_id.into()),
        ("date".to_owned(), now.into()),
        ("text".to_owned(), text.into()),
        ("unread".to_owned(), false.into()),
        ("uuid".to_owned(), Value::Null),
        ("replaces".to_owned(), json!([])),
        ("params".to_owned(), json!([])),
        ("disappearing_date".to_owned(), Value::Null),
    ]);
    env.crm.insert(MESSAGES, id, r);
    id
}

fn messages(env: &Env<'_>, chat: i64, p: &Value) -> Value {
    let limit = params::get(p, "LIMIT")
        .and_then(params::int)
        .unwrap_or(20)
        .clamp(1, 50) as usize;
    let last = params::get(p, "LAST_ID").and_then(params::int);
    let first = params::get(p, "FIRST_ID").and_then(params::int);
    let mut found: Vec<&Map<String, Value>> = env
        .crm
        .rows(MESSAGES)
        .map(|(_, r)| r)
        .filter(|r| r.get("chat_id").and_then(params::int) == Some(chat))
        .filter(|r| {
            let id = r.get("id").and_then(params::int).unwrap_or(0);
            last.is_none_or(|l| id < l) && first.is_none_or(|f| id > f)
        })
        .collect();
    // Newest first; after `FIRST_ID`, the oldest `LIMIT` of the newer ones.
    if first.is_some() {
        found.truncate(limit);
        found.reverse();
    } else {
        found.reverse();
        found.truncate(limit);
    }
    let mut authors: Vec<i64> = found
        .iter()
        .filter_map(|r| r.get("author_id").and_then(params::int))
        .filter(|a| *a > 0)
        .collect();
    authors.sort_unstable();
    authors.dedup();
    let users: Vec<Value> = authors
        .into_iter()
        .map(|a| json!({"id": a, "active": true, "name": format!("User {a}")}))
        .collect();
    json!({
        "chat_id": chat,
        "messages": found.into_iter().cloned().collect::<Vec<_>>(),
        "users": users,
        "files": [],
    })
}
