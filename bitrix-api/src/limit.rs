//! Staying under the portal's limits instead of bouncing off them.
//!
//! Two limits apply (see the portal's limits page): a request-rate leaky bucket per portal
//! (a counter that every HTTP request raises by one and that drains by `Y` per second;
//! above the threshold `X` requests fail with `QUERY_LIMIT_EXCEEDED`), and a per-method
//! execution-time budget (`time.operating`, seconds used in a sliding 10-minute window).
//!
//! [`Limiter`] mirrors the bucket on the client: each HTTP request (a batch counts once)
//! reserves a slot and sleeps until the mirrored counter has room. It is shared by every
//! clone of a client; pass one [`Limiter`] to several clients that call the same portal
//! from the same address, since the portal counts them together.
//!
//! ```
//! use bitrix_api::limit::{Limiter, Limits, Plan};
//!
//! let shared = Limiter::new(Limits::from(Plan::Enterprise));
//! let a = bitrix_api::Client::builder()
//!     .webhook("https://example.bitrix24.com/rest/1/code/")
//!     .limiter(shared.clone())
//!     .build()
//!     .unwrap();
//! # let _ = a;
//! ```

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use crate::BoxFuture;

mod operating;
#[cfg(feature = "redis")]
mod redis;

#[cfg(feature = "redis")]
pub use self::redis::{RedisLimits, REDIS_TIMEOUT};
pub(crate) use operating::Operating;

/// A bucket kept outside the process (`redis.rs`), shared by every worker of an app.
pub(crate) trait Remote: Send + Sync + 'static {
    /// Waits for a slot for one request counted against the `operating` budgets of `gates`.
    fn acquire<'a>(&'a self, gates: &'a [&'a str]) -> BoxFuture<'a, Permit>;
    /// The portal said the bucket is full.
    fn saturate(&self) -> BoxFuture<'_, ()>;
    /// Pauses `method` for every worker for `wait` (real time).
    fn pause(&self, method: &str, wait: Duration) -> BoxFuture<'_, ()>;
}

/// A Bitrix24 tariff, for its request-rate limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Enterprise plans: the counter drains by 5 per second, threshold 250.
    Enterprise,
    /// Every other plan: drains by 2 per second, threshold 50.
    Others,
}

/// The request-rate bucket to mirror: drain rate and threshold, or none at all.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    bucket: Option<(f64, f64)>,
}

impl Limits {
    /// A bucket that drains `drain_per_sec` requests per second and blocks above
    /// `threshold` (e.g. an on-premise portal's own settings).
    pub fn custom(drain_per_sec: f64, threshold: f64) -> Limits {
        Limits {
            bucket: Some((drain_per_sec.max(f64::MIN_POSITIVE), threshold.max(1.0))),
        }
    }

    /// No client-side limiting (the portal's 503s are still retried).
    pub fn off() -> Limits {
        Limits { bucket: None }
    }

    /// Requests per second the bucket drains, `None` when off.
    pub fn drain_per_sec(&self) -> Option<f64> {
        self.bucket.map(|(d, _)| d)
    }

    /// The portal's threshold, `None` when off.
    pub fn threshold(&self) -> Option<f64> {
        self.bucket.map(|(_, t)| t)
    }

    /// How many requests the client lets into the bucket: the threshold less a margin of
    /// one second's drain (the portal may drain in whole-second steps), at most a tenth of
    /// the threshold, and two requests (network jitter can bunch requests that left
    /// evenly). `Others`: 46, `Enterprise`: 243, `custom(100.0, 50.0)`: 43.
    ///
    /// The cap: a portal that drains more per second than its threshold cannot be draining
    /// in whole-second steps (it would never reach its own rate), so a full second's drain
    /// would only keep the bucket empty — at 100/s with threshold 50 it left one request
    /// in flight. Arrivals bunching up is covered by the mirror itself (a request counts
    /// from when it is sent, and drains only once answered), not by this margin.
    pub fn capacity(&self) -> Option<f64> {
        self.bucket.map(|(drain, threshold)| {
            let step = drain.ceil().min((threshold / 10.0).ceil());
            (threshold - step - 2.0).max(1.0)
        })
    }
}

