//! The client: one per program, cheap to clone, and the one path every request takes —
//! operating gate, rate limiter, auth, HTTP, redirects, token refresh, retries, decoding.
//! REST 2 and REST 3.0 calls take the same path; a `Route` says which API a call goes to,
//! whether a lost answer may be resent and which `Idempotency-Key` it carries.
//!
//! ```no_run
//! # async fn run() -> Result<(), bitrix_api::Error> {
//! let client = bitrix_api::Client::webhook("https://example.bitrix24.com/rest/1/secretcode/")?;
//! let lead = client.call_raw("crm.lead.get", serde_json::json!({ "id": 1 })).await?;
//! println!("{lead}");
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use serde::Serialize;
use serde_json::Value;
use tokio::time::Instant;
use tracing::Instrument;

use std::any::Any;

use crate::auth::{
    Credentials, MemoryTokenStore, OAuthApp, TokenStore, Tokens, DEFAULT_OAUTH_SERVER,
};
use crate::endpoint::{self, Endpoint};
use crate::envelope::{self, Answer, Decoder, Downcast, Response, TypedPass};
use crate::error::{AnswerKind, ApiCode, Error};
use crate::idempotency::{CallOptions, IdempotencyKey};
use crate::limit::{Limiter, Limits, Operating};
use crate::method::{ApiVersion, Method};
use crate::retry::{self, is_idempotent, RetryPolicy};
use crate::secret::Secret;
use crate::transport::{Answer as Exchange, Http};
use crate::wire::Wire;

mod builder;
mod params;

pub use builder::ClientBuilder;
pub(crate) use params::to_params;
#[cfg(test)]
use params::with_auth;
use params::Params;

/// A Bitrix24 REST client. Clones share everything: connection pool, rate limiter,
/// operating budgets, tokens and the portal address.
///
/// ```no_run
/// # async fn run() -> Result<(), bitrix_api::Error> {
/// use bitrix_api::limit::Plan;
///
/// let client = bitrix_api::Client::builder()
///     .webhook("https://example.bitrix24.com/rest/1/secretcode/")
///     .limits(Plan::Enterprise)
///     .timeout(std::time::Duration::from_secs(90))
///     .build()?;
/// let fields = client.call_raw("crm.lead.fields", serde_json::json!({})).await?;
/// # let _ = fields; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    endpoint: Endpoint,
    credentials: Credentials,
    http: Http,
    limiter: Limiter,
    operating: Operating,
    retry: RetryPolicy,
    scale: f64,
    follow_domain_change: bool,
    allow_insecure_http: bool,
}

impl Client {
    /// A client for an incoming webhook, `https://{portal}/rest/{user_id}/{code}/`
    /// (trailing slash optional), with default settings.
    ///
    /// ```
    /// let client = bitrix_api::Client::webhook("https://example.bitrix24.com/rest/1/secretcode")?;
    /// assert!(!format!("{client:?}").contains("secretcode"));
    /// # Ok::<(), bitrix_api::Error>(())
    /// ```
    pub fn webhook(url: impl AsRef<str>) -> Result<Client, Error> {
        Client::builder().webhook(url).build()
    }

    /// A client for an OAuth application with default settings: `portal` is the portal's
    /// address or `client_endpoint`; refreshed tokens are kept in memory only (use
    /// [`ClientBuilder::token_store`] to persist them).
    pub fn oauth(portal: impl AsRef<str>, app: OAuthApp, tokens: Tokens) -> Result<Client, Error> {
        Client::builder().oauth(portal, app, tokens).build()
    }

