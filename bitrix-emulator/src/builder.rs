//! [`PortalBuilder`]: a [`Portal`]'s settings, and starting it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;

use bitrix_api::Limits;

use super::auth::Auth;
use super::clock::Clock;
use super::delivery::{self, Failures};
use super::events::Events;
use super::faults::{FaultPlan, Faults};
use super::latency::{Delays, Latency};
use super::limits::{Bucket, Operating};
use super::log::Journal;
use super::pages::Catalog;
use super::portal::{EmulatorError, Portal};
use super::route::AppHandlers;
use super::server;
use super::state::Crm;
use super::world::{Shared, World};

/// Settings for a [`Portal`]; [`Portal::builder`] makes one with the defaults.
#[derive(Debug, Clone)]
pub struct PortalBuilder {
    port: u16,
    limits: Limits,
    clock_speed: f64,
    operating_limit: Duration,
    method_cost: Duration,
    token_lifetime: Duration,
    faults: Option<FaultPlan>,
    latency: Latency,
    webhook_user: i64,
    webhook_scopes: Vec<String>,
    seed: Option<u64>,
    log_capacity: Option<usize>,
    pages: Vec<PathBuf>,
    apps: AppHandlers,
    event_delay: Duration,
    app: Option<(String, String)>,
    schema: Option<PathBuf>,
}

impl Default for PortalBuilder {
    fn default() -> Self {
        PortalBuilder {
            port: 0,
            limits: Limits::default(),
            clock_speed: 1.0,
            operating_limit: Duration::from_secs(480),
            method_cost: Duration::ZERO,
            token_lifetime: Duration::from_secs(3600),
            faults: None,
            latency: Latency::off(),
            webhook_user: 1,
            webhook_scopes: vec!["crm".into(), "user".into()],
            seed: None,
            log_capacity: None,
            pages: Vec::new(),
            apps: AppHandlers::default(),
            event_delay: Duration::from_millis(5),
            app: None,
            schema: None,
        }
    }
}

impl PortalBuilder {
    /// The port on 127.0.0.1 (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The request-rate limit (default `Limits::default()`, the `Others` plan of most
    /// cloud portals).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// How many times faster than real time the portal clock runs (default 1.0). Affects
    /// limit draining, token expiry, `operating` windows and `time` timestamps.
    pub fn clock_speed(mut self, speed: f64) -> Self {
        self.clock_speed = speed;
        self
    }

    /// The `operating` budget per method and client in a 10-minute window (default 480 s).
    pub fn operating_limit(mut self, limit: Duration) -> Self {
        self.operating_limit = limit;
        self
    }

    /// Emulated execution time added to every method call (default 0), to reach the
    /// `operating` limit in tests without slow methods.
    pub fn method_cost(mut self, cost: Duration) -> Self {
        self.method_cost = cost;
        self
    }

    /// Lifetime of OAuth access tokens in emulated time (default one hour).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Random faults from the start (see [`FaultPlan`]).
    pub fn faults(mut self, plan: FaultPlan) -> Self {
        self.faults = Some(plan);
        self
    }

    /// How long answers take (default [`Latency::off`]); [`Latency::portal`] for a cloud
    /// portal's delays. The bucket still counts each request when it arrives.
    pub fn latency(mut self, latency: Latency) -> Self {
        self.latency = latency;
        self
    }

