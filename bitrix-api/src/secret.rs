//! Secrets that never reach `Debug`, `Display`, logs or error messages.
//!
//! A webhook code, an OAuth access or refresh token and an application's client secret
//! each open a portal to whoever reads them. They live in [`Secret`], whose `Debug` prints
//! `Secret(***)` and which has no `Display`; text that came from outside (a body excerpt,
//! a URL) goes through [`redact`] before it lands in an error.

use std::fmt;
use std::sync::Arc;

/// A string that must not be shown: its `Debug` is `Secret(***)` and it has no `Display`.
///
/// ```
/// use bitrix_api::Secret;
///
/// let code = Secret::new("8g9l071eismy9q2l");
/// assert_eq!(format!("{code:?}"), "Secret(***)");
/// assert_eq!(code.expose(), "8g9l071eismy9q2l");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::from(value.into()))
    }

    /// The value itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

/// What a redacted secret is replaced with.
pub(crate) const MASK: &str = "***";

/// Replaces every known secret in `text`, and the code segment of anything shaped like a
/// webhook path (`/rest/{user}/{code}/`), with [`MASK`].
pub(crate) fn redact(text: &str, secrets: &[Secret]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        // Very short values would mask ordinary words; real codes and tokens are long.
        if secret.expose().len() >= 4 {
            out = out.replace(secret.expose(), MASK);
        }
    }
    mask_webhook_paths(&out)
}

/// `…/rest/1/abc123/…` → `…/rest/1/***/…`, whatever the code is; the same for REST 3.0's
/// `…/rest/api/1/abc123/…`.
fn mask_webhook_paths(text: &str) -> String {
    const MARK: &str = "/rest/";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        let (head, tail) = rest.split_at(at + MARK.len());
        out.push_str(head);
        let (api, tail) = match tail.strip_prefix("api/") {
            Some(after) => ("api/", after),
            None => ("", tail),
        };
        out.push_str(api);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        let after_user = &tail[digits..];
        if digits > 0 && after_user.starts_with('/') {
            let code_len = after_user[1..]
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
                .count();
            if code_len > 0 && after_user[1 + code_len..].starts_with('/') {
                out.push_str(&tail[..digits + 1]);
                out.push_str(MASK);
                rest = &after_user[1 + code_len..];
                continue;
            }
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// At most `max` characters of `text`, whitespace runs collapsed, secrets redacted.
pub(crate) fn excerpt(text: &str, secrets: &[Secret], max: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Redact before cutting, so that a secret cut in half cannot survive as a prefix.
    let redacted = redact(&collapsed, secrets);
    let mut out: String = redacted.chars().take(max).collect();
    if redacted.chars().count() > max {
        out.pop();
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value() {
        let s = Secret::new("topsecretvalue");
        assert!(!format!("{s:?}").contains("topsecret"));
        assert!(!format!("{:?}", Some(s.clone())).contains("topsecret"));
    }

    #[test]
    fn redacts_known_secrets_and_webhook_paths() {
        let text = "POST https://x.bitrix24.com/rest/12/abc_DEF-9/crm.lead.add token=tok12345";
        let out = redact(text, &[Secret::new("tok12345")]);
        assert_eq!(
            out,
            "POST https://x.bitrix24.com/rest/12/***/crm.lead.add token=***"
        );
        assert_eq!(
            redact(
                "https://x.bitrix24.com/rest/api/12/abc_DEF-9/mail.message.send",
                &[]
            ),
            "https://x.bitrix24.com/rest/api/12/***/mail.message.send"
        );
    }

    #[test]
    fn leaves_non_webhook_paths_alone() {
        assert_eq!(redact("/rest/crm.lead.add", &[]), "/rest/crm.lead.add");
        assert_eq!(redact("/rest/1/", &[]), "/rest/1/");
        assert_eq!(redact("a /rest/x/y/ b", &[]), "a /rest/x/y/ b");
        assert_eq!(
            redact("/rest/api/mail.message.get", &[]),
            "/rest/api/mail.message.get"
        );
    }

    #[test]
    fn excerpt_is_short_and_clean() {
        let long = format!("<html>  {}\n secretcode </html>", "x".repeat(500));
        let e = excerpt(&long, &[Secret::new("secretcode")], 200);
        assert_eq!(e.chars().count(), 200);
        assert!(e.ends_with('…'));
        let e = excerpt("<b>secretcode</b>", &[Secret::new("secretcode")], 200);
        assert_eq!(e, "<b>***</b>");
    }
}
