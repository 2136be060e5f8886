//! REST 3.0 `batch`: several calls in one request, each answer typed —
//! [`V3Client::batch`] → [`V3Batch`] → [`V3BatchResults`].
//!
//! The request is a JSON array at the root, one `{"method", "query"}` per step, where
//! `query` is what the method takes in a single call; the answer's `result` is an array
//! of the steps' `result`s in the same order (`api-reference/rest-v3.md#batch`). The
//! REST 2 `cmd` form is refused by the portal (`…INVALIDSELECTEXCEPTION`), so this is a
//! batch of its own, not [`crate::batch::Batch`].
//!
//! What the overview leaves open, and what this client does:
//! - a failing step: the overview shows no per-step error, and an error answer carries no
//!   `result`, so a failing step fails the whole request; [`V3Batch::send`] returns that
//!   error (its code is the step's). Steps before it may have run: a batch with writes
//!   should be resent with the same `Idempotency-Key` only after the cause is fixed.
//!   Should a portal put `{"error": {…}}` where a step's answer goes, that step's
//!   [`V3BatchResults::get`] is the typed [`Error::Api`] and the other steps still decode.
//! - results of earlier steps: the overview says they can be substituted into later
//!   steps but shows no syntax, so no reference form is offered; write the value into
//!   `query` yourself, or use two requests.
//! - no step limit is documented; none is enforced here.
//! - `Idempotency-Key`: sent when any step writes ([`needs_idempotency_key`]), fresh per
//!   batch and the same on every retry, or the one set with
//!   [`V3Batch::idempotency_key`]; the portal keeps the answer of the whole batch under it.
//! - OAuth: an array has no room for `auth`, so the access token goes in an
//!   `Authorization: Bearer` header (webhooks carry their code in the address as always).
//!
//! ```no_run
//! # async fn run(client: bitrix_api::Client) -> Result<(), bitrix_api::Error> {
//! use serde_json::json;
//!
//! let mut batch = client.v3().batch();
//! let added = batch.add_raw("note.document.add", json!({"fields": {"title": "Runbook"}}));
//! let docs = batch.add_raw("note.document.list", json!({"select": ["id", "title"]}));
//! let results = batch.send().await?; // one request, one Idempotency-Key (a step writes)
//! println!("{} then {}", results.get(&added)?["item"]["id"], results.get(&docs)?["items"]);
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use serde_json::{json, Map, Value};

use super::V3Client;
use crate::client::{to_params, Route};
use crate::envelope::{self, Time};
use crate::error::{AnswerKind, Error};
use crate::idempotency::{needs_idempotency_key, IdempotencyKey};
use crate::method::{ApiVersion, Method};
use crate::wire::Wire;

/// The method that runs a REST 3.0 batch.
const BATCH: &str = "batch";

/// A typed handle to one step's answer in [`V3BatchResults`]; `T` is what the step's
/// `result` decodes to.
pub struct V3BatchRef<T> {
    index: usize,
    method: String,
    _answer: PhantomData<fn() -> T>,
}

impl<T> V3BatchRef<T> {
    /// The step's place in the batch, from 0.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The step's method.
    pub fn method(&self) -> &str {
        &self.method
    }
}

impl<T> Clone for V3BatchRef<T> {
    fn clone(&self) -> Self {
        V3BatchRef {
            index: self.index,
            method: self.method.clone(),
            _answer: PhantomData,
        }
    }
}

impl<T> fmt::Debug for V3BatchRef<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("V3BatchRef")
            .field("index", &self.index)
            .field("method", &self.method)
            .finish()
    }
}

/// A REST 3.0 batch being put together; start with [`V3Client::batch`], send with
/// [`V3Batch::send`] (or `.await`).
pub struct V3Batch {
    v3: V3Client,
    steps: Vec<Value>,
    methods: Vec<String>,
    key: Option<String>,
    problem: Option<Error>,
}

impl V3Client {
    /// Starts a REST 3.0 batch: steps run in one request, answers come back in order.
    pub fn batch(&self) -> V3Batch {
        V3Batch {
            v3: self.clone(),
            steps: Vec::new(),
            methods: Vec::new(),
            key: None,
            problem: None,
        }
    }
}

