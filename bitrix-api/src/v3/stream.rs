//! REST 3.0 lists walked to the end: [`V3Client::stream_raw`] and [`V3Client::stream`].
//!
//! The REST 3.0 pages describe two ways to page, both under `pagination` and both read off
//! each answer, so the walk needs no per-method table:
//! - by offset (`tasks.task.list`, `main.eventlog.list`, `mail.*`, `humanresources.*`,
//!   `timeman.record.list`): `pagination.limit` and `pagination.offset` (or `page`); the
//!   answer is `{"items": […]}` and says nothing about more pages. The walk moves
//!   `offset` on by the records it got and stops at an empty page or at a page shorter
//!   than an earlier one. The first page alone cannot tell the end (the portal lowers a
//!   `limit` above the method's maximum without saying so), so a list that fits one page
//!   costs one more, empty, request.
//! - by cursor: the answer carries `nextCursor` (`note.collection.list`: `null` at the
//!   end) or `hasMore` with `afterCursor` (`call.followup.list`); the walk sends the
//!   cursor back as `pagination.afterCursor` until there is none. A `hasMore: true`
//!   without a cursor (`note.document.search.list`, which pages no further) ends the walk.
//!
//! A page that repeats the previous one (the same first record after moving the offset,
//! or the same cursor twice) is an error rather than an endless walk.

use std::collections::VecDeque;

use futures_util::{Stream, StreamExt};
use serde_json::{Map, Value};

use super::V3Client;
use crate::error::Error;
use crate::method::{ApiVersion, Method};
use crate::wire::Wire;
use crate::Client;

/// How the next page is asked for, learnt from the first answer.
#[derive(Debug, Clone, PartialEq)]
enum Paging {
    /// Not known before the first answer.
    Unknown,
    /// `pagination.offset` moves on; `longest` is the longest page so far, `first` the
    /// first record of the last page.
    Offset {
        offset: u64,
        longest: usize,
        first: Option<Value>,
    },
    /// `pagination.afterCursor` = the cursor the last answer gave.
    Cursor { sent: Option<Value> },
}

/// What one answer says about the next page.
#[derive(Debug, PartialEq)]
enum Next {
    /// The answer has no paging fields: by offset.
    Offset,
    /// A cursor answer: the cursor to send next, `None` at the end.
    Cursor(Option<Value>),
}

struct Walk {
    v3: V3Client,
    method: String,
    params: Map<String, Value>,
    paging: Paging,
    buffer: VecDeque<Value>,
    done: bool,
}

impl V3Client {
    /// Every record of a REST 3.0 list method (`result.items` of each page), following the
    /// method's own paging to the end: `pagination.offset` or `pagination.afterCursor`,
    /// whichever the answers show (see the module docs of `v3::stream`). `params` are the
    /// method's own (`filter`, `select`, `order`, `pagination.limit`); the walk sets the
    /// rest of `pagination`. On an error the stream yields it and ends.
    ///
    /// ```no_run
    /// # async fn run(client: bitrix_api::Client) -> Result<(), bitrix_api::Error> {
    /// use futures_util::TryStreamExt;
    /// use serde_json::json;
    ///
    /// let tasks: Vec<serde_json::Value> = client
    ///     .v3()
    ///     .stream_raw("tasks.task.list", json!({"select": ["id", "title"], "pagination": {"limit": 200}}))
    ///     .try_collect()
    ///     .await?;
    /// # let _ = tasks; Ok(()) }
    /// ```
    pub fn stream_raw(
        &self,
        method: &str,
        params: Value,
    ) -> impl Stream<Item = Result<Value, Error>> + Send + 'static {
        let params = match params {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let walk = Walk {
            v3: self.clone(),
            method: method.to_owned(),
            params,
            paging: Paging::Unknown,
            buffer: VecDeque::new(),
            done: false,
        };
        futures_util::stream::unfold(walk, |mut w| async move {
            loop {
                if let Some(item) = w.buffer.pop_front() {
                    return Some((Ok(item), w));
                }
                if w.done {
                    return None;
                }
                if let Err(e) = w.next_page().await {
                    w.done = true;
                    return Some((Err(e), w));
                }
            }
        })
    }

