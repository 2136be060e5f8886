//! How long the portal takes to answer: a delay per request and per command it runs,
//! with seeded jitter. Off unless asked for ([`Latency::off`] is the default), so tests stay
//! fast; benchmarks that compare clients turn it on ([`Latency::portal`]).
//!
//! The delay is added after the request has been handled and before its answer is sent,
//! outside the portal's lock: the leaky bucket has already counted the request when it
//! arrived (as a cloud portal does), and other requests are served meanwhile. A request
//! the rate limit refuses runs no command, so it only waits the per-request part.
//!
//! Model: `delay = (per_request + per_command × commands) × u`, where `commands` is 1 for
//! a method call, the number of commands executed for a `batch`, 0 when nothing ran, and
//! `u` is uniform in `[1 − jitter, 1 + jitter]` from a seeded RNG (the same seed and
//! request sequence give the same delays). Delays are real time, like
//! [`Fault::Delay`](crate::Fault::Delay), whatever the clock speed.
//!
//! The portal defaults ([`Latency::portal`]: 100 ms per request, 10 ms per command, jitter
//! 0.3) come from the `time` blocks of the official pages' example answers (365 of them in
//! `api-reference/crm`): `duration` median 0.48 s (p25 0.29 s, p75 0.81 s), `processing`
//! median 0.039 s (p25 0.007 s, p75 0.19 s); inside a `batch` example, each command's
//! `duration` is 3–7 ms and the batch's 50 ms. A plain call then takes ~110 ms and a batch of
//! 50 commands ~600 ms (the `crm.*.add` pages' median `duration` is 0.62 s): the low side of
//! what the examples show, so a benchmark does not flatter a client that waits less.

use std::time::Duration;

/// The answer-delay model (see the module docs of `latency.rs`, or the crate docs).
///
/// ```
/// use bitrix_emulator::Latency;
/// use std::time::Duration;
///
/// let model = Latency::portal().jitter(0.0).seed(7);
/// assert_eq!(model.delay_for(50), Duration::from_millis(600));
/// assert_eq!(Latency::off().delay_for(50), Duration::ZERO);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Latency {
    per_request: Duration,
    per_command: Duration,
    jitter: f64,
    seed: u64,
}

impl Default for Latency {
    fn default() -> Self {
        Latency::off()
    }
}

impl Latency {
    /// No delay (the default: tests answer as fast as loopback allows).
    pub fn off() -> Latency {
        Latency {
            per_request: Duration::ZERO,
            per_command: Duration::ZERO,
            jitter: 0.0,
            seed: 1,
        }
    }

    /// A cloud portal's delays, from the official examples' `time` blocks: 100 ms per
    /// request, 10 ms per command, jitter 0.3, seed 1.
    pub fn portal() -> Latency {
        Latency {
            per_request: Duration::from_millis(100),
            per_command: Duration::from_millis(10),
            jitter: 0.3,
            seed: 1,
        }
    }

    /// The delay every answer gets.
    pub fn per_request(mut self, d: Duration) -> Latency {
        self.per_request = d;
        self
    }

    /// The delay added per command run (1 for a method call, each command of a `batch`).
    pub fn per_command(mut self, d: Duration) -> Latency {
        self.per_command = d;
        self
    }

    /// The spread: each delay is multiplied by a uniform factor in `[1 − j, 1 + j]`
    /// (clamped to `0..=1`).
    pub fn jitter(mut self, j: f64) -> Latency {
        self.jitter = if j.is_finite() {
            j.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self
    }

    /// The seed of the jitter RNG.
    pub fn seed(mut self, seed: u64) -> Latency {
        self.seed = seed;
        self
    }

    /// Whether any answer is delayed.
    pub fn is_off(&self) -> bool {
        self.per_request.is_zero() && self.per_command.is_zero()
    }

    /// The delay for `commands` commands without jitter (its mean).
    pub fn delay_for(&self, commands: usize) -> Duration {
        self.per_request + self.per_command * u32::try_from(commands).unwrap_or(u32::MAX)
    }
}

/// The model and its RNG (kept in the portal's world, drawn under its lock).
#[derive(Debug)]
pub(crate) struct Delays {
    model: Latency,
    rng: fastrand::Rng,
}

impl Delays {
    pub(crate) fn new(model: Latency) -> Delays {
        Delays {
            model,
            rng: fastrand::Rng::with_seed(model.seed),
        }
    }

    /// The delay of one answer that ran `commands` commands (`None` when off).
    pub(crate) fn next(&mut self, commands: usize) -> Option<Duration> {
        if self.model.is_off() {
            return None;
        }
        let mean = self.model.delay_for(commands);
        let j = self.model.jitter;
        if j == 0.0 {
            return Some(mean);
        }
        let u = self.rng.f64();
        Some(mean.mul_f64(1.0 - j + 2.0 * j * u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_are_seeded_and_within_the_jitter() {
        let model = Latency::portal().seed(42);
        let a: Vec<_> = {
            let mut d = Delays::new(model);
            (0..100).map(|_| d.next(50).unwrap()).collect()
        };
        let b: Vec<_> = {
            let mut d = Delays::new(model);
            (0..100).map(|_| d.next(50).unwrap()).collect()
        };
        assert_eq!(a, b, "same seed, same delays");
        let mean = Duration::from_millis(600);
        assert!(a
            .iter()
            .all(|d| *d >= mean.mul_f64(0.7) && *d <= mean.mul_f64(1.3)));
        assert!(a.iter().any(|d| *d != a[0]), "jitter varies the delay");
        assert_eq!(Delays::new(Latency::off()).next(50), None);
        assert_eq!(
            Delays::new(Latency::portal().jitter(0.0)).next(0),
            Some(Duration::from_millis(100))
        );
    }
}
