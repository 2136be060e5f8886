//! The table from what a portal said (code, description, HTTP status) to an [`ErrorKind`].
//!
//! The sources are error-codes.md (system errors), settings/oauth/error-codes.md,
//! api-reference/rest-v3.md and the error tables of the method pages. Those pages list
//! hundreds of section codes; most follow a few shapes (`*_NOT_FOUND`, `*ACCESS_DENIED`,
//! `*_EMPTY`, the catalog's and sale's `2…403…`/`2…404…` numbers), and many carry no
//! meaning of their own (the empty code, `ERROR_CORE`, `0`, `100`) and say it in the
//! description instead (`Not found`, `Access denied`, `Required fields not provided: X`).
//! So: the documented codes first, then the shapes that leave no doubt, then the
//! description, then the shapes that only hint (`*INVALID*`, `*ARGUMENT*`), then the
//! status. `tests/error_survey.rs` runs this over every table of the pages.

use super::{ApiCode, ApiError, AuthReason, ErrorKind};

/// The kind of a portal error.
pub(super) fn api(e: &ApiError) -> ErrorKind {
    let code = e.raw_code.trim().to_ascii_uppercase();
    let description = e.description.to_lowercase();
    let kind = documented(e.code)
        .or_else(|| clear_code(&code))
        .or_else(|| by_description(&description))
        .or_else(|| hinting_code(&code))
        .or_else(|| by_status(e.status))
        .unwrap_or(ErrorKind::Other);
    match kind {
        ErrorKind::Validation { field: None } => ErrorKind::Validation { field: field_of(e) },
        kind => kind,
    }
}

/// The codes of the system, OAuth and REST 3.0 tables.
fn documented(code: ApiCode) -> Option<ErrorKind> {
    use ErrorKind::*;
    Some(match code {
        ApiCode::QueryLimitExceeded | ApiCode::OperationTimeLimit | ApiCode::OverloadLimit => {
            RateLimited
        }
        ApiCode::ExpiredToken => Auth(AuthReason::Expired),
        ApiCode::InvalidToken | ApiCode::NoAuthFound => Auth(AuthReason::Invalid),
        ApiCode::InvalidGrant => Auth(AuthReason::Grant),
        ApiCode::InvalidClient => Auth(AuthReason::Client),
        ApiCode::PaymentRequired => Auth(AuthReason::PaymentRequired),
        ApiCode::InvalidCredentials
        | ApiCode::AccessDenied
        | ApiCode::UserAccessError
        | ApiCode::V3AccessDenied => AccessDenied,
        ApiCode::InsufficientScope | ApiCode::V3InsufficientScope => InsufficientScope,
        ApiCode::NotFound | ApiCode::EntityNotFound => NotFound,
        ApiCode::MethodNotFound => MethodNotFound,
        ApiCode::InvalidRequest
        | ApiCode::BatchLengthExceeded
        | ApiCode::BatchMethodNotAllowed
        | ApiCode::RequestValidation
        | ApiCode::InvalidJson
        | ApiCode::UnknownDtoProperty
        | ApiCode::UnknownFilterOperator
        | ApiCode::InvalidSelect
        | ApiCode::IdempotencyKeyReused
        | ApiCode::InvalidIdempotencyKey => Validation { field: None },
        ApiCode::InternalServerError | ApiCode::UnexpectedAnswer => PortalInternal,
        ApiCode::PortalDeleted | ApiCode::ManifestNotAvailable => Other,
        ApiCode::Other => return None,
    })
}

/// Code shapes that say what happened whatever the description (upper-cased code).
fn clear_code(code: &str) -> Option<ErrorKind> {
    let has = |parts: &[&str]| parts.iter().any(|p| code.contains(p));
    if code.is_empty() {
        None
    } else if has(&["METHOD_NOT_FOUND"]) {
        Some(ErrorKind::MethodNotFound)
    } else if has(&["AUTH_TYPE"]) {
        Some(ErrorKind::Auth(AuthReason::WrongType))
    } else if has(&["NOT_FOUND", "NOTFOUND", "NOT_EXIST", "NOTEXIST"]) {
        Some(ErrorKind::NotFound)
    } else if has(&["SCOPE"]) {
        Some(ErrorKind::InsufficientScope)
    } else if has(&[
        "ACCESS_DENIED",
        "ACCESSDENIED",
        "ACCESS_ERROR",
        "ACCESSEXCEPTION",
        "PERMISSION",
        "RIGHTS",
        "NOT_ADMIN",
        "OWNERSHIP",
        "FORBIDDEN",
        "ONLY_INTRANET_USER",
    ]) {
        Some(ErrorKind::AccessDenied)
    } else if has(&["QUERY_LIMIT", "TOO_MANY_REQUESTS"]) {
        Some(ErrorKind::RateLimited)
    } else {
        numeric(code)
    }
}

