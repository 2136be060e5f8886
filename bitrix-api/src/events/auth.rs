//! The `auth` object of an event payload: the portal, the application token, and (when
//! the event could be tied to a user) an OAuth token pair.

use serde_json::Value;

use crate::wire::{self, Wire, WireError};
use crate::{Secret, Tokens};

/// The `auth` of an event: who sent it and, when the event could be tied to a user, tokens
/// to call the portal back. Its `Debug` shows no secret (they are [`Secret`]s).
///
/// ```
/// let auth: bitrix_api::events::EventAuth = bitrix_api::wire::from_value(serde_json::json!({
///     "access_token": "s6p6eclrvim6da22", "expires_in": "3600", "domain": "x.bitrix24.com",
///     "member_id": "a223c6b3", "application_token": "51856fef"
/// })).unwrap();
/// assert_eq!(auth.expires_in, Some(3600));
/// assert!(!format!("{auth:?}").contains("s6p6eclrvim6da22"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EventAuth {
    /// The portal's stable id (it does not change with the address).
    pub member_id: String,
    /// The token the portal gave the application at install: compare it (in constant
    /// time, see [`super::verify`]) with the stored one before trusting anything else here.
    pub application_token: Secret,
    /// An OAuth access token, when the event could be tied to a user.
    pub access_token: Option<Secret>,
    /// The OAuth refresh token that goes with [`EventAuth::access_token`].
    pub refresh_token: Option<Secret>,
    /// Seconds the access token stays valid (`"3600"` on the wire, often).
    pub expires_in: Option<i64>,
    /// When the access token expires (Unix time), when sent.
    pub expires: Option<i64>,
    /// The scopes of the application.
    pub scope: Option<String>,
    /// The portal's address, e.g. `some-domain.bitrix24.com`.
    pub domain: Option<String>,
    /// The OAuth server's REST address, e.g. `https://oauth.bitrix.info/rest/`.
    pub server_endpoint: Option<String>,
    /// The portal's REST address, e.g. `https://some-domain.bitrix24.com/rest/`.
    pub client_endpoint: Option<String>,
    /// The application's status: `L` local, `F` free, `D` demo, `T` trial, `P` paid.
    pub status: Option<String>,
    /// The user the tokens act for, when sent.
    pub user_id: Option<i64>,
}

impl Wire for EventAuth {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        let mut m = wire::object(value)?;
        let secret = |m: &mut serde_json::Map<String, Value>, key: &str| {
            wire::take::<Option<String>>(m, key)
                .map(|s| s.filter(|s| !s.is_empty()).map(Secret::new))
        };
        Ok(EventAuth {
            member_id: wire::take(&mut m, "member_id")?,
            application_token: wire::take::<String>(&mut m, "application_token")
                .map(Secret::new)?,
            access_token: secret(&mut m, "access_token")?,
            refresh_token: secret(&mut m, "refresh_token")?,
            expires_in: wire::take(&mut m, "expires_in")?,
            expires: wire::take(&mut m, "expires")?,
            scope: wire::take(&mut m, "scope")?,
            domain: wire::take(&mut m, "domain")?,
            server_endpoint: wire::take(&mut m, "server_endpoint")?,
            client_endpoint: wire::take(&mut m, "client_endpoint")?,
            status: wire::take(&mut m, "status")?,
            user_id: wire::take(&mut m, "user_id")?,
        })
    }
}

crate::__serde_via_wire!(EventAuth);

impl EventAuth {
    /// The OAuth pair of this event, when it carries one (events not tied to a user, and
    /// `ONAPPUNINSTALL`, carry none).
    pub fn tokens(&self) -> Option<Tokens> {
        let mut tokens = Tokens::new(self.access_token.clone()?, self.refresh_token.clone()?);
        tokens.expires_in = self.expires_in.and_then(|n| u64::try_from(n).ok());
        tokens.expires = self.expires;
        tokens.client_endpoint = self.client_endpoint.clone();
        tokens.member_id = Some(self.member_id.clone());
        tokens.scope = self.scope.clone();
        tokens.user_id = self.user_id;
        Some(tokens)
    }
}
