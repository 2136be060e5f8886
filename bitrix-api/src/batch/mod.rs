//! Typed batches: many commands in one HTTP request, each with its own typed answer or
//! its own error.
//!
//! A batch holds up to 50 commands per HTTP call; longer batches are split into calls of
//! 50, sent one after another in the order the commands were added. Each call counts
//! once against the rate limit. Commands can use earlier commands' answers through
//! [`Ref`]s (`$result[key][field]`), within the same call of 50.
//!
//! ```no_run
//! # async fn run(client: bitrix_api::Client) -> Result<(), bitrix_api::Error> {
//! use serde_json::json;
//!
//! let mut batch = client.batch();
//! let lead = batch.add_raw("lead", "crm.lead.add", json!({"fields": {"TITLE": "From a batch"}}));
//! let read = batch.add_raw("read", "crm.lead.get", json!({"id": lead.result()}));
//! batch.halt(true);
//! let mut answers = batch.send().await?;
//! let id = answers.take(&lead)?;
//! let lead = answers.take(&read)?;
//! println!("{id}: {lead}");
//! # Ok(()) }
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;

use crate::client::{to_params, Client};
use crate::envelope::{self, Response, Time};
use crate::error::{ApiCode, ApiError, Error};
use crate::method::Method;
use crate::retry::is_idempotent;
use crate::wire::Wire;

mod refs;

pub use refs::{BatchRef, Ref};

/// The most commands the portal runs in one batch call.
pub const MAX_COMMANDS: usize = 50;

/// One command, encoded the way `cmd` carries it.
#[derive(Debug, Clone)]
pub(crate) struct Command {
    pub(crate) key: String,
    pub(crate) method: String,
    /// `method?query`, or an error if the request could not be encoded.
    pub(crate) cmd: Result<String, Error>,
}

impl Command {
    pub(crate) fn new(key: String, method: &str, params: Result<Value, Error>) -> Command {
        let cmd = params.map(|p| {
            let query = crate::query::encode(&p);
            if query.is_empty() {
                method.to_owned()
            } else {
                format!("{method}?{query}")
            }
        });
        Command {
            key,
            method: method.to_owned(),
            cmd,
        }
    }
}

/// A typed request as a REST 2 batch command's parameters.
pub(crate) fn batch_params<M: Method>(request: &M) -> Result<Value, Error> {
    crate::method::rest2_only::<M>("a REST 2 batch")?;
    to_params(M::NAME, request)
}

/// A batch being put together; start with [`Client::batch`], send with
/// [`Batch::send`] (or `.await`).
pub struct Batch {
    client: Client,
    commands: Vec<Command>,
    keys: HashSet<String>,
    halt: bool,
    problem: Option<Error>,
}

impl Client {
    /// Starts a batch of commands for this client.
    pub fn batch(&self) -> Batch {
        Batch {
            client: self.clone(),
            commands: Vec::new(),
            keys: HashSet::new(),
            halt: false,
            problem: None,
        }
    }
}

impl Batch {
    /// Adds a typed request under `key` (letters, digits, `_`, `-`, `.`; unique).
    /// A REST 3.0 method ([`ApiVersion::V3`](crate::ApiVersion)) gets an
    /// [`Error::Config`] as its answer: this is the REST 2 `cmd` batch.
    pub fn add<M: Method>(&mut self, key: impl Into<String>, request: &M) -> BatchRef<M::Response> {
        self.push_command(key.into(), M::NAME, batch_params(request))
    }

    /// Adds a typed request with extra or overriding parameters merged into it — the way
    /// to put a [`Ref`] where the typed field wants a number:
    /// `batch.add_with("c", &request, json!({"id": lead.result()}))`.
    pub fn add_with<M: Method>(
        &mut self,
        key: impl Into<String>,
        request: &M,
        extra: Value,
    ) -> BatchRef<M::Response> {
        let params = request
            .check()
            .and_then(|()| batch_params(request))
            .map(|mut p| {
                merge(&mut p, extra);
                p
            });
        self.push_command(key.into(), M::NAME, params)
    }

    /// Adds a typed request under the next free automatic key (`c0`, `c1`, …).
    pub fn push<M: Method>(&mut self, request: &M) -> BatchRef<M::Response> {
        let key = self.auto_key();
        self.add(key, request)
    }

    /// Adds every request of one method, in order, under automatic keys.
    pub fn extend<'a, M: Method + 'a>(
        &mut self,
        requests: impl IntoIterator<Item = &'a M>,
    ) -> Vec<BatchRef<M::Response>> {
        requests.into_iter().map(|r| self.push(r)).collect()
    }

    /// Adds any method by name with JSON parameters; its answer is JSON.
    pub fn add_raw(
        &mut self,
        key: impl Into<String>,
        method: &str,
        params: Value,
    ) -> BatchRef<Value> {
        self.push_command(key.into(), method, to_params(method, &params))
    }

    /// Stop at the first failing command (later ones report [`Error::NotExecuted`]);
    /// this also stops later calls of a batch longer than 50.
    pub fn halt(&mut self, halt: bool) -> &mut Self {
        self.halt = halt;
        self
    }

