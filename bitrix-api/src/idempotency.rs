//! Exactly-once writes on REST 3.0: which calls carry an `Idempotency-Key`, what a key
//! may be, and the per-call options that set one.
//!
//! A REST 3.0 method that creates, changes or deletes data stores its answer for 24 hours
//! under the request's `Idempotency-Key`; the same key with the same body returns that
//! answer again (with `Idempotent-Replayed: true`) instead of running the method twice.
//! So the client gives every REST 3.0 write one fresh key ([`IdempotencyKey::random`])
//! and sends the *same* key on every retry of that call: a lost answer is resent safely
//! and the portal replays what it stored. Reads carry none ([`needs_idempotency_key`]).
//!
//! To resend a write yourself later (after the client gave up, or from another process),
//! choose the key and keep it:
//!
//! ```no_run
//! # async fn run(client: bitrix_api::Client) -> Result<(), bitrix_api::Error> {
//! use bitrix_api::IdempotencyKey;
//!
//! let key = IdempotencyKey::random(); // store key.as_str() with the job
//! let answer = client
//!     .v3()
//!     .call_raw_with_key("note.document.add", serde_json::json!({ "fields": {} }), key.as_str())
//!     .await?;
//! # let _ = answer; Ok(()) }
//! ```

use std::fmt;

use crate::error::Error;

/// The longest key the portal accepts.
const MAX_LEN: usize = 255;

/// A valid `Idempotency-Key`: 1 to 255 printable ASCII characters (`' '`..=`'~'`), not
/// starting or ending with a space (HTTP would trim it, and the portal would see another
/// key). Keys are not secret: `Debug` and `Display` show them.
///
/// ```
/// use bitrix_api::IdempotencyKey;
///
/// assert_eq!(IdempotencyKey::random().as_str().len(), 32);
/// assert!(IdempotencyKey::new("order-1842/attempt").is_ok());
/// assert!(IdempotencyKey::new("").is_err());
/// assert!(IdempotencyKey::new("ключ").is_err());
/// assert!(IdempotencyKey::new("x".repeat(256)).is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(Box<str>);

impl IdempotencyKey {
    /// Checks `key` as the portal would; a bad key is [`Error::InvalidIdempotencyKey`],
    /// before anything is sent.
    pub fn new(key: impl Into<String>) -> Result<IdempotencyKey, Error> {
        let key = key.into();
        match problem(&key) {
            None => Ok(IdempotencyKey(key.into_boxed_str())),
            Some(reason) => Err(Error::InvalidIdempotencyKey { reason }),
        }
    }

    /// A fresh key: 32 hex digits (128 random bits), unique for all practical purposes.
    /// `fastrand` is enough: keys must not collide, they need not be unguessable (the
    /// portal scopes them to one webhook or app, one user and one method).
    pub fn random() -> IdempotencyKey {
        IdempotencyKey(format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..)).into())
    }

    /// The key as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why `key` is not a valid key, if it is not.
fn problem(key: &str) -> Option<&'static str> {
    if key.is_empty() {
        Some("it is empty; use 1 to 255 printable ASCII characters")
    } else if key.len() > MAX_LEN {
        Some("it is longer than 255 characters")
    } else if !key.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        Some("it has a character that is not printable ASCII")
    } else if key.starts_with(' ') || key.ends_with(' ') {
        Some("it starts or ends with a space, which HTTP would trim")
    } else {
        None
    }
}

impl fmt::Debug for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IdempotencyKey")
            .field(&self.as_str())
            .finish()
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<IdempotencyKey> for String {
    fn from(key: IdempotencyKey) -> String {
        key.0.into()
    }
}

impl std::str::FromStr for IdempotencyKey {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        IdempotencyKey::new(s)
    }
}

/// The last words of REST 3.0 methods that only read. Every other REST 3.0 method is a write.
const READS: &[&str] = &[
    "get",
    "list",
    "fields",
    "count",
    "search",
    "tail",
    "thread",
    "children",
    "senders",
    "subordinates",
    "multidepartment",
    "openapi",
    "documentation",
];

/// Whether a REST 3.0 call of `method` creates, changes or deletes data, and so carries an
/// `Idempotency-Key`. Decided by the name's last word: reads are `get`, `list`, `fields`,
/// `count`, `search`, `tail`, `thread`, `children`, `senders`, `subordinates`,
/// `multidepartment`, `openapi`, `documentation` and any word starting with `list`
/// (`listcontacts`); every other word is a write (`add`, `update`, `edit`, `delete`,
/// `remove`, `set`, `send`, `move`, `archive`, `reply`, `forward`, `create…`, `batch`, …).
/// An unknown word counts as a write: a key on a read costs nothing, a write without one
/// may run twice when resent.
///
/// ```
/// use bitrix_api::needs_idempotency_key;
///
/// assert!(needs_idempotency_key("note.document.add"));
/// assert!(needs_idempotency_key("mail.message.createtask"));
/// assert!(!needs_idempotency_key("mail.message.get"));
/// assert!(!needs_idempotency_key("mail.recipient.listcontacts"));
/// ```
pub fn needs_idempotency_key(method: &str) -> bool {
    let m = method.to_ascii_lowercase();
    let last = m.rsplit('.').next().unwrap_or_default();
    !(READS.contains(&last) || last.starts_with("list"))
}