impl From<Plan> for Limits {
    fn from(plan: Plan) -> Limits {
        match plan {
            Plan::Enterprise => Limits::custom(5.0, 250.0),
            Plan::Others => Limits::custom(2.0, 50.0),
        }
    }
}

impl Default for Limits {
    /// [`Plan::Others`]: the safe choice when the plan is unknown.
    fn default() -> Limits {
        Plan::Others.into()
    }
}

/// A client-side mirror of the portal's request-rate bucket; cheap to clone, every clone
/// is the same bucket.
///
/// The portal counts a request when it *arrives*, which the client cannot see: a request
/// sent now may arrive at once or after a slow connect, bunched with later ones. So the
/// mirror is conservative: a request counts from when it is sent, and the counter drains
/// at the portal's rate but never past the requests whose answers have come back (a
/// request still in flight may not have arrived yet). Whatever the network does, the
/// portal's counter then stays at or below the mirror's (plus one second's drain, which
/// [`Limits::capacity`] keeps free). In steady state this admits the portal's rate; at
/// worst it caps the number of requests in flight at the capacity.
///
/// Requests are admitted in the order they ask; waiting is sleeping (until the next slot,
/// or until an answer comes back), never polling. Hold the [`Permit`] until the answer
/// (or the failure) is in.
#[derive(Clone)]
pub struct Limiter {
    inner: Arc<LimiterInner>,
}

struct LimiterInner {
    limits: Limits,
    /// The shared bucket that decides instead of this one, if any.
    remote: Option<Arc<dyn Remote>>,
    /// Drain per real second (the portal's drain times the time scale).
    rate: f64,
    capacity: f64,
    bucket: Mutex<Bucket>,
    /// Woken whenever a request completes (the drain may go further then).
    completed: Notify,
}

/// Counts since the limiter was made: requests admitted or waiting (`reserved`), requests
/// completed (`done`), and how much the portal has drained (`drained`, never above `done`).
struct Bucket {
    reserved: u64,
    done: u64,
    drained: f64,
    at: Instant,
}

/// What a waiting request must wait for.
#[derive(Debug, PartialEq)]
enum Wait {
    Ready,
    For(Duration),
    Completion,
}

/// One request's place in the bucket. Dropping it marks the request complete (answered,
/// failed, or never sent).
#[must_use = "the permit counts the request as in flight until it is dropped"]
pub struct Permit {
    limiter: Option<Arc<LimiterInner>>,
}

/// A clock speed-up factor as given, or 1.0 (real time) when it is not a positive number.
pub(crate) fn clock_scale(scale: f64) -> f64 {
    if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    }
}

impl Limiter {
    /// A new bucket for these limits, in real time.
    pub fn new(limits: Limits) -> Limiter {
        Limiter::with_time_scale(limits, 1.0)
    }

    /// A new bucket whose clock runs `scale` times faster (for a portal emulator on a
    /// sped-up clock: it drains `scale` times faster).
    pub fn with_time_scale(limits: Limits, scale: f64) -> Limiter {
        Limiter::with_remote(limits, scale, None)
    }

    /// A bucket that `remote` decides, when there is one.
    pub(crate) fn with_remote(
        limits: Limits,
        scale: f64,
        remote: Option<Arc<dyn Remote>>,
    ) -> Limiter {
        let scale = clock_scale(scale);
        Limiter {
            inner: Arc::new(LimiterInner {
                limits,
                remote,
                rate: limits.drain_per_sec().unwrap_or(1.0) * scale,
                capacity: limits.capacity().unwrap_or(f64::INFINITY),
                bucket: Mutex::new(Bucket {
                    reserved: 0,
                    done: 0,
                    drained: 0.0,
                    at: Instant::now(),
                }),
                completed: Notify::new(),
            }),
        }
    }

    /// The limits this bucket mirrors.
    pub fn limits(&self) -> Limits {
        self.inner.limits
    }

    /// Waits until one more request fits, and counts it until the permit is dropped.
    pub async fn acquire(&self) -> Permit {
        self.acquire_for(&[]).await
    }

