//! The record of every request the portal received.

use super::faults::Fault;

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
}

impl RequestLog {
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
