//! The one error type, and the questions a caller asks of it.
//!
//! Every failure between a typed request and a typed answer is an [`Error`]: the portal's
//! own errors ([`Error::Api`], with the documented codes as [`ApiCode`]), answers that are
//! not the documented JSON, transport failures and timeouts, decode errors naming the
//! field, a portal that moved, and bad configuration. Four questions cover what a caller
//! usually needs to decide: [`Error::kind`] (what went wrong, as an [`ErrorKind`] to branch
//! on, with `is_not_found()` and friends as shortcuts), [`Error::is_retryable`],
//! [`Error::maybe_applied`] (could the portal have carried the request out although no
//! answer arrived?) and [`Error::code`] (the code verbatim).
//!
//! ```
//! use bitrix_api::error::{ApiCode, ApiError, ErrorKind};
//! use bitrix_api::Error;
//!
//! let err = Error::Api(ApiError::new("crm.lead.get", Some(400), "NOT_FOUND", "Not found"));
//! assert_eq!(err.code(), Some("NOT_FOUND"));
//! assert_eq!(err.status(), Some(400));
//! assert_eq!(err.kind(), ErrorKind::NotFound);
//! assert!(!err.is_retryable());
//! assert!(matches!(err, Error::Api(ApiError { code: ApiCode::NotFound, .. })));
//! ```
//!
//! The modules: `api.rs` holds what the portal said ([`ApiError`], [`ApiCode`]), `kind.rs`
//! the kinds a program branches on, `classify.rs` the table from codes, descriptions and
//! statuses to kinds.
//!
//! No variant's `Display` or `Debug` contains a webhook code, token or client secret:
//! URLs are reduced to hosts and body excerpts are redacted before they are stored.

mod api;
mod classify;
mod kind;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub use api::{ApiCode, ApiError, Validation};
pub use kind::{AuthReason, ErrorKind};

/// The source of a transport failure (kept behind an `Arc` so that [`Error`] is `Clone`:
/// a failed batch hands the same error to each of its commands).
pub type Source = Arc<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong on the way from a request to a typed answer.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The portal (or the OAuth server) answered with `error` / `error_description`.
    #[error(transparent)]
    Api(#[from] ApiError),

    /// The answer was not the documented JSON: an HTML error page, a truncated or empty
    /// body, or JSON with neither `result` nor `error`.
    #[error("{method}: unexpected answer (HTTP {status}, {kind}): {excerpt:?}")]
    UnexpectedAnswer {
        /// The REST method called.
        method: String,
        /// The HTTP status of the answer.
        status: u16,
        /// What was wrong with the body.
        kind: AnswerKind,
        /// At most 200 characters of the body, secrets redacted.
        excerpt: String,
    },

    /// The connection failed or broke.
    #[error("{method}: {stage} failed: {}", chain(source))]
    Transport {
        /// The REST method called.
        method: String,
        /// How far the request had got.
        stage: Stage,
        /// The underlying failure (its text never contains the URL).
        #[source]
        source: Source,
    },

    /// No complete answer within the configured request timeout.
    #[error("{method}: no answer within {after:?} ({stage})")]
    Timeout {
        /// The REST method called.
        method: String,
        /// The timeout in force.
        after: Duration,
        /// How far the request had got.
        stage: Stage,
    },

    /// `result` (or a batch command's answer) did not decode into the response type.
    #[error("{method}: cannot decode `{path}`: {message}")]
    Decode {
        /// The REST method called.
        method: String,
        /// Where in the answer, e.g. `result.items[3].ID`.
        path: String,
        /// What serde said.
        message: String,
    },

    /// The request could not be serialized to JSON (or to a batch command).
    #[error("{method}: cannot encode the request: {message}")]
    Encode {
        /// The REST method called.
        method: String,
        /// What went wrong.
        message: String,
    },

    /// The portal redirected to another domain (its address was changed) and the client
    /// was not told to follow (`ClientBuilder::follow_domain_change`).
    #[error("the portal moved from {from} to {to} (HTTP {status}); update the address or enable follow_domain_change")]
    Redirected {
        /// The host that was called.
        from: String,
        /// The host the portal points to now.
        to: String,
        /// The redirect status (301, 302, 307, 308).
        status: u16,
    },

    /// Refreshing an expired OAuth token failed; the cause is inside.
    #[error("refreshing the OAuth token failed: {source}")]
    TokenRefresh {
        /// What the OAuth server (or the way to it) answered.
        #[source]
        source: Box<Error>,
    },

    /// A batch command that did not run because an earlier command failed with `halt` set.
    #[error("{method} (batch key {key}) was not executed: the batch halted on an earlier error")]
    NotExecuted {
        /// The command's method.
        method: String,
        /// The command's key in the batch.
        key: String,
    },

    /// The client or a request was set up wrongly (bad URL, plain HTTP, a batch that cannot
    /// be split, …). The message names what to change.
    #[error("invalid configuration: {0}")]
    Config(String),

    /// An `Idempotency-Key` given for a REST 3.0 call is not 1 to 255 printable ASCII
    /// characters (see [`IdempotencyKey`](crate::IdempotencyKey)); nothing was sent. The
    /// portal's own answer to such a key is [`ApiCode::InvalidIdempotencyKey`].
    #[error("invalid Idempotency-Key: {reason}")]
    InvalidIdempotencyKey {
        /// What is wrong with it.
        reason: &'static str,
    },

    /// A filter, order or select the portal would refuse or misread (an unknown field, an
    /// operator the method lacks, a value that does not fit the field's type, LIKE on a
    /// status): checked against the entity's fields page before sending; nothing was sent.
    #[error("{method}: {part} on `{field}` ({operator}): {reason}")]
    Query {
        /// The REST method (empty when checked outside a call).
        method: String,
        /// `filter`, `order` or `select`.
        part: &'static str,
        /// The field as written (`OPORTUNITY`).
        field: String,
        /// The operator as written (`>=`, `%`, `in`; `asc`/`desc` for an order).
        operator: String,
        /// What is wrong.
        reason: String,
    },
}