    /// [`Limiter::acquire`] for a request counted against the `operating` budgets of
    /// `gates` (a shared limiter also waits out their pauses set by other workers).
    pub(crate) async fn acquire_for(&self, gates: &[&str]) -> Permit {
        let inner = &self.inner;
        if let Some(remote) = &inner.remote {
            return remote.acquire(gates).await;
        }
        if inner.limits.bucket.is_none() {
            return Permit { limiter: None };
        }
        let ticket = {
            let mut b = inner.lock();
            b.reserved += 1;
            b.reserved
        };
        // From here on a cancelled wait still completes the ticket (on drop).
        let permit = Permit {
            limiter: Some(inner.clone()),
        };
        loop {
            let completed = inner.completed.notified();
            tokio::pin!(completed);
            completed.as_mut().enable();
            match inner.check(ticket, Instant::now()) {
                Wait::Ready => return permit,
                Wait::For(d) => {
                    tracing::trace!(
                        wait_ms = d.as_millis() as u64,
                        "rate limit: waiting for a slot"
                    );
                    tokio::time::sleep(d).await;
                }
                Wait::Completion => completed.await,
            }
        }
    }

    /// The portal said the bucket is full (`QUERY_LIMIT_EXCEEDED`): believe it, so that
    /// the next requests wait for the margin to drain.
    pub(crate) fn saturate(&self) {
        let inner = &*self.inner;
        if let Some(remote) = &inner.remote {
            let remote = Arc::clone(remote);
            tokio::spawn(async move { remote.saturate().await });
            return;
        }
        if inner.limits.bucket.is_none() {
            return;
        }
        let mut b = inner.lock();
        b.advance(Instant::now(), inner.rate);
        // Phantom requests, already answered, that fill the mirror up to the capacity.
        let phantom = (inner.capacity - (b.reserved as f64 - b.drained))
            .max(0.0)
            .ceil() as u64;
        b.reserved += phantom;
        b.done += phantom;
    }
}

impl Limiter {
    /// Tells the other workers that `method` is paused for `wait` (real time), when the
    /// limiter is shared.
    pub(crate) fn share_pause(&self, method: &str, wait: Duration) {
        if let Some(remote) = &self.inner.remote {
            let (remote, method) = (Arc::clone(remote), method.to_owned());
            tokio::spawn(async move { remote.pause(&method, wait).await });
        }
    }
}

impl LimiterInner {
    fn lock(&self) -> std::sync::MutexGuard<'_, Bucket> {
        self.bucket.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether request number `ticket` may go at `now`: the requests up to it, less the
    /// drain, must fit the capacity.
    fn check(&self, ticket: u64, now: Instant) -> Wait {
        let mut b = self.lock();
        b.advance(now, self.rate);
        let need = ticket as f64 - self.capacity;
        if b.drained >= need {
            Wait::Ready
        } else if (b.done as f64) < need {
            Wait::Completion
        } else {
            // Round up to whole microseconds so the wake-up is never early.
            Wait::For(Duration::from_micros(
                ((need - b.drained) / self.rate * 1e6).ceil() as u64,
            ))
        }
    }
}

impl Bucket {
    fn advance(&mut self, now: Instant, rate: f64) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.drained = (self.drained + elapsed * rate).min(self.done as f64);
        self.at = self.at.max(now);
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(inner) = self.limiter.take() {
            {
                let mut b = inner.lock();
                b.advance(Instant::now(), inner.rate);
                b.done += 1;
            }
            inner.completed.notify_waiters();
        }
    }
}

impl fmt::Debug for Permit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Permit")
    }
}

