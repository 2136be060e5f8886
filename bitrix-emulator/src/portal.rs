//! [`Portal`]: a running emulator and what tests can ask it; its settings are
//! [`PortalBuilder`](super::builder::PortalBuilder).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use bitrix_api::{Limits, OAuthApp, Tokens};

use super::builder::PortalBuilder;
use super::delivery::{self, DeliveryError, Failures};
use super::events;
use super::faults::{Fault, FaultPlan};
use super::latency::{Delays, Latency};
use super::log::RequestLog;
use super::state::{Contact, Entity, Lead, Link};
use super::system::SystemError;
use super::world::{Shared, World};

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// Binding the listening socket failed (e.g. the requested port is taken).
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The requested port (0 = any free one).
        port: u16,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A directory given to [`PortalBuilder::pages`] cannot be read.
    #[error("cannot read the pages in {}: {message}", dir.display())]
    Pages {
        /// The directory.
        dir: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The file given to [`PortalBuilder::schema`] cannot be read (the error names the
    /// file, the line and, for another format, both versions).
    #[error("{0}")]
    Schema(bitrix_docs::schema::SchemaError),
    /// An app's install or uninstall handler could not be reached or did not answer 2xx;
    /// the error has the handler's status and the start of its answer.
    #[error(transparent)]
    Delivery(#[from] DeliveryError),
}

/// A local Bitrix24 portal on 127.0.0.1, speaking the REST protocol over real HTTP.
///
/// It serves `crm.lead.add/get/list`, `crm.contact.add/get/list`, the six
/// `crm.lead.contact.*` methods, `batch` and every method page it has (see the crate
/// docs), with webhook and OAuth authorization, the portal's request-rate and
/// `operating` limits, and faults on demand. Dropping it stops the server.
///
/// ```
/// use bitrix_emulator::Portal;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let portal = Portal::start().await?;
/// let contact = portal.add_contact(serde_json::json!({"NAME": "Ann"}));
/// let lead = portal.add_lead(serde_json::json!({"TITLE": "Deal?"}));
///
/// // Any HTTP client works: only the URL differs from a cloud portal.
/// let url = format!("{}crm.lead.contact.add", portal.webhook_url());
/// let body = serde_json::json!({"id": lead, "fields": {"CONTACT_ID": contact}});
/// let answer: serde_json::Value = reqwest::Client::new()
///     .post(url)
///     .json(&body)
///     .send()
///     .await?
///     .json()
///     .await?;
/// assert_eq!(answer["result"], true);
/// assert_eq!(portal.lead_contacts(lead)[0].contact_id, contact);
/// assert_eq!(portal.count("crm.lead.contact.add"), 1);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Portal {
    pub(crate) shared: Arc<Shared>,
    pub(crate) addr: SocketAddr,
    pub(crate) webhook_url: String,
    pub(crate) stop: watch::Sender<()>,
    pub(crate) task: Option<JoinHandle<()>>,
    pub(crate) failures: Failures,
}

impl Portal {
    /// Starts a portal with the default settings on a free port.
    pub async fn start() -> Result<Portal, EmulatorError> {
        Self::builder().start().await
    }

    /// Settings for a portal; finish with [`PortalBuilder::start`].
    pub fn builder() -> PortalBuilder {
        PortalBuilder::default()
    }

    /// The default webhook: `http://127.0.0.1:PORT/rest/1/<code>/` (append a method name).
    pub fn webhook_url(&self) -> String {
        self.webhook_url.clone()
    }

    /// The default webhook's REST 3.0 address: `http://127.0.0.1:PORT/rest/api/1/<code>/`
    /// (append a method name). Clients built on [`Portal::webhook_url`] find it themselves.
    pub fn v3_webhook_url(&self) -> String {
        self.webhook_url.replacen("/rest/", "/rest/api/", 1)
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn base_url(&self) -> String {
        format!("{}/", self.shared.origin)
    }

    /// The REST address for OAuth calls: `http://127.0.0.1:PORT/rest/` (`client_endpoint`).
    pub fn rest_url(&self) -> String {
        format!("{}/rest/", self.shared.origin)
    }

    /// The authorization server's token endpoint: `http://127.0.0.1:PORT/oauth/token/`.
    pub fn oauth_server_url(&self) -> String {
        format!("{}/oauth/token/", self.shared.origin)
    }

    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Adds a webhook for `user_id` with these scopes (e.g. `&["user"]`, no `crm`);
    /// returns its URL.
    pub fn add_webhook(&self, user_id: i64, scopes: &[&str]) -> String {
        let scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        let code = self.shared.world().auth.add_webhook(user_id, scopes);
        format!("{}/rest/{user_id}/{code}/", self.shared.origin)
    }

    /// Issues OAuth tokens for user 1 with these scopes, as an authorization would.
    pub fn issue_tokens(&self, scopes: &[&str]) -> Tokens {
        let now = self.shared.clock.now();
        let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
        let mut world = self.shared.world();
        let (access_token, refresh_token) = world.auth.issue(1, scopes.clone(), now);
        let lifetime = world.auth.lifetime();
        let mut tokens = Tokens::new(access_token, refresh_token);
        tokens.expires_in = Some(lifetime.round() as u64);
        tokens.expires = Some((now + lifetime).floor() as i64);
        tokens.scope = Some(scopes.join(","));
        tokens.client_endpoint = Some(self.rest_url());
        tokens.member_id = Some(world.auth.member_id.clone());
        tokens.user_id = Some(1);
        tokens
    }

    /// An authorization code for user 1 with these scopes, as step 1 of the OAuth flow
    /// hands the app (`?code=…`); exchange it at [`Portal::oauth_server_url`] with
    /// `grant_type=authorization_code` within 30 s of portal time. One use.
    pub fn authorization_code(&self, scopes: &[&str]) -> String {
        let now = self.shared.clock.now();
        let scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        self.shared.world().auth.issue_code(1, scopes, now)
    }

    /// The application the portal's OAuth server knows (`client_id`, `client_secret`), to
    /// refresh the tokens of [`Portal::issue_tokens`] with.
    pub fn oauth_app(&self) -> OAuthApp {
        let world = self.shared.world();
        OAuthApp::new(
            world.auth.client_id.clone(),
            world.auth.client_secret.clone(),
        )
    }

    /// Installs the portal's app ([`Portal::oauth_app`]) as an admin would (user 1, scopes
    /// `crm` and `user`): POSTs `ONAPPINSTALL` to `handler_url` (a form with PHP keys, as
    /// common/events/on-app-install.md shows) with a fresh token pair, the application
    /// token and the portal's addresses, and returns once the handler answered 2xx. Every
    /// later event carries the same `application_token`. Installing again after
    /// [`Portal::uninstall_app`] gives a new one.
    pub async fn install_app(&self, handler_url: &str) -> Result<(), EmulatorError> {
        let body = {
            let now = self.shared.clock.now();
            let mut world = self.shared.world();
            let world = &mut *world;
            let scopes = vec!["crm".to_owned(), "user".to_owned()];
            let (access, refresh) = world.auth.issue(1, scopes.clone(), now);
            world.events.install_url = Some(handler_url.to_owned());
            let [domain, server, client, member, token] = self.app_auth(world);
            let auth = vec![
                domain,
                ("scope", scopes.join(",").into()),
                ("access_token", access.into()),
                ("refresh_token", refresh.into()),
                ("expires_in", (world.auth.lifetime().round() as i64).into()),
                server,
                ("status", "L".into()),
                client,
                member,
                token,
            ];
            let data = serde_json::json!({
                "VERSION": "1", "ACTIVE": "Y", "INSTALLED": "Y", "LANGUAGE_ID": "en",
            });
            events::app_event("ONAPPINSTALL", data, auth, now)
        };
        post_app_event("ONAPPINSTALL", handler_url, &body).await
    }

    /// The event deliveries (POSTs to handlers bound with `event.bind`) that failed, oldest
    /// first: the most recent 100 of them, each with the handler's status and the first KB
    /// of its answer (or the transport error). Each is also printed to stderr.
    pub fn failed_deliveries(&self) -> Vec<DeliveryError> {
        let kept = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        kept.iter().cloned().collect()
    }

    /// Uninstalls the app: POSTs `ONAPPUNINSTALL` (no tokens, only `application_token`
    /// and the portal's addresses; common/events/on-app-uninstall.md) to the install
    /// handler and to every handler bound to `ONAPPUNINSTALL`, then forgets the app's
    /// handlers and offline queue, revokes its OAuth tokens (all the portal issued: it has
    /// one app) and draws a new application token. The first failing
    /// POST is the error (the app is uninstalled anyway).
    pub async fn uninstall_app(&self) -> Result<(), EmulatorError> {
        let (urls, body) = {
            let now = self.shared.clock.now();
            let mut world = self.shared.world();
            let world = &mut *world;
            let mut urls: Vec<String> = world.events.install_url.iter().cloned().collect();
            for url in world.events.handlers_of("ONAPPUNINSTALL") {
                if !urls.contains(&url) {
                    urls.push(url);
                }
            }
            let auth = self.app_auth(world).to_vec();
            let data = serde_json::json!({ "LANGUAGE_ID": "en", "CLEAN": 0 });
            let body = events::app_event("ONAPPUNINSTALL", data, auth, now);
            world.events.reset();
            world.auth.revoke_all();
            (urls, body)
        };
        let mut first = Ok(());
        for url in urls {
            let sent = post_app_event("ONAPPUNINSTALL", &url, &body).await;
            if first.is_ok() {
                first = sent;
            }
        }
        first
    }

    /// The app's current application token (what every event to it carries).
    pub fn application_token(&self) -> String {
        self.shared.world().events.application_token.clone()
    }

    /// The portal's id (`member_id` in tokens and events).
    pub fn member_id(&self) -> String {
        self.shared.world().auth.member_id.clone()
    }

    /// `auth` of an app event without tokens, in the pages' order: `domain`,
    /// `server_endpoint`, `client_endpoint`, `member_id`, `application_token`.
    fn app_auth(&self, world: &World) -> [(&'static str, Value); 5] {
        let origin = &self.shared.origin;
        [
            ("domain", events::domain(origin).into()),
            ("server_endpoint", format!("{origin}/rest/").into()),
            ("client_endpoint", format!("{origin}/rest/").into()),
            ("member_id", world.auth.member_id.clone().into()),
            (
                "application_token",
                world.events.application_token.clone().into(),
            ),
        ]
    }

    /// Makes every access token issued so far expired (refresh tokens stay valid).
    pub fn expire_access_tokens(&self) {
        self.shared.world().auth.expire_all();
    }

    /// How many successful refreshes the OAuth server has done.
    pub fn refresh_count(&self) -> u64 {
        self.shared.world().auth.refresh_count
    }

    /// Refresh tokens the OAuth server refused (`invalid_grant`): each one is a token
    /// presented after it was spent (a lost race) or never issued.
    pub fn refused_refreshes(&self) -> u64 {
        self.shared.world().auth.refused_refreshes
    }

    /// Requests the rate limit let through and refused (`QUERY_LIMIT_EXCEEDED`) since the
    /// start, counted per portal across every client and worker.
    pub fn rate_counts(&self) -> (u64, u64) {
        let world = self.shared.world();
        (world.bucket.admitted, world.bucket.refused)
    }

    /// The highest the rate-limit counter has been (a portal refuses above its threshold).
    pub fn peak_level(&self) -> f64 {
        self.shared.world().bucket.peak
    }

    /// The portal clock, Unix seconds.
    pub fn now(&self) -> f64 {
        self.shared.clock.now()
    }

    /// Moves the portal clock forward (drains the bucket, expires tokens, resets
    /// `operating` windows) without waiting.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.clock.advance(by);
    }

    /// Replaces the request-rate limit.
    pub fn set_limits(&self, limits: Limits) {
        self.shared.world().bucket.set_limits(limits);
    }

    /// The next `n` REST requests get `fault` (before any random plan).
    pub fn fail_next(&self, n: usize, fault: Fault) {
        self.shared.world().faults.push(n, fault);
    }

    /// Puts the portal in a state where every REST request gets `error` (the method is not
    /// applied), e.g. [`SystemError::Overload`] or [`SystemError::PortalDeleted`];
    /// `None` ends it. The OAuth server still answers.
    pub fn set_outage(&self, error: Option<SystemError>) {
        self.shared.world().outage = error;
    }

    /// The portal's address changed to `origin` (e.g. another portal's
    /// [`Portal::base_url`]): every REST call now gets `302 Found` with `Location` on the
    /// new origin, same path and query (settings/how-to-call-rest-api/change-domen.md).
    /// `None` undoes it.
    pub fn move_to(&self, origin: Option<&str>) {
        self.shared.world().moved_to = origin.map(|o| o.trim_end_matches('/').to_owned());
    }

    /// Makes a webhook URL from [`Portal::webhook_url`] or [`Portal::add_webhook`] stop
    /// working: its calls get 401 `INVALID_CREDENTIALS` (`Invalid request credentials`),
    /// as the pages document for a wrong code in the path. Returns whether it was known.
    pub fn expire_webhook(&self, url: &str) -> bool {
        let code = url
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default();
        self.shared.world().auth.expire_webhook(code)
    }

    /// Replaces the answer-delay model (e.g. [`Latency::portal`] after seeding at full
    /// speed); the jitter RNG starts again from the model's seed.
    pub fn set_latency(&self, latency: Latency) {
        self.shared.world().delays = Delays::new(latency);
    }

    /// Replaces (or with `None` removes) the random fault plan.
    pub fn set_fault_plan(&self, plan: Option<FaultPlan>) {
        self.shared.world().faults.set_plan(plan);
    }

    /// Every request received so far, in order (the most recent ones if
    /// [`PortalBuilder::log_capacity`] is set).
    pub fn requests(&self) -> Vec<RequestLog> {
        self.shared.world().log.entries()
    }

    /// How many times `method` was addressed, directly or inside a batch, whatever the
    /// outcome (case-insensitive, without `.json`).
    pub fn count(&self, method: &str) -> usize {
        self.shared.world().log.count(method)
    }

    /// Forgets the request log.
    pub fn reset_log(&self) {
        self.shared.world().log.clear();
    }

    /// A lead's contact links in `SORT` order (as `crm.lead.contact.items.get` answers).
    pub fn lead_contacts(&self, lead_id: i64) -> Vec<Link> {
        self.shared.world().crm.links(lead_id)
    }

    /// One lead.
    pub fn lead(&self, id: i64) -> Option<Lead> {
        self.shared.world().crm.lead(id)
    }

    /// One contact.
    pub fn contact(&self, id: i64) -> Option<Contact> {
        self.shared.world().crm.contact(id)
    }

    /// All leads in ID order.
    pub fn leads(&self) -> Vec<Lead> {
        let world = self.shared.world();
        let ids: Vec<i64> = world.crm.all(Entity::Lead).map(|(id, _)| *id).collect();
        ids.into_iter()
            .filter_map(|id| world.crm.lead(id))
            .collect()
    }

    /// All contacts in ID order.
    pub fn contacts(&self) -> Vec<Contact> {
        let world = self.shared.world();
        let ids: Vec<i64> = world.crm.all(Entity::Contact).map(|(id, _)| *id).collect();
        ids.into_iter()
            .filter_map(|id| world.crm.contact(id))
            .collect()
    }

    /// Every record of an entity, named as its methods are without their last word
    /// (`"crm.deal"`, `"crm.lead"`; `"crm.item"` for every `entityTypeId`, by type then
    /// ID), in ID order, as `get` answers them.
    pub fn records(&self, entity: &str) -> Vec<Value> {
        let entity = super::call::normalize(entity);
        let world = self.shared.world();
        world
            .crm
            .tables_of(&entity)
            .flat_map(|(_, table)| table.rows.values().cloned().map(Value::Object))
            .collect()
    }

    /// The pages that did not parse (`file:line: what is wrong`); they are not served.
    pub fn rejected_pages(&self) -> Vec<String> {
        self.shared.catalog.rejected.clone()
    }

    /// Creates a lead as `crm.lead.add` would (fields as a JSON object; anything else
    /// counts as no fields), without a request; returns its ID.
    pub fn add_lead(&self, fields: Value) -> i64 {
        self.seed_record(Entity::Lead, fields)
    }

    /// Creates a contact as `crm.contact.add` would, without a request; returns its ID.
    pub fn add_contact(&self, fields: Value) -> i64 {
        self.seed_record(Entity::Contact, fields)
    }

    fn seed_record(&self, entity: Entity, fields: Value) -> i64 {
        let fields = match fields {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let now = self.shared.clock.now();
        self.shared.world().crm.add(entity, &fields, 1, now)
    }

    /// Stops accepting, closes connections gracefully and waits until all are gone.
    /// (Dropping the portal does the same without waiting.)
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(());
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// POSTs an app event as a form, within 5 s; 2xx is success.
async fn post_app_event(event: &'static str, url: &str, body: &str) -> Result<(), EmulatorError> {
    delivery::post(&reqwest::Client::new(), event, url, body)
        .await
        .map_err(EmulatorError::Delivery)
}

impl Drop for Portal {
    fn drop(&mut self) {
        // Receivers also see the sender go away; sending first makes the intent explicit.
        let _ = self.stop.send(());
    }
}
