//! The fast walk of a big list, split into id ranges walked side by side.
//!
//! One walk by id ([`Client::list_stream_by_id`]) is a chain: each request's first page
//! is filtered by the last record of the one before, so however fast the portal lets a
//! client call, one request is in flight at a time. Bulk exports want the whole table, in
//! no particular order: [`Client::list_stream_by_id_ranges`] first asks (in one batch) the
//! lowest and the highest id the filter matches, cuts that span into ranges of equal width
//! and walks each range with the same chained `>id` pages plus `<=upper` — one request
//! in flight per range, all under the client's [`Limits`](crate::Limits).
//!
//! Records come out in id order inside a range; ranges interleave. Memory stays bounded:
//! each range holds at most one request's records (2,500) until they are taken. Since a
//! range's ids are known, a request chains only the pages its ids can fill, so few
//! commands run past a range's end.

use std::pin::Pin;

use futures_util::{Stream, StreamExt};
use serde_json::{json, Map, Value};

#[cfg(doc)]
use super::PAGES_PER_REQUEST;
use super::{id_of, list_key_of, records, Paging, PAGE_SIZE};
use crate::client::Client;
use crate::error::Error;

type Records = Pin<Box<dyn Stream<Item = Result<Value, Error>> + Send + 'static>>;

impl Client {
    /// Every record of a list method, fast and `ranges` requests at a time: the id span
    /// the filter matches is cut into up to `ranges` ranges of equal width, each walked as
    /// [`list_stream_by_id`](Client::list_stream_by_id) does (sorted by `id_field`,
    /// `>id_field` from the last record, `start: -1`, pages chained in batches of
    /// [`PAGES_PER_REQUEST`]) and bounded by `<=id_field`; the last range has no upper
    /// bound, so records added past the highest id while walking are read too.
    ///
    /// Records are in `id_field` order within a range, and ranges interleave: sort
    /// afterwards if order matters, or use `list_stream_by_id`. The filter in `params` is
    /// kept, except its `>id_field` and `<=id_field`, which the walk sets. `ranges` below 1
    /// counts as 1; no more ranges are walked than there are pages of ids in the span.
    pub fn list_stream_by_id_ranges(
        &self,
        method: &str,
        params: Value,
        id_field: &str,
        ranges: usize,
    ) -> impl Stream<Item = Result<Value, Error>> + Send + 'static {
        let (client, method, field) = (self.clone(), method.to_owned(), id_field.to_owned());
        let params = match params {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        futures_util::stream::once(async move {
            match bounds(&client, &method, &params, &field).await {
                Ok(None) => futures_util::stream::empty().boxed(),
                Ok(Some(span)) => walks(&client, &method, params, &field, span, ranges),
                Err(e) => futures_util::stream::once(async move { Err(e) }).boxed(),
            }
        })
        .flatten()
    }
}

/// What the first request learnt: the lowest and highest id, and where the records sit in
/// a page's `result`.
struct Span {
    low: i64,
    high: i64,
    list_key: Option<String>,
}

/// The lowest and the highest id the filter matches, in one batch of two one-record
/// pages; `None` when nothing matches.
async fn bounds(
    client: &Client,
    method: &str,
    params: &Map<String, Value>,
    field: &str,
) -> Result<Option<Span>, Error> {
    let end = |direction: &str| {
        let mut p = params.clone();
        if let Some(Value::Object(filter)) = p.get_mut("filter") {
            drop_bounds(filter, field);
        }
        p.insert("select".into(), json!([field]));
        p.insert("order".into(), json!({ field: direction }));
        p.insert("start".into(), json!(-1));
        Value::Object(p)
    };
    let mut batch = client.batch();
    let low = batch.add_raw("low", method, end("ASC"));
    let high = batch.add_raw("high", method, end("DESC"));
    let mut answers = batch.send().await?;
    let (low, high) = (answers.take(&low)?, answers.take(&high)?);
    let list_key = list_key_of(&low).and_then(|k| k);
    let first = |page: Value| -> Result<Option<i64>, Error> {
        match records(method, page)?.first() {
            Some(record) => id_of(method, field, record).map(Some),
            None => Ok(None),
        }
    };
    Ok(match (first(low)?, first(high)?) {
        (Some(low), Some(high)) if low <= high => Some(Span {
            low,
            high,
            list_key,
        }),
        (Some(id), _) | (_, Some(id)) => Some(Span {
            low: id,
            high: id,
            list_key,
        }),
        (None, None) => None,
    })
}

/// The ranges, walked side by side.
fn walks(
    client: &Client,
    method: &str,
    params: Map<String, Value>,
    field: &str,
    span: Span,
    ranges: usize,
) -> Records {
    // Ids are positive on a portal; a span is at most i64::MAX wide, so u64 holds it.
    let ids = span.high.abs_diff(span.low).saturating_add(1);
    let pages = ids.div_ceil(PAGE_SIZE as u64);
    let n = (ranges.max(1) as u64).min(pages).max(1);
    let width = ids.div_ceil(n);
    let (n, width) = (n as i64, i64::try_from(width).unwrap_or(i64::MAX));
    let walks = (0..n).map(|i| {
        let after = span
            .low
            .saturating_sub(1)
            .saturating_add(i.saturating_mul(width));
        let upper = (i + 1 < n).then(|| after.saturating_add(width));
        let mut params = params.clone();
        let filter = params
            .entry("filter")
            .or_insert_with(|| Value::Object(Map::new()));
        if !filter.is_object() {
            *filter = Value::Object(Map::new());
        }
        if let Value::Object(filter) = filter {
            drop_bounds(filter, field);
            if let Some(upper) = upper {
                filter.insert(format!("<={field}"), json!(upper));
            }
        }
        let paging = Paging::ById {
            field: field.to_owned(),
            last: Some(after),
            list_key: Some(span.list_key.clone()),
            end: Some(upper.map_or((span.high, false), |u| (u, true))),
        };
        client.walk(method, Value::Object(params), paging).boxed()
    });
    futures_util::stream::select_all(walks).boxed()
}

/// Removes the caller's `>field` and `<=field`: the walk sets its own.
fn drop_bounds(filter: &mut Map<String, Value>, field: &str) {
    filter.remove(&format!(">{field}"));
    filter.remove(&format!("<={field}"));
}
