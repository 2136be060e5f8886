//! A request's body: serialized once ([`Params::encode`], the only generic step of sending),
//! with the OAuth token added per attempt.

use serde::Serialize;
use serde_json::Value;

use crate::auth::Credentials;
use crate::error::Error;
use crate::method::ApiVersion;
use crate::secret::Secret;

/// A request's parameters, serialized once for all attempts: the JSON object of the
/// parameters alone (`{}` for none). OAuth bodies also carry the access token, which a
/// refresh may change between attempts, so [`Params::body`] adds it per attempt.
pub(super) struct Params(Vec<u8>);

impl Params {
    /// The one serialization of a request (the only generic step of sending).
    pub(super) fn encode<P: Serialize + ?Sized>(method: &str, params: &P) -> Result<Params, Error> {
        match serde_json::to_vec(params) {
            Ok(bytes) if bytes == b"null" => Ok(Params(b"{}".to_vec())),
            Ok(bytes) => Ok(Params(bytes)),
            Err(e) => Err(Error::Encode {
                method: method.to_owned(),
                message: e.to_string(),
            }),
        }
    }

    /// The body for one attempt, the token generation it carries and, for a REST 3.0 body
    /// that is a JSON array (the `batch`), the OAuth token to send as `Authorization:
    /// Bearer` instead: an array has no place for `auth`, and the portal takes the token
    /// from that header too (the webhook's code is in the address either way).
    pub(super) fn body(
        &self,
        credentials: &Credentials,
        method: &str,
        version: ApiVersion,
    ) -> Result<Attempt, Error> {
        let Some(oauth) = credentials.as_oauth() else {
            return Ok(Attempt {
                generation: 0,
                body: self.0.clone(),
                bearer: None,
            });
        };
        let (generation, token) = oauth.snapshot();
        if version == ApiVersion::V3 && self.0.trim_ascii().starts_with(b"[") {
            return Ok(Attempt {
                generation,
                body: self.0.clone(),
                bearer: Some(token),
            });
        }
        with_auth(&self.0, token.expose())
            .map(|body| Attempt {
                generation,
                body,
                bearer: None,
            })
            .ok_or_else(|| Error::Encode {
                method: method.to_owned(),
                message: "the parameters are not a JSON object, so an OAuth call \
                          cannot add `auth` to them"
                    .to_owned(),
            })
    }
}

/// What one attempt sends.
pub(super) struct Attempt {
    /// The token generation the body (or header) carries; 0 for webhooks.
    pub(super) generation: u64,
    /// The JSON body.
    pub(super) body: Vec<u8>,
    /// The OAuth token for an `Authorization: Bearer` header (REST 3.0 array bodies).
    pub(super) bearer: Option<Secret>,
}

/// `{…}` with `"auth": token` added as its last key; `None` when `object` is no JSON object.
pub(super) fn with_auth(object: &[u8], token: &str) -> Option<Vec<u8>> {
    let inner = object.trim_ascii().strip_prefix(b"{")?.strip_suffix(b"}")?;
    let token = serde_json::to_vec(token).ok()?;
    let mut body = Vec::with_capacity(object.len() + token.len() + 10);
    body.push(b'{');
    body.extend_from_slice(inner);
    if !inner.trim_ascii().is_empty() {
        body.push(b',');
    }
    body.extend_from_slice(b"\"auth\":");
    body.extend_from_slice(&token);
    body.push(b'}');
    Some(body)
}

/// Serializes a request to its JSON parameters.
pub(crate) fn to_params<T: Serialize + ?Sized>(method: &str, request: &T) -> Result<Value, Error> {
    match serde_json::to_value(request) {
        Ok(Value::Null) => Ok(Value::Object(serde_json::Map::new())),
        Ok(v) => Ok(v),
        Err(e) => Err(Error::Encode {
            method: method.to_owned(),
            message: e.to_string(),
        }),
    }
}
