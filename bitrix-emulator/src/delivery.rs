//! Every POST from the portal to an app (install and uninstall events, bound event
//! handlers) and what a failed one says: the handler's HTTP status and the first KB of its
//! answer, or the transport error.
//!
//! Install and uninstall return the failure to the caller of
//! [`Portal::install_app`](super::Portal::install_app); event deliveries run in the
//! background, so their failures are kept (the most recent [`KEPT`]) for
//! [`Portal::failed_deliveries`](super::Portal::failed_deliveries) and printed to stderr.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;

/// How much of a handler's answer an error keeps.
pub(crate) const EXCERPT: usize = 1024;

/// How many failed event deliveries a portal remembers.
pub(crate) const KEPT: usize = 100;

/// Form keys whose values are never repeated in an error (a handler may echo its input).
const SECRET_KEYS: [&str; 3] = ["[access_token]", "[refresh_token]", "[application_token]"];

/// A POST to an app's handler that failed: no answer, or an answer other than 2xx.
///
/// ```
/// use bitrix_emulator::DeliveryError;
///
/// let err = DeliveryError::new("ONAPPINSTALL", "http://127.0.0.1:9/install", Some(400), r#"{"error":"no member_id"}"#, "");
/// assert_eq!(
///     err.to_string(),
///     r#"posting ONAPPINSTALL to http://127.0.0.1:9/install failed: HTTP 400, answer "{\"error\":\"no member_id\"}""#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct DeliveryError {
    /// The event (`ONAPPINSTALL`, `ONCRMDEALADD`, …).
    pub event: String,
    /// The handler.
    pub url: String,
    /// The handler's HTTP status; `None` when no answer arrived.
    pub status: Option<u16>,
    /// The first KB (1024 bytes, cut on a character boundary) of the handler's answer,
    /// tokens the portal sent masked.
    pub body: String,
    /// The transport error when no answer arrived; empty otherwise.
    pub message: String,
}

impl DeliveryError {
    /// A failed delivery (`body` is cut to 1024 bytes on a character boundary).
    pub fn new(
        event: impl Into<String>,
        url: impl Into<String>,
        status: Option<u16>,
        body: &str,
        message: impl Into<String>,
    ) -> DeliveryError {
        DeliveryError {
            event: event.into(),
            url: url.into(),
            status,
            body: cut(body, EXCERPT).to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "posting {} to {} failed: ", self.event, self.url)?;
        match self.status {
            Some(status) if self.body.trim().is_empty() => {
                write!(f, "HTTP {status}, empty answer")
            }
            Some(status) => write!(f, "HTTP {status}, answer {:?}", self.body),
            None => f.write_str(&self.message),
        }
    }
}

/// The failed event deliveries, newest last, shared by the portal and its delivery task.
pub(crate) type Failures = Arc<Mutex<VecDeque<DeliveryError>>>;

/// One queued event POST.
#[derive(Debug)]
pub(crate) struct Delivery {
    pub event: String,
    pub url: String,
    pub form: String,
}

/// POSTs `form` to `url` as `application/x-www-form-urlencoded`; 2xx is success.
pub(crate) async fn post(
    http: &reqwest::Client,
    event: &str,
    url: &str,
    form: &str,
) -> Result<(), DeliveryError> {
    let sent = http
        .post(url)
        .timeout(Duration::from_secs(5))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_owned())
        .send()
        .await;
    let mut answer = match sent {
        Ok(answer) => answer,
        Err(e) => return Err(DeliveryError::new(event, url, None, "", chain(&e))),
    };
    let status = answer.status();
    if status.is_success() {
        return Ok(());
    }
    // Only the first KB is kept, so only about that much is read.
    let mut bytes = Vec::new();
    while bytes.len() < EXCERPT {
        match answer.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            _ => break,
        }
    }
    let body = masked(&text(&bytes), form);
    Err(DeliveryError::new(
        event,
        url,
        Some(status.as_u16()),
        &body,
        "",
    ))
}

/// The delivery task: each POST after `delay`, one at a time, in order; failures are
/// kept in `failures` and printed.
pub(crate) async fn deliver(
    mut inbox: mpsc::UnboundedReceiver<Delivery>,
    delay: Duration,
    failures: Failures,
) {
    let http = reqwest::Client::new();
    while let Some(d) = inbox.recv().await {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        if let Err(e) = post(&http, &d.event, &d.url, &d.form).await {
            eprintln!("bitrix-emulator: {e}");
            let mut kept = failures.lock().unwrap_or_else(|p| p.into_inner());
            if kept.len() == KEPT {
                kept.pop_front();
            }
            kept.push_back(e);
        }
    }
}

/// The text of the first [`EXCERPT`] bytes: a character cut in two at the end is dropped,
/// other invalid UTF-8 is replaced.
fn text(bytes: &[u8]) -> String {
    let prefix = &bytes[..bytes.len().min(EXCERPT)];
    let prefix = match std::str::from_utf8(prefix) {
        Err(e) if e.error_len().is_none() => &prefix[..e.valid_up_to()],
        _ => prefix,
    };
    cut(&String::from_utf8_lossy(prefix), EXCERPT).to_owned()
}

/// At most `max` bytes of `s`, ending on a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `body` with the values of the form's token fields replaced by `***`.
fn masked(body: &str, form: &str) -> String {
    let mut body = body.to_owned();
    for pair in form.split('&') {
        let Some((key, value)) = pair.split_once('=') else {
            continue;
        };
        let key = key.replace("%5B", "[").replace("%5D", "]");
        if value.len() >= 8 && SECRET_KEYS.iter().any(|k| key.ends_with(k)) {
            body = body.replace(value, "***");
        }
    }
    body
}

/// `outer: inner: innermost`, so that "error sending request" says why.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut next = e.source();
    while let Some(inner) = next {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        next = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_stop_at_a_kb_on_a_character_boundary() {
        let body = "é".repeat(700); // 1400 bytes
        let kept = text(body.as_bytes());
        assert_eq!(kept.len(), 1024);
        assert!(kept.chars().all(|c| c == 'é'));
        let odd = format!("x{body}");
        let kept = text(odd.as_bytes());
        assert_eq!(kept.len(), 1023, "the cut 'é' is dropped, not replaced");
        assert_eq!(text(b"short"), "short");
        assert_eq!(text(b"bad \xff byte"), "bad \u{fffd} byte");
        assert_eq!(cut("abc", 10), "abc");
    }

    #[test]
    fn tokens_the_portal_sent_are_masked() {
        let form = "event=X&auth%5Baccess_token%5D=abcdef123456&auth%5Bapplication_token%5D=x\
                    &auth%5Brefresh_token%5D=0123456789ab&auth%5Bdomain%5D=127.0.0.1";
        let body = "you sent abcdef123456 and 0123456789ab from 127.0.0.1";
        assert_eq!(masked(body, form), "you sent *** and *** from 127.0.0.1");
    }

    #[test]
    fn display_has_status_and_answer_or_the_transport_error() {
        let e = DeliveryError::new("ONCRMDEALADD", "http://h/e", Some(500), "  ", "");
        assert_eq!(
            e.to_string(),
            "posting ONCRMDEALADD to http://h/e failed: HTTP 500, empty answer"
        );
        let e = DeliveryError::new("E", "http://h/e", None, "", "connection refused");
        assert_eq!(
            e.to_string(),
            "posting E to http://h/e failed: connection refused"
        );
        let long = DeliveryError::new("E", "u", Some(400), &"a".repeat(5000), "");
        assert_eq!(long.body.len(), EXCERPT);
    }
}
