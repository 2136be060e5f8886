//! Who the client is: a webhook code in the URL, or an OAuth token in the body that is
//! refreshed when the portal says it expired.
//!
//! OAuth refresh is single-flight: tokens carry a generation number; a call that failed
//! with `expired_token` under generation `g` refreshes only if the tokens are still at
//! `g` once it holds the refresh lock, so fifty calls failing together cause one refresh
//! and then all retry with the new token.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use reqwest::Url;
use serde_json::Value;

use crate::error::{AnswerKind, ApiError, Error};
use crate::secret::{self, Secret};
use crate::store::SharedTokens;
use crate::transport::{Answer, Http};

/// The default OAuth server, which issues and refreshes tokens for every cloud portal.
pub const DEFAULT_OAUTH_SERVER: &str = "https://oauth.bitrix.info/oauth/token/";

/// An application's credentials at the OAuth server.
#[derive(Debug, Clone)]
pub struct OAuthApp {
    /// The application code (`client_id`).
    pub client_id: String,
    /// The application secret; it is sent only to the OAuth server, never to the portal.
    pub client_secret: Secret,
}

impl OAuthApp {
    /// The application's id and secret.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> OAuthApp {
        OAuthApp {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }
}

/// An OAuth token pair and what the OAuth server said about it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Tokens {
    /// Sent as `auth` with every call; lives one hour.
    pub access_token: Secret,
    /// Exchanged for a new pair; lives 180 days, and each refresh replaces it.
    pub refresh_token: Secret,
    /// Lifetime of the access token in seconds.
    pub expires_in: Option<u64>,
    /// When the access token expires (Unix time).
    pub expires: Option<i64>,
    /// The portal's REST address, e.g. `https://portal.bitrix24.com/rest/`.
    pub client_endpoint: Option<String>,
    /// The portal's stable id.
    pub member_id: Option<String>,
    /// Granted scopes, comma-separated.
    pub scope: Option<String>,
    /// The user the tokens act for.
    pub user_id: Option<i64>,
}

impl Tokens {
    /// A pair obtained elsewhere (installation callback, authorization code exchange).
    pub fn new(access_token: impl Into<Secret>, refresh_token: impl Into<Secret>) -> Tokens {
        Tokens {
            access_token: access_token.into(),
            refresh_token: refresh_token.into(),
            expires_in: None,
            expires: None,
            client_endpoint: None,
            member_id: None,
            scope: None,
            user_id: None,
        }
    }

    fn from_answer(v: &Value) -> Option<Tokens> {
        let text = |k: &str| match v.get(k) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        };
        let int = |k: &str| {
            crate::wire::from_value::<Option<i64>>(v.get(k)?.clone())
                .ok()
                .flatten()
        };
        Some(Tokens {
            access_token: Secret::new(text("access_token")?),
            refresh_token: Secret::new(text("refresh_token")?),
            expires_in: int("expires_in").and_then(|n| u64::try_from(n).ok()),
            expires: int("expires"),
            client_endpoint: text("client_endpoint"),
            member_id: text("member_id"),
            scope: text("scope"),
            user_id: int("user_id"),
        })
    }
}

/// Where refreshed tokens are kept. Each refresh replaces the refresh token, so the new
/// pair must be saved before the old one is forgotten; [`TokenStore::save`] runs right
/// after every refresh, before the call that needed it is retried.
///
/// A closure `Fn(&Tokens)` is a store too:
///
/// ```
/// use bitrix_api::{OAuthApp, Tokens};
///
/// let client = bitrix_api::Client::builder()
///     .oauth("portal.bitrix24.com", OAuthApp::new("app.1", "secret"), Tokens::new("a", "r"))
///     .token_store(|t: &Tokens| {
///         // write t.access_token.expose() and t.refresh_token.expose() to your database
///         let _ = t;
///     })
///     .build()
///     .unwrap();
/// # let _ = client;
/// ```
pub trait TokenStore: Send + Sync + 'static {
    /// Keeps `tokens`. A failure is logged and the call goes on with the new tokens in
    /// memory; the old refresh token no longer works, so do not ignore such logs.
    fn save(&self, tokens: &Tokens) -> Result<(), Box<dyn std::error::Error + Send + Sync>>;

    /// The store's cross-process refresh, if it has one (the database stores of
    /// [`crate::store`] do). The client then refreshes only through it and never calls
    /// [`TokenStore::save`]: at most one worker refreshes per expiry, the others take its
    /// pair.
    fn shared(&self) -> Option<&dyn SharedTokens> {
        None
    }
}