    /// All settings.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Calls a typed method and decodes its `result`. A REST 3.0 method
    /// ([`Method::VERSION`] is [`ApiVersion::V3`]) goes to `/rest/api/…` and, if it writes,
    /// carries a fresh `Idempotency-Key` (see [`Client::call_with`]).
    ///
    /// ```no_run
    /// # async fn run<M: bitrix_api::Method>(client: bitrix_api::Client, request: M) -> Result<(), bitrix_api::Error> {
    /// // `request` is any generated request type, e.g. `methods::CrmLeadContactItemsSet`.
    /// let answer: M::Response = client.call(&request).await?;
    /// # let _ = answer; Ok(()) }
    /// ```
    pub async fn call<M: Method>(&self, request: &M) -> Result<M::Response, Error> {
        Ok(self.call_response(request).await?.result)
    }

    /// Like [`Client::call`], keeping `time`, `total`, `next` and `replayed`.
    pub async fn call_response<M: Method>(
        &self,
        request: &M,
    ) -> Result<Response<M::Response>, Error> {
        self.call_response_with(request, CallOptions::new()).await
    }

    /// Like [`Client::call`], with per-call [`CallOptions`]: e.g. the `Idempotency-Key` of a
    /// REST 3.0 write, to resend it safely later (a REST 2 method refuses a key).
    ///
    /// ```no_run
    /// # async fn run<M: bitrix_api::Method>(client: bitrix_api::Client, request: M) -> Result<(), bitrix_api::Error> {
    /// use bitrix_api::CallOptions;
    /// let answer = client
    ///     .call_with(&request, CallOptions::new().idempotency_key("import-7/row-42"))
    ///     .await?;
    /// # let _ = answer; Ok(()) }
    /// ```
    pub async fn call_with<M: Method>(
        &self,
        request: &M,
        options: CallOptions,
    ) -> Result<M::Response, Error> {
        Ok(self.call_response_with(request, options).await?.result)
    }

    /// Like [`Client::call_with`], keeping `time`, `total`, `next` and `replayed`.
    pub async fn call_response_with<M: Method>(
        &self,
        request: &M,
        options: CallOptions,
    ) -> Result<Response<M::Response>, Error> {
        request.check()?;
        let gates = [M::NAME];
        let route = Route::new(M::NAME, M::VERSION, &options, &gates)?;
        self.send(M::NAME, request, &route).await
    }