/// The catalog's and sale's twelve-digit codes carry an HTTP-like status in digits 5–7
/// (`200040300010`: no right to read; `201240400001`: not found); bare `403`/`404` too.
fn numeric(code: &str) -> Option<ErrorKind> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let status = match code.len() {
        12 => code.get(4..7)?,
        3 => code,
        _ => return None,
    };
    match status {
        "403" => Some(ErrorKind::AccessDenied),
        "404" => Some(ErrorKind::NotFound),
        _ => None,
    }
}

/// What the description says, for codes that say nothing (lower-cased description;
/// English as the pages show it, and the Russian a portal in that language answers).
fn by_description(d: &str) -> Option<ErrorKind> {
    let has = |parts: &[&str]| parts.iter().any(|p| d.contains(p));
    if d.trim().is_empty() {
        None
    } else if has(&[
        "access denied",
        "insufficient permission",
        "insufficient right",
        "insufficient access",
        "not enough right",
        "not enough permission",
        "permission denied",
        "have permission",
        "no access",
        "no permission",
        "доступ запрещ",
        "недостаточно прав",
        "нет прав",
    ]) {
        Some(ErrorKind::AccessDenied)
    } else if has(&[
        "field is not found",
        "field not found",
        "parameter is not found",
        "parameter not found",
    ]) {
        // A missing parameter, in the wording of a few CRM methods.
        Some(ErrorKind::Validation { field: None })
    } else if (d.starts_with("no ") && (d.contains(" found") || d.contains(" exist")))
        || has(&[
            "not found",
            "not exist",
            "doesn't exist",
            "no such",
            "не найден",
            "не существует",
        ])
    {
        Some(ErrorKind::NotFound)
    } else if has(&[
        "internal error",
        "internal server error",
        "внутренняя ошибка",
    ]) {
        Some(ErrorKind::PortalInternal)
    } else if has(&[
        "required",
        "not specified",
        "not provided",
        "not defined",
        "is not set",
        "must be",
        "must not",
        "should be",
        "invalid",
        "incorrect",
        "is empty",
        "null or empty",
        "not valid",
        "not a valid",
        "not supported",
        "too long",
        "no fields",
        "no data",
        "wrong",
        "missing",
        "обязательн",
        "не указан",
        "не заполнен",
        "неверн",
        "некорректн",
    ]) {
        Some(ErrorKind::Validation { field: None })
    } else {
        None
    }
}

/// Code shapes that only hint (a description saying more wins).
fn hinting_code(code: &str) -> Option<ErrorKind> {
    let has = |parts: &[&str]| parts.iter().any(|p| code.contains(p));
    if has(&[
        "VALIDATION",
        "REQUIRED",
        "EMPTY",
        "INVALID",
        "INCORRECT",
        "WRONG",
        "MISSING",
        "NOT_SPECIFIED",
        "BAD_REQUEST",
        "TYPE_ERROR",
        "FORMAT",
        "ARGUMENT",
        "PARAM",
        "CHECK_FAILURE",
        "OVERSIZE",
        "TOO_LONG",
        "NOT_SUPPORTED",
    ]) || matches!(code, "400" | "422")
    {
        Some(ErrorKind::Validation { field: None })
    } else if has(&["SYSTEM_ERROR", "INTERNAL"]) || code == "500" {
        Some(ErrorKind::PortalInternal)
    } else {
        None
    }
}

/// The HTTP status alone (a 400 says nothing: every kind of error uses it).
fn by_status(status: Option<u16>) -> Option<ErrorKind> {
    match status? {
        401 => Some(ErrorKind::Auth(AuthReason::Invalid)),
        403 => Some(ErrorKind::AccessDenied),
        404 => Some(ErrorKind::NotFound),
        422 => Some(ErrorKind::Validation { field: None }),
        429 => Some(ErrorKind::RateLimited),
        500..=599 => Some(ErrorKind::PortalInternal),
        _ => None,
    }
}

