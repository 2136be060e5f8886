//! One portal's row as plain values, the same for every database, and the SQL facts the
//! stores share.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::events::{Installation, StoreError};
use crate::{Secret, Tokens};

/// The columns of a portal's row, in the order the stores select them.
pub(crate) const COLUMNS: &str = "member_id, domain, client_endpoint, server_endpoint, \
     application_token, access_token, refresh_token, expires, expires_in, scope, user_id, version";

/// A portal's row.
#[derive(Clone)]
pub(crate) struct Row {
    pub member_id: String,
    pub domain: Option<String>,
    pub client_endpoint: String,
    pub server_endpoint: Option<String>,
    pub application_token: Option<String>,
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires: Option<i64>,
    pub expires_in: Option<i64>,
    pub scope: Option<String>,
    pub user_id: Option<i64>,
    pub version: i64,
}

impl Row {
    pub(crate) fn from_installation(i: &Installation) -> Row {
        let t = i.tokens.as_ref();
        Row {
            member_id: i.member_id.clone(),
            domain: i.domain.clone(),
            client_endpoint: i.client_endpoint.clone(),
            server_endpoint: i.server_endpoint.clone(),
            application_token: i.application_token.as_ref().map(|s| s.expose().to_owned()),
            access_token: t.map(|t| t.access_token.expose().to_owned()),
            refresh_token: t.map(|t| t.refresh_token.expose().to_owned()),
            expires: t.and_then(|t| t.expires),
            expires_in: t
                .and_then(|t| t.expires_in)
                .and_then(|n| i64::try_from(n).ok()),
            scope: t.and_then(|t| t.scope.clone()),
            user_id: t.and_then(|t| t.user_id),
            version: 0,
        }
    }

    /// The stored pair, when there is one.
    pub(crate) fn tokens(&self) -> Option<Tokens> {
        let (Some(a), Some(r)) = (&self.access_token, &self.refresh_token) else {
            return None;
        };
        let mut t = Tokens::new(a.as_str(), r.as_str());
        t.expires = self.expires;
        t.expires_in = self.expires_in.and_then(|n| u64::try_from(n).ok());
        t.client_endpoint = Some(self.client_endpoint.clone());
        t.member_id = Some(self.member_id.clone());
        t.scope = self.scope.clone();
        t.user_id = self.user_id;
        Some(t)
    }

    pub(crate) fn installation(&self) -> Installation {
        let mut i = Installation::new(self.member_id.clone(), self.client_endpoint.clone());
        i.domain = self.domain.clone();
        i.server_endpoint = self.server_endpoint.clone();
        i.application_token = self.application_token.clone().map(Secret::new);
        i.tokens = self.tokens();
        i
    }
}

/// The pair's columns as a commit writes them.
pub(crate) struct Pair {
    pub access: String,
    pub refresh: String,
    pub expires: Option<i64>,
    pub expires_in: Option<i64>,
}

impl Pair {
    pub(crate) fn of(t: &Tokens) -> Pair {
        Pair {
            access: t.access_token.expose().to_owned(),
            refresh: t.refresh_token.expose().to_owned(),
            expires: t.expires,
            expires_in: t.expires_in.and_then(|n| i64::try_from(n).ok()),
        }
    }
}

/// A table prefix made only of ASCII letters, digits and `_` (it is spliced into SQL).
pub(crate) fn check_prefix(prefix: &str) -> Result<(), StoreError> {
    if prefix
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && prefix.len() <= 40
    {
        Ok(())
    } else {
        Err(
            format!("the table prefix {prefix:?} may hold only ASCII letters, digits and `_`")
                .into(),
        )
    }
}

/// Milliseconds since the Unix epoch on this machine's clock.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

pub(crate) fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Constant-time comparison of the stored access token with the one that expired.
pub(crate) fn same_token(stored: Option<&str>, expired: &Secret) -> bool {
    stored
        .is_some_and(|s| crate::events::constant_time_eq(s.as_bytes(), expired.expose().as_bytes()))
}
