//! Shared pieces of the benchmarks: the bulk workload, the emulator binary as a child
//! process, checking the portal's state afterwards, counting rate-limit refusals, tables
//! and the chart.
//!
//! Every figure the benchmarks report is a ratio of two things measured side by side in
//! the same run; absolute times only appear next to them, for context.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use bitrix_api::methods::{CrmLeadContactAdd, CrmLeadContactAddFields, CrmLeadContactItemsGet};
use bitrix_api::Client;
use serde_json::json;

pub mod chart;

/// Leads in the workload; each gets [`CONTACTS_PER_LEAD`] links.
pub const LEADS: usize = 1_000;
/// Links per lead (the same contacts for every lead: few records to seed).
pub const CONTACTS_PER_LEAD: usize = 10;
/// Commands per batch call.
pub const BATCH: usize = 50;

/// The bulk workload: one `crm.lead.contact.add` per `(lead, contact, sort)`.
#[derive(Debug, Clone)]
pub struct Workload {
    /// `(lead id, contact id, sort)` in input order.
    pub items: Vec<(i64, i64, i64)>,
}

impl Workload {
    /// Every lead linked to every contact, lead by lead.
    pub fn new(leads: &[i64], contacts: &[i64]) -> Workload {
        let items = leads
            .iter()
            .flat_map(|&lead| {
                contacts
                    .iter()
                    .enumerate()
                    .map(move |(i, &c)| (lead, c, i as i64 * 10))
            })
            .collect();
        Workload { items }
    }

    /// The typed requests, built lazily as `bulk` reads them.
    pub fn requests(&self) -> impl Iterator<Item = CrmLeadContactAdd> + Send + 'static {
        self.items.clone().into_iter().map(|(lead, contact, sort)| {
            CrmLeadContactAdd::new(lead, CrmLeadContactAddFields::new(contact).sort(sort))
        })
    }

    /// The leads, in order, without repeats.
    pub fn leads(&self) -> Vec<i64> {
        let mut leads: Vec<i64> = self.items.iter().map(|i| i.0).collect();
        leads.dedup();
        leads
    }

    /// Writes `[[lead, contact, sort], …]` for the Python side.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let rows: Vec<[i64; 3]> = self.items.iter().map(|&(l, c, s)| [l, c, s]).collect();
        std::fs::write(path, serde_json::to_vec(&rows)?)
    }
}

/// Creates the workload's leads and contacts over REST (for the emulator binary, whose
/// state can only be reached that way), in batches through `client`.
pub async fn seed_over_rest(client: &Client) -> Result<Workload, bitrix_api::Error> {
    let mut leads = Vec::with_capacity(LEADS);
    for chunk in 0..LEADS.div_ceil(BATCH) {
        let mut batch = client.batch();
        let refs: Vec<_> = (0..BATCH.min(LEADS - chunk * BATCH))
            .map(|i| {
                let n = chunk * BATCH + i;
                batch.add_raw(
                    format!("l{n}"),
                    "crm.lead.add",
                    json!({"fields": {"TITLE": format!("Lead {n}")}}),
                )
            })
            .collect();
        let mut answers = batch.send().await?;
        for r in &refs {
            leads.push(id_of(answers.take(r)?)?);
        }
    }
    let mut batch = client.batch();
    let refs: Vec<_> = (0..CONTACTS_PER_LEAD)
        .map(|n| {
            batch.add_raw(
                format!("c{n}"),
                "crm.contact.add",
                json!({"fields": {"NAME": format!("Contact {n}")}}),
            )
        })
        .collect();
    let mut answers = batch.send().await?;
    let mut contacts = Vec::new();
    for r in &refs {
        contacts.push(id_of(answers.take(r)?)?);
    }
    Ok(Workload::new(&leads, &contacts))
}

fn id_of(v: serde_json::Value) -> Result<i64, bitrix_api::Error> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .ok_or_else(|| bitrix_api::Error::Config(format!("not an id: {v}")))
}

/// What the portal holds compared with the workload.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StateCheck {
    /// Links in the workload that the portal does not hold.
    pub lost: usize,
    /// Links the portal holds that are not in the workload.
    pub extra: usize,
}

/// Reads every lead's links over REST (`crm.lead.contact.items.get` in batches) and
/// compares them with the workload.
pub async fn check_over_rest(
    client: &Client,
    workload: &Workload,
) -> Result<StateCheck, bitrix_api::Error> {
    let mut held = std::collections::HashSet::new();
    for leads in workload.leads().chunks(BATCH) {
        let mut batch = client.batch();
        let refs: Vec<_> = leads
            .iter()
            .map(|&lead| (lead, batch.push(&CrmLeadContactItemsGet::new(lead))))
            .collect();
        let mut answers = batch.send().await?;
        for (lead, r) in refs {
            // A link without a contact id counts as lost in the comparison.
            for contact in answers.take(&r)?.into_iter().filter_map(|l| l.contact_id) {
                held.insert((lead, contact));
            }
        }
    }
    Ok(compare(workload, &held))
}