/// The field a validation error is about: REST 3.0's `validation` list, else what the
/// description names (`Required fields not provided: TITLE.`, `The parameter id is
/// invalid`, `Parameter 'fields' must be array`, `ID is not defined or invalid`).
fn field_of(e: &ApiError) -> Option<String> {
    if let Some(field) = e.validation.iter().find_map(|v| v.field.clone()) {
        return Some(field);
    }
    let d = e.description.trim();
    let after = |marker: &str| {
        d.find(marker)
            .map(|i| &d[i + marker.len()..])
            .and_then(first_name)
    };
    after("not provided: ")
        .or_else(|| after("not specified: "))
        .or_else(|| after("The parameter "))
        .or_else(|| quoted(d))
        .or_else(|| {
            d.split_once(" is not defined")
                .and_then(|(name, _)| name.split_whitespace().last())
                .filter(|name| is_name(name))
                .map(str::to_owned)
        })
}

/// The first name in quotes (`'X'`, `"X"`, `` `X` ``).
fn quoted(d: &str) -> Option<String> {
    for q in ['\'', '"', '`'] {
        let mut parts = d.split(q);
        parts.next();
        if let Some(inner) = parts.next() {
            if is_name(inner) && parts.next().is_some() {
                return Some(inner.to_owned());
            }
        }
    }
    None
}

