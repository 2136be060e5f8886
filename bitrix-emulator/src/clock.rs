//! Emulated time: real time scaled by a speed factor, plus manual jumps.
//!
//! Everything time-based in the portal (leaky-bucket draining, token expiry, the
//! `operating` windows, the `time` timestamps) reads this clock, so a test can run an
//! hour of portal time in a second of wall time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The portal clock, in Unix seconds.
#[derive(Debug)]
pub(crate) struct Clock {
    origin: Instant,
    origin_unix: f64,
    speed: f64,
    /// Seconds added by [`Clock::advance`], as `f64` bits.
    jumped: AtomicU64,
}

impl Clock {
    /// A clock that starts at the real current time and runs `speed` times faster.
    pub(crate) fn new(speed: f64) -> Self {
        let origin_unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs_f64();
        Clock {
            origin: Instant::now(),
            origin_unix,
            speed: clock_scale(speed),
            jumped: AtomicU64::new(0f64.to_bits()),
        }
    }

    /// Emulated now, Unix seconds.
    pub(crate) fn now(&self) -> f64 {
        self.origin_unix
            + self.origin.elapsed().as_secs_f64() * self.speed
            + f64::from_bits(self.jumped.load(Ordering::Relaxed))
    }

    /// Emulated seconds that a real duration amounts to.
    pub(crate) fn scale(&self, real: Duration) -> f64 {
        real.as_secs_f64() * self.speed
    }

    /// Jumps the clock forward.
    pub(crate) fn advance(&self, by: Duration) {
        let _ = self
            .jumped
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |bits| {
                Some((f64::from_bits(bits) + by.as_secs_f64()).to_bits())
            });
    }
}

/// A speed-up factor as given, or 1.0 (real time) when it is not a positive number: the
/// same rule as the client's `ClientBuilder::time_scale`, so both clocks agree on odd input.
fn clock_scale(speed: f64) -> f64 {
    if speed.is_finite() && speed > 0.0 {
        speed
    } else {
        1.0
    }
}

/// `2024-05-03T17:19:01+00:00`: the portal's `datetime` format (UTC here).
pub(crate) fn datetime(unix: f64) -> String {
    chrono::DateTime::from_timestamp(unix.floor() as i64, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string()
}

/// `2026-04-20T12:00:00Z`: how REST 3.0 pages write dates and times (UTC).
pub(crate) fn iso_utc(unix: f64) -> String {
    chrono::DateTime::from_timestamp(unix.floor() as i64, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_and_formats() {
        let c = Clock::new(1.0);
        let before = c.now();
        c.advance(Duration::from_secs(600));
        assert!(c.now() - before >= 600.0);
        assert_eq!(datetime(0.5), "1970-01-01T00:00:00+00:00");
        assert_eq!(Clock::new(-3.0).speed, 1.0);
    }
}
