//! [`ApiError`]: what the portal (or the OAuth server) said, and [`ApiCode`], the documented
//! codes it may say it with.

use std::fmt;

#[cfg(doc)]
use super::Error;

/// An error the portal (or the OAuth server) reported: REST 2's `error` /
/// `error_description`, or REST 3.0's `error: {code, message, validation}` (then
/// `description` is the `message` and [`ApiError::validation`] lists the fields).
///
/// Its `Display` is one line: `method: CODE: description (HTTP 400) [field: message]`,
/// leaving out what the portal left empty (`crm.deal.get: Not found (HTTP 400)` for the
/// empty code real portals send).
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.raw_code.trim();
        let description = self.description.trim();
        write!(f, "{}: ", self.method)?;
        match (code.is_empty(), description.is_empty()) {
            (false, false) => write!(f, "{code}: {description}")?,
            (false, true) => f.write_str(code)?,
            (true, false) => f.write_str(description)?,
            (true, true) => f.write_str("error without a code or description")?,
        }
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        f.write_str(&validation_text(&self.validation))
    }
}

impl std::error::Error for ApiError {}

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
    pub(super) fn is_retryable(self, status: Option<u16>) -> bool {
        match self {
            ApiCode::QueryLimitExceeded
            | ApiCode::OperationTimeLimit
            | ApiCode::InternalServerError
            | ApiCode::UnexpectedAnswer => true,
            ApiCode::Other => matches!(status, Some(500 | 502 | 503 | 504)),
            _ => false,
        }
    }

    pub(super) fn maybe_applied(self, status: Option<u16>) -> bool {
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
