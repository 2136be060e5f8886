//! Walking list methods page by page, as a stream of records.
//!
//! [`Client::list_stream`] follows the portal's own paging (`start`, then `next` from each
//! answer). [`Client::list_stream_by_id`] is the fast way for large lists: sorted by id,
//! filtered by `>id` from the last record seen, with `start: -1` so the portal does not
//! count the total — much cheaper on big tables, and stable when records are added while
//! walking. [`Client::list_stream_by_id_ranges`] walks id ranges side by side, for
//! exports that want the whole table fast and in no particular order (`ranges.rs`).
//!
//! ```no_run
//! # async fn run(client: bitrix_api::Client) -> Result<(), bitrix_api::Error> {
//! use futures_util::TryStreamExt;
//! use serde_json::json;
//!
//! let leads: Vec<serde_json::Value> = client
//!     .list_stream_by_id("crm.lead.list", json!({"select": ["ID", "TITLE"]}), "ID")
//!     .try_collect()
//!     .await?;
//! # let _ = leads; Ok(()) }
//! ```

mod ranges;

use std::collections::VecDeque;

use futures_util::Stream;
use serde_json::{json, Map, Value};

use crate::client::Client;
use crate::error::Error;
use crate::wire::Wire;
use crate::Method;

/// The portal's page size for list methods.
pub const PAGE_SIZE: usize = 50;

/// How the next page is asked for.
#[derive(Debug, Clone)]
enum Paging {
    /// `start` = the previous answer's `next`; `None` when there is no next page.
    Start(Option<u64>),
    /// `>id` from the last record; `None` when the last page was short. Each HTTP request
    /// is one batch of up to [`PAGES_PER_REQUEST`] list commands, each filtered by the
    /// previous command's last id through a `$result[…][49][ID]` reference.
    ById {
        field: String,
        last: Option<i64>,
        /// Where the records sit in a page's `result`, learnt from the first page: `None`
        /// until then, `Some(None)` for the list itself, `Some(Some(key))` for
        /// `{"items": [...]}`-style answers. The first page is asked alone to learn it.
        list_key: Option<Option<String>>,
        /// Where the walk is expected to end, when it is known (an id range): `(id, true)`
        /// the range's last id (the filter has `<=id`; the walk ends there), `(id, false)`
        /// the highest id when the walk started (records may be added past it). A request
        /// then chains only the pages that can still hold records, so few commands are
        /// sent past the end.
        end: Option<(i64, bool)>,
    },
}

/// How many pages of [`PAGE_SIZE`] one request of the fast walk brings (a batch holds at
/// most 50 commands): up to 2,500 records.
pub const PAGES_PER_REQUEST: usize = 50;

struct Walk {
    client: Client,
    method: String,
    params: Map<String, Value>,
    paging: Paging,
    buffer: VecDeque<Value>,
    failed: bool,
}

impl Client {
    /// Every record of a list method, following `next` from page to page. `params` are
    /// the method's own (filter, select, order); `start` is set by the walk.
    pub fn list_stream(
        &self,
        method: &str,
        params: Value,
    ) -> impl Stream<Item = Result<Value, Error>> + Send + 'static {
        self.walk(method, params, Paging::Start(Some(0)))
    }

    /// Every record of a list method, fast: ordered by `id_field` (`ID` for most methods,
    /// `id` for `crm.item.list`), each page filtered by `>id_field` from the last record,
    /// `start: -1`; after the first page, each request is one batch chaining up to
    /// [`PAGES_PER_REQUEST`] pages (2,500 records). Any `order` in `params` is replaced;
    /// the method must support filtering and sorting by that field, and `select` gains
    /// `id_field` when it lacks it.
    pub fn list_stream_by_id(
        &self,
        method: &str,
        params: Value,
        id_field: &str,
    ) -> impl Stream<Item = Result<Value, Error>> + Send + 'static {
        self.walk(
            method,
            params,
            Paging::ById {
                field: id_field.to_owned(),
                last: Some(0),
                list_key: None,
                end: None,
            },
        )
    }

    fn walk(
        &self,
        method: &str,
        params: Value,
        paging: Paging,
    ) -> impl Stream<Item = Result<Value, Error>> + Send + 'static {
        let params = match params {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let walk = Walk {
            client: self.clone(),
            method: method.to_owned(),
            params,
            paging,
            buffer: VecDeque::new(),
            failed: false,
        };
        futures_util::stream::unfold(walk, |mut w| async move {
            loop {
                if let Some(item) = w.buffer.pop_front() {
                    return Some((Ok(item), w));
                }
                if w.failed {
                    return None;
                }
                match w.next_page().await {
                    Ok(true) => continue,
                    Ok(false) => return None,
                    Err(e) => {
                        w.failed = true;
                        return Some((Err(e), w));
                    }
                }
            }
        })
    }
}