    /// How many commands were added.
    pub fn len(&self) -> usize {
        self.commands.len()
    }

    /// Whether no command was added.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    fn auto_key(&self) -> String {
        (self.commands.len()..)
            .map(|n| format!("c{n}"))
            .find(|k| !self.keys.contains(k))
            .unwrap_or_default()
    }

    fn push_command<T>(
        &mut self,
        key: String,
        method: &str,
        params: Result<Value, Error>,
    ) -> BatchRef<T> {
        let valid = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b));
        if !valid {
            self.problem.get_or_insert(Error::Config(format!(
                "batch key `{key}` must be non-empty letters, digits, `_`, `-` or `.`"
            )));
        } else if !self.keys.insert(key.clone()) {
            self.problem
                .get_or_insert(Error::Config(format!("batch key `{key}` is used twice")));
        }
        if let Ok(p) = &params {
            self.check_refs(&key, p);
        }
        self.commands
            .push(Command::new(key.clone(), method, params));
        BatchRef {
            key,
            method: method.to_owned(),
            _answer: PhantomData,
        }
    }

    /// A command can only see answers of earlier commands in the same call of 50.
    fn check_refs(&mut self, key: &str, params: &Value) {
        let call = self.commands.len() / MAX_COMMANDS;
        let mut refs = Vec::new();
        referenced_keys(params, &mut refs);
        for r in refs {
            let at = self.commands.iter().position(|c| c.key == r);
            match at {
                Some(i) if i / MAX_COMMANDS == call => {}
                Some(_) => {
                    self.problem.get_or_insert(Error::Config(format!(
                        "batch command `{key}` refers to `{r}`, which is sent in another call of {MAX_COMMANDS}; \
                         keep referring commands within the same 50"
                    )));
                }
                None => {
                    self.problem.get_or_insert(Error::Config(format!(
                        "batch command `{key}` refers to `{r}`, which is not an earlier command"
                    )));
                }
            }
        }
    }

    /// Sends the batch (in calls of at most 50) and collects every command's answer.
    /// `Err` only for a batch that cannot be sent as built (duplicate keys, references
    /// across calls); failures of the calls themselves land in each command's answer.
    pub async fn send(self) -> Result<BatchResults, Error> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let mut entries = HashMap::with_capacity(self.commands.len());
        let mut halted = false;
        for chunk in self.commands.chunks(MAX_COMMANDS) {
            if halted {
                for c in chunk {
                    entries.insert(c.key.clone(), Entry::failed(not_executed(c)));
                }
                continue;
            }
            let idempotent = chunk.iter().all(|c| is_idempotent(&c.method));
            let outcomes = run(&self.client, chunk, self.halt, idempotent).await;
            for (c, entry) in chunk.iter().zip(outcomes) {
                halted |= self.halt && entry.outcome.is_err();
                entries.insert(c.key.clone(), entry);
            }
        }
        Ok(BatchResults { entries })
    }
}

impl IntoFuture for Batch {
    type Output = Result<BatchResults, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl fmt::Debug for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch")
            .field("commands", &self.commands.len())
            .field("halt", &self.halt)
            .finish()
    }
}

/// Every command's answer, by key.
#[derive(Debug, Clone)]
pub struct BatchResults {
    entries: HashMap<String, Entry>,
}

/// One command's answer with its bookkeeping.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) outcome: Result<Value, Error>,
    pub(crate) total: Option<u64>,
    pub(crate) next: Option<u64>,
    pub(crate) time: Option<Time>,
}

impl Entry {
    pub(crate) fn failed(err: Error) -> Entry {
        Entry {
            outcome: Err(err),
            total: None,
            next: None,
            time: None,
        }
    }

    /// Decodes the answer; decode errors name the command's method and key.
    pub(crate) fn decode<T: Wire>(self, method: &str, key: &str) -> Result<Response<T>, Error> {
        let value = self.outcome?;
        let result = envelope::decode(method, &format!("result[{key}]"), value)?;
        Ok(Response {
            result,
            time: self.time,
            total: self.total,
            next: self.next,
            replayed: false,
        })
    }
}

impl BatchResults {
    /// The decoded answer of one command (the results keep it; see [`BatchResults::take`]).
    pub fn get<T: Wire>(&self, r: &BatchRef<T>) -> Result<T, Error> {
        Ok(self.response(r)?.result)
    }

    /// The decoded answer of one command with its `total`, `next` and `time`.
    pub fn response<T: Wire>(&self, r: &BatchRef<T>) -> Result<Response<T>, Error> {
        self.entry(r)?.clone().decode(&r.method, &r.key)
    }

    /// Takes one command's answer out, without copying it.
    pub fn take<T: Wire>(&mut self, r: &BatchRef<T>) -> Result<T, Error> {
        self.entry(r)?;
        let entry = self.entries.remove(&r.key).ok_or_else(|| missing(r))?;
        Ok(entry.decode(&r.method, &r.key)?.result)
    }

    /// Takes the answers of many commands, in the order of `refs`.
    pub fn take_all<T: Wire>(&mut self, refs: &[BatchRef<T>]) -> Vec<Result<T, Error>> {
        refs.iter().map(|r| self.take(r)).collect()
    }

