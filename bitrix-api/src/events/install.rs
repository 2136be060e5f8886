//! Installations: one record per portal (keyed by `member_id`) with the application token
//! events are verified against, the portal's addresses and its OAuth pair; and one
//! [`Client`] per portal built from them (its own limiter, its own single-flight refresh).
//!
//! Where the records come from (`settings/app-installation/`):
//!
//! - the install callback: the portal (an app without UI) or the admin's browser (an app
//!   with a setup page) POSTs `AUTH_ID`, `REFRESH_ID`, `AUTH_EXPIRES`, `SERVER_ENDPOINT`,
//!   `APPLICATION_TOKEN`, `member_id`, `status` to the app's install URL, with `DOMAIN` and
//!   `PROTOCOL` in its query string: [`Installations::install_request`];
//! - the `ONAPPINSTALL` event, with the same facts in `auth`: [`Installations::receive`].
//!
//! Both are trusted on first use: nothing is stored yet to verify them against. A later
//! one for the same `member_id` must carry the stored application token; `ONAPPUNINSTALL`
//! (verified) removes the record, so a reinstall is a first use again.
//!
//! **`installFinish`.** An app with a setup page is not installed until that page calls
//! `BX24.installFinish()` in the admin's browser; until then the portal sends no events
//! at all, `ONAPPINSTALL` included. It is a browser call: the server cannot make it, and a
//! server that stored the install callback's tokens must not expect events before it. Apps
//! without UI are installed at once.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;

use super::body::{bad, code_of, constant_time_eq, member_id, payload, verify};
use super::{decode_typed, EventAuth, EventSet};
use crate::{
    query, Client, ClientBuilder, Error, Limiter, OAuthApp, Secret, TokenStore, Tokens,
    DEFAULT_OAUTH_SERVER,
};

/// What the app knows about one portal it is installed on.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Installation {
    /// The portal's stable id.
    pub member_id: String,
    /// The portal's address, e.g. `some-domain.bitrix24.com`.
    pub domain: Option<String>,
    /// The portal's REST address (`https://some-domain.bitrix24.com/rest/`): the client
    /// calls it.
    pub client_endpoint: String,
    /// The OAuth server's REST address (`https://oauth.bitrix.info/rest/`): tokens are
    /// refreshed at its `oauth/token/`.
    pub server_endpoint: Option<String>,
    /// The token every event from this portal must carry.
    pub application_token: Option<Secret>,
    /// The OAuth pair, when one was given (refreshes replace it here).
    pub tokens: Option<Tokens>,
}

impl Installation {
    /// A record with only the portal's id and REST address.
    pub fn new(member_id: impl Into<String>, client_endpoint: impl Into<String>) -> Installation {
        Installation {
            member_id: member_id.into(),
            domain: None,
            client_endpoint: client_endpoint.into(),
            server_endpoint: None,
            application_token: None,
            tokens: None,
        }
    }

    /// The record an event's `auth` describes (`ONAPPINSTALL`).
    pub fn from_event_auth(auth: &EventAuth) -> Result<Installation, Error> {
        let client_endpoint = match (&auth.client_endpoint, &auth.domain) {
            (Some(c), _) => c.clone(),
            (None, Some(d)) => format!("https://{d}/rest/"),
            (None, None) => {
                return Err(bad(
                    "",
                    "auth.client_endpoint",
                    "the event names neither the portal's REST address nor its domain",
                ))
            }
        };
        Ok(Installation {
            member_id: auth.member_id.clone(),
            domain: auth.domain.clone(),
            client_endpoint,
            server_endpoint: auth.server_endpoint.clone(),
            application_token: Some(auth.application_token.clone()),
            tokens: auth.tokens(),
        })
    }

    /// The record of an install callback: `query` is the request's query string
    /// (`DOMAIN=…&PROTOCOL=1&…`), `form` its form body (`AUTH_ID=…&member_id=…`).
    pub fn from_install_request(query_string: &str, form: &str) -> Result<Installation, Error> {
        let q = query::decode(query_string.trim_start_matches('?'));
        let f = query::decode(form);
        let text = |v: &Value, k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let code = "INSTALL";
        let member = text(&f, "member_id")
            .ok_or_else(|| bad(code, "member_id", "the install request has no `member_id`"))?;
        let domain = text(&q, "DOMAIN")
            .or_else(|| text(&f, "DOMAIN"))
            .ok_or_else(|| bad(code, "DOMAIN", "the install request has no `DOMAIN`"))?;
        if !domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'))
        {
            return Err(bad(code, "DOMAIN", "`DOMAIN` is not a host name"));
        }
        let scheme = match text(&q, "PROTOCOL")
            .or_else(|| text(&f, "PROTOCOL"))
            .as_deref()
        {
            Some("0") => "http",
            _ => "https",
        };
        let tokens = match (text(&f, "AUTH_ID"), text(&f, "REFRESH_ID")) {
            (Some(a), Some(r)) => {
                let mut t = Tokens::new(a, r);
                t.expires_in = text(&f, "AUTH_EXPIRES").and_then(|s| s.parse().ok());
                t.member_id = Some(member.clone());
                t.scope = text(&f, "APPLICATION_SCOPE");
                t.client_endpoint = Some(format!("{scheme}://{domain}/rest/"));
                Some(t)
            }
            _ => None,
        };
        Ok(Installation {
            client_endpoint: format!("{scheme}://{domain}/rest/"),
            member_id: member,
            domain: Some(domain),
            server_endpoint: text(&f, "SERVER_ENDPOINT"),
            application_token: text(&f, "APPLICATION_TOKEN").map(Secret::new),
            tokens,
        })
    }

