//! Who is calling: incoming webhooks, OAuth access tokens, and the OAuth server's
//! `/oauth/token/` exchange (settings/oauth/index.md, auto-renewal.md, error-codes.md):
//! `grant_type=refresh_token` and `grant_type=authorization_code` (a code from
//! [`Portal::authorization_code`](super::Portal::authorization_code), one use, 30 s).

use std::collections::{HashMap, HashSet};

use bitrix_docs::MethodSpec;
use serde_json::{json, Value};

use super::answer::ApiError;

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Caller {
    /// What `operating` is counted per: `webhook:<code>` or `app:<client_id>`.
    pub client: String,
    pub user_id: i64,
    pub scopes: Vec<String>,
}

impl Caller {
    /// `basic` (profile, server.time, scope, methods, app.info, …) is no scope one asks
    /// for: every webhook and application has it (the official scope list does not name it).
    pub(crate) fn has_scope(&self, scope: &str) -> bool {
        scope == "basic" || self.scopes.iter().any(|s| s == scope)
    }

    /// The error a method's page gives for a call from outside an application, when the
    /// caller is a webhook and the page documents one: an error whose text says the call
    /// needs an application ("Application context required", "did not come from an
    /// application", …): placement.bind's 403 `WRONG_AUTH_TYPE`, app.option.*'s 400
    /// `AccessException`, 403 `ACCESS_DENIED` elsewhere. (`WRONG_AUTH_TYPE` alone may mean
    /// session authorization, which webhooks are not: im.notify.system.add.)
    pub(crate) fn refused_by(&self, spec: &MethodSpec) -> Option<ApiError> {
        const NEEDS_APP: &[&str] = &[
            "Application context required",
            "not come from an application",
            "outside an application",
            "not made by an application",
            "only from an application",
            "not belong to an application",
        ];
        if !self.client.starts_with("webhook:") {
            return None;
        }
        let e = spec
            .errors
            .iter()
            .filter(|e| !e.code.contains(' '))
            .find(|e| NEEDS_APP.iter().any(|n| e.description.contains(n)))?;
        let status = match e.code.as_str() {
            "WRONG_AUTH_TYPE" | "ACCESS_DENIED" => 403,
            _ => 400,
        };
        Some(ApiError::documented(status, e))
    }
}

/// How a request tried to authenticate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Credentials {
    Webhook { user_id: String, code: String },
    Token(Option<String>),
}

#[derive(Debug, Clone)]
struct Grant {
    user_id: i64,
    scopes: Vec<String>,
    expires_at: f64,
}

/// A new pair from the OAuth server.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Issued {
    pub access: String,
    pub refresh: String,
    pub user_id: i64,
    pub scopes: Vec<String>,
}

/// An OAuth server error: HTTP status and the `{error, error_description}` body.
pub(crate) type OAuthError = (u16, Value);

/// Refresh tokens live 180 days.
const REFRESH_LIFETIME: f64 = 180.0 * 86400.0;

/// Authorization codes live 30 seconds (settings/oauth/index.md).
const CODE_LIFETIME: f64 = 30.0;

#[derive(Debug)]
pub(crate) struct Auth {
    webhooks: HashMap<String, (i64, Vec<String>)>,
    expired_webhooks: HashSet<String>,
    access: HashMap<String, Grant>,
    refresh: HashMap<String, Grant>,
    codes: HashMap<String, Grant>,
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    pub(crate) member_id: String,
    lifetime: f64,
    rng: fastrand::Rng,
    pub(crate) refresh_count: u64,
    /// Refresh tokens refused (spent, unknown or expired): each is an app that lost a race.
    pub(crate) refused_refreshes: u64,
}

impl Auth {
    pub(crate) fn new(seed: u64, token_lifetime: f64) -> Self {
        let mut rng = fastrand::Rng::with_seed(seed);
        let member_id = (0..32)
            .map(|_| char::from_digit(rng.u32(0..16), 16).unwrap_or('0'))
            .collect();
        Auth {
            webhooks: HashMap::new(),
            expired_webhooks: HashSet::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            codes: HashMap::new(),
            client_id: "local.emulator.0000000000".into(),
            client_secret: token(&mut rng, 50),
            member_id,
            lifetime: token_lifetime,
            rng,
            refresh_count: 0,
            refused_refreshes: 0,
        }
    }

    /// Registers a webhook; returns its secret code.
    pub(crate) fn add_webhook(&mut self, user_id: i64, scopes: Vec<String>) -> String {
        let code = token(&mut self.rng, 16);
        self.webhooks.insert(code.clone(), (user_id, scopes));
        code
    }

    /// Issues a fresh pair (the result of an authorization).
    pub(crate) fn issue(
        &mut self,
        user_id: i64,
        scopes: Vec<String>,
        now: f64,
    ) -> (String, String) {
        let access = token(&mut self.rng, 32);
        let refresh = token(&mut self.rng, 32);
        self.access.insert(
            access.clone(),
            Grant {
                user_id,
                scopes: scopes.clone(),
                expires_at: now + self.lifetime,
            },
        );
        self.refresh.insert(
            refresh.clone(),
            Grant {
                user_id,
                scopes,
                expires_at: now + REFRESH_LIFETIME,
            },
        );
        (access, refresh)
    }

    /// An authorization code, as step 1 of the OAuth flow hands the app (one use, 30 s).
    pub(crate) fn issue_code(&mut self, user_id: i64, scopes: Vec<String>, now: f64) -> String {
        let code = token(&mut self.rng, 32);
        self.codes.insert(
            code.clone(),
            Grant {
                user_id,
                scopes,
                expires_at: now + CODE_LIFETIME,
            },
        );
        code
    }

