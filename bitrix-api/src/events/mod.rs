//! Events: what the portal POSTs to a handler bound with `event.bind`, decoded into the
//! types a binding generates from the event pages, and verified.
//!
//! A binding (`bind!`) emits `events::OnCrmDealAdd` (one struct per event page: `event`,
//! `event_handler_id`, `data` typed from the page's tables, `ts`, `auth`, `extra`), one
//! `events::Event` enum over them with `Event::Unknown(`[`RawEvent`]`)` for codes it does
//! not know, and `events::catalog()`. The enum implements [`EventSet`], which is all the
//! runtime needs:
//!
//! - [`decode_verified`] / `Event::decode_verified`: body → payload ([`payload`]: PHP form
//!   keys or JSON, numbers as strings) → the `application_token` compared in constant time
//!   with the one stored at install ([`verify`]) → the typed event. Anything that fails is
//!   an [`Error`] and never reaches the app.
//! - [`decode_unverified`]: for `ONAPPINSTALL`, which brings the token (nothing to compare
//!   with yet).
//! - [`Installations`]: the per-portal store (keyed by `member_id`) that the install
//!   callback and `ONAPPINSTALL` fill, which answers the stored token for each event and
//!   one [`Client`](crate::Client) per portal.
//! - `Client::offline_events`: the offline queue (`event.offline.get`/`clear`) as a stream.
//! - With the `axum` feature, `events::axum::router`: a handler to mount.
//!
//! Errors about bodies are [`Error::Decode`] with `method` `event` (or `event <CODE>`)
//! and the `path` of what was wrong (`body`, `content-type`, `event`, `auth`,
//! `auth.application_token`, `data.FIELDS.ID`); [`is_verification_failure`] tells a
//! forged or unverifiable body from a malformed one. No message quotes a token.

mod auth;
#[cfg(feature = "axum")]
pub mod axum;
mod body;
mod install;
mod offline;

use serde_json::{Map, Value};

use crate::wire::{self, Wire};
use crate::{Error, Secret};

pub use auth::EventAuth;
pub use body::{code_of, member_id, payload, verify, MAX_BODY};
pub use install::{
    Incoming, Installation, Installations, MemoryPortalStore, PortalStore, StoreError,
};

#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) use body::constant_time_eq;
pub use offline::OfflineEvents;

/// The set of events a binding knows: the generated `events::Event` enum implements it.
pub trait EventSet: Sized + Send + 'static {
    /// Decodes a payload (the whole `{event, data, ts, auth}` object): the variant of its
    /// code, or the set's unknown variant for codes it does not know. An `Err` when a
    /// known event's payload does not fit its type.
    fn from_payload(payload: Value) -> Result<Self, Error>;
    /// Wraps an event that cannot be typed (offline events whose data does not fit are
    /// handed out so, rather than lost).
    fn unknown(raw: RawEvent) -> Self;
    /// The code, as sent (`ONCRMDEALADD`).
    fn code(&self) -> &str;
    /// The `auth` of the payload, when it had one.
    fn auth(&self) -> Option<&EventAuth>;
}

/// An event no page of the binding describes, kept as it came (secrets in [`EventAuth`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RawEvent {
    /// The code, as sent (`ONTASKADD`).
    pub event: String,
    /// The handler's id (`event.get`), when sent.
    pub event_handler_id: Option<i64>,
    /// The event's data, untyped.
    pub data: Value,
    /// When the queue dispatched the event (Unix time), when sent.
    pub ts: Option<i64>,
    /// Who sent it.
    pub auth: Option<EventAuth>,
    /// Every other key of the payload.
    pub extra: Map<String, Value>,
}

impl Wire for RawEvent {
    fn from_wire(value: Value) -> Result<Self, wire::WireError> {
        let mut m = wire::object(value)?;
        Ok(RawEvent {
            event: wire::take(&mut m, "event")?,
            event_handler_id: wire::take(&mut m, "event_handler_id")?,
            data: wire::take_or(&mut m, "data", Value::Null)?,
            ts: wire::take(&mut m, "ts")?,
            auth: wire::take(&mut m, "auth")?,
            extra: m,
        })
    }
}

crate::__serde_via_wire!(RawEvent);

impl RawEvent {
    /// Decodes any payload with an `event` code.
    pub fn from_payload(payload: Value) -> Result<RawEvent, Error> {
        let code = code_of(&payload)?;
        decode_typed(&code, payload)
    }
}

/// A bound event, as `events::catalog()` lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventInfo {
    /// The name as on the page (`onCrmDealAdd`).
    pub name: &'static str,
    /// The code the portal sends (`ONCRMDEALADD`).
    pub code: &'static str,
    /// The page's title without the name.
    pub title: &'static str,
    /// The page, relative to the docs root.
    pub page: &'static str,
    /// The page's H1 line.
    pub line: u32,
}

/// Decodes a payload into one event type leniently; errors name the field
/// (`data.FIELDS.ID`). Generated code calls this.
pub fn decode_typed<T: Wire>(code: &str, payload: Value) -> Result<T, Error> {
    crate::envelope::decode::<T>(&format!("{} {code}", body::WHAT), "", payload).map_err(
        |e| match e {
            Error::Decode {
                method,
                path,
                message,
            } => Error::Decode {
                method,
                path: path.trim_start_matches('.').to_owned(),
                message,
            },
            other => other,
        },
    )
}

/// Body → verified typed event: [`payload`], then [`verify`] against the application
/// token stored at install, then [`EventSet::from_payload`].
///
/// ```
/// use bitrix_api::events::{self, RawEvent};
/// use bitrix_api::Secret;
///
/// let body = b"event=ONTASKADD&data%5BFIELDS%5D%5BID%5D=5&ts=1&auth%5Bmember_id%5D=m&auth%5Bapplication_token%5D=t0k3n";
/// let form = "application/x-www-form-urlencoded";
/// let raw: RawEvent = events::decode_verified(form, body, &Secret::new("t0k3n")).unwrap_or_else(|e| panic!("{e}"));
/// assert_eq!(raw.ts, Some(1));
/// let forged = events::decode_verified::<RawEvent>(form, body, &Secret::new("other"));
/// assert!(events::is_verification_failure(&forged.unwrap_err()));
/// ```
pub fn decode_verified<E: EventSet>(
    content_type: &str,
    body: &[u8],
    expected_application_token: &Secret,
) -> Result<E, Error> {
    let payload = payload(content_type, body)?;
    verify(&payload, expected_application_token)?;
    E::from_payload(payload)
}

/// Body → typed event without verification: only for `ONAPPINSTALL` (and the install
/// callback), which bring the token the later events are verified against.
pub fn decode_unverified<E: EventSet>(content_type: &str, body: &[u8]) -> Result<E, Error> {
    E::from_payload(payload(content_type, body)?)
}

/// Whether `err` says an event body was refused because it could not be verified (no
/// `auth`, no application token, a token other than the stored one, an unknown portal),
/// rather than because it was malformed.
pub fn is_verification_failure(err: &Error) -> bool {
    matches!(err, Error::Decode { method, path, .. }
        if method.starts_with(body::WHAT) && (path == "auth" || path == "auth.application_token" || path == "auth.member_id"))
}

impl EventSet for RawEvent {
    fn from_payload(payload: Value) -> Result<Self, Error> {
        RawEvent::from_payload(payload)
    }
    fn unknown(raw: RawEvent) -> Self {
        raw
    }
    fn code(&self) -> &str {
        &self.event
    }
    fn auth(&self) -> Option<&EventAuth> {
        self.auth.as_ref()
    }
}
