//! The platform-level errors of the system-errors table (`_includes/system-errors.md`),
//! on demand: once or randomly as a [`Fault::System`](super::Fault::System), or for every
//! request as a portal state ([`Portal::set_outage`](super::Portal::set_outage)). The
//! method is never applied.

use super::answer::ApiError;

/// A documented system error: its status, code and message are the table's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SystemError {
    /// `500 INTERNAL_SERVER_ERROR` (as JSON; [`Fault::ServerError`](super::Fault::ServerError)
    /// is the HTML page a proxy sends).
    InternalServerError,
    /// `500 ERROR_UNEXPECTED_ANSWER`.
    UnexpectedAnswer,
    /// `503 OVERLOAD_LIMIT`: REST blocked because of overload (retrying does not help).
    Overload,
    /// `500 PORTAL_DELETED`: the portal's public part is closed.
    PortalDeleted,
    /// `403 ACCESS_DENIED`: REST is only on commercial plans.
    RestUnavailable,
    /// `403 INVALID_CREDENTIALS`: the user lacks the rights.
    InvalidCredentials,
    /// `403 user_access_error`: the app is limited to other users.
    UserAccessError,
    /// `400 INVALID_REQUEST`: HTTPS required.
    HttpsRequired,
}

impl SystemError {
    /// Every kind, in the table's order.
    pub const ALL: [SystemError; 8] = [
        SystemError::InternalServerError,
        SystemError::UnexpectedAnswer,
        SystemError::Overload,
        SystemError::RestUnavailable,
        SystemError::InvalidCredentials,
        SystemError::UserAccessError,
        SystemError::PortalDeleted,
        SystemError::HttpsRequired,
    ];

    /// HTTP status, `error`, `error_description`.
    pub fn parts(self) -> (u16, &'static str, &'static str) {
        match self {
            SystemError::InternalServerError => {
                (500, "INTERNAL_SERVER_ERROR", "Internal server error")
            }
            SystemError::UnexpectedAnswer => (
                500,
                "ERROR_UNEXPECTED_ANSWER",
                "Server returned an unexpected response",
            ),
            SystemError::Overload => (503, "OVERLOAD_LIMIT", "REST API is blocked due to overload"),
            SystemError::PortalDeleted => (500, "PORTAL_DELETED", "Portal was deleted"),
            SystemError::RestUnavailable => (
                403,
                "ACCESS_DENIED",
                "REST API is available only on commercial plans",
            ),
            SystemError::InvalidCredentials => {
                (403, "INVALID_CREDENTIALS", "Invalid request credentials")
            }
            SystemError::UserAccessError => (
                403,
                "user_access_error",
                "The user does not have access to the application",
            ),
            SystemError::HttpsRequired => (400, "INVALID_REQUEST", "Https required"),
        }
    }

    pub(crate) fn error(self) -> ApiError {
        let (status, code, text) = self.parts();
        ApiError::new(status, code, text)
    }
}