    /// The OAuth token URL: `server_endpoint` with `rest/` replaced by `oauth/token/`
    /// (`https://oauth.bitrix.info/oauth/token/`), else the default server.
    pub fn oauth_token_url(&self) -> String {
        match &self.server_endpoint {
            Some(s) => {
                let base = s.trim_end_matches('/');
                let base = base.strip_suffix("/rest").unwrap_or(base);
                format!("{base}/oauth/token/")
            }
            None => DEFAULT_OAUTH_SERVER.to_owned(),
        }
    }
}

/// A boxed error of a store.
pub type StoreError = Box<dyn std::error::Error + Send + Sync>;

/// Where installations are kept, keyed by `member_id` (a database table in production).
/// Like [`crate::TokenStore`], [`PortalStore::save`] runs after every token refresh of a
/// portal's client, before the call that needed it is retried.
pub trait PortalStore: Send + Sync + 'static {
    /// Keeps (or replaces) the record of `installation.member_id`.
    fn save(&self, installation: &Installation) -> Result<(), StoreError>;
    /// The record of a portal, if any.
    fn load(&self, member_id: &str) -> Result<Option<Installation>, StoreError>;
    /// Forgets a portal (after `ONAPPUNINSTALL`).
    fn remove(&self, member_id: &str) -> Result<(), StoreError>;
    /// Where the client of `member_id` keeps its refreshed pair, when the store has its
    /// own (the database stores of [`crate::store`]: a pair refreshed once for all
    /// workers). `None`, the default: the client saves the pair into the record with
    /// [`PortalStore::save`].
    fn token_store(&self, member_id: &str) -> Option<Box<dyn TokenStore>> {
        let _ = member_id;
        None
    }
}

/// Keeps installations in memory (lost when the process ends). Clones share the records.
#[derive(Debug, Default, Clone)]
pub struct MemoryPortalStore {
    records: Arc<Mutex<HashMap<String, Installation>>>,
}

impl MemoryPortalStore {
    /// An empty store.
    pub fn new() -> MemoryPortalStore {
        MemoryPortalStore::default()
    }
}

impl PortalStore for MemoryPortalStore {
    fn save(&self, installation: &Installation) -> Result<(), StoreError> {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(installation.member_id.clone(), installation.clone());
        Ok(())
    }
    fn load(&self, member_id: &str) -> Result<Option<Installation>, StoreError> {
        Ok(self
            .records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(member_id)
            .cloned())
    }
    fn remove(&self, member_id: &str) -> Result<(), StoreError> {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(member_id);
        Ok(())
    }
}

/// A verified event and the portal it came from.
#[derive(Debug, Clone)]
pub struct Incoming<E> {
    /// The portal's `member_id` (use [`Installations::client`] to call it back).
    pub member_id: String,
    /// The typed event.
    pub event: E,
}

type Configure = dyn Fn(ClientBuilder) -> ClientBuilder + Send + Sync;
type MakeLimiter = dyn Fn(&str) -> Limiter + Send + Sync;

/// The portals an app is installed on: verifies their events, keeps their records, and
/// hands out one [`Client`] per portal. Clones share everything.
///
/// ```
/// use bitrix_api::events::{Installations, RawEvent};
/// use bitrix_api::OAuthApp;
///
/// let portals = Installations::in_memory(OAuthApp::new("app.1", "secret"));
/// let form = "application/x-www-form-urlencoded";
/// let install = b"event=ONAPPINSTALL&ts=1&auth%5Bmember_id%5D=m1&auth%5Bdomain%5D=p.bitrix24.com&auth%5Bapplication_token%5D=tok1";
/// portals.receive::<RawEvent>(form, install).unwrap();
/// let forged = b"event=ONCRMDEALADD&ts=1&auth%5Bmember_id%5D=m1&auth%5Bapplication_token%5D=guess";
/// assert!(portals.receive::<RawEvent>(form, forged).is_err());
/// ```
#[derive(Clone)]
pub struct Installations {
    inner: Arc<Inner>,
}

