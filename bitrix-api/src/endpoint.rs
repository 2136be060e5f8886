//! Where requests go: the portal's REST base URL, checked and re-targetable.
//!
//! A webhook base is `https://{portal}/rest/{user_id}/{code}/`, an OAuth base
//! `https://{portal}/rest/`; a method's URL is the base plus the method name. REST 3.0
//! methods ([`ApiVersion::V3`]) live under `/rest/api/` instead: `…/rest/api/{user_id}/{code}/`
//! and `…/rest/api/`. Plain
//! `http://` is refused unless the host is a loopback address or the user allowed it.
//! The base lives behind a lock so that a client told to follow a domain change can move
//! all its clones at once. Method URLs are joined once and kept: a call only clones one.

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::sync::{PoisonError, RwLock};

use reqwest::Url;

use crate::error::Error;
use crate::method::ApiVersion;
use crate::secret::{self, Secret};

/// The REST base URL of a portal, shared by all clones of a client.
pub(crate) struct Endpoint {
    state: RwLock<State>,
}

struct State {
    base: Url,
    /// The REST 3.0 base: `base` with `api/` after its `rest/`.
    v3: Url,
    /// Per version (V2, V3): method name → its URL under that version's base (joining
    /// parses, so it is done once per method).
    urls: [HashMap<Box<str>, Url>; 2],
}

impl State {
    fn slot(version: ApiVersion) -> usize {
        match version {
            ApiVersion::V2 => 0,
            ApiVersion::V3 => 1,
        }
    }
}

/// How many method URLs are kept; past that (only raw calls with made-up names get
/// there) a URL is joined per call.
const KEPT_URLS: usize = 512;

impl Endpoint {
    /// An endpoint at `base`; `webhook` says whether it ends in `{user_id}/{code}/`.
    pub(crate) fn new(base: Url, webhook: bool) -> Endpoint {
        let v3 = v3_base(&base, webhook);
        Endpoint {
            state: RwLock::new(State {
                base,
                v3,
                urls: Default::default(),
            }),
        }
    }

    /// The URL of `method` in `version`'s API.
    pub(crate) fn url_for(&self, method: &str, version: ApiVersion) -> Result<Url, Error> {
        let slot = State::slot(version);
        if let Some(url) = self.read().urls[slot].get(method) {
            return Ok(url.clone());
        }
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        let base = match version {
            ApiVersion::V2 => &state.base,
            ApiVersion::V3 => &state.v3,
        };
        let url = base
            .join(method)
            .map_err(|_| Error::Config(format!("`{method}` is not a valid method name")))?;
        if state.urls[slot].len() < KEPT_URLS {
            state.urls[slot].insert(method.into(), url.clone());
        }
        Ok(url)
    }

    /// The portal's host (with port, if any): what errors and logs may show.
    pub(crate) fn host(&self) -> String {
        host_of(&self.read().base)
    }

    /// Points every clone at `to`'s scheme, host and port, keeping the path (and so the
    /// webhook's user and code).
    pub(crate) fn move_to(&self, to: &Url) {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        let moved = |from: &Url| {
            let mut next = from.clone();
            (next.set_scheme(to.scheme()).is_ok()
                && next.set_host(to.host_str()).is_ok()
                && next.set_port(to.port()).is_ok())
            .then_some(next)
        };
        if let (Some(base), Some(v3)) = (moved(&state.base), moved(&state.v3)) {
            state.base = base;
            state.v3 = v3;
            state.urls = Default::default();
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&secret::redact(self.read().base.as_str(), &[]))
    }
}

/// The REST 3.0 base of a REST base: `…/rest/{user}/{code}/` → `…/rest/api/{user}/{code}/`
/// for a webhook, `…/rest/` → `…/rest/api/` for OAuth.
fn v3_base(base: &Url, webhook: bool) -> Url {
    let mut segments: Vec<&str> = base
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    // Both bases come from the parsers below: a webhook path ends in rest/{user}/{code}.
    let at = if webhook {
        segments.len().saturating_sub(2)
    } else {
        segments.len()
    };
    segments.insert(at, "api");
    let mut v3 = base.clone();
    v3.set_path(&format!("/{}/", segments.join("/")));
    v3
}

/// `host` or `host:port`.
pub(crate) fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => String::from("?"),
    }
}

/// Whether `url`'s host is this machine.
pub(crate) fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// Refuses anything but `https://`, except `http://` to a loopback host or when allowed.
pub(crate) fn check_scheme(url: &Url, allow_insecure_http: bool, what: &str) -> Result<(), Error> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if allow_insecure_http || is_loopback(url) => Ok(()),
        "http" => Err(Error::Config(format!(
            "{what} at {} uses plain http://, which would send secrets in clear text; use https:// or allow_insecure_http(true)",
            host_of(url)
        ))),
        other => Err(Error::Config(format!("{what}: unsupported scheme `{other}`"))),
    }
}

/// Splits a webhook URL into its base (with a trailing slash) and its secret code.
pub(crate) fn parse_webhook(url: &str) -> Result<(Url, Secret), Error> {
    // A malformed URL may hold the code anywhere, so errors show the host only.
    let shown = || {
        Url::parse(url.trim())
            .map(|u| host_of(&u))
            .unwrap_or_else(|_| "?".into())
    };
    let bad = |why: &str| {
        Error::Config(format!(
            "the webhook URL for {} is not valid ({why}); expected https://{{portal}}/rest/{{user_id}}/{{code}}/",
            shown()
        ))
    };
    let mut parsed = Url::parse(url.trim()).map_err(|_| bad("not a URL"))?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("it has a query or fragment"));
    }
    let segments: Vec<String> = parsed
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let [.., rest, user, code] = segments.as_slice() else {
        return Err(bad("the path is too short"));
    };
    if rest != "rest" || user.is_empty() || !user.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("the path does not end in /rest/{user_id}/{code}"));
    }
    let code = Secret::new(code.clone());
    if !parsed.path().ends_with('/') {
        let path = format!("{}/", parsed.path());
        parsed.set_path(&path);
    }
    Ok((parsed, code))
}

