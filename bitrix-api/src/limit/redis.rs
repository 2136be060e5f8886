//! One rate limit per portal across worker processes: the bucket's state in Redis
//! (feature `redis`).
//!
//! **The atomic step** is one Lua script per request (a GCRA, which needs no Redis module):
//! the key holds the bucket's *theoretical arrival time* `tat` in microseconds of the
//! Redis server's clock (`TIME`, so workers' clocks do not matter). A request at `now`
//! reserves the slot `max(tat, now)`, may go after `tat - tau - now` (zero while the bucket
//! has room; `tau` is [`Limits::capacity`] less one slot), and moves `tat` one interval
//! (`1 / drain`) on. Reserving instead of refusing makes it fair: workers are served in
//! the order they ask, each sleeping exactly until its own slot, never polling. The same
//! call first reads the `operating` pauses of the methods the request counts against
//! (keys with a time to live, set by whichever worker saw the budget run low), so one
//! worker's pause holds for all.
//!
//! **When Redis is down** (an error, or no answer within [`REDIS_TIMEOUT`]) the worker
//! falls back to a local bucket of `1/N` of the portal's limits, `N` being
//! [`RedisLimits::workers`]: the N workers together still stay within the plan, at worst
//! using a part of it. It tries Redis again a second later; a warning is logged when it
//! falls back and when it returns.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use tokio::time::Instant;

use super::{Limiter, Limits, Permit, Remote};
use crate::BoxFuture;

/// How long a worker waits for Redis before it uses its local bucket.
pub const REDIS_TIMEOUT: Duration = Duration::from_millis(500);

/// How long a worker that lost Redis keeps to its local bucket before trying again.
const RETRY_AFTER: Duration = Duration::from_secs(1);

const SCRIPT: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local blocked = 0
for i = 2, #KEYS do
  local left = redis.call('PTTL', KEYS[i])
  if left > blocked then blocked = left end
end
if blocked > 0 then return -blocked * 1000 end
local interval = tonumber(ARGV[1])
local tau = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = 0
if ARGV[3] == 'fill' then
  if tat < now + tau then tat = now + tau end
else
  wait = tat - tau - now
  if wait < 0 then wait = 0 end
  tat = tat + interval
end
redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
return math.ceil(wait)
";

/// A Redis server holding the buckets of every portal an app calls; cheap to clone.
///
/// ```no_run
/// use bitrix_api::limit::{Plan, RedisLimits};
///
/// let redis = RedisLimits::new("redis://127.0.0.1:6379/").unwrap().workers(4);
/// let client = bitrix_api::Client::builder()
///     .webhook("https://example.bitrix24.com/rest/1/code/")
///     .limiter(redis.limiter("example.bitrix24.com", Plan::Others.into()))
///     .build()
///     .unwrap();
/// # let _ = client;
/// ```
#[derive(Clone)]
pub struct RedisLimits {
    client: redis::Client,
    conn: Arc<Mutex<Option<MultiplexedConnection>>>,
    prefix: String,
    workers: u32,
    scale: f64,
}

impl fmt::Debug for RedisLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may carry a password: only the key prefix is shown.
        f.debug_struct("RedisLimits")
            .field("prefix", &self.prefix)
            .field("workers", &self.workers)
            .finish_non_exhaustive()
    }
}

impl RedisLimits {
    /// A Redis server (`redis://host:port/db`); nothing is connected until the first
    /// request, so a server that is down now is only a fallback, not an error.
    pub fn new(url: &str) -> Result<RedisLimits, crate::Error> {
        let client = redis::Client::open(url)
            .map_err(|_| crate::Error::Config("the Redis address is not a redis:// URL".into()))?;
        Ok(RedisLimits {
            client,
            conn: Arc::new(Mutex::new(None)),
            prefix: "bitrix:limit:".into(),
            workers: 1,
            scale: 1.0,
        })
    }

    /// The keys' prefix (default `bitrix:limit:`).
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> RedisLimits {
        self.prefix = prefix.into();
        self
    }

    /// How many worker processes share the limits: with Redis down, each keeps to `1/n`
    /// (default 1).
    pub fn workers(mut self, n: u32) -> RedisLimits {
        self.workers = n.max(1);
        self
    }

    /// A clock `scale` times faster (for a portal emulator on a sped-up clock).
    pub fn time_scale(mut self, scale: f64) -> RedisLimits {
        self.scale = super::clock_scale(scale);
        self
    }

