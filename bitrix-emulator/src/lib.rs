//! A faithful local Bitrix24 portal for tests, examples and benchmarks (the wiremock split: the
//! client crate, `bitrix-api`, never depends on this one).
//!
//! [`Portal`] listens on 127.0.0.1 and answers the REST protocol the way a cloud portal
//! does, per the official pages: the same URLs (webhook `/rest/{user}/{code}/{method}`,
//! OAuth `/rest/{method}?auth=`), request forms (JSON, PHP-style form, GET), envelopes
//! (`result`, `total`, `next`, `time`), error codes and HTTP statuses, `batch`, the
//! leaky-bucket and `operating` limits, token expiry and the OAuth token endpoint. A
//! plain HTTP client written for a cloud portal works unchanged but for the URL.
//!
//! It answers every method it has a page for: the pages bitrix-api ships (embedded at
//! build time) and any directory given with [`PortalBuilder::pages`]. Which code answers
//! a method is decided in one place, `route.rs`, and logged as [`RequestLog::served_by`]:
//! hand-written handlers ([`ServedBy::Handler`]), the generic entity store built from
//! each entity's `add`/`get`/`fields` pages ([`ServedBy::Entity`], `entity.rs`,
//! `schema.rs`), links ([`ServedBy::Link`]), user fields ([`ServedBy::UserField`]), the
//! flat record store of families whose `add` takes the record as its parameters
//! ([`ServedBy::Flat`], `flat/`: badges, call lists, users, calendar sections and events,
//! app storage, registrations — `ai.engine.register`, `placement.bind`, codes listed by
//! `bizproc.robot.list` —, …; `iblock.rs`: `lists.*`, named by `IBLOCK_TYPE_ID` + `IBLOCK_ID|IBLOCK_CODE`),
//! the sections with a module of their own, answered for a portal that has their pages
//! ([`ServedBy::Handler`]: `tasks.rs` tasks with checklists and comments, `disk.rs` Drive
//! with real bytes — `DOWNLOAD_URL` and the two-step upload served by `disk_http.rs` —,
//! `chats.rs` chats, messages and notifications), the write–read pairs
//! (`*.set` / `*.get`: [`ServedBy::Pair`], `pairs.rs`: product rows, layout blocks, …), or
//! the page's success example after checking the request against the page
//! ([`ServedBy::Example`]; of several, the one whose heading fits the request) — only
//! methods with no read side are left to examples. Views computed from the stores have
//! modules of their own (`im_search.rs`: the messenger's users; `calendar_views.rs`:
//! accessibility and the nearest events). Lead,
//! deal and smart-process stage changes are written to the stage history
//! (`history.rs`, `crm.stagehistory.list`); a deal funnel's stages are written to the
//! status store when it is made (`funnels.rs`). The outdated pages are served the same way;
//! those that read another family's store have their own module (`productrows.rs`:
//! `crm.productrow.list`, `catalogs.rs`: `crm.catalog.*`). [`Portal::records`] shows what
//! the stores hold.
//!
//! A fresh portal holds what every real one starts with: its administrator, user 1, whom
//! the first webhook acts as (`user.get` and `user.current` answer the `user.get` page's
//! example record with ID 1; `user.add` numbers from 2).
//!
//! REST 3.0 pages (those saying "This method belongs to REST 3.0") are served only at
//! `/rest/api/{user}/{code}/{method}` and `/rest/api/{method}` (OAuth, `auth` in the JSON
//! body; [`Portal::v3_webhook_url`]), JSON only, in REST 3.0's one answer shape
//! (`result.item`, `result.items`, `result.result`) and error shape (`{"error": {code,
//! message, validation}}`), with `Idempotency-Key` replays ([`ServedBy::Replay`]),
//! `rest.documentation.openapi` (`documentation`) and `rest.scope.list`, REST 3.0
//! families whose `add` takes the record as its parameters (`humanresources.node.*`,
//! `src/v3/records.rs`); the faults apply
//! there too. The choices it makes where the pages leave them open are listed in
//! `src/v3/mod.rs`.
//!
//! Where the pages leave a choice open, the emulator decides as follows (the module that
//! owns each behaviour explains it in its source):
//! - CRM errors without a code are HTTP 400 with `"error": ""` and a description naming
//!   the parameter: `Required fields not provided: CONTACT_ID.`, `The parameter id is
//!   invalid or not defined.`; unknown leads/contacts in `crm.lead.contact.*` are 400
//!   `NOT_FOUND` / `Not found.`; `crm.lead.get` of an unknown ID is 400 `""` / `Not found`.
//! - Links: `SORT` defaults to 10, only `IS_PRIMARY: "Y"` asks for primary, a link is
//!   primary when asked or when the lead has none; `items.set` gives primary to the first
//!   item asking for it, else to the first item; deleting the primary promotes the next
//!   link in `SORT` order; `crm.lead.contact.add` of an already linked contact answers
//!   `false` and changes nothing; `items.get` orders by `SORT`, then contact ID.
//! - Lists: pages of 50, default order `ID` ascending; `start=-1` answers `total: 0`
//!   and no `next` (as settings/performance/huge-data.md shows).
//! - Statuses from the system-errors table: `insufficient_scope` is 403, unknown
//!   methods 404 `ERROR_METHOD_NOT_FOUND` (`Method not found!`), wrong webhook or token
//!   401 `NO_AUTH_FOUND`, expired token 401 `expired_token`.
//! - `batch`: commands past the 50th each fail with `ERROR_BATCH_LENGTH_EXCEEDED` in
//!   `result_error` (the rest run); `cmd` runs in the order the client wrote it.
//! - Rate limit ([`Limits`]): one counter per portal; a request is refused while the
//!   counter is above the threshold, so `threshold + 1` pass from empty.
//! - OAuth server errors: `invalid_request`, `invalid_client` and `invalid_grant`, each
//!   400 (the docs give no status; 400 is what the cloud server answers, as b24pysdk's own
//!   tests expect of it); a used refresh token is spent.
//! - Answer delays ([`Latency`], [`PortalBuilder::latency`], the binary's `--latency*`
//!   flags): off by default. [`Latency::portal`] waits 100 ms per request plus 10 ms per
//!   command run (1 for a call, each executed command of a `batch`), times a seeded
//!   uniform jitter of ±30%: a call ~110 ms, a batch of 50 ~600 ms. The numbers come from
//!   the `time` blocks of the official crm pages' examples (365 of them: `duration`
//!   median 0.48 s, p25 0.29 s; `processing` median 0.039 s; one `batch` example's
//!   commands 3–7 ms each), on their low side. The delay comes after the request is
//!   handled, outside the lock: the bucket counts a request when it arrives.
//! - Times are UTC (`+00:00`); which faults apply the method: see [`Fault`].
//! - Filters and orders (`filter/`) compare by the field's type from the entity's pages
//!   (money and ids as numbers, dates as moments, flags as `Y`/`N`); text compares
//!   without regard to case (the portal's database collation); `LIKE` where the list
//!   pages say it does not work (`crm_status`, `crm_contact`, `crm_company`,
//!   multi-fields) matches exactly; negations match empty fields, ranges do not; the
//!   entity lists leave out a filter or order field the entity does not have and match
//!   nothing for a value that does not read as the field's type, where `crm.item.list`
//!   refuses both (400 `INVALID_ARG_VALUE`, its page's messages).
//! - Written values (`typed.rs`): `integer`, `double`, `date` and `datetime` fields
//!   refuse a value that does not read as their type (`Invalid value for the "Amount"
//!   field`, the form crm.deal.add documents for its currency); money keeps the decimals
//!   the `get` page's example shows (`"4925.00"`), dates are kept in UTC.
//! - Events (`events.rs`): `event.*` answer apps only (a webhook gets 401
//!   `WRONG_AUTH_TYPE`); CRM `add`/`update`/`delete` fire `ONCRM<ENTITY><OP>` to the
//!   app's handlers, online as the event pages' form body from a background task after
//!   [`PortalBuilder::event_delay`], in order, or into the offline queue;
//!   [`Portal::install_app`] / [`Portal::uninstall_app`] post `ONAPPINSTALL` /
//!   `ONAPPUNINSTALL`.
//! - A page whose answer is the file itself (`Content-Disposition: attachment`:
//!   `vote.AttachedVote.download`, `file_answer.rs`) answers a download when the call
//!   succeeds; the pages give no layout for the report, so it is the answer's values as
//!   tab-separated `path`/`value` lines (`application/vnd.ms-excel`, `<method>.xls`).
//! - A family whose `fields` page answers names only (`user.fields`: code → label) reads
//!   back every field it names (`flat/read.rs`): one no example record shows and no call
//!   wrote is `""`, as `user.current`'s example shows its unset fields.
//! - `placement.list` (`placements.rs`): with `SCOPE`, that scope's codes of the placement
//!   catalog (`api-reference/widgets/placements.md`; its `XXX` templates are left to each
//!   placement's page, so only the example's spelled-out `CRM_…` codes stand for them);
//!   `FULL`, every code; neither, the page's example.
//!
//! ```
//! use bitrix_emulator::{Limits, Portal};
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
mod basic;
mod batch;
mod builder;
mod calendar_views;
mod call;
mod catalogs;
mod chats;
mod clock;
mod decode;
mod delivery;
mod disk;
mod disk_http;
mod entity;
mod events;
mod example;
mod faults;
mod file_answer;
mod fill;
mod filter;
mod flat;
mod funnels;
mod history;
mod iblock;
mod im_search;
mod item;
mod latency;
mod limits;
mod link;
mod listing;
mod log;
mod methods;
mod multifield;
mod options;
mod owned;
mod pages;
mod pairs;
mod params;
mod placements;
mod portal;
mod productrows;
mod route;
mod saved;
mod schema;
mod server;
mod shaped;
mod state;
mod status_types;
mod system;
mod tasks;
mod typed;
mod uf_settings;
mod userfield;
mod v3;
mod world;

/// The request-rate settings: the client's own type (`Limits::from(Plan::Others)`, …).
pub use bitrix_api::{Limits, Plan};
pub use builder::PortalBuilder;
pub use delivery::DeliveryError;
pub use faults::{Fault, FaultPlan};
pub use latency::Latency;
pub use log::RequestLog;
pub use portal::{EmulatorError, Portal};
pub use route::{AppHandler, ServedBy};
pub use state::{Contact, Lead, Link};
pub use system::SystemError;
