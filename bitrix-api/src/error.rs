//! The one error type, and the questions a caller asks of it.
//!
//! Every failure between a typed request and a typed answer is an [`Error`]: the portal's
//! own errors ([`Error::Api`], with the documented codes as [`ApiCode`]), answers that are
//! not the documented JSON, transport failures and timeouts, decode errors naming the
//! field, a portal that moved, and bad configuration. Three questions cover what a caller
//! usually needs to decide: [`Error::is_retryable`], [`Error::maybe_applied`] (could the
//! portal have carried the request out although no answer arrived?) and [`Error::code`].
//!
//! ```
//! use bitrix_api::error::{ApiCode, ApiError};
//! use bitrix_api::Error;
//!
//! let err = Error::Api(ApiError::new("crm.lead.get", Some(400), "NOT_FOUND", "Not found"));
//! assert_eq!(err.code(), Some("NOT_FOUND"));
//! assert_eq!(err.status(), Some(400));
//! assert!(!err.is_retryable());
//! assert!(matches!(err, Error::Api(ApiError { code: ApiCode::NotFound, .. })));
//! ```
//!
//! No variant's `Display` or `Debug` contains a webhook code, token or client secret:
//! URLs are reduced to hosts and body excerpts are redacted before they are stored.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

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

/// An error the portal (or the OAuth server) reported: REST 2's `error` /
/// `error_description`, or REST 3.0's `error: {code, message, validation}` (then
/// `description` is the `message` and [`ApiError::validation`] lists the fields).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{method}: {raw_code}{}: {description}{}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default(), validation_text(validation))]
#[non_exhaustive]
pub struct ApiError {
    /// The REST method called (for the OAuth server: `oauth/token`).
    pub method: String,
    /// The HTTP status; `None` for a command inside a batch.
    pub status: Option<u16>,
    /// The code, classified.
    pub code: ApiCode,
    /// The code verbatim (may be empty).
    pub raw_code: String,
    /// `error_description` (REST 3.0: `message`) verbatim, secrets redacted (may be empty).
    pub description: String,
    /// REST 3.0: what was wrong with which request field (`error.validation`); empty
    /// otherwise.
    pub validation: Vec<Validation>,
}

/// One entry of a REST 3.0 error's `validation` list.
///
/// ```
/// use bitrix_api::error::{ApiError, Validation};
///
/// let err = ApiError::new("tasks.task.get", Some(400), "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION", "Error validating request object")
///     .with_validation(vec![Validation::new(Some("id"), "Required field `id` is not specified")]);
/// assert_eq!(err.validation[0].field.as_deref(), Some("id"));
/// assert!(err.to_string().ends_with("[id: Required field `id` is not specified]"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Validation {
    /// The request field, e.g. `id` or `fields.title`, when the portal names one.
    pub field: Option<String>,
    /// What is wrong with it, in the portal's language (secrets redacted).
    pub message: String,
}

impl Validation {
    /// A validation entry.
    pub fn new(field: Option<impl Into<String>>, message: impl Into<String>) -> Validation {
        Validation {
            field: field.map(Into::into),
            message: message.into(),
        }
    }
}

/// ` [field: message; message]`, or nothing.
fn validation_text(validation: &[Validation]) -> String {
    if validation.is_empty() {
        return String::new();
    }
    let items: Vec<String> = validation
        .iter()
        .map(|v| match &v.field {
            Some(f) => format!("{f}: {}", v.message),
            None => v.message.clone(),
        })
        .collect();
    format!(" [{}]", items.join("; "))
}

impl ApiError {
    /// Builds an error from what the portal sent.
    pub fn new(
        method: impl Into<String>,
        status: Option<u16>,
        code: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        let raw_code = code.into();
        ApiError {
            method: method.into(),
            status,
            code: ApiCode::parse(&raw_code),
            raw_code,
            description: description.into(),
            validation: Vec::new(),
        }
    }

