//! A blocking client for scripts and programs without an async runtime (feature
//! `blocking`), like `reqwest::blocking`.
//!
//! It wraps the async [`Client`](crate::Client) and runs each call to completion on a
//! private current-thread tokio runtime, with the same limits, retries and errors.
//!
//! ```no_run
//! # fn run() -> Result<(), bitrix_api::Error> {
//! let client = bitrix_api::blocking::Client::webhook("https://example.bitrix24.com/rest/1/secretcode/")?;
//! let lead = client.call_raw("crm.lead.get", serde_json::json!({ "id": 1 }))?;
//! println!("{lead}");
//! # Ok(()) }
//! ```
//!
//! Limits of this surface:
//! - Do not call it from inside an async runtime: blocking there panics (tokio refuses to
//!   start a runtime in a runtime). Use the async client there.
//! - One call runs at a time per thread; clones share the runtime, the rate limiter and
//!   tokens, and calls from several threads are serialized on that runtime.
//! - Only single calls: no batch, bulk or list streams (use the async client, or
//!   [`Client::inner`] from your own runtime).
//! - Waits for rate limits and retries block the calling thread.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;

use crate::error::Error;
use crate::idempotency::CallOptions;
use crate::method::Method;

/// A blocking Bitrix24 client; cheap to clone.
#[derive(Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<Mutex<tokio::runtime::Runtime>>,
}

impl Client {
    /// A blocking client for an incoming webhook URL.
    pub fn webhook(url: impl AsRef<str>) -> Result<Client, Error> {
        Client::new(crate::Client::webhook(url)?)
    }

    /// Wraps an async client built with [`crate::Client::builder`] (all its settings apply).
    pub fn new(client: crate::Client) -> Result<Client, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| {
                Error::Config(format!("cannot start the blocking client's runtime: {e}"))
            })?;
        Ok(Client {
            inner: client,
            runtime: Arc::new(Mutex::new(runtime)),
        })
    }

    /// Calls a typed method and decodes its `result`.
    pub fn call<M: Method>(&self, request: &M) -> Result<M::Response, Error> {
        self.block_on(self.inner.call(request))
    }

    /// Calls a typed method with per-call [`CallOptions`] (e.g. the `Idempotency-Key` of a
    /// REST 3.0 write); see [`crate::Client::call_with`].
    pub fn call_with<M: Method>(
        &self,
        request: &M,
        options: CallOptions,
    ) -> Result<M::Response, Error> {
        self.block_on(self.inner.call_with(request, options))
    }

    /// Calls any method by name with JSON parameters and returns `result` as JSON.
    pub fn call_raw(&self, method: &str, params: Value) -> Result<Value, Error> {
        self.block_on(self.inner.call_raw(method, params))
    }

    /// Calls a REST 3.0 method by name (`/rest/api/…`) and returns `result` as JSON; see
    /// [`crate::V3Client::call_raw`] (writes carry an `Idempotency-Key`).
    pub fn call_raw_v3(&self, method: &str, params: Value) -> Result<Value, Error> {
        self.block_on(self.inner.v3().call_raw(method, params))
    }

    /// The async client inside.
    pub fn inner(&self) -> &crate::Client {
        &self.inner
    }

    fn block_on<T>(&self, f: impl std::future::Future<Output = T>) -> T {
        let runtime = self.runtime.lock().unwrap_or_else(PoisonError::into_inner);
        runtime.block_on(f)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Client")
            .field(&self.inner)
            .finish()
    }
}