    /// How many answers are held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no answers are held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn entry<T>(&self, r: &BatchRef<T>) -> Result<&Entry, Error> {
        self.entries.get(&r.key).ok_or_else(|| missing(r))
    }
}

fn missing<T>(r: &BatchRef<T>) -> Error {
    Error::Config(format!(
        "no answer for batch key `{}`: not from this batch, or already taken",
        r.key
    ))
}

fn not_executed(c: &Command) -> Error {
    Error::NotExecuted {
        method: c.method.clone(),
        key: c.key.clone(),
    }
}

/// The `batch` call's parameters, `cmd` in the order the commands were added (a JSON
/// object's order is the portal's execution order).
struct Body<'a> {
    halt: bool,
    commands: Vec<(&'a str, &'a str)>,
}

impl Serialize for Body<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Cmd<'a>(&'a [(&'a str, &'a str)]);
        impl Serialize for Cmd<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("halt", &u8::from(self.halt))?;
        map.serialize_entry("cmd", &Cmd(&self.commands))?;
        map.end()
    }
}

/// Sends at most 50 commands as one `batch` call and splits the answer by command (one
/// entry per command, in order). A call that fails as a whole gives every command the
/// same error.
pub(crate) async fn run(
    client: &Client,
    chunk: &[Command],
    halt: bool,
    idempotent: bool,
) -> Vec<Entry> {
    debug_assert!(chunk.len() <= MAX_COMMANDS);
    let sendable: Vec<(&str, &str)> = chunk
        .iter()
        .filter_map(|c| {
            c.cmd
                .as_ref()
                .ok()
                .map(|cmd| (c.key.as_str(), cmd.as_str()))
        })
        .collect();
    let failed_early = |c: &Command| c.cmd.as_ref().err().cloned();
    if sendable.is_empty() {
        return chunk
            .iter()
            .map(|c| Entry::failed(failed_early(c).unwrap_or_else(|| not_executed(c))))
            .collect();
    }
    let mut gates: Vec<&str> = chunk.iter().map(|c| c.method.as_str()).collect();
    gates.sort_unstable();
    gates.dedup();
    let body = Body {
        halt,
        commands: sendable,
    };
    let answer = match client
        .execute::<Value, _>("batch", &body, idempotent, &gates)
        .await
    {
        Ok(response) => response.result,
        Err(e) => {
            return chunk
                .iter()
                .map(|c| Entry::failed(failed_early(c).unwrap_or_else(|| e.for_method(&c.method))))
                .collect()
        }
    };
    let part = |name: &str| by_key(answer.get(name));
    let (mut results, errors, totals, nexts, times) = (
        part("result"),
        part("result_error"),
        part("result_total"),
        part("result_next"),
        part("result_time"),
    );
    chunk
        .iter()
        .map(|c| {
            if let Some(e) = failed_early(c) {
                return Entry::failed(e);
            }
            let time = Time::lenient(times.get(&c.key).cloned());
            if let Some(t) = &time {
                client.observe_operating(&c.method, t);
            }
            if let Some(e) = errors.get(&c.key) {
                let err = command_error(client, &c.method, e);
                if err.has_code(ApiCode::OperationTimeLimit) {
                    client.operating_limit_hit(&c.method);
                }
                return Entry {
                    time,
                    ..Entry::failed(err)
                };
            }
            match results.remove(&c.key) {
                Some(value) => Entry {
                    outcome: Ok(value),
                    total: envelope::count(totals.get(&c.key)),
                    next: envelope::count(nexts.get(&c.key)),
                    time,
                },
                None => Entry::failed(not_executed(c)),
            }
        })
        .collect()
}

/// `{key: value}` from an object, or from an array (PHP sends a list when the keys are
/// exactly 0, 1, …), or nothing (`[]` is PHP's empty map).
fn by_key(v: Option<&Value>) -> HashMap<String, Value> {
    match v {
        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v.clone()))
            .collect(),
        _ => HashMap::new(),
    }
}

fn command_error(client: &Client, method: &str, e: &Value) -> Error {
    let text = |k: &str| match e.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    client.redact(Error::Api(ApiError::new(
        method,
        None,
        text("error"),
        text("error_description"),
    )))
}

/// Every `$result[key]` a parameter tree mentions.
fn referenced_keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let mut rest = s.as_str();
            while let Some(at) = rest.find("$result[") {
                rest = &rest[at + "$result[".len()..];
                if let Some(end) = rest.find(']') {
                    out.push(rest[..end].to_owned());
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| referenced_keys(i, out)),
        Value::Object(m) => m.values().for_each(|i| referenced_keys(i, out)),
        _ => {}
    }
}

/// Deep-merges `extra` into `base` (objects merge by key; anything else replaces).
fn merge(base: &mut Value, extra: Value) {
    match (base, extra) {
        (Value::Object(b), Value::Object(e)) => {
            for (k, v) in e {
                merge(b.entry(k).or_insert(Value::Null), v);
            }
        }
        (b, e) => *b = e,
    }
}

#[cfg(test)]
mod tests;
