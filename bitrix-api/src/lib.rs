//! # bitrix-api
//!
//! A typed Bitrix24 REST client generated at build time from the official method pages
//! (YFM markdown under `docs/`), with a transport you can trust with a production portal:
//! webhook and OAuth auth, a leaky-bucket limiter that matches the portal's, retries,
//! typed batches and bulk moves. REST 3.0 methods (`/rest/api/…`) go through the same
//! client ([`Client::v3`], [`ApiVersion`]), their writes made exactly-once with an
//! `Idempotency-Key` ([`CallOptions`]).
//!
//! ```no_run
//! # async fn run() -> Result<(), bitrix_api::Error> {
//! use bitrix_api::{methods::CrmLeadContactItemsSetItem, Client, ClientMethods};
//!
//! let client = Client::webhook("https://example.bitrix24.com/rest/1/secretcode/")?;
//! client
//!     .crm_lead_contact_items_set(1, vec![CrmLeadContactItemsSetItem::new(1010).is_primary(true)])
//!     .await?;
//! # Ok(()) }
//! ```

// Generated code names `::bitrix_api::…`; this makes those paths work inside the crate too.
extern crate self as bitrix_api;

pub mod batch;
pub mod bulk;
mod call;
pub mod client;
mod decode;
pub mod error;
pub mod events;
mod idempotency;
pub mod limit;
pub mod list;
pub mod method;
pub mod methods;
pub mod query;
mod schema_gates;
pub mod store;
pub mod typed;
pub mod types;
pub mod wire;

mod auth;
mod authorize;
mod endpoint;
mod envelope;
mod retry;
mod secret;
mod transport;
mod v3;

#[cfg(feature = "blocking")]
pub mod blocking;

pub use auth::{MemoryTokenStore, OAuthApp, TokenStore, Tokens, DEFAULT_OAUTH_SERVER};
pub use bitrix_macros::bind;
pub use call::Call;
/// The date and time types generated fields use (`NaiveDate`, `DateTime<FixedOffset>`).
pub use chrono;
pub use client::{Client, ClientBuilder};
pub use decode::decode_answer;
pub use envelope::{Response, Time};
pub use error::{ApiCode, ApiError, Error, ErrorKind, Validation};
pub use idempotency::{needs_idempotency_key, CallOptions, IdempotencyKey};
pub use limit::{Limiter, Limits, Plan};
pub use method::{ApiVersion, FieldDescription, Method, MethodInfo, MethodVisitor, ParamInfo};
pub use methods::{catalog, records, ClientMethods};
pub use retry::{is_idempotent, Resend, RetryPolicy};
pub use secret::Secret;
pub use v3::{V3Batch, V3BatchRef, V3BatchResults, V3Client};

/// A boxed, sendable future: what awaiting a generated call builder runs.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// What generated code needs from outside the app's own dependencies.
/// One import for an app: the client, its error, and the traits that put every generated
/// method on it (`client.crm_deal_get(…)`, `client.v3().…`). An app's own `bind!` module
/// has a `prelude` of the same shape for its own methods.
///
/// ```no_run
/// use bitrix_api::prelude::*;
///
/// # async fn run(client: Client) -> Result<(), Error> {
/// let links = client.crm_lead_contact_items_get(1).await?;
/// println!("{} contacts", links.len());
/// # Ok(()) }
/// ```
pub mod prelude {
    pub use crate::methods::prelude::*;
    pub use crate::{Client, Error};
}

#[doc(hidden)]
pub mod __private {
    /// A generated REST 3.0 list call's `stream()`.
    pub use crate::v3::typed_stream as v3_stream;
    pub use futures_util::Stream;
    pub use serde;
    pub use serde_json;
}

/// The repository README's Rust blocks, run as doctests by the README's test command
/// (`cargo test --workspace --all-features`), so that what the README shows compiles and
/// runs (against the embedded emulator). Only under `cfg(doctest)`: the published crate
/// does not carry the README's text.
#[cfg(all(
    doctest,
    feature = "axum",
    feature = "crm",
    feature = "tasks",
    feature = "chats",
    feature = "sqlite",
    feature = "redis"
))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
