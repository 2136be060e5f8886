//! The `authorization_code` grant (`settings/oauth/`): the portal redirects the user to
//! the app with a `code` (valid 30 seconds), and the app's server exchanges it at the
//! OAuth server for a token pair.

use std::time::Duration;

use reqwest::Url;

use crate::auth::request_tokens;
use crate::transport::Http;
use crate::{endpoint, Error, OAuthApp, Secret, Tokens};

impl OAuthApp {
    /// Exchanges an authorization `code` for tokens at the OAuth server's token URL
    /// (`oauth_server`, e.g. [`DEFAULT_OAUTH_SERVER`](crate::DEFAULT_OAUTH_SERVER), or the
    /// `server_domain` the redirect named, as `https://{server_domain}/oauth/token/`).
    /// The answer's `client_endpoint` is where the portal's client goes:
    /// `Client::oauth(tokens.client_endpoint…, app, tokens)`. Errors redact the code, the
    /// tokens and the app secret.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), bitrix_api::Error> {
    /// use bitrix_api::{Client, OAuthApp, DEFAULT_OAUTH_SERVER};
    ///
    /// let app = OAuthApp::new("app.573ad8a0346747.09223434", "LJSl0lNB76B5YY6u0YVQ3AW0");
    /// let tokens = app.exchange_code("avmocpghblyi01m3h42bljvqtyd19sw1", DEFAULT_OAUTH_SERVER).await?;
    /// let portal = tokens.client_endpoint.clone().unwrap_or_default();
    /// let client = Client::oauth(portal, app, tokens)?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub async fn exchange_code(&self, code: &str, oauth_server: &str) -> Result<Tokens, Error> {
        let mut url = Url::parse(oauth_server)
            .map_err(|_| Error::Config("the OAuth server address is not a URL".into()))?;
        endpoint::check_scheme(&url, false, "the OAuth server")?;
        url.query_pairs_mut()
            .append_pair("grant_type", "authorization_code")
            .append_pair("client_id", &self.client_id)
            .append_pair("client_secret", self.client_secret.expose())
            .append_pair("code", code);
        let http = Http::new(
            Duration::from_secs(30),
            Duration::from_secs(10),
            concat!("bitrix-api/", env!("CARGO_PKG_VERSION")),
        )?;
        let secrets = [self.client_secret.clone(), Secret::new(code)];
        request_tokens(&http, url, &secrets).await
    }
}
