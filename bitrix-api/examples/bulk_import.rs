//! Bulk import: links 10,000 contacts to 1,000 leads with typed `crm.lead.contact.add`
//! requests, sent as batches of 50 under the portal's rate limit, with a progress bar.
//!
//! `cargo run --example bulk_import` runs against the embedded portal emulator, which
//! enforces the cloud's limits (2 requests per second, blocking above 50) on a clock 50
//! times faster than real time; the client is told the same with `time_scale`, so the
//! whole move takes a few seconds instead of a couple of minutes — and no request is
//! refused for the rate limit.

use std::time::Instant;

use bitrix_api::methods::{CrmLeadContactAdd, CrmLeadContactAddFields};
use bitrix_api::{Client, Plan};
use bitrix_emulator::Portal;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

const LEADS: usize = 1_000;
const CONTACTS_PER_LEAD: usize = 10;
/// How much faster than real time the emulated portal's clock runs.
const CLOCK_SPEED: f64 = 50.0;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let portal = Portal::builder()
        .limits(bitrix_api::Limits::from(bitrix_api::Plan::Others))
        .clock_speed(CLOCK_SPEED)
        .start()
        .await?;

    // The records to link already exist (seeded straight into the emulator).
    let leads: Vec<i64> = (0..LEADS)
        .map(|i| portal.add_lead(json!({"TITLE": format!("Lead {i}")})))
        .collect();
    let contacts: Vec<i64> = (0..LEADS * CONTACTS_PER_LEAD)
        .map(|i| portal.add_contact(json!({"NAME": format!("Contact {i}")})))
        .collect();
    println!(
        "Seeded {} leads and {} contacts.",
        leads.len(),
        contacts.len()
    );

    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Plan::Others)
        .time_scale(CLOCK_SPEED)
        .build()?;

    // The input is read lazily: each request is built when its batch is about to go.
    let total = contacts.len();
    let requests = contacts.into_iter().enumerate().map(move |(i, contact)| {
        let lead = leads[i / CONTACTS_PER_LEAD];
        CrmLeadContactAdd::new(
            lead,
            CrmLeadContactAddFields::new(contact).sort((i % CONTACTS_PER_LEAD) as i64 * 10),
        )
    });

    let bar = ProgressBar::new(total as u64);
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {pos}/{len} links  {per_sec}  eta {eta}",
    )?);
    let progress = bar.clone();
    let started = Instant::now();
    let results = client
        .bulk(requests)
        .concurrency(4)
        .on_progress(move |done, _| progress.set_position(done as u64))
        .await;
    bar.finish();

    let failed: Vec<_> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().err().map(|e| (i, e)))
        .collect();
    let elapsed = started.elapsed();
    let refused = portal
        .requests()
        .iter()
        .filter(|r| r.error_code.as_deref() == Some("QUERY_LIMIT_EXCEEDED"))
        .count();
    println!(
        "Linked {} of {total} in {:.1} s ({:.0} emulated s) with {} batch calls; {} refused for the rate limit.",
        total - failed.len(),
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * CLOCK_SPEED,
        portal.count("batch"),
        refused,
    );
    for (i, err) in failed.iter().take(5) {
        println!(
            "  request {i}: {err} (may have been applied: {})",
            err.maybe_applied()
        );
    }
    let linked: usize = (1..=LEADS as i64)
        .map(|id| portal.lead_contacts(id).len())
        .sum();
    println!("The portal now holds {linked} lead-contact links.");
    Ok(())
}