/// The `n`-th deal of the deal workloads (bulk write and export): a title, stage, currency
/// and an amount that varies with `n`.
#[allow(deprecated)] // crm.deal.* is deprecated in favour of crm.item.*; it is what users call.
pub fn deal(n: usize) -> bitrix_api::methods::CrmDealAdd {
    use bitrix_api::methods::{CrmDealAdd, CrmDealAddFields};
    CrmDealAdd::new().fields(
        CrmDealAddFields::new()
            .title(format!("Deal {n}"))
            .stage_id("NEW")
            .currency_id("USD")
            .opportunity((n % 1000) as f64 * 10.0),
    )
}

/// Compares held `(lead, contact)` pairs with the workload.
pub fn compare(workload: &Workload, held: &std::collections::HashSet<(i64, i64)>) -> StateCheck {
    let wanted: std::collections::HashSet<(i64, i64)> =
        workload.items.iter().map(|&(l, c, _)| (l, c)).collect();
    StateCheck {
        lost: wanted.difference(held).count(),
        extra: held.difference(&wanted).count(),
    }
}

/// The `bitrix-emulator` binary, running as a child process until dropped.
pub struct EmulatorProcess {
    child: Child,
    /// The webhook URL it printed.
    pub webhook: String,
}

impl EmulatorProcess {
    /// Starts `binary` with `args` and reads the webhook URL from its first stdout line.
    pub fn start(binary: &Path, args: &[String]) -> std::io::Result<EmulatorProcess> {
        let mut child = Command::new(binary)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            BufReader::new(out).read_line(&mut line)?;
        }
        let webhook = line.trim().to_owned();
        if !webhook.starts_with("http://") {
            let _ = child.kill();
            return Err(std::io::Error::other(format!(
                "{} printed no webhook URL (got {webhook:?})",
                binary.display()
            )));
        }
        Ok(EmulatorProcess { child, webhook })
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where `cargo build --release` put a sibling binary of the running one.
pub fn sibling_binary(name: &str) -> PathBuf {
    let me = std::env::current_exe().unwrap_or_default();
    me.parent().map(|d| d.join(name)).unwrap_or_default()
}

/// Counts the client's retries after `QUERY_LIMIT_EXCEEDED` (the client logs each retry
/// with its error), for portals whose request log cannot be read.
#[derive(Clone, Default)]
pub struct RefusalCounter {
    /// Retries whose error was `QUERY_LIMIT_EXCEEDED`.
    pub query_limit: Arc<AtomicUsize>,
    /// All retries and give-ups.
    pub retries: Arc<AtomicUsize>,
}

impl RefusalCounter {
    /// Installs the counter as the global tracing subscriber.
    pub fn install() -> RefusalCounter {
        use tracing_subscriber::layer::SubscriberExt;
        let counter = RefusalCounter::default();
        let subscriber = tracing_subscriber::registry().with(counter.clone());
        let _ = tracing::subscriber::set_global_default(subscriber);
        counter
    }

    /// Both counts so far.
    pub fn get(&self) -> (usize, usize) {
        (
            self.query_limit.load(Ordering::Relaxed),
            self.retries.load(Ordering::Relaxed),
        )
    }

    /// Back to zero.
    pub fn reset(&self) {
        self.query_limit.store(0, Ordering::Relaxed);
        self.retries.store(0, Ordering::Relaxed);
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for RefusalCounter {
    fn enabled(
        &self,
        metadata: &tracing::Metadata<'_>,
        _: tracing_subscriber::layer::Context<'_, S>,
    ) -> bool {
        *metadata.level() <= tracing::Level::WARN
    }

    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        struct Fields(String);
        impl tracing::field::Visit for Fields {
            fn record_debug(&mut self, f: &tracing::field::Field, v: &dyn std::fmt::Debug) {
                use std::fmt::Write;
                let _ = write!(self.0, "{}={v:?} ", f.name());
            }
        }
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        if fields.0.contains("retrying") || fields.0.contains("giving up") {
            self.retries.fetch_add(1, Ordering::Relaxed);
            if fields.0.contains("QUERY_LIMIT_EXCEEDED") {
                self.query_limit.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// Prints a markdown table.
pub fn print_table(headers: &[&str], rows: &[Vec<String>]) {
    println!("| {} |", headers.join(" | "));
    println!(
        "|{}|",
        headers.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    );
    for row in rows {
        println!("| {} |", row.join(" | "));
    }
}

/// The most items a portal with this bucket can take in `seconds` of its time, in
/// batches of [`BATCH`]: `threshold + 1` calls pass at once from an empty bucket, then
/// `drain` per second.
pub fn ceiling_items(drain: f64, threshold: f64, seconds: f64, total: usize) -> f64 {
    ((threshold + 1.0 + drain * seconds) * BATCH as f64).min(total as f64)
}

/// The shortest time in which the portal can take `total` items (portal seconds).
pub fn ceiling_seconds(drain: f64, threshold: f64, total: usize) -> f64 {
    let calls = total.div_ceil(BATCH) as f64;
    ((calls - threshold - 1.0) / drain).max(0.0)
}

/// A median of a few numbers.
pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}