    /// [`V3Client::stream_raw`], each record decoded as `T`; a record that does not fit is
    /// an [`Error::Decode`] naming it (`result.items[i]`, `i` counted from the first
    /// record of the stream) and the field.
    pub fn stream<T: Wire + Send + 'static>(
        &self,
        method: &str,
        params: Value,
    ) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
        decoded(method.to_owned(), self.stream_raw(method, params))
    }
}

/// The typed stream behind a generated REST 3.0 list call's `stream()`: the request's own
/// parameters, each record of `result.items` decoded as `T`.
#[doc(hidden)]
pub fn typed<M: Method, T: Wire + Send + 'static>(
    client: &Client,
    request: &M,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
    let params = match M::VERSION {
        ApiVersion::V3 => crate::client::to_params(M::NAME, request),
        ApiVersion::V2 => Err(Error::Config(format!(
            "`{}` is a REST 2 method; stream it with Client::list_stream",
            M::NAME
        ))),
    };
    let records = match params {
        Ok(params) => client.v3().stream_raw(M::NAME, params).left_stream(),
        Err(e) => futures_util::stream::once(async move { Err(e) }).right_stream(),
    };
    decoded(M::NAME.to_owned(), records)
}

fn decoded<T: Wire + Send + 'static>(
    method: String,
    records: impl Stream<Item = Result<Value, Error>> + Send + 'static,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
    records.enumerate().map(move |(i, record)| {
        crate::envelope::decode::<T>(&method, &format!("result.items[{i}]"), record?)
    })
}

impl Walk {
    /// Asks for the next page and buffers its records; sets `done` at the end.
    async fn next_page(&mut self) -> Result<(), Error> {
        let result = self
            .v3
            .call_raw(&self.method, Value::Object(self.params.clone()))
            .await?;
        let (items, next) = read_page(&self.method, result)?;
        match next {
            Next::Cursor(None) => self.done = true,
            Next::Cursor(Some(cursor)) => {
                if matches!(&self.paging, Paging::Cursor { sent: Some(s) } if *s == cursor) {
                    return Err(self.repeated("the same cursor twice"));
                }
                set_pagination(&mut self.params, |p| {
                    p.remove("offset");
                    p.remove("page");
                    p.insert("afterCursor".into(), cursor.clone());
                });
                self.paging = Paging::Cursor { sent: Some(cursor) };
            }
            Next::Offset => {
                let (offset, longest, first) = match &self.paging {
                    Paging::Offset {
                        offset,
                        longest,
                        first,
                    } => (*offset, *longest, first.clone()),
                    _ => (start_offset(&self.params), 0, None),
                };
                if first.is_some() && items.first() == first.as_ref() {
                    return Err(self.repeated("the same page again for the next offset"));
                }
                if items.is_empty() || items.len() < longest {
                    self.done = true;
                }
                let offset = offset + items.len() as u64;
                set_pagination(&mut self.params, |p| {
                    p.remove("page");
                    p.insert("offset".into(), offset.into());
                });
                self.paging = Paging::Offset {
                    offset,
                    longest: longest.max(items.len()),
                    first: items.first().cloned(),
                };
            }
        }
        self.buffer.extend(items);
        Ok(())
    }

    fn repeated(&self, what: &str) -> Error {
        Error::Decode {
            method: self.method.clone(),
            path: "result".into(),
            message: format!("the portal answered {what}; stopping instead of walking forever"),
        }
    }
}

/// Changes `params.pagination` (made an object if it is missing or is none).
fn set_pagination(params: &mut Map<String, Value>, change: impl FnOnce(&mut Map<String, Value>)) {
    let mut pagination = match params.remove("pagination") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    change(&mut pagination);
    params.insert("pagination".into(), Value::Object(pagination));
}

