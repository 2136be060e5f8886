//! Bulk moves: any number of requests of one method, sent as batches under the limits,
//! answered in input order with a result per request.
//!
//! ```no_run
//! # async fn run(client: bitrix_api::Client, requests: Vec<impl bitrix_api::Method + 'static>) {
//! let results = client
//!     .bulk(requests)
//!     .concurrency(2)
//!     .on_progress(|done, total| eprintln!("{done}/{}", total.unwrap_or(0)))
//!     .await;
//! let failed = results.iter().filter(|r| r.is_err()).count();
//! # let _ = failed; }
//! ```
//!
//! The input is read lazily, one batch at a time, and each request is dropped once it is
//! encoded, so the input is never held twice (100,000 requests are fine; the answers are
//! kept, in order).
//!
//! # What happens to a lost answer
//!
//! When a batch call fails in a way that means the portal *may* have run it (a dropped
//! connection or timeout after sending, a truncated answer, a 5xx), its commands are
//! resent only if the method is idempotent (see [`is_idempotent`]) or
//! the caller opted in with [`Bulk::resend_maybe_applied`]; otherwise each of them gets
//! the error, with [`Error::maybe_applied`] returning `true`, so that the caller can check
//! (e.g. search for the records) before sending them again. Errors that prove nothing was
//! run (`QUERY_LIMIT_EXCEEDED`, a refused connection) are always retried under the
//! client's [`RetryPolicy`](crate::RetryPolicy), and commands refused inside a batch for
//! the method's operating limit are resent after the reset.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use futures_util::StreamExt;

use crate::batch::{self, batch_params, Command, Entry, MAX_COMMANDS};
use crate::client::Client;
use crate::error::Error;
use crate::method::Method;
use crate::retry::is_idempotent;

type Progress = Arc<dyn Fn(usize, Option<usize>) + Send + Sync>;

/// How many times commands refused for the operating limit are resent.
const LIMIT_ROUNDS: usize = 3;

/// A bulk run being set up; start with [`Client::bulk`], run with [`Bulk::run`] (or
/// `.await`).
#[must_use = "a bulk run does nothing until it is awaited"]
pub struct Bulk<M: Method> {
    client: Client,
    requests: Box<dyn Iterator<Item = M> + Send>,
    total: Option<usize>,
    concurrency: usize,
    batch_size: usize,
    progress: Option<Progress>,
    resend: bool,
}

impl Client {
    /// Runs any number of requests of one method as batches; see [`Bulk`].
    pub fn bulk<M, I>(&self, requests: I) -> Bulk<M>
    where
        M: Method + 'static,
        I: IntoIterator<Item = M>,
        I::IntoIter: Send + 'static,
    {
        let requests = requests.into_iter();
        let total = match requests.size_hint() {
            (low, Some(high)) if low == high => Some(low),
            _ => None,
        };
        Bulk {
            client: self.clone(),
            requests: Box::new(requests),
            total,
            concurrency: 2,
            batch_size: MAX_COMMANDS,
            progress: None,
            resend: false,
        }
    }
}

impl<M: Method + 'static> Bulk<M> {
    /// How many batch calls may be in flight at once (default 2; the rate limiter still
    /// decides when each goes).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Commands per batch call, 1 to 50 (default 50).
    pub fn batch_size(mut self, n: usize) -> Self {
        self.batch_size = n.clamp(1, MAX_COMMANDS);
        self
    }

    /// Called after each batch with the number of requests answered so far and the total,
    /// if the input knows its length.
    pub fn on_progress(mut self, f: impl Fn(usize, Option<usize>) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// Resend batches whose answer was lost even for methods that are not idempotent
    /// (accepting possible duplicates). Default `false`.
    pub fn resend_maybe_applied(mut self, resend: bool) -> Self {
        self.resend = resend;
        self
    }

    /// Runs every request and returns one result per request, in input order.
    pub async fn run(self) -> Vec<Result<M::Response, Error>> {
        let Bulk {
            client,
            requests,
            total,
            concurrency,
            batch_size,
            progress,
            resend,
        } = self;
        let idempotent = resend || is_idempotent(M::NAME);
        let mut chunks = Chunks {
            requests,
            size: batch_size,
            next: 0,
        };
        let calls = futures_util::stream::iter(std::iter::from_fn(move || chunks.next_chunk()))
            .map(|(start, commands)| {
                let client = client.clone();
                async move { (start, send_chunk::<M>(&client, commands, idempotent).await) }
            });
        let mut answers = calls.buffer_unordered(concurrency);
        let mut out: Vec<Option<Result<M::Response, Error>>> =
            Vec::with_capacity(total.unwrap_or(0));
        let mut done = 0;
        while let Some((start, results)) = answers.next().await {
            let end = start + results.len();
            if out.len() < end {
                out.resize_with(end, || None);
            }
            done += results.len();
            for (slot, r) in out[start..end].iter_mut().zip(results) {
                *slot = Some(r);
            }
            if let Some(p) = &progress {
                p(done, total);
            }
        }
        out.into_iter()
            .map(|r| {
                r.unwrap_or_else(|| Err(Error::Config("bulk: a request got no answer".into())))
            })
            .collect()
    }
}