    /// The limiter of one portal (`portal`: its `member_id` or host; every worker must
    /// name it the same way), shared by every worker that uses this Redis.
    pub fn limiter(&self, portal: &str, limits: Limits) -> Limiter {
        let n = f64::from(self.workers);
        let fallback = match (limits.drain_per_sec(), limits.threshold()) {
            (Some(d), Some(t)) => Limits::custom(d / n, t / n),
            _ => Limits::off(),
        };
        let remote = match (limits.drain_per_sec(), limits.capacity()) {
            (Some(drain), Some(capacity)) => {
                let interval = 1e6 / (drain * self.scale);
                Some(Arc::new(RedisBucket {
                    redis: self.clone(),
                    key: format!("{}{portal}", self.prefix),
                    interval,
                    tau: (capacity - 1.0).max(0.0) * interval,
                    fallback: Limiter::with_time_scale(fallback, self.scale),
                    down_until: Mutex::new(None),
                }) as Arc<dyn Remote>)
            }
            _ => None,
        };
        Limiter::with_remote(limits, self.scale, remote)
    }

    async fn connection(&self) -> Result<MultiplexedConnection, redis::RedisError> {
        let cached = self
            .conn
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(c) = cached {
            return Ok(c);
        }
        let c = self.client.get_multiplexed_async_connection().await?;
        *self.conn.lock().unwrap_or_else(PoisonError::into_inner) = Some(c.clone());
        Ok(c)
    }

    fn forget_connection(&self) {
        *self.conn.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

/// One portal's bucket in Redis, with its local fallback.
struct RedisBucket {
    redis: RedisLimits,
    key: String,
    /// Microseconds between two requests at the portal's drain rate.
    interval: f64,
    /// How far ahead of now `tat` may be while a request still goes at once.
    tau: f64,
    fallback: Limiter,
    down_until: Mutex<Option<Instant>>,
}

/// What the script says: go after this long, or a method is paused this long.
enum Step {
    Go(Duration),
    Paused(Duration),
}

impl RedisBucket {
    fn op_key(&self, method: &str) -> String {
        format!("{}:op:{method}", self.key)
    }

    fn is_down(&self) -> bool {
        self.down_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some_and(|t| Instant::now() < t)
    }

    fn went_down(&self, why: &str) {
        let mut d = self
            .down_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if d.is_none() {
            tracing::warn!(
                error = why,
                "Redis limiter unreachable: using a local bucket of 1/N of the portal's limits"
            );
        }
        *d = Some(Instant::now() + RETRY_AFTER);
        self.redis.forget_connection();
    }

    fn came_back(&self) {
        let mut d = self
            .down_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if d.take().is_some() {
            tracing::warn!("Redis limiter reachable again: back to the shared bucket");
        }
    }

    async fn step(&self, gates: &[&str], mode: &str) -> Result<Step, String> {
        let run = async {
            let mut conn = self.redis.connection().await?;
            let script = redis::Script::new(SCRIPT);
            let mut call = script.key(&self.key);
            for g in gates {
                call.key(self.op_key(g));
            }
            call.arg(self.interval)
                .arg(self.tau)
                .arg(mode)
                .invoke_async::<i64>(&mut conn)
                .await
        };
        match tokio::time::timeout(REDIS_TIMEOUT, run).await {
            Ok(Ok(n)) if n < 0 => Ok(Step::Paused(Duration::from_micros(n.unsigned_abs()))),
            Ok(Ok(n)) => Ok(Step::Go(Duration::from_micros(n.unsigned_abs()))),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err("no answer in time".into()),
        }
    }
}

impl Remote for RedisBucket {
    fn acquire<'a>(&'a self, gates: &'a [&'a str]) -> BoxFuture<'a, Permit> {
        Box::pin(async move {
            loop {
                if self.is_down() {
                    return self.fallback.acquire().await;
                }
                match self.step(gates, "take").await {
                    Ok(Step::Go(wait)) => {
                        self.came_back();
                        if !wait.is_zero() {
                            tokio::time::sleep(wait).await;
                        }
                        return Permit { limiter: None };
                    }
                    Ok(Step::Paused(wait)) => {
                        self.came_back();
                        tracing::debug!(
                            wait_ms = wait.as_millis() as u64,
                            "operating pause set by a worker"
                        );
                        tokio::time::sleep(wait).await;
                    }
                    Err(why) => self.went_down(&why),
                }
            }
        })
    }

    fn saturate(&self) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            self.fallback.saturate();
            if !self.is_down() {
                if let Err(why) = self.step(&[], "fill").await {
                    self.went_down(&why);
                }
            }
        })
    }

    fn pause(&self, method: &str, wait: Duration) -> BoxFuture<'_, ()> {
        let key = self.op_key(method);
        Box::pin(async move {
            if wait.is_zero() || self.is_down() {
                return;
            }
            let ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX).max(1);
            let set = async {
                let mut conn = self.redis.connection().await?;
                redis::cmd("SET")
                    .arg(&key)
                    .arg(1)
                    .arg("PX")
                    .arg(ms)
                    .query_async::<()>(&mut conn)
                    .await
            };
            match tokio::time::timeout(REDIS_TIMEOUT, set).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => self.went_down(&e.to_string()),
                Err(_) => self.went_down("no answer in time"),
            }
        })
    }
}
