//! Decoding answers that did not come through a [`Client`](crate::Client): recorded
//! answers replayed in tests, bodies read from a queue, fixtures.

use crate::envelope;
use crate::{Error, Method, Response};

/// Decodes a whole answer body (the envelope: `result`, `time`, `total`, `next`) for method
/// `M` exactly as the client decodes a `200` answer: the same lenient rules, the same
/// errors (an `error` body is [`Error::Api`], garbage is [`Error::UnexpectedAnswer`], a
/// `result` that does not fit is [`Error::Decode`] naming the field).
///
/// REST 3.0 methods ([`ApiVersion::V3`](crate::ApiVersion)) go through the same rules: their
/// answers share the envelope (`result` holds `item`, `items` or `result`, which `M::Response`
/// describes), and their `error: {code, message, validation}` bodies become [`Error::Api`]
/// with [`ApiError::validation`](crate::ApiError::validation) filled. A body has no headers,
/// so [`Response::replayed`] is `false`.
///
/// ```
/// use bitrix_api::methods::CrmLeadContactItemsGet;
/// let body = br#"{"result": [{"CONTACT_ID": "1010", "SORT": 10, "ROLE_ID": 0, "IS_PRIMARY": "Y"}],
///                 "time": {"start": 1.0, "finish": 1.1, "duration": 0.1}}"#;
/// let answer = bitrix_api::decode_answer::<CrmLeadContactItemsGet>(body)?;
/// assert_eq!(answer.result[0].contact_id, Some(1010));
/// assert!(answer.time.is_some());
/// # Ok::<(), bitrix_api::Error>(())
/// ```
pub fn decode_answer<M: Method>(body: &[u8]) -> Result<Response<M::Response>, Error> {
    envelope::read(
        M::NAME,
        200,
        body,
        Vec::new,
        &envelope::typed_pass::<M::Response>,
    )?
    .decode(M::NAME, false)
}
