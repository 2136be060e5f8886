//! When to try again, and how long to wait first.
//!
//! Whether an error *can* succeed later is [`Error::is_retryable`]'s call; this module adds
//! the caller's budget (attempts, total time) and the one question that needs the method:
//! may a request that [may have been applied](Error::maybe_applied) be sent again?
//!
//! Retrying is not free of risk: if the answer to `crm.lead.add` is lost after the portal
//! stored the lead, sending it again stores a second lead. By default
//! ([`Resend::IdempotentOnly`]) such requests are resent only for methods that are safe to
//! repeat (see [`is_idempotent`]); errors that prove the request was not applied
//! (`QUERY_LIMIT_EXCEEDED`, refused connections, …) are retried for every method.
//!
//! REST 3.0 calls ([`ApiVersion::V3`](crate::ApiVersion)) count as safe to repeat: reads
//! change nothing, and every write carries one `Idempotency-Key` on all its attempts, so a
//! resent write is answered with the stored answer instead of running again (see
//! [`CallOptions`](crate::CallOptions)). If the client still gives up, the error is the last
//! attempt's: [`Error::maybe_applied`] is `true` only if that answer was lost, and resending
//! later with the same key (set your own with `CallOptions::idempotency_key`) is safe.
//!
//! ```
//! use std::time::Duration;
//! use bitrix_api::{Resend, RetryPolicy};
//!
//! let policy = RetryPolicy::default()
//!     .max_attempts(8)
//!     .max_elapsed(Duration::from_secs(300))
//!     .resend(Resend::Always); // my adds carry their own dedup key
//! # let _ = policy;
//! ```

use std::time::Duration;

use crate::error::{ApiCode, Error};
use crate::method::ApiVersion;

/// Whether requests that may already have been applied are sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resend {
    /// Never: the caller sees the error and decides.
    Never,
    /// Only for methods [`is_idempotent`] accepts and for REST 3.0 calls, whose writes
    /// carry an `Idempotency-Key` (the default).
    IdempotentOnly,
    /// Always, accepting possible duplicates.
    Always,
}

/// How often and how long the client retries a failed request.
///
/// Times are in portal time: with `ClientBuilder::time_scale`, every wait is divided by
/// the scale and elapsed time is multiplied by it.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) max_elapsed: Duration,
    pub(crate) base_delay: Duration,
    pub(crate) max_delay: Duration,
    pub(crate) resend: Resend,
    pub(crate) max_operating_wait: Duration,
}

impl Default for RetryPolicy {
    /// 5 attempts within 120 s, backoff from 0.5 s doubling up to 20 s with jitter,
    /// [`Resend::IdempotentOnly`], operating-limit waits up to 10 minutes.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            max_elapsed: Duration::from_secs(120),
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            resend: Resend::IdempotentOnly,
            max_operating_wait: Duration::from_secs(600),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries, no waiting for operating resets.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            max_operating_wait: Duration::ZERO,
            ..RetryPolicy::default()
        }
    }

    /// Attempts in total, the first included (at least 1).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// No retry starts after this much time since the first attempt.
    pub fn max_elapsed(mut self, d: Duration) -> Self {
        self.max_elapsed = d;
        self
    }

    /// The first backoff; each next one doubles, up to [`RetryPolicy::max_delay`].
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// The longest backoff.
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// Whether requests that may have been applied are resent.
    pub fn resend(mut self, r: Resend) -> Self {
        self.resend = r;
        self
    }

    /// The longest wait for a method's `operating` window to reset (after
    /// `OPERATION_TIME_LIMIT`, or before a call when the budget is nearly used up).
    pub fn max_operating_wait(mut self, d: Duration) -> Self {
        self.max_operating_wait = d;
        self
    }

    /// How long to wait before attempt `attempt + 1` after `err`, or `None` to give up.
    /// `elapsed` is portal time since the first attempt; `operating_wait` is the wait the
    /// operating throttle asks for after `OPERATION_TIME_LIMIT`.
    pub(crate) fn next_delay(
        &self,
        err: &Error,
        attempt: u32,
        elapsed: Duration,
        idempotent: bool,
        operating_wait: Option<Duration>,
    ) -> Option<Duration> {
        if !err.is_retryable() || attempt >= self.max_attempts {
            return None;
        }
        if err.maybe_applied() && !self.may_resend(idempotent) {
            return None;
        }
        if err.has_code(ApiCode::OperationTimeLimit) {
            // Its own budget: the reset can be minutes away and is worth waiting for.
            let wait = operating_wait.unwrap_or(Duration::from_secs(60));
            return (wait <= self.max_operating_wait).then_some(wait);
        }
        let delay = self.backoff(attempt);
        (elapsed + delay <= self.max_elapsed).then_some(delay)
    }

    pub(crate) fn may_resend(&self, idempotent: bool) -> bool {
        match self.resend {
            Resend::Never => false,
            Resend::IdempotentOnly => idempotent,
            Resend::Always => true,
        }
    }

    /// Exponential backoff with "equal jitter": half fixed, half random, so that clients
    /// that failed together do not come back together.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
        let capped = exp.min(self.max_delay);
        let half = capped / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// Whether a call of `method` that may have been applied can be sent again without
