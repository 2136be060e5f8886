//! REST 3.0 calls without a bound page: [`V3Client`], the handle [`Client::v3`] returns.
//!
//! Everything about a call is the client's (limiter, auth, retries, redaction); this handle
//! only sends it to `/rest/api/…`.

use serde_json::Value;

use crate::client::Route;
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
///     .await?;
/// let id = &added["item"]["id"];
/// let docs = v3.call_raw("note.document.list", json!({})).await?;
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

    /// Calls a REST 3.0 method by name with JSON parameters and returns `result` as JSON —
    /// same limits, retries and errors as [`Client::call_raw`].
    pub async fn call_raw(&self, method: &str, params: Value) -> Result<Value, Error> {
        Ok(self.call_response_raw(method, params).await?.result)
    }

    /// Like [`V3Client::call_raw`], keeping `time`.
    pub async fn call_response_raw(
        &self,
        method: &str,
        params: Value,
    ) -> Result<Response<Value>, Error> {
        let gates = [method];
        let route = Route::new(method, ApiVersion::V3, &gates);
        self.client.send(method, &params, &route).await
    }
}