/// Per-call settings for [`Client::call_with`](crate::Client::call_with) and the REST 3.0
/// calls of [`V3Client`](crate::V3Client).
///
/// ```no_run
/// # async fn run<M: bitrix_api::Method>(client: bitrix_api::Client, request: M) -> Result<(), bitrix_api::Error> {
/// use bitrix_api::CallOptions;
///
/// // A REST 3.0 write resent after a restart: the same key, so the portal replays it.
/// let answer = client
///     .call_with(&request, CallOptions::new().idempotency_key("order-1842"))
///     .await?;
/// # let _ = answer; Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    pub(crate) idempotency_key: Option<String>,
}

impl CallOptions {
    /// No options: REST 3.0 writes get a fresh key.
    pub fn new() -> CallOptions {
        CallOptions::default()
    }

    /// The `Idempotency-Key` to send (on every attempt) instead of a fresh one. It is
    /// checked when the call starts ([`IdempotencyKey::new`]); a REST 2 method refuses
    /// any key with [`Error::Config`], since the portal ignores the header there.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> CallOptions {
        self.idempotency_key = Some(key.into());
        self
    }

    /// The key a call of `method` sends: the caller's (checked), a fresh one for a REST 3.0
    /// write, none for a read.
    pub(crate) fn key_for(
        &self,
        method: &str,
        version: crate::ApiVersion,
    ) -> Result<Option<IdempotencyKey>, Error> {
        match (&self.idempotency_key, version) {
            (Some(_), crate::ApiVersion::V2) => Err(Error::Config(format!(
                "`{method}` is a REST 2 method; the portal ignores Idempotency-Key there, so a key cannot make it safe to resend"
            ))),
            (Some(key), crate::ApiVersion::V3) => IdempotencyKey::new(key.as_str()).map(Some),
            (None, crate::ApiVersion::V3) if needs_idempotency_key(method) => {
                Ok(Some(IdempotencyKey::random()))
            }
            (None, _) => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiVersion;

    #[test]
    fn keys_are_checked_like_the_portal_does() {
        assert!(IdempotencyKey::new("a").is_ok());
        assert!(IdempotencyKey::new("~".repeat(255)).is_ok());
        assert!(IdempotencyKey::new("9f1c1a7e-5f1b-4a1e-9a2c-2f5f2b6c7d80").is_ok());
        assert!(IdempotencyKey::new("in side").is_ok());
        for bad in ["", " lead", "trail ", "tab\t", "new\nline", "é"] {
            assert!(
                matches!(
                    IdempotencyKey::new(bad),
                    Err(Error::InvalidIdempotencyKey { .. })
                ),
                "{bad:?}"
            );
        }
        assert!(IdempotencyKey::new("x".repeat(256)).is_err());
    }

    #[test]
    fn random_keys_are_fresh_hex() {
        let (a, b) = (IdempotencyKey::random(), IdempotencyKey::random());
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 32);
        assert!(a.as_str().bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn reads_and_writes_of_the_rest3_pages() {
        for read in [
            "humanresources.node.get",
            "humanresources.node.list",
            "humanresources.node.field.list",
            "humanresources.node.field.get",
            "humanresources.node.count",
            "humanresources.node.search",
            "humanresources.node.children",
            "humanresources.employee.subordinates",
            "humanresources.employee.multidepartment",
            "main.eventlog.tail",
            "mail.message.thread",
            "mail.mailbox.senders",
            "mail.recipient.listcontacts",
            "mail.recipient.listemployees",
            "note.document.search.list",
            "rest.documentation.openapi",
            "documentation",
            "crm.lead.fields",
        ] {
            assert!(!needs_idempotency_key(read), "{read}");
        }
        for write in [
            "humanresources.node.add",
            "humanresources.node.edit",
            "humanresources.node.move",
            "humanresources.node.member.set",
            "humanresources.node.member.remove",
            "mail.message.send",
            "mail.message.reply",
            "mail.message.forward",
            "mail.message.createtask",
            "mail.message.movetofolder",
            "mail.message.removecrmactivity",
            "note.document.archive",
            "note.document.update",
            "note.collection.delete",
            "tasks.task.chat.message.send",
            "batch",
            "something.new",
        ] {
            assert!(needs_idempotency_key(write), "{write}");
        }
    }

    #[test]
    fn options_choose_the_key() {
        let none = CallOptions::new();
        assert!(none.key_for("a.get", ApiVersion::V3).unwrap().is_none());
        assert!(none.key_for("a.add", ApiVersion::V2).unwrap().is_none());
        assert_eq!(
            none.key_for("a.add", ApiVersion::V3)
                .unwrap()
                .unwrap()
                .as_str()
                .len(),
            32
        );
        let mine = CallOptions::new().idempotency_key("k-1");
        assert_eq!(
            mine.key_for("a.add", ApiVersion::V3)
                .unwrap()
                .unwrap()
                .as_str(),
            "k-1"
        );
        assert_eq!(
            mine.key_for("a.get", ApiVersion::V3)
                .unwrap()
                .unwrap()
                .as_str(),
            "k-1"
        );
        assert!(matches!(
            mine.key_for("a.add", ApiVersion::V2),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            CallOptions::new()
                .idempotency_key("")
                .key_for("a.add", ApiVersion::V3),
            Err(Error::InvalidIdempotencyKey { .. })
        ));
    }
}