    pub(crate) fn lifetime(&self) -> f64 {
        self.lifetime
    }

    /// Makes a webhook's code stop working; `false` when it is unknown.
    pub(crate) fn expire_webhook(&mut self, code: &str) -> bool {
        if self.webhooks.contains_key(code) {
            self.expired_webhooks.insert(code.to_owned());
            true
        } else {
            false
        }
    }

    /// Forgets every OAuth token and code (the app was uninstalled: all of them are its).
    pub(crate) fn revoke_all(&mut self) {
        self.access.clear();
        self.refresh.clear();
        self.codes.clear();
    }

    /// Makes every access token issued so far expired.
    pub(crate) fn expire_all(&mut self) {
        for g in self.access.values_mut() {
            g.expires_at = f64::NEG_INFINITY;
        }
    }

    pub(crate) fn authenticate(&self, creds: &Credentials, now: f64) -> Result<Caller, ApiError> {
        match creds {
            Credentials::Webhook { user_id, code } => {
                let (owner, scopes) = self.webhooks.get(code).ok_or_else(ApiError::no_auth)?;
                if self.expired_webhooks.contains(code) {
                    return Err(ApiError::new(
                        401,
                        "INVALID_CREDENTIALS",
                        "Invalid request credentials",
                    ));
                }
                if user_id.parse::<i64>().ok() != Some(*owner) {
                    return Err(ApiError::no_auth());
                }
                Ok(Caller {
                    client: format!("webhook:{code}"),
                    user_id: *owner,
                    scopes: scopes.clone(),
                })
            }
            Credentials::Token(token) => {
                let grant = token
                    .as_deref()
                    .and_then(|t| self.access.get(t))
                    .ok_or_else(ApiError::no_auth)?;
                if grant.expires_at <= now {
                    return Err(ApiError::expired_token());
                }
                Ok(Caller {
                    client: format!("app:{}", self.client_id),
                    user_id: grant.user_id,
                    scopes: grant.scopes.clone(),
                })
            }
        }
    }

    /// `/oauth/token/`: `Ok(pair)` or `Err((status, body))` with a documented OAuth error.
    pub(crate) fn exchange(&mut self, params: &Value, now: f64) -> Result<Issued, OAuthError> {
        let p = |name: &str| params.get(name).and_then(Value::as_str).unwrap_or_default();
        let oauth_error = |status: u16, code: &str, text: &str| {
            (status, json!({"error": code, "error_description": text}))
        };
        let (store, key) = match p("grant_type") {
            "refresh_token" if !p("refresh_token").is_empty() => {
                (&mut self.refresh, "refresh_token")
            }
            "authorization_code" if !p("code").is_empty() => (&mut self.codes, "code"),
            _ => return Err(oauth_error(400, "invalid_request", "Invalid request")),
        };
        if p("client_id") != self.client_id || p("client_secret") != self.client_secret {
            return Err(oauth_error(400, "invalid_client", "Invalid client"));
        }
        // Spent on first use, whatever the outcome: a used code or token is invalid_grant.
        let grant = match store.remove(p(key)) {
            Some(g) if g.expires_at > now => g,
            _ => {
                if key == "refresh_token" {
                    self.refused_refreshes += 1;
                }
                return Err(oauth_error(400, "invalid_grant", "Invalid grant"));
            }
        };
        if key == "refresh_token" {
            self.refresh_count += 1;
        }
        let (access, refresh) = self.issue(grant.user_id, grant.scopes.clone(), now);
        Ok(Issued {
            access,
            refresh,
            user_id: grant.user_id,
            scopes: grant.scopes,
        })
    }
}

fn token(rng: &mut fastrand::Rng, len: usize) -> String {
    (0..len)
        .map(|_| {
            let c = rng.u8(0..36);
            if c < 10 {
                char::from(b'0' + c)
            } else {
                char::from(b'a' + c - 10)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crm() -> Vec<String> {
        vec!["crm".into()]
    }

    #[test]
    fn webhooks_need_code_and_owner() {
        let mut a = Auth::new(1, 3600.0);
        let code = a.add_webhook(1, crm());
        let ok = Credentials::Webhook {
            user_id: "1".into(),
            code: code.clone(),
        };
        assert!(a.authenticate(&ok, 0.0).unwrap().has_scope("crm"));
        let wrong_user = Credentials::Webhook {
            user_id: "2".into(),
            code,
        };
        assert_eq!(
            a.authenticate(&wrong_user, 0.0).unwrap_err().code,
            "NO_AUTH_FOUND"
        );
    }

    #[test]
    fn tokens_expire_and_refresh_rotates() {
        let mut a = Auth::new(1, 100.0);
        let (access, refresh) = a.issue(1, crm(), 0.0);
        let creds = Credentials::Token(Some(access));
        assert!(a.authenticate(&creds, 50.0).is_ok());
        assert_eq!(
            a.authenticate(&creds, 100.0).unwrap_err().code,
            "expired_token"
        );
        let params = json!({
            "grant_type": "refresh_token",
            "client_id": a.client_id,
            "client_secret": a.client_secret,
            "refresh_token": refresh,
        });
        assert!(a.exchange(&params, 100.0).is_ok());
        assert_eq!(
            a.exchange(&params, 100.0).unwrap_err().1["error"],
            "invalid_grant"
        );
        let mut bad = params.clone();
        bad["client_secret"] = "nope".into();
        assert_eq!(
            a.exchange(&bad, 100.0).unwrap_err().1["error"],
            "invalid_client"
        );
        assert_eq!(a.refresh_count, 1);
        assert_eq!(a.refused_refreshes, 1, "the spent token was refused once");
    }
}
