//! A faithful local Bitrix24 portal for tests, examples and benchmarks (feature `emulator`).
//!
//! [`Portal`] listens on 127.0.0.1 and answers the REST protocol the way a cloud portal
//! does, per the official pages: the same URLs (webhook `/rest/{user}/{code}/{method}`,
//! OAuth `/rest/{method}?auth=`), request forms (JSON, PHP-style form, GET), envelopes
//! (`result`, `total`, `next`, `time`), error codes and HTTP statuses, `batch`, the
//! leaky-bucket and `operating` limits, token expiry and the OAuth token endpoint. A
//! plain HTTP client written for a cloud portal works unchanged but for the URL.
//!
//! Where the pages leave a choice open, the module that owns the behaviour documents it:
//! [`Limits`] (rate limit arithmetic), [`Fault`] (which faults apply the method),
//! `state` (link rules), `methods` (error texts), `batch` (references and the 50 limit),
//! `server` (request forms).
//!
//! ```
//! use bitrix_api::emulator::{Limits, Portal};
//! use std::time::Duration;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let portal = Portal::builder()
//!     .limits(Limits::off())
//!     .clock_speed(50.0)
//!     .method_cost(Duration::from_millis(10))
//!     .start()
//!     .await?;
//! let answer: serde_json::Value = reqwest::get(format!("{}crm.lead.contact.fields", portal.webhook_url()))
//!     .await?
//!     .json()
//!     .await?;
//! assert_eq!(answer["result"]["CONTACT_ID"]["isRequired"], true);
//! # Ok(()) }
//! ```

mod answer;
mod auth;
mod batch;
mod call;
mod clock;
mod faults;
mod limits;
mod log;
mod methods;
mod params;
mod portal;
mod server;
mod state;
mod world;

pub use auth::Tokens;
pub use faults::{Fault, FaultPlan};
pub use limits::Limits;
pub use log::RequestLog;
pub use portal::{EmulatorError, Portal, PortalBuilder};
pub use state::{Contact, Lead, Link};