impl<M: Method + 'static> IntoFuture for Bulk<M> {
    type Output = Vec<Result<M::Response, Error>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

impl<M: Method> fmt::Debug for Bulk<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bulk")
            .field("method", &M::NAME)
            .field("total", &self.total)
            .field("concurrency", &self.concurrency)
            .field("batch_size", &self.batch_size)
            .finish_non_exhaustive()
    }
}

/// The input, cut into encoded batches as it is read.
struct Chunks<M> {
    requests: Box<dyn Iterator<Item = M> + Send>,
    size: usize,
    next: usize,
}

impl<M: Method> Chunks<M> {
    fn next_chunk(&mut self) -> Option<(usize, Vec<Command>)> {
        let start = self.next;
        let commands: Vec<Command> = self
            .requests
            .by_ref()
            .take(self.size)
            .enumerate()
            .map(|(i, request)| Command::new(format!("b{i}"), M::NAME, batch_params(&request)))
            .collect();
        self.next += commands.len();
        (!commands.is_empty()).then_some((start, commands))
    }
}

/// Sends one batch; commands refused for the operating limit (or the rate limit) inside
/// it are resent after the wait, up to [`LIMIT_ROUNDS`] times.
async fn send_chunk<M: Method>(
    client: &Client,
    commands: Vec<Command>,
    idempotent: bool,
) -> Vec<Result<M::Response, Error>> {
    let mut entries: Vec<Option<Entry>> = vec![None; commands.len()];
    let mut pending: Vec<usize> = (0..commands.len()).collect();
    for round in 0..=LIMIT_ROUNDS {
        let batch: Vec<Command> = pending.iter().map(|&i| commands[i].clone()).collect();
        let answers = batch::run(client, &batch, false, idempotent).await;
        let mut again = Vec::new();
        for (&i, entry) in pending.iter().zip(answers) {
            if round < LIMIT_ROUNDS && refused_before_running(&entry) {
                again.push(i);
            }
            entries[i] = Some(entry);
        }
        if again.is_empty() {
            break;
        }
        tracing::info!(
            method = M::NAME,
            commands = again.len(),
            "resending commands refused for a limit"
        );
        pending = again;
    }
    commands
        .iter()
        .zip(entries)
        .map(|(c, e)| {
            let entry = e.unwrap_or_else(|| {
                Entry::failed(Error::Config("bulk: a command got no answer".into()))
            });
            entry
                .decode::<M::Response>(M::NAME, &c.key)
                .map(|r| r.result)
        })
        .collect()
}

/// A command the portal refused inside the batch for a limit (so it did not run).
fn refused_before_running(entry: &Entry) -> bool {
    matches!(&entry.outcome, Err(e @ Error::Api(a)) if a.status.is_none() && e.is_retryable() && !e.maybe_applied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    #[test]
    fn refused_inside_a_batch_means_not_run() {
        let limit = Entry::failed(Error::Api(ApiError::new(
            "m",
            None,
            "OPERATION_TIME_LIMIT",
            "",
        )));
        assert!(refused_before_running(&limit));
        let whole_call = Entry::failed(Error::Api(ApiError::new(
            "m",
            Some(503),
            "QUERY_LIMIT_EXCEEDED",
            "",
        )));
        assert!(
            !refused_before_running(&whole_call),
            "the client already retried the call"
        );
        let not_found = Entry::failed(Error::Api(ApiError::new("m", None, "NOT_FOUND", "")));
        assert!(!refused_before_running(&not_found));
    }
}