impl fmt::Debug for Limiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Limiter")
            .field("limits", &self.inner.limits)
            .field("rate", &self.inner.rate)
            .field("shared", &self.inner.remote.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacities_keep_a_margin() {
        assert_eq!(Limits::from(Plan::Others).capacity(), Some(46.0));
        assert_eq!(Limits::from(Plan::Enterprise).capacity(), Some(243.0));
        assert_eq!(Limits::off().capacity(), None);
        assert_eq!(Limits::custom(1.0, 2.0).capacity(), Some(1.0));
        // Draining faster than the threshold per second: a tenth of it is kept, not all.
        assert_eq!(Limits::custom(100.0, 50.0).capacity(), Some(43.0));
        assert_eq!(Limits::custom(1000.0, 250.0).capacity(), Some(223.0));
    }

    /// Reserves the next ticket without waiting (tests only).
    fn reserve(l: &Limiter) -> u64 {
        let mut b = l.inner.lock();
        b.reserved += 1;
        b.reserved
    }

    fn complete(l: &Limiter, n: u64) {
        for _ in 0..n {
            drop(Permit {
                limiter: Some(l.inner.clone()),
            });
        }
    }

    #[tokio::test(start_paused = true)]
    async fn bursts_then_drains_at_the_rate_of_completions() {
        let l = Limiter::new(Plan::Others.into());
        let t0 = Instant::now();
        let tickets: Vec<u64> = (0..56).map(|_| reserve(&l)).collect();
        assert!(tickets[..46]
            .iter()
            .all(|&t| l.inner.check(t, t0) == Wait::Ready));
        // Nothing has come back: the 47th waits for an answer, not for the clock.
        assert_eq!(l.inner.check(tickets[46], t0), Wait::Completion);
        complete(&l, 46);
        assert_eq!(
            l.inner.check(tickets[46], t0),
            Wait::For(Duration::from_millis(500))
        );
        assert_eq!(
            l.inner.check(tickets[55], t0),
            Wait::For(Duration::from_secs(5))
        );
        assert_eq!(l.inner.check(93, t0), Wait::Completion);
        // Ten seconds later 20 have drained (all 46 came back): tickets up to 66 fit.
        let t1 = t0 + Duration::from_secs(10);
        assert_eq!(l.inner.check(66, t1), Wait::Ready);
        assert_eq!(l.inner.check(67, t1), Wait::For(Duration::from_millis(500)));
    }

    #[tokio::test(start_paused = true)]
    async fn drain_never_passes_answers() {
        let l = Limiter::new(Limits::custom(1.0, 8.0)); // capacity 5
        let t0 = Instant::now();
        for _ in 0..6 {
            reserve(&l);
        }
        complete(&l, 1);
        // An hour later only the one answered request has drained.
        let later = t0 + Duration::from_secs(3600);
        assert_eq!(l.inner.check(6, later), Wait::Ready);
        assert_eq!(l.inner.check(7, later), Wait::Completion);
    }

    #[tokio::test(start_paused = true)]
    async fn acquire_sleeps_and_cancelled_waits_free_their_slot() {
        let l = Limiter::with_time_scale(Limits::custom(1.0, 8.0), 10.0);
        let permits: Vec<Permit> =
            futures_util::future::join_all((0..5).map(|_| l.acquire())).await;
        let start = Instant::now();
        let waiting = tokio::spawn({
            let l = l.clone();
            async move { l.acquire().await }
        });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        drop(permits);
        let _p = waiting.await.unwrap();
        // One slot at 10/s.
        assert_eq!(start.elapsed(), Duration::from_millis(100));
        // A wait that is abandoned counts as done, so the bucket does not jam.
        let abandoned = tokio::time::timeout(Duration::from_millis(1), l.acquire()).await;
        assert!(abandoned.is_err());
        assert_eq!(l.inner.lock().done, 6);
    }

    #[tokio::test(start_paused = true)]
    async fn time_scale_speeds_the_drain() {
        let l = Limiter::with_time_scale(Plan::Others.into(), 50.0);
        let t0 = Instant::now();
        for _ in 0..47 {
            reserve(&l);
        }
        complete(&l, 47);
        assert_eq!(l.inner.check(46, t0), Wait::Ready);
        assert_eq!(l.inner.check(47, t0), Wait::For(Duration::from_millis(10)));
    }

    #[tokio::test(start_paused = true)]
    async fn saturate_fills_the_bucket() {
        let l = Limiter::new(Plan::Others.into());
        reserve(&l);
        complete(&l, 1);
        tokio::time::advance(Duration::from_secs(100)).await;
        l.saturate();
        let next = reserve(&l);
        assert_eq!(
            l.inner.check(next, Instant::now()),
            Wait::For(Duration::from_millis(500))
        );
        let off = Limiter::new(Limits::off());
        off.saturate();
        let _p = off.acquire().await;
    }
}
