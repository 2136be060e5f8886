//! The record of every request the portal received.

use std::collections::{HashMap, VecDeque};

use super::faults::Fault;
use super::route::ServedBy;

/// One HTTP request as the portal saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestLog {
    /// The method, lower case without `.json` (`"crm.lead.contact.add"`, `"batch"`); the
    /// OAuth server's exchanges are logged as `"oauth.token"`.
    pub method: String,
    /// The HTTP status sent; for a connection dropped on purpose, the status the answer
    /// would have had (0 when the method was not run).
    pub status: u16,
    /// The `error` code of an error answer (may be `""`, as the CRM sends).
    pub error_code: Option<String>,
    /// For `batch`: the inner methods in execution order (not-executed ones left out).
    pub inner_methods: Vec<String>,
    /// The fault applied to this request, if any.
    pub fault: Option<Fault>,
    /// What answered the method (`batch` itself is a [`ServedBy::Handler`]); `None` when
    /// it did not run (refused by the rate limit, authorization, scope, a fault, or an
    /// unknown method).
    pub served_by: Option<ServedBy>,
    /// For `batch`: what answered each command that succeeded, in execution order.
    pub inner_served_by: Vec<ServedBy>,
}

impl RequestLog {
    /// An entry for a request of `method` answered with `status`, nothing else known yet.
    pub(crate) fn new(method: impl Into<String>, status: u16) -> RequestLog {
        RequestLog {
            method: method.into(),
            status,
            error_code: None,
            inner_methods: Vec::new(),
            fault: None,
            served_by: None,
            inner_served_by: Vec::new(),
        }
    }

    /// How many times this request addressed `method` (case-insensitive): 1 for a direct
    /// call, or the number of batch commands for it, whatever their outcome.
    pub fn calls(&self, method: &str) -> usize {
        usize::from(self.method.eq_ignore_ascii_case(method))
            + self
                .inner_methods
                .iter()
                .filter(|m| m.eq_ignore_ascii_case(method))
                .count()
    }
}

/// The portal's log: entries in order (optionally only the most recent ones) and exact
/// per-method counts.
#[derive(Debug, Default)]
pub(crate) struct Journal {
    entries: VecDeque<RequestLog>,
    capacity: Option<usize>,
    counts: HashMap<String, usize>,
}

impl Journal {
    pub(crate) fn new(capacity: Option<usize>) -> Self {
        Journal {
            capacity,
            ..Journal::default()
        }
    }

    pub(crate) fn push(&mut self, entry: RequestLog) {
        for m in std::iter::once(&entry.method).chain(&entry.inner_methods) {
            *self.counts.entry(m.to_lowercase()).or_default() += 1;
        }
        self.entries.push_back(entry);
        if let Some(cap) = self.capacity {
            while self.entries.len() > cap {
                self.entries.pop_front();
            }
        }
    }

    pub(crate) fn entries(&self) -> Vec<RequestLog> {
        self.entries.iter().cloned().collect()
    }

    pub(crate) fn count(&self, method: &str) -> usize {
        self.counts
            .get(&method.to_lowercase())
            .copied()
            .unwrap_or(0)
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.counts.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(method: &str, inner: &[&str]) -> RequestLog {
        RequestLog {
            method: method.into(),
            status: 200,
            error_code: None,
            inner_methods: inner.iter().map(|s| (*s).to_owned()).collect(),
            fault: None,
            served_by: None,
            inner_served_by: Vec::new(),
        }
    }

    #[test]
    fn counts_stay_exact_when_entries_are_capped() {
        let mut j = Journal::new(Some(2));
        j.push(entry("a", &[]));
        j.push(entry("batch", &["a", "b"]));
        j.push(entry("b", &[]));
        assert_eq!(j.entries().len(), 2);
        assert_eq!((j.count("A"), j.count("b"), j.count("batch")), (2, 2, 1));
        assert_eq!(entry("batch", &["a", "a"]).calls("a"), 2);
        j.clear();
        assert_eq!(j.count("a"), 0);
    }
}