/// Where the first page started: `pagination.offset`, else `(page - 1) × limit` (the pages
/// compute the offset from `page` and `limit` that way), else 0.
fn start_offset(params: &Map<String, Value>) -> u64 {
    let p = params.get("pagination");
    let get = |k: &str| p.and_then(|p| p.get(k)).and_then(Value::as_u64);
    match (get("offset"), get("page"), get("limit")) {
        (Some(offset), _, _) => offset,
        (None, Some(page), Some(limit)) => page.saturating_sub(1) * limit,
        _ => 0,
    }
}

/// The records of one answer (`result.items`) and what it says about the next page.
fn read_page(method: &str, result: Value) -> Result<(Vec<Value>, Next), Error> {
    let bad = |message: &str| Error::Decode {
        method: method.to_owned(),
        path: "result.items".into(),
        message: message.to_owned(),
    };
    let Value::Object(mut result) = result else {
        return Err(bad("expected an object holding `items`"));
    };
    let items = match result.remove("items") {
        Some(Value::Array(items)) => items,
        Some(Value::Null) | None => return Err(bad("expected a list of records")),
        Some(_) => return Err(bad("expected a list of records, got another type")),
    };
    let cursor = |v: Option<Value>| v.filter(|c| !c.is_null());
    let next = if result.contains_key("nextCursor") {
        Next::Cursor(cursor(result.remove("nextCursor")))
    } else if let Some(more) = result.get("hasMore") {
        match more.as_bool() {
            Some(true) => Next::Cursor(cursor(result.remove("afterCursor"))),
            _ => Next::Cursor(None),
        }
    } else {
        Next::Offset
    };
    Ok((items, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pages_say_how_to_go_on() {
        let read = |v: Value| read_page("m", v).map(|(items, next)| (items.len(), next));
        assert_eq!(read(json!({"items": [1, 2]})).unwrap(), (2, Next::Offset));
        assert_eq!(
            read(json!({"items": [1], "nextCursor": {"position": 3, "id": 9}})).unwrap(),
            (1, Next::Cursor(Some(json!({"position": 3, "id": 9}))))
        );
        assert_eq!(
            read(json!({"items": [], "nextCursor": null})).unwrap(),
            (0, Next::Cursor(None))
        );
        assert_eq!(
            read(json!({"items": [1], "hasMore": true, "afterCursor": {"id": 4}})).unwrap(),
            (1, Next::Cursor(Some(json!({"id": 4}))))
        );
        assert_eq!(
            read(json!({"items": [1], "hasMore": false, "afterCursor": {"id": 4}})).unwrap(),
            (1, Next::Cursor(None))
        );
        // `note.document.search.list`: more matches, but no way to ask for them.
        assert_eq!(
            read(json!({"items": [1], "hasMore": true})).unwrap(),
            (1, Next::Cursor(None))
        );
        for bad in [json!([1]), json!({"item": {}}), json!({"items": {"a": 1}})] {
            assert!(matches!(read(bad), Err(Error::Decode { .. })));
        }
    }

    #[test]
    fn the_first_offset_follows_the_pages_rule() {
        let start = |v: Value| start_offset(v.as_object().unwrap());
        assert_eq!(start(json!({})), 0);
        assert_eq!(start(json!({"pagination": {"offset": 40}})), 40);
        assert_eq!(start(json!({"pagination": {"page": 3, "limit": 20}})), 40);
        assert_eq!(start(json!({"pagination": {"page": 0, "limit": 20}})), 0);
        assert_eq!(
            start(json!({"pagination": {"page": 3, "limit": 20, "offset": 5}})),
            5
        );
    }

    #[test]
    fn pagination_is_made_an_object() {
        let mut params = json!({"pagination": 5}).as_object().unwrap().clone();
        set_pagination(&mut params, |p| {
            p.insert("offset".into(), 1.into());
        });
        assert_eq!(Value::Object(params), json!({"pagination": {"offset": 1}}));
    }
}
