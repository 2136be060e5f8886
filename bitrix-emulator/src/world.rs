//! The portal's state: settings fixed at start, and everything mutable behind one lock.
//!
//! One `std::sync::Mutex` keeps every request atomic with respect to the others (a batch
//! too), which is what makes "nothing lost, nothing twice" checkable. It is never held
//! across an `.await`.

use std::sync::{Arc, Mutex, MutexGuard};

use super::auth::Auth;
use super::clock::Clock;
use super::faults::Faults;
use super::latency::Delays;
use super::limits::{Bucket, Operating};
use super::log::Journal;
use super::pages::Catalog;
use super::route::AppHandlers;
use super::state::Crm;
use super::system::SystemError;

/// What every request handler shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub clock: Clock,
    /// Emulated seconds each method call adds to its `operating` total.
    pub method_cost: f64,
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub origin: String,
    /// The method pages served.
    pub catalog: Arc<Catalog>,
    /// The app's own handlers.
    pub apps: AppHandlers,
    world: Mutex<World>,
}

/// The mutable part.
#[derive(Debug)]
pub(crate) struct World {
    pub crm: Crm,
    pub auth: Auth,
    pub bucket: Bucket,
    pub operating: Operating,
    pub faults: Faults,
    /// How long answers wait before they are sent (`latency.rs`).
    pub delays: Delays,
    pub log: Journal,
    /// A system error every REST request gets (a portal state), if any.
    pub outage: Option<SystemError>,
    /// The new origin when the portal's address changed (every call gets a 302 there).
    pub moved_to: Option<String>,
    /// REST 3.0 answers kept by `Idempotency-Key`.
    pub v3_keys: super::v3::Keys,
    /// The app's event handlers and offline queue.
    pub events: super::events::Events,
}

impl Shared {
    pub(crate) fn new(
        clock: Clock,
        method_cost: f64,
        origin: String,
        catalog: Arc<Catalog>,
        apps: AppHandlers,
        world: World,
    ) -> Self {
        Shared {
            clock,
            method_cost,
            origin,
            catalog,
            apps,
            world: Mutex::new(world),
        }
    }

    /// Locks the world; a panic in another request does not poison the portal.
    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }
}
