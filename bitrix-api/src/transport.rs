//! One HTTP exchange: send, read the whole answer, map failures to [`Error`].
//!
//! Redirects are never followed here (the client decides what a moved portal means), and
//! no URL ever reaches an error: reqwest's errors are stripped of theirs.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION};
use reqwest::{RequestBuilder, Url};

use crate::error::{Error, Stage};
use crate::idempotency::IdempotencyKey;
use crate::secret::Secret;

/// The REST 3.0 request header that makes a write run once.
const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// The REST 3.0 answer header saying the stored answer was replayed.
const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

/// The HTTP client with the timeouts in force.
#[derive(Debug, Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    timeout: Duration,
}

/// What came back.
#[derive(Debug)]
pub(crate) enum Answer {
    /// A body (any status but 3xx); `replayed` is REST 3.0's `Idempotent-Replayed: true`.
    Body {
        status: u16,
        body: Vec<u8>,
        replayed: bool,
    },
    /// A redirect and its `Location`, if readable.
    Redirect {
        status: u16,
        location: Option<String>,
    },
}

impl Http {
    pub(crate) fn new(
        timeout: Duration,
        connect_timeout: Duration,
        user_agent: &str,
    ) -> Result<Http, Error> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(connect_timeout)
            .user_agent(user_agent)
            .build()
            .map_err(|e| {
                Error::Config(format!("cannot build the HTTP client: {}", e.without_url()))
            })?;
        Ok(Http { client, timeout })
    }

    /// POSTs a JSON body, with an `Idempotency-Key` header when one is given and an
    /// `Authorization: Bearer` header for an OAuth token that the body cannot carry.
    pub(crate) async fn post_json(
        &self,
        method: &str,
        url: Url,
        body: Vec<u8>,
        idempotency_key: Option<&IdempotencyKey>,
        bearer: Option<&Secret>,
    ) -> Result<Answer, Error> {
        let mut req = self
            .client
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/json")
            .body(body);
        if let Some(key) = idempotency_key {
            req = req.header(IDEMPOTENCY_KEY, key.as_str());
        }
        if let Some(token) = bearer {
            let mut value =
                reqwest::header::HeaderValue::try_from(format!("Bearer {}", token.expose()))
                    .map_err(|_| Error::Encode {
                        method: method.to_owned(),
                        message: "the access token cannot be sent in an HTTP header".to_owned(),
                    })?;
            value.set_sensitive(true);
            req = req.header(AUTHORIZATION, value);
        }
        self.exchange(method, req).await
    }

    /// GETs a URL (the OAuth server takes its parameters in the query).
    pub(crate) async fn get(&self, method: &str, url: Url) -> Result<Answer, Error> {
        let req = self.client.get(url).header(ACCEPT, "application/json");
        self.exchange(method, req).await
    }

    async fn exchange(&self, method: &str, req: RequestBuilder) -> Result<Answer, Error> {
        let resp = req
            .timeout(self.timeout)
            .send()
            .await
            .map_err(|e| self.failure(method, e, Stage::Send))?;
        let status = resp.status();
        if status.is_redirection() {
            let location = resp
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            return Ok(Answer::Redirect {
                status: status.as_u16(),
                location,
            });
        }
        let replayed = resp
            .headers()
            .get(IDEMPOTENT_REPLAYED)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let body = resp
            .bytes()
            .await
            .map_err(|e| self.failure(method, e, Stage::Receive))?;
        Ok(Answer::Body {
            status: status.as_u16(),
            body: body.to_vec(),
            replayed,
        })
    }

    fn failure(&self, method: &str, e: reqwest::Error, stage: Stage) -> Error {
        let e = e.without_url();
        let stage = if e.is_connect() {
            Stage::Connect
        } else {
            stage
        };
        if e.is_timeout() {
            Error::Timeout {
                method: method.to_owned(),
                after: self.timeout,
                stage,
            }
        } else {
            Error::Transport {
                method: method.to_owned(),
                stage,
                source: Arc::new(e),
            }
        }
    }
}
