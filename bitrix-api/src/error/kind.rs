//! [`ErrorKind`]: what went wrong, in the terms a program branches on, and the shortcuts
//! (`is_not_found()`, …) on [`Error`] and [`ApiError`].

use std::fmt;

use super::{classify, ApiError, Error};

/// What went wrong, in the terms a program branches on: [`Error::kind`].
///
/// Portals say "not found" in many ways: `NOT_FOUND`, `ERROR_NOT_FOUND`, section codes
/// such as `ERROR_ENTITY_NOT_FOUND` or `BOT_NOT_FOUND`, REST 3.0's
/// `BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION`, and, for CRM records, the empty code
/// with the description `Not found` (HTTP 400). The kind is the one answer to all of them;
/// the code as sent stays in [`Error::code`]. Codes are classified by the documented
/// tables first, then by their shape (`*_NOT_FOUND`, `*ACCESS_DENIED*`, …), then by the
/// description when the code says nothing (empty, `ERROR_CORE`, `0`), then by the HTTP
/// status; what is left is [`ErrorKind::Other`].
///
/// Whether to retry is a separate question: [`Error::is_retryable`].
///
/// ```
/// use bitrix_api::error::{ApiError, AuthReason, ErrorKind};
/// use bitrix_api::Error;
///
/// // What a portal answers to crm.deal.get of a missing id: HTTP 400, empty code.
/// let err = Error::Api(ApiError::new("crm.deal.get", Some(400), "", "Not found"));
/// assert_eq!(err.kind(), ErrorKind::NotFound);
/// assert!(err.is_not_found());
/// assert_eq!(err.to_string(), "crm.deal.get: Not found (HTTP 400)");
///
/// let err = Error::Api(ApiError::new("crm.deal.add", Some(400), "", "Required fields not provided: TITLE."));
/// assert_eq!(err.kind(), ErrorKind::Validation { field: Some("TITLE".into()) });
///
/// let err = Error::Api(ApiError::new("crm.deal.get", Some(401), "expired_token", "The access token provided has expired."));
/// assert_eq!(err.kind(), ErrorKind::Auth(AuthReason::Expired));
/// assert!(err.is_auth());
///
/// match err.kind() {
///     ErrorKind::NotFound => println!("create it"),
///     ErrorKind::RateLimited => println!("slow down"),
///     other => println!("give up: {other}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The record (deal, task, bot, handler, …) does not exist.
    NotFound,
    /// The user may not do this to this record, or the portal refuses REST to the user or
    /// plan (`ACCESS_DENIED`, `INVALID_CREDENTIALS`, `user_access_error`, "Access denied").
    AccessDenied,
    /// The webhook or app lacks the method's scope (`insufficient_scope`, REST 3.0
    /// `…INSUFFICIENTSCOPEEXCEPTION`, OAuth `invalid_scope`).
    InsufficientScope,
    /// The credentials were refused; the reason says which.
    Auth(AuthReason),
    /// A limit refused the request before it ran: `QUERY_LIMIT_EXCEEDED` (retry later),
    /// `OPERATION_TIME_LIMIT` (wait for the reset), `OVERLOAD_LIMIT` (a manual block: it
    /// is not retryable).
    RateLimited,
    /// The request was wrong: a required parameter missing, a value of the wrong type, an
    /// unknown filter field, bad JSON, a batch too long.
    Validation {
        /// The parameter or field, when the portal names it (REST 3.0 `validation`, or
        /// descriptions such as `Required fields not provided: TITLE.`).
        field: Option<String>,
    },
    /// No such method on this portal (`ERROR_METHOD_NOT_FOUND`): a module not installed,
    /// a typo, or a REST 2 method called at the REST 3.0 address.
    MethodNotFound,
    /// The portal failed: `INTERNAL_SERVER_ERROR`, `ERROR_UNEXPECTED_ANSWER`, any 5xx,
    /// "Internal error" descriptions, an HTML error page with a 5xx status.
    PortalInternal,
    /// The connection failed or broke ([`Error::Transport`]).
    Transport,
    /// No answer in time ([`Error::Timeout`]).
    Timeout,
    /// The answer arrived but could not be read: a `result` that does not fit the type
    /// ([`Error::Decode`]), or a 2xx–4xx body that is not the documented JSON.
    Decode,
    /// Anything else: method-specific codes that say nothing of the above, configuration
    /// errors, a moved portal, a batch command not executed.
    Other,
}

/// Why credentials were refused ([`ErrorKind::Auth`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthReason {
    /// `expired_token`: the access token expired (the client refreshes it by itself; this
    /// reaches the caller only when that is impossible).
    Expired,
    /// `invalid_token`, `NO_AUTH_FOUND`, or an unknown 401: a wrong webhook code or token.
    Invalid,
    /// OAuth server `invalid_grant`: the authorization code or refresh token was refused
    /// (e.g. the refresh token expired); authorize again.
    Grant,
    /// OAuth server `invalid_client`: wrong client id or secret, or the app is not
    /// installed.
    Client,
    /// OAuth server `PAYMENT_REQUIRED`: the app's paid period is over.
    PaymentRequired,
    /// `WRONG_AUTH_TYPE`: the method needs another kind of authorization (e.g. an app's
    /// OAuth token, not a webhook).
    WrongType,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::NotFound => f.write_str("not found"),
            ErrorKind::AccessDenied => f.write_str("access denied"),
            ErrorKind::InsufficientScope => f.write_str("insufficient scope"),
            ErrorKind::Auth(reason) => write!(f, "authorization refused ({reason})"),
            ErrorKind::RateLimited => f.write_str("rate limited"),
            ErrorKind::Validation { field: Some(field) } => write!(f, "invalid request ({field})"),
            ErrorKind::Validation { field: None } => f.write_str("invalid request"),
            ErrorKind::MethodNotFound => f.write_str("method not found"),
            ErrorKind::PortalInternal => f.write_str("portal error"),
            ErrorKind::Transport => f.write_str("transport failure"),
            ErrorKind::Timeout => f.write_str("timeout"),
            ErrorKind::Decode => f.write_str("undecodable answer"),
            ErrorKind::Other => f.write_str("other error"),
        }
    }
}