/// The REST base of a portal for OAuth calls: `https://{portal}/rest/`, from either the
/// portal's address or a `client_endpoint`.
pub(crate) fn parse_oauth_base(portal: &str) -> Result<Url, Error> {
    let portal = portal.trim();
    let with_scheme = if portal.contains("://") {
        portal.to_owned()
    } else {
        format!("https://{portal}")
    };
    let mut url = Url::parse(&with_scheme).map_err(|_| {
        Error::Config(format!(
            "`{}` is not a portal address",
            secret::redact(portal, &[])
        ))
    })?;
    url.set_query(None);
    url.set_fragment(None);
    let path = url.path().trim_end_matches('/').to_owned();
    let path = if path.ends_with("/rest") {
        format!("{path}/")
    } else {
        format!("{path}/rest/")
    };
    url.set_path(&path);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls() {
        let (base, code) = parse_webhook("https://x.bitrix24.com/rest/1/abc123").unwrap();
        assert_eq!(base.as_str(), "https://x.bitrix24.com/rest/1/abc123/");
        assert_eq!(code.expose(), "abc123");
        let (base, _) = parse_webhook("https://x.bitrix24.com/rest/1/abc123/").unwrap();
        assert_eq!(
            base.join("crm.lead.add").unwrap().as_str(),
            "https://x.bitrix24.com/rest/1/abc123/crm.lead.add"
        );
        for bad in [
            "nonsense",
            "https://x.bitrix24.com/",
            "https://x/rest/abc/def/",
            "https://x/api/1/abc/",
            "https://x/rest/1/abc/?a=1",
        ] {
            let err = parse_webhook(bad).unwrap_err().to_string();
            assert!(!err.contains("abc/") && !err.contains("/def"), "{err}");
        }
    }

    #[test]
    fn v3_bases_put_api_after_rest() {
        let (base, _) = parse_webhook("https://x.bitrix24.com/rest/1/abc123").unwrap();
        let e = Endpoint::new(base, true);
        assert_eq!(
            e.url_for("note.document.add", ApiVersion::V3)
                .unwrap()
                .as_str(),
            "https://x.bitrix24.com/rest/api/1/abc123/note.document.add"
        );
        assert_eq!(
            e.url_for("note.document.add", ApiVersion::V2)
                .unwrap()
                .as_str(),
            "https://x.bitrix24.com/rest/1/abc123/note.document.add"
        );
        let (base, _) = parse_webhook("https://x.com/portal/rest/7/rest/").unwrap();
        assert_eq!(
            v3_base(&base, true).as_str(),
            "https://x.com/portal/rest/api/7/rest/"
        );
        let e = Endpoint::new(parse_oauth_base("x.bitrix24.com").unwrap(), false);
        assert_eq!(
            e.url_for("mail.message.get", ApiVersion::V3)
                .unwrap()
                .as_str(),
            "https://x.bitrix24.com/rest/api/mail.message.get"
        );
        e.move_to(&Url::parse("https://y.bitrix24.com/rest/a.b").unwrap());
        assert_eq!(
            e.url_for("mail.message.get", ApiVersion::V3)
                .unwrap()
                .as_str(),
            "https://y.bitrix24.com/rest/api/mail.message.get"
        );
    }

    #[test]
    fn oauth_bases() {
        for p in [
            "x.bitrix24.com",
            "https://x.bitrix24.com",
            "https://x.bitrix24.com/",
            "https://x.bitrix24.com/rest/",
        ] {
            assert_eq!(
                parse_oauth_base(p).unwrap().as_str(),
                "https://x.bitrix24.com/rest/",
                "{p}"
            );
        }
    }

    #[test]
    fn plain_http_only_on_loopback_or_consent() {
        let ok = |u: &str, allow| check_scheme(&Url::parse(u).unwrap(), allow, "portal").is_ok();
        assert!(ok("https://x.com/", false));
        assert!(ok("http://127.0.0.1:8080/", false));
        assert!(ok("http://127.9.9.9/", false));
        assert!(ok("http://[::1]:80/", false));
        assert!(ok("http://localhost/", false));
        assert!(!ok("http://x.com/", false));
        assert!(!ok("http://10.0.0.1/", false));
        assert!(ok("http://x.com/", true));
        assert!(!ok("ftp://x.com/", true));
    }

    #[test]
    fn move_keeps_the_path() {
        let e = Endpoint::new(
            Url::parse("https://old.bitrix24.com/rest/1/code/").unwrap(),
            true,
        );
        assert_eq!(
            e.url_for("a.b", ApiVersion::V2).unwrap().as_str(),
            "https://old.bitrix24.com/rest/1/code/a.b"
        );
        e.move_to(&Url::parse("https://new.bitrix24.com/rest/1/code/crm.lead.add").unwrap());
        assert_eq!(
            e.url_for("a.b", ApiVersion::V2).unwrap().as_str(),
            "https://new.bitrix24.com/rest/1/code/a.b"
        );
        assert_eq!(
            e.url_for("a.b", ApiVersion::V3).unwrap().as_str(),
            "https://new.bitrix24.com/rest/api/1/code/a.b"
        );
        assert_eq!(format!("{e:?}"), "https://new.bitrix24.com/rest/1/***/");
    }
}
