//! The portal's two limits (settings/performance/limits.md).
//!
//! - Request rate: a leaky bucket. Every HTTP request that reaches the portal (a `batch`
//!   is one) adds 1 to a counter that drains at `rate` per second. A request arriving
//!   while the counter is above `threshold` is refused with 503 `QUERY_LIMIT_EXCEEDED`
//!   and does not add to it. So from empty, `threshold + 1` requests pass at once.
//!   The docs count per portal and source IP; on loopback that is one counter per portal.
//! - Resource intensity (`operating`): per client (webhook or OAuth application) and per
//!   method, execution time is summed in one-minute baskets, each counted for 10 minutes
//!   from its first call. A call arriving while the sum is above the limit is refused with
//!   429 `OPERATION_TIME_LIMIT`. `batch` itself is not counted; its inner calls are.
//!
//! The bucket's settings are the client's own [`bitrix_api::Limits`] (one type for both
//! sides): `Limits::from(Plan::Others)`, `Limits::custom(rate, threshold)`, `Limits::off()`.

use std::collections::{HashMap, VecDeque};

use bitrix_api::Limits;

/// The request counter.
#[derive(Debug)]
pub(crate) struct Bucket {
    limits: Limits,
    level: f64,
    at: f64,
    /// Requests counted and requests refused since the start, from every client.
    pub(crate) admitted: u64,
    pub(crate) refused: u64,
    /// The highest the counter has been.
    pub(crate) peak: f64,
}

impl Bucket {
    pub(crate) fn new(limits: Limits) -> Self {
        Bucket {
            limits,
            level: 0.0,
            at: f64::NEG_INFINITY,
            admitted: 0,
            refused: 0,
            peak: 0.0,
        }
    }

    /// Counts one request at `now`; `false` when it must be refused.
    pub(crate) fn admit(&mut self, now: f64) -> bool {
        let (Some(rate), Some(threshold)) = (self.limits.drain_per_sec(), self.limits.threshold())
        else {
            self.admitted += 1;
            return true;
        };
        let elapsed = (now - self.at).max(0.0);
        self.level = (self.level - elapsed * rate).max(0.0);
        self.at = now;
        if self.level > threshold {
            self.refused += 1;
            return false;
        }
        self.level += 1.0;
        self.admitted += 1;
        self.peak = self.peak.max(self.level);
        true
    }

    pub(crate) fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }
}

/// Length of one basket and of the whole window, in seconds.
const BASKET: f64 = 60.0;
const WINDOW: f64 = 600.0;

#[derive(Debug, Default)]
struct Baskets(VecDeque<(f64, f64)>);

impl Baskets {
    fn expire(&mut self, now: f64) {
        while self
            .0
            .front()
            .is_some_and(|(start, _)| start + WINDOW <= now)
        {
            self.0.pop_front();
        }
    }

    fn sum(&self) -> f64 {
        self.0.iter().map(|(_, s)| s).sum()
    }
}

/// `operating` totals per (client, method).
#[derive(Debug)]
pub(crate) struct Operating {
    limit: f64,
    totals: HashMap<(String, String), Baskets>,
}

/// A method's `operating` state after a call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Usage {
    pub operating: f64,
    pub reset_at: f64,
}

impl Operating {
    pub(crate) fn new(limit: f64) -> Self {
        Operating {
            limit,
            totals: HashMap::new(),
        }
    }

    /// Whether a call may start now (the total is not above the limit).
    pub(crate) fn admit(&mut self, client: &str, method: &str, now: f64) -> bool {
        match self.totals.get_mut(&(client.to_owned(), method.to_owned())) {
            Some(b) => {
                b.expire(now);
                b.sum() <= self.limit
            }
            None => true,
        }
    }

    /// Records `cost` seconds of a call that started at `now`.
    pub(crate) fn record(&mut self, client: &str, method: &str, now: f64, cost: f64) -> Usage {
        let b = self
            .totals
            .entry((client.to_owned(), method.to_owned()))
            .or_default();
        b.expire(now);
        match b.0.back_mut() {
            Some((start, sum)) if now < *start + BASKET => *sum += cost,
            _ => b.0.push_back((now, cost)),
        }
        Usage {
            operating: b.sum(),
            reset_at: b.0.front().map_or(now, |(start, _)| *start) + WINDOW,
        }
    }

    /// What a method shows in `time` without being called (e.g. `batch` itself).
    pub(crate) fn idle(now: f64) -> Usage {
        Usage {
            operating: 0.0,
            reset_at: now + WINDOW,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_lets_threshold_plus_one_through_then_drains() {
        let mut b = Bucket::new(Limits::custom(2.0, 5.0));
        let passed = (0..10).filter(|_| b.admit(100.0)).count();
        assert_eq!(passed, 6);
        assert!(!b.admit(100.0));
        assert!(b.admit(101.0), "drained 2 after a second");
        assert_eq!((b.admitted, b.refused), (7, 5));
        assert_eq!(b.peak, 6.0);
        assert!(Bucket::new(Limits::off()).admit(0.0));
    }

    #[test]
    fn operating_blocks_above_limit_until_oldest_basket_expires() {
        let mut o = Operating::new(10.0);
        assert!(o.admit("c", "m", 0.0));
        let u = o.record("c", "m", 0.0, 6.0);
        assert_eq!(
            u,
            Usage {
                operating: 6.0,
                reset_at: 600.0
            }
        );
        assert!(o.admit("c", "m", 1.0));
        o.record("c", "m", 70.0, 6.0);
        assert!(!o.admit("c", "m", 71.0), "12 > 10");
        assert!(o.admit("c", "other", 71.0), "per method");
        assert!(o.admit("d", "m", 71.0), "per client");
        assert!(o.admit("c", "m", 600.0), "first basket gone: 6 <= 10");
        assert_eq!(o.record("c", "m", 600.0, 0.0).reset_at, 670.0);
    }
}