impl TokenStore for Box<dyn TokenStore> {
    fn save(&self, tokens: &Tokens) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        (**self).save(tokens)
    }
    fn shared(&self) -> Option<&dyn SharedTokens> {
        (**self).shared()
    }
}

impl<F: Fn(&Tokens) + Send + Sync + 'static> TokenStore for F {
    fn save(&self, tokens: &Tokens) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        self(tokens);
        Ok(())
    }
}

/// The default store: keeps the latest pair in memory (lost when the process ends).
/// Clones share the same slot, so keep one to read what the client saved.
#[derive(Debug, Default, Clone)]
pub struct MemoryTokenStore {
    latest: Arc<Mutex<Option<Tokens>>>,
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> MemoryTokenStore {
        MemoryTokenStore::default()
    }

    /// The last pair saved, if any.
    pub fn latest(&self) -> Option<Tokens> {
        self.latest
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl TokenStore for MemoryTokenStore {
    fn save(&self, tokens: &Tokens) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        *self.latest.lock().unwrap_or_else(PoisonError::into_inner) = Some(tokens.clone());
        Ok(())
    }
}

/// How the client authenticates.
pub(crate) enum Credentials {
    /// The code is part of the endpoint URL; kept here to redact it.
    Webhook { code: Secret },
    /// A refreshable token sent in the body.
    OAuth(Box<OAuth>),
}

pub(crate) struct OAuth {
    app: OAuthApp,
    server: Url,
    current: RwLock<(u64, Tokens)>,
    refresh_lock: tokio::sync::Mutex<()>,
    store: Box<dyn TokenStore>,
}

impl Credentials {
    pub(crate) fn oauth(
        app: OAuthApp,
        tokens: Tokens,
        server: Url,
        store: Box<dyn TokenStore>,
    ) -> Credentials {
        Credentials::OAuth(Box::new(OAuth {
            app,
            server,
            current: RwLock::new((0, tokens)),
            refresh_lock: tokio::sync::Mutex::new(()),
            store,
        }))
    }

    /// Every secret that must not appear in errors or logs.
    pub(crate) fn secrets(&self) -> Vec<Secret> {
        match self {
            Credentials::Webhook { code } => vec![code.clone()],
            Credentials::OAuth(o) => {
                let t = &o.current.read().unwrap_or_else(PoisonError::into_inner).1;
                vec![
                    t.access_token.clone(),
                    t.refresh_token.clone(),
                    o.app.client_secret.clone(),
                ]
            }
        }
    }

    pub(crate) fn as_oauth(&self) -> Option<&OAuth> {
        match self {
            Credentials::OAuth(o) => Some(o),
            Credentials::Webhook { .. } => None,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Webhook { .. } => f.write_str("Webhook"),
            Credentials::OAuth(o) => f
                .debug_struct("OAuth")
                .field("client_id", &o.app.client_id)
                .field("server", &crate::endpoint::host_of(&o.server))
                .field("generation", &o.snapshot().0)
                .finish_non_exhaustive(),
        }
    }
}

impl OAuth {
    pub(crate) fn snapshot(&self) -> (u64, Secret) {
        let cur = self.current.read().unwrap_or_else(PoisonError::into_inner);
        (cur.0, cur.1.access_token.clone())
    }

    /// The tokens in use now.
    pub(crate) fn tokens(&self) -> Tokens {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .1
            .clone()
    }

    /// Refreshes the tokens unless someone already did since generation `seen`.
    pub(crate) async fn refresh(&self, http: &Http, seen: u64) -> Result<(), Error> {
        let _one_at_a_time = self.refresh_lock.lock().await;
        let (generation, old) = {
            let cur = self.current.read().unwrap_or_else(PoisonError::into_inner);
            (cur.0, cur.1.clone())
        };
        if generation != seen {
            return Ok(());
        }
        let fresh = match self.store.shared() {
            Some(shared) => {
                crate::store::refresh(
                    shared,
                    &old,
                    |t| async move { self.exchange(http, &t).await },
                )
                .await?
            }
            None => self.refresh_alone(http, &old).await?,
        };
        tracing::info!(generation = generation + 1, "OAuth tokens refreshed");
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = (generation + 1, fresh);
        Ok(())
    }