/// changing more than one call would: REST 2 methods if [`is_idempotent`]; every REST 3.0
/// call, since reads change nothing and writes carry one `Idempotency-Key` on all attempts
/// (a resend is answered with the stored answer instead of running twice).
pub(crate) fn resendable(method: &str, version: ApiVersion) -> bool {
    match version {
        ApiVersion::V2 => is_idempotent(method),
        ApiVersion::V3 => true,
    }
}

/// Whether repeating `method` leaves the portal as one call would: reads (`*.get`,
/// `*.list`, `*.fields`) and writes that set a state (`*.update`, `*.delete`,
/// `*.items.set`, `*.items.delete`). Adds, sends and moves are not.
///
/// ```
/// use bitrix_api::is_idempotent;
///
/// assert!(is_idempotent("crm.lead.get"));
/// assert!(is_idempotent("crm.lead.contact.items.set"));
/// assert!(!is_idempotent("crm.lead.add"));
/// ```
pub fn is_idempotent(method: &str) -> bool {
    let m = method.to_ascii_lowercase();
    let m = m.strip_suffix(".json").unwrap_or(&m);
    [".get", ".list", ".fields", ".update", ".delete"]
        .iter()
        .any(|s| m.ends_with(s))
        || m.ends_with(".items.set")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ApiError, Stage};
    use std::sync::Arc;

    fn api(code: &str, status: u16) -> Error {
        Error::Api(ApiError::new("m", Some(status), code, ""))
    }

    fn dropped() -> Error {
        Error::Transport {
            method: "m".into(),
            stage: Stage::Send,
            source: Arc::new(std::io::Error::other("reset")),
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default();
        for attempt in 1..30 {
            let d = p.backoff(attempt);
            assert!(d <= p.max_delay, "{attempt}: {d:?}");
            let floor = (p.base_delay * 2u32.pow(attempt.min(10) - 1)).min(p.max_delay) / 2;
            assert!(d >= floor, "{attempt}: {d:?} < {floor:?}");
        }
    }

    #[test]
    fn stops_on_count_time_and_class() {
        let p = RetryPolicy::default().max_attempts(3);
        let e = api("QUERY_LIMIT_EXCEEDED", 503);
        assert!(p.next_delay(&e, 1, Duration::ZERO, false, None).is_some());
        assert!(p.next_delay(&e, 3, Duration::ZERO, false, None).is_none());
        assert!(p
            .next_delay(&e, 1, Duration::from_secs(1000), false, None)
            .is_none());
        assert!(p
            .next_delay(&api("ACCESS_DENIED", 403), 1, Duration::ZERO, true, None)
            .is_none());
        assert!(p
            .next_delay(&api("OVERLOAD_LIMIT", 503), 1, Duration::ZERO, true, None)
            .is_none());
    }

    #[test]
    fn maybe_applied_needs_idempotence_or_consent() {
        let p = RetryPolicy::default();
        assert!(p
            .next_delay(&dropped(), 1, Duration::ZERO, true, None)
            .is_some());
        assert!(p
            .next_delay(&dropped(), 1, Duration::ZERO, false, None)
            .is_none());
        let p = p.resend(Resend::Always);
        assert!(p
            .next_delay(&dropped(), 1, Duration::ZERO, false, None)
            .is_some());
        let p = p.resend(Resend::Never);
        assert!(p
            .next_delay(&dropped(), 1, Duration::ZERO, true, None)
            .is_none());
    }

    #[test]
    fn operating_limit_waits_for_the_reset() {
        let p = RetryPolicy::default();
        let e = api("OPERATION_TIME_LIMIT", 429);
        let d = p.next_delay(
            &e,
            1,
            Duration::from_secs(500),
            false,
            Some(Duration::from_secs(42)),
        );
        assert_eq!(d, Some(Duration::from_secs(42)));
        let d = p.next_delay(
            &e,
            1,
            Duration::ZERO,
            false,
            Some(Duration::from_secs(4000)),
        );
        assert_eq!(d, None);
    }

    #[test]
    fn rest3_calls_are_resendable_rest2_adds_are_not() {
        assert!(resendable("note.document.add", ApiVersion::V3));
        assert!(resendable("note.document.get", ApiVersion::V3));
        assert!(!resendable("crm.lead.add", ApiVersion::V2));
        assert!(resendable("crm.lead.get", ApiVersion::V2));
    }

    #[test]
    fn idempotent_names() {
        for m in [
            "crm.lead.get",
            "crm.lead.list",
            "crm.lead.fields",
            "crm.lead.update",
            "crm.lead.delete",
            "crm.lead.contact.items.set",
            "crm.lead.contact.items.delete",
        ] {
            assert!(is_idempotent(m), "{m}");
        }
        for m in [
            "crm.lead.add",
            "crm.lead.contact.add",
            "im.message.send",
            "batch",
        ] {
            assert!(!is_idempotent(m), "{m}");
        }
    }
}
