//! A portal's own schema at compile time: `bitrix-schema.json` (what `bitrix-api schema
//! pull` saved of a customer's portal: 15 deal fields and a lead field, two deal funnels,
//! two smart processes, three users' own fields) bound with `bind!(schema = …)`, used
//! through typed calls against the emulator loaded with the same file.
//!
//! ```text
//! cargo run -p bitrix-api --example portal_schema --features crm-deal,crm-lead,crm-item
//! ```

use bitrix_api::chrono::NaiveDate;
use bitrix_api::records::{Deal, Item};
use bitrix_api::typed::{CrmLink, Decimal, Filter, Order, PortalUser, Values};
use bitrix_api::Client;
use futures_util::TryStreamExt;

bitrix_api::bind!(schema = "examples/bitrix-schema.json");

use portal::deal::{self, wholesale, DealFields, Priority, Regions};
use portal::items::{invoice2, Contracts, Invoice2};
use portal::user::{self, Skills, UserFields};

/// Adds, reads, filters and orders deals and smart-process records by the portal's own
/// fields; returns what it saw, for the test.
pub async fn run(client: &Client) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut seen = Vec::new();
    let deals = client.items::<Deal>();
    let day = NaiveDate::from_ymd_opt(2026, 12, 24).ok_or("date")?;
    for (title, priority, seats) in [("Tender", Priority::High, 40), ("Pilot", Priority::Low, 5)] {
        deals
            .add(
                Values::new()
                    .set(Deal::TITLE, title)
                    .set(Deal::CATEGORY_ID, wholesale::CATEGORY_ID)
                    .set(wholesale::STAGE, wholesale::Stage::Invoice)
                    .set(deal::UF_CRM_PRIORITY, priority)
                    .set(deal::UF_CRM_SEATS, seats)
                    .set(deal::UF_CRM_VIP, true)
                    .set(deal::UF_CRM_DELIVERY_DATE, day)
                    .set(deal::UF_CRM_BUDGET, "1500.00|USD")
                    .set(deal::UF_CRM_PARTNER, CrmLink::company(3))
                    // A field linking to contacts alone: the portal may send a bare id.
                    .raw(deal::UF_CRM_MAIN_CONTACT.camel(), "7".into())
                    .set_all(deal::UF_CRM_TAGS, ["rush", "b2b"])
                    .set_all(deal::UF_CRM_REGIONS, [Regions::North, Regions::South]),
            )
            .await?;
    }
    // Typed filter and order on the portal's fields and stages.
    let filter = Filter::new()
        .and(deal::UF_CRM_PRIORITY.eq(Priority::High))
        .and(wholesale::stage(wholesale::Stage::Invoice));
    let found: Vec<Deal> = deals
        .list()
        .filter(filter)
        .order(Order::new().desc(deal::UF_CRM_SEATS))
        .stream()
        .try_collect()
        .await?;
    for d in &found {
        // Typed reads from the record's custom fields.
        let budget = d.uf_crm_budget()?.ok_or("budget")?;
        seen.push(format!(
            "deal {:?}: priority {:?}, {} seats, vip {:?}, delivery {:?}, budget {} {}, regions {:?}, partner {}, main contact {:?}",
            d.title.as_deref().unwrap_or_default(),
            d.uf_crm_priority()?,
            d.uf_crm_seats()?.unwrap_or_default(),
            d.uf_crm_vip()?,
            d.uf_crm_delivery_date()?,
            budget.amount,
            budget.currency,
            d.uf_crm_regions()?.unwrap_or_default(),
            d.uf_crm_partner()?.ok_or("partner")?,
            d.uf_crm_main_contact()?,
        ));
    }
    // A smart process: its own record type, fields and stages.
    let invoices = client.items::<Invoice2>();
    let added = invoices
        .add(
            Values::new()
                .set(Item::TITLE.of::<Invoice2>(), "INV-1")
                .set(Invoice2::UF_CRM_1_AMOUNT, Decimal::parse("99.50")?)
                .set(Invoice2::UF_CRM_1_KIND, invoice2::Kind::Final)
                .set(invoice2::general::STAGE, invoice2::general::Stage::Sent),
        )
        .await?;
    let id = added.id.ok_or("id")?;
    invoices
        .update(id, Values::new().set(Invoice2::UF_CRM_1_PAID, true))
        .await?;
    let sent: Vec<Invoice2> = invoices
        .list()
        .filter(
            Filter::new()
                .and(invoice2::general::stage(invoice2::general::Stage::Sent))
                .and(Invoice2::UF_CRM_1_KIND.eq(invoice2::Kind::Final)),
        )
        .stream()
        .try_collect()
        .await?;
    for i in &sent {
        seen.push(format!(
            "invoice {:?}: amount {:?}, kind {:?}, paid {:?}",
            i.title.as_deref().unwrap_or_default(),
            i.uf_crm_1_amount()?.map(|d| d.to_string()),
            i.uf_crm_1_kind()?,
            i.uf_crm_1_paid()?,
        ));
    }
    let contracts = client.items::<Contracts>().list().page().await?;
    seen.push(format!("{} contract(s)", contracts.len()));
    // The users' own fields: written with `Values`, read from `user.get` as `PortalUser`.
    let hired = NaiveDate::from_ymd_opt(2025, 3, 1).ok_or("date")?;
    let mut update = Values::<PortalUser>::new()
        .set(user::UF_USR_BADGE, "A-17")
        .set(user::UF_USR_HIRED, hired)
        .set_all(user::UF_USR_SKILLS, [Skills::Rust, Skills::Go])
        .into_json();
    update["ID"] = 1.into();
    client.call_raw("user.update", update).await?;
    let users: Vec<PortalUser> = bitrix_api::wire::from_value(
        client
            .call_raw("user.get", serde_json::json!({"ID": 1}))
            .await?,
    )?;
    let me = users.first().ok_or("user 1")?;
    seen.push(format!(
        "user {:?}: badge {:?}, hired {:?}, skills {:?}",
        me.id,
        me.uf_usr_badge()?,
        me.uf_usr_hired()?,
        me.uf_usr_skills()?.unwrap_or_default(),
    ));
    Ok(seen)
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/bitrix-schema.json");
    let emulator = bitrix_emulator::Portal::builder()
        .schema(schema)
        .start()
        .await?;
    let client = Client::webhook(emulator.webhook_url())?;
    println!("{}", portal::HOST);
    for line in run(&client).await? {
        println!("{line}");
    }
    Ok(())
}