struct Inner {
    app: OAuthApp,
    store: Arc<dyn PortalStore>,
    clients: Mutex<HashMap<String, Client>>,
    configure: Option<Arc<Configure>>,
    limiter: Option<Arc<MakeLimiter>>,
    trusted_oauth_hosts: Vec<String>,
}

impl fmt::Debug for Installations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Installations")
            .field("client_id", &self.inner.app.client_id)
            .finish_non_exhaustive()
    }
}

fn store_failed(e: StoreError) -> Error {
    Error::Config(format!("the installation store failed: {e}"))
}

impl Installations {
    /// Installations of `app`, kept in `store`.
    pub fn new(app: OAuthApp, store: impl PortalStore) -> Installations {
        Installations {
            inner: Arc::new(Inner {
                app,
                store: Arc::new(store),
                clients: Mutex::new(HashMap::new()),
                configure: None,
                limiter: None,
                trusted_oauth_hosts: vec!["oauth.bitrix.info".to_owned()],
            }),
        }
    }

    /// Installations of `app`, in memory.
    pub fn in_memory(app: OAuthApp) -> Installations {
        Installations::new(app, MemoryPortalStore::new())
    }

    /// Adjusts every portal's client (limits, timeouts, `allow_insecure_http` for a local
    /// test portal). A clone made earlier keeps the old settings.
    pub fn client_settings(
        mut self,
        configure: impl Fn(ClientBuilder) -> ClientBuilder + Send + Sync + 'static,
    ) -> Installations {
        self.own().configure = Some(Arc::new(configure));
        self
    }

    /// Gives each portal's client the limiter `make(member_id)` returns, e.g. one shared
    /// by every worker through Redis (`RedisLimits::limiter`, feature `redis`). It is
    /// applied after [`Installations::client_settings`].
    pub fn limiter_per_portal(
        mut self,
        make: impl Fn(&str) -> Limiter + Send + Sync + 'static,
    ) -> Installations {
        self.own().limiter = Some(Arc::new(make));
        self
    }

    /// Trusts another OAuth server host for refreshes (besides `oauth.bitrix.info` and the
    /// portal's own host, which an on-premise portal uses). The app secret is sent there, so
    /// an installation naming any other server gets no client.
    pub fn trust_oauth_server(mut self, host: impl Into<String>) -> Installations {
        self.own().trusted_oauth_hosts.push(host.into());
        self
    }