/// The leading name of `text` (`TITLE.` → `TITLE`).
fn first_name(text: &str) -> Option<String> {
    let name: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
        .collect();
    let name = name.trim_end_matches('.');
    is_name(name).then(|| name.to_owned())
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Validation;

    fn kind(status: u16, code: &str, description: &str) -> ErrorKind {
        ApiError::new("m", Some(status), code, description).kind()
    }

    fn invalid(field: Option<&str>) -> ErrorKind {
        ErrorKind::Validation {
            field: field.map(str::to_owned),
        }
    }

    /// Rows as the pages and the system, OAuth and REST 3.0 tables list them.
    #[rustfmt::skip]
    fn rows() -> Vec<(u16, &'static str, &'static str, ErrorKind)> {
        use AuthReason::*;
        use ErrorKind::*;
        vec![
            // System errors (error-codes.md).
            (500, "INTERNAL_SERVER_ERROR", "Internal server error", PortalInternal),
            (500, "ERROR_UNEXPECTED_ANSWER", "Server returned an unexpected response", PortalInternal),
            (503, "QUERY_LIMIT_EXCEEDED", "Too many requests", RateLimited),
            (405, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage", invalid(None)),
            (400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded", invalid(None)),
            (401, "NO_AUTH_FOUND", "Wrong authorization data", Auth(Invalid)),
            (400, "INVALID_REQUEST", "Https required", invalid(None)),
            (503, "OVERLOAD_LIMIT", "REST API is blocked due to overload", RateLimited),
            (403, "ACCESS_DENIED", "REST API is available only on commercial plans", AccessDenied),
            (403, "INVALID_CREDENTIALS", "Invalid request credentials", AccessDenied),
            (404, "ERROR_MANIFEST_IS_NOT_AVAILABLE", "Manifest is not available", Other),
            (403, "insufficient_scope", "The request requires higher privileges", InsufficientScope),
            (401, "expired_token", "The access token provided has expired", Auth(Expired)),
            (403, "user_access_error", "The user does not have access to the application", AccessDenied),
            (500, "PORTAL_DELETED", "Portal was deleted", Other),
            (404, "ERROR_METHOD_NOT_FOUND", "Method not found!", MethodNotFound),
            (429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit.", RateLimited),
            (401, "invalid_token", "The access token provided is invalid.", Auth(Invalid)),
            // The OAuth server (settings/oauth/error-codes.md).
            (400, "invalid_request", "", invalid(None)),
            (400, "invalid_client", "", Auth(Client)),
            (400, "invalid_scope", "", InsufficientScope),
            (400, "invalid_grant", "", Auth(Grant)),
            (400, "PAYMENT_REQUIRED", "Payment required", Auth(PaymentRequired)),
            // REST 3.0 (api-reference/rest-v3.md).
            (400, "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION", "", invalid(None)),
            (400, "BITRIX_REST_V3_EXCEPTION_VALIDATION_DTOVALIDATIONEXCEPTION", "", invalid(None)),
            (400, "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION", "", invalid(None)),
            (400, "BITRIX_REST_V3_EXCEPTION_UNKNOWNDTOPROPERTYEXCEPTION", "", invalid(None)),
            (400, "BITRIX_REST_V3_EXCEPTION_UNKNOWNFILTEROPERATOREXCEPTION", "", invalid(None)),
            (400, "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION", "", NotFound),
            (403, "BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION", "", AccessDenied),
            (403, "BITRIX_REST_V3_EXCEPTION_INSUFFICIENTSCOPEEXCEPTION", "", InsufficientScope),
            (400, "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION", "", invalid(None)),
            (422, "BITRIX_REST_V3_EXCEPTION_IDEMPOTENCYKEYREUSEDEXCEPTION", "", invalid(None)),
            (400, "BITRIX_REST_V3_EXCEPTION_INVALIDIDEMPOTENCYKEYEXCEPTION", "", invalid(None)),
            // Method pages: section not-found codes and empty or generic codes.
            (400, "", "Not found", NotFound),
            (400, "", "Access denied", AccessDenied),
            (400, "", "ID is not defined or invalid", invalid(Some("ID"))),
            (400, "ERROR_ENTITY_NOT_FOUND", "Entity not found", NotFound),
            (400, "OWNER_NOT_FOUND", "Owner not found", NotFound),
            (400, "BOT_NOT_FOUND", "Bot not found", NotFound),
            (400, "LANDING_NOT_EXIST", "Landing not exist", NotFound),
            (400, "ERROR_CORE", "Not found", NotFound),
            (400, "ERROR_CORE", "Internal error deleting the order property", PortalInternal),
            (400, "ERROR_CORE", "Access denied", AccessDenied),
            (400, "0", "Access Denied", AccessDenied),
            (400, "200040300010", "Insufficient permissions to view the product", AccessDenied),
            (400, "201240400001", "Order not found", NotFound),
            (400, "1040", "Wait list not found", NotFound),
            (400, "200800000000", "No VAT rate exists with this identifier", NotFound),
            (400, "", "No blog found", NotFound),
            (400, "", "There are no data to write.", invalid(None)),
            (400, "ENTITY_TYPE_NOT_SUPPORTED", "", invalid(None)),
            (400, "0x100002", "Access denied", AccessDenied),
            (400, "100", "Parameter `id` not specified", invalid(Some("id"))),
            (400, "ERROR_ARGUMENT", "Argument 'ENTITY' is null or empty", invalid(Some("ENTITY"))),
            (400, "CHAT_ID_EMPTY", "", invalid(None)),
            (400, "WRONG_AUTH_TYPE", "Application context required", Auth(WrongType)),
            (400, "DOCGEN_ACCESS_ERROR", "", AccessDenied),
            (400, "IS_NOT_ADMIN", "", AccessDenied),
            (400, "allowed_only_intranet_user", "", AccessDenied),
            (400, "SYSTEM_ERROR", "", PortalInternal),
            (400, "ERROR_HANDLER_ALREADY_EXIST", "Handler already exists!", Other),
            (400, "", "", Other),
        ]
    }

    #[test]
    fn the_documented_table() {
        for (status, code, description, expected) in &rows() {
            assert_eq!(
                &kind(*status, code, description),
                expected,
                "{status} {code:?} {description:?}"
            );
        }
    }

    #[test]
    fn descriptions_name_the_field() {
        assert_eq!(
            kind(400, "", "Required fields not provided: CONTACT_ID."),
            invalid(Some("CONTACT_ID"))
        );
        assert_eq!(
            kind(400, "", "The parameter id is invalid or not defined."),
            invalid(Some("id"))
        );
        assert_eq!(
            kind(400, "", "Parameter 'fields' must be array."),
            invalid(Some("fields"))
        );
        assert_eq!(
            kind(400, "", "The 'FIELD_NAME' field is not found."),
            invalid(Some("FIELD_NAME"))
        );
        assert_eq!(kind(400, "", "Bad things"), ErrorKind::Other);
        let v3 = ApiError::new(
            "m",
            Some(400),
            "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
            "Error validating request object",
        )
        .with_validation(vec![Validation::new(Some("id"), "Required field `id`")]);
        assert_eq!(v3.kind(), invalid(Some("id")));
    }

    #[test]
    fn status_decides_when_nothing_else_does() {
        assert_eq!(kind(404, "SOMETHING", ""), ErrorKind::NotFound);
        assert_eq!(kind(403, "SOMETHING", ""), ErrorKind::AccessDenied);
        assert_eq!(kind(401, "", ""), ErrorKind::Auth(AuthReason::Invalid));
        assert_eq!(kind(502, "", ""), ErrorKind::PortalInternal);
        assert_eq!(kind(429, "", ""), ErrorKind::RateLimited);
        assert_eq!(kind(400, "SOMETHING", ""), ErrorKind::Other);
        // Russian portals.
        assert_eq!(kind(400, "", "Элемент не найден"), ErrorKind::NotFound);
        assert_eq!(kind(400, "", "Доступ запрещен"), ErrorKind::AccessDenied);
    }
}