impl V3Batch {
    /// Adds a call of a bound REST 3.0 method; its answer decodes as `M::Response`. A
    /// REST 2 method makes [`V3Batch::send`] fail with [`Error::Config`] before anything
    /// is sent (REST 2 methods are not at `/rest/api/`).
    pub fn add<M: Method>(&mut self, request: &M) -> V3BatchRef<M::Response> {
        let query = match M::VERSION {
            ApiVersion::V3 => to_params(M::NAME, request),
            ApiVersion::V2 => Err(Error::Config(format!(
                "`{}` is a REST 2 method, which a REST 3.0 batch cannot run; use Client::batch",
                M::NAME
            ))),
        };
        self.push(M::NAME, query)
    }

    /// Adds a call of any REST 3.0 method by name; `query` is its parameters as in a single
    /// call (a JSON object; `null` for none). Its answer is JSON.
    pub fn add_raw(&mut self, method: &str, query: Value) -> V3BatchRef<Value> {
        let query = match query {
            Value::Null => Ok(Value::Object(Map::new())),
            Value::Object(m) => Ok(Value::Object(m)),
            _ => Err(Error::Encode {
                method: method.to_owned(),
                message: "a batch step's query must be a JSON object".to_owned(),
            }),
        };
        self.push(method, query)
    }

    /// Sends this `Idempotency-Key` (on every attempt) instead of a fresh one, also when
    /// every step only reads: resend the same batch later with the same key to get the
    /// stored answer rather than running its writes twice. Checked when sent: 1 to 255
    /// printable ASCII characters.
    pub fn idempotency_key(&mut self, key: impl Into<String>) -> &mut Self {
        self.key = Some(key.into());
        self
    }

    /// How many steps were added.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether no step was added.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    fn push<T>(&mut self, method: &str, query: Result<Value, Error>) -> V3BatchRef<T> {
        match query {
            Ok(query) => self.steps.push(json!({ "method": method, "query": query })),
            Err(e) => {
                self.problem.get_or_insert(e);
                self.steps.push(Value::Null);
            }
        }
        self.methods.push(method.to_owned());
        V3BatchRef {
            index: self.steps.len() - 1,
            method: method.to_owned(),
            _answer: PhantomData,
        }
    }

    /// The `Idempotency-Key` this batch carries: the caller's, else a fresh one when a
    /// step writes, else none.
    fn key(&self) -> Result<Option<IdempotencyKey>, Error> {
        match &self.key {
            Some(key) => IdempotencyKey::new(key.as_str()).map(Some),
            None if self.methods.iter().any(|m| needs_idempotency_key(m)) => {
                Ok(Some(IdempotencyKey::random()))
            }
            None => Ok(None),
        }
    }

    /// Sends the batch as one request and returns every step's answer. `Err` when a step
    /// could not be built (nothing is sent), when the portal refused the request or one
    /// of its steps (the error's code is the step's), or when the answer is not one
    /// result per step. An empty batch sends nothing.
    pub async fn send(self) -> Result<V3BatchResults, Error> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        if self.steps.is_empty() {
            return Ok(V3BatchResults {
                entries: Vec::new(),
                time: None,
                replayed: false,
            });
        }
        let gates = [BATCH];
        let route = Route {
            version: ApiVersion::V3,
            // Reads change nothing; writes carry one key on every attempt.
            idempotent: true,
            key: self.key()?,
            gates: &gates,
        };
        let client = self.v3.client();
        let answer = client
            .send::<Value, _>(BATCH, &Value::Array(self.steps), &route)
            .await?;
        let results = match answer.result {
            Value::Array(results) if results.len() == self.methods.len() => results,
            other => {
                return Err(Error::UnexpectedAnswer {
                    method: BATCH.to_owned(),
                    status: 200,
                    kind: AnswerKind::NoResult,
                    excerpt: format!(
                        "expected `result` to be a list of {} step answers, got {}",
                        self.methods.len(),
                        describe(&other)
                    ),
                })
            }
        };
        let entries = results
            .into_iter()
            .zip(&self.methods)
            .map(
                |(entry, method)| match envelope::step_error(method, &entry) {
                    Some(e) => Err(client.redact(Error::Api(e))),
                    None => Ok(entry),
                },
            )
            .collect();
        Ok(V3BatchResults {
            entries,
            time: answer.time,
            replayed: answer.replayed,
        })
    }
}

/// What a `result` that is not the expected list is, for the error text.
fn describe(value: &Value) -> String {
    match value {
        Value::Array(items) => format!("a list of {}", items.len()),
        Value::Object(_) => "an object".to_owned(),
        Value::Null => "null".to_owned(),
        _ => "a single value".to_owned(),
    }
}