    /// A refresh with no other process to agree with: exchange, then save.
    async fn refresh_alone(&self, http: &Http, old: &Tokens) -> Result<Tokens, Error> {
        let fresh = self
            .exchange(http, old)
            .await
            .map_err(|e| Error::TokenRefresh {
                source: Box::new(e),
            })?;
        if let Err(e) = self.store.save(&fresh) {
            let text = secret::redact(
                &e.to_string(),
                &[fresh.access_token.clone(), fresh.refresh_token.clone()],
            );
            tracing::error!(error = %text, "saving refreshed OAuth tokens failed; they live only in memory now");
        }
        Ok(fresh)
    }

    async fn exchange(&self, http: &Http, old: &Tokens) -> Result<Tokens, Error> {
        let mut url = self.server.clone();
        url.query_pairs_mut()
            .append_pair("grant_type", "refresh_token")
            .append_pair("client_id", &self.app.client_id)
            .append_pair("client_secret", self.app.client_secret.expose())
            .append_pair("refresh_token", old.refresh_token.expose());
        let secrets = [
            old.access_token.clone(),
            old.refresh_token.clone(),
            self.app.client_secret.clone(),
        ];
        request_tokens(http, url, &secrets).await
    }
}

/// Asks the OAuth server at `url` (a GET with the grant in its query) for a token pair;
/// `secrets` are redacted from any error. Shared by refreshes and the authorization-code
/// exchange (`authorize.rs`).
pub(crate) async fn request_tokens(
    http: &Http,
    url: Url,
    secrets: &[Secret],
) -> Result<Tokens, Error> {
    const WHAT: &str = "oauth/token";
    let garbage = |status: u16, kind, body: &[u8]| Error::UnexpectedAnswer {
        method: WHAT.to_owned(),
        status,
        kind,
        excerpt: secret::excerpt(&String::from_utf8_lossy(body), secrets, 200),
    };
    let (status, body) = match http.get(WHAT, url).await? {
        Answer::Body { status, body, .. } => (status, body),
        Answer::Redirect { status, .. } => {
            return Err(garbage(status, AnswerKind::BadRedirect, b""))
        }
    };
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) if body.is_empty() => return Err(garbage(status, AnswerKind::Empty, &body)),
        Err(e) if e.classify() == serde_json::error::Category::Eof => {
            return Err(garbage(status, AnswerKind::Truncated, &body))
        }
        Err(_) => return Err(garbage(status, AnswerKind::NotJson, &body)),
    };
    if let Some(code) = value.get("error") {
        let code = code.as_str().unwrap_or_default();
        let description = value
            .get("error_description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        return Err(ApiError::new(
            WHAT,
            Some(status),
            code,
            secret::redact(description, secrets),
        )
        .into());
    }
    Tokens::from_answer(&value).ok_or_else(|| garbage(status, AnswerKind::NoResult, &body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn oauth() -> Credentials {
        Credentials::oauth(
            OAuthApp::new("app", "client-secret"),
            Tokens::new("access-token", "refresh-token"),
            Url::parse(DEFAULT_OAUTH_SERVER).unwrap(),
            Box::new(MemoryTokenStore::new()),
        )
    }

    #[test]
    fn token_answers_parse_leniently() {
        let t = Tokens::from_answer(&json!({
            "access_token": "a", "refresh_token": "r", "expires_in": "3600", "user_id": 7,
            "client_endpoint": "https://p.bitrix24.com/rest/", "member_id": "m", "scope": "crm"
        }))
        .unwrap();
        assert_eq!((t.expires_in, t.user_id), (Some(3600), Some(7)));
        assert!(Tokens::from_answer(&json!({"access_token": "a"})).is_none());
    }

    #[test]
    fn debug_shows_no_secret() {
        let text = format!("{:?} {:?}", oauth(), oauth().secrets());
        for s in ["client-secret", "access-token", "refresh-token"] {
            assert!(!text.contains(s), "{text}");
        }
    }
}