/// `outer: inner: innermost`, so that "error sending request" says why.
fn chain(source: &Source) -> String {
    let mut text = source.to_string();
    let mut next = source.source();
    while let Some(e) = next {
        text.push_str(": ");
        text.push_str(&e.to_string());
        next = e.source();
    }
    text
}

impl Error {
    /// The portal's error code (`QUERY_LIMIT_EXCEEDED`, `ERROR_NOT_FOUND`, …) as it was
    /// sent; may be the empty string. `None` for failures that are not the portal's answer.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(&e.raw_code),
            Error::TokenRefresh { source } => source.code(),
            _ => None,
        }
    }

    /// The HTTP status, when an answer arrived (batch commands have none of their own).
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => e.status,
            Error::UnexpectedAnswer { status, .. } | Error::Redirected { status, .. } => {
                Some(*status)
            }
            Error::TokenRefresh { source } => source.status(),
            _ => None,
        }
    }

    /// The portal error, if this is one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the same request could succeed later: rate limits, operating limits, 5xx,
    /// timeouts, broken connections, truncated answers. `OVERLOAD_LIMIT` (a manual block),
    /// 4xx errors and bad parameters are not.
    ///
    /// A retryable error may still have been applied: see [`Error::maybe_applied`].
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.code.is_retryable(e.status),
            Error::UnexpectedAnswer { status, .. } => *status >= 500 || (200..300).contains(status),
            Error::Transport { .. } | Error::Timeout { .. } => true,
            _ => false,
        }
    }

    /// Whether the portal may have carried the request out although this error came back:
    /// a timeout or dropped connection after the request was sent, a truncated or empty
    /// answer, a 5xx. Resending a non-idempotent call (`*.add`) after such an error may
    /// write twice.
    ///
    /// `false` means the request was certainly not applied: refused connections, rate and
    /// operating limits (checked before execution), authorization errors, 4xx answers.
    pub fn maybe_applied(&self) -> bool {
        match self {
            Error::Api(e) => e.code.maybe_applied(e.status),
            Error::UnexpectedAnswer { status, .. } => !(400..500).contains(status),
            Error::Transport { stage, .. } | Error::Timeout { stage, .. } => {
                *stage != Stage::Connect
            }
            _ => false,
        }
    }

    /// A copy of this error for one command of a batch that failed as a whole, under the
    /// command's own method name.
    pub(crate) fn for_method(&self, method: &str) -> Error {
        let mut e = self.clone();
        match &mut e {
            Error::Api(a) => a.method = method.to_owned(),
            Error::UnexpectedAnswer { method: m, .. }
            | Error::Transport { method: m, .. }
            | Error::Timeout { method: m, .. }
            | Error::Decode { method: m, .. }
            | Error::Encode { method: m, .. } => *m = method.to_owned(),
            _ => {}
        }
        e
    }

    /// Masks `secrets` in the text this error carries from the answer (decode messages
    /// quote values).
    pub(crate) fn redacted(mut self, secrets: &[crate::Secret]) -> Error {
        match &mut self {
            Error::Decode { message, .. } => *message = crate::secret::redact(message, secrets),
            Error::Api(a) => {
                a.description = crate::secret::redact(&a.description, secrets);
                for v in &mut a.validation {
                    v.message = crate::secret::redact(&v.message, secrets);
                }
            }
            Error::UnexpectedAnswer { excerpt, .. } => {
                *excerpt = crate::secret::redact(excerpt, secrets)
            }
            _ => {}
        }
        self
    }

    pub(crate) fn has_code(&self, code: ApiCode) -> bool {
        matches!(self, Error::Api(e) if e.code == code)
    }
}

