//! Per-method `operating` budgets (`time.operating`, seconds used in a sliding 10-minute
//! window): pausing a method whose budget is nearly used up until its window resets.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::envelope::Time;

/// Per-method `operating` budgets: pauses calls to a method whose budget is nearly used up
/// until its window resets.
#[derive(Debug)]
pub(crate) struct Operating {
    /// The portal's limit in seconds per window.
    limit: f64,
    scale: f64,
    methods: Mutex<HashMap<String, Window>>,
}

#[derive(Debug, Default)]
struct Window {
    /// Calls wait until then.
    blocked_until: Option<Instant>,
    /// When the last answer came, and how long after it the oldest minute resets.
    reset: Option<(Instant, Duration)>,
}

/// How long to wait for a reset when the portal gave no hint: one minute basket.
const DEFAULT_RESET: Duration = Duration::from_secs(60);

impl Operating {
    pub(crate) fn new(limit: f64, scale: f64) -> Operating {
        Operating {
            limit,
            scale,
            methods: Mutex::new(HashMap::new()),
        }
    }

    fn real(&self, portal: Duration) -> Duration {
        portal.div_f64(self.scale)
    }

    /// Records a successful answer's `time` for `method`. When the method's budget plus
    /// this call's own duration reaches the limit, the next call would likely push it over,
    /// so calls wait for the reset (computed in the portal's clock, `operating_reset_at -
    /// finish`, so that clock skew does not matter).
    pub(crate) fn observe(&self, method: &str, time: &Time) -> Option<Duration> {
        let used = time.operating?;
        let now = Instant::now();
        let reset = match (time.operating_reset_at, time.finish) {
            (Some(at), Some(finish)) if at >= finish => Some(Duration::from_secs_f64(at - finish)),
            _ => None,
        };
        let mut methods = self.methods.lock().unwrap_or_else(PoisonError::into_inner);
        if !methods.contains_key(method) {
            methods.insert(method.to_owned(), Window::default());
        }
        let w = methods.get_mut(method)?;
        if let Some(r) = reset {
            w.reset = Some((now, r));
        }
        if used + time.duration.unwrap_or(0.0) >= self.limit {
            let wait = self.real(reset.unwrap_or(DEFAULT_RESET));
            tracing::info!(
                method,
                operating = used,
                wait_ms = wait.as_millis() as u64,
                "operating budget nearly used: pausing the method"
            );
            w.blocked_until = Some(now + wait);
            return Some(wait);
        } else if w.blocked_until.is_some_and(|t| t <= now) {
            w.blocked_until = None;
        }
        None
    }

    /// How long calls to `method` should wait now.
    pub(crate) fn delay(&self, method: &str) -> Duration {
        let methods = self.methods.lock().unwrap_or_else(PoisonError::into_inner);
        methods
            .get(method)
            .and_then(|w| w.blocked_until)
            .map(|t| t.saturating_duration_since(Instant::now()))
            .unwrap_or_default()
    }

    /// `method` got `OPERATION_TIME_LIMIT`: block it until the reset the last successful
    /// answer announced (or one minute basket from now), and return that wait in portal time.
    pub(crate) fn limit_hit(&self, method: &str) -> Duration {
        let now = Instant::now();
        let mut methods = self.methods.lock().unwrap_or_else(PoisonError::into_inner);
        let w = methods.entry(method.to_owned()).or_default();
        let known = w.reset.take().and_then(|(seen, r)| {
            let left = r.saturating_sub(now.saturating_duration_since(seen).mul_f64(self.scale));
            (!left.is_zero()).then_some(left)
        });
        let wait = known.unwrap_or(DEFAULT_RESET);
        w.blocked_until = Some(now + self.real(wait));
        wait
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(operating: f64, duration: f64, finish: f64, reset_at: f64) -> Time {
        let v = serde_json::json!({"operating": operating, "duration": duration, "finish": finish, "operating_reset_at": reset_at});
        Time::lenient(Some(v)).unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn operating_pauses_a_method_until_reset() {
        let o = Operating::new(480.0, 10.0);
        o.observe("crm.item.list", &time(100.0, 1.0, 1000.0, 1300.0));
        assert!(o.delay("crm.item.list").is_zero());
        o.observe("crm.item.list", &time(470.0, 20.0, 1000.0, 1300.0));
        // 300 portal seconds at ×10.
        assert_eq!(o.delay("crm.item.list"), Duration::from_secs(30));
        assert!(o.delay("crm.item.add").is_zero());
    }

    #[tokio::test(start_paused = true)]
    async fn limit_hit_uses_the_last_known_reset() {
        let o = Operating::new(480.0, 1.0);
        o.observe("m", &time(10.0, 1.0, 1000.0, 1120.0));
        tokio::time::advance(Duration::from_secs(20)).await;
        assert_eq!(o.limit_hit("m"), Duration::from_secs(100));
        assert_eq!(o.delay("m"), Duration::from_secs(100));
        // No hint left: one basket.
        assert_eq!(o.limit_hit("m"), Duration::from_secs(60));
    }
}
