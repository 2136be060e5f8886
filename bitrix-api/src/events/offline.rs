//! The offline queue as a stream: `event.offline.get` with `clear: 0` reserves a batch
//! under a `process_id`, the stream hands its events out, and `event.offline.clear`
//! removes exactly the ones handed out (by `process_id` and `MESSAGE_ID`) before the next
//! batch is fetched. It ends when the queue is empty.
//!
//! Delivery is at least once: events handed out are cleared when the next one is asked
//! for (or the stream ends). A stream dropped in the middle of a batch clears nothing of
//! it; the next stream with the same `process_id` gets those events again.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::Stream;
use serde_json::{json, Map, Value};

use super::{EventSet, RawEvent};
use crate::{wire, Client, Error};

/// The events of the offline queue, typed by the binding's `events::Event` (see
/// [`Client::offline_events`]).
pub struct OfflineEvents<E> {
    inner: Pin<Box<dyn Stream<Item = Result<E, Error>> + Send>>,
}

impl<E> Stream for OfflineEvents<E> {
    type Item = Result<E, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<E> std::fmt::Debug for OfflineEvents<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OfflineEvents")
    }
}

struct State<E> {
    client: Client,
    process_id: Option<String>,
    limit: u32,
    pending: VecDeque<(String, E)>,
    handed_out: Vec<String>,
    done: bool,
}

impl Client {
    /// The offline queue, decoded into `E` (the binding's `events::Event`). `process_id`
    /// resumes a batch reserved earlier; `None` lets the portal name a new one. Each item
    /// is an event, or the error that ended the stream. An event whose data does not fit
    /// its type is handed out as `E::unknown(…)` rather than lost.
    ///
    /// ```no_run
    /// # async fn run(client: bitrix_api::Client) -> Result<(), bitrix_api::Error> {
    /// use bitrix_api::events::RawEvent;
    /// use futures_util::StreamExt;
    ///
    /// let mut queue = client.offline_events::<RawEvent>(None);
    /// while let Some(event) = queue.next().await {
    ///     println!("{}", event?.event);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn offline_events<E: EventSet>(&self, process_id: Option<String>) -> OfflineEvents<E> {
        let state = State {
            client: self.clone(),
            process_id,
            limit: 50,
            pending: VecDeque::new(),
            handed_out: Vec::new(),
            done: false,
        };
        OfflineEvents {
            inner: Box::pin(futures_util::stream::unfold(state, next)),
        }
    }
}

async fn next<E: EventSet>(mut s: State<E>) -> Option<(Result<E, Error>, State<E>)> {
    if s.done {
        return None;
    }
    if s.pending.is_empty() {
        if let Err(e) = clear(&mut s).await {
            s.done = true;
            return Some((Err(e), s));
        }
        if let Err(e) = fetch(&mut s).await {
            s.done = true;
            return Some((Err(e), s));
        }
    }
    match s.pending.pop_front() {
        Some((message_id, event)) => {
            s.handed_out.push(message_id);
            Some((Ok(event), s))
        }
        None => None, // the queue is empty, and what was handed out is cleared
    }
}

async fn clear<E>(s: &mut State<E>) -> Result<(), Error> {
    if s.handed_out.is_empty() {
        return Ok(());
    }
    let Some(process_id) = s.process_id.clone() else {
        return Ok(());
    };
    let ids = std::mem::take(&mut s.handed_out);
    s.client
        .call_raw(
            "event.offline.clear",
            json!({"process_id": process_id, "message_id": ids}),
        )
        .await?;
    Ok(())
}

async fn fetch<E: EventSet>(s: &mut State<E>) -> Result<(), Error> {
    let mut params = json!({"clear": 0, "limit": s.limit});
    if let Some(p) = &s.process_id {
        params["process_id"] = json!(p);
    }
    let result = s.client.call_raw("event.offline.get", params).await?;
    if let Some(p) = result.get("process_id").and_then(|v| match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }) {
        s.process_id = Some(p);
    }
    let events = match result.get("events") {
        Some(Value::Array(items)) => items.clone(),
        Some(Value::Object(map)) => map.values().cloned().collect(),
        _ => Vec::new(),
    };
    for item in events {
        let message_id = item
            .get("MESSAGE_ID")
            .or_else(|| item.get("ID"))
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default();
        let payload = as_payload(&item);
        let event = match E::from_payload(payload.clone()) {
            Ok(e) => e,
            Err(_) => match RawEvent::from_payload(payload) {
                Ok(raw) => E::unknown(raw),
                Err(e) => return Err(e),
            },
        };
        s.pending.push_back((message_id, event));
    }
    Ok(())
}

/// A queue record (`ID`, `TIMESTAMP_X`, `EVENT_NAME`, `EVENT_DATA`, `EVENT_ADDITIONAL`,
/// `MESSAGE_ID`) in the shape of a handler payload: `event`, `data` (PHP's `false` or `[]`
/// for none becomes `{}`), `ts` from `TIMESTAMP_X`; no `auth` (the queue is read with the
/// app's own authorization). The record's other keys are kept.
fn as_payload(item: &Value) -> Value {
    let mut out = Map::new();
    if let Some(name) = item.get("EVENT_NAME") {
        out.insert("event".into(), name.clone());
    }
    let data = match item.get("EVENT_DATA") {
        Some(Value::Object(m)) => Value::Object(m.clone()),
        Some(Value::Array(a)) if !a.is_empty() => Value::Array(a.clone()),
        _ => Value::Object(Map::new()),
    };
    out.insert("data".into(), data);
    let ts = item
        .get("TIMESTAMP_X")
        .cloned()
        .and_then(|v| wire::from_value::<chrono::DateTime<chrono::FixedOffset>>(v).ok())
        .map(|t| t.timestamp());
    if let Some(ts) = ts {
        out.insert("ts".into(), json!(ts));
    }
    for key in ["ID", "MESSAGE_ID", "TIMESTAMP_X", "EVENT_ADDITIONAL"] {
        if let Some(v) = item.get(key) {
            out.insert(key.to_ascii_lowercase(), v.clone());
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_records_read_as_payloads() {
        let p = as_payload(&json!({
            "ID": "1", "TIMESTAMP_X": "2024-07-18T12:32:31+02:00", "EVENT_NAME": "ONCRMLEADADD",
            "EVENT_DATA": false, "EVENT_ADDITIONAL": false, "MESSAGE_ID": "7"
        }));
        assert_eq!(p["event"], "ONCRMLEADADD");
        assert_eq!(p["data"], json!({}));
        assert_eq!(p["ts"], 1721298751);
        assert_eq!(p["message_id"], "7");
    }
}