/// What was wrong with an answer that is not the documented JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AnswerKind {
    /// No body at all.
    Empty,
    /// JSON that stops in the middle.
    Truncated,
    /// Not JSON (an HTML error page, a proxy's text).
    NotJson,
    /// JSON, but neither `result` nor `error` in it.
    NoResult,
    /// A redirect without a usable `Location`.
    BadRedirect,
}

impl fmt::Display for AnswerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AnswerKind::Empty => "empty body",
            AnswerKind::Truncated => "truncated JSON",
            AnswerKind::NotJson => "not JSON",
            AnswerKind::NoResult => "JSON without result or error",
            AnswerKind::BadRedirect => "redirect without a usable Location",
        })
    }
}

/// How far a request had got when the transport failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// Connecting (DNS, TCP, TLS): nothing was sent.
    Connect,
    /// Sending the request or waiting for the answer's head: it may have been applied.
    Send,
    /// Reading the answer's body: the portal has executed the request.
    Receive,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Connect => "connecting",
            Stage::Send => "sending the request",
            Stage::Receive => "reading the answer",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: &str, status: u16) -> Error {
        Error::Api(ApiError::new("m", Some(status), code, "d"))
    }

    #[test]
    fn codes_classify_both_spellings() {
        assert_eq!(ApiCode::parse("NOT_FOUND"), ApiCode::NotFound);
        assert_eq!(ApiCode::parse("ERROR_NOT_FOUND"), ApiCode::NotFound);
        assert_eq!(ApiCode::parse("expired_token"), ApiCode::ExpiredToken);
        assert_eq!(ApiCode::parse("EXPIRED_TOKEN"), ApiCode::Other);
        assert_eq!(ApiCode::NotFound.as_str(), Some("NOT_FOUND"));
    }

    #[test]
    fn retry_and_applied_classes() {
        let limit = api("QUERY_LIMIT_EXCEEDED", 503);
        assert!(limit.is_retryable() && !limit.maybe_applied());
        let overload = api("OVERLOAD_LIMIT", 503);
        assert!(!overload.is_retryable() && !overload.maybe_applied());
        let ise = api("INTERNAL_SERVER_ERROR", 500);
        assert!(ise.is_retryable() && ise.maybe_applied());
        let denied = api("ACCESS_DENIED", 403);
        assert!(!denied.is_retryable() && !denied.maybe_applied());
        let unknown_5xx = api("SOMETHING", 502);
        assert!(unknown_5xx.is_retryable() && unknown_5xx.maybe_applied());
        let deleted = api("PORTAL_DELETED", 500);
        assert!(!deleted.is_retryable());
    }

    #[test]
    fn rest3_codes_are_typed_and_final() {
        for (code, status, variant) in [
            (
                "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
                400,
                ApiCode::RequestValidation,
            ),
            (
                "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION",
                400,
                ApiCode::InvalidJson,
            ),
            (
                "BITRIX_REST_V3_EXCEPTION_UNKNOWNDTOPROPERTYEXCEPTION",
                400,
                ApiCode::UnknownDtoProperty,
            ),
            (
                "BITRIX_REST_V3_EXCEPTION_UNKNOWNFILTEROPERATOREXCEPTION",
                400,
                ApiCode::UnknownFilterOperator,
            ),
            (
                "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION",
                400,
                ApiCode::EntityNotFound,
            ),
            (
                "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION",
                403,
                ApiCode::V3AccessDenied,
            ),
            (
                "BITRIX_REST_V3_EXCEPTION_INSUFFICIENTSCOPEEXCEPTION",
                403,
                ApiCode::V3InsufficientScope,
            ),
            (
                "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION",
                400,
                ApiCode::InvalidSelect,
            ),
            (
                "BITRIX_REST_V3_EXCEPTION_IDEMPOTENCYKEYREUSEDEXCEPTION",
                422,
                ApiCode::IdempotencyKeyReused,
            ),
            (
                "BITRIX_REST_V3_EXCEPTION_INVALIDIDEMPOTENCYKEYEXCEPTION",
                400,
                ApiCode::InvalidIdempotencyKey,
            ),
        ] {
            assert_eq!(ApiCode::parse(code), variant);
            assert_eq!(variant.as_str(), Some(code));
            let e = api(code, status);
            assert!(!e.is_retryable() && !e.maybe_applied(), "{code}");
        }
        let unknown = api("BITRIX_REST_V3_EXCEPTION_SOMETHINGNEW", 400);
        assert_eq!(
            unknown.code(),
            Some("BITRIX_REST_V3_EXCEPTION_SOMETHINGNEW")
        );
        assert!(!unknown.is_retryable());
        assert!(!Error::InvalidIdempotencyKey { reason: "x" }.is_retryable());
    }

    #[test]
    fn display_keeps_unknown_codes_verbatim() {
        let e = api("ERROR_HANDLER_ALREADY_EXIST", 400);
        assert_eq!(
            e.to_string(),
            "m: ERROR_HANDLER_ALREADY_EXIST: d (HTTP 400)"
        );
        assert_eq!(e.code(), Some("ERROR_HANDLER_ALREADY_EXIST"));
        let e = Error::Api(ApiError::new("m", None, "", ""));
        assert_eq!(e.code(), Some(""));
        assert_eq!(e.status(), None);
        assert_eq!(e.to_string(), "m: error without a code or description");
    }

    #[test]
    fn display_leaves_out_empty_parts() {
        let e = Error::Api(ApiError::new("crm.deal.get", Some(400), "", "Not found"));
        assert_eq!(e.to_string(), "crm.deal.get: Not found (HTTP 400)");
        let e = Error::Api(ApiError::new("m", Some(503), "QUERY_LIMIT_EXCEEDED", " "));
        assert_eq!(e.to_string(), "m: QUERY_LIMIT_EXCEEDED (HTTP 503)");
        let e = Error::Api(ApiError::new("m", None, "NOT_FOUND", "Not found."));
        assert_eq!(e.to_string(), "m: NOT_FOUND: Not found.");
        let v3 = ApiError::new("m", Some(400), "C", "Bad").with_validation(vec![
            Validation::new(Some("id"), "missing"),
            Validation::new(None::<String>, "other"),
        ]);
        assert_eq!(v3.to_string(), "m: C: Bad (HTTP 400) [id: missing; other]");
        for e in [
            ApiError::new("m", Some(400), "", "Not found"),
            ApiError::new("m", Some(400), "X", ""),
            ApiError::new("m", None, "", ""),
        ] {
            let text = e.to_string();
            assert!(
                !text.contains("  ") && !text.contains(": :") && !text.contains(": ("),
                "{text}"
            );
        }
    }
}
