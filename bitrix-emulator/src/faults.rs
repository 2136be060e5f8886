//! Failures on demand, for reliability tests.
//!
//! A fault replaces or damages the answer to one REST request (`/rest/…`; the OAuth
//! server is never faulted). Whether the method ran is part of each fault's contract:
//!
//! | fault | method applied? | what the client sees |
//! |---|---|---|
//! | [`Fault::QueryLimit`] | no | 503 `QUERY_LIMIT_EXCEEDED` |
//! | [`Fault::ServerError`] | no | 500 with an HTML page |
//! | [`Fault::Drop`] | no | the connection closes before any response byte |
//! | [`Fault::DropAfterApply`] | yes | the same closed connection: "applied but answer lost" |
//! | [`Fault::Delay`] | yes | the normal answer, after a real-time delay |
//! | [`Fault::Truncate`] | yes | status 200 and a `Content-Length`, then the connection closes halfway through the JSON body |
//! | [`Fault::System`] | no | the system error's status and JSON body |

use std::collections::VecDeque;
use std::time::Duration;

use super::system::SystemError;

/// One kind of failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 503 `QUERY_LIMIT_EXCEEDED`, method not applied.
    QueryLimit,
    /// 500 with an HTML error page (as a proxy would send), method not applied.
    ServerError,
    /// The connection is closed without an answer; the method was not applied.
    Drop,
    /// The method is applied, then the connection is closed without an answer.
    DropAfterApply,
    /// The answer comes after this real-time delay (the method is applied).
    Delay(Duration),
    /// The method is applied; the body is cut in the middle and the connection closed.
    Truncate,
    /// A documented system error as JSON (`OVERLOAD_LIMIT`, `PORTAL_DELETED`, …), method
    /// not applied.
    System(SystemError),
}

impl Fault {
    /// Whether the portal executes the method despite this fault.
    pub fn applies_method(&self) -> bool {
        matches!(
            self,
            Fault::DropAfterApply | Fault::Delay(_) | Fault::Truncate
        )
    }
}

/// Random faults: a share of REST answers, chosen by a seeded RNG (reproducible for the
/// same sequence of requests).
///
/// ```
/// use bitrix_emulator::{Fault, FaultPlan};
/// use std::time::Duration;
///
/// let plan = FaultPlan::new(0.2, 7)
///     .kinds([Fault::QueryLimit, Fault::Truncate, Fault::Delay(Duration::from_millis(50))])
///     .apply_then_drop(true);
/// assert_eq!(plan.rate(), 0.2);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FaultPlan {
    rate: f64,
    seed: u64,
    kinds: Vec<Fault>,
    apply_then_drop: bool,
}

impl FaultPlan {
    /// Faults a `rate` share (0.0–1.0) of answers, drawing from every kind: 503, 500,
    /// dropped connection, a 2 s delay, truncated body.
    pub fn new(rate: f64, seed: u64) -> Self {
        FaultPlan {
            rate: rate.clamp(0.0, 1.0),
            seed,
            kinds: vec![
                Fault::QueryLimit,
                Fault::ServerError,
                Fault::Drop,
                Fault::Delay(Duration::from_secs(2)),
                Fault::Truncate,
            ],
            apply_then_drop: false,
        }
    }

    /// Draws only from these kinds (an empty list disables the plan).
    pub fn kinds(mut self, kinds: impl IntoIterator<Item = Fault>) -> Self {
        self.kinds = kinds.into_iter().collect();
        self
    }

    /// Whether a drawn dropped connection happens after the method ran
    /// ([`Fault::DropAfterApply`]) instead of before ([`Fault::Drop`]). Default: before.
    pub fn apply_then_drop(mut self, yes: bool) -> Self {
        self.apply_then_drop = yes;
        self
    }

    /// The share of faulted answers.
    pub fn rate(&self) -> f64 {
        self.rate
    }
}

/// The portal's fault source: queued faults first, then the random plan.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queue: VecDeque<Fault>,
    plan: Option<(FaultPlan, fastrand::Rng)>,
}

impl Faults {
    pub(crate) fn set_plan(&mut self, plan: Option<FaultPlan>) {
        self.plan = plan.map(|p| {
            let rng = fastrand::Rng::with_seed(p.seed);
            (p, rng)
        });
    }

    pub(crate) fn push(&mut self, n: usize, fault: Fault) {
        self.queue.extend(std::iter::repeat_n(fault, n));
    }

    /// The fault for the next request, if any.
    pub(crate) fn next(&mut self) -> Option<Fault> {
        if let Some(f) = self.queue.pop_front() {
            return Some(f);
        }
        let (plan, rng) = self.plan.as_mut()?;
        if plan.kinds.is_empty() || rng.f64() >= plan.rate {
            return None;
        }
        let fault = plan.kinds[rng.usize(..plan.kinds.len())];
        Some(match fault {
            Fault::Drop | Fault::DropAfterApply if plan.apply_then_drop => Fault::DropAfterApply,
            Fault::Drop | Fault::DropAfterApply => Fault::Drop,
            other => other,
        })
    }
}

/// The 500 page a failing front end sends.
pub(crate) const ERROR_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n<body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_comes_first_then_plan_is_reproducible() {
        let draw = |seed| {
            let mut f = Faults::default();
            f.set_plan(Some(FaultPlan::new(0.5, seed).apply_then_drop(true)));
            (0..200).map(|_| f.next()).collect::<Vec<_>>()
        };
        let a = draw(3);
        assert_eq!(a, draw(3));
        let faulted = a.iter().flatten().count();
        assert!((60..140).contains(&faulted), "{faulted}");
        assert!(!a.contains(&Some(Fault::Drop)));

        let mut f = Faults::default();
        f.push(2, Fault::Truncate);
        assert_eq!(f.next(), Some(Fault::Truncate));
        assert_eq!(f.next(), Some(Fault::Truncate));
        assert_eq!(f.next(), None);
    }
}
