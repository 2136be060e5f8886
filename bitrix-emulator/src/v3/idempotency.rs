//! `Idempotency-Key` (rest-v3.md, "Repeated calls without duplicates"):
//! - a key is 1 to 255 printable ASCII characters, else 400
//!   `…INVALIDIDEMPOTENCYKEYEXCEPTION` (checked on every REST 3.0 call that carries one);
//! - a write's successful answer is kept for 24 emulated hours per (webhook or app, user,
//!   method, key); the same key with the same body (`auth` aside: a refreshed token is
//!   the same call) gets that answer again, with `Idempotent-Replayed: true`, and the
//!   method does not run; another body is 422 `…IDEMPOTENCYKEYREUSEDEXCEPTION`;
//! - errors are not kept: a failed call with a key runs again when repeated;
//! - nothing waits for a call in flight: the world lock makes each request atomic, so a
//!   second request with the key of a finished one replays it; there is no other
//!   coordination between requests with one key (the page warns they may both run).

use std::collections::HashMap;

use serde_json::Value;

use super::V3Error;
use crate::auth::Caller;

/// How long an answer is kept, in emulated seconds.
const KEEP: f64 = 24.0 * 3600.0;

/// The longest key.
const MAX_LEN: usize = 255;

/// Where one answer is kept: (client, user, method, key).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Slot {
    client: String,
    user_id: i64,
    method: String,
    key: String,
}

impl Slot {
    pub(crate) fn new(caller: &Caller, method: &str, key: String) -> Slot {
        Slot {
            client: caller.client.clone(),
            user_id: caller.user_id,
            method: method.to_owned(),
            key,
        }
    }
}

#[derive(Debug)]
struct Kept {
    params: Value,
    body: Value,
    at: f64,
}

/// The kept answers of the portal.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    kept: HashMap<Slot, Kept>,
    /// When expired entries were last swept.
    swept: f64,
}

/// The header's value as a key, or the 400.
pub(crate) fn parse(raw: &[u8]) -> Result<String, V3Error> {
    let printable = raw.iter().all(|b| (b' '..=b'~').contains(b));
    if raw.is_empty() || raw.len() > MAX_LEN || !printable {
        return Err(V3Error::v3(
            400,
            "INVALIDIDEMPOTENCYKEYEXCEPTION",
            "The Idempotency-Key header must be 1 to 255 printable ASCII characters",
        ));
    }
    Ok(String::from_utf8_lossy(raw).into_owned())
}

impl Keys {
    /// The kept answer for a repeat of the same call, `None` for a new call, or the 422
    /// for the key of another call.
    pub(crate) fn lookup(
        &mut self,
        slot: &Slot,
        params: &Value,
        now: f64,
    ) -> Result<Option<Value>, V3Error> {
        self.sweep(now);
        match self.kept.get(slot) {
            Some(k) if k.at + KEEP > now => {
                if k.params == *params {
                    Ok(Some(k.body.clone()))
                } else {
                    Err(V3Error::v3(
                        422,
                        "IDEMPOTENCYKEYREUSEDEXCEPTION",
                        "The Idempotency-Key was already used with a different request body",
                    ))
                }
            }
            _ => Ok(None),
        }
    }

    /// Keeps a successful answer.
    pub(crate) fn store(&mut self, slot: Slot, params: Value, body: Value, now: f64) {
        self.kept.insert(
            slot,
            Kept {
                params,
                body,
                at: now,
            },
        );
    }

    /// Drops expired answers, at most once per emulated hour.
    fn sweep(&mut self, now: f64) {
        if now - self.swept < 3600.0 {
            return;
        }
        self.swept = now;
        self.kept.retain(|_, k| k.at + KEEP > now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn slot(key: &str) -> Slot {
        Slot {
            client: "webhook:x".into(),
            user_id: 1,
            method: "note.document.add".into(),
            key: key.into(),
        }
    }

    #[test]
    fn keys_are_printable_ascii_up_to_255() {
        assert!(parse(b"a").is_ok());
        assert!(parse(b"with space ~").is_ok());
        assert!(parse(&[b'x'; 255]).is_ok());
        for bad in [&b""[..], &[b'x'; 256], b"tab\t", "ключ".as_bytes(), b"\x7f"] {
            assert_eq!(
                parse(bad).unwrap_err().code,
                "BITRIX_REST_V3_EXCEPTION_INVALIDIDEMPOTENCYKEYEXCEPTION"
            );
        }
    }

    #[test]
    fn answers_replay_for_the_same_body_for_24_hours() {
        let mut keys = Keys::default();
        let p = json!({"fields": {"title": "a"}});
        assert_eq!(keys.lookup(&slot("k"), &p, 0.0).unwrap(), None);
        keys.store(slot("k"), p.clone(), json!({"result": 1}), 0.0);
        assert_eq!(
            keys.lookup(&slot("k"), &p, KEEP - 1.0).unwrap(),
            Some(json!({"result": 1}))
        );
        assert_eq!(keys.lookup(&slot("other"), &p, 1.0).unwrap(), None);
        let e = keys
            .lookup(&slot("k"), &json!({"fields": {"title": "b"}}), 1.0)
            .unwrap_err();
        assert_eq!(e.status, 422);
        assert_eq!(keys.lookup(&slot("k"), &p, KEEP).unwrap(), None);
        keys.lookup(&slot("k"), &p, 2.0 * KEEP).unwrap();
        assert!(keys.kept.is_empty(), "swept");
    }
}