    /// What a generated call runs when it is sent or awaited: the request by value. The
    /// only code each method adds is its serialization and the decoding of its answer
    /// type; the future itself ([`Client::send_erased`]) is one for every method, and
    /// [`Downcast`] hands its answer back typed.
    #[doc(hidden)]
    pub fn __send<M: Method + 'static>(
        self,
        request: M,
        options: CallOptions,
    ) -> crate::BoxFuture<'static, Result<M::Response, Error>> {
        let params = request
            .check()
            .and_then(|()| Params::encode(M::NAME, &request));
        drop(request);
        let decoder = Decoder {
            typed: envelope::typed_pass::<M::Response>,
            finish: envelope::finish::<M::Response>,
        };
        Box::pin(Downcast::<M::Response>::new(
            M::NAME,
            self.send_erased(M::NAME, M::VERSION, params, options, decoder),
        ))
    }

    /// [`Client::__send`] without its types: route, pipeline and decoding, the answer boxed.
    fn send_erased(
        self,
        method: &'static str,
        version: ApiVersion,
        params: Result<Params, Error>,
        options: CallOptions,
        decoder: Decoder,
    ) -> crate::BoxFuture<'static, Result<Box<dyn Any + Send>, Error>> {
        Box::pin(async move {
            let gates = [method];
            let route = Route::new(method, version, &options, &gates)?;
            let (answer, replayed) = self
                .exchange(method, params?, &route, &decoder.typed)
                .await?;
            (decoder.finish)(answer, method, replayed).map_err(|e| self.redact(e))
        })
    }

    /// The REST 3.0 side of this client: raw calls of `/rest/api/…` methods (generated REST
    /// 3.0 methods are a trait on it). It shares everything with this client.
    ///
    /// ```no_run
    /// # async fn run(client: bitrix_api::Client) -> Result<(), bitrix_api::Error> {
    /// let doc = client
    ///     .v3()
    ///     .call_raw("note.document.get", serde_json::json!({ "id": 7 }))
    ///     .await?;
    /// println!("{}", doc["item"]["title"]);
    /// # Ok(()) }
    /// ```
    pub fn v3(&self) -> crate::V3Client {
        crate::V3Client::new(self.clone())
    }

    /// Calls any method by name with JSON parameters and returns `result` as JSON — same
    /// limits, retries and errors as [`Client::call`].
    pub async fn call_raw(&self, method: &str, params: Value) -> Result<Value, Error> {
        Ok(self.call_envelope::<Value>(method, params).await?.result)
    }

    /// Calls any method by name and returns the whole envelope, `result` decoded as `T`.
    pub async fn call_envelope<T: Wire + Send + 'static>(
        &self,
        method: &str,
        params: Value,
    ) -> Result<Response<T>, Error> {
        self.execute(method, &params, is_idempotent(method), &[method])
            .await
    }

    /// Masks this client's secrets in an error built from answer text.
    pub(crate) fn redact(&self, err: Error) -> Error {
        err.redacted(&self.inner.credentials.secrets())
    }

    /// The OAuth tokens in use now (`None` for a webhook client).
    pub fn tokens(&self) -> Option<Tokens> {
        self.inner.credentials.as_oauth().map(|o| o.tokens())
    }

    /// The portal's host (and port), as requests go now.
    pub fn host(&self) -> String {
        self.inner.endpoint.host()
    }

    /// The rate limiter this client uses (to share with another client of the same portal).
    pub fn limiter(&self) -> Limiter {
        self.inner.limiter.clone()
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Records an answer's `time` (a call's, or a command's inside a batch) for its
    /// method's budget, and shares a pause it starts with the other workers' limiters.
    pub(crate) fn observe_operating(&self, method: &str, time: &envelope::Time) {
        if let Some(pause) = self.inner.operating.observe(method, time) {
            self.inner.limiter.share_pause(method, pause);
        }
    }

    /// A method got `OPERATION_TIME_LIMIT` (as a call, or inside a batch): block it, share
    /// the pause, and say for how long (portal time).
    pub(crate) fn operating_limit_hit(&self, method: &str) -> Duration {
        let wait = self.inner.operating.limit_hit(method);
        self.inner
            .limiter
            .share_pause(method, wait.div_f64(self.inner.scale));
        wait
    }

    /// Sleeps `portal` time, scaled.
    pub(crate) async fn sleep_portal(&self, portal: Duration) {
        tokio::time::sleep(portal.div_f64(self.inner.scale)).await;
    }

    /// Sends one REST 2 request through the whole pipeline and decodes its answer. `gates`
    /// are the methods whose operating budgets must allow the call (the method itself, or
    /// every method inside a batch); `idempotent` says whether a request that may have
    /// been applied can be resent.
    pub(crate) async fn execute<T: Wire + Send + 'static, P: Serialize + ?Sized>(
        &self,
        method: &str,
        params: &P,
        idempotent: bool,
        gates: &[&str],
    ) -> Result<Response<T>, Error> {
        let route = Route {
            version: ApiVersion::V2,
            idempotent,
            key: None,
            gates,
        };
        self.send(method, params, &route).await
    }

    /// Sends one request as `route` says, through the whole pipeline, and decodes its
    /// answer. The only code each method adds here is its one serialization and its one
    /// decoding: the pipeline itself ([`Client::exchange`]) is not generic.
    pub(crate) async fn send<T: Wire + Send + 'static, P: Serialize + ?Sized>(
        &self,
        method: &str,
        params: &P,
        route: &Route<'_>,
    ) -> Result<Response<T>, Error> {
        let params = Params::encode(method, params)?;
        let (answer, replayed) = self
            .exchange(method, params, route, &envelope::typed_pass::<T>)
            .await?;
        // A `result` that does not fit is not retried: the same answer would come back.
        answer
            .decode::<T>(method, replayed)
            .map_err(|e| self.redact(e))
    }

    /// The request pipeline of every call, compiled once: limiter, operating budgets,
    /// attempts and retries, token refresh, redirects, tracing. `typed` reads a success in
    /// one pass into the caller's type.
    async fn exchange(
        &self,
        method: &str,
        params: Params,
        route: &Route<'_>,
        typed: TypedPass<'_>,
    ) -> Result<(Answer, bool), Error> {
        let span = tracing::info_span!(
            "bitrix.call",
            method,
            host = %self.inner.endpoint.host(),
            api = ?route.version,
            idempotency_key = route.key.as_ref().map(IdempotencyKey::as_str),
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            operating = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
            replayed = tracing::field::Empty,
        );
        self.attempts(method, &params, route, typed)
            .instrument(span)
            .await
    }

    /// Attempts until an answer arrives or the retry policy gives up; every attempt sends
    /// the same body and the same `Idempotency-Key`.
    async fn attempts(
        &self,
        method: &str,
        params: &Params,
        route: &Route<'_>,
        typed: TypedPass<'_>,
    ) -> Result<(Answer, bool), Error> {
        let Route {
            version,
            idempotent,
            ref key,
            gates,
        } = *route;
        let inner = &*self.inner;
        let span = tracing::Span::current();
        let started = Instant::now();
        let mut attempt = 0u32;
        // The token generation this call last refreshed from: a call refreshes again only
        // when a newer token expired too (another expiry landed while it waited), twice at most.
        let mut refreshed_from: Option<u64> = None;
        let mut refreshes = 0u32;
        let mut hops = 0u32;
        let mut redirected_to: Option<Url> = None;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            self.wait_operating(gates).await;
            let permit = inner.limiter.acquire_for(gates).await;
            let params::Attempt {
                generation,
                body,
                bearer,
            } = params.body(&inner.credentials, method, version)?;
            let url = match redirected_to.take() {
                Some(url) => url,
                None => inner.endpoint.url_for(method, version)?,
            };
            let sent = Instant::now();
            let mut replayed = false;
            let exchange = inner
                .http
                .post_json(method, url.clone(), body, key.as_ref(), bearer.as_ref())
                .await;
            let outcome = match exchange {
                Ok(Exchange::Body {
                    status,
                    body,
                    replayed: again,
                }) => {
                    span.record("status", status);
                    replayed = again;
                    envelope::read(method, status, &body, || inner.credentials.secrets(), typed)
                }
                Ok(Exchange::Redirect { status, location }) => {
                    hops += 1;
                    match self.redirect(method, &url, status, location, hops) {
                        Ok(next) => {
                            redirected_to = Some(next);
                            attempt -= 1;
                            continue;
                        }
                        Err(e) => Err(e),
                    }
                }
                Err(e) => Err(e),
            };
            drop(permit);
            span.record("duration_ms", sent.elapsed().as_millis() as u64);
            let err = match outcome {
                Ok(answer) => {
                    if let Some(time) = answer.time() {
                        if let Some(op) = time.operating {
                            span.record("operating", op);
                        }
                        self.observe_operating(method, time);
                    }
                    if replayed {
                        span.record("replayed", true);
                    }
                    tracing::debug!("answered");
                    return Ok((answer, replayed));
                }
                Err(e) => e,
            };
            if err.has_code(ApiCode::ExpiredToken)
                && refreshes < 2
                && refreshed_from.is_none_or(|g| generation > g)
            {
                if let Some(oauth) = inner.credentials.as_oauth() {
                    tracing::info!("access token expired; refreshing");
                    oauth.refresh(&inner.http, generation).await?;
                    refreshed_from = Some(generation);
                    refreshes += 1;
                    attempt -= 1;
                    continue;
                }
            }
            if err.has_code(ApiCode::QueryLimitExceeded) {
                inner.limiter.saturate();
            }
            let operating_wait = err.has_code(ApiCode::OperationTimeLimit).then(|| {
                gates
                    .iter()
                    .map(|g| self.operating_limit_hit(g))
                    .max()
                    .unwrap_or_default()
            });
            let elapsed = started.elapsed().mul_f64(inner.scale);
            match inner
                .retry
                .next_delay(&err, attempt, elapsed, idempotent, operating_wait)
            {
                Some(delay) => {
                    tracing::warn!(error = %err, delay_ms = delay.as_millis() as u64, "retrying");
                    self.sleep_portal(delay).await;
                }
                None => {
                    tracing::warn!(error = %err, "giving up");
                    return Err(err);
                }
            }
        }
    }

    /// Waits while any of `gates` is paused for its operating budget (at most the policy's
    /// `max_operating_wait`; past that the portal's own answer decides).
    async fn wait_operating(&self, gates: &[&str]) {
        let inner = &*self.inner;
        let cap = inner.retry.max_operating_wait.div_f64(inner.scale);
        let wait = gates
            .iter()
            .map(|g| inner.operating.delay(g))
            .max()
            .unwrap_or_default()
            .min(cap);
        if !wait.is_zero() {
            tracing::info!(
                wait_ms = wait.as_millis() as u64,
                "waiting for the operating budget to reset"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// Where a redirect leads: the same host is followed, another host only when allowed
    /// (and then the whole client moves there).
    fn redirect(
        &self,
        method: &str,
        from: &Url,
        status: u16,
        location: Option<String>,
        hops: u32,
    ) -> Result<Url, Error> {
        let inner = &*self.inner;
        let bad = |why: &str| Error::UnexpectedAnswer {
            method: method.to_owned(),
            status,
            kind: AnswerKind::BadRedirect,
            excerpt: why.to_owned(),
        };
        if hops > 5 {
            return Err(bad("too many redirects"));
        }
        let to = location
            .and_then(|l| from.join(&l).ok())
            .ok_or_else(|| bad("no Location"))?;
        endpoint::check_scheme(&to, inner.allow_insecure_http, "the redirect target")?;
        let (from_host, to_host) = (endpoint::host_of(from), endpoint::host_of(&to));
        if from_host == to_host {
            return Ok(to);
        }
        if !inner.follow_domain_change {
            return Err(Error::Redirected {
                from: from_host,
                to: to_host,
                status,
            });
        }
        tracing::warn!(from = %from_host, to = %to_host, "the portal moved; following it from now on");
        inner.endpoint.move_to(&to);
        Ok(to)
    }
}

/// How one call is sent.
pub(crate) struct Route<'a> {
    /// Which API: REST 2 at `/rest/…`, REST 3.0 at `/rest/api/…`.
    pub(crate) version: ApiVersion,
    /// Whether a request that may have been applied can be resent.
    pub(crate) idempotent: bool,
    /// The `Idempotency-Key` every attempt carries (REST 3.0 writes).
    pub(crate) key: Option<IdempotencyKey>,
    /// The methods whose operating budgets must allow the call.
    pub(crate) gates: &'a [&'a str],
}

impl<'a> Route<'a> {
    /// The route of one call of `method`: resendable as [`retry::resendable`] says, with
    /// the key [`CallOptions`] chooses (a fresh one for a REST 3.0 write by default).
    pub(crate) fn new(
        method: &str,
        version: ApiVersion,
        options: &CallOptions,
        gates: &'a [&'a str],
    ) -> Result<Route<'a>, Error> {
        Ok(Route {
            version,
            idempotent: retry::resendable(method, version),
            key: options.key_for(method, version)?,
            gates,
        })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("endpoint", &inner.endpoint)
            .field("auth", &inner.credentials)
            .field("limiter", &inner.limiter)
            .field("retry", &inner.retry)
            .field("time_scale", &inner.scale)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