    /// Owner and scopes of the webhook behind [`Portal::webhook_url`]
    /// (default user 1 with `crm` and `user`).
    pub fn webhook(mut self, user_id: i64, scopes: &[&str]) -> Self {
        self.webhook_user = user_id;
        self.webhook_scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    /// The application the OAuth server knows (default `local.emulator.0000000000` and a
    /// seeded secret): give several portals the same app, as one app installed on many
    /// portals has one `client_id` and one `client_secret`.
    pub fn app(mut self, client_id: &str, client_secret: &str) -> Self {
        self.app = Some((client_id.to_owned(), client_secret.to_owned()));
        self
    }

    /// Seed for webhook codes, tokens and the member id (default: random), so URLs are
    /// the same from run to run.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Keeps only the most recent `n` entries for [`Portal::requests`] (default: all);
    /// [`Portal::count`] stays exact. For long-running portals such as the binary's.
    pub fn log_capacity(mut self, n: usize) -> Self {
        self.log_capacity = Some(n);
        self
    }

    /// Serves the method pages under `dir` too (official format, any depth; call again
    /// for more directories). The pages bitrix-api ships are always served; a page here
    /// for the same method wins. Pages that do not parse are skipped and listed by
    /// [`Portal::rejected_pages`].
    pub fn pages(mut self, dir: impl Into<PathBuf>) -> Self {
        self.pages.push(dir.into());
        self
    }

    /// Answers `method` with `handler` (before any built-in handler or page): it gets the
    /// request's parameters and returns `result`, or an error the portal sends as is
    /// (`status`, default 400; `raw_code`; `description`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let portal = bitrix_emulator::Portal::builder()
    ///     .handler("app.option.get", |params| Ok(serde_json::json!({"echo": params["key"]})))
    ///     .start()
    ///     .await?;
    /// let client = bitrix_api::Client::webhook(portal.webhook_url())?;
    /// let answer = client.call_raw("app.option.get", serde_json::json!({"key": "k"})).await?;
    /// assert_eq!(answer["echo"], "k");
    /// # Ok(()) }
    /// ```
    pub fn handler<F>(mut self, method: &str, handler: F) -> Self
    where
        F: Fn(&Value) -> Result<Value, bitrix_api::ApiError> + Send + Sync + 'static,
    {
        self.apps
            .0
            .insert(super::call::normalize(method), Arc::new(handler));
        self
    }

    /// How long an online event waits in the portal's queue before it is POSTed to its
    /// handler (default 5 ms, real time).
    pub fn event_delay(mut self, delay: Duration) -> Self {
        self.event_delay = delay;
        self
    }

    /// Serves a portal's saved schema (`bitrix-schema.json`, as `bitrix-api schema pull`
    /// writes it): exactly its user fields (in `crm.*.userfield.list`, `crm.*.fields`,
    /// accepted and answered on records), smart processes (`crm.type.list`, `crm.item.*`
    /// with their fields), funnels and stages (`crm.category.list`, `crm.status.list`) and
    /// status lists, with the file's ids. An app's tests then run against its customers'
    /// shape, and `schema pull` against this portal writes the same file back.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), bitrix_emulator::EmulatorError> {
    /// let portal = bitrix_emulator::Portal::builder().schema("bitrix-schema.json").start().await?;
    /// # Ok(()) }
    /// ```
    pub fn schema(mut self, file: impl Into<PathBuf>) -> Self {
        self.schema = Some(file.into());
        self
    }

    /// Binds 127.0.0.1 and starts serving on the current Tokio runtime.
    pub async fn start(self) -> Result<Portal, EmulatorError> {
        let catalog = Catalog::load(&self.pages)
            .map_err(|(dir, message)| EmulatorError::Pages { dir, message })?;
        let saved = match &self.schema {
            Some(file) => Some(bitrix_docs::schema::read(file).map_err(EmulatorError::Schema)?),
            None => None,
        };
        let bind = |source| EmulatorError::Bind {
            port: self.port,
            source,
        };
        let listener = TcpListener::bind(("127.0.0.1", self.port))
            .await
            .map_err(bind)?;
        let addr = listener.local_addr().map_err(bind)?;
        let origin = format!("http://{addr}");

        let seed = self.seed.unwrap_or_else(|| fastrand::u64(..));
        let mut auth = Auth::new(seed, self.token_lifetime.as_secs_f64());
        if let Some((id, secret)) = &self.app {
            auth.client_id.clone_from(id);
            auth.client_secret.clone_from(secret);
        }
        let (outbox, inbox) = tokio::sync::mpsc::unbounded_channel();
        let failures = Failures::default();
        tokio::spawn(delivery::deliver(inbox, self.event_delay, failures.clone()));
        let code = auth.add_webhook(self.webhook_user, self.webhook_scopes.clone());
        let mut faults = Faults::default();
        faults.set_plan(self.faults.clone());
        let clock = Clock::new(self.clock_speed);
        let mut crm = Crm::default();
        // A fresh portal already has its administrator, user 1.
        super::flat::seed(&mut crm, "user", 1, clock.now());
        if let Some(schema) = &saved {
            super::saved::load(&mut crm, &catalog, clock.now(), schema);
        }
        let world = World {
            crm,
            auth,
            bucket: Bucket::new(self.limits),
            operating: Operating::new(self.operating_limit.as_secs_f64()),
            faults,
            delays: Delays::new(self.latency),
            log: Journal::new(self.log_capacity),
            outage: None,
            moved_to: None,
            v3_keys: Default::default(),
            events: Events::new(seed, Some(outbox)),
        };
        let shared = Arc::new(Shared::new(
            clock,
            self.method_cost.as_secs_f64(),
            origin.clone(),
            Arc::new(catalog),
            self.apps.clone(),
            world,
        ));
        let (stop, stopped) = watch::channel(());
        let task = tokio::spawn(server::serve(listener, shared.clone(), stopped));
        Ok(Portal {
            webhook_url: format!("{origin}/rest/{}/{code}/", self.webhook_user),
            shared,
            addr,
            stop,
            task: Some(task),
            failures,
        })
    }
}