impl Walk {
    /// Fetches the next page into the buffer; `false` when the list is done.
    async fn next_page(&mut self) -> Result<bool, Error> {
        let mut params = self.params.clone();
        match &self.paging {
            Paging::Start(None) | Paging::ById { last: None, .. } => return Ok(false),
            Paging::Start(Some(start)) => {
                params.insert("start".into(), json!(start));
            }
            Paging::ById {
                field,
                last: Some(last),
                list_key,
                end,
            } => {
                let (field, last, list_key, end) = (field.clone(), *last, list_key.clone(), *end);
                return self.by_id(params, &field, last, list_key, end).await;
            }
        }
        let page = self
            .client
            .call_envelope::<Value>(&self.method, Value::Object(params))
            .await?;
        let items = records(&self.method, page.result)?;
        self.paging = Paging::Start(page.next);
        let any = !items.is_empty();
        self.buffer.extend(items);
        Ok(any
            || !matches!(
                self.paging,
                Paging::Start(None) | Paging::ById { last: None, .. }
            ))
    }
}

impl Walk {
    /// One request of the fast walk, sorted by `field` and filtered by `>field` from the
    /// last record seen, with `start: -1`. The first request asks one page, to learn where
    /// the records sit in an answer; every later one is a batch of up to
    /// [`PAGES_PER_REQUEST`] list commands, each filtered by the previous command's last
    /// record through a reference (`$result[pN][49][ID]`, `$result[pN][items][49][id]`).
    /// Pages are taken in order up to the first short one: what follows it was asked with a
    /// reference that had nothing to point at, and is dropped unread.
    async fn by_id(
        &mut self,
        mut params: Map<String, Value>,
        field: &str,
        last: i64,
        list_key: Option<Option<String>>,
        end: Option<(i64, bool)>,
    ) -> Result<bool, Error> {
        params.insert("order".into(), json!({ field: "ASC" }));
        params.insert("start".into(), json!(-1));
        // The reference needs the id in every record.
        if let Some(Value::Array(select)) = params.get_mut("select") {
            let has = |v: &Value| v.as_str().is_some_and(|s| s == field || s == "*");
            if !select.iter().any(has) {
                select.push(json!(field));
            }
        }
        let mut filter = match params.remove("filter") {
            Some(Value::Object(f)) => f,
            _ => Map::new(),
        };
        let command = |filter: &Map<String, Value>| {
            let mut command = params.clone();
            command.insert("filter".into(), Value::Object(filter.clone()));
            Value::Object(command)
        };
        filter.insert(format!(">{field}"), json!(last));
        let pages: Vec<Value> = match &list_key {
            None => {
                let page = self
                    .client
                    .call_envelope::<Value>(&self.method, command(&filter))
                    .await?;
                vec![page.result]
            }
            Some(key) => {
                let mut batch = self.client.batch();
                let pages = pages_to_chain(last, end);
                let mut refs = Vec::with_capacity(pages);
                for i in 0..pages {
                    if let Some(prev) = i.checked_sub(1) {
                        let mut after = crate::batch::Ref::new(&format!("p{prev}"));
                        if let Some(key) = key {
                            after = after.field(key);
                        }
                        let after = after.index(PAGE_SIZE - 1).field(field);
                        filter.insert(format!(">{field}"), json!(after));
                    }
                    refs.push(batch.add_raw(format!("p{i}"), &self.method, command(&filter)));
                }
                let mut answers = batch.send().await?;
                let mut pages = Vec::with_capacity(refs.len());
                for r in &refs {
                    let page = answers.take(r)?;
                    let full = records_len(&page) >= PAGE_SIZE;
                    pages.push(page);
                    if !full {
                        break;
                    }
                }
                pages
            }
        };
        let learnt = list_key.or_else(|| pages.first().and_then(list_key_of));
        let mut next = None;
        let mut any = false;
        for page in pages {
            let items = records(&self.method, page)?;
            next = match items.last() {
                Some(item) if items.len() >= PAGE_SIZE => Some(id_of(&self.method, field, item)?),
                _ => None,
            };
            any |= !items.is_empty();
            self.buffer.extend(items);
        }
        // A range ends at its last id, full page or not.
        if let (Some(n), Some((upto, true))) = (next, end) {
            if n >= upto {
                next = None;
            }
        }
        self.paging = Paging::ById {
            field: field.to_owned(),
            last: next,
            list_key: learnt,
            end,
        };
        Ok(any || next.is_some())
    }
}

/// How many pages one request of a walk chains: all [`PAGES_PER_REQUEST`] when the end
/// is unknown; else only as many as the ids left can fill (records have distinct ids, so
/// `n` ids fill at most `n / 50` pages), plus one past a soft end.
fn pages_to_chain(last: i64, end: Option<(i64, bool)>) -> usize {
    let Some((end, hard)) = end else {
        return PAGES_PER_REQUEST;
    };
    let left = u64::try_from(end.saturating_sub(last)).unwrap_or(0);
    let pages = left.div_ceil(PAGE_SIZE as u64) + u64::from(!hard);
    usize::try_from(pages)
        .unwrap_or(PAGES_PER_REQUEST)
        .clamp(1, PAGES_PER_REQUEST)
}

