//! [`Call`]: the call builder every method of this crate's own binding returns
//! (`client.crm_deal_get(…)` is a `Call<CrmDealGet>`). One type and one `IntoFuture` for
//! all of them: what a method adds is its optional parameters' setters (and its streams),
//! not a struct, two derives, a `send` and a future of its own.

use std::fmt;

use crate::{BoxFuture, CallOptions, Client, Error, Method};

/// A call ready to send: set optional parameters with the method's setters, then `.await`
/// it (or [`send`](Call::send)). Its setters are listed on the method's request type
/// (`CrmItemGet::use_original_uf_names` is also `Call<CrmItemGet>::use_original_uf_names`).
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<M> {
    pub(crate) client: Client,
    pub(crate) request: M,
    pub(crate) options: CallOptions,
}

impl<M: Method + 'static> Call<M> {
    /// What the generated client methods build: the request with default options.
    #[doc(hidden)]
    #[inline]
    pub fn __new(client: Client, request: M) -> Self {
        Call {
            client,
            request,
            options: CallOptions::default(),
        }
    }

    /// The request as it will be sent.
    #[inline]
    pub fn request(&self) -> &M {
        &self.request
    }

    /// Sends the call (the same as awaiting it).
    pub fn send(self) -> BoxFuture<'static, Result<M::Response, Error>> {
        self.client.__send(self.request, self.options)
    }
}

impl<M: Method + 'static> std::future::IntoFuture for Call<M> {
    type Output = Result<M::Response, Error>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

impl<M: Clone> Clone for Call<M> {
    fn clone(&self) -> Self {
        Call {
            client: self.client.clone(),
            request: self.request.clone(),
            options: self.options.clone(),
        }
    }
}

impl<M: fmt::Debug> fmt::Debug for Call<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("client", &self.client)
            .field("request", &self.request)
            .field("options", &self.options)
            .finish()
    }
}