    /// The settings to change; on an `Installations` already cloned, a copy with the same
    /// app, store and settings (and no cached clients), so the clones are not changed.
    fn own(&mut self) -> &mut Inner {
        if Arc::get_mut(&mut self.inner).is_none() {
            let old = &self.inner;
            self.inner = Arc::new(Inner {
                app: old.app.clone(),
                store: Arc::clone(&old.store),
                clients: Mutex::new(HashMap::new()),
                configure: old.configure.clone(),
                limiter: old.limiter.clone(),
                trusted_oauth_hosts: old.trusted_oauth_hosts.clone(),
            });
        }
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner,
            None => unreachable!("a fresh Arc has one owner"),
        }
    }

    /// Stores (or replaces) a portal's record; its cached client is dropped.
    pub fn install(&self, installation: Installation) -> Result<(), Error> {
        self.inner.store.save(&installation).map_err(store_failed)?;
        self.clients().remove(&installation.member_id);
        Ok(())
    }

    /// Handles an install callback (see the module docs): stores its record and answers
    /// it. Refused when a record with another application token is stored.
    pub fn install_request(&self, query_string: &str, form: &str) -> Result<Installation, Error> {
        let installation = Installation::from_install_request(query_string, form)?;
        let stored = self.get(&installation.member_id)?;
        if let (Some(old), Some(new)) = (
            stored.as_ref().and_then(|i| i.application_token.as_ref()),
            installation.application_token.as_ref(),
        ) {
            if !constant_time_eq(old.expose().as_bytes(), new.expose().as_bytes()) {
                return Err(bad(
                    "INSTALL",
                    "auth.application_token",
                    "the install request's application token is not the stored one: refused",
                ));
            }
        }
        self.install(installation.clone())?;
        Ok(installation)
    }

    /// A portal's record, if the app is installed there.
    pub fn get(&self, member_id: &str) -> Result<Option<Installation>, Error> {
        self.inner.store.load(member_id).map_err(store_failed)
    }

    /// Forgets a portal and its client.
    pub fn uninstall(&self, member_id: &str) -> Result<(), Error> {
        self.inner.store.remove(member_id).map_err(store_failed)?;
        self.clients().remove(member_id);
        Ok(())
    }

    fn clients(&self) -> std::sync::MutexGuard<'_, HashMap<String, Client>> {
        self.inner
            .clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The client of one portal: built once from its record (`client_endpoint`, the OAuth
    /// server of `server_endpoint`, its tokens), then shared, so that each portal has one
    /// limiter and one single-flight refresh. Refreshed tokens are saved to the store.
    pub fn client(&self, member_id: &str) -> Result<Client, Error> {
        if let Some(c) = self.clients().get(member_id) {
            return Ok(c.clone());
        }
        let Some(inst) = self.get(member_id)? else {
            return Err(Error::Config(format!(
                "the app is not installed on portal {member_id}"
            )));
        };
        let Some(tokens) = inst.tokens.clone() else {
            return Err(Error::Config(format!(
                "no OAuth tokens are stored for portal {member_id}"
            )));
        };
        let server = inst.oauth_token_url();
        let host = |url: &str| {
            reqwest::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
        };
        let server_host = host(&server);
        let trusted = server_host.as_ref().is_some_and(|h| {
            self.inner.trusted_oauth_hosts.contains(h)
                || host(&inst.client_endpoint).as_ref() == Some(h)
        });
        if !trusted {
            return Err(Error::Config(format!(
                "portal {member_id} names the OAuth server {}, which is neither \
                 oauth.bitrix.info nor the portal itself: call trust_oauth_server to allow it",
                server_host.unwrap_or_default()
            )));
        }
        let builder = Client::builder()
            .oauth(&inst.client_endpoint, self.inner.app.clone(), tokens)
            .oauth_server(&server);
        let mut builder = match self.inner.store.token_store(member_id) {
            Some(own) => builder.token_store(own),
            None => {
                let store = Arc::clone(&self.inner.store);
                let member = member_id.to_owned();
                builder.token_store(move |t: &Tokens| {
                    if let Ok(Some(mut inst)) = store.load(&member) {
                        inst.tokens = Some(t.clone());
                        if let Err(e) = store.save(&inst) {
                            tracing::error!(member_id = %member, error = %e, "saving refreshed tokens failed");
                        }
                    }
                })
            }
        };
        if let Some(configure) = &self.inner.configure {
            builder = configure(builder);
        }
        if let Some(make) = &self.inner.limiter {
            builder = builder.limiter(make(member_id));
        }
        let client = builder.build()?;
        self.clients().insert(member_id.to_owned(), client.clone());
        Ok(client)
    }

    /// Decodes and verifies an event POST against the token stored for its `member_id`.
    /// `ONAPPINSTALL` of a portal with no stored token is trusted on first use and stored;
    /// a verified `ONAPPUNINSTALL` removes the portal. Anything else from a portal with no
    /// stored token, or with another token, is refused.
    pub fn receive<E: EventSet>(
        &self,
        content_type: &str,
        body: &[u8],
    ) -> Result<Incoming<E>, Error> {
        let payload = payload(content_type, body)?;
        let code = code_of(&payload)?;
        let Some(member) = member_id(&payload).map(str::to_owned) else {
            return Err(bad(
                &code,
                "auth.member_id",
                "the body names no portal (`auth.member_id`): it cannot be verified and is refused",
            ));
        };
        let stored = self.get(&member)?;
        match stored.as_ref().and_then(|i| i.application_token.as_ref()) {
            Some(token) => verify(&payload, token)?,
            None if code == "ONAPPINSTALL" => {}
            None => {
                return Err(bad(
                    &code,
                    "auth.member_id",
                    "no application token is stored for this portal (the app was never \
                     installed there, or ONAPPINSTALL was missed): refused",
                ))
            }
        }
        let auth: Option<EventAuth> = match payload.get("auth") {
            Some(a) => Some(
                decode_typed::<EventAuth>(&code, a.clone()).map_err(|e| match e {
                    Error::Decode {
                        method,
                        path,
                        message,
                    } => Error::Decode {
                        method,
                        path: format!("auth.{path}").trim_end_matches('.').to_owned(),
                        message,
                    },
                    other => other,
                })?,
            ),
            None => None,
        };
        let event = E::from_payload(payload)?;
        match (code.as_str(), auth) {
            ("ONAPPINSTALL", Some(auth)) => {
                let mut fresh = Installation::from_event_auth(&auth)?;
                if let Some(old) = stored {
                    fresh.tokens = fresh.tokens.or(old.tokens);
                    fresh.server_endpoint = fresh.server_endpoint.or(old.server_endpoint);
                }
                self.install(fresh)?;
            }
            ("ONAPPUNINSTALL", _) => self.uninstall(&member)?,
            _ => {}
        }
        Ok(Incoming {
            member_id: member,
            event,
        })
    }
}
