//! [`ClientBuilder`]: auth, limits, retries, timeouts, then [`ClientBuilder::build`].

use super::*;

pub(super) enum AuthSpec {
    Webhook(Secret),
    OAuth {
        portal: String,
        app: OAuthApp,
        tokens: Tokens,
    },
}

/// Settings for a [`Client`]; start with [`Client::builder`].
pub struct ClientBuilder {
    auth: Option<AuthSpec>,
    oauth_server: String,
    store: Option<Box<dyn TokenStore>>,
    allow_insecure_http: bool,
    follow_domain_change: bool,
    limits: Limits,
    limiter: Option<Limiter>,
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    scale: f64,
    operating_limit: f64,
    user_agent: String,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            auth: None,
            oauth_server: DEFAULT_OAUTH_SERVER.to_owned(),
            store: None,
            allow_insecure_http: false,
            follow_domain_change: false,
            limits: Limits::default(),
            limiter: None,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(75),
            connect_timeout: Duration::from_secs(10),
            scale: 1.0,
            operating_limit: 480.0,
            user_agent: format!("bitrix-api/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

impl ClientBuilder {
    /// Authenticate with an incoming webhook URL, `https://{portal}/rest/{user_id}/{code}/`.
    pub fn webhook(mut self, url: impl AsRef<str>) -> Self {
        self.auth = Some(AuthSpec::Webhook(Secret::new(url.as_ref())));
        self
    }

    /// Authenticate as an OAuth application; `portal` is the portal's address (or its
    /// `client_endpoint`).
    pub fn oauth(mut self, portal: impl AsRef<str>, app: OAuthApp, tokens: Tokens) -> Self {
        self.auth = Some(AuthSpec::OAuth {
            portal: portal.as_ref().to_owned(),
            app,
            tokens,
        });
        self
    }

    /// Where refreshed OAuth tokens are saved (default: [`MemoryTokenStore`]).
    pub fn token_store(mut self, store: impl TokenStore) -> Self {
        self.store = Some(Box::new(store));
        self
    }

    /// The OAuth server's token URL (default `https://oauth.bitrix.info/oauth/token/`).
    pub fn oauth_server(mut self, url: impl AsRef<str>) -> Self {
        self.oauth_server = url.as_ref().to_owned();
        self
    }

    /// Allow plain `http://` to hosts other than loopback (secrets travel in clear text).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// When the portal redirects to another domain (its address changed), move the client
    /// there and go on, instead of failing with [`Error::Redirected`].
    pub fn follow_domain_change(mut self, follow: bool) -> Self {
        self.follow_domain_change = follow;
        self
    }

    /// The portal's request-rate limits to mirror (default [`Plan::Others`](crate::limit::Plan)).
    pub fn limits(mut self, limits: impl Into<Limits>) -> Self {
        self.limits = limits.into();
        self
    }

    /// Share a rate limiter with other clients of the same portal (overrides
    /// [`ClientBuilder::limits`]; the limiter keeps its own time scale).
    pub fn limiter(mut self, limiter: Limiter) -> Self {
        self.limiter = Some(limiter);
        self
    }

    /// How failed requests are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The whole-request timeout (default 75 s, above the portal's own 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// For tests and emulators on a sped-up clock: the portal's clock runs `scale` times
    /// faster, so the rate limiter drains `scale` times faster and every backoff and
    /// operating wait is divided by `scale`. Default 1.0; leave it there for real portals.
    pub fn time_scale(mut self, scale: f64) -> Self {
        self.scale = crate::limit::clock_scale(scale);
        self
    }

    /// The portal's `operating` limit in seconds per 10-minute window (default 480). A
    /// method whose budget plus its last call's duration reaches it is paused until its
    /// window resets.
    pub fn operating_limit(mut self, seconds: f64) -> Self {
        self.operating_limit = seconds;
        self
    }

    /// The `User-Agent` header (default `bitrix-api/{version}`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let (base, credentials) = match self.auth {
            None => {
                return Err(Error::Config(
                    "no authentication: call webhook(...) or oauth(...)".into(),
                ))
            }
            Some(AuthSpec::Webhook(url)) => {
                let (base, code) = endpoint::parse_webhook(url.expose())?;
                (base, Credentials::Webhook { code })
            }
            Some(AuthSpec::OAuth {
                portal,
                app,
                tokens,
            }) => {
                let base = endpoint::parse_oauth_base(&portal)?;
                let server = Url::parse(&self.oauth_server)
                    .map_err(|_| Error::Config("the OAuth server address is not a URL".into()))?;
                endpoint::check_scheme(&server, self.allow_insecure_http, "the OAuth server")?;
                let store = self
                    .store
                    .unwrap_or_else(|| Box::new(MemoryTokenStore::new()));
                (base, Credentials::oauth(app, tokens, server, store))
            }
        };
        endpoint::check_scheme(&base, self.allow_insecure_http, "the portal")?;
        let limiter = self
            .limiter
            .unwrap_or_else(|| Limiter::with_time_scale(self.limits, self.scale));
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint: Endpoint::new(base, credentials.as_oauth().is_none()),
                credentials,
                http: Http::new(self.timeout, self.connect_timeout, &self.user_agent)?,
                limiter,
                operating: Operating::new(self.operating_limit, self.scale),
                retry: self.retry,
                scale: self.scale,
                follow_domain_change: self.follow_domain_change,
                allow_insecure_http: self.allow_insecure_http,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match &self.auth {
            None => "none",
            Some(AuthSpec::Webhook(_)) => "webhook",
            Some(AuthSpec::OAuth { .. }) => "oauth",
        };
        f.debug_struct("ClientBuilder")
            .field("auth", &auth)
            .field("limits", &self.limits)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("time_scale", &self.scale)
            .finish_non_exhaustive()
    }
}
