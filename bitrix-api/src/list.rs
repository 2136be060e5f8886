//! Walking list methods page by page, as a stream of records.
//!
//! [`Client::list_stream`] follows the portal's own paging (`start`, then `next` from each
//! answer). [`Client::list_stream_by_id`] is the fast way for large lists: sorted by id,
//! filtered by `>id` from the last record seen, with `start: -1` so the portal does not
//! count the total — much cheaper on big tables, and stable when records are added while
//! walking.
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
    /// `>id` from the last record; `None` when the last page was short.
    ById { field: String, last: Option<i64> },
}

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
    /// `start: -1`. Any `order` in `params` is replaced; the method must support filtering
    /// and sorting by that field.
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
            } => {
                params.insert("order".into(), json!({ field.as_str(): "ASC" }));
                let filter = params.entry("filter").or_insert_with(|| json!({}));
                if !filter.is_object() {
                    *filter = json!({});
                }
                if let Value::Object(f) = filter {
                    f.insert(format!(">{field}"), json!(last));
                }
                params.insert("start".into(), json!(-1));
            }
        }
        let page = self
            .client
            .call_envelope::<Value>(&self.method, Value::Object(params))
            .await?;
        let items = records(&self.method, page.result)?;
        self.paging = match &self.paging {
            Paging::Start(_) => Paging::Start(page.next),
            Paging::ById { field, .. } => {
                let last = match items.last() {
                    Some(item) if items.len() >= PAGE_SIZE => {
                        Some(id_of(&self.method, field, item)?)
                    }
                    _ => None,
                };
                Paging::ById {
                    field: field.clone(),
                    last,
                }
            }
        };
        let any = !items.is_empty();
        self.buffer.extend(items);
        Ok(any
            || !matches!(
                self.paging,
                Paging::Start(None) | Paging::ById { last: None, .. }
            ))
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
    use futures_util::StreamExt;
    let paging = match id_field {
        None => Paging::Start(Some(0)),
        Some(field) => Paging::ById {
            field: field.to_owned(),
            last: Some(0),
        },
    };
    let params = crate::method::rest2_only::<M>("a start/next list stream")
        .and_then(|()| crate::client::to_params(M::NAME, request));
    let (params, bad) = match params {
        Ok(p) => (p, None),
        Err(e) => (Value::Null, Some(e)),
    };
    let records = match bad {
        None => client.walk(M::NAME, params, paging).left_stream(),
        Some(e) => futures_util::stream::once(async move { Err(e) }).right_stream(),
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