/// Where the records of a list answer sit, for references into it: the answer itself
/// (`[...]`, or a PHP map of index to record), or the one list inside it (`{"items": [...]}`).
fn list_key_of(result: &Value) -> Option<Option<String>> {
    match result {
        Value::Array(_) => Some(None),
        Value::Object(map) if map.keys().all(|k| k.bytes().all(|b| b.is_ascii_digit())) => {
            Some(None)
        }
        Value::Object(map) => {
            let mut lists = map.iter().filter(|(_, v)| v.is_array());
            match (lists.next(), lists.next()) {
                (Some((key, _)), None) => Some(Some(key.clone())),
                _ => None,
            }
        }
        _ => None,
    }
}

/// How many records a page holds, without taking it apart.
fn records_len(result: &Value) -> usize {
    match result {
        Value::Array(items) => items.len(),
        Value::Object(map) => match list_key_of(result) {
            Some(Some(key)) => map.get(&key).and_then(Value::as_array).map_or(0, Vec::len),
            _ => map.len(),
        },
        _ => 0,
    }
}

/// The typed stream behind a generated list call's `stream()` and `stream_by_id()`: the
/// request's own parameters (filter, select, order), each record decoded as `T` — the
/// element type of the page's answer — with a decode error naming the record and field.
#[doc(hidden)]
pub fn typed<M: Method, T: Wire + Send + 'static>(
    client: &Client,
    request: &M,
    id_field: Option<&str>,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
    let paging = match id_field {
        None => Paging::Start(Some(0)),
        Some(field) => Paging::ById {
            field: field.to_owned(),
            last: Some(0),
            list_key: None,
            end: None,
        },
    };
    let client = client.clone();
    decoded::<M, T, _>(request, move |params| client.walk(M::NAME, params, paging))
}

/// The typed stream behind a generated list call's `stream_by_id_ranges(n)`
/// ([`Client::list_stream_by_id_ranges`]).
#[doc(hidden)]
pub fn typed_ranges<M: Method, T: Wire + Send + 'static>(
    client: &Client,
    request: &M,
    id_field: &str,
    ranges: usize,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
    let (client, field) = (client.clone(), id_field.to_owned());
    decoded::<M, T, _>(request, move |params| {
        client.list_stream_by_id_ranges(M::NAME, params, &field, ranges)
    })
}

/// `walk` over the request's parameters, each record decoded as `T`.
fn decoded<M: Method, T: Wire + Send + 'static, S>(
    request: &M,
    walk: impl FnOnce(Value) -> S,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static
where
    S: Stream<Item = Result<Value, Error>> + Send + 'static,
{
    use futures_util::StreamExt;
    let params = crate::method::rest2_only::<M>("a start/next list stream")
        .and_then(|()| request.check())
        .and_then(|()| crate::client::to_params(M::NAME, request));
    let records = match params {
        Ok(params) => walk(params).left_stream(),
        Err(e) => futures_util::stream::once(async move { Err(e) }).right_stream(),
    };
    records
        .enumerate()
        .map(|(i, record)| crate::envelope::decode::<T>(M::NAME, &format!("result[{i}]"), record?))
}

/// The records of one page: `result` itself when it is a list, or the one list inside it
/// (`{"items": [...]}`, `{"tasks": [...]}`), or a PHP map's values.
fn records(method: &str, result: Value) -> Result<Vec<Value>, Error> {
    match result {
        Value::Array(items) => Ok(items),
        Value::Object(map) if map.is_empty() => Ok(Vec::new()),
        Value::Object(map) if map.keys().all(|k| k.bytes().all(|b| b.is_ascii_digit())) => {
            Ok(map.into_iter().map(|(_, v)| v).collect())
        }
        Value::Object(map) => {
            let mut lists = map.into_iter().filter(|(_, v)| v.is_array());
            match (lists.next(), lists.next()) {
                (Some((_, Value::Array(items))), None) => Ok(items),
                _ => Err(not_a_list(method)),
            }
        }
        _ => Err(not_a_list(method)),
    }
}

fn not_a_list(method: &str) -> Error {
    Error::Decode {
        method: method.to_owned(),
        path: "result".into(),
        message: "expected a list of records (or an object holding one list)".into(),
    }
}

fn id_of(method: &str, field: &str, item: &Value) -> Result<i64, Error> {
    let raw = item.get(field).cloned().unwrap_or(Value::Null);
    crate::wire::from_value::<i64>(raw).map_err(|e| Error::Decode {
        method: method.to_owned(),
        path: format!("result[last].{field}"),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_records_in_every_shape() {
        assert_eq!(
            records("m", json!([1, 2])).unwrap(),
            vec![json!(1), json!(2)]
        );
        assert_eq!(records("m", json!({"items": [1]})).unwrap(), vec![json!(1)]);
        assert_eq!(
            records("m", json!({"0": "a", "1": "b"})).unwrap(),
            vec![json!("a"), json!("b")]
        );
        assert!(records("m", json!({})).unwrap().is_empty());
        assert!(records("m", json!({"a": [1], "b": [2]})).is_err());
        assert!(records("m", json!(true)).is_err());
    }

    #[test]
    fn ids_may_be_strings() {
        assert_eq!(id_of("m", "ID", &json!({"ID": "42"})).unwrap(), 42);
        assert!(id_of("m", "ID", &json!({"id": 1})).is_err());
    }
}