impl fmt::Display for AuthReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthReason::Expired => "token expired",
            AuthReason::Invalid => "invalid token or webhook",
            AuthReason::Grant => "grant refused",
            AuthReason::Client => "client refused",
            AuthReason::PaymentRequired => "payment required",
            AuthReason::WrongType => "wrong authorization type",
        })
    }
}

impl ApiError {
    /// What the portal's answer means; see [`ErrorKind`].
    pub fn kind(&self) -> ErrorKind {
        classify::api(self)
    }
}

impl Error {
    /// What went wrong, to branch on; see [`ErrorKind`]. An OAuth refresh failure is the
    /// kind of its cause.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Api(e) => e.kind(),
            Error::UnexpectedAnswer { status, .. } if *status >= 500 => ErrorKind::PortalInternal,
            Error::UnexpectedAnswer { .. } | Error::Decode { .. } => ErrorKind::Decode,
            Error::Transport { .. } => ErrorKind::Transport,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::TokenRefresh { source } => source.kind(),
            Error::InvalidIdempotencyKey { .. } => ErrorKind::Validation { field: None },
            Error::Query { field, .. } => ErrorKind::Validation {
                field: Some(field.clone()),
            },
            _ => ErrorKind::Other,
        }
    }

    /// The record does not exist ([`ErrorKind::NotFound`]).
    pub fn is_not_found(&self) -> bool {
        self.kind() == ErrorKind::NotFound
    }

    /// The call was refused for lack of rights: the user's ([`ErrorKind::AccessDenied`])
    /// or the webhook's or app's scope ([`ErrorKind::InsufficientScope`]).
    pub fn is_access_denied(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::AccessDenied | ErrorKind::InsufficientScope
        )
    }

    /// The credentials were refused ([`ErrorKind::Auth`], any reason).
    pub fn is_auth(&self) -> bool {
        matches!(self.kind(), ErrorKind::Auth(_))
    }

    /// A limit refused the request ([`ErrorKind::RateLimited`]).
    pub fn is_rate_limited(&self) -> bool {
        self.kind() == ErrorKind::RateLimited
    }

    /// The request was wrong ([`ErrorKind::Validation`]).
    pub fn is_validation(&self) -> bool {
        matches!(self.kind(), ErrorKind::Validation { .. })
    }

    /// No such method on this portal ([`ErrorKind::MethodNotFound`]).
    pub fn is_method_not_found(&self) -> bool {
        self.kind() == ErrorKind::MethodNotFound
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{AnswerKind, Stage};
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn errors_that_are_not_the_portals_have_kinds_too() {
        let io: super::super::Source = Arc::new(std::io::Error::other("reset"));
        let transport = Error::Transport {
            method: "m".into(),
            stage: Stage::Send,
            source: io,
        };
        assert_eq!(transport.kind(), ErrorKind::Transport);
        let timeout = Error::Timeout {
            method: "m".into(),
            after: Duration::from_secs(1),
            stage: Stage::Send,
        };
        assert_eq!(timeout.kind(), ErrorKind::Timeout);
        let page = |status| Error::UnexpectedAnswer {
            method: "m".into(),
            status,
            kind: AnswerKind::NotJson,
            excerpt: String::new(),
        };
        assert_eq!(page(502).kind(), ErrorKind::PortalInternal);
        assert_eq!(page(200).kind(), ErrorKind::Decode);
        let refresh = Error::TokenRefresh {
            source: Box::new(Error::Api(ApiError::new(
                "oauth/token",
                Some(400),
                "invalid_grant",
                "",
            ))),
        };
        assert_eq!(refresh.kind(), ErrorKind::Auth(AuthReason::Grant));
        assert!(refresh.is_auth());
        assert_eq!(Error::Config("x".into()).kind(), ErrorKind::Other);
        assert!(Error::InvalidIdempotencyKey { reason: "x" }.is_validation());
    }

    #[test]
    fn predicates_follow_the_kind() {
        let e = |code: &str, status| Error::Api(ApiError::new("m", Some(status), code, ""));
        assert!(e("NOT_FOUND", 400).is_not_found());
        assert!(e("ACCESS_DENIED", 403).is_access_denied());
        assert!(e("insufficient_scope", 403).is_access_denied());
        assert!(e("NO_AUTH_FOUND", 401).is_auth());
        assert!(e("QUERY_LIMIT_EXCEEDED", 503).is_rate_limited());
        assert!(e("ERROR_METHOD_NOT_FOUND", 404).is_method_not_found());
        assert!(!e("ERROR_METHOD_NOT_FOUND", 404).is_not_found());
        assert_eq!(ErrorKind::NotFound.to_string(), "not found");
        assert_eq!(
            ErrorKind::Validation {
                field: Some("id".into())
            }
            .to_string(),
            "invalid request (id)"
        );
    }
}