    /// The same error with REST 3.0 validation details.
    pub fn with_validation(mut self, validation: Vec<Validation>) -> Self {
        self.validation = validation;
        self
    }
}

macro_rules! api_codes {
    ($( $(#[$doc:meta])* $variant:ident => [$($code:literal),+], )*) => {
        /// The documented system, OAuth and REST 3.0 (`BITRIX_REST_V3_EXCEPTION_…`) error
        /// codes; anything else is [`ApiCode::Other`] (the verbatim code stays in
        /// [`ApiError::raw_code`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ApiCode {
            $( $(#[$doc])* $variant, )*
            /// A code this crate does not classify (method-specific codes, the empty code).
            Other,
        }

        impl ApiCode {
            /// Classifies a code as the portal sent it (exact spelling).
            pub fn parse(code: &str) -> ApiCode {
                match code {
                    $( $($code)|+ => ApiCode::$variant, )*
                    _ => ApiCode::Other,
                }
            }

            /// The canonical spelling, `None` for [`ApiCode::Other`].
            pub fn as_str(self) -> Option<&'static str> {
                match self {
                    $( ApiCode::$variant => Some([$($code),+][0]), )*
                    ApiCode::Other => None,
                }
            }
        }
    };
}

api_codes! {
    /// `503 QUERY_LIMIT_EXCEEDED`: the request-rate bucket is full; slow down and retry.
    QueryLimitExceeded => ["QUERY_LIMIT_EXCEEDED"],
    /// `503 OVERLOAD_LIMIT`: REST is blocked manually; retrying does not help.
    OverloadLimit => ["OVERLOAD_LIMIT"],
    /// `429 OPERATION_TIME_LIMIT`: the method used up its execution time; wait for the reset.
    OperationTimeLimit => ["OPERATION_TIME_LIMIT"],
    /// `401 expired_token`: the OAuth access token expired (the client refreshes it).
    ExpiredToken => ["expired_token"],
    /// `401 invalid_token`: the access token is not valid.
    InvalidToken => ["invalid_token"],
    /// `401 NO_AUTH_FOUND`: wrong webhook code or token.
    NoAuthFound => ["NO_AUTH_FOUND"],
    /// `403 INVALID_CREDENTIALS`: the user lacks the permissions.
    InvalidCredentials => ["INVALID_CREDENTIALS"],
    /// `403 insufficient_scope`: the webhook or app lacks the scope.
    InsufficientScope => ["insufficient_scope"],
    /// `403 ACCESS_DENIED`.
    AccessDenied => ["ACCESS_DENIED"],
    /// `403 user_access_error`: the user may not use the application.
    UserAccessError => ["user_access_error"],
    /// `NOT_FOUND` / `ERROR_NOT_FOUND`: the entity does not exist.
    NotFound => ["NOT_FOUND", "ERROR_NOT_FOUND"],
    /// `400 INVALID_REQUEST` (e.g. HTTPS required).
    InvalidRequest => ["INVALID_REQUEST"],
    /// `400 ERROR_BATCH_LENGTH_EXCEEDED`: more than 50 commands in a batch.
    BatchLengthExceeded => ["ERROR_BATCH_LENGTH_EXCEEDED"],
    /// `405 ERROR_BATCH_METHOD_NOT_ALLOWED`: the method cannot run inside a batch.
    BatchMethodNotAllowed => ["ERROR_BATCH_METHOD_NOT_ALLOWED"],
    /// `404 ERROR_METHOD_NOT_FOUND`: no such method on this portal.
    MethodNotFound => ["ERROR_METHOD_NOT_FOUND"],
    /// `404 ERROR_MANIFEST_IS_NOT_AVAILABLE`.
    ManifestNotAvailable => ["ERROR_MANIFEST_IS_NOT_AVAILABLE"],
    /// `500 INTERNAL_SERVER_ERROR`.
    InternalServerError => ["INTERNAL_SERVER_ERROR"],
    /// `500 ERROR_UNEXPECTED_ANSWER`.
    UnexpectedAnswer => ["ERROR_UNEXPECTED_ANSWER"],
    /// `500 PORTAL_DELETED`: the portal (or its public part) is closed.
    PortalDeleted => ["PORTAL_DELETED"],
    /// OAuth server: `invalid_grant` (e.g. the refresh token expired).
    InvalidGrant => ["invalid_grant"],
    /// OAuth server: `invalid_client` (wrong client id or secret, app not installed).
    InvalidClient => ["invalid_client"],
    /// OAuth server: `PAYMENT_REQUIRED`.
    PaymentRequired => ["PAYMENT_REQUIRED"],
    /// REST 3.0, `400`: a required field is missing or a value does not fit its type (a
    /// filter value too); [`ApiError::validation`] names the fields.
    RequestValidation => ["BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION"],
    /// REST 3.0, `400`: the body is not valid JSON (or not JSON at all, e.g. form data).
    InvalidJson => ["BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION"],
    /// REST 3.0, `400`: `filter` or a related field of `select` names a field the object
    /// does not have.
    UnknownDtoProperty => ["BITRIX_REST_V3_EXCEPTION_UNKNOWNDTOPROPERTYEXCEPTION"],
    /// REST 3.0, `400`: a filter condition uses an operator that does not exist.
    UnknownFilterOperator => ["BITRIX_REST_V3_EXCEPTION_UNKNOWNFILTEROPERATOREXCEPTION"],
    /// REST 3.0, `400`: no object with the given id (REST 2 says [`ApiCode::NotFound`]).
    EntityNotFound => ["BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION"],
    /// REST 3.0, `403`: the user has no permission for the object (REST 2 says
    /// [`ApiCode::AccessDenied`]).
    V3AccessDenied => ["BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION"],
    /// REST 3.0, `403`: the webhook or app lacks the method's scope (REST 2 says
    /// [`ApiCode::InsufficientScope`]).
    V3InsufficientScope => ["BITRIX_REST_V3_EXCEPTION_INSUFFICIENTSCOPEEXCEPTION"],
    /// REST 3.0, `400`: a `batch` in the old `cmd` format.
    InvalidSelect => ["BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION"],
    /// REST 3.0, `422`: the `Idempotency-Key` was already used with a different body; use
    /// a new key (reuse one only to repeat the same call).
    IdempotencyKeyReused => ["BITRIX_REST_V3_EXCEPTION_IDEMPOTENCYKEYREUSEDEXCEPTION"],
    /// REST 3.0, `400`: the portal refused the `Idempotency-Key` (length or characters;
    /// the client checks keys first, see [`Error::InvalidIdempotencyKey`]).
    InvalidIdempotencyKey => ["BITRIX_REST_V3_EXCEPTION_INVALIDIDEMPOTENCYKEYEXCEPTION"],
}

impl ApiCode {
    fn is_retryable(self, status: Option<u16>) -> bool {
        match self {
            ApiCode::QueryLimitExceeded
            | ApiCode::OperationTimeLimit
            | ApiCode::InternalServerError
            | ApiCode::UnexpectedAnswer => true,
            ApiCode::Other => matches!(status, Some(500 | 502 | 503 | 504)),
            _ => false,
        }
    }

    fn maybe_applied(self, status: Option<u16>) -> bool {
        match self {
            ApiCode::InternalServerError | ApiCode::UnexpectedAnswer => true,
            ApiCode::Other => matches!(status, Some(s) if s >= 500),
            _ => false,
        }
    }
}

impl fmt::Display for ApiCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str().unwrap_or("other"))
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
            "m: ERROR_HANDLER_ALREADY_EXIST (HTTP 400): d"
        );
        assert_eq!(e.code(), Some("ERROR_HANDLER_ALREADY_EXIST"));
        let e = Error::Api(ApiError::new("m", None, "", ""));
        assert_eq!(e.code(), Some(""));
        assert_eq!(e.status(), None);
    }
}
