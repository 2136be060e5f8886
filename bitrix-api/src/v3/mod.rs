//! REST 3.0 calls without a bound page: [`V3Client`], the handle [`Client::v3`] returns.
//!
//! Everything about a call is the client's (limiter, auth, retries, redaction); this handle
//! only sends it to `/rest/api/…` and gives writes their `Idempotency-Key`
//! ([`needs_idempotency_key`](crate::needs_idempotency_key) decides what is a write).
//! Lists walked to the end are in `stream.rs`, the REST 3.0 `batch` in `batch.rs`.

mod batch;
mod stream;

pub use batch::{V3Batch, V3BatchRef, V3BatchResults};
pub use stream::typed as typed_stream;

use serde_json::Value;

use crate::client::Route;
use crate::idempotency::CallOptions;
use crate::method::ApiVersion;
use crate::{Client, Error, Response};

/// The REST 3.0 side of a [`Client`]: methods at `/rest/api/{user_id}/{code}/{method}`
/// (webhooks) or `/rest/api/{method}` with `auth` in the body (OAuth). A cheap clone of the
/// client: the same limiter, auth, retry policy and secrets. Generated REST 3.0 methods
/// are a trait implemented for it.
///
/// Answers are REST 3.0's one shape; `result` is returned as it came, so a single object
/// is `result["item"]`, a list `result["items"]`, a yes/no `result["result"]`:
///
/// ```no_run
/// # async fn run(client: bitrix_api::Client) -> Result<(), bitrix_api::Error> {
/// use serde_json::json;
///
/// let v3 = client.v3();
/// let added = v3
///     .call_raw("note.document.add", json!({ "fields": { "title": "Runbook" } }))
///     .await?; // sent with a fresh Idempotency-Key, the same one on every retry
/// let id = &added["item"]["id"];
/// let docs = v3.call_raw("note.document.list", json!({})).await?; // a read: no key
/// println!("{id} of {}", docs["items"]);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct V3Client {
    client: Client,
}

impl V3Client {
    pub(crate) fn new(client: Client) -> V3Client {
        V3Client { client }
    }

    /// The client this handle calls through.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Calls a REST 3.0 method by name with JSON parameters and returns `result` as JSON. A
    /// write carries a fresh `Idempotency-Key`, the same on every retry, so lost answers
    /// are resent (the portal replays the stored answer).
    pub async fn call_raw(&self, method: &str, params: Value) -> Result<Value, Error> {
        Ok(self.call_response_raw(method, params).await?.result)
    }

    /// Like [`V3Client::call_raw`], sending `key` as the `Idempotency-Key` (checked first:
    /// 1 to 255 printable ASCII characters, else [`Error::InvalidIdempotencyKey`]). Call
    /// again with the same key and body to get the stored answer instead of a second write.
    pub async fn call_raw_with_key(
        &self,
        method: &str,
        params: Value,
        key: &str,
    ) -> Result<Value, Error> {
        let options = CallOptions::new().idempotency_key(key);
        Ok(self
            .call_response_raw_with(method, params, options)
            .await?
            .result)
    }

    /// Like [`V3Client::call_raw`], keeping `time` and
    /// [`replayed`](Response::replayed).
    pub async fn call_response_raw(
        &self,
        method: &str,
        params: Value,
    ) -> Result<Response<Value>, Error> {
        self.call_response_raw_with(method, params, CallOptions::new())
            .await
    }

    /// Like [`V3Client::call_response_raw`], with per-call [`CallOptions`].
    pub async fn call_response_raw_with(
        &self,
        method: &str,
        params: Value,
        options: CallOptions,
    ) -> Result<Response<Value>, Error> {
        let gates = [method];
        let route = Route::new(method, ApiVersion::V3, &options, &gates)?;
        self.client.send(method, &params, &route).await
    }
}