impl IntoFuture for V3Batch {
    type Output = Result<V3BatchResults, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl fmt::Debug for V3Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("V3Batch")
            .field("methods", &self.methods)
            .field("idempotency_key", &self.key)
            .finish()
    }
}

/// Every step's answer of a sent [`V3Batch`], in order.
#[derive(Debug, Clone)]
pub struct V3BatchResults {
    entries: Vec<Result<Value, Error>>,
    time: Option<Time>,
    replayed: bool,
}

impl V3BatchResults {
    /// The decoded answer of one step; a decode error names the step (`result[i]`) and
    /// the field.
    pub fn get<T: Wire>(&self, r: &V3BatchRef<T>) -> Result<T, Error> {
        let entry = self.entries.get(r.index).ok_or_else(|| {
            Error::Config(format!(
                "step {} (`{}`) is not in these results: the reference is from another batch",
                r.index, r.method
            ))
        })?;
        envelope::decode(&r.method, &format!("result[{}]", r.index), entry.clone()?)
    }

    /// How many step answers there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none (an empty batch).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The batch's `time` (one for the whole request; the portal counts a batch's
    /// `operating` time under `batch`).
    pub fn time(&self) -> Option<&Time> {
        self.time.as_ref()
    }

    /// Whether the portal replayed the stored answer of an earlier batch with the same
    /// `Idempotency-Key` (`Idempotent-Replayed: true`): no step ran again.
    pub fn replayed(&self) -> bool {
        self.replayed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v3() -> V3Client {
        crate::Client::webhook("https://example.bitrix24.com/rest/1/code/")
            .unwrap()
            .v3()
    }

    #[test]
    fn steps_are_method_and_query() {
        let mut batch = v3().batch();
        let a = batch.add_raw("note.document.get", json!({"id": 1}));
        let b = batch.add_raw("note.document.list", Value::Null);
        assert_eq!(
            (a.index(), b.index(), b.method()),
            (0, 1, "note.document.list")
        );
        assert_eq!(
            Value::Array(batch.steps.clone()),
            json!([
                {"method": "note.document.get", "query": {"id": 1}},
                {"method": "note.document.list", "query": {}},
            ])
        );
        assert!(batch.key().unwrap().is_none(), "reads only: no key");
        batch.add_raw("note.document.add", json!({"fields": {}}));
        assert_eq!(batch.key().unwrap().unwrap().as_str().len(), 32);
        batch.idempotency_key("order-7");
        assert_eq!(batch.key().unwrap().unwrap().as_str(), "order-7");
        batch.idempotency_key("");
        assert!(matches!(
            batch.key(),
            Err(Error::InvalidIdempotencyKey { .. })
        ));
    }

    #[test]
    fn a_step_that_cannot_be_built_fails_the_send() {
        let mut batch = v3().batch();
        batch.add_raw("note.document.get", json!([1]));
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        assert!(matches!(
            rt.block_on(batch.send()),
            Err(Error::Encode { .. })
        ));
    }

    #[test]
    fn error_entries_are_typed_per_step() {
        let results = V3BatchResults {
            entries: vec![
                Ok(json!({"item": {"id": 1}})),
                Err(Error::Api(
                    envelope::step_error(
                        "note.document.get",
                        &json!({"error": {"code": "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION", "message": "no"}}),
                    )
                    .unwrap(),
                )),
            ],
            time: None,
            replayed: false,
        };
        let r0: V3BatchRef<Value> = V3BatchRef {
            index: 0,
            method: "note.document.get".into(),
            _answer: PhantomData,
        };
        let r1 = V3BatchRef::<Value> {
            index: 1,
            ..r0.clone()
        };
        let r9 = V3BatchRef::<Value> {
            index: 9,
            ..r0.clone()
        };
        assert_eq!(results.get(&r0).unwrap()["item"]["id"], 1);
        let e = results.get(&r1).unwrap_err();
        assert_eq!(
            e.code(),
            Some("BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION")
        );
        assert_eq!(e.status(), None);
        assert!(matches!(results.get(&r9), Err(Error::Config(_))));
        let typed: V3BatchRef<i64> = V3BatchRef {
            index: 0,
            method: "note.document.get".into(),
            _answer: PhantomData,
        };
        match results.get(&typed) {
            Err(Error::Decode { path, .. }) => assert_eq!(path, "result[0]"),
            other => panic!("{other:?}"),
        }
        assert!(envelope::step_error("m", &json!({"item": {}})).is_none());
        assert!(envelope::step_error("m", &json!({"error": "x", "item": 1})).is_none());
    }
}
